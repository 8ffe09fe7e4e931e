"""The JSON Schema (draft 2020-12) of plan file v1, for editors (`actionplan schema`).

It checks shape (keys, types, patterns); the loader also checks what a schema cannot: references
between objects, cycles and time-frame phrases.
"""

from __future__ import annotations

import re
from typing import Any

from actionplan.core.planfile_model import CHANNELS, LOCALES, PRIORITIES, STATUSES, WEEKDAYS
from actionplan.core.planfile_read import PRIORITY_ALIASES
from actionplan.core.planfile_values import MOMENT_PATTERN

_DATE = r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})$"
# The reader's own pattern, in the regex dialect of JSON Schema (no named groups).
_WHEN = "^" + re.sub(r"\?P<\w+>", "", MOMENT_PATTERN).removesuffix("\\Z") + "$"


def _text(description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": ["string", "number"], "minLength": 1}
    if description:
        out["description"] = description
    return out


def _obj(kind: str, properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": properties}
    if required:
        out["required"] = list(required)
    return out


def _list(ref: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{ref}"}}


def json_schema() -> dict[str, Any]:
    ref = {"$ref": "#/$defs/ref"}
    phrase = {"$ref": "#/$defs/phrase"}
    money = {"$ref": "#/$defs/money"}
    date = {"$ref": "#/$defs/date"}
    when = {"$ref": "#/$defs/when"}
    slug = {"$ref": "#/$defs/id"}
    priority = {"enum": [*PRIORITIES, *PRIORITY_ALIASES], "description": "low, normal, high or critical"}
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]{0,63}$"},
        "ref": {"type": "string", "minLength": 1, "description": "the id of a person, team or vendor"},
        "phrase": {
            "type": "string",
            "minLength": 1,
            "description": "a time-frame phrase, English or Vietnamese",
        },
        "money": {"type": "number", "minimum": 0, "description": "in the currency's major units"},
        "date": {"type": "string", "pattern": _DATE, "description": "2027-03-01 or 01/03/2027"},
        "when": {
            "type": "string",
            "pattern": _WHEN,
            "description": "a date, a date and time in the organization's zone (2027-03-01 14:30), "
            "or a moment in any ISO 8601 form with its offset (2027-03-01T14:30:00+07:00, "
            "2027-03-01T07:30:00Z), converted to the organization's zone",
        },
        "hours": {"type": "string", "description": "business hours like 08:00-12:00, 13:00-17:00"},
        "calendar": _obj(
            "calendar",
            {
                "work_week": {"type": "string", "description": "mon-fri, mon-sat, t2-t7, ..."},
                "hours": {
                    "oneOf": [
                        {"$ref": "#/$defs/hours"},
                        _obj("hours", {key: {"$ref": "#/$defs/hours"} for key in ("default", *WEEKDAYS)}),
                    ]
                },
                "holidays": {"type": "string", "description": "a country code like VN, or none"},
                "closed_days": {"type": "array", "items": date},
                "working_days": {"type": "array", "items": date},
            },
        ),
        "organization": _obj(
            "organization",
            {
                "id": slug,
                "name": _text(),
                "locale": {"enum": list(LOCALES)},
                "timezone": {"type": "string", "description": "IANA zone, e.g. Asia/Ho_Chi_Minh"},
                "currency": {"type": "string", "pattern": "^[A-Za-z]{3}$"},
                "calendar": {"$ref": "#/$defs/calendar"},
            },
            ("id", "name"),
        ),
        "team": _obj("team", {"id": slug, "name": _text(), "lead": ref}, ("id", "name")),
        "person": _obj(
            "person",
            {
                "id": slug,
                "name": _text(),
                "email": {"type": "string"},
                "team": ref,
                "capacity": {
                    "type": ["string", "number"],
                    "description": "hours per week: 40h/week, 40 giờ/tuần or 40",
                },
                "rate": money,
                "time_off": {
                    "type": "array",
                    "items": {"type": "string", "description": "2027-04-30 or 2027-04-28..2027-05-02"},
                },
            },
            ("id", "name"),
        ),
        "vendor": _obj(
            "vendor",
            {
                "id": slug,
                "name": _text(),
                "kind": _text(),
                "contact": _text(),
                "email": {"type": "string"},
                "phone": _text(),
                "fee": money,
            },
            ("id", "name"),
        ),
        "measurement": _obj(
            "measurement", {"at": when, "value": {"type": "number"}, "note": _text()}, ("at", "value")
        ),
        "goal": _obj(
            "goal",
            {
                "id": slug,
                "title": _text(),
                "metric": _text(),
                "unit": _text(),
                "baseline": {"type": "number"},
                "target": {"type": ["string", "number"], "description": ">= 2, <= 4, or a number (at least)"},
                "due": phrase,
                "measurements": _list("measurement"),
            },
            ("id", "title"),
        ),
        "step": _obj(
            "step",
            {
                "id": slug,
                "title": _text(),
                "description": _text(),
                "who": ref,
                "due": phrase,
                "start": date,
                "effort": {"type": ["string", "number"], "description": "6h, 1.5h, 2d (= 16h) or hours"},
                "lead_time": {
                    "type": "string",
                    "description": "a vendor's lead time in business days or weeks (= 5 business days): "
                    "5 business days, 2 weeks, 5 ngày làm việc, 2 tuần",
                },
                "cost": money,
                "priority": priority,
                "after": {
                    "type": "array",
                    "items": {"type": "string", "description": "step, plan/step or s/p/step"},
                },
                "repeat": phrase,
                "times": {"type": "integer", "minimum": 1, "maximum": 1000},
                "until": phrase,
                "done": {
                    "oneOf": [
                        when,
                        {
                            "type": "object",
                            "propertyNames": {"pattern": r"^[1-9]\d*$"},
                            "additionalProperties": when,
                            "description": "occurrence number -> completion, for a repeating step",
                        },
                    ]
                },
            },
            ("id", "title"),
        ),
        "service_standard": _obj(
            "service_standard",
            {
                "id": slug,
                "title": _text(),
                "channel": {"enum": list(CHANNELS)},
                "target": phrase,
                "who": ref,
            },
            ("id", "title", "channel", "target"),
        ),
        "action_plan": _obj(
            "action_plan",
            {
                "id": slug,
                "title": _text(),
                "description": _text(),
                "goal": {"type": "string"},
                "responsible": ref,
                "priority": priority,
                "start": date,
                "steps": _list("step"),
                "service_standards": _list("service_standard"),
            },
            ("id", "title"),
        ),
        "strategy": _obj(
            "strategy",
            {
                "id": slug,
                "title": _text(),
                "description": _text(),
                "owner": ref,
                "start": date,
                "horizon": phrase,
                "budget": money,
                "priority": priority,
                "status": {"enum": list(STATUSES)},
                "goals": _list("goal"),
                "action_plans": _list("action_plan"),
            },
            ("id", "title", "start"),
        ),
    }
    root = _obj(
        "plan",
        {
            "version": {"const": 1},
            "organization": {"$ref": "#/$defs/organization"},
            "teams": _list("team"),
            "people": _list("person"),
            "vendors": _list("vendor"),
            "strategies": _list("strategy"),
        },
        ("version", "organization"),
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://actionplan.example/schema/plan-file-v1.json",
        "title": "actionplan plan file, version 1",
        **root,
        "$defs": defs,
    }
