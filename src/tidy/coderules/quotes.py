"""Quotation marks: spaces around quotes glued to words, broken quote pairs, and the
opt-in typography rules (straight ↔ curly)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy.coderules import code_rule
from tidy.coderules.lines import paragraph_bounds
from tidy.engine import Change
from tidy.protect import LETTER

if TYPE_CHECKING:
    from tidy.engine import Context
    from tidy.rules import Rule

_LETTER = re.compile(f"[{LETTER}]")
OPEN, CLOSE = 1, 2
_BEFORE_OPEN = frozenset(" \t\r\n([{—–-/")  # what may stand before an opening quote
_AFTER_CLOSE = frozenset(" \t\r\n,.;:!?)]}—–-/")  # what may follow a closing quote


def _straight_roles(text: str, s: int, e: int) -> dict[int, int]:
    """Opening or closing role of every straight double quote in text[s:e].

    A quote with space before it opens, one with space or punctuation after it closes; a
    quote glued on both sides takes the role that keeps the quotes paired."""
    roles: dict[int, int] = {}
    inside = False
    i = text.find('"', s, e)
    while i >= 0:
        prev = text[i - 1] if i > s else " "
        nxt = text[i + 1] if i + 1 < e else " "
        if prev.isdigit() and not inside:
            i = text.find('"', i + 1, e)
            continue  # 5'10": an inch mark, not a quotation mark
        if prev in _BEFORE_OPEN and nxt not in _AFTER_CLOSE:
            role = OPEN
        elif nxt in _AFTER_CLOSE and prev not in _BEFORE_OPEN:
            role = CLOSE
        else:
            role = CLOSE if inside else OPEN
        roles[i] = role
        inside = role == OPEN
        i = text.find('"', i + 1, e)
    return roles


_GLUED_STRAIGHT = re.compile(r'"(?<=[^\s(\[{—–/-]")(?=[^\s,.;:!?)\]}—–/-])')
_GLUED_CURLY = re.compile(r"“(?<=[^\s(\[{—–/-]“)|”(?=[^\s,.;:!?)\]}—–/-])|‘(?<=[^\W\d_]‘)|’(?=[^\W\d_])")


def _pair_content(text: str, i: int, roles: dict[int, int]) -> str | None:
    """Text between quote ``i`` and its partner, when the partner is known."""
    keys = sorted(roles)
    k = keys.index(i)
    if roles[i] == OPEN and k + 1 < len(keys) and roles[keys[k + 1]] == CLOSE:
        return text[i + 1 : keys[k + 1]]
    if roles[i] == CLOSE and k > 0 and roles[keys[k - 1]] == OPEN:
        return text[keys[k - 1] + 1 : i]
    return None


@code_rule("space-around-quotes")
def space_around_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    out: list[Change] = []
    if '"' in text:
        for m in _GLUED_STRAIGHT.finditer(text):
            i = m.start()
            ps, pe = paragraph_bounds(text, i)
            roles = ctx.memo(("quotes", ps), lambda ps=ps, pe=pe: _straight_roles(text, ps, pe))
            role = roles.get(i)
            if role is None:
                continue
            content = _pair_content(text, i, roles)
            if content is None or len(content.strip()) < 2:
                continue  # Toys"R"Us, or a quote we cannot pair
            prev, nxt = text[i - 1], text[i + 1]
            if role == OPEN and (_LETTER.match(prev) or prev in ".,;:!?"):
                out.append(Change(i, i, " ", "missing space before an opening quote"))
            elif role == CLOSE and _LETTER.match(nxt):
                out.append(Change(i + 1, i + 1, " ", "missing space after a closing quote"))
    if any(q in text for q in "“”‘’"):
        for m in _GLUED_CURLY.finditer(text):
            i = m.start()
            q = m.group()
            ps, pe = paragraph_bounds(text, i)
            if "„" in text[ps:pe]:
                continue  # German quotes close with “
            prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
            if q == "“" and (_LETTER.match(prev) or prev in ".,;:!?"):
                if text.find("”", i, pe) > i + 2:
                    out.append(Change(i, i, " ", "missing space before an opening quote"))
            elif q == "”" and _LETTER.match(nxt):
                if text.rfind("“", ps, i) >= 0:
                    out.append(Change(i + 1, i + 1, " ", "missing space after a closing quote"))
            elif q == "‘":
                close = text.find("’", i + 1, pe)
                if close > i + 2 and _closes_single(text, i, close):
                    out.append(Change(i, i, " ", "missing space before an opening quote"))
            elif q == "’":
                opener = text.rfind("‘", ps, i)
                if opener >= 0 and i - opener > 2 and _closes_single(text, opener, i):
                    out.append(Change(i + 1, i + 1, " ", "missing space after a closing quote"))
    out.sort(key=lambda c: c.start)
    yield from out


def _closes_single(text: str, opener: int, close: int) -> bool:
    """‘ … ’ is a quotation (not an apostrophe) when nothing but a phrase lies between."""
    inner = text[opener + 1 : close]
    return "’" not in inner and "‘" not in inner and len(inner.split()) <= 12 and inner[:1].isalpha()


_BACKTICK_APOS = re.compile(r"(?<=[A-Za-z])[´`](?=(?:t|s|ll|re|ve|d|m)\b)")
_TEX = re.compile(r"``(?=[^`'\n]{1,300}'')([^`'\n]{1,300})''")
_DOUBLE_SINGLE = re.compile(r"(?<![\w'])''(?=[^'\n]{1,300}''(?![\w']))([^'\n]{1,300})''")


@code_rule("quote-pairs")
def quote_pairs(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    """Repair quotes that are plainly broken: mismatched pairs, TeX-style ``…'', doubled
    apostrophes used as a double quote, and accents used as apostrophes."""
    out: list[Change] = []
    if "´" in text or "`" in text:
        out += [Change(m.start(), m.end(), "'", "accent used as an apostrophe") for m in _BACKTICK_APOS.finditer(text)]
        for m in _TEX.finditer(text):
            out.append(Change(m.start(), m.start() + 2, "“", "TeX-style opening quote"))
            out.append(Change(m.end() - 2, m.end(), "”", "TeX-style closing quote"))
    if "''" in text:
        for m in _DOUBLE_SINGLE.finditer(text):
            out.append(Change(m.start(), m.start() + 2, '"', "two apostrophes used as a quote"))
            out.append(Change(m.end() - 2, m.end(), '"', "two apostrophes used as a quote"))
    if "’’" in text:
        for m in re.finditer("’’", text):
            ps, _ = paragraph_bounds(text, m.start())
            if text.rfind("“", ps, m.start()) > text.rfind("”", ps, m.start()):
                out.append(Change(m.start(), m.end(), "”", "two apostrophes closing a “ quote"))
    for ps, pe in _paragraphs_with_mixed(text):
        para = text[ps:pe]
        if para.count("“") == 1 and para.count('"') == 1 and "”" not in para:
            o, c = para.index("“"), para.index('"')
            if o < c and not para[c - 1 : c].isdigit():
                out.append(Change(ps + c, ps + c + 1, "”", "curly quote closed by a straight one"))
        elif para.count("”") == 1 and para.count('"') == 1 and "“" not in para:
            o, c = para.index('"'), para.index("”")
            if o < c:
                out.append(Change(ps + c, ps + c + 1, '"', "straight quote closed by a curly one"))
        if para.count("‘") == 1 and "’" not in para:
            o = para.index("‘")
            for m in re.finditer(r"'(?![A-Za-z])", para[o:]):
                c = o + m.start()
                if c - o > 1 and "'" not in para[o:c]:
                    out.append(Change(ps + c, ps + c + 1, "’", "curly quote closed by a straight one"))
                break
    out.sort(key=lambda c: c.start)
    yield from out


def _paragraphs_with_mixed(text: str) -> Iterator[tuple[int, int]]:
    if not (("“" in text or "”" in text or "‘" in text) and ('"' in text or "'" in text)):
        return
    pos = 0
    n = len(text)
    while pos < n:
        e = text.find("\n", pos)
        e = n if e < 0 else e
        yield pos, e
        pos = e + 1


@code_rule("straight-quotes")
def straight_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    table = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"}
    for m in re.finditer("[“”„‘’‚]", text):
        yield Change(m.start(), m.end(), table[m.group()], "straight quote")


@code_rule("curly-quotes")
def curly_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if '"' in text:
        seen: set[int] = set()
        for m in re.finditer('"', text):
            ps, pe = paragraph_bounds(text, m.start())
            if ps in seen:
                continue
            seen.add(ps)
            for i, role in sorted(_straight_roles(text, ps, pe).items()):
                yield Change(i, i + 1, "“" if role == OPEN else "”", "typographic quote")
    for m in re.finditer(r"(?<=[A-Za-z])'(?=[A-Za-z])", text):
        yield Change(m.start(), m.end(), "’", "typographic apostrophe")
