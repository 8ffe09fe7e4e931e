"""Translatable messages for a core that must not import Django.

Core code marks English msgids with ``N_`` (collected by ``makemessages --keyword=N_``) and
returns them as ``Message`` values; each interface renders them with its own gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


class Msgid(str):
    """A marked English string; as a parameter of a Message it is translated with the message."""

    __slots__ = ()


def N_(msgid: str) -> Msgid:  # noqa: N802 - the conventional gettext_noop spelling
    """Mark a string for translation without translating it here."""
    return Msgid(msgid)


@dataclass(frozen=True)
class Message:
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str] = lambda s: s) -> str:
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {name: _render_param(value, gettext) for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()


def _render_param(value: object, gettext: Callable[[str], str]) -> object:
    # Fragments such as "a date like 2027-03-01" or a nested message read in the same language.
    if isinstance(value, Message):
        return value.render(gettext)
    if isinstance(value, Msgid):
        return gettext(value)
    return value
