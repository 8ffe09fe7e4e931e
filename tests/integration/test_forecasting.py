"""planning.forecasting: the database read into the forecast's Situation, the forecast view, and
applying a suggestion (one transaction, recorded in the step's history, refused when stale)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from conftest import TZ, at
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.core.leveling.model import Person, Team, Vendor
from actionplan.errors import ActionError
from actionplan.orgs.models import Party
from actionplan.planning.forecasting import apply_suggestion, forecast_view, situation_for
from actionplan.planning.models import (
    ActionPlan,
    ChangeRecord,
    CheckIn,
    Dependency,
    Occurrence,
    Priority,
    Step,
)

AS_OF = at(2027, 3, 10, 9)


def _step(org, key, *, plan=None, position=10, **fields) -> Step:
    plan = plan or ActionPlan.objects.get(organization=org, key="media")
    return Step.objects.create(
        organization=org, action_plan=plan, key=key, title=key.title(), position=position, **fields
    )


def _occurrences(org, step, *dues, **extra) -> list[Occurrence]:
    return [
        Occurrence.objects.create(organization=org, step=step, number=n, due=due, baseline_due=due, **extra)
        for n, due in enumerate(dues, 1)
    ]


def _work(situation):
    return {w.ref: w for w in situation.work}


# --------------------------------------------------------------------------------------------
# situation_for: every field


def test_people_teams_and_vendors(org):
    bob = Party.objects.get(organization=org, key="bob")
    bob.time_off = [["2027-04-01", "2027-04-03"], ["2027-05-02", "2027-05-02"]]
    bob.capacity_hours = None  # not given: 40 h a week
    bob.save()
    Party.objects.filter(organization=org, key="alice").update(capacity_hours=Decimal("32.5"))

    situation = situation_for(org, AS_OF)

    assert situation.people == (
        Person(id="alice", name="Alice Nguyen", capacity=32.5, team="marketing", time_off=()),
        Person(
            id="bob",
            name="Bob Tran",
            capacity=40.0,
            team=None,
            time_off=((date(2027, 4, 1), date(2027, 4, 3)), (date(2027, 5, 2), date(2027, 5, 2))),
        ),
    )
    assert situation.teams == (Team(id="marketing", name="Marketing", members=("alice",)),)
    assert situation.vendors == (Vendor(id="writer", name="Freelance writer"),)
    assert situation.strategy_titles == {"visibility": "Increase media visibility"}
    assert situation.as_of == AS_OF and situation.as_of.utcoffset() == timedelta(hours=7)
    assert situation.calendar.timezone == "Asia/Ho_Chi_Minh" and situation.calendar.holidays == "VN"


def test_occurrences_in_plan_order_with_who_when_and_priority(org):
    Step.objects.filter(organization=org, key="send").update(
        priority=Priority.HIGH, effort_hours=Decimal("10")
    )
    Step.objects.filter(organization=org, key="list").update(priority=Priority.CRITICAL)
    Step.objects.filter(organization=org, key="write").update(priority=Priority.LOW)

    work = situation_for(org, AS_OF).work

    assert [w.ref for w in work] == [
        "visibility/media/list",
        "visibility/media/write",
        "visibility/media/send#1",
        "visibility/media/send#2",
        "visibility/media/send#3",
    ]
    assert [w.position for w in work] == [1, 2, 3, 4, 5]
    by_ref = {w.ref: w for w in work}
    assert [by_ref[r].responsible for r in by_ref] == ["alice", "writer", "marketing", "bob", "marketing"]
    assert [w.priority for w in work] == ["critical", "low", "high", "high", "high"]
    send2 = by_ref["visibility/media/send#2"]
    assert send2.title == "Distribute one press release"
    assert send2.strategy == "visibility"
    assert send2.due == at(2027, 4, 30) and send2.due.utcoffset() == timedelta(hours=7)
    assert send2.effort == 10.0 and send2.remaining is None and send2.hours_left == 10.0
    assert by_ref["visibility/media/write"].effort is None
    assert by_ref["visibility/media/write"].lead_time_days is None


def test_earliest_is_the_latest_of_the_starts_and_the_previous_due(org):
    strategy_start = datetime(2027, 3, 1, tzinfo=TZ)
    work = _work(situation_for(org, AS_OF))
    assert work["visibility/media/list"].earliest == strategy_start
    assert work["visibility/media/send#1"].earliest == strategy_start
    assert work["visibility/media/send#2"].earliest == at(2027, 3, 31)  # the due of send#1
    assert work["visibility/media/send#3"].earliest == at(2027, 4, 30)

    ActionPlan.objects.filter(organization=org, key="media").update(start=date(2027, 3, 3))
    Step.objects.filter(organization=org, key="write").update(start=date(2027, 3, 8))
    Step.objects.filter(organization=org, key="send").update(start=date(2027, 4, 15))
    work = _work(situation_for(org, AS_OF))
    assert work["visibility/media/list"].earliest == datetime(2027, 3, 3, tzinfo=TZ)  # the plan's start
    assert work["visibility/media/write"].earliest == datetime(2027, 3, 8, tzinfo=TZ)  # the step's own
    assert work["visibility/media/send#2"].earliest == datetime(
        2027, 4, 15, tzinfo=TZ
    )  # later than send#1's due
    assert work["visibility/media/send#3"].earliest == at(2027, 4, 30)


def test_after_waits_for_the_occurrence_of_the_same_number_else_the_last(org):
    report = _step(org, "report", repeat_phrase="monthly", due_phrase="end of month", times=4)
    _occurrences(org, report, at(2027, 3, 31), at(2027, 4, 30), at(2027, 5, 31), at(2027, 6, 30))
    Dependency.objects.create(step=report, depends_on=Step.objects.get(organization=org, key="send"))
    Dependency.objects.create(step=report, depends_on=Step.objects.get(organization=org, key="list"))

    work = _work(situation_for(org, AS_OF))

    assert work["visibility/media/write"].after == ("visibility/media/list",)
    # send repeats, write does not: every send waits for the one write
    assert {work[f"visibility/media/send#{n}"].after for n in (1, 2, 3)} == {("visibility/media/write",)}
    assert work["visibility/media/report#1"].after == ("visibility/media/send#1", "visibility/media/list")
    assert work["visibility/media/report#3"].after == ("visibility/media/send#3", "visibility/media/list")
    # send has no fourth occurrence: its last one
    assert work["visibility/media/report#4"].after == ("visibility/media/send#3", "visibility/media/list")
    assert work["visibility/media/list"].after == ()


def test_remaining_is_the_effort_less_the_latest_percent_done(org):
    Step.objects.filter(organization=org, key="send").update(effort_hours=Decimal("10"))
    send3 = Occurrence.objects.get(step__key="send", number=3)
    send2 = Occurrence.objects.get(step__key="send", number=2)
    CheckIn.objects.create(occurrence=send3, at=at(2027, 3, 2, 9), percent=25)
    CheckIn.objects.create(occurrence=send3, at=at(2027, 3, 5, 9), percent=40)  # the latest with a percent
    CheckIn.objects.create(occurrence=send3, at=at(2027, 3, 8, 9), note="no figure this time")
    CheckIn.objects.create(occurrence=send2, at=at(2027, 3, 6, 9), note="started")  # no percent at all

    work = _work(situation_for(org, AS_OF))

    assert work["visibility/media/send#3"].remaining == pytest.approx(6.0)
    assert work["visibility/media/send#3"].hours_left == pytest.approx(6.0)
    assert work["visibility/media/send#2"].remaining is None  # no percent: the whole effort
    assert work["visibility/media/send#1"].remaining is None
    CheckIn.objects.create(occurrence=send3, at=at(2027, 3, 9, 9), percent=100)
    assert _work(situation_for(org, AS_OF))["visibility/media/send#3"].hours_left == 0.0


def test_done_is_completed_by_the_as_of_time(org):
    before = _work(situation_for(org, at(2027, 3, 11, 9)))  # list is completed at 10:00 that day
    after = _work(situation_for(org, at(2027, 3, 11, 10)))
    assert before["visibility/media/list"].done is False
    assert after["visibility/media/list"].done is True
    assert after["visibility/media/write"].done is False


def test_a_stored_lead_time_is_read_in_business_days(org):
    Step.objects.filter(organization=org, key="write").update(lead_time_phrase="2 tuần")
    assert _work(situation_for(org, AS_OF))["visibility/media/write"].lead_time_days == 10
    Step.objects.filter(organization=org, key="write").update(lead_time_phrase="5 business days")
    assert _work(situation_for(org, AS_OF))["visibility/media/write"].lead_time_days == 5
    # stored by hand, unreadable: no lead time rather than a broken page
    Step.objects.filter(organization=org, key="write").update(lead_time_phrase="soon")
    assert _work(situation_for(org, AS_OF))["visibility/media/write"].lead_time_days is None


def test_other_organizations_are_left_out(org, other_org):
    Party.objects.create(organization=other_org, key="zed", kind="person", name="Zed")
    situation = situation_for(org, AS_OF)
    assert {p.id for p in situation.people} == {"alice", "bob"}
    assert all(w.ref.startswith("visibility/") for w in situation.work)


# --------------------------------------------------------------------------------------------
# A bounded number of queries


def _grow(org, n: int) -> None:
    """n more people, each with a recurring step of 4 occurrences after the previous one, with check-ins."""
    plan = ActionPlan.objects.get(organization=org, key="media")
    marketing = Party.objects.get(organization=org, key="marketing")
    start = Step.objects.filter(organization=org).count()
    previous = None
    for i in range(start, start + n):
        person = Party.objects.create(
            organization=org,
            key=f"p{i}",
            kind="person",
            name=f"P {i}",
            team=marketing,
            time_off=[["2027-04-01", "2027-04-02"]],
        )
        step = _step(
            org,
            f"s{i}",
            plan=plan,
            position=i,
            responsible=person,
            effort_hours=Decimal("3"),
            repeat_phrase="monthly",
        )
        occs = _occurrences(org, step, *(at(2027, 3 + k, 20) for k in range(4)))
        CheckIn.objects.create(occurrence=occs[0], at=at(2027, 3, 5), percent=50)
        if previous is not None:
            Dependency.objects.create(step=step, depends_on=previous)
        previous = step


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_reading_the_situation_takes_the_same_few_queries_at_any_size(org):
    _grow(org, 3)
    small = _count(lambda: situation_for(org, AS_OF))
    _grow(org, 60)
    large = _count(lambda: situation_for(org, AS_OF))
    assert len(situation_for(org, AS_OF).work) > 240
    assert large == small <= 3  # parties, occurrences (with their latest percent), dependencies


def test_the_forecast_view_takes_the_same_few_queries_at_any_size(org):
    _grow(org, 3)
    small = _count(lambda: forecast_view(org, AS_OF))
    _grow(org, 40)
    large = _count(lambda: forecast_view(org, AS_OF))
    assert large == small <= 3


# --------------------------------------------------------------------------------------------
# The forecast view


def _overloaded(org):
    """alice carries 120 hours due within two weeks: she is overloaded and the work is at risk;
    bob (same team from now on) has room."""
    marketing = Party.objects.get(organization=org, key="marketing")
    Party.objects.filter(organization=org, key="bob").update(team=marketing)
    for key, hours, day in (("draft", 60, 19), ("pitch", 60, 24)):
        step = _step(org, key, effort_hours=Decimal(hours))
        _occurrences(org, step, at(2027, 3, day))


def test_the_view_has_the_forecast_workload_overloads_and_suggestions(org):
    _overloaded(org)

    view = forecast_view(org, AS_OF, weeks=4)

    assert set(view.planned) == {w.ref for w in view.situation.work}
    assert view.planned["visibility/media/list"].finish == at(2027, 3, 10, 16)  # 6 h from 09:00
    assert {"alice", "bob", "marketing"} <= set(view.weeks)
    assert all(len(weeks) == 4 for weeks in view.weeks.values())
    assert view.weeks["alice"][0].week == "2027-W10"
    assert [o.party for o in view.overloads] == ["alice"]
    assert view.suggestions, "at least one suggestion for alice's late work"
    assert all(s.late_after <= s.late_before for s in view.suggestions)
    assert forecast_view(org, AS_OF, with_suggestions=False).suggestions == ()


# --------------------------------------------------------------------------------------------
# Applying a suggestion


def _first(org, kind=None):
    suggestions = forecast_view(org, AS_OF).suggestions
    return next(s for s in suggestions if kind is None or s.kind == kind)


def test_a_reassignment_is_applied_to_the_occurrence_and_recorded_with_its_reason(org, alice):
    _overloaded(org)
    suggestion = _first(org, "reassign")

    applied = apply_suggestion(
        org, suggestion.id, reason="Bob has room this month", as_of=AS_OF, user=alice, source="web"
    )

    assert applied == suggestion
    occ = Occurrence.objects.select_related("responsible").get(step__key=suggestion.ref.split("/")[-1])
    assert occ.responsible.key == suggestion.target
    record = ChangeRecord.objects.get(organization=org, object_ref=suggestion.ref)
    assert (record.action, record.object_type, record.source, record.user) == (
        "reassigned",
        "occurrence",
        "web",
        alice,
    )
    assert record.changes == {"responsible": ["alice", suggestion.target]}
    assert record.reason == "Bob has room this month"
    # the change has the effect announced
    after = forecast_view(org, AS_OF, with_suggestions=False).result
    assert after.late_count == suggestion.late_after


def test_a_stale_suggestion_is_refused_and_nothing_is_written(org):
    _overloaded(org)
    suggestion = _first(org)
    Step.objects.filter(organization=org, key="pitch").update(effort_hours=Decimal("61"))  # the data changed
    before = list(Occurrence.objects.values_list("pk", "due", "responsible_id").order_by("pk"))

    with pytest.raises(ActionError) as caught:
        apply_suggestion(org, suggestion.id, reason="why not", as_of=AS_OF)

    assert "changed since" in caught.value.render(lambda s: s)
    assert list(Occurrence.objects.values_list("pk", "due", "responsible_id").order_by("pk")) == before
    assert not ChangeRecord.objects.filter(organization=org).exists()


def test_an_unknown_id_and_an_empty_reason_are_refused(org):
    _overloaded(org)
    with pytest.raises(ActionError, match="run suggest again"):
        apply_suggestion(org, "nope", reason="because", as_of=AS_OF)
    with pytest.raises(ActionError, match="reason"):
        apply_suggestion(org, _first(org).id, reason="  ", as_of=AS_OF)
    assert not ChangeRecord.objects.filter(organization=org).exists()


def test_the_same_suggestion_cannot_be_applied_twice(org):
    _overloaded(org)
    suggestion = _first(org)
    apply_suggestion(org, suggestion.id, reason="first", as_of=AS_OF)
    with pytest.raises(ActionError):
        apply_suggestion(org, suggestion.id, reason="second", as_of=AS_OF)
    assert ChangeRecord.objects.filter(organization=org).count() == 1


def _only(org, kinds):
    """Make every suggestion but `kinds` impossible: no one else, no vendor."""
    Party.objects.filter(organization=org, key="bob").update(time_off=[["2027-03-01", "2027-06-30"]])
    if "outsource" not in kinds:
        Step.objects.filter(organization=org, key="write").delete()
        Party.objects.filter(organization=org, kind="vendor").delete()


def test_a_new_due_moves_the_occurrence_not_its_baseline(org):
    _overloaded(org)
    _only(org, {"move_due"})
    Step.objects.filter(organization=org, key__in=["draft", "pitch"]).update(priority=Priority.CRITICAL)
    suggestion = _first(org, "move_due")
    occ = Occurrence.objects.get(step__key=suggestion.ref.split("/")[-1])

    apply_suggestion(org, suggestion.id, reason="the client agreed", as_of=AS_OF)

    occ.refresh_from_db()
    assert occ.due == datetime.fromisoformat(suggestion.target)
    assert occ.baseline_due != occ.due
    record = ChangeRecord.objects.get(organization=org, object_ref=suggestion.ref)
    assert record.action == "rescheduled"
    assert record.changes["due"][1] == datetime.fromisoformat(suggestion.target).astimezone(TZ).isoformat()


def test_a_priority_change_is_made_on_the_step(org):
    # alice's high-priority launch (due in 9 days) pushes her small normal one past its due in 2
    _only(org, {"raise_priority", "lower_priority"})
    _occurrences(org, _step(org, "launch", effort_hours=Decimal(20), priority=Priority.HIGH), at(2027, 3, 19))
    _occurrences(org, _step(org, "quick", effort_hours=Decimal(8)), at(2027, 3, 12))
    Step.objects.filter(organization=org, key="list").update(effort_hours=None)
    suggestion = _first(org)
    assert (suggestion.kind, suggestion.for_ref) == ("raise_priority", "visibility/media/quick"), suggestion

    apply_suggestion(org, suggestion.id, reason="the small one first", as_of=AS_OF)

    step = Step.objects.get(organization=org, key="quick")
    assert step.priority == Priority.HIGH and suggestion.target == "high"
    record = ChangeRecord.objects.get(organization=org)
    assert (record.object_type, record.object_ref, record.action) == (
        "step",
        "visibility/media/quick",
        "updated",
    )
    assert record.changes == {"priority": [Priority.NORMAL, Priority.HIGH]}
    assert record.reason == "the small one first"
    assert forecast_view(org, AS_OF, with_suggestions=False).result.late_count == suggestion.late_after


def test_the_database_and_the_plan_file_give_the_same_situation(db, demo_text):
    # the demo imported, then read back: the same work as the plan file read without a database
    from actionplan.core.leveling.from_plan import situation_from_plan
    from actionplan.core.planfile import load
    from actionplan.core.planresolve import resolve_plan
    from actionplan.orgs.models import Organization
    from actionplan.planning.importer import import_plan_file

    import_plan_file(demo_text, "sao-mai.vi.yaml")
    plan = load(demo_text, "sao-mai.vi.yaml")
    as_of = at(2026, 11, 16, 8)

    ours = situation_for(Organization.objects.get(key="sao-mai"), as_of)
    theirs = situation_from_plan(plan, resolve_plan(plan), as_of)

    assert (ours.people, ours.teams, ours.vendors) == (theirs.people, theirs.teams, theirs.vendors)
    assert ours.work == theirs.work
    assert ours.strategy_titles == theirs.strategy_titles
    assert ours.calendar == theirs.calendar


def test_outsourcing_gives_the_occurrence_to_the_vendor(org):
    _overloaded(org)
    _only(org, {"outsource"})  # bob is away: no one in the team has room
    suggestion = _first(org)
    assert (suggestion.kind, suggestion.target) == ("outsource", "writer"), suggestion

    apply_suggestion(org, suggestion.id, reason="the writer can do it", as_of=AS_OF)

    occ = Occurrence.objects.select_related("responsible").get(step__key=suggestion.ref.split("/")[-1])
    assert occ.responsible.key == "writer"
    record = ChangeRecord.objects.get(organization=org, object_ref=suggestion.ref)
    assert record.changes == {"responsible": ["alice", "writer"]} and record.action == "reassigned"
