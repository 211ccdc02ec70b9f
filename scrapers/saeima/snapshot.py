"""Playwright accessibility ("aria") snapshots of rendered titania pages, read into a tree.

A snapshot is YAML-like Markdown, one `- role "name" [attrs]: value` item per line, indented by
nesting. Every parser of a rendered page (vote results, bill and decision cards, the agenda)
reads it through `parse_aria_snapshot`, so the quoting rules live in one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from scrapers.errors import ParseError

__all__ = ["AriaNode", "normalise_space", "parse_aria_snapshot"]


_LINE_RE = re.compile(r"^(?P<indent> *)- (?P<body>.*)$")
_KEY_RE = re.compile(
    r'^(?P<role>[^\s"\[]+)(?:\s+"(?P<name>(?:[^"\\]|\\.)*)")?(?P<attrs>(?:\s*\[[^\]]*\])*)\s*$'
)
_ATTR_RE = re.compile(r"\[([^\]=]+)(?:=([^\]]*))?\]")


@dataclass(slots=True)
class AriaNode:
    """One line of a Playwright aria snapshot: `- role "name" [attrs]: value`, with children.

    A `- /url: …` child line is folded into its parent's `url`.
    """

    role: str
    name: str | None = None
    value: str | None = None
    url: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[AriaNode] = field(default_factory=list)
    line: int = 0

    def iter(self) -> Iterator[AriaNode]:
        """This node and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.iter()

    def text(self) -> str:
        """The visible text of the subtree, whitespace-normalised."""
        parts: list[str] = []
        _collect_text(self, parts)
        return normalise_space(" ".join(parts))


def _collect_text(node: AriaNode, parts: list[str]) -> None:
    if node.value is not None:
        parts.append(node.value)
    before = len(parts)
    for child in node.children:
        _collect_text(child, parts)
    if node.value is None and len(parts) == before and node.name and node.role != "img":
        parts.append(node.name)


def normalise_space(text: str) -> str:
    """Collapse whitespace (incl. no-break spaces) and drop spaces before `,` `)` and after `(`."""
    text = re.sub(r"[\s\u00a0]+", " ", text).strip()
    text = re.sub(r" ([,)])", r"\1", text)
    return re.sub(r"\( ", "(", text)


def _unquote_single(body: str, *, url: str, line: int) -> tuple[str, str]:
    """Read a YAML single-quoted scalar at the start of `body`; return (value, rest)."""
    i = 1
    out: list[str] = []
    while i < len(body):
        ch = body[i]
        if ch == "'":
            if body[i + 1 : i + 2] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), body[i + 1 :]
        out.append(ch)
        i += 1
    raise ParseError(url, f"snapshot line {line}: unterminated single-quoted text")


def _unquote_double(body: str, *, url: str, line: int) -> tuple[str, str]:
    """Read a double-quoted (JSON-escaped) scalar at the start of `body`; return (value, rest)."""
    match = re.match(r'"((?:[^"\\]|\\.)*)"', body)
    if match is None:
        raise ParseError(url, f"snapshot line {line}: unterminated double-quoted text")
    return json.loads(match.group(0)), body[match.end() :]


def _scalar(text: str, *, url: str, line: int) -> str:
    if text.startswith("'"):
        value, rest = _unquote_single(text, url=url, line=line)
    elif text.startswith('"'):
        value, rest = _unquote_double(text, url=url, line=line)
    else:
        return text
    if rest.strip():
        raise ParseError(url, f"snapshot line {line}: text after a quoted value: {rest!r}")
    return value


def _parse_line(body: str, *, url: str, line: int) -> AriaNode:
    if body.startswith(("'", '"')):
        unquote = _unquote_single if body.startswith("'") else _unquote_double
        key, rest = unquote(body, url=url, line=line)
    else:
        cut = body.find(": ")
        if cut >= 0:
            key, rest = body[:cut], body[cut:]
        elif body.endswith(":"):
            key, rest = body[:-1], ":"
        else:
            key, rest = body, ""
    value: str | None = None
    if rest.startswith(": "):
        value = _scalar(rest[2:], url=url, line=line)
    elif rest not in ("", ":"):
        raise ParseError(url, f"snapshot line {line}: cannot read {body[:80]!r}")
    match = _KEY_RE.match(key)
    if match is None:
        raise ParseError(url, f"snapshot line {line}: cannot read node {key[:80]!r}")
    name = match["name"]
    return AriaNode(
        role=match["role"],
        name=json.loads(f'"{name}"') if name is not None else None,
        value=value,
        attrs=dict(_ATTR_RE.findall(match["attrs"] or "")),
        line=line,
    )


def parse_aria_snapshot(text: str, *, url: str) -> AriaNode:
    """Parse a Playwright aria snapshot (YAML-like Markdown) into a tree under a `root` node.

    Raises `ParseError` on a line that is not a snapshot item or on an empty snapshot.
    """
    root = AriaNode(role="root")
    stack: list[tuple[int, AriaNode]] = [(-1, root)]
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE_RE.match(raw)
        if match is None:
            raise ParseError(url, f"snapshot line {number}: not a '- ' item: {raw.strip()[:80]!r}")
        indent = len(match["indent"])
        node = _parse_line(match["body"], url=url, line=number)
        while stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1]
        if node.role == "/url":
            parent.url = node.value
            continue
        parent.children.append(node)
        stack.append((indent, node))
    if not root.children:
        raise ParseError(url, "empty snapshot")
    return root
