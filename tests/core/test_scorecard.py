"""core.scorecard: on-time rate and slips against the baseline, per person, team, vendor, strategy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actionplan.core.scorecard import (
    Item,
    Period,
    Who,
    WorkingDays,
    figures,
    scorecard,
    slip_days,
    working_days_after,
)
from actionplan.core.workcal import WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar(holidays=None)
ALICE = Who("person", "alice", "Alice")
BOB = Who("person", "bob", "Bob")
TEAM = Who("team", "mkt", "Marketing")
VENDOR = Who("vendor", "writer", "Writer")
PERIOD = Period(date(2027, 3, 1), date(2027, 3, 31))


def at(month: int, day: int, hour: int = 17) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=TZ)


def item(baseline: datetime, done: datetime | None = None, who: Who = ALICE, **extra) -> Item:
    return Item(
        ref=extra.pop("ref", "s/p/x"),
        who=who,
        strategy=extra.pop("strategy", "s"),
        baseline_due=baseline,
        due=extra.pop("due", baseline),
        completed_at=done,
        **extra,
    )


AS_OF = at(4, 15)


def test_a_rescheduled_then_done_occurrence_is_late_against_its_baseline():
    # Given a step due Friday 12 March, moved to Friday 19 March
    moved = item(at(3, 12), due=at(3, 19), done=at(3, 17, 10))
    # When it is done on Wednesday 17, before the new due but after the baseline
    row = scorecard([moved], by="person", period=PERIOD, as_of=AS_OF, calendar=CAL, parties=[ALICE])[0]
    # Then it is late, and its slip counts from the baseline: Mon 15, Tue 16, Wed 17
    assert (row.figures.done_on_time, row.figures.done_late) == (0, 1)
    assert row.figures.max_slip_days == 3
    assert row.to_json()["on_time_rate"] == 0.0


@pytest.mark.parametrize(
    ("done", "slip"),
    [
        (at(3, 12, 9), 0),  # before the due: on time
        (at(3, 12, 17), 0),  # at the due moment: on time
        (at(3, 12, 18), 1),  # late the same day: at least one day
        (at(3, 13, 10), 1),  # Saturday: a day off, still late
        (at(3, 15, 10), 1),  # Monday
        (at(3, 19, 10), 5),  # a week later
    ],
)
def test_slip_in_working_days(done, slip):
    assert slip_days(item(at(3, 12), done), AS_OF, CAL) == slip


def test_open_overdue_slips_to_as_of_and_open_not_due_has_no_slip():
    assert slip_days(item(at(3, 12)), at(3, 16, 9), CAL) == 2
    assert slip_days(item(at(3, 12)), at(3, 12, 9), CAL) is None
    # a completion after as-of has not happened yet
    assert slip_days(item(at(3, 12), done=at(3, 20)), at(3, 16, 9), CAL) == 2


def test_counts_rates_and_nulls():
    rows = [
        item(at(3, 5), at(3, 5, 9)),  # on time
        item(at(3, 10), at(3, 11, 9)),  # late 1
        item(at(3, 12)),  # open overdue as of 15/4
        item(at(3, 31), who=BOB),  # bob's
        item(at(4, 2)),  # outside the period
    ]
    out = scorecard(rows, by="person", period=PERIOD, as_of=AS_OF, calendar=CAL, parties=[ALICE, BOB])
    alice, bob = (r.to_json() for r in out)
    assert alice | {"blocked_hours": None} == {
        "kind": "person",
        "id": "alice",
        "name": "Alice",
        "due": 3,
        "done_on_time": 1,
        "done_late": 1,
        "on_time_rate": round(1 / 3, 4),
        "avg_slip_days": round((0 + 1 + 24) / 3, 2),
        "max_slip_days": 24,
        "open_overdue": 1,
        "avg_quality": None,
        "blocked_hours": None,
    }
    assert bob["due"] == 1 and bob["open_overdue"] == 1


def test_nothing_due_gives_nulls_not_zeros():
    row = scorecard([], by="person", period=PERIOD, as_of=AS_OF, calendar=CAL, parties=[ALICE])[0].to_json()
    assert row["due"] == 0
    assert row["on_time_rate"] is None and row["avg_slip_days"] is None and row["max_slip_days"] is None
    assert row["avg_quality"] is None and row["blocked_hours"] is None


def test_a_team_counts_its_own_and_its_members_occurrences():
    rows = [item(at(3, 5), who=TEAM), item(at(3, 6), who=ALICE), item(at(3, 7), who=BOB)]
    team = scorecard(
        rows, by="team", period=PERIOD, as_of=AS_OF, calendar=CAL, parties=[TEAM], teams={"mkt": ["alice"]}
    )[0]
    assert team.figures.due == 2 and team.members == ("alice",)


def test_vendors_quality_and_blocked_time():
    rows = [
        item(at(3, 5), at(3, 5, 9), who=VENDOR, quality=4, blocked=((at(3, 3, 8), at(3, 3, 12)),)),
        item(at(3, 8), at(3, 8, 9), who=VENDOR, quality=5),
    ]
    row = scorecard(rows, by="vendor", period=PERIOD, as_of=AS_OF, calendar=CAL, parties=[VENDOR])[0]
    assert row.to_json()["avg_quality"] == 4.5
    assert row.to_json()["blocked_hours"] == 4.0
    with pytest.raises(ValueError):
        item(at(3, 5), quality=6)


def test_strategy_rows_add_percent_done_total_slip_and_forecast_end():
    rows = [
        item(at(3, 5), at(3, 9, 9)),  # late 2
        item(at(3, 20), strategy="s"),  # open, not due as of 15/3
        item(at(5, 20), strategy="s", forecast_finish=at(5, 25)),  # later period, still its end
        item(at(3, 6), at(3, 6, 9), strategy="t"),
    ]
    out = scorecard(
        [replace(rows[1], forecast_finish=at(3, 25)), rows[0], rows[2], rows[3]],
        by="strategy",
        period=PERIOD,
        as_of=at(3, 15),
        calendar=CAL,
        strategies=[Who("strategy", "s", "Visibility")],
    )
    s, t = (r.to_json() for r in out)
    assert (s["due"], s["percent_done"], s["total_slip_days"]) == (2, 50.0, 2)
    assert s["forecast_end"] == at(5, 25).isoformat()
    assert t["id"] == "t" and t["percent_done"] == 100.0 and t["forecast_end"] is None


def test_weekly_series_covers_every_week_of_the_period():
    row = scorecard(
        [item(at(3, 5), at(3, 5, 9)), item(at(3, 10), at(3, 12))],
        by="person",
        period=PERIOD,
        as_of=AS_OF,
        calendar=CAL,
        parties=[ALICE],
    )[0]
    assert [w.week for w in row.weeks] == ["2027-W09", "2027-W10", "2027-W11", "2027-W12", "2027-W13"]
    assert [w.on_time_rate for w in row.weeks] == [1.0, 0.0, None, None, None]


# --------------------------------------------------------------------------------------------
# Properties

BASE = datetime(2027, 1, 4, 8, tzinfo=TZ)
hours_ = st.integers(min_value=0, max_value=24 * 120)
people = st.sampled_from([ALICE, BOB, TEAM, VENDOR])


@st.composite
def items(draw):
    baseline = BASE + timedelta(hours=draw(hours_))
    done = draw(st.none() | hours_.map(lambda h: BASE + timedelta(hours=h)))
    moved = baseline + timedelta(hours=draw(st.integers(min_value=-100, max_value=500)))
    return Item(
        ref="r",
        who=draw(people),
        strategy=draw(st.sampled_from(["s", "t"])),
        baseline_due=baseline,
        due=moved,
        completed_at=done,
        quality=draw(st.none() | st.integers(1, 5)),
    )


lists = st.lists(items(), max_size=25)
moments = hours_.map(lambda h: BASE + timedelta(hours=h))
kinds = st.sampled_from(["person", "team", "vendor", "strategy"])


HALF = Period(date(2027, 1, 1), date(2027, 6, 30))


def _card(rows, kind, as_of, period=HALF):
    return scorecard(
        rows, by=kind, period=period, as_of=as_of, calendar=CAL, parties=[ALICE, BOB, TEAM, VENDOR],
        teams={"mkt": ["alice"]}, strategies=[Who("strategy", "s", "S")],
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(lists, moments, kinds)
def test_counts_rates_and_slips_are_consistent(rows, as_of, kind):
    for row in _card(rows, kind, as_of):
        f = row.figures
        assert f.done_on_time + f.done_late + f.open_overdue <= f.due
        assert f.on_time_rate is None or 0 <= f.on_time_rate <= 1
        assert (f.max_slip_days is None) == (f.avg_slip_days is None)
        if f.max_slip_days is not None:
            assert f.max_slip_days >= f.avg_slip_days >= 0
        assert f.avg_quality is None or 1 <= f.avg_quality <= 5
        assert sum(w.figures.due for w in row.weeks) == f.due


@settings(max_examples=60, deadline=None)
@given(lists, moments, kinds, st.integers(min_value=-300, max_value=300))
def test_moving_the_current_due_never_changes_anything(rows, as_of, kind, shift):
    moved = [replace(i, due=i.due + timedelta(hours=shift)) for i in rows]
    assert [r.to_json() for r in _card(rows, kind, as_of)] == [r.to_json() for r in _card(moved, kind, as_of)]


@settings(max_examples=60, deadline=None)
@given(lists, moments, st.sampled_from(["person", "vendor", "strategy"]), st.integers(1, 170))
def test_counts_partition_by_baseline_period(rows, as_of, kind, split):
    first, last = date(2027, 1, 1), date(2027, 6, 30)
    middle = first + timedelta(days=split)
    whole = _card(rows, kind, as_of, Period(first, last))
    left = _card(rows, kind, as_of, Period(first, middle))
    right = _card(rows, kind, as_of, Period(middle + timedelta(days=1), last))
    for w, a, b in zip(whole, left, right, strict=True):
        for name in ("due", "done_on_time", "done_late", "open_overdue", "total_slip_days"):
            assert getattr(w.figures, name) == getattr(a.figures, name) + getattr(b.figures, name)


@settings(max_examples=40, deadline=None)
@given(lists, moments)
def test_each_occurrence_in_the_period_is_in_exactly_one_person_or_vendor_or_team_row(rows, as_of):
    # team rows also count members: only the team's own occurrences are its
    total = sum(r.figures.due for k in ("person", "vendor") for r in _card(rows, k, as_of))
    team_own = len([i for i in rows if i.who.kind == "team"])
    assert total + team_own == len(rows) == sum(r.figures.due for r in _card(rows, "strategy", as_of))


def test_figures_of_nothing():
    assert figures([], AS_OF, CAL).on_time_rate is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.dates(date(2026, 1, 1), date(2028, 12, 31)), st.integers(-30, 800)), max_size=8))
def test_the_prefix_counter_counts_as_the_walk_does(spans):
    days = WorkingDays(WorkCalendar())  # with Vietnam's holidays
    for first, length in spans:
        last = first + timedelta(days=length)
        assert days.after(first, last) == working_days_after(WorkCalendar(), first, last)
