"""The forecast as the pages show it: names for refs, suggestion rows with their effect, and
each occurrence's forecast start and finish with the conflicts that push it out.

The numbers and the statuses come from `planning.forecasting` and the core; the workload page,
the step page and the strategy tree only arrange them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext

from actionplan.core.leveling.conflicts import conflicts
from actionplan.core.leveling.model import Planned, Situation, Suggestion, Work
from actionplan.core.leveling.suggest import suggestion_message
from actionplan.core.status import status_of
from actionplan.planning.forecasting import ForecastView
from actionplan.planning.models import Priority

PRIORITY_LABELS = {
    "critical": Priority.CRITICAL.label,
    "high": Priority.HIGH.label,
    "normal": Priority.NORMAL.label,
    "low": Priority.LOW.label,
}


def priority_label(name: str) -> str:
    return str(PRIORITY_LABELS.get(name, name))


def split_ref(ref: str) -> tuple[str, str, str, int | None]:
    """ "s/p/step#n" -> (s, p, step, n); a one-off step's ref has no number."""
    base, _, number = ref.partition("#")
    strategy, plan, step = base.split("/", 2)
    return strategy, plan, step, int(number) if number else None


def step_url(org_key: str, ref: str) -> str:
    strategy, plan, step, _number = split_ref(ref)
    return reverse("step", args=[org_key, strategy, plan, step])


def occurrence_title(work: Work | None, ref: str) -> str:
    """The step's title, and which occurrence for a repeating step (never the internal ref)."""
    _s, _p, key, number = split_ref(ref)
    title = work.title if work is not None else key
    if number is None:
        return title
    return gettext("%(title)s (occurrence %(number)s)") % {"title": title, "number": number}


def party_names(situation: Situation) -> dict[str, str]:
    return {p.id: p.name for p in (*situation.people, *situation.teams, *situation.vendors)}


def forecast_status(work: Work, planned: Planned | None, as_of: datetime) -> str:
    """The review's status of an occurrence, from the one classification in the core."""
    # A done occurrence's completion time is not in the forecast's data; the pages that show
    # done ones take their status from the review instead. As in the review, the forecast's own
    # late verdict decides at_risk.
    return status_of(work.due, None, as_of, forecast_late=planned is not None and planned.late)


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    text: str
    for_title: str
    for_url: str

    @property
    def id(self) -> str:
        return self.suggestion.id


def suggestion_rows(
    view: ForecastView, org_key: str, suggestions: tuple[Suggestion, ...] | None = None
) -> tuple[SuggestionRow, ...]:
    """`suggestions` (default: all of the view's) with their text and the occurrence they help."""
    works = {w.ref: w for w in view.situation.work}
    return tuple(
        SuggestionRow(
            suggestion=s,
            text=suggestion_message(s, view.situation).render(gettext),
            for_title=occurrence_title(works.get(s.for_ref), s.for_ref),
            for_url=step_url(org_key, s.for_ref),
        )
        for s in (view.suggestions if suggestions is None else suggestions)
    )


@dataclass(frozen=True)
class Conflict:
    """A higher-priority occurrence of the same person that pushes an at-risk one out."""

    title: str
    url: str
    priority: str
    due: datetime
    finish: datetime | None


@dataclass(frozen=True)
class OccurrenceForecast:
    ref: str
    planned: Planned | None
    late: bool
    doer: str  # the name of who the forecast gives it to
    conflicts: tuple[Conflict, ...] = ()

    @property
    def start(self) -> datetime | None:
        return self.planned.start if self.planned else None

    @property
    def finish(self) -> datetime | None:
        return self.planned.finish if self.planned else None


def _conflict(view: ForecastView, works: dict[str, Work], org_key: str, ref: str) -> Conflict:
    work, planned = works[ref], view.planned.get(ref)
    return Conflict(
        title=occurrence_title(work, ref),
        url=step_url(org_key, ref),
        priority=priority_label(work.priority),
        due=work.due,
        finish=planned.finish if planned is not None else None,
    )


def occurrence_forecasts(view: ForecastView, org_key: str, refs: list[str]) -> dict[str, OccurrenceForecast]:
    """ref -> its forecast, with the conflicts of those that finish after their due."""
    works = {w.ref: w for w in view.situation.work}
    names = party_names(view.situation)
    out = {}
    for ref in refs:
        planned = view.planned.get(ref)
        if planned is None:
            continue
        pushing: tuple[Conflict, ...] = ()
        if planned.late:
            pushing = tuple(
                _conflict(view, works, org_key, other)
                for other in conflicts(view.situation, view.result, ref)
            )
        out[ref] = OccurrenceForecast(
            ref=ref,
            planned=planned,
            late=planned.late,
            doer=names.get(planned.responsible, planned.responsible),
            conflicts=pushing,
        )
    return out
