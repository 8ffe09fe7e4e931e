"""Dumping plan files, the examples, the JSON Schema and load speed."""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import genplan  # bench/genplan.py, vendored from the shared harness
import pytest
import yaml

from actionplan.core import planfile, planresolve
from actionplan.core.planfile import KEYS

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_load_resolve_and_round_trip(path):
    plan = planfile.load(path.read_bytes(), str(path))
    resolved = planresolve.resolve_plan(plan)
    assert set(resolved.due) == {ref for ref, *_ in plan.steps()}
    assert not resolved.warnings
    text = planfile.dump(plan)
    assert planfile.load(text) == plan
    assert planfile.dump(planfile.load(text)) == text


def test_the_demo_is_the_article():
    plan = planfile.load((Path(__file__).parents[2] / "examples" / "sao-mai.vi.yaml").read_bytes())
    assert len(EXAMPLES) == 3
    assert (plan.organization.id, plan.organization.locale) == ("sao-mai", "vi")
    resolved = planresolve.resolve_plan(plan)
    releases = resolved.due["hien-dien/truyen-thong/phat-hanh"]
    # The plan starts on Monday 2026-09-07; the bakery works Monday to Saturday, Saturday mornings only.
    # One press release at the end of each of the first six months (Tết 2027 pushes the fifth back).
    assert [d.isoformat() for d in releases] == [
        "2026-10-06T17:00:00+07:00",
        "2026-11-06T17:00:00+07:00",
        "2026-12-05T12:00:00+07:00",
        "2027-01-06T17:00:00+07:00",
        "2027-02-02T17:00:00+07:00",
        "2027-03-06T12:00:00+07:00",
    ]
    due = {ref: dues[0].isoformat() for ref, dues in resolved.due.items()}
    assert due["hien-dien/truyen-thong/danh-sach"] == "2026-09-19T12:00:00+07:00"  # end of week 2 of month 1
    assert due["hien-dien/truyen-thong/viet-thong-cao"] == "2026-10-06T17:00:00+07:00"  # end of month 1
    tracking = resolved.due["hien-dien/truyen-thong/theo-doi"]  # regularly (weekly) until the end of month 6
    assert len(tracking) == 26 and tracking[-1] == releases[-1]
    writer = plan.strategies[0].action_plans[0].steps[1]
    assert (writer.who, plan.vendors[0].id) == ("nha-van", "nha-van")  # outsourced to a freelance writer
    standards = {s.channel: s.target for s in plan.strategies[1].action_plans[0].service_standards}
    assert standards == {
        "email": "trong vòng 4 giờ làm việc",
        "phone": "trong ngày",
        "letter": "ngày hôm sau",
    }
    assert (
        resolved.completed["hien-dien/truyen-thong/danh-sach"][1].isoformat() == "2026-09-17T17:00:00+07:00"
    )
    english = planfile.load((Path(__file__).parents[2] / "examples" / "sao-mai.en.yaml").read_bytes())
    assert sorted(planresolve.resolve_plan(english).due.values()) == sorted(resolved.due.values())
    larger = planfile.load((Path(__file__).parents[2] / "examples" / "larger.yaml").read_bytes())
    assert len(larger.strategies) >= 3 and len(larger.people) >= 6 and len(larger.steps()) >= 40


def test_dump_format():
    plan = planfile.load(
        "version: 1\norganization: {id: x, name: Tiệm bánh, calendar: {holidays: none}}\n"
        "people:\n  - {id: lan, name: Lan, capacity: 37.50, rate: 60_000}\n"
        "strategies:\n  - id: s\n    title: 'yes'\n    start: 15/03/2027\n    description: \"two\\nlines\"\n"
        "    action_plans:\n      - id: p\n        title: P\n        responsible: lan\n        steps:\n"
        "          - {id: a, title: A, effort: 2d, priority: normal, done: 2027-03-20 09:05:30}\n"
        "          - {id: b, title: B, after: [a], repeat: weekly, times: 2, done: {2: 2027-03-27 10:00}}\n"
    )
    assert (
        planfile.dump(plan)
        == """\
# actionplan plan file, version 1 (see docs/planfile.md)
version: 1

organization:
  id: x
  name: Tiệm bánh
  locale: vi
  timezone: Asia/Ho_Chi_Minh
  currency: VND
  calendar:
    holidays: none

people:
  - id: lan
    name: Lan
    capacity: 37.5h/week
    rate: 60000

strategies:
  - id: s
    title: 'yes'
    description: |-
      two
      lines
    start: 2027-03-15
    action_plans:
      - id: p
        title: P
        responsible: lan
        steps:
          - id: a
            title: A
            effort: 16h
            done: '2027-03-20 09:05:30'
          - id: b
            title: B
            after:
              - a
            repeat: weekly
            times: 2
            done:
              2: 2027-03-27 10:00
"""
    )


def test_dump_numbers_dates_and_defaults():
    org = planfile.OrganizationSpec(id="x", name="X", currency="USD")
    person = planfile.PersonSpec(id="a", name="A", rate=Decimal("12.50"), capacity=Decimal("40.0"))
    strategy = planfile.StrategySpec(
        id="s",
        title="S",
        start=date(2027, 1, 4),
        budget=Decimal("1E+6"),
        goals=(
            planfile.GoalSpec(
                id="g",
                title="G",
                direction="at_most",
                target=Decimal("4"),
                measurements=(
                    planfile.MeasurementSpec(at=datetime(2027, 2, 1, 9, 0), value=Decimal("-1.25")),
                ),
            ),
        ),
    )
    text = planfile.dump(planfile.PlanFile(organization=org, people=(person,), strategies=(strategy,)))
    assert "rate: 12.5\n" in text and "capacity" not in text
    assert "budget: 1000000\n" in text
    assert "target: <= 4\n" in text
    assert "at: 2027-02-01 09:00\n" in text and "value: -1.25\n" in text
    assert "horizon" not in text and "priority" not in text and "status" not in text
    assert planfile.load(text).strategies[0] == strategy


def _validate(instance, schema, root):
    """A small JSON Schema checker for the keywords json_schema() uses (jsonschema is not a dependency)."""
    if "$ref" in schema:
        return _validate(instance, root["$defs"][schema["$ref"].split("/")[-1]], root)
    if "oneOf" in schema:
        return sum(_validate(instance, s, root) for s in schema["oneOf"]) == 1
    if "const" in schema and instance != schema["const"]:
        return False
    if "enum" in schema and instance not in schema["enum"]:
        return False
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types or []
    python = {"string": str, "number": (int, float), "integer": int, "object": dict, "array": list}
    if types and not any(isinstance(instance, python[t]) and not isinstance(instance, bool) for t in types):
        return False
    if isinstance(instance, str) and "pattern" in schema and not re.search(schema["pattern"], instance):
        return False
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        if not set(schema.get("required", ())) <= set(instance):
            return False
        for key, value in instance.items():
            if key in props:
                if not _validate(value, props[key], root):
                    return False
            elif "additionalProperties" in schema and schema["additionalProperties"] is False:
                return False
            elif isinstance(schema.get("additionalProperties"), dict):
                if not re.search(schema["propertyNames"]["pattern"], str(key)):
                    return False
                if not _validate(value, schema["additionalProperties"], root):
                    return False
    if isinstance(instance, list) and "items" in schema:
        return all(_validate(item, schema["items"], root) for item in instance)
    return True


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it (YAML 1.2 core: dates stay strings)."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_json_schema_is_json_covers_every_key_and_accepts_the_examples():
    schema = planfile.json_schema()
    assert json.loads(json.dumps(schema)) == schema
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    defs = schema["$defs"]
    for kind, keys in KEYS.items():
        node = schema if kind == "plan" else defs[kind] if kind != "hours" else None
        if node is not None:
            assert tuple(node["properties"]) == keys, kind
            assert node["additionalProperties"] is False
    for path in EXAMPLES:
        assert _validate(yaml.load(path.read_text(), Loader=_JsonLikeLoader), schema, schema), path.name
    bad = yaml.load(EXAMPLES[0].read_text(), Loader=_JsonLikeLoader)
    bad["strategies"][0]["colour"] = "red"
    assert not _validate(bad, schema, schema)


def test_ten_thousand_steps_of_the_benchmark_plan_load_and_resolve(tmp_path):
    # Correctness at the benchmark's size; its speed is measured by bench/bench_import.py, not here.
    start = date(2027, 1, 4)
    path = tmp_path / "p.yaml"
    genplan.write_yaml(path, genplan.build(10_000, 400, 1, start, 0.3), 400, start)
    plan = planfile.load(path.read_bytes(), str(path))
    resolved = planresolve.resolve_plan(plan)
    assert sum(len(p.steps) for s in plan.strategies for p in s.action_plans) == 10_000
    assert len(resolved.due) == 10_000


def test_the_documented_example_loads_and_resolves():
    doc = (Path(__file__).parents[2] / "docs" / "planfile.md").read_text(encoding="utf-8")
    example = doc.split("## A full example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    plan = planfile.load(example, "docs/planfile.md")
    assert planfile.load(planfile.dump(plan)) == plan
    assert len(planresolve.resolve_plan(plan).due["hien-dien/truyen-thong/phat-hanh"]) == 6
