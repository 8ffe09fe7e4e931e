"""Properties of the forecast on random small organizations (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from leveling_cases import CAL, situations

from actionplan.core.leveling.demand import workload
from actionplan.core.leveling.model import Situation
from actionplan.core.leveling.schedule import forecast
from actionplan.core.leveling.suggest import apply, suggest

EPS = 1e-6
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(situations())
def test_no_person_day_over_its_business_hours_or_on_a_day_off(sit: Situation):
    result = forecast(sit)
    people = {p.id: p for p in sit.people}
    for person, days in result.hours.items():
        off = {d for a, b in people[person].time_off for d in _days(a, b)}
        share = min(1.0, people[person].capacity / 40.0)
        for day, hours in days.items():
            business = CAL.business_hours_between(
                CAL.localize(_midnight(day)), CAL.localize(_midnight(day, 1))
            )
            assert hours <= business * share + EPS, (person, day, hours)
            assert day not in off or hours == 0


@SETTINGS
@given(situations())
def test_dependencies_are_respected(sit: Situation):
    result = forecast(sit)
    trace = result.trace
    index = {w.ref: i for i, w in enumerate(sit.work)}
    for i, w in enumerate(sit.work):
        if w.done or trace.start[i] == float("inf"):
            continue
        for ref in w.after:
            j = index[ref]
            assert trace.start[i] >= trace.finish[j] - EPS, (w.ref, ref)
        assert trace.start[i] >= trace.clock.x(w.earliest) - EPS
        assert trace.start[i] >= trace.now - EPS


@SETTINGS
@given(situations(teams=False))
def test_lower_priority_work_never_delays_more_urgent_work_of_the_same_person(sit: Situation):
    """Urgency is inherited from the work that waits (trace.keys): with that, dropping everything
    of the same person less urgent than an occurrence leaves its finish where it was."""
    result = forecast(sit)
    keys = result.trace.keys
    for i, w in enumerate(sit.work):
        if w.done:
            continue
        # Drop every occurrence of the same person less urgent than w: w's finish must not move.
        kept = tuple(
            x for j, x in enumerate(sit.work) if x.responsible != w.responsible or keys[j] <= keys[i]
        )
        alone = forecast(replace(sit, work=kept))
        assert alone.by_ref()[w.ref].finish == result.by_ref()[w.ref].finish, w.ref


@SETTINGS
@given(situations())
def test_a_suggestion_has_exactly_the_effect_it_announced(sit: Situation):
    result = forecast(sit)
    for idea in suggest(sit, result, limit=3):
        after = forecast(apply(sit, idea))
        assert after.late_count == idea.late_after
        assert after.latest_finish == idea.finish_after
        assert result.late_count == idea.late_before
        assert idea.late_after < idea.late_before or idea.kind == "move_due"


@SETTINGS
@given(situations(teams=False))
def test_demand_adds_up_to_the_remaining_effort_and_planned_to_the_work_done(sit: Situation):
    result = forecast(sit)
    weeks = workload(sit, result)
    for p in sit.people:
        open_hours = sum(w.hours_left for w in sit.work if w.responsible == p.id)
        assert abs(sum(wk.demand for wk in weeks[p.id]) - open_hours) < 0.01 * max(1, len(weeks[p.id]))
        finished = sum(
            w.hours_left
            for i, w in enumerate(sit.work)
            if result.trace.assignee[i] == p.id and result.trace.finish[i] != float("inf")
        )
        assert abs(sum(wk.planned for wk in weeks[p.id]) - finished) < 0.01 * max(1, len(weeks[p.id]))


@SETTINGS
@given(situations())
def test_the_forecast_is_deterministic(sit: Situation):
    assert forecast(sit).items == forecast(sit).items


def _days(a, b):  # noqa: ANN001, ANN202
    from datetime import timedelta

    while a <= b:
        yield a
        a += timedelta(days=1)


def _midnight(day, plus=0):  # noqa: ANN001, ANN202
    from datetime import datetime, timedelta

    return datetime.combine(day + timedelta(days=plus), datetime.min.time())


@SETTINGS
@given(situations(teams=False))
def test_demand_per_week_is_each_window_spread_evenly(sit: Situation):
    """The week table's difference arrays against the plain definition, week by week."""
    from actionplan.core.leveling.demand import week_table

    result = forecast(sit)
    table = week_table(sit, result)
    trace, line = result.trace, table.line
    expected: dict[tuple[str, int], float] = {}
    for i, w in enumerate(sit.work):
        if w.hours_left <= 0:
            continue
        a, b = max(trace.now, trace.clock.x(w.earliest)), trace.due[i]
        if b - a <= 1e-9:
            key = (w.responsible, line.index(a))
            expected[key] = expected.get(key, 0.0) + w.hours_left
            continue
        for k in range(line.index(b) + 2):
            overlap = min(b, line.start(k + 1)) - max(a, line.start(k))
            if overlap > 0:
                key = (w.responsible, k)
                expected[key] = expected.get(key, 0.0) + w.hours_left * overlap / (b - a)
    got = {(p, k): v for p, rows in table.demand.items() for k, v in rows.items() if abs(v) > 1e-9}
    assert set(got) == {key for key, v in expected.items() if v > 1e-9}
    for key, value in expected.items():
        assert abs(got.get(key, 0.0) - value) < 1e-6, key


@SETTINGS
@given(situations(), st.floats(0, 400), st.floats(0, 400))
def test_room_is_the_free_hours_between_two_points(sit: Situation, a: float, b: float):
    from actionplan.core.leveling.suggest import _room

    lo, hi = min(a, b), max(a, b)
    result = forecast(sit)
    trace = result.trace
    for person in trace.workers:
        worker = trace.workers[person]
        busy = sum(
            worker.done_between(max(x, lo), min(y, hi))
            for x, y, _ in trace.segments[person]
            if y > lo and x < hi
        )
        assert abs(_room(sit, result, person, lo, hi) - (worker.done_between(lo, hi) - busy)) < 1e-9


@SETTINGS
@given(situations(), st.data())
def test_a_trial_from_a_nearby_forecast_is_the_forecast_made_afresh(sit: Situation, data: st.DataObject):
    # What suggestions do: change one occurrence (who, due, earliest start, effort, priority) or
    # several; the trial reuses the first forecast's preparation and must not differ in anything.
    from actionplan.core.leveling.model import PRIORITY_NAMES
    from actionplan.core.leveling.schedule import forecast_with_trace

    base, base_trace = forecast_with_trace(sit)
    parties = [p.id for p in sit.people] + [t.id for t in sit.teams] + [v.id for v in sit.vendors]
    changes = {}
    for i in data.draw(st.sets(st.integers(0, len(sit.work) - 1), min_size=1, max_size=3)):
        w = sit.work[i]
        field = data.draw(st.sampled_from(["responsible", "priority", "due", "earliest", "effort"]))
        value = {
            "responsible": lambda: data.draw(st.sampled_from(parties)),
            "priority": lambda: data.draw(st.sampled_from(PRIORITY_NAMES)),
            "due": lambda w=w: w.due + data.draw(st.sampled_from([-timedelta(days=3), timedelta(days=5)])),
            "earliest": lambda w=w: w.earliest + timedelta(days=data.draw(st.integers(1, 9))),
            "effort": lambda: data.draw(st.sampled_from([None, 1.0, 30.0])),
        }[field]()
        changes[i] = replace(w, **{field: value})
    changed = replace(sit, work=tuple(changes.get(i, w) for i, w in enumerate(sit.work)))

    trial, trial_trace = forecast_with_trace(changed, like=base_trace)
    fresh, fresh_trace = forecast_with_trace(changed)

    for name in ("ready", "start", "finish", "due", "assignee", "keys", "segments"):
        assert getattr(trial_trace, name) == getattr(fresh_trace, name), name
    assert trial.items == fresh.items
    assert trial.late_count == fresh.late_count
