"""Workflows on one occurrence: find it by ref, mark it done, reopen it.

Every interface (web view, CLI command, later the API) calls these; errors are `ActionError` with
a translatable message. Marking an occurrence that is already done is an error (the first
completion time is kept; reopen first to change it); so is reopening one that is not done.
Completion times are kept to the second (a plan file writes no finer). A completion records who
(`completed_by`, the login; none from the CLI) and when it was recorded
(`completion_recorded_at`), apart from when the work was done (`completed_at`, which may be
backdated but not put in the future). Only the person responsible, an owner or a manager may
mark done or reopen (`planning.responsibility`).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.orgs.models import Organization
from actionplan.planning.changes import login, record_change
from actionplan.planning.models import Occurrence, Step
from actionplan.planning.responsibility import require_may_update
from actionplan.planning.review import occurrence_ref

__all__ = ["ActionError", "find_occurrence", "mark_done", "not_in_future", "reopen"]

# How far ahead of the server's clock a time may be (a phone's clock a little fast).
CLOCK_SKEW = timedelta(minutes=1)

REF_RE = re.compile(r"^([^/#\s]+)/([^/#\s]+)/([^/#\s]+)(?:#(\d+))?$")


def find_occurrence(org: Organization, ref: str) -> Occurrence:
    """The occurrence `ref` ("strategy/plan/step", or "strategy/plan/step#n" of a recurring step)."""
    match = REF_RE.match((ref or "").strip())
    if not match:
        raise ActionError(
            Message(
                N_("%(ref)s is not a step reference: write strategy/plan/step or strategy/plan/step#n"),
                {"ref": ref},
            )  # fmt: skip
        )
    s_key, p_key, st_key, number = match.groups()
    step = (
        Step.objects.filter(
            organization=org, action_plan__strategy__key=s_key, action_plan__key=p_key, key=st_key
        )
        .only("id", "repeat_phrase")
        .first()
    )
    if step is None:
        raise ActionError(
            Message(N_("no step %(ref)s in %(org)s"), {"ref": f"{s_key}/{p_key}/{st_key}", "org": org.key})
        )
    occurrences = {o.number: o for o in Occurrence.objects.filter(step=step).select_related("step")}
    if number is None:
        if step.is_recurring:
            raise ActionError(
                Message(
                    N_("%(ref)s repeats: say which occurrence, e.g. %(ref)s#1 (it has %(count)s)"),
                    {"ref": ref, "count": len(occurrences)},
                )
            )
        n = 1
    else:
        n = int(number)
    if n not in occurrences:
        raise ActionError(
            Message(
                N_("%(ref)s has no occurrence %(number)s (it has %(count)s)"),
                {"ref": f"{s_key}/{p_key}/{st_key}", "number": n, "count": len(occurrences)},
            )
        )
    return occurrences[n]


def _ref(occ: Occurrence) -> str:
    step = occ.step
    plan = step.action_plan
    return occurrence_ref(plan.strategy.key, plan.key, step.key, occ.number, step.is_recurring)


def _local(moment: datetime, org: Organization) -> str:
    return moment.astimezone(ZoneInfo(org.timezone)).isoformat()


def record_occurrence(
    occ: Occurrence, action: str, changes: dict, user: Any, source: str, reason: str = ""
) -> None:
    """A history row about this occurrence (its ref as the review names it)."""
    record_change(
        occ.organization, "occurrence", action, _ref(occ), changes, user=user, source=source, reason=reason
    )


def not_in_future(at: datetime, now: datetime, org: Organization, msgid: str) -> None:
    """ActionError(msgid with %(at)s) when `at` is later than a minute from `now`."""
    if at > now + CLOCK_SKEW:
        raise ActionError(Message(msgid, {"at": _local(at, org)}))


def require_not_dropped(occ: Occurrence, ref: str) -> None:
    """ActionError when a decision dropped `occ` (accountability.decisions): no more work on it."""
    if occ.dropped_at is not None:
        raise ActionError(
            Message(
                N_("%(ref)s was dropped (%(reason)s): no more work is recorded on it"),
                {"ref": ref, "reason": occ.dropped_reason},
            )
        )


def _locked(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("organization", "completed_by", "step__action_plan__strategy")
        .get(pk=occurrence.pk)
    )


def mark_done(
    occurrence: Occurrence, at: datetime | None = None, *, user: Any = None, source: str = "web"
) -> Occurrence:
    """Mark the occurrence done at `at` (aware; default now; backdating allowed, not the future).

    ActionError if it is already done, if `at` is in the future or if `user` may not.
    """
    now = timezone.now()
    at = (at or now).replace(microsecond=0)
    if timezone.is_naive(at):
        raise ActionError(Message(N_("the completion time needs a time zone")))
    with transaction.atomic():
        occ = _locked(occurrence)
        require_may_update(user, occ, _ref(occ))
        not_in_future(at, now, occ.organization, N_("the completion time %(at)s is in the future"))
        require_not_dropped(occ, _ref(occ))
        if occ.completed_at is not None:
            raise ActionError(
                Message(
                    N_("%(ref)s is already done (at %(at)s)"),
                    {"ref": _ref(occ), "at": _local(occ.completed_at, occ.organization)},
                )
            )
        occ.completed_at = at
        occ.completed_by = login(user)
        occ.completion_recorded_at = now
        occ.save(update_fields=["completed_at", "completed_by", "completion_recorded_at"])
        changes: dict = {"completed_at": [None, _local(at, occ.organization)]}
        if occ.completed_by is not None:
            changes["completed_by"] = [None, occ.completed_by.get_username()]
        record_occurrence(occ, "completed", changes, user, source)
    return occ


def reopen(occurrence: Occurrence, user: Any = None, source: str = "web") -> Occurrence:
    """Make a done occurrence open again (who and when it was done are cleared; the history keeps
    them). ActionError if it is not done or if `user` may not."""
    with transaction.atomic():
        occ = _locked(occurrence)
        require_may_update(user, occ, _ref(occ))
        if occ.completed_at is None:
            raise ActionError(Message(N_("%(ref)s is not done"), {"ref": _ref(occ)}))
        changes: dict = {"completed_at": [_local(occ.completed_at, occ.organization), None]}
        if occ.completed_by is not None:
            changes["completed_by"] = [occ.completed_by.get_username(), None]
        occ.completed_at = None
        occ.completed_by = None
        occ.completion_recorded_at = None
        occ.save(update_fields=["completed_at", "completed_by", "completion_recorded_at"])
        record_occurrence(occ, "reopened", changes, user, source)
    return occ
