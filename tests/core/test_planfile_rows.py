"""The fast path for one-line rows reads exactly what the general path reads.

`Reader.row` takes a step or person written as `- {id: t1, title: ..., after: [t0]}` straight
from the composer's entries, and `planfile_check` looks for cycles among the steps that have an
`after` only. Here plans written in such rows, with good and bad values of every kind, load to
the same specs (values, `loc`, every `locs` entry in order, the dict of each spec) or fail with
the same errors in the same order as through libyaml's nodes and `Reader.fields` alone.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actionplan.core import planfile
from actionplan.core.planfile_check import _cycles, _party_ids, absolute_ref, check
from actionplan.core.planfile_model import PlanError
from actionplan.core.planfile_read import Reader
from actionplan.core.planfile_yaml import _Failed, compose, compose_libyaml


class GeneralReader(Reader):
    """The reference: every object through `fields`, the way any block mapping is read."""

    def row(self, *args: object) -> None:
        return None


def read(text: str, fast: bool) -> tuple[Any, list[str]]:
    """(plan or None, errors in the order they were found) as `planfile.load` finds them."""
    try:
        node = compose(text, "p.yaml") if fast else compose_libyaml(text, "p.yaml")
    except _Failed as failed:
        return None, [str(e) for e in failed.errors]
    reader = (Reader if fast else GeneralReader)("p.yaml")
    plan = reader.plan(node)
    if plan is not None:
        check(plan, reader)
    return (None if reader.errors else plan), [str(e) for e in reader.errors]


def everything(spec: object, path: str = "plan") -> list[object]:
    """Each spec's path, dict keys in order, `loc` and `locs` (in order), with every value."""
    found: list[object] = []
    if hasattr(spec, "__dataclass_fields__"):
        found.append((path, list(vars(spec)), spec.loc, list(spec.locs.items())))  # type: ignore[attr-defined]
        for name in spec.__dataclass_fields__:  # type: ignore[attr-defined]
            if name not in ("loc", "locs"):
                found.extend(everything(getattr(spec, name), f"{path}.{name}"))
    elif isinstance(spec, tuple):
        for i, item in enumerate(spec):
            found.extend(everything(item, f"{path}[{i}]"))
    else:
        found.append((path, type(spec).__name__, spec))
    return found


def assert_same(text: str) -> None:
    fast_plan, fast_errors = read(text, fast=True)
    slow_plan, slow_errors = read(text, fast=False)
    assert fast_errors == slow_errors, text
    assert (fast_plan is None) == (slow_plan is None), text
    if fast_plan is not None:
        assert fast_plan == slow_plan
        assert everything(fast_plan) == everything(slow_plan), text
    # And as `load` reports them, sorted by place.
    try:
        loaded = planfile.load(text, "p.yaml")
    except planfile.PlanFileError as exc:
        assert fast_plan is None
        assert [str(e) for e in exc.errors] == [
            str(e) for e in sorted(fast_errors_of(text), key=lambda e: (e.location.line, e.location.column))
        ]
    else:
        assert loaded == fast_plan


def fast_errors_of(text: str) -> list[PlanError]:
    try:
        node = compose(text, "p.yaml")
    except _Failed as failed:
        return failed.errors
    reader = Reader("p.yaml")
    plan = reader.plan(node)
    if plan is not None:
        check(plan, reader)
    return reader.errors


# -- generated plans ---------------------------------------------------------------------------

IDS = ["t1", "t2", "t3", "a-b", "x_9"]
# (good values, unusual or bad ones) per key; a value is written as is, so quotes are YAML's.
VALUES: dict[str, tuple[list[str], list[str]]] = {
    "id": (IDS, ["T1", "a b", "-x", "null", "~", "'t1'", '"t2"', "é", "a" * 70, "1e3"]),
    "title": (
        ["Step 1 of ap1", "Lập kế hoạch", "x:y", "it's", "a-b", "Q3 review"],
        ["null", "Null", "~", "NULL", "''", "' '", "\u00a0", "\u3000", "a\u00a0", "'x'", '"y"', "yes", "-"],
    ),
    "description": (["Some words", "more"], ["~", "\u00a0", "''", "|"]),
    "who": (["lan", "p2", "team-a", "acme"], ["nobody", "null", "~", "'lan'", "LAN", "[lan]", "{a: b}"]),
    "effort": (
        ["17h", "2d", "1.5h", "6 giờ", "2 ngày", "5", "0", "40h", "7.25"],
        ["abc", "-3h", "1e3", "1,5h", "5 days?", "e5", "+", "'5'", '"17h"', "null", "[1]", "5 h"],
    ),
    "priority": (["low", "normal", "high", "critical", "cao", "High"], ["urgent", "'low'", "null", "1"]),
    "due": (
        ["2027-02-19", "2027-9-3", "end of month 2", "+10 days", "cuối tháng thứ ba", "2027-12-31"],
        ["2027-02-30", "end of mnth 2", "1999-01-01", "'2027-03-01'", "tomorrow-ish", "null", "2027-13-01"],
    ),
    "start": (["2027-01-04", "04/01/2027", "2027-1-4"], ["2027-02-30", "1999-01-01", "2101-01-01", "soon"]),
    "lead_time": (["5 business days", "2 weeks", "5 ngày"], ["5 hours", "2000 weeks"]),
    "cost": (["1000", "0", "150000"], ["150.000", "-5", "1.5", "x"]),
    "after": (
        ["[t1]", "[t1, t2]", "[ap2/t1]", "[s/ap1/t3]", "[a-b]"],
        ["[t1, t1]", "[nope]", "[t1, null]", "[~]", "t1", "[]", "['t1']", "[t1,t2]", "[s/x/y/z]"],
    ),
    "done": (
        [
            "2027-03-01",
            "2027-03-01 16:30",
            "2027-03-01T16:30:00+07:00",
            "2027-03-01T09:30:00Z",
            "2027-03-01T09:30:00.25-05:30",
            "20270301T093000Z",
            "2027-W09-1T16:30+07",
        ],
        ["{1: 2027-03-01}", "2027-03-01T25:00", "x", "2027-03-01T10:00+24:00", "2027-03-01T10:00Z+07:00"],
    ),
    "repeat": (["weekly", "monthly"], ["sometimes"]),
    "times": (["3"], ["0", "x"]),
    "until": (["end of month 6"], ["never"]),
    "titel": (["x"], []),  # an unknown key, with a suggestion
    "owner": (["lan"], []),
}
STEP_KEYS = ["id", "title", "who", "effort", "priority", "due", "after", "description", "start"]
RARE_KEYS = ["lead_time", "cost", "done", "repeat", "times", "until", "titel", "owner"]
SEPARATORS = [", ", ", ", ", ", " , ", ",  "]


@st.composite
def value_of(draw: st.DrawFn, key: str, nice: bool) -> str:
    good, bad = VALUES[key]
    if nice or not bad or draw(st.integers(0, 2)):
        return draw(st.sampled_from(good))
    return draw(st.sampled_from(bad))


@st.composite
def step_row(draw: st.DrawFn, step_id: str, nice: bool, earlier: list[str]) -> str:
    """A step row; in a nice one, `after` names only `earlier` steps of the same action plan."""
    keys = ["id", "title"] + draw(st.lists(st.sampled_from(STEP_KEYS[2:]), unique=True, max_size=6))
    if nice and not earlier and "after" in keys:
        keys.remove("after")
    if not nice and draw(st.integers(0, 3)) == 0:
        keys.append(draw(st.sampled_from(RARE_KEYS)))
    if not nice and draw(st.integers(0, 8)) == 0:
        keys.remove(draw(st.sampled_from(["id", "title"])))  # a missing required key
    if not nice and draw(st.integers(0, 10)) == 0 and keys:
        keys.append(keys[0])  # a duplicate key
    keys = draw(st.permutations(keys)) if not nice and draw(st.booleans()) else keys
    # Mostly one bad value in a row otherwise good: the fast path must refuse it for that alone.
    bad = None if nice else draw(st.sampled_from([*keys, None]))
    entries = []
    for key in keys:
        if key == "id" and key != bad:
            value = step_id
        elif key == "after" and key != bad and earlier:
            value = "[" + ", ".join(draw(st.lists(st.sampled_from(earlier), min_size=1, unique=True))) + "]"
        elif key == bad:
            value = draw(st.sampled_from(VALUES[key][1] or VALUES[key][0]))
        else:
            value = draw(value_of(key, nice or draw(st.integers(0, 5)) > 0))
        entries.append(f"{key}: {value}")
    separator = ", " if nice else draw(st.sampled_from(SEPARATORS))
    closing = "}" if nice else draw(st.sampled_from(["}", "}", "}", " }", "}  # note", "} #x"]))
    return "{" + separator.join(entries) + closing


@st.composite
def person_row(draw: st.DrawFn, person_id: str, nice: bool) -> str:
    def pick(good: list[str], bad: list[str]) -> str:
        return draw(st.sampled_from(good if nice else good + bad))

    entries = [f"id: {person_id}", f"name: {draw(value_of('title', nice))}"]
    if draw(st.booleans()):
        entries.append(f"capacity: {pick(['40h/week', '20', '32 giờ/tuần'], ['200h/week', 'x', 'null'])}")
    if draw(st.booleans()):
        entries.append(f"email: {pick(['lan@example.vn'], ['not-an-email', '~'])}")
    if draw(st.booleans()):
        entries.append(f"team: {pick(['team-a'], ['lan', 'nobody'])}")
    if draw(st.booleans()):
        entries.append(f"rate: {pick(['1000'], ['1.5', '-1'])}")
    return "{" + ", ".join(draw(st.permutations(entries)) if not nice else entries) + "}"


@st.composite
def row_plans(draw: st.DrawFn, nice: bool | None = None) -> str:
    nice = draw(st.booleans()) if nice is None else nice
    lines = [
        "version: 1",
        "organization: {id: org, name: Org, timezone: UTC, calendar: {holidays: none}}",
        "teams:",
        "  - {id: team-a, name: Team A}",
        "vendors:",
        "  - {id: acme, name: Acme}",
        "people:",
    ]
    for person_id in ["lan", "p2"]:
        lines.append(f"  - {draw(person_row(person_id, nice))}")
    lines += ["strategies:", "  - id: s", "    title: S", "    start: 2027-01-04", "    action_plans:"]
    for plan_id in ["ap1", "ap2"][: draw(st.integers(1, 2))]:
        lines += [f"      - id: {plan_id}", f"        title: Plan {plan_id}"]
        if nice or draw(st.booleans()):
            lines.append("        responsible: lan")
        lines.append("        steps:")
        for n, step_id in enumerate(IDS[: draw(st.integers(1, 4))]):
            lines.append(f"          - {draw(step_row(step_id, nice, IDS[:n]))}")
            if not nice and draw(st.integers(0, 12)) == 0:
                lines.append("          - id: blocky\n            title: A block mapping among rows")
    return "\n".join(lines) + "\n"


SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(row_plans())
@example(
    "version: 1\norganization: {id: o, name: O}\npeople:\n  - {id: lan, name: Lan}\nstrategies:\n"
    "  - id: s\n    title: S\n    start: 2027-01-04\n    action_plans:\n      - id: p\n        title: P\n"
    "        steps:\n          - {id: a, title: \u00a0, who: lan}\n          - {id: b, title: B, who: ~}\n"
    "          - {id: c, title: C, who: lan, after: [a, b, a]}\n"
    "          - {id: d, title: D, who: lan, after: [a, null]}\n"
)
def test_rows_read_the_same_as_the_general_way(text):
    assert_same(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row_plans(nice=True))
def test_nice_rows_load(text):
    # The fast path must be the one taken, and the plan must load: else the test above proves little.
    plan_, errors = read(text, fast=True)
    assert plan_ is not None, errors
    assert_same(text)


def test_the_fast_path_is_taken_for_plain_rows():
    text = (
        "version: 1\norganization: {id: o, name: O}\npeople:\n  - {id: lan, name: Lan, capacity: 40h/week}\n"
        "strategies:\n  - id: s\n    title: S\n    start: 2027-01-04\n    action_plans:\n"
        "      - id: p\n        title: P\n        steps:\n"
        "          - {id: a, title: A, who: lan, effort: 17h, priority: low, due: 2027-02-19}\n"
        "          - {id: b, title: B, who: lan, effort: 17h, due: 2027-02-19, after: [a]}\n"
    )
    taken = []

    class Counting(Reader):
        def row(self, *args: Any) -> Any:
            spec = super().row(*args)
            taken.append(spec is not None)
            return spec

    reader = Counting("p.yaml")
    plan = reader.plan(compose(text, "p.yaml"))
    assert taken == [True, True, True]
    assert not reader.errors
    step = plan.strategies[0].action_plans[0].steps[1]
    assert str(step.locs["after.0"]) == "p.yaml:14:79"
    assert dict(step.locs) == dict(read(text, fast=False)[0].strategies[0].action_plans[0].steps[1].locs)


# -- dependencies ------------------------------------------------------------------------------


def reference_check(plan: planfile.PlanFile, sink: Reader) -> None:
    """`check` as it was before its fast paths: every step looked at, the graph of every step."""
    parties = _party_ids(plan, sink)

    def party(ref: str | None, spec: Any, key: str, expect: str | None = None) -> None:
        if ref is None:
            return
        kind = parties.get(ref)
        if kind is not None and (expect is None or kind == expect):
            return
        where = spec.where(key)
        if where is None:
            return
        if kind is None:
            sink.error(where, "unknown person, team or vendor '%(id)s'", id=ref)
        elif expect == "person":
            sink.error(where, "'%(id)s' is not a person: a person is expected here", id=ref)
        else:
            sink.error(where, "'%(id)s' is not a team: a team is expected here", id=ref)

    def unique(items: Any, msgid: str) -> None:
        seen: set[str] = set()
        for item in items:
            if item.id and item.id in seen:
                sink.error(item.where("id"), msgid, id=item.id)
            seen.add(item.id)

    for team in plan.teams:
        party(team.lead, team, "lead", "person")
    for person in plan.people:
        party(person.team, person, "team", "team")
    unique(plan.strategies, "duplicate strategy id '%(id)s'")
    for strategy in plan.strategies:
        party(strategy.owner, strategy, "owner", "person")
        unique(strategy.goals, "duplicate goal id '%(id)s' in this strategy")
        unique(strategy.action_plans, "duplicate action plan id '%(id)s' in this strategy")
        goals = {goal.id for goal in strategy.goals}
        for ap in strategy.action_plans:
            party(ap.responsible, ap, "responsible")
            if ap.goal is not None and ap.goal not in goals:
                sink.error(
                    ap.where("goal"),
                    "unknown goal '%(id)s' in strategy '%(strategy)s'",
                    id=ap.goal,
                    strategy=strategy.id,
                )
            unique(ap.steps, "duplicate step id '%(id)s' in this action plan")
            unique(ap.service_standards, "duplicate service standard id '%(id)s' in this action plan")
            for standard in ap.service_standards:
                party(standard.who, standard, "who")
            for step in ap.steps:
                if step.who is None and ap.responsible is None and step.loc is not None:
                    sink.error(
                        step.loc,
                        "step '%(id)s' has no 'who' and its action plan has no 'responsible': "
                        "say who does it",
                        id=step.id,
                    )
                party(step.who, step, "who")
    steps = plan.steps()
    refs = {ref for ref, *_ in steps}
    graph: dict[str, list[tuple[str, Any, int]]] = {}
    for ref, strategy, ap, step in steps:
        edges = graph.setdefault(ref, [])
        seen: set[str] = set()
        for i, written in enumerate(step.after):
            target = absolute_ref(written, strategy.id, ap.id)
            if target not in refs:
                sink.error(step.where(f"after.{i}"), "unknown step '%(ref)s'", ref=written)
            elif target in seen:
                sink.error(step.where(f"after.{i}"), "'%(ref)s' is listed twice in 'after'", ref=written)
            else:
                seen.add(target)
                edges.append((target, step, i))
    for cycle, where in _cycles(graph):
        if len(cycle) == 2:
            sink.error(where, "step '%(ref)s' cannot come after itself", ref=cycle[0])
        else:
            sink.error(where, "dependency cycle: %(path)s", path=" -> ".join(cycle))


def assert_checked_as_before(text: str) -> None:
    """`check` reports what `reference_check` reports, in the same order."""
    try:
        node = compose(text, "p.yaml")
    except _Failed:
        return
    reader = Reader("p.yaml")
    plan = reader.plan(node)
    if plan is None:
        return
    before = len(reader.errors)
    check(plan, reader)
    found = [str(e) for e in reader.errors[before:]]
    del reader.errors[before:]
    reference_check(plan, reader)
    assert found == [str(e) for e in reader.errors[before:]], text


AFTERS = ["a", "b", "c", "d", "p2/a", "p2/b", "s/p1/c", "s/p2/d", "x", "p9/a", "s/p1/a/b", "a/b"]


@st.composite
def dependency_plans(draw: st.DrawFn) -> str:
    lines = [
        "version: 1",
        "organization: {id: o, name: O}",
        "people:",
        "  - {id: lan, name: Lan}",
        "strategies:",
        "  - id: s",
        "    title: S",
        "    start: 2027-01-04",
        "    action_plans:",
    ]
    for plan_id in ["p1", "p2"]:
        lines += [f"      - id: {plan_id}", "        title: P", "        responsible: lan", "        steps:"]
        ids = draw(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4))
        for step_id in ids:  # duplicates too
            after = draw(st.lists(st.sampled_from(AFTERS), max_size=3))
            row = f"{{id: {step_id}, title: T" + (f", after: [{', '.join(after)}]" if after else "") + "}"
            lines.append(f"          - {row}")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dependency_plans())
def test_after_errors_and_cycles_are_found_as_on_the_graph_of_every_step(text):
    assert_same(text)
    assert_checked_as_before(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row_plans())
@example(
    "version: 1\norganization: {id: o, name: O}\npeople:\n  - {id: lan, name: Lan}\nstrategies:\n"
    "  - id: s\n    title: S\n    start: 2027-01-04\n    action_plans:\n      - id: p\n        title: P\n"
    "        steps:\n          - {id: a, title: A}\n          - {id: b, title: B, who: nobody}\n"
)
@example(
    "version: 1\norganization: {id: o, name: O}\npeople:\n  - {id: lan, name: Lan}\nstrategies:\n"
    "  - id: s\n    title: S\n    start: 2027-01-04\n    action_plans:\n      - id: p\n        title: P\n"
    "        responsible: lan\n        steps:\n          - {id: a, title: A}\n"
    "          - {id: b, title: B, who: nobody}\n"
)
def test_references_are_checked_as_step_by_step(text):
    assert_checked_as_before(text)
