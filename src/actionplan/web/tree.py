"""What the strategy-tree and step pages show, assembled from a few queries and one review.

Statuses and forecast finishes come from `planning.review.build_review` only (matched by
occurrence id); the step page adds the forecast's start and conflicts (`web.forecast`). This
module arranges them for display and never classifies or schedules anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import (
    ActionPlan,
    Occurrence,
    ServiceStandard,
    Step,
    Strategy,
)
from actionplan.planning.responsibility import Actor
from actionplan.planning.review import ReviewItem, build_review, occurrence_ref
from actionplan.web.forecast import OccurrenceForecast
from actionplan.web.helpers import (
    DONE_STATUSES,
    STATUS_LABELS,
    status_label,
)

DROPPED = "dropped"  # not a status of the review: the occurrence was dropped by a decision


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    status: str | None
    reassigned_to: Party | None = None
    finish: datetime | None = None  # the review's forecast finish
    forecast: OccurrenceForecast | None = None  # start, doer and conflicts (the step page only)
    percent_done: int | None = None  # the review's: the latest check-in's percent (100 when done)
    blocked: str | None = None  # the review's: why it is blocked, when its latest check-in says so
    may_update: bool = False  # the user may check in, mark done, reopen (planning.responsibility)

    @property
    def status_label(self) -> str:
        if self.status == DROPPED:
            return str(_("dropped"))
        return status_label(self.status)

    @property
    def is_dropped(self) -> bool:
        """Dropped by a decision: no longer in the review, the forecast or the counts."""
        return self.occurrence.dropped_at is not None

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

    @property
    def forecast_finish(self) -> datetime | None:
        """When the forecast finishes it (None: done, or nothing to plan)."""
        return None if self.is_done else self.finish

    @property
    def forecast_late(self) -> bool:
        """Forecast to finish after its due (at risk, or overdue and still open)."""
        finish = self.forecast_finish
        return finish is not None and finish > self.occurrence.due


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
        """The occurrences to do: the dropped ones are not counted."""
        return sum(1 for row in self.occurrences if not row.is_dropped)

    def occurrence_ref(self, number: int) -> str:
        return occurrence_ref(self.strategy_key, self.plan_key, self.step.key, number, self.step.is_recurring)

    @property
    def refs(self) -> list[str]:
        return [self.occurrence_ref(row.occurrence.number) for row in self.occurrences]

    @property
    def current(self) -> OccurrenceRow | None:
        """The first occurrence not yet done, else the last one: what the step's line shows."""
        for row in self.occurrences:
            if not row.is_done and not row.is_dropped:
                return row
        kept = [row for row in self.occurrences if not row.is_dropped] or self.occurrences
        return kept[-1] if kept else None


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


def review_items(org: Organization, as_of: datetime, queryset=None) -> tuple[dict[int, ReviewItem], Summary]:
    """occurrence id -> its review item (status, forecast finish), and the counts per status,
    from the one review computation (of the whole organization, or of the occurrences in
    `queryset`)."""
    review = build_review(org, as_of) if queryset is None else build_review(org, as_of, queryset=queryset)
    counts = review.counts()
    summary = Summary(
        counts=[(status, str(label), counts.get(status, 0)) for status, label in STATUS_LABELS.items()],
        total=len(review.items),
    )
    return {item.occurrence_id: item for item in review.items}, summary


def attach_forecasts(rows: list[StepRow], forecasts: dict[str, OccurrenceForecast]) -> None:
    """Give each occurrence row its forecast's details (by the review's ref)."""
    for row in rows:
        for occ in row.occurrences:
            occ.forecast = forecasts.get(row.occurrence_ref(occ.occurrence.number))


def occurrences_queryset():
    return Occurrence.objects.select_related("responsible").order_by("number")


def step_row(
    step: Step,
    strategy_key: str,
    plan_key: str,
    org_key: str,
    review: dict[int, ReviewItem],
    actor: Actor | None = None,
    **extra,
) -> StepRow:
    """The step's row; `actor` (the signed-in user) decides which occurrences offer their forms."""
    occurrences = []
    default_responsible = step.responsible_id or step.action_plan.responsible_id
    for occ in step.occurrences.all():
        item = review.get(occ.id)
        dropped = occ.dropped_at is not None
        occurrences.append(
            OccurrenceRow(
                occurrence=occ,
                status=DROPPED if dropped else (item.status if item else None),
                reassigned_to=occ.responsible,
                finish=item.forecast_finish if item else None,
                percent_done=item.percent_done if item else None,
                blocked=item.blocked if item else None,
                may_update=not dropped
                and actor is not None
                and actor.may_update(occ.responsible_id or default_responsible),
            )
        )
    return StepRow(
        step=step,
        org_key=org_key,
        strategy_key=strategy_key,
        plan_key=plan_key,
        who=step.responsible or step.action_plan.responsible,
        occurrences=occurrences,
        **extra,
    )


def load_tree(org: Organization, as_of: datetime, actor: Actor | None = None) -> Tree:
    """The organization's strategies down to step occurrences, in a fixed number of queries."""
    steps = Step.objects.select_related("responsible").prefetch_related(
        Prefetch("occurrences", queryset=occurrences_queryset())
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
    statuses, summary = review_items(org, as_of)
    views = []
    for strategy in strategies:
        plan_views = []
        for plan in strategy.action_plans.all():
            rows = [
                step_row(step, strategy.key, plan.key, org.key, statuses, actor) for step in plan.steps.all()
            ]
            plan_views.append(PlanView(plan=plan, rows=rows, standards=list(plan.service_standards.all())))
        views.append(StrategyView(strategy=strategy, goals=list(strategy.goals.all()), plans=plan_views))
    return Tree(as_of=as_of, strategies=views, summary=summary)


def load_step_row(
    org: Organization, step_id: int, as_of: datetime, actor: Actor | None = None, **extra
) -> tuple[StepRow, Summary]:
    """One step's row (for an htmx swap) and the organization's fresh status summary."""
    step = (
        Step.objects.select_related("responsible", "action_plan__responsible", "action_plan__strategy")
        .prefetch_related(Prefetch("occurrences", queryset=occurrences_queryset()))
        .get(pk=step_id, organization=org)
    )
    statuses, summary = review_items(org, as_of)
    plan = step.action_plan
    return step_row(step, plan.strategy.key, plan.key, org.key, statuses, actor, **extra), summary
