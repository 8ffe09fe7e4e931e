"""PlanFile -> YAML text: the documented key order, defaults left out, block style, stable bytes."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from actionplan.core.planfile_model import (
    DEFAULT_CAPACITY,
    DEFAULT_HORIZON,
    ActionPlanSpec,
    CalendarSpec,
    GoalSpec,
    MeasurementSpec,
    OrganizationSpec,
    PersonSpec,
    PlanFile,
    ServiceStandardSpec,
    StepSpec,
    StrategySpec,
    TeamSpec,
    VendorSpec,
    When,
)

HEADER = "# actionplan plan file, version 1 (see docs/planfile.md)\n"


class _Number(str):
    """A number already formatted; written plain."""


# What YAML can carry unescaped (its printable set) minus the characters some readers take for
# line breaks or byte-order marks.
# (As its complement, a small class: the large one takes milliseconds to compile.)
_NOT_RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_STR_TAG = "tag:yaml.org,2002:str"
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


@cache
def _resolves_to_str() -> Any:
    """Whether YAML reads a plain scalar as a string; yaml is imported by the first dump only."""
    import yaml

    resolver = yaml.resolver.Resolver()
    return lambda s: resolver.resolve(yaml.ScalarNode, s, (True, False)) == _STR_TAG


def _plain_ok(s: str) -> bool:
    """Conservative: a string we write unquoted must read back as the same string."""
    return (
        s[0] not in _INDICATORS
        and s[0] != " "
        and s[-1] not in " :"
        and ": " not in s
        and " #" not in s
        and not s.startswith(("---", "..."))
        and _NOT_RAW.search(s) is None
        and _resolves_to_str()(s)
    )


def _literal_ok(s: str) -> bool:
    lines = s[:-1].split("\n") if s.endswith("\n") else s.split("\n")
    return (
        not s.endswith("\n\n")
        and lines[0] != ""
        and lines[0][0] != " "
        and all(not _NOT_RAW.search(line) and not line.endswith(" ") for line in lines)
    )


def _double_quoted(s: str) -> str:
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif not _NOT_RAW.search(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02X}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(f"\\U{ord(ch):08X}")
    return '"' + "".join(out) + '"'


def _scalar(value: Any, indent: int) -> str:
    """One scalar value; `indent` is the column of its key (block text goes two further)."""
    if isinstance(value, (_Number, int)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    s = str(value)
    if "\n" in s:
        if _literal_ok(s):
            pad = " " * (indent + 2)
            body = s[:-1] if s.endswith("\n") else s
            lines = "".join(f"\n{pad}{line}" if line else "\n" for line in body.split("\n"))
            return ("|" if s.endswith("\n") else "|-") + lines
        return _double_quoted(s)
    if s and _plain_ok(s):
        return s
    if not _NOT_RAW.search(s):
        return "'" + s.replace("'", "''") + "'"
    return _double_quoted(s)


def _mapping(out: list[str], data: dict[Any, Any], indent: int, lead: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        prefix = lead if (i == 0 and lead is not None) else pad
        if isinstance(value, dict):
            out.append(f"{prefix}{key}:\n")
            _mapping(out, value, indent + 2)
        elif isinstance(value, list):
            out.append(f"{prefix}{key}:\n")
            _sequence(out, value, indent + 2)
        else:
            out.append(f"{prefix}{key}: {_scalar(value, indent)}\n")


def _sequence(out: list[str], items: list[Any], indent: int) -> None:
    # Items indented under their key ("steps:\n  - id: ..."): easier to read and to edit.
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            _mapping(out, item, indent + 2, lead=pad + "- ")
        else:
            out.append(f"{pad}- {_scalar(item, indent + 2)}\n")


def number(value: Decimal | int) -> _Number:
    """Shortest plain text of a number: 40, 12.5, 1500000 (never an exponent)."""
    text = format(Decimal(value).normalize(), "f")
    return _Number(text)


def when(value: When) -> date | str:
    """A date as is; a local time as "2027-03-20 09:05" (seconds and fractions only when set);
    a moment with an offset in ISO 8601, "2027-10-31T02:30:00+01:00", which reads back the same."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.isoformat()
        if value.microsecond:
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    return value


def _pairs(*items: tuple[str, Any, Any]) -> dict[str, Any]:
    """Keep (key, value) unless value equals its default or is empty."""
    out: dict[str, Any] = {}
    for key, value, default in items:
        if value is None or value == default or (isinstance(value, (tuple, list, dict, str)) and not value):
            continue
        out[key] = value
    return out


_REQUIRED: Any = object()  # a default no value equals: the key is always written


def _calendar(cal: CalendarSpec) -> dict[str, Any]:
    default = CalendarSpec()
    hours: Any = cal.hours
    if cal.hours_by_day:
        hours = {"default": cal.hours, **dict(cal.hours_by_day)}
    return _pairs(
        ("work_week", cal.work_week, default.work_week),
        ("hours", hours, default.hours),
        ("holidays", "none" if cal.holidays is None else cal.holidays, default.holidays),
        ("closed_days", list(cal.closed_days), None),
        ("working_days", list(cal.working_days), None),
    )


def _organization(org: OrganizationSpec) -> dict[str, Any]:
    return _pairs(
        ("id", org.id, _REQUIRED),
        ("name", org.name, _REQUIRED),
        ("locale", org.locale, _REQUIRED),  # always written: it says which language the phrases are in
        ("timezone", org.timezone, _REQUIRED),
        ("currency", org.currency, _REQUIRED),
        ("calendar", _calendar(org.calendar), None),
    )


def _team(team: TeamSpec) -> dict[str, Any]:
    return _pairs(("id", team.id, _REQUIRED), ("name", team.name, _REQUIRED), ("lead", team.lead, None))


def _person(person: PersonSpec) -> dict[str, Any]:
    time_off = [a if a == b else f"{a.isoformat()}..{b.isoformat()}" for a, b in person.time_off]
    capacity = f"{number(person.capacity)}h/week" if person.capacity != DEFAULT_CAPACITY else None
    return _pairs(
        ("id", person.id, _REQUIRED),
        ("name", person.name, _REQUIRED),
        ("email", person.email, None),
        ("team", person.team, None),
        ("capacity", capacity, None),
        ("rate", None if person.rate is None else number(person.rate), None),
        ("time_off", time_off, None),
    )


def _vendor(vendor: VendorSpec) -> dict[str, Any]:
    return _pairs(
        ("id", vendor.id, _REQUIRED),
        ("name", vendor.name, _REQUIRED),
        ("kind", vendor.kind, None),
        ("contact", vendor.contact, None),
        ("email", vendor.email, None),
        ("phone", vendor.phone, None),
        ("fee", None if vendor.fee is None else number(vendor.fee), None),
    )


def _measurement(m: MeasurementSpec) -> dict[str, Any]:
    return _pairs(
        ("at", when(m.at), _REQUIRED), ("value", number(m.value), _REQUIRED), ("note", m.note, None)
    )


def _goal(goal: GoalSpec) -> dict[str, Any]:
    target = None
    if goal.target is not None:
        target = f"{'<=' if goal.direction == 'at_most' else '>='} {number(goal.target)}"
    return _pairs(
        ("id", goal.id, _REQUIRED),
        ("title", goal.title, _REQUIRED),
        ("metric", goal.metric, None),
        ("unit", goal.unit, None),
        ("baseline", None if goal.baseline is None else number(goal.baseline), None),
        ("target", target, None),
        ("due", goal.due, None),
        ("measurements", [_measurement(m) for m in goal.measurements], None),
    )


def _step(step: StepSpec) -> dict[str, Any]:
    done: Any = None
    if step.done:
        done = when(step.done[0][1]) if step.repeat is None else {n: when(w) for n, w in step.done}
    return _pairs(
        ("id", step.id, _REQUIRED),
        ("title", step.title, _REQUIRED),
        ("description", step.description, None),
        ("who", step.who, None),
        ("due", step.due, None),
        ("start", step.start, None),
        ("effort", None if step.effort is None else f"{number(step.effort)}h", None),
        ("lead_time", step.lead_time, None),
        ("cost", None if step.cost is None else number(step.cost), None),
        ("priority", step.priority, "normal"),
        ("after", list(step.after), None),
        ("repeat", step.repeat, None),
        ("times", step.times, None),
        ("until", step.until, None),
        ("done", done, None),
    )


def _standard(standard: ServiceStandardSpec) -> dict[str, Any]:
    return _pairs(
        ("id", standard.id, _REQUIRED),
        ("title", standard.title, _REQUIRED),
        ("channel", standard.channel, _REQUIRED),
        ("target", standard.target, _REQUIRED),
        ("who", standard.who, None),
    )


def _action_plan(ap: ActionPlanSpec) -> dict[str, Any]:
    return _pairs(
        ("id", ap.id, _REQUIRED),
        ("title", ap.title, _REQUIRED),
        ("description", ap.description, None),
        ("goal", ap.goal, None),
        ("responsible", ap.responsible, None),
        ("priority", ap.priority, "normal"),
        ("start", ap.start, None),
        ("steps", [_step(s) for s in ap.steps], None),
        ("service_standards", [_standard(s) for s in ap.service_standards], None),
    )


def _strategy(strategy: StrategySpec) -> dict[str, Any]:
    return _pairs(
        ("id", strategy.id, _REQUIRED),
        ("title", strategy.title, _REQUIRED),
        ("description", strategy.description, None),
        ("owner", strategy.owner, None),
        ("start", strategy.start, _REQUIRED),
        ("horizon", strategy.horizon, DEFAULT_HORIZON),
        ("budget", None if strategy.budget is None else number(strategy.budget), None),
        ("priority", strategy.priority, "normal"),
        ("status", strategy.status, "active"),
        ("goals", [_goal(g) for g in strategy.goals], None),
        ("action_plans", [_action_plan(a) for a in strategy.action_plans], None),
    )


def to_data(plan: PlanFile) -> dict[str, Any]:
    """The plan as plain YAML-ready data, keys in the documented order."""
    return _pairs(
        ("version", plan.version, _REQUIRED),
        ("organization", _organization(plan.organization), _REQUIRED),
        ("teams", [_team(t) for t in plan.teams], None),
        ("people", [_person(p) for p in plan.people], None),
        ("vendors", [_vendor(v) for v in plan.vendors], None),
        ("strategies", [_strategy(s) for s in plan.strategies], None),
    )


def dump(plan: PlanFile) -> str:
    """The plan as YAML text. Written by hand rather than with yaml.dump: ten times faster on
    10,000 steps, and the layout (indented lists, blank lines between sections) is ours."""
    out = [HEADER]
    for i, (key, value) in enumerate(to_data(plan).items()):
        if i:
            out.append("\n")  # a blank line between top-level sections
        if isinstance(value, dict):
            out.append(f"{key}:\n")
            _mapping(out, value, 2)
        elif isinstance(value, list):
            out.append(f"{key}:\n")
            _sequence(out, value, 2)
        else:
            out.append(f"{key}: {_scalar(value, 0)}\n")
    return "".join(out)
