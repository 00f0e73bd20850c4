"""Named checks that a regex rule's match must pass before it becomes an edit.

A rule file lists the guards it needs (``guards = ["prose-token"]``); each guard sees the
text, the match and the context, and returns True when the edit is safe to make.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from tidy import lexicon
from tidy.protect import dotted_is_name, is_technical, token_at

if TYPE_CHECKING:
    from tidy.engine import Context

Guard = Callable[[str, re.Match[str], "Context"], bool]
GUARDS: dict[str, Guard] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
        i -= 1
    return text[i:pos]


def _word_after(text: str, pos: int) -> str:
    j = pos
    n = len(text)
    while j < n and text[j].isalnum():
        j += 1
    return text[pos:j]


def _anchor(m: re.Match[str]) -> int:
    """Position of the punctuation the rule is about: group 'p' if present, else match start."""
    return m.start("p") if "p" in m.re.groupindex else m.start()


@guard("prose-token")
def prose_token(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The token around the match is prose, not a URL, path, address, code or data."""
    s, e = token_at(text, _anchor(m))
    return not is_technical(text[s:e])


@guard("comma-words")
def comma_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A comma glued between words, not inside a list of values or a math pair."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if left.isalpha() and len(left) < 2:
        return False  # a,b  x,y
    if len(right) < 2 and right not in ("a", "A", "I"):
        return False
    if f"{left},{right}".lower() in lexicon.COMMA_TERMS:
        return False
    s, e = token_at(text, p)
    token = text[s:e].strip("()[]{}.;:!?\"'")
    items = token.split(",")
    if len(items) >= 3 and all(i.isalpha() and i.islower() for i in items):
        return False  # ro,nodev,noexec: an option list
    if _inside_brackets(text, s, p, e):
        return False  # f(foo,bar) {a,b} [x,y]
    before = text[max(0, s - 12):s].lower()
    return not before.endswith(("example: ", "e.g. ", "eg: ", "i.e. "))


def _inside_brackets(text: str, s: int, p: int, e: int) -> bool:
    """Whether position ``p`` of the token text[s:e] sits inside a bracket pair."""
    depth = 0
    for c in text[s:p]:
        if c in "([{":
            depth += 1
        elif c in ")]}" and depth:
            depth -= 1
    return depth > 0 and any(c in ")]}" for c in text[p:e])


@guard("sentence-end")
def sentence_end(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A full stop glued to the next sentence, not an abbreviation, initial or dotted name."""
    p = _anchor(m)
    left = _word_before(text, p)
    if not left:
        return text[p - 1:p] in "%)\"”’" or text[p - 1:p] in "0123456789"
    if left.isalpha() and len(left) == 1:
        return False  # initials and U.S.
    if left.lower() in lexicon.ABBREVIATIONS:
        return False
    right = _word_after(text, p + 1)
    if not right.isalpha() or (len(right) < 2 and right != "I"):
        return False
    more_before = p - len(left) - 1 >= 0 and text[p - len(left) - 1] == "." and text[p - len(left) - 2 : p - len(left) - 1].isalnum()
    after = p + 1 + len(right)
    more_after = text[after:after + 1] == "." and text[after + 1:after + 2].isalnum()
    if left.isalpha() and dotted_is_name(left, right, more_before, more_after):
        return False
    if left[:1].isdigit() and more_before and not left.isdigit():
        return True  # 4.5m.The
    return not (left.isdigit() and more_before and len(right) < 2)


@guard("colon-words")
def colon_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A colon or semicolon glued between words, not a namespace, URI scheme or data."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if len(left) < 3 or not left.isalpha() or len(right) < 2 and right not in ("a", "I"):
        return False  # re:Invent  a:hover  a?b:c
    s, e = token_at(text, p)
    token = text[s:e]
    if token.count(":") + token.count(";") > 1:
        return False  # urn:isbn:…  a;b;c
    return not (left.isupper() and right.isupper())  # CD:UK


@guard("exclaim-words")
def exclaim_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """! or ? glued to a capitalised word after a word, not a brand name (Yahoo!Mail)."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    return len(left) >= 2 and (len(right) >= 2 or right == "I") and right[:1].isupper()


@guard("not-french")
def not_french(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The line is not French, where a space before ; : ! ? is correct."""
    p = _anchor(m)
    if text[p] not in ";:!?":
        return True
    s = text.rfind("\n", 0, p) + 1
    e = text.find("\n", p)
    if e < 0:
        e = len(text)
    return not ctx.memo(("fr", s), lambda: lexicon.looks_french(text[s:e]))


@guard("not-mention")
def not_mention(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The mark is used as a word (``the separator , is``, ``ls .``), not as punctuation:
    it is followed by a lower-case word and preceded by a word that names it."""
    p = _anchor(m)
    after = text[p + 1 : p + 3]
    if text[p] != "," and not (after[:1] == " " and after[1:].islower()):
        return True  # at the end of a sentence it is punctuation
    i = p
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return _word_before(text, i).lower() not in lexicon.MENTION_WORDS


@guard("after-word")
def after_word(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The spaces follow a word (or a closing quote or bracket), not a line start."""
    prev = text[m.start() - 1 : m.start()]
    return bool(prev) and (prev.isalnum() or prev in "\"”’)]%")


@guard("not-ellipsis")
def not_ellipsis(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A full stop that is part of a spaced ellipsis (``. . .``) stays spaced."""
    p = _anchor(m)
    if text[p] != ".":
        return True
    return text[p + 1 : p + 3] != " ." and text[p - 2 : p] != ". " and text[m.start() - 1 : m.start()] != "."


@guard("semicolon-words")
def semicolon_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A semicolon glued between words, not a run of values (a;b;c) or an entity."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if len(left) < 2 and len(right) < 2:
        return False
    s, e = token_at(text, p)
    token = text[s:e]
    mixed = any(c.isdigit() for c in left) and any(c.isalpha() for c in left)
    return token.count(";") < 2 and "&" not in token and not mixed


@guard("unit-split")
def unit_split(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The letters after the number split cleanly into unit + word, and the whole run is
    not itself a unit or word (5min is minutes, not 5m in)."""
    start = m.start("unit")
    run = _word_after(text, start)
    if run.lower() in lexicon.UNITS or run.lower() in lexicon.GLUED_UNIT_WORDS:
        return False
    if text[start - 2 : start - 1].isalpha():
        return False  # mp3in, 4x400min: the number belongs to a code or name
    return run == m.group("unit") + m.group("word")


@guard("word-around")
def word_around(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A word stands on each side of the mark (so it joins two phrases)."""
    left = _word_before(text, m.start())
    right = _word_after(text, m.end())
    return len(left) >= 2 and (len(right) >= 2 or right == "I") and right.isalpha()


@guard("prose-parenthetical")
def prose_parenthetical(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A bracketed phrase glued to words, not an affix (friend(s)), a call, a formula,
    a legal reference or a citation."""
    inner = m.group("inner")
    word = m.groupdict().get("left") or ""
    nxt = m.groupdict().get("right") or ""
    if any(c.isdigit() for c in word) or any(c.isdigit() for c in nxt[:1]):
        return False  # Fe2(SO4)3 Ca(OH)2
    if word and len(word) < 2:
        return False
    return lexicon.is_prose_phrase(inner)


@guard("currency-amount")
def currency_amount(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A currency sign glued after a lower-case word (charged£15) or an abbreviation
    (e.g.£5), not US$5, HK$10 or $HOME."""
    p = _anchor(m)
    prev = text[p - 1 : p]
    if prev == ".":
        return text[p - 2 : p - 1].isalpha()
    if not prev.isalpha():
        return False
    left = _word_before(text, p)
    return len(left) >= 2 and prev.islower() and not left[:1].isupper() or (
        len(left) >= 3 and left[1:].islower() and prev.islower()
    )


@guard("real-word-after")
def real_word_after(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The letters glued after a number's sign are a real word, not a unit or format."""
    word = m.group("word")
    return word.lower() in lexicon.COMMON_WORDS or len(word) >= 3 and word.lower() not in lexicon.UNITS


@guard("dash-break")
def dash_break(text: str, m: re.Match[str], ctx: Context) -> bool:
    """An en dash glued between a phrase and a new clause, not a range or compound."""
    s, e = m.span()
    if s == 0 or e >= len(text):
        return False
    prev, nxt = text[s - 1], text[e]
    if not (prev.isalpha() and nxt.isalpha()):
        return False  # 1990–1995, pp. 10–12, a dash at a line edge
    if m.group() != "–":
        return True  # "sharply– the", "simple –cut": one side already spaced
    # lower–Upper is a clause break (website–I, passed–The); Title–Title and lower–lower
    # are compounds (London–Paris, north–south).
    return _word_before(text, s).islower() and nxt.isupper()


