"""The editing service: a step's fields and time frame, a strategy's or plan's start."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import at, snapshot

from actionplan.core.messages import Message
from actionplan.planning import editing
from actionplan.planning.exporter import export_text
from actionplan.planning.importer import import_plan_file
from actionplan.planning.models import ActionPlan, ChangeRecord, Occurrence, Step, Strategy


def _step(key: str) -> Step:
    return Step.objects.select_related("action_plan__strategy").get(key=key)


def _edit(key: str, user=None, reason: str = "", **changes) -> editing.EditResult:
    step = _step(key)
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
    return editing.update_step(step, user=user, reason=reason, **(values | changes))


def _dues(key: str) -> dict[int, tuple]:
    return {
        o.number: (o.due, o.baseline_due, o.completed_at)
        for o in Occurrence.objects.filter(step__key=key).order_by("number")
    }


def test_a_vietnamese_time_frame_moves_the_open_occurrence_and_keeps_the_baseline(org, alice):
    result = _edit("write", user=alice, reason="the writer is late", due_phrase="cuối tháng thứ hai")
    assert result.changed and result.warnings == []
    ((due, baseline, done),) = _dues("write").values()
    assert due == at(2027, 4, 29)  # 30 April is a holiday: the last working day of month 2
    assert baseline == at(2027, 3, 31) and done is None
    step_record = ChangeRecord.objects.get(object_ref="visibility/media/write", object_type="step")
    assert step_record.changes == {"due_phrase": ["end of month 1", "cuối tháng thứ hai"]}
    assert step_record.reason == "the writer is late" and step_record.user == alice
    assert step_record.source == "web" and step_record.action == "updated"
    occ_record = ChangeRecord.objects.get(object_ref="visibility/media/write", object_type="occurrence")
    assert occ_record.changes == {"due": ["2027-03-31T17:00:00+07:00", "2027-04-29T17:00:00+07:00"]}


def test_a_due_on_a_holiday_moves_to_the_previous_working_day_with_a_warning(org):
    result = _edit("write", due_phrase="2027-09-02")  # National Day
    assert _dues("write")[1][0].date() == date(2027, 9, 1)
    assert len(result.warnings) == 1 and isinstance(result.warnings[0], Message)


def test_an_unparseable_phrase_is_a_field_error_and_nothing_is_written(org):
    before = snapshot("acme")
    records = ChangeRecord.objects.count()
    with pytest.raises(editing.FormError) as caught:
        _edit("write", title="New title", due_phrase="end of blorp month 2")
    (message,) = caught.value.errors["due_phrase"]
    text = message.render()
    assert "blorp" in text and "end of month" in text
    assert snapshot("acme") == before and ChangeRecord.objects.count() == records


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"repeat_phrase": "", "due_phrase": "end of month 1", "times": 3}, "times"),
        ({"repeat_phrase": "", "due_phrase": "end of month 1", "times": None, "until_phrase": "2027-06-01"},
         "until_phrase"),
        ({"times": 0}, "times"),
        ({"times": 1001}, "times"),
        ({"repeat_phrase": "fortnightly-ish"}, "repeat_phrase"),
        ({"title": "  "}, "title"),
        ({"priority": 9}, "priority"),
        ({"effort_hours": Decimal("-1")}, "effort_hours"),
        ({"repeat_phrase": "weekly", "due_phrase": "end of month", "times": 2}, "repeat_phrase"),
    ],
)  # fmt: skip
def test_wrong_values_are_field_errors(org, changes, field):
    before = snapshot("acme")
    with pytest.raises(editing.FormError) as caught:
        _edit("send", **changes)
    assert field in caught.value.errors
    assert snapshot("acme") == before


def test_fewer_repeats_delete_open_occurrences_and_keep_done_ones(org, alice):
    _edit("send", times=6)
    assert sorted(_dues("send")) == [1, 2, 3, 4, 5, 6]
    Occurrence.objects.filter(step__key="send", number=5).update(completed_at=at(2027, 7, 30, 9))
    five = _dues("send")[5]
    _edit("send", times=3, user=alice, reason="three are enough")
    after = _dues("send")
    assert sorted(after) == [1, 2, 3, 5]
    assert after[5] == five
    deleted = ChangeRecord.objects.filter(action="deleted", object_type="occurrence")
    assert sorted(r.object_ref for r in deleted) == ["visibility/media/send#4", "visibility/media/send#6"]
    assert {r.reason for r in deleted} == {"three are enough"}


def test_changing_the_strategy_start_moves_open_occurrences_and_keeps_done_ones(org, alice):
    done_before = _dues("list")[1]
    strategy = Strategy.objects.get(key="visibility")
    result = editing.change_start(strategy, date(2027, 4, 1), user=alice, reason="late budget")
    assert result.changed
    assert _dues("list")[1] == done_before  # done: keeps its due
    write = _dues("write")[1]
    assert write[0] == at(2027, 4, 29) and write[1] == at(2027, 3, 31)  # moved, baseline kept
    assert [d for d, _b, _c in _dues("send").values()] == [at(2027, 4, 29), at(2027, 5, 31), at(2027, 6, 30)]
    record = ChangeRecord.objects.get(object_type="strategy")
    assert record.changes["start"] == ["2027-03-01", "2027-04-01"] and record.reason == "late budget"
    assert ChangeRecord.objects.filter(object_ref="visibility/media/send#3", action="updated").exists()


def test_a_plan_start_moves_its_steps_and_clearing_it_falls_back_to_the_strategy(org):
    plan = ActionPlan.objects.get(key="media")
    editing.change_start(plan, date(2027, 5, 3))
    assert _dues("write")[1][0] == at(2027, 6, 2)  # month 1 runs from 3 May to 2 June
    editing.change_start(ActionPlan.objects.get(key="media"), None)
    assert _dues("write")[1][0] == at(2027, 3, 31)
    assert _dues("write")[1][1] == at(2027, 3, 31)


def test_a_strategy_needs_a_start(org):
    with pytest.raises(editing.FormError) as caught:
        editing.change_start(Strategy.objects.get(key="visibility"), None)
    assert "start" in caught.value.errors


def test_the_same_values_change_nothing(org):
    _edit("list")  # the fixture's dues are what the phrases give
    _edit("list")
    assert not ChangeRecord.objects.filter(object_type="step").exists()


def test_export_after_an_edit_then_reimport_changes_nothing(org, alice):
    import_plan_file(export_text(org), "first.yaml")  # the fixture's dues as the resolver gives them
    _edit("write", user=alice, due_phrase="cuối tháng thứ hai", effort_hours=Decimal("16"))
    _edit("send", times=5, repeat_phrase="hàng tháng", until_phrase="")
    editing.change_start(Strategy.objects.get(key="visibility"), date(2027, 3, 8))
    text = export_text(org)
    assert "cuối tháng thứ hai" in text and "hàng tháng" in text
    before = snapshot("acme")
    again = import_plan_file(text, "exported.yaml")
    assert not again.changed, again.counts
    assert snapshot("acme") == before
