"""Spaces around brackets: ``Pension(MyCSP)last`` → ``Pension (MyCSP) last`` and
``( now a museum )`` → ``(now a museum)``, only for bracketed phrases in prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy import lexicon
from tidy.coderules import code_rule
from tidy.engine import Change
from tidy.protect import LETTER, is_technical, token_at

if TYPE_CHECKING:
    from tidy.engine import Context
    from tidy.rules import Rule

_PAIR = re.compile(r"\((?P<a>[^()\n]{1,100})\)|\[(?P<b>[^\[\]\n]{1,100})\]")
_LETTER = re.compile(f"[{LETTER}]")


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return text[i:pos]


@code_rule("space-around-brackets")
def space_around_brackets(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    for m in _PAIR.finditer(text):
        s, e = m.span()
        inner = m.group("a") if m.group("a") is not None else m.group("b")
        prev = text[s - 1 : s]
        nxt = text[e : e + 1]
        glued_before = bool(_LETTER.match(prev)) or (prev in ",;:" and s >= 2 and _LETTER.match(text[s - 2]))
        glued_after = bool(_LETTER.match(nxt))
        padded = inner != inner.strip() and inner.strip() and inner[:1] == " " and inner[-1:] == " "
        if not (glued_before or glued_after or padded):
            continue
        if not lexicon.is_prose_phrase(inner):
            # a citation glued to the next sentence: "false.[1]The minister"
            if inner.isdigit() and glued_after and text[e + 1 : e + 2].islower() and nxt.isupper():
                yield Change(e, e, " ", "missing space after a citation mark")
            continue
        ts, te = token_at(text, s)
        if is_technical(text[ts:te]) or is_technical(text[ts:token_at(text, e - 1)[1]]):
            continue
        left = _word_before(text, s) if _LETTER.match(prev) else ""
        after_word = text[e : e + 3]
        if any(c.isdigit() for c in left) or (left and len(left) < 2 and prev not in ",;:"):
            continue  # Fe2(SO4) x(y)
        if after_word[:1].isdigit():
            continue  # Ca(OH)2
        if glued_before:
            yield Change(s, s, " ", "missing space before a bracketed phrase")
        if padded:
            yield Change(s + 1, s + 1 + len(inner) - len(inner.lstrip()), "", "space inside brackets")
            yield Change(e - 1 - (len(inner) - len(inner.rstrip())), e - 1, "", "space inside brackets")
        if glued_after:
            yield Change(e, e, " ", "missing space after a bracketed phrase")
