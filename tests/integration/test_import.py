"""Importing plan files: idempotent, updates by id, keeps baselines, all-or-nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import genplan  # bench/genplan.py, vendored from the shared harness
import pytest
from conftest import DATA, snapshot
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actionplan.core.planfile import PlanFileError
from actionplan.orgs.models import Organization, Party
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import ChangeRecord, Occurrence, Step

PLAN = """\
version: 1
organization: {id: acme, name: Acme Bakery, locale: en, timezone: Asia/Ho_Chi_Minh, currency: VND}
teams:
  - {id: marketing, name: Marketing, lead: alice}
people:
  - {id: alice, name: Alice Nguyen, team: marketing}
  - {id: bob, name: Bob Tran}
vendors:
  - {id: writer, name: Freelance writer, kind: writer, fee: 1500000}
strategies:
  - id: visibility
    title: Increase media visibility
    start: 2027-03-01
    goals:
      - {id: stories, title: At least two news stories, target: ">= 2", due: end of month 6}
    action_plans:
      - id: media
        title: Media plan
        goal: stories
        responsible: alice
        steps:
          - {id: list, title: Develop the media list, due: %(list_due)s, effort: 6h%(list_done)s}
          - {id: write, title: Write six press releases, who: writer, due: end of month 1, after: [list]}
          - {id: send, title: Distribute one press release, who: marketing, after: [write],
             repeat: monthly, times: %(times)s, due: end of month%(send_done)s}
"""


def plan(list_due="end of week 2 of month 1", list_done="", times=6, send_done="") -> bytes:
    return (
        PLAN % {"list_due": list_due, "list_done": list_done, "times": times, "send_done": send_done}
    ).encode()


def occurrences(step_key: str) -> list[Occurrence]:
    return list(Occurrence.objects.filter(step__key=step_key).order_by("number"))


def test_first_import_creates_everything(db):
    result = import_plan_file(plan(), "acme.yaml")

    assert result.organization == "acme"
    assert result.counts["organization"].created == 1
    assert result.counts["party"].created == 4
    assert result.counts["step"].created == 3
    assert result.counts["occurrence"].created == 1 + 1 + 6
    assert Party.objects.get(key="writer").fee == 1_500_000
    assert Party.objects.get(key="alice").team.key == "marketing"
    assert Party.objects.get(key="marketing").lead.key == "alice"
    assert Step.objects.get(key="send").depends_on.get().key == "write"
    recorded = set(ChangeRecord.objects.values_list("object_type", "action"))
    assert recorded == {
        ("party", "created"),
        ("strategy", "created"),
        ("goal", "created"),
        ("action_plan", "created"),
        ("step", "created"),
    }


def test_same_file_twice_changes_nothing(db, demo_text):
    import_plan_file(demo_text, "sao-mai.vi.yaml")
    before, records = snapshot("sao-mai"), ChangeRecord.objects.count()

    again = import_plan_file(demo_text, "sao-mai.vi.yaml")

    assert not again.changed
    assert all(c.created == c.updated == c.deleted == 0 for c in again.counts.values())
    assert ChangeRecord.objects.count() == records
    assert snapshot("sao-mai") == before


def test_edited_file_updates_by_id_and_keeps_the_baseline(db):
    import_plan_file(plan(), "acme.yaml")
    (list_occ,) = occurrences("list")
    baseline = list_occ.baseline_due

    # Given the list moved a week later and the title of nothing else changed
    result = import_plan_file(plan(list_due="end of week 3 of month 1"), "acme.yaml")

    (moved,) = occurrences("list")
    assert moved.pk == list_occ.pk
    assert moved.baseline_due == baseline
    assert moved.due > baseline
    assert result.counts["step"].updated == 1
    assert result.counts["occurrence"].updated == 1
    change = ChangeRecord.objects.get(object_type="step", action="updated")
    assert change.object_ref == "visibility/media/list"
    assert change.changes == {"due_phrase": ["end of week 2 of month 1", "end of week 3 of month 1"]}
    assert ChangeRecord.objects.filter(object_type="occurrence", action="updated").count() == 1


def test_a_moved_start_moves_open_occurrences_and_done_ones_keep_their_due(db):
    done = ", done: {1: 2027-03-31 10:00}"
    import_plan_file(plan(send_done=done), "acme.yaml")
    before = {o.number: o.due for o in occurrences("send")}

    # When the strategy starts a month later
    later = plan(send_done=done).replace(b"start: 2027-03-01", b"start: 2027-04-01")
    import_plan_file(later, "acme.yaml")

    after = {o.number: (o.due, o.baseline_due) for o in occurrences("send")}
    assert after[1] == (before[1], before[1])  # done on time, and still judged against its due
    assert all(after[n][0] > before[n] and after[n][1] == before[n] for n in range(2, 7))
    assert import_plan_file(later, "acme.yaml").changed is False


def test_done_follows_the_file(db):
    import_plan_file(plan(list_done=", done: 2027-03-11"), "acme.yaml")
    (occ,) = occurrences("list")
    assert occ.completed_at is not None

    result = import_plan_file(plan(), "acme.yaml")

    (occ,) = occurrences("list")
    assert occ.completed_at is None
    assert result.reopened == ["visibility/media/list"]
    assert ChangeRecord.objects.filter(action="reopened", object_ref="visibility/media/list").exists()


def test_fewer_times_deletes_open_occurrences_and_keeps_done_ones(db):
    import_plan_file(plan(times=6), "acme.yaml")
    Occurrence.objects.filter(step__key="send", number=5).update(completed_at="2027-07-30T10:00:00+07:00")

    result = import_plan_file(plan(times=3), "acme.yaml")

    assert [o.number for o in occurrences("send")] == [1, 2, 3, 5]
    assert result.kept == ["visibility/media/send#5"]
    assert result.counts["occurrence"].deleted == 2


def test_removed_rows_are_deleted(db):
    import_plan_file(plan(), "acme.yaml")
    text = plan().decode().replace("  - {id: bob, name: Bob Tran}\n", "")
    text = text.replace(
        "          - {id: list, title: Develop the media list, due: end of week 2 of month 1, effort: 6h}\n",
        "",
    )
    text = text.replace(", after: [list]", "")

    result = import_plan_file(text.encode(), "acme.yaml")

    assert not Party.objects.filter(key="bob").exists()
    assert not Step.objects.filter(key="list").exists()
    assert result.counts["party"].deleted == 1
    assert result.counts["step"].deleted == 1
    assert result.counts["dependency"].deleted == 1
    assert ChangeRecord.objects.filter(action="deleted", object_ref="visibility/media/list").exists()


def test_reassignment_is_kept_and_released_with_its_party(org):
    # `org` has send#2 reassigned to bob; the file knows nothing of reassignments
    text = plan(times=3).decode()
    import_plan_file(text.encode(), "acme.yaml")
    assert Occurrence.objects.get(step__key="send", number=2).responsible.key == "bob"

    import_plan_file(text.replace("  - {id: bob, name: Bob Tran}\n", "").encode(), "acme.yaml")

    assert Occurrence.objects.get(step__key="send", number=2).responsible is None


def test_dry_run_writes_nothing(db):
    result = import_plan_file(plan(), "acme.yaml", dry_run=True)

    assert result.dry_run and result.counts["step"].created == 3
    assert not Organization.objects.exists()
    assert not ChangeRecord.objects.exists()


def test_a_mistake_writes_nothing(org):
    before = snapshot("acme")

    with pytest.raises(PlanFileError) as caught:
        import_plan_file((DATA / "ten-mistakes.yaml").read_bytes(), "ten-mistakes.yaml")

    assert len(caught.value.errors) == 10
    assert snapshot("acme") == before


def test_values_too_big_for_the_database_are_located_errors(db):
    text = plan().decode().replace("effort: 6h", "effort: 123456789012h")

    with pytest.raises(PlanFileError) as caught:
        import_plan_file(text.encode(), "acme.yaml")

    (error,) = caught.value.errors
    assert str(error).startswith("acme.yaml:22:94: ")
    assert "too large" in str(error)
    assert not Organization.objects.exists()


def test_an_import_only_touches_its_own_organization(org, demo_text):
    before = snapshot("acme")

    import_plan_file(demo_text, "sao-mai.vi.yaml")

    assert snapshot("acme") == before


def test_nul_characters_are_located_errors(db):
    # PostgreSQL cannot store NUL in text; YAML can write it as "\0"
    text = plan().decode().replace("title: Media plan", 'title: "Media\\0plan"')

    with pytest.raises(PlanFileError) as caught:
        import_plan_file(text.encode(), "acme.yaml")

    (error,) = caught.value.errors
    assert str(error).startswith("acme.yaml:18:16: text cannot contain the NUL character")


def _generated_plan(tmp_path: Path, steps: int) -> bytes:
    start = date(2027, 1, 4)
    path = tmp_path / f"plan-{steps}.yaml"
    genplan.write_yaml(path, genplan.build(steps, 10, 1, start, 0.3), 10, start)
    return path.read_bytes()


def _queries_to_import(data: bytes) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_plan_file(data, "generated.yaml")
    return len(queries)


def test_an_import_writes_in_batches_not_row_by_row(db, tmp_path):
    # Rows are written in bulk per table, so ten times the steps must not mean ten times the
    # queries; this is what keeps the 10,000-step import (bench/bench_import.py) fast. SQLite
    # caps the parameters of one statement, so a wide table's bulk insert is split into
    # batches of about sixty rows: the only growth allowed.
    small, large = _generated_plan(tmp_path, 40), _generated_plan(tmp_path, 400)

    with transaction.atomic():
        first_small = _queries_to_import(small)
        again_small = _queries_to_import(small)
        transaction.set_rollback(True)
    first_large = _queries_to_import(large)
    again_large = _queries_to_import(large)

    assert Step.objects.count() == 400
    assert Occurrence.objects.count() >= 400
    assert first_small <= first_large <= first_small + 360 // 50
    assert again_large == again_small


def test_lead_time_is_imported_updated_and_cleared(db):
    with_lead = plan().decode().replace("who: writer,", "who: writer, lead_time: 5 business days,")
    import_plan_file(with_lead.encode(), "acme.yaml")
    assert Step.objects.get(key="write").lead_time_phrase == "5 business days"
    assert Step.objects.get(key="list").lead_time_phrase == ""

    result = import_plan_file(with_lead.replace("5 business days", "2 tuần").encode(), "acme.yaml")

    assert result.counts["step"].updated == 1
    assert Step.objects.get(key="write").lead_time_phrase == "2 tuần"
    change = ChangeRecord.objects.get(object_type="step", action="updated")
    assert change.changes == {"lead_time_phrase": ["5 business days", "2 tuần"]}

    import_plan_file(plan(), "acme.yaml")
    assert Step.objects.get(key="write").lead_time_phrase == ""


def test_a_wrong_lead_time_writes_nothing(db):
    text = plan().decode().replace("who: writer,", "who: writer, lead_time: 5 months,")

    with pytest.raises(PlanFileError) as caught:
        import_plan_file(text.encode(), "acme.yaml")

    (error,) = caught.value.errors
    assert str(error).startswith("acme.yaml:23:82: '5 months' is not a lead time")
    assert not Organization.objects.exists()


def test_a_lead_time_too_long_for_the_database_is_a_located_error(db):
    spaced = "5" + " " * 60 + "business days"  # a valid phrase, but longer than the column
    text = plan().decode().replace("who: writer,", f"who: writer, lead_time: {spaced},")

    with pytest.raises(PlanFileError) as caught:
        import_plan_file(text.encode(), "acme.yaml")

    (error,) = caught.value.errors
    assert str(error).startswith("acme.yaml:23:82: ")
    assert not Organization.objects.exists()
