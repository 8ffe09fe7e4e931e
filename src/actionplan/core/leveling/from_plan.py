"""A loaded, resolved plan file -> the forecast's Situation (what-if and benchmarks, no database).

The same rules as the database side (`actionplan.planning.forecasting`): refs are the review's,
`after` waits for the occurrence of the same number (else the last one), occurrence n > 1 of a
repeating step starts no earlier than the due of occurrence n - 1, and a plan file has no
check-ins, so the remaining effort is the whole effort of an open occurrence.
"""

from __future__ import annotations

from datetime import date, datetime, time

from actionplan.core.leveling.model import Person, Situation, Team, Vendor, Work
from actionplan.core.planfile_check import absolute_ref
from actionplan.core.planfile_model import PlanFile
from actionplan.core.planresolve import ResolvedPlan


def occurrence_ref(step_ref: str, number: int, recurring: bool) -> str:
    return f"{step_ref}#{number}" if recurring else step_ref


def _lead_days(phrase: str) -> int | None:
    from actionplan.core.planfile_values import lead_time_days

    return lead_time_days(phrase)


def situation_from_plan(plan: PlanFile, resolved: ResolvedPlan, as_of: datetime) -> Situation:
    cal = resolved.calendar
    assert cal is not None
    tz = cal.tzinfo

    mornings: dict[date, datetime] = {}

    def morning(day: date) -> datetime:
        found = mornings.get(day)
        if found is None:
            found = mornings[day] = datetime.combine(day, time.min, tzinfo=tz)
        return found

    # One pass names every step (refs are what `after` and the dues are keyed by)...
    steps = [
        (strategy, ap, f"{strategy.id}/{ap.id}/{step.id}", step)
        for strategy in plan.strategies
        for ap in strategy.action_plans
        for step in ap.steps
    ]
    recurring = {ref: step.repeat is not None for _, _, ref, step in steps}
    due_of = resolved.due
    completed_of = resolved.completed

    def occurrences_of(ref: str) -> list[str]:
        count = len(due_of.get(ref, ()))
        return [occurrence_ref(ref, n, recurring[ref]) for n in range(1, count + 1)]

    # ...the second makes their occurrences, in plan order.
    work: list[Work] = []
    append = work.append
    position = 0
    plan_starts: dict[int, date] = {}
    for strategy, ap, ref, step in steps:
        plan_start = plan_starts.get(id(ap))
        if plan_start is None:
            plan_start = plan_starts[id(ap)] = max(ap.start or strategy.start, strategy.start)
        dues = due_of.get(ref, ())
        done = completed_of.get(ref, {})
        base = max(step.start, plan_start) if step.start else plan_start
        who = step.who or ap.responsible or ""
        lead = _lead_days(step.lead_time) if step.lead_time else None
        effort = float(step.effort) if step.effort is not None else None
        after_refs = (
            [occurrences_of(absolute_ref(a, strategy.id, ap.id)) for a in step.after] if step.after else []
        )
        repeats = step.repeat is not None
        for n, due in enumerate(dues, 1):
            earliest = morning(base)
            if n > 1 and dues[n - 2] > earliest:
                earliest = dues[n - 2]
            completed = done.get(n)
            position += 1
            # Positional: the fields of Work in order (keywords cost double at 100,000 occurrences).
            append(
                Work(
                    f"{ref}#{n}" if repeats else ref,  # ref
                    step.title,  # title
                    who,  # responsible
                    strategy.id,  # strategy
                    due,
                    earliest,
                    effort,
                    None,  # remaining: a plan file has no check-ins
                    step.priority,
                    tuple(occs[n - 1] if n <= len(occs) else occs[-1] for occs in after_refs if occs)
                    if after_refs
                    else (),  # after
                    completed is not None and completed <= as_of,  # done
                    lead,  # lead_time_days
                    position,
                )
            )
    return Situation(
        calendar=cal,
        as_of=as_of.astimezone(tz),
        people=tuple(
            Person(id=p.id, name=p.name, capacity=float(p.capacity), team=p.team, time_off=p.time_off)
            for p in plan.people
        ),
        teams=tuple(
            Team(id=t.id, name=t.name, members=tuple(p.id for p in plan.people if p.team == t.id))
            for t in plan.teams
        ),
        vendors=tuple(Vendor(id=v.id, name=v.name) for v in plan.vendors),
        work=tuple(work),
        strategy_titles={s.id: s.title for s in plan.strategies},
    )
