"""Changes an import makes that history records besides strategies, goals, plans and steps:
people, teams and vendors, a step's `after`, a reassignment that falls back, a new step already
done. Read through accountability.history, as the `history` command shows them."""

from __future__ import annotations

from test_import import PLAN, plan

from actionplan.accountability.history import history
from actionplan.orgs.models import Organization, Party
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import ChangeRecord, Occurrence


def _acme() -> Organization:
    return Organization.objects.get(key="acme")


def _fields(ref: str) -> dict[str, tuple]:
    return {e.field: (e.action, e.old, e.new) for e in history(_acme(), ref) if e.field}


def test_parties_are_recorded_when_created_changed_and_deleted(db):
    import_plan_file(plan(), "acme.yaml")
    assert [(e.action, e.field, e.source) for e in history(_acme(), "bob")] == [("created", None, "import")]

    # Given bob joins marketing and leads it, the writer's fee changes, alice leaves the team
    text = plan().decode()
    text = text.replace(
        "{id: marketing, name: Marketing, lead: alice}", "{id: marketing, name: Marketing, lead: bob}"
    )
    text = text.replace("{id: alice, name: Alice Nguyen, team: marketing}", "{id: alice, name: Alice Nguyen}")
    text = text.replace(
        "{id: bob, name: Bob Tran}", "{id: bob, name: Bob Tran, team: marketing, capacity: 30h/week}"
    )
    text = text.replace("fee: 1500000", "fee: 2000000")
    import_plan_file(text, "acme.yaml")

    assert _fields("bob") == {
        "team": ("updated", None, "marketing"),
        "capacity_hours": ("updated", "40.00", "30.00"),  # 40 h/week unless written
    }
    assert len({e.at for e in history(_acme(), "bob") if e.action == "updated"}) == 1  # one record
    assert _fields("marketing") == {"lead": ("updated", "alice", "bob")}
    assert _fields("alice") == {"team": ("updated", "marketing", None)}
    assert _fields("writer") == {"fee": ("updated", 1500000, 2000000)}


def test_a_deleted_party_and_the_reassignment_that_falls_back_are_recorded(db):
    extra = "  - {id: chi, name: Chi Le}\nvendors:"
    import_plan_file(plan().decode().replace("vendors:", extra, 1), "acme.yaml")
    occ = Occurrence.objects.get(step__key="send", number=2)
    occ.responsible = Party.objects.get(key="chi")
    occ.save(update_fields=["responsible"])

    # When the file no longer has chi
    import_plan_file(plan(), "acme.yaml")

    assert [e.action for e in history(_acme(), "chi")] == ["deleted", "created"]
    (back,) = history(_acme(), "visibility/media/send#2")
    assert (back.action, back.field, back.old, back.new) == ("reassigned", "responsible", "chi", "marketing")
    assert Occurrence.objects.get(step__key="send", number=2).responsible is None


def test_a_steps_after_is_recorded_on_the_step(db):
    import_plan_file(plan(), "acme.yaml")
    text = plan().decode().replace("after: [list]}", "}")
    text = text.replace("after: [write],", "after: [write, list],")
    import_plan_file(text, "acme.yaml")

    assert _fields("visibility/media/write") == {"after": ("updated", ["visibility/media/list"], [])}
    send = [e for e in history(_acme(), "visibility/media/send") if e.field == "after"]
    assert [(e.old, e.new) for e in send] == [
        (["visibility/media/write"], ["visibility/media/write", "visibility/media/list"])
    ]


def test_after_and_other_fields_of_a_step_are_one_record(db):
    import_plan_file(plan(), "acme.yaml")
    text = (
        plan()
        .decode()
        .replace("who: writer, due: end of month 1, after: [list]}", "who: writer, due: end of month 2}")
    )
    import_plan_file(text, "acme.yaml")
    records = ChangeRecord.objects.filter(object_type="step", object_ref="visibility/media/write")
    (record,) = records.filter(action="updated")
    assert set(record.changes) == {"after", "due_phrase"}


def test_a_new_step_already_done_records_its_completion(db):
    import_plan_file(plan(list_done=", done: '2027-03-11T10:00:00+07:00'"), "acme.yaml")
    entries = history(_acme(), "visibility/media/list")
    assert [(e.action, e.field, e.new) for e in entries] == [
        ("completed", "completed_at", "2027-03-11T10:00:00+07:00"),  # recorded after the step
        ("created", None, None),
    ]


def test_the_same_file_twice_records_nothing_new(db):
    import_plan_file(plan(send_done=", done: {1: 2027-03-31}"), "acme.yaml")
    count = ChangeRecord.objects.count()
    import_plan_file(plan(send_done=", done: {1: 2027-03-31}"), "acme.yaml")
    assert ChangeRecord.objects.count() == count
    assert PLAN  # the plan of test_import


MEASURED = """\
        measurements:
          - {at: 2027-04-01, value: 1, note: first story}
"""


def test_a_goals_measurements_are_recorded_on_the_goal(db):
    import_plan_file(plan(), "acme.yaml")
    goal_line = (
        '      - {id: stories, title: At least two news stories, target: ">= 2", due: end of month 6}\n'
    )
    block = (
        "      - id: stories\n        title: At least two news stories\n"
        '        target: ">= 2"\n        due: end of month 6\n' + MEASURED
    )
    import_plan_file(plan().decode().replace(goal_line, block), "acme.yaml")

    assert _fields("visibility/stories") == {
        "measurements": ("updated", [], [["2027-04-01T00:00:00+07:00", "1", "first story"]])
    }
