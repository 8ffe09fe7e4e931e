"""The working calendar of an organization: which days are worked and during which hours.

A ``WorkCalendar`` is an immutable, hashable value. Day-level answers are memoised per instance
(the calendar cannot change under the cache), and public holidays per (country, year) are
memoised per process, so resolving thousands of time frames on one calendar stays cheap.

Business time is modelled as a non-decreasing function B(t) = business seconds elapsed up to t.
``add_business_hours(t, h)`` returns the *earliest* moment s >= t with B(s) = B(t) + h; that one
rule makes adding 0 a no-op (even exactly at close), lands a sum that ends an interval exactly on
that interval's end (not on the next opening), and makes the addition additive.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from actionplan.core.messages import N_, Message

Interval = tuple[time, time]
DayHours = tuple[Interval, ...]

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_HOURS: DayHours = ((time(8), time(12)), (time(13), time(17)))
DEFAULT_WORK_WEEK: frozenset[int] = frozenset({0, 1, 2, 3, 4})
DEFAULT_WEEK_HOURS: tuple[DayHours, ...] = (DEFAULT_HOURS,) * 7

# A calendar search that walks this far without finding a working day is misconfigured; failing
# beats looping forever.
_MAX_DAY_SEARCH = 3660
_US_PER_HOUR = 3_600_000_000
# add_business_days may cross this many years (10,000 business days is about 40 years).
MAX_BUSINESS_DAYS_YEARS = 100

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_ALIASES = {
    **{name: i for i, name in enumerate(WEEKDAY_NAMES)},
    **{full: i for i, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday"))},
    "saturday": 5,
    "sunday": 6,
    # Vietnamese abbreviations: T2 = thứ hai = Monday ... T7 = Saturday, CN = Chủ nhật = Sunday.
    **{f"t{i + 2}": i for i in range(6)},
    "cn": 6,
}


class CalendarError(ValueError):
    """An invalid calendar setting or an impossible calendar question; ``.message`` is translatable."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.message = Message(msgid, params)
        super().__init__(self.message.render())


@lru_cache(maxsize=1024)
def holiday_names(country: str, year: int, language: str | None = None) -> dict[date, str]:
    """The public holidays of ``country`` in ``year``, day -> name in ``language`` (the data's own
    default when None); {} where the data has none. Callers must not change the result."""
    import holidays as holidays_lib  # ~0.1 s to import: only when a calendar has a country

    try:
        return dict(holidays_lib.country_holidays(country, years=year, language=language).items())
    except (NotImplementedError, KeyError, ValueError, OverflowError):
        return {}


@lru_cache(maxsize=4096)
def _holiday_set(country: str, year: int) -> frozenset[date]:
    return frozenset(holiday_names(country, year))


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    import holidays as holidays_lib  # ~0.1 s to import: only when a calendar has a country

    return frozenset(holidays_lib.list_supported_countries())


@dataclass(frozen=True)
class WorkCalendar:
    timezone: str = DEFAULT_TIMEZONE
    work_week: frozenset[int] = DEFAULT_WORK_WEEK
    hours: tuple[DayHours, ...] = DEFAULT_WEEK_HOURS
    holidays: str | None = "VN"
    closed_days: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    _cache: dict[date, DayHours] = field(default_factory=dict, init=False, repr=False, compare=False)
    _years: dict[int, tuple[date, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise CalendarError(N_("Unknown time zone %(zone)s."), zone=self.timezone) from exc
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "work_week", frozenset(self.work_week))
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        if not self.work_week or not self.work_week <= set(range(7)):
            raise CalendarError(
                N_("The work week needs at least one day, numbered 0 (Monday) to 6 (Sunday).")
            )
        if len(self.hours) != 7:
            raise CalendarError(N_("Business hours must be given for each of the 7 weekdays."))
        for weekday, intervals in enumerate(self.hours):
            _check_intervals(intervals)
            if weekday in self.work_week and not intervals:
                raise CalendarError(
                    N_("%(day)s is in the work week but has no business hours."), day=WEEKDAY_NAMES[weekday]
                )
        if not self.hours[0] and any(not self.hours[d.weekday()] for d in self.extra_working_days):
            raise CalendarError(
                N_("An extra working day falls on a weekday without hours, and Monday has none.")
            )
        if self.holidays is not None and self.holidays not in _supported_countries():
            raise CalendarError(
                N_("No public holidays are known for country %(country)s."), country=self.holidays
            )
        both = self.closed_days & self.extra_working_days
        if both:
            raise CalendarError(
                N_("%(day)s is both a closed day and an extra working day."), day=min(both).isoformat()
            )

    @property
    def tzinfo(self) -> ZoneInfo:
        return self._zone  # type: ignore[attr-defined]

    def with_closed_days(self, days: Iterable[date | tuple[date, date]]) -> WorkCalendar:
        """This calendar with more days off: dates or inclusive (first, last) ranges (person time off)."""
        extra: set[date] = set()
        for item in days:
            if isinstance(item, tuple):
                first, last = item
                extra.update(first + timedelta(days=i) for i in range((last - first).days + 1))
            else:
                extra.add(item)
        return replace(
            self,
            closed_days=self.closed_days | extra,
            extra_working_days=self.extra_working_days - extra,
        )

    def is_holiday(self, d: date) -> bool:
        return self.holidays is not None and d in _holiday_set(self.holidays, d.year)

    def business_hours(self, d: date) -> DayHours:
        """The business-hours intervals of ``d``, () on a day that is not worked."""
        cached = self._cache.get(d)
        if cached is None:
            cached = self._compute_hours(d)
            self._cache[d] = cached
        return cached

    def _compute_hours(self, d: date) -> DayHours:
        if d in self.closed_days:
            return ()
        weekday = d.weekday()
        if d in self.extra_working_days:
            # The announced swap wins over the weekday and over a public holiday.
            return self.hours[weekday] or self.hours[0]
        if weekday not in self.work_week or self.is_holiday(d):
            return ()
        return self.hours[weekday]

    def is_working_day(self, d: date) -> bool:
        return bool(self.business_hours(d))

    def close_of_business(self, d: date) -> datetime:
        """The end of the last business-hours interval of working day ``d`` (aware)."""
        intervals = self.business_hours(d)
        if not intervals:
            raise CalendarError(N_("%(day)s is not a working day."), day=d.isoformat())
        return datetime.combine(d, intervals[-1][1], tzinfo=self.tzinfo)

    def working_day_on_or_before(self, d: date) -> date:
        for _ in range(_MAX_DAY_SEARCH):
            if self.is_working_day(d):
                return d
            d -= timedelta(days=1)
        raise CalendarError(N_("No working day was found within ten years."))

    def working_day_on_or_after(self, d: date) -> date:
        for _ in range(_MAX_DAY_SEARCH):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise CalendarError(N_("No working day was found within ten years."))

    def working_day_after(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.working_day_on_or_after(d + timedelta(days=1))

    def working_day_before(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self.working_day_on_or_before(d - timedelta(days=1))

    def _working_days_of(self, year: int) -> tuple[date, ...]:
        cached = self._years.get(year)
        if cached is None:
            first = date(year, 1, 1)
            days = (first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days))
            cached = tuple(day for day in days if self.is_working_day(day))
            self._years[year] = cached
        return cached

    def add_business_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (before it for n < 0); ``d`` itself for n = 0."""
        if n == 0:
            return d
        # Index into each year's sorted working days instead of walking day by day: offsets of
        # hundreds of business days stay as cheap as small ones.
        year = d.year
        days = self._working_days_of(year)
        if n > 0:
            index = bisect_right(days, d) + n - 1
            while index >= len(days):
                index -= len(days)
                year += 1
                days = self._working_days_of(year)
                self._check_span(year - d.year)
            return days[index]
        index = bisect_left(days, d) + n
        while index < 0:
            year -= 1
            days = self._working_days_of(year)
            index += len(days)
            self._check_span(d.year - year)
        return days[index]

    @staticmethod
    def _check_span(years: int) -> None:
        if years > MAX_BUSINESS_DAYS_YEARS:
            raise CalendarError(
                N_("Counting business days went past %(years)s years."), years=MAX_BUSINESS_DAYS_YEARS
            )

    def _local(self, moment: datetime) -> datetime:
        """``moment`` as a naive wall-clock time in the calendar's zone (naive input is taken as local)."""
        if moment.tzinfo is None:
            return moment
        return moment.astimezone(self.tzinfo).replace(tzinfo=None)

    def localize(self, moment: datetime) -> datetime:
        """``moment`` as an aware time in the calendar's zone (naive input is read as local)."""
        return self._aware(self._local(moment))

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tzinfo)

    def add_business_hours(self, moment: datetime, hours: float) -> datetime:
        """The earliest moment whose business time is ``hours`` after ``moment``'s.

        Hours are counted in whole microseconds, so the addition is exactly additive for any
        amounts that are whole microseconds (whole minutes, quarter hours, ...). Naive moments
        are read in the calendar's zone; the result is aware, in the calendar's zone.
        """
        if hours < 0:
            raise CalendarError(N_("Cannot add a negative number of business hours."))
        remaining = timedelta(microseconds=round(hours * _US_PER_HOUR))
        local = self._local(moment)
        if not remaining:
            return self._aware(local)
        day = local.date()
        cursor = local
        for _ in range(_MAX_DAY_SEARCH * 10):
            for begin, end in self.business_hours(day):
                begin_at = max(datetime.combine(day, begin), cursor)
                end_at = datetime.combine(day, end)
                if begin_at >= end_at:
                    continue
                available = end_at - begin_at
                if remaining <= available:
                    return self._aware(begin_at + remaining)
                remaining -= available
            day += timedelta(days=1)
            cursor = datetime.combine(day, time.min)
        raise CalendarError(N_("Too many business hours to add."))

    def business_hours_between(self, a: datetime, b: datetime) -> float:
        """Business hours from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        start, end = self._local(a), self._local(b)
        if end < start:
            return -self.business_hours_between(b, a)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            for begin, finish in self.business_hours(day):
                lo = max(datetime.combine(day, begin), start)
                hi = min(datetime.combine(day, finish), end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total / timedelta(hours=1)


def _check_intervals(intervals: DayHours) -> None:
    previous_end: time | None = None
    for begin, end in intervals:
        if not begin < end:
            raise CalendarError(
                N_("Business hours %(hours)s end before they start."), hours=f"{begin:%H:%M}-{end:%H:%M}"
            )
        if previous_end is not None and begin < previous_end:
            raise CalendarError(N_("Business-hours intervals must be in order and must not overlap."))
        previous_end = end


def _weekday(token: str) -> int:
    try:
        return _WEEKDAY_ALIASES[token.strip().lower()]
    except KeyError:
        raise CalendarError(
            N_("Unknown weekday %(day)s (use mon, tue, ... sun)."), day=token.strip()
        ) from None


def parse_work_week(text: str) -> frozenset[int]:
    """``"mon-fri"``, ``"mon-sat"``, ``"mon-fri, sat"``, ``"t2-t7"`` -> weekday numbers (0 = Monday)."""
    days: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first_text, _, last_text = part.partition("-")
            first, last = _weekday(first_text), _weekday(last_text)
            if last < first:
                raise CalendarError(N_("The weekday range %(range)s runs backwards."), range=part)
            days.update(range(first, last + 1))
        else:
            days.add(_weekday(part))
    if not days:
        raise CalendarError(N_("The work week needs at least one day."))
    return frozenset(days)


def format_work_week(days: Iterable[int]) -> str:
    """The shortest canonical text for a work week: ``"mon-fri"``, ``"mon-fri, sun"``."""
    ordered = sorted(set(days))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 1:
            parts.append(f"{WEEKDAY_NAMES[ordered[i]]}-{WEEKDAY_NAMES[ordered[j]]}")
        else:
            parts.append(WEEKDAY_NAMES[ordered[i]])
        i = j + 1
    return ", ".join(parts)


_TIME_RE = re.compile(r"^(\d{1,2})(?:[:h](\d{2})?)?$")


def _parse_time(text: str) -> time:
    match = _TIME_RE.match(text.strip().lower())
    if not match:
        raise CalendarError(N_("%(text)s is not a time of day (use HH:MM)."), text=text.strip())
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise CalendarError(N_("%(text)s is not a time of day (use HH:MM)."), text=text.strip())
    return time(hour, minute)


def parse_hours(text: str) -> DayHours:
    """``"08:00-12:00, 13:00-17:00"`` -> intervals; ``"off"`` or ``""`` -> ()."""
    text = text.strip()
    if text.lower() in ("", "off", "none", "nghỉ"):
        return ()
    intervals: list[Interval] = []
    for part in text.split(","):
        begin, sep, end = part.strip().partition("-")
        if not sep:
            raise CalendarError(
                N_("Business hours %(text)s should look like 08:00-12:00."), text=part.strip()
            )
        intervals.append((_parse_time(begin), _parse_time(end)))
    result = tuple(intervals)
    _check_intervals(result)
    return result


def format_hours(intervals: DayHours) -> str:
    if not intervals:
        return "off"
    return ", ".join(f"{begin:%H:%M}-{end:%H:%M}" for begin, end in intervals)


_DAY_RE = r"[a-z]{1,9}\d?"
_DAYS_PREFIX_RE = re.compile(rf"^\s*({_DAY_RE}(?:\s*-\s*{_DAY_RE})?(?:\s*,\s*{_DAY_RE})*)\s+(.*)$", re.I)


def parse_week_hours(text: str) -> tuple[DayHours, ...]:
    """Hours per weekday: ``"08:00-12:00, 13:00-17:00; sat 08:00-12:00"``.

    Segments are separated by ``;``. A segment without weekdays sets every day; a segment that
    starts with weekdays (``sat``, ``mon-fri``, ``sat, sun``) overrides those days.
    """
    week: list[DayHours] = list(DEFAULT_WEEK_HOURS)
    for segment in text.split(";"):
        segment = segment.strip()
        if not segment:
            continue
        match = _DAYS_PREFIX_RE.match(segment)
        if match and not match.group(1)[0].isdigit():
            days = parse_work_week(match.group(1))
            intervals = parse_hours(match.group(2))
        else:
            days, intervals = frozenset(range(7)), parse_hours(segment)
        for day in days:
            week[day] = intervals
    return tuple(week)


def format_week_hours(hours: tuple[DayHours, ...], work_week: Iterable[int] = range(7)) -> str:
    """Inverse of ``parse_week_hours``, mentioning only the days of ``work_week`` that differ."""
    days = sorted(set(work_week))
    counts: dict[DayHours, int] = {}
    for day in days:
        counts[hours[day]] = counts.get(hours[day], 0) + 1
    common = max(counts, key=lambda h: (counts[h], h == DEFAULT_HOURS)) if counts else DEFAULT_HOURS
    segments = [format_hours(common)]
    for intervals in dict.fromkeys(hours[day] for day in days):
        if intervals != common:
            differing = [day for day in days if hours[day] == intervals]
            segments.append(f"{format_work_week(differing)} {format_hours(intervals)}")
    return "; ".join(segments)


def parse_holidays(text: str | None) -> str | None:
    """``"VN"`` -> ``"VN"``; ``"none"``, ``""`` or None -> None; unknown country -> ValueError."""
    if text is None or text.strip().lower() in ("", "none", "off", "không"):
        return None
    code = text.strip().upper()
    if code not in _supported_countries():
        raise CalendarError(N_("No public holidays are known for country %(country)s."), country=text.strip())
    return code
