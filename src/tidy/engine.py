"""The pure core: run rules in order over a text and locate every edit in the input."""

from __future__ import annotations

import bisect
import gc
import operator
import re
from collections.abc import Callable, Generator, Iterable, Sequence
from functools import lru_cache

from tidy import anchors, coderules, evidence, guards, mentions, verdicts
from tidy.context import WINDOW, Context
from tidy.language import document_language
from tidy.model import Change, Edit, Result, new_edit
from tidy.protect import Spans, global_spans, merge
from tidy.rules import Rule

MAX_PASSES = 4  # fixing is repeated until nothing changes; the bound only stops a runaway rule
EDGE = 4000  # inline edits this close to either end may give document rules new work
CHUNK = 1 << 16  # inline rules repair a long document in pieces of about this size
REGION_GAP = 4096  # paragraphs closer than this are re-read together on a later pass
MODES = ("auto", "plain", "markdown", "rst")


# Signs of markup. Those that must start a line are searched for after a line break (and
# matched at the start): a literal first character lets the regex engine skip ahead,
# where ^ would be tried at every position.
_MD_FRONT_MATTER = re.compile(r"(?:---|\+\+\+)[ \t]*\n")
# a heading, fence, task list item or reference definition
_MD_LINE = r" {0,3}(?:#{1,6} \S|```|~~~|[-*+] \[[ xX]\] )|\[[^\]]+\]: \S"
_MD_FIRST_LINE = re.compile(_MD_LINE)
_MD_SIGNS = re.compile(r"\n(?:" + _MD_LINE + r")|\]\([^)\s]+\)")  # ... or a link
_RST_FIRST_LINE = re.compile(r"\.\. [a-z-]+::")
_RST_SIGNS = re.compile(r"``[^`\n]+``|:[a-z]+(?::[a-z]+)?:`[^`\n]+`|\n\.\. [a-z-]+::")
_SNIFF = 20000  # markup shows itself early: only the start of the text is read


def detect_mode(text: str) -> str:
    """``markdown`` or ``rst`` when the text shows that markup (front matter, headings,
    fences, links; roles and inline literals), else ``plain``. The mode decides what counts
    as markup; prose rules run in every mode."""
    if (
        _MD_FRONT_MATTER.match(text)
        or _MD_FIRST_LINE.match(text)
        or _MD_SIGNS.search(text, 0, _SNIFF)
    ):
        return "markdown"
    if _RST_FIRST_LINE.match(text) or _RST_SIGNS.search(text, 0, _SNIFF):
        return "rst"
    return "plain"


class _Mapper:
    """Maps positions in the current text back to the original input.

    ``regions`` are disjoint ``(cs, ce, os, oe)``: current text[cs:ce] replaced source[os:oe].
    """

    __slots__ = ("ends", "regions", "starts")

    def __init__(self) -> None:
        self.regions: list[tuple[int, int, int, int]] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

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

    def apply(
        self, changes: Sequence[Change], sources: Sequence[tuple[int, int]] | None = None
    ) -> None:
        """Record ``changes`` (sorted, disjoint, in current coordinates) as applied.

        Old regions that no change touches are copied in bulk, shifted by the changes
        before them; only the few a change meets are merged one by one."""
        old, ends = self.regions, self.ends
        n = len(old)
        if not n:
            self._first(changes, sources)
            return
        out: list[tuple[int, int, int, int]] = []
        j = 0
        shift = 0
        for idx, c in enumerate(changes):
            cs, ce, d = c.start, c.end, len(c.text) - (c.end - c.start)
            k = bisect.bisect_left(ends, cs, j)  # old regions ending before cs stay apart
            if k > j:
                out.extend(
                    [(a + shift, b + shift, x, y) for a, b, x, y in old[j:k]] if shift else old[j:k]
                )
                j = k
            ncs, nce = cs + shift, ce + shift + d
            if sources is None:
                # (with nothing mapped yet, current positions are the source's)
                nos, noe = (self.to_source(cs, False), self.to_source(ce, True)) if n else (cs, ce)
            else:
                nos, noe = sources[idx]
            # (conditional expressions, not min/max: this loop runs once per change)
            while j < n and old[j][0] <= ce:  # old regions this change overlaps or touches
                a, b, x, y = old[j]
                a, b = a + shift, b + shift + d
                ncs = a if a < ncs else ncs
                nce = b if b > nce else nce
                nos = x if x < nos else nos
                noe = y if y > noe else noe
                j += 1
            if out and ncs <= out[-1][1]:
                pa, pb, px, py = out[-1]
                out[-1] = (
                    pa if pa < ncs else ncs,
                    pb if pb > nce else nce,
                    px if px < nos else nos,
                    py if py > noe else noe,
                )
            else:
                out.append((ncs, nce, nos, noe))
            shift += d
        if j < n:
            out.extend(
                [(a + shift, b + shift, x, y) for a, b, x, y in old[j:]] if shift else old[j:]
            )
        self.regions = out
        self.starts = [r[0] for r in out]
        self.ends = [r[1] for r in out]


    def _first(
        self, changes: Sequence[Change], sources: Sequence[tuple[int, int]] | None
    ) -> None:
        """:meth:`apply` with nothing mapped yet (a chunk's first rule to edit, a run's
        first pass): each change is its own region but for those that touch, which merge
        (a text with an edit every few characters holds hundreds of thousands)."""
        out: list[tuple[int, int, int, int]] = []
        append = out.append
        # The region being grown, as four numbers: a tuple is built only once it is done
        # (an edit every few characters makes one region of a hundred thousand changes).
        pa = pb = px = py = -1
        open_ = False
        shift = 0
        for idx, c in enumerate(changes):
            cs, ce = c.start, c.end
            nos, noe = (cs, ce) if sources is None else sources[idx]
            d = len(c.text) - (ce - cs)
            ncs, nce = cs + shift, ce + shift + d
            if open_ and ncs <= pb:
                if ncs < pa:
                    pa = ncs
                if nce > pb:
                    pb = nce
                if nos < px:
                    px = nos
                if noe > py:
                    py = noe
            else:
                if open_:
                    append((pa, pb, px, py))
                pa, pb, px, py = ncs, nce, nos, noe
                open_ = True
            shift += d
        if open_:
            append((pa, pb, px, py))
        self.regions = out
        self.starts = [r[0] for r in out]
        self.ends = [r[1] for r in out]


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
    # A guard whose verdict is the document's (a tokenized text) is asked once, not at
    # each of its hundred thousand spaced commas.
    if any(not guards.DOCUMENT_GUARDS[g](ctx) for g in rule.guards if g in guards.DOCUMENT_GUARDS):
        return
    names = [g for g in rule.guards if g not in guards.DOCUMENT_GUARDS]
    checks = [guards.GUARDS[g] for g in names]
    template = _template(rule.replacement)
    # A replacement without group references is the same text for every match: built once.
    constant = "".join(v for _, v in template) if not any(g for g, _ in template) else None  # type: ignore[misc]
    paired = len(rule.triggers) == len(rule.patterns) > 1  # one trigger gates each pattern
    for i, pattern in enumerate(rule.patterns):
        if paired and not ctx.contains(rule.triggers[i]):
            continue
        plan = verdicts.plan(rule.id, i, names, checks, pattern, ctx)  # (None: no memo)
        for s, e in ctx.regions:
            pos = s
            while (m := pattern.search(text, pos, e)) is not None:
                ms, me = m.span()
                pos = me if me > ms else ms + 1
                if constant is not None:
                    rep = constant
                    # (a replacement of another length cannot be the match: not compared)
                    if len(rep) == me - ms and rep == m.group():
                        continue
                else:
                    rep = _expand(m, template)
                    if rep == m.group():
                        continue
                ctx.resume = -1
                if plan is not None:
                    if plan.passes(text, m, ctx):
                        yield Change(ms, me, rep, rule.message)
                    elif ctx.resume > pos:
                        pos = ctx.resume
                    if plan.ahead is not None:
                        if constant is None:
                            plan.ahead = None  # (each repeat's replacement would be built)
                        else:
                            pos = yield from _repeats(pattern, text, pos, e, plan, ctx, rep, rule)
                    continue
                for check in checks:  # (a loop, not all() over a generator: one per match)
                    if not check(text, m, ctx):
                        if ctx.resume > pos:
                            pos = ctx.resume  # the whole token was rejected: skip past it
                        break
                else:
                    yield Change(ms, me, rep, rule.message)


def _repeats(
    pattern: re.Pattern[str],
    text: str,
    pos: int,
    end: int,
    plan: verdicts.Plan,
    ctx: Context,
    rep: str,
    rule: Rule,
) -> Generator[Change, None, int]:
    """The candidates that repeat the one just judged, every ``period`` characters (see
    verdicts.Plan.ahead), given its verdict without asking again; returns where the search
    goes on. They are found with finditer, which finds what searches from ``pos`` would
    find while the matches are not empty; the first that is no repeat is left to them."""
    assert plan.ahead is not None
    period, stop, width, start, token_end, ok = plan.ahead
    plan.ahead = None
    last = first = pos - width  # (the match just judged, which starts at its anchor)
    for m in pattern.finditer(text, pos, end):
        s, e = m.span()
        if s != last + period or e - s != width or s > stop:
            break
        last = s
        if ok:
            yield Change(s, e, rep, rule.message)
    if last == first:
        return pos
    ctx.found_token(last + start, last + token_end)  # (as the last one's judgement leaves)
    plan.previous = last
    return last + width


_position = operator.attrgetter("start", "end")  # a C-level sort key


def _in_order(changes: list[Change]) -> bool:
    """Whether ``changes`` are already sorted by position, as most rules propose them:
    sorting with a key would build a tuple per change (a megabyte of text with an edit
    every five characters holds 200,000 changes)."""
    last_start = last_end = -1
    for c in changes:
        start = c.start
        if start < last_start or (start == last_start and c.end < last_end):
            return False
        last_start, last_end = start, c.end
    return True


def rule_changes(rule: Rule, text: str, ctx: Context) -> list[Change]:
    """The changes ``rule`` makes to ``text``: sorted, disjoint, none touching protection."""
    if rule.triggers and not any(ctx.contains(t) for t in rule.triggers):
        return []
    if rule.code is not None:
        raw = list(coderules.REGISTRY[rule.code](text, ctx, rule))
    else:
        raw = list(_regex_changes(rule, text, ctx))
    if not raw:
        return []
    if len(raw) > 1 and not _in_order(raw):
        raw.sort(key=_position)
    blocks_only = rule.code in coderules.WHOLE_LINES
    # (a Markdown heading's words make its anchor, which other pages link to)
    headings = ctx.mode == "markdown" and not blocks_only
    off = ctx.suppressed_spans(rule.id)
    quoted = ctx.contains('"') or ctx.contains("“")
    out: list[Change] = []
    append = out.append
    last_end = -1
    # An edit inside the paragraph last found to hold nothing protected needs no call of
    # ctx.protected (which would answer the same): there is one per proposed edit.
    fs, fe = ctx.free_span()
    for c in raw:
        start, end = c.start, c.end
        if start < last_end or (start == last_end and out and start == out[-1].start):
            continue  # overlapping proposals: keep the first
        if not (fs <= start < fe and end <= fe):
            touches = ctx.protected(start, end, blocks_only)
            fs, fe = ctx.free_span()
            if touches:
                continue
        if off and off.touches(start, end):
            continue
        if headings and anchors.moves_anchor(text, start, end, c.text):
            continue
        if headings and anchors.mirrors_heading(text, start, end):
            continue  # [Exercises:Level 1](#exerciseslevel-1): the heading's copy
        if quoted and mentions.equals_another(text, start, end, c.text):
            continue  # write "hello — world" not "hello—world": the counter-example
        append(c)
        last_end = end
    return out


def _touched_paragraphs(text: str, mapper: _Mapper) -> list[tuple[int, int]]:
    """Paragraphs of ``text`` that hold an edit: all that a further pass needs to re-read."""
    spans = _edited_paragraphs(text, mapper) if "\r" not in text else None
    if spans is None:
        spans = _edited_paragraphs_by_context(text, mapper)
    # Nearby paragraphs are read as one region: fewer, longer scans are faster.
    out: list[tuple[int, int]] = []
    for s, e in merge(spans):
        if out and s - out[-1][1] < REGION_GAP:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _edited_paragraphs(text: str, mapper: _Mapper) -> list[tuple[int, int]] | None:
    """The paragraphs around each edited region, found from the blank lines on either
    side as Context.paragraph finds them, the last one found answering for the positions
    inside it (a text with an edit in each of thousands of short paragraphs asks once per
    edit); None where a paragraph outruns the window, whose bounds the context cuts in
    blocks."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    last = n - 1
    found = (0, 0)  # the paragraph found last

    def paragraph(pos: int) -> tuple[int, int] | None:
        nonlocal found
        if found[0] <= pos < found[1]:
            return found
        i = text.rfind("\n\n", max(0, pos - WINDOW), pos)
        j = text.find("\n\n", pos, min(n, pos + WINDOW))
        if (i < 0 and pos > WINDOW) or (j < 0 and pos + WINDOW < n):
            return None
        found = (i + 2 if i >= 0 else 0, j + 1 if j >= 0 else n)
        return found

    for cs, ce, _, _ in mapper.regions:
        if spans and max(ce - 1, cs) < spans[-1][1]:
            continue  # inside the paragraph just found
        first = paragraph(max(0, min(cs, last)))
        if first is None:
            return None
        start = first[0]
        second = paragraph(max(0, min(max(ce - 1, cs), last)))
        if second is None:
            return None
        spans.append((start, second[1]))
    return spans


def _edited_paragraphs_by_context(text: str, mapper: _Mapper) -> list[tuple[int, int]]:
    probe = Context(text, "plain")
    spans: list[tuple[int, int]] = []
    last = len(text) - 1
    for cs, ce, _, _ in mapper.regions:
        if spans and max(ce - 1, cs) < spans[-1][1]:
            continue  # inside the paragraph just found
        s, _ = probe.paragraph(max(0, min(cs, last)))
        _, e = probe.paragraph(max(0, min(max(ce - 1, cs), last)))
        spans.append((s, e))
    return spans


def _chunks(
    text: str, regions: list[tuple[int, int]], blocks: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``regions`` cut into pieces of about CHUNK characters, at blank lines that are not
    inside a protected block (a fence, front matter) nor just after a ``tidy:`` comment.
    Inline rules never look across a blank line, so each piece can be repaired alone —
    and a repair then rebuilds only its piece, not the whole document."""
    spans = Spans(blocks)
    out = []
    for s, e in regions:
        while e - s > 2 * CHUNK:
            cut = text.find("\n\n", s + CHUNK, s + 2 * CHUNK)
            while cut >= 0 and (
                spans.covering(cut) is not None
                or "tidy:" in text[text.rfind("\n", s, cut) + 1 : cut]
            ):
                cut = text.find("\n\n", cut + 2, s + 2 * CHUNK)
            if cut < 0:
                cut = text.find(" ", s + CHUNK, s + 2 * CHUNK)  # one huge paragraph
                if cut < 0:
                    break
            out.append((s, cut + 1))
            s = cut + 1
        out.append((s, e))
    return out


def _segments(rules: Sequence[Rule]) -> list[tuple[bool, list[Rule]]]:
    """Consecutive runs of rules, each either document-wide or inline (chunk by chunk)."""
    out: list[tuple[bool, list[Rule]]] = []
    for rule in rules:
        document = rule.scope == "document"
        if out and out[-1][0] == document:
            out[-1][1].append(rule)
        else:
            out.append((document, [rule]))
    return out


class _Run:
    """One call of :func:`run`: the text as it stands, and the edits located so far."""

    def __init__(self, text: str, mode: str, locate: bool = True):
        self.source = text
        self.text = text
        self.mode = mode
        self.mapper = _Mapper()
        # this pass's changes alone, from the second pass on: where the next must look
        self.pass_mapper: _Mapper | None = None
        self.edits: list[Edit] = []
        # Without ``locate`` edits are only counted per rule: no Edit is built or mapped
        # back to the input (a text with an edit every few characters has millions).
        self.counts: dict[str, int] | None = None if locate else {}
        self.doc: dict[object, object] = {}  # document-wide facts, read from self.facts
        self.facts = text  # the input, or the input with its mojibake repaired
        self.edges_touched = False
        self._blocks: list[tuple[int, int]] | None = None  # protected blocks of self.text
        self._messages: dict[str, str] = {}  # message -> as shown (capitalised)

    def reread_evidence(self) -> bool:
        """Let the next pass read the document's style (dashes, quotes, colons, sentence
        gaps) from the text as repaired so far: a repair may set the style another
        judgement depends on (website–I spaced makes a glued a–a damage), and a second
        run over the output would read it so (idempotence). Returns whether a style that
        a rule read has changed: then every paragraph must be judged again, not only
        those the pass edited."""
        if len(self.text) > evidence.WHOLE:
            # a long text's style is read per piece, from the text being repaired; the
            # pieces a later pass reads it from are cut from the text as it now stands
            stale = [
                k
                for k in self.doc
                if isinstance(k, tuple) and k[:1] in (("evidence-piece",), ("piece-fact",))
            ]
            for key in stale:
                del self.doc[key]
            return False
        self.facts = self.text
        changed = False
        for key in [k for k in self.doc if isinstance(k, tuple) and k[:1] == ("evidence",)]:
            old = self.doc.pop(key)
            compute = self.doc.get(("evidence-fn", key[1]))
            if compute is not None and not changed:
                new = self.doc[key] = compute(self.text)  # type: ignore[operator]
                changed = new != old
        return changed

    def language_changed(self) -> bool:
        """Whether the first pass's repairs changed the language the document reads as:
        misdecoded letters (mojibake) had passed for another language's, or spaces put
        back let its lines be read at all. A run over the output would read the new one."""
        if "language" not in self.doc:
            return False  # no rule asked: nothing was judged by it
        return document_language(self.text) != self.doc["language"]

    def blocks(self) -> list[tuple[int, int]]:
        if self._blocks is None:
            self._blocks = global_spans(self.text, self.mode)
        return self._blocks

    def record(
        self, rule: Rule, changes: Sequence[Change], text: str, offset: int, local: _Mapper | None
    ) -> list[tuple[int, int]] | None:
        """Edits for ``changes`` made to ``text`` (a chunk at ``offset`` of the current
        document, whose own earlier changes ``local`` maps back). Returns each change's
        span in the chunk's input, for ``local.apply`` (None: the spans are the changes'
        own, ``local`` having mapped nothing yet)."""
        n = len(self.text)
        # With nothing applied yet a mapper is the identity: skip it (the common case).
        local_map = local.to_source if local is not None and local.regions else None
        if self.counts is not None:
            return self._count(rule, changes, offset, local_map, n)
        global_map = self.mapper.to_source if self.mapper.regions else None
        sources: list[tuple[int, int]] = []
        messages = self._messages
        append = self.edits.append
        for c in changes:
            s, e = c.start, c.end
            if local_map is not None:
                s, e = local_map(s, False), local_map(e, True)
                sources.append((s, e))
            s, e = s + offset, e + offset
            if s < EDGE or e > n - EDGE:
                self.edges_touched = True
            if global_map is not None:
                s, e = global_map(s, False), global_map(e, True)
            msg = c.message or rule.message
            shown = messages.get(msg)
            if shown is None:
                shown = messages[msg] = msg[:1].upper() + msg[1:]
            append(new_edit(rule.id, s, e if e > s else s, text[c.start : c.end], c.text, shown))
        return sources if local_map is not None else None

    def _count(
        self,
        rule: Rule,
        changes: Sequence[Change],
        offset: int,
        local_map: Callable[[int, bool], int] | None,
        n: int,
    ) -> list[tuple[int, int]] | None:
        """:meth:`record` for a run that only counts: the same spans and edge test, no
        edits. Mapping is monotonic and the changes sorted and disjoint, so the first
        change starts first and the last ends last."""
        counts = self.counts
        assert counts is not None
        counts[rule.id] = counts.get(rule.id, 0) + len(changes)
        if local_map is None:
            sources = None
            s, e = changes[0].start, changes[-1].end
        else:
            sources = [(local_map(c.start, False), local_map(c.end, True)) for c in changes]
            s, e = sources[0][0], sources[-1][1]
        if s + offset < EDGE or e + offset > n - EDGE:
            self.edges_touched = True
        return sources

    def document_rules(self, rules: Sequence[Rule]) -> None:
        ctx = Context(self.text, self.mode, None, self.doc, self.facts)
        for rule in rules:
            changes = rule_changes(rule, self.text, ctx)
            if not changes:
                continue
            self.record(rule, changes, self.text, 0, None)
            self.mapper.apply(changes)
            if self.pass_mapper is not None:
                self.pass_mapper.apply(changes)
            self.text = _apply_text(self.text, changes)
            self._blocks = None
            ctx = ctx.after(self.text, changes)

    def inline_rules(self, rules: Sequence[Rule], regions: list[tuple[int, int]]) -> list[Change]:
        """Run ``rules`` over ``regions``, piece by piece; return the net changes made."""
        text = self.text
        blocks = self.blocks()
        starts = [s for s, _ in blocks]
        merged: list[Change] = []  # the chunks' net changes, in document coordinates
        parts: list[str] = []
        pos = 0
        # A long document's style is read per piece: on a later pass, which repairs only
        # some paragraphs, from the pieces a whole run over this text would cut.
        pieces = (
            _chunks(text, [(0, len(text))], blocks)
            if len(text) > evidence.WHOLE and regions != [(0, len(text))]
            else None
        )
        piece_starts = [s for s, _ in pieces] if pieces else []
        for cs, ce in _chunks(text, regions, blocks):
            chunk = text[cs:ce]
            i = max(0, bisect.bisect_right(starts, cs) - 1)
            local_blocks = [
                (max(s, cs) - cs, min(e, ce) - cs) for s, e in blocks[i:] if s < ce and e > cs
            ]
            ctx = Context(chunk, self.mode, None, self.doc, self.facts, local_blocks)
            ctx.ends_document = ce >= len(text)
            if pieces:
                ps, pe = pieces[bisect.bisect_right(piece_starts, cs) - 1]
                ctx.piece = (ps, text[ps:pe])
            elif len(text) > evidence.WHOLE:
                ctx.piece = (cs, chunk)  # (a first pass's chunk is a whole run's piece)
            local = _Mapper()
            for rule in rules:
                changes = rule_changes(rule, chunk, ctx)
                if not changes:
                    continue
                local.apply(changes, self.record(rule, changes, chunk, cs, local))
                chunk = _apply_text(chunk, changes)
                ctx = ctx.after(chunk, changes)
            if local.regions:
                merged.extend(
                    Change(cs + os_, cs + oe, chunk[s:e]) for s, e, os_, oe in local.regions
                )
            parts.append(text[pos:cs])
            parts.append(chunk)
            pos = ce
        if merged:
            parts.append(text[pos:])
            self.mapper.apply(merged)
            if self.pass_mapper is not None:
                self.pass_mapper.apply(merged)
            self.text = "".join(parts)
            # Rules never edit protected blocks, so the blocks only move.
            self._blocks = list(Spans(blocks).shifted(merged).spans())
        return merged


def run(text: str, rules: Sequence[Rule], mode: str = "auto", locate: bool = True) -> Result:
    """Repair ``text``. Without ``locate`` the result's edits are only counted per rule
    (``Result.counts``): the same text, at less cost in time and memory."""
    # A run allocates a great many small objects (matches, spans, changes) and makes no
    # reference cycles: reference counting frees them, and the cycle collector's passes
    # over a caller's large heap would only add time (measured: 3 to 5 per cent).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(text, rules, mode, locate)
    finally:
        if collecting:
            gc.enable()


def _run(text: str, rules: Sequence[Rule], mode: str, locate: bool) -> Result:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "auto":
        mode = detect_mode(text)
    state = _Run(text, mode, locate)
    segments = _segments(rules)
    regions = [(0, len(text))]  # the first pass reads everything
    edges_dirty = True  # whether document rules (titles, furniture) must look again
    for pass_no in range(MAX_PASSES):
        before = state.text
        state.edges_touched = False
        state.pass_mapper = _Mapper() if pass_no else None
        for document, group in segments:
            if document:
                if pass_no == 0 or edges_dirty:
                    state.document_rules(group)
                    # their deletions move everything after them: re-read what remains
                    if state.text != before and pass_no:
                        regions = [(0, len(state.text))]
            elif pass_no == 0:
                state.inline_rules(group, [(0, len(state.text))])
            else:
                regions = _shift_regions(regions, state.inline_rules(group, regions))
        if state.text == before or not state.text:
            break
        if pass_no == 0 and state.language_changed():
            # The document's facts are read again from the repaired text and every
            # paragraph again with them, as a second run over the output would read them
            # (idempotence).
            state.doc = {}
            state.facts = state.text
            regions = [(0, len(state.text))]
            edges_dirty = True
            continue
        # A further pass re-reads only the paragraphs this pass edited: the rest was read
        # by every rule already and has not changed since. Document rules look again only
        # if inline edits came near the top or the foot, where their work lies.
        regions = _touched_paragraphs(state.text, state.pass_mapper or state.mapper)
        edges_dirty = state.edges_touched
        if state.reread_evidence():
            regions = [(0, len(state.text))]  # the style changed: every paragraph again
    state.edits.sort(key=_position)
    return Result(source=state.source, text=state.text, edits=state.edits, counts=state.counts)


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
