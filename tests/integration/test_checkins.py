"""The check-in service (accountability.checkins) and who/when of completions (planning.actions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clock import freeze_now
from conftest import at
from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplan.accountability.checkins import CheckInError, check_in, state_of
from actionplan.errors import ActionError
from actionplan.orgs.models import Membership
from actionplan.planning import forecasting
from actionplan.planning.actions import find_occurrence, mark_done, reopen
from actionplan.planning.models import ChangeRecord, CheckIn
from actionplan.planning.review import build_review, review_json

pytestmark = pytest.mark.django_db


def occ(org, ref):
    return find_occurrence(org, ref)


def written() -> tuple[int, int]:
    return CheckIn.objects.count(), ChangeRecord.objects.count()


# -- what is recorded


def test_a_check_in_is_recorded_with_a_change_record(org, alice):
    # When alice records 40 % with a note on send#1 (her team's)
    row = check_in(occ(org, "visibility/media/send#1"), percent=40, note="drafted", user=alice, source="web")

    # Then the check-in holds it, with the real time it was entered
    assert (row.percent, row.note, row.blocked, row.author) == (40, "drafted", False, alice)
    assert abs((timezone.now() - row.recorded_at).total_seconds()) < 60
    assert row.at == row.recorded_at.replace(microsecond=0)
    # And the history says who, which fields from what to what, and why (the note)
    record = ChangeRecord.objects.get(action="checked_in")
    assert record.object_ref == "visibility/media/send#1"
    assert (record.user, record.source, record.object_type) == (alice, "web", "occurrence")
    assert record.changes == {"percent_done": [None, 40]}
    assert record.reason == "drafted"


def test_blocked_then_a_percent_keeps_the_block_then_unblocked(org, alice):
    o = occ(org, "visibility/media/send#1")
    check_in(o, blocked="waiting for the printer's quote", user=alice)
    assert state_of(o).blocked == "waiting for the printer's quote"

    # a check-in that says nothing about the block keeps it
    check_in(o, percent=60, user=alice)
    assert state_of(o) == state_of(o).__class__(percent=60, blocked="waiting for the printer's quote")

    check_in(o, unblocked=True, note="quote arrived", user=alice)
    assert state_of(o).blocked is None
    assert state_of(o).percent == 60  # a check-in without a percent leaves the latest one
    changes = [r.changes for r in ChangeRecord.objects.filter(action="checked_in").order_by("id")]
    assert changes == [
        {"blocked": [None, "waiting for the printer's quote"]},
        {"percent_done": [None, 60]},
        {"blocked": ["waiting for the printer's quote", None]},
    ]


def test_the_forecast_counts_the_latest_percent(org, alice):
    org.steps.filter(key="write").update(effort_hours=10)
    o = occ(org, "visibility/media/write")
    check_in(o, percent=30, user=alice)
    check_in(o, note="no percent this time", user=alice)
    row = forecasting.occurrence_rows().get(pk=o.pk)
    assert row.latest_percent == 30
    work = {w.ref: w for w in forecasting.situation_for(org, timezone.now()).work}
    assert work["visibility/media/write"].remaining == pytest.approx(7.0)


def test_a_backdated_check_in_keeps_both_times(org, alice):
    o = occ(org, "visibility/media/send#1")
    yesterday = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    row = check_in(o, percent=10, at=yesterday, user=alice)
    assert row.at == yesterday and row.recorded_at > yesterday
    assert "at" in ChangeRecord.objects.get(action="checked_in").changes


# -- bad input: the field named, nothing written


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"percent": 101}, "percent", "from 0 to 100"),
        ({"percent": -1}, "percent", "from 0 to 100"),
        ({"percent": "forty"}, "percent", "forty"),
        ({"percent": "4.5"}, "percent", "whole number"),
        ({"blocked": "  "}, "blocked", "reason"),
        ({"blocked": "late supplier", "unblocked": True}, "blocked", "exclude each other"),
        ({}, "percent", "nothing to record"),
        ({"note": "   "}, "percent", "nothing to record"),
        ({"note": "x" * 2001}, "note", "at most 2000"),
        ({"percent": 5, "at": at(2099, 1, 1)}, "at", "in the future"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(org, alice, kwargs, field, words):
    before = written()
    with pytest.raises(CheckInError, match=words) as caught:
        check_in(occ(org, "visibility/media/send#1"), user=alice, **kwargs)
    assert caught.value.field == field
    assert written() == before


def test_percent_as_text_from_a_form_is_read(org, alice):
    assert check_in(occ(org, "visibility/media/send#1"), percent=" 75% ", user=alice).percent == 75


def test_one_transaction_a_failing_history_write_leaves_no_check_in(org, alice, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ChangeRecord.objects, "create", boom)
    with pytest.raises(RuntimeError):
        check_in(occ(org, "visibility/media/send#1"), percent=50, user=alice)
    assert CheckIn.objects.count() == 0


def test_a_done_occurrence_takes_no_check_in(org, alice):
    with pytest.raises(ActionError, match="reopen"):
        check_in(occ(org, "visibility/media/list"), percent=50, user=alice)
    assert written() == (0, 0)


# -- who may


def _manager(org):
    dora = get_user_model().objects.create_user(username="dora", password="x" * 12)
    Membership.objects.create(user=dora, organization=org, role=Membership.Role.MANAGER)
    return dora


def test_a_member_may_check_in_on_their_own_occurrence_only(org, bob):
    assert check_in(occ(org, "visibility/media/send#2"), percent=20, user=bob).author == bob
    for ref in ("visibility/media/send#1", "visibility/media/write"):  # a team's, a vendor's
        with pytest.raises(ActionError, match="may not record progress"):
            check_in(occ(org, ref), percent=20, user=bob)
    assert CheckIn.objects.count() == 1


def test_team_members_and_lead_may_check_in_for_their_team(org, bob, alice):
    # alice is in marketing (and leads it): send#1 is marketing's
    check_in(occ(org, "visibility/media/send#1"), percent=5, user=alice)
    # bob joins marketing: now he may too
    org.parties.filter(key="bob").update(team=org.parties.get(key="marketing"))
    check_in(occ(org, "visibility/media/send#1"), percent=10, user=bob)


def test_owners_managers_and_the_cli_may_check_in_on_anything(org, alice):
    dora = _manager(org)
    check_in(occ(org, "visibility/media/write"), percent=10, user=dora)  # the vendor's
    check_in(occ(org, "visibility/media/send#2"), percent=10, user=alice)  # bob's
    check_in(occ(org, "visibility/media/send#2"), percent=15, user=None, source="cli")
    assert ChangeRecord.objects.filter(action="checked_in", user=None, source="cli").count() == 1


def test_an_outsider_may_not(org, outsider):
    with pytest.raises(ActionError, match="may not"):
        check_in(occ(org, "visibility/media/send#2"), percent=10, user=outsider)


# -- completions: who and when


def test_mark_done_records_who_and_when_it_was_recorded(org, bob, monkeypatch):
    now = freeze_now(monkeypatch, at(2027, 5, 2, 9))
    # bob finished his occurrence yesterday and records it today
    done = mark_done(occ(org, "visibility/media/send#2"), at(2027, 5, 1, 16), user=bob, source="web")
    assert done.completed_at == at(2027, 5, 1, 16)
    assert done.completed_by == bob
    assert done.completion_recorded_at == now
    record = ChangeRecord.objects.get(action="completed")
    assert record.changes == {
        "completed_at": [None, "2027-05-01T16:00:00+07:00"],
        "completed_by": [None, "bob"],
    }


def test_a_completion_may_not_be_in_the_future(org, alice, monkeypatch):
    freeze_now(monkeypatch, at(2027, 5, 2, 9))
    with pytest.raises(ActionError, match="in the future"):
        mark_done(occ(org, "visibility/media/send#2"), at(2027, 5, 2, 9, 5), user=alice)
    # a minute of clock difference is allowed
    mark_done(occ(org, "visibility/media/send#2"), at(2027, 5, 2, 9, 0) + timedelta(seconds=50), user=alice)


def test_reopen_clears_who_and_when_and_the_history_keeps_them(org, alice, monkeypatch):
    freeze_now(monkeypatch, at(2027, 5, 2, 9))
    o = occ(org, "visibility/media/send#2")
    mark_done(o, user=alice)
    reopen(o, alice, "web")
    o.refresh_from_db()
    assert (o.completed_at, o.completed_by, o.completion_recorded_at) == (None, None, None)
    assert ChangeRecord.objects.get(action="reopened").changes["completed_by"] == ["alice", None]


def test_a_member_may_not_mark_someone_elses_occurrence_done(org, bob):
    with pytest.raises(ActionError, match="may not"):
        mark_done(occ(org, "visibility/media/write"), user=bob)
    assert occ(org, "visibility/media/write").completed_at is None


# -- the review


def test_the_review_json_has_percent_done_blocked_and_baseline_due(org, alice):
    check_in(occ(org, "visibility/media/send#1"), percent=40, blocked="no printer", user=alice)
    items = {i["ref"]: i for i in review_json(build_review(org, at(2027, 3, 20)))["items"]}
    assert items["visibility/media/send#1"]["percent_done"] == 40
    assert items["visibility/media/send#1"]["blocked"] == "no printer"
    assert items["visibility/media/send#1"]["baseline_due"] == "2027-03-31T17:00:00+07:00"
    assert items["visibility/media/write"]["percent_done"] is None
    assert items["visibility/media/write"]["blocked"] is None
    assert items["visibility/media/list"]["percent_done"] == 100  # done


def test_the_review_with_check_ins_keeps_its_three_queries(org, alice, django_assert_max_num_queries):
    for ref in ("visibility/media/send#1", "visibility/media/send#2", "visibility/media/write"):
        check_in(occ(org, ref), percent=10, blocked="waiting", user=alice)
    with django_assert_max_num_queries(3):
        review = build_review(org, at(2027, 3, 20))
    assert sum(1 for i in review.items if i.blocked) == 3


def test_an_import_that_reopens_clears_who_and_when(db, demo_text):
    # Given the demo, with an open occurrence marked done on the web by its owner
    from actionplan.orgs.models import Organization
    from actionplan.orgs.services import create_user
    from actionplan.planning.importer import import_plan_file

    import_plan_file(demo_text, "sao-mai.vi.yaml")
    owner = create_user("chu", "x" * 16, "sao-mai", "owner")
    demo = Organization.objects.get(key="sao-mai")
    ref = next(i.ref for i in build_review(demo, timezone.now()).items if i.completed_at is None)
    done = mark_done(find_occurrence(demo, ref), user=owner)
    assert done.completed_by == owner

    # When the file (which does not say it is done) is imported again
    import_plan_file(demo_text, "sao-mai.vi.yaml")

    # Then it is open again, and nobody is recorded as having completed it
    again = find_occurrence(demo, ref)
    assert (again.completed_at, again.completed_by, again.completion_recorded_at) == (None, None, None)
