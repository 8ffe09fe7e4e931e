"""Safe YAML for plan files: bytes -> a small tree of located nodes, or located errors.

Scalars stay as text: the plan-file reader decides what a value means from the key it belongs
to, so there is no implicit typing surprise (`no` -> False, `1_000` -> 1000, `2027-03-01 10:00`
-> str) and no YAML type can be smuggled in.

Two composers build the same nodes. `compose_fast` reads the plain subset that plan files are
written in (block mappings and sequences, one-line flow collections, plain and simply quoted
scalars, literal blocks, comments) line by line, about ten times faster than libyaml through
PyYAML; on anything else it gives up and returns None. The libyaml composer then runs on the
whole text, so every error message, and the meaning of anything unusual, is libyaml's. It builds
nodes from the parser's events rather than `yaml.compose` because events are ~7x cheaper and are
the only place where anchors and explicit tags are visible (the composed tree has resolved them).

A one-line flow mapping of plain scalars (`- {id: t1, title: Write, after: [t0]}`, the rows most
of a large plan is written in) is read by one regex findall and kept as a FlowMap of its keys and
values: the reader takes a step's values from those, and its nodes are made only when asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from actionplan.core.messages import N_, Message
from actionplan.core.planfile_model import Location, PlanError

MAX_BYTES = 32 * 1024 * 1024  # a 100,000-step plan is about 11 MB
MAX_DEPTH = 20
_BOM = b"\xef\xbb\xbf"

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Scalar:
    __slots__ = ("value", "plain", "line", "column")

    def __init__(self, value: str, plain: bool, line: int, column: int):
        self.value = value
        self.plain = plain  # unquoted: may be a number, date or null
        self.line = line  # 0-based, as the parser reports
        self.column = column

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULLS


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


_MAP_ITEMS = Map.items  # the slot under FlowMap.items


class FlowMap(Map):
    """A one-line flow mapping of plain scalars and lists of them, written with exactly ", "
    and ": " (`{id: t1, title: Write, after: [t0, t2]}`), kept as the `keys` (all different)
    and `values` that `flow_entries` read from its line `text`: a list value keeps its brackets,
    and `lists` counts them. The columns follow from the lengths.

    Most of a large plan's bytes are such rows, and the reader takes a step's values straight
    from here (planfile_read.Reader.row); the Scalar and Seq nodes are made only when `items`
    is first asked for, and are then exactly those of any other Map.
    """

    __slots__ = ("keys", "values", "lists", "text")

    def __init__(
        self, line: int, column: int, keys: tuple[str, ...], values: list[str], lists: int, text: str
    ):
        self.line = line
        self.column = column
        self.keys = keys
        self.values = values
        self.lists = lists
        self.text = text

    @property  # type: ignore[override]
    def items(self) -> list[tuple[Scalar, Node]]:  # type: ignore[override]
        try:
            return _MAP_ITEMS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            pass
        number = self.line
        items: list[tuple[Scalar, Node]] = []
        at = self.column + 1
        for key, value in zip(self.keys, self.values, strict=True):
            value_at = at + len(key) + 2
            if value[0] == "[":
                seq = Seq(number, value_at)
                column = value_at + 1
                for item in value[1:-1].split(", "):
                    seq.items.append(Scalar(item, True, number, column))
                    column += len(item) + 2
                items.append((Scalar(key, True, number, at), seq))
            else:
                items.append((Scalar(key, True, number, at), Scalar(value, True, number, value_at)))
            at = value_at + len(value) + 2
        _MAP_ITEMS.__set__(self, items)
        return items


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
    node = compose_fast(text)
    return node if node is not None else compose_libyaml(text, filename)


def compose_libyaml(text: str, filename: str) -> Node:
    """`compose` through libyaml's event parser: any YAML, and the reference for `compose_fast`."""
    import yaml  # ~50 ms to import: only files outside the fast subset pay for it

    loader_class = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
    loader_class = loader_class or yaml.SafeLoader
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
    loader = loader_class(text)
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
        line, column = _line_column(text, exc.position, byte_offset=loader_class is not yaml.SafeLoader)
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


# -- the fast composer --------------------------------------------------------------------------
# Every rule below is narrower than YAML: what it does not recognise exactly, it gives up on, and
# the libyaml composer decides. tests/core/test_planfile_fastyaml.py checks both agree.

# Anything but printable characters, \n, tabs and a byte-order mark mid-text: where libyaml's
# columns could differ from ours, or where it reports an error. (The complement of YAML's
# printable set as a small class: the large one takes milliseconds to compile.)
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_PRINTABLE_ASCII = b"\n" + bytes(range(0x20, 0x7F))  # the ASCII that _NOT_SIMPLE lets through
# A block mapping key: plain, one line, no ':' or '#' inside, no space before its ':'.
_KEY = re.compile(r"([^ \-?:,\[\]{}#&*!|>'\"%@`][^:#]*|-[^ :#][^:#]*)(?<! ):(?: |\Z)")
# A plain scalar inside a flow collection: ends before , [ ] { } and ': '; '#' and ':' before a
# flow indicator end the collection's fast reading (libyaml reads them in ways not worth copying).
_PLAIN = r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^ :,\[\]{}#]))(?:[^:,\[\]{}#]|:(?=[^ ?:,\[\]{}#]))*"
_FLOW_PLAIN = re.compile(_PLAIN)
# One entry of the commonest flow mapping, `{id: t1, title: Write, after: [t0, t2]}`: plain
# scalars separated by exactly ", ", read by one findall per line (see _FastComposer.flow_map).
# Its scalars end on a non-space (so "{a : b}" does not match and leaves a gap), and the spaces
# before a separator go with it: the lengths of the parts add up to the columns.
_TRIMMED = (
    r"(?:[^ \-?:,\[\]{}#&*!|>'\"%@`]|-(?=[^ :,\[\]{}#]))"
    r"(?:(?:[^:,\[\]{}#]|:(?=[^ ?:,\[\]{}#]))*(?:[^ :,\[\]{}#]|:(?=[^ ?:,\[\]{}#])))?"
)
_FLOW_ENTRY = re.compile(rf"({_TRIMMED}): (?:({_TRIMMED})|\[({_TRIMMED}(?:, {_TRIMMED})*)\])( *, | *\}})")
# The entries of the commonest of those, read first: no scalar holds a ':' or starts with '-',
# and every separator is exactly ", " (see flow_entries). Without a lookahead per character, and
# with two groups instead of four, it is three times cheaper. Where it reads a whole mapping it
# reads what _FLOW_ENTRY would (each part is the longest a _TRIMMED scalar can be there).
_SIMPLE = r"[^ \-?:,\[\]{}#&*!|>'\"%@`][^:,\[\]{}#]*(?<! )"
_SIMPLE_ENTRY = re.compile(rf"({_SIMPLE}): ({_SIMPLE}|\[{_SIMPLE}(?:, {_SIMPLE})*\])(?:, |\}})")
# Characters that may not start a plain scalar in block context ('-' is checked on its own).
_INDICATORS = frozenset("?:,[]{}#&*!|>'\"%@`")
# Escapes of a double-quoted scalar (those planfile_dump writes and the rest of YAML's).
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abt\tnvfre \"/\\N_LP])")
_DOUBLE_QUOTED = re.compile(
    r'"((?:[^"\\]|\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0abt\tnvfre "/\\N_LP]))*)"'
)
_ESCAPED = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_MAX_FAST_DEPTH = MAX_DEPTH - 4
_first, _second = itemgetter(0), itemgetter(1)


class _GiveUp(Exception):
    pass


def compose_fast(text: str) -> Node | None:
    """`compose` for the plain subset of YAML that plan files use; None where it is not sure.

    Returns exactly the nodes the libyaml composer returns (values, plain flags, 0-based lines
    and columns); never an error: anything unusual, wrong or ambiguous is left to libyaml.
    """
    if text.isascii():
        # _NOT_SIMPLE's test, four times faster, for the ASCII text of most large plans.
        if text.encode("ascii").translate(None, _PRINTABLE_ASCII):
            return None
    elif _NOT_SIMPLE.search(text):
        return None
    lines = text.split("\n")
    rows: list[tuple[int, int, str]] = []  # (line number, indentation, line) of lines with content
    for number, line in enumerate(lines):
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue
        if line[0] in "-.%" and line.startswith(("---", "...", "%")):
            return None  # document markers and directives
        rows.append((number, len(line) - len(content), line))
    if not rows or rows[0][1] != 0:
        return None
    composer = _FastComposer(lines, rows)
    try:
        root = composer.block(0, 0)
    except (_GiveUp, IndexError, RecursionError):
        return None
    return root if composer.i == len(rows) else None


def _is_entry(line: str, column: int) -> bool:
    """A block sequence entry ("- ..." or a lone "-") starts at `column`."""
    return line.startswith("-", column) and (len(line) == column + 1 or line[column + 1] == " ")


class _FastComposer:
    def __init__(self, lines: list[str], rows: list[tuple[int, int, str]]):
        self.lines = lines
        self.rows = rows
        self.i = 0  # the next row to read
        self.keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # of flow_rows, all different

    def block(self, column: int, depth: int) -> Node:
        """The block collection whose first row (self.i) is indented by `column`."""
        if depth > _MAX_FAST_DEPTH:
            raise _GiveUp
        line = self.rows[self.i][2]
        if _is_entry(line, column):
            return self.sequence(column, depth)
        return self.mapping(column, depth)

    def sequence(self, column: int, depth: int) -> Seq:
        rows = self.rows
        number = rows[self.i][0]
        seq = Seq(number, column)
        items = seq.items
        flow_entry = " " * column + "- {"
        while self.i < len(rows):
            number, indent, line = rows[self.i]
            if indent == column and line.startswith(flow_entry) and depth < _MAX_FAST_DEPTH:
                # The commonest entry of a large plan: "- {id: t1, title: ...}", read directly.
                self.flow_rows(column, items)
                if self.i == len(rows):
                    break
                number, indent, line = rows[self.i]
            if indent == column and line.startswith(flow_entry):
                read = self.flow_map(line, column + 2, number) if depth < _MAX_FAST_DEPTH else None
                if read is not None:
                    node, end = read
                    rest = line[end:]
                    if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
                        raise _GiveUp
                    items.append(node)
                    self.i += 1
                    if self.i < len(rows) and rows[self.i][1] > column:
                        raise _GiveUp  # a continued line, or an error
                    continue
            if indent != column or not _is_entry(line, column):
                break  # the caller decides whether what follows may follow
            start = column + 1
            while start < len(line) and line[start] == " ":
                start += 1
            if start == len(line) or line[start] == "#":
                self.i += 1
                if self.i < len(rows) and rows[self.i][1] > column:
                    items.append(self.block(rows[self.i][1], depth + 1))
                else:
                    items.append(Scalar("", True, number, column + 1))
                continue
            if _is_entry(line, start):
                raise _GiveUp  # "- - x": a compact nested sequence
            if _KEY.match(line, start):
                items.append(self.mapping(start, depth + 1))
            else:
                items.append(self.inline(line, start, number, column, depth + 1))
                if self.i < len(rows) and rows[self.i][1] > column:
                    raise _GiveUp  # a continued scalar, or an error
        return seq

    def mapping(self, column: int, depth: int) -> Map:
        """A block mapping whose first key is on row self.i at `column` (maybe after "- ")."""
        if depth > _MAX_FAST_DEPTH:
            raise _GiveUp
        rows = self.rows
        number = rows[self.i][0]
        node = Map(number, column)
        items = node.items
        seen: set[str] = set()
        while True:
            number, _, line = rows[self.i]
            match = _KEY.match(line, column)
            if match is None:
                raise _GiveUp
            text = match[1]
            if text in seen or len(text) > 1000:
                raise _GiveUp  # duplicates are reported by the other composer; 1024 is libyaml's key limit
            seen.add(text)
            key = Scalar(text, True, number, column)
            start = match.end()
            while start < len(line) and line[start] == " ":
                start += 1
            if start == len(line) or line[start] == "#":
                self.i += 1
                after = rows[self.i] if self.i < len(rows) else None
                if after is not None and after[1] > column:
                    value = self.block(after[1], depth + 1)
                elif after is not None and after[1] == column and _is_entry(after[2], column):
                    value = self.sequence(column, depth + 1)  # an indentless sequence
                else:
                    value = Scalar("", True, number, match.end(1) + 1)
            else:
                value = self.inline(line, start, number, column, depth + 1)
                if self.i < len(rows) and rows[self.i][1] > column:
                    raise _GiveUp  # a continued scalar, or an error
            items.append((key, value))
            if self.i == len(rows):
                return node
            indent = rows[self.i][1]
            if indent < column:
                return node
            if indent > column:
                raise _GiveUp

    def inline(self, line: str, start: int, number: int, parent: int, depth: int) -> Node:
        """The value that starts at `start` on row self.i; moves past its rows."""
        first = line[start]
        if first == "{" or first == "[":
            node, end = (first == "{" and self.flow_map(line, start, number)) or self.flow(
                line, start, number, depth
            )
        elif first == '"' or first == "'":
            node, end = _quoted(line, start, number)
        elif first == "|":
            return self.literal(line, start, number, parent)
        else:
            cut = line.find(" #", start)
            text = (line[start:] if cut < 0 else line[start:cut]).rstrip(" ")
            if first in _INDICATORS or (first == "-" and (len(text) == 1 or text[1] == " ")):
                raise _GiveUp  # anchors, aliases, tags, folded scalars, "- " in a value...
            if ": " in text or text[-1] == ":":
                raise _GiveUp  # an error for libyaml ("mapping values are not allowed here")
            self.i += 1
            return Scalar(text, True, number, start)
        rest = line[end:]
        if rest and (rest[0] != " " or rest.lstrip(" ")[:1] not in ("", "#")):
            raise _GiveUp
        self.i += 1
        return node

    def literal(self, line: str, start: int, number: int, parent: int) -> Scalar:
        """A literal block scalar "|" or "|-" whose indentation is that of its first line."""
        header = line[start:].rstrip(" ")
        if header not in ("|", "|-"):
            raise _GiveUp  # indentation indicators, keep chomping, comments after the header
        lines = self.lines
        first = number + 1
        if first >= len(lines) or not lines[first].strip(" "):
            raise _GiveUp  # leading blank lines decide the indentation in subtle ways
        indent = len(lines[first]) - len(lines[first].lstrip(" "))
        if indent <= parent:
            raise _GiveUp
        body: list[str] = []
        end = last = first  # past the block; its last line with text
        while end < len(lines):
            text = lines[end]
            if text.strip(" "):
                if len(text) - len(text.lstrip(" ")) < indent:
                    break
                body.append(text[indent:])
                last = end
            elif len(text) > indent:
                raise _GiveUp  # a blank line with spaces beyond the indentation keeps them
            else:
                body.append("")
            end += 1
        del body[last - first + 1 :]
        value = "\n".join(body)
        if header == "|" and last + 1 < len(lines):
            value += "\n"  # "clip": the last line break, when there is one
        rows = self.rows
        while self.i < len(rows) and rows[self.i][0] < end:
            self.i += 1
        return Scalar(value, False, number, start)

    def flow_map(self, line: str, start: int, number: int) -> tuple[Map, int] | None:
        """The commonest flow mapping at C speed, or None for `flow` to read it."""
        found = flow_entries(line, start)
        if found is not None:
            entries, end, lists = found
            keys = tuple(map(_first, entries))
            if len(set(keys)) != len(keys):
                return None  # a duplicate key: libyaml words the error
            return FlowMap(number, start, keys, list(map(_second, entries)), lists, line), end
        return self.flow_map_spaced(line, start, number)

    def flow_rows(self, column: int, items: list[Node]) -> None:
        """Append the "- {...}" rows from self.i on that `flow_entries` reads, stopping before
        any other row: `flow_map` in a loop of its own for the many rows of a large plan, where
        each row's keys are the same few tuples (checked for duplicates once, and shared)."""
        rows = self.rows
        i = self.i
        start = column + 2
        prefix = " " * column + "- {"
        known = self.keys
        while i < len(rows):
            number, indent, line = rows[i]
            if indent != column or not line.startswith(prefix):
                break
            found = flow_entries(line, start)
            if found is None:
                break
            entries, end, lists = found
            keys = tuple(map(_first, entries))
            shared = known.get(keys)
            if shared is None:
                if len(set(keys)) != len(keys):
                    break  # a duplicate key: libyaml words the error
                shared = known[keys] = keys
            if end != len(line) and (line[end] != " " or line[end:].lstrip(" ")[:1] not in ("", "#")):
                raise _GiveUp
            items.append(FlowMap(number, start, shared, list(map(_second, entries)), lists, line))
            i += 1
            if i < len(rows) and rows[i][1] > column:
                raise _GiveUp  # a continued line, or an error
        self.i = i

    def flow_map_spaced(self, line: str, start: int, number: int) -> tuple[Map, int] | None:
        """`flow_map` for the rest: scalars with ':' or a leading '-', spaces before a comma.

        findall skips what it cannot match, so the entries must spell the mapping out from its
        brace: then nothing was skipped (no scalar's reading depends on what follows it, so the
        pattern would have matched there). Only the last separator may close the mapping.
        """
        node = Map(number, start)
        items = node.items
        at = start + 1
        entries = _FLOW_ENTRY.findall(line, at)
        text = "".join(f"{key}: {value or f'[{body}]'}{separator}" for key, value, body, separator in entries)
        if not (text[-1:] == "}" and text.count("}") == 1 and line.startswith(text, at)):
            return None
        for key, value, body, separator in entries:
            value_at = at + len(key) + 2
            if body:
                seq = Seq(number, value_at)
                column = value_at + 1
                for item in body.split(", "):
                    seq.items.append(Scalar(item, True, number, column))
                    column += len(item) + 2
                items.append((Scalar(key, True, number, at), seq))
                at = value_at + len(body) + 2 + len(separator)
            else:
                items.append((Scalar(key, True, number, at), Scalar(value, True, number, value_at)))
                at = value_at + len(value) + len(separator)
        if len({key.value for key, _ in items}) != len(items):
            return None
        return node, at

    def flow(self, line: str, start: int, number: int, depth: int) -> tuple[Node, int]:
        """A flow mapping or sequence that ends on this line: (node, index after its bracket)."""
        if depth > _MAX_FAST_DEPTH:
            raise _GiveUp
        mapping = line[start] == "{"
        node: Map | Seq = Map(number, start) if mapping else Seq(number, start)
        close = "}" if mapping else "]"
        at = start + 1
        while line[at] == " ":
            at += 1
        if line[at] == close:
            return node, at + 1
        seen: set[str] = set()
        while True:
            if mapping:
                key, at = self.flow_scalar(line, at, number)
                if line[at] != ":" or line[at + 1] != " " or key.value in seen:
                    raise _GiveUp  # '"a":1', a key without a value, a duplicate key
                seen.add(key.value)
                at += 2
                while line[at] == " ":
                    at += 1
            first = line[at]
            if first == "{" or first == "[":
                value, at = self.flow(line, at, number, depth + 1)
            else:
                value, at = self.flow_scalar(line, at, number)
            while line[at] == " ":
                at += 1
            if mapping:
                node.items.append((key, value))  # type: ignore[union-attr,arg-type]
            else:
                node.items.append(value)  # type: ignore[union-attr,arg-type]
            following = line[at]
            if following == close:
                return node, at + 1
            if following != ",":
                raise _GiveUp  # "[a: b]", "{a: b c: d}", a comment, the line's end...
            at += 1
            while line[at] == " ":
                at += 1
            if line[at] == close:
                raise _GiveUp  # a trailing comma

    def flow_scalar(self, line: str, start: int, number: int) -> tuple[Scalar, int]:
        first = line[start]
        if first == '"' or first == "'":
            return _quoted(line, start, number)
        match = _FLOW_PLAIN.match(line, start)
        if match is None:
            raise _GiveUp
        text = match[0]
        end = match.end()
        if text[-1] == " ":
            text = text.rstrip(" ")
            if line[end] == ":":
                raise _GiveUp  # "{a : b}": a space before the colon
        return Scalar(text, True, number, start), end


def flow_entries(line: str, start: int) -> tuple[list[tuple[str, str]], int, int] | None:
    """The (key, value) entries of the flow mapping whose "{" is at `start`, the index after its
    "}" and how many values are lists; None unless `_SIMPLE_ENTRY` reads all of it, each entry
    followed by ", " and the last by "}" (a FlowMap).

    findall skips what it cannot match, so the entries must spell the mapping out from its
    brace: then nothing was skipped (no scalar's reading depends on what follows it, so the
    pattern would have matched there).
    """
    entries = _SIMPLE_ENTRY.findall(line, start + 1)
    if entries:
        text = ", ".join(map(": ".join, entries))
        end = start + 1 + len(text)
        if line.startswith(text, start + 1) and line.startswith("}", end):
            return entries, end + 1, text.count("[")
    return None


def _quoted(line: str, start: int, number: int) -> tuple[Scalar, int]:
    """A quoted scalar that ends on this line: (node, index after its quote)."""
    quote = line[start]
    if quote == '"':
        end = line.find('"', start + 1)
        if end < 0:
            raise _GiveUp
        if "\\" not in line[start + 1 : end]:
            return Scalar(line[start + 1 : end], False, number, start), end + 1
        match = _DOUBLE_QUOTED.match(line, start)
        if match is None:
            raise _GiveUp  # an escape we do not know, or a line break escaped
        return Scalar(_ESCAPE.sub(_unescape, match[1]), False, number, start), match.end()
    end = line.find("'", start + 1)
    while end >= 0 and line[end + 1 : end + 2] == "'":
        end = line.find("'", end + 2)
    if end < 0:
        raise _GiveUp
    return Scalar(line[start + 1 : end].replace("''", "'"), False, number, start), end + 1


def _unescape(match: re.Match[str]) -> str:
    code = match[1]
    if len(code) == 1:
        return _ESCAPED[code]
    value = int(code[1:], 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise _GiveUp  # libyaml refuses these
    return chr(value)
