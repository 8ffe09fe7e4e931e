"""Import a plan file: the file is the truth for its organization.

`import_plan_file` loads and resolves the file (any mistake -> PlanFileError, nothing written), then
upserts every row of the organization in one transaction: rows are matched by their keys (the
file's `id`s), updated when a field differs, created when new, and deleted when the file no longer
has them. Importing the same file twice writes nothing the second time.

Occurrences (one per due date of a step):
- `due` is the resolved due; `baseline_due` is set when the occurrence is created and kept, so a
  rescheduled step shows its slippage. An occurrence that stays done keeps its due: moving a start
  or editing a time frame moves open occurrences only.
- `completed_at` follows the file's `done`: an occurrence done in the database but not in the file
  is open again afterwards (reported in `ImportResult.reopened`, recorded as a "reopened" change).
- A recurring step keeps occurrences 1..n; open ones beyond n are deleted, done ones are kept
  (reported in `ImportResult.kept`).
- A per-occurrence reassignment (`Occurrence.responsible`) is not part of the file and is kept.

Performance: each table is read once per import, compared in Python, and written with
bulk_create / bulk_update, so the number of queries does not grow with the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.utils import timezone as dj_timezone

from actionplan.core import planresolve
from actionplan.core.messages import N_, Message
from actionplan.core.occurrences import reconcile
from actionplan.core.planfile_model import Location, PlanError, PlanFileError
from actionplan.orgs.models import Organization, Party
from actionplan.planning.calendars import hours_field
from actionplan.planning.models import (
    ActionPlan,
    ChangeRecord,
    Dependency,
    Goal,
    Measurement,
    Occurrence,
    Priority,
    ServiceStandard,
    Step,
    Strategy,
)
from actionplan.planning.money import to_minor

TYPES = (
    "organization",
    "party",
    "strategy",
    "goal",
    "measurement",
    "action_plan",
    "step",
    "dependency",
    "service_standard",
    "occurrence",
)
PRIORITY = {
    "low": Priority.LOW,
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "critical": Priority.CRITICAL,
}
HISTORY_TYPES = frozenset({"strategy", "goal", "action_plan", "step"})


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ImportResult:
    organization: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    warnings: list[PlanError] = field(default_factory=list)
    reopened: list[str] = field(default_factory=list)  # done in the database, not in the file: open again
    kept: list[str] = field(default_factory=list)  # done occurrences beyond a step's count: kept

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())


def import_plan_file(
    data: bytes | str, filename: str = "<plan>", *, dry_run: bool = False, user: Any = None
) -> ImportResult:
    """Load, resolve and import a plan file; raises PlanFileError (nothing written) on any mistake."""
    from actionplan.core import planfile

    plan = planfile.load(data, filename)
    resolved = planresolve.resolve_plan(plan)
    return import_plan(plan, resolved, filename=filename, dry_run=dry_run, user=user)


def import_plan(
    plan: Any, resolved: Any, *, filename: str = "<plan>", dry_run: bool = False, user: Any = None
) -> ImportResult:
    """Import an already loaded and resolved plan (see `import_plan_file`)."""
    rows = _Rows(plan, resolved, filename)  # pure: builds and checks every row, raises PlanFileError
    result = ImportResult(
        organization=plan.organization.id, dry_run=dry_run, warnings=list(resolved.warnings)
    )
    with transaction.atomic():
        _Writer(rows, result, user).run()
        if dry_run:
            transaction.set_rollback(True)
    return result


# --------------------------------------------------------------------------------------------
# Rows: what the database should hold, built from the plan without touching the database.


@dataclass
class _Row:
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


def _check_fields(model: type[models.Model], row: _Row, filename: str, errors: list[PlanError]) -> None:
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


class _Rows:
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
        self.parties: list[_Row] = []
        self.party_links: dict[tuple, dict[str, tuple[str, tuple] | None]] = {}
        self.strategies: list[_Row] = []
        self.goals: list[_Row] = []
        self.measurements: dict[tuple, list[tuple]] = {}
        self.plans: list[_Row] = []
        self.steps: list[_Row] = []
        self.dependencies: dict[tuple[tuple, tuple], int] = {}
        self.standards: list[_Row] = []
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
        row = _Row((org.id,), values, {}, org.id, org)
        _check_fields(Organization, row, self.filename, self.errors)
        return values

    def _party(self, spec: Any, values: dict[str, Any]) -> None:
        row = _Row((spec.id,), values, {}, spec.id, spec)
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
            row = _Row(s_key, values, {"owner_id": self._party_ref(s.owner, s, "owner")}, s.id, s)
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
                row = _Row(g_key, values, {"strategy_id": ("strategy", s_key)}, f"{s.id}/{g.id}", g)
                _check_fields(Goal, row, self.filename, self.errors)
                self.goals.append(row)
                ms = []
                for m_pos, m in enumerate(g.measurements):
                    m_row = _Row((), {"value": m.value, "note": m.note}, {}, "", m)
                    _check_fields(Measurement, m_row, self.filename, self.errors)
                    ms.append((_aware(m.at, self.tz), m_row.values["value"], m.note, m_pos))
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
        row = _Row(p_key, values, fks, f"{s.id}/{p.id}", p)
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
            row = _Row((s.id, p.id, k.id), values, fks, f"{s.id}/{p.id}/{k.id}", k)
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
        row = _Row(key, values, fks, ref, st)
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
        done = dict(self.resolved.completed.get(ref, {}))
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


# --------------------------------------------------------------------------------------------
# Writer: one transaction, each table read once, compared in Python, written in bulk.


def _json(value: Any, tz: ZoneInfo | None = None) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime) and tz is not None:
        return value.astimezone(tz).isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert rows whose ids nobody needs back: one executemany, values prepared by the fields.

    The same values Django's bulk_create would send, without building SQL per batch (the ORM
    spends most of an import's write time there).
    """
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objs:  # defaults and auto_now_add, as bulk_create does
        for f in fields:
            if getattr(obj, f.attname) is None and not f.null and f.has_default():
                setattr(obj, f.attname, f.get_default())
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # names from the model
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    return old == new


FK_TYPES = {
    "owner_id": "party",
    "responsible_id": "party",
    "goal_id": "goal",
    "strategy_id": "strategy",
    "action_plan_id": "action_plan",
}


class _Writer:
    def __init__(self, rows: _Rows, result: ImportResult, user: Any):
        self.rows, self.result = rows, result
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.now = dj_timezone.now()
        self.ids: dict[str, dict[tuple, int]] = defaultdict(dict)
        self.keys: dict[str, dict[int, tuple]] = defaultdict(dict)
        self.records: list[ChangeRecord] = []
        self.deletions: list[tuple[str, type[models.Model], list[int]]] = []
        self.created: dict[str, set[tuple]] = defaultdict(set)
        self.updated: dict[str, set[tuple]] = defaultdict(set)

    # -- helpers

    def _record(self, object_type: str, action: str, ref: str, changes: dict | None = None) -> None:
        self.records.append(
            ChangeRecord(
                organization=self.org,
                at=self.now,
                user=self.user,
                source="import",
                action=action,
                object_type=object_type,
                object_ref=ref,
                changes=changes or {},
            )
        )

    def _fk_key(self, target_type: str, pk: int | None) -> Any:
        if pk is None:
            return None
        key = self.keys[target_type].get(pk)
        return "/".join(key) if key else pk

    def _sync(
        self,
        typ: str,
        model: type[models.Model],
        rows: list[_Row],
        existing: dict[tuple, models.Model],
        scope: dict[str, Any],
    ) -> None:
        """Create, update (only differing fields) and schedule deletion of one table's rows."""
        counts = self.result.counts[typ]
        ids, keys = self.ids[typ], self.keys[typ]
        for key, obj in existing.items():
            ids[key], keys[obj.pk] = obj.pk, key
        to_create: list[tuple[_Row, models.Model]] = []
        to_update: list[models.Model] = []
        fields: set[str] = set()
        for row in rows:
            values = dict(row.values)
            for att, target in row.fks.items():
                values[att] = None if target is None else self.ids[target[0]][target[1]]
            obj = existing.get(row.key)
            if obj is None:
                to_create.append((row, model(**scope, key=row.key[-1], **values)))
                continue
            diff = {
                att: (getattr(obj, att), new)
                for att, new in values.items()
                if not _same(getattr(obj, att), new)
            }
            if not diff:
                counts.unchanged += 1
                continue
            for att, (_old, new) in diff.items():
                setattr(obj, att, new)
            to_update.append(obj)
            fields.update(diff)
            counts.updated += 1
            self.updated[typ].add(row.key)
            if typ in HISTORY_TYPES:
                changes = {}
                for att, (old, new) in diff.items():
                    if att in FK_TYPES:
                        changes[att.removesuffix("_id")] = [
                            self._fk_key(FK_TYPES[att], pk) for pk in (old, new)
                        ]
                    else:
                        changes[att] = [_json(old, self.rows.tz), _json(new, self.rows.tz)]
                self._record(typ, "updated", row.ref, changes)
        model.objects.bulk_create([obj for _row, obj in to_create], batch_size=500)
        for row, obj in to_create:
            ids[row.key], keys[obj.pk] = obj.pk, row.key
            self.created[typ].add(row.key)
            if typ in HISTORY_TYPES:
                self._record(typ, "created", row.ref)
        counts.created += len(to_create)
        if to_update:
            model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
        wanted = {row.key for row in rows}
        gone = [(key, obj) for key, obj in existing.items() if key not in wanted]
        if gone:
            counts.deleted += len(gone)
            self.deletions.append((typ, model, [obj.pk for _key, obj in gone]))
            if typ in HISTORY_TYPES:
                for key, _obj in gone:
                    self._record(typ, "deleted", "/".join(key))

    # -- phases

    def run(self) -> None:
        self._organization()
        self._parties()
        org = self.org
        self._sync(
            "strategy",
            Strategy,
            self.rows.strategies,
            {(s.key,): s for s in Strategy.objects.filter(organization=org)},
            {"organization": org},
        )
        goals = Goal.objects.filter(strategy__organization=org).select_related("strategy")
        self._sync("goal", Goal, self.rows.goals, {(g.strategy.key, g.key): g for g in goals}, {})
        self._measurements()
        plans = ActionPlan.objects.filter(organization=org).select_related("strategy")
        self._sync(
            "action_plan",
            ActionPlan,
            self.rows.plans,
            {(p.strategy.key, p.key): p for p in plans},
            {"organization": org},
        )
        plan_keys = self.keys["action_plan"]
        steps = Step.objects.filter(organization=org)
        self._sync(
            "step",
            Step,
            self.rows.steps,
            {(*plan_keys[st.action_plan_id], st.key): st for st in steps},
            {"organization": org},
        )
        standards = ServiceStandard.objects.filter(organization=org)
        self._sync(
            "service_standard",
            ServiceStandard,
            self.rows.standards,
            {(*plan_keys[k.action_plan_id], k.key): k for k in standards},
            {"organization": org},
        )
        self._dependencies()
        self._occurrences()
        self._delete()
        _insert(ChangeRecord, self.records)

    def _organization(self) -> None:
        key = self.result.organization
        values = self.rows.org_values
        counts = self.result.counts["organization"]
        org = Organization.objects.filter(key=key).first()
        if org is None:
            org = Organization.objects.create(key=key, **values)
            counts.created += 1
        else:
            diff = [att for att, new in values.items() if not _same(getattr(org, att), new)]
            if diff:
                for att in diff:
                    setattr(org, att, values[att])
                org.save(update_fields=diff)
                counts.updated += 1
            else:
                counts.unchanged += 1
        self.org = org

    def _parties(self) -> None:
        existing = {(p.key,): p for p in Party.objects.filter(organization=self.org)}
        self._sync("party", Party, self.rows.parties, existing, {"organization": self.org})
        # Second pass: team and lead point at parties that may have just been created.
        counts, ids = self.result.counts["party"], self.ids["party"]
        to_update = []
        for row in self.rows.parties:
            links = {
                att: None if t is None else ids[t[1]] for att, t in self.rows.party_links[row.key].items()
            }
            obj = existing.get(row.key)
            if obj is None:
                if any(links.values()):
                    to_update.append(Party(pk=ids[row.key], **links))
                continue
            diff = [att for att, new in links.items() if getattr(obj, att) != new]
            if not diff:
                continue
            for att in diff:
                setattr(obj, att, links[att])
            to_update.append(obj)
            if row.key not in self.updated["party"]:
                self.updated["party"].add(row.key)
                counts.unchanged -= 1
                counts.updated += 1
        if to_update:
            Party.objects.bulk_update(to_update, ["team_id", "lead_id"], batch_size=500)

    def _measurements(self) -> None:
        counts = self.result.counts["measurement"]
        ids = self.ids["goal"]
        existing: dict[int, list[Measurement]] = defaultdict(list)
        for m in Measurement.objects.filter(goal__strategy__organization=self.org).order_by(
            "goal_id", "position"
        ):
            existing[m.goal_id].append(m)
        to_delete, to_create = [], []
        wanted_goals = set()
        for g_key, wanted in self.rows.measurements.items():
            goal_id = ids[g_key]
            wanted_goals.add(goal_id)
            have = existing.get(goal_id, [])
            if [(m.at, m.value, m.note, m.position) for m in have] == wanted:
                counts.unchanged += len(have)
                continue
            to_delete += [m.pk for m in have]
            to_create += [
                Measurement(goal_id=goal_id, at=a, value=v, note=n, position=i) for a, v, n, i in wanted
            ]
        for goal_id, have in existing.items():
            if goal_id not in wanted_goals:
                to_delete += [m.pk for m in have]
        if to_delete:
            Measurement.objects.filter(pk__in=to_delete).delete()
        _insert(Measurement, to_create)
        counts.created += len(to_create)
        counts.deleted += len(to_delete)

    def _dependencies(self) -> None:
        counts = self.result.counts["dependency"]
        step_ids = self.ids["step"]
        wanted = {(step_ids[a], step_ids[b]): pos for (a, b), pos in self.rows.dependencies.items()}
        existing = {
            (d.step_id, d.depends_on_id): d for d in Dependency.objects.filter(step__organization=self.org)
        }
        to_update, gone = [], []
        for pair, dep in existing.items():
            if pair not in wanted:
                gone.append(dep.pk)
            elif dep.position != wanted[pair]:
                dep.position = wanted[pair]
                to_update.append(dep)
            else:
                counts.unchanged += 1
        new = [
            Dependency(step_id=a, depends_on_id=b, position=pos)
            for (a, b), pos in wanted.items()
            if (a, b) not in existing
        ]
        if gone:
            Dependency.objects.filter(pk__in=gone).delete()
        _insert(Dependency, new)
        if to_update:
            Dependency.objects.bulk_update(to_update, ["position"], batch_size=500)
        counts.created += len(new)
        counts.updated += len(to_update)
        counts.deleted += len(gone)

    def _occurrences(self) -> None:
        counts, tz = self.result.counts["occurrence"], self.rows.tz
        step_ids = self.ids["step"]
        new_steps = {step_ids[key] for key in self.created["step"]}
        existing: dict[int, dict[int, Occurrence]] = defaultdict(dict)
        for occ in Occurrence.objects.filter(organization=self.org):
            existing[occ.step_id][occ.number] = occ
        recurring = {row.key for row in self.rows.steps if row.values["repeat_phrase"]}
        to_create, to_update, gone = [], [], []
        fields: set[str] = set()
        for key, (dues, done) in self.rows.occurrences.items():
            step_id = step_ids[key]
            have = existing.get(step_id, {})
            base = "/".join(key)
            history = step_id not in new_steps

            def ref(n: int, base: str = base, key: tuple = key) -> str:
                return f"{base}#{n}" if key in recurring else base

            # What stays done keeps its due (core.occurrences); an occurrence the file reopens or
            # completes now counts as open, so its due follows the file.
            state = {
                n: (occ.due, occ.completed_at if n > len(dues) or done.get(n) is not None else None)
                for n, occ in have.items()
            }
            plan = reconcile(state, dues)
            for n, due in enumerate(dues, 1):
                completed = done.get(n)
                if n in plan.create:
                    to_create.append(
                        Occurrence(
                            organization=self.org,
                            step_id=step_id,
                            number=n,
                            due=due,
                            baseline_due=due,
                            completed_at=completed,
                        )
                    )
                    if history:
                        self._record("occurrence", "created", ref(n))
                    continue
                occ = have[n]
                changed = []
                if n in plan.update:
                    changes = {"due": [_json(occ.due, tz), _json(due, tz)]}
                    if history:
                        self._record("occurrence", "updated", ref(n), changes)
                    occ.due = due
                    changed.append("due")
                if occ.completed_at != completed:
                    action = "reopened" if completed is None else "completed"
                    if completed is None:
                        self.result.reopened.append(ref(n))
                    self._record(
                        "occurrence",
                        action,
                        ref(n),
                        {"completed_at": [_json(occ.completed_at, tz), _json(completed, tz)]},
                    )
                    occ.completed_at = completed
                    changed.append("completed_at")
                if changed:
                    to_update.append(occ)
                    fields.update(changed)
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            for n in plan.delete:
                gone.append(have[n].pk)
                if history:
                    self._record("occurrence", "deleted", ref(n))
            for n in plan.kept:
                self.result.kept.append(ref(n))
                counts.unchanged += 1
        _insert(Occurrence, to_create)
        if to_update:
            Occurrence.objects.bulk_update(to_update, sorted(fields), batch_size=500)
        if gone:
            Occurrence.objects.filter(pk__in=gone).delete()
        counts.created += len(to_create)
        counts.deleted += len(gone)

    def _delete(self) -> None:
        """Delete what the file no longer has, leaves first (parties last: other rows protect them)."""
        order = ["service_standard", "step", "action_plan", "goal", "strategy", "party"]
        by_type = {typ: (model, pks) for typ, model, pks in self.deletions}
        for typ in order:
            if typ not in by_type:
                continue
            model, pks = by_type[typ]
            if typ == "party":
                # A reassignment to a party that is gone falls back to the step's responsible.
                Occurrence.objects.filter(organization=self.org, responsible_id__in=pks).update(
                    responsible=None
                )
            model.objects.filter(pk__in=pks).delete()
