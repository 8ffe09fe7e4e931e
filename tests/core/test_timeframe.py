"""The time-frame language on the article's own phrases, for three plan starts.

Calendar: Vietnam defaults (Monday-Friday, 08:00-12:00 + 13:00-17:00, VN holidays). In 2027 Tết
is 4-10 February, Hùng Kings' day 16 April, Liberation Day 30 April, Labour Day observed 3 May,
National Day 2-3 September.
"""

from datetime import date, datetime, time

import pytest

from actionplan.core.timeframe import (
    AbsoluteDate,
    Offset,
    PlanPeriod,
    Recurrence,
    Resolution,
    ResponseTarget,
    TimeFrameError,
    detect_language,
    occurrences,
    parse,
    parse_due,
    parse_repeat,
    parse_target,
    period,
    render,
    resolve,
    respond_by,
)
from actionplan.core.workcal import WorkCalendar, parse_week_hours, parse_work_week

VN = WorkCalendar()
TZ = VN.tzinfo
MONDAY = date(2027, 3, 1)
THIRTY_FIRST = date(2027, 1, 31)
BEFORE_TET = date(2027, 2, 1)


def cob(y: int, m: int, d: int) -> datetime:
    """Close of business (17:00 in Ho Chi Minh City)."""
    return datetime(y, m, d, 17, tzinfo=TZ)


def due_of(phrase: str, start: date, cal: WorkCalendar = VN) -> datetime:
    return resolve(parse_due(phrase), start, cal).due


# --- the "increase company visibility" strategy --------------------------------------------------

MEDIA_LIST = [
    "end of the second week of the first month",
    "by the end of the second week of the first month",
    "end of week 2 of month 1",
    "End of the 2nd week of the 1st month",
    "cuối tuần thứ hai của tháng đầu tiên",
    "vào cuối tuần thứ hai của tháng đầu tiên",
    "cuối tuần 2 của tháng thứ 1",
    "cuối tuần thứ 2 của tháng thứ nhất",
]


@pytest.mark.parametrize("phrase", MEDIA_LIST)
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (MONDAY, cob(2027, 3, 12)),  # week 2 = [Mar 8, Mar 15): Friday 12th
        (THIRTY_FIRST, cob(2027, 2, 12)),  # week 2 = [Feb 7, Feb 14): Tết ends the 10th, Friday 12th
        (BEFORE_TET, cob(2027, 2, 12)),  # week 2 = [Feb 8, Feb 15): Thursday 11th and Friday 12th work
    ],
)
def test_media_list_by_end_of_second_week_of_first_month(
    phrase: str, start: date, expected: datetime
) -> None:
    assert parse_due(phrase) == PlanPeriod("week", 2, 1)
    assert resolve(parse_due(phrase), start, VN) == Resolution(expected)


PRESS_RELEASES = [
    "end of the first month",
    "by the end of the first month",
    "end of month 1",
    "cuối tháng đầu tiên",
    "vào cuối tháng đầu tiên",
    "cuối tháng thứ 1",
    "cuoi thang thu nhat",
]


@pytest.mark.parametrize("phrase", PRESS_RELEASES)
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (MONDAY, cob(2027, 3, 31)),  # month 1 = [Mar 1, Apr 1)
        (THIRTY_FIRST, cob(2027, 2, 26)),  # month 1 = [Jan 31, Feb 28): Saturday 27th is off
        (BEFORE_TET, cob(2027, 2, 26)),  # month 1 = [Feb 1, Mar 1)
    ],
)
def test_six_press_releases_by_end_of_first_month(phrase: str, start: date, expected: datetime) -> None:
    assert parse_due(phrase) == PlanPeriod("month", 1)
    assert due_of(phrase, start) == expected


@pytest.mark.parametrize("due", ["end of month", "end of each month", "cuối tháng", "cuối mỗi tháng", None])
@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Apr 30 is Liberation Day, so April's release is on Thursday 29th; July 31 is a Saturday.
        (MONDAY, [cob(2027, 3, 31), cob(2027, 4, 29), cob(2027, 5, 31),
                  cob(2027, 6, 30), cob(2027, 7, 30), cob(2027, 8, 31)]),
        # Months from Jan 31 are clipped: [Jan 31, Feb 28), [Feb 28, Mar 31), [Mar 31, Apr 30), ...
        (THIRTY_FIRST, [cob(2027, 2, 26), cob(2027, 3, 30), cob(2027, 4, 29),
                        cob(2027, 5, 28), cob(2027, 6, 29), cob(2027, 7, 30)]),
        (BEFORE_TET, [cob(2027, 2, 26), cob(2027, 3, 31), cob(2027, 4, 29),
                      cob(2027, 5, 31), cob(2027, 6, 30), cob(2027, 7, 30)]),
    ],
)  # fmt: skip
def test_one_release_at_the_end_of_each_of_the_first_six_months(
    due: str | None, start: date, expected: list[datetime]
) -> None:
    found = occurrences(parse_repeat("monthly"), start, VN, due=parse_due(due) if due else None, times=6)
    assert [r.due for r in found] == expected
    assert all(not r.warnings for r in found)


@pytest.mark.parametrize(
    "phrase", ["regularly", "thường xuyên", "một cách thường xuyên", "weekly", "hàng tuần"]
)
@pytest.mark.parametrize("until", ["end of month 6", "end of the sixth month", "cuối tháng thứ sáu"])
@pytest.mark.parametrize(
    ("start", "first", "last"),
    [
        (MONDAY, cob(2027, 3, 5), cob(2027, 8, 27)),  # month 6 ends Tue Aug 31; Sep 1 is after it
        (THIRTY_FIRST, cob(2027, 2, 3), cob(2027, 7, 30)),  # first week [Jan 31, Feb 7): Tết from the 4th
        (BEFORE_TET, cob(2027, 2, 3), cob(2027, 7, 30)),
    ],
)
def test_track_news_regularly_until_end_of_month_six(
    phrase: str, until: str, start: date, first: datetime, last: datetime
) -> None:
    found = occurrences(parse_repeat(phrase), start, VN, until=parse_due(until))
    assert parse_repeat(phrase) == Recurrence("week")
    assert len(found) == 26
    assert (found[0].due, found[-1].due) == (first, last)
    assert all(a.due < b.due for a, b in zip(found, found[1:], strict=False))


def test_weekly_tracking_skips_to_thursday_in_a_holiday_week() -> None:
    found = occurrences(Recurrence("week"), MONDAY, VN, times=8)
    # Week 7 = [Apr 12, Apr 19): Friday 16th is Hùng Kings' day
    assert found[6].due == cob(2027, 4, 15)


# --- the customer-service strategy --------------------------------------------------------------

FOUR_HOURS = ["within four hours", "within 4 hours", "within 4 business hours", "within four working hours",
              "trong vòng bốn giờ", "trong vòng 4 giờ", "trong vòng 4 giờ làm việc"]  # fmt: skip


@pytest.mark.parametrize("phrase", FOUR_HOURS)
@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (datetime(2027, 3, 1, 15, 0, tzinfo=TZ), datetime(2027, 3, 2, 10, 0, tzinfo=TZ)),
        (datetime(2027, 3, 1, 9, 30, tzinfo=TZ), datetime(2027, 3, 1, 14, 30, tzinfo=TZ)),  # over lunch
        (datetime(2027, 3, 5, 18, 0, tzinfo=TZ), datetime(2027, 3, 8, 12, 0, tzinfo=TZ)),  # Friday night
        (datetime(2027, 2, 3, 16, 30, tzinfo=TZ), datetime(2027, 2, 11, 11, 30, tzinfo=TZ)),  # across Tết
    ],
)
def test_answer_every_email_within_four_hours(phrase: str, arrived: datetime, expected: datetime) -> None:
    assert parse_target(phrase) == ResponseTarget("business_hours", 4)
    assert respond_by(parse_target(phrase), arrived, VN) == expected


SAME_DAY = ["same day", "the same day", "same business day", "same working day", "trong ngày",
            "trong cùng một ngày", "trong cùng ngày", "cùng ngày"]  # fmt: skip


@pytest.mark.parametrize("phrase", SAME_DAY)
@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (datetime(2027, 3, 1, 15, 0), cob(2027, 3, 1)),
        (datetime(2027, 3, 1, 7, 0), cob(2027, 3, 1)),  # before opening still counts that day
        (datetime(2027, 3, 1, 17, 0), cob(2027, 3, 2)),  # at close: the next working day
        (datetime(2027, 3, 5, 18, 0), cob(2027, 3, 8)),  # Friday night: Monday
        (datetime(2027, 3, 6, 10, 0), cob(2027, 3, 8)),  # Saturday: Monday
        (datetime(2027, 2, 5, 10, 0), cob(2027, 2, 11)),  # during Tết
    ],
)
def test_return_phone_calls_the_same_day(phrase: str, arrived: datetime, expected: datetime) -> None:
    assert parse_target(phrase) == ResponseTarget("same_business_day")
    assert respond_by(parse_target(phrase), arrived, VN) == expected


NEXT_DAY = ["next day", "the next day", "next business day", "next working day", "ngày hôm sau",
            "vào ngày hôm sau", "ngày làm việc tiếp theo", "ngày tiếp theo"]  # fmt: skip


@pytest.mark.parametrize("phrase", NEXT_DAY)
@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        (datetime(2027, 3, 1, 15, 0), cob(2027, 3, 2)),
        (datetime(2027, 3, 1, 18, 0), cob(2027, 3, 2)),  # counted from the day it arrived
        (datetime(2027, 3, 5, 10, 0), cob(2027, 3, 8)),
        (datetime(2027, 3, 6, 10, 0), cob(2027, 3, 8)),
        (datetime(2027, 2, 3, 10, 0), cob(2027, 2, 11)),
    ],
)
def test_answer_letters_the_next_day(phrase: str, arrived: datetime, expected: datetime) -> None:
    assert parse_target(phrase) == ResponseTarget("next_business_day")
    assert respond_by(parse_target(phrase), arrived, VN) == expected


def test_clock_hours_and_business_days() -> None:
    arrived = datetime(2027, 3, 5, 15, 0, tzinfo=TZ)
    assert parse_target("within 4 clock hours") == ResponseTarget("clock_hours", 4)
    assert parse_target("trong vòng 4 giờ đồng hồ") == ResponseTarget("clock_hours", 4)
    assert respond_by(ResponseTarget("clock_hours", 4), arrived, VN) == datetime(2027, 3, 5, 19, tzinfo=TZ)
    assert parse_target("trong vòng 2 ngày làm việc") == ResponseTarget("business_days", 2)
    assert parse_target("within two business days") == ResponseTarget("business_days", 2)
    assert respond_by(ResponseTarget("business_days", 2), arrived, VN) == cob(2027, 3, 9)


# --- the rest of the language ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("2027-03-15", AbsoluteDate(date(2027, 3, 15))),
        ("2027-03-15 14:00", AbsoluteDate(date(2027, 3, 15), time(14))),
        ("2027-03-15T14:00", AbsoluteDate(date(2027, 3, 15), time(14))),
        ("15/03/2027", AbsoluteDate(date(2027, 3, 15))),
        ("by 15/03/2027 14h30", AbsoluteDate(date(2027, 3, 15), time(14, 30))),
        ("ngày 15/03/2027", AbsoluteDate(date(2027, 3, 15))),
        ("+10 days", Offset(10, "days")),
        ("+1 day", Offset(1, "days")),
        ("10 days after start", Offset(10, "days")),
        ("+2 weeks", Offset(2, "weeks")),
        ("+3 months", Offset(3, "months")),
        ("+5 business days", Offset(5, "business_days")),
        ("+5 working days", Offset(5, "business_days")),
        ("+10 ngày", Offset(10, "days")),
        ("+2 tuần", Offset(2, "weeks")),
        ("+3 tháng", Offset(3, "months")),
        ("+5 ngày làm việc", Offset(5, "business_days")),
        ("end of week 2", PlanPeriod("week", 2)),
        ("cuối tuần 2", PlanPeriod("week", 2)),
        ("end of quarter 1", PlanPeriod("quarter", 1)),
        ("end of the first quarter", PlanPeriod("quarter", 1)),
        ("cuối quý thứ 1", PlanPeriod("quarter", 1)),
        ("cuối tháng thứ sáu", PlanPeriod("month", 6)),
        ("end of the twelfth month", PlanPeriod("month", 12)),
        ("cuối tháng thứ mười hai", PlanPeriod("month", 12)),
        ("cuối tuần thứ tư", PlanPeriod("week", 4)),
        ("end of week", PlanPeriod("week", None)),
        ("cuối tuần", PlanPeriod("week", None)),
        ("END  OF   WEEK 2.", PlanPeriod("week", 2)),
        ("daily", Recurrence("day")),
        ("hàng ngày", Recurrence("day")),
        ("hằng ngày", Recurrence("day")),
        ("monthly", Recurrence("month")),
        ("hàng tháng", Recurrence("month")),
        ("quarterly", Recurrence("quarter")),
        ("hàng quý", Recurrence("quarter")),
        ("every 2 weeks", Recurrence("week", 2)),
        ("every other week", Recurrence("week", 2)),
        ("mỗi 2 tuần", Recurrence("week", 2)),
        ("mỗi hai tuần", Recurrence("week", 2)),
        ("every 3 days", Recurrence("day", 3)),
        ("mỗi 3 ngày", Recurrence("day", 3)),
        ("mỗi 2 tháng", Recurrence("month", 2)),
        ("every 2 quarters", Recurrence("quarter", 2)),
        ("every month", Recurrence("month")),
        ("mỗi tuần", Recurrence("week")),
    ],
)
def test_phrases_parse_to_values(phrase: str, value: object) -> None:
    assert parse(phrase) == value


def test_vietnamese_is_normalised_to_nfc() -> None:
    decomposed = "cuối tháng đầu tiên".encode().decode()
    import unicodedata

    assert parse(unicodedata.normalize("NFD", decomposed)) == PlanPeriod("month", 1)


def test_thu_hai_is_an_ordinal_not_monday() -> None:
    assert parse("cuối tuần thứ hai") == PlanPeriod("week", 2)


@pytest.mark.parametrize(
    ("phrase", "start", "expected", "warned"),
    [
        ("2027-03-15", MONDAY, cob(2027, 3, 15), False),
        ("2027-03-15 14:00", MONDAY, datetime(2027, 3, 15, 14, tzinfo=TZ), False),
        ("2027-03-13", MONDAY, cob(2027, 3, 12), True),  # a Saturday
        ("2027-03-13 10:00", MONDAY, datetime(2027, 3, 12, 10, tzinfo=TZ), True),
        ("+10 days", MONDAY, cob(2027, 3, 11), False),
        ("+10 days", THIRTY_FIRST, cob(2027, 2, 3), True),  # Feb 10 is in Tết
        ("+2 weeks", MONDAY, cob(2027, 3, 15), False),
        ("+3 months", THIRTY_FIRST, cob(2027, 4, 29), True),  # Apr 30 (clipped) is Liberation Day
        ("+1 month", THIRTY_FIRST, cob(2027, 2, 26), True),  # Feb 28 (clipped) is a Sunday
        ("+5 business days", MONDAY, cob(2027, 3, 8), False),
        ("+5 business days", BEFORE_TET, cob(2027, 2, 15), False),
        ("end of week 1", BEFORE_TET, cob(2027, 2, 3), False),
        ("end of week 2", BEFORE_TET, cob(2027, 2, 12), False),
        ("end of week 1", date(2027, 2, 4), cob(2027, 2, 3), True),  # all of [Feb 4, Feb 11) is Tết
        ("end of quarter 1", MONDAY, cob(2027, 5, 31), False),
        ("end of quarter 1", THIRTY_FIRST, cob(2027, 4, 29), False),  # [Jan 31, Apr 30)
        ("end of month 6", MONDAY, cob(2027, 8, 31), False),
        ("end of week 5 of month 1", MONDAY, cob(2027, 3, 31), False),  # [Mar 29, Apr 1)
        ("end of month", MONDAY, cob(2027, 3, 31), False),
    ],
)
def test_resolve(phrase: str, start: date, expected: datetime, warned: bool) -> None:
    resolution = resolve(parse_due(phrase), start, VN)
    assert resolution.due == expected
    assert bool(resolution.warnings) == warned


def test_warning_message_names_the_day_and_where_it_moved() -> None:
    (warning,) = resolve(parse_due("+10 days"), THIRTY_FIRST, VN).warnings
    assert warning.params["day"] == date(2027, 2, 10) and warning.params["moved"] == date(2027, 2, 3)
    assert warning.render() == (
        "2027-02-10 is not a working day (Fifth Day of Lunar New Year); "
        "the due date moves to the previous working day, 2027-02-03."
    )


def test_week_five_of_a_february_month_does_not_exist() -> None:
    with pytest.raises(TimeFrameError) as caught:
        resolve(PlanPeriod("week", 5, 1), BEFORE_TET, VN)
    assert caught.value.message.params["days"] == 28


def test_periods() -> None:
    assert period(PlanPeriod("month", 1), THIRTY_FIRST) == (date(2027, 1, 31), date(2027, 2, 28))
    assert period(PlanPeriod("month", 2), THIRTY_FIRST) == (date(2027, 2, 28), date(2027, 3, 31))
    assert period(PlanPeriod("week", 2, 1), THIRTY_FIRST) == (date(2027, 2, 7), date(2027, 2, 14))
    assert period(PlanPeriod("week", 5, 2), THIRTY_FIRST) == (date(2027, 3, 28), date(2027, 3, 31))
    assert period(PlanPeriod("quarter", 2), MONDAY) == (date(2027, 6, 1), date(2027, 9, 1))


def test_six_day_week_ends_on_saturday_noon() -> None:
    cal = WorkCalendar(
        work_week=parse_work_week("mon-sat"),
        hours=parse_week_hours("08:00-12:00, 13:00-17:00; sat 08:00-12:00"),
    )
    assert due_of("end of week 2", MONDAY, cal) == datetime(2027, 3, 13, 12, tzinfo=TZ)


# --- recurrences --------------------------------------------------------------------------------


def test_recurrence_due_inside_each_period() -> None:
    # "+2 days" counts from each period's start
    found = occurrences(Recurrence("week"), MONDAY, VN, due=Offset(2, "days"), times=3)
    assert [r.due for r in found] == [cob(2027, 3, 3), cob(2027, 3, 10), cob(2027, 3, 17)]
    # "end of week 2" of each quarter
    found = occurrences(Recurrence("quarter"), MONDAY, VN, due=PlanPeriod("week", 2), times=2)
    assert [r.due for r in found] == [cob(2027, 3, 12), cob(2027, 6, 14)]  # [Jun 8, Jun 15)
    # "end of month" in a quarterly repeat is the end of the quarter's first month
    found = occurrences(Recurrence("quarter"), MONDAY, VN, due=PlanPeriod("month", None), times=2)
    assert [r.due for r in found] == [cob(2027, 3, 31), cob(2027, 6, 30)]


def test_daily_means_every_working_day() -> None:
    found = occurrences(Recurrence("day"), date(2027, 2, 1), VN, times=5)
    assert [r.due.date() for r in found] == [
        date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3), date(2027, 2, 11), date(2027, 2, 12)
    ]  # fmt: skip


def test_every_two_weeks_and_every_two_quarters() -> None:
    found = occurrences(parse_repeat("every 2 weeks"), MONDAY, VN, times=3)
    assert [r.due for r in found] == [cob(2027, 3, 12), cob(2027, 3, 26), cob(2027, 4, 9)]
    found = occurrences(parse_repeat("every 2 quarters"), MONDAY, VN, times=2)
    assert [r.due for r in found] == [cob(2027, 8, 31), cob(2028, 2, 29)]


def test_recurrence_bounds() -> None:
    weekly = Recurrence("week")
    with pytest.raises(TimeFrameError):
        occurrences(weekly, MONDAY, VN)
    horizon = datetime(2027, 4, 1, tzinfo=TZ)
    assert len(occurrences(weekly, MONDAY, VN, horizon=horizon)) == 4  # Fridays 5, 12, 19, 26 March
    # times wins over the horizon; until is combined with times
    assert len(occurrences(weekly, MONDAY, VN, times=8, horizon=horizon)) == 8
    assert len(occurrences(weekly, MONDAY, VN, times=8, until=PlanPeriod("month", 1))) == 4
    assert len(occurrences(weekly, MONDAY, VN, times=2, until=PlanPeriod("month", 1))) == 2
    assert len(occurrences(weekly, MONDAY, VN, until="end of month 1")) == 4
    assert len(occurrences(weekly, MONDAY, VN, until=date(2027, 3, 12))) == 2
    assert occurrences(weekly, MONDAY, VN, times=0) == []


def test_recurrence_is_capped_at_a_thousand() -> None:
    found = occurrences(Recurrence("day"), MONDAY, VN, horizon=datetime(2040, 1, 1, tzinfo=TZ))
    assert len(found) == 1000
    assert found[-1].warnings
    with pytest.raises(TimeFrameError):
        occurrences(Recurrence("day"), MONDAY, VN, times=1001)


@pytest.mark.parametrize(
    ("repeat", "due"),
    [
        (Recurrence("week"), PlanPeriod("month", None)),  # a month does not fit in a week
        (Recurrence("week"), Offset(7, "days")),  # falls in the next week
        (Recurrence("month"), AbsoluteDate(date(2027, 3, 15))),
    ],
)
def test_a_due_that_does_not_fit_the_period_is_an_error(repeat: Recurrence, due: object) -> None:
    with pytest.raises(TimeFrameError):
        occurrences(repeat, MONDAY, VN, due=due, times=2)  # type: ignore[arg-type]


# --- errors, suggestions, rendering ------------------------------------------------------------


def test_unknown_words_are_named_with_the_closest_forms() -> None:
    with pytest.raises(TimeFrameError) as caught:
        parse("end of wek 2")
    error = caught.value
    assert error.unknown_words == ("wek",)
    assert error.suggestions[0] == "end of week 2"
    assert "wek" in str(error) and "end of week 2" in str(error)
    assert error.message.msgid.startswith("Not understood")


def test_vietnamese_errors_suggest_vietnamese_forms() -> None:
    with pytest.raises(TimeFrameError) as caught:
        parse("cuối tuầm 2")
    assert caught.value.unknown_words == ("tuầm",)
    assert "cuối tuần 2" in caught.value.suggestions


def test_known_words_in_a_wrong_order_get_suggestions() -> None:
    with pytest.raises(TimeFrameError) as caught:
        parse("week end of 2")
    assert caught.value.unknown_words == ()
    assert caught.value.suggestions


@pytest.mark.parametrize(
    "phrase",
    ["", "   ", "2027-02-30", "31/02/2027", "+0 weeks of month", "end of week 0", "every 0 days",
     "within 0 hours", "+99999999 days", "14:00", "end of month 2 of month 1", "thứ", "cuối tháng 13",
     "quý 5", "31/4", "32/1", "first Monday of each 2 months", "every 0 Mondays", "before",
     "trước thứ", "month 3", "2027", "ngày 0 hàng tháng", "on the 32nd of each month",
     "fifth Monday of each month"],
)  # fmt: skip
def test_bad_phrases_raise_time_frame_errors(phrase: str) -> None:
    with pytest.raises(TimeFrameError):
        parse(phrase)


def test_parse_kind_helpers_refuse_other_kinds() -> None:
    with pytest.raises(TimeFrameError, match="not a due date"):
        parse_due("weekly")
    with pytest.raises(TimeFrameError, match="not a repetition"):
        parse_repeat("end of month 1")
    with pytest.raises(TimeFrameError, match="not a response target"):
        parse_target("+2 days")
    with pytest.raises(TimeFrameError):
        resolve(Recurrence("week"), MONDAY, VN)


def test_language_is_detected_or_given() -> None:
    assert detect_language("cuối tháng thứ 1") == "vi"
    assert detect_language("trong ngày") == "vi"
    assert detect_language("end of month 1") == "en"
    assert detect_language("2027-03-15") == "en"
    assert parse("cuối tháng thứ 1", lang="vi") == PlanPeriod("month", 1)
    with pytest.raises(TimeFrameError):
        parse("cuối tháng thứ 1", lang="en")
    with pytest.raises(TimeFrameError):
        parse("end of month 1", lang="vi")
    with pytest.raises(TimeFrameError):
        parse("end of month 1", lang="fr")


@pytest.mark.parametrize(
    ("value", "en", "vi"),
    [
        (AbsoluteDate(date(2027, 3, 15)), "2027-03-15", "15/03/2027"),
        (AbsoluteDate(date(2027, 3, 15), time(14)), "2027-03-15 14:00", "15/03/2027 14:00"),
        (Offset(1, "days"), "+1 day", "+1 ngày"),
        (Offset(5, "business_days"), "+5 business days", "+5 ngày làm việc"),
        (PlanPeriod("week", 2, 1), "end of week 2 of month 1", "cuối tuần 2 của tháng thứ 1"),
        (PlanPeriod("month", None), "end of month", "cuối tháng"),
        (PlanPeriod("quarter", 1), "end of quarter 1", "cuối quý thứ 1"),
        (Recurrence("week"), "weekly", "hàng tuần"),
        (Recurrence("week", 2), "every 2 weeks", "mỗi 2 tuần"),
        (ResponseTarget("business_hours", 4), "within 4 business hours", "trong vòng 4 giờ làm việc"),
        (ResponseTarget("clock_hours", 1), "within 1 clock hour", "trong vòng 1 giờ đồng hồ"),
        (ResponseTarget("business_days", 2), "within 2 business days", "trong vòng 2 ngày làm việc"),
        (ResponseTarget("same_business_day"), "same business day", "trong ngày"),
        (ResponseTarget("next_business_day"), "next business day", "ngày làm việc tiếp theo"),
    ],
)
def test_render_canonical_phrases(value: object, en: str, vi: str) -> None:
    assert render(value, "en") == en  # type: ignore[arg-type]
    assert render(value, "vi") == vi  # type: ignore[arg-type]
    assert parse(en) == parse(vi) == value


def test_values_are_hashable_and_validated() -> None:
    assert len({PlanPeriod("week", 2, 1), PlanPeriod("week", 2, 1)}) == 1
    with pytest.raises(TimeFrameError):
        PlanPeriod("month", 1, 2)
    with pytest.raises(TimeFrameError):
        ResponseTarget("same_business_day", 3)
    with pytest.raises(TimeFrameError):
        Offset(-1, "days")


@pytest.mark.parametrize(
    ("unmarked", "marked"),
    [
        ("cuoi tuan thu hai cua thang dau tien", "cuối tuần thứ hai của tháng đầu tiên"),
        ("cuoi thang dau tien", "cuối tháng đầu tiên"),
        ("cuoi thang thu sau", "cuối tháng thứ sáu"),
        ("cuoi tuan thu tu", "cuối tuần thứ tư"),
        ("hang thang", "hàng tháng"),
        ("thuong xuyen", "thường xuyên"),
        ("trong vong 4 gio lam viec", "trong vòng 4 giờ làm việc"),
        ("trong vong 4 tieng", "trong vòng 4 tiếng"),
        ("trong ngay", "trong ngày"),
        ("ngay lam viec tiep theo", "ngày làm việc tiếp theo"),
        ("ngay hom sau", "ngày hôm sau"),
        ("+5 ngay lam viec", "+5 ngày làm việc"),
        ("+10 ngay sau khi bat dau", "+10 ngày sau khi bắt đầu"),
        ("cuối thang 1", "cuối tháng 1"),  # some marks typed, some not
        ("CUOI THANG 1", "cuối tháng 1"),
    ],
)
def test_vietnamese_typed_without_marks(unmarked: str, marked: str) -> None:
    assert parse(unmarked) == parse(marked)
    assert parse(unmarked, lang="vi") == parse(marked)
    assert detect_language(unmarked) == "vi"


def test_unmarked_vietnamese_with_a_mistake_names_only_the_unknown_word() -> None:
    with pytest.raises(TimeFrameError) as raised:
        parse("cuoi thang mnth")
    assert raised.value.unknown_words == ("mnth",)
    assert raised.value.suggestions[0].startswith("cuối tháng")


def test_unmarked_vietnamese_is_not_english() -> None:
    with pytest.raises(TimeFrameError):
        parse("cuoi thang 1", lang="en")
