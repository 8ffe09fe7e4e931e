"""A loaded plan file -> the due date of every step occurrence, on the organization's calendar.

Every time-frame phrase counts from the start of its action plan (the plan's `start`, else the
strategy's). A step without `due` and without `repeat` is due at the strategy horizon; a
repeating step is bounded by `times`, `until` or, failing both, the strategy horizon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from actionplan.core import timeframe, workcal
from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import (
    MAX_DATE,
    WEEKDAYS,
    Location,
    OrganizationSpec,
    PlanError,
    PlanFile,
    PlanFileError,
    When,
)


@dataclass
class ResolvedPlan:
    due: dict[str, tuple[datetime, ...]]  # step ref "strategy/plan/step" -> due of occurrence 1..n (aware)
    warnings: list[PlanError]
    completed: dict[str, dict[int, datetime]] = field(default_factory=dict)  # step ref -> {n: done at}
    goal_due: dict[str, datetime] = field(default_factory=dict)  # "strategy/goal" -> due (aware)
    horizon: dict[str, datetime] = field(default_factory=dict)  # strategy id -> horizon end (aware)
    calendar: workcal.WorkCalendar | None = None


def build_calendar(org: OrganizationSpec) -> workcal.WorkCalendar:
    """The organization's WorkCalendar; ValueError when the calendar is inconsistent.

    A weekday gets business hours when it is in the work week or has its own line in `hours`;
    other days get none, so an extra working day on them uses the Monday hours.
    """
    spec = org.calendar
    work_week = workcal.parse_work_week(spec.work_week)
    default = workcal.parse_hours(spec.hours)
    own = {day: workcal.parse_hours(text) for day, text in spec.hours_by_day}
    hours = tuple(own.get(name, default if i in work_week else ()) for i, name in enumerate(WEEKDAYS))
    return workcal.WorkCalendar(
        timezone=org.timezone,
        work_week=work_week,
        hours=hours,
        holidays=spec.holidays,
        closed_days=frozenset(spec.closed_days),
        extra_working_days=frozenset(spec.working_days),
    )


NO_OCCURRENCE = Message(
    N_("this repeating step has no occurrence: it ends before its action plan starts"), {}
)


class StepDuesError(timeframe.TimeFrameError):
    """A step's time frame that does not resolve; `field` names the phrase at fault.

    `field` is "due", "repeat" or "until" (a bound or period problem of a recurrence is the
    repeat's). It is a TimeFrameError, with the same message, unknown words and suggestions.
    """

    def __init__(self, error: timeframe.TimeFrameError, field: str) -> None:
        super().__init__(error.message, error.unknown_words, error.suggestions)
        self.field = field


def _in_range(moment: datetime) -> datetime:
    if moment.date() > MAX_DATE:
        raise timeframe.TimeFrameError(
            Message(
                N_("this resolves to %(date)s, after the last plan date %(max)s"),
                {"date": moment.date().isoformat(), "max": MAX_DATE.isoformat()},
            )
        )
    return moment


def _as_timeframe_error(exc: Exception) -> timeframe.TimeFrameError:
    if isinstance(exc, timeframe.TimeFrameError):
        return exc
    return timeframe.TimeFrameError(_message(exc))


def resolve_due(phrase: str, start: date, cal: workcal.WorkCalendar) -> tuple[datetime, tuple[Message, ...]]:
    """One due phrase (a step's, a goal's or a strategy horizon) counted from `start`: (due, warnings).

    Raises TimeFrameError when the phrase does not parse or resolves outside the plan dates.
    """
    try:
        resolution = timeframe.resolve(timeframe.parse_due(phrase), start, cal)
        return _in_range(resolution.due), resolution.warnings
    except (timeframe.TimeFrameError, ValueError) as exc:
        raise _as_timeframe_error(exc) from None


def resolve_horizon(
    phrase: str | None, start: date, cal: workcal.WorkCalendar
) -> tuple[datetime | None, tuple[Message, ...]]:
    """A strategy's horizon end (None without a phrase), from the strategy start."""
    if not phrase:
        return None, ()
    return resolve_due(phrase, start, cal)


def resolve_step_dues(
    *,
    due: str | None,
    repeat: str | None,
    times: int | None,
    until: str | None,
    start: date,
    horizon: datetime | None,
    cal: workcal.WorkCalendar,
) -> tuple[tuple[datetime, ...], tuple[Message, ...]]:
    """The due of each occurrence 1..n of a step, and the warnings: the one rule for every interface.

    A one-off step is due at `due` counted from `start` (its action plan's start, else the
    strategy's); without `due`, at the strategy horizon (no occurrence without one). A repeating
    step is bounded by `times`, `until` or, failing both, the horizon. Raises StepDuesError (a
    TimeFrameError naming the field at fault).
    """
    if not repeat:
        if not due:
            # Documented: an undated one-off step is due when its strategy ends.
            return ((horizon,) if horizon is not None else ()), ()
        try:
            moment, warnings = resolve_due(due, start, cal)
        except timeframe.TimeFrameError as exc:
            raise StepDuesError(exc, "due") from None
        return (moment,), warnings
    values: dict[str, Any] = {}
    for name, phrase, parse in (
        ("repeat", repeat, timeframe.parse_repeat),
        ("due", due, timeframe.parse_due),
        ("until", until, timeframe.parse_due),
    ):
        try:
            values[name] = parse(phrase) if phrase else None
        except (timeframe.TimeFrameError, ValueError) as exc:
            raise StepDuesError(_as_timeframe_error(exc), name) from None
    try:
        found = timeframe.occurrences(
            values["repeat"],
            start,
            cal,
            due=values["due"],
            times=times,
            until=values["until"],
            horizon=horizon,
        )
    except (timeframe.TimeFrameError, ValueError) as exc:
        raise StepDuesError(_as_timeframe_error(exc), "repeat") from None
    warnings: list[Message] = [] if found else [NO_OCCURRENCE]
    dues = []
    for occurrence in found:
        warnings.extend(occurrence.warnings)
        try:
            dues.append(_in_range(occurrence.due))
        except timeframe.TimeFrameError as exc:
            raise StepDuesError(exc, "due" if due else "repeat") from None
    return tuple(dues), tuple(warnings)


def step_reading(
    *, due: str | None, repeat: str | None, start: date, cal: workcal.WorkCalendar
) -> Message | None:
    """How a step's time frame is read, for the person who typed it ("tháng Ba (theo lịch) → …");
    None when there is nothing to read or the phrase does not resolve (its error says why)."""
    try:
        if repeat:
            return timeframe.explain(timeframe.parse_repeat(repeat), start, cal)
        if due:
            return timeframe.explain(timeframe.parse_due(due), start, cal)
    except (timeframe.TimeFrameError, ValueError):
        return None
    return None


class _Resolver:
    def __init__(self, plan: PlanFile):
        self.plan = plan
        self.errors: list[PlanError] = []
        self.warnings: list[PlanError] = []
        self.cal = build_calendar(plan.organization)
        # (start, horizon) -> phrases -> (dues, warnings) or the error they raise
        self._seen: dict[tuple[date, datetime | None], dict[Any, Any]] = {}

    def fail(self, where: Location | None, message: Message) -> None:
        if where is not None:
            self.errors.append(PlanError(where, message))

    def due(self, text: str, start: date, where: Location | None) -> datetime | None:
        """Resolve one due phrase; warnings are located at the phrase."""
        try:
            moment, warnings = resolve_due(text, start, self.cal)
        except timeframe.TimeFrameError as exc:
            self.fail(where, exc.message)
            return None
        self.warn(where, warnings)
        return moment

    def warn(self, where: Location | None, warnings: tuple[Message, ...]) -> None:
        if where is not None:
            self.warnings.extend(PlanError(where, w) for w in warnings)

    def completion(self, when: When) -> datetime:
        """Naive times are in the organization's zone, a moment with an offset is converted to it;
        a date alone means close of business."""
        if isinstance(when, datetime):
            if when.tzinfo is not None:
                return when.astimezone(self.cal.tzinfo)
            return when.replace(tzinfo=self.cal.tzinfo)
        if self.cal.is_working_day(when):
            return self.cal.close_of_business(when)
        # Done on a day off: the end of that weekday's usual hours (else Monday's) that day.
        hours = self.cal.hours[when.weekday()] or self.cal.hours[0] or workcal.DEFAULT_HOURS
        return datetime.combine(when, hours[-1][1], tzinfo=self.cal.tzinfo)

    def run(self) -> ResolvedPlan:
        result = ResolvedPlan(due={}, warnings=self.warnings, calendar=self.cal)
        for strategy in self.plan.strategies:
            horizon = self.due(strategy.horizon, strategy.start, strategy.where("horizon"))
            if horizon is not None:
                result.horizon[strategy.id] = horizon
            for goal in strategy.goals:
                if goal.due is not None:
                    moment = self.due(goal.due, strategy.start, goal.where("due"))
                    if moment is not None:
                        result.goal_due[f"{strategy.id}/{goal.id}"] = moment
            for ap in strategy.action_plans:
                start = ap.start or strategy.start
                # Plans repeat the same phrases from the same start (a date, "end of month 2"):
                # each distinct one is resolved once.
                seen = self._seen.setdefault((start, horizon), {})
                prefix = f"{strategy.id}/{ap.id}/"
                for step in ap.steps:
                    dues = self.step_dues(step, start, horizon, seen)
                    if dues is None:
                        continue
                    ref = f"{prefix}{step.id}"
                    result.due[ref] = dues
                    if step.done:
                        self.completed(result, ref, step, len(dues))
        if self.errors:
            raise PlanFileError(self.errors)
        return result

    def step_dues(
        self, step: Any, start: date, horizon: datetime | None, seen: dict[Any, Any]
    ) -> tuple[datetime, ...] | None:
        """The dues of `step`; `seen` holds what its phrases resolved to from `start` and `horizon`.

        Where the step's phrases are written is looked up only for a warning or an error: a
        large plan has 100,000 steps and a handful of those.
        """
        repeat = step.repeat
        # A one-off step's dues depend on its due alone (times and until need repeat).
        key = step.due if repeat is None else (step.due, repeat, step.times, step.until)
        found = seen.get(key)
        if found is None:
            try:
                found = resolve_step_dues(
                    due=step.due,
                    repeat=repeat,
                    times=step.times,
                    until=step.until,
                    start=start,
                    horizon=horizon,
                    cal=self.cal,
                )
            except StepDuesError as exc:
                found = exc
            seen[key] = found
        if isinstance(found, StepDuesError):
            self.fail(step.where(found.field), found.message)
            return None
        dues, warnings = found
        if repeat is None:
            if warnings:
                self.warn(step.where("due"), warnings)
            return dues or None
        if warnings:
            warn_at = step.where("due") if step.due is not None else step.where("repeat")
            self.warn(step.where("repeat"), tuple(w for w in warnings if w is NO_OCCURRENCE))
            self.warn(warn_at, tuple(w for w in warnings if w is not NO_OCCURRENCE))
        return dues

    def completed(self, result: ResolvedPlan, ref: str, step: Any, count: int) -> None:
        done: dict[int, datetime] = {}
        for number, when in step.done:
            if number > count:
                self.fail(
                    step.where(f"done.{number}"),
                    Message(
                        N_("occurrence %(number)s is marked done, but this step has only %(count)s"),
                        {"number": number, "count": count},
                    ),
                )
                continue
            done[number] = self.completion(when)
        if done:
            result.completed[ref] = done


def _message(exc: Exception) -> Message:
    message = getattr(exc, "message", None)
    if isinstance(message, Message):
        return message
    return Message(N_("cannot resolve this time frame: %(reason)s"), {"reason": str(exc)})


def resolve_plan(plan: PlanFile) -> ResolvedPlan:
    """Due dates of every occurrence, completions, goal dues and horizons; PlanFileError if any fail."""
    return _Resolver(plan).run()
