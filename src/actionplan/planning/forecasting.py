"""The forecast of an organization from the database: who is overloaded, what will slip, what to change.

The computing is `actionplan.core.leveling`'s (plain data, no Django); this module only reads the
database into a `Situation` and writes back an applied suggestion. The same rules as the plan-file
side (`core.leveling.from_plan`): refs are the review's, `after` waits for the occurrence of the
same number (else the last one), occurrence n > 1 of a repeating step starts no earlier than the
due of occurrence n - 1. The database adds what a plan file has not: per-occurrence reassignments,
and check-ins, whose latest percent done leaves `effort * (1 - percent / 100)` to do.

Reading costs three queries whatever the size of the plan: the parties, the occurrences (with
their step, action plan, strategy and latest percent done) and the dependencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from actionplan.core.leveling.demand import workload
from actionplan.core.leveling.model import (
    Forecast,
    Overload,
    Person,
    Planned,
    Situation,
    Suggestion,
    Team,
    Vendor,
    Week,
    Work,
)
from actionplan.core.leveling.overload import overloads
from actionplan.core.leveling.schedule import forecast
from actionplan.core.leveling.suggest import suggest
from actionplan.core.messages import N_, Message
from actionplan.core.planfile_values import lead_time_days
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization, Party
from actionplan.planning import changes
from actionplan.planning.calendars import calendar_for
from actionplan.planning.changes import record_change
from actionplan.planning.models import CheckIn, Dependency, Occurrence, Priority, Step
from actionplan.planning.review import occurrence_ref

__all__ = [
    "ForecastView",
    "apply_suggestion",
    "forecast_view",
    "occurrence_rows",
    "situation_for",
    "situation_from_rows",
    "view_of",
]

PRIORITY_NAME: dict[int, str] = {
    Priority.CRITICAL: "critical",
    Priority.HIGH: "high",
    Priority.NORMAL: "normal",
    Priority.LOW: "low",
}
PRIORITY_VALUE: dict[str, int] = {name: int(value) for value, name in PRIORITY_NAME.items()}
DEFAULT_CAPACITY = 40.0


# --------------------------------------------------------------------------------------------
# Reading


def occurrence_rows(queryset: QuerySet | None = None) -> QuerySet:
    """Occurrences with what both the review and the forecast read, in one query.

    The latest percent done comes as `latest_percent` (a subquery, not a second query), so the
    review can hand its rows to `situation_from_rows` instead of reading them twice; the latest
    check-in's reason it is blocked as `latest_blocked` ("" or None: not blocked).
    Dropped occurrences (a decision, `accountability.decisions`) are left out: the review, the
    forecast and the scorecards all read their occurrences here, so none of them counts one.
    """
    qs = (queryset if queryset is not None else Occurrence.objects.all()).filter(dropped_at__isnull=True)
    latest = (
        CheckIn.objects.filter(occurrence=OuterRef("pk"), percent__isnull=False)
        .order_by("-at", "-id")
        .values("percent")[:1]
    )
    blocked = (
        CheckIn.objects.filter(occurrence=OuterRef("pk")).order_by("-at", "-id").values("blocked_reason")[:1]
    )
    return qs.select_related(
        "responsible",
        "step__responsible",
        "step__action_plan__responsible",
        "step__action_plan__strategy",
    ).annotate(latest_percent=Subquery(latest), latest_blocked=Subquery(blocked))


def situation_for(org: Organization, as_of: datetime) -> Situation:
    """Everything the forecast needs about `org` as of a moment (three queries)."""
    return situation_from_rows(org, as_of, occurrence_rows().filter(organization=org))


def situation_from_rows(org: Organization, as_of: datetime, occurrences: Iterable[Occurrence]) -> Situation:
    """The Situation from `occurrences`: every occurrence of `org`, read by `occurrence_rows`."""
    cal = calendar_for(org)
    tz = ZoneInfo(org.timezone)
    parties = list(Party.objects.filter(organization=org).order_by("position", "key"))
    key_of = {p.pk: p.key for p in parties}
    rows = sorted(occurrences, key=_plan_order)
    by_step: dict[int, dict[int, Occurrence]] = {}
    for occ in rows:
        by_step.setdefault(occ.step_id, {})[occ.number] = occ
    steps = {occ.step_id: occ.step for occ in rows}
    depends: dict[int, list[int]] = {}
    links = Dependency.objects.filter(step__organization=org).order_by("position", "pk")
    for step_id, on_id in links.values_list("step_id", "depends_on_id"):
        depends.setdefault(step_id, []).append(on_id)

    def ref(occ: Occurrence) -> str:
        step = steps[occ.step_id]
        plan = step.action_plan
        return occurrence_ref(plan.strategy.key, plan.key, step.key, occ.number, step.is_recurring)

    work = []
    titles: dict[str, str] = {}
    lead_times: dict[int, int | None] = {}
    previous: Occurrence | None = None
    for position, occ in enumerate(rows, 1):
        step = occ.step
        if step.pk not in lead_times:
            lead_times[step.pk] = _lead_time_days(step)
        plan = step.action_plan
        strategy = plan.strategy
        titles.setdefault(strategy.key, strategy.title)
        earliest = _morning(max(d for d in (step.start, plan.start, strategy.start) if d is not None), tz)
        if previous is not None and previous.step_id == occ.step_id:  # rows are in number order
            earliest = max(earliest, previous.due.astimezone(tz))
        previous = occ
        after = []
        for on_id in depends.get(step.pk, ()):
            theirs = by_step.get(on_id)
            if theirs:
                last = max(theirs)
                if occ.number in theirs:
                    after.append(ref(theirs[occ.number]))
                elif occ.number > last:
                    after.append(ref(theirs[last]))
                # else: the occurrence of that number was dropped, nothing to wait for
        effort = float(step.effort_hours) if step.effort_hours is not None else None
        percent = getattr(occ, "latest_percent", None)
        work.append(
            Work(
                ref=ref(occ),
                title=step.title,
                responsible=key_of[occ.responsible_id or step.responsible_id or plan.responsible_id],
                strategy=strategy.key,
                due=occ.due.astimezone(tz),
                earliest=earliest,
                effort=effort,
                remaining=effort * (1 - percent / 100)
                if effort is not None and percent is not None
                else None,
                priority=PRIORITY_NAME.get(step.priority, "normal"),
                after=tuple(after),
                done=occ.completed_at is not None and occ.completed_at <= as_of,
                lead_time_days=lead_times[step.pk],
                position=position,
            )
        )

    people = [p for p in parties if p.kind == Party.Kind.PERSON]
    return Situation(
        calendar=cal,
        as_of=as_of.astimezone(tz),
        people=tuple(
            Person(
                id=p.key,
                name=p.name,
                capacity=float(p.capacity_hours) if p.capacity_hours is not None else DEFAULT_CAPACITY,
                team=key_of.get(p.team_id),
                time_off=tuple(_period(span) for span in p.time_off or ()),
            )
            for p in people
        ),
        teams=tuple(
            Team(id=t.key, name=t.name, members=tuple(p.key for p in people if p.team_id == t.pk))
            for t in parties
            if t.kind == Party.Kind.TEAM
        ),
        vendors=tuple(Vendor(id=v.key, name=v.name) for v in parties if v.kind == Party.Kind.VENDOR),
        work=tuple(work),
        strategy_titles=titles,
    )


def _plan_order(occ: Occurrence) -> tuple:
    step = occ.step
    plan = step.action_plan
    strategy = plan.strategy
    return (strategy.position, strategy.key, plan.position, plan.key, step.position, step.key, occ.number)


def _morning(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def _period(span: Any) -> tuple[date, date]:
    """A stored time-off entry: [from, to] (ISO dates), or one ISO date for a single day."""
    if isinstance(span, str):
        day = date.fromisoformat(span)
        return day, day
    first, last = span
    return date.fromisoformat(first), date.fromisoformat(last)


def _lead_time_days(step: Step) -> int | None:
    if not step.lead_time_phrase:
        return None
    try:
        return lead_time_days(step.lead_time_phrase)
    except ValueError:  # the import and the editor check it; a bad stored one must not stop a page
        return None


# --------------------------------------------------------------------------------------------
# The forecast, its workload, overloads and suggestions


@dataclass(frozen=True)
class ForecastView:
    """One forecast of an organization and what the pages and commands show of it."""

    situation: Situation
    result: Forecast
    planned: dict[str, Planned]  # occurrence ref -> its forecast
    weeks: dict[str, tuple[Week, ...]]  # person or team id -> capacity/demand/planned per ISO week
    overloads: tuple[Overload, ...]
    suggestions: tuple[Suggestion, ...]


def view_of(situation: Situation, *, weeks: int | None = None, with_suggestions: bool = True) -> ForecastView:
    """The forecast of a situation already read (no query)."""
    result = forecast(situation)
    return ForecastView(
        situation=situation,
        result=result,
        planned=result.by_ref(),
        weeks=workload(situation, result, weeks=weeks),
        overloads=overloads(situation, result),
        suggestions=suggest(situation, result) if with_suggestions else (),
    )


def forecast_view(
    org: Organization, as_of: datetime, *, weeks: int | None = None, with_suggestions: bool = True
) -> ForecastView:
    """Forecast `org` as of a moment: three queries, then the core's computation."""
    return view_of(situation_for(org, as_of), weeks=weeks, with_suggestions=with_suggestions)


# --------------------------------------------------------------------------------------------
# Applying a suggestion


def apply_suggestion(
    org: Organization,
    suggestion_id: str,
    *,
    reason: str,
    as_of: datetime,
    user: Any = None,
    source: str = "cli",
) -> Suggestion:
    """Make the change of suggestion `suggestion_id`, recomputed on the current data, in one transaction.

    A suggestion computed on data that has changed since has another id, so it is refused rather
    than applied blindly. The change is recorded (ChangeRecord, with the reason) where the step's
    history shows it: the occurrence for a reassignment or a new due, the step for a priority.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ActionError(Message(N_("say why the suggestion is applied (a reason is required)")))
    wanted = (suggestion_id or "").strip()
    with transaction.atomic():
        # One applier at a time per organization: the second sees the first one's change.
        Organization.objects.select_for_update().filter(pk=org.pk).values_list("pk").first()
        situation = situation_for(org, as_of)
        found = next((s for s in suggest(situation, forecast(situation)) if s.id == wanted), None)
        if found is None:
            raise ActionError(
                Message(
                    N_(
                        "no suggestion %(id)s: this suggestion was computed on data that has changed "
                        "since, or does not exist: run suggest again"
                    ),
                    {"id": wanted},
                )
            )
        _write(org, found, reason=reason, user=user, source=source)
    return found


def _write(org: Organization, suggestion: Suggestion, *, reason: str, user: Any, source: str) -> None:
    from actionplan.planning.actions import find_occurrence

    tz = ZoneInfo(org.timezone)
    occ = find_occurrence(org, suggestion.ref)
    occ = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related(
            "responsible",
            "step__responsible",
            "step__action_plan__responsible",
            "step__action_plan__strategy",
        )
        .get(pk=occ.pk)
    )
    step = occ.step
    plan = step.action_plan

    def record(object_type: str, action: str, ref: str, changes: dict) -> None:
        record_change(org, object_type, action, ref, changes, user=user, source=source, reason=reason)

    kind = suggestion.kind
    if kind in ("reassign", "outsource"):
        party = Party.objects.get(organization=org, key=suggestion.target)
        record("occurrence", "reassigned", suggestion.ref, changes.reassign(occ, party))
    elif kind == "move_due":
        due = datetime.fromisoformat(suggestion.target)
        record("occurrence", "rescheduled", suggestion.ref, changes.move_due(occ, due, tz))
    else:  # raise_priority, lower_priority: a priority belongs to the step, all its occurrences
        step_ref = f"{plan.strategy.key}/{plan.key}/{step.key}"
        record("step", "updated", step_ref, changes.set_priority(step, PRIORITY_VALUE[suggestion.target]))
