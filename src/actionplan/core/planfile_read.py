"""Plan file nodes -> spec dataclasses, recording every error with its location.

Objects are always built, with placeholders for values that were missing or wrong, so that the
cross-reference checks still run on the rest of the file; any recorded error makes `load` fail,
so placeholders never escape.

`Reader.fields` and the per-key readers are the reference. Steps and people written as one-line
rows of plain values (most of a large plan) are read by `Reader.row` straight from the
composer's entries, to the same specs; a row it is not sure of goes through `fields`, and so
does every error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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
    Locations,
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
    build,
    build_complete,
    packed,
)
from actionplan.core.planfile_values import BAD, SLUG, Values
from actionplan.core.planfile_yaml import NULLS, FlowMap, Map, Node, Scalar, Seq, flow_entries

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
        "lead_time",
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
# A calendar date written as ISO is always a valid time frame: read without the time-frame
# parser (whose import and first parses cost more than the rest of a plan of plain dates).
_ISO_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)\Z")
_PHRASE_KINDS = ("due", "repeat", "target")

Readers = dict[str, Callable[[Node], Any]]

# How Reader.row reads each key of a one-line row without its reader, by kind of object. Keys
# left out need their reader (nested values, or checks across keys in `step`). A "probe" value
# is looked up among the texts of that key its reader already took; a new text is given to the
# reader on a node of its own and kept only if no error was recorded (then dropped). The readers
# probed are pure (money depends on the currency, which is read before anything else).
_ID, _TEXT, _REF, _PROBE, _REFS = "id", "text", "ref", "probe", "refs"  # _REFS: `after`
_ROW_RULES: dict[str, dict[str, str]] = {
    "step": {
        "id": _ID,
        "title": _TEXT,
        "description": _TEXT,
        "who": _REF,
        "due": _PROBE,
        "start": _PROBE,
        "effort": _PROBE,
        "lead_time": _PROBE,
        "cost": _PROBE,
        "priority": _PROBE,
        "after": _REFS,
    },
    "person": {"id": _ID, "name": _TEXT, "team": _REF, "email": _PROBE, "capacity": _PROBE, "rate": _PROBE},
}


@dataclass(frozen=True)
class _Shape:
    """What Reader.row does with the rows of one kind whose keys are `keys`, in that order (a
    large plan has a handful of such shapes): the indexes of the values to check as ids, as
    text, to probe (with the texts taken so far), of `after` (or -1), and the spec's dict with
    the defaults of the keys left out, in the order `build` makes it."""

    keys: tuple[str, ...]
    ids: tuple[int, ...]
    texts: tuple[int, ...]
    probes: tuple[tuple[int, dict[str, Any]], ...]
    refs: int
    template: dict[str, Any]


class _RowLocations(Locations):
    """The `locs` of a spec read by Reader.row, worked out from the row's line when first asked
    for (few ever are): no dict and no int per value while loading, and less memory kept. The
    columns follow from the lengths, as in planfile_yaml.FlowMap.items."""

    __slots__ = ("_text", "_line", "_column")

    def __init__(self, file: str, text: str, line: int, column: int):
        self._file = file
        self._text = text
        self._line = line
        self._column = column

    def __getattr__(self, name: str) -> Any:
        if name != "_at":
            raise AttributeError(name)
        found = flow_entries(self._text, self._column)
        assert found is not None  # the composer read this row with it
        line = self._line << 32  # planfile_model.packed, inlined
        at = self._column + 1
        places: dict[str, Any] = {}
        lists = []
        for key, value in found[0]:
            value_at = at + len(key) + 2
            places[key] = line | value_at
            if value[0] == "[":
                lists.append((key, value, value_at + 1))
            at = value_at + len(value) + 2
        # As `step` adds `after.I`: after every key, one per entry of the list.
        for key, value, at in lists:
            for i, item in enumerate(value[1:-1].split(", ")):
                places[f"{key}.{i}"] = line | at
                at += len(item) + 2
        self._at = places
        return places


class Reader(Values):
    def __init__(self, filename: str):
        super().__init__(filename)
        self._phrases: dict[tuple[str, str], Any] = {}
        self._done_locs: dict[str, object] = {}
        self._readers: dict[str, Readers] = {}
        # For `row`: kind -> keys -> shape (None: not for `row`), key -> {text: value taken}.
        self._shapes: dict[str, dict[tuple[str, ...], _Shape | None]] = {kind: {} for kind in _ROW_RULES}
        self._taken: dict[str, dict[str, Any]] = {}

    # -- objects -----------------------------------------------------------------------------
    def fields(
        self,
        node: Node,
        kind: str,
        readers: Readers,
        required: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Read a mapping with the given keys: (values, where each value is), BAD values left out.

        Where each value is stays a packed int until asked for (see planfile_model.Locations).
        This is the tightest loop of a load: about seven times per step.
        """
        if not isinstance(node, Map):  # a Map or a FlowMap
            self.expected(node, N_("a mapping of keys and values"))
            return None
        values: dict[str, Any] = {}
        locs: dict[str, Any] = {}
        for key, value in node.items:  # type: ignore[union-attr]
            name = key.value
            reader = readers.get(name)
            if reader is None:
                self.unknown_key(key, KEYS[kind])
                continue
            locs[name] = value.line << 32 | value.column  # planfile_model.packed, inlined
            if (
                value.__class__ is Scalar
                and (value.value == "" or (value.plain and value.value in NULLS))  # type: ignore[union-attr]
                and name not in required
            ):
                continue  # an empty optional value is the same as leaving it out
            result = reader(value)
            if result is not BAD:
                values[name] = result
        for name in required:
            if name not in locs:
                self.error(node, N_("missing key '%(key)s'"), key=name)
        return values, locs

    def readers(self, kind: str, make: Callable[[], Readers]) -> Readers:
        """The readers of one kind of object, made once per load rather than once per object."""
        readers = self._readers.get(kind)
        if readers is None:
            readers = self._readers[kind] = make()
        return readers

    def row(self, node: FlowMap, kind: str, cls: type, readers: Readers, required: tuple[str, ...]) -> Any:
        """The spec of a one-line row of plain values, or None where `fields` must read it.

        Most of a large plan is rows like `- {id: t1, title: Step 1, who: lan, effort: 17h}`,
        which `fields` reads a node and a reader call per value: this path exists for the speed
        target of issue 9 (loading 100,000 steps). It takes the values the composer read, each
        as its reader would take it (_ROW_RULES), and builds the spec as `build` does, with the
        same dict. A null, a list where none belongs, a bad id or a value its reader does not
        take returns None: the caller then reads the row with `fields`, which is the reference
        and words every error. Nothing here records one.
        """
        shapes = self._shapes[kind]
        keys = node.keys
        shape = shapes.get(keys, BAD)
        if shape is BAD:
            shape = shapes[keys] = self._shape(kind, cls, keys, required)
        if shape is None:
            return None
        values = node.values.copy()
        refs = shape.refs
        if node.lists != (refs >= 0):
            return None  # a list where none belongs, or `after: t1`
        if refs >= 0:
            if values[refs][0] != "[":
                return None
            values[refs] = items = tuple(values[refs][1:-1].split(", "))
            if not NULLS.isdisjoint(items):
                return None
        # The composer's scalars are never empty nor padded.
        if not NULLS.isdisjoint(values):
            return None  # a null is left out when optional: `fields` knows which
        for i in shape.ids:
            if SLUG.match(values[i]) is None:
                return None
        for i in shape.texts:
            if values[i].isspace():
                return None  # blank but for no-break spaces and the like: empty to `text`
        for i, taken in shape.probes:
            text = values[i]
            value = taken.get(text, BAD)
            if value is BAD:
                errors = self.errors
                count = len(errors)
                value = readers[keys[i]](Scalar(text, True, 0, 0))
                if len(errors) != count or value is BAD:
                    del errors[count:]
                    return None
                taken[text] = value
            values[i] = value
        spec = shape.template.copy()
        spec.update(zip(keys, values, strict=True))
        spec["loc"] = Location(self.filename, node.line + 1, node.column + 1)
        spec["locs"] = _RowLocations(self.filename, node.text, node.line, node.column)
        return build_complete(cls, spec)

    def _shape(self, kind: str, cls: type, keys: tuple[str, ...], required: tuple[str, ...]) -> _Shape | None:
        rules = _ROW_RULES[kind]
        if any(key not in rules for key in keys) or any(key not in keys for key in required):
            return None  # an unknown key, or a missing one: errors, worded by `fields`
        fields = cls.__dataclass_fields__  # type: ignore[attr-defined]
        if any(name in cls._factories and name != "locs" for name in fields if name not in keys):  # type: ignore[attr-defined]
            return None  # a default made for each spec
        template = dict.fromkeys((*keys, "loc", "locs"))
        for name, default in cls._defaults.items():  # type: ignore[attr-defined]
            if name not in template:
                template[name] = default
        return _Shape(
            keys=keys,
            ids=tuple(i for i, key in enumerate(keys) if rules[key] is _ID),
            texts=tuple(i for i, key in enumerate(keys) if rules[key] is _TEXT),
            probes=tuple(
                (i, self._taken.setdefault(key, {})) for i, key in enumerate(keys) if rules[key] is _PROBE
            ),
            refs=next((i for i, key in enumerate(keys) if rules[key] is _REFS), -1),
            template=template,
        )

    def unknown_key(self, key: Scalar, expected: tuple[str, ...]) -> None:
        import difflib  # only a file with a mistake needs suggestions

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
        assert kind in _PHRASE_KINDS
        phrases = self._phrases

        def read(node: Node) -> Any:
            text = self.text(node)
            if text is BAD:
                return BAD
            # Plans repeat the same few phrases thousands of times; parse each once per load.
            cache_key = (kind, text)
            problem = phrases.get(cache_key, BAD)
            if problem is BAD:
                problem = phrases[cache_key] = self._phrase_problem(kind, text)
            if problem is not None:
                # The time-frame module's own message names the unknown words and suggestions.
                self.errors.append(PlanError(self.loc(node), problem))
            return text  # kept even when wrong: the step still exists for the reference checks

        return read

    @staticmethod
    def _phrase_problem(kind: str, text: str) -> Any:
        """None when `text` reads as a time frame of `kind`, else the time-frame error message."""
        if kind == "due":
            match = _ISO_DAY.match(text)
            if match:
                try:
                    date(int(match[1]), int(match[2]), int(match[3]))
                    return None
                except ValueError:
                    pass  # the parser words the error
        parse = {
            "due": timeframe.parse_due,
            "repeat": timeframe.parse_repeat,
            "target": timeframe.parse_target,
        }[kind]
        try:
            parse(text)
        except timeframe.TimeFrameError as exc:
            return exc.message
        return None

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
        return self.build(PlanFile, got, node)

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
        values, _ = got
        self.currency = values.get("currency", "VND")
        org = self.build(OrganizationSpec, got, node, id="", name="")
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
        return self.build(CalendarSpec, got, node)

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
        readers = self.readers("team", lambda: {"id": self.slug, "name": self.text, "lead": self.ref})
        got = self.fields(node, "team", readers, required=("id", "name"))
        return BAD if got is None else self.build(TeamSpec, got, node, id="", name="")

    def person(self, node: Node) -> Any:
        readers = self.readers(
            "person",
            lambda: {
                "id": self.slug,
                "name": self.text,
                "email": self.email,
                "team": self.ref,
                "capacity": self.capacity,
                "rate": self.money,
                "time_off": self.list_of(self.period),
            },
        )
        if node.__class__ is FlowMap:
            spec = self.row(node, "person", PersonSpec, readers, ("id", "name"))  # type: ignore[arg-type]
            if spec is not None:
                return spec
        got = self.fields(node, "person", readers, required=("id", "name"))
        return BAD if got is None else self.build(PersonSpec, got, node, id="", name="")

    def vendor(self, node: Node) -> Any:
        readers = self.readers(
            "vendor",
            lambda: {
                "id": self.slug,
                "name": self.text,
                "kind": self.text,
                "contact": self.text,
                "email": self.email,
                "phone": self.text,
                "fee": self.money,
            },
        )
        got = self.fields(node, "vendor", readers, required=("id", "name"))
        return BAD if got is None else self.build(VendorSpec, got, node, id="", name="")

    # -- strategies --------------------------------------------------------------------------
    def priority(self, node: Node) -> Any:
        return self.choice(node, PRIORITIES, PRIORITY_ALIASES)

    def strategy(self, node: Node) -> Any:
        readers = self.readers(
            "strategy",
            lambda: {
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
        )
        got = self.fields(node, "strategy", readers, required=("id", "title", "start"))
        if got is None:
            return BAD
        return self.build(StrategySpec, got, node, id="", title="", start=PLACEHOLDER_DATE)

    def goal(self, node: Node) -> Any:
        readers = self.readers(
            "goal",
            lambda: {
                "id": self.slug,
                "title": self.text,
                "metric": self.text,
                "unit": self.text,
                "baseline": self.number,
                "target": self.target,
                "due": self.phrase("due"),
                "measurements": self.list_of(self.measurement),
            },
        )
        got = self.fields(node, "goal", readers, required=("id", "title"))
        if got is None:
            return BAD
        values, _ = got
        if "target" in values:
            values["direction"], values["target"] = values["target"]
        return self.build(GoalSpec, got, node, id="", title="")

    def measurement(self, node: Node) -> Any:
        readers = self.readers(
            "measurement", lambda: {"at": self.when, "value": self.number, "note": self.text}
        )
        got = self.fields(node, "measurement", readers, required=("at", "value"))
        if got is None:
            return BAD
        return self.build(MeasurementSpec, got, node, at=PLACEHOLDER_DATE, value=0)

    def action_plan(self, node: Node) -> Any:
        readers = self.readers(
            "action_plan",
            lambda: {
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
        )
        got = self.fields(node, "action_plan", readers, required=("id", "title"))
        if got is None:
            return BAD
        return self.build(ActionPlanSpec, got, node, id="", title="")

    def service_standard(self, node: Node) -> Any:
        readers = self.readers(
            "service_standard",
            lambda: {
                "id": self.slug,
                "title": self.text,
                "channel": lambda n: self.choice(n, CHANNELS),
                "target": self.phrase("target"),
                "who": self.ref,
            },
        )
        got = self.fields(node, "service_standard", readers, required=("id", "title", "channel", "target"))
        if got is None:
            return BAD
        return self.build(ServiceStandardSpec, got, node, id="", title="", channel="other", target="")

    def step(self, node: Node) -> Any:
        readers = self.readers(
            "step",
            lambda: {
                "id": self.slug,
                "title": self.text,
                "description": self.text,
                "who": self.ref,
                "due": self.phrase("due"),
                "start": self.date,
                "effort": self.hours_amount,
                "lead_time": self.lead_time,
                "cost": self.money,
                "priority": self.priority,
                "after": self.list_of(self.ref),
                "repeat": self.phrase("repeat"),
                "times": lambda n: self.integer(n, 1, MAX_TIMES),
                "until": self.phrase("due"),
                "done": lambda n: self.done(n, self._done_locs),
            },
        )
        if node.__class__ is FlowMap:
            spec = self.row(node, "step", StepSpec, readers, ("id", "title"))  # type: ignore[arg-type]
            if spec is not None:  # no repeat, times, until nor done: nothing below applies
                return spec
        done_locs = self._done_locs = {}
        got = self.fields(node, "step", readers, required=("id", "title"))
        if got is None:
            return BAD
        values, locs = got
        if "after" in locs:
            after_node = next(v for k, v in node.items if k.value == "after")  # type: ignore[union-attr]
            if after_node.__class__ is Seq:
                for i, item in enumerate(after_node.items):  # type: ignore[union-attr]
                    locs[f"after.{i}"] = packed(item.line, item.column)
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
        return self.build(StepSpec, got, node, id="", title="")

    def done(self, node: Node, locs: dict[str, object]) -> Any:
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
                locs[f"done.{number}"] = packed(value.line, value.column)
        return "many", tuple(sorted(entries, key=lambda e: e[0]))

    def build(
        self, cls: type, got: tuple[dict[str, Any], dict[str, Any]], node: Node, **placeholders: Any
    ) -> Any:
        """The spec, with placeholders for missing required values (an error was recorded)."""
        values, locs = got
        for key, placeholder in placeholders.items():
            if key not in values:
                values[key] = placeholder
        values["loc"] = Location(self.filename, node.line + 1, node.column + 1)
        values["locs"] = Locations(self.filename, locs)
        return build(cls, values)
