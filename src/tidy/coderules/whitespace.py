"""Whitespace repairs: invisible characters, stray no-break spaces, blank-looking lines,
doubled spaces; and the opt-in layout rules (trailing spaces, runs of blank lines)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from itertools import islice, pairwise
from typing import TYPE_CHECKING

from tidy import evidence, guards, language, lexicon, protect, rst
from tidy.coderules import code_rule, option
from tidy.coderules.lines import (
    COPYRIGHT_NOTICE,
    WORD_AT,
    drop_line,
    letters_before,
    line_bounds,
)
from tidy.identifiers import SENTENCE_WORDS
from tidy.model import Change
from tidy.protect import LETTER, MAX_TOKEN, is_technical

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_LATIN = re.compile(f"[{LETTER}]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Literal scans are fastest; a run of zero-width spaces is one piece of debris, one edit.
_INVISIBLE = (re.compile("\ufeff"), re.compile("\u200b+"))


# Thai, Lao, Myanmar, Khmer, kana and Han: scripts written without spaces between words,
# where a zero-width space is how a text marks (or a segmenter records) a word break.
_UNSPACED_SCRIPT = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff]")


def _breaks_words(text: str, i: int, j: int) -> bool:
    """Whether the zero-width spaces from ``i`` to ``j`` sit in such a script: the nearest
    letter on either side, past the spaces around them, belongs to one (`ไทย\u200b ภาษา`)."""
    near = text[max(0, i - 3) : i].rstrip()[-1:] + text[j : j + 3].lstrip()[:1]
    return _UNSPACED_SCRIPT.search(near) is not None


def _word_end(piece: str, beyond: str) -> bool:
    """Whether ``piece`` is a lone lower-case letter that ends (or starts) an English word,
    as the ``d`` of Oriente|d does; not ``a``, nor ``v.`` or ``R&B``."""
    return (
        len(piece) == 1
        and piece.islower()
        and piece.isascii()
        and piece != "a"
        and (not beyond or beyond.isspace() or beyond in ",;:!?)]}\"”")
    )


def _lone_capital(text: str, i: int, nxt: str) -> bool:
    """Whether a lone capital other than a vowel stands before ``i`` and ``nxt`` after it
    is lower case: the start of a word (S|age Abdullah) as often as a word (the language
    C|due to). A, E, I, O, U, Y are words in English and the Romance languages (O|primeiro)."""
    prev = text[i - 1 : i]
    before = text[i - 2 : i - 1] if i > 1 else ""
    return (
        prev.isupper()
        and prev.isascii()
        and prev not in "AEIOUY"
        and nxt.islower()
        and (not before or (before.isascii() and not before.isalnum()))
    )


def _inside_word(text: str, ctx: Context, i: int, j: int) -> bool:
    """Whether the zero-width spaces from ``i`` to ``j`` split one word: its token is set
    in a script without spaces, a piece is a single letter (Oriente|d), or the document
    writes the two pieces joined elsewhere (Go|alKicker beside GoalKicker)."""
    a = i
    while a > max(0, i - 100) and (text[a - 1].isalnum() or text[a - 1] in "'’"):
        a -= 1  # (Boeing's|senior: the piece is "Boeing's", not "s")
    b = j
    while b < min(len(text), j + 100) and (text[b].isalnum() or text[b] in "'’"):
        b += 1
    left, right = text[a:i], text[j:b]
    lo, hi = max(0, a - 200), min(len(text), b + 200)  # a token, not a hostile line
    ts = max(lo - 1, text.rfind(" ", lo, a), text.rfind("\n", lo, a)) + 1
    te = min(x for x in (text.find(" ", b, hi), text.find("\n", b, hi), hi) if x >= 0)
    if _UNSPACED_SCRIPT.search(text, ts, te):
        return True  # 「Go|alKicker」 in Chinese, which puts no spaces between words
    if j - i >= 2 and right[:1].islower() and _unspaced_line(text, ctx, i):
        return True  # Horizo||ns in a Chinese line, which spaces its Latin words plainly:
        # a pair is paste debris inside a word (one stands for a space: enable|adsl, and
        # Debian|GNU, where a capital opens the next word)
    if (
        _word_end(right, text[b : b + 1]) or _word_end(left, text[a - 1 : a] if a else "")
    ) and language.language_at(text, i, ctx) == "en":
        return True  # (other languages have one-letter words: y, à, e, o, W, Z)
    return lexicon.in_document(ctx, left + right)


def _unspaced_line(text: str, ctx: Context, i: int) -> bool:
    ls, le = ctx.line(i)
    return _UNSPACED_SCRIPT.search(text, ls, le) is not None


@code_rule("invisible-chars")
def invisible_chars(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    for m in sorted((m for rx in _INVISIBLE for m in ctx.finditer(rx)), key=lambda m: m.start()):
        i = m.start()
        if m.group() == "\ufeff":
            yield Change(i, i + 1, "", "remove stray byte-order mark")
            continue
        j = m.end()
        prev, nxt = text[i - 1 : i], text[j : j + 1]
        if _LATIN.match(prev) and _LATIN.match(nxt):
            if _inside_word(text, ctx, i, j):
                yield Change(i, j, "", "remove zero-width space inside a word")
            elif _lone_capital(text, i, nxt):
                pass  # S|age Abdullah, or the language C|due to? Both are written: unsure.
            else:  # between two Latin letters it hides a word break
                yield Change(i, j, " ", "zero-width space between words")
        elif (not prev or not nxt or prev.isspace() or nxt.isspace()) and not _breaks_words(
            text, i, j
        ):
            if ctx.mode == "markdown" and prev in ("", "\n") and _INDENT_AFTER.match(text, j):
                continue  # ⍽       Türk Kahvesi: it keeps an indented line from being code
            yield Change(i, j, "", "remove zero-width space next to whitespace")
        # elsewhere (Thai, CJK, inside a word) it marks a legitimate break opportunity


# Four columns of indentation and then words: without what stands before it, code.
_INDENT_AFTER = re.compile(r"(?: {4,}|\t)[ \t]*\S")
_NB = "\u00a0\u202f"
_NB_CHAR = re.compile(f"[{_NB}]")
_RUN_CHARS = frozenset(" \t" + _NB)
_PLAIN = str.maketrans(_NB, "  ")
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred thousand million billion""".split()
)
# (a space first, the lookbehind after it: the regex engine then skips ahead to a space
# instead of trying the lookbehind at every position)
_GAPS = re.compile("[ \u00a0\u202f](?<=\\S[ \u00a0\u202f])[ \u00a0\u202f]*(?=\\S)")
_GAP_MARKS = frozenset(",;.!?")
# Czech and Slovak vocalised prepositions, tied like their one-letter forms (v, k, z)
_SLAVIC_TIED = frozenset(("ve", "ke", "ze"))
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_KEEP_AFTER = frozenset(
    """mr mrs ms mx dr st prof sir dame lord lady mme mlle m no nos p pp fig vol art sec ch
    chap para §""".split()
)


# Abbreviations that close a list or a range, tied by hand to the word before them.
_TIED_ENDINGS = ("usw.", "usf.", "etc.", "ff.", "u.\u00a0a.", "u.\u00a0v.\u00a0m.")


# A unit raised to a power (g−1, m−2, s⁻¹): the second part of a compound unit.
_UNIT_POWER = re.compile(r"[A-Za-zµμ]{1,4}(?:[−-][1-9]\b|[⁻¹²³])")


_ROMAN = re.compile(r"[ivxlc]+(?:e|er|ème)?")  # (the word is read in lower case)
_CENTURY = re.compile(r"(?:siècles?|millénaires?)\b")


def _nb_is_meant(text: str, s: int, e: int) -> bool:
    """A single no-break space that typography puts there on purpose."""
    if text[s - 1 : s] in "*_" or text[e : e + 1] in "*_":
        # (read past emphasis: a no-break space beside **Add item** binds words as plainly)
        j, k = s, e
        while j > 0 and s - j < 3 and text[j - 1] in "*_":
            j -= 1
        while k < len(text) and k - e < 3 and text[k] in "*_":
            k += 1
        if _LATIN.match(text[j - 1 : j]) and _LATIN.match(text[k : k + 1]):
            s, e = j, k
    left = text[s - 1 : s]
    right = text[e : e + 1]
    if left in _GAP_MARKS and _LATIN.match(text[s - 2 : s - 1]) and _LATIN.match(right):
        return _after_abbreviation(text, s - 1)
    if not _LATIN.match(left):
        return True  # 10 km, « mot », – dash, £ 5, digits and symbols: all deliberate
    if not (_LATIN.match(right) or right in "£$€¥"):
        return True  # before : ; ! ? » % or digits (French spacing, 67 000)
    if right == "$" and not text[e + 1 : e + 2].isdigit():
        return True  # the sum\u00a0$x+y$: a tie before inline math, as TeX writes it
    i = s
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    word = text[i:s].rstrip(".").lower()
    if word in _KEEP_AFTER or word in _NUMBER_WORDS or len(word) == 1 or text[s - 1] == ".":
        return True  # Mr Smith, J. R. Tolkien, p. 45
    if len(word) == 2 and (word in _SLAVIC_TIED or _CYRILLIC.match(word)):
        return True  # на\u00a0странице, ve\u00a0tvém: Russian and Czech typography tie
        # a short preposition, conjunction or particle to the next word
    if len(word) <= 5 and _UNIT_POWER.match(text, e):
        return True  # 5 mg\u00a0g−1, mmol\u00a0m−2: a compound unit's parts, tied
    if _ROMAN.fullmatch(word) and _CENTURY.match(text, e):
        return True  # le XIXe siècle, xx siècle: French ties a century to its numeral
    if word == "et" and text[e : e + 3] == "al.":
        return True  # Qian et al.: a citation kept on one line
    if text.startswith(_TIED_ENDINGS, e):
        return True  # Ruby on Rails\u00a0usw., pages 3\u00a0ff.: a list's closing
        # abbreviation kept with its last word, as German typesetting does
    if text[i : i + 1].isupper() and (right.isupper() or right.isdigit()):
        return True  # Appendix A, Mac OS, Red Hat: a name kept on one line
    # Henry VIII (after a capitalised name: `then\u00a0I` is the pronoun)
    return (
        right.isupper()
        and text[i : i + 1].isupper()
        and re.match(r"[IVXLC]+\b", text[e : e + 6]) is not None
    )


def _german_noun_gap(text: str, ctx: Context, s: int, e: int) -> bool:
    """Whether two capitalised words around a no-break space are German words, not a name
    kept on one line: German capitalises its nouns, so after an article, a preposition or
    a pronoun (`Die\u00a0Laufwerke`, `Im\u00a0Idealfall`), or before the pronoun `Sie`,
    a capital says nothing of a name."""
    left = _word_left(text, s)
    j = e
    while j < len(text) and text[j].isalpha():
        j += 1
    right = text[e:j]
    if not (left[:1].isupper() and right[:1].isupper()):
        return False
    if not (language.function_word("de", left.lower()) or right in _GERMAN_POLITE):
        return False
    return language.language_at(text, s, ctx) == "de"


def _english_function_gap(text: str, ctx: Context, s: int, e: int) -> bool:
    """Whether an English function word stands before the no-break space, so that what
    follows is no name kept on one line with it (`This\u00a0Godfrey`, `Then\u00a0I`,
    `THE\u00a0CONSENT`): English binds no word to a pronoun, a preposition or a
    conjunction. (`The` may begin a name, unless the line is in capitals.)"""
    left = _word_left(text, s)
    if len(left) < 2 or not _LATIN.match(text[e : e + 1]):
        return False
    if left.lower() == "the" and not left.isupper():
        return False  # a name may begin with its article: The\u00a0Times, The\u00a0Hague
    return language.function_word("en", left.lower()) and language.language_at(text, s, ctx) == "en"


_GERMAN_POLITE = frozenset({"Sie", "Ihr", "Ihre", "Ihnen", "Ihren", "Ihrem", "Ihrer"})


def _word_left(text: str, s: int) -> str:
    i = s
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:s]


# A gazette's abbreviation, capitals then one or two lower-case letters (BGBl, GVBl,
# BAnz), not an acronym's plural (APIs, URLs) nor a name in camel case (EnergyKit).
_CAPITALS_THEN_LOWER = re.compile(r"[A-Z]{2,}(?!s\Z)[a-z]{1,2}")


def _after_abbreviation(text: str, mark: int) -> bool:
    """Whether the no-break space after the mark at ``mark`` binds an abbreviation or an
    initial to what follows (`Mr.\u00a0Smith`, `J.\u00a0Smith`, `e.g.\u00a0this`; a
    capital inside, as no word has, `BGBl.\u00a0I`, a German law gazette's part). After
    a comma or a sentence's end between words (`person,\u00a0wrote`, `blind.\u00a0He`)
    no typography binds the words: that one is a stray."""
    if text[mark] != ".":
        return False
    i = mark
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    word = text[i:mark]
    return (
        len(word) < 2
        or "." in word
        or _CAPITALS_THEN_LOWER.fullmatch(word) is not None
        or word.lower() in _KEEP_AFTER
        or word.lower() in lexicon.ABBREVIATIONS
        or not word.isalpha()
    )


def _nb_style(text: str, bounds: tuple[int, int]) -> str:
    """How the paragraph sets no-break spaces: "all" where every one is meant (right-to-left
    text, or one where they are a usual word gap rather than the odd one out), "fr" in
    French, which ties by rule, and "" elsewhere."""
    para = text[bounds[0] : bounds[1]]
    if _RTL.search(para):
        return "all"
    gaps = _GAPS.findall(para)
    nb = sum(1 for g in gaps if " " not in g)
    if nb >= 2 and nb * 2 >= len(gaps):
        return "all"
    return "fr" if _french(para) else ""


def _french_tie(text: str, s: int, e: int) -> bool:
    """Whether French typography may mean the no-break space at text[s:e]: French ties a
    name to its title or its other half, an acronym to its noun, a one-letter word to what
    follows (`à\u00a0jour`, `p\u00a0ex.`), beside the marks and abbreviations
    `_nb_is_meant` knows. Before a lower-case word, after a word in lower case or opening
    a sentence (`simplifier\u00a0les`, `Il\u00a0est`), or after a comma or a sentence's
    end (`enfin,\u00a0le`), no French rule ties: a stray."""
    if text.startswith(_TIED_ENDINGS, e):
        return True  # guillemets,\u00a0etc.: a list's closing abbreviation, tied to it
    if text[s - 1 : s] in _GAP_MARKS:
        return False  # (an abbreviation's full stop, M.\u00a0Dupont, was kept before)
    if not text[e : e + 1].islower():
        return True
    left = _word_left(text, s)
    return not (len(left) >= 2 and left[1:].islower())


def _french(para: str) -> bool:
    """French sets no-break spaces by rule, and its typists' keyboards scatter more: a
    paragraph identified as French, or one with French words and no other language."""
    lang = language.identify(para)
    if lang != language.UNKNOWN:
        return lang == "fr"
    # Too short to identify: guillemets, or two French cues at least, so that one stray
    # word does not decide (`(2024 est.)`, `based on consumer prices` hold one each)
    return "«" in para or "»" in para or lexicon.french_margin(para) >= 2


def _nb_habit(doc: str) -> bool:
    """Whether a document sets no-break spaces by habit: between letters, a dozen or more
    where typography wants them (after `a`, `I`, `Mr`, before a numeral) and three times
    as many as anywhere else. Then the rest are the same hand's, not strays."""
    meant = other = 0
    for m in _NB_ONE.finditer(doc):  # (a literal: a lookbehind would be tried everywhere)
        p = m.start()
        if not (p and _LATIN.match(doc[p - 1]) and _LATIN.match(doc[p + 1 : p + 2])):
            continue
        if _nb_is_meant(doc, p, p + 1):
            meant += 1
        else:
            other += 1
    return meant >= _NB_HABIT and meant >= 3 * other


def _narrow_ties(doc: str) -> Counter[str]:
    """How often each word is followed by a narrow no-break space and a word or number."""
    return Counter(letters_before(doc, m.start()) for m in _NARROW_TIE.finditer(doc))


_NARROW_TIE = re.compile("\u202f(?<=[^\\W\\d_]\u202f)(?=\\w)")
_NARROW_HABIT = 3
_NB_ONE = re.compile("\u00a0")
_NB_HABIT = 12


def _nb_paragraph(text: str, ctx: Context, pos: int) -> str:
    bounds = ctx.paragraph(pos)
    return ctx.memo(("nb", bounds), lambda: _nb_style(text, bounds))


@code_rule("nbsp-stray")
def nbsp_stray(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if "\u00a0" not in text and "\u202f" not in text:
        return
    last_end = -1
    french: list[Change] = []  # strays between words in French paragraphs, judged last
    for m in ctx.finditer(_NB_CHAR):
        if m.start() < last_end:
            continue
        # widen to the whole run of spaces around the no-break space
        s, e = m.start(), m.end()
        while s > 0 and text[s - 1] in _RUN_CHARS:
            s -= 1
        while e < len(text) and text[e] in _RUN_CHARS:
            e += 1
        last_end = e
        run = text[s:e]
        at_start = s == 0 or text[s - 1] == "\n"
        at_end = e == len(text) or text[e] in "\r\n"
        if at_start and at_end:
            continue  # a blank-looking line: whitespace-only-lines deals with it
        if at_start:
            if len(run) == 1 and not _indented_beside(text, s):
                yield Change(s, e, "", "stray no-break space at line start")
            continue  # several: deliberate indentation (and one that a line beside it
            # indents with too: a column of them, an example laid out by hand)
        if at_end:
            # (two spaces or more after it end a Markdown line with a hard break: kept)
            tail = len(run) - len(run.rstrip(" "))
            hard_break = tail >= 2 and ctx.mode == "markdown"
            yield Change(s, e - tail if hard_break else e, "", "stray no-break space at line end")
            continue
        if len(run) == 1:
            style = _nb_paragraph(text, ctx, s)
            if (
                (
                    _nb_is_meant(text, s, e)
                    and not _german_noun_gap(text, ctx, s, e)
                    and not _english_function_gap(text, ctx, s, e)
                )
                or style == "all"
                or (style == "fr" and _french_tie(text, s, e))
            ):
                continue
            if ctx.doc_memo("nb-habit", _nb_habit):
                continue  # the document binds words so throughout: a typesetter's habit
            if evidence.is_tokenized(ctx):
                continue  # Mac\u00a0mini in a text of tokens parted by spaces: one token
            if run == "\u202f" and ctx.doc_memo("narrow-ties", _narrow_ties)[
                letters_before(text, s)
            ] >= _NARROW_HABIT:
                continue  # BIP\u202fprocess, BIP\u202ftypes, BIP\u202f2: a word tied to
                # what follows by hand, again and again (but not to\u202fthe, see\u202fthat)
            ordinal = _ORDINAL_BEFORE.search(text, max(0, s - 8), s) is not None
            if ordinal or _particle_before_name(text, ctx, s, e):
                continue  # the 16th\u00a0Earl, de\u00a0Vere: bound on purpose
            change = Change(s, e, " ", "no-break space between ordinary words")
            if style == "fr":
                french.append(change)
            else:
                yield change
        elif ctx.mode != "plain" and (
            (len(run) > 2 and guards.quoted_line(text, s))
            or (run.count("\u00a0") >= 2 and not (len(run) == 2 and text[e : e + 1].isdigit()))
        ):
            continue  # a block quotation in Markdown, whose spaces collapse when rendered:
            # a no-break space in a wide gap keeps the quoted text's width (> _WARNING\u00a0
            # The author, a manual page quoted); and a gap of no-break spaces is the only
            # wide one Markdown renders (1\u00a0\u00a0\u00a0\u00a0The plaintiffs: a
            # judgment's paragraph number set apart; but a doubled tie before a number,
            # Absatz\u00a0\u00a09, is one); plain text's runs are made plain
        elif len(run) > 2:
            # a gap that sets out columns (Arkko \u00a0 \u00a0… Expires … [Page 1]): its
            # width is layout, kept (doubled-spaces judges it); its characters made plain
            yield Change(s, e, run.translate(_PLAIN), "no-break spaces in a gap of spaces")
        elif text[e : e + 1].isdigit():
            # a space and a no-break space before a number pad a figure to its column (ab
            # \u00a09,90 under ab 10,50): kept; a doubled tie (Absatz\u00a0\u00a09) is one
            if " " not in run and run[0] == run[1]:
                yield Change(s, e, run[0], "doubled no-break space")
        elif (
            (_LATIN.match(text[s - 1]) or _LATIN.match(text[e : e + 1] or " "))
            and not _nb_paragraph(text, ctx, s)
            and not is_technical(text[e : e + MAX_TOKEN].split(None, 1)[0])
        ):  # (a run before a code name, ``removê-lo  authorized_keys``, is layout)
            if _ends_sentence(text, s):  # (its closing marks too: `behave?”`, `as follows:`)
                # two spaces after a sentence: doubled-spaces judges
                yield Change(s, e, "  ", "no-break space in a sentence gap")
            else:
                yield Change(s, e, " ", "no-break space mixed into a run of spaces")
    if french and len(french) * _FRENCH_HAND > ctx.doc_memo("fr-ties", _french_ties):
        yield from french
    # else a writer who sets French ties by hand, dozens for each of these, typed them
    # too: a keystroke (a French keyboard's Option+Space types one), invisible when
    # rendered. Debris from a web page's &nbsp; comes in numbers and is still repaired.


def _indented_beside(text: str, s: int) -> bool:
    """Whether the line above or below the line that starts at ``s`` opens with a
    no-break space too (after spaces or not)."""
    above = text.rfind("\n", 0, s - 1) + 1 if s > 0 else -1
    nl = text.find("\n", s)
    below = nl + 1 if nl >= 0 else -1
    for start in (above, below):
        if start < 0:
            continue
        j = start
        while j < len(text) and text[j] == " ":
            j += 1
        if text[j : j + 1] in ("\u00a0", "\u202f"):
            return True
    return False


def _french_ties(doc: str) -> int:
    """How many no-break spaces a document sets where French typography wants them."""
    return len(_FRENCH_TIE.findall(doc))


_FRENCH_TIE = re.compile("[\u00a0\u202f](?=[:;!?»])|(?<=«)[\u00a0\u202f]")
_FRENCH_HAND = 25


_ORDINAL_BEFORE = re.compile(r"(?<![\w.])\d+(?:st|nd|rd|th|ST|ND|RD|TH)$")


def _particle_before_name(text: str, ctx: Context, s: int, e: int) -> bool:
    """Whether the no-break space at text[s:e] binds a surname's particle to the name
    (``de\u00a0Vere``, ``van\u00a0Gogh``), which typesetters keep on one line."""
    return (
        letters_before(text, s) in lexicon.NAME_PARTICLES
        and text[e : e + 1].isupper()
        and language.language_at(text, s, ctx) == "en"  # (der Stadt, di Roma: articles)
    )


_BLANKISH_BODY = r"[ \t]*[\u00a0\u202f\u2007\u200b\u3000\ufeff\u2060][\s\u200b\ufeff\u2060]*?$"
_BLANKISH_FIRST = re.compile(_BLANKISH_BODY, re.M)  # the first line
# Later lines, found after their line break: a literal first character lets the regex
# engine skip ahead, where a ^ would be tried at every position.
_BLANKISH = re.compile(r"\n" + _BLANKISH_BODY, re.M)


@code_rule("whitespace-only-lines", scope="document")
def whitespace_only_lines(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    first = _BLANKISH_FIRST.match(text)
    lines = [(0, first.end())] if first else []
    lines += [(m.start() + 1, m.end()) for m in _BLANKISH.finditer(text)]
    i = 0
    while i < len(lines):
        j = i  # lines[i..j]: a run of such lines, one after another
        while j + 1 < len(lines) and lines[j + 1][0] == lines[j][1] + 1:
            j += 1
        s, end = lines[i][0], lines[j][1]
        if _text_line_before(text, s) and _text_line_after(text, end):
            # the run is all that parts two paragraphs: one empty line stays in its place
            # (with its carriage return: a CRLF file keeps its line endings)
            e = lines[i][1] - (text[lines[i][1] - 1 : lines[i][1]] == "\r")
            yield Change(s, e, "", "empty a line that holds only no-break spaces")
            if j > i:
                yield Change(lines[i][1] + 1, end + 1, "", "remove lines of no-break spaces")
        else:
            for ls, le in lines[i : j + 1]:
                nxt = le + 1 if le < len(text) else le
                a, b = drop_line(text, ls, nxt)
                yield Change(a, b, "", "remove a line that holds only invisible or no-break spaces")
        i = j + 1


def _text_line_before(text: str, s: int) -> bool:
    """Whether a line of text (not blank) ends just before the line that starts at ``s``."""
    return s > 0 and text[text.rfind("\n", 0, s - 1) + 1 : s - 1].strip() != ""


def _text_line_after(text: str, end: int) -> bool:
    """Whether a line of text (not blank) starts just after the line that ends at ``end``."""
    if end >= len(text):
        return False
    nl = text.find("\n", end + 1)
    return text[end + 1 : len(text) if nl < 0 else nl].strip() != ""


_SPACES = re.compile(r"  +")


# A sentence (or clause) end after a lower-case word, then one or two spaces: abbreviations
# and initials (Prof. E. Cautious) do not show a writer's spacing style.
# (Not before an aside or an attribution in brackets, `message. (Gary Johnson)`: no
# sentence starts there.)
# (A word processor's two spaces, a no-break space and a space, count as two: the first
# pass turns them into two plain spaces, which the writer's style then keeps.)
_GAP_AFTER_STOP = re.compile(
    r"[.!?](?<=[a-zß-ÿ]{2}[.!?])[\"”’)]?( {1,2}|\u00a0 | \u00a0)(?=[^\s(])"
)


_CLEAR_MAJORITY = 3
_SIGNATURE = re.compile(r"[A-Z]{2,}\b")


def _two_spaces_meant(text: str, ctx: Context, pos: int) -> bool:
    """Whether two spaces after a sentence are the writer's style rather than a slip.

    The style is judged where it is chosen, paragraph by paragraph: two spaces are a slip
    only in a paragraph where one-space gaps outnumber them three to one (abbreviations
    such as Prof. do not count). A text too short to show a style gets one space."""
    # Three sentence gaps anywhere in the document are enough to show a style; the
    # search stops at the third.
    gaps = ctx.doc_memo(
        "sentence-gaps", lambda doc: sum(1 for _ in islice(_GAP_AFTER_STOP.finditer(doc), 3))
    )
    wrapped = ctx.doc_memo("hard-wrapped", _hard_wrapped)
    if gaps < 3:
        return wrapped
    doc_ones, doc_twos = evidence.read(ctx, "sentence-gaps", _sentence_gaps)
    if wrapped and doc_ones < _CLEAR_WRAPPED * doc_twos:
        return True  # the typewriter's convention, kept unless one space is near universal
    if doc_twos >= _STYLE_TWOS and doc_ones < _CLEAR_DOCUMENT * doc_twos:
        # Two spaces somewhere in every ten gaps, and more than a few times, are a
        # writer's (or several writers') habit, not slips: a manual or a changelog that
        # mixes both styles keeps each as written.
        return True
    bounds = ctx.paragraph(pos)

    def style() -> bool:
        ones, twos = _sentence_gaps(text, *bounds)
        if wrapped and ones == 0 and twos < _SHOWS_STYLE:
            return True  # a hard-wrapped paragraph with no one-space gap: the typewriter's
            # convention, as an e-text's licence header sets it in a one-space body
        if ones + twos < _SHOWS_STYLE and lexicon.looks_english(text[bounds[0] : bounds[1]]):
            # too few sentences to show a style: the document's own decides (in English
            # prose; translations keep the source's two spaces here and there), unless
            # the paragraph's other gaps lean to two (a patch log copied into a
            # translation: `classes.  Add more tests.`)
            # (the paragraph's other gaps, the one judged left out: one slip shows no style)
            before = _sentence_gaps(text, bounds[0], max(bounds[0], pos - 3))
            after = _sentence_gaps(text, min(pos + 2, bounds[1]), bounds[1])
            others_two = before[1] + after[1]
            if others_two and others_two >= before[0] + after[0]:
                return True
            return doc_ones == 0 or doc_ones < _CLEAR_DOCUMENT * doc_twos
        # Two spaces are a slip only where one space clearly prevails (three to one): a
        # closer mix is the writer's own, and tidy does not guess.
        return ones == 0 or ones < _CLEAR_MAJORITY * twos

    return ctx.memo(("two-space", bounds), style)


_SHOWS_STYLE = 4  # sentence gaps a paragraph needs before its own spacing decides
_CLEAR_DOCUMENT = 10  # a document's one-space gaps for each two-space one, to decide for it
_STYLE_TWOS = 3  # two-space gaps a document needs before its mix counts as a style
_CLEAR_WRAPPED = 20  # the same, in a hard-wrapped text, where two spaces are the convention
_WRAP_SAMPLE = 20_000  # characters read to tell whether a text is hard-wrapped
_WRAP_WIDTH = 80


def _hard_wrapped(doc: str) -> bool:
    """Whether the text is broken into lines at a fixed width, as a typewriter, a mail
    client or a plain-text editor sets it (manuals, help files, changelogs, old e-texts):
    there two spaces after a sentence are the convention of the medium, where a web page
    or a word processor's text, one line per paragraph, shows none. Read from the start."""
    lines = doc[:_WRAP_SAMPLE].split("\n")
    body = [ln for ln in lines if ln.strip()]
    if len(body) < 2:
        return False
    # long lines of running words: paragraphs are not broken at a width (a long row of
    # a few fields, as in a data file with a comment header, is no paragraph)
    prose_rows = (ln for ln in body if ln.count(" ") >= 8)
    if sum(len(ln.expandtabs()) > _WRAP_WIDTH for ln in prose_rows) * 20 > len(body):
        return False
    # a full line of words followed by the rest of its sentence on the next, in a comment
    # block or a mail quote too (`# the corresponding function and⏎# environment is`)
    return any(
        len(a) >= 50 and b.lstrip(_LINE_MARKS)[:1].isalpha() for a, b in pairwise(lines)
    )


_LINE_MARKS = " \t#>;/*"  # what a comment or quoted line opens with


def _sentence_gaps(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Sentence gaps of one space and of two in text[start:end] (abbreviations such as
    Prof. do not count)."""
    found = [
        len(m.group(1))
        for m in _GAP_AFTER_STOP.finditer(text, start, len(text) if end is None else end)
        if letters_before(text, m.start()).lower() not in lexicon.ABBREVIATIONS
    ]
    return found.count(1), found.count(2)


# Closing marks that may stand between a sentence's end and the gap after it:
# quotes, brackets and emphasis (`'Ariadne.'  It`, `_Rambler!_  Come`, `Policy:**  See`).
_CLOSERS = "\"”’')]_*"


def _ends_sentence(text: str, s: int) -> bool:
    i = s
    while i > 0 and s - i < 3 and text[i - 1] in _CLOSERS:
        i -= 1
    return (i > 0 and text[i - 1] in ".!?:;") or text[s - 1] in '"”’)'


# A bracketed tag that ends its line, `[EBook #6527]`, `[USA]`: set off by its gap.
_END_TAG = re.compile(r"\[[^\[\]\n]{1,30}\][ \t]*(?:\r?\n|\Z)")
# `Section  2.  Title`: a word, its number and the title, each set off by two spaces.
_NUMBERED_HEADING = re.compile(r"[ \t]*[A-Z][a-z]+ {2}\d{1,3}\. {2}(?=[A-Z])")


def _sets_a_column(text: str, ctx: Context, ls: int, s: int, e: int) -> bool:
    """Whether the gap text[s:e] lays out a line rather than separating two words: it
    follows the line's first item when that is a label or a marker (`Problem:    The
    test`, `8   Fix the`, `-   Add a`, a help file's `<  Then`), or it starts the text at
    the column where the neighbouring line's text starts (a hanging indent, a table of
    limits whose values line up under each other). ``ls``: the line's start."""
    if _END_TAG.match(text, e):
        return True  # `Release Date: May 8, 2007  [eBook #3261]`: a tag set off at the end
    m = _NUMBERED_HEADING.match(text, ls)
    if m and s < m.end():
        return True  # `Section  2.  Information about …`: a numbered heading's layout
    # (read from the line's start up to its first gap only: a long line asks per gap)
    f = _INDENT.match(text, ls, s).end()  # type: ignore[union-attr]
    if f < s and text.find(" ", f, s) < 0 and text.find("\t", f, s) < 0:  # the first gap
        first = text[f:s]
        if first[-1] == ":" or len(first) == 1 or not any(c.isalpha() for c in first):
            return True  # (a one-character first item is a bullet: `o  Keyboard`)
    if _lines_up(text, ctx, ls, e):
        return True
    if _column_edge_nearby(text, ls, s, e):
        return True  # (-1356,  1568) under (-1320,  1440): a table's column, padded
    keyed = _KEY_VALUE.match(text, ls)
    if keyed is not None and keyed.end() == e and _key_value_rows(text, ls) >= _KEYED_ROWS:
        return True  # Name  Eisige Wirklichkeit⏎Artist  Eluveitie: a record's keys and
        # values, parted by two spaces as its format says
    # a key and its description at a column that rows all over the document share (a
    # help file's `gs                      Jump to …`, rows parted by blank lines and tags)
    if f == ls and e - s >= 3 and text.find(" ", f, s) < 0:
        return _shared_column(text, ctx, ls, len(text[ls:e].expandtabs()))
    return False


_FIELD_ROW = re.compile(r"^[^\s]{1,16}(?:[ ]{3,}|\t+)(?=\S)", re.M)
_COLUMN_ROWS = 3
_TABLE_REACH = 4000  # characters either side in which the rows of a table are looked for


def _shared_column(text: str, ctx: Context, ls: int, column: int) -> bool:
    """Whether three rows or more around the line at ``ls`` (within a table's reach) start
    their second field at ``column``, after a first item at the margin and a gap of three
    spaces or more."""
    # (read per stretch of the text, the line's own and one either side, so that lines of
    # one stretch share a count and each count is of the same window)
    stretch = ls // _TABLE_REACH
    a = max(0, (stretch - 1) * _TABLE_REACH)
    b = min(len(text), (stretch + 2) * _TABLE_REACH)
    found = ctx.memo(
        ("field-columns", stretch),
        lambda: Counter(len(m.group().expandtabs()) for m in _FIELD_ROW.finditer(text, a, b)),
    )
    return found[column] >= _COLUMN_ROWS


_INDENT = re.compile(r"[ \t]*")


# A line that opens with a short key (three words at most), then a gap of two spaces or
# more, then its value: one field of a record.
_KEY_VALUE = re.compile(r"[ \t]*[A-Z][\w.-]*(?: [\w.-]+){0,2} {2,}(?=\S)")
_KEYED_ROWS = 3  # keyed lines in a run that make a record


def _key_value_rows(text: str, ls: int) -> int:
    """How many lines of the run of keyed lines around the line at ``ls`` (no blank line
    between) open with a key and a gap."""
    rows = 1
    a = ls
    while a > 0:  # upwards
        b = a - 1
        a = text.rfind("\n", 0, b) + 1
        if not _KEY_VALUE.match(text, a, b):
            break
        rows += 1
    b = text.find("\n", ls)
    while b >= 0:  # downwards
        a = b + 1
        b = text.find("\n", a)
        if not _KEY_VALUE.match(text, a, b if b >= 0 else len(text)):
            break
        rows += 1
    return rows


_EDGE_REACH = 3  # lines looked at above and below for a column's edge


def _column_edge_nearby(text: str, ls: int, s: int, e: int) -> bool:
    """Whether a line within three above or below (a row of the same table, a wrapped
    cell between them) has a gap of two spaces or more ending at the column of ``e``, the
    same column's text starting there: values padded to line up."""
    col = e - ls
    if "\t" in text[ls:e] or col < 2 or s == ls:
        return False
    # (the same mark before the gap and the same kind of text after it: a table's cells,
    # not two sentence gaps of wrapped prose that happen to meet, `heros,  poor` over
    # `lift.  Those`)
    before, after = text[s - 1], text[e]
    kind = after.isdigit(), after.isalpha()
    a = ls
    for _ in range(_EDGE_REACH):  # the lines above
        if a == 0:
            break
        b = a - 1
        a = text.rfind("\n", 0, b) + 1
        if _edge_at(text[a:b], col, before, kind):
            return True
    b = text.find("\n", e)
    for _ in range(_EDGE_REACH):  # the lines below
        if b < 0:
            break
        a = b + 1
        b = text.find("\n", a)
        if _edge_at(text[a : b if b >= 0 else len(text)], col, before, kind):
            return True
    return False


def _edge_at(line: str, col: int, before: str, kind: tuple[bool, bool]) -> bool:
    """Whether ``line`` ends a gap of two spaces or more at ``col``, after ``before``, and
    goes on with text of the same ``kind`` (a digit, a letter, or neither)."""
    if len(line) <= col or line[col - 2 : col] != "  " or line[col].isspace():
        return False
    i = col - 2
    while i > 0 and line[i - 1] == " ":
        i -= 1
    return i > 0 and line[i - 1] == before and (line[col].isdigit(), line[col].isalpha()) == kind


def _lines_up(text: str, ctx: Context, ls: int, e: int) -> bool:
    """Whether a neighbouring line's text starts at the column of ``e`` (on the line that
    starts at ``ls``): a hanging indent, values aligned under each other."""
    indents = ctx.memo(("neighbour-indents", ls), lambda: _neighbour_indents(text, ls, e))
    # (a column is at least as wide as the characters before it: one past every
    # neighbour's indent is not measured, which on a long line would cost a scan per gap)
    if not indents or e - ls > max(indents):
        return False
    return len(text[ls:e].expandtabs()) in indents


# A line that opens with a bracketed field set apart by two spaces (`[0.00 --> 4.20]  So`).
_BRACKET_FIELD = re.compile(r"[ \t]*[\[(][^\])\n]{1,40}[\])]  \S")


def _field_after_bracket(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether the gap at ``s`` follows a bracketed field that opens its line, as a
    neighbouring line's field does too: the format of a transcript or a log (timestamps
    whose widths differ line to line, so no column lines up)."""
    m = _BRACKET_FIELD.match(text, ls)
    if m is None or m.end() - 3 != s:
        return False
    return ctx.memo(
        ("bracket-field", ls),
        lambda: any(_BRACKET_FIELD.match(text, a, b) for a, b in _neighbours(text, ls, s)),
    )


def _neighbour_indents(text: str, ls: int, pos: int) -> frozenset[int]:
    """The widths of the indents of the lines around the line that starts at ``ls``, of
    those that are indented and hold text."""
    out = set()
    for a, b in _neighbours(text, ls, pos):
        body = _INDENT.match(text, a, b).end()  # type: ignore[union-attr]
        if a < body < b:
            out.add(len(text[a:body].expandtabs()))
    return frozenset(out)


def _neighbours(text: str, ls: int, pos: int) -> Iterator[tuple[int, int]]:
    """Bounds of the lines before and after the line that starts at ``ls``."""
    if ls > 0:
        yield text.rfind("\n", 0, ls - 1) + 1, ls - 1
    le = text.find("\n", pos)
    if le >= 0:
        nb = text.find("\n", le + 1)
        yield le + 1, nb if nb >= 0 else len(text)


_KEY = re.compile(r"(?:CTRL|Ctrl|ALT|Alt|META|Meta|SHIFT|Shift|CMD|Cmd)-\S")
_QUOTES = "\"'`"


def _code_like(token: str) -> bool:
    """A token a plain-text manual sets apart as code: technical syntax (`*tag*`,
    `<Esc>`, `{mark}`), a key (`CTRL-]`) or a quoted literal (`'pheader'`, `":e`; not
    the start of a quotation, `"Yes,`)."""
    return is_technical(token) or _KEY.match(token) is not None or _quoted_literal(token)


def _quoted_literal(token: str) -> bool:
    """`'pheader'` or `":e`: quoted whole, or opened on a symbol (not `"Yes,`, nor a
    quotation that opens inside another, `"'Have`, nor a word of dialogue with its
    punctuation inside the quotes, `"Holmes,"`)."""
    if len(token) < 3 or token[0] not in _QUOTES:
        return False
    if token[-1] == token[0]:
        return token[-2] not in ",.!?;"
    if token[1] in _QUOTES and token[1] != token[0]:
        return not token[2].isalnum()  # (a quotation opens inside another: "'Have)
    return not token[1].isalnum()


def _sets_off_code(text: str, ctx: Context, ls: int, s: int, e: int) -> bool:
    """Whether the gap sets a piece of code apart, as plain text does without a
    monospaced font (`Move the cursor to  CTRL-]  and press`), or the fields of a line
    that opens with code (`/SET level ALL  (or NONE`)."""
    ts, _ = ctx.token(s - 1)
    _, te = ctx.token(e)
    if _set_off(text[ts:s]) or _set_off(text[e:te]):
        return True
    # a line that opens with code is a term and its fields (`'name' 'nm'  string  (default`)
    first = WORD_AT.match(text, ls, s)
    return first is not None and (
        _quoted_literal(first.group(1)) or _SLASH_COMMAND.fullmatch(first.group(1)) is not None
    )


def _set_off(token: str) -> bool:
    # (two words or a quantity and its unit joined by one slash are prose: deaths/1,000,
    # bbl/day, BIOS/UEFI, and/or)
    return _code_like(token) and _PROSE_SLASH.fullmatch(token.rstrip(".,;:)")) is None


_PROSE_SLASH = re.compile(r"\(?[A-Za-z][A-Za-z-]*/[A-Za-z0-9][A-Za-z0-9,.-]*")
# A chat client's or editor's command opening a line: /SET, /join, /msg.
_SLASH_COMMAND = re.compile(r"/[A-Za-z]+")


def _opens_sentence(text: str, i: int) -> bool:
    """Whether the capitalised word at ``i`` is one that usually opens a sentence (`This`,
    `The`, `If`); the pronoun `I` follows any verb or conjunction (`that  I`)."""
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    word = text[i:j].lower()
    return word != "i" and word in SENTENCE_WORDS


_WIDE_GAP = re.compile("(?<=\\S)[ \u00a0\u202f]{3,}(?=\\S)")  # (no-break spaces too)


# What a wide gap sets apart at a line's end: a signature in capitals or an initial, or one
# figure (a price, a page number) in a column.
_SET_RIGHT = re.compile(r"(?:[A-Z][A-Z'.]*|[^\s\d]*\d[^\s]*)[ \t]*\r?(?:\n|\Z)")
# A short rest of the line after a gap of eight spaces or more: set at the right margin.
_SHORT_TAIL = re.compile(r"[^\n]{1,40}(?:\n|\Z)")


def _laid_out(text: str, ctx: Context, ls: int, s: int, e: int) -> bool:
    """Whether the gap text[s:e] of three spaces or more shares its line (starting at
    ``ls``) with another such gap: fields set out across a line (a running head or foot, a
    row), not a word gap. Read once per line: a data file's one line may hold thousands."""
    if e - s < 3:
        return False

    def two_gaps() -> bool:
        le = text.find("\n", e)
        gaps = _WIDE_GAP.finditer(text, ls, le if le >= 0 else len(text))
        return sum(1 for _ in islice(gaps, 2)) >= 2

    return ctx.memo(("laid-out", ls), two_gaps)


def _number_row(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether the line that starts at ``ls`` (and holds ``s``) has no letter: a row of
    numbers (a matrix, a data file) whose spaces align its columns."""

    def letterless() -> bool:
        le = text.find("\n", s)
        return _WORD_LETTER.search(text, ls, le if le >= 0 else len(text)) is None

    return ctx.memo(("number-row", ls), letterless)


# A letter that is no part of a number (not an exponent, 1.4e-03, nor a hex digit, 0x1F)
_WORD_LETTER = re.compile(r"(?<![\d.])[^\W\d_]")
# A state and its ZIP code, a post-office box and its number, as addresses set them.
_POSTAL = re.compile(r"\d{3,5}(?:-\d{4})?\b")
# (and Boston MA  02110; NY  10022 opening its line; Provo, Utah  84602)
_POSTAL_BEFORE = re.compile(r"(?:(?:(?<![^\n])|, |[a-z] )[A-Z]{2}|\bBox|, [A-Z][a-z]{3,12})\Z")
# A date set apart after a title or a version.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\b")
# A date as ctime() prints it, a one-digit day padded to two columns: `Nov  7`.
_PADDED_DAY = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)  \d\b")
# The head of a GNU change-log entry: a date, two spaces, a name, two spaces, an address
# (`<ann@example.org>`, or as older entries spell it, `(roland at churchy.gnu.ai.mit.edu)`).
_CHANGELOG_HEAD = re.compile(
    r"(?:\d{4}-\d\d-\d\d|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [\d:]{5,8}(?: [A-Z]{3,5})? \d{4})"
    r"  [^\n<]{1,80}(?:<[^>\s]+>|\([\w.+-]+ at [\w.-]+\))[ \t]*\r?$",
    re.M,
)
# A line of `ls -l`: a file's type and mode, then its fields in columns.
_LISTING = re.compile(r"[ \t]*[-dlcbps][-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT][+@.]? ")


_GAP = re.compile(r"\S {2,}(?=\S)")
_FIELDS = 4  # pieces a line set out in fields has at least
_FIELD_WIDTH = 50  # characters most of them have at most


def _fielded_line(text: str, ctx: Context, ls: int, le: int) -> bool:
    """Whether the line [ls, le) is set out in short fields parted by gaps of two spaces
    or more (labels extracted from a drawing, a statement's columns): a line of prose
    whose spaces were doubled by mistake runs on between its gaps."""
    return bool(ctx.memo(("fielded", ls), lambda: _fields(text[ls:le])))


def _fields(line: str) -> bool:
    found = list(_GAP.finditer(line))
    if len(found) + 1 < _FIELDS:
        return False
    # (a writer who spaces twice after sentences and commas parts clauses, not fields)
    if sum(line[m.start()] in _CLAUSE_ENDS for m in found) * 3 >= len(found):
        return False
    gaps = [m.end() for m in found]
    pieces = [b - a for a, b in zip([0, *gaps], [*gaps, len(line)], strict=True)]
    return sum(n <= _FIELD_WIDTH for n in pieces) * 3 >= len(pieces) * 2


_CLAUSE_ENDS = frozenset(".,;:!?")
_COLUMNS_AHEAD = re.compile(r"\S {4,}(?=\S)")  # a column's gap, mid-line
_ROW_RUN = 3  # short lines with a gap mid-line, of seven together, that make a table
_ROW_WIDTH = 120  # characters a flattened table's row has at most


def _gapped_rows(text: str, ctx: Context, ls: int) -> bool:
    """Whether the line at ``ls`` is a row of a flattened table: one of ``_ROW_RUN`` lines
    or more, of seven together, that are short and hold a gap of two spaces or more
    between words that ends no clause. Read from the document as it came in, and the
    line recognised by its words: the repairs of one pass must not leave a row's
    neighbours without the rows that made them a table."""
    le = text.find("\n", ls)
    words = " ".join(text[ls : le if le >= 0 else len(text)].split())
    return words in ctx.doc_memo("table-rows", _table_rows)


def _table_rows(doc: str) -> frozenset[str]:
    lines = doc.split("\n")
    gapped = [_gapped_row(line) for line in lines]
    return frozenset(
        " ".join(lines[i].split())
        for i, row in enumerate(gapped)
        if row and sum(gapped[max(0, i - 3) : i + 4]) >= _ROW_RUN
    )


def _gapped_row(line: str) -> bool:
    """A short line set out in fields: two gaps between words or more, or one before a
    last field of three words at most (`The market square  id.`; a doubled space in
    wrapped prose has a line's worth of words on either side)."""
    if len(line) > _ROW_WIDTH or "  " not in line:
        return False
    line = line.strip()
    gaps = [m for m in _GAP.finditer(line) if line[m.start()] not in _CLAUSE_ENDS]
    return len(gaps) >= 2 or (len(gaps) == 1 and len(line[gaps[0].end() :].split()) <= 3)


_COLUMN_GAP = 8  # spaces no typing slip leaves between two words: a column's


_LABEL_WORDS = 8  # words a field's label or a project's title runs to


def _label_before(text: str, ls: int, s: int) -> bool:
    """Whether the line's text before the gap at ``s`` is a label or a title, not a clause
    cut short: eight words at most, not ending on a function word (`The report   was`)."""
    words = text[ls:s].split()
    return 0 < len(words) <= _LABEL_WORDS and words[-1].lower() not in _CUT_SHORT


# Words no label or title ends on: the clause runs on past the gap.
_CUT_SHORT = frozenset(
    "the a an of to in on at by for and or but with from is was are were".split()
)


_HEX_GROUP = re.compile(r"[0-9A-F]{4}(?![0-9A-Za-z])")
_VERSE_LINES = 3  # lines a stanza has at least
# A chord's symbol (C, F#m7, Bbsus4, Dsus2/G, N.C.), a bar or a repeat's sign (|, [:, :],
# x2): a line of two or more, and nothing else, is a song's chord line.
_CHORD = (
    r"(?:[A-H][#b]?(?:maj|min|m|dim|aug|sus|add|M)?\d*(?:(?:sus|add|maj)\d+)*(?:/[A-H][#b]?)?"
    r"|N\.C\.|x\d|\dx|\[:|:\]|\|)"
)
_CHORD_LINE = re.compile(rf"[ \t]*{_CHORD}(?:[ \t]+{_CHORD})+[ \t]*\r?(?:\n|\Z)")


def _under_chords(text: str, ls: int, le: int) -> bool:
    """Whether the line [ls, le) is a chord line or the lyric line under one."""
    if _CHORD_LINE.match(text, ls):
        return True
    if ls < 2:
        return False
    above = text.rfind("\n", 0, ls - 1) + 1
    return _CHORD_LINE.match(text, above) is not None


_VERSE_WIDTH = 60  # characters a verse line has at most


def _verse(text: str, ctx: Context, pos: int) -> bool:
    """Whether the paragraph around ``pos`` is a stanza: three short lines or more, most
    opening with a capital, as verse sets its lines (hard-wrapped prose runs its lines to
    a margin and opens most of them in mid-sentence)."""
    ps, pe = ctx.paragraph(pos)
    return bool(ctx.memo(("verse", ps), lambda: _stanza(text[ps:pe])))


def _stanza(paragraph: str) -> bool:
    lines = [ln.strip() for ln in paragraph.strip("\n").split("\n")]
    if len(lines) < _VERSE_LINES or any(len(ln) > _VERSE_WIDTH or not ln for ln in lines):
        return False
    if any(c.isdigit() for c in paragraph):
        return False  # (Exports 2023: 4.1%: a record's fields, one a line)
    capitals = sum(ln.lstrip("\"'“‘(")[:1].isupper() for ln in lines)
    # a verse line ends on a word of the sentence or its mark, not on a name (a list of
    # parties, `Party for Progress (PfP)`)
    running = sum(ln[-1].islower() or ln[-1] in ",;:.!?-—" for ln in lines)
    return capitals * 3 >= len(lines) * 2 and running * 3 >= len(lines) * 2


@code_rule("doubled-spaces")
def doubled_spaces(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if ctx.mode != "plain" or rst.plain_written_in_rst(ctx):
        return  # Markdown and reST collapse spaces when rendered: a double space is source
        # layout (in a plain text file written in reST, as docutils names its sources, too)
    if "  " not in text or evidence.is_tokenized(ctx):
        return  # (tokenized text spaces by its format: `the sea :  --  the only one`)
    if ctx.doc_memo("paginated", protect.paginated):
        return  # a formatter's paginated output (an RFC, nroff): its spaces are its layout
    if evidence.is_wikitext(ctx):
        return  # a wiki's source collapses its spaces when rendered, as Markdown does
    n = len(text)
    ls = line_end = 0  # the line the last gap judged stands on: [ls, line_end)
    for m in ctx.finditer(_SPACES):
        s, e = m.span()
        if s == 0 or e == n or text[s - 1] in "\r\n\t" or text[e] in "\r\n\t":
            continue  # indentation, or trailing spaces (a Markdown hard break)
        if not (text[e].isalnum() or text[e] in "\"“‘'(["):
            continue  # before a symbol (* * *, -- Author, | cell): layout, not a word gap
        if text[e] in "\"'" and not text[e + 1 : e + 2].isalnum():
            continue  # a quote that closes: the spaces are inside a quoted literal ("one  ")
        if _UNSPACED_SCRIPT.match(text, e) and _UNSPACED_SCRIPT.match(text, s - 1):
            continue  # Chinese or Japanese set apart by spaces: layout (`词  北山薇`, a verse;
            # beside a Latin word, `使用  Python`, a gap is a word gap, doubled by mistake)
        if s >= line_end:  # (the line's start found once per line, not read back per gap)
            ls = text.rfind("\n", 0, s) + 1
            line_end = text.find("\n", s)
            if line_end < 0:
                line_end = n
        if _HEX_GROUP.fullmatch(text, s - 4, s) and _HEX_GROUP.match(text, e):
            continue  # 9C0D  1E2F: a key's fingerprint, its halves set apart
        if text[e].isdigit() and text[s - 1].isdigit() and _number_row(text, ctx, ls, s):
            continue  # ` 43 67  6 64`: numbers set right-aligned in columns
        if _POSTAL.match(text, e) and _POSTAL_BEFORE.search(text, max(0, s - 16), s):
            continue  # Cambridge, MA  02139; P. O. Box  2782: an address set the postal way
        if _LISTING.match(text, ls):
            continue  # -rw-r--r--  1 root  100  42949 Feb  4  2001: a directory listing
        if _under_chords(text, ls, line_end):
            continue  # a song's chords, each set over its syllable, and the lyric under
            # them, widened to fit: columns
        if COPYRIGHT_NOTICE.match(text, ls) or _ISO_DATE.match(text, e):
            continue  # Copyright (c) 2007 Ann Lee.  All rights reserved; Version 1.3c
            # 2008-05-04: a notice or a title's date, set as it must be reproduced
        if _PADDED_DAY.match(text, s - 3) or _CHANGELOG_HEAD.match(text, ls):
            continue  # Mon Nov  7 01:00 1994; 2024-05-01  Ann Lee  <ann@example.org>
        slip = (
            text[s - 1] == ":"
            and e - s == 2
            and text[e].isalnum()  # (`cause:  [1] distribution`: an enumeration set apart)
            and _colon_gap_slip(text, ctx, ls, s)
        )
        if (
            _ends_sentence(text, s)
            and not slip
            and (_SIGNATURE.match(text, e) or _two_spaces_meant(text, ctx, s))
        ):
            continue  # (wit's end.  HUNTER.: a signature set apart)
        if e - s >= 3 and _SET_RIGHT.match(text, e):
            continue  # Your fond daughter,     MILLY.; and Envelopes      0--0--2: set apart
        if e - s >= _COLUMN_GAP or (
            e - s >= 3 and (text[e].isupper() or text[e].isdigit()) and _label_before(text, ls, s)
        ):
            continue  # Duration       Oct 2017 - Till Date; Pune ⟨31 spaces⟩ Built …: a
            # label and its value, or two columns, that a PDF's text kept apart
        if e - s >= 8 and _SHORT_TAIL.match(text, e):
            continue  # P2PI Workshop          Y. Wang: a memo's header, set at the margin
        if text[s - 1] in "])" and _field_after_bracket(text, ctx, ls, s):
            continue  # [8.30 --> 10.62]  And …: a transcript's time, set apart on every line
        if _laid_out(text, ctx, ls, s, e):
            continue  # Fielding, et al.   Standards Track   [Page 1]: a page's running line
        if _beside_table(text, ctx, ls, s):
            continue  # a table's caption or a command's output above its box: laid out
        if _justified_line(text, ctx, ls, s) or _justified_paragraph(text, ctx, ls, line_end):
            continue  # a line of justified text, widened with spaces to its margin
        if _fielded_line(text, ctx, ls, line_end):
            continue  # `north wing  the harbour trust  Lane and Ward architects  june
            # 3,2014`: a drawing's labels, a statement's columns, set apart by gaps
        if e - s == 2 and _COLUMNS_AHEAD.search(text, e, line_end):
            continue  # `June 14 @ Essen  West Germany     2-0 Denmark`: a line laid out
            # in columns further on, whose narrow gaps part fields too (not `Problem:    The
            # cache  is`: a label's gap, then prose)
        if _gapped_rows(text, ctx, ls):
            continue  # `La belle dame  Lavieille  huit.` on line after line: a table's rows,
            # their columns flattened to gaps (a slip does not recur on every line)
        if _verse(text, ctx, s):
            continue  # `The lamp goes out  and the shore goes dark;`: a poem's pause
        if ctx.doc_memo("hard-wrapped", _hard_wrapped) and _spaced_line(text, ctx, ls, s):
            continue  # After  "ayy  don't let  ""yy  or: words and code set apart throughout
        if (_sets_a_column(text, ctx, ls, s, e) and not slip) or _sets_off_code(
            text, ctx, ls, s, e
        ):
            continue
        if text[s - 1] in ")]" and text[e] in "([":
            continue  # [for new books]  [now also in …]: two asides set apart
        if (
            text[e].isupper()
            and (text[s - 1].isalnum() or text[s - 1] in ")]")
            and (not text[s - 1].islower() or _opens_sentence(text, e))
            and ctx.doc_memo("hard-wrapped", _hard_wrapped)
        ):
            # where two spaces end sentences, they still mark one (`patch 8.0  If`, a
            # mark forgotten: `the matchit package  This plugin`); a name after a
            # lower-case word is no sentence start (`said  Holmes`, `Briony  Lodge`); a
            # bracketed aside ends one too (`the trees.  [The moon]  I gazed`)
            continue
        yield Change(s, e, " ", "doubled space between words")


_JUSTIFIED_SHARE = 0.4  # of a text's full lines set to one width: justified, not ragged
_JUSTIFY_SAMPLE = 50_000  # characters read to find that width


def _justified_widths(doc: str) -> frozenset[int]:
    """The widths a justified text (a formatter's output: nroff, a word processor's
    plain-text export) widens its lines to, or none. Ragged text ends its full lines at
    many columns; justified text ends most of them at one, and may set its footnotes or
    notes to a narrower one (an Internet-Draft's body at 60 columns, its notes at 55)."""
    # (a table's rows share a width too: lines with a column rule are no prose)
    lines = [ln for ln in doc[:_JUSTIFY_SAMPLE].split("\n") if not _RULED.search(ln)]
    widths = [_shown_width(ln) for ln in lines]
    full = Counter(w for w in widths if w >= 40)
    total = sum(full.values())
    if total < 10:
        return frozenset()
    # (and most of a width's lines are widened inside, not only after a sentence: ragged
    # text also ends many lines at its margin, where the next word would not fit)
    widened = Counter(
        w for ln, w in zip(lines, widths, strict=True) if w in full and _WIDENED.search(ln.strip())
    )
    width, count = full.most_common(1)[0]
    if count < _JUSTIFIED_SHARE * total or 2 * widened[width] < count:
        return frozenset()
    return frozenset(
        w for w, n in full.items() if w == width or (n >= _NOTE_LINES and 2 * widened[w] >= n)
    )


_NOTE_LINES = 10  # lines a second justified width needs, each widened inside
_JUSTIFIED_ROWS = 3  # lines of a paragraph at its full width, widened inside, that justify it


def _justified_paragraph(text: str, ctx: Context, ls: int, le: int) -> bool:
    """Whether the line [ls, le) fills its paragraph's full width in a paragraph that
    justifies itself: three lines or more at that width, widened inside (an ezine's
    justified paragraph among ragged ones, which the document's own count cannot show)."""
    ps, pe = ctx.paragraph(ls)

    def width() -> int:
        lines = text[ps:pe].split("\n")
        widths = [_shown_width(ln) for ln in lines]
        full = max(widths, default=0)
        widened = sum(
            1
            for ln, w in zip(lines, widths, strict=True)
            if w == full and _WIDENED.search(ln.strip())
        )
        return full if full >= 30 and widened >= _JUSTIFIED_ROWS else -1

    return _shown_width(text[ls:le]) == ctx.memo(("justified-paragraph", ps), width)


def _justified_line(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether the line that starts at ``ls`` is set to a width a justified text
    widens its lines to: its doubled spaces are the justification."""
    widths = ctx.doc_memo("justified-width", _justified_widths)
    return bool(widths) and _shown_width(text[ls : line_bounds(text, s)[1]]) in widths


_RULED = re.compile("[|│┃║+]")
_WIDENED = re.compile(r"[^.!?:;\s] {2,}\S")  # a gap of two spaces or more between words
_OVERSTRUCK = re.compile(".\x08")  # nroff's underline and bold: a character, a backspace


def _shown_width(line: str) -> int:
    """The columns a line fills on a terminal (overstruck characters counted once)."""
    if "\x08" in line:
        line = _OVERSTRUCK.sub("", line)
    return len(line.rstrip().expandtabs())


# The rule or a row of a table drawn in text: `+-----+-----+`, `|  NAME  | SIZE |`.
_TABLE_LINE = re.compile(r"[ \t]*(?:\+[-=+]{3,}|\|[^\n]*\|)[ \t]*\r?$")


def _beside_table(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether the line that starts at ``ls`` stands right above or below a table drawn
    in text: its heading or the output line it belongs to, laid out by hand."""

    def beside() -> bool:
        return any(_TABLE_LINE.match(text[a:b]) for a, b in _neighbours(text, ls, s))

    return ctx.memo(("beside-table", ls), beside)


_SPACED_LINE = 3  # doubled gaps a line of a hard-wrapped text needs to be laid out


def _spaced_line(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether the line that starts at ``ls`` sets three gaps or more two spaces wide: a
    help file's line that sets each piece of code apart, not slips (damage is rarer than
    one gap in a line)."""

    def spaced() -> bool:
        line = text[ls : line_bounds(text, s)[1]].strip()
        return len(_INNER_GAP.findall(line)) >= _SPACED_LINE

    return ctx.memo(("spaced-line", ls), spaced)


_INNER_GAP = re.compile(r"(?<=\S)  (?=\S)")


def _colon_gap_slip(text: str, ctx: Context, ls: int, s: int) -> bool:
    """Whether two spaces after the colon at ``s - 1`` (on the line that starts at ``ls``)
    are a slip: the document follows its colons with one space, five times as often or
    more (`noun: Cuban` above `adjective:  Cuban`), the colon's paragraph does not set
    sentences two spaces apart, no label near it is set with two spaces too, and no
    neighbouring line lines up with the text after the gap."""
    ones, twos = ctx.doc_memo("colon-gaps", _colon_gaps)
    if ones < _COLON_STYLE or ones < _COLON_MAJORITY * twos:
        return False
    if _sentence_gaps(text, *ctx.paragraph(s))[1]:
        return False  # the paragraph sets its sentences two spaces apart: the typewriter's habit
    doc_ones, doc_twos = evidence.read(ctx, "sentence-gaps", _sentence_gaps)
    if doc_twos >= _STYLE_TWOS and doc_twos >= doc_ones:
        return False  # so does the document (a help file: `A practical example:  The …`)
    if _LABEL_TWO.match(text, ls) and _near_label_two(text, ls):
        return False  # Title:  Moby Dick / Author:  Herman Melville: labels set so, alike
    return not _lines_up(text, ctx, ls, s + 2)


_LABEL_TWO = re.compile(r"[ \t]*[^\W\d_][\w .'-]{0,30}:  \S")


def _near_label_two(text: str, ls: int) -> bool:
    """Whether one of the two non-blank lines above or below the line at ``ls`` opens with
    a label followed by two spaces too."""
    above = text[max(0, ls - 400) : ls].splitlines()
    le = text.find("\n", ls)
    below = text[le + 1 : le + 401].splitlines() if le >= 0 else []
    near = [ln for ln in reversed(above) if ln.strip()][:2] + [ln for ln in below if ln.strip()][:2]
    return any(_LABEL_TWO.match(ln) for ln in near)


_COLON_GAP = re.compile(r":(?<=\w:)( {1,2})(?=\w)")  # (the colon first: fast to scan for)
_COLON_STYLE = 5  # one-space colons a document needs before its style decides
_COLON_MAJORITY = 5


def _colon_gaps(doc: str) -> tuple[int, int]:
    found = [len(m.group(1)) for m in _COLON_GAP.finditer(doc)]
    return found.count(1), found.count(2)


_TRAILING = re.compile(r"[ \t\u00a0]+(?=\r?$)", re.M)


@code_rule("trailing-whitespace")
def trailing_whitespace(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    keep_hard_breaks = option(rule, "keep-markdown-hard-breaks", True) and ctx.mode == "markdown"
    for m in ctx.finditer(_TRAILING):
        if keep_hard_breaks and m.group() == "  ":
            continue
        yield Change(m.start(), m.end(), "", "trailing whitespace")


@code_rule("blank-line-runs", scope="document")
def blank_line_runs(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    keep = int(option(rule, "max-blank-lines", 1))
    # (a regex over the text, not a loop over its lines: a corpus file has 100,000 of them)
    for m in _EMPTY_LINES.finditer(text):
        run = m.group()
        count = run.count("\n")
        if count > keep:
            cut = m.start()
            for _ in range(keep):
                cut = text.index("\n", cut) + 1
            yield Change(cut, m.end(), "", f"more than {keep} blank line(s) in a row")


_EMPTY_LINES = re.compile(r"^(?:\r?\n)+", re.M)
