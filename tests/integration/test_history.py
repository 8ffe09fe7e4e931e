"""`actionplan history REF` and accountability.history: who changed what, when, from what to what
and why; one entry per changed field, newest first; history that cannot be edited or deleted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from clock import freeze_now
from conftest import at
from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplan.accountability.history import history
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization
from actionplan.planning import editing
from actionplan.planning.actions import find_occurrence, mark_done, reopen
from actionplan.planning.models import ChangeRecord, HistoryIsReadOnly, Step, Strategy

KEYS = {"at", "by", "source", "action", "field", "old", "new", "reason"}


@pytest.fixture(autouse=True)
def _after_acmes_plan(monkeypatch):
    """Completions may be backdated, never put in the future: these tests complete acme's 2027
    occurrences, so the clock is set after them."""
    freeze_now(monkeypatch, datetime(2027, 6, 1, tzinfo=UTC))


def _edit_write(user, reason: str, **changes) -> None:
    step = Step.objects.get(key="write")
    values = {
        "title": step.title,
        "description": step.description,
        "responsible": step.responsible,
        "due_phrase": step.due_phrase,
        "repeat_phrase": step.repeat_phrase,
        "times": step.times,
        "until_phrase": step.until_phrase,
        "effort_hours": step.effort_hours,
        "priority": step.priority,
    }
    editing.update_step(step, user=user, reason=reason, **(values | changes))


def test_a_step_edit_gives_one_entry_per_field_with_who_when_and_why(org, alice):
    # Given alice moves the writer's step and changes its title, with a reason
    _edit_write(alice, "the writer is late", due_phrase="end of month 2", title="Write six releases")

    entries = history(org, "visibility/media/write")

    # Then the step's two fields and its occurrence's due are there, each from what to what
    by_field = {(e.ref, e.field): e for e in entries}
    assert set(by_field) == {
        ("visibility/media/write", "title"),
        ("visibility/media/write", "due_phrase"),
        ("visibility/media/write", "due"),
    }
    title = by_field["visibility/media/write", "title"]
    assert (title.old, title.new) == ("Write six press releases", "Write six releases")
    assert title.by == "alice" and title.source == "web" and title.action == "updated"
    assert title.reason == "the writer is late"
    assert title.at.utcoffset() == timedelta(hours=7)  # the organization's zone
    due = by_field["visibility/media/write", "due"]
    assert (due.old, due.new) == ("2027-03-31T17:00:00+07:00", "2027-04-29T17:00:00+07:00")  # 30/4: holiday


def test_newest_first_and_a_step_shows_its_occurrences_completions(org, alice):
    occ = find_occurrence(org, "visibility/media/send#2")
    mark_done(occ, at(2027, 4, 29, 9), user=alice, source="web")
    reopen(occ, user=alice, source="web")
    later = ChangeRecord.objects.get(action="reopened")

    entries = history(org, "visibility/media/send")

    # One entry per changed field (the time, who and when it was recorded), newest record first
    assert list(dict.fromkeys(e.action for e in entries)) == ["reopened", "completed"]
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert entries[0].at == later.at.astimezone(entries[0].at.tzinfo)
    assert {e.ref for e in entries} == {"visibility/media/send#2"}
    completed = next(e for e in entries if e.action == "completed" and e.field == "completed_at")
    assert completed.old is None and completed.new == "2027-04-29T09:00:00+07:00"
    by = next(e for e in entries if e.action == "completed" and e.field == "completed_by")
    assert by.new == "alice"
    # Only occurrence #2 when asked for it; nothing recorded for #1
    assert list(dict.fromkeys(e.action for e in history(org, "visibility/media/send#2"))) == [
        "reopened",
        "completed",
    ]
    assert history(org, "visibility/media/send#1") == []


def test_a_one_off_steps_occurrence_is_the_step_or_its_hash_one(org):
    mark_done(find_occurrence(org, "visibility/media/write"), at(2027, 3, 30, 10), source="cli")
    (entry,) = history(org, "visibility/media/write#1")
    assert entry.action == "completed" and entry.by is None and entry.source == "cli"
    assert history(org, "visibility/media/write") == [entry]


def test_a_record_without_field_changes_is_one_entry_with_field_null(org):
    ChangeRecord.objects.create(
        organization=org,
        at=timezone.now(),
        source="import",
        action="created",
        object_type="strategy",
        object_ref="visibility",
    )
    (entry,) = history(org, "visibility")
    assert entry.field is None and entry.old is None and entry.new is None and entry.action == "created"


def test_goal_plan_strategy_and_party_refs(org, alice):
    editing.change_start(
        Strategy.objects.get(key="visibility"), at(2027, 4, 1).date(), user=alice, reason="later"
    )
    assert {e.field for e in history(org, "visibility")} == {"start"}  # its own records only
    editing.change_start(org.action_plans.get(key="media"), at(2027, 4, 5).date(), reason="even later")
    (plan_entry,) = history(org, "visibility/media")
    assert plan_entry.field == "start" and plan_entry.reason == "even later"
    assert history(org, "visibility/stories") == []  # a goal that exists, with nothing recorded
    assert history(org, "bob") == []  # a person


def test_something_deleted_keeps_its_history(org):
    ChangeRecord.objects.create(
        organization=org,
        at=timezone.now(),
        source="import",
        action="deleted",
        object_type="step",
        object_ref="visibility/media/gone",
    )
    (entry,) = history(org, "visibility/media/gone")
    assert entry.action == "deleted"


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        (
            "visibility/media/wirte",
            ["no history of visibility/media/wirte in acme", "visibility/media/write"],
        ),
        ("visibilty", ["nearby: visibility"]),
        ("visibility/media/send#9", ["visibility/media/send has no occurrence 9 (it has 3)"]),
        ("a/b/c/d", ["is not a reference"]),
        ("visibility#2", ["is not a reference"]),
    ],
)
def test_an_unknown_ref_names_what_exists_nearby(org, ref, words):
    with pytest.raises(ActionError) as caught:
        history(org, ref)
    for word in words:
        assert word in caught.value.render(lambda s: s)


def test_history_of_another_organization_is_not_shown(org, other_org):
    mark_done(find_occurrence(org, "visibility/media/write"), at(2027, 3, 30, 10))
    with pytest.raises(ActionError):
        history(other_org, "visibility/media/write")


# --------------------------------------------------------------------------------------------
# The command


def test_history_json_is_the_issues_list_of_eight_keys(cli, org):
    assert cli("done", "visibility/media/send#1", "--at", "2027-03-31T09:00:00Z").exit_code == 0
    result = cli("history", "visibility/media/send", "--format", "json", "--org", "acme")
    assert result.exit_code == 0, result.stderr
    (entry,) = json.loads(result.stdout)
    assert set(entry) == KEYS
    assert entry["source"] == "cli" and entry["action"] == "completed" and entry["by"] is None
    assert entry["field"] == "completed_at" and entry["old"] is None
    assert entry["new"] == "2027-03-31T16:00:00+07:00"
    assert entry["at"].endswith("+07:00") and entry["reason"] == ""


def test_history_table_and_errors(cli, org):
    assert cli("done", "visibility/media/send#1", "--at", "2027-03-31 09:00").exit_code == 0
    table = cli("history", "visibility/media/send")
    assert table.exit_code == 0, table.stderr
    assert "History of visibility/media/send" in table.stdout
    assert "completed_at" in table.stdout and "command line" in table.stdout
    vi = cli("history", "visibility/media/send", "--lang", "vi")
    assert "Lịch sử thay đổi của visibility/media/send" in vi.stdout
    empty = cli("history", "visibility")
    assert empty.exit_code == 0 and "visibility: no recorded change" in empty.stdout
    unknown = cli("history", "visibility/media/sned")
    assert unknown.exit_code == 2 and "visibility/media/send" in unknown.stderr
    assert "Traceback" not in unknown.stderr + unknown.stdout
    assert cli("history", "visibility", "--format", "yaml").exit_code == 2


# --------------------------------------------------------------------------------------------
# History cannot be edited or deleted


def _record(org: Organization) -> ChangeRecord:
    return ChangeRecord.objects.create(
        organization=org,
        at=timezone.now(),
        source="web",
        action="updated",
        object_type="step",
        object_ref="visibility/media/write",
        changes={"title": ["a", "b"]},
        reason="why",
    )


def test_a_record_cannot_be_changed_or_deleted_through_the_model(org):
    record = _record(org)
    record.reason = "another reason"
    with pytest.raises(HistoryIsReadOnly):
        record.save()
    with pytest.raises(HistoryIsReadOnly):
        record.delete()
    with pytest.raises(HistoryIsReadOnly):
        ChangeRecord.objects.filter(pk=record.pk).update(reason="x")
    with pytest.raises(HistoryIsReadOnly):
        ChangeRecord.objects.filter(pk=record.pk).delete()
    with pytest.raises(HistoryIsReadOnly):
        ChangeRecord.objects.bulk_update([record], ["reason"])
    assert ChangeRecord.objects.get(pk=record.pk).reason == "why"


def test_deleting_a_login_or_an_organization_still_works(org, alice):
    ChangeRecord.objects.create(
        organization=org, at=timezone.now(), user=alice, source="web", action="updated",
        object_type="step", object_ref="x/y/z",
    )  # fmt: skip
    alice.delete()  # the record stays, without its author
    assert ChangeRecord.objects.filter(object_ref="x/y/z", user__isnull=True).exists()
    gone = Organization.objects.create(key="gone", name="Gone")
    record = _record(gone)
    gone.delete()  # an organization's history goes with it
    assert not ChangeRecord.objects.filter(pk=record.pk).exists()


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-123456")
    client.force_login(admin)
    return client


def test_the_admin_shows_history_read_only(admin_client, org):
    record = _record(org)
    base = "/admin/planning/changerecord/"
    listing = admin_client.get(base)
    assert listing.status_code == 200 and "visibility/media/write" in listing.content.decode()
    page = admin_client.get(f"{base}{record.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # no save button
    assert admin_client.post(f"{base}{record.pk}/change/", {"reason": "edited"}).status_code == 403
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    assert admin_client.post(base, bulk).status_code in (200, 302)  # no such action: nothing done
    assert ChangeRecord.objects.get(pk=record.pk).reason == "why"


def test_records_of_later_kinds_about_an_occurrence_are_in_its_history(org):
    # Given a check-in recorded on occurrence #2 (as the check-in service will write them)
    ChangeRecord.objects.create(
        organization=org,
        at=timezone.now(),
        source="web",
        action="checked_in",
        object_type="check_in",
        object_ref="visibility/media/send#2",
        changes={"percent": [None, 50]},
        reason="half the list is called",
    )
    (entry,) = history(org, "visibility/media/send#2")
    assert (entry.action, entry.field, entry.new, entry.reason) == (
        "checked_in",
        "percent",
        50,
        "half the list is called",
    )
    assert history(org, "visibility/media/send") == [entry]


def test_history_reads_in_a_fixed_number_of_queries(org, alice, django_assert_max_num_queries):
    for n in (1, 2, 3):
        occ = find_occurrence(org, f"visibility/media/send#{n}")
        mark_done(occ, at(2027, 3, 20, 9), user=alice)
        reopen(occ, user=alice)
    per_record = 2  # a completion (and a reopening) by a user changes completed_at and completed_by
    with django_assert_max_num_queries(1):
        assert len(history(org, "visibility/media/send")) == 6 * per_record
    with django_assert_max_num_queries(2):
        assert len(history(org, "visibility/media/send#3")) == 2 * per_record


def test_a_review_meetings_changes_name_their_source_and_action(cli, org):
    ChangeRecord.objects.create(
        organization=org,
        at=timezone.now(),
        source="review",
        action="decided",
        object_type="occurrence",
        object_ref="visibility/media/write",
        changes={"due": ["2027-03-31T17:00:00+07:00", "2027-04-15T17:00:00+07:00"]},
        reason="printer broken",
    )
    table = cli("history", "visibility/media/write")
    assert "review meeting" in table.stdout and "decision" in table.stdout
    vi = cli("history", "visibility/media/write", "--lang", "vi")
    assert "buổi xem xét" in vi.stdout
