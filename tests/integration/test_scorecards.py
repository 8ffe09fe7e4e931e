"""The scorecard from the database: the page, `actionplan scorecard`, and the baseline rule.

acme (see conftest): list (alice, due 12/3, done 11/3), write (writer, due 31/3), send #1 and #3
(marketing, 31/3 and 31/5), send #2 (bob, 30/4); alice is in marketing.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from clock import freeze_now
from conftest import at
from django.db import connection
from django.test.utils import CaptureQueriesContext
from test_web_workload import _import_generated, _queries
from web_helpers import html, occurrence

from actionplan.accountability.scorecards import build_scorecard, default_period
from actionplan.core.scorecard import Period
from actionplan.planning.actions import mark_done
from actionplan.planning.editing import update_step
from actionplan.planning.models import Occurrence, Step
from actionplan.planning.review import build_review

pytestmark = pytest.mark.django_db
SPRING = Period(date(2027, 3, 1), date(2027, 5, 31))


def rows(card, kind):
    return {r["id"]: r for r in card.to_json(kind)["rows"]}


def test_rows_per_person_team_vendor_and_strategy(org):
    card = build_scorecard(org, at(2027, 4, 15, 9), SPRING)
    people, teams = rows(card, "person"), rows(card, "team")
    assert people["alice"] == {
        "kind": "person",
        "id": "alice",
        "name": "Alice Nguyen",
        "due": 1,
        "done_on_time": 1,
        "done_late": 0,
        "on_time_rate": 1.0,
        "avg_slip_days": 0.0,
        "max_slip_days": 0,
        "open_overdue": 0,
        "avg_quality": None,  # ratings come with review meetings
        "blocked_hours": 0.0,  # no check-in says it was blocked
    }
    assert people["bob"]["due"] == 1 and people["bob"]["on_time_rate"] is None  # due 30/4: not yet
    # the team: its own send #1 and #3, plus its member alice's list
    assert teams["marketing"]["due"] == 3 and teams["marketing"]["open_overdue"] == 1
    assert rows(card, "vendor")["writer"]["open_overdue"] == 1
    strategy = rows(card, "strategy")["visibility"]
    assert (strategy["due"], strategy["percent_done"]) == (5, 20.0)
    assert strategy["forecast_end"] is not None


def test_rescheduling_never_changes_the_baseline_and_slip_counts_from_it(org, monkeypatch):
    # Given `write` (baseline due Wednesday 31/3) moved to the end of April
    step = Step.objects.get(key="write")
    update_step(
        step,
        title=step.title,
        description="",
        responsible=step.responsible,
        due_phrase="end of month 2",
        repeat_phrase=None,
        times=None,
        until_phrase=None,
        effort_hours=None,
        priority=step.priority,
    )
    occ = occurrence(org, "write")
    assert occ.due == at(2027, 4, 29) and occ.baseline_due == at(2027, 3, 31)  # 30/4 is a holiday
    # When it is done on Friday 9/4, before the new due but after the baseline (recorded then:
    # a completion may be backdated, never put in the future)
    freeze_now(monkeypatch, at(2027, 4, 9, 11))
    mark_done(occ, at(2027, 4, 9, 10))
    as_of = at(2027, 4, 20, 9)
    # Then the review (current due) says on time, the scorecard (baseline) says late
    review = {i.ref: i.status for i in build_review(org, as_of).items}
    assert review["visibility/media/write"] == "done_on_time"
    writer = rows(build_scorecard(org, as_of, SPRING), "vendor")["writer"]
    assert (writer["done_on_time"], writer["done_late"], writer["on_time_rate"]) == (0, 1, 0.0)
    # 1, 2, 5, 6, 7, 8, 9 April: seven working days after the baseline
    assert writer["max_slip_days"] == 7
    assert Occurrence.objects.get(pk=occ.pk).baseline_due == at(2027, 3, 31)


def test_an_occurrence_counts_in_the_period_of_its_baseline_due(org):
    Occurrence.objects.filter(step__key="list").update(due=at(2027, 6, 30))
    march = build_scorecard(org, at(2027, 7, 1), Period(date(2027, 3, 1), date(2027, 3, 31)))
    june = build_scorecard(org, at(2027, 7, 1), Period(date(2027, 6, 1), date(2027, 6, 30)))
    assert rows(march, "person")["alice"]["due"] == 1
    assert rows(june, "person")["alice"]["due"] == 0


def test_the_default_period_is_the_last_twelve_weeks():
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    period = default_period(at(2027, 4, 15, 9), tz)  # a Thursday
    assert period.last == date(2027, 4, 15)
    assert period.first == date(2027, 4, 12) - timedelta(weeks=11) and len(period.weeks()) == 12


# --------------------------------------------------------------------------------------------
# actionplan scorecard


def test_cli_json(cli, org):
    result = cli(
        "scorecard", "--by", "vendor", "--from", "2027-03-01", "--to", "2027-05-31",
        "--as-of", "2027-04-15 09:00", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["id"] for r in data["rows"]] == ["writer"]
    assert set(data["rows"][0]) >= {
        "kind", "id", "name", "due", "done_on_time", "done_late", "on_time_rate", "avg_slip_days",
        "max_slip_days", "open_overdue", "avg_quality",
    }  # fmt: skip


def test_cli_table_and_strategy_keys(cli, org):
    result = cli("scorecard", "--from", "2027-03-01", "--to", "2027-05-31", "--as-of", "2027-04-15")
    assert result.exit_code == 0, result.output
    assert "Alice Nguyen" in result.stdout and "100 %" in result.stdout
    data = json.loads(
        cli(
            "scorecard",
            "--by",
            "strategy",
            "--from",
            "2027-03-01",
            "--as-of",
            "2027-06-01",
            "--format",
            "json",
        ).stdout
    )
    assert {"percent_done", "total_slip_days", "forecast_end"} <= set(data["rows"][0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2027-05-01", "--to", "2027-03-01"), "--from 2027-05-01 is after --to 2027-03-01"),
        (("--from", "31/3/2027"), "--from: 31/3/2027 is not a date"),
        (("--to", "soon"), "--to: soon is not a date"),
        (("--as-of", "tomorrow"), "--as-of: tomorrow is not a date"),
        (("--by", "plan"), "--by must be person, team, vendor or strategy"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(cli, org, args, message):
    result = cli("scorecard", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_in_vietnamese(cli, org):
    result = cli("scorecard", "--lang", "vi", "--from", "2027-05-01", "--to", "2027-03-01")
    assert result.exit_code == 2 and "sau" in result.stderr


# --------------------------------------------------------------------------------------------
# The page


def test_the_page_in_vietnamese_with_charts(owner_client, org):
    # Given work due and done in the last weeks (the page is as of now)
    from django.utils import timezone

    now = timezone.now()
    Occurrence.objects.filter(step__key="list").update(
        due=now - timedelta(days=9),
        baseline_due=now - timedelta(days=10),
        completed_at=now - timedelta(days=9),
    )
    text = html(owner_client.get("/o/acme/scorecard/"))
    assert "<h1>Bảng đánh giá</h1>" in text
    assert 'href="/o/acme/scorecard/" aria-current="page"' in text
    assert 'data-row="person/alice"' in text and 'data-row="strategy/visibility"' in text
    alice = text.split('data-row="person/alice"', 1)[1].split("</tr>", 1)[0]
    assert 'data-key="on_time_rate">0 %' in alice  # done a day after the baseline
    # the chart: an image with a title and a description, and the numbers as text
    assert '<svg class="spark"' in alice and 'role="img"' in alice
    assert "<title" in alice and "<desc" in alice and "0 % đúng hạn (0/1)" in alice
    assert "<script" not in text.split("<main", 1)[1]


def test_the_page_in_english_and_a_period(owner_client, org):
    owner_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = html(owner_client.get("/o/acme/scorecard/?from=2027-03-01&to=2027-05-31"))
    assert "<h1>Scorecard</h1>" in text and 'value="2027-03-01"' in text
    assert "On-time rate per week of Alice Nguyen" in text
    bad = html(owner_client.get("/o/acme/scorecard/?from=2027-05-01&to=2027-03-01"))
    assert "showing the last 12 weeks" in bad


def test_outsiders_cannot_see_it(outsider_client, org):
    assert outsider_client.get("/o/acme/scorecard/").status_code in (403, 404)


def test_the_page_runs_a_bounded_number_of_queries(owner_client, alice, tmp_path):
    _import_generated(tmp_path, 40, alice)
    small = _queries(owner_client, "/o/bench/scorecard/")
    _import_generated(tmp_path, 400, alice)  # the same organization, ten times the steps
    assert Occurrence.objects.filter(organization__key="bench").count() == 400
    large = _queries(owner_client, "/o/bench/scorecard/")
    assert large == small, f"{small} queries with 40 steps, {large} with 400"
    # session, user, organization, the user's organizations, then the scorecard's four reads
    assert small <= 8


def test_build_scorecard_reads_four_queries(org):
    with CaptureQueriesContext(connection) as ctx:
        build_scorecard(org, at(2027, 4, 15, 9), SPRING)
    assert len(ctx.captured_queries) == 4


# --------------------------------------------------------------------------------------------
# Blocked time (check-ins)


def test_blocked_time_is_the_business_hours_between_blocked_and_unblocked(org, monkeypatch):
    from actionplan.accountability.checkins import check_in

    # Given send #2 (bob, due Friday 30/4) blocked on Monday 19/4 at 10:00 and unblocked on
    # Tuesday 20/4 at 15:00 (a percent in between carries the block), then blocked again on
    # Thursday 22/4 at 16:00 and still blocked
    send2 = occurrence(org, "send", 2)
    freeze_now(monkeypatch, at(2027, 4, 23, 9))
    check_in(send2, blocked="chờ máy in", at=at(2027, 4, 19, 10))
    check_in(send2, percent=30, at=at(2027, 4, 19, 14))
    check_in(send2, unblocked=True, at=at(2027, 4, 20, 15))
    check_in(send2, blocked="chờ báo giá", at=at(2027, 4, 22, 16))
    card = build_scorecard(org, at(2027, 4, 23, 9), SPRING)
    # Then 19/4 10-12 and 13-17 (6 h), 20/4 8-12 and 13-15 (6 h), 22/4 16-17 (1 h), 23/4 8-9 (1 h)
    assert rows(card, "person")["bob"]["blocked_hours"] == 14.0
    # alice's list has check-ins of none: known, zero; a row with nothing due has no figure
    assert rows(card, "person")["alice"]["blocked_hours"] == 0.0
    assert rows(card, "team")["marketing"]["blocked_hours"] == 0.0  # bob is not in marketing
    # And a completion closes the span: done on Monday 26/4 at 9:00
    freeze_now(monkeypatch, at(2027, 4, 26, 10))
    mark_done(send2, at(2027, 4, 26, 9))
    later = build_scorecard(org, at(2027, 5, 3, 9), SPRING)
    assert rows(later, "person")["bob"]["blocked_hours"] == 12.0 + 1.0 + 8.0 + 1.0  # 22/4, 23/4, 26/4
    empty = build_scorecard(org, at(2027, 4, 23, 9), Period(date(2027, 6, 1), date(2027, 6, 30)))
    assert rows(empty, "person")["bob"]["blocked_hours"] is None


def test_blocked_time_costs_no_query_more(org, monkeypatch):
    from actionplan.accountability.checkins import check_in

    freeze_now(monkeypatch, at(2027, 4, 23, 9))
    check_in(occurrence(org, "write"), blocked="x", at=at(2027, 3, 30, 8))
    with CaptureQueriesContext(connection) as ctx:
        card = build_scorecard(org, at(2027, 3, 31, 8), SPRING)
    assert len(ctx.captured_queries) == 4
    assert rows(card, "vendor")["writer"]["blocked_hours"] == 8.0  # 30/3 8-12, 13-17


def test_blocked_time_on_the_page(owner_client, alice, org, monkeypatch):
    from actionplan.accountability.checkins import check_in

    freeze_now(monkeypatch, at(2027, 4, 23, 9))
    owner_client.force_login(alice)  # the session, from the real now, has expired in 2027
    check_in(occurrence(org, "send", 2), blocked="chờ máy in", at=at(2027, 4, 22, 14, 30))
    text = html(owner_client.get("/o/acme/scorecard/?from=2027-03-01&to=2027-05-31"))
    assert "Bị vướng (giờ làm việc)" in text
    bob = text.split('data-row="person/bob"', 1)[1].split("</tr>", 1)[0]
    assert 'data-key="blocked_hours">3,5<' in bob  # 22/4 14:30-17:00, 23/4 8:00-9:00
    strategy = text.split('data-row="strategy/visibility"', 1)[1].split("</tr>", 1)[0]
    assert "blocked_hours" not in strategy


def test_blocked_time_in_the_table(cli, org, monkeypatch):
    from actionplan.accountability.checkins import check_in

    freeze_now(monkeypatch, at(2027, 4, 23, 9))
    check_in(occurrence(org, "send", 2), blocked="chờ máy in", at=at(2027, 4, 22, 14, 30))
    result = cli("scorecard", "--from", "2027-03-01", "--to", "2027-05-31", "--as-of", "2027-04-23 09:00")
    assert result.exit_code == 0, result.output
    assert "blocked (h)" in result.stdout
    assert [line for line in result.stdout.splitlines() if "Bob Tran" in line][0].rstrip(" │").endswith("3.5")


def test_a_backdated_check_in_does_not_carry_a_later_block_back_in_time(org, monkeypatch):
    from actionplan.accountability.checkins import check_in, state_of

    # Given send #2 blocked on Tuesday 20/4 at 10:00
    send2 = occurrence(org, "send", 2)
    freeze_now(monkeypatch, at(2027, 4, 21, 9))
    check_in(send2, blocked="chờ máy in", at=at(2027, 4, 20, 10))
    # When a percent is recorded for Monday 19/4 9:00, before the block
    row = check_in(send2, percent=20, at=at(2027, 4, 19, 9))
    # Then that check-in speaks for Monday, not blocked then; the occurrence is still blocked
    assert not row.blocked and state_of(send2).blocked == "chờ máy in"
    card = build_scorecard(org, at(2027, 4, 21, 9), SPRING)
    assert rows(card, "person")["bob"]["blocked_hours"] == 6.0 + 1.0  # 20/4 10-12 and 13-17, 21/4 8-9


def test_blocked_spans_from_check_in_marks():
    from datetime import UTC, datetime

    from actionplan.accountability.scorecards import blocked_spans

    def t(hour):
        return datetime(2027, 4, 19, hour, tzinfo=UTC)

    def mark(hour, pk, blocked):
        return f"{int(t(hour).timestamp())}:{pk}:{int(blocked)}"

    # out of order as the database may join them; a second blocked check-in continues the span
    marks = ",".join([mark(5, 3, False), mark(1, 1, True), mark(3, 2, True), mark(7, 4, True)])
    assert blocked_spans(marks, None) == ((t(1), t(5)), (t(7), None))
    # the completion closes a span; a span that opens after it (reopened work) is cut
    assert blocked_spans(marks, t(6)) == ((t(1), t(5)),)
    assert blocked_spans(marks, t(8)) == ((t(1), t(5)), (t(7), t(8)))
    # two check-ins at the same moment: the later entered (higher id) is the state
    assert blocked_spans(",".join([mark(2, 9, False), mark(2, 8, True)]), None) == ()
    assert blocked_spans(None, None) == () and blocked_spans("", t(1)) == ()
