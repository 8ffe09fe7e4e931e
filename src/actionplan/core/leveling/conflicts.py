"""What pushes an occurrence out: the more urgent work of the same person in its way."""

from __future__ import annotations

from actionplan.core.leveling.model import Forecast, Situation


def conflicts(situation: Situation, forecast: Forecast, ref: str) -> tuple[str, ...]:
    """Refs of the higher-priority occurrences the same person works on between `ref` becoming
    ready and its forecast finish, in the order they run (empty if `ref` is not late)."""
    trace = forecast.trace
    index = {w.ref: i for i, w in enumerate(situation.work)}
    i = index.get(ref)
    if i is None or not trace.late(i):
        return ()
    person = trace.assignee[i]
    spans = trace.segments.get(person)
    if not spans:
        return ()
    lo, hi = trace.ready[i], trace.finish[i]
    seen: dict[int, None] = {}
    for a, b, j in spans:
        if j != i and b > lo and a < hi and trace.keys[j] < trace.keys[i]:
            seen.setdefault(j)
    return tuple(situation.work[j].ref for j in seen)
