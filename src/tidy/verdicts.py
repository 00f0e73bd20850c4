"""Guard verdicts remembered along a long line, for text that repeats itself.

A megabyte of one repeated pattern (``Word.Word,Word `` over and over) puts the same
candidate edit before the same guards tens of thousands of times, and the guards are
Python: that input ran 27 times slower than clean prose. The guards of the comma rule
read only the candidate's token, a short stretch on either side of it, and facts about
its line, its paragraph and the document. On one line and in one
paragraph, their verdict is therefore a function of that stretch of text, and is looked
up instead of computed again. Only lines longer than :data:`LONG_LINE` are worth it:
shorter ones rarely repeat a candidate.

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
LONG_LINE = 2000  # candidates on lines at least this long are remembered
BEFORE = 100  # characters before the token that a guard may read (after_command: 80)
AFTER = 100  # characters after the token (_call_opening: 80; _KIND_AFTER: 14)

# The guards whose reads lie in the token, BEFORE and AFTER characters around it, its
# line, its paragraph and the document, but for the facts named, which are keyed apart.
READS: dict[str, tuple[str, ...]] = {
    "prose-token": (),
    "comma-words": (),
    # in_quoted_command counts quotes back to the line start, or to the text's start
    "not-identifier": ("quoted-command",),
    "spacing-language": (),
    # Not sentence-end: identifiers.changelog_line reads up to 2,000 characters around the
    # full stop, or from the text's start on a longer line (a fact keyed only where the
    # guard consults it would bring it back; see "line-prefix" for the pattern).
}
# Guards whose first act is ``ctx.token(anchor)``: the memo asks the same first, so that
# the context's remembered token is the one the guards would leave.
TOKEN_FIRST = frozenset({"prose-token", "sentence-end"})

_NON_SPACE = re.compile(r"\S")


class Plan:
    """How one rule's guards are judged with the memo."""

    __slots__ = ("checks", "name", "prefix", "quoted")

    def __init__(self, name: tuple[str, str], checks: Sequence[Guard], facts: set[str]):
        self.name = name
        self.checks = tuple(checks)
        self.quoted = "quoted-command" in facts
        self.prefix = "line-prefix" in facts

    def run(self, text: str, m: re.Match[str], ctx: Context) -> bool:
        return all(check(text, m, ctx) for check in self.checks)

    def passes(self, text: str, m: re.Match[str], ctx: Context) -> bool:
        """Whether every guard passes ``m``: from the memo when the same stretch of text
        was judged before on this line, else by running them. Leaves ``ctx.resume`` as the
        guards would."""
        if text is not ctx.text:
            return self.run(text, m, ctx)
        p = m.start("p") if "p" in m.re.groupindex else m.start()  # (guards._anchor)
        ls, le = ctx.line(p)
        if le - ls < LONG_LINE:
            return self.run(text, m, ctx)
        # The paragraph the guards would be given, if they ask: the one found last if it
        # holds p (asking changes nothing then), else the one found for p (which asking
        # makes the one found last: whether they asked is remembered with the verdict).
        ps, pe = ctx.paragraph_found()
        inside = ps <= p < pe
        if not inside:
            ps, pe = ctx.paragraph_at(p)
        s, e = ctx.token(p)
        if not s <= p < e or e - s > 2 * MAX_TOKEN or (s and not text[s - 1].isspace()):
            return self.run(text, m, ctx)  # a token cut short: its bounds depend on more
        ws = s - BEFORE if s > BEFORE else 0
        key: tuple[object, ...] = (
            m.start() - p,
            m.end() - p,
            p - s,
            s - ws,
            ws == 0,
            inside,
            text[ws : e + AFTER],
            ls,
            le,
            ps,
            pe,
        )
        if self.quoted:
            key += (identifiers.in_quoted_command(text, p),)
        if self.prefix and text[e : e + 1] in ("\n", ""):  # (only a token ending its line)
            key += (_NON_SPACE.search(text, ctx.line_start(p), s) is not None,)
        memo: dict[tuple[object, ...], tuple[bool, int | None, bool]] = ctx.memo(self.name, dict)
        found = memo.get(key)
        if found is None:
            before = ctx.paragraph_found()
            ok = self.run(text, m, ctx)
            asked = ctx.paragraph_found() != before  # (only seen when p lay outside)
            memo[key] = (ok, ctx.resume - e if ctx.resume >= 0 else None, asked)
            return ok
        ok, resume, asked = found
        if resume is not None:
            ctx.resume = e + resume
        if asked:
            ctx.paragraph(p)  # as the guards did
        return ok


def plan(rule_id: str, index: int, names: Sequence[str], checks: Sequence[Guard]) -> Plan | None:
    """The memo's plan for a rule's pattern, or None when a guard's reads are not known."""
    if not ENABLED or not names or names[0] not in TOKEN_FIRST:
        return None
    if any(g not in READS for g in names):
        return None
    facts = {f for g in names for f in READS[g]}
    return Plan(("verdicts", f"{rule_id}/{index}"), checks, facts)
