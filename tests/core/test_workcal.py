"""The working calendar: working days, business hours and business-time arithmetic."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actionplan.core.workcal import (
    DEFAULT_HOURS,
    WorkCalendar,
    format_hours,
    format_week_hours,
    format_work_week,
    parse_holidays,
    parse_hours,
    parse_week_hours,
    parse_work_week,
)

VN = WorkCalendar()
TZ = VN.tzinfo


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_defaults_are_vietnamese_office_hours() -> None:
    assert VN.timezone == "Asia/Ho_Chi_Minh"
    assert VN.work_week == frozenset({0, 1, 2, 3, 4})
    assert VN.hours == (DEFAULT_HOURS,) * 7
    assert VN.holidays == "VN"
    assert VN.close_of_business(date(2027, 3, 1)) == at(2027, 3, 1, 17)
    assert VN.close_of_business(date(2027, 3, 1)).utcoffset() == timedelta(hours=7)


def test_tet_2027_is_days_off() -> None:
    tet = [date(2027, 2, d) for d in range(4, 11)]
    assert not any(VN.is_working_day(d) for d in tet)
    assert VN.is_working_day(date(2027, 2, 3))
    assert VN.is_working_day(date(2027, 2, 11))
    assert VN.working_day_after(date(2027, 2, 3)) == date(2027, 2, 11)
    assert VN.working_day_on_or_before(date(2027, 2, 10)) == date(2027, 2, 3)


def test_no_holidays() -> None:
    cal = WorkCalendar(holidays=None)
    assert cal.is_working_day(date(2027, 2, 4))
    assert not cal.is_working_day(date(2027, 2, 6))  # still a Saturday


def test_six_day_week_with_short_saturday() -> None:
    cal = WorkCalendar(
        work_week=parse_work_week("mon-sat"),
        hours=parse_week_hours("08:00-12:00, 13:00-17:00; sat 08:00-12:00"),
    )
    saturday = date(2027, 3, 6)
    assert cal.is_working_day(saturday)
    assert cal.business_hours(saturday) == ((time(8), time(12)),)
    assert cal.close_of_business(saturday) == at(2027, 3, 6, 12)
    assert not cal.is_working_day(date(2027, 3, 7))


def test_bridge_day_and_swapped_saturday() -> None:
    # Given the government closes Monday 2027-08-30 and swaps in Saturday 2027-08-21
    cal = WorkCalendar(
        closed_days=frozenset({date(2027, 8, 30)}), extra_working_days=frozenset({date(2027, 8, 21)})
    )
    # Then the bridge day is off and the Saturday is worked with the Saturday (default) hours
    assert not cal.is_working_day(date(2027, 8, 30))
    assert cal.is_working_day(date(2027, 8, 21))
    assert cal.close_of_business(date(2027, 8, 21)) == at(2027, 8, 21, 17)


def test_extra_working_day_without_own_hours_uses_monday_hours() -> None:
    hours = (DEFAULT_HOURS,) * 5 + ((), ())
    cal = WorkCalendar(hours=hours, extra_working_days=frozenset({date(2027, 8, 21)}))
    assert cal.business_hours(date(2027, 8, 21)) == DEFAULT_HOURS


def test_extra_working_day_wins_over_a_public_holiday() -> None:
    cal = WorkCalendar(extra_working_days=frozenset({date(2027, 9, 2)}))
    assert cal.is_working_day(date(2027, 9, 2))


def test_time_off_closes_days() -> None:
    cal = VN.with_closed_days([(date(2027, 3, 1), date(2027, 3, 3)), date(2027, 3, 5)])
    assert [cal.is_working_day(date(2027, 3, d)) for d in range(1, 6)] == [False, False, False, True, False]
    assert VN.is_working_day(date(2027, 3, 1))  # the original is unchanged


def test_calendar_is_hashable_and_compares_by_value() -> None:
    assert WorkCalendar() == WorkCalendar()
    assert hash(WorkCalendar()) == hash(WorkCalendar())
    assert WorkCalendar() != WorkCalendar(holidays=None)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timezone": "Mars/Olympus"},
        {"work_week": frozenset()},
        {"work_week": frozenset({7})},
        {"hours": (DEFAULT_HOURS,) * 6},
        {"hours": (((time(12), time(8)),),) * 7},
        {"hours": (((time(8), time(12)), (time(11), time(17))),) * 7},
        {"hours": ((),) * 7},
        {"holidays": "XX"},
        {"closed_days": frozenset({date(2027, 1, 2)}), "extra_working_days": frozenset({date(2027, 1, 2)})},
    ],
)
def test_invalid_calendars_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        WorkCalendar(**kwargs)


def test_add_business_days() -> None:
    assert VN.add_business_days(date(2027, 3, 1), 5) == date(2027, 3, 8)
    assert VN.add_business_days(date(2027, 3, 1), 0) == date(2027, 3, 1)
    assert VN.add_business_days(date(2027, 2, 1), 5) == date(2027, 2, 15)
    assert VN.add_business_days(date(2027, 3, 8), -5) == date(2027, 3, 1)


def test_add_business_hours_spans_lunch_nights_and_tet() -> None:
    assert VN.add_business_hours(at(2027, 3, 1, 11), 2) == at(2027, 3, 1, 14)
    assert VN.add_business_hours(at(2027, 3, 1, 15), 4) == at(2027, 3, 2, 10)
    assert VN.add_business_hours(at(2027, 3, 5, 16), 2) == at(2027, 3, 8, 9)
    assert VN.add_business_hours(at(2027, 2, 3, 16, 30), 4) == at(2027, 2, 11, 11, 30)
    assert VN.add_business_hours(at(2027, 3, 6, 10), 1) == at(2027, 3, 8, 9)  # Saturday


def test_adding_zero_or_exactly_to_close_stays_on_the_boundary() -> None:
    close = at(2027, 3, 1, 17)
    assert VN.add_business_hours(close, 0) == close
    assert VN.add_business_hours(at(2027, 3, 1, 20), 0) == at(2027, 3, 1, 20)
    # Filling an interval exactly ends at its end, not at the next opening
    assert VN.add_business_hours(at(2027, 3, 1, 13), 4) == close
    assert VN.add_business_hours(at(2027, 3, 1, 8), 4) == at(2027, 3, 1, 12)
    # From close, one more hour is the first hour of the next working day
    assert VN.add_business_hours(close, 1) == at(2027, 3, 2, 9)


def test_add_business_hours_reads_naive_as_local_and_converts_other_zones() -> None:
    assert VN.add_business_hours(datetime(2027, 3, 1, 15), 1) == at(2027, 3, 1, 16)
    eight_utc = datetime(2027, 3, 1, 8, tzinfo=ZoneInfo("UTC"))  # 15:00 in Ho Chi Minh City
    result = VN.add_business_hours(eight_utc, 1)
    assert result == at(2027, 3, 1, 16)
    assert result.tzinfo == TZ


def test_negative_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        VN.add_business_hours(at(2027, 3, 1, 9), -1)


def test_business_hours_between() -> None:
    assert VN.business_hours_between(at(2027, 3, 1, 15), at(2027, 3, 2, 10)) == 4
    assert VN.business_hours_between(at(2027, 3, 2, 10), at(2027, 3, 1, 15)) == -4
    assert VN.business_hours_between(at(2027, 3, 1, 8), at(2027, 3, 8, 8)) == 40


def test_parse_and_format_work_week() -> None:
    assert parse_work_week("mon-fri") == frozenset(range(5))
    assert parse_work_week("mon-fri, sat") == frozenset(range(6))
    assert parse_work_week("Monday-Saturday") == frozenset(range(6))
    assert parse_work_week("t2-t7") == frozenset(range(6))
    assert parse_work_week("t2-t6, cn") == frozenset({0, 1, 2, 3, 4, 6})
    assert format_work_week(range(5)) == "mon-fri"
    assert format_work_week({0, 2, 4, 5, 6}) == "mon, wed, fri-sun"
    for bad in ("", "fri-mon", "funday", "mon-xyz"):
        with pytest.raises(ValueError):
            parse_work_week(bad)


def test_parse_and_format_hours() -> None:
    assert parse_hours("08:00-12:00, 13:00-17:00") == DEFAULT_HOURS
    assert parse_hours("8h-12h,13h30-17h") == ((time(8), time(12)), (time(13, 30), time(17)))
    assert parse_hours("off") == ()
    assert format_hours(DEFAULT_HOURS) == "08:00-12:00, 13:00-17:00"
    for bad in ("08:00", "25:00-26:00", "12:00-08:00", "08:00-12:00, 11:00-13:00", "noon-night"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_parse_and_format_week_hours() -> None:
    week = parse_week_hours("08:00-12:00, 13:00-17:00; sat 08:00-12:00")
    assert week[:5] == (DEFAULT_HOURS,) * 5
    assert week[5] == ((time(8), time(12)),)
    assert format_week_hours(week, range(6)) == "08:00-12:00, 13:00-17:00; sat 08:00-12:00"
    assert parse_week_hours(format_week_hours(week)) == week


def test_parse_holidays() -> None:
    assert parse_holidays("vn") == "VN"
    assert parse_holidays("none") is None
    assert parse_holidays("") is None
    with pytest.raises(ValueError):
        parse_holidays("Atlantis")


# --- properties of business time ---------------------------------------------------------------

calendars = st.builds(
    WorkCalendar,
    work_week=st.sampled_from([frozenset(range(5)), frozenset(range(6)), frozenset({0, 2, 4})]),
    hours=st.sampled_from(
        [
            (DEFAULT_HOURS,) * 7,
            parse_week_hours("07:30-11:30, 13:00-16:30; sat 08:00-12:00"),
            (((time(9), time(18)),),) * 7,
        ]
    ),
    holidays=st.sampled_from(["VN", None]),
)
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2029, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=TZ)
)
# Whole minutes: business time is counted in whole microseconds, so these add up exactly.
amounts = st.integers(min_value=0, max_value=60 * 200).map(lambda minutes: minutes / 60)


@given(calendars, moments, amounts, amounts)
def test_adding_business_hours_is_additive(cal: WorkCalendar, t: datetime, a: float, b: float) -> None:
    assert cal.add_business_hours(cal.add_business_hours(t, a), b) == cal.add_business_hours(t, a + b)


@given(calendars, moments, amounts, amounts)
def test_adding_business_hours_is_monotone_in_the_amount(
    cal: WorkCalendar, t: datetime, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    assert t <= cal.add_business_hours(t, low) <= cal.add_business_hours(t, high)


@given(calendars, moments, moments, amounts)
def test_adding_business_hours_is_monotone_in_the_start(
    cal: WorkCalendar, t1: datetime, t2: datetime, h: float
) -> None:
    early, late = sorted((t1, t2))
    assert cal.add_business_hours(early, h) <= cal.add_business_hours(late, h)


@given(calendars, moments, amounts)
def test_business_hours_between_inverts_addition(cal: WorkCalendar, t: datetime, h: float) -> None:
    assert cal.business_hours_between(t, cal.add_business_hours(t, h)) == pytest.approx(h, abs=1e-9)


@given(calendars, moments, st.integers(min_value=1, max_value=60 * 200).map(lambda m: m / 60))
def test_a_positive_sum_ends_inside_business_hours(cal: WorkCalendar, t: datetime, h: float) -> None:
    end = cal.add_business_hours(t, h)
    assert any(begin < end.time() <= finish for begin, finish in cal.business_hours(end.date()))


@given(calendars, st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)), st.integers(-30, 30))
def test_business_days_land_on_working_days(cal: WorkCalendar, d: date, n: int) -> None:
    result = cal.add_business_days(d, n)
    if n:
        assert cal.is_working_day(result)
        assert (result > d) == (n > 0)


@given(calendars, st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)), st.integers(-600, 600))
def test_add_business_days_equals_walking_day_by_day(cal: WorkCalendar, d: date, n: int) -> None:
    walked = d
    for _ in range(abs(n)):
        walked = cal.working_day_after(walked) if n > 0 else cal.working_day_before(walked)
    assert cal.add_business_days(d, n) == walked
