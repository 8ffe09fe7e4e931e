"""The Vietnamese catalogue is complete (no fuzzy or empty entry) and its .mo is compiled from it."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import actionplan

LC = Path(actionplan.__file__).parent / "locale" / "vi" / "LC_MESSAGES"


def _entries(text: str):
    """(flags, msgid, msgid_plural, [msgstr...]) of each active entry of a .po file."""
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln and not ln.startswith("#~")]
        if not lines:
            continue
        flags = {f.strip() for ln in lines if ln.startswith("#,") for f in ln[2:].split(",")}
        fields: dict[str, str] = {}
        key = None
        for ln in lines:
            if ln.startswith("#"):
                continue
            if ln.startswith('"'):
                fields[key] += ast.literal_eval(ln)
            else:
                key, _, rest = ln.partition(" ")
                fields[key] = ast.literal_eval(rest)
        if "msgid" in fields:
            strs = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            msgid = fields["msgid"]
            if "msgctxt" in fields:  # pgettext: the catalogue's key is "context\x04msgid"
                msgid = f"{fields['msgctxt']}\x04{msgid}"
            yield flags, msgid, fields.get("msgid_plural"), strs


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = list(_entries((LC / "django.po").read_text(encoding="utf-8")))
    assert len(entries) > 300
    fuzzy = [msgid for flags, msgid, _, _ in entries if "fuzzy" in flags and msgid]
    empty = [msgid for _, msgid, _, strs in entries if msgid and not all(strs)]
    assert fuzzy == []
    assert empty == []


def test_the_compiled_catalogue_matches_the_po_file():
    with open(LC / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for _, msgid, plural, strs in _entries((LC / "django.po").read_text(encoding="utf-8")):
        if not msgid:
            continue
        compiled = catalog.get((msgid, 0)) if plural else catalog.get(msgid)
        assert compiled == strs[0], f"django.mo is stale for {msgid!r}: run make messages"
