"""Whitespace repairs: invisible characters, stray no-break spaces, blank-looking lines,
doubled spaces; and the opt-in layout rules (trailing spaces, runs of blank lines)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING

from tidy import evidence, language, lexicon
from tidy.coderules import code_rule, option
from tidy.coderules.lines import drop_line, iter_lines, letters_before
from tidy.model import Change
from tidy.protect import LETTER, MAX_TOKEN, is_technical

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_LATIN = re.compile(f"[{LETTER}]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_INVISIBLE = (re.compile("\ufeff"), re.compile("\u200b"))  # literal scans are fastest


@code_rule("invisible-chars")
def invisible_chars(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    for m in sorted((m for rx in _INVISIBLE for m in ctx.finditer(rx)), key=lambda m: m.start()):
        i = m.start()
        if m.group() == "\ufeff":
            yield Change(i, i + 1, "", "remove stray byte-order mark")
            continue
        prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
        if _LATIN.match(prev) and _LATIN.match(nxt):
            # Between two Latin letters a zero-width space hides a word break.
            yield Change(i, i + 1, " ", "zero-width space between words")
        elif not prev or not nxt or prev.isspace() or nxt.isspace():
            yield Change(i, i + 1, "", "remove zero-width space next to whitespace")
        # elsewhere (Thai, CJK, inside a word) it marks a legitimate break opportunity


_NB = "\u00a0\u202f"
_NB_CHAR = re.compile(f"[{_NB}]")
_RUN_CHARS = frozenset(" \t" + _NB)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty
    fifty hundred thousand million billion""".split()
)
_GAPS = re.compile("(?<=\\S)[ \u00a0\u202f]+(?=\\S)")
_KEEP_AFTER = frozenset(
    """mr mrs ms mx dr st prof sir dame lord lady mme mlle m no nos p pp fig vol art sec ch
    chap para §""".split()
)


def _nb_is_meant(text: str, s: int, e: int) -> bool:
    """A single no-break space that typography puts there on purpose."""
    left = text[s - 1 : s]
    right = text[e : e + 1]
    if not _LATIN.match(left):
        return True  # 10 km, « mot », – dash, £ 5, digits and symbols: all deliberate
    if not (_LATIN.match(right) or right in "£$€¥"):
        return True  # before : ; ! ? » % or digits (French spacing, 67 000)
    i = s
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    word = text[i:s].rstrip(".").lower()
    if word in _KEEP_AFTER or word in _NUMBER_WORDS or len(word) == 1 or text[s - 1] == ".":
        return True  # Mr Smith, J. R. Tolkien, p. 45
    if text[i : i + 1].isupper() and (right.isupper() or right.isdigit()):
        return True  # Appendix A, Mac OS, Red Hat: a name kept on one line
    # Henry VIII
    return right.isupper() and re.match(r"[IVXLC]+\b", text[e : e + 6]) is not None


def _nb_style(text: str, bounds: tuple[int, int]) -> bool:
    """Whether the paragraph sets no-break spaces on purpose: French or right-to-left text,
    or one where they are a usual word gap rather than the odd one out."""
    para = text[bounds[0] : bounds[1]]
    if _RTL.search(para) or _french(para):
        return True
    gaps = _GAPS.findall(para)
    nb = sum(1 for g in gaps if " " not in g)
    return nb >= 2 and nb * 2 >= len(gaps)


def _french(para: str) -> bool:
    """French sets no-break spaces by rule, and its typists' keyboards scatter more: a
    paragraph identified as French, or one with French words and no other language."""
    lang = language.identify(para)
    return lang == "fr" or (lang == language.UNKNOWN and lexicon.looks_french(para))


def _nb_paragraph(text: str, ctx: Context, pos: int) -> bool:
    bounds = ctx.paragraph(pos)
    return ctx.memo(("nb", bounds), lambda: _nb_style(text, bounds))


@code_rule("nbsp-stray")
def nbsp_stray(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if "\u00a0" not in text and "\u202f" not in text:
        return
    last_end = -1
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
            if len(run) == 1:
                yield Change(s, e, "", "stray no-break space at line start")
            continue  # several: deliberate indentation
        if at_end:
            yield Change(s, e, "", "stray no-break space at line end")
            continue
        if len(run) == 1:
            if _nb_is_meant(text, s, e) or _nb_paragraph(text, ctx, s):
                continue
            yield Change(s, e, " ", "no-break space between ordinary words")
        elif (
            (_LATIN.match(text[s - 1]) or _LATIN.match(text[e : e + 1] or " "))
            and not _nb_paragraph(text, ctx, s)
            and not is_technical(text[e : e + MAX_TOKEN].split(None, 1)[0])
        ):  # (a run before a code name, ``removê-lo  authorized_keys``, is layout)
            yield Change(s, e, " ", "no-break space mixed into a run of spaces")


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
    for s, end in lines:
        nxt = end + 1 if end < len(text) else end
        a, b = drop_line(text, s, nxt)
        yield Change(a, b, "", "remove a line that holds only invisible or no-break spaces")


_SPACES = re.compile(r"  +")


# A sentence (or clause) end after a lower-case word, then one or two spaces: abbreviations
# and initials (Prof. E. Cautious) do not show a writer's spacing style.
_GAP_AFTER_STOP = re.compile(r"(?<=[a-zß-ÿ]{2})[.!?][\"”’)]?( {1,2})(?=\S)")


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
    if gaps < 3:
        return False
    bounds = ctx.paragraph(pos)

    def style() -> bool:
        ones, twos = _sentence_gaps(text, *bounds)
        if ones + twos < _SHOWS_STYLE and lexicon.looks_english(text[bounds[0] : bounds[1]]):
            # too few sentences to show a style: the document's own decides (in English
            # prose; translations keep the source's two spaces here and there)
            ones, twos = evidence.read(ctx, "sentence-gaps", lambda t: _sentence_gaps(t))
            return ones == 0 or ones < _CLEAR_DOCUMENT * twos
        # Two spaces are a slip only where one space clearly prevails (three to one): a
        # closer mix is the writer's own, and tidy does not guess.
        return ones == 0 or ones < _CLEAR_MAJORITY * twos

    return ctx.memo(("two-space", bounds), style)


_SHOWS_STYLE = 4  # sentence gaps a paragraph needs before its own spacing decides
_CLEAR_DOCUMENT = 10  # a document's one-space gaps for each two-space one, to decide for it


def _sentence_gaps(text: str, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """Sentence gaps of one space and of two in text[start:end] (abbreviations such as
    Prof. do not count)."""
    found = [
        len(m.group(1))
        for m in _GAP_AFTER_STOP.finditer(text, start, len(text) if end is None else end)
        if letters_before(text, m.start()).lower() not in lexicon.ABBREVIATIONS
    ]
    return found.count(1), found.count(2)


@code_rule("doubled-spaces")
def doubled_spaces(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if ctx.mode != "plain":
        return  # Markdown and reST collapse spaces when rendered: a double space is source layout
    n = len(text)
    for m in ctx.finditer(_SPACES):
        s, e = m.span()
        if s == 0 or e == n or text[s - 1] in "\r\n\t" or text[e] in "\r\n\t":
            continue  # indentation, or trailing spaces (a Markdown hard break)
        if not (text[e].isalnum() or text[e] in "\"“‘'(["):
            continue  # before a symbol (* * *, -- Author, | cell): layout, not a word gap
        if text[s - 1] in '.!?:;"”’)' and (
            _SIGNATURE.match(text, e) or _two_spaces_meant(text, ctx, s)
        ):
            continue  # (wit's end.  HUNTER.: a signature set apart)
        yield Change(s, e, " ", "doubled space between words")


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
    run: list = []
    for ln in iter_lines(text):
        if ln.blank and ln.text == "":
            run.append(ln)
            continue
        if len(run) > keep:
            yield Change(
                run[keep].start, run[-1].next, "", f"more than {keep} blank line(s) in a row"
            )
        run = []
    if len(run) > keep:
        yield Change(run[keep].start, run[-1].next, "", f"more than {keep} blank line(s) in a row")
