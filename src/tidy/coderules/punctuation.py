"""Punctuation repairs that need more than a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING

from tidy import language, lexicon
from tidy.coderules import code_rule
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_PERIODS = re.compile(r"\.\.+")
# A lower-case word after the dots: the sentence runs on, so two dots trail off (`has no..
# there is`, `soporte para.. uno`) rather than double an abbreviation's stop (`etc..`).
_RUNS_ON = re.compile(r"[ \t]+[a-zß-ÿ]")
# Abbreviations that are no words as well: two dots after them double a stop, whatever
# follows (`etc.. en Euskal Herria`, `ie.. the elements`).
_ONLY_ABBREVIATIONS = frozenset("etc ie eg cf vs approx incl resp usw bzw ecc ca aprox pp".split())
# (the dots first, then the letter before them: a pattern that opens with a lookbehind or a
# class is tried at every position of the document)
# Abbreviations that are words too, and abbreviate only before a number (No. 5, Vol. 2).
_BEFORE_NUMBERS = frozenset("no nos nr vol fig art".split())
_NUMBER_AFTER = re.compile(r"[ \t\u00a0]*\d")
_LONG_RUN = re.compile(r"\.\.\.\.\.(?<=[^\W\d_]\.\.\.\.\.)")  # (spelt out: a literal)
_DOT_HABIT = 2  # long runs of dots after words that make them a writer's style (a refrain)


def _long_dot_runs(doc: str) -> int:
    if "....." not in doc:
        return 0
    return sum(1 for _ in islice(_LONG_RUN.finditer(doc), _DOT_HABIT))  # (enough: stop)


_MASK_RUN = 16


@code_rule("extra-periods")
def extra_periods(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    """``etc..`` → ``etc.``; ``near.....`` → ``near...``; never ``1..10`` or ``cd ..``."""
    for m in ctx.finditer(_PERIODS):
        s, e = m.span()
        if e - s in (3, 4):
            continue  # ... and .... are ellipses
        after = text[e : e + 1]
        if after and not (after.isspace() or after in '"”’)]'):
            continue
        i = s
        while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
            i -= 1
        word = text[i:s]
        if e - s == 2 and i > 0 and text[i - 1] in "\"“'‘" and after in "\"”'’":
            continue  # “CA..”: a quoted literal, each dot a character of it (an atom name)
        if e - s == 2:
            abbreviation = word.lower().rstrip(".")
            if abbreviation in _BEFORE_NUMBERS and not _NUMBER_AFTER.match(text, e):
                continue  # "Well, no.. My mom": the word no trailing off (No. 5 is numbered)
            if abbreviation in lexicon.ABBREVIATIONS and (
                abbreviation.replace(".", "") in _ONLY_ABBREVIATIONS or not _RUNS_ON.match(text, e)
            ):
                yield Change(s, e, ".", "doubled full stop after an abbreviation")
        elif word and word[-1].isalpha():
            if ctx.doc_memo("long-dot-runs", _long_dot_runs) >= _DOT_HABIT:
                continue  # a writer who trails off in five dots or more, again and again
            if len(word) <= 2 and word[0].isupper() and e - s >= 6:
                continue  # Bl..........: letters left out on purpose, a dot for each
            if e - s >= _MASK_RUN:
                continue  # d3cu............……: characters masked a dot apiece, or a leader
                # filling a line; no one trails off in sixteen dots
            if language.CJK.match(word[-1]):
                continue  # 中文......: six dots are Chinese's ellipsis (……) typed in ASCII
            if _odd_runs_on_line(text, s, e):
                continue  # test.. test... test..... test?.....: a line that shows runs of
                # marks, as a typographer's demo does
            yield Change(s, e, "...", "run of full stops where an ellipsis was meant")


_OTHER_RUN = re.compile(r"[.?!]\.\.|\.\.(?!\.)")


def _odd_runs_on_line(text: str, s: int, e: int) -> bool:
    """Whether the line of the run text[s:e] holds two more runs of marks elsewhere."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    found = sum(1 for _ in _OTHER_RUN.finditer(text, ls, s)) + sum(
        1 for _ in _OTHER_RUN.finditer(text, e, le)
    )
    return found >= 2
