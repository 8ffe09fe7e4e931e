"""The occurrence reconciliation rule shared by the importer and the editing service."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from actionplan.core.occurrences import reconcile

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = datetime(2027, 3, 1, 17, tzinfo=TZ)


def day(n: int) -> datetime:
    return BASE + timedelta(days=n)


def test_open_ones_move_done_ones_keep_their_due():
    existing = {1: (day(0), day(-1)), 2: (day(30), None), 3: (day(60), None)}
    plan = reconcile(existing, [day(5), day(35), day(60)])
    assert plan.update == {2: day(35)}  # 1 is done, 3 is already there
    assert plan.create == {} and plan.delete == [] and plan.kept == []


def test_a_shorter_recurrence_deletes_open_ones_and_keeps_done_ones():
    existing = {n: (day(30 * n), day(30 * n) if n == 5 else None) for n in range(1, 7)}
    plan = reconcile(existing, [day(30), day(60), day(90)])
    assert plan.delete == [4, 6]
    assert plan.kept == [5]
    assert plan.update == {} and plan.create == {}


def test_new_numbers_are_created():
    plan = reconcile({1: (day(0), None)}, [day(0), day(7), day(14)])
    assert plan.create == {2: day(7), 3: day(14)}
    assert not plan.update and plan.changed


existing_states = st.dictionaries(
    st.integers(1, 12),
    st.tuples(st.integers(0, 400).map(day), st.one_of(st.none(), st.integers(0, 400).map(day))),
    max_size=12,
)
new_dues = st.lists(st.integers(0, 400).map(day), max_size=12)


@given(existing_states, new_dues)
def test_done_ones_are_never_deleted_nor_moved_and_the_result_covers_every_due(existing, dues):
    plan = reconcile(existing, dues)
    done = {n for n, (_due, completed) in existing.items() if completed is not None}
    assert not done & set(plan.delete)
    assert not done & set(plan.update)
    # After applying the plan, occurrences 1..len(dues) exist, open ones at their new due.
    after = {n: due for n, (due, _c) in existing.items() if n not in plan.delete}
    after |= plan.update | plan.create
    assert set(range(1, len(dues) + 1)) <= set(after)
    for n, due in enumerate(dues, 1):
        if n not in done:
            assert after[n] == due
        else:
            assert after[n] == existing[n][0]
    # Only open ones beyond the count go, only done ones beyond it stay.
    assert set(after) == set(range(1, len(dues) + 1)) | set(plan.kept)
    assert all(n > len(dues) for n in plan.kept + plan.delete)
    assert set(plan.create).isdisjoint(existing)
