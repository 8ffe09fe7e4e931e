"""Workload and forecast: who is overloaded, what will slip, and what to change.

    situation = from_plan.situation_from_plan(plan, resolved, as_of)   # or planning.forecasting
    result = forecast(situation)                  # resource leveling: start/finish/late per occurrence
    weeks = workload(situation, result)           # party id -> capacity/demand/planned per ISO week
    found = overloads(situation, result)          # person-weeks over capacity, named with strategies
    pushed = conflicts(situation, result, ref)    # higher-priority work of the same person pushing ref out
    ideas = suggest(situation, result)            # changes with their measured effect
    data = forecast_json(situation, result)       # the `actionplan forecast --format json` shape

Plain data in and out (model.py); no Django. docs/workload.md explains the rules.
"""

from actionplan.core.leveling.model import (
    PRIORITY_NAMES,
    PRIORITY_RANK,
    Forecast,
    Person,
    Planned,
    Situation,
    Team,
    Vendor,
    Week,
    Work,
)

__all__ = [
    "PRIORITY_NAMES",
    "PRIORITY_RANK",
    "Forecast",
    "Person",
    "Planned",
    "Situation",
    "Team",
    "Vendor",
    "Week",
    "Work",
]
