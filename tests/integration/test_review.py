"""The review: one item per occurrence, statuses from core.status, a bounded number of queries."""

from __future__ import annotations

from decimal import Decimal

from clock import freeze_now
from conftest import at

from actionplan.planning.actions import find_occurrence, mark_done
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import Occurrence
from actionplan.planning.review import build_review, review_json

AS_OF = at(2027, 4, 25, 12)


def test_items_are_ordered_by_due_then_ref_with_the_right_responsible(org):
    review = build_review(org, AS_OF)

    assert [i.ref for i in review.items] == [
        "visibility/media/list",
        "visibility/media/send#1",
        "visibility/media/write",
        "visibility/media/send#2",
        "visibility/media/send#3",
    ]
    by_ref = {i.ref: i for i in review.items}
    assert by_ref["visibility/media/list"].responsible.id == "alice"  # the plan's
    assert by_ref["visibility/media/write"].responsible.kind == "vendor"  # the step's
    assert by_ref["visibility/media/send#1"].responsible.id == "marketing"
    assert by_ref["visibility/media/send#2"].responsible.id == "bob"  # the occurrence's reassignment


def test_every_status_appears(org, monkeypatch):
    freeze_now(monkeypatch, at(2027, 4, 2, 9))
    mark_done(find_occurrence(org, "visibility/media/send#1"), at(2027, 4, 2, 9), source="cli")

    statuses = {i.ref: i.status for i in build_review(org, AS_OF).items}

    assert statuses == {
        "visibility/media/list": "done_on_time",
        "visibility/media/send#1": "done_late",
        "visibility/media/write": "overdue",
        "visibility/media/send#2": "due_soon",
        "visibility/media/send#3": "on_track",
    }


def test_json_shape(org):
    data = review_json(build_review(org, AS_OF))

    assert data["organization"] == "acme"
    assert data["as_of"] == "2027-04-25T12:00:00+07:00"
    first = data["items"][0]
    assert first == {
        "ref": "visibility/media/list",
        "title": "Develop the media list",
        "strategy": "visibility",
        "action_plan": "media",
        "responsible": {"kind": "person", "id": "alice", "name": "Alice Nguyen"},
        "due": "2027-03-12T17:00:00+07:00",
        "baseline_due": "2027-03-12T17:00:00+07:00",
        "completed_at": "2027-03-11T10:00:00+07:00",
        "status": "done_on_time",
        "forecast_finish": None,  # done: nothing left to forecast
        "percent_done": 100,  # done
        "blocked": None,
    }
    assert data["items"][1]["completed_at"] is None


def test_queries_do_not_grow_with_the_plan(org, demo_text, django_assert_max_num_queries):
    import_plan_file(demo_text, "sao-mai.vi.yaml")
    assert Occurrence.objects.count() > 30

    # the occurrences (with their latest percent done), the parties and the dependencies, which
    # the forecast behind at_risk reads
    with django_assert_max_num_queries(3):
        small = build_review(org, AS_OF)
    from actionplan.orgs.models import Organization

    demo = Organization.objects.get(key="sao-mai")
    with django_assert_max_num_queries(3):
        big = build_review(demo, AS_OF)
    assert len(small.items) == 5 and len(big.items) > 30
    # narrowed to some occurrences, the forecast still reads them all: one query more
    with django_assert_max_num_queries(4):
        narrowed = build_review(demo, AS_OF, queryset=Occurrence.objects.filter(number=1))
    assert 0 < len(narrowed.items) < len(big.items)


def _too_much_for_bob(org):
    """send#2 (bob's, due 2027-04-30) needs 100 hours: bob cannot finish it in time."""
    org.steps.filter(key="send").update(effort_hours=100)


def test_at_risk_is_open_not_yet_due_and_forecast_to_finish_after_its_due(org):
    _too_much_for_bob(org)

    review = build_review(org, AS_OF)

    by_ref = {i.ref: i for i in review.items}
    send2 = by_ref["visibility/media/send#2"]
    assert send2.status == "at_risk"  # due in 5 days: at risk says more than due soon
    assert send2.forecast_finish > send2.due
    assert by_ref["visibility/media/write"].status == "overdue"  # past due stays overdue
    assert by_ref["visibility/media/list"].status == "done_on_time"
    assert review.counts()["at_risk"] >= 1


def test_work_nobody_has_hours_for_is_at_risk_not_on_track(org):
    # bob, who does send#2, has no hours at all: the forecast never finishes it, and says it is late.
    from actionplan.orgs.models import Party

    org.steps.filter(key="send").update(effort_hours=2)
    Party.objects.filter(organization=org, key="bob").update(capacity_hours=Decimal("0"))

    by_ref = {i.ref: i for i in build_review(org, AS_OF).items}

    assert by_ref["visibility/media/send#2"].forecast_finish is None
    assert by_ref["visibility/media/send#2"].status == "at_risk"


def test_a_forecast_given_by_the_caller_is_used_and_saves_the_queries(org, django_assert_max_num_queries):
    from actionplan.planning.forecasting import forecast_view

    _too_much_for_bob(org)
    view = forecast_view(org, AS_OF, with_suggestions=False)

    with django_assert_max_num_queries(1):
        review = build_review(org, AS_OF, planned=view.planned)

    assert review == build_review(org, AS_OF)


def test_at_risk_in_the_json(org):
    _too_much_for_bob(org)

    items = {i["ref"]: i for i in review_json(build_review(org, AS_OF))["items"]}

    send2 = items["visibility/media/send#2"]
    assert send2["status"] == "at_risk"
    assert send2["forecast_finish"] > send2["due"]  # same offset: ISO strings compare as times
    assert send2["forecast_finish"].endswith("+07:00")


def test_at_risk_in_the_table(org, cli):
    _too_much_for_bob(org)

    result = cli("review", "--as-of", "2027-04-25 12:00")

    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "send#2" in line)
    assert "at risk" in line
    assert "at risk: 1" in result.stdout or "at risk: 2" in result.stdout


def test_review_is_scoped_to_the_organization(org, demo_text):
    import_plan_file(demo_text, "sao-mai.vi.yaml")

    assert {i.strategy for i in build_review(org, AS_OF).items} == {"visibility"}
