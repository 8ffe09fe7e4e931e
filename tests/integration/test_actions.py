"""Finding occurrences by ref, marking them done, reopening them."""

from __future__ import annotations

import pytest
from clock import freeze_now
from conftest import at

from actionplan.errors import ActionError
from actionplan.planning.actions import find_occurrence, mark_done, reopen
from actionplan.planning.models import ChangeRecord


@pytest.mark.parametrize(
    ("ref", "error"),
    [
        ("visibility/media", "is not a step reference"),
        ("visibility/media/nothing", "no step visibility/media/nothing in acme"),
        ("visibility/media/send", "repeats: say which occurrence"),
        ("visibility/media/send#4", "has no occurrence 4 (it has 3)"),
        ("visibility/media/list#2", "has no occurrence 2"),
    ],
)
def test_bad_refs_are_clear_errors(org, ref, error):
    with pytest.raises(ActionError) as caught:
        find_occurrence(org, ref)
    assert error in str(caught.value)  # English; .render() translates


def test_refs(org):
    assert find_occurrence(org, "visibility/media/write").step.key == "write"
    assert find_occurrence(org, "visibility/media/send#2").number == 2
    assert find_occurrence(org, "visibility/media/list#1").number == 1


def test_mark_done_then_reopen(org, alice, monkeypatch):
    freeze_now(monkeypatch, at(2027, 4, 1, 9))
    occ = find_occurrence(org, "visibility/media/write")

    done = mark_done(occ, at(2027, 3, 30, 15, 0), user=alice, source="web")

    assert done.completed_at == at(2027, 3, 30, 15)
    change = ChangeRecord.objects.get(action="completed")
    assert (change.object_ref, change.user, change.source) == ("visibility/media/write", alice, "web")
    with pytest.raises(ActionError, match="already done"):
        mark_done(occ, at(2027, 3, 31, 9))

    reopen(occ, alice, "web")

    occ.refresh_from_db()
    assert occ.completed_at is None
    assert ChangeRecord.objects.filter(action="reopened", object_ref="visibility/media/write").exists()
    with pytest.raises(ActionError, match="is not done"):
        reopen(occ, alice, "web")


def test_done_times_are_kept_to_the_second(org, monkeypatch):
    freeze_now(monkeypatch, at(2027, 4, 1, 9))
    occ = mark_done(
        find_occurrence(org, "visibility/media/send#1"), at(2027, 3, 30).replace(microsecond=123456)
    )
    assert occ.completed_at.microsecond == 0
