"""Translatable messages for a core that must not import Django.

Core code marks English msgids with ``N_`` (collected by ``makemessages --keyword=N_``) and
returns them as ``Message`` values; each interface renders them with its own gettext.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, runtime_checkable


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


# The catalogue translates this marker into its own language ("language:vi"), so a parameter that
# depends on the language (a date, a holiday's name, a phrase) can be written for its reader
# without the core knowing which gettext it was given.
_LANGUAGE_MARK = N_("language:en")


def language_of(gettext: Callable[[str], str]) -> str:
    """``"vi"`` or ``"en"``: the language ``gettext`` translates into."""
    return "vi" if gettext(_LANGUAGE_MARK) == "language:vi" else "en"


@runtime_checkable
class Localized(Protocol):
    """A message parameter that is written differently in each language."""

    def localize(self, lang: str) -> str: ...


def format_day(day: date, lang: str) -> str:
    """A date as the reader's pages write it: 15/03/2027 in Vietnamese, ISO 2027-03-15 in English."""
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _render_param(value: object, gettext: Callable[[str], str]) -> object:
    # Fragments such as "a date like 2027-03-01" or a nested message read in the same language.
    if isinstance(value, Message):
        return value.render(gettext)
    if isinstance(value, Msgid):
        return gettext(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_day(value, language_of(gettext))
    # What isinstance(value, Localized) asks, without the runtime protocol check (microseconds
    # a parameter; a forecast renders thousands of them).
    localize = getattr(value, "localize", None)
    if callable(localize):
        return localize(language_of(gettext))
    return value
