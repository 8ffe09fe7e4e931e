"""The second edition's phrases end to end: `actionplan timeframe`, a plan file and the web preview,
in English and in Vietnamese.

Plan start: Friday 2027-01-15 for the CLI and the plan file; acme's strategy starts Monday
2027-03-01 for the web preview. Calendar: Vietnam's defaults (Tết 2027 is 4-10 February, Liberation
Day 30 April, Labour Day observed 3 May).
"""

from __future__ import annotations

import html as html_lib
from datetime import date, datetime

import pytest
from conftest import at
from typer.testing import CliRunner, Result
from web_helpers import html

from actionplan.cli import app
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import ActionPlan, Occurrence

START = "2027-01-15"
runner = CliRunner()


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTIONPLAN_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def timeframe(*args: str, lang: str = "en") -> Result:
    """`actionplan timeframe ARGS...` with its messages in ``lang``."""
    return runner.invoke(app, ["timeframe", *args], env={"ACTIONPLAN_LANGUAGE": lang})


def moments(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return result.stdout.split()


# --- (a) the CLI --------------------------------------------------------------------------------

CLI_DUES = [
    ("cuối tháng 3", "2027-03-31T17:00:00+07:00"),
    ("tháng Ba", "2027-03-31T17:00:00+07:00"),
    ("end of March", "2027-03-31T17:00:00+07:00"),
    ("cuối tháng thứ 3", "2027-04-14T17:00:00+07:00"),
    ("cuối tháng thứ ba", "2027-04-14T17:00:00+07:00"),
    ("Q2", "2027-06-30T17:00:00+07:00"),
    ("cuối quý 2", "2027-06-30T17:00:00+07:00"),
    ("cuối quý thứ hai", "2027-07-14T17:00:00+07:00"),
    ("end of quarter 2", "2027-07-14T17:00:00+07:00"),
    ("tháng Giêng", "2027-01-29T17:00:00+07:00"),
    ("tháng Tư", "2027-04-29T17:00:00+07:00"),
    ("tháng Chạp", "2027-12-31T17:00:00+07:00"),
    ("tháng mười một", "2027-11-30T17:00:00+07:00"),
    ("sau 3 ngày làm việc", "2027-01-20T17:00:00+07:00"),
    ("sau 3 ngay lam viec", "2027-01-20T17:00:00+07:00"),
    ("after 3 business days", "2027-01-20T17:00:00+07:00"),
    ("trong 3 ngày làm việc", "2027-01-20T17:00:00+07:00"),
    ("cuối tháng sau", "2027-02-26T17:00:00+07:00"),
    ("cuoi thang sau", "2027-02-26T17:00:00+07:00"),
    ("end of next month", "2027-02-26T17:00:00+07:00"),
    ("cuối tuần sau", "2027-01-22T17:00:00+07:00"),
    ("next week", "2027-01-22T17:00:00+07:00"),
    ("cuối tháng này", "2027-01-29T17:00:00+07:00"),
    ("trong vòng 2 tuần", "2027-01-29T17:00:00+07:00"),
    ("2 tuần nữa", "2027-01-29T17:00:00+07:00"),
    ("giữa tháng 3", "2027-03-15T17:00:00+07:00"),
    ("mid-March", "2027-03-15T17:00:00+07:00"),
    ("đầu tháng 4", "2027-04-01T17:00:00+07:00"),
    ("start of month 2", "2027-02-15T17:00:00+07:00"),
    ("end of year 1", "2028-01-14T17:00:00+07:00"),
    ("cuối năm", "2027-12-31T17:00:00+07:00"),
    ("cuối năm 2027", "2027-12-31T17:00:00+07:00"),
    ("30/4", "2027-04-29T17:00:00+07:00"),
    ("trước Tết", "2027-02-03T17:00:00+07:00"),
    ("sau Tết", "2027-02-11T17:00:00+07:00"),
    ("2 weeks before Tết", "2027-01-21T17:00:00+07:00"),
    ("thứ Sáu tuần thứ ba", "2027-01-29T17:00:00+07:00"),
    ("Friday of week 3", "2027-01-29T17:00:00+07:00"),
    ("by Friday", "2027-01-15T17:00:00+07:00"),
    ("T2", "2027-01-18T17:00:00+07:00"),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(("phrase", "moment"), CLI_DUES, ids=[c[0] for c in CLI_DUES])
def test_the_cli_resolves_each_due_phrase_in_either_language(phrase: str, moment: str, lang: str) -> None:
    result = timeframe(phrase, "--start", START, lang=lang)
    assert moments(result) == [moment]
    reading = result.stderr.splitlines()[-1]
    assert reading.startswith("reading: " if lang == "en" else "cách hiểu: ")


CLI_REPEATS = [
    ("thứ Hai hàng tuần", ["2027-01-18", "2027-01-25", "2027-02-01", "2027-02-03"]),
    ("every Monday and Thursday", ["2027-01-18", "2027-01-21", "2027-01-25", "2027-01-28"]),
    ("ngày 15 hàng tháng", ["2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15"]),
    ("last day of each month", ["2027-01-29", "2027-02-26", "2027-03-31", "2027-04-29"]),
    ("thứ Hai đầu tiên của mỗi tháng", ["2027-02-01", "2027-03-01", "2027-04-05", "2027-05-04"]),
    ("biweekly", ["2027-01-28", "2027-02-11", "2027-02-25", "2027-03-11"]),
    ("hai tuần một lần", ["2027-01-28", "2027-02-11", "2027-02-25", "2027-03-11"]),
]


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize(("phrase", "days"), CLI_REPEATS, ids=[c[0] for c in CLI_REPEATS])
def test_the_cli_prints_each_occurrence_of_a_repeat(phrase: str, days: list[str], lang: str) -> None:
    result = timeframe(phrase, "--start", START, "--times", "4", lang=lang)
    assert moments(result) == [f"{day}T17:00:00+07:00" for day in days]


def test_the_cli_warns_of_a_calendar_month_read_in_the_next_year_then_gives_the_reading() -> None:
    result = timeframe("cuối tháng 3", "--start", "2027-05-01")
    assert moments(result) == ["2028-03-31T17:00:00+07:00"]
    assert result.stderr.splitlines() == [
        "warning: March is read as March 2028, the first one that ends on or after the plan's start, "
        "2027-05-01; did you mean the plan's own period, “end of month 3”?",
        "reading: end of March 2028 (calendar), from 2028-03-01 to 2028-03-31 → 2028-03-31",
    ]


def test_the_cli_warns_in_vietnamese_with_vietnamese_dates() -> None:
    result = timeframe("cuối tháng 3", "--start", "2027-05-01", lang="vi")
    assert moments(result) == ["2028-03-31T17:00:00+07:00"]
    warning, reading = result.stderr.splitlines()
    assert warning.startswith("cảnh báo: ")
    assert "tháng 3 năm 2028" in warning and "01/05/2027" in warning and "“cuối tháng thứ 3”" in warning
    assert (
        reading == "cách hiểu: cuối tháng 3 năm 2028 (theo lịch), từ 01/03/2028 đến 31/03/2028 → 31/03/2028"
    )


def test_the_cli_reads_a_plan_month_from_the_start() -> None:
    english = timeframe("cuối tháng thứ 3", "--start", START)
    assert english.stderr == (
        "reading: end of month 3 of the plan, from 2027-03-15 to 2027-04-14 "
        "(the plan starts 2027-01-15) → 2027-04-14\n"
    )
    vietnamese = timeframe("cuối tháng thứ 3", "--start", START, lang="vi")
    assert vietnamese.stderr == (
        "cách hiểu: cuối tháng thứ 3 của kế hoạch, từ 15/03/2027 đến 14/04/2027 "
        "(kế hoạch bắt đầu 15/01/2027) → 14/04/2027\n"
    )


@pytest.mark.parametrize(("lang", "calendar"), [("en", "(calendar)"), ("vi", "(theo lịch)")])
def test_the_cli_says_a_vietnamese_month_name_is_the_calendars(lang: str, calendar: str) -> None:
    result = timeframe("tháng Ba", "--start", START, lang=lang)
    assert calendar in result.stderr.splitlines()[-1]


def test_the_cli_warns_of_a_holiday_by_name_before_the_reading() -> None:
    result = timeframe("30/4", "--start", START)
    warning, reading = result.stderr.splitlines()
    assert warning == (
        "warning: 2027-04-30 is not a working day (Liberation Day/Reunification Day); "
        "the due date moves to the previous working day, 2027-04-29."
    )
    assert reading.startswith("reading: April 30, the first one on or after the plan's start, 2027-01-15")
    vietnamese = timeframe("30/4", "--start", START, lang="vi").stderr.splitlines()
    assert vietnamese[0].startswith("cảnh báo: 30/04/2027 ") and "29/04/2027" in vietnamese[0]
    assert "Ngày Chiến thắng" in vietnamese[0]
    assert vietnamese[1].startswith("cách hiểu: 30/4, ")


def test_the_cli_warns_of_every_monday_moved_out_of_the_tet_week() -> None:
    result = timeframe("every Monday", "--start", START, "--times", "5")
    assert moments(result)[3] == "2027-02-03T17:00:00+07:00"
    *warnings, reading = result.stderr.splitlines()
    assert warnings == [
        "warning: 2027-02-08 is not a working day (Third Day of Lunar New Year); "
        "the due date moves to the previous working day, 2027-02-03."
    ]
    assert reading == "reading: every Monday, counted from the plan's start, 2027-01-15"


def test_the_cli_reads_a_response_target_phrase_as_a_due_with_start_and_as_a_target_with_from() -> None:
    as_due = timeframe("trong 3 ngày làm việc", "--start", START)
    assert moments(as_due) == ["2027-01-20T17:00:00+07:00"]
    assert "+3 business days" in as_due.stderr
    as_target = timeframe("trong 3 ngày làm việc", "--from", "2027-01-15 10:00")
    assert moments(as_target) == ["2027-01-20T17:00:00+07:00"]
    assert as_target.stderr == ""


def test_the_cli_places_christmas_on_a_us_calendar_and_refuses_it_on_the_vietnamese_one() -> None:
    us = timeframe("before Christmas", "--start", START, "--holidays", "US", "--tz", "America/New_York")
    assert moments(us) == ["2027-12-23T17:00:00-05:00"]
    assert "2027-12-24 to 2027-12-25" in us.stderr
    vn = timeframe("before Christmas", "--start", START)
    assert vn.exit_code == 2 and vn.stdout == ""
    assert vn.stderr.startswith("error: ") and "Christmas" in vn.stderr


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_cli_quotes_a_bad_phrase_as_typed(lang: str) -> None:
    result = timeframe("Cuối Tháng Mnth", "--start", START, lang=lang)
    assert result.exit_code == 2 and result.stdout == ""
    assert "“Cuối Tháng Mnth”" in result.stderr
    assert "cuối tháng 3" in result.stderr  # a close accepted form


# --- (b) the plan file --------------------------------------------------------------------------

PLAN = """\
version: 1
organization: {id: acme, name: Acme Bakery, locale: en}
people:
  - {id: alice, name: Alice Nguyen}
strategies:
  - id: phrases
    title: The second edition's phrases
    start: 2027-01-15
    horizon: end of year 2
    action_plans:
      - id: january
        title: From 15 January
        responsible: alice
        steps:
          - {id: march, title: Calendar March, due: cuối tháng 3}
          - {id: third-month, title: The plan's third month, due: cuối tháng thứ 3}
          - {id: q2, title: Calendar Q2, due: Q2}
          - {id: before-tet, title: Before Tết, due: trước Tết}
          - {id: business-days, title: Three business days, due: sau 3 ngày làm việc}
          - {id: next-month, title: End of next month, due: cuoi thang sau}
          - {id: liberation, title: Liberation Day, due: 30/4}
          - {id: mondays, title: Every Monday, repeat: thứ Hai hàng tuần, times: 5}
          - {id: fifteenth, title: The 15th, repeat: on the 15th of each month, times: 5}
          - {id: last-day, title: The last day, repeat: ngày cuối cùng của mỗi tháng, times: 4}
          - {id: fortnight, title: Every two weeks, repeat: 2 tuần một lần, times: 3}
          - {id: every-march, title: Every March, repeat: yearly, due: end of March, times: 2}
      - id: may
        title: From 1 May
        responsible: alice
        start: 2027-05-01
        steps:
          - {id: march, title: March of the next year, due: cuối tháng 3}
"""


def location_of(text: str, line_holding: str, value: str) -> tuple[int, int]:
    """(line, column), 1-based, of ``value`` on the first line holding ``line_holding``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line_holding in line:
            return number, line.index(value, line.index(line_holding)) + 1
    raise AssertionError(line_holding)


def dues(plan_key: str, step_key: str) -> list[datetime]:
    found = Occurrence.objects.filter(step__action_plan__key=plan_key, step__key=step_key).order_by("number")
    return [occurrence.due for occurrence in found]


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("march", [at(2027, 3, 31)]),
        ("third-month", [at(2027, 4, 14)]),
        ("q2", [at(2027, 6, 30)]),
        ("before-tet", [at(2027, 2, 3)]),
        ("business-days", [at(2027, 1, 20)]),
        ("next-month", [at(2027, 2, 26)]),
        ("liberation", [at(2027, 4, 29)]),
        ("mondays", [at(2027, 1, 18), at(2027, 1, 25), at(2027, 2, 1), at(2027, 2, 3), at(2027, 2, 15)]),
        ("fifteenth", [at(2027, 1, 15), at(2027, 2, 15), at(2027, 3, 15), at(2027, 4, 15), at(2027, 5, 14)]),
        ("last-day", [at(2027, 1, 29), at(2027, 2, 26), at(2027, 3, 31), at(2027, 4, 29)]),
        ("fortnight", [at(2027, 1, 28), at(2027, 2, 11), at(2027, 2, 25)]),
        ("every-march", [at(2027, 3, 31), at(2028, 3, 31)]),
    ],
)
def test_a_plan_file_stores_the_dues_of_the_new_phrases(db, step: str, expected: list) -> None:
    import_plan_file(PLAN.encode(), "phrases.yaml")
    assert dues("january", step) == expected


def test_a_plan_file_reads_a_past_calendar_month_in_the_next_year_with_a_located_warning(db) -> None:
    result = import_plan_file(PLAN.encode(), "phrases.yaml")
    assert dues("may", "march") == [at(2028, 3, 31)]
    line, column = location_of(PLAN, "March of the next year", "cuối tháng 3")
    next_year = [w for w in result.warnings if "did you mean" in w.message.render()]
    assert [(w.location.file, w.location.line, w.location.column) for w in next_year] == [
        ("phrases.yaml", line, column)
    ]
    assert "“end of month 3”" in next_year[0].message.render()


def test_a_plan_file_locates_the_holiday_warnings_at_their_phrases(db) -> None:
    result = import_plan_file(PLAN.encode(), "phrases.yaml")
    located = {(w.location.line, w.location.column) for w in result.warnings}
    assert location_of(PLAN, "Liberation Day", "30/4") in located
    assert location_of(PLAN, "Every Monday", "thứ Hai hàng tuần") in located  # Tết: no due, at repeat


def test_the_import_command_prints_the_next_year_warning_as_file_line_column(cli, tmp_path) -> None:
    path = tmp_path / "phrases.yaml"
    path.write_text(PLAN, encoding="utf-8")
    line, column = location_of(PLAN, "March of the next year", "cuối tháng 3")

    result = cli("import", path)

    assert result.exit_code == 0, result.output
    assert (
        f"{path}:{line}:{column}: warning: March is read as March 2028, the first one that ends on or "
        "after the plan's start, 2027-05-01; did you mean the plan's own period, “end of month 3”?"
    ) in result.stderr.splitlines()


def test_the_import_command_prints_the_next_year_warning_in_vietnamese(cli, tmp_path) -> None:
    path = tmp_path / "phrases.yaml"
    path.write_text(PLAN, encoding="utf-8")
    line, column = location_of(PLAN, "March of the next year", "cuối tháng 3")

    result = cli("import", path, "--lang", "vi")

    assert result.exit_code == 0, result.output
    (warning,) = [w for w in result.stderr.splitlines() if w.startswith(f"{path}:{line}:{column}: ")]
    assert ": cảnh báo: " in warning
    assert "tháng 3 năm 2028" in warning and "01/05/2027" in warning and "“cuối tháng thứ 3”" in warning


# --- (c) the web preview ------------------------------------------------------------------------

PREVIEW = "/o/acme/steps/visibility/media/write/preview"  # acme's strategy starts Monday 2027-03-01


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def preview(client, **query: str) -> str:
    """The preview fragment as text (entities such as &#x27; read back)."""
    return html_lib.unescape(html(client.get(PREVIEW, query, headers={"HX-Request": "true"})))


def test_the_preview_reads_a_calendar_month_in_vietnamese(owner_client) -> None:
    text = preview(owner_client, due_phrase="cuối tháng 3")
    assert 'datetime="2027-03-31T17:00+07:00"' in text and "31/03/2027 17:00" in text
    assert "Được hiểu là:" in text
    assert "cuối tháng 3 năm 2027 (theo lịch), từ 01/03/2027 đến 31/03/2027 → 31/03/2027" in text


def test_the_preview_reads_a_calendar_month_in_english(owner_client) -> None:
    text = preview(english(owner_client), due_phrase="cuối tháng 3")
    assert 'datetime="2027-03-31T17:00+07:00"' in text and "31 Mar 2027 17:00" in text
    assert "Read as:" in text
    assert "end of March 2027 (calendar), from 2027-03-01 to 2027-03-31 → 2027-03-31" in text


def test_the_preview_reads_a_plan_month_in_vietnamese(owner_client) -> None:
    text = preview(owner_client, due_phrase="cuối tháng thứ 3")
    assert 'datetime="2027-05-31T17:00+07:00"' in text and "31/05/2027 17:00" in text
    assert "Được hiểu là:" in text
    assert (
        "cuối tháng thứ 3 của kế hoạch, từ 01/05/2027 đến 31/05/2027 (kế hoạch bắt đầu 01/03/2027)"
        " → 31/05/2027"
    ) in text


def test_the_preview_reads_a_plan_month_in_english(owner_client) -> None:
    text = preview(english(owner_client), due_phrase="cuối tháng thứ 3")
    assert 'datetime="2027-05-31T17:00+07:00"' in text and "31 May 2027 17:00" in text
    assert "Read as:" in text
    assert (
        "end of month 3 of the plan, from 2027-05-01 to 2027-05-31 (the plan starts 2027-03-01) → 2027-05-31"
    ) in text


def test_the_preview_refuses_a_bare_plan_month_and_suggests_its_end(owner_client) -> None:
    text = preview(owner_client, due_phrase="tháng thứ 3")
    assert "field__error" in text and "“tháng thứ 3”" in text
    assert "cuối tháng thứ 3" in text
    assert "Được hiểu là:" not in text


def test_the_preview_warns_of_a_calendar_month_read_in_the_next_year(owner_client) -> None:
    ActionPlan.objects.filter(key="media").update(start=date(2027, 5, 1))
    text = preview(owner_client, due_phrase="cuối tháng 3")
    assert 'datetime="2028-03-31T17:00+07:00"' in text
    assert "message--warning" in text and "“cuối tháng thứ 3”" in text and "01/05/2027" in text
    text = preview(english(owner_client), due_phrase="cuối tháng 3")
    assert "did you mean the plan's own period, “end of month 3”?" in text
    assert "end of March 2028 (calendar)" in text


@pytest.mark.parametrize(
    ("phrase", "days"),
    [
        ("thứ Hai hàng tuần", ["2027-03-01", "2027-03-08", "2027-03-15"]),  # a Monday start counts
        ("first Monday of each month", ["2027-03-01", "2027-04-05", "2027-05-04"]),  # 05-03 is off
        ("ngày 31 hàng tháng", ["2027-03-31", "2027-04-29", "2027-05-31"]),  # 04-30 is off
    ],
)
def test_the_preview_lists_the_occurrences_of_a_repeat_and_reads_it(owner_client, phrase, days) -> None:
    text = preview(owner_client, repeat_phrase=phrase, times="3")
    for day in days:
        assert f'datetime="{day}T17:00+07:00"' in text, day
    assert "Được hiểu là:" in text and "01/03/2027" in text


def test_the_preview_of_a_holiday_phrase_names_its_days(owner_client) -> None:
    text = preview(english(owner_client), due_phrase="sau Tết")
    # The start is 2027-03-01, so the next Tết is 2028's: Monday 24 to Saturday 29 January.
    assert 'datetime="2028-01-31T17:00+07:00"' in text
    assert "Read as:" in text and "after Tết: Tết is 2028-01-24 to 2028-01-29 → 2028-01-31" in text
