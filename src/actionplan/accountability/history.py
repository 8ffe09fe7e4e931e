"""The history of one thing: every recorded change to it, one entry per changed field, newest first.

`history(org, ref)` reads the ChangeRecords that edits, imports, completions and applied
suggestions write (and check-ins, decisions and ratings as they come). A REF names:

- a strategy `visibility`, or a person, team or vendor `lan` (by its id);
- a goal or an action plan `visibility/stories`, `visibility/media` (the same two-part ref for
  both: a goal and a plan that share an id give both histories, each entry saying which);
- a step `visibility/media/send`: the step's own records **and those of its occurrences**
  (completions, reschedules, reassignments), since that is what a step's history means to the
  people who do it; each entry says which occurrence (`ref`);
- one occurrence `visibility/media/send#2` (`#1` of a one-off step is the step's one occurrence).

A strategy's history is its own records only, not those of its goals, plans and steps. Records
are found by reference, whatever their object type, so those that later services write about a
step or an occurrence (check-ins, decisions, ratings) are in its history as they land.

Something deleted keeps its history: a ref with records is answered even when nothing of that
name exists any more. A ref that names nothing and has no records is an ActionError (exit 2 in
the CLI) that names the closest refs that exist.

Each entry: `at` (aware, in the organization's zone), `by` (the username, or None for the
command line and imports), `source` (import, web, cli, api), `action` (created, updated,
deleted, completed, reopened, rescheduled, reassigned, ...), `field` (None for a record that
changes no field, such as created or deleted: one entry), `old` and `new` as stored (ISO texts
for times, ids for people, teams and vendors), and `reason`.

History is read-only: ChangeRecord refuses to be saved again or deleted (planning.models).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import ActionPlan, ChangeRecord, Goal, Occurrence, Step, Strategy

__all__ = ["Entry", "history", "history_json", "records_of"]

_REF = re.compile(r"[^/#\s]+(?:/[^/#\s]+)?|[^/#\s]+/[^/#\s]+/[^/#\s]+(?:#[1-9]\d{0,5})?")

# How an action and a source are named to a reader: the one list, for the pages and the CLI.
ACTION_LABELS = {
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "completed": _("completed"),
    "reopened": _("reopened"),
    "rescheduled": _("rescheduled"),
    "reassigned": _("reassigned"),
    "checked_in": _("progress update"),
    "decided": _("decision"),
    "rated": _("quality rating"),
}
SOURCE_LABELS = {
    "import": _("plan file"),
    "web": _("web"),
    "cli": _("command line"),
    "api": _("API"),
    "review": _("review meeting"),
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    by: str | None
    source: str
    action: str
    field: str | None
    old: Any
    new: Any
    reason: str
    ref: str  # the record's object: the step itself or "s/p/step#n" in a step's history
    object_type: str

    def as_json(self) -> dict[str, Any]:
        """The issue's eight keys, nothing else."""
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "by": self.by,
            "source": self.source,
            "action": self.action,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
        }


def history_json(entries: list[Entry]) -> list[dict[str, Any]]:
    return [e.as_json() for e in entries]


def history(org: Organization, ref: str) -> list[Entry]:
    """Every recorded change of what `ref` names, one entry per changed field, newest first."""
    ref = (ref or "").strip()
    match = _REF.fullmatch(ref)
    if not match:
        raise ActionError(
            Message(
                N_(
                    "%(ref)s is not a reference: write strategy, strategy/goal, strategy/plan, "
                    "strategy/plan/step, strategy/plan/step#n, or the id of a person, team or vendor"
                ),
                {"ref": ref},
            )
        )
    records = list(records_of(org, ref))
    if not records and not _exists(org, ref):
        raise ActionError(_unknown(org, ref))
    tz = ZoneInfo(org.timezone)
    return [entry for record in records for entry in _entries(record, tz)]


def records_of(org: Organization, ref: str) -> QuerySet[ChangeRecord]:
    """The ChangeRecords of a well-formed `ref`, newest first (the web step page reads these)."""
    return (
        ChangeRecord.objects.filter(_query(org, ref), organization=org)
        .select_related("user")
        .order_by("-at", "-id")
    )


def _query(org: Organization, ref: str) -> Q:
    """The records of `ref`, by reference whatever their type: what later records about a step or
    an occurrence (check-ins, decisions, ratings) belong to its history as they land."""
    base, _sep, number = ref.partition("#")
    if number:
        parts = base.split("/")
        one_off = Step.objects.filter(
            organization=org,
            action_plan__strategy__key=parts[0],
            action_plan__key=parts[1],
            key=parts[2],
            repeat_phrase="",
        ).exists()
        if one_off and int(number) == 1:
            # A one-off step's occurrence is recorded under the step's own ref.
            return Q(object_ref=ref) | (Q(object_ref=base) & ~Q(object_type="step"))
        return Q(object_ref=ref)
    if base.count("/") == 2:  # a step: with its occurrences
        return Q(object_ref=base) | Q(object_ref__startswith=base + "#")
    return Q(object_ref=base)


def _exists(org: Organization, ref: str) -> bool:
    base, _sep, number = ref.partition("#")
    parts = base.split("/")
    if len(parts) == 1:
        return (
            Strategy.objects.filter(organization=org, key=base).exists()
            or Party.objects.filter(organization=org, key=base).exists()
        )
    if len(parts) == 2:
        return (
            Goal.objects.filter(strategy__organization=org, strategy__key=parts[0], key=parts[1]).exists()
            or ActionPlan.objects.filter(organization=org, strategy__key=parts[0], key=parts[1]).exists()
        )
    steps = {"action_plan__strategy__key": parts[0], "action_plan__key": parts[1]}
    if number:
        return Occurrence.objects.filter(
            organization=org, **{f"step__{k}": v for k, v in steps.items()}, step__key=parts[2], number=number
        ).exists()
    return Step.objects.filter(organization=org, **steps, key=parts[2]).exists()


def _known(org: Organization) -> list[str]:
    known = set(Strategy.objects.filter(organization=org).values_list("key", flat=True))
    known |= set(Party.objects.filter(organization=org).values_list("key", flat=True))
    for model, scope in ((Goal, "strategy__organization"), (ActionPlan, "organization")):
        known |= {
            f"{s}/{k}" for s, k in model.objects.filter(**{scope: org}).values_list("strategy__key", "key")
        }
    known |= {
        f"{s}/{p}/{k}"
        for s, p, k in Step.objects.filter(organization=org).values_list(
            "action_plan__strategy__key", "action_plan__key", "key"
        )
    }
    known |= set(
        ChangeRecord.objects.filter(organization=org).values_list("object_ref", flat=True).distinct()
    )
    return sorted(known)


def _unknown(org: Organization, ref: str) -> Message:
    base, sep, number = ref.partition("#")
    known = _known(org)
    if sep and base in known:
        count = Occurrence.objects.filter(
            organization=org,
            step__action_plan__strategy__key=base.split("/")[0],
            step__action_plan__key=base.split("/")[1],
            step__key=base.split("/")[2],
        ).count()
        return Message(
            N_("%(ref)s has no occurrence %(number)s (it has %(count)s)"),
            {"ref": base, "number": number, "count": count},
        )
    near = difflib.get_close_matches(base, known, n=3, cutoff=0.6)
    if not near:
        # The same depth of ref is the likeliest meant: the first few of those.
        near = [k for k in known if k.count("/") == base.count("/")][:5]
    return Message(
        N_("no history of %(ref)s in %(org)s: nothing of that name, and no record of it; nearby: %(near)s"),
        {"ref": ref, "org": org.key, "near": ", ".join(near) or "-"},
    )


def _entries(record: ChangeRecord, tz: ZoneInfo) -> list[Entry]:
    common = {
        "at": record.at.astimezone(tz),
        "by": record.user.get_username() if record.user is not None else None,
        "source": record.source,
        "action": record.action,
        "reason": record.reason,
        "ref": record.object_ref,
        "object_type": record.object_type,
    }
    changes = record.changes if isinstance(record.changes, dict) else {}
    if not changes:
        return [Entry(field=None, old=None, new=None, **common)]
    out = []
    for name in sorted(changes):  # PostgreSQL's jsonb keeps no key order: sorted on both
        value = changes[name]
        old, new = value if isinstance(value, list | tuple) and len(value) == 2 else (None, value)
        out.append(Entry(field=name, old=old, new=new, **common))
    return out
