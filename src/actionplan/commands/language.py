"""The language the CLI speaks: `--lang`, else ACTIONPLAN_LANGUAGE, else LANG; English otherwise."""

from __future__ import annotations

import os
from collections.abc import Callable

# os.path, not pathlib: this module is imported by `forecast FILE`, whose start-up is measured,
# and pathlib (with urllib and ipaddress behind it) costs more than the rest of this module.
LOCALE = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "locale")


def cli_language(lang: str | None = None) -> str:
    """'vi' or 'en'; the terminal's LANG counts, so a Vietnamese desktop needs no option."""
    wanted = lang or os.environ.get("ACTIONPLAN_LANGUAGE") or os.environ.get("LANG") or ""
    return "vi" if wanted.lower().startswith("vi") else "en"


def catalogue_gettext(language: str) -> Callable[[str], str]:
    """Django's catalogue read with the standard library, for output made before (or without) Django."""
    if language == "en":
        return lambda msgid: msgid
    import gettext

    return gettext.translation("django", LOCALE, [language], fallback=True).gettext
