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
from collections.abc import Callable
from datetime import date, timedelta

from actionplan.core.leveling.model import Forecast, Situation, Week
from actionplan.core.leveling.schedule import Trace

_INF = float("inf")


class WeekLine:
    """ISO weeks on the business-hour line: week k starts on the Monday `k` weeks after `monday`."""

    def __init__(self, trace: Trace, monday: date) -> None:
        self.clock = trace.clock
        self.monday = monday
        self.base = self.clock.day_index(monday)
        self.bounds: list[float] = [self.clock.day_start(self.base)]
        self._labels: dict[int, str] = {}

    def start(self, k: int) -> float:
        bounds = self.bounds
        while len(bounds) <= k:
            bounds.append(self.clock.day_start(self.base + 7 * len(bounds)))
        return bounds[k]

    def index(self, x: float) -> int:
        """The week holding x (a week starts at its Monday's first business hour)."""
        bounds = self.bounds
        while bounds[-1] <= x:
            self.start(len(bounds) + 3)
        return max(0, bisect_right(bounds, x) - 1)

    def label(self, k: int) -> str:
        found = self._labels.get(k)
        if found is None:
            year, week, _ = (self.monday + timedelta(weeks=k)).isocalendar()
            found = self._labels[k] = f"{year}-W{week:02d}"
        return found


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekTable:
    """Demand, planned hours and capacity of every person and team, per week from `monday`."""

    def __init__(self, situation: Situation, forecast: Forecast, monday: date) -> None:
        self.situation = situation
        self.trace: Trace = forecast.trace
        self.line = WeekLine(self.trace, monday)
        self.demand: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        self.carried: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.planned: dict[str, dict[int, float]] = {}
        self._capacity: dict[tuple[str, int], float] = {}
        self._week_of = self._extended_lookup()
        self._spread_demand()
        self._book_planned()

    def _extended_lookup(self) -> Callable[[float], int]:
        """A fast week lookup, after the line is extended past every moment the table meets."""
        trace, line = self.trace, self.line
        finite = [f for f in trace.finish if f not in (_INF, -_INF)]
        worked = [spans[-1][1] for spans in trace.segments.values() if spans]
        top = max([trace.now, *trace.due, *finite, *worked])
        line.index(top)
        line.start(len(line.bounds) + 1)
        bounds = line.bounds

        def week_of(x: float) -> int:
            k = bisect_right(bounds, x) - 1
            return k if k > 0 else 0

        return week_of

    def _spread_demand(self) -> None:
        # Density (hours of demand per business hour) is constant over an occurrence's window, so
        # whole weeks inside it are booked with difference arrays: O(occurrences + rows x weeks).
        trace, line = self.trace, self.line
        week_of = self._week_of
        bounds = line.bounds
        now = trace.now
        works = self.situation.work
        _, earliest = trace.clock.moments(works)  # remembered from the forecast
        due = trace.due
        demand = self.demand
        inner: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        spans: dict[tuple[str, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
        last = 0
        for i, w in enumerate(works):
            hours = w.hours_left
            if hours <= 0:
                continue
            party = w.responsible
            a = earliest[i]
            if a < now:
                a = now
            b = due[i]
            rows = demand[party]
            ka = week_of(a)
            if b - a <= 1e-9:
                rows[ka] += hours
                marks = spans[(party, w.strategy)]
                marks[ka] += 1
                marks[ka + 1] -= 1
                last = max(last, ka + 1)
                continue
            kb = week_of(b)
            if b <= bounds[kb] and kb > ka:
                kb -= 1  # b is the very start of week kb: its last hours are in the week before
            density = hours / (b - a)
            if ka == kb:
                rows[ka] += hours
            else:
                rows[ka] += density * (bounds[ka + 1] - a)
                rows[kb] += density * (b - bounds[kb])
                if kb > ka + 1:
                    diff = inner[party]
                    diff[ka + 1] += density
                    diff[kb] -= density
            marks = spans[(party, w.strategy)]
            marks[ka] += 1
            marks[kb + 1] -= 1
            if kb + 1 > last:
                last = kb + 1
        line.start(last + 1)
        bounds = line.bounds
        for party, diff in inner.items():
            rows = self.demand[party]
            running = 0.0
            for k in range(min(diff), max(diff) + 1):
                running += diff.get(k, 0.0)
                if running > 1e-12:
                    rows[k] += running * (bounds[k + 1] - bounds[k])
        for (party, strategy), diff in spans.items():
            carried = self.carried[party]
            running = 0
            for k in range(min(diff), max(diff) + 1):
                running += diff.get(k, 0)
                if running > 0:
                    carried[k].add(strategy)

    def _book_planned(self) -> None:
        week_of = self._week_of
        bounds = self.line.bounds
        for pid, spans in self.trace.segments.items():
            worker = self.trace.workers[pid]
            rate, off = worker.rate, worker.off
            rows: dict[int, float] = defaultdict(float)
            for a, b, _ in spans:
                k = week_of(a)
                if b <= bounds[k + 1]:  # most segments sit inside one week
                    rows[k] += worker.done_between(a, b) if off else (b - a) * rate
                    continue
                while bounds[k] < b:
                    lo, hi = max(a, bounds[k]), min(b, bounds[k + 1])
                    if hi > lo:
                        rows[k] += worker.done_between(lo, hi)
                    k += 1
            self.planned[pid] = rows

    def capacity_class(self, person: str) -> object:
        """People of one class have the same capacity every week."""
        worker = self.trace.workers[person]
        # Without time off, a person's week is their share of the calendar's week: shared by many.
        return person if worker.off else worker.rate

    def capacity(self, person: str, k: int) -> float:
        key = (self.capacity_class(person), k)
        found = self._capacity.get(key)
        if found is None:
            worker = self.trace.workers[person]
            found = self._capacity[key] = worker.done_between(self.line.start(k), self.line.start(k + 1))
        return found

    def last_week(self, parties: list[str]) -> int:
        return max(
            (
                k
                for pid in parties
                for rows in (self.demand.get(pid, {}), self.planned.get(pid, {}))
                for k, v in rows.items()
                if v > 1e-9
            ),
            default=0,
        )


def week_table(situation: Situation, forecast: Forecast, start: date | None = None) -> WeekTable:
    """The week table from `start`'s week (default: the as-of week); computed once per forecast."""
    if start is None:
        start = situation.as_of.astimezone(situation.calendar.tzinfo).date()
    monday = _monday(start)
    cache = forecast.trace.tables
    if monday not in cache:
        cache[monday] = WeekTable(situation, forecast, monday)
    return cache[monday]


def workload(
    situation: Situation,
    forecast: Forecast,
    *,
    start: date | None = None,
    weeks: int | None = None,
    teams: bool = True,
) -> dict[str, tuple[Week, ...]]:
    """Party id (people, then teams unless `teams=False`) -> its weeks from `start` (default: the
    as-of week). Without `weeks`, each row runs to the last week with demand or planned hours
    (at least one). Hours are rounded to 2 decimals."""
    table = week_table(situation, forecast, start)
    line = table.line
    rows: dict[str, tuple[Week, ...]] = {}
    members_of = {t.id: [m for m in t.members if m in table.planned] for t in situation.teams}
    empty: dict[int, float] = {}
    labels: list[str] = []
    # People without time off share their rate's row of capacities: thousands of people, a few rows.
    capacities: dict[object, list[float]] = {}
    for p in situation.people:
        count = weeks if weeks is not None else table.last_week([p.id]) + 1
        while len(labels) < count:
            labels.append(line.label(len(labels)))
        row = capacities.setdefault(table.capacity_class(p.id), [])
        while len(row) < count:
            row.append(round(table.capacity(p.id, len(row)), 2))
        demand, planned = table.demand.get(p.id, empty), table.planned.get(p.id, empty)
        rows[p.id] = tuple(
            [
                Week(labels[k], row[k], round(demand.get(k, 0.0), 2), round(planned.get(k, 0.0), 2))
                for k in range(count)
            ]
        )
    for t in situation.teams if teams else ():
        members = members_of[t.id]
        count = weeks if weeks is not None else table.last_week([t.id, *members]) + 1
        rows[t.id] = tuple(
            Week(
                week=line.label(k),
                capacity=_round(sum(table.capacity(m, k) for m in members)),
                demand=_round(sum(table.demand.get(pid, {}).get(k, 0.0) for pid in [t.id, *members])),
                planned=_round(sum(table.planned.get(m, {}).get(k, 0.0) for m in members)),
            )
            for k in range(count)
        )
    return rows


def _round(hours: float) -> float:
    return round(hours + 0.0, 2)
