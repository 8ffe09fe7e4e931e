"""Safe loading: hostile or broken input is refused with a located error, never executed or expanded."""

import pytest

from actionplan.core import planfile
from actionplan.core.planfile import PlanFileError

VALID = "version: 1\norganization: {id: x, name: X}\n"


def errors_of(data) -> list[str]:
    with pytest.raises(PlanFileError) as caught:
        planfile.load(data, "p.yaml")
    return [str(e) for e in caught.value.errors]


def test_billion_laughs_is_refused_at_the_anchor():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    found = errors_of(bomb)
    assert found[0] == "p.yaml:1:4: anchors and aliases are not allowed"
    assert len(found) == 9 + 8 * 9  # each anchor and alias once; nothing is expanded


def test_python_tags_and_custom_tags_are_refused():
    assert errors_of(VALID + "x: !!python/object/apply:os.system [echo hi]\n") == [
        "p.yaml:3:4: YAML tags are not allowed: !!python/object/apply:os.system"
    ]
    assert errors_of(VALID + "x: !custom 1\n") == ["p.yaml:3:4: YAML tags are not allowed: !custom"]


def test_several_documents_are_refused():
    assert errors_of(VALID + "---\n" + VALID) == [
        "p.yaml:3:1: a plan file holds one YAML document; remove the second '---'"
    ]


def test_deep_nesting_is_refused_without_recursing():
    (error,) = errors_of("x: " + "[" * 100_000)
    assert error.endswith(": nesting is deeper than 20 levels")
    assert errors_of("x: " + "[" * 30 + "]" * 30) == ["p.yaml:1:23: nesting is deeper than 20 levels"]


def test_size_limit():
    assert errors_of(b"#" * (32 * 1024 * 1024 + 1)) == [
        "p.yaml:1:1: the plan file is 33554433 bytes; the limit is 33554432 bytes"
    ]


def test_non_utf8_is_located_at_the_first_bad_byte():
    assert errors_of("version: 1\nname: Tiệm\xe9".encode("latin-1", "replace").replace(b"?", b"e")) == [
        "p.yaml:2:11: the plan file is not UTF-8 text: byte 0xe9 cannot be decoded"
    ]
    assert errors_of("version: 1\nname: Tiệm ".encode() + b"\xff") == [
        "p.yaml:2:12: the plan file is not UTF-8 text: byte 0xff cannot be decoded"
    ]


def test_byte_order_mark_is_accepted():
    assert planfile.load(b"\xef\xbb\xbf" + VALID.encode()).organization.id == "x"


def test_duplicate_keys_are_refused_at_the_second():
    assert errors_of(VALID + "teams: []\nteams: []\n") == ["p.yaml:4:1: duplicate key 'teams'"]


def test_syntax_errors_and_control_characters_are_located():
    (error,) = errors_of("version: 1\norganization: [\n")
    assert error.startswith("p.yaml:3:1: this is not valid YAML: ")
    assert errors_of("version: 1\nname: Tiệm\x01\n") == [
        "p.yaml:2:11: character U+0001 is not allowed in a plan file"
    ]


def test_empty_and_binary_input():
    assert errors_of("") == ["p.yaml:1:1: the plan file is empty"]
    assert errors_of("# only a comment\n") == ["p.yaml:1:1: the plan file is empty"]
    assert errors_of(b"\x00\x01\x02")[0].startswith("p.yaml:1:1: character U+0000")


def test_yaml_implicit_types_do_not_leak():
    # `no`, `1_000`, dates and nulls mean what the key needs, not what YAML 1.1 guesses.
    plan = planfile.load(
        "version: 1\norganization: {id: x, name: no}\npeople: [{id: '1', name: 2027-03-01, rate: 1_000}]\n"
    )
    assert plan.organization.name == "no"
    assert (plan.people[0].id, plan.people[0].name, plan.people[0].rate) == ("1", "2027-03-01", 1000)
    assert errors_of(
        "version: 1\norganization: {id: x, name: X}\npeople: [{id: a, name: A, rate: '5'}]\n"
    ) == ["p.yaml:3:33: expected a number like 12.5, got '5'"]
