"""Check a plan into rows: what the database should hold, built without touching the database.

`Rows` turns a loaded and resolved plan into one `Row` per database row of the organization,
keyed by natural keys (the file's `id`s), with foreign keys still as (type, natural key). Every
mistake the database would refuse (unknown references, values a column cannot hold) is collected
with its location and raised together as PlanFileError, before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models

from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import Location, PlanError, PlanFileError
from actionplan.orgs.models import Organization, Party
from actionplan.planning.calendars import hours_field
from actionplan.planning.models import (
    ActionPlan,
    Goal,
    Measurement,
    Priority,
    ServiceStandard,
    Step,
    Strategy,
)
from actionplan.planning.money import to_minor

PRIORITY = {
    "low": Priority.LOW,
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "critical": Priority.CRITICAL,
}


@dataclass
class Row:
    key: tuple
    values: dict[str, Any]
    fks: dict[str, tuple[str, tuple] | None]  # attname -> (type, natural key) or None
    ref: str
    spec: Any = None


def _aware(value: date | datetime | None, tz: ZoneInfo) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    return datetime.combine(value, time(0), tz)


def _where(spec: Any, key: str, filename: str) -> Location:
    loc = spec.where(key) if spec is not None and hasattr(spec, "where") else None
    return loc or Location(filename, 1, 1)


_FIELD_TO_YAML = {
    "name": "name",
    "title": "title",
    "description": "description",
    "email": "email",
    "phone": "phone",
    "capacity_hours": "capacity",
    "rate": "rate",
    "vendor_kind": "kind",
    "contact": "contact",
    "fee": "fee",
    "horizon_phrase": "horizon",
    "budget": "budget",
    "metric": "metric",
    "unit": "unit",
    "baseline": "baseline",
    "target": "target",
    "due_phrase": "due",
    "effort_hours": "effort",
    "lead_time_phrase": "lead_time",
    "cost": "cost",
    "repeat_phrase": "repeat",
    "times": "times",
    "until_phrase": "until",
    "target_phrase": "target",
    "value": "value",
    "note": "note",
    "timezone": "timezone",
    "currency": "currency",
    "locale": "locale",
}
_INT_RANGES = {
    models.BigIntegerField: (-(2**63), 2**63 - 1),
    models.PositiveSmallIntegerField: (0, 32767),
    models.PositiveIntegerField: (0, 2**31 - 1),
}


_FIELDS: dict[type, dict[str, Any]] = {}
_CHECKED = (models.CharField, models.TextField, models.DecimalField, *_INT_RANGES)


def _check_fields(model: type[models.Model], row: Row, filename: str, errors: list[PlanError]) -> None:
    """Refuse values the database column cannot hold (length, digits, range), with their location.

    Decimal values are rounded to the column's places here so that a re-import compares equal.
    """
    fields = _FIELDS.setdefault(model, {})
    for att, value in row.values.items():
        if value is None:
            continue
        f = fields.get(att) or fields.setdefault(att, model._meta.get_field(att))
        if not isinstance(f, _CHECKED):
            continue
        message = None
        if isinstance(value, str) and "\x00" in value:  # PostgreSQL cannot store it
            message = Message(N_("text cannot contain the NUL character (\\0)"))
        elif isinstance(f, models.CharField) and f.max_length and len(value) > f.max_length:
            message = Message(N_("too long: at most %(max)s characters"), {"max": f.max_length})
        elif isinstance(f, models.DecimalField):
            try:
                value = row.values[att] = Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places))
                too_big = value.adjusted() >= f.max_digits - f.decimal_places
            except InvalidOperation:
                too_big = True
            if too_big:
                message = Message(N_("number too large: at most %(digits)s digits before the point"),
                                  {"digits": f.max_digits - f.decimal_places})  # fmt: skip
        elif type(f) in _INT_RANGES:
            low, high = _INT_RANGES[type(f)]
            if not low <= value <= high:
                message = Message(N_("number out of range (%(low)s to %(high)s)"), {"low": low, "high": high})
        if message is not None:
            errors.append(PlanError(_where(row.spec, _FIELD_TO_YAML.get(att, att), filename), message))


class Rows:
    """Every row the organization should have after the import, keyed by natural keys."""

    def __init__(self, plan: Any, resolved: Any, filename: str):
        self.plan, self.resolved, self.filename = plan, resolved, filename
        org = plan.organization
        self.tz = ZoneInfo(org.timezone)
        self.currency = org.currency
        self.errors: list[PlanError] = []
        self.known_parties = {p.id for p in (*plan.teams, *plan.people, *plan.vendors)}
        self.known_steps = {
            (s.id, p.id, st.id) for s in plan.strategies for p in s.action_plans for st in p.steps
        }
        self.org_values = self._organization(org)
        self.parties: list[Row] = []
        self.party_links: dict[tuple, dict[str, tuple[str, tuple] | None]] = {}
        self.strategies: list[Row] = []
        self.goals: list[Row] = []
        self.measurements: dict[tuple, list[tuple]] = {}
        self.plans: list[Row] = []
        self.steps: list[Row] = []
        self.dependencies: dict[tuple[tuple, tuple], int] = {}
        self.standards: list[Row] = []
        self.occurrences: dict[tuple, tuple[tuple[datetime, ...], dict[int, datetime]]] = {}
        self._build_parties()
        self.party_keys = {row.key for row in self.parties}
        self._build_strategies()
        if self.errors:
            raise PlanFileError(self.errors)

    def _organization(self, org: Any) -> dict[str, Any]:
        cal = org.calendar
        values = {
            "name": org.name,
            "locale": org.locale,
            "timezone": org.timezone,
            "currency": org.currency,
            "work_week": cal.work_week,
            "hours": hours_field(cal.hours, tuple(cal.hours_by_day)),
            "holidays": cal.holidays or "",
            "closed_days": [d.isoformat() for d in cal.closed_days],
            "working_days": [d.isoformat() for d in cal.working_days],
        }
        row = Row((org.id,), values, {}, org.id, org)
        _check_fields(Organization, row, self.filename, self.errors)
        return values

    def _party(self, spec: Any, values: dict[str, Any]) -> None:
        row = Row((spec.id,), values, {}, spec.id, spec)
        _check_fields(Party, row, self.filename, self.errors)
        self.parties.append(row)

    def _build_parties(self) -> None:
        plan, position = self.plan, 0
        blank = {"email": "", "phone": "", "capacity_hours": None, "rate": None, "time_off": []}
        blank |= {"vendor_kind": "", "contact": "", "fee": None}
        for team in plan.teams:
            self._party(team, blank | {"kind": "team", "name": team.name, "position": position})
            self.party_links[(team.id,)] = {
                "team_id": None,
                "lead_id": self._party_ref(team.lead, team, "lead"),
            }
            position += 1
        for person in plan.people:
            values = blank | {
                "kind": "person",
                "name": person.name,
                "email": person.email,
                "position": position,
                "capacity_hours": person.capacity,
                "rate": to_minor(person.rate, self.currency),
                "time_off": [[a.isoformat(), b.isoformat()] for a, b in person.time_off],
            }
            self._party(person, values)
            self.party_links[(person.id,)] = {
                "team_id": self._party_ref(person.team, person, "team"),
                "lead_id": None,
            }
            position += 1
        for vendor in plan.vendors:
            values = blank | {
                "kind": "vendor",
                "name": vendor.name,
                "email": vendor.email,
                "phone": vendor.phone,
                "position": position,
                "vendor_kind": vendor.kind,
                "contact": vendor.contact,
                "fee": to_minor(vendor.fee, self.currency),
            }
            self._party(vendor, values)
            self.party_links[(vendor.id,)] = {"team_id": None, "lead_id": None}
            position += 1

    def _party_ref(self, key: str | None, spec: Any, yaml_key: str) -> tuple[str, tuple] | None:
        if not key:
            return None
        if key not in self.known_parties:
            self.errors.append(
                PlanError(
                    _where(spec, yaml_key, self.filename),
                    Message(N_("unknown person, team or vendor %(id)s"), {"id": key}),
                )
            )
            return None
        return ("party", (key,))

    def _priority(self, spec: Any) -> int:
        return int(PRIORITY.get(spec.priority, Priority.NORMAL))

    def _build_strategies(self) -> None:
        for s_pos, s in enumerate(self.plan.strategies):
            s_key = (s.id,)
            values = {
                "title": s.title,
                "description": s.description,
                "start": s.start,
                "horizon_phrase": s.horizon or "",
                "horizon_end": self.resolved.horizon.get(s.id),
                "budget": to_minor(s.budget, self.currency),
                "priority": self._priority(s),
                "status": s.status,
                "position": s_pos,
            }
            row = Row(s_key, values, {"owner_id": self._party_ref(s.owner, s, "owner")}, s.id, s)
            _check_fields(Strategy, row, self.filename, self.errors)
            self.strategies.append(row)
            goal_keys = set()
            for g_pos, g in enumerate(s.goals):
                g_key = (s.id, g.id)
                goal_keys.add(g.id)
                values = {
                    "title": g.title,
                    "metric": g.metric,
                    "unit": g.unit,
                    "baseline": g.baseline,
                    "direction": g.direction,
                    "target": g.target,
                    "due_phrase": g.due or "",
                    "due": self.resolved.goal_due.get(f"{s.id}/{g.id}"),
                    "position": g_pos,
                }
                row = Row(g_key, values, {"strategy_id": ("strategy", s_key)}, f"{s.id}/{g.id}", g)
                _check_fields(Goal, row, self.filename, self.errors)
                self.goals.append(row)
                ms = []
                for m_pos, m in enumerate(g.measurements):
                    m_row = Row((), {"value": m.value, "note": m.note}, {}, "", m)
                    _check_fields(Measurement, m_row, self.filename, self.errors)
                    ms.append((_aware(m.at, self.tz).astimezone(UTC), m_row.values["value"], m.note, m_pos))
                self.measurements[g_key] = ms
            for p_pos, p in enumerate(s.action_plans):
                self._build_plan(s, p, p_pos, goal_keys)

    def _build_plan(self, s: Any, p: Any, p_pos: int, goal_keys: set[str]) -> None:
        p_key = (s.id, p.id)
        responsible = p.responsible or next((st.who for st in p.steps if st.who), None) or s.owner
        if responsible is None:
            self.errors.append(
                PlanError(
                    _where(p, "responsible", self.filename),
                    Message(
                        N_("action plan %(id)s needs a responsible person, team or vendor"), {"id": p.id}
                    ),
                )
            )
        goal = None
        if p.goal:
            if p.goal in goal_keys:
                goal = ("goal", (s.id, p.goal))
            else:
                self.errors.append(
                    PlanError(
                        _where(p, "goal", self.filename), Message(N_("unknown goal %(id)s"), {"id": p.goal})
                    )
                )
        values = {
            "title": p.title,
            "description": p.description,
            "priority": self._priority(p),
            "start": p.start,
            "position": p_pos,
        }
        fks = {
            "strategy_id": ("strategy", (s.id,)),
            "goal_id": goal,
            "responsible_id": self._party_ref(responsible, p, "responsible"),
        }
        row = Row(p_key, values, fks, f"{s.id}/{p.id}", p)
        _check_fields(ActionPlan, row, self.filename, self.errors)
        self.plans.append(row)
        step_ids = {st.id for st in p.steps}
        for st_pos, st in enumerate(p.steps):
            self._build_step(s, p, st, st_pos, step_ids)
        for k_pos, k in enumerate(p.service_standards):
            values = {"title": k.title, "channel": k.channel, "target_phrase": k.target, "position": k_pos}
            fks = {
                "action_plan_id": ("action_plan", p_key),
                "responsible_id": self._party_ref(k.who, k, "who"),
            }
            row = Row((s.id, p.id, k.id), values, fks, f"{s.id}/{p.id}/{k.id}", k)
            _check_fields(ServiceStandard, row, self.filename, self.errors)
            self.standards.append(row)

    def _build_step(self, s: Any, p: Any, st: Any, st_pos: int, step_ids: set[str]) -> None:
        key = (s.id, p.id, st.id)
        ref = "/".join(key)
        values = {
            "title": st.title,
            "description": st.description,
            "due_phrase": st.due or "",
            "start": st.start,
            "effort_hours": st.effort,
            "lead_time_phrase": st.lead_time or "",
            "cost": to_minor(st.cost, self.currency),
            "priority": self._priority(st),
            "repeat_phrase": st.repeat or "",
            "times": st.times,
            "until_phrase": st.until or "",
            "position": st_pos,
        }
        fks = {
            "action_plan_id": ("action_plan", (s.id, p.id)),
            "responsible_id": self._party_ref(st.who, st, "who"),
        }
        row = Row(key, values, fks, ref, st)
        _check_fields(Step, row, self.filename, self.errors)
        self.steps.append(row)
        for i, after in enumerate(st.after):
            target = self._step_ref(s, p, after)
            if target is None or target == key:
                self.errors.append(
                    PlanError(
                        _where(st, f"after.{i}", self.filename),
                        Message(N_("unknown step %(ref)s in after"), {"ref": after})
                        if target is None
                        else Message(N_("a step cannot come after itself")),
                    )
                )
                continue
            self.dependencies.setdefault((key, target), i)
        dues = tuple(self.resolved.due.get(ref, ()))
        # In UTC, as the database gives them back: a local time in the hour that repeats when
        # clocks go back never equals another zone's datetime in Python (PEP 495), even at the
        # same instant, so the writer would see a change on every import.
        done = {n: moment.astimezone(UTC) for n, moment in self.resolved.completed.get(ref, {}).items()}
        self.occurrences[key] = (dues, done)

    def _step_ref(self, s: Any, p: Any, text: str) -> tuple | None:
        parts = text.split("/")
        key = {1: lambda: (s.id, p.id, parts[0]), 2: lambda: (s.id, *parts), 3: lambda: tuple(parts)}.get(
            len(parts)
        )
        if key is None:
            return None
        key = key()
        return key if key in self.known_steps else None
