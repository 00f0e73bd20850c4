"""The pure core: run rules in order over a text and locate every edit in the input."""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from tidy import coderules, guards
from tidy.context import Context
from tidy.model import Change, Edit, Result
from tidy.protect import merge
from tidy.rules import Rule

MAX_PASSES = 4  # fixing is repeated until nothing changes; the bound only stops a runaway rule
EDGE = 4000  # inline edits this close to either end may give document rules new work
REGION_GAP = 4096  # paragraphs closer than this are re-read together on a later pass
MODES = ("auto", "plain", "markdown", "rst")


_MD_SIGNS = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\n"  # front matter
    r"|^ {0,3}(?:#{1,6} \S|```|~~~|[-*+] \[[ xX]\] )"  # heading, fence, task list
    r"|\]\([^)\s]+\)|^\[[^\]]+\]: \S",  # link, reference definition
    re.M,
)


_RST_SIGNS = re.compile(r"``[^`\n]+``|:[a-z]+(?::[a-z]+)?:`[^`\n]+`|^\.\. [a-z-]+::", re.M)


def detect_mode(text: str) -> str:
    """``markdown`` or ``rst`` when the text shows that markup (front matter, headings,
    fences, links; roles and inline literals), else ``plain``. The mode decides what counts
    as markup; prose rules run in every mode."""
    if _MD_SIGNS.search(text, 0, 20000):
        return "markdown"
    return "rst" if _RST_SIGNS.search(text, 0, 20000) else "plain"


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
        items = [
            (
                c.start,
                c.end,
                self.to_source(c.start, False),
                self.to_source(c.end, True),
                len(c.text) - (c.end - c.start),
            )
            for c in changes
        ]
        merged: list[list[int]] = []
        # Old regions carry delta 0 (they are already in current coordinates); both lists
        # are sorted, so a merge is enough.
        allr = heapq.merge([(cs, ce, os_, oe, 0) for cs, ce, os_, oe in self.regions], items)
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


_GROUP_REF = re.compile(r"\\g<(\w+)>|\\(\d+)")


@lru_cache(maxsize=256)
def _template(replacement: str) -> tuple[tuple[bool, str | int], ...]:
    """A replacement parsed once into literal text and group references."""
    parts: list[tuple[bool, str | int]] = []
    pos = 0
    for m in _GROUP_REF.finditer(replacement):
        parts.append((False, replacement[pos : m.start()]))
        ref = m.group(1) or m.group(2)
        parts.append((True, int(ref) if ref.isdigit() else ref))
        pos = m.end()
    parts.append((False, replacement[pos:]))
    return tuple(p for p in parts if p != (False, ""))


def _expand(m: re.Match[str], template: tuple[tuple[bool, str | int], ...]) -> str:
    return "".join((m.group(v) or "") if is_group else v for is_group, v in template)  # type: ignore[misc]


def _regex_changes(rule: Rule, text: str, ctx: Context) -> Iterable[Change]:
    checks = [guards.GUARDS[g] for g in rule.guards]
    template = _template(rule.replacement)
    paired = len(rule.triggers) == len(rule.patterns) > 1  # one trigger gates each pattern
    for i, pattern in enumerate(rule.patterns):
        if paired and not ctx.contains(rule.triggers[i]):
            continue
        for s, e in ctx.regions:
            pos = s
            while (m := pattern.search(text, pos, e)) is not None:
                pos = m.end() if m.end() > m.start() else m.start() + 1
                rep = _expand(m, template)
                if rep == m.group():
                    continue
                ctx.resume = -1
                if all(check(text, m, ctx) for check in checks):
                    yield Change(m.start(), m.end(), rep, rule.message)
                elif ctx.resume > pos:
                    pos = ctx.resume  # the whole token was rejected: skip past it


def rule_changes(rule: Rule, text: str, ctx: Context) -> list[Change]:
    """The changes ``rule`` makes to ``text``: sorted, disjoint, none touching protection."""
    if rule.triggers and not any(ctx.contains(t) for t in rule.triggers):
        return []
    if rule.code is not None:
        raw: Iterable[Change] = coderules.REGISTRY[rule.code](text, ctx, rule)
    else:
        raw = _regex_changes(rule, text, ctx)
    blocks_only = rule.code in coderules.WHOLE_LINES
    out: list[Change] = []
    last_end = -1
    for c in sorted(raw, key=lambda c: (c.start, c.end)):
        if c.start < last_end or (c.start == last_end and out and c.start == out[-1].start):
            continue  # overlapping proposals: keep the first
        if ctx.protected(c.start, c.end, blocks_only) or ctx.suppressed(rule.id, c.start, c.end):
            continue
        out.append(c)
        last_end = c.end
    return out


def _touched_paragraphs(text: str, mapper: _Mapper) -> list[tuple[int, int]]:
    """Paragraphs of ``text`` that hold an edit: all that a further pass needs to re-read."""
    probe = Context(text, "plain")
    spans = []
    for cs, ce, _, _ in mapper.regions:
        s, _ = probe.paragraph(max(0, min(cs, len(text) - 1)))
        _, e = probe.paragraph(max(0, min(max(ce - 1, cs), len(text) - 1)))
        spans.append((s, e))
    # Nearby paragraphs are read as one region: fewer, longer scans are faster.
    out: list[tuple[int, int]] = []
    for s, e in merge(spans):
        if out and s - out[-1][1] < REGION_GAP:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def run(text: str, rules: Sequence[Rule], mode: str = "auto") -> Result:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    source = text
    if mode == "auto":
        mode = detect_mode(text)
    mapper = _Mapper()
    edits: list[Edit] = []
    regions: list[tuple[int, int]] | None = None  # first pass: everything
    doc: dict[object, object] = {}
    edges_dirty = True  # whether document rules (titles, furniture) must look again
    for pass_no in range(MAX_PASSES):
        before_pass = text
        ctx = Context(text, mode, regions, doc)
        edges_touched = False
        for rule in rules:
            document = rule.scope == "document"
            if pass_no and document and not edges_dirty:
                continue  # only inline edits near the top or foot can give them new work
            changes = rule_changes(rule, text, ctx)
            if not changes:
                continue
            for c in changes:
                s = mapper.to_source(c.start, False)
                e = mapper.to_source(c.end, True)
                msg = c.message or rule.message
                edits.append(
                    Edit(
                        rule.id,
                        s,
                        max(s, e),
                        text[c.start : c.end],
                        c.text,
                        msg[:1].upper() + msg[1:],
                    )
                )
            if not document and (changes[0].start < EDGE or changes[-1].end > len(text) - EDGE):
                edges_touched = True
            mapper.apply(changes)
            text = _apply_text(text, changes)
            if regions is not None:
                regions = _shift_regions(regions, changes)
            deltas = [(c.start, c.end, len(c.text) - (c.end - c.start)) for c in changes]
            ctx = ctx.after(text, deltas, regions)
        if text == before_pass or not text:
            break
        # A further pass re-reads only the paragraphs that now hold edits: the rest was
        # read by every rule already and has not changed.
        regions = _touched_paragraphs(text, mapper)
        edges_dirty = edges_touched
    edits.sort(key=lambda e: (e.start, e.end))
    return Result(source=source, text=text, edits=edits)


def _shift_regions(
    regions: list[tuple[int, int]], changes: Sequence[Change]
) -> list[tuple[int, int]]:
    """Carry region bounds through applied changes (so a pass keeps reading the same text)."""
    starts = [c.start for c in changes]
    deltas = []
    total = 0
    for c in changes:
        total += len(c.text) - (c.end - c.start)
        deltas.append(total)

    def move(pos: int) -> int:
        i = bisect.bisect_left(starts, pos) - 1
        return pos + (deltas[i] if i >= 0 else 0)

    return [(move(s), move(e)) for s, e in regions]
