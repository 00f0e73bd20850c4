"""Opt-in ASCII transliteration through unidecode (GPL). Runs after every other rule, so
``£15,000`` is spaced before it becomes ``PS15,000``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy.coderules import code_rule
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@code_rule("ascii")
def ascii_transliteration(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    from unidecode import unidecode  # imported only when the rule is selected

    for m in ctx.finditer(_NON_ASCII):
        out = unidecode(m.group())
        # unidecode pads some output ("北京" → "Bei Jing "); never let it glue or double spaces
        if text[m.end() : m.end() + 1].isspace() or m.end() == len(text):
            out = out.rstrip()
        if m.start() > 0 and text[m.start() - 1].isspace():
            out = out.lstrip()
        if out != m.group():
            yield Change(m.start(), m.end(), out, "transliterated to ASCII")
