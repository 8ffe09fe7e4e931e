"""The review: every step occurrence with who, when and status, as of a moment.

The web page and `actionplan review` both call `build_review`, so they show the same statuses
(computed by `actionplan.core.status.status_of`, the one place that does it).

Refs: "strategy/plan/step" for a one-off step, "strategy/plan/step#n" for occurrence n of a
recurring step (always with #n, even for #1) — the same refs `actionplan done` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from actionplan.core.status import Status, status_of
from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import Occurrence


@dataclass(frozen=True)
class Responsible:
    kind: str  # person, team, vendor
    id: str  # the party's key
    name: str


@dataclass(frozen=True)
class ReviewItem:
    ref: str
    title: str
    strategy: str
    strategy_title: str
    action_plan: str
    action_plan_title: str
    responsible: Responsible
    due: datetime  # aware, in the organization's zone
    baseline_due: datetime  # aware, in the organization's zone
    completed_at: datetime | None
    status: Status
    occurrence_id: int
    step_id: int
    number: int
    recurring: bool


@dataclass(frozen=True)
class Review:
    organization: Organization
    as_of: datetime
    items: tuple[ReviewItem, ...]

    def counts(self) -> dict[str, int]:
        """Number of items per status."""
        out: dict[str, int] = {}
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out


def occurrence_ref(strategy: str, plan: str, step: str, number: int, recurring: bool) -> str:
    base = f"{strategy}/{plan}/{step}"
    return f"{base}#{number}" if recurring else base


def _responsible(party: Party) -> Responsible:
    return Responsible(kind=party.kind, id=party.key, name=party.name)


def build_review(org: Organization, as_of: datetime, *, queryset: Any = None) -> Review:
    """One item per occurrence of `org`, ordered by due then ref; one database query.

    `queryset` narrows the occurrences (e.g. one person's); it must belong to `org`.
    Responsible: the occurrence's reassignment, else the step's, else the action plan's.
    """
    tz = ZoneInfo(org.timezone)
    qs = queryset if queryset is not None else Occurrence.objects.all()
    qs = qs.filter(organization=org).select_related(
        "responsible",
        "step__responsible",
        "step__action_plan__responsible",
        "step__action_plan__strategy",
    )
    items = []
    for occ in qs:
        step = occ.step
        plan = step.action_plan
        strategy = plan.strategy
        party = occ.responsible or step.responsible or plan.responsible
        items.append(
            ReviewItem(
                ref=occurrence_ref(strategy.key, plan.key, step.key, occ.number, step.is_recurring),
                title=step.title,
                strategy=strategy.key,
                strategy_title=strategy.title,
                action_plan=plan.key,
                action_plan_title=plan.title,
                responsible=_responsible(party),
                due=occ.due.astimezone(tz),
                baseline_due=occ.baseline_due.astimezone(tz),
                completed_at=occ.completed_at.astimezone(tz) if occ.completed_at else None,
                status=status_of(occ.due, occ.completed_at, as_of),
                occurrence_id=occ.pk,
                step_id=step.pk,
                number=occ.number,
                recurring=step.is_recurring,
            )
        )
    items.sort(key=lambda i: (i.due, i.ref))
    return Review(organization=org, as_of=as_of.astimezone(tz), items=tuple(items))


def review_json(review: Review) -> dict:
    """The review as JSON-ready data (the shape `actionplan review --format json` prints)."""
    return {
        "organization": review.organization.key,
        "as_of": review.as_of.isoformat(),
        "items": [
            {
                "ref": i.ref,
                "title": i.title,
                "strategy": i.strategy,
                "action_plan": i.action_plan,
                "responsible": {
                    "kind": i.responsible.kind,
                    "id": i.responsible.id,
                    "name": i.responsible.name,
                },
                "due": i.due.isoformat(),
                "completed_at": i.completed_at.isoformat() if i.completed_at else None,
                "status": i.status,
            }
            for i in review.items
        ],
    }
