"""The one error type of the time-frame language, the limits on numbers, and the helpers that raise."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from actionplan.core.messages import N_, Message
from actionplan.core.workcal import CalendarError

MAX_OCCURRENCES = 1000
# Larger amounts are typos, and bounding them keeps every resolution inside the date range.
MAX_AMOUNT = 10000
_MAX_DIGITS = 6


class TimeFrameError(ValueError):
    """A phrase that cannot be parsed, or a value that cannot be resolved."""

    def __init__(
        self, message: Message, unknown_words: Sequence[str] = (), suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(message.render())
        self.message = message
        self.unknown_words = tuple(unknown_words)
        self.suggestions = tuple(suggestions)


def _fail(msgid: str, **params: object) -> TimeFrameError:
    if "%(suggestions)s" in msgid:
        params.setdefault("suggestions", "")
    return TimeFrameError(Message(msgid, params))


def _check_amount(amount: int, lowest: int) -> None:
    if not lowest <= amount <= MAX_AMOUNT:
        raise _fail(
            N_("The number %(number)s is out of range (%(lowest)s to %(highest)s)."),
            number=amount,
            lowest=lowest,
            highest=MAX_AMOUNT,
        )


def _out_of_range() -> TimeFrameError:
    return _fail(N_("The time frame falls outside the supported dates."))


@contextmanager
def _calendar_errors_as_timeframe_errors() -> Iterator[None]:
    """Callers see one error type: calendar errors keep their message, overflows say why."""
    try:
        yield
    except TimeFrameError:
        raise
    except CalendarError as error:
        raise TimeFrameError(error.message) from None
    except (OverflowError, ValueError):
        raise _out_of_range() from None
