"""Plan file v1: YAML text <-> PlanFile dataclasses, with every error located (FILE:LINE:COLUMN).

    plan = load(path.read_bytes(), filename=str(path))   # PlanFileError(errors) on any problem
    text = dump(plan)                                    # stable: same plan, same bytes
    schema = json_schema()                               # JSON Schema for editors

Loading is all-or-nothing and reports all errors at once. The format is documented in
docs/planfile.md; the pieces live in planfile_* modules (yaml safety, scalar values, objects,
cross-references, dump, schema) and are re-exported here.
"""

from __future__ import annotations

import gc

from actionplan.core.planfile_check import check
from actionplan.core.planfile_dump import dump
from actionplan.core.planfile_model import (
    CHANNELS,
    DIRECTIONS,
    LOCALES,
    MAX_DATE,
    MIN_DATE,
    PRIORITIES,
    STATUSES,
    ActionPlanSpec,
    CalendarSpec,
    GoalSpec,
    Location,
    MeasurementSpec,
    OrganizationSpec,
    PersonSpec,
    PlanError,
    PlanFile,
    PlanFileError,
    ServiceStandardSpec,
    StepSpec,
    StrategySpec,
    TeamSpec,
    VendorSpec,
    When,
)
from actionplan.core.planfile_read import KEYS, Reader
from actionplan.core.planfile_schema import json_schema
from actionplan.core.planfile_yaml import MAX_BYTES, MAX_DEPTH, _Failed, compose, decode


def load(data: bytes | str, filename: str = "<plan>") -> PlanFile:
    """Parse and validate a plan file; raises PlanFileError listing every located error."""
    # Loading allocates a few objects per character and frees none of them: the cyclic garbage
    # collector would scan the growing tree again and again (40% of the time of a large plan)
    # for cycles that cannot exist yet. It runs again as soon as the plan is built.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(data, filename)
    finally:
        if collecting:
            gc.enable()


def _load(data: bytes | str, filename: str) -> PlanFile:
    try:
        node = compose(decode(data, filename), filename)
    except _Failed as failed:
        raise PlanFileError(failed.errors) from None
    reader = Reader(filename)
    plan = reader.plan(node)
    if plan is not None:
        check(plan, reader)
    if reader.errors or plan is None:
        raise PlanFileError(reader.errors)
    return plan


__all__ = [
    "CHANNELS",
    "DIRECTIONS",
    "KEYS",
    "LOCALES",
    "MAX_BYTES",
    "MAX_DATE",
    "MAX_DEPTH",
    "MIN_DATE",
    "PRIORITIES",
    "STATUSES",
    "ActionPlanSpec",
    "CalendarSpec",
    "GoalSpec",
    "Location",
    "MeasurementSpec",
    "OrganizationSpec",
    "PersonSpec",
    "PlanError",
    "PlanFile",
    "PlanFileError",
    "ServiceStandardSpec",
    "StepSpec",
    "StrategySpec",
    "TeamSpec",
    "VendorSpec",
    "When",
    "dump",
    "json_schema",
    "load",
]
