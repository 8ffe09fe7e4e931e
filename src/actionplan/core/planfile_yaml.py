"""Safe YAML for plan files: bytes -> a small tree of located nodes, or located errors.

We compose our own nodes from the parser's events instead of `yaml.compose` because events are
~7x cheaper with libyaml and they are the only place where anchors and explicit tags are visible
(the composed tree has already resolved them). Scalars stay as text: the plan-file reader decides
what a value means from the key it belongs to, so there is no implicit typing surprise
(`no` -> False, `1_000` -> 1000, `2027-03-01 10:00` -> str) and no YAML type can be smuggled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import Location, PlanError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20
_BOM = b"\xef\xbb\xbf"

_Loader = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
_Loader = _Loader or yaml.SafeLoader

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Scalar:
    __slots__ = ("value", "plain", "line", "column")

    def __init__(self, value: str, plain: bool, line: int, column: int):
        self.value = value
        self.plain = plain  # unquoted: may be a number, date or null
        self.line = line  # 0-based, as the parser reports
        self.column = column

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


class Seq:
    __slots__ = ("items", "line", "column")

    def __init__(self, line: int, column: int):
        self.items: list[Node] = []
        self.line = line
        self.column = column


class Map:
    __slots__ = ("items", "line", "column")

    def __init__(self, line: int, column: int):
        self.items: list[tuple[Scalar, Node]] = []  # keys in file order, duplicates removed
        self.line = line
        self.column = column


Node = Scalar | Seq | Map


@dataclass
class _Failed(Exception):
    errors: list[PlanError]


def decode(data: bytes | str, filename: str) -> str:
    """UTF-8 text of a plan file; raises _Failed with the place of the first bad byte."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise _Failed(
            [
                PlanError(
                    Location(filename, 1, 1),
                    Message(
                        N_("the plan file is %(size)s bytes; the limit is %(limit)s bytes"),
                        {"size": len(raw), "limit": MAX_BYTES},
                    ),
                )
            ]
        )
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        raise _Failed(
            [
                PlanError(
                    Location(filename, line, column),
                    Message(
                        N_("the plan file is not UTF-8 text: byte 0x%(byte)s cannot be decoded"),
                        {"byte": f"{raw[exc.start]:02x}"},
                    ),
                )
            ]
        ) from None


def compose(text: str, filename: str) -> Node:
    """The single document of `text` as nodes; raises _Failed with every structural error.

    Structural errors (tags, anchors, depth, several documents, syntax) stop here: a tree with
    holes would only produce confusing follow-up errors.
    """
    errors: list[PlanError] = []

    def fail(line: int, column: int, msgid: str, **params: object) -> None:
        errors.append(PlanError(Location(filename, line + 1, column + 1), Message(msgid, params)))

    stack: list[Node] = []
    keys: list[Scalar | None] = []  # per open mapping: the key waiting for its value
    seen: list[set[str]] = []  # per open mapping: keys seen, for duplicates
    maps: list[Map] = []  # open mappings, innermost last
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> bool:
        """Hang `node` under the open collection; False when it is a duplicate key's value."""
        nonlocal root
        if not stack:
            root = node
            return True
        parent = stack[-1]
        if isinstance(parent, Seq):
            parent.items.append(node)
            return True
        key = keys[-1]
        if key is None:  # node is a key
            if not isinstance(node, Scalar):
                fail(node.line, node.column, N_("mapping keys must be plain text"))
                keys[-1] = Scalar("", True, node.line, node.column)
                return True
            keys[-1] = node
            return True
        keys[-1] = None
        if key.value in seen[-1]:
            fail(key.line, key.column, N_("duplicate key '%(key)s'"), key=key.value)
            return False
        seen[-1].add(key.value)
        parent.items.append((key, node))
        return True

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    loader = _Loader(text)
    try:
        while True:
            event = loader.get_event()
            cls = event.__class__
            if cls is scalar_event and event.anchor is None and event.tag is None:
                # The fast path: nine events in ten are untagged scalars.
                mark = event.start_mark
                node = Scalar(event.value, not event.style, mark.line, mark.column)
                if stack and keys and stack[-1] is maps[-1] and keys[-1] is None:
                    keys[-1] = node  # a mapping key: wait for its value
                else:
                    attach(node)
                continue
            if event is None or cls is yaml.StreamEndEvent:
                break
            mark = event.start_mark
            if cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    fail(
                        mark.line,
                        mark.column,
                        N_("a plan file holds one YAML document; remove the second '---'"),
                    )
                    break
                continue
            if cls is yaml.StreamStartEvent or cls is yaml.DocumentEndEvent:
                continue
            if cls is alias_event or getattr(event, "anchor", None):
                fail(mark.line, mark.column, N_("anchors and aliases are not allowed"))
                if cls is alias_event:
                    attach(Scalar("", True, mark.line, mark.column))
                    continue
            if getattr(event, "tag", None) is not None:
                fail(
                    mark.line,
                    mark.column,
                    N_("YAML tags are not allowed: %(tag)s"),
                    tag=event.tag.replace("tag:yaml.org,2002:", "!!"),
                )
            if cls is scalar_event:
                attach(Scalar(event.value, not event.style, mark.line, mark.column))
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    fail(
                        mark.line,
                        mark.column,
                        N_("nesting is deeper than %(limit)s levels"),
                        limit=MAX_DEPTH,
                    )
                    break
                kind = Map if cls is yaml.MappingStartEvent else Seq
                node = kind(mark.line, mark.column)
                # A duplicate key's value is still parsed (to find errors inside) but not kept.
                attach(node)
                stack.append(node)
                if cls is yaml.MappingStartEvent:
                    maps.append(node)
                    keys.append(None)
                    seen.append(set())
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                done = stack.pop()
                if done.__class__ is Map:
                    maps.pop()
                    keys.pop()
                    seen.pop()
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position, byte_offset=_Loader is not yaml.SafeLoader)
        fail(
            line,
            column,
            N_("character U+%(code)s is not allowed in a plan file"),
            code=f"{exc.character:04X}" if isinstance(exc.character, int) else "?",
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        line, column = (mark.line, mark.column) if mark else (0, 0)
        if "nesting depth" in problem:  # libyaml's own guard can fire before our depth count does
            fail(line, column, N_("nesting is deeper than %(limit)s levels"), limit=MAX_DEPTH)
        else:
            fail(line, column, N_("this is not valid YAML: %(problem)s"), problem=problem)
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        fail(0, 0, N_("this is not valid YAML: %(problem)s"), problem=str(exc))
    finally:
        loader.dispose()
    if errors:
        raise _Failed(errors)
    if root is None:
        raise _Failed([PlanError(Location(filename, 1, 1), Message(N_("the plan file is empty"), {}))])
    return root


def _line_column(text: str, position: int, byte_offset: bool) -> tuple[int, int]:
    """0-based line and column of a reader error (libyaml counts bytes, PyYAML characters)."""
    if byte_offset:
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
    before = text[:position]
    line = before.count("\n")
    return line, position - (before.rfind("\n") + 1)


def location(filename: str, node: Node | Scalar) -> Location:
    return Location(filename, node.line + 1, node.column + 1)
