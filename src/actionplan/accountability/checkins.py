"""Check-ins: progress recorded on one occurrence (percent done, a note, blocked or not).

`check_in` is the one workflow the web pages and `actionplan checkin` call. It validates
everything before it writes, then, in one transaction, adds a `CheckIn` and a `ChangeRecord`
(action "checked_in", {field: [old, new]}, the note as the reason). Errors are `CheckInError`
(an `ActionError` naming the field), and nothing is written.

- percent: a whole number from 0 to 100; the forecast counts the latest check-in that has one
  (`planning.forecasting.occurrence_rows`), so a check-in without a percent leaves it as it was;
- blocked: a reason is required; `unblocked` clears it; the two exclude each other. A check-in
  that says neither keeps the occurrence's blocked state (each check-in carries it, the latest
  one's is the occurrence's);
- at: the moment it speaks for (default now; backdating allowed, not more than a minute ahead);
  `recorded_at` is always the real time it was entered. A check-in carries forward the state as
  of its moment (the check-ins up to it), so a backdated one does not copy a later block back;
- who: the person responsible, anyone of the responsible team, an owner or a manager
  (`planning.responsibility`); `user=None` is the CLI's operator;
- a done occurrence takes no check-in: reopen it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from actionplan.core.messages import N_, Message
from actionplan.errors import ActionError
from actionplan.planning.actions import (
    _local,
    _locked,
    _ref,
    not_in_future,
    record_occurrence,
    require_not_dropped,
)
from actionplan.planning.changes import login
from actionplan.planning.models import CheckIn, Occurrence
from actionplan.planning.responsibility import require_may_update

__all__ = ["CheckInError", "NOTE_MAX", "REASON_MAX", "State", "check_in", "state_of"]

NOTE_MAX = 2000
REASON_MAX = 500


class CheckInError(ActionError):
    """A value of a check-in is wrong: `field` names it (percent, note, blocked, unblocked, at)."""

    def __init__(self, field: str, message: Message):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class State:
    """An occurrence's progress as its check-ins leave it."""

    percent: int | None  # the latest check-in that has a percent
    blocked: str | None  # the latest check-in's reason when it is blocked, else None


def state_of(occurrence: Occurrence, at: datetime | None = None) -> State:
    """The occurrence's progress now, or as of the moment `at` (the check-ins up to it; one or
    two queries)."""
    check_ins = CheckIn.objects.filter(occurrence=occurrence)
    if at is not None:
        check_ins = check_ins.filter(at__lte=at)
    latest = check_ins.order_by("-at", "-id").first()
    percent = (
        check_ins.filter(percent__isnull=False)
        .order_by("-at", "-id")
        .values_list("percent", flat=True)
        .first()
    )
    blocked = latest.blocked_reason if latest is not None and latest.blocked else None
    return State(percent=percent, blocked=blocked)


def _percent(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().rstrip("%").strip()
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 100 or isinstance(value, bool):
        raise CheckInError(
            "percent",
            Message(
                N_("percent: %(value)s is not a whole number from 0 to 100"), {"value": str(value).strip()}
            ),
        )
    return number


def _validate(
    percent: Any, note: str, blocked: str | None, unblocked: bool, at: datetime | None
) -> tuple[int | None, str, str | None]:
    number = _percent(percent)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise CheckInError(
            "note",
            Message(
                N_("note: at most %(max)s characters (it has %(count)s)"),
                {"max": NOTE_MAX, "count": len(note)},
            ),
        )
    reason = None
    if blocked is not None:
        reason = blocked.strip()
        if unblocked:
            raise CheckInError(
                "blocked",
                Message(
                    N_("blocked and unblocked exclude each other: give a reason it is blocked, or unblocked")
                ),
            )
        if not reason:
            raise CheckInError(
                "blocked", Message(N_("blocked: say why it is blocked (a reason is required)"))
            )
        if len(reason) > REASON_MAX:
            raise CheckInError(
                "blocked",
                Message(
                    N_("blocked: the reason has at most %(max)s characters (it has %(count)s)"),
                    {"max": REASON_MAX, "count": len(reason)},
                ),
            )
    if number is None and not note and reason is None and not unblocked:
        raise CheckInError(
            "percent",
            Message(
                N_("nothing to record: give a percent done, a note, a reason it is blocked, or unblocked")
            ),
        )
    if at is not None and timezone.is_naive(at):
        raise CheckInError("at", Message(N_("the check-in time needs a time zone")))
    return number, note, reason


def check_in(
    occurrence: Occurrence,
    *,
    percent: int | str | None = None,
    note: str = "",
    blocked: str | None = None,
    unblocked: bool = False,
    at: datetime | None = None,
    user: Any = None,
    source: str = "web",
) -> CheckIn:
    """Record progress on `occurrence`; returns the new CheckIn. CheckInError / ActionError: nothing written.

    `blocked` is the reason it is blocked (None: not said); `unblocked` clears a block.
    """
    number, note, reason = _validate(percent, note, blocked, unblocked, at)
    now = timezone.now()
    moment = (at or now).replace(microsecond=0)
    with transaction.atomic():
        occ = _locked(occurrence)
        ref = _ref(occ)
        require_may_update(user, occ, ref)
        require_not_dropped(occ, ref)
        if occ.completed_at is not None:
            raise ActionError(Message(N_("%(ref)s is done: reopen it to record progress"), {"ref": ref}))
        try:
            not_in_future(moment, now, occ.organization, N_("the check-in time %(at)s is in the future"))
        except ActionError as exc:
            raise CheckInError("at", exc.message) from None
        # the state the check-in carries forward is the one at its moment: a backdated check-in
        # must not copy a later block back in time (the scorecards count blocked hours from it)
        before = state_of(occ, moment)
        after_blocked = reason if reason is not None else (None if unblocked else before.blocked)
        row = CheckIn.objects.create(
            occurrence=occ,
            author=login(user),
            at=moment,
            recorded_at=now,
            note=note,
            percent=number,
            blocked=after_blocked is not None,
            blocked_reason=after_blocked or "",
        )
        changes: dict = {}
        if number is not None:
            changes["percent_done"] = [before.percent, number]
        if after_blocked != before.blocked:
            changes["blocked"] = [before.blocked, after_blocked]
        if abs((moment - now).total_seconds()) >= 60:
            changes["at"] = [None, _local(moment, occ.organization)]
        record_occurrence(occ, "checked_in", changes, user, source, reason=note)
    return row
