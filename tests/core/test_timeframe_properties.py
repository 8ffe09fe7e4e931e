"""Properties of the time-frame language that hold for any value, start and calendar."""

from datetime import date, datetime, time, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from actionplan.core.timeframe import (
    AbsoluteDate,
    Offset,
    PlanPeriod,
    Recurrence,
    ResponseTarget,
    TimeFrameError,
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

absolute_dates = st.builds(
    AbsoluteDate,
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.none() | st.times().map(lambda t: t.replace(microsecond=0)),
)
offsets = st.builds(Offset, amounts, st.sampled_from(["days", "weeks", "months", "business_days"]))
period_ends = st.one_of(
    st.builds(PlanPeriod, st.sampled_from(["week", "month", "quarter"]), st.none() | counts),
    st.builds(PlanPeriod, st.just("week"), st.integers(1, 5), counts),
)
recurrences = st.builds(Recurrence, st.sampled_from(["day", "week", "month", "quarter"]), st.integers(1, 24))
targets = st.one_of(
    st.builds(ResponseTarget, st.sampled_from(["business_hours", "clock_hours", "business_days"]), counts),
    st.builds(ResponseTarget, st.sampled_from(["same_business_day", "next_business_day"])),
)
values = st.one_of(absolute_dates, offsets, period_ends, recurrences, targets)
dues_at_close = st.one_of(st.builds(AbsoluteDate, days), offsets, period_ends)


@given(values, st.sampled_from(["en", "vi"]))
def test_parse_of_render_gives_the_value_back(value: object, lang: str) -> None:
    assert parse(render(value, lang)) == value  # type: ignore[arg-type]
    assert parse(render(value, lang), lang=lang) == value  # type: ignore[arg-type]


@given(values)
def test_vietnamese_typed_without_marks_is_the_same_value(value: object) -> None:
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
        # The only value that may not resolve: week 5 of a 28-day month.
        assert isinstance(value, PlanPeriod) and value.month is not None
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
