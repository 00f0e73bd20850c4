"""Guard verdicts remembered along a long line, for text that repeats itself.

A megabyte of one repeated pattern (``Word.Word,Word `` over and over) puts the same
candidate edit before the same guards tens of thousands of times, and the guards are
Python: that input ran 27 times slower than clean prose. The guards of the comma rule
read only the candidate's token, a short stretch on either side of it, and facts about
its line, its paragraph and the document. On one line and in one
paragraph, their verdict is therefore a function of that stretch of text, and is looked
up instead of computed again. On lines longer than :data:`LONG_LINE` a verdict per
paragraph is filed by the paragraph's place; on shorter ones, whose stretch of text then
holds the whole line, by the paragraph's own text, so that a text which repeats its
paragraphs (a corpus's boilerplate) judges each one once.

The reads were checked guard by guard (see :data:`READS`); a guard that comes to read
further must widen :data:`BEFORE` / :data:`AFTER`, or name the new fact in READS and key
it below. ``tests/test_fast_paths.py`` compares the output with and without the memo.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tidy import identifiers
from tidy.protect import MAX_TOKEN

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.guards import Guard

ENABLED = True  # (tests switch it off to compare)
LONG_LINE = 2000  # candidates on lines at least this long are remembered by place
PARAGRAPH_KEYED = 4096  # a short line's verdict per paragraph is filed by the paragraph's
# text up to this length (beyond, by its place: hashing it would cost more than judging)
BEFORE = 100  # characters before the token that a guard may read (after_command: 80)
AFTER = 100  # characters after the token (call_opening: 80; KIND_AFTER: 14)

# The guards whose reads lie in the token, BEFORE and AFTER characters around it, its
# line, its paragraph and the document, but for the facts named, which are keyed apart.
READS: dict[str, tuple[str, ...]] = {
    "prose-token": (),
    "comma-words": (),
    # in_quoted_command counts quotes back to the line start (at most 300 characters)
    "not-identifier": ("quoted-command",),
    "spacing-language": (),
    # sentence-end reads a bracket's content up to 80 characters after the token
    # (identifiers.call_opening), a kind noun after it (KIND_AFTER), and on the line only
    # facts of its bounds (changelog_line, code_line, the language) but for the prefix a
    # wrapped line's token ends with (dotted._wrapped_on)
    "sentence-end": ("line-prefix",),
}
# Guards whose first act is ``ctx.token(anchor)``: the memo asks the same first, so that
# the context's remembered token is the one the guards would leave.
TOKEN_FIRST = frozenset({"prose-token", "sentence-end"})

# A candidate is keyed by the text this far around it: its token starts at most MAX_TOKEN
# back (one more for the character before it) and, when remembered, ends less than
# MAX_TOKEN on, and the guards read BEFORE and AFTER more.
AROUND_BEFORE = MAX_TOKEN + 1 + BEFORE
AROUND_AFTER = MAX_TOKEN + AFTER

# What the guards gave: pass or not, where the search resumes (after the token's end),
# and whether they asked for a paragraph other than the one found last.
Verdict = tuple[bool, int | None, bool]
# Per key: the token's bounds around the candidate, and the verdict: one, or one per
# paragraph where the guards read it, or None where the guards are always asked afresh.
Entry = list  # [start - p, end - p, Verdict | dict[tuple[int, int, bool], Verdict] | None]


class Plan:
    """How one rule's pattern is judged with the memo, in one context."""

    __slots__ = (
        "ahead",
        "anchor",
        "by_content",
        "checks",
        "last",
        "memo",
        "prefix",
        "previous",
        "quoted",
        "tokens",
    )

    def __init__(
        self,
        checks: Sequence[Guard],
        facts: set[str],
        anchor: str | int,
        memo: dict[tuple[object, ...], Entry],
        text: str,
    ):
        self.checks = tuple(checks)
        self.anchor = anchor  # the group guards._anchor reads
        # (with no double quote in the text, no position is inside a quoted command)
        self.quoted = "quoted-command" in facts and '"' in text
        self.prefix = "line-prefix" in facts
        self.memo = memo
        self.tokens: dict[tuple[object, ...], Entry] = {}  # candidates in a token found before
        # The last key's parts and entry: a text that repeats itself is recognised in
        # place (str.startswith), without copying and hashing the stretch around.
        self.last: tuple[int, int, tuple[int, int], str, Entry] | None = None
        self.previous = -1  # where the candidate with the key in ``last`` stood last
        # Set by passes() for the engine: (period, stop, width, start, end, verdict) when
        # the candidates that follow repeat the one just judged every ``period``
        # characters, up to ``stop``, each ``width`` long and with its token at
        # [start, end) around it: see _look_ahead.
        self.ahead: tuple[int, int, int, int, int, bool] | None = None
        self.by_content = False  # (set while a short line's candidate is judged)

    def run(self, text: str, m: re.Match[str], ctx: Context) -> bool:
        for check in self.checks:  # (a loop, not all() over a generator: one per match)
            if not check(text, m, ctx):
                break
        else:
            return True
        return False

    def passes(self, text: str, m: re.Match[str], ctx: Context) -> bool:
        """Whether every guard passes ``m``: from the memo when the same stretch of text
        was judged before on this line, else by running them. Leaves ``ctx.resume`` and
        the context's remembered token as the guards would."""
        if text is not ctx.text:
            return self.run(text, m, ctx)
        ms, me = m.span()
        p = ms if self.anchor == 0 else m.start(self.anchor)
        bounds = ctx.long_line_outside_token(p, LONG_LINE)
        if bounds is None:
            return self._in_token(text, m, ctx, p)
        # The token the guards would find first is then found afresh, and is a function
        # of the text around p, as everything they read is: the key holds that text.
        a = p - AROUND_BEFORE
        b = p + AROUND_AFTER
        if a < 0 or b > len(text):
            return self._in_token(text, m, ctx, p)  # (near an end: keyed by less text)
        ms -= p
        me -= p
        last = self.last
        repeat = (
            last is not None
            and last[0] == ms
            and last[1] == me
            and last[2] == bounds
            and text.startswith(last[3], a)
        )
        if repeat:
            entry = last[4]  # type: ignore[index]
            period = p - self.previous  # (the candidate before had this key too)
        else:
            around = text[a:b]
            key: tuple[object, ...] = (ms, me, around, bounds)
            if self.quoted:
                key += (identifiers.in_quoted_command(text, p),)
            found = self.memo.get(key)
            if found is None:
                return self._first(text, m, ctx, p, key)
            entry = found
            if not self.quoted:
                self.last = (ms, me, bounds, around, entry)
        self.previous = p
        judged = entry[2]
        if judged is None:
            return self.run(text, m, ctx)
        e = p + entry[1]
        ctx.found_token(p + entry[0], e)  # (what the guards' first question would find)
        verdict, para = self._remembered(ctx, p, judged)
        if verdict is None:
            return self._judge(text, m, ctx, p, e, entry, para)
        ok = self._leave(ctx, p, e, verdict)
        _, resume, asked = verdict
        if not asked and repeat and resume is None and self.anchor == 0 and 0 < me <= AROUND_AFTER:
            self._look_ahead(text, ctx, p, period, me, entry, ok, para)
        return ok

    def _look_ahead(
        self,
        text: str,
        ctx: Context,
        p: int,
        period: int,
        width: int,
        entry: Entry,
        ok: bool,
        para: tuple[int, int, bool] | None,
    ) -> None:
        """Set :attr:`ahead` when the candidate at ``p`` repeats the one before it (the same
        key, ``period`` characters on) in a text that goes on repeating itself: every
        candidate that follows at the same period, up to where the repetition, the line's
        bounds or (for a verdict per paragraph) the paragraph found last change, has the
        same key, is outside the token before it, and so gets this verdict, with no effect
        on the context but the token it leaves (which the engine sets)."""
        de = entry[1]
        if period <= de or (para is not None and not para[2]):
            return  # (the next one inside this token; a paragraph that asking would move)
        low, high = ctx.line_stretch(p)
        if not low < p <= high:
            return
        stop = min(high, len(text) - AROUND_AFTER)  # (the last position with that line)
        if para is not None:
            stop = min(stop, para[1] - 1)
        # The text repeats with this period over the two keys, from the previous
        # candidate's key on: how much further? (the next candidate's key must lie within)
        reach = AROUND_AFTER - period
        until = _repeats_until(text, p + reach, period, stop + reach)
        stop = min(stop, until - AROUND_AFTER + period)
        if stop >= p + period:
            self.ahead = (period, stop, width, entry[0], de, ok)

    def _first(
        self, text: str, m: re.Match[str], ctx: Context, p: int, key: tuple[object, ...]
    ) -> bool:
        """A candidate whose key is new: judged, and remembered when its token lies within
        the text keyed and it ends no line (a wrapped line's last token is read with the
        line's start)."""
        s, e = ctx.token(p)
        if (
            not s <= p < e
            or e - p >= MAX_TOKEN
            or (s and not text[s - 1].isspace())
            or (self.prefix and text[e : e + 1] == "\n")
        ):
            self.memo[key] = [0, 0, None]
            return self.run(text, m, ctx)
        entry: Entry = [s - p, e - p, None]
        self.memo[key] = entry
        return self._judge(text, m, ctx, p, e, entry, None)

    def _in_token(self, text: str, m: re.Match[str], ctx: Context, p: int) -> bool:
        """A candidate on a short line (judged afresh), or inside the token found last,
        which the guards are given, or near an end of the text: keyed by the text around
        its token."""
        site = ctx.site(p, LONG_LINE)
        if site is None:
            return self._short(text, m, ctx, p)
        ls, le, s, e = site
        if (
            not s <= p < e
            or e - s > 2 * MAX_TOKEN
            or (s and not text[s - 1].isspace())
            or (self.prefix and text[e : e + 1] == "\n")
        ):
            return self.run(text, m, ctx)  # a token cut short: its bounds depend on more
        ws = s - BEFORE if s > BEFORE else 0
        key: tuple[object, ...] = (
            m.start() - p,
            m.end() - p,
            p - s,
            s - ws,
            ws == 0,
            text[ws : e + AFTER],
            ls,
            le,
        )
        if self.quoted:
            key += (identifiers.in_quoted_command(text, p),)
        entry = self.tokens.get(key)
        if entry is None:
            entry = self.tokens[key] = [s - p, e - p, None]
            return self._judge(text, m, ctx, p, e, entry, None)
        return self._verdict(text, m, ctx, p, e, entry)

    def _short(self, text: str, m: re.Match[str], ctx: Context, p: int) -> bool:
        """A candidate on a short line: keyed by the text around it, which holds its whole
        line, and judged by paragraph content (a text that repeats its paragraphs, a
        corpus's boilerplate, judges each once)."""
        a = p - AROUND_BEFORE
        b = p + AROUND_AFTER
        if a < 0 or b > len(text):
            return self.run(text, m, ctx)
        ls, le = ctx.line(p)
        if ls < a or le > b:
            return self.run(text, m, ctx)
        # (a token that ends its line is read with the line's start: _first files it as
        # one to judge afresh, and the same text around gives the same filing)
        key: tuple[object, ...] = ("short", m.start() - p, m.end() - p, text[a:b], ls - p, le - p)
        if self.quoted:
            key += (identifiers.in_quoted_command(text, p),)
        entry = self.memo.get(key)
        self.by_content = True
        try:
            if entry is None:
                return self._first(text, m, ctx, p, key)
            judged = entry[2]
            if judged is None:
                return self.run(text, m, ctx)
            e = p + entry[1]
            ctx.found_token(p + entry[0], e)
            return self._verdict(text, m, ctx, p, e, entry)
        finally:
            self.by_content = False

    def _key(self, text: str, p: int, para: tuple[int, int, bool]) -> tuple[object, ...]:
        """How a verdict per paragraph is filed: by the paragraph's place, or (for a short
        line's candidate, in a paragraph of modest length) by its text around ``p``."""
        ps, pe, inside = para
        if self.by_content and pe - ps <= PARAGRAPH_KEYED:
            return (ps - p, pe - p, inside, text[ps:pe])
        return para

    def _verdict(
        self, text: str, m: re.Match[str], ctx: Context, p: int, e: int, entry: Entry
    ) -> bool:
        """The verdict remembered in ``entry``, or (for a paragraph not seen) judged now."""
        verdict, para = self._remembered(ctx, p, entry[2])
        if verdict is None:
            return self._judge(text, m, ctx, p, e, entry, para)
        return self._leave(ctx, p, e, verdict)

    def _remembered(
        self, ctx: Context, p: int, judged: Verdict | dict[tuple[int, int, bool], Verdict]
    ) -> tuple[Verdict | None, tuple[int, int, bool] | None]:
        """The verdict remembered for the candidate at ``p`` (None for a paragraph not
        judged yet), and the paragraph it was looked up by, where the guards read one."""
        if type(judged) is dict:  # the guards read the paragraph: a verdict per paragraph
            para = self._paragraph(ctx, p)
            return judged.get(self._key(ctx.text, p, para)), para
        return judged, None  # type: ignore[return-value]

    @staticmethod
    def _leave(ctx: Context, p: int, e: int, verdict: Verdict) -> bool:
        """The verdict, with ``ctx`` left as the guards that gave it left it."""
        ok, resume, asked = verdict
        if resume is not None:
            ctx.resume = e + resume
        if asked:
            ctx.paragraph(p)  # as the guards did
        return ok

    @staticmethod
    def _paragraph(ctx: Context, p: int) -> tuple[int, int, bool]:
        """The paragraph the guards would be given for ``p``, and whether it is the one
        found last (asking then changes nothing; else it makes the one found the last)."""
        ps, pe = ctx.paragraph_found()
        if ps <= p < pe:
            return ps, pe, True
        return (*ctx.paragraph_at(p), False)

    def _judge(
        self,
        text: str,
        m: re.Match[str],
        ctx: Context,
        p: int,
        e: int,
        entry: Entry,
        para: tuple[int, int, bool] | None,
    ) -> bool:
        """Run the guards and remember their verdict in ``entry``: for every paragraph if
        they did not read one (what they read before was the same, so they would not read
        it next time either), else for this paragraph (``para``, when known before)."""
        before = ctx.paragraph_found()
        asks = ctx.paragraph_asks
        ok = self.run(text, m, ctx)
        resume = ctx.resume - e if ctx.resume >= 0 else None
        per_paragraph = entry[2]
        if per_paragraph is None and ctx.paragraph_asks == asks:
            entry[2] = (ok, resume, False)
            return ok
        if para is None:  # (found out only now: they asked for p, and nothing else moved it)
            inside = before[0] <= p < before[1]
            ps, pe = before if inside else ctx.paragraph_found()
            para = (ps, pe, inside)
        if per_paragraph is None:
            per_paragraph = entry[2] = {}
        key = self._key(text, p, para)
        per_paragraph[key] = (ok, resume, ctx.paragraph_found() != before)  # type: ignore[index]
        return ok


def _repeats_until(text: str, start: int, period: int, limit: int) -> int:
    """The first position from ``start`` (up to ``limit``) where the text stops repeating
    itself with ``period`` (text[i] != text[i + period]): compared at C speed, in blocks
    that double while they match."""
    limit = min(limit, len(text) - period)
    i, size = start, 256
    while i < limit:
        k = min(size, limit - i)
        if not text.startswith(text[i : i + k], i + period):
            while k > 1:  # (halving: the first block that differs is found in log steps)
                half = k // 2
                if text.startswith(text[i : i + half], i + period):
                    i += half
                    k -= half
                else:
                    k = half
            return i
        i += k
        size *= 2
    return i


def plan(
    rule_id: str,
    index: int,
    names: Sequence[str],
    checks: Sequence[Guard],
    pattern: re.Pattern[str],
    ctx: Context,
) -> Plan | None:
    """The memo's plan for a rule's pattern in ``ctx``, or None when a guard's reads are
    not known."""
    if not ENABLED or not names or names[0] not in TOKEN_FIRST:
        return None
    if any(g not in READS for g in names):
        return None
    facts = {f for g in names for f in READS[g]}
    anchor = "p" if "p" in pattern.groupindex else 0
    memo = ctx.memo(("verdicts", f"{rule_id}/{index}"), dict)
    return Plan(checks, facts, anchor, memo, ctx.text)
