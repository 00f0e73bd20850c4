"""What a rule may ask about the text it is looking at, computed lazily and once."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tidy import literal
from tidy.coderules.lines import WINDOW as LINE_WINDOW
from tidy.protect import MAX_TOKEN, Spans, global_spans, local_spans, merge, suppressions

if TYPE_CHECKING:
    from tidy.model import Change

_SPACE = re.compile(r"\s")
_NON_SPACE_RUN = re.compile(r"\S*")  # (\s is str.isspace(), as str.split() reads it)
WINDOW = 20_000  # the furthest a paragraph is looked for around a candidate edit
BLOCK_SNAP = 2_000  # how far past a block's fixed start its first line break is looked for


_MEMO_MAX = 2000  # paragraphs up to this long have their protected spans memoised


@lru_cache(maxsize=1024)
def _paragraph_spans(para: str, mode: str) -> tuple[tuple[int, int], ...]:
    """A paragraph's protected spans, memoised by its text: each rule that edits a chunk
    gives the next rule a new context, which would find them again, and a corpus repeats
    paragraphs."""
    return tuple(local_spans(para, mode))


def _segment(
    pos: int, thresholds: Sequence[int], value: tuple[int, int]
) -> tuple[int, int, tuple[int, int]]:
    """``(low, high, value)``: ``value`` holds for every position in (low, high], the
    stretch around ``pos`` that no threshold cuts (a threshold t cuts between t and t + 1)."""
    # (one loop, not max() and min() over two lists: there is a call per line and per
    # paragraph a rule looks at)
    low: int | None = None
    high: int | None = None
    for t in thresholds:
        if t < pos:
            if low is None or t > low:
                low = t
        elif high is None or t < high:
            high = t
    return (-1 if low is None else low), (pos if high is None else high), value


# A text longer than this is taken for a collection (a corpus joined into one text, many
# essays or chapters): its facts are read per piece.
COLLECTION = 1 << 20

# Document facts read from the document's head only, whatever its length: they stay the
# whole document's (the language a repair of misdecoded letters is checked against too).
HEAD_FACTS = frozenset(
    {
        "language",
        "looks-rst",
        "word-list",
        "hard-wrapped",
        "justified-width",
        "nordic-letters",
        "double-single-head",
    }
)

# Needles are carried through at most this many changes: a step per change, where a
# search anew costs a scan of the text at C speed (an edit every few characters, as in a
# run of &amp;, makes tens of thousands per chunk).
CARRY_MAX = 1000


def _carried(found: dict[str, int], text: str, changes: Sequence[Change]) -> dict[str, int]:
    """What ``found`` (needle -> an occurrence, or -1) says of ``text``, which ``changes``
    (sorted, disjoint) made, as far as it holds without a search: an occurrence no change
    touched has moved by the changes before it, and a needle that was nowhere still is
    if it is not found around a change."""
    reach = max(map(len, found)) - 1  # (a needle may straddle an edited stretch's edge)
    shifts: list[int] = []  # the shift of what lies before each change
    ends: list[int] = []
    around: list[str] = []  # the edited stretches as they now read, and a needle's reach
    shift = 0
    for c in changes:
        shifts.append(shift)
        ends.append(c.end)
        start = c.start + shift
        shift += len(c.text) - (c.end - c.start)
        around.append(text[max(0, start - reach) : c.end + shift + reach])
    shifts.append(shift)
    edited = "\x00".join(around)  # (a needle found across a separator is searched anew)
    out: dict[str, int] = {}
    for needle, pos in found.items():
        if pos < 0:
            if needle not in edited:
                out[needle] = -1
            continue
        i = bisect.bisect_right(ends, pos)  # the first change ending after pos
        if i == len(ends) or changes[i].start >= pos + len(needle):
            out[needle] = pos + shifts[i]
    return out


class Context:
    """Per-text facts for rules: protected spans (global ones found once, paragraph ones
    only for paragraphs where a rule proposes an edit) and a memo for document-wide facts
    such as the dominant style or a line's language."""

    __slots__ = (
        "_cache",
        "_cr",
        "_doc",
        "_found",
        "_free",
        "_global",
        "_last_para",
        "_last_token",
        "_line_memo",
        "_local",
        "_nl",
        "_nn",
        "_para_memo",
        "document",
        "ends_document",
        "mode",
        "paragraph_asks",
        "piece",
        "regions",
        "resume",
        "text",
    )

    def __init__(
        self,
        text: str,
        mode: str,
        regions: list[tuple[int, int]] | None = None,
        doc: dict[object, Any] | None = None,
        document: str | None = None,
        global_spans: list[tuple[int, int]] | None = None,
    ):
        self.text = text
        # The whole document, when ``text`` is one chunk of it: document-wide facts (its
        # house style, the names it repeats) are read from here.
        self.document = text if document is None else document
        self.mode = mode
        # Where inline rules look: the whole text, or (on later passes) only the
        # paragraphs that earlier edits touched.
        self.regions = regions if regions is not None else [(0, len(text))]
        self._cr = "\r" in text
        self._last_para = (0, 0)
        self._free: tuple[int, int] = (0, -1)  # a paragraph found to hold nothing protected
        self._last_token = (0, -1)
        self._nl = (0, -1)  # the line breaks around the last line asked about (see line())
        self._line_memo: tuple[int, int, tuple[int, int]] = (0, -1, (0, 0))
        self._nn = (0, -1)  # the blank lines around the last paragraph looked for
        self._para_memo: tuple[int, int, tuple[int, int]] = (0, -1, (0, 0))
        self.paragraph_asks = 0  # how many times paragraph() was called
        # Set by a guard that rejected a candidate for its whole token: the engine resumes
        # its search after that token instead of trying every candidate inside it.
        self.resume = -1
        self._global: Spans | None = None if global_spans is None else Spans(global_spans)
        self._local: dict[tuple[int, int], Spans] = {}  # by bounds: a long paragraph's vary
        self._cache: dict[object, Any] = {}
        self._doc: dict[object, Any] = {} if doc is None else doc
        # Where a long document's facts and style are read for this text: the piece a
        # whole run repairs at once, as it came to this pass (start, text); on a later
        # pass, which looks at some paragraphs only, the piece a whole run over this
        # text would cut. None: the whole document.
        self.piece: tuple[int, str] | None = None
        # Whether ``text`` runs to the document's end (a chunk before the last does not:
        # what closes the chunk does not close the document)
        self.ends_document = True
        # needle -> where it occurs in the whole text (-1: nowhere), for contains() and the
        # suppression comments: carried through after() where the changes cannot alter it
        self._found: dict[str, int] = {}

    def _paragraph(self, pos: int) -> tuple[int, int]:
        """Bounds of the paragraph around ``pos``; a very long one is cut at line breaks
        within a window, so that the cost stays linear whatever the input."""
        last = self._last_para
        if last[0] <= pos < last[1]:
            return last  # candidates arrive in order: most fall in the paragraph just found
        self._last_para = bounds = self._find_paragraph(pos)
        return bounds

    def _find_paragraph(self, pos: int) -> tuple[int, int]:
        low, high, bounds = self._para_memo
        if low < pos <= high:
            return bounds
        t = self.text
        n = len(t)
        lo, hi = max(0, pos - WINDOW), min(n, pos + WINDOW)
        # (what t.rfind("\n\n", lo, pos) and t.find("\n\n", pos, hi) find, from the two
        # blank lines around pos, which are looked for once per paragraph)
        before, after = self._blank_lines(pos)
        s = before if before >= lo else -1
        e = after if after + 2 <= hi else -1
        if self._cr:  # a blank line may also be "\n\r\n"
            s = max(s, t.rfind("\n\r\n", lo, pos))
            e2 = t.find("\n\r\n", pos, hi)
            if e2 >= 0 and (e < 0 or e2 < e):
                e = e2
        start: int | None = t.index("\n", s + 1) + 1 if s >= 0 else (0 if lo == 0 else None)
        end: int | None = e + 1 if e >= 0 else (n if hi == n else None)
        block_turns: tuple[int, ...] = ()
        if start is None or end is None:
            # A paragraph longer than the window: fixed blocks keep the bounds (and what is
            # memoised per paragraph) the same for every position inside one block.
            bs, be = self._block(pos)
            start = bs if start is None else start
            end = be if end is None else end
            block_turns = (bs - 1, be - 1)
        if not self._cr and self._nn == (before, after):
            # the same answer until a test above turns (as in line()), or a blank line
            w = WINDOW
            turns = (0, before + 1, after, before + w, w, after + 1 - w, n - w - 1)
            self._para_memo = _segment(pos, (*turns, *block_turns), (start, end))
        return start, end

    def _block(self, pos: int) -> tuple[int, int]:
        """The fixed block of a long paragraph that holds ``pos``: every WINDOW characters,
        moved on to the next line's start. Cut inside a line, a block would open in the
        middle of an inline literal or a link and pair its marks wrongly (``…`__: BUG:x
        …⏎* `#1``` read as one literal), and where it fell would move with every edit."""
        block = pos // WINDOW
        start = self._snap(block * WINDOW)
        if pos < start:
            block -= 1
            start = self._snap(block * WINDOW)
        return start, min(len(self.text), self._snap((block + 1) * WINDOW))

    def _snap(self, x: int) -> int:
        """The first line start at or after ``x`` (``x`` itself on a line with no break
        within BLOCK_SNAP characters: a very long line is cut where it falls)."""
        if x <= 0 or x >= len(self.text):
            return max(0, min(x, len(self.text)))
        i = self.text.find("\n", x - 1, x + BLOCK_SNAP)
        return i + 1 if i >= 0 else x

    def _blank_lines(self, pos: int) -> tuple[int, int]:
        """The last "\n\n" ending at or before ``pos`` and the first starting at or after
        it (-1 and len(text) when there is none)."""
        before, after = self._nn  # two consecutive ones: valid between them
        if before + 2 <= pos <= after and pos:
            return before, after
        t = self.text
        before = t.rfind("\n\n", 0, pos)
        after = t.find("\n\n", pos)
        if after < 0:
            after = len(t)
        if not (pos and t.startswith("\n\n", pos - 1)):  # (else one lies between them)
            self._nn = (before, after)
        return before, after

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        """The bounds :meth:`paragraph` finds for ``pos`` when the last paragraph found does
        not hold it, without remembering them."""
        return self._find_paragraph(pos)

    def _local_spans(self, pos: int) -> Spans:
        ps, pe = self._paragraph(pos)
        spans = self._local.get((ps, pe))
        if spans is None:
            para = self.text[ps:pe]
            at = ps
            if ps and self.text[ps - 1] != "\n":
                # a block of a very long line, cut at a fixed place: the spaces it happens
                # to open with are no indentation (an indented line is set apart whole)
                stripped = para.lstrip(" \t")
                at += len(para) - len(stripped)
                para = stripped
            found = (
                _paragraph_spans(para, self.mode)
                if len(para) <= _MEMO_MAX
                else local_spans(para, self.mode)
            )
            spans = self._local[ps, pe] = Spans(merge([(s + at, e + at) for s, e in found]))
        return spans

    def token(self, pos: int) -> tuple[int, int]:
        """Bounds of the whitespace-delimited token around ``pos`` (looking at most
        MAX_TOKEN characters back, and forward unless the run goes on); the last one is
        remembered, since candidates arrive in order and share tokens."""
        s, e = self._last_token
        if s <= pos <= e:
            return s, e
        t = self.text
        lo = pos - MAX_TOKEN if pos > MAX_TOKEN else 0
        # The last whitespace before pos: most often a space, which rfind finds at C
        # speed, with no other whitespace after it.
        i = t.rfind(" ", lo, pos)
        if i == pos - 1:
            s = pos
        elif _SPACE.search(t, i + 1 if i >= 0 else lo, pos) is None:
            s = i + 1 if i >= 0 else lo
        else:
            left = t[lo:pos]
            s = pos if left[-1].isspace() else pos - len(left.rsplit(None, 1)[-1])
        e = _NON_SPACE_RUN.match(t, pos, pos + MAX_TOKEN).end()  # type: ignore[union-attr]
        if e - pos >= MAX_TOKEN:  # a run of non-space longer than any word: find its end once
            m = _SPACE.search(t, e)
            e = m.start() if m else len(t)
        self._last_token = (s, e)
        return s, e

    def line(self, pos: int) -> tuple[int, int]:
        """``line_bounds(self.text, pos)``, computed from the line breaks on either side of
        ``pos``, which are found once per line: the bounded searches line_bounds makes
        would read up to 40,000 characters for every candidate on a long line."""
        low, high, bounds = self._line_memo
        if low < pos <= high:
            return bounds
        before, after = self._breaks(pos)
        n = len(self.text)
        w = LINE_WINDOW
        # line_bounds' own arithmetic, from what its two searches would have found
        lo = max(0, pos - w)
        hi = min(n, pos + w)
        block = pos // w
        start = before + 1 if before >= lo else 0 if lo == 0 else block * w
        end = after if after < hi else hi if hi == n else min(n, (block + 1) * w)
        # The same answer holds until a test above turns: around pos, the positions
        # between the nearest such thresholds (each a last position for which it holds).
        bounds = (start, end)
        self._line_memo = _segment(
            pos,
            (before, after, before + w, w, after - w, n - w - 1, block * w - 1, block * w + w - 1),
            bounds,
        )
        return bounds

    def _breaks(self, pos: int) -> tuple[int, int]:
        """The line breaks on either side of ``pos`` (-1 and len(text) at the ends)."""
        before, after = self._nl
        if not before < pos <= after:
            t = self.text
            before = t.rfind("\n", 0, pos)
            after = t.find("\n", pos)
            if after < 0:
                after = len(t)
            self._nl = (before, after)
        return before, after

    def line_start(self, pos: int) -> int:
        """Where the line holding ``pos`` starts, however long it is."""
        return self._breaks(pos)[0] + 1

    def long_line_outside_token(self, pos: int, long_line: int) -> tuple[int, int] | None:
        """The bounds of the line holding ``pos`` when it is at least ``long_line`` long and
        ``pos`` lies outside the token found last (whose bounds :meth:`token` would give
        it), else None: the verdict memo's first question (see verdicts.Plan.passes)."""
        low, high, bounds = self._line_memo
        if not low < pos <= high:
            bounds = self.line(pos)
        if bounds[1] - bounds[0] < long_line:
            return None
        s, e = self._last_token
        return None if s <= pos <= e else bounds

    def line_stretch(self, pos: int) -> tuple[int, int]:
        """The stretch (low, high] around ``pos`` over which :meth:`line` gives the answer
        it gave for ``pos`` (asked last), or an empty one."""
        low, high, _ = self._line_memo
        return (low, high) if low < pos <= high else (0, -1)

    def found_token(self, s: int, e: int) -> None:
        """Remember text[s:e] as the token found last, as :meth:`token` does: the verdict
        memo found it from the text around, where the guards would have asked."""
        self._last_token = (s, e)

    def site(self, pos: int, long_line: int) -> tuple[int, int, int, int] | None:
        """What the verdict memo keys a candidate at ``pos`` by, asked as the guards ask
        (see verdicts.Plan.passes): its line's bounds, then (on a line at least
        ``long_line`` long; else None) its token's. One call per candidate: on hostile
        input there are millions."""
        low, high, bounds = self._line_memo
        ls, le = bounds if low < pos <= high else self.line(pos)
        if le - ls < long_line:
            return None
        s, e = self._last_token
        if not s <= pos <= e:
            s, e = self.token(pos)
        return ls, le, s, e

    def paragraph_found(self) -> tuple[int, int]:
        """The paragraph :meth:`paragraph` found last (it answers from it while a
        position lies inside), without looking for another."""
        return self._last_para

    def after(self, text: str, changes: Sequence[Change]) -> Context:
        """The context for ``text``, made from this one by ``changes`` (sorted).

        Rules never edit protected text, so the global spans only move: they are carried
        over instead of being searched for again."""
        ctx = Context(text, self.mode, None, self._doc, self.document)
        ctx.piece = self.piece
        ctx.ends_document = self.ends_document
        if self._global is not None:
            ctx._global = self._global.shifted(changes)
        if self._found and 0 < len(changes) <= CARRY_MAX:
            ctx._found = _carried(self._found, text, changes)
        return ctx

    def protected(self, start: int, end: int, blocks_only: bool = False) -> bool:
        """Whether replacing text[start:end] (inserting, when equal) touches protected text;
        ``blocks_only`` asks only about blocks (code, front matter, switched-off regions)."""
        free = self._free
        if free is self._last_para and free[0] <= start < free[1] and end <= free[1]:
            return False  # (inside the paragraph just used, which nothing protects)
        found = self._global
        if found is None:
            found = self._global = Spans(global_spans(self.text, self.mode))
        if found.touches(start, end):
            return True
        if blocks_only:
            return False
        # (called once per proposed edit: the paragraph just used is looked up inline)
        ps, pe = self._last_para
        local = self._local.get((ps, pe)) if ps <= start < pe else None
        if local is None:
            local = self._local_spans(start)
            pe = self._last_para[1]
        if local.touches(start, end):
            return True
        # an edit reaching into the next paragraph must respect that one's spans too
        if end - 1 >= pe:
            return self._local_spans(end - 1).touches(start, end)
        if not found and not local:
            self._free = self._last_para  # the next edits in this paragraph: no need to look
        return False

    def free_span(self) -> tuple[int, int]:
        """The paragraph :meth:`protected` used last, if nothing in it is protected (else
        an empty span): an edit inside it is known to be free without the call."""
        free = self._free
        return free if free is self._last_para else (0, -1)

    def _find(self, needle: str) -> int:
        """Where ``needle`` occurs in the text (not always first), or -1: searched for once
        per needle and text, and carried to the next rule's context (see _carried), where
        it is asked again — a search of the whole chunk each time."""
        found = self._found.get(needle)
        if found is None:
            found = self._found[needle] = literal.find(self.text, needle)
        return found

    def contains(self, needle: str) -> bool:
        """Whether ``needle`` occurs in the regions this pass looks at (asked once per
        needle: several rules share a trigger, and a rule may gate each pattern by it)."""
        if len(self.regions) == 1 and self.regions[0] == (0, len(self.text)):
            return self._find(needle) >= 0
        key = ("contains", needle)
        found = self._cache.get(key)
        if found is None:
            text = self.text
            found = any(literal.contains(text, needle, s, e) for s, e in self.regions)
            self._cache[key] = found
        return found  # type: ignore[no-any-return]

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the regions this pass looks at."""
        for s, e in self.regions:
            yield from pattern.finditer(self.text, s, e)

    def paragraph(self, pos: int) -> tuple[int, int]:
        self.paragraph_asks += 1  # (the verdict memo keys a paragraph only where asked)
        return self._paragraph(pos)

    def suppressed_spans(self, rule_id: str) -> Spans | None:
        """Where ``tidy: ignore RULE`` comments switch ``rule_id`` off, if anywhere."""
        if self._find("tidy:") < 0:
            return None
        per_rule = self.memo(
            "suppress", lambda: {r: Spans(merge(s)) for r, s in suppressions(self.text)[1].items()}
        )
        return per_rule.get(rule_id)

    def memo(self, key: object, compute: Callable[[], Any]) -> Any:
        """Memo for facts about this exact text (keyed by positions: a paragraph's quotes,
        a line's language)."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
            return value

    def doc_memo(self, key: object, compute: Callable[[str], Any]) -> Any:
        """Memo for facts about the document as a whole (its house style, the names it
        repeats), computed once per run from the whole document: repairs do not change
        them. ``compute`` is given the document's text."""
        piece = self.piece
        if piece is not None and key not in HEAD_FACTS and len(self.document) > COLLECTION:
            # A collection's facts are its piece's, as a long text's style is
            # (evidence.read): a corpus joined into one text repeats no names and keeps no
            # habit across it, and a fact that scans the text then costs a piece, not the
            # whole input. (A long document of its own, a README or a change log, names
            # the same things from end to end: its facts stay the whole text's.)
            key = ("piece-fact", piece[0], key)
            try:
                return self._doc[key]
            except KeyError:
                value = self._doc[key] = compute(piece[1])
                return value
        try:
            return self._doc[key]
        except KeyError:
            value = self._doc[key] = compute(self.document)
            return value
