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


class _Resolver:
    def __init__(self, plan: PlanFile):
        self.plan = plan
        self.errors: list[PlanError] = []
        self.warnings: list[PlanError] = []
        self.cal = build_calendar(plan.organization)
        self._parsed: dict[tuple[str, str], Any] = {}
        self._resolved: dict[tuple[Any, date], Any] = {}

    def fail(self, where: Location | None, message: Message) -> None:
        if where is not None:
            self.errors.append(PlanError(where, message))

    def parse(self, kind: str, text: str) -> Any:
        key = (kind, text)
        if key not in self._parsed:
            parse = timeframe.parse_repeat if kind == "repeat" else timeframe.parse_due
            self._parsed[key] = parse(text)
        return self._parsed[key]

    def due(self, text: str, start: date, where: Location | None) -> datetime | None:
        """Resolve one due phrase; warnings are located at the phrase."""
        try:
            value = self.parse("due", text)
            key = (value, start)
            if key not in self._resolved:  # thousands of steps share a few (phrase, start) pairs
                self._resolved[key] = timeframe.resolve(value, start, self.cal)
            resolution = self._resolved[key]
        except (timeframe.TimeFrameError, ValueError) as exc:
            self.fail(where, _message(exc))
            return None
        self.warn(where, resolution.warnings)
        return self.in_range(resolution.due, where)

    def warn(self, where: Location | None, warnings: tuple[Message, ...]) -> None:
        if where is not None:
            self.warnings.extend(PlanError(where, w) for w in warnings)

    def in_range(self, moment: datetime, where: Location | None) -> datetime | None:
        if moment.date() > MAX_DATE:
            self.fail(
                where,
                Message(
                    N_("this resolves to %(date)s, after the last plan date %(max)s"),
                    {"date": moment.date().isoformat(), "max": MAX_DATE.isoformat()},
                ),
            )
            return None
        return moment

    def completion(self, when: When) -> datetime:
        """Naive times are in the organization's zone; a date alone means close of business."""
        if isinstance(when, datetime):
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
                for step in ap.steps:
                    ref = f"{strategy.id}/{ap.id}/{step.id}"
                    dues = self.step_dues(step, start, horizon)
                    if dues is None:
                        continue
                    result.due[ref] = dues
                    self.completed(result, ref, step, len(dues))
        if self.errors:
            raise PlanFileError(self.errors)
        return result

    def step_dues(self, step: Any, start: date, horizon: datetime | None) -> tuple[datetime, ...] | None:
        if step.repeat is None:
            if step.due is None:
                # Documented: an undated one-off step is due when its strategy ends.
                return (horizon,) if horizon is not None else None
            moment = self.due(step.due, start, step.where("due"))
            return None if moment is None else (moment,)
        where = step.where("repeat")
        try:
            repeat = self.parse("repeat", step.repeat)
            due = self.parse("due", step.due) if step.due is not None else None
            until = self.parse("due", step.until) if step.until is not None else None
            found = timeframe.occurrences(
                repeat, start, self.cal, due=due, times=step.times, until=until, horizon=horizon
            )
        except (timeframe.TimeFrameError, ValueError) as exc:
            self.fail(where, _message(exc))
            return None
        warn_at = step.where("due") if step.due is not None else where
        if not found:
            self.warn(
                where,
                (
                    Message(
                        N_("this repeating step has no occurrence: it ends before its action plan starts"), {}
                    ),
                ),
            )
        dues = []
        for occurrence in found:
            self.warn(warn_at, occurrence.warnings)
            moment = self.in_range(occurrence.due, warn_at)
            if moment is None:
                return None
            dues.append(moment)
        return tuple(dues)

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
