"""Quotation marks: spaces around quotes glued to words, broken quote pairs, and the
opt-in typography rules (straight ↔ curly)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy import evidence, identifiers, language, lexicon, literal, protect
from tidy.coderules import code_rule
from tidy.coderules.lines import letters_before, line_bounds
from tidy.model import Change
from tidy.protect import LETTER, is_technical, token_at

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_LETTER = re.compile(f"[{LETTER}]")
OPEN, CLOSE = 1, 2
HOUSE_STYLE = 3  # a "broken" form used this often in one document is deliberate
_BEFORE_OPEN = frozenset(" \t\r\n([{—–-/")  # what may stand before an opening quote
_AFTER_CLOSE = frozenset(" \t\r\n,.;:!?)]}—–-/")  # what may follow a closing quote
_ENDS = "|".join(lexicon.CONTRACTION_ENDS)
_SUFFIX = re.compile(rf"(?:{_ENDS})(?![^\W\d_])")  # it’s, I’ll, the “1”s
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_CJK = re.compile("[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _token(text: str, i: int) -> str:
    s, e = token_at(text, i)
    return text[s:e]


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


def _with_order(roles: dict[int, int]) -> tuple[dict[int, int], list[int]]:
    return roles, list(roles)


def _pair_content(
    text: str, i: int, roles: dict[int, int], keys: list[int], end: int
) -> str | None:
    """Text between quote ``i`` and its partner (``keys``: the quotes' positions, in
    order); an opening quote left open at the end of a paragraph runs on (a quotation
    continued in the next paragraph)."""
    k = bisect.bisect_left(keys, i)
    if roles[i] == OPEN:
        if k + 1 < len(keys):
            return text[i + 1 : keys[k + 1]] if roles[keys[k + 1]] == CLOSE else None
        # Left open to the paragraph's end: believable only where a quoted sentence starts
        # (Weekly."Mutualisation is…), not before a speech verb (reopened,"he said).
        return text[i + 1 : end] if text[i + 1 : i + 2].isupper() else None
    if k > 0 and roles[keys[k - 1]] == OPEN:
        return text[keys[k - 1] + 1 : i]
    return None


def _foreign_quotes(text: str, s: int, e: int) -> bool:
    """German „…“ quotes close with “; right-to-left text mirrors the marks; Chinese and
    Japanese set no spaces around quotes at all."""
    return (
        "„" in text[s:e]
        or _RTL.search(text, s, e) is not None
        or _CJK.search(text, s, e) is not None
    )


def low_quote_open(text: str) -> bool:
    """Whether ``text`` holds a „ that no “ or ” closes: a German (or Czech, Polish,
    Dutch) quotation left open, or closed by another mark."""
    low = text.count("„")
    return low > 0 and low != text.count("“") + text.count("”")


def _foreign_straight(text: str, s: int, e: int) -> bool:
    """As _foreign_quotes, for straight quotes: German „…“ pairs leave them alone, but a „
    left open may be closed by a straight mark („Hallo" sagte er), which is then no
    opening quote."""
    if _RTL.search(text, s, e) is not None or _CJK.search(text, s, e) is not None:
        return True
    return low_quote_open(text[s:e])


def _closes_single(text: str, opener: int, close: int) -> bool:
    """‘ … ’ is a quotation (not an apostrophe) when nothing but a phrase lies between."""
    inner = text[opener + 1 : close]
    if inner[-1:].isspace():
        return False  # ‘What are you ’bout: an apostrophe after a space, not a closing quote
    return (
        "’" not in inner and "‘" not in inner and len(inner.split()) <= 12 and inner[:1].isalpha()
    )


_GLUED_STRAIGHT = re.compile(r'"(?<=[^\s(\[{—–/-]")(?=[^\s,.;:!?)\]}—–/-])')
_GLUED_OPEN = re.compile(r"“(?<=[^\s(\[{—–/-]“)(?=[^\W\d_])")
_GLUED_CLOSE = re.compile(r"”(?=[^\W\d_])")
# (not I‘m, don‘t: a left quote typed for an apostrophe before a contraction's ending)
_GLUED_SOPEN = re.compile(
    rf"‘(?:(?<=[^\W\d_]‘)(?!(?:{_ENDS})(?![^\W\d_]))|(?<=[.,;:!?]‘)(?=[^\W\d_]))"
)
_GLUED_SCLOSE = re.compile(rf"’(?=[^\W\d_])(?!(?:{_ENDS})(?![^\W\d_]))")


_SHORT_ENDING = re.compile(r"[^\W\d_]{1,4}(?![^\W\d_]|[\"'])")
# Words French and Italian elide before a vowel, with an apostrophe (l’état, dell’anno).
_ELIDED = frozenset(
    """d l j m n s t c qu jusqu lorsqu puisqu quoiqu presqu un dell all nell sull dall
    coll quell bell sant""".split()
)


# Letters with a macron or a dot below, which transliterated Arabic sets beside its ’.
_TRANSLITERATED = re.compile("[āīūēōṭḥṣḍẓġĀĪŪĒŌṬḤṢḌẒĠ]")


def _elided(text: str, i: int) -> bool:
    """Whether the mark at ``i`` follows a word that French or Italian elide (``d‘Etat``,
    ``l’ambition``): an apostrophe, whichever mark was typed for it."""
    return letters_before(text, i).lower() in _ELIDED and text[i + 1 : i + 2].isalpha()


def _before_suffix(text: str, i: int) -> bool:
    """Whether the mark at ``i`` stands between a word and a short lower-case ending that
    ends there (Turkish `README"sini,`): an apostrophe's stand-in, not a quotation mark."""
    m = _SHORT_ENDING.match(text, i + 1)
    return m is not None and m.group().islower() and text[i - 1 : i].isalpha()


def _quotes_speech(text: str, colon: int, content: str) -> bool:
    """Whether a quote opened right after the colon at ``colon`` holds speech or a
    sentence: a verb of saying before the colon (``said:"Yes"``), or quoted text that ends
    as a sentence or runs on past its line. A bare literal glued to a colon
    (``print:"Hello world"``, ``name:"main"``) is how code writes it."""
    if letters_before(text, colon).lower() in lexicon.SPEECH_VERBS:
        return True
    return content.rstrip()[-1:] in (".", "!", "?", "…", ",") or "\n" in content


_ENTITY_END = re.compile(r"&#?\w+;\Z")


_QUOTE_MARKS = "'‘’\"“”"


def _english(text: str, ctx: Context, pos: int) -> bool:
    """Whether the line reads as English (not when it holds Turkish letters, whose
    endings glue to quoted words: *Question: iki "alert"in çıktısı nedir?*, nor in a
    Turkish document, whose lines of English terms still take its endings: *Modulün
    "main export"tan önce*)."""
    ls, le = line_bounds(text, pos)
    return bool(
        ctx.memo(
            ("en", ls),
            lambda: lexicon.looks_english(text[ls:le])
            and not language.TURKISH.search(text, ls, le)
            and not _turkish_document(ctx),
        )
    )


_TURKISH_LETTERS = 20  # ı, ş, ğ … a document needs to be Turkish, whatever a line says


def _turkish_document(ctx: Context) -> bool:
    # (str.count per letter: a text with no letter beyond Latin-1 answers each at once)
    return ctx.doc_memo(
        "turkish", lambda doc: sum(map(doc.count, "ıİğĞşŞ")) >= _TURKISH_LETTERS
    )


# A closing quote glued to a lower-case ending ("iki"nin, ‘Ruby’da, "state"lerini).
_QUOTE_ENDING = re.compile(r"(?:(?<=[^\W\d_])|(?<=\)))[\"”’‘]([a-zıüöçşğ]{1,12})(?![^\W\d_])")


def _turkish_ending(text: str, ctx: Context, q: int) -> bool:
    """Whether the letters after the closing mark at ``q`` are a Turkish ending, on a line
    or in a document that is Turkish."""
    m = _QUOTE_ENDING.match(text, q)
    if m is None or not identifiers.turkish_suffix(m.group(1)):
        return False
    ls, le = ctx.line(q)
    return (
        _turkish_document(ctx)
        or language.TURKISH.search(text, ls, le) is not None
        or _suffixed_twice(text, ctx, q)
    )


def _suffixed_twice(text: str, ctx: Context, q: int) -> bool:
    """Whether the line of the quote at ``q`` glues Turkish endings to two closing quotes
    or more: a language that suffixes quoted words, whatever its letters say."""
    ls, le = ctx.line(q)
    found = 0
    for m in _QUOTE_ENDING.finditer(text, ls, le):
        if identifiers.turkish_suffix(m.group(1)):
            found += 1
            if found >= 2:
                return True
    return False


# Languages whose writers never glue an ending to a closing quote (Turkish does): there the
# letters after it are the next word.
_UNSUFFIXED = frozenset({"fr", "de", "es", "pt", "it", "nl"})


def _next_word(text: str, ctx: Context, q: int) -> bool:
    """Whether the letters glued after the closing quote at ``q`` are the next word of a
    line in a language that glues no endings to quotes (`"montados"em`, `"python"comme`):
    one of its function words, or any word of three letters or more that is not an
    English ending (`"print"ing` in a French manual is still one word)."""
    if language.language_at(text, q, ctx) not in _UNSUFFIXED or _turkish_document(ctx):
        return False
    if _suffixed_twice(text, ctx, q):
        return False  # "iki"nin … "uc"un: Turkish, even typed without its letters
    j = q + 1
    while j < len(text) and text[j].isalpha():
        j += 1
    word = text[q + 1 : j]
    if language.native_words(text, q, ctx, word):
        return True
    return len(word) >= 3 and word not in identifiers.ENGLISH_SUFFIXES


# Ukrainian writes an apostrophe between a consonant and є ї я ю (м'ясо, об'єднання).
_UKRAINIAN_BEFORE_APOSTROPHE = frozenset("бпвмфрдтзкгхжшчлнсц")
# A contraction's ending after an apostrophe (n't, 's, 'll, 're, 've, 'd, 'm), then no letter.
_CONTRACTION_AFTER = re.compile(r"(?:[tsdmTSDM]|ll|LL|re|RE|ve|VE)(?![^\W\d_])")
# A short prefix set in quotes to coin words with it: Mc, i, e, Un.
_PREFIX_QUOTED = re.compile(r"[A-Z]?[a-z]{1,2}")


# An umlaut written the ASCII way, a quote before its vowel inside a word (`n"achste`).
_ASCII_UMLAUT = re.compile(r'[a-zA-Z]"[aouAOU][a-z]')


def _straight(text: str, ctx: Context) -> Iterator[Change]:
    for m in ctx.finditer(_GLUED_STRAIGHT):
        i = m.start()
        ts, te = ctx.token(i)
        if te - ts > 200 or is_technical(text[ts:te]):
            continue
        if text[ts] == "-" and text[ts + 1 : ts + 2].isalpha() and ts < i:
            continue  # sqlmap.py -p"bauth": an option given its quoted value
        ps, pe = ctx.paragraph(i)
        # (the positions in order, as found: sorted for every quote, a paragraph of
        # thousands of quotes took seconds)
        roles, keys = ctx.memo(
            ("quotes", ps), lambda ps=ps, pe=pe: _with_order(_straight_roles(text, ps, pe))
        )
        if ctx.memo(("foreign-straight", ps), lambda ps=ps, pe=pe: _foreign_straight(text, ps, pe)):
            continue
        role = roles.get(i)
        if role is None:
            continue
        content = _pair_content(text, i, roles, keys, pe)
        if content is None or len(content.strip()) < 2:
            continue  # Toys"R"Us, or a quote we cannot pair
        prev, nxt = text[i - 1], text[i + 1]
        if _LETTER.match(prev) and _CONTRACTION_AFTER.match(text, i + 1):
            continue  # WON"T, DON"T: an apostrophe typed as a quote, inside the word
        if (
            role != CLOSE  # (a closing quote glued to the next word is damage: "Wort"auf)
            and _LETTER.match(prev)
            and nxt in "aouAOU"
            and _LETTER.match(text[i + 2 : i + 3])
            and language.language_at(text, i, ctx) == "de"
            and ctx.doc_memo("ascii-umlauts", lambda doc: len(_ASCII_UMLAUT.findall(doc)) >= 2)
        ):
            continue  # n"achste, f"ur: German's umlauts as ASCII writes them ("a for ä), in
            # a text that does so more than once
        if prev in _UKRAINIAN_BEFORE_APOSTROPHE and nxt in "єїяю":
            continue  # об"єднання: Ukrainian's apostrophe, a letter of the word, mistyped
        if role == OPEN and prev == ":" and not _quotes_speech(text, i - 1, content):
            continue  # print:"Hello world", name:"main": a literal written as code writes it
        if text[i - 2 : i - 1] in ("\n", "") and (
            prev in ".,;:!?" or (prev in "*#" and evidence.is_wikitext(ctx))
        ):
            continue  # a mark that opens its line ends no sentence: Fountain's !"CHICAGO
            # TIMES" (an action line), a wiki's :"At the time…" or *"…" (indent, list)
        if prev in ".…" and text[text.rfind("\n", 0, i) + 1 : i].lstrip("- \t") in ("...", "…"):
            continue  # ..."¿Conoces…: a subtitle's line that carries on the one before, its
            # quotation opening after the ellipsis that marks it, closed up as it is set
        if role == OPEN and (_LETTER.match(prev) or prev in ".,;:!?"):
            if nxt in _QUOTE_MARKS:
                continue  # '"word"': a quote around another closes, whatever the count says
            if prev == ";" and _ENTITY_END.search(text, max(0, i - 12), i):
                continue  # &iquest;"Código: the semicolon ends an entity, not a clause
            if (
                _LETTER.match(prev)
                and _LETTER.match(nxt)
                and text[i - 2 : i - 1] in ("", " ", "\t")
                and text[i + 2 : i + 3] in (" ", "\t")
            ):
                continue  # d"m, a key sequence: one letter either side is no quotation
            if identifiers.string_prefix(text, i):
                continue  # b"hello": a string literal's prefix, not a word
            if prev == "." and text[i - 2 : i - 1] in ("", " ", "\t", "\n"):
                continue  # jq's ."foo": a lone dot before a quote is a path's syntax
            if prev == "," and text[i - 2 : i - 1] in ('"', ","):
                continue  # "Planet Name","Pl. Mass": quoted fields of a CSV row
            if prev == "." and text[i - 2 : i - 1] == '"' and _LETTER.match(nxt):
                continue  # "database"."owner": quoted names joined by a dot, as SQL writes
            if _before_suffix(text, i) and _before_suffix(text, i + 1 + len(content)):
                continue  # README"sini … StackOverflow"u: marks before suffixes, both
            yield Change(i, i, " ", "missing space before an opening quote")
        elif role == CLOSE and _LETTER.match(nxt):
            if prev in _QUOTE_MARKS:
                continue  # not '"word"': a quote inside another opens, whatever the count says
            if identifiers.string_prefix(text, i):
                continue  # b"You didn't …": a string literal opens (the count was thrown)
            if (
                nxt.isupper()
                and _PREFIX_QUOTED.fullmatch(content)
                and not language.function_word("en", content.lower())
            ):
                continue  # "Mc"Everything, "i"Phone: a quoted prefix coins a word with it
            if identifiers.quote_suffix(
                text, i, content, _english(text, ctx, i)
            ) and not _next_word(text, ctx, i):
                continue  # the "or"ed flags, "print"ing: a suffix of the quoted word
            yield Change(i + 1, i + 1, " ", "missing space after a closing quote")


def _curly(text: str, ctx: Context) -> Iterator[Change]:
    for rx in (_GLUED_OPEN, _GLUED_CLOSE, _GLUED_SOPEN, _GLUED_SCLOSE):
        for m in ctx.finditer(rx):
            i = m.start()
            q = m.group()
            ps, pe = ctx.paragraph(i)
            if ctx.memo(("foreign", ps), lambda ps=ps, pe=pe: _foreign_quotes(text, ps, pe)):
                continue
            prev, nxt = text[i - 1 : i], text[i + 1 : i + 2]
            if q in "”’" and identifiers.caseless_letter(nxt):
                continue  # ‘রবীন্দ্র-সঙ্গীত’এর: a caseless script's ending, glued to the quote
            if prev == ";" and q in "“‘" and _ENTITY_END.search(text, max(0, i - 12), i):
                continue  # create(:nombre=&gt;‘Pedro’): the semicolon ends an entity
            if q == "“":
                if (_LETTER.match(prev) or prev in ".,;:!?") and _LETTER.match(nxt):
                    close = text.find("”", i, pe)
                    if close > i + 2 and (
                        prev != ":" or _quotes_speech(text, i - 1, text[i + 1 : close])
                    ):
                        yield Change(i, i, " ", "missing space before an opening quote")
            elif q == "”":
                opener = text.rfind("“", ps, i)
                if (
                    _LETTER.match(nxt)
                    and prev not in "/\\([{-"  # voting/”membership”: a mark typed for “
                    and not prev.isspace()  # o ”contenido”: an opening mark, misshapen
                    and not _SUFFIX.match(text, i + 1)
                    and opener >= 0
                    and text.find("”", opener + 1, i) < 0  # (that quotation closed already)
                    and not (
                        identifiers.quote_suffix(
                            text, i, text[opener + 1 : i], _english(text, ctx, i)
                        )
                        and not _next_word(text, ctx, i)
                    )
                ):
                    yield Change(i + 1, i + 1, " ", "missing space after a closing quote")
            elif q == "‘":
                if _elided(text, i):
                    continue  # d‘Etat: a French article elided, its apostrophe mistyped
                if _turkish_ending(text, ctx, i):
                    continue  # Package Manager‘ı: Turkish's apostrophe before an ending, typed ‘
                close = text.find("’", i + 1, pe)
                if close > i + 2 and _closes_single(text, i, close):
                    yield Change(i, i, " ", "missing space before an opening quote")
            else:
                if _elided(text, i):
                    continue  # l’ambition, dell’anno: an elided article's apostrophe
                if _turkish_ending(text, ctx, i):
                    continue  # ‘Python’da yazılmış: a Turkish ending glued to the quotation
                if text[i + 1 : i + 3] == "l-" or _TRANSLITERATED.search(text, i - 1, i + 2):
                    continue  # ‘Abdu’l-Bahá, al-Arnā’ūṭ: a letter of transliterated Arabic
                opener = text.rfind("‘", ps, i)
                if opener >= 0 and i - opener > 2 and _closes_single(text, opener, i):
                    yield Change(i + 1, i + 1, " ", "missing space after a closing quote")


@code_rule("space-around-quotes")
def space_around_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if '"' in text:
        yield from _straight(text, ctx)
    if "“" in text or "”" in text or "‘" in text or "’" in text:
        yield from _curly(text, ctx)


_BACKTICK_APOS = re.compile(  # the mark first: a scan that starts with a lookbehind is slow
    r"[´`](?:(?<=n[´`])(?=t(?![\w@/]))|(?<=[A-Za-z][´`])(?=(?:s|ll|re|ve|d|m)(?![\w@/])))"
)


def _capitals_line(text: str, pos: int) -> bool:
    """Whether the line around ``pos`` is set in capitals (three words or more): a
    licence's disclaimer, whose words are quoted and copied as they stand."""
    ls, le = line_bounds(text, pos)
    line = text[ls:le]
    return line.isupper() and sum(w.isalpha() for w in line.split()) >= 3


# A quotation hugs its words: ``no'', never `` and '' (two marks named in passing).
_TEX = re.compile(r"``(?=[^`'\s])(?=[^`'\n]{1,300}'')([^`'\n]{1,300})(?<=[^`'\s])''")
_DOUBLE_SINGLE = re.compile(r"''(?<![\w']'')(?=[^'\n]{1,300}''(?![\w']))([^'\n]{1,300})''")
_STRAIGHT = re.compile('"')
# (not the first of two apostrophes: ''…'' is a pair of its own, counted below)
_SINGLE_STRAIGHT = re.compile(r"‘[^‘’'\n]{1,300}'(?![A-Za-z'])")
_DOUBLED_CLOSE = re.compile("’’")


def _half_protected(ctx: Context, start: int, end: int) -> bool:
    """Whether one of the two marks of the pair text[start:end] (two characters each) is
    protected: mending the other alone would leave the pair mismatched."""
    return ctx.protected(start, start + 2) or ctx.protected(end - 2, end)


# A TeX pair broken over two lines, which the pair pattern (one line) leaves as it is.
_TEX_BROKEN = re.compile(r"``(?=[^`'\s])[^`'\n]{1,200}\n[^`'\n]{0,200}''")


_LITERAL_SIGNS = re.compile(r"[=<>{}\"]")


def _tex_house_style(doc: str) -> bool:
    """Whether ``…'' is the document's own double quote: used at least HOUSE_STYLE times
    and more often than straight and curly pairs together (a plain text made from a TeX
    source). A stray one in a document that quotes otherwise is a slip to mend."""
    tex = len(_TEX.findall(doc))
    if tex and len(_GNU_SINGLE.findall(doc, 0, _GNU_SAMPLE)) >= _GNU_STYLE:
        return True  # `printf.def' throughout: GNU's plain-text quotes, ``Title'' with them
    if tex and (_TEX_BROKEN.search(doc) or protect.paginated(doc)):
        # a pair broken over two lines (``work in pro-⏎gress.''), which stays, or a
        # formatter's paginated output (an RFC's): the text's own quotes, all kept alike
        return True
    return tex >= HOUSE_STYLE and tex > doc.count('"') // 2 + doc.count("“")


# A single quotation set as GNU's plain-text documents set it: `word' (a backquote opens).
_GNU_SINGLE = re.compile(r"`(?=[^`'\s])[^`'\n]{1,80}(?<=[^`\s])'(?!')")
_GNU_STYLE = 10  # such quotations in the first _GNU_SAMPLE characters: the document's style
_GNU_SAMPLE = 100_000


def _tex_around(text: str, pos: int) -> bool:
    """Whether the text around ``pos`` quotes ``so'' three times or more, and more often
    than with other double quotes."""
    a, b = max(0, pos - evidence.WRITER_REACH), pos + evidence.WRITER_REACH
    tex = text.count("``", a, b)
    if tex < 3:
        return False
    others = text.count('"', a, b) // 2 + min(text.count("“", a, b), text.count("”", a, b))
    return tex > others


_BOOK_HABIT = 10  # ''…'' quotations in a long text's first megabyte that make its style


def _head_pairs(doc: str) -> int:
    from tidy.context import COLLECTION  # (late: the context module imports the rules)

    return _double_single_pairs(doc[:COLLECTION])


def _double_single_pairs(doc: str) -> int:
    """How many different ''…'' quotations the document holds. Counted so that repairs
    elsewhere leave the count as it was (the rule would act on a second run otherwise):
    the '' closing a TeX ``…'' pair is not the document's quote mark, and a quotation
    printed twice (in a title that another rule drops as a repeat) is one."""
    first = literal.find(doc, "``")
    if first < 0:
        return len(set(_DOUBLE_SINGLE.findall(doc)))
    # Both patterns stay within a line: the lines before the first `` are read as they
    # stand, and only the rest is copied with its TeX pairs made curly.
    ls = doc.rfind("\n", 0, first) + 1
    found = set(_DOUBLE_SINGLE.findall(doc, 0, ls))
    found.update(_DOUBLE_SINGLE.findall(_TEX.sub("“\\1”", doc[ls:])))
    return len(found)


def _line_has_one(text: str, pos: int, chars: str) -> bool:
    """The line around ``pos`` holds each of ``chars`` exactly once (so pairing is sure)."""
    s, e = line_bounds(text, pos)
    line = text[s:e]
    return all(line.count(c) == 1 for c in chars)


MIXED = "mixed"  # a document that quotes in both styles


_LEAD = 2  # pairs in one style for each pair in the other: the document's own style


def _dominant_style(doc: str) -> str | None:
    """The document's own double-quote style, read from its well-formed pairs (a broken
    pair shows no style): ``'"'`` or ``"“"`` for the style that leads two to one, ``MIXED``
    when both are in like use, None when the document has no pair to tell by."""
    straight = curly = 0
    for para in doc.split("\n\n"):  # (a split in C: far faster than a paragraph regex)
        n_straight, n_open, n_close = para.count('"'), para.count("“"), para.count("”")
        if not n_open and not n_close:
            straight += n_straight // 2  # one style only: its marks are counted, not paired
            continue
        if not n_straight:
            curly += min(n_open, n_close)
            continue
        for a, b in _quote_pairs(para, 0, len(para)) or ():
            if para[a] == para[b] == '"':
                straight += 1
            elif para[a] == "“" and para[b] == "”":
                curly += 1
    if straight >= _LEAD * curly and straight:
        return '"'
    if curly >= _LEAD * straight and curly:
        return "“"
    return MIXED if straight and curly else None


_DOUBLE_MARK = re.compile('["“”]')


def _quote_pairs(text: str, ps: int, pe: int) -> list[tuple[int, int]] | None:
    """The double-quote pairs of the paragraph text[ps:pe], each (opening, closing)
    position, straight and curly marks alike; None when an inch mark makes the pairing
    unsure.

    A straight mark with space before it opens, one with space or punctuation after it
    closes; one that could do either (``--" said``) takes the role that keeps the marks,
    curly ones included, paired."""
    pairs = []
    opened = -1
    for m in _DOUBLE_MARK.finditer(text, ps, pe):
        i = m.start()
        q = m.group()
        if q == '"':
            prev = text[i - 1] if i > ps else " "
            nxt = text[i + 1] if i + 1 < pe else " "
            if prev.isdigit() and opened < 0:
                return None  # 5'10": an inch mark
            opens = prev in _BEFORE_OPEN and nxt not in _AFTER_CLOSE
            closes = nxt in _AFTER_CLOSE and prev not in _BEFORE_OPEN
            if opens == closes:
                opens = opened < 0
        else:
            opens = q == "“"
        if opens:
            opened = i  # one opened before and never closed runs on (“It’s … —“no …”)
        elif opened >= 0:
            pairs.append((opened, i))
            opened = -1
        # a closing mark with nothing open is a stray: no pair
    return pairs  # a quotation left open runs on into the next paragraph


def _positions(text: str, mark: str, s: int, e: int) -> list[int]:
    out = []
    i = text.find(mark, s, e)
    while i >= 0:
        out.append(i)
        i = text.find(mark, i + 1, e)
    return out


def _mixed_pairs(text: str, ctx: Context) -> Iterator[Change]:
    """A quotation opened in one style and closed in the other is mended toward the
    document's own style when it has one (“No!" in a text that quotes with " becomes
    "No!"), and toward its opening mark's style otherwise."""
    # The style is read at the first pair in two styles, not before: most texts hold none,
    # and reading it is a pass over the whole text (or piece) for each rule's context.
    style: str | None = None
    read = False
    seen: set[int] = set()
    for m in ctx.finditer(_STRAIGHT):
        ps, pe = ctx.paragraph(m.start())
        if ps in seen:
            continue
        seen.add(ps)
        if text.find("“", ps, pe) < 0 and text.find("”", ps, pe) < 0:
            continue
        if _foreign_quotes(text, ps, pe):
            continue  # German „…“, right-to-left and CJK quoting
        for a, b in _quote_pairs(text, ps, pe) or ():
            if (text[a] == '"') == (text[b] == '"'):
                continue  # one style: nothing to mend
            if not read:
                style = evidence.read(ctx, "quote-style", _dominant_style)
                read = True
            if style == MIXED:
                return  # which style a broken pair meant cannot be told
            if language.convention_at(text, a, ctx) is None:
                continue  # quote conventions differ between languages (” ”, 「」); German
                # „ “ and right-to-left marks were left out with the paragraph above
            inner = text[a + 1 : b]
            if not inner.strip() or (text[a] == '"' and text[b - 1 : b].isdigit()):
                continue
            toward = style or ('"' if text[a] == '"' else "“")
            if toward == '"':
                i = a if text[a] != '"' else b
                yield Change(i, i + 1, '"', "quotation mark in the document's other style")
            elif text[a] == '"':
                yield Change(a, a + 1, "“", "quotation mark in the document's other style")
            else:
                yield Change(b, b + 1, "”", "curly quote closed by a straight one")


@code_rule("quote-pairs")
def quote_pairs(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    """Repair quotes that are plainly broken: mismatched pairs, TeX-style ``…'', doubled
    apostrophes used as a double quote, and accents used as apostrophes."""
    if "´" in text or "`" in text:
        for m in ctx.finditer(_BACKTICK_APOS):
            word = letters_before(text, m.start())
            if len(word) == 1 and word != "I":
                continue  # g`m: one letter is no word to contract (I´m is)
            if not is_technical(_token(text, m.start()).replace(m.group(), "'")):
                yield Change(m.start(), m.end(), "'", "accent used as an apostrophe")
    tex_closes: set[int] = set()
    if literal.contains(text, "``"):
        house = ctx.doc_memo("tex-house-style", _tex_house_style)
        style = None
        kept_lines: set[int] = set()  # lines where a pair stays: all their pairs stay
        found = list(ctx.finditer(_TEX))
        for m in found:
            tex_closes.add(m.end() - 2)
            if _half_protected(ctx, m.start(), m.end()):
                # one mark inside a literal (``visible'' … ``hidden''): both stay, and so
                # do the line's other pairs (``mailing'' and ``mailed'' to ``mail''), or
                # it would quote in two styles
                kept_lines.add(text.rfind("\n", 0, m.start()))
        for m in found:
            if house or _tex_around(text, m.start()):
                continue  # a text set from TeX quotes so throughout, or the piece around
                # the pair (one writer's essay in a collection): its style, not a slip
            if _capitals_line(text, m.start()):
                continue  # PROVIDED ``AS IS'' AND ANY EXPRESS …: a licence's words, verbatim
            if text[m.start() + 2 : m.end() - 2].isupper():
                continue  # PROVIDED ``AS IS'', a file titled ``LEGAL'': a licence's words
            if _LITERAL_SIGNS.search(text, m.start() + 2, m.end() - 2):
                continue  # ``message-id=<>'': a literal string, which a writer quotes so
                # to set it apart from the double quotes it may hold
            if text.rfind("\n", 0, m.start()) in kept_lines:
                continue
            if style is None:
                style = evidence.read(ctx, "quote-style", _dominant_style) or "“"
            # toward the document's own double quote: straight where it quotes so
            opening, closing = ('"', '"') if style == '"' else ("“", "”")
            yield Change(m.start(), m.start() + 2, opening, "TeX-style opening quote")
            yield Change(m.end() - 2, m.end(), closing, "TeX-style closing quote")
    # In Markdown and reST, ''…'' was typed by the writer (a lecture series that quotes so
    # a dozen times): their quote mark, not a scraper's.
    if ctx.mode == "plain" and literal.contains(text, "''"):
        pairs = ctx.doc_memo("double-single", _double_single_pairs)
        if pairs < 2 and ctx.piece is not None:
            # a long book read in pieces: a piece with one pair of a mark the book sets
            # a hundred times (Don Quijote's inner quotes) keeps it too
            head = ctx.doc_memo("double-single-head", _head_pairs)
            pairs = 2 if head >= _BOOK_HABIT else pairs
        # used more than once, '' is the document's own quote mark, and so it is where the
        # document quotes ``so'' throughout (a garbled line's ``'' unanständigen'' too)
        if (
            pairs < 2
            and not (
                literal.contains(text, "``")
                and ctx.doc_memo("tex-house-style", _tex_house_style)
            )
            and not evidence.is_wikitext(ctx)  # ''…'' sets italics there
        ):
            for m in ctx.finditer(_DOUBLE_SINGLE):
                if m.start() in tex_closes:
                    continue  # ``…'' closed by it: half of it is taken by the TeX pair
                if m.start() > 0 and text[m.start() - 1] in "=(,[":
                    continue  # password='', f('', x): an empty string in code
                if _half_protected(ctx, m.start(), m.end()):
                    continue  # (a pair is mended whole or not at all)
                if text[m.start() + 2 : m.end() - 2].isupper():
                    continue  # THE AUTHORS ''AS IS'' AND …: a licence's words, verbatim
                yield Change(m.start(), m.start() + 2, '"', "two apostrophes used as a quote")
                yield Change(m.end() - 2, m.end(), '"', "two apostrophes used as a quote")
    if literal.contains(text, "’’"):
        for m in ctx.finditer(_DOUBLED_CLOSE):
            if text[m.start() - 1 : m.start()] == "‘":
                continue  # ‘’ opens such a quotation: it is mended with its closer, below
            ps, _ = ctx.paragraph(m.start())
            opened = text.rfind("“", ps, m.start())
            pair_open = text.rfind("‘’", ps, m.start())
            if pair_open > opened and pair_open > text.rfind("’’", ps, m.start() - 1):
                # ‘’Bush was briefed,’’ the diplomat said: a quotation opened and closed
                # with two single marks, mended whole
                yield Change(pair_open, pair_open + 2, "“", "two single quotes opening a quote")
                yield Change(m.start(), m.end(), "”", "two single quotes closing a quote")
            elif opened > text.rfind("”", ps, m.start()):
                yield Change(m.start(), m.end(), "”", "two apostrophes closing a “ quote")
    if '"' in text and ("“" in text or "”" in text) and ctx.mode == "plain":
        # In Markdown and reST, straight quotes also serve markup (link titles, shortcode
        # and directive arguments), so a line's quotes cannot be paired with confidence.
        yield from _mixed_pairs(text, ctx)
    if "‘" in text and "'" in text and ctx.mode == "plain":
        found = ctx.doc_memo("single-mixed", _SINGLE_STRAIGHT.findall)
        if len(found) < HOUSE_STYLE:  # ‘…' throughout a document is its style, not a slip
            for m in ctx.finditer(_SINGLE_STRAIGHT):
                if _line_has_one(text, m.start(), "‘") and "’" not in m.group():
                    inner = m.group()[1:-1]
                    if "'" not in inner and len(inner) > 1:
                        yield Change(
                            m.end() - 1, m.end(), "’", "curly quote closed by a straight one"
                        )


_CURLY_ANY = re.compile("[“”„‘’‚]")
_STRAIGHT_DOUBLE = re.compile('"')
_INNER_APOS = re.compile(r"'(?<=[A-Za-z]')(?=[A-Za-z])")


@code_rule("straight-quotes")
def straight_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    table = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"}
    for m in ctx.finditer(_CURLY_ANY):
        yield Change(m.start(), m.end(), table[m.group()], "straight quote")


@code_rule("curly-quotes")
def curly_quotes(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    seen: set[int] = set()
    for m in ctx.finditer(_STRAIGHT_DOUBLE):
        ps, pe = ctx.paragraph(m.start())
        if ps in seen:
            continue
        seen.add(ps)
        for i, role in sorted(_straight_roles(text, ps, pe).items()):
            yield Change(i, i + 1, "“" if role == OPEN else "”", "typographic quote")
    for m in ctx.finditer(_INNER_APOS):
        yield Change(m.start(), m.end(), "’", "typographic apostrophe")
