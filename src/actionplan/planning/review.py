"""The review: every step occurrence with who, when and status, as of a moment.

The web page and `actionplan review` both call `build_review`, so they show the same statuses
(computed by `actionplan.core.status.status_of`, the one place that does it). `at_risk` needs the
forecast of the whole organization (`planning.forecasting`), computed once per review.

Refs: "strategy/plan/step" for a one-off step, "strategy/plan/step#n" for occurrence n of a
recurring step (always with #n, even for #1) — the same refs `actionplan done` accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from actionplan.core.leveling.model import Planned
from actionplan.core.leveling.schedule import forecast
from actionplan.core.status import Status, status_of
from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import Occurrence

DONE = frozenset({"done_on_time", "done_late"})


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
    forecast_finish: datetime | None  # when the forecast finishes it (None: done or nothing to plan)
    occurrence_id: int
    step_id: int
    number: int
    recurring: bool
    percent_done: int | None = None  # 100 when done, else the latest check-in's percent (None: none)
    blocked: str | None = None  # the reason, when the latest check-in says it is blocked (open only)


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


def build_review(
    org: Organization,
    as_of: datetime,
    *,
    queryset: Any = None,
    planned: Mapping[str, Planned] | None = None,
    rows: list[Occurrence] | None = None,
) -> Review:
    """One item per occurrence of `org`, ordered by due then ref, with the forecast's finish.

    Three queries (the occurrences, the parties, the dependencies: the forecast reads the rows the
    review reads). `queryset` narrows the occurrences (e.g. one person's; it must belong to
    `org`): one query more, since the forecast still needs all of them. `planned` is the forecast
    of `org` as of the same moment when the caller has it already (`ForecastView.planned`): the
    review then only reads its occurrences (one query), or none when the caller also gives the
    `rows` it forecast (`forecasting.occurrence_rows()` of `org`, as the review meeting does).
    Responsible: the occurrence's reassignment, else the step's, else the action plan's.
    """
    # forecasting reads the refs of this module: imported here, once both are loaded.
    from actionplan.planning import forecasting

    tz = ZoneInfo(org.timezone)
    if planned is None or queryset is not None:
        rows = None
    if planned is None:
        rows = list(forecasting.occurrence_rows().filter(organization=org))
        try:
            planned = forecast(forecasting.situation_from_rows(org, as_of, rows)).by_ref()
        except OverflowError:  # work decades apart: the review still shows, without at_risk
            planned = {}
    if queryset is not None or rows is None:
        base = queryset if queryset is not None else Occurrence.objects.all()
        rows = list(forecasting.occurrence_rows(base.filter(organization=org)))
    items = []
    for occ in rows:
        step = occ.step
        plan = step.action_plan
        strategy = plan.strategy
        party = occ.responsible or step.responsible or plan.responsible
        ref = occurrence_ref(strategy.key, plan.key, step.key, occ.number, step.is_recurring)
        forecast_of = planned.get(ref)
        finish = forecast_of.finish if forecast_of is not None else None
        late = forecast_of is not None and forecast_of.late
        status = status_of(occ.due, occ.completed_at, as_of, forecast_late=late)
        done = status in DONE
        items.append(
            ReviewItem(
                ref=ref,
                title=step.title,
                strategy=strategy.key,
                strategy_title=strategy.title,
                action_plan=plan.key,
                action_plan_title=plan.title,
                responsible=_responsible(party),
                due=occ.due.astimezone(tz),
                baseline_due=occ.baseline_due.astimezone(tz),
                completed_at=occ.completed_at.astimezone(tz) if occ.completed_at else None,
                # The forecast's verdict, made on its business-hour line: its finish is
                # rounded to the second, so comparing it with the due could disagree.
                status=status,
                forecast_finish=finish.astimezone(tz) if finish else None,
                occurrence_id=occ.pk,
                step_id=step.pk,
                number=occ.number,
                recurring=step.is_recurring,
                percent_done=100 if done else getattr(occ, "latest_percent", None),
                blocked=None if done else (getattr(occ, "latest_blocked", None) or None),
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
                "baseline_due": i.baseline_due.isoformat(),
                "completed_at": i.completed_at.isoformat() if i.completed_at else None,
                "status": i.status,
                "forecast_finish": i.forecast_finish.isoformat() if i.forecast_finish else None,
                "percent_done": i.percent_done,
                "blocked": i.blocked,
            }
            for i in review.items
        ],
    }
