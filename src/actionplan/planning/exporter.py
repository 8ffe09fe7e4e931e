"""Export an organization as a plan file: the inverse of the importer.

`export_plan(org)` builds the core PlanFile dataclasses from the rows (one query per table), money
back in major units, completion times as naive times in the organization's zone (a bare date when
the step was done at close of business, as the file writes it). `export_text` dumps it; importing
the result changes nothing, and exporting twice gives the same text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from actionplan.core.planfile_model import (
    DEFAULT_CAPACITY,
    DEFAULT_HORIZON,
    ActionPlanSpec,
    GoalSpec,
    MeasurementSpec,
    OrganizationSpec,
    PersonSpec,
    PlanFile,
    PlanFileError,
    ServiceStandardSpec,
    StepSpec,
    StrategySpec,
    TeamSpec,
    VendorSpec,
    When,
)
from actionplan.core.planresolve import resolve_plan
from actionplan.core.workcal import WorkCalendar
from actionplan.orgs.models import Organization, Party
from actionplan.planning.calendars import calendar_for, calendar_spec
from actionplan.planning.models import (
    ActionPlan,
    Dependency,
    Goal,
    Measurement,
    Occurrence,
    Priority,
    ServiceStandard,
    Step,
    Strategy,
)
from actionplan.planning.money import from_minor, plain

PRIORITY_NAMES = {int(Priority.LOW): "low", int(Priority.NORMAL): "normal", int(Priority.HIGH): "high"}
PRIORITY_NAMES[int(Priority.CRITICAL)] = "critical"


def export_text(org: Organization) -> str:
    """The organization as plan-file YAML (stable: the same rows give the same text)."""
    from actionplan.core import planfile

    return planfile.dump(export_plan(org))


def _num(value: Decimal | None) -> Decimal | None:
    return None if value is None else plain(Decimal(value))


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def _measured(moment: datetime, tz: ZoneInfo) -> When:
    local = _local(moment, tz).replace(fold=0)  # how import reads a wall time
    if local.replace(tzinfo=tz).astimezone(UTC) != moment.astimezone(UTC):
        return moment.astimezone(tz)  # a wall time that repeats when clocks go back: with its offset
    return local.date() if local.time() == time(0) else local


def _completion(moment: datetime, cal: WorkCalendar) -> When:
    """A date when done exactly at close of business on a working day (what a bare date means);
    else the local time, naive as people write it, unless that wall time names another moment
    (the repeated hour when clocks go back): then with its offset, so import reads the same moment."""
    local = moment.astimezone(cal.tzinfo)
    day = local.date()
    if cal.is_working_day(day) and cal.close_of_business(day) == local:
        return day
    naive = local.replace(tzinfo=None, fold=0)  # how import reads a wall time
    if naive.replace(tzinfo=cal.tzinfo).astimezone(UTC) != moment.astimezone(UTC):
        return local
    return naive


def _after(step: Step, dep: Step, keys: dict[int, tuple[str, str, str]]) -> str:
    """The shortest way to write `dep` in `step`'s `after`: "write", "plan/write" or "s/plan/write"."""
    mine, theirs = keys[step.pk], keys[dep.pk]
    if mine[:2] == theirs[:2]:
        return theirs[2]
    if mine[0] == theirs[0]:
        return "/".join(theirs[1:])
    return "/".join(theirs)


def export_plan(org: Organization) -> PlanFile:
    """The organization's rows as a PlanFile (see the module docstring)."""
    tz = ZoneInfo(org.timezone)
    cal = calendar_for(org)
    cur = org.currency
    parties = list(Party.objects.filter(organization=org).order_by("position", "key"))
    pkey = {p.pk: p.key for p in parties}

    def who(pk: int | None) -> str | None:
        return None if pk is None else pkey[pk]

    measurements: dict[int, list[Measurement]] = defaultdict(list)
    for m in Measurement.objects.filter(goal__strategy__organization=org).order_by(
        "goal_id", "position", "at"
    ):
        measurements[m.goal_id].append(m)
    goals: dict[int, list[Goal]] = defaultdict(list)
    goal_key: dict[int, str] = {}
    for g in Goal.objects.filter(strategy__organization=org).order_by("strategy_id", "position", "key"):
        goals[g.strategy_id].append(g)
        goal_key[g.pk] = g.key
    strategies = list(Strategy.objects.filter(organization=org).order_by("position", "key"))
    skey = {s.pk: s.key for s in strategies}
    plans: dict[int, list[ActionPlan]] = defaultdict(list)
    plan_keys: dict[int, tuple[str, str]] = {}
    for p in ActionPlan.objects.filter(organization=org).order_by("strategy_id", "position", "key"):
        plans[p.strategy_id].append(p)
        plan_keys[p.pk] = (skey[p.strategy_id], p.key)
    steps: dict[int, list[Step]] = defaultdict(list)
    step_keys: dict[int, tuple[str, str, str]] = {}
    step_by_pk: dict[int, Step] = {}
    for st in Step.objects.filter(organization=org).order_by("action_plan_id", "position", "key"):
        steps[st.action_plan_id].append(st)
        step_keys[st.pk] = (*plan_keys[st.action_plan_id], st.key)
        step_by_pk[st.pk] = st
    after: dict[int, list[str]] = defaultdict(list)
    for d in Dependency.objects.filter(step__organization=org).order_by("step_id", "position", "id"):
        after[d.step_id].append(_after(step_by_pk[d.step_id], step_by_pk[d.depends_on_id], step_keys))
    done: dict[int, list[tuple[int, When]]] = defaultdict(list)
    completed = Occurrence.objects.filter(organization=org, completed_at__isnull=False).order_by(
        "step_id", "number"
    )
    for o in completed.only("step_id", "number", "completed_at"):
        done[o.step_id].append((o.number, _completion(o.completed_at, cal)))
    standards: dict[int, list[ServiceStandard]] = defaultdict(list)
    for k in ServiceStandard.objects.filter(organization=org).order_by("action_plan_id", "position", "key"):
        standards[k.action_plan_id].append(k)

    def step_spec(st: Step) -> StepSpec:
        completions = done.get(st.pk, [])
        if not st.repeat_phrase:
            completions = completions[:1]
        return StepSpec(
            id=st.key,
            title=st.title,
            description=st.description,
            who=who(st.responsible_id),
            due=st.due_phrase or None,
            start=st.start,
            effort=_num(st.effort_hours),
            lead_time=st.lead_time_phrase or None,
            cost=from_minor(st.cost, cur),
            priority=PRIORITY_NAMES[st.priority],
            after=tuple(after.get(st.pk, ())),
            repeat=st.repeat_phrase or None,
            times=st.times,
            until=st.until_phrase or None,
            done=tuple(completions),
        )

    def plan_spec(p: ActionPlan) -> ActionPlanSpec:
        return ActionPlanSpec(
            id=p.key,
            title=p.title,
            description=p.description,
            goal=goal_key.get(p.goal_id) if p.goal_id else None,
            responsible=who(p.responsible_id),
            priority=PRIORITY_NAMES[p.priority],
            start=p.start,
            steps=tuple(step_spec(st) for st in steps.get(p.pk, [])),
            service_standards=tuple(
                ServiceStandardSpec(
                    id=k.key,
                    title=k.title,
                    channel=k.channel,
                    target=k.target_phrase,
                    who=who(k.responsible_id),
                )
                for k in standards.get(p.pk, [])
            ),
        )

    def goal_spec(g: Goal) -> GoalSpec:
        return GoalSpec(
            id=g.key,
            title=g.title,
            metric=g.metric,
            unit=g.unit,
            baseline=_num(g.baseline),
            direction=g.direction,
            target=_num(g.target),
            due=g.due_phrase or None,
            measurements=tuple(
                MeasurementSpec(at=_measured(m.at, tz), value=_num(m.value), note=m.note)
                for m in measurements.get(g.pk, [])
            ),
        )

    plan = PlanFile(
        organization=OrganizationSpec(
            id=org.key,
            name=org.name,
            locale=org.locale,
            timezone=org.timezone,
            currency=org.currency,
            calendar=calendar_spec(org),
        ),
        teams=tuple(
            TeamSpec(id=t.key, name=t.name, lead=who(t.lead_id)) for t in parties if t.kind == "team"
        ),
        people=tuple(
            PersonSpec(
                id=p.key,
                name=p.name,
                email=p.email,
                team=who(p.team_id),
                capacity=DEFAULT_CAPACITY if p.capacity_hours is None else _num(p.capacity_hours),
                rate=from_minor(p.rate, cur),
                time_off=tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in p.time_off or ()),
            )
            for p in parties
            if p.kind == "person"
        ),
        vendors=tuple(
            VendorSpec(
                id=v.key,
                name=v.name,
                kind=v.vendor_kind,
                contact=v.contact,
                email=v.email,
                phone=v.phone,
                fee=from_minor(v.fee, cur),
            )
            for v in parties
            if v.kind == "vendor"
        ),
        strategies=tuple(
            StrategySpec(
                id=s.key,
                title=s.title,
                start=s.start,
                description=s.description,
                owner=who(s.owner_id),
                horizon=s.horizon_phrase or DEFAULT_HORIZON,
                budget=from_minor(s.budget, cur),
                priority=PRIORITY_NAMES[s.priority],
                status=s.status,
                goals=tuple(goal_spec(g) for g in goals.get(s.pk, [])),
                action_plans=tuple(plan_spec(p) for p in plans.get(s.pk, [])),
            )
            for s in strategies
        ),
    )
    return _drop_kept(plan) if any(n > 1 for ns in done.values() for n, _w in ns) else plan


def _steps_map(plan: PlanFile, change) -> PlanFile:  # noqa: ANN001 - (ref, StepSpec) -> StepSpec
    return replace(
        plan,
        strategies=tuple(
            replace(
                s,
                action_plans=tuple(
                    replace(p, steps=tuple(change(f"{s.id}/{p.id}/{st.id}", st) for st in p.steps))
                    for p in s.action_plans
                ),
            )
            for s in plan.strategies
        ),
    )


def _drop_kept(plan: PlanFile) -> PlanFile:
    """Leave out completions of occurrences the file no longer has (the importer kept them).

    A done occurrence beyond a recurring step's count stays in the database, but writing it back
    would make the file refer to an occurrence it does not have.
    """
    try:
        counts = resolve_plan(_steps_map(plan, lambda _ref, st: replace(st, done=()))).due
    except (PlanFileError, ValueError):
        return plan
    return _steps_map(
        plan,
        lambda ref, st: replace(st, done=tuple((n, w) for n, w in st.done if n <= len(counts.get(ref, ())))),
    )
