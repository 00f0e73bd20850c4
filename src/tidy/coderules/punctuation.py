"""Punctuation repairs that need more than a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy import lexicon
from tidy.coderules import code_rule
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_PERIODS = re.compile(r"\.\.+")


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
        if e - s == 2:
            if word.lower().rstrip(".") in lexicon.ABBREVIATIONS:
                yield Change(s, e, ".", "doubled full stop after an abbreviation")
        elif word and word[-1].isalpha():
            yield Change(s, e, "...", "run of full stops where an ellipsis was meant")
