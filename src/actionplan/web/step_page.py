"""What the step page shows besides the step's row: its dependencies, its forecast (with the
conflicts and suggestions that concern it) and its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionplan.accountability.history import records_of
from actionplan.accountability.models import Decision
from actionplan.orgs.models import Organization
from actionplan.planning.forecasting import forecast_view
from actionplan.planning.models import ActionPlan, ChangeRecord, Occurrence, Step, Strategy
from actionplan.web.forecast import SuggestionRow, occurrence_forecasts, suggestion_rows
from actionplan.web.helpers import ACTION_LABELS, SOURCE_LABELS, user_label
from actionplan.web.tree import StepRow, attach_forecasts, occurrences_queryset


def get_step(org: Organization, strategy_key: str, plan_key: str, step_key: str) -> Step:
    return (
        Step.objects.select_related("responsible", "action_plan__responsible", "action_plan__strategy")
        .prefetch_related(Prefetch("occurrences", queryset=occurrences_queryset()))
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


def step_forecast(org: Organization, row: StepRow, as_of: datetime) -> tuple[SuggestionRow, ...]:
    """Give the row's occurrences their forecast and conflicts; the suggestions that concern the
    step (those that help one of its occurrences, or change one)."""
    view = forecast_view(org, as_of, weeks=1, with_suggestions=True)
    refs = row.refs
    attach_forecasts([row], occurrence_forecasts(view, org.key, refs))
    mine = set(refs)
    return suggestion_rows(
        view, org.key, tuple(s for s in view.suggestions if s.for_ref in mine or s.ref in mine)
    )


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


# Fields a check-in records that are no column of the occurrence.
_CHECKIN_LABELS = {
    "percent_done": _("percent done"),
    "blocked": _("blocked"),
    "at": _("as of"),
    # a decision's and a rating's (accountability.decisions)
    "decision": _("decision"),
    "split_into": _("split into"),
    "quality": _("quality"),
}


def _field_label(object_type: str, name: str) -> str:
    if object_type in ("occurrence", "step") and name in _CHECKIN_LABELS:
        return str(_CHECKIN_LABELS[name])
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
        if name == "decision" and new in Decision.Kind.values:
            new = str(Decision.Kind(new).label)
        out.append((_field_label(object_type, name), _value(old), _value(new)))
    return out


def step_history(org: Organization, row: StepRow) -> list[HistoryEntry]:
    """Change records of the step and of its occurrences ("ref#n", those deleted since too),
    newest first: the records `actionplan history` shows (accountability.history)."""
    records = records_of(org, row.ref)
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
