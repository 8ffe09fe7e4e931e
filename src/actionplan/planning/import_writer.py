"""Write checked rows: one transaction, each table read once, compared in Python, written in bulk.

`Writer` takes the `Rows` of an import and makes the organization's tables match them: creates,
updates only the fields that differ, deletes what the file no longer has (leaves first), and
records ChangeRecords. The caller (`importer.import_plan`) holds the transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection, models
from django.utils import timezone as dj_timezone

from actionplan.core.occurrences import reconcile
from actionplan.orgs.models import Organization, Party
from actionplan.planning.changes import login
from actionplan.planning.import_rows import Row, Rows
from actionplan.planning.models import (
    ActionPlan,
    ChangeRecord,
    Dependency,
    Goal,
    Measurement,
    Occurrence,
    ServiceStandard,
    Step,
    Strategy,
)

if TYPE_CHECKING:
    from actionplan.planning.importer import ImportResult

HISTORY_TYPES = frozenset({"party", "strategy", "goal", "action_plan", "step"})


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
    "team_id": "party",
    "lead_id": "party",
    "responsible_id": "party",
    "goal_id": "goal",
    "strategy_id": "strategy",
    "action_plan_id": "action_plan",
}


class Writer:
    def __init__(self, rows: Rows, result: ImportResult, user: Any):
        self.rows, self.result = rows, result
        self.user = login(user)
        self.now = dj_timezone.now()
        self.ids: dict[str, dict[tuple, int]] = defaultdict(dict)
        self.keys: dict[str, dict[int, tuple]] = defaultdict(dict)
        self.records: list[ChangeRecord] = []
        self.updates: dict[tuple[str, str], ChangeRecord] = {}  # (type, ref) -> its `updated` record
        self.deletions: list[tuple[str, type[models.Model], list[int]]] = []
        self.created: dict[str, set[tuple]] = defaultdict(set)
        self.updated: dict[str, set[tuple]] = defaultdict(set)

    # -- helpers

    def _record(self, object_type: str, action: str, ref: str, changes: dict | None = None) -> None:
        record = ChangeRecord(
            organization=self.org,
            at=self.now,
            user=self.user,
            source="import",
            action=action,
            object_type=object_type,
            object_ref=ref,
            changes=changes or {},
        )
        self.records.append(record)
        if action == "updated":
            self.updates[object_type, ref] = record

    def _updated(self, object_type: str, ref: str, changes: dict) -> None:
        """Add `changes` to this import's `updated` record of the object, or record one."""
        record = self.updates.get((object_type, ref))
        if record is not None:
            record.changes.update(changes)
        else:
            self._record(object_type, "updated", ref, changes)

    def _fk_key(self, target_type: str, pk: int | None) -> Any:
        if pk is None:
            return None
        key = self.keys[target_type].get(pk)
        return "/".join(key) if key else pk

    def _sync(
        self,
        typ: str,
        model: type[models.Model],
        rows: list[Row],
        existing: dict[tuple, models.Model],
        scope: dict[str, Any],
    ) -> None:
        """Create, update (only differing fields) and schedule deletion of one table's rows."""
        counts = self.result.counts[typ]
        ids, keys = self.ids[typ], self.keys[typ]
        for key, obj in existing.items():
            ids[key], keys[obj.pk] = obj.pk, key
        to_create: list[tuple[Row, models.Model]] = []
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
            self._updated(
                "party",
                row.ref,
                {
                    att.removesuffix("_id"): [
                        self._fk_key("party", getattr(obj, att)),
                        self._fk_key("party", links[att]),
                    ]
                    for att in diff
                },
            )
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
            if g_key not in self.created["goal"]:
                before = [self._measured(m.at, m.value, m.note) for m in have]
                after = [self._measured(a, v, n) for a, v, n, _pos in wanted]
                self._updated("goal", "/".join(g_key), {"measurements": [before, after]})
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

    def _measured(self, at: datetime, value: Decimal, note: str) -> list:
        """A measurement as history keeps it: [at, value, note]."""
        return [_json(at, self.rows.tz), format(Decimal(value).normalize(), "f"), note]

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
        self._record_after(existing, wanted)
        if gone:
            Dependency.objects.filter(pk__in=gone).delete()
        _insert(Dependency, new)
        if to_update:
            Dependency.objects.bulk_update(to_update, ["position"], batch_size=500)
        counts.created += len(new)
        counts.updated += len(to_update)
        counts.deleted += len(gone)

    def _record_after(
        self, existing: dict[tuple[int, int], Dependency], wanted: dict[tuple[int, int], int]
    ) -> None:
        """A step's `after` is one of its fields: a change is recorded on the step, as refs."""
        keys = self.keys["step"]
        old: dict[int, list[tuple[int, int]]] = defaultdict(list)
        new: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for (a, b), dep in existing.items():
            old[a].append((dep.position, b))
        for (a, b), pos in wanted.items():
            new[a].append((pos, b))
        created = self.created["step"]
        wanted_steps = {row.key for row in self.rows.steps}
        for step_id in sorted(set(old) | set(new)):
            key = keys.get(step_id)
            if key is None or key in created or key not in wanted_steps:
                continue  # a new step's `created`, a deleted step's `deleted` say it
            before = ["/".join(keys[b]) for _pos, b in sorted(old.get(step_id, []))]
            after = ["/".join(keys[b]) for _pos, b in sorted(new.get(step_id, []))]
            if before != after:
                self._updated("step", "/".join(key), {"after": [before, after]})

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
                            completed_by=self.user if completed is not None else None,
                            completion_recorded_at=self.now if completed is not None else None,
                        )
                    )
                    if history:
                        self._record("occurrence", "created", ref(n))
                    if completed is not None:  # done as it is created: still a completion
                        self._record(
                            "occurrence", "completed", ref(n), {"completed_at": [None, _json(completed, tz)]}
                        )
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
                    # who and when it was recorded: the import's (cleared when reopened)
                    occ.completed_by = self.user if completed is not None else None
                    occ.completion_recorded_at = self.now if completed is not None else None
                    changed += ["completed_at", "completed_by", "completion_recorded_at"]
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
                self._reassigned_back(pks)
                Occurrence.objects.filter(organization=self.org, responsible_id__in=pks).update(
                    responsible=None
                )
            model.objects.filter(pk__in=pks).delete()

    def _reassigned_back(self, party_ids: list[int]) -> None:
        """Record each occurrence whose reassignment falls back because its party is deleted."""
        occurrences = Occurrence.objects.filter(organization=self.org, responsible_id__in=party_ids)
        occurrences = occurrences.select_related(
            "responsible",
            "step__responsible",
            "step__action_plan__responsible",
            "step__action_plan__strategy",
        )
        for occ in occurrences.order_by("step_id", "number"):
            step, plan = occ.step, occ.step.action_plan
            fallback = step.responsible or plan.responsible
            ref = f"{plan.strategy.key}/{plan.key}/{step.key}"
            self._record(
                "occurrence",
                "reassigned",
                f"{ref}#{occ.number}" if step.repeat_phrase else ref,
                {"responsible": [occ.responsible.key, fallback.key]},
            )
