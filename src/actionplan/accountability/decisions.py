"""Decisions on occurrences and quality ratings: the workflows `actionplan decide`, `actionplan rate`,
the web and (later) a review meeting call.

`decide(org, decisions, user=..., source=...)` takes a list of `DecisionInput`s, validates every
one of them first (any error -> `DecisionError` naming the item and the field, nothing written),
then applies them all in ONE transaction, each with a `Decision` row and a `ChangeRecord`
(action "decided", changes {"decision": kind, field: [old, new]}, the reason). The kinds:

- keep: only recorded;
- reschedule: the occurrence's due moves to the new due; its baseline due never changes, so the
  slip stays visible (scorecards count from the baseline). The new due is an ISO date (close of
  business that day, moved to the working day before if it is a day off), an ISO date and time
  (the organization's zone without an offset) or a time-frame phrase resolved from today on the
  organization's calendar ("+5 business days", "end of next week", "cuối tuần sau");
- reassign: the occurrence goes to a person, team or vendor of the same organization (by id);
- outsource: the same, to an outside vendor of the organization;
- reprioritise: a priority belongs to the step (plan file, editor, forecast), so the step's
  priority changes, for all its occurrences (critical/high/normal/low or khẩn cấp/cao/bình
  thường/thấp); recorded on the step, as the forecast's suggestions are;
- split: a one-off step becomes two: a new step with the second part's title, right after it in
  its action plan, for the same responsible, with the same time frame, due and baseline due and
  the same prerequisites; an effort, when the step has one, is shared (the second part's given
  effort, else half);
- drop: the occurrence is dropped (`dropped_at`, `dropped_reason`): it leaves the review, the
  forecast and the scorecards; the row and its history stay.

Decisions change open work: a done occurrence takes only "keep" (reopen it first), a dropped one
none. Owners and managers decide; members may not; `user=None` is the CLI's operator.

`rate(occurrence, level, user=..., note=...)` records the quality of a done occurrence on the
5-level scale (1 kém/poor, 2 yếu/weak, 3 đạt/fair, 4 tốt/good, 5 xuất sắc/excellent); rating
again replaces the level, and the history keeps the old one (action "rated").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actionplan.accountability.models import Decision, Rating
from actionplan.core import planresolve, timeframe
from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import MAX_DATE, MIN_DATE
from actionplan.core.planfile_values import parse_effort
from actionplan.core.timeframe.marks import strip_marks
from actionplan.errors import ActionError
from actionplan.orgs.models import KEY_MAX, Organization, Party
from actionplan.planning import changes as planning_changes
from actionplan.planning.actions import find_occurrence
from actionplan.planning.calendars import calendar_for
from actionplan.planning.models import Dependency, Occurrence, Priority, Step
from actionplan.planning.responsibility import actor_for
from actionplan.planning.review import occurrence_ref

__all__ = [
    "KINDS",
    "DecisionError",
    "DecisionInput",
    "decide",
    "parse_level",
    "parse_priority",
    "rate",
]

KINDS: tuple[str, ...] = tuple(Decision.Kind.values)
REASON_MAX = 2000
NOTE_MAX = 2000
PRIORITY_WORDS = {
    "low": Priority.LOW,
    "normal": Priority.NORMAL,
    "high": Priority.HIGH,
    "critical": Priority.CRITICAL,
    # the plan file's Vietnamese aliases (core.planfile_read.PRIORITY_ALIASES), marks optional
    "thap": Priority.LOW,
    "binh thuong": Priority.NORMAL,
    "trung binh": Priority.NORMAL,
    "cao": Priority.HIGH,
    "khan cap": Priority.CRITICAL,
}
PRIORITY_NAME = {int(v): k for k, v in list(PRIORITY_WORDS.items())[:4]}
LEVEL_WORDS = {
    "poor": 1,
    "weak": 2,
    "fair": 3,
    "good": 4,
    "excellent": 5,
    "kem": 1,
    "yeu": 2,
    "dat": 3,
    "tot": 4,
    "xuat sac": 5,
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d")


class DecisionError(ActionError):
    """A decision cannot be made: `item` (0-based place in the list, None for the whole list),
    `ref` and `field` (ref, kind, reason, due, who, priority, split_title, split_effort, user)
    say which and where. Nothing was written."""

    def __init__(self, message: Message, *, item: int | None = None, ref: str = "", field: str = ""):
        self.item, self.ref, self.field = item, ref, field
        super().__init__(message)


@dataclass(frozen=True)
class DecisionInput:
    """One decision as an interface or a review meeting gives it (values as typed, or objects)."""

    ref: str | Occurrence  # "strategy/plan/step" or "strategy/plan/step#n", or the occurrence
    kind: str  # keep, reschedule, reassign, reprioritise, outsource, split, drop
    reason: str
    due: str | date | datetime | None = None  # reschedule
    who: str | Party | None = None  # reassign, outsource: a party's id, or the party
    priority: str | int | None = None  # reprioritise
    split_title: str = ""  # split: the second part's title
    split_effort: str | Decimal | None = None  # split: the second part's effort ("6h", "2d", 6)


@dataclass
class _Checked:
    index: int
    occurrence: Occurrence
    ref: str
    kind: str
    reason: str
    due: datetime | None = None
    party: Party | None = None
    priority: int | None = None
    split_title: str = ""
    split_effort: Decimal | None = None


# --------------------------------------------------------------------------------------------
# Reading values


def _words(text: str) -> str:
    return " ".join(strip_marks(text).lower().replace("đ", "d").split())


def parse_priority(value: Any) -> int | None:
    """1..4 (low..critical) from a number or a word (en, vi with or without marks); None if neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in Priority.values else None
    return PRIORITY_WORDS.get(_words(str(value or "")))


def parse_level(value: Any) -> int | None:
    """1..5 from a number or a word of the scale (en, vi with or without marks); None if neither."""
    if isinstance(value, bool):
        return None
    text = _words(str(value if value is not None else ""))
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 5 else None
    return LEVEL_WORDS.get(text)


def parse_due(value: Any, org: Organization, today: date) -> datetime:
    """The new due: an ISO date (close of business, on a working day), an ISO date and time
    (naive: the organization's zone) or a time-frame phrase counted from `today`.

    Raises ValueError or TimeFrameError (with `.message`) when it is none of these.
    """
    tz = ZoneInfo(org.timezone)
    cal = calendar_for(org)
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=tz)
    elif isinstance(value, date):
        moment, _warnings = planresolve.resolve_due(value.isoformat(), today, cal)
    else:
        text = (value or "").strip()
        if not text:
            raise ValueError("empty")
        if _ISO_MOMENT.match(text):
            moment = datetime.fromisoformat(text)
            moment = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
        else:
            moment, _warnings = planresolve.resolve_due(text, today, cal)
    if not MIN_DATE <= moment.astimezone(tz).date() <= MAX_DATE:
        raise ValueError("out of range")
    return moment.replace(microsecond=0)


def _occ_ref(occ: Occurrence) -> str:
    step = occ.step
    plan = step.action_plan
    return occurrence_ref(plan.strategy.key, plan.key, step.key, occ.number, step.is_recurring)


def _step_ref(step: Step) -> str:
    plan = step.action_plan
    return f"{plan.strategy.key}/{plan.key}/{step.key}"


def require_may_decide(user: Any, org: Organization) -> None:
    """DecisionError unless `user` is an owner or manager of `org` (None: the CLI's operator)."""
    actor = actor_for(user, org)
    if not actor.is_manager:
        raise DecisionError(
            Message(
                N_("%(user)s may not decide or rate: only an owner or a manager may"),
                {"user": user.get_username() if user is not None else "?"},
            ),
            field="user",
        )


# --------------------------------------------------------------------------------------------
# Validation


def _check(org: Organization, index: int, given: DecisionInput, today: date, state: dict) -> _Checked:
    ref_text = given.ref if isinstance(given.ref, str) else ""

    def fail(field: str, msgid: str, **params: Any) -> DecisionError:
        return DecisionError(Message(msgid, params), item=index, ref=ref_text, field=field)

    if isinstance(given.ref, Occurrence):
        if given.ref.organization_id != org.pk:
            raise fail("ref", N_("this occurrence is not of %(org)s"), org=org.key)
        occ = given.ref
    else:
        try:
            occ = find_occurrence(org, given.ref)
        except ActionError as exc:
            raise DecisionError(exc.message, item=index, ref=ref_text, field="ref") from None
    occ = Occurrence.objects.select_related("step__action_plan__strategy", "responsible").get(pk=occ.pk)
    ref = ref_text = _occ_ref(occ)
    kind = (given.kind or "").strip().lower()
    if kind not in KINDS:
        raise fail(
            "kind",
            N_("%(ref)s: %(kind)s is not a decision: one of %(kinds)s"),
            ref=ref,
            kind=given.kind,
            kinds=", ".join(KINDS),
        )
    reason = (given.reason or "").strip()
    if not reason:
        raise fail("reason", N_("%(ref)s: say why (a reason is required)"), ref=ref)
    if len(reason) > REASON_MAX:
        raise fail(
            "reason", N_("%(ref)s: the reason has at most %(max)s characters"), ref=ref, max=REASON_MAX
        )
    dropped = state.get(occ.pk, occ.dropped_at is not None)
    if dropped:
        raise fail("ref", N_("%(ref)s is dropped: no decision can change it"), ref=ref)
    if occ.completed_at is not None and kind != "keep":
        raise fail("ref", N_("%(ref)s is done: a decision changes open work (reopen it first)"), ref=ref)
    out = _Checked(index=index, occurrence=occ, ref=ref, kind=kind, reason=reason)
    if kind == "reschedule":
        if given.due in (None, ""):
            raise fail("due", N_("%(ref)s: give the new due"), ref=ref)
        try:
            out.due = parse_due(given.due, org, today)
        except timeframe.TimeFrameError as exc:
            raise fail(
                "due",
                N_(
                    "%(ref)s: the new due %(value)s is not a date, a date and time or a time frame: %(error)s"
                ),
                ref=ref,
                value=str(given.due),
                error=exc.message,
            ) from None
        except (ValueError, OverflowError):
            raise fail(
                "due",
                N_(
                    "%(ref)s: the new due %(value)s is not a date, a date and time or a time "
                    "frame (e.g. 2027-04-30, 2027-04-30 17:00, +5 business days)"
                ),
                ref=ref,
                value=str(given.due),
            ) from None
    elif kind in ("reassign", "outsource"):
        out.party = _party(org, given.who, fail, ref)
        if kind == "outsource" and out.party.kind != Party.Kind.VENDOR:
            raise fail(
                "who",
                N_("%(ref)s: %(who)s is not an outside vendor: outsource to a vendor, or reassign"),
                ref=ref,
                who=out.party.key,
            )
    elif kind == "reprioritise":
        out.priority = parse_priority(given.priority)
        if out.priority is None:
            raise fail(
                "priority",
                N_("%(ref)s: %(value)s is not a priority: critical, high, normal or low"),
                ref=ref,
                value=str(given.priority or ""),
            )
    elif kind == "split":
        if occ.step.is_recurring:
            raise fail(
                "ref",
                N_("%(ref)s repeats: only a one-off step can be split (edit the step instead)"),
                ref=ref,
            )
        out.split_title = (given.split_title or "").strip()
        if not out.split_title:
            raise fail("split_title", N_("%(ref)s: give the title of the second part"), ref=ref)
        if len(out.split_title) > Step._meta.get_field("title").max_length:
            raise fail(
                "split_title",
                N_("%(ref)s: the title has at most %(max)s characters"),
                ref=ref,
                max=Step._meta.get_field("title").max_length,
            )
        out.split_effort = _split_effort(given.split_effort, occ.step, fail, ref)
    if kind == "drop":
        state[occ.pk] = True
    return out


def _party(org: Organization, who: Any, fail: Any, ref: str) -> Party:
    if isinstance(who, Party):
        if who.organization_id != org.pk:
            raise fail(
                "who",
                N_("%(ref)s: %(who)s is not of %(org)s: choose a person, team or vendor of it"),
                ref=ref,
                who=who.key,
                org=org.key,
            )
        return who
    key = (who or "").strip() if isinstance(who, str) else ""
    if not key:
        raise fail("who", N_("%(ref)s: say to whom (a person, team or vendor id)"), ref=ref)
    party = Party.objects.filter(organization=org, key=key).first()
    if party is None:
        raise fail(
            "who",
            N_("%(ref)s: unknown person, team or vendor %(who)s in %(org)s"),
            ref=ref,
            who=key,
            org=org.key,
        )
    return party


def _split_effort(value: Any, step: Step, fail: Any, ref: str) -> Decimal | None:
    total = step.effort_hours
    if value in (None, ""):
        return (total / 2).quantize(Decimal("0.01")) if total is not None else None
    try:
        amount = value if isinstance(value, Decimal) else parse_effort(str(value))
        ok = amount is not None and amount > 0 and (total is None or amount < total)
    except (InvalidOperation, ValueError):
        amount, ok = None, False
    if not ok:
        if total is not None:
            raise fail(
                "split_effort",
                N_(
                    "%(ref)s: the second part's effort %(value)s is not an effort like "
                    "6h or 2d, less than the step's %(total)s h"
                ),
                ref=ref,
                value=str(value),
                total=str(total),
            )
        raise fail(
            "split_effort",
            N_("%(ref)s: the second part's effort %(value)s is not an effort like 6h or 2d"),
            ref=ref,
            value=str(value),
        )
    return amount.quantize(Decimal("0.01"))


# --------------------------------------------------------------------------------------------
# Deciding


def decide(
    org: Organization,
    decisions: Sequence[DecisionInput],
    *,
    user: Any = None,
    source: str = "cli",
) -> list[Decision]:
    """Validate every decision, then apply them all in one transaction; DecisionError: nothing written."""
    require_may_decide(user, org)
    if not decisions:
        raise DecisionError(Message(N_("no decision to record")))
    now = timezone.now().replace(microsecond=0)
    tz = ZoneInfo(org.timezone)
    today = now.astimezone(tz).date()
    state: dict[int, bool] = {}
    checked = [_check(org, i, d, today, state) for i, d in enumerate(decisions)]
    out = []
    with transaction.atomic():
        pks = sorted({c.occurrence.pk for c in checked})
        locked = {
            o.pk: o
            for o in Occurrence.objects.select_for_update(of=("self",))
            .select_related(
                "step__action_plan__strategy",
                "step__responsible",
                "step__action_plan__responsible",
                "responsible",
            )
            .filter(pk__in=pks)
        }
        for c in checked:
            occ = locked.get(c.occurrence.pk)
            # Someone else's change since validation (done, dropped, deleted): refuse the whole list.
            if (
                occ is None
                or occ.dropped_at is not None
                or (occ.completed_at is not None and c.kind != "keep")
            ):
                raise DecisionError(
                    Message(N_("%(ref)s changed while deciding: review it again"), {"ref": c.ref}),
                    item=c.index,
                    ref=c.ref,
                    field="ref",
                )
            out.append(_apply(org, occ, c, user=user, source=source, now=now, tz=tz))
    return out


def _apply(
    org: Organization, occ: Occurrence, c: _Checked, *, user: Any, source: str, now: datetime, tz: ZoneInfo
) -> Decision:
    step = occ.step
    changes: dict[str, Any] = {"decision": c.kind}
    object_type, object_ref = "occurrence", c.ref
    decision = Decision(
        organization=org,
        occurrence=occ,
        ref=c.ref,
        kind=c.kind,
        reason=c.reason,
        decided_by=planning_changes.login(user),
        decided_at=now,
        source=source,
    )
    if c.kind == "reschedule":
        changes |= planning_changes.move_due(occ, c.due, tz)  # never the baseline
        decision.due = c.due
    elif c.kind in ("reassign", "outsource"):
        changes |= planning_changes.reassign(occ, c.party)
        decision.party = c.party
    elif c.kind == "reprioritise":
        step.refresh_from_db(fields=["priority"])  # an earlier decision of the list may have changed it
        changes |= planning_changes.set_priority(step, c.priority)
        object_type, object_ref = "step", _step_ref(step)
        decision.priority = c.priority
    elif c.kind == "split":
        new = _split(org, occ, c)
        if c.split_effort is not None and step.effort_hours is not None:
            changes["effort_hours"] = [str(step.effort_hours), str(step.effort_hours - c.split_effort)]
            step.effort_hours -= c.split_effort
            step.save(update_fields=["effort_hours"])
        changes["split_into"] = [None, _step_ref(new)]
        decision.split_title, decision.split_effort_hours, decision.split_step = (
            c.split_title,
            c.split_effort,
            new,
        )
        planning_changes.record_change(
            org,
            "step",
            "created",
            _step_ref(new),
            {"title": [None, new.title]},
            reason=c.reason,
            user=user,
            source=source,
            at=now,
        )
    elif c.kind == "drop":
        occ.dropped_at, occ.dropped_reason = now, c.reason
        occ.save(update_fields=["dropped_at", "dropped_reason"])
        changes["dropped_at"] = [None, now.astimezone(tz).isoformat()]
    decision.save()
    planning_changes.record_change(
        org, object_type, "decided", object_ref, changes, reason=c.reason, user=user, source=source, at=now
    )
    return decision


def _split(org: Organization, occ: Occurrence, c: _Checked) -> Step:
    step = occ.step
    plan = step.action_plan
    taken = set(Step.objects.filter(action_plan=plan).values_list("key", flat=True))
    n = 2
    while True:
        suffix = f"-{n}"
        key = step.key[: KEY_MAX - len(suffix)] + suffix
        if key not in taken:
            break
        n += 1
    Step.objects.filter(action_plan=plan, position__gt=step.position).update(position=F("position") + 1)
    new = Step.objects.create(
        organization=org,
        action_plan=plan,
        key=key,
        title=c.split_title,
        responsible=occ.responsible or step.responsible,
        due_phrase=step.due_phrase,
        start=step.start,
        effort_hours=c.split_effort if c.split_effort is not None else None,
        priority=step.priority,
        lead_time_phrase=step.lead_time_phrase,
        position=step.position + 1,
    )
    Occurrence.objects.create(
        organization=org, step=new, number=1, due=occ.due, baseline_due=occ.baseline_due
    )
    Dependency.objects.bulk_create(
        Dependency(step=new, depends_on_id=d.depends_on_id, position=d.position)
        for d in Dependency.objects.filter(step=step)
    )
    return new


# --------------------------------------------------------------------------------------------
# Rating


def rate(
    occurrence: Occurrence, level: Any, *, user: Any = None, note: str = "", source: str = "cli"
) -> Rating:
    """Rate the quality of a done occurrence (1..5 or a word of the scale); DecisionError: nothing written."""
    org = occurrence.organization
    require_may_decide(user, org)
    number = parse_level(level)
    if number is None:
        raise DecisionError(
            Message(
                N_(
                    "%(value)s is not a quality level: 1 to 5, or poor, weak, fair, good, excellent "
                    "(kém, yếu, đạt, tốt, xuất sắc)"
                ),
                {"value": str(level)},
            ),
            field="level",
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DecisionError(
            Message(
                N_("note: at most %(max)s characters (it has %(count)s)"),
                {"max": NOTE_MAX, "count": len(note)},
            ),
            field="note",
        )
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        occ = (
            Occurrence.objects.select_for_update(of=("self",))
            .select_related("step__action_plan__strategy")
            .get(pk=occurrence.pk)
        )
        ref = _occ_ref(occ)
        if occ.completed_at is None:
            raise DecisionError(
                Message(N_("%(ref)s is not done: only done work can be rated"), {"ref": ref}),
                ref=ref,
                field="ref",
            )
        rating = Rating.objects.filter(occurrence=occ).first()
        old = rating.level if rating is not None else None
        if rating is None:
            rating = Rating(organization=org, occurrence=occ)
        rating.level, rating.note, rating.rated_by, rating.rated_at = (
            number,
            note,
            planning_changes.login(user),
            now,
        )
        rating.save()
        planning_changes.record_change(
            org,
            "occurrence",
            "rated",
            ref,
            {"quality": [old, number]},
            reason=note,
            user=user,
            source=source,
            at=now,
        )
    return rating
