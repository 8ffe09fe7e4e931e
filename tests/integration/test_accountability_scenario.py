"""The acceptance scenario of accountability, scripted: a plan, check-ins and completions at set
times, two reviews with decisions and ratings, and at each step exactly the review's statuses, the
scorecards' rows (slips against the baseline, blocked time, quality) and the history rows.
On SQLite and PostgreSQL (the same test, DATABASE_URL chooses).

The plan is acme (conftest) plus two one-off steps: `survey` (bob, due Thursday 15/4) and `event`
(alice, due Friday 23/4). acme works Monday to Friday, 8-12 and 13-17, Asia/Ho_Chi_Minh, with
Vietnam's holidays (16/4 Hùng Kings, 30/4, 1/5 and 3/5 observed). Completions and check-ins may
not be in the future, so the clock moves step by step (`freeze_now`).

The reviews are `decide(org, [...], user=alice, source="review")` calls, as a review meeting
makes them: when review meetings are saved objects (accountability.reviews, built in parallel),
each `review_meeting(...)` below is where the meeting is opened, its agenda read (the statuses
asserted before it) and its decisions recorded with it; the assertions on what the decisions
change stay the same.
"""

from __future__ import annotations

from datetime import date

import pytest
from clock import freeze_now
from conftest import at
from web_helpers import add_step

from actionplan.accountability.checkins import check_in
from actionplan.accountability.decisions import DecisionError, DecisionInput, decide, rate
from actionplan.accountability.history import history
from actionplan.accountability.models import Decision, Rating
from actionplan.accountability.scorecards import build_scorecard
from actionplan.core.scorecard import Period
from actionplan.orgs.models import Party
from actionplan.planning.actions import find_occurrence, mark_done
from actionplan.planning.models import ChangeRecord, Occurrence, Step
from actionplan.planning.review import build_review

pytestmark = pytest.mark.django_db
SPRING = Period(date(2027, 3, 1), date(2027, 6, 30))

LIST = "visibility/media/list"
WRITE = "visibility/media/write"
SEND1, SEND2, SEND3 = (f"visibility/media/send#{n}" for n in (1, 2, 3))
SURVEY = "visibility/media/survey"
EVENT = "visibility/media/event"
KEYS = ("due", "done_on_time", "done_late", "open_overdue", "on_time_rate", "avg_slip_days",
        "max_slip_days", "avg_quality", "blocked_hours")  # fmt: skip


def statuses(org, as_of):
    return {i.ref: i.status for i in build_review(org, as_of).items}


def card(org, as_of):
    """kind/id -> (due, on time, late, overdue, rate, avg slip, worst slip, quality, blocked h)."""
    out = {}
    for row in build_scorecard(org, as_of, SPRING, with_weeks=False).to_json()["rows"]:
        values = [row.get(k) for k in KEYS]
        if row["kind"] == "strategy":
            values[-1] = (row["percent_done"], row["total_slip_days"])
        out[f"{row['kind']}/{row['id']}"] = tuple(values)
    return out


def rows_of(org, ref):
    """The history of `ref`: (at, by, source, action, field, old, new, reason), newest first."""
    return [
        (e.at.strftime("%d/%m %H:%M"), e.by, e.source, e.action, e.field, e.old, e.new, e.reason)
        for e in history(org, ref)
    ]


def everything():
    """What a refused list of decisions must leave as it was."""
    return (
        list(Occurrence.objects.order_by("pk").values()),
        list(Step.objects.order_by("pk").values()),
        ChangeRecord.objects.count(),
        Decision.objects.count(),
    )


def review_meeting(org, user, decisions):
    """A review meeting's decisions (the saved meeting plugs in here, see the module's docstring)."""
    return decide(org, decisions, user=user, source="review")


def test_the_accountability_scenario(org, alice, monkeypatch):
    add_step(org, "survey", "Survey readers", at(2027, 4, 15), responsible=Party.objects.get(key="bob"))
    add_step(org, "event", "Press breakfast", at(2027, 4, 23), position=11)

    def now(*moment):
        freeze_now(monkeypatch, at(*moment))
        return at(*moment)

    def occ(ref):
        return find_occurrence(org, ref)

    def review(**changed):
        """The review's statuses: list done on time, everything else on track, unless said."""
        names = {"list": LIST, "write": WRITE, "send1": SEND1, "send2": SEND2, "send3": SEND3}
        names |= {"survey": SURVEY, "event": EVENT}
        out = {ref: "on_track" for ref in names.values()} | {LIST: "done_on_time"}
        for name, status in changed.items():
            if status is None:
                del out[names[name]]
            else:
                out[names[name]] = status
        return out

    # (due, on time, late, overdue, on-time rate, avg slip, worst slip, avg quality, blocked h);
    # strategies: (percent done, total slip) in place of the blocked hours
    start = {
        "person/alice": (2, 1, 0, 0, 1.0, 0.0, 0, None, 0.0),  # list (done 11/3), event
        "person/bob": (2, 0, 0, 0, None, None, None, None, 0.0),  # send #2, survey
        "team/marketing": (4, 1, 0, 0, 1.0, 0.0, 0, None, 0.0),  # send #1, #3 and alice's two
        "vendor/writer": (1, 0, 0, 0, None, None, None, None, 0.0),  # write
        "strategy/visibility": (7, 1, 0, 0, 1.0, 0.0, 0, None, (14.3, 0)),
    }

    # 1. Tuesday 23/3 10:00: the writer is 40 % through
    t = now(2027, 3, 23, 10)
    check_in(occ(WRITE), percent=40, note="3 of 6 drafts", source="cli")
    assert statuses(org, t) == review()
    assert card(org, t) == start
    assert rows_of(org, WRITE) == [
        ("23/03 10:00", None, "cli", "checked_in", "percent_done", None, 40, "3 of 6 drafts"),
    ]

    # 2. Thursday 25/3 14:00: send #1 is blocked, waiting for the texts (nothing blocked yet at 14:00)
    t = now(2027, 3, 25, 14)
    check_in(occ(SEND1), blocked="waiting for the texts", source="cli")
    assert statuses(org, t) == review(write="due_soon", send1="due_soon")
    assert card(org, t) == start

    # 3. Wednesday 31/3: write done at 15:00 (on time); send #1 unblocked at 16:00, 50 %
    t = now(2027, 3, 31, 16)
    mark_done(occ(WRITE), at(2027, 3, 31, 15), source="cli")
    check_in(occ(SEND1), unblocked=True, percent=50, source="cli")
    assert statuses(org, t) == review(write="done_on_time", send1="due_soon")
    # blocked 25/3 14-17 (3 h), 26, 29, 30/3 (8 h each), 31/3 8-12 and 13-16 (7 h): 34 h
    assert card(org, t) == start | {
        "team/marketing": (4, 1, 0, 0, 1.0, 0.0, 0, None, 34.0),
        "vendor/writer": (1, 1, 0, 0, 1.0, 0.0, 0, None, 0.0),
        "strategy/visibility": (7, 2, 0, 0, 1.0, 0.0, 0, None, (28.6, 0)),
    }

    # 4. Friday 2/4: send #1 done at 9:30, two working days (1/4, 2/4) after its due: late
    t = now(2027, 4, 2, 10)
    mark_done(occ(SEND1), at(2027, 4, 2, 9, 30), source="cli")
    after_april_2 = start | {
        "team/marketing": (4, 1, 1, 0, 0.5, 1.0, 2, None, 34.0),
        "vendor/writer": (1, 1, 0, 0, 1.0, 0.0, 0, None, 0.0),
        "strategy/visibility": (7, 2, 1, 0, 0.6667, 0.67, 2, None, (42.9, 2)),
    }
    assert statuses(org, t) == review(write="done_on_time", send1="done_late")
    assert card(org, t) == after_april_2
    assert rows_of(org, SEND1) == [
        ("02/04 10:00", None, "cli", "completed", "completed_at", None, "2027-04-02T09:30:00+07:00", ""),
        ("31/03 16:00", None, "cli", "checked_in", "blocked", "waiting for the texts", None, ""),
        ("31/03 16:00", None, "cli", "checked_in", "percent_done", None, 50, ""),
        ("25/03 14:00", None, "cli", "checked_in", "blocked", None, "waiting for the texts", ""),
    ]

    # 5. The first review, Monday 5/4 9:00. Its agenda: the statuses as they are
    t = now(2027, 4, 5, 9)
    assert statuses(org, t) == review(write="done_on_time", send1="done_late")
    assert card(org, t) == after_april_2
    # a list with one wrong decision (an unknown person) is refused whole: nothing written
    before = everything()
    wrong = [
        DecisionInput(SEND2, "reschedule", "the printer is broken", due="2027-05-14"),
        DecisionInput(SEND3, "reassign", "Lan is overloaded", who="lan"),
    ]
    with pytest.raises(DecisionError) as refused:
        review_meeting(org, alice, wrong)
    assert (refused.value.item, refused.value.ref, refused.value.field) == (1, SEND3, "who")
    assert everything() == before
    made = review_meeting(
        org,
        alice,
        [
            DecisionInput(SEND2, "reschedule", "the printer is broken", due="2027-05-14"),
            DecisionInput(SEND3, "reassign", "marketing is overloaded", who="alice"),
            DecisionInput(SURVEY, "reprioritise", "the sponsor asks for it", priority="khẩn cấp"),
            DecisionInput(EVENT, "drop", "no venue"),
        ],
    )
    assert [(d.kind, d.ref, d.source, d.decided_by) for d in made] == [
        ("reschedule", SEND2, "review", alice),
        ("reassign", SEND3, "review", alice),
        ("reprioritise", SURVEY, "review", alice),
        ("drop", EVENT, "review", alice),
    ]
    rate(occ(WRITE), "tốt", user=alice, note="clear texts", source="review")
    rate(occ(SEND1), 3, user=alice, source="review")
    # the event leaves the review and every count; send #3 is alice's now (still in marketing's)
    assert statuses(org, t) == review(write="done_on_time", send1="done_late", event=None)
    after_review_1 = after_april_2 | {
        "team/marketing": (3, 1, 1, 0, 0.5, 1.0, 2, 3.0, 34.0),
        "vendor/writer": (1, 1, 0, 0, 1.0, 0.0, 0, 4.0, 0.0),
        "strategy/visibility": (6, 2, 1, 0, 0.6667, 0.67, 2, 3.5, (50.0, 2)),
    }
    assert card(org, t) == after_review_1
    by_review = ("05/04 09:00", "alice", "review", "decided")
    assert rows_of(org, SEND2) == [
        (*by_review, "decision", None, "reschedule", "the printer is broken"),
        (
            *by_review,
            "due",
            "2027-04-30T17:00:00+07:00",
            "2027-05-14T17:00:00+07:00",
            "the printer is broken",
        ),
    ]
    assert rows_of(org, SEND3) == [
        (*by_review, "decision", None, "reassign", "marketing is overloaded"),
        (*by_review, "responsible", "marketing", "alice", "marketing is overloaded"),
    ]
    assert rows_of(org, SURVEY) == [
        (*by_review, "decision", None, "reprioritise", "the sponsor asks for it"),
        (*by_review, "priority", 2, 4, "the sponsor asks for it"),
    ]
    assert rows_of(org, EVENT) == [
        (*by_review, "decision", None, "drop", "no venue"),
        (*by_review, "dropped_at", None, "2027-04-05T09:00:00+07:00", "no venue"),
    ]
    assert rows_of(org, WRITE)[:2] == [
        ("05/04 09:00", "alice", "review", "rated", "quality", None, 4, "clear texts"),
        ("31/03 16:00", None, "cli", "completed", "completed_at", None, "2027-03-31T15:00:00+07:00", ""),
    ]

    # 6. Tuesday 13/4: the survey done at 10:00, before its due (15/4)
    now(2027, 4, 13, 11)
    mark_done(occ(SURVEY), at(2027, 4, 13, 10), source="cli")
    # 7. Monday 10/5: send #2 done at 9:00: before its new due (14/5), after its baseline (30/4)
    t = now(2027, 5, 10, 10)
    mark_done(occ(SEND2), at(2027, 5, 10, 9), source="cli")
    done_so_far = dict(write="done_on_time", send1="done_late", event=None, survey="done_on_time")
    # the review (current due) says on time; the scorecard (baseline) says late: 4-7/5 and 10/5
    # are the working days after 30/4 (1/5 and 3/5 holidays): a slip of 5
    assert statuses(org, t) == review(**done_so_far, send2="done_on_time")
    assert card(org, t) == after_review_1 | {
        "person/bob": (2, 1, 1, 0, 0.5, 2.5, 5, None, 0.0),
        "strategy/visibility": (6, 3, 2, 0, 0.6, 1.4, 5, 3.5, (83.3, 7)),
    }

    # 8. The second review, Tuesday 1/6 9:00: send #3 (alice's, due 31/5) is overdue, 1 day so far
    t = now(2027, 6, 1, 9)
    assert statuses(org, t) == review(**done_so_far, send2="done_on_time", send3="overdue")
    assert card(org, t) == after_review_1 | {
        "person/alice": (2, 1, 0, 1, 0.5, 0.5, 1, None, 0.0),
        "person/bob": (2, 1, 1, 0, 0.5, 2.5, 5, None, 0.0),
        "team/marketing": (3, 1, 1, 1, 0.3333, 1.0, 2, 3.0, 34.0),
        "strategy/visibility": (6, 3, 2, 1, 0.5, 1.33, 5, 3.5, (83.3, 8)),
    }
    made = review_meeting(
        org,
        alice,
        [
            DecisionInput(SEND3, "reschedule", "waiting for the magazine", due="+5 business days"),
            DecisionInput(SEND2, "keep", "done, late against the promise"),
        ],
    )
    assert [(d.kind, d.due) for d in made] == [("reschedule", at(2027, 6, 8)), ("keep", None)]
    rate(occ(SEND2), "xuất sắc", user=alice, source="review")
    # rescheduled: on track in the review, still overdue against the baseline in the scorecard
    assert statuses(org, t) == review(**done_so_far, send2="done_on_time")
    assert card(org, t)["person/alice"] == (2, 1, 0, 1, 0.5, 0.5, 1, None, 0.0)

    # 9. Friday 4/6: send #3 done at 10:00, before its new due: late by 4 working days (1-4/6)
    t = now(2027, 6, 4, 11)
    mark_done(occ(SEND3), at(2027, 6, 4, 10), source="cli")
    assert statuses(org, t) == review(**done_so_far, send2="done_on_time", send3="done_on_time")
    assert card(org, t) == {
        "person/alice": (2, 1, 1, 0, 0.5, 2.0, 4, None, 0.0),
        "person/bob": (2, 1, 1, 0, 0.5, 2.5, 5, 5.0, 0.0),
        "team/marketing": (3, 1, 2, 0, 0.3333, 2.0, 4, 3.0, 34.0),
        "vendor/writer": (1, 1, 0, 0, 1.0, 0.0, 0, 4.0, 0.0),
        "strategy/visibility": (6, 3, 3, 0, 0.5, 1.83, 5, 4.0, (100.0, 11)),
    }
    second = ("01/06 09:00", "alice", "review")
    assert rows_of(org, SEND3) == [
        ("04/06 11:00", None, "cli", "completed", "completed_at", None, "2027-06-04T10:00:00+07:00", ""),
        (*second, "decided", "decision", None, "reschedule", "waiting for the magazine"),
        (*second, "decided", "due", "2027-05-31T17:00:00+07:00", "2027-06-08T17:00:00+07:00",
         "waiting for the magazine"),
        (*by_review, "decision", None, "reassign", "marketing is overloaded"),
        (*by_review, "responsible", "marketing", "alice", "marketing is overloaded"),
    ]  # fmt: skip
    assert rows_of(org, SEND2)[:3] == [
        (*second, "rated", "quality", None, 5, ""),
        (*second, "decided", "decision", None, "keep", "done, late against the promise"),
        ("10/05 10:00", None, "cli", "completed", "completed_at", None, "2027-05-10T09:00:00+07:00", ""),
    ]
    # rescheduling never changed a baseline
    baselines = dict(Occurrence.objects.filter(step__key="send").values_list("number", "baseline_due"))
    assert baselines == {1: at(2027, 3, 31), 2: at(2027, 4, 30), 3: at(2027, 5, 31)}
    assert Rating.objects.filter(occurrence__organization=org).count() == 3
