"""Changes that keep work on time, each with its effect measured by re-running the forecast.

For each at-risk occurrence (open, not yet due, forecast to finish after its due), most urgent
first, the first of these that lowers the number of late occurrences is offered:
reassign it to a person with room (same team first), outsource it to a vendor, raise its
priority, lower the priority of a conflicting occurrence; failing all of them, move its due to
its forecast finish. `apply` makes exactly the change the suggestion was measured with, so
applying a suggestion gives the effect it announced.
"""

from __future__ import annotations

import hashlib
import marshal
from bisect import bisect_left
from dataclasses import replace
from datetime import datetime

from actionplan.core.leveling.conflicts import conflicts
from actionplan.core.leveling.model import PRIORITY_NAMES, PRIORITY_RANK, Forecast, Situation, Suggestion
from actionplan.core.leveling.schedule import forecast_with_trace
from actionplan.core.messages import N_, Message

MAX_RUNS_PER_SUGGESTION = 4


def fingerprint(situation: Situation) -> str:
    """A digest of the data a suggestion depends on (not of the as-of time, which moves on)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (situation.people, situation.teams, situation.vendors):
        digest.update(repr(part).encode())
    work = situation.work
    # A plan has far fewer distinct moments than occurrences: each is converted once.
    stamps = {moment: moment.timestamp() for moment in {w.due for w in work} | {w.earliest for w in work}}
    rows = [
        (w.ref, w.responsible, stamps[w.due], stamps[w.earliest], w.effort, w.remaining, w.priority)
        + (w.after, w.done, w.lead_time_days, w.position)
        for w in work
    ]
    # marshal's version 2 writes equal values as equal bytes (version 3 adds back-references,
    # which depend on object identity): one C call instead of formatting every field.
    digest.update(marshal.dumps(rows, 2))
    return digest.hexdigest()


def step_of(ref: str) -> str:
    return ref.split("#", 1)[0]


def apply(situation: Situation, suggestion: Suggestion) -> Situation:
    """The situation with the suggestion's change made: the one place that says what it changes."""
    kind, ref, target = suggestion.kind, suggestion.ref, suggestion.target
    if kind in ("reassign", "outsource"):
        return situation.with_work(ref, responsible=target)
    if kind == "move_due":
        return situation.with_work(ref, due=datetime.fromisoformat(target))
    # A priority belongs to the step: every occurrence of it changes.
    step = step_of(ref)
    return replace(
        situation,
        work=tuple(replace(w, priority=target) if step_of(w.ref) == step else w for w in situation.work),
    )


def at_risk(situation: Situation, forecast: Forecast) -> list[int]:
    """Indexes of the open occurrences not yet due whose forecast finish is after their due."""
    as_of = situation.as_of
    trace = forecast.trace
    out = [i for i, w in enumerate(situation.work) if trace.late(i) and w.due >= as_of]
    keys = trace.keys
    return sorted(out, key=lambda i: keys[i])


def _room(situation: Situation, forecast: Forecast, person: str, lo: float, hi: float) -> float:
    """Hours a person has free between lo and hi on the forecast's line."""
    trace = forecast.trace
    worker = trace.workers[person]
    spans = trace.segments[person]  # in time order, never overlapping
    k = max(0, bisect_left(spans, (lo,)) - 1)  # the one running at lo may start before it
    busy = 0.0
    while k < len(spans) and spans[k][0] < hi:
        a, b, _ = spans[k]
        if b > lo:
            busy += worker.done_between(max(a, lo), min(b, hi))
        k += 1
    return worker.done_between(lo, hi) - busy


def _candidates(situation: Situation, forecast: Forecast, i: int) -> list[tuple[str, str, str]]:
    """(kind, ref to change, target) to try for at-risk occurrence i, in the order they are offered."""
    trace = forecast.trace
    w = situation.work[i]
    out: list[tuple[str, str, str]] = []
    people = {p.id: p for p in situation.people}
    current = trace.assignee[i]
    lo, hi = trace.ready[i], trace.due[i]
    need = w.hours_left
    team = people[current].team if current in people else None
    if w.responsible in {t.id for t in situation.teams}:
        team = w.responsible
    others = [p for p in situation.people if p.id != current and p.id != w.responsible]
    for group in (
        [p for p in others if team is not None and p.team == team],
        [p for p in others if team is None or p.team != team],
    ):
        rooms = [(_room(situation, forecast, p.id, lo, hi), -k, p.id) for k, p in enumerate(group)]
        rooms = [r for r in rooms if r[0] >= need]
        if rooms:
            out.append(("reassign", w.ref, max(rooms)[2]))
    if situation.vendors:
        out.append(("outsource", w.ref, situation.vendors[0].id))
    rank = PRIORITY_RANK.get(w.priority, 2)
    if rank > 0:
        out.append(("raise_priority", w.ref, PRIORITY_NAMES[rank - 1]))
    for other in conflicts(situation, forecast, w.ref)[:1]:
        j = next(k for k, x in enumerate(situation.work) if x.ref == other)
        rank = PRIORITY_RANK.get(situation.work[j].priority, 2)
        if rank < len(PRIORITY_NAMES) - 1:
            out.append(("lower_priority", other, PRIORITY_NAMES[rank + 1]))
    return out


def _move_due(situation: Situation, forecast: Forecast, i: int) -> tuple[str, str, str] | None:
    finish = forecast.trace.finish_of(i)
    if finish is None:
        return None
    cal = situation.calendar
    day = finish.astimezone(cal.tzinfo).date()
    return (
        "move_due",
        situation.work[i].ref,
        cal.close_of_business(cal.working_day_on_or_after(day)).isoformat(),
    )


def _make_id(digest: str, kind: str, ref: str, target: str) -> str:
    return "s" + hashlib.blake2b(f"{digest}|{kind}|{ref}|{target}".encode(), digest_size=4).hexdigest()


def suggest(
    situation: Situation, forecast: Forecast, *, limit: int = 10, budget: int | None = None
) -> tuple[Suggestion, ...]:
    """Up to `limit` suggestions, for the most urgent at-risk occurrences first.

    Each change tried costs one forecast of every occurrence; `budget` (None: no bound) caps the
    occurrences all trial forecasts together may plan, so a default answer stays quick on a large
    plan: the suggestions found within it are still measured exactly.
    """
    trials_left = None if budget is None else budget // max(1, len(situation.work))
    if limit <= 0 or trials_left == 0:
        return ()
    digest = fingerprint(situation)
    late_before, finish_before = forecast.late_count, forecast.latest_finish
    found: list[Suggestion] = []
    for i in at_risk(situation, forecast):
        if len(found) >= limit:
            break
        ref = situation.work[i].ref
        tries = _candidates(situation, forecast, i)[:MAX_RUNS_PER_SUGGESTION]
        fallback = _move_due(situation, forecast, i)
        for candidate in [*tries, fallback]:
            if candidate is None:
                continue
            if trials_left is not None:
                if trials_left <= 0:
                    return tuple(found)
                trials_left -= 1
            kind, changed, target = candidate
            suggestion = Suggestion(
                id=_make_id(digest, kind, changed, target),
                kind=kind,
                ref=changed,
                target=target,
                for_ref=ref,
                late_before=late_before,
                late_after=late_before,
                finish_before=finish_before,
                finish_after=finish_before,
                for_finish_before=forecast.trace.finish_of(i),
                for_finish_after=None,
            )
            after, _ = forecast_with_trace(apply(situation, suggestion), like=forecast.trace)
            if after.late_count < late_before or kind == "move_due":
                found.append(
                    Suggestion(
                        **{
                            **suggestion.__dict__,
                            "late_after": after.late_count,
                            "finish_after": after.latest_finish,
                            "for_finish_after": after.trace.finish_of(i),
                        }
                    )
                )
                break
    return tuple(found)


def suggestion_message(suggestion: Suggestion, situation: Situation) -> Message:
    """One line an owner reads: what to change, for which step."""
    names = {p.id: p.name for p in situation.people} | {v.id: v.name for v in situation.vendors}
    titles = {w.ref: w.title for w in situation.work}
    params = {
        "step": titles.get(suggestion.ref, suggestion.ref),
        "for": titles.get(suggestion.for_ref, suggestion.for_ref),
        "target": names.get(suggestion.target, suggestion.target),
    }
    msgid = {
        "reassign": N_("Reassign “%(step)s” to %(target)s"),
        "outsource": N_("Outsource “%(step)s” to %(target)s"),
        "raise_priority": N_("Raise the priority of “%(step)s” to %(priority)s"),
        "lower_priority": N_(
            "Lower the priority of “%(step)s” to %(priority)s, so that “%(for)s” is on time"
        ),
        "move_due": N_("Move the due of “%(step)s” to %(due)s"),
    }[suggestion.kind]
    if suggestion.kind in ("raise_priority", "lower_priority"):
        params["priority"] = PRIORITY_MSGIDS[suggestion.target]
    if suggestion.kind == "move_due":
        params["due"] = datetime.fromisoformat(suggestion.target).date()
    return Message(msgid, params)


PRIORITY_MSGIDS = {
    "critical": N_("critical"),
    "high": N_("high"),
    "normal": N_("normal"),
    "low": N_("low"),
}
