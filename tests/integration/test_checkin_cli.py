"""`actionplan checkin REF [--percent N] [--note TEXT] [--blocked REASON | --unblocked]`."""

from __future__ import annotations

import json

import pytest

from actionplan.planning.models import ChangeRecord, CheckIn

pytestmark = pytest.mark.django_db
SEND1 = "visibility/media/send#1"


def test_checkin_prints_one_line_and_records(cli, org):
    result = cli("checkin", SEND1, "--percent", "40", "--note", "two of five sent")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{SEND1} checked in at ")
    assert "40% done" in result.stdout and len(result.stdout.strip().splitlines()) == 1
    row = CheckIn.objects.get()
    assert (row.percent, row.note, row.author) == (40, "two of five sent", None)
    record = ChangeRecord.objects.get(action="checked_in")
    assert (record.source, record.reason, record.changes) == (
        "cli",
        "two of five sent",
        {"percent_done": [None, 40]},
    )


def test_blocked_then_unblocked_shows_in_the_review(cli, org):
    assert cli("checkin", SEND1, "--blocked", "no printer").exit_code == 0
    items = {
        i["ref"]: i
        for i in json.loads(cli("review", "--format", "json", "--as-of", "2027-03-20").stdout)["items"]
    }
    assert items[SEND1]["blocked"] == "no printer"
    assert set(items[SEND1]) >= {"percent_done", "blocked", "baseline_due"}

    result = cli("checkin", SEND1, "--unblocked")
    assert result.exit_code == 0 and "no longer blocked" in result.stdout
    items = {
        i["ref"]: i
        for i in json.loads(cli("review", "--format", "json", "--as-of", "2027-03-20").stdout)["items"]
    }
    assert items[SEND1]["blocked"] is None


def test_the_review_table_shows_progress(cli, org):
    cli("checkin", SEND1, "--percent", "55", "--blocked", "no printer")
    table = cli("review", "--as-of", "2027-03-20").stdout
    assert "55%" in table and "blocked: no printer" in table


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--percent", "140"], "percent: 140 is not a whole number from 0 to 100"),
        (["--percent", "abc"], "percent: abc"),
        (["--blocked", " "], "blocked: say why"),
        (["--blocked", "x", "--unblocked"], "exclude each other"),
        ([], "nothing to record"),
        (["--percent", "5", "--at", "2099-01-01"], "in the future"),
        (["--percent", "5", "--at", "soon"], "--at: soon is not a date"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(cli, org, args, words):
    result = cli("checkin", SEND1, *args)

    assert result.exit_code == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert CheckIn.objects.count() == 0 and ChangeRecord.objects.count() == 0


def test_bad_refs_exit_2(cli, org):
    assert cli("checkin", "nope/x/y", "--percent", "5").exit_code == 2
    result = cli("checkin", "visibility/media/send", "--percent", "5")
    assert result.exit_code == 2 and "visibility/media/send#1" in result.stderr
    done = cli("checkin", "visibility/media/list", "--percent", "5")
    assert done.exit_code == 2 and "reopen" in done.stderr


def test_vietnamese(cli, org):
    result = cli("checkin", SEND1, "--percent", "30", "--blocked", "chờ báo giá", "--lang", "vi")
    assert result.exit_code == 0, result.output
    assert "đã xong 30%" in result.stdout and "bị vướng: chờ báo giá" in result.stdout
    bad = cli("checkin", SEND1, "--percent", "300", "--lang", "vi")
    assert bad.exit_code == 2 and "từ 0 đến 100" in bad.stderr


def test_help_lists_the_options(cli):
    text = cli("checkin", "--help").stdout
    for option in ("--percent", "--note", "--blocked", "--unblocked", "--org", "--lang"):
        assert option in text
