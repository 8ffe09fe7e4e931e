"""Review meetings (accountability.reviews): the agenda at set times, holding a review (one
transaction: one bad decision writes nothing), history, minutes; the CLI's agenda and minutes.
On SQLite and PostgreSQL.

acme (see conftest): list (alice, due 12/3, done 11/3), write (writer, due 31/3), send #1..#3
(marketing, monthly, due 31/3, 30/4, 31/5; #2 reassigned to bob).
"""

from __future__ import annotations

import json

import pytest
from clock import freeze_now
from conftest import at
from django.utils import translation

from actionplan.accountability.decisions import DecisionError, DecisionInput
from actionplan.accountability.models import Decision, Rating, Review
from actionplan.accountability.reviews import (
    RatingInput,
    Scope,
    agenda,
    hold_review,
    minutes_markdown,
    parse_scope,
)
from actionplan.errors import ActionError
from actionplan.orgs.models import Party
from actionplan.planning.actions import find_occurrence
from actionplan.planning.models import ChangeRecord, CheckIn, Occurrence

pytestmark = pytest.mark.django_db
LIST = "visibility/media/list"
WRITE = "visibility/media/write"
SEND1 = "visibility/media/send#1"
SEND2 = "visibility/media/send#2"
SEND3 = "visibility/media/send#3"


def refs(items):
    return [i.ref for i in items]


@pytest.fixture
def late_write(org):
    """write done on 2 April, two days late; send#1 blocked since 1 April."""
    Occurrence.objects.filter(step__key="write").update(completed_at=at(2027, 4, 2, 17))
    CheckIn.objects.create(
        occurrence=find_occurrence(org, SEND1),
        at=at(2027, 4, 1, 9),
        percent=20,
        blocked=True,
        blocked_reason="printer broken",
    )
    return org


def test_agenda_sections_at_a_set_time(late_write):
    org = late_write
    a = agenda(org, Scope(), at(2027, 4, 20, 9))
    assert a.since is None and a.previous is None
    assert refs(a.sections["done_on_time"]) == [LIST]
    assert refs(a.sections["done_late"]) == [WRITE]
    assert a.late_by(a.sections["done_late"][0]).days == 2
    assert refs(a.sections["overdue"]) == [SEND1]
    assert refs(a.sections["due_next"]) == [SEND2]  # 30/4 is within two weeks of 20/4; 31/5 is not
    assert refs(a.sections["blocked"]) == [SEND1]
    assert a.sections["blocked"][0].blocked == "printer broken"


def test_agenda_counts_done_work_since_the_previous_review(late_write, monkeypatch, alice):
    org = late_write
    freeze_now(monkeypatch, at(2027, 3, 20, 9))
    first = hold_review(org, Scope(), user=alice, notes="first")
    a = agenda(org, Scope(), at(2027, 4, 20, 9))
    assert a.previous == first and a.since == first.held_at
    assert refs(a.sections["done_on_time"]) == []  # list was done on 11/3, before the last review
    assert refs(a.sections["done_late"]) == [WRITE]


def test_agenda_of_a_scope(late_write):
    org = late_write
    bob = parse_scope(org, "person:bob")
    assert refs(agenda(org, bob, at(2027, 4, 20, 9)).items) == [SEND2]
    team = parse_scope(org, "team:marketing")  # its own work and its members' (alice, bob)
    assert set(refs(agenda(org, team, at(2027, 4, 20, 9)).items)) == {LIST, SEND1, SEND3}
    strategy = parse_scope(org, "strategy:visibility")
    assert len(agenda(org, strategy, at(2027, 4, 20, 9)).items) == 5
    for bad in ("person:nobody", "strategy:x", "planet:mars"):
        with pytest.raises(ActionError):
            parse_scope(org, bad)


def test_agenda_queries_are_fixed(late_write, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        agenda(late_write, Scope(), at(2027, 4, 20, 9))


def test_holding_a_review_saves_decisions_and_ratings_in_history_and_minutes(late_write, monkeypatch, alice):
    org = late_write
    freeze_now(monkeypatch, at(2027, 4, 20, 9))
    review = hold_review(
        org,
        Scope(),
        decisions=[
            DecisionInput(SEND1, "reschedule", "printer broken", due="2027-04-23"),
            DecisionInput(SEND2, "reassign", "bob is away", who="alice"),
        ],
        ratings=[RatingInput(WRITE, "tốt", "clear text")],
        notes="Monthly review",
        user=alice,
    )
    assert review.held_by == alice and review.closed and review.notes == "Monthly review"
    assert {d.ref: d.review_id for d in Decision.objects.all()} == {SEND1: review.pk, SEND2: review.pk}
    assert Rating.objects.get().review == review
    occ = find_occurrence(org, SEND1)
    assert occ.due == at(2027, 4, 23) and occ.baseline_due == at(2027, 3, 31)
    assert ChangeRecord.objects.filter(action="decided", source="review").count() == 2
    assert ChangeRecord.objects.filter(action="rated", source="review").count() == 1
    with translation.override("en"):
        text = minutes_markdown(review)
    assert text.startswith("# Review minutes: ")
    assert "### Done late (1)" in text and "late by 2 days" in text
    assert f"`{SEND1}`: **reschedule** (new due 2027-04-23 17:00) — reason: printer broken" in text
    assert f"`{WRITE}`: **good** — clear text" in text
    assert "Monthly review" in text


@pytest.mark.parametrize(
    ("decisions", "ratings", "field", "words"),
    [
        ([DecisionInput(SEND2, "reassign", "r", who="charlie")], [], "who", "unknown person"),
        ([DecisionInput(SEND2, "reschedule", "r", due="someday soon")], [], "due", "is not a date"),
        ([DecisionInput(SEND2, "keep", "  ")], [], "reason", "reason is required"),
        ([], [RatingInput(SEND3, "good")], "level", "only done work"),
        ([], [RatingInput(WRITE, "superb")], "level", "not a quality level"),
    ],
)
def test_one_invalid_item_and_nothing_of_the_review_is_written(
    late_write, other_org, monkeypatch, alice, decisions, ratings, field, words
):
    org = late_write
    freeze_now(monkeypatch, at(2027, 4, 20, 9))
    good = [DecisionInput(SEND1, "reschedule", "later", due="2027-04-23")]
    before = (list(Occurrence.objects.order_by("pk").values()), ChangeRecord.objects.count())
    with pytest.raises(DecisionError) as caught:
        hold_review(org, Scope(), decisions=good + decisions, ratings=ratings, notes="n", user=alice)
    assert caught.value.field == field and words in str(caught.value)
    assert caught.value.item == 1
    after = (list(Occurrence.objects.order_by("pk").values()), ChangeRecord.objects.count())
    assert after == before
    assert (Review.objects.count(), Decision.objects.count(), Rating.objects.count()) == (0, 0, 0)


def test_reassigning_to_another_organizations_person_is_refused(late_write, other_org, monkeypatch, alice):
    charlie = Party.objects.get(organization=other_org, key="charlie")
    freeze_now(monkeypatch, at(2027, 4, 20, 9))
    with pytest.raises(DecisionError, match="is not of acme"):
        hold_review(
            late_write, Scope(), decisions=[DecisionInput(SEND2, "reassign", "r", who=charlie)], user=alice
        )
    assert Review.objects.count() == 0


def test_a_member_may_not_hold_a_review(late_write, bob):
    with pytest.raises(DecisionError, match="only an owner or a manager"):
        hold_review(late_write, Scope(), notes="x", user=bob)
    assert Review.objects.count() == 0


def test_cli_review_prints_the_agenda_and_json_keeps_its_keys(late_write, cli):
    result = cli("review", "--as-of", "2027-04-20 09:00", "--org", "acme")
    assert result.exit_code == 0, result.output
    assert "Done late (1)" in result.output and "late by 2 days" in result.output
    assert "Blocked (1)" in result.output
    result = cli("review", "--as-of", "2027-04-20 09:00", "--org", "acme", "--format", "json")
    data = json.loads(result.output)
    assert set(data) == {"organization", "as_of", "items", "agenda"}
    assert set(data["items"][0]) == {
        "ref", "title", "strategy", "action_plan", "responsible", "due", "baseline_due",
        "completed_at", "status", "forecast_finish", "percent_done", "blocked",
    }  # fmt: skip
    assert [i["ref"] for i in data["agenda"]["done_late"]] == [WRITE]
    assert data["agenda"]["done_late"][0]["late_hours"] == 48.0


def test_cli_minutes(late_write, cli, monkeypatch, alice):
    freeze_now(monkeypatch, at(2027, 4, 20, 9))
    review = hold_review(
        late_write, Scope(), decisions=[DecisionInput(SEND1, "drop", "no printer")], user=alice
    )
    result = cli("review", "--minutes", str(review.pk), "--org", "acme")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Review minutes: ")
    assert f"`{SEND1}`: **drop** — reason: no printer" in result.output
    result = cli("review", "--minutes", "999", "--org", "acme")
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no review 999" in result.output
