"""The pure core: run rules in order over a text and locate every edit in the input."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tidy import coderules, guards
from tidy.model import Edit, Result
from tidy.protect import Spans, block_spans
from tidy.rules import Rule

MAX_PASSES = 4  # fixing is repeated until nothing changes; the bound only stops a runaway rule
MODES = ("auto", "plain", "markdown")


@dataclass(frozen=True, slots=True)
class Change:
    """A replacement proposed by a rule, in the coordinates of the text the rule saw."""

    start: int
    end: int
    text: str
    message: str = ""


class Context:
    """What rules may ask about the text they are looking at; computed lazily, once."""

    __slots__ = ("_cache", "_spans", "mode", "text")

    def __init__(self, text: str, mode: str):
        self.text = text
        self.mode = mode
        self._spans: Spans | None = None
        self._cache: dict[object, object] = {}

    @property
    def protected(self) -> Spans:
        if self._spans is None:
            self._spans = Spans(block_spans(self.text, markdown_entities=self.mode == "markdown"))
        return self._spans

    def memo(self, key: object, compute):  # type: ignore[no-untyped-def]
        """Per-text memo for rules' document-wide facts (dominant style, paragraph language)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
            return value


_MD_SIGNS = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n|^ {0,3}(?:#{1,6} \S|```|~~~|[-*+] \[[ xX]\] )|\]\([^)\s]+\)|^\[[^\]]+\]: \S",
    re.M,
)


def detect_mode(text: str) -> str:
    """``markdown`` when the text shows Markdown structure (front matter, headings, fences,
    links), else ``plain``. Only decides what counts as markup; prose rules run in both."""
    return "markdown" if _MD_SIGNS.search(text, 0, 20000) else "plain"


class _Mapper:
    """Maps positions in the current text back to the original input.

    ``regions`` are disjoint ``(cs, ce, os, oe)``: current text[cs:ce] replaced source[os:oe].
    """

    __slots__ = ("regions", "starts")

    def __init__(self) -> None:
        self.regions: list[tuple[int, int, int, int]] = []
        self.starts: list[int] = []

    def to_source(self, pos: int, side_end: bool) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos
        cs, ce, os_, oe = self.regions[i]
        if pos >= ce:
            return oe + (pos - ce)
        if pos == cs:
            return os_
        return oe if side_end else os_

    def apply(self, changes: Sequence[Change]) -> None:
        """Record ``changes`` (sorted, disjoint, in current coordinates) as applied."""
        items = [(c.start, c.end, self.to_source(c.start, False), self.to_source(c.end, True), len(c.text) - (c.end - c.start)) for c in changes]
        merged: list[list[int]] = []
        # Old regions carry delta 0 (they are already in current coordinates).
        allr = sorted([(cs, ce, os_, oe, 0) for cs, ce, os_, oe in self.regions] + items)
        for cs, ce, os_, oe, d in allr:
            if merged and cs <= merged[-1][1]:
                m = merged[-1]
                m[1] = max(m[1], ce)
                m[2] = min(m[2], os_)
                m[3] = max(m[3], oe)
                m[4] += d
            else:
                merged.append([cs, ce, os_, oe, d])
        out = []
        shift = 0
        for cs, ce, os_, oe, d in merged:
            out.append((cs + shift, ce + shift + d, os_, oe))
            shift += d
        self.regions = out
        self.starts = [r[0] for r in out]


def _apply_text(text: str, changes: Sequence[Change]) -> str:
    parts = []
    pos = 0
    for c in changes:
        parts.append(text[pos : c.start])
        parts.append(c.text)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def _regex_changes(rule: Rule, text: str, ctx: Context) -> Iterable[Change]:
    assert rule.pattern is not None
    checks = [guards.GUARDS[g] for g in rule.guards]
    for m in rule.pattern.finditer(text):
        rep = m.expand(rule.replacement)
        if rep == m.group():
            continue
        if all(check(text, m, ctx) for check in checks):
            yield Change(m.start(), m.end(), rep, rule.message)


def rule_changes(rule: Rule, text: str, ctx: Context) -> list[Change]:
    """The changes ``rule`` makes to ``text``: sorted, disjoint, none touching protection."""
    if rule.code is not None:
        raw: Iterable[Change] = sorted(
            coderules.REGISTRY[rule.code](text, ctx, rule), key=lambda c: (c.start, c.end)
        )
    else:
        raw = _regex_changes(rule, text, ctx)
    out: list[Change] = []
    last_end = -1
    for c in raw:
        if c.start < last_end or (c.start == last_end and out and c.start == out[-1].start):
            continue  # overlapping proposals: keep the first
        if ctx.protected.touches(c.start, c.end):
            continue
        out.append(c)
        last_end = c.end
    return out


def run(text: str, rules: Sequence[Rule], mode: str = "auto") -> Result:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    source = text
    if mode == "auto":
        mode = detect_mode(text)
    mapper = _Mapper()
    edits: list[Edit] = []
    for _ in range(MAX_PASSES):
        before_pass = text
        ctx = Context(text, mode)
        for rule in rules:
            changes = rule_changes(rule, text, ctx)
            if not changes:
                continue
            for c in changes:
                s = mapper.to_source(c.start, False)
                e = mapper.to_source(c.end, True)
                edits.append(Edit(rule.id, s, max(s, e), text[c.start : c.end], c.text, c.message))
            mapper.apply(changes)
            text = _apply_text(text, changes)
            ctx = Context(text, mode)
        if text == before_pass:
            break
    edits.sort(key=lambda e: (e.start, e.end))
    return Result(source=source, text=text, edits=edits)
