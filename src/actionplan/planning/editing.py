"""Edit a step, or move the start of a strategy or an action plan: the web (and later the API) calls these.

Each call validates everything first (a wrong value -> `FormError` with a message per field,
nothing written), then writes in one transaction:
- the step's or plan's fields, with a ChangeRecord {field: [old, new]} and the reason;
- the occurrences, re-resolved with the same function as the plan file import
  (`core.planresolve.resolve_step_dues`) and reconciled by the same rule
  (`core.occurrences.reconcile`): open occurrences move, done ones keep their due, open ones
  beyond a shortened recurrence are deleted, done ones kept, the baseline due never changes.
  Each due change is recorded on the occurrence ("strategy/plan/step#n", or without "#n" for a
  one-off step).
Warnings (a due moved off a day off, a recurrence with no occurrence) come back in `EditResult`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from actionplan.core import planresolve, timeframe
from actionplan.core.messages import N_, Message
from actionplan.core.occurrences import reconcile
from actionplan.core.planfile_model import MAX_DATE, MIN_DATE
from actionplan.core.workcal import WorkCalendar
from actionplan.errors import ActionError
from actionplan.orgs.models import Party
from actionplan.planning.calendars import calendar_for
from actionplan.planning.changes import login
from actionplan.planning.models import (
    ActionPlan,
    ChangeRecord,
    Goal,
    Occurrence,
    Priority,
    Step,
    Strategy,
)
from actionplan.planning.review import occurrence_ref

__all__ = [
    "EditResult",
    "FormError",
    "Preview",
    "change_start",
    "preview_step_dues",
    "update_step",
]

MAX_TIMES = timeframe.MAX_OCCURRENCES
STEP_FIELDS = (
    "title",
    "description",
    "responsible",
    "due_phrase",
    "repeat_phrase",
    "times",
    "until_phrase",
    "effort_hours",
    "priority",
)
SOURCE = "web"


class FormError(ActionError):
    """Values a form must correct: field name -> messages. Nothing was written."""

    def __init__(self, errors: dict[str, list[Message]]):
        self.errors = errors
        super().__init__(next(iter(errors.values()))[0])


@dataclass
class EditResult:
    warnings: list[Message] = field(default_factory=list)
    changed: bool = False


@dataclass
class Preview:
    """What a step's time frame would give, without saving: dues, warnings, or errors per field."""

    dues: tuple[datetime, ...] = ()
    warnings: list[Message] = field(default_factory=list)
    errors: dict[str, list[Message]] = field(default_factory=dict)
    reading: Message | None = None  # how the phrase was read: which period, from which start


# --------------------------------------------------------------------------------------------
# Validation


class _Errors(dict):
    def add(self, name: str, message: Message) -> None:
        self.setdefault(name, []).append(message)

    def check(self) -> None:
        if self:
            raise FormError(dict(self))


def _text(errors: _Errors, name: str, value: str | None, max_length: int) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        errors.add(name, Message(N_("text cannot contain the NUL character (\\0)")))
    elif len(value) > max_length:
        errors.add(name, Message(N_("too long: at most %(max)s characters"), {"max": max_length}))
    return value


def _unique(messages: Iterable[Message]) -> list[Message]:
    seen, out = set(), []
    for message in messages:
        key = message.render()
        if key not in seen:
            seen.add(key)
            out.append(message)
    return out


def _plan_start(plan: ActionPlan) -> date:
    return plan.start or plan.strategy.start


@dataclass
class _TimeFrame:
    due_phrase: str
    repeat_phrase: str
    times: int | None
    until_phrase: str


def _check_time_frame(
    errors: _Errors, due_phrase: str | None, repeat_phrase: str | None, times: Any, until_phrase: str | None
) -> _TimeFrame:
    """The phrases parse, times is 1..1000, times and until only with a repeat."""
    tf = _TimeFrame(
        due_phrase=_text(errors, "due_phrase", due_phrase, Step._meta.get_field("due_phrase").max_length),
        repeat_phrase=_text(
            errors, "repeat_phrase", repeat_phrase, Step._meta.get_field("repeat_phrase").max_length
        ),
        times=None,
        until_phrase=_text(
            errors, "until_phrase", until_phrase, Step._meta.get_field("until_phrase").max_length
        ),
    )
    for name, parse in (
        ("due_phrase", timeframe.parse_due),
        ("repeat_phrase", timeframe.parse_repeat),
        ("until_phrase", timeframe.parse_due),
    ):
        phrase = getattr(tf, name)
        if phrase and name not in errors:
            try:
                parse(phrase)
            except timeframe.TimeFrameError as exc:
                errors.add(name, exc.message)
    if times not in (None, ""):
        try:
            tf.times = int(times)
        except (TypeError, ValueError):
            tf.times = -1
        if not 1 <= tf.times <= MAX_TIMES:
            errors.add("times", Message(N_("times must be between 1 and %(max)s"), {"max": MAX_TIMES}))
    if not tf.repeat_phrase:
        if tf.times is not None:
            errors.add("times", Message(N_("times needs a repeat, e.g. monthly")))
        if tf.until_phrase:
            errors.add("until_phrase", Message(N_("until needs a repeat, e.g. monthly")))
    return tf


_FIELD_OF = {"due": "due_phrase", "repeat": "repeat_phrase", "until": "until_phrase"}


def _resolve(
    errors: _Errors, tf: _TimeFrame, start: date, horizon: datetime | None, cal: WorkCalendar
) -> tuple[tuple[datetime, ...], list[Message]]:
    """The step's dues and warnings; resolution errors are added to the field at fault."""
    if errors:
        return (), []
    if not tf.repeat_phrase and not tf.due_phrase and horizon is None:
        errors.add(
            "due_phrase",
            Message(N_("give a time frame: this strategy has no horizon for an undated step to fall on")),
        )
        return (), []
    try:
        dues, warnings = planresolve.resolve_step_dues(
            due=tf.due_phrase or None,
            repeat=tf.repeat_phrase or None,
            times=tf.times,
            until=tf.until_phrase or None,
            start=start,
            horizon=horizon,
            cal=cal,
        )
    except planresolve.StepDuesError as exc:
        errors.add(_FIELD_OF[exc.field], exc.message)
        return (), []
    return dues, _unique(warnings)


def preview_step_dues(
    step: Step, *, due_phrase: str | None, repeat_phrase: str | None, times: Any, until_phrase: str | None
) -> Preview:
    """The dues a time frame would give this step (nothing is written)."""
    plan = step.action_plan
    errors = _Errors()
    tf = _check_time_frame(errors, due_phrase, repeat_phrase, times, until_phrase)
    start, cal = _plan_start(plan), calendar_for(step.organization)
    dues, warnings = _resolve(errors, tf, start, plan.strategy.horizon_end, cal)
    reading = None
    if not errors:
        reading = planresolve.step_reading(
            due=tf.due_phrase or None, repeat=tf.repeat_phrase or None, start=start, cal=cal
        )
    return Preview(dues=dues, warnings=warnings, errors=dict(errors), reading=reading)


# --------------------------------------------------------------------------------------------
# Writing


class _Recorder:
    def __init__(self, org: Any, user: Any, reason: str):
        self.org, self.reason = org, (reason or "").strip()
        self.user = login(user)
        self.now = timezone.now()
        self.tz = ZoneInfo(org.timezone)
        self.records: list[ChangeRecord] = []

    def json(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(self.tz).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def add(self, object_type: str, action: str, ref: str, changes: dict | None = None) -> None:
        self.records.append(
            ChangeRecord(
                organization=self.org,
                at=self.now,
                user=self.user,
                source=SOURCE,
                action=action,
                object_type=object_type,
                object_ref=ref,
                changes=changes or {},
                reason=self.reason,
            )
        )

    def save(self) -> None:
        ChangeRecord.objects.bulk_create(self.records)


def _step_ref(step: Step) -> str:
    plan = step.action_plan
    return f"{plan.strategy.key}/{plan.key}/{step.key}"


def _apply_dues(
    step: Step, occurrences: list[Occurrence], dues: tuple[datetime, ...], recorder: _Recorder
) -> bool:
    """Reconcile one step's occurrences with its new dues; returns True if any changed."""
    have = {occ.number: occ for occ in occurrences}
    plan = reconcile({n: (occ.due, occ.completed_at) for n, occ in have.items()}, dues)
    if not plan.changed:
        return False
    plan_row = step.action_plan
    recurring = step.is_recurring

    def ref(n: int) -> str:
        return occurrence_ref(plan_row.strategy.key, plan_row.key, step.key, n, recurring)

    moved = []
    for n, due in sorted(plan.update.items()):
        occ = have[n]
        recorder.add("occurrence", "updated", ref(n), {"due": [recorder.json(occ.due), recorder.json(due)]})
        occ.due = due
        moved.append(occ)
    if moved:
        Occurrence.objects.bulk_update(moved, ["due"])
    if plan.create:
        Occurrence.objects.bulk_create(
            Occurrence(organization_id=step.organization_id, step=step, number=n, due=due, baseline_due=due)
            for n, due in sorted(plan.create.items())
        )
        for n in sorted(plan.create):
            recorder.add("occurrence", "created", ref(n))
    if plan.delete:
        Occurrence.objects.filter(pk__in=[have[n].pk for n in plan.delete]).delete()
        for n in plan.delete:
            recorder.add("occurrence", "deleted", ref(n))
    return True


def update_step(
    step: Step,
    *,
    title: str,
    description: str,
    responsible: Party | None,
    due_phrase: str | None,
    repeat_phrase: str | None,
    times: int | None,
    until_phrase: str | None,
    effort_hours: Decimal | None,
    priority: int,
    user: Any = None,
    reason: str = "",
) -> EditResult:
    """Change a step and re-resolve its occurrences; FormError (nothing written) on a wrong value."""
    step = Step.objects.select_related("organization", "action_plan__strategy", "responsible").get(pk=step.pk)
    org, plan = step.organization, step.action_plan
    errors = _Errors()
    values: dict[str, Any] = {
        "title": _text(errors, "title", title, Step._meta.get_field("title").max_length),
        "description": _text(errors, "description", description, 100_000).replace("\r\n", "\n"),
    }
    if not values["title"] and "title" not in errors:
        errors.add("title", Message(N_("a step needs a title")))
    if responsible is not None and responsible.organization_id != org.pk:
        errors.add(
            "responsible", Message(N_("unknown person, team or vendor %(id)s"), {"id": responsible.key})
        )
    values["responsible_id"] = responsible.pk if responsible is not None else None
    tf = _check_time_frame(errors, due_phrase, repeat_phrase, times, until_phrase)
    values |= {
        "due_phrase": tf.due_phrase,
        "repeat_phrase": tf.repeat_phrase,
        "times": tf.times,
        "until_phrase": tf.until_phrase,
    }
    values["effort_hours"] = _effort(errors, effort_hours)
    try:
        values["priority"] = int(priority)
    except (TypeError, ValueError):
        values["priority"] = None
    if values["priority"] not in Priority.values:
        errors.add("priority", Message(N_("choose a priority: low, normal, high or critical")))
    dues, warnings = _resolve(errors, tf, _plan_start(plan), plan.strategy.horizon_end, calendar_for(org))
    errors.check()

    recorder = _Recorder(org, user, reason)
    with transaction.atomic():
        locked = Step.objects.select_for_update().filter(pk=step.pk).values_list("pk", flat=True)
        list(locked)  # one editor at a time per step
        diff = {att: (getattr(step, att), new) for att, new in values.items() if getattr(step, att) != new}
        if diff:
            for att, (_old, new) in diff.items():
                setattr(step, att, new)
            step.save(update_fields=sorted(diff))
            recorder.add("step", "updated", _step_ref(step), _changes(diff, recorder))
        moved = _apply_dues(step, list(step.occurrences.order_by("number")), dues, recorder)
        recorder.save()
    return EditResult(warnings=warnings, changed=bool(diff) or moved)


def _effort(errors: _Errors, value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    f = Step._meta.get_field("effort_hours")
    try:
        amount = Decimal(value).quantize(Decimal(1).scaleb(-f.decimal_places))
        ok = amount >= 0 and amount.adjusted() < f.max_digits - f.decimal_places
    except (InvalidOperation, TypeError, ValueError):
        amount, ok = None, False
    if not ok:
        errors.add("effort_hours", Message(N_("an effort like 6h or 2d")))
    return amount


def _changes(diff: dict[str, tuple[Any, Any]], recorder: _Recorder) -> dict[str, list]:
    out = {}
    keys = {}
    ids = [pk for att, pair in diff.items() if att == "responsible_id" for pk in pair if pk]
    if ids:
        keys = dict(Party.objects.filter(pk__in=ids).values_list("pk", "key"))
    for att, (old, new) in diff.items():
        if att == "responsible_id":
            out["responsible"] = [keys.get(old), keys.get(new)]
        else:
            out[att] = [recorder.json(old), recorder.json(new)]
    return out


def change_start(
    obj: Strategy | ActionPlan, start: date | None, *, user: Any = None, reason: str = ""
) -> EditResult:
    """Move the start of a strategy or an action plan and every relative due that counts from it.

    A strategy's start moves its horizon, its goals' dues and the open occurrences of every step
    counting from it (plans without their own start), and of any step bounded by the horizon. An
    action plan's start (None: the strategy's) moves its own steps. Done occurrences keep their due.
    """
    errors = _Errors()
    is_strategy = isinstance(obj, Strategy)
    if start is None and is_strategy:
        errors.add("start", Message(N_("a strategy needs a start date")))
    elif start is not None and not MIN_DATE <= start <= MAX_DATE:
        errors.add(
            "start",
            Message(
                N_("%(date)s is outside the plan dates %(min)s to %(max)s"),
                {"date": start.isoformat(), "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()},
            ),
        )
    errors.check()
    if is_strategy:
        strategy = Strategy.objects.select_related("organization").get(pk=obj.pk)
        plans = list(strategy.action_plans.all())
    else:
        plan = ActionPlan.objects.select_related("organization", "strategy").get(pk=obj.pk)
        strategy, plans = plan.strategy, [plan]
    org = strategy.organization
    cal = calendar_for(org)
    old_start = strategy.start if is_strategy else plans[0].start
    if start == old_start:
        return EditResult()
    for plan in plans:
        plan.strategy = strategy

    warnings: list[Message] = []

    def fail(ref: str, exc: timeframe.TimeFrameError) -> None:
        errors.add("start", Message(N_("%(ref)s: %(error)s"), {"ref": ref, "error": exc.message}))

    strategy_changes: dict[str, tuple[Any, Any]] = {}
    goal_dues: dict[Goal, datetime | None] = {}
    horizon = strategy.horizon_end
    if is_strategy:
        strategy_changes["start"] = (strategy.start, start)
        try:
            horizon, found = planresolve.resolve_horizon(strategy.horizon_phrase, start, cal)
            warnings += [
                Message(N_("%(ref)s: %(warning)s"), {"ref": strategy.key, "warning": w}) for w in found
            ]
        except timeframe.TimeFrameError as exc:
            fail(strategy.key, exc)
        if horizon != strategy.horizon_end:
            strategy_changes["horizon_end"] = (strategy.horizon_end, horizon)
        for goal in strategy.goals.all():
            if not goal.due_phrase:
                continue
            ref = f"{strategy.key}/{goal.key}"
            try:
                due, found = planresolve.resolve_due(goal.due_phrase, start, cal)
            except timeframe.TimeFrameError as exc:
                fail(ref, exc)
                continue
            warnings += [Message(N_("%(ref)s: %(warning)s"), {"ref": ref, "warning": w}) for w in found]
            if due != goal.due:
                goal_dues[goal] = due

    steps = list(
        Step.objects.filter(action_plan__in=[p.pk for p in plans]).order_by(
            "action_plan_id", "position", "key"
        )
    )
    by_plan = {p.pk: p for p in plans}
    step_dues: dict[int, tuple[datetime, ...]] = {}
    for step in steps:
        plan = by_plan[step.action_plan_id]
        step.action_plan = plan
        plan_start = (plan.start or start) if is_strategy else (start or strategy.start)
        ref = _step_ref(step)
        step_errors = _Errors()
        tf = _TimeFrame(step.due_phrase, step.repeat_phrase, step.times, step.until_phrase)
        dues, found = _resolve(step_errors, tf, plan_start, horizon, cal)
        if step_errors:
            for messages in step_errors.values():
                for message in messages:
                    errors.add("start", Message(N_("%(ref)s: %(error)s"), {"ref": ref, "error": message}))
            continue
        warnings += [Message(N_("%(ref)s: %(warning)s"), {"ref": ref, "warning": w}) for w in found]
        step_dues[step.pk] = dues
    errors.check()

    recorder = _Recorder(org, user, reason)
    changed = False
    with transaction.atomic():
        if is_strategy:
            strategy.start, strategy.horizon_end = start, horizon
            strategy.save(update_fields=["start", "horizon_end"])
            recorder.add(
                "strategy",
                "updated",
                strategy.key,
                {att: [recorder.json(a), recorder.json(b)] for att, (a, b) in strategy_changes.items()},
            )
            for goal, due in goal_dues.items():
                recorder.add(
                    "goal",
                    "updated",
                    f"{strategy.key}/{goal.key}",
                    {"due": [recorder.json(goal.due), recorder.json(due)]},
                )
                goal.due = due
            if goal_dues:
                Goal.objects.bulk_update(list(goal_dues), ["due"])
        else:
            plan = plans[0]
            plan.start = start
            plan.save(update_fields=["start"])
            recorder.add(
                "action_plan",
                "updated",
                f"{strategy.key}/{plan.key}",
                {"start": [recorder.json(old_start), recorder.json(start)]},
            )
        occurrences: dict[int, list[Occurrence]] = {step.pk: [] for step in steps}
        for occ in Occurrence.objects.filter(step__in=[s.pk for s in steps]).order_by("step_id", "number"):
            occurrences[occ.step_id].append(occ)
        for step in steps:
            changed |= _apply_dues(step, occurrences[step.pk], step_dues[step.pk], recorder)
        recorder.save()
    return EditResult(warnings=_unique(warnings), changed=True)
