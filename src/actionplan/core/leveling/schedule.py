"""Resource leveling: each person's business hours go to their ready work, most urgent first.

The rules (docs/workload.md):
- work is served in order of priority (critical, high, normal, low), then earlier due, then plan
  order; a more urgent occurrence that becomes ready takes the person over at once (the one it
  interrupts resumes later), so a higher-priority occurrence never waits for a lower one;
- an occurrence is ready from the latest of its earliest start and the as-of time, once every
  occurrence it comes after is finished;
- a person works at most their business hours on a working day, none on a day off or a day of
  their time off, and at `capacity / business hours of a full week` of each hour (a 20 h/week
  person does half of each business hour's work);
- a team occurrence goes, when it becomes ready, to the member who would finish it first;
- a vendor occurrence (and one without an effort estimate) takes no one's hours: it finishes at
  ready + lead time, else at its due (or when it becomes ready, if that is later);
- a done occurrence takes no time and counts as finished before the as-of time.

The simulation is event driven on the business-hour line of `clock.Clock`: O(n log n) in the
number of occurrences, independent of how many hours they take.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from actionplan.core.leveling.clock import Clock
from actionplan.core.leveling.model import PRIORITY_RANK, Forecast, Planned, Situation, Work

_EPS = 1e-7
_READY, _FINISH = 0, 1


@dataclass
class _Worker:
    """One person's state during the simulation."""

    id: str
    rate: float  # share of each business hour they work (capacity / full week)
    off: list[tuple[float, float]]  # time-off spans on the line, sorted, merged
    off_starts: list[float] = field(default_factory=list)
    queue: list[int] = field(default_factory=list)  # urgency of each waiting item (a heap)
    current: int = -1
    since: float = 0.0  # where the current item's running segment started
    token: int = 0  # bumps on every change of current, invalidating scheduled finishes

    def blocked(self, a: float, b: float) -> float:
        """Hours of time off within [a, b)."""
        if not self.off or b <= a:
            return 0.0
        total = 0.0
        i = max(0, bisect_right(self.off_starts, a) - 1)
        while i < len(self.off) and self.off[i][0] < b:
            lo, hi = max(a, self.off[i][0]), min(b, self.off[i][1])
            if hi > lo:
                total += hi - lo
            i += 1
        return total

    def done_between(self, a: float, b: float) -> float:
        """Hours of work done in [a, b)."""
        return (b - a - self.blocked(a, b)) * self.rate

    def finish_from(self, a: float, hours: float) -> float:
        """Where `hours` of work started at a end (never, for someone with no hours)."""
        if self.rate <= 0:
            return float("inf")
        need = hours / self.rate
        t = a
        if self.off:
            i = max(0, bisect_right(self.off_starts, a) - 1)
            while i < len(self.off):
                lo, hi = self.off[i]
                i += 1
                if hi <= t:
                    continue
                if lo > t:
                    if need <= lo - t:
                        return t + need
                    need -= lo - t
                t = max(t, hi)
        return t + need


@dataclass
class Trace:
    """What the simulation saw, for conflicts, suggestions and the per-day hours."""

    clock: Clock
    ready: list[float]  # per item: when it became ready (x); inf if never
    start: list[float]
    finish: list[float]
    due: list[float]
    assignee: list[str]
    segments: dict[str, list[tuple[float, float, int]]]  # person -> (from, to, item)
    workers: dict[str, _Worker]
    keys: list[tuple[int, float, int, int]]
    now: float
    work: tuple[Work, ...]
    done: list[bool]
    tables: dict = field(default_factory=dict)  # monday -> demand.WeekTable, computed once
    prepared: _Prepared | None = None  # what a trial of nearly the same situation starts from

    def late(self, i: int) -> bool:
        """Open and forecast to finish after its due (or never)."""
        return not self.done[i] and self.finish[i] > self.due[i] + _EPS

    def finish_of(self, i: int) -> datetime | None:
        f = self.finish[i]
        return None if f in (float("inf"), float("-inf")) else self.clock.finish_at(f)

    @property
    def late_count(self) -> int:
        return sum(
            1
            for f, d, done in zip(self.finish, self.due, self.done, strict=True)
            if not done and f > d + _EPS
        )

    @property
    def latest_finish(self) -> datetime | None:
        found = max((f for f in self.finish if f != float("inf") and f != float("-inf")), default=None)
        return None if found is None else self.clock.finish_at(found)

    def daily_hours(self) -> dict[str, dict[date, float]]:
        return _daily_hours(self.clock, self.segments, self.workers)


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        elif hi > lo:
            out.append((lo, hi))
    return out


def full_week_hours(situation: Situation) -> float:
    """Business hours of an ordinary week (no holidays): what `capacity` is measured against."""
    cal = situation.calendar
    total = 0.0
    for weekday in cal.work_week:
        for b, e in cal.hours[weekday]:
            total += (datetime.combine(date.min, e) - datetime.combine(date.min, b)).total_seconds() / 3600
    return total or 40.0


def first_day(situation: Situation) -> date:
    tz = situation.calendar.tzinfo
    moments = [situation.as_of]
    if situation.work:
        moments.append(min(w.due for w in situation.work))
        moments.append(min(w.earliest for w in situation.work))
    return min(m.astimezone(tz).date() for m in moments) - timedelta(days=7)


def _inherited(
    keys: list[tuple[int, float, int, int]], successors: list[list[int]], pending: list[int]
) -> list[tuple[int, float, int, int]]:
    """Each occurrence is as urgent as the most urgent work that waits for it (priority
    inheritance): a low-priority step that a critical one comes after is done as if critical,
    otherwise the critical one would wait behind everything its predecessor's owner holds."""
    waiting = pending[:]
    order = [i for i, count in enumerate(waiting) if count == 0]
    for i in order:  # Kahn's order: every predecessor before its successors (cycles never start)
        for s in successors[i]:
            waiting[s] -= 1
            if waiting[s] == 0:
                order.append(s)
    out = keys[:]
    for i in reversed(order):
        for s in successors[i]:
            if out[s] < out[i]:
                out[i] = out[s][:3] + (i,)
    return out


def _order(works: tuple[Work, ...], index: dict[str, int]) -> Iterator[tuple[int, list[int]]]:
    for i, w in enumerate(works):
        yield i, [index[r] for r in w.after if r in index and index[r] != i]


@dataclass
class _Prepared:
    """What the simulation reads of each occurrence, before it runs (never changed by a run).

    A suggestion's trial changes one occurrence, or one step's priority: it copies these and
    makes again only what the change touches (the urgency order only when a key moved).
    """

    works: tuple[Work, ...]
    successors: list[list[int]]  # item -> the items that come after it
    pending: list[int]  # item -> how many items it comes after
    due: list[float]
    earliest: list[float]  # before the as-of time is applied
    keys_own: list[tuple[int, float, int, int]]  # (priority rank, due, plan order, item)
    keys: list[tuple[int, float, int, int]]  # the same, most urgent of what waits for it
    order: list[int]  # items, most urgent first
    urgency: list[int]  # item -> its place in order
    left: list[float]
    responsible: list[str]


def _prepare(works: tuple[Work, ...], clock: Clock, base: _Prepared | None) -> _Prepared:
    if base is not None and len(base.works) == len(works):
        changed = [i for i, (w, b) in enumerate(zip(works, base.works, strict=True)) if w is not b]
        if all(works[i].ref == base.works[i].ref and works[i].after == base.works[i].after for i in changed):
            return _patched(works, clock, base, changed)
    n = len(works)
    index = {w.ref: i for i, w in enumerate(works)}
    due, earliest = clock.moments(works)
    # The index makes keys unique, so "more urgent" is a strict order everywhere.
    keys_own = [(PRIORITY_RANK.get(w.priority, 2), due[i], w.position, i) for i, w in enumerate(works)]
    successors: list[list[int]] = [[] for _ in range(n)]
    pending = [0] * n
    for i, preds in _order(works, index):
        for j in preds:
            successors[j].append(i)
            pending[i] += 1
    keys = _inherited(keys_own, successors, pending)
    order = sorted(range(n), key=keys.__getitem__)
    return _Prepared(
        works=works,
        successors=successors,
        pending=pending,
        due=due,
        earliest=earliest,
        keys_own=keys_own,
        keys=keys,
        order=order,
        urgency=_places(order),
        left=[w.hours_left for w in works],
        responsible=[w.responsible for w in works],
    )


def _patched(works: tuple[Work, ...], clock: Clock, base: _Prepared, changed: list[int]) -> _Prepared:
    """`base` with the changed items read again: same refs and dependencies, so the same graph."""
    due, earliest, keys_own = base.due[:], base.earliest[:], base.keys_own[:]
    left, responsible = base.left[:], base.responsible[:]
    for i in changed:
        w = works[i]
        due[i], earliest[i] = clock.x(w.due), clock.x(w.earliest)
        keys_own[i] = (PRIORITY_RANK.get(w.priority, 2), due[i], w.position, i)
        left[i], responsible[i] = w.hours_left, w.responsible
    keys, order, urgency = base.keys, base.order, base.urgency
    if any(keys_own[i] != base.keys_own[i] for i in changed):
        keys = _inherited(keys_own, base.successors, base.pending)
        order = sorted(base.order, key=keys.__getitem__)  # nearly sorted already: about linear
        urgency = _places(order)
    return _Prepared(
        works=works,
        successors=base.successors,
        pending=base.pending,
        due=due,
        earliest=earliest,
        keys_own=keys_own,
        keys=keys,
        order=order,
        urgency=urgency,
        left=left,
        responsible=responsible,
    )


def _places(order: list[int]) -> list[int]:
    """Urgency as one integer per item (its place in key order): heaps compare ints, not tuples."""
    urgency = [0] * len(order)
    for place, i in enumerate(order):
        urgency[i] = place
    return urgency


def forecast(situation: Situation) -> Forecast:
    """Forecast start, finish and lateness of every occurrence, and each person's hours per day."""
    result, _ = forecast_with_trace(situation)
    return result


def forecast_with_trace(situation: Situation, *, like: Trace | None = None) -> tuple[Forecast, Trace]:
    """The forecast and its trace. `like`: the trace of a forecast of nearly the same situation
    (a suggestion's trial): its business-hour line is reused when it starts on the same day."""
    works = situation.work
    n = len(works)
    first = first_day(situation)
    clock = like.clock if like is not None and like.clock.first == first else Clock(situation.calendar, first)
    week = full_week_hours(situation)
    now = clock.x(situation.as_of)
    people = {p.id: p for p in situation.people}
    teams = {t.id: [m for m in t.members if m in people] for t in situation.teams}
    workers: dict[str, _Worker] = {}
    for p in situation.people:
        off = [(clock.x_of_day(a), clock.x_of_day(b + timedelta(days=1))) for a, b in p.time_off]
        merged = _merged(off)
        workers[p.id] = _Worker(
            id=p.id,
            rate=max(0.0, min(1.0, p.capacity / week)),
            off=merged,
            off_starts=[lo for lo, _ in merged],
        )

    prep = _prepare(works, clock, like.prepared if like is not None and like.clock is clock else None)
    due, keys, order, urgency, successors = prep.due, prep.keys, prep.order, prep.urgency, prep.successors
    earliest = [x if x > now else now for x in prep.earliest]
    left = prep.left[:]
    pending = prep.pending[:]
    assignee = prep.responsible[:]
    inf = float("inf")
    ready = [inf] * n
    start = [inf] * n
    finish = [inf] * n
    segments: dict[str, list[tuple[float, float, int]]] = {pid: [] for pid in workers}

    events: list[tuple[float, int, int, int, int]] = []  # (x, kind, seq, item, token); token -1: no worker
    heappush, heappop = heapq.heappush, heapq.heappop
    seq = 0

    def run_next(worker: _Worker, x: float) -> None:
        nonlocal seq
        worker.token += 1
        if not worker.queue:
            worker.current = -1
            return
        item = order[heappop(worker.queue)]
        worker.current = item
        worker.since = x
        if start[item] == inf:
            start[item] = x
        seq += 1
        heappush(
            events,
            (worker.finish_from(x, left[item] if left[item] > 0 else 0.0), _FINISH, seq, item, worker.token),
        )

    def backlog_finish(worker: _Worker, x: float, item: int) -> float:
        """When `item` would finish if given to `worker` now (its more urgent work first)."""
        hours = left[item]
        mine = urgency[item]
        if worker.current >= 0:
            cur = worker.current
            if urgency[cur] < mine:
                hours += max(0.0, left[cur] - worker.done_between(worker.since, x))
        hours += sum(left[order[u]] for u in worker.queue if u < mine)
        return worker.finish_from(x, hours)

    for i, w in enumerate(works):
        if w.done:
            ready[i] = start[i] = finish[i] = -inf
            for s in successors[i]:
                pending[s] -= 1
    # Every occurrence with nothing to wait for is ready at its earliest start: those events are
    # known up front, so they stay in one sorted list, merged with the heap of the events the run
    # adds (finishes, and successors becoming ready). The order is the same as one heap of all of
    # them (no two events are equal: seq differs), but the heap stays the size of the workforce.
    initial: list[tuple[float, int, int, int, int]] = []
    for i in range(n):
        if not works[i].done and pending[i] == 0:
            seq += 1
            initial.append((earliest[i], _READY, seq, i, -1))
    initial.sort()
    next_initial = 0
    count_initial = len(initial)

    while True:
        if events and (next_initial == count_initial or events[0] < initial[next_initial]):
            x, kind, _, item, token = heappop(events)
        elif next_initial < count_initial:
            x, kind, _, item, token = initial[next_initial]
            next_initial += 1
        else:
            break
        if kind == _FINISH:
            if token >= 0:
                worker = workers[assignee[item]]
                if token != worker.token:
                    continue  # it was interrupted; a later finish event stands for it
                if x > worker.since:
                    segments[worker.id].append((worker.since, x, item))
                worker.since = x
                left[item] = 0.0
                run_next(worker, x)
            finish[item] = x
            for s in successors[item]:
                pending[s] -= 1
                if pending[s] == 0 and not works[s].done:  # a done one finished long ago
                    seq += 1
                    heappush(events, (earliest[s] if earliest[s] > x else x, _READY, seq, s, -1))
            continue
        ready[item] = x
        w = works[item]
        party = w.responsible
        members = teams.get(party)
        if members:
            party = min(members, key=lambda m: (backlog_finish(workers[m], x, item), members.index(m)))
        assignee[item] = party
        worker = workers.get(party)
        if worker is None or left[item] <= 0 or worker.rate <= 0:
            # A vendor, an unestimated step or someone with no hours: no one's time is booked.
            start[item] = x
            if w.lead_time_days is not None:
                end = clock.add_working_days(x, w.lead_time_days)
            elif worker is not None and worker.rate <= 0 and left[item] > 0:
                continue  # nobody can do it: it never finishes
            else:
                end = due[item] if due[item] > x else x
            seq += 1
            heappush(events, (end, _FINISH, seq, item, -1))
            continue
        cur = worker.current
        if cur < 0:
            heappush(worker.queue, urgency[item])
            run_next(worker, x)
        elif urgency[item] < urgency[cur]:
            # More urgent: book what the current one did so far, put it back, take over.
            if x > worker.since:
                left[cur] -= worker.done_between(worker.since, x)
                segments[worker.id].append((worker.since, x, cur))
            worker.since = x
            heappush(worker.queue, urgency[cur])
            heappush(worker.queue, urgency[item])
            run_next(worker, x)
        else:
            heappush(worker.queue, urgency[item])

    _beyond_the_horizon(clock, start, finish, segments)
    trace = _result(situation, clock, now, ready, start, finish, due, assignee, segments, workers, keys)
    trace[1].prepared = prep
    return trace


def _beyond_the_horizon(clock: Clock, start: list[float], finish: list[float], segments: dict) -> None:  # noqa: ANN001
    """Work forecast to end past the clock's horizon (decades of backlog) never finishes."""
    inf = float("inf")
    top = max((f for f in finish if f != inf), default=0.0)
    try:
        clock.index_of(top)
        return
    except OverflowError:
        limit = clock.cum[-70]  # ten weeks inside the line, so the weeks that hold it still fit
    for values in (start, finish):
        for i, x in enumerate(values):
            if x != -inf and x > limit:
                values[i] = inf
    for pid, spans in segments.items():
        segments[pid] = [(a, min(b, limit), item) for a, b, item in spans if a < limit]


def _result(situation, clock, now, ready, start, finish, due, assignee, segments, workers, keys):  # noqa: ANN001, ANN202
    trace = Trace(
        clock=clock,
        ready=ready,
        start=start,
        finish=finish,
        due=due,
        assignee=assignee,
        segments=segments,
        workers=workers,
        keys=keys,
        now=now,
        work=situation.work,
        done=[w.done for w in situation.work],
    )
    return Forecast(as_of=situation.as_of, trace=trace), trace


def planned_items(trace: Trace) -> Iterator[Planned]:
    """Each occurrence's forecast as datetimes (made only when read: trial runs need none)."""
    clock, start, finish, assignee = trace.clock, trace.start, trace.finish, trace.assignee
    inf = float("inf")
    for i, w in enumerate(trace.work):
        if w.done:
            yield Planned(w.ref, assignee[i], None, None, w.due, False)
            continue
        f = clock.finish_at(finish[i]) if finish[i] != inf else None
        if start[i] == inf:
            s = None
        elif start[i] >= finish[i]:  # no hours booked: it starts when it finishes (not next morning)
            s = f
        else:
            s = clock.start_at(start[i])
        yield Planned(w.ref, assignee[i], s, f, w.due, trace.late(i))


def _daily_hours(clock: Clock, segments, workers) -> dict[str, dict[date, float]]:  # noqa: ANN001
    out: dict[str, dict[date, float]] = {}
    cum = clock.cum
    for pid, spans in segments.items():
        worker = workers[pid]
        days: dict[int, float] = {}
        for a, b, _ in spans:
            i = clock.index_of(a)
            clock.index_of(b)  # makes sure cum reaches b
            while cum[i] < b:
                lo, hi = max(a, cum[i]), min(b, cum[i + 1])
                if hi > lo:
                    done = (
                        (hi - lo - worker.blocked(lo, hi)) * worker.rate
                        if worker.off
                        else (hi - lo) * worker.rate
                    )
                    if done > 0:
                        days[i] = days.get(i, 0.0) + done
                i += 1
        out[pid] = {clock.day_of(i): round(h, 6) for i, h in sorted(days.items())}
    return out
