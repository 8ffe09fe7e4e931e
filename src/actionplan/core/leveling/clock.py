"""Business hours as one number line: the coordinate the forecast schedules on.

`x` counts the organization's business hours from the start of day `first` (a float). A moment
outside business hours sits at the next business hour's coordinate, so a due at 23:59 and the
next morning's 08:00 compare the same way the work sees them. Converting back needs a side:
`start_at(x)` is the earliest moment work at x can begin (the next morning after a full day),
`finish_at(x)` the moment work ending at x is done (close of business, not the next morning).
Days are added on demand, so a forecast that runs past the last due keeps working.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from actionplan.core.workcal import WorkCalendar

_DAY = timedelta(days=1)
MAX_DAYS = 366 * 110  # a forecast never looks further than this past its first day (plan dates: 2000-2100)


class Clock:
    def __init__(self, calendar: WorkCalendar, first: date) -> None:
        self.calendar = calendar
        self.first = first
        self.tz = calendar.tzinfo
        self.cum: list[float] = [0.0]  # cum[i]: business hours before day first + i
        # (offset in hours from midnight, hours) of each interval of day i, for in-day conversions
        self._intervals: list[tuple[tuple[float, float], ...]] = []
        self._seen: dict[datetime, float] = {}
        self._midnights: dict[int, datetime] = {}
        self._works: dict[int, tuple[Any, float, float]] = {}  # id -> (occurrence, due x, earliest x)
        # Finishes and starts fall on a few thousand distinct hours however many occurrences
        # there are (efforts are whole hours): each is converted once.
        self._starts: dict[float, datetime] = {}
        self._finishes: dict[float, datetime] = {}

    def _extend_to(self, index: int) -> None:
        if index < len(self._intervals):
            return
        if index >= MAX_DAYS:
            raise OverflowError("forecast horizon exceeded")
        cal = self.calendar
        day = self.first + timedelta(days=len(self._intervals))
        while len(self._intervals) <= index:
            spans = tuple(
                (b.hour + b.minute / 60 + b.second / 3600, (e.hour + e.minute / 60 + e.second / 3600) or 24.0)
                for b, e in cal.business_hours(day)
            )
            spans = tuple((b, e - b) for b, e in spans)
            self._intervals.append(spans)
            self.cum.append(self.cum[-1] + sum(h for _, h in spans))
            day += _DAY

    def day_index(self, day: date) -> int:
        return (day - self.first).days

    def day_of(self, index: int) -> date:
        return self.first + timedelta(days=index)

    def day_start(self, index: int) -> float:
        """x at the start of day `index`."""
        if index < 0:
            return 0.0
        self._extend_to(index)
        return self.cum[index]

    def day_hours(self, index: int) -> float:
        """Business hours of day `index`."""
        self._extend_to(index)
        return self.cum[index + 1] - self.cum[index]

    def x(self, moment: datetime) -> float:
        """The coordinate of an aware (or local naive) moment."""
        found = self._seen.get(moment)
        if found is None:
            found = self._seen[moment] = self._x(moment)
        return found

    def moments(self, works: Sequence[Any]) -> tuple[list[float], list[float]]:
        """The due and earliest start of each occurrence on the line. Remembered per occurrence
        object, so a suggestion's trial, which shares all but the one it changed, looks them up."""
        memo = self._works
        due, earliest = [], []
        for w in works:
            found = memo.get(id(w))
            if found is None or found[0] is not w:
                found = memo[id(w)] = (w, self.x(w.due), self.x(w.earliest))
            due.append(found[1])
            earliest.append(found[2])
        return due, earliest

    def _x(self, moment: datetime) -> float:
        local = moment.astimezone(self.tz).replace(tzinfo=None) if moment.tzinfo else moment
        index = (local.date() - self.first).days
        if index < 0:
            return 0.0
        self._extend_to(index)
        offset = local.hour + local.minute / 60 + local.second / 3600 + local.microsecond / 3.6e9
        x = self.cum[index]
        for begin, hours in self._intervals[index]:
            if offset <= begin:
                break
            x += min(hours, offset - begin)
        return x

    def x_of_day(self, day: date) -> float:
        """The coordinate of the start of `day`."""
        return self.day_start(self.day_index(day))

    def _locate(self, x: float, finish: bool) -> datetime:
        cum = self.cum
        if cum[-1] < x:
            while cum[-1] < x:
                self._extend_to(len(self._intervals) + 31)
        # The day whose business hours contain x; at a boundary, finish -> the earlier day.
        index = (bisect_left(cum, x) if finish else bisect_right(cum, x)) - 1
        if index < 0:
            index = 0
        if index + 1 >= len(cum):
            self._extend_to(index + 1)
        while cum[index + 1] <= cum[index]:  # no hours that day: move to a working one
            index += -1 if finish and index > 0 else 1
            self._extend_to(index + 1)
        left = x - cum[index]
        spans = self._intervals[index]
        offset = spans[-1][0] + spans[-1][1]
        for begin, hours in spans:
            if left < hours or (finish and left <= hours):
                offset = begin + (left if left > 0 else 0.0)
                break
            left -= hours
        midnight = self._midnights.get(index)
        if midnight is None:
            midnight = self._midnight(index)
        return midnight + timedelta(seconds=round(offset * 3600))

    def _midnight(self, index: int) -> datetime:
        found = self._midnights.get(index)
        if found is None:
            day = self.first + timedelta(days=index)
            found = self._midnights[index] = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return found

    def start_at(self, x: float) -> datetime:
        found = self._starts.get(x)
        if found is None:
            found = self._starts[x] = self._locate(x, finish=False)
        return found

    def finish_at(self, x: float) -> datetime:
        found = self._finishes.get(x)
        if found is None:
            found = self._finishes[x] = self._locate(x, finish=True)
        return found

    def index_of(self, x: float, finish: bool = False) -> int:
        """The day index holding x (for a finish, the day that ends at x)."""
        # For a start the line must reach past x: x at the end of the known days may be the close
        # of a Friday, and the day it starts is the Monday after days without hours not yet added.
        while self.cum[-1] < x or (not finish and self.cum[-1] == x):
            self._extend_to(len(self._intervals) + 31)
        index = max(0, (bisect_left(self.cum, x) if finish else bisect_right(self.cum, x)) - 1)
        self._extend_to(index + 1)
        return index

    def add_working_days(self, x: float, days: int) -> float:
        """Close of business of the `days`-th working day after the day of x (x itself if days <= 0)."""
        if days <= 0:
            return x
        index = self.index_of(x)
        while days > 0:
            index += 1
            if self.day_hours(index) > 0:
                days -= 1
        return self.cum[index + 1]
