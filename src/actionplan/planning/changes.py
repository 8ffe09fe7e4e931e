"""The three changes an occurrence's plan gets from outside the step editor: a new due, another
responsible, another priority. The forecast's suggestions (`planning.forecasting.apply_suggestion`)
and the decisions (`accountability.decisions`) both make them here, so they are written and
recorded alike. Each saves the change (inside the caller's transaction) and returns the
ChangeRecord's `{field: [old, new]}`; the caller records it with its own action and reason,
through `record_change`, the one way a service writes a history row (imports batch theirs).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from actionplan.orgs.models import Organization, Party
from actionplan.planning.models import ChangeRecord, Occurrence, Step

__all__ = ["login", "move_due", "reassign", "record_change", "set_priority"]


def login(user: Any) -> Any:
    """The user to record as author: None for the CLI and anonymous requests."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def record_change(
    org: Organization,
    object_type: str,
    action: str,
    ref: str,
    changes: dict,
    *,
    user: Any,
    source: str,
    reason: str = "",
    at: datetime | None = None,
) -> ChangeRecord:
    """One history row: who (`user`), when (`at`, default now), from where, what, and why."""
    return ChangeRecord.objects.create(
        organization=org,
        at=at or timezone.now(),
        user=login(user),
        source=source,
        action=action,
        object_type=object_type,
        object_ref=ref,
        changes=changes,
        reason=reason,
    )


def move_due(occ: Occurrence, due: datetime, tz: ZoneInfo) -> dict[str, list]:
    """The occurrence's due becomes `due`; its baseline due never changes (the slip stays visible)."""
    old = occ.due
    occ.due = due
    occ.save(update_fields=["due"])
    return {"due": [old.astimezone(tz).isoformat(), due.astimezone(tz).isoformat()]}


def reassign(occ: Occurrence, party: Party) -> dict[str, list]:
    """This occurrence only goes to `party` (the step and its other occurrences keep theirs)."""
    step = occ.step
    before = occ.responsible or step.responsible or step.action_plan.responsible
    occ.responsible = party
    occ.save(update_fields=["responsible"])
    return {"responsible": [before.key, party.key]}


def set_priority(step: Step, priority: int) -> dict[str, list]:
    """A priority belongs to the step: all its occurrences (1 low .. 4 critical)."""
    old = step.priority
    step.priority = priority
    step.save(update_fields=["priority"])
    return {"priority": [old, priority]}
