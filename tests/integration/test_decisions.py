"""Decisions on occurrences and quality ratings (accountability.decisions), on SQLite and PostgreSQL.

acme (see conftest): list (alice, due 12/3, done 11/3), write (writer, due 31/3, after list),
send #1..#3 (marketing, monthly, after write; #2 reassigned to bob). The plan is in 2027, so the
clock is frozen in March 2027 where "today" matters.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from clock import freeze_now
from conftest import at

from actionplan.accountability.decisions import DecisionError, DecisionInput, decide, rate
from actionplan.accountability.models import Decision, Rating
from actionplan.accountability.scorecards import build_scorecard
from actionplan.core.scorecard import Period
from actionplan.orgs.models import Party
from actionplan.planning.actions import find_occurrence, mark_done
from actionplan.planning.calendars import calendar_for
from actionplan.planning.forecasting import situation_for
from actionplan.planning.models import ChangeRecord, Dependency, Occurrence, Step
from actionplan.planning.review import build_review
from actionplan.web.helpers import org_zone

pytestmark = pytest.mark.django_db
SPRING = Period(date(2027, 3, 1), date(2027, 5, 31))
SEND2 = "visibility/media/send#2"
SEND3 = "visibility/media/send#3"
WRITE = "visibility/media/write"


def snapshot(org):
    """Everything a decision may write."""
    return (
        list(Occurrence.objects.order_by("pk").values()),
        list(Step.objects.order_by("pk").values()),
        list(Dependency.objects.order_by("pk").values()),
        ChangeRecord.objects.count(),
        Decision.objects.count(),
    )


def record(action="decided"):
    return ChangeRecord.objects.get(action=action)


def test_reschedule_moves_the_due_and_keeps_the_baseline(org):
    (d,) = decide(org, [DecisionInput(SEND2, "reschedule", "printer broken", due="2027-05-14")])
    occ = find_occurrence(org, SEND2)
    assert occ.due == at(2027, 5, 14)  # close of business
    assert occ.baseline_due == at(2027, 4, 30)
    assert (d.kind, d.due, d.reason, d.source, d.decided_by) == (
        "reschedule",
        occ.due,
        "printer broken",
        "cli",
        None,
    )
    r = record()
    assert (r.object_type, r.object_ref, r.reason) == ("occurrence", SEND2, "printer broken")
    assert r.changes == {
        "decision": "reschedule",
        "due": ["2027-04-30T17:00:00+07:00", "2027-05-14T17:00:00+07:00"],
    }


def test_reschedule_reads_a_date_time_and_a_phrase_from_today(org, monkeypatch):
    freeze_now(monkeypatch, at(2027, 3, 15, 9))  # a Monday
    decide(org, [DecisionInput(SEND2, "reschedule", "r", due="2027-05-03 10:30")])
    assert find_occurrence(org, SEND2).due == at(2027, 5, 3, 10, 30)
    decide(org, [DecisionInput(SEND3, "reschedule", "r", due="+5 business days")])
    assert find_occurrence(org, SEND3).due == at(2027, 3, 22)
    decide(org, [DecisionInput(WRITE, "reschedule", "r", due="cuối tuần sau")])
    assert find_occurrence(org, WRITE).due == at(2027, 3, 26)  # Friday of next week
    baselines = [find_occurrence(org, ref).baseline_due for ref in (SEND2, SEND3, WRITE)]
    assert baselines == [at(2027, 4, 30), at(2027, 5, 31), at(2027, 3, 31)]


def test_reassign_to_a_person_team_or_vendor_of_the_organization(org):
    decide(org, [DecisionInput(SEND2, "reassign", "Bob is on leave", who="alice")])
    assert find_occurrence(org, SEND2).responsible.key == "alice"
    assert record().changes == {"decision": "reassign", "responsible": ["bob", "alice"]}
    review = {i.ref: i for i in build_review(org, at(2027, 3, 20)).items}
    assert review[SEND2].responsible.id == "alice"


def test_outsource_goes_to_a_vendor_only(org):
    decide(org, [DecisionInput(SEND3, "outsource", "no time in May", who="writer")])
    assert find_occurrence(org, SEND3).responsible.key == "writer"
    with pytest.raises(DecisionError) as err:
        decide(org, [DecisionInput(SEND2, "outsource", "r", who="alice")])
    assert err.value.field == "who" and "not an outside vendor" in str(err.value)


def test_reprioritise_changes_the_step_and_is_recorded_on_it(org):
    decide(org, [DecisionInput(SEND2, "reprioritise", "launch month", priority="khẩn cấp")])
    step = Step.objects.get(key="send")
    assert step.priority == 4
    r = record()
    assert (r.object_type, r.object_ref) == ("step", "visibility/media/send")
    assert r.changes == {"decision": "reprioritise", "priority": [2, 4]}
    assert {w.ref: w.priority for w in situation_for(org, at(2027, 3, 2)).work}[SEND3] == "critical"


def test_keep_is_only_recorded(org):
    before = snapshot(org)[:3]
    decide(org, [DecisionInput("visibility/media/list", "keep", "done well")])  # done: keep is allowed
    assert snapshot(org)[:3] == before
    assert record().changes == {"decision": "keep"}


def test_split_makes_a_second_step_after_the_first(org):
    Step.objects.filter(key="write").update(effort_hours=Decimal("10"))
    (d,) = decide(
        org,
        [DecisionInput(WRITE, "split", "two writers", split_title="Write the last three", split_effort="4h")],
    )
    first, second = Step.objects.get(key="write"), Step.objects.get(key="write-2")
    assert (first.effort_hours, second.effort_hours) == (Decimal("6"), Decimal("4"))
    assert second.title == "Write the last three" and second.responsible.key == "writer"
    assert first.position + 1 == second.position < Step.objects.get(key="send").position
    occ = second.occurrences.get()
    assert (occ.due, occ.baseline_due) == (at(2027, 3, 31), at(2027, 3, 31))
    assert [x.depends_on.key for x in second.dependency_links.all()] == ["list"]
    assert d.split_step == second
    assert record().changes == {
        "decision": "split",
        "effort_hours": ["10.00", "6.00"],
        "split_into": [None, "visibility/media/write-2"],
    }
    assert record("created").object_ref == "visibility/media/write-2"
    with pytest.raises(DecisionError, match="only a one-off step"):
        decide(org, [DecisionInput(SEND2, "split", "r", split_title="x")])


def test_drop_leaves_the_review_the_forecast_and_the_scorecards(org):
    def due(kind, key):
        card = build_scorecard(org, at(2027, 6, 5), SPRING)
        return {r["id"]: r for r in card.to_json(kind)["rows"]}[key]["due"]

    before = (due("team", "marketing"), due("strategy", "visibility"))
    decide(org, [DecisionInput(SEND3, "drop", "no May issue")])
    occ = Occurrence.objects.get(step__key="send", number=3)
    assert occ.dropped_at is not None and occ.dropped_reason == "no May issue"
    assert occ.dropped_at.microsecond == 0  # to the second, as completions
    assert record().changes["dropped_at"][1] == occ.dropped_at.astimezone(org_zone(org)).isoformat()
    assert SEND3 not in {i.ref for i in build_review(org, at(2027, 6, 5)).items}
    assert SEND3 not in {w.ref for w in situation_for(org, at(2027, 3, 2)).work}
    assert (due("team", "marketing"), due("strategy", "visibility")) == (before[0] - 1, before[1] - 1)
    with pytest.raises(DecisionError, match="dropped"):
        decide(org, [DecisionInput(SEND3, "keep", "r")])


def test_a_dropped_predecessor_is_waited_for_no_more(org):
    Step.objects.filter(key="write").update(repeat_phrase="monthly", times=3)
    w = Step.objects.get(key="write")
    for n, due in ((2, at(2027, 4, 30)), (3, at(2027, 5, 31))):
        Occurrence.objects.create(organization=org, step=w, number=n, due=due, baseline_due=due)
    decide(org, [DecisionInput("visibility/media/write#2", "drop", "merged into #3")])
    after = {x.ref: x.after for x in situation_for(org, at(2027, 3, 2)).work}
    assert after[SEND2] == () and after[SEND3] == ("visibility/media/write#3",)


def test_one_bad_decision_and_nothing_is_written(org, other_org):
    charlie = Party.objects.get(key="charlie")
    before = snapshot(org)
    good = [
        DecisionInput(SEND2, "reschedule", "late print", due="2027-05-14"),
        DecisionInput(SEND3, "drop", "no May issue"),
        DecisionInput(WRITE, "reprioritise", "launch", priority="high"),
    ]
    for bad, field, words in (
        (DecisionInput(WRITE, "reassign", "r", who=charlie), "who", "charlie is not of acme"),
        (
            DecisionInput(WRITE, "reassign", "r", who="charlie"),
            "who",
            "unknown person, team or vendor charlie in acme",
        ),
        (
            DecisionInput(WRITE, "reschedule", "r", due="next blue moon"),
            "due",
            "is not a date, a date and time or a time frame",
        ),
        (DecisionInput(WRITE, "reschedule", "r", due="2027-02-30"), "due", "2027-02-30"),
        (DecisionInput(WRITE, "reschedule", " ", due="2027-05-01"), "reason", "a reason is required"),
        (DecisionInput(WRITE, "postpone", "r"), "kind", "postpone is not a decision"),
        (
            DecisionInput(WRITE, "reprioritise", "r", priority="urgent"),
            "priority",
            "urgent is not a priority",
        ),
        (DecisionInput("visibility/media/nope", "keep", "r"), "ref", "no step visibility/media/nope"),
        (DecisionInput("visibility/media/list", "drop", "r"), "ref", "is done"),
    ):
        with pytest.raises(DecisionError) as err:
            decide(org, [*good, bad])
        assert (err.value.item, err.value.field) == (3, field), bad
        assert words in str(err.value), str(err.value)
        assert snapshot(org) == before
    # and in any position: a bad first one stops the good ones after it
    with pytest.raises(DecisionError):
        decide(org, [DecisionInput(WRITE, "reassign", "r", who="charlie"), *good])
    assert snapshot(org) == before


def test_a_decision_after_a_drop_of_the_same_occurrence_is_refused(org):
    with pytest.raises(DecisionError, match="dropped"):
        decide(
            org,
            [DecisionInput(SEND3, "drop", "r"), DecisionInput(SEND3, "reschedule", "r", due="2027-06-01")],
        )
    assert not Occurrence.objects.filter(dropped_at__isnull=False).exists()


def test_all_of_a_list_is_applied_together(org, alice):
    done = decide(
        org,
        [
            DecisionInput(SEND2, "reschedule", "late print", due="2027-05-14"),
            DecisionInput(SEND2, "reassign", "bob away", who="marketing"),
            DecisionInput(SEND3, "drop", "no May issue"),
        ],
        user=alice,
        source="web",
    )
    assert [d.kind for d in done] == ["reschedule", "reassign", "drop"]
    assert {r.user for r in ChangeRecord.objects.filter(action="decided")} == {alice}
    assert ChangeRecord.objects.filter(action="decided", source="web").count() == 3
    occ = find_occurrence(org, SEND2)
    assert (occ.due, occ.responsible.key) == (at(2027, 5, 14), "marketing")


def test_members_may_not_decide_or_rate(org, bob, outsider):
    for user in (bob, outsider):
        with pytest.raises(DecisionError, match="only an owner or a manager"):
            decide(org, [DecisionInput(SEND2, "keep", "r")], user=user)
        with pytest.raises(DecisionError, match="only an owner or a manager"):
            rate(find_occurrence(org, "visibility/media/list"), 4, user=user)
    assert not Decision.objects.exists() and not Rating.objects.exists()


def test_rescheduled_then_done_slips_from_the_baseline_in_the_scorecard(org, monkeypatch):
    decide(org, [DecisionInput(SEND2, "reschedule", "late print", due="2027-05-14")])
    freeze_now(monkeypatch, at(2027, 5, 12, 10))
    mark_done(find_occurrence(org, SEND2), source="cli")  # before its new due, after its baseline
    people = {r["id"]: r for r in build_scorecard(org, at(2027, 5, 20), SPRING).to_json("person")["rows"]}
    bob = people["bob"]
    assert (bob["done_on_time"], bob["done_late"]) == (0, 1)
    cal = calendar_for(org)
    days = [date(2027, 5, d) for d in range(1, 13)]
    assert bob["max_slip_days"] == sum(1 for d in days if cal.is_working_day(d)) > 0


def test_rate_done_work_replaces_and_records(org, alice):
    occ = find_occurrence(org, "visibility/media/list")
    rating = rate(occ, "tốt", user=alice, note="complete list")
    assert (rating.level, rating.note, rating.rated_by) == (4, "complete list", alice)
    rate(occ, "excellent", user=alice)
    assert Rating.objects.get().level == 5
    changes = [r.changes for r in ChangeRecord.objects.filter(action="rated").order_by("id")]
    assert changes == [{"quality": [None, 4]}, {"quality": [4, 5]}]
    for bad in ("6", "0", "great", ""):
        with pytest.raises(DecisionError, match="not a quality level"):
            rate(occ, bad)
    with pytest.raises(DecisionError, match="only done work can be rated"):
        rate(find_occurrence(org, SEND2), 3)
    assert Rating.objects.get().level == 5


@pytest.mark.parametrize(
    ("word", "level"), [("1", 1), ("kém", 1), ("yeu", 2), ("Đạt", 3), ("fair", 3), ("xuat sac", 5), (5, 5)]
)
def test_rating_words(org, word, level):
    assert rate(find_occurrence(org, "visibility/media/list"), word).level == level


def test_ratings_show_in_the_scorecard(org, monkeypatch):
    card = build_scorecard(org, at(2027, 4, 15, 9), SPRING)
    assert {r["id"]: r for r in card.to_json("person")["rows"]}["alice"]["avg_quality"] is None
    rate(find_occurrence(org, "visibility/media/list"), 4)
    freeze_now(monkeypatch, at(2027, 4, 1, 9))
    mark_done(find_occurrence(org, WRITE), source="cli")
    rate(find_occurrence(org, WRITE), "kém")
    card = build_scorecard(org, at(2027, 4, 15, 9), SPRING)
    people = {r["id"]: r for r in card.to_json("person")["rows"]}
    strategies = {r["id"]: r for r in card.to_json("strategy")["rows"]}
    vendors = {r["id"]: r for r in card.to_json("vendor")["rows"]}
    assert (people["alice"]["avg_quality"], vendors["writer"]["avg_quality"]) == (4, 1)
    assert strategies["visibility"]["avg_quality"] == 2.5
    assert people["bob"]["avg_quality"] is None
    # seen from before it was done, a rating does not count yet
    early = build_scorecard(org, at(2027, 3, 20, 9), SPRING)
    assert {r["id"]: r for r in early.to_json("vendor")["rows"]}["writer"]["avg_quality"] is None


def test_the_scorecard_still_reads_four_queries(org, django_assert_num_queries):
    rate(find_occurrence(org, "visibility/media/list"), 4)
    with django_assert_num_queries(4):
        build_scorecard(org, at(2027, 4, 15, 9), SPRING)


def test_the_history_json_is_plain(org):
    decide(org, [DecisionInput(SEND2, "reassign", "r", who="writer")])
    json.dumps(record().changes)


def test_the_web_pages_show_ratings_drops_and_decisions(org, owner_client):
    # the page is as of now (2026): the list done early, so that it is done as of now
    Occurrence.objects.filter(step__key="list").update(completed_at=at(2026, 11, 2))
    rate(find_occurrence(org, "visibility/media/list"), 4)
    decide(
        org,
        [DecisionInput(SEND3, "drop", "no May issue"), DecisionInput(SEND2, "reassign", "r", who="alice")],
    )
    page = owner_client.get("/o/acme/scorecard/?from=2027-03-01&to=2027-05-31").content.decode()
    assert re.search(r"data-key=\"avg_quality\">4[,.]0<", page)
    assert "not shown yet" not in page
    tree = owner_client.get("/o/acme/").content.decode()
    dropped = Occurrence.objects.get(step__key="send", number=3)
    assert f'data-occurrence="{dropped.pk}" data-status="dropped"' in tree
    step = owner_client.get("/o/acme/steps/visibility/media/send/").content.decode()
    assert "no May issue" in step  # the reason, in the history
    assert "quyết định" in step and "huỷ" in step  # action "decided", decision "drop", in Vietnamese


def test_no_completion_or_check_in_on_a_dropped_occurrence(org, cli):
    decide(org, [DecisionInput(SEND3, "drop", "no May issue")])
    for args in (("done", SEND3, "--at", "2026-11-01"), ("checkin", SEND3, "--percent", "10")):
        result = cli(*args)
        assert result.exit_code == 2 and "was dropped (no May issue)" in result.stderr
    occ = Occurrence.objects.get(step__key="send", number=3)
    assert occ.completed_at is None and not occ.check_ins.exists()


def test_an_occurrence_of_another_organization_or_no_decision_is_refused(org, other_org):
    occ = find_occurrence(org, SEND2)
    with pytest.raises(DecisionError, match="this occurrence is not of other"):
        decide(other_org, [DecisionInput(occ, "keep", "r")])
    with pytest.raises(DecisionError, match="no decision to record"):
        decide(org, [])
    assert not Decision.objects.exists() and not ChangeRecord.objects.exists()
