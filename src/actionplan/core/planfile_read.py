"""Plan file nodes -> spec dataclasses, recording every error with its location.

Objects are always built, with placeholders for values that were missing or wrong, so that the
cross-reference checks still run on the rest of the file; any recorded error makes `load` fail,
so placeholders never escape.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from actionplan.core import timeframe, workcal
from actionplan.core.messages import N_
from actionplan.core.planfile_model import (
    CHANNELS,
    LOCALES,
    PRIORITIES,
    STATUSES,
    WEEKDAYS,
    ActionPlanSpec,
    CalendarSpec,
    GoalSpec,
    Location,
    MeasurementSpec,
    OrganizationSpec,
    PersonSpec,
    PlanError,
    PlanFile,
    ServiceStandardSpec,
    StepSpec,
    StrategySpec,
    TeamSpec,
    VendorSpec,
)
from actionplan.core.planfile_values import BAD, Values
from actionplan.core.planfile_yaml import Map, Node, Scalar, Seq

# The documented keys of every object, in the order `dump` writes them.
KEYS: dict[str, tuple[str, ...]] = {
    "plan": ("version", "organization", "teams", "people", "vendors", "strategies"),
    "organization": ("id", "name", "locale", "timezone", "currency", "calendar"),
    "calendar": ("work_week", "hours", "holidays", "closed_days", "working_days"),
    "hours": ("default", *WEEKDAYS),
    "team": ("id", "name", "lead"),
    "person": ("id", "name", "email", "team", "capacity", "rate", "time_off"),
    "vendor": ("id", "name", "kind", "contact", "email", "phone", "fee"),
    "strategy": (
        "id",
        "title",
        "description",
        "owner",
        "start",
        "horizon",
        "budget",
        "priority",
        "status",
        "goals",
        "action_plans",
    ),
    "goal": ("id", "title", "metric", "unit", "baseline", "target", "due", "measurements"),
    "measurement": ("at", "value", "note"),
    "action_plan": (
        "id",
        "title",
        "description",
        "goal",
        "responsible",
        "priority",
        "start",
        "steps",
        "service_standards",
    ),
    "step": (
        "id",
        "title",
        "description",
        "who",
        "due",
        "start",
        "effort",
        "cost",
        "priority",
        "after",
        "repeat",
        "times",
        "until",
        "done",
    ),
    "service_standard": ("id", "title", "channel", "target", "who"),
}

PRIORITY_ALIASES = {
    "thấp": "low",
    "bình thường": "normal",
    "trung bình": "normal",
    "cao": "high",
    "khẩn cấp": "critical",
}
PLACEHOLDER_DATE = date(2000, 1, 1)
MAX_TIMES = 1000


class Reader(Values):
    def __init__(self, filename: str):
        super().__init__(filename)
        self._phrases: dict[tuple[str, str], str | None] = {}

    # -- objects -----------------------------------------------------------------------------
    def fields(
        self,
        node: Node,
        kind: str,
        readers: dict[str, Callable[[Node], Any]],
        required: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], dict[str, Location]] | None:
        """Read a mapping with the given keys: (values, value locations), BAD values left out."""
        if not isinstance(node, Map):
            self.expected(node, N_("a mapping of keys and values"))
            return None
        values: dict[str, Any] = {}
        locs: dict[str, Location] = {}
        for key, value in node.items:
            reader = readers.get(key.value)
            if reader is None:
                self.unknown_key(key, KEYS[kind])
                continue
            locs[key.value] = self.loc(value)
            if (
                isinstance(value, Scalar)
                and (value.is_null or value.value == "")
                and key.value not in required
            ):
                continue  # an empty optional value is the same as leaving it out
            result = reader(value)
            if result is not BAD:
                values[key.value] = result
        for key in required:
            if key not in locs:
                self.error(node, N_("missing key '%(key)s'"), key=key)
        return values, locs

    def unknown_key(self, key: Scalar, expected: tuple[str, ...]) -> None:
        close = difflib.get_close_matches(key.value, expected, n=1)
        if close:
            self.error(
                key,
                N_("unknown key '%(key)s'; did you mean '%(suggestion)s'? expected one of: %(expected)s"),
                key=key.value,
                suggestion=close[0],
                expected=", ".join(expected),
            )
        else:
            self.error(
                key,
                N_("unknown key '%(key)s'; expected one of: %(expected)s"),
                key=key.value,
                expected=", ".join(expected),
            )

    def list_of(self, read: Callable[[Node], Any]) -> Callable[[Node], Any]:
        return lambda node: self.items(node, read)

    # -- time-frame phrases ------------------------------------------------------------------
    def phrase(self, kind: str) -> Callable[[Node], Any]:
        parse = {
            "due": timeframe.parse_due,
            "repeat": timeframe.parse_repeat,
            "target": timeframe.parse_target,
        }[kind]

        def read(node: Node) -> Any:
            text = self.text(node)
            if text is BAD:
                return BAD
            # Plans repeat the same few phrases thousands of times; parse each once per load.
            cache_key = (kind, text)
            if cache_key not in self._phrases:
                try:
                    parse(text)
                    self._phrases[cache_key] = None
                except timeframe.TimeFrameError as exc:
                    self._phrases[cache_key] = exc.message
            problem = self._phrases[cache_key]
            if problem is not None:
                # The time-frame module's own message names the unknown words and suggestions.
                self.errors.append(PlanError(self.loc(node), problem))
            return text  # kept even when wrong: the step still exists for the reference checks

        return read

    # -- the file ----------------------------------------------------------------------------
    def plan(self, node: Node) -> PlanFile | None:
        if not isinstance(node, Map):
            self.expected(node, N_("a plan file: a mapping with version, organization, people, strategies"))
            return None
        # The organization first: its currency decides how money is checked everywhere else.
        org_node = next((v for k, v in node.items if k.value == "organization"), None)
        org = self.organization(org_node) if org_node is not None else None
        got = self.fields(
            node,
            "plan",
            {
                "version": self.version,
                "organization": lambda n: org,
                "teams": self.list_of(self.team),
                "people": self.list_of(self.person),
                "vendors": self.list_of(self.vendor),
                "strategies": self.list_of(self.strategy),
            },
            required=("version", "organization"),
        )
        if got is None or org is None:
            return None
        values, locs = got
        values["organization"] = org
        values.setdefault("version", 1)
        return PlanFile(**values, loc=self.loc(node), locs=locs)

    def version(self, node: Node) -> Any:
        value = self.integer(node, 0, 10**6)
        if value is not BAD and value != 1:
            return self.error(
                node,
                N_("unsupported plan file version %(version)s: this program reads version 1"),
                version=value,
            )
        return value

    def organization(self, node: Node) -> OrganizationSpec | None:
        got = self.fields(
            node,
            "organization",
            {
                "id": self.slug,
                "name": self.text,
                "locale": lambda n: self.choice(n, LOCALES),
                "timezone": self.timezone,
                "currency": self.currency_code,
                "calendar": self.calendar,
            },
            required=("id", "name"),
        )
        if got is None:
            return None
        values, locs = got
        values.setdefault("id", "")
        values.setdefault("name", "")
        self.currency = values.get("currency", "VND")
        org = OrganizationSpec(**values, loc=self.loc(node), locs=locs)
        self.check_calendar(org)
        return org

    def timezone(self, node: Node) -> Any:
        value = self.scalar(node, N_("an IANA time zone like Asia/Ho_Chi_Minh"))
        if value is BAD:
            return BAD
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            return self.error(
                node, N_("unknown time zone '%(value)s' (use a name like Asia/Ho_Chi_Minh)"), value=value
            )
        return value

    def currency_code(self, node: Node) -> Any:
        value = self.scalar(node, N_("a currency code like VND"))
        if value is BAD:
            return BAD
        code = value.strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            return self.error(
                node, N_("'%(value)s' is not a currency code: use three letters like VND"), value=value
            )
        return code

    def calendar(self, node: Node) -> Any:
        got = self.fields(
            node,
            "calendar",
            {
                "work_week": self.work_week,
                "hours": self.hours,
                "holidays": self.holidays,
                "closed_days": self.list_of(self.date),
                "working_days": self.list_of(self.date),
            },
        )
        if got is None:
            return BAD
        values, locs = got
        hours = values.pop("hours", None)
        if hours is not None:
            values["hours"], values["hours_by_day"] = hours
        if "holidays" in values:
            values["holidays"] = values["holidays"] or None
        elif "holidays" in locs:  # `holidays:` left empty means none, not the default
            values["holidays"] = None
        return CalendarSpec(**values, loc=self.loc(node), locs=locs)

    def work_week(self, node: Node) -> Any:
        value = self.text(node)
        if value is BAD:
            return BAD
        try:
            workcal.parse_work_week(value)
        except ValueError as exc:
            return self.value_error(node, exc, N_("invalid work week: %(reason)s"))
        return value

    def hours_text(self, node: Node) -> Any:
        value = self.scalar(node, N_("business hours like 08:00-12:00, 13:00-17:00"))
        if value is BAD:
            return BAD
        try:
            workcal.parse_hours(value)
        except ValueError as exc:
            return self.value_error(node, exc, N_("invalid business hours: %(reason)s"))
        return value

    def hours(self, node: Node) -> Any:
        """A string for every working day, or {default: ..., sat: ...} where days differ."""
        if isinstance(node, Scalar):
            value = self.hours_text(node)
            return BAD if value is BAD else (value, ())
        readers = {key: self.hours_text for key in KEYS["hours"]}
        got = self.fields(node, "hours", readers)
        if got is None:
            return BAD
        values, _ = got
        default = values.pop("default", None) or CalendarSpec().hours
        return default, tuple((day, values[day]) for day in WEEKDAYS if day in values)

    def holidays(self, node: Node) -> Any:
        value = self.scalar(node, N_("a country code like VN, or none"))
        if value is BAD:
            return BAD
        try:
            return workcal.parse_holidays(value) or ""
        except ValueError as exc:
            return self.value_error(node, exc, N_("invalid holidays: %(reason)s"))

    def check_calendar(self, org: OrganizationSpec) -> None:
        """Build the calendar once so combinations (a work day without hours...) are caught here."""
        from actionplan.core.planresolve import build_calendar

        try:
            build_calendar(org)
        except ValueError as exc:
            where = org.calendar.loc or org.where("calendar") or org.loc
            if where is not None:
                self.value_error(where, exc, N_("invalid calendar: %(reason)s"))

    # -- parties -----------------------------------------------------------------------------
    def team(self, node: Node) -> Any:
        got = self.fields(
            node, "team", {"id": self.slug, "name": self.text, "lead": self.ref}, required=("id", "name")
        )
        return BAD if got is None else _build(TeamSpec, got, self.loc(node), id="", name="")

    def person(self, node: Node) -> Any:
        got = self.fields(
            node,
            "person",
            {
                "id": self.slug,
                "name": self.text,
                "email": self.email,
                "team": self.ref,
                "capacity": self.capacity,
                "rate": self.money,
                "time_off": self.list_of(self.period),
            },
            required=("id", "name"),
        )
        return BAD if got is None else _build(PersonSpec, got, self.loc(node), id="", name="")

    def vendor(self, node: Node) -> Any:
        got = self.fields(
            node,
            "vendor",
            {
                "id": self.slug,
                "name": self.text,
                "kind": self.text,
                "contact": self.text,
                "email": self.email,
                "phone": self.text,
                "fee": self.money,
            },
            required=("id", "name"),
        )
        return BAD if got is None else _build(VendorSpec, got, self.loc(node), id="", name="")

    # -- strategies --------------------------------------------------------------------------
    def priority(self, node: Node) -> Any:
        return self.choice(node, PRIORITIES, PRIORITY_ALIASES)

    def strategy(self, node: Node) -> Any:
        got = self.fields(
            node,
            "strategy",
            {
                "id": self.slug,
                "title": self.text,
                "description": self.text,
                "owner": self.ref,
                "start": self.date,
                "horizon": self.phrase("due"),
                "budget": self.money,
                "priority": self.priority,
                "status": lambda n: self.choice(n, STATUSES),
                "goals": self.list_of(self.goal),
                "action_plans": self.list_of(self.action_plan),
            },
            required=("id", "title", "start"),
        )
        if got is None:
            return BAD
        return _build(StrategySpec, got, self.loc(node), id="", title="", start=PLACEHOLDER_DATE)

    def goal(self, node: Node) -> Any:
        got = self.fields(
            node,
            "goal",
            {
                "id": self.slug,
                "title": self.text,
                "metric": self.text,
                "unit": self.text,
                "baseline": self.number,
                "target": self.target,
                "due": self.phrase("due"),
                "measurements": self.list_of(self.measurement),
            },
            required=("id", "title"),
        )
        if got is None:
            return BAD
        values, _ = got
        if "target" in values:
            values["direction"], values["target"] = values["target"]
        return _build(GoalSpec, got, self.loc(node), id="", title="")

    def measurement(self, node: Node) -> Any:
        got = self.fields(
            node,
            "measurement",
            {"at": self.when, "value": self.number, "note": self.text},
            required=("at", "value"),
        )
        if got is None:
            return BAD
        return _build(MeasurementSpec, got, self.loc(node), at=PLACEHOLDER_DATE, value=0)

    def action_plan(self, node: Node) -> Any:
        got = self.fields(
            node,
            "action_plan",
            {
                "id": self.slug,
                "title": self.text,
                "description": self.text,
                "goal": self.ref,
                "responsible": self.ref,
                "priority": self.priority,
                "start": self.date,
                "steps": self.list_of(self.step),
                "service_standards": self.list_of(self.service_standard),
            },
            required=("id", "title"),
        )
        if got is None:
            return BAD
        return _build(ActionPlanSpec, got, self.loc(node), id="", title="")

    def service_standard(self, node: Node) -> Any:
        got = self.fields(
            node,
            "service_standard",
            {
                "id": self.slug,
                "title": self.text,
                "channel": lambda n: self.choice(n, CHANNELS),
                "target": self.phrase("target"),
                "who": self.ref,
            },
            required=("id", "title", "channel", "target"),
        )
        if got is None:
            return BAD
        return _build(ServiceStandardSpec, got, self.loc(node), id="", title="", channel="other", target="")

    def step(self, node: Node) -> Any:
        done_locs: dict[str, Location] = {}
        got = self.fields(
            node,
            "step",
            {
                "id": self.slug,
                "title": self.text,
                "description": self.text,
                "who": self.ref,
                "due": self.phrase("due"),
                "start": self.date,
                "effort": self.hours_amount,
                "cost": self.money,
                "priority": self.priority,
                "after": self.list_of(self.ref),
                "repeat": self.phrase("repeat"),
                "times": lambda n: self.integer(n, 1, MAX_TIMES),
                "until": self.phrase("due"),
                "done": lambda n: self.done(n, done_locs),
            },
            required=("id", "title"),
        )
        if got is None:
            return BAD
        values, locs = got
        after_node = next((v for k, v in node.items if k.value == "after"), None)
        if isinstance(after_node, Seq):
            for i, item in enumerate(after_node.items):
                locs[f"after.{i}"] = self.loc(item)
        recurring = "repeat" in values
        if not recurring:
            for key in ("times", "until"):
                if key in locs:
                    self.error(
                        locs[key],
                        N_("'%(key)s' needs 'repeat': only a repeating step has several occurrences"),
                        key=key,
                    )
        done = values.get("done")
        if done is not None:
            shape, value = done
            if shape == "one" and recurring:
                self.error(
                    locs["done"],
                    N_("this step repeats: give 'done' per occurrence, like {1: 2027-03-31, 2: 2027-04-30}"),
                )
                values.pop("done")
            elif shape == "many" and not recurring:
                self.error(
                    locs["done"],
                    N_("this step does not repeat: 'done' is one date, like 2027-03-31 or 2027-03-31 16:30"),
                )
                values.pop("done")
            else:
                values["done"] = ((1, value),) if shape == "one" else value
                locs.update(done_locs if shape == "many" else {"done.1": locs["done"]})
        return _build(StepSpec, got, self.loc(node), id="", title="")

    def done(self, node: Node, locs: dict[str, Location]) -> Any:
        """One completion time, or {occurrence number: completion time} for a repeating step."""
        if not isinstance(node, Map):
            value = self.when(node)
            return BAD if value is BAD else ("one", value)
        entries: list[tuple[int, Any]] = []
        for key, value in node.items:
            number = self.integer(key, 1, MAX_TIMES)
            when = self.when(value)
            if number is not BAD and when is not BAD:
                entries.append((number, when))
                locs[f"done.{number}"] = self.loc(value)
        return "many", tuple(sorted(entries, key=lambda e: e[0]))


def _build(
    cls: type, got: tuple[dict[str, Any], dict[str, Location]], loc: Location, **placeholders: Any
) -> Any:
    values, locs = got
    for key, placeholder in placeholders.items():
        values.setdefault(key, placeholder)
    return cls(**values, loc=loc, locs=locs)
