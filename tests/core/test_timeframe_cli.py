"""`actionplan timeframe`, run through Typer's CliRunner on a tiny app that registers it."""

import pytest
import typer
from typer.testing import CliRunner, Result

from actionplan.commands.timeframe import timeframe

app = typer.Typer()
app.command("timeframe")(timeframe)


@app.callback()
def _root() -> None:
    """Keep `timeframe` a subcommand, as in the real CLI."""


runner = CliRunner()


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTIONPLAN_LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run(*args: str) -> Result:
    return runner.invoke(app, ["timeframe", *args])


def test_a_due_prints_one_iso_moment() -> None:
    result = run("end of the second week of the first month", "--start", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2027-02-12T17:00:00+07:00\n"
    # No warning; how the phrase was read, so that the reader sees which period was taken.
    assert result.stderr == (
        "reading: end of week 2 of month 1 of the plan, from 2027-02-08 to 2027-02-14 "
        "(the plan starts 2027-02-01) → 2027-02-12\n"
    )


def test_vietnamese_phrase() -> None:
    result = run("cuối tháng đầu tiên", "--start", "2027-01-31", "--lang", "vi")
    assert result.stdout == "2027-02-26T17:00:00+07:00\n"


def test_a_recurrence_prints_every_occurrence() -> None:
    result = run("monthly", "--start", "2027-03-01", "--times", "6", "--due", "end of month")
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [
        "2027-03-31T17:00:00+07:00",
        "2027-04-29T17:00:00+07:00",
        "2027-05-31T17:00:00+07:00",
        "2027-06-30T17:00:00+07:00",
        "2027-07-30T17:00:00+07:00",
        "2027-08-31T17:00:00+07:00",
    ]


def test_a_recurrence_with_until_or_by_default_twelve_months() -> None:
    assert len(run("regularly", "--start", "2027-03-01", "--until", "end of month 6").stdout.split()) == 26
    assert len(run("hàng quý", "--start", "2027-03-01").stdout.split()) == 4


def test_a_response_target_needs_from() -> None:
    result = run("within four hours", "--from", "2027-02-03 16:30")
    assert result.stdout == "2027-02-11T11:30:00+07:00\n"
    result = run("within four hours", "--start", "2027-02-03")
    assert result.exit_code == 2
    assert "--from" in result.stderr


def test_warnings_go_to_stderr() -> None:
    result = run("+10 days", "--start", "2027-01-31")
    assert result.exit_code == 0
    assert result.stdout == "2027-02-03T17:00:00+07:00\n"
    assert result.stderr.startswith("warning: 2027-02-10 is not a working day")


def test_calendar_options() -> None:
    result = run(
        "end of week 1",
        "--start", "2027-02-01",
        "--holidays", "none",
        "--work-week", "mon-sat",
        "--hours", "08:00-12:00, 13:00-17:00; sat 08:00-11:30",
        "--tz", "UTC",
    )  # fmt: skip
    assert result.stdout == "2027-02-06T11:30:00+00:00\n"
    result = run(
        "end of week 1", "--start", "2027-03-01", "--closed", "2027-03-05", "--working", "2027-03-06"
    )
    assert result.stdout == "2027-03-06T17:00:00+07:00\n"


def test_a_bad_phrase_exits_2_with_the_unknown_words_and_closest_forms() -> None:
    result = run("end of wek 2", "--start", "2027-03-01")
    assert result.exit_code == 2
    assert "wek" in result.stderr and "end of week 2" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_bad_options_exit_2_without_traceback() -> None:
    for args in (
        ["end of week 1", "--start", "2027-13-01"],
        ["end of week 1"],
        ["end of week 1", "--start", "2027-03-01", "--tz", "Mars/Olympus"],
        ["end of week 1", "--start", "2027-03-01", "--hours", "noon"],
        ["end of week 1", "--start", "2027-03-01", "--holidays", "XX"],
        ["weekly", "--start", "2027-03-01", "--times", "5000"],
        ["weekly", "--start", "2027-03-01", "--until", "sometime"],
    ):
        result = run(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: "), args
        assert result.exception is None or isinstance(result.exception, SystemExit), args


def test_messages_speak_the_cli_language_whatever_the_phrase_language(monkeypatch) -> None:
    monkeypatch.setenv("ACTIONPLAN_LANGUAGE", "vi")
    moved = run("2027-03-06", "--start", "2027-03-01", "--lang", "en")
    assert moved.stdout == "2027-03-05T17:00:00+07:00\n"
    assert moved.stderr == (
        "cảnh báo: 06/03/2027 là ngày nghỉ; hạn dời về ngày làm việc liền trước, 05/03/2027.\n"
        "cách hiểu: ngày 06/03/2027 → 05/03/2027\n"
    )
    bad = run("end of week 2 of mnth 1", "--start", "2027-03-01")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("lỗi: Không hiểu: mnth trong “end of week 2 of mnth 1”. Bạn có thể viết")
    assert "end of week 2 of month 1" in bad.stderr
    assert (
        run("cuối tháng 1", "--start", "3/2027").stderr
        == "lỗi: --start: 3/2027 không phải là ngày (YYYY-MM-DD).\n"
    )
