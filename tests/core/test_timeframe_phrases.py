"""The second edition's phrases on the core API: each one's value, its due for a fixed start, and
its canonical English and Vietnamese phrases, which parse back to the same value.

Plan start: Friday 2027-01-15, unless a test says otherwise. Calendar: Vietnam's defaults
(Monday-Friday, 08:00-12:00 + 13:00-17:00, VN holidays). In 2027 Tết is 4-10 February, Hùng Kings'
day 16 April (a Friday), Liberation Day 30 April (a Friday), Labour Day 1 May (a Saturday,
observed Monday 3 May), National Day 2-3 September. In 2028 30 April is a Sunday.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import actionplan
from actionplan.core.messages import Message
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
    explain,
    occurrences,
    parse,
    parse_due,
    parse_repeat,
    parse_target,
    period,
    render,
    resolve,
)
from actionplan.core.timeframe.renderer import PeriodName, Phrase
from actionplan.core.workcal import WorkCalendar

VN = WorkCalendar()
TZ = VN.tzinfo
START = date(2027, 1, 15)  # a Friday
LOCALE = Path(actionplan.__file__).parent / "locale"
VI = gettext.translation("django", str(LOCALE), ["vi"]).gettext


def cob(y: int, m: int, d: int) -> datetime:
    """Close of business (17:00 in Ho Chi Minh City)."""
    return datetime(y, m, d, 17, tzinfo=TZ)


def in_vietnamese(message: Message) -> str:
    return message.render(VI)


def parses_back_in_both_languages(value: object) -> None:
    for lang in ("en", "vi"):
        text = render(value, lang)  # type: ignore[arg-type]
        assert parse(text) == value, (lang, text)


# --- dues ---------------------------------------------------------------------------------------

# (phrase, value, due from START, whether the due moved off a day off)
DUES = [
    # calendar names against plan periods
    ("cuối tháng 3", CalendarPeriod("month", 3), date(2027, 3, 31), False),
    ("cuối tháng thứ 3", PlanPeriod("month", 3), date(2027, 4, 14), False),  # [03-15, 04-15)
    ("cuối tháng thứ ba", PlanPeriod("month", 3), date(2027, 4, 14), False),
    ("quý 2", CalendarPeriod("quarter", 2), date(2027, 6, 30), False),
    ("cuối quý 2", CalendarPeriod("quarter", 2), date(2027, 6, 30), False),
    ("Q2", CalendarPeriod("quarter", 2), date(2027, 6, 30), False),
    ("end of Q2", CalendarPeriod("quarter", 2), date(2027, 6, 30), False),
    ("cuối quý thứ hai", PlanPeriod("quarter", 2), date(2027, 7, 14), False),  # [04-15, 07-15)
    ("end of quarter 2", PlanPeriod("quarter", 2), date(2027, 7, 14), False),
    ("tháng Ba", CalendarPeriod("month", 3), date(2027, 3, 31), False),
    ("tháng Giêng", CalendarPeriod("month", 1), date(2027, 1, 29), False),  # 30-31 are a weekend
    ("tháng Chạp", CalendarPeriod("month", 12), date(2027, 12, 31), False),
    ("tháng Tư", CalendarPeriod("month", 4), date(2027, 4, 29), False),  # 30 April is off
    ("tháng mười một", CalendarPeriod("month", 11), date(2027, 11, 30), False),
    ("end of March", CalendarPeriod("month", 3), date(2027, 3, 31), False),
    ("giữa tháng 3", CalendarPeriod("month", 3, part="middle"), date(2027, 3, 15), False),
    ("mid-March", CalendarPeriod("month", 3, part="middle"), date(2027, 3, 15), False),
    ("đầu tháng 4", CalendarPeriod("month", 4, part="start"), date(2027, 4, 1), False),
    ("start of April", CalendarPeriod("month", 4, part="start"), date(2027, 4, 1), False),
    ("start of month 2", PlanPeriod("month", 2, part="start"), date(2027, 2, 15), False),
    ("end of year 1", PlanPeriod("year", 1), date(2028, 1, 14), False),
    ("end of 2027", CalendarPeriod("year", None, 2027), date(2027, 12, 31), False),
    ("cuối năm 2027", CalendarPeriod("year", None, 2027), date(2027, 12, 31), False),
    # this and next (calendar weeks from Monday)
    ("cuối năm", RelativePeriod("year", 0), date(2027, 12, 31), False),
    ("cuối tháng này", RelativePeriod("month", 0), date(2027, 1, 29), False),
    ("end of this month", RelativePeriod("month", 0), date(2027, 1, 29), False),
    ("cuối tháng sau", RelativePeriod("month", 1), date(2027, 2, 26), False),
    ("end of next month", RelativePeriod("month", 1), date(2027, 2, 26), False),
    ("cuối tuần sau", RelativePeriod("week", 1), date(2027, 1, 22), False),
    ("tuần sau", RelativePeriod("week", 1), date(2027, 1, 22), False),
    ("next week", RelativePeriod("week", 1), date(2027, 1, 22), False),
    # offsets
    ("sau 3 ngày làm việc", Offset(3, "business_days"), date(2027, 1, 20), False),
    ("after 3 business days", Offset(3, "business_days"), date(2027, 1, 20), False),
    ("in 3 business days", Offset(3, "business_days"), date(2027, 1, 20), False),
    ("trong 3 ngày làm việc", Offset(3, "business_days"), date(2027, 1, 20), False),
    ("trong vòng 2 tuần", Offset(2, "weeks"), date(2027, 1, 29), False),
    ("within 2 weeks", Offset(2, "weeks"), date(2027, 1, 29), False),
    ("2 tuần nữa", Offset(2, "weeks"), date(2027, 1, 29), False),
    # a date without a year
    ("30/4", DayMonth(30, 4), date(2027, 4, 29), True),  # Liberation Day
    # weekdays
    ("by Friday", WeekdayDue(4), date(2027, 1, 15), False),  # the start itself
    ("trước thứ Sáu", WeekdayDue(4), date(2027, 1, 15), False),
    ("Friday of week 3", WeekdayDue(4, week=3), date(2027, 1, 29), False),  # week 3 = [01-29, 02-05)
    ("thứ Sáu tuần thứ ba", WeekdayDue(4, week=3), date(2027, 1, 29), False),
    ("T2", WeekdayDue(0), date(2027, 1, 18), False),
    ("CN", WeekdayDue(6), date(2027, 1, 15), True),  # Sunday 01-17 is off
    ("Chủ nhật", WeekdayDue(6), date(2027, 1, 15), True),
    ("thứ 7", WeekdayDue(5), date(2027, 1, 15), True),  # Saturday 01-16 is off
    # holidays
    ("trước Tết", HolidayDue("tet"), date(2027, 2, 3), False),
    ("sau Tết", HolidayDue("tet", after=True), date(2027, 2, 11), False),
    ("after Tết", HolidayDue("tet", after=True), date(2027, 2, 11), False),
    ("2 tuần trước Tết", HolidayDue("tet", amount=2, unit="weeks"), date(2027, 1, 21), False),
    ("2 weeks before Tết", HolidayDue("tet", amount=2, unit="weeks"), date(2027, 1, 21), False),
]


@pytest.mark.parametrize(("phrase", "value", "day", "moved"), DUES, ids=[d[0] for d in DUES])
def test_a_due_phrase_parses_to_its_value_and_resolves_from_the_start(
    phrase: str, value: object, day: date, moved: bool
) -> None:
    assert parse_due(phrase) == value
    resolution = resolve(parse_due(phrase), START, VN)
    assert resolution.due == cob(day.year, day.month, day.day)
    assert bool(resolution.warnings) == moved, [w.render() for w in resolution.warnings]


@pytest.mark.parametrize("value", list(dict.fromkeys(d[1] for d in DUES)), ids=repr)
def test_a_due_renders_in_both_languages_and_parses_back(value: object) -> None:
    parses_back_in_both_languages(value)


def test_the_calendar_month_is_not_the_plan_month() -> None:
    march, third = parse_due("cuối tháng 3"), parse_due("cuối tháng thứ 3")
    assert period(march, START) == (date(2027, 3, 1), date(2027, 4, 1))
    assert period(third, START) == (date(2027, 3, 15), date(2027, 4, 15))
    assert resolve(march, START, VN).due == cob(2027, 3, 31)
    assert resolve(third, START, VN).due == cob(2027, 4, 14)


def test_the_calendar_quarter_is_not_the_plan_quarter() -> None:
    assert period(parse_due("Q2"), START) == (date(2027, 4, 1), date(2027, 7, 1))
    assert period(parse_due("cuối quý thứ hai"), START) == (date(2027, 4, 15), date(2027, 7, 15))
    assert period(parse_due("end of quarter 2"), START) == (date(2027, 4, 15), date(2027, 7, 15))


def test_vietnamese_month_names_are_calendar_months() -> None:
    names = ["tháng Giêng", "tháng Ba", "tháng Tư", "tháng mười một", "tháng Chạp"]
    assert [parse_due(n) for n in names] == [CalendarPeriod("month", m) for m in (1, 3, 4, 11, 12)]


def test_a_response_target_phrase_is_an_offset_as_a_due() -> None:
    assert parse("trong 3 ngày làm việc") == ResponseTarget("business_days", 3)
    assert parse_target("trong 3 ngày làm việc") == ResponseTarget("business_days", 3)
    assert parse_due("trong 3 ngày làm việc") == Offset(3, "business_days")


def test_before_christmas_on_a_us_calendar() -> None:
    us = WorkCalendar(timezone="America/New_York", holidays="US")
    value = parse_due("before Christmas")
    assert value == HolidayDue("christmas")
    # Christmas 2027 is a Saturday, observed Friday 24th: the last working day before is the 23rd.
    assert resolve(value, START, us).due == datetime(2027, 12, 23, 17, tzinfo=ZoneInfo("America/New_York"))
    parses_back_in_both_languages(value)


def test_before_christmas_on_the_vietnamese_calendar_is_an_error_naming_it() -> None:
    with pytest.raises(TimeFrameError) as raised:
        resolve(parse_due("before Christmas"), START, VN)
    assert "Christmas" in str(raised.value) and "VN" in str(raised.value)
    assert "Lunar New Year" in str(raised.value)  # the holidays it does know


# --- a calendar name read in the next year -------------------------------------------------------

MAY_START = date(2027, 5, 1)


def test_a_calendar_month_already_past_is_next_years_with_a_warning_naming_the_plan_period() -> None:
    resolution = resolve(parse_due("cuối tháng 3"), MAY_START, VN)
    assert resolution.due == cob(2028, 3, 31)
    (warning,) = resolution.warnings
    assert warning.params["phrase"] == PeriodName(CalendarPeriod("month", 3))
    assert warning.params["read"] == PeriodName(CalendarPeriod("month", 3, 2028))
    assert warning.params["start"] == MAY_START
    assert warning.params["other"] == Phrase(PlanPeriod("month", 3))
    english = warning.render()
    assert "March 2028" in english and "2027-05-01" in english
    assert "did you mean the plan's own period, “end of month 3”?" in english
    vietnamese = in_vietnamese(warning)
    assert "tháng 3 năm 2028" in vietnamese and "01/05/2027" in vietnamese
    assert "“cuối tháng thứ 3”" in vietnamese


def test_a_calendar_quarter_already_past_names_the_plan_quarter() -> None:
    resolution = resolve(parse_due("Q1"), MAY_START, VN)
    assert resolution.due == cob(2028, 3, 31)
    (warning,) = resolution.warnings
    assert "“end of quarter 1”" in warning.render()


def test_a_calendar_month_in_the_starts_year_gives_no_warning() -> None:
    assert resolve(parse_due("cuối tháng 3"), START, VN).warnings == ()
    assert resolve(parse_due("cuối tháng 5"), MAY_START, VN).warnings == ()


def test_a_date_without_a_year_already_past_is_next_years_with_a_warning() -> None:
    resolution = resolve(parse_due("30/4"), MAY_START, VN)
    # 2028-04-30 is a Sunday (and Liberation Day): the Friday before.
    assert resolution.due == cob(2028, 4, 28)
    texts = [w.render() for w in resolution.warnings]
    assert any("2028-04-30" in t and "first one on or after the plan's start, 2027-05-01" in t for t in texts)


# --- "sau" is after or next, never "sáu" (six) -------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("sau 3 ngày làm việc", Offset(3, "business_days")),
        ("sau 3 ngay lam viec", Offset(3, "business_days")),
        ("cuối tháng sau", RelativePeriod("month", 1)),
        ("cuoi thang sau", RelativePeriod("month", 1)),
        ("cuối tuần sau", RelativePeriod("week", 1)),
        ("cuoi tuan sau", RelativePeriod("week", 1)),
        ("sau Tết", HolidayDue("tet", after=True)),
        ("sau tet", HolidayDue("tet", after=True)),
        ("2 tuần sau Tết", HolidayDue("tet", after=True, amount=2, unit="weeks")),
        ("2 tuan sau tet", HolidayDue("tet", after=True, amount=2, unit="weeks")),
    ],
)
def test_sau_is_after_or_next_also_typed_without_marks(phrase: str, value: object) -> None:
    assert parse(phrase) == value


def test_a_counted_period_after_tet_counts_from_its_last_day() -> None:
    # Tết 2027 ends Wednesday 10 February; two weeks later is Wednesday 24 February.
    assert resolve(parse("2 tuần sau Tết"), START, VN).due == cob(2027, 2, 24)
    assert parse("2 weeks after Tết") == parse("2 tuần sau Tết")


def test_sau_and_sau_with_marks_are_different_words() -> None:
    assert parse("cuối tháng sau") == RelativePeriod("month", 1)
    assert parse("cuối tháng sáu") == CalendarPeriod("month", 6)  # June
    assert parse("cuối tháng thứ sáu") == PlanPeriod("month", 6)


def test_next_calendar_week_counts_from_monday() -> None:
    # The start is a Friday: next week is Monday 01-18 to Sunday 01-24.
    assert period(parse("cuối tuần sau"), START) == (date(2027, 1, 18), date(2027, 1, 25))
    assert resolve(parse("cuối tuần sau"), START, VN).due == cob(2027, 1, 22)
    assert resolve(parse("cuối tuần sau"), date(2027, 1, 18), VN).due == cob(2027, 1, 29)


def test_next_calendar_month_is_the_month_after_the_starts() -> None:
    assert period(parse("cuoi thang sau"), START) == (date(2027, 2, 1), date(2027, 3, 1))
    assert resolve(parse("cuoi thang sau"), START, VN).due == cob(2027, 2, 26)


def test_an_error_quotes_the_phrase_as_typed() -> None:
    with pytest.raises(TimeFrameError) as raised:
        parse("Cuối Tháng Mnth")
    assert "“Cuối Tháng Mnth”" in str(raised.value)
    assert raised.value.unknown_words == ("mnth",)


def test_an_error_on_a_phrase_typed_without_marks_quotes_it_without_marks() -> None:
    with pytest.raises(TimeFrameError) as raised:
        parse("Cuoi Thang Mnth")
    assert "“Cuoi Thang Mnth”" in str(raised.value)
    assert "cuối tháng mnth" not in str(raised.value).lower()


def test_suggestions_for_a_weekday_phrase_are_weekday_phrases() -> None:
    with pytest.raises(TimeFrameError) as raised:
        parse("thứ Sáu tuần thứ bx")
    error = raised.value
    assert "bx" in error.unknown_words
    assert error.suggestions
    for suggestion in error.suggestions:
        value = parse(suggestion)
        has_weekday = isinstance(value, WeekdayDue) or (isinstance(value, Recurrence) and value.weekdays)
        assert has_weekday, suggestion
    assert "thứ Sáu tuần thứ ba" in error.suggestions


# --- repeats ------------------------------------------------------------------------------------

# (phrase, value, the first occurrences from START)
REPEATS = [
    ("thứ Hai hàng tuần", Recurrence("week", 1, (0,)),
     [date(2027, 1, 18), date(2027, 1, 25), date(2027, 2, 1), date(2027, 2, 3), date(2027, 2, 15)]),
    ("every Monday", Recurrence("week", 1, (0,)),
     [date(2027, 1, 18), date(2027, 1, 25), date(2027, 2, 1), date(2027, 2, 3), date(2027, 2, 15)]),
    ("mỗi thứ Sáu", Recurrence("week", 1, (4,)),
     [date(2027, 1, 15), date(2027, 1, 22), date(2027, 1, 29), date(2027, 2, 3), date(2027, 2, 12)]),
    ("thứ 2 và thứ 5 hàng tuần", Recurrence("week", 1, (0, 3)),
     [date(2027, 1, 18), date(2027, 1, 21), date(2027, 1, 25), date(2027, 1, 28)]),
    ("every Monday and Thursday", Recurrence("week", 1, (0, 3)),
     [date(2027, 1, 18), date(2027, 1, 21), date(2027, 1, 25), date(2027, 1, 28)]),
    ("ngày 15 hàng tháng", Recurrence("month", day=15),
     [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15), date(2027, 4, 15), date(2027, 5, 14)]),
    ("on the 15th of each month", Recurrence("month", day=15),
     [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15), date(2027, 4, 15), date(2027, 5, 14)]),
    ("ngày cuối cùng của mỗi tháng", Recurrence("month", day=-1),
     [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 31), date(2027, 4, 29)]),
    ("last day of each month", Recurrence("month", day=-1),
     [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 31), date(2027, 4, 29)]),
    ("ngày 31 hàng tháng", Recurrence("month", day=31),
     [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 31), date(2027, 4, 29)]),
    ("thứ Hai đầu tiên của mỗi tháng", Recurrence("month", 1, (0,), nth=1),
     [date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 5), date(2027, 5, 4)]),
    ("first Monday of each month", Recurrence("month", 1, (0,), nth=1),
     [date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 5), date(2027, 5, 4)]),
    ("2 tuần một lần", Recurrence("week", 2), [date(2027, 1, 28), date(2027, 2, 11), date(2027, 2, 25)]),
    ("hai tuần một lần", Recurrence("week", 2), [date(2027, 1, 28), date(2027, 2, 11), date(2027, 2, 25)]),
    ("biweekly", Recurrence("week", 2), [date(2027, 1, 28), date(2027, 2, 11), date(2027, 2, 25)]),
    ("fortnightly", Recurrence("week", 2), [date(2027, 1, 28), date(2027, 2, 11), date(2027, 2, 25)]),
    ("yearly", Recurrence("year"), [date(2028, 1, 14), date(2029, 1, 12)]),  # 2029-01-14 is a Sunday
    ("hàng năm", Recurrence("year"), [date(2028, 1, 14), date(2029, 1, 12)]),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "value", "days"), REPEATS, ids=[r[0] for r in REPEATS])
def test_a_repeat_phrase_parses_to_its_value_and_its_first_occurrences(
    phrase: str, value: Recurrence, days: list[date]
) -> None:
    assert parse_repeat(phrase) == value
    assert parse(phrase) == value
    found = occurrences(parse_repeat(phrase), START, VN, times=len(days))
    assert [r.due for r in found] == [cob(d.year, d.month, d.day) for d in days]


@pytest.mark.parametrize("value", list(dict.fromkeys(r[1] for r in REPEATS)), ids=repr)
def test_a_repeat_renders_in_both_languages_and_parses_back(value: Recurrence) -> None:
    parses_back_in_both_languages(value)


def test_the_31st_of_a_shorter_month_is_its_last_working_day() -> None:
    found = occurrences(parse_repeat("ngày 31 hàng tháng"), START, VN, times=4)
    february = found[1]
    # February 2027 has 28 days; 27 and 28 are a weekend.
    assert february.due == cob(2027, 2, 26)
    assert [w.params["day"] for w in february.warnings] == [date(2027, 2, 28)]


def test_a_weekday_in_the_tet_week_moves_to_the_previous_working_day_with_a_warning() -> None:
    found = occurrences(parse_repeat("every Monday"), START, VN, times=5)
    tet = found[3]
    assert tet.due == cob(2027, 2, 3)
    (warning,) = tet.warnings
    assert warning.params["day"] == date(2027, 2, 8) and warning.params["moved"] == date(2027, 2, 3)
    assert "Lunar New Year" in warning.render()
    assert all(not r.warnings for i, r in enumerate(found) if i != 3)


def test_a_monday_start_counts_for_every_monday() -> None:
    monday = date(2027, 3, 1)
    found = occurrences(parse_repeat("thứ Hai hàng tuần"), monday, VN, times=3)
    assert [r.due for r in found] == [cob(2027, 3, 1), cob(2027, 3, 8), cob(2027, 3, 15)]


def test_a_first_monday_on_a_day_off_with_no_working_day_before_it_in_its_month_moves_later() -> None:
    may = occurrences(parse_repeat("first Monday of each month"), START, VN, times=4)[3]
    assert may.due == cob(2027, 5, 4)  # 05-03 is Labour Day observed; 05-01 and 05-02 are a weekend
    (warning,) = may.warnings
    assert "next working day" in warning.render()


# --- warnings in the reader's language ----------------------------------------------------------


def test_a_warning_names_the_holiday_and_uses_the_readers_date_format() -> None:
    (warning,) = resolve(parse_due("30/4"), START, VN).warnings
    english = warning.render()
    assert "2027-04-30" in english and "2027-04-29" in english
    assert "Liberation Day/Reunification Day" in english
    vietnamese = in_vietnamese(warning)
    assert "30/04/2027" in vietnamese and "29/04/2027" in vietnamese
    assert "2027-04-30" not in vietnamese
    assert "Ngày Chiến thắng" in vietnamese  # the holiday's Vietnamese name in the holiday data


def test_a_tet_warning_in_vietnamese_names_the_day_of_tet() -> None:
    tet = occurrences(parse_repeat("thứ Hai hàng tuần"), START, VN, times=4)[3]
    vietnamese = in_vietnamese(tet.warnings[0])
    assert "08/02/2027" in vietnamese and "03/02/2027" in vietnamese
    assert "Tết" in vietnamese


# --- how a phrase was read ----------------------------------------------------------------------


def test_explain_a_plan_month() -> None:
    reading = explain(parse("cuối tháng thứ 3"), START, VN)
    english = reading.render()
    assert "month 3 of the plan" in english and "2027-01-15" in english
    assert "2027-03-15 to 2027-04-14" in english and english.endswith("→ 2027-04-14")
    vietnamese = in_vietnamese(reading)
    assert "tháng thứ 3" in vietnamese and "15/01/2027" in vietnamese
    assert vietnamese.endswith("→ 14/04/2027")


def test_explain_a_calendar_month() -> None:
    reading = explain(parse("tháng Ba"), START, VN)
    english = reading.render()
    assert "(calendar)" in english and "March 2027" in english and english.endswith("→ 2027-03-31")
    vietnamese = in_vietnamese(reading)
    assert "(theo lịch)" in vietnamese and "tháng 3 năm 2027" in vietnamese
    assert vietnamese.endswith("→ 31/03/2027")


def test_explain_a_calendar_month_read_in_the_next_year_names_that_year() -> None:
    english = explain(parse("cuối tháng 3"), MAY_START, VN).render()
    assert "March 2028 (calendar)" in english and english.endswith("→ 2028-03-31")


def test_explain_a_holiday_gives_its_days() -> None:
    english = explain(parse("trước Tết"), START, VN).render()
    assert "2027-02-04 to 2027-02-10" in english and english.endswith("→ 2027-02-03")
    assert "04/02/2027" in in_vietnamese(explain(parse("trước Tết"), START, VN))


def test_explain_a_repeat_counts_from_the_start() -> None:
    reading = explain(parse("thứ Hai hàng tuần"), START, VN)
    assert reading.render() == "every Monday, counted from the plan's start, 2027-01-15"
    assert "thứ Hai hàng tuần" in in_vietnamese(reading) and "15/01/2027" in in_vietnamese(reading)


def test_explain_an_absolute_date() -> None:
    reading = explain(AbsoluteDate(date(2027, 3, 6)), START, VN)  # a Saturday
    assert reading.render() == "the date 2027-03-06 → 2027-03-05"


@pytest.mark.parametrize(
    ("phrase", "english", "vietnamese"),
    [
        ("cuối tháng sau", "end of February 2027 (calendar)", "cuối tháng 2 năm 2027 (theo lịch)"),
        ("cuối năm", "end of 2027 (calendar)", "cuối năm 2027 (theo lịch)"),
        ("end of this quarter", "end of Q1 2027 (calendar)", "cuối quý 1 năm 2027 (theo lịch)"),
        ("cuối tháng", "end of month 1 of the plan", "cuối tháng thứ 1 của kế hoạch"),
    ],
)
def test_explain_names_the_period_a_phrase_lands_on(phrase: str, english: str, vietnamese: str) -> None:
    reading = explain(parse(phrase), START, VN)
    assert reading.render().startswith(english)
    assert in_vietnamese(reading).startswith(vietnamese)
