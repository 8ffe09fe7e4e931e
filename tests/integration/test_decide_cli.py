"""`actionplan decide REF (--reschedule DUE | --reassign WHO | --priority LEVEL | --drop) --reason TEXT`
and `actionplan rate REF LEVEL [--note TEXT]`: one line on success, one line and exit 2 on bad input,
nothing written."""

from __future__ import annotations

import json

import pytest
from clock import freeze_now
from conftest import at

from actionplan.accountability.models import Decision, Rating
from actionplan.planning.models import ChangeRecord, Occurrence, Step

pytestmark = pytest.mark.django_db
SEND2 = "visibility/media/send#2"
SEND3 = "visibility/media/send#3"
LIST = "visibility/media/list"


def occurrence(number):
    return Occurrence.objects.get(step__key="send", number=number)


def nothing_written():
    return not Decision.objects.exists() and not ChangeRecord.objects.exists() and not Rating.objects.exists()


def test_reschedule_prints_the_new_due_and_keeps_the_baseline(cli, org):
    result = cli("decide", SEND2, "--reschedule", "2027-05-14", "--reason", "printer broken")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{SEND2} rescheduled to 2027-05-14 17:00 (baseline due 2027-04-30 17:00 kept)\n"
    occ = occurrence(2)
    assert (occ.due, occ.baseline_due) == (at(2027, 5, 14), at(2027, 4, 30))
    review = json.loads(cli("review", "--format", "json", "--as-of", "2027-03-20").stdout)["items"]
    item = next(i for i in review if i["ref"] == SEND2)
    assert (item["due"], item["baseline_due"]) == ("2027-05-14T17:00:00+07:00", "2027-04-30T17:00:00+07:00")


def test_reschedule_to_a_phrase_from_today(cli, org, monkeypatch):
    freeze_now(monkeypatch, at(2027, 3, 15, 9))
    result = cli("decide", SEND2, "--reschedule", "+5 business days", "--reason", "r")
    assert result.exit_code == 0, result.output
    assert occurrence(2).due == at(2027, 3, 22)


def test_reassign_priority_and_drop(cli, org):
    assert cli("decide", SEND2, "--reassign", "marketing", "--reason", "bob away").stdout == (
        f"{SEND2} reassigned to marketing\n"
    )
    assert occurrence(2).responsible.key == "marketing"
    result = cli("decide", SEND2, "--priority", "cao", "--reason", "launch")
    assert result.exit_code == 0 and "priority of the step is now high" in result.stdout
    assert Step.objects.get(key="send").priority == 3
    assert cli("decide", SEND3, "--drop", "--reason", "no May issue").stdout == f"{SEND3} dropped\n"
    assert occurrence(3).dropped_at is not None
    review = json.loads(cli("review", "--format", "json", "--as-of", "2027-03-20").stdout)["items"]
    assert SEND3 not in {i["ref"] for i in review}
    records = ChangeRecord.objects.filter(action="decided", source="cli")
    assert [r.changes["decision"] for r in records.order_by("id")] == ["reassign", "reprioritise", "drop"]
    assert [d.reason for d in Decision.objects.order_by("id")] == ["bob away", "launch", "no May issue"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--reschedule", "2027-05-14"], "--reason: say why (a reason is required)"),
        (["--reschedule", "2027-05-14", "--reason", "  "], "--reason: say why"),
        (["--reassign", "nobody", "--reason", "r"], "unknown person, team or vendor nobody in acme"),
        (["--reassign", "charlie", "--reason", "r"], "unknown person, team or vendor charlie in acme"),
        (
            ["--reschedule", "next blue moon", "--reason", "r"],
            "is not a date, a date and time or a time frame",
        ),
        (["--reschedule", "2027-13-01", "--reason", "r"], "2027-13-01"),
        (["--priority", "urgent", "--reason", "r"], "urgent is not a priority"),
        (["--reason", "r"], "say one decision"),
        (["--drop", "--reassign", "alice", "--reason", "r"], "say one decision"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(cli, org, other_org, args, words):
    result = cli("decide", SEND2, *args, "--org", "acme")
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert nothing_written()
    assert occurrence(2).due == occurrence(2).baseline_due


def test_bad_refs_and_done_work_exit_2(cli, org):
    assert cli("decide", "nope/x/y", "--drop", "--reason", "r").exit_code == 2
    result = cli("decide", "visibility/media/send", "--drop", "--reason", "r")
    assert result.exit_code == 2 and "visibility/media/send#1" in result.stderr
    done = cli("decide", LIST, "--drop", "--reason", "r")
    assert done.exit_code == 2 and "reopen it first" in done.stderr
    assert nothing_written()


def test_vietnamese(cli, org):
    result = cli("decide", SEND2, "--reschedule", "2027-05-14", "--reason", "máy in hỏng", "--lang", "vi")
    assert result.exit_code == 0, result.output
    assert "đã dời hạn đến 2027-05-14 17:00 (vẫn giữ hạn ban đầu 2027-04-30 17:00)" in result.stdout
    bad = cli("decide", SEND3, "--reassign", "charlie", "--reason", "r", "--lang", "vi")
    assert (
        bad.exit_code == 2
        and "không có người, bộ phận hoặc đơn vị thuê ngoài charlie trong acme" in bad.stderr
    )
    no_reason = cli("decide", SEND3, "--drop", "--lang", "vi")
    assert no_reason.exit_code == 2 and "hãy ghi lý do (bắt buộc)" in no_reason.stderr
    unreadable = cli("decide", SEND3, "--reschedule", "hôm kia nữa", "--reason", "r", "--lang", "vi")
    assert (
        unreadable.exit_code == 2 and "không phải là ngày, ngày giờ hay khung thời gian" in unreadable.stderr
    )
    assert cli("decide", SEND3, "--drop", "--reason", "r", "--lang", "vi").stdout == f"{SEND3} đã huỷ\n"
    rated = cli("rate", LIST, "tốt", "--lang", "vi")
    assert rated.stdout == f"{LIST} được đánh giá 4/5 (tốt)\n"


def test_rate(cli, org):
    result = cli("rate", LIST, "4", "--note", "complete")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{LIST} rated 4/5 (good)\n"
    assert cli("rate", LIST, "xuất sắc").stdout == f"{LIST} rated 5/5 (excellent)\n"
    assert Rating.objects.get().level == 5
    for args, words in (([LIST, "7"], "7 is not a quality level"), ([SEND2, "3"], "is not done")):
        bad = cli("rate", *args)
        assert bad.exit_code == 2 and words in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert Rating.objects.get().level == 5
    card = json.loads(
        cli(
            "scorecard",
            "--format",
            "json",
            "--from",
            "2027-03-01",
            "--to",
            "2027-05-31",
            "--as-of",
            "2027-04-01",
        ).stdout
    )
    assert {r["id"]: r for r in card["rows"]}["alice"]["avg_quality"] == 5


def test_help_lists_the_options(cli):
    text = cli("decide", "--help").stdout
    for option in ("--reschedule", "--reassign", "--priority", "--drop", "--reason", "--org", "--lang"):
        assert option in text
    assert "excellent" in cli("rate", "--help").stdout
