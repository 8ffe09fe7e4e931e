"""Translatable messages for a core that must not import Django.

Core code marks English msgids with ``N_`` (collected by ``makemessages --keyword=N_``) and
returns them as ``Message`` values; each interface renders them with its own gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def N_(msgid: str) -> str:  # noqa: N802 - the conventional gettext_noop spelling
    """Mark a string for translation without translating it here."""
    return msgid


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        text = gettext(self.msgid)
        return text % dict(self.params) if self.params else text

    def __str__(self) -> str:
        return self.render()
