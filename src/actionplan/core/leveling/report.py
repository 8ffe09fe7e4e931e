"""The forecast as JSON-ready data: the shape `actionplan forecast --format json` prints."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from actionplan.core.leveling.demand import workload
from actionplan.core.leveling.model import Forecast, Overload, Situation, Suggestion
from actionplan.core.leveling.overload import overload_summary
from actionplan.core.leveling.suggest import suggestion_message


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _same(moment: datetime | None) -> datetime | None:
    return moment


def _hours(value: float | None) -> float | int | None:
    if value is None:
        return None
    whole = int(value)
    return whole if whole == value else round(value, 2)


def overload_json(o: Overload, gettext: Any = lambda s: s) -> dict[str, Any]:
    return {
        "person": o.party,
        "name": o.name,
        "weeks": list(o.weeks),
        "percent": o.percent,
        "strategies": list(o.strategies),
        "summary": overload_summary(o).render(gettext),
    }


def suggestion_json(s: Suggestion, situation: Situation, gettext: Any = lambda s: s) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind,
        "ref": s.ref,
        "target": s.target,
        "for": s.for_ref,
        "description": suggestion_message(s, situation).render(gettext),
        "late_before": s.late_before,
        "late_after": s.late_after,
        "finish_before": _iso(s.finish_before),
        "finish_after": _iso(s.finish_after),
    }


def forecast_json(
    situation: Situation,
    forecast: Forecast,
    *,
    overloads: tuple[Overload, ...] = (),
    suggestions: tuple[Suggestion, ...] | Callable[[], tuple[Suggestion, ...]] = (),
    gettext: Any = lambda s: s,
    as_text: bool = True,
) -> dict[str, Any]:
    """With `as_text=False` times stay datetimes, for a serializer that writes ISO 8601 itself.

    `suggestions` may be a function giving them: it is called last, once everything else is
    built (the CLI computes them in a child process meanwhile)."""
    weeks = workload(situation, forecast, teams=False)
    iso = _iso if as_text else _same
    return {
        "as_of": iso(forecast.as_of),
        "occurrences": [
            {
                "ref": p.ref,
                "responsible": w.responsible,
                "assignee": p.responsible,
                "effort_hours": _hours(w.effort),
                "due": iso(w.due),
                "forecast_start": iso(p.start),
                "forecast_finish": iso(p.finish),
                "late": p.late,
            }
            for w, p in zip(situation.work, forecast.items, strict=True)
        ],
        "people": [
            {
                "id": person.id,
                "weeks": [
                    {
                        "week": week,
                        "capacity_hours": capacity,
                        "demand_hours": demand,
                        "planned_hours": planned,
                    }
                    for week, capacity, demand, planned in weeks[person.id]
                ],
            }
            for person in situation.people
        ],
        "overloads": [overload_json(o, gettext) for o in overloads],
        "suggestions": [
            suggestion_json(s, situation, gettext)
            for s in (suggestions() if callable(suggestions) else suggestions)
        ],
    }
