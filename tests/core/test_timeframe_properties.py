"""Properties of the time-frame language that hold for any value, start and calendar."""

from datetime import date, datetime, time, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from actionplan.core.timeframe import (
    AbsoluteDate,
    CalendarPeriod,
    DayMonth,
    HolidayDue,
    Offset,
    PlanPeriod,
    Recurrence,
    RelativePeriod,
    ResponseTarget,
    TimeFrameError,
    WeekdayDue,
    occurrences,
    parse,
    period,
    render,
    resolve,
    respond_by,
)
from actionplan.core.timeframe.accents import strip_marks
from actionplan.core.workcal import DEFAULT_HOURS, WorkCalendar, parse_week_hours

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31))
calendars = st.builds(
    WorkCalendar,
    work_week=st.sampled_from([frozenset(range(5)), frozenset(range(6)), frozenset({1, 3})]),
    hours=st.sampled_from(
        [(DEFAULT_HOURS,) * 7, parse_week_hours("07:30-11:30, 13:00-16:30; sat 08:00-11:00")]
    ),
    holidays=st.sampled_from(["VN", None]),
    closed_days=st.frozensets(days, max_size=30),
)
amounts = st.integers(min_value=0, max_value=400)
counts = st.integers(min_value=1, max_value=60)


def _minute(moment: time) -> time:
    return moment.replace(microsecond=0)


absolute_dates = st.builds(
    AbsoluteDate,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.none() | st.times().map(_minute),
)
offsets = st.builds(Offset, amounts, st.sampled_from(["days", "weeks", "months", "business_days"]))
parts = st.sampled_from(["end", "start", "middle"])
period_ends = st.one_of(
    st.builds(PlanPeriod, st.sampled_from(["week", "month", "quarter"]), st.none() | counts),
    st.builds(PlanPeriod, st.just("week"), st.integers(1, 5), counts),
)
plan_periods = st.one_of(
    st.builds(
        PlanPeriod, st.sampled_from(["week", "month", "quarter"]), st.none() | counts, st.none(), parts
    ),
    st.builds(PlanPeriod, st.just("year"), st.integers(1, 10), st.none(), parts),
    st.builds(PlanPeriod, st.just("week"), st.integers(1, 4), counts, parts),
)
years = st.none() | st.integers(2024, 2032)
calendar_periods = st.one_of(
    st.builds(
        CalendarPeriod, st.just("month"), st.integers(1, 12), years, parts, st.none() | st.integers(1, 4)
    ),
    st.builds(CalendarPeriod, st.just("quarter"), st.integers(1, 4), years, parts),
    st.builds(CalendarPeriod, st.just("year"), st.none(), st.integers(2024, 2032), parts),
)
relative_periods = st.builds(
    RelativePeriod, st.sampled_from(["week", "month", "quarter", "year"]), st.integers(0, 1), parts
)
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
day_months = st.integers(1, 12).flatmap(
    lambda m: st.builds(
        DayMonth, st.integers(1, _MONTH_DAYS[m - 1]), st.just(m), st.none() | st.times().map(_minute)
    )
)
weekday_dues = st.one_of(
    st.builds(WeekdayDue, st.integers(0, 6)),
    st.builds(WeekdayDue, st.integers(0, 6), counts),
    st.builds(WeekdayDue, st.integers(0, 6), st.none(), st.integers(0, 1)),
)
# "Giỗ Tổ" is recognised with its marks only (unmarked, "gio" is also giờ, hour): see marked_only.
holiday_names = st.sampled_from(["tet", "christmas", "quoc khanh", "giang sinh", "new years day", "gio to"])
holiday_dues = st.one_of(
    st.builds(HolidayDue, holiday_names, st.booleans()),
    st.builds(
        HolidayDue,
        holiday_names,
        st.booleans(),
        st.integers(1, 60),
        st.sampled_from(["days", "weeks", "months", "business_days"]),
    ),
)
weekday_sets = st.frozensets(st.integers(0, 6), min_size=1, max_size=7).map(lambda s: tuple(sorted(s)))
weekday_recurrences = st.builds(Recurrence, st.just("week"), st.integers(1, 4), weekday_sets)
month_day_recurrences = st.one_of(
    st.builds(Recurrence, st.just("month"), st.integers(1, 6), day=st.integers(1, 31) | st.just(-1)),
    st.builds(
        Recurrence,
        st.just("month"),
        st.just(1),
        st.integers(0, 6).map(lambda d: (d,)),
        nth=st.sampled_from([1, 2, 3, 4, -1]),
    ),
)
dues_at_close = st.one_of(st.builds(AbsoluteDate, days), offsets, period_ends)

recurrences = st.builds(
    Recurrence, st.sampled_from(["day", "week", "month", "quarter", "year"]), st.integers(1, 24)
)
targets = st.one_of(
    st.builds(ResponseTarget, st.sampled_from(["business_hours", "clock_hours", "business_days"]), counts),
    st.builds(ResponseTarget, st.sampled_from(["same_business_day", "next_business_day"])),
)
values = st.one_of(
    absolute_dates,
    offsets,
    plan_periods,
    calendar_periods,
    relative_periods,
    day_months,
    weekday_dues,
    holiday_dues,
    recurrences,
    weekday_recurrences,
    month_day_recurrences,
    targets,
)
dues_at_close = st.one_of(
    st.builds(AbsoluteDate, days),
    offsets,
    plan_periods,
    calendar_periods,
    relative_periods,
    st.builds(DayMonth, st.integers(1, 28), st.integers(1, 12)),
    weekday_dues,
    holiday_dues,
)


def marked_only(value: object) -> bool:
    return isinstance(value, HolidayDue) and value.name == "gio to"


@given(values, st.sampled_from(["en", "vi"]))
def test_parse_of_render_gives_the_value_back(value: object, lang: str) -> None:
    assert parse(render(value, lang)) == value  # type: ignore[arg-type]
    assert parse(render(value, lang), lang=lang) == value  # type: ignore[arg-type]


@given(values)
def test_vietnamese_typed_without_marks_is_the_same_value(value: object) -> None:
    assume(not marked_only(value))
    unmarked = strip_marks(render(value, "vi"))  # type: ignore[arg-type]
    assert parse(unmarked) == value
    assert parse(unmarked, lang="vi") == value


@given(values)
def test_english_and_vietnamese_forms_are_the_same_value(value: object) -> None:
    assert parse(render(value, "en")) == parse(render(value, "vi"))  # type: ignore[arg-type]


@given(dues_at_close, days, calendars)
def test_english_and_vietnamese_forms_resolve_identically(
    value: object, start: date, cal: WorkCalendar
) -> None:
    try:
        en = resolve(parse(render(value, "en")), start, cal)  # type: ignore[arg-type]
    except TimeFrameError:
        return
    assert resolve(parse(render(value, "vi")), start, cal) == en  # type: ignore[arg-type]


@given(dues_at_close, days, calendars)
def test_dues_land_at_close_of_business_on_a_working_day(
    value: object, start: date, cal: WorkCalendar
) -> None:
    try:
        resolution = resolve(value, start, cal)  # type: ignore[arg-type]
    except TimeFrameError:
        # Values that may not resolve: week 5 of a short month; a holiday the calendar lacks.
        week_of_month = isinstance(value, PlanPeriod | CalendarPeriod) and (
            getattr(value, "month", None) is not None or getattr(value, "week", None) is not None
        )
        vietnamese_holiday = isinstance(value, HolidayDue) and value.name in ("tet", "quoc khanh", "gio to")
        assert week_of_month or (isinstance(value, HolidayDue) and not (vietnamese_holiday and cal.holidays))
        return
    day = resolution.due.date()
    assert cal.is_working_day(day)
    assert resolution.due == cal.close_of_business(day)
    assert resolution.due.tzinfo == cal.tzinfo


@given(period_ends, days, calendars)
def test_a_period_end_lies_inside_its_period_or_before_it_with_a_warning(
    value: PlanPeriod, start: date, cal: WorkCalendar
) -> None:
    try:
        first, end = period(value, start)
    except TimeFrameError:
        return
    resolution = resolve(value, start, cal)
    day = resolution.due.date()
    later_days = (day + timedelta(days=i) for i in range(1, (end - day).days))
    assert not any(cal.is_working_day(d) for d in later_days), "not the last working day"
    if first <= day < end:
        assert not resolution.warnings
    else:
        assert day < first and resolution.warnings
        assert not any(cal.is_working_day(first + timedelta(days=i)) for i in range((end - first).days))


@given(offsets, days, calendars)
def test_an_offset_moves_back_only_from_a_day_off(value: Offset, start: date, cal: WorkCalendar) -> None:
    resolution = resolve(value, start, cal)
    if resolution.warnings:
        assert resolution.due.date() == cal.working_day_on_or_before(resolution.due.date())
    else:
        assert value.unit == "business_days" or resolution.due.date() >= start


@given(
    recurrences,
    days,
    calendars,
    st.integers(min_value=0, max_value=30),
    st.none() | st.just(PlanPeriod("week", 1)),
)
def test_occurrences_are_counted_ordered_and_on_working_days(
    repeat: Recurrence, start: date, cal: WorkCalendar, times: int, due: PlanPeriod | None
) -> None:
    assume(due is None or repeat.unit != "day")
    found = occurrences(repeat, start, cal, times=times, due=due)
    assert len(found) == times
    moments = [r.due for r in found]
    assert moments == sorted(moments)
    for moment in moments:
        assert moment == cal.close_of_business(moment.date())


@given(recurrences, days, calendars, st.integers(min_value=1, max_value=400))
def test_occurrences_never_pass_the_horizon(
    repeat: Recurrence, start: date, cal: WorkCalendar, span: int
) -> None:
    horizon = datetime.combine(start + timedelta(days=span), time.min, tzinfo=cal.tzinfo)
    found = occurrences(repeat, start, cal, horizon=horizon)
    assert len(found) <= 1000
    assert all(r.due <= horizon for r in found)


arrivals = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@given(targets, arrivals, calendars)
def test_a_response_is_never_due_before_the_contact_arrived(
    target: ResponseTarget, arrived: datetime, cal: WorkCalendar
) -> None:
    due = respond_by(target, arrived, cal)
    local = cal.localize(arrived)
    assert due >= local
    if target.kind == "business_hours":
        assert cal.business_hours_between(local, due) == target.amount
    elif target.kind != "clock_hours":
        assert due == cal.close_of_business(due.date())
        assert (
            due.date() > local.date() or target.kind == "same_business_day" or target.kind == "business_days"
        )


@given(weekday_recurrences, days, calendars, st.integers(min_value=1, max_value=40))
def test_weekday_recurrences_land_on_their_weekday_or_before_it_off_a_day_off(
    repeat: Recurrence, start: date, cal: WorkCalendar, times: int
) -> None:
    found = occurrences(repeat, start, cal, times=times)
    assert len(found) == times
    for resolution in found:
        day = resolution.due.date()
        assert resolution.due == cal.close_of_business(day)
        if day.weekday() in repeat.weekdays and not resolution.warnings:
            continue
        # Moved: the named weekday is a day off after it, with only days off in between.
        named = next(
            day + timedelta(days=i)
            for i in range(1, 400)
            if (day + timedelta(days=i)).weekday() in repeat.weekdays
            and not cal.is_working_day(day + timedelta(days=i))
        )
        assert not any(cal.is_working_day(day + timedelta(days=i)) for i in range(1, (named - day).days))
        assert resolution.warnings


@given(weekday_recurrences, days)
def test_weekday_recurrences_start_on_or_after_the_start(repeat: Recurrence, start: date) -> None:
    # Without days off, the first occurrence is the first named weekday on or after the start.
    cal = WorkCalendar(work_week=frozenset(range(7)), holidays=None)
    first = occurrences(repeat, start, cal, times=1)[0].due.date()
    assert first >= start and first.weekday() in repeat.weekdays
    assert all(
        (start + timedelta(days=i)).weekday() not in repeat.weekdays for i in range((first - start).days)
    )


@given(month_day_recurrences, days, calendars, st.integers(min_value=1, max_value=36))
def test_day_of_month_recurrences_never_skip_or_double_a_month(
    repeat: Recurrence, start: date, cal: WorkCalendar, times: int
) -> None:
    found = occurrences(repeat, start, cal, times=times)
    assert len(found) == times
    months = [r.due.year * 12 + r.due.month for r in found]
    assert all(b - a == repeat.every for a, b in zip(months, months[1:], strict=False))
    assert months[0] - (start.year * 12 + start.month) in (0, repeat.every)
    for resolution in found:
        assert cal.is_working_day(resolution.due.date())


@given(month_day_recurrences.filter(lambda r: r.day is not None), days)
def test_a_day_past_the_month_end_is_the_last_day(repeat: Recurrence, start: date) -> None:
    cal = WorkCalendar(work_week=frozenset(range(7)), holidays=None)
    for resolution in occurrences(repeat, start, cal, times=6):
        day = resolution.due.date()
        last = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        assert day.day == (last.day if repeat.day == -1 else min(repeat.day, last.day))  # type: ignore[type-var]


@given(calendar_periods.filter(lambda p: p.year is None), days)
def test_a_calendar_name_without_a_year_is_the_first_that_ends_on_or_after_the_start(
    value: CalendarPeriod, start: date
) -> None:
    try:
        first, end = period(value, start)
    except TimeFrameError:
        return  # week 5 of a short month
    month_end = (
        end if value.week is None else period(CalendarPeriod(value.unit, value.number, first.year), start)[1]
    )
    assert month_end > start
    earlier = CalendarPeriod(value.unit, value.number, first.year - 1)
    assert period(earlier, start)[1] <= start
    warned = any("did you mean" in w.msgid for w in resolve(value, start, WorkCalendar()).warnings)
    assert warned == (first.year != start.year)


@given(st.one_of(plan_periods, calendar_periods, relative_periods), days, calendars)
def test_the_start_of_a_period_is_its_first_working_day(
    value: object, start: date, cal: WorkCalendar
) -> None:
    try:
        first, end = period(value, start)  # type: ignore[arg-type]
    except TimeFrameError:
        return
    starting = type(value)(**{**value.__dict__, "part": "start"})  # type: ignore[attr-defined]
    day = resolve(starting, start, cal).due.date()
    assert day >= first
    assert not any(cal.is_working_day(first + timedelta(days=i)) for i in range((day - first).days))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_an_iso_due_reads_the_same_with_or_without_the_grammar(day: date) -> None:
    from actionplan.core.timeframe.due import parse_due
    from actionplan.core.timeframe.parser import _parse

    assert parse_due(day.isoformat()) == _parse(day.isoformat(), "auto", ("due",)) == AbsoluteDate(day)


def test_preset_dues_read_as_the_grammar_reads_them() -> None:
    from actionplan.core.planfile_model import DEFAULT_HORIZON
    from actionplan.core.timeframe.due import PRESET, parse_due
    from actionplan.core.timeframe.parser import parse_due_phrase

    assert DEFAULT_HORIZON in PRESET
    for phrase, value in PRESET.items():
        assert parse_due(phrase) == parse_due_phrase(phrase) == value
