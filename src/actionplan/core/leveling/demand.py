"""Capacity, demand and planned hours per person and team, per ISO week.

- capacity: the person's share of the week's business hours (capacity / an ordinary week),
  less their time off; a team's is the sum of its members';
- demand: each open occurrence's remaining effort spread evenly over the business hours between
  its earliest start (not before the as-of time) and its due; an occurrence already past its due
  puts all of it in the as-of week. A team's demand is its own steps' plus its members';
- planned: the hours the forecast gives the person that week (a team: its members').
Vendors have no capacity and no rows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta

from actionplan.core.leveling.model import Forecast, Situation, Week
from actionplan.core.leveling.schedule import Trace


class WeekLine:
    """ISO weeks on the business-hour line: week k starts on the Monday `k` weeks after `monday`."""

    def __init__(self, trace: Trace, monday: date) -> None:
        self.clock = trace.clock
        self.monday = monday
        self.base = self.clock.day_index(monday)
        self._bounds: list[float] = []

    def start(self, k: int) -> float:
        return self.clock.day_start(self.base + 7 * k)

    def index(self, x: float) -> int:
        """The week holding x (a week starts at its Monday's first business hour)."""
        while not self._bounds or self._bounds[-1] <= x:
            self._bounds.append(self.start(len(self._bounds)))
            if len(self._bounds) > 52 * 40:
                break
        return max(0, bisect_right(self._bounds, x) - 1)

    def label(self, k: int) -> str:
        year, week, _ = (self.monday + timedelta(weeks=k)).isocalendar()
        return f"{year}-W{week:02d}"

    def first_day(self, k: int) -> date:
        return self.monday + timedelta(weeks=k)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_line(situation: Situation, forecast: Forecast) -> WeekLine:
    as_of = situation.as_of.astimezone(situation.calendar.tzinfo).date()
    return WeekLine(forecast.trace, _monday(as_of))


def demand_by_week(
    situation: Situation, forecast: Forecast, line: WeekLine
) -> tuple[dict[str, dict[int, float]], dict[str, dict[int, set[str]]]]:
    """party id -> week -> demand hours, and party id -> week -> strategies carried."""
    trace: Trace = forecast.trace
    demand: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    carried: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    now = trace.now
    for i, w in enumerate(situation.work):
        hours = w.hours_left
        if hours <= 0:
            continue
        a = max(now, trace.clock.x(w.earliest))
        b = trace.due[i]
        rows = demand[w.responsible]
        marks = carried[w.responsible]
        if b - a <= 1e-9:
            k = line.index(max(a, now))
            rows[k] += hours
            marks[k].add(w.strategy)
            continue
        k = line.index(a)
        density = hours / (b - a)
        while True:
            lo, hi = max(a, line.start(k)), min(b, line.start(k + 1))
            if hi > lo:
                rows[k] += density * (hi - lo)
                marks[k].add(w.strategy)
            if line.start(k + 1) >= b:
                break
            k += 1
    return demand, carried


def planned_by_week(forecast: Forecast, line: WeekLine) -> dict[str, dict[int, float]]:
    trace: Trace = forecast.trace
    out: dict[str, dict[int, float]] = {}
    for pid, spans in trace.segments.items():
        worker = trace.workers[pid]
        rows: dict[int, float] = defaultdict(float)
        for a, b, _ in spans:
            k = line.index(a)
            while True:
                lo, hi = max(a, line.start(k)), min(b, line.start(k + 1))
                if hi > lo:
                    rows[k] += worker.done_between(lo, hi)
                if line.start(k + 1) >= b:
                    break
                k += 1
        out[pid] = rows
    return out


def capacity_of_week(forecast: Forecast, line: WeekLine, person: str, k: int) -> float:
    worker = forecast.trace.workers[person]
    return worker.done_between(line.start(k), line.start(k + 1))


def workload(
    situation: Situation, forecast: Forecast, *, start: date | None = None, weeks: int | None = None
) -> dict[str, tuple[Week, ...]]:
    """Party id (people, then teams) -> its weeks from `start` (default: the as-of week).

    Without `weeks`, each row runs to the last week with demand or planned hours (at least one).
    """
    line = week_line(situation, forecast)
    if start is not None:
        line = WeekLine(forecast.trace, _monday(start))
    demand, _ = demand_by_week(situation, forecast, line)
    planned = planned_by_week(forecast, line)
    rows: dict[str, tuple[Week, ...]] = {}
    team_members = {t.id: [m for m in t.members if m in planned] for t in situation.teams}

    def last_week(*series: dict[int, float]) -> int:
        return max((k for s in series for k, v in s.items() if v > 1e-9), default=0)

    for p in situation.people:
        count = weeks if weeks is not None else last_week(demand.get(p.id, {}), planned.get(p.id, {})) + 1
        rows[p.id] = tuple(
            Week(
                week=line.label(k),
                capacity=_round(capacity_of_week(forecast, line, p.id, k)),
                demand=_round(demand.get(p.id, {}).get(k, 0.0)),
                planned=_round(planned.get(p.id, {}).get(k, 0.0)),
            )
            for k in range(count)
        )
    for t in situation.teams:
        members = team_members[t.id]
        series = (
            [demand.get(t.id, {})]
            + [demand.get(m, {}) for m in members]
            + [planned.get(m, {}) for m in members]
        )
        count = weeks if weeks is not None else last_week(*series) + 1
        rows[t.id] = tuple(
            Week(
                week=line.label(k),
                capacity=_round(sum(capacity_of_week(forecast, line, m, k) for m in members)),
                demand=_round(sum(demand.get(pid, {}).get(k, 0.0) for pid in [t.id, *members])),
                planned=_round(sum(planned.get(m, {}).get(k, 0.0) for m in members)),
            )
            for k in range(count)
        )
    return rows


def _round(hours: float) -> float:
    return round(hours + 0.0, 2)
