"""What the strategy-tree and step pages show, assembled from a few queries and one review.

Statuses come from `planning.review.build_review` only (matched by occurrence id); this module
arranges them for display and never classifies anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse

from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import (
    ActionPlan,
    ChangeRecord,
    Occurrence,
    ServiceStandard,
    Step,
    Strategy,
)
from actionplan.planning.review import build_review
from actionplan.web.helpers import (
    ACTION_LABELS,
    DONE_STATUSES,
    SOURCE_LABELS,
    STATUS_LABELS,
    status_label,
    user_label,
)


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    status: str | None
    reassigned_to: Party | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def is_done(self) -> bool:
        """Done as the review sees it (a completion recorded after `as_of` does not count yet)."""
        return self.status in DONE_STATUSES

    @property
    def has_completion(self) -> bool:
        """A completion is recorded, so the button offered is Reopen rather than Mark done."""
        return self.occurrence.completed_at is not None

    @property
    def slipped(self) -> bool:
        return self.occurrence.due != self.occurrence.baseline_due


@dataclass
class StepRow:
    step: Step
    org_key: str
    strategy_key: str
    plan_key: str
    who: Party | None
    occurrences: list[OccurrenceRow]
    expanded: bool = False
    error: str = ""

    @property
    def ref(self) -> str:
        return f"{self.strategy_key}/{self.plan_key}/{self.step.key}"

    @property
    def recurring(self) -> bool:
        return self.step.is_recurring or len(self.occurrences) > 1

    @property
    def target(self) -> str:
        """The CSS selector of the row's <tbody>, which htmx replaces after a change."""
        return f"#step-{self.step.id}"

    @property
    def url(self) -> str:
        return reverse("step", args=[self.org_key, self.strategy_key, self.plan_key, self.step.key])

    @property
    def done_count(self) -> int:
        return sum(1 for row in self.occurrences if row.is_done)

    @property
    def total(self) -> int:
        return len(self.occurrences)

    @property
    def current(self) -> OccurrenceRow | None:
        """The first occurrence not yet done, else the last one: what the step's line shows."""
        for row in self.occurrences:
            if not row.is_done:
                return row
        return self.occurrences[-1] if self.occurrences else None


@dataclass
class PlanView:
    plan: ActionPlan
    rows: list[StepRow]
    standards: list[ServiceStandard]


@dataclass
class StrategyView:
    strategy: Strategy
    goals: list
    plans: list[PlanView]


@dataclass
class Summary:
    counts: list[tuple[str, str, int]]  # (status, label, count) in the core's order
    total: int


@dataclass
class Tree:
    as_of: datetime
    strategies: list[StrategyView]
    summary: Summary
    extra: dict = field(default_factory=dict)


def review_statuses(org: Organization, as_of: datetime, queryset=None) -> tuple[dict[int, str], Summary]:
    """occurrence id -> status, and the counts per status, from the one review computation
    (of the whole organization, or of the occurrences in `queryset`)."""
    review = build_review(org, as_of) if queryset is None else build_review(org, as_of, queryset=queryset)
    counts = review.counts()
    summary = Summary(
        counts=[(status, str(label), counts.get(status, 0)) for status, label in STATUS_LABELS.items()],
        total=len(review.items),
    )
    return {item.occurrence_id: item.status for item in review.items}, summary


def _occurrences_queryset():
    return Occurrence.objects.select_related("responsible").order_by("number")


def step_row(
    step: Step, strategy_key: str, plan_key: str, org_key: str, statuses: dict[int, str], **extra
) -> StepRow:
    occurrences = [
        OccurrenceRow(occurrence=occ, status=statuses.get(occ.id), reassigned_to=occ.responsible)
        for occ in step.occurrences.all()
    ]
    return StepRow(
        step=step,
        org_key=org_key,
        strategy_key=strategy_key,
        plan_key=plan_key,
        who=step.responsible or step.action_plan.responsible,
        occurrences=occurrences,
        **extra,
    )


def load_tree(org: Organization, as_of: datetime) -> Tree:
    """The organization's strategies down to step occurrences, in a fixed number of queries."""
    steps = Step.objects.select_related("responsible").prefetch_related(
        Prefetch("occurrences", queryset=_occurrences_queryset())
    )
    plans = ActionPlan.objects.select_related("responsible", "goal").prefetch_related(
        Prefetch("steps", queryset=steps),
        Prefetch("service_standards", queryset=ServiceStandard.objects.select_related("responsible")),
    )
    strategies = (
        Strategy.objects.filter(organization=org)
        .select_related("owner")
        .prefetch_related("goals", Prefetch("action_plans", queryset=plans))
    )
    statuses, summary = review_statuses(org, as_of)
    views = []
    for strategy in strategies:
        plan_views = []
        for plan in strategy.action_plans.all():
            rows = [step_row(step, strategy.key, plan.key, org.key, statuses) for step in plan.steps.all()]
            plan_views.append(PlanView(plan=plan, rows=rows, standards=list(plan.service_standards.all())))
        views.append(StrategyView(strategy=strategy, goals=list(strategy.goals.all()), plans=plan_views))
    return Tree(as_of=as_of, strategies=views, summary=summary)


def load_step_row(org: Organization, step_id: int, as_of: datetime, **extra) -> tuple[StepRow, Summary]:
    """One step's row (for an htmx swap) and the organization's fresh status summary."""
    step = (
        Step.objects.select_related("responsible", "action_plan__responsible", "action_plan__strategy")
        .prefetch_related(Prefetch("occurrences", queryset=_occurrences_queryset()))
        .get(pk=step_id, organization=org)
    )
    statuses, summary = review_statuses(org, as_of)
    plan = step.action_plan
    return step_row(step, plan.strategy.key, plan.key, org.key, statuses, **extra), summary


def get_step(org: Organization, strategy_key: str, plan_key: str, step_key: str) -> Step:
    return (
        Step.objects.select_related("responsible", "action_plan__responsible", "action_plan__strategy")
        .prefetch_related(Prefetch("occurrences", queryset=_occurrences_queryset()))
        .get(
            organization=org,
            key=step_key,
            action_plan__key=plan_key,
            action_plan__strategy__key=strategy_key,
        )
    )


@dataclass
class Link:
    title: str
    ref: str
    url: str


def dependency_links(org: Organization, step: Step) -> tuple[list[Link], list[Link]]:
    """(steps this one waits for, steps waiting for this one), each with a link."""

    def link(other: Step) -> Link:
        plan = other.action_plan
        ref = f"{plan.strategy.key}/{plan.key}/{other.key}"
        return Link(other.title, ref, reverse("step", args=[org.key, plan.strategy.key, plan.key, other.key]))

    related = "action_plan__strategy"
    before = [
        link(d.depends_on)
        for d in step.dependency_links.select_related(f"depends_on__{related}").order_by("position")
    ]
    after = [
        link(d.step) for d in step.dependent_links.select_related(f"step__{related}").order_by("position")
    ]
    return before, after


@dataclass
class HistoryEntry:
    record: ChangeRecord
    who: str
    action: str
    source: str
    changes: list[tuple[str, object, object]]
    occurrence: str = ""  # "2" for a record about occurrence #2, "" for the step itself


_MODELS = {"occurrence": Occurrence, "step": Step, "action_plan": ActionPlan, "strategy": Strategy}


def _value(value):
    """ISO dates and times in a change record become date/datetime values, so they are shown
    in the organization's zone and the reader's format; anything else is shown as recorded."""
    if isinstance(value, str) and 10 <= len(value) <= 32 and value[:4].isdigit() and value[4:5] == "-":
        try:
            return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _field_label(object_type: str, name: str) -> str:
    model = _MODELS.get(object_type)
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _changes(object_type: str, raw) -> list[tuple[str, object, object]]:
    """{field: [old, new]} as (label, old, new) rows; a bare value is (label, None, value)."""
    if not isinstance(raw, dict):
        return []
    out = []
    for name, value in raw.items():
        old, new = value if isinstance(value, list | tuple) and len(value) == 2 else (None, value)
        out.append((_field_label(object_type, name), _value(old), _value(new)))
    return out


def step_history(org: Organization, row: StepRow) -> list[HistoryEntry]:
    """Change records of the step and of its occurrences ("ref#n"), newest first."""
    refs = [row.ref] + [f"{row.ref}#{occ.occurrence.number}" for occ in row.occurrences]
    records = (
        ChangeRecord.objects.filter(organization=org, object_ref__in=refs)
        .select_related("user")
        .order_by("-at", "-id")
    )
    return [
        HistoryEntry(
            record=r,
            who=user_label(r.user),
            action=str(ACTION_LABELS.get(r.action, r.action)),
            source=str(SOURCE_LABELS.get(r.source, r.source)),
            changes=_changes(r.object_type, r.changes),
            occurrence=r.object_ref.rpartition("#")[2] if "#" in r.object_ref else "",
        )
        for r in records
    ]
