"""The fast composer reads plan files exactly as libyaml does, or gives up and lets libyaml read them.

`compose_fast` returns None where it is not sure; everywhere else its nodes must equal the
libyaml composer's: value, plain flag, 0-based line and column, and structure.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import plan_files

from actionplan.core import planfile
from actionplan.core.planfile_yaml import Map, Scalar, Seq, _Failed, compose, compose_fast, compose_libyaml

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    [
        *ROOT.glob("examples/*.yaml"),
        *ROOT.glob("tests/**/data/**/*.yaml"),
        *ROOT.glob("tests/**/data/**/*.yml"),
    ]
)


def shape(node: object) -> object:
    """Everything a node says, as plain data that compares equal only when the nodes do."""
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.plain, node.line, node.column)
    if isinstance(node, Seq):
        return ("seq", node.line, node.column, [shape(item) for item in node.items])
    assert isinstance(node, Map)
    return ("map", node.line, node.column, [(shape(k), shape(v)) for k, v in node.items])


def agrees_with_libyaml(text: str) -> bool:
    """True when the fast composer read `text` (and read it as libyaml does); False when it gave up."""
    fast = compose_fast(text)
    if fast is None:
        return False
    try:
        slow = compose_libyaml(text, "t.yaml")
    except _Failed as failed:
        pytest.fail(f"the fast composer read what libyaml refuses: {[str(e) for e in failed.errors]}\n{text}")
    assert shape(fast) == shape(slow), text
    return True


# -- files ------------------------------------------------------------------------------------


def test_there_are_files_to_check():
    assert len(YAML_FILES) >= 4


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_data_file_takes_the_fast_path_and_reads_the_same(path):
    assert agrees_with_libyaml(path.read_text(encoding="utf-8"))


def _genplan():
    spec = importlib.util.spec_from_file_location("genplan", ROOT / "bench" / "genplan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_genplan_output_takes_the_fast_path_and_reads_the_same(tmp_path):
    gen = _genplan()
    start = dt.date(2027, 1, 4)
    path = tmp_path / "bench.yaml"
    gen.write_yaml(str(path), gen.build(400, 16, 1, start, 0.3), 16, start)
    text = path.read_text(encoding="utf-8")
    assert agrees_with_libyaml(text)
    assert len(planfile.load(text).steps()) == 400


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_files())
def test_dumped_plans_take_the_fast_path_and_read_the_same(plan):
    # dump writes literal blocks, quoted scalars and flow lists: all inside the fast subset.
    assert agrees_with_libyaml(planfile.dump(plan))


# -- generated documents ------------------------------------------------------------------------
# Plan-like trees written in every style the fast composer knows and many it does not, with
# scalars drawn from the characters that matter to YAML. A document the fast composer reads must
# read the same with libyaml; a document libyaml refuses must be left to libyaml.

_NASTY = ":#-[]{},'\"&*!|>%@`? ~\\"
_TEXT = st.text(
    alphabet=st.sampled_from("abcxyz019 .:_/-" + _NASTY + "ấ\u00a0\u2028\t"), min_size=0, max_size=8
)
_NICE_WORDS = [
    "id",
    "title",
    "a b",
    "2027-03-01",
    "14:30",
    "5 business days",
    "-1",
    "Tiệm bánh",
    "x:y",
    "a#b",
    "it's",
]
_WORD = st.sampled_from([*_NICE_WORDS, "null", "~", "", "yes"])


def pick(draw: st.DrawFn, nice: bool, usual: list, unusual: list) -> object:
    """One of `usual`, or in a document that is not nice, sometimes one of `unusual`."""
    return draw(st.sampled_from(usual if nice else usual + unusual))


def scalar(draw: st.DrawFn, nice: bool) -> str:
    text = draw(st.sampled_from(_NICE_WORDS) if nice else st.one_of(_WORD, _TEXT))
    style = pick(draw, nice, ["plain", "plain", "plain", "single", "double"], ["escaped"])
    if style == "single":
        return "'" + text.replace("'", "''" if nice else draw(st.sampled_from(["''", "'"]))) + "'"
    if style == "double":
        return '"' + text.replace('"', '\\"') + '"'
    if style == "escaped":
        return '"' + text + draw(st.sampled_from(["\\n", "\\x41", "\\u00e9", "\\q", "\\uD800", "\\"])) + '"'
    return text


def flow(draw: st.DrawFn, nice: bool, depth: int) -> str:
    if depth > 2 or draw(st.booleans()):
        return scalar(draw, nice)
    sep = pick(draw, nice, [", "], [",", " , ", ",  "])
    if draw(st.booleans()):
        colon = pick(draw, nice, [": "], [":", " : "])
        keys = [f"f{i}" if nice else scalar(draw, nice) for i in range(draw(st.integers(1, 4)))]
        items = [f"{keys[0]}{colon}{flow(draw, nice, depth + 1)}"]
        items += [f"{key}: {flow(draw, nice, depth + 1)}" for key in keys[1:]]
        return pick(draw, nice, ["{%s}"], ["{ %s }", "{%s,}", "{%s"]) % sep.join(items)
    items = [flow(draw, nice, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    return pick(draw, nice, ["[%s]"], ["[ %s ]", "[%s,]", "[%s"]) % sep.join(items)


def tail(draw: st.DrawFn, nice: bool) -> str:
    return pick(draw, nice, ["", "", "  # note"], [" ", " #", "#x", "\t"])


def block(
    draw: st.DrawFn, nice: bool, indent: int, depth: int, lines: list[str], as_seq: bool | None = None
) -> None:
    """Append the lines of a block mapping or sequence whose entries start at `indent`."""
    pad = " " * indent
    as_seq = draw(st.booleans()) if as_seq is None else as_seq
    keys = [f"k{i}" for i in range(3)] if nice else ["id", "title", "steps", "a b", "done", "1"]
    for n in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 9)) == 0:
            lines.append(pick(draw, nice, ["", "# comment", pad + "# indented comment"], ["   "]))
        head = pad + "- " if as_seq else pad
        key = "" if as_seq else (keys[n] if nice else draw(st.sampled_from(keys))) + ":"
        choice = draw(st.integers(0, 9))
        if depth < 4 and choice < 3:
            if as_seq and choice == 0:
                # a compact mapping in a sequence entry: "- id: x" then keys under it
                inner: list[str] = []
                block(draw, nice, indent + 2, depth + 1, inner, as_seq=False if nice else None)
                first = inner[0].lstrip(" ") if inner else "x: y"
                lines.append(head + first)
                lines.extend(inner[1:])
                continue
            lines.append((head + key).rstrip(" ") + tail(draw, nice))
            child_seq = draw(st.booleans())
            # A mapping's sequence may start at the mapping's indentation; nothing else may.
            child = indent + pick(draw, nice, [0, 2] if child_seq and not as_seq else [2, 4], [0, 1])
            block(draw, nice, child, depth + 1, lines, as_seq=child_seq)
        elif choice == 3:
            header = pick(draw, nice, ["|", "|-"], [">", "|2", "| # c", "|+"])
            lines.append(head + (key + " " if key else "") + header)
            body_indent = indent + pick(draw, nice, [2, 4], [1])
            for i in range(draw(st.integers(0 if not nice else 1, 3))):
                text = pick(draw, nice, ["text", "  more", "# not a comment", "a: b", "- x"], ["", " "])
                if nice and i > 0 and draw(st.booleans()):
                    text = ""
                lines.append((" " * body_indent + text) if text else pick(draw, nice, [""], [" "]))
        elif choice == 4:
            lines.append(head + (key + " " if key else "") + flow(draw, nice, 1) + tail(draw, nice))
        else:
            value = scalar(draw, nice)
            lines.append(head + (key + " " + value if key else value) + tail(draw, nice))
            if not nice and draw(st.integers(0, 15)) == 0:
                lines.append(pad + "  " + scalar(draw, nice))  # a continuation line, or an error


@st.composite
def documents(draw: st.DrawFn, nice: bool | None = None) -> str:
    nice = draw(st.booleans()) if nice is None else nice
    lines: list[str] = []
    block(draw, nice, 0, 0, lines)
    if not nice and draw(st.integers(0, 10)) == 0:
        lines.insert(0, draw(st.sampled_from(["---", "%YAML 1.1\n---", "--- # doc"])))
    newline = pick(draw, nice, ["\n"], ["\r\n"])
    return newline.join(lines) + pick(draw, nice, ["", "\n", "\n\n"], [])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example("- {a: b, xxxx} #c: d}\n")  # entries found past a gap must not read as the mapping's
@example("- {a: b}c: d}\n")
@example("- {a: b}}}}}} #c: d}\n")
@example("a: b\nc:\n- d\n- e: f\n  g: [h, 'i''j', \"k\"]\n")
@example("a: {b: c, d: [e, f]}  # note\n")
@example("a: |\n  x\n\n  y\n\nb: 1\n")
@example("a: b:c\nd: -1\ne: x#y\n")
def test_generated_documents_read_the_same_or_give_up(text):
    agrees_with_libyaml(text)


# One-line flow mappings, the rows most of a large plan is written in, are read by one findall
# (planfile_yaml.flow_entries): pieces of rows, whole or broken, must read as libyaml reads them.
_ROW_PIECES = [
    "id: t1",
    "title: Step 1 of ap1",
    "who: p31",
    "after: [t4]",
    "after: [t1, t2]",
    "a:b: c",
    "x: y:z",
    "-a: -b",
    "k: - x",
    "k: v ",
    " k: v",
    "k :v",
    "k",
    "k:",
    "k: ",
    "k: 'q'",
    "k: [a , b]",
    "k: [a,b]",
    "k: []",
    "k: [a, [b]]",
    "k: {a: b}",
    "é: ấ",
    "k: a\u00a0b",
    "#c: d",
    "k: v #c",
]
_ROW_JOINTS = [", ", ", ", ", ", ",", " , ", "} ", "}", "} #", " #", "}, ", "]", "{"]


@st.composite
def flow_rows(draw: st.DrawFn) -> str:
    plain = draw(st.booleans())  # rows of plain scalars, as planfile_yaml.flow_rows reads them
    pieces = draw(
        st.lists(st.sampled_from(_ROW_PIECES[:5] if plain else _ROW_PIECES), min_size=1, max_size=5)
    )
    text = pieces[0]
    for piece in pieces[1:]:
        text += (", " if plain else draw(st.sampled_from(_ROW_JOINTS))) + piece
    closing = draw(st.sampled_from(["}", "}", "}", " }", "}  # note", "} #x}", "}}", "", "} x", "}x"]))
    head = draw(st.sampled_from(["- ", "  - ", "key: ", "- k: "]))
    rest = draw(st.sampled_from(["\n", "\n- {z: 1}\n", "\n  x: y\n", "\n   - z\n", "\n- {id: t1} x\n"]))
    return head + "{" + text + closing + rest


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow_rows())
def test_generated_flow_rows_read_the_same_or_give_up(text):
    agrees_with_libyaml(text)


def test_nice_generated_documents_mostly_take_the_fast_path():
    # A generator that only produced documents the fast composer gives up on would prove nothing.
    taken = []

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents(nice=True))
    def count(text):
        taken.append(agrees_with_libyaml(text))

    count()
    assert sum(taken) >= len(taken) * 2 // 3


# -- what is left to libyaml -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags
        "a: >\n  folded\n",  # folded scalars
        "a: |2\n   indented\n",  # indentation indicators
        "a:\tb\n",  # tabs
        "a: [b,\n  c]\n",  # flow collections over several lines
        'a: "b\\qc"\n',  # an escape YAML does not have
        'a: "b\\\n  c"\n',  # an escaped line break
        "a: 1\na: 2\n",  # duplicate keys
        "a: {b: 1, b: 2}\n",
        "---\na: 1\n",  # document markers
        "a: 1\r\nb: 2\r\n",  # other line breaks
        "a: b\n  c\n",  # a plain scalar over two lines
        "? a\n: b\n",  # complex keys
        "a: b: c\n",  # an error
        "- - a\n",  # compact nested sequences
        "a\n",  # a document that is a scalar
        "",
        "# only a comment\n",
        "x: " + "[" * 30 + "]" * 30 + "\n",  # deeper than the limit
    ],
)
def test_the_fast_composer_gives_up_on_what_it_does_not_read(text):
    assert compose_fast(text) is None


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "a: b: c\n", "a: &x 1\n", "---\na: 1\n---\nb: 2\n"])
def test_errors_are_libyaml_s_after_the_fast_composer_gives_up(text):
    with pytest.raises(_Failed) as fast_path:
        compose(text, "t.yaml")
    with pytest.raises(_Failed) as slow_path:
        compose_libyaml(text, "t.yaml")
    assert [str(e) for e in fast_path.value.errors] == [str(e) for e in slow_path.value.errors]


@given(st.text(max_size=40))
def test_any_text_reads_the_same_or_is_left_to_libyaml(text):
    assume("\x00" not in text)
    agrees_with_libyaml(text)


def test_ascii_text_is_checked_as_any_text():
    # compose_fast tests ASCII text with a byte table instead of _NOT_SIMPLE: the same characters.
    from actionplan.core.planfile_yaml import _NOT_SIMPLE, _PRINTABLE_ASCII

    assert {c for c in range(128) if not _NOT_SIMPLE.match(chr(c))} == set(_PRINTABLE_ASCII)
    for code in [*range(0x20), 0x7F]:
        if code != 0x0A:
            assert compose_fast(f"a: b{chr(code)}c\n") is None
    assert compose_fast("a: b~c\n") is not None
