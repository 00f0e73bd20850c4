"""Named checks that a regex rule's match must pass before it becomes an edit.

A rule file lists the guards it needs (``guards = ["prose-token"]``); each guard sees the
text, the match and the context, and returns True when the edit is safe to make.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from tidy import dotted, evidence, identifiers, language, lexicon, verdicts
from tidy.coderules.lines import line_bounds
from tidy.protect import LETTER, MAX_TOKEN, TLDS, WORD_TLDS, dotted_is_name, is_technical

if TYPE_CHECKING:
    from tidy.context import Context

Guard = Callable[[str, re.Match[str], "Context"], bool]
GUARDS: dict[str, Guard] = {}

_LATIN = re.compile(f"[{LETTER}]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_DOTTED = re.compile(r"[a-z0-9]\.[a-z]")
_LIST = re.compile(f"[{LETTER}]+(?:,[{LETTER}]+){{2,}}")


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


MAX_WORD = 64  # words are looked at this far at most, so long runs stay linear


def _word_before(text: str, pos: int) -> str:
    i = pos
    lo = max(0, pos - MAX_WORD)
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
        i -= 1
    return text[i:pos].lstrip("'’-")


def _word_after(text: str, pos: int) -> str:
    j = pos
    n = min(len(text), pos + MAX_WORD)
    while j < n and text[j].isalnum():
        j += 1
    return text[pos:j]


def _anchor(m: re.Match[str]) -> int:
    """Position of the punctuation the rule is about: group 'p' if present, else match start."""
    return m.start("p") if "p" in m.re.groupindex else m.start()


def _line(text: str, pos: int, ctx: Context | None = None) -> tuple[int, int]:
    return ctx.line(pos) if ctx is not None and text is ctx.text else line_bounds(text, pos)


def _repeated(text: str, ctx: Context, token: str) -> bool:
    """A glued pair that occurs more than once in a document is a name, not an accident."""
    if "." in token:
        return ctx.doc_memo("dotted-pairs", _dotted_pairs)[token] > 1
    return ctx.doc_memo(("count", token), lambda doc: doc.count(token)) > 1


# A web address's host name (the www. left out), in two literal-first scans: an
# alternation at the start would be tried at every position of the document.
_HOSTS = (
    re.compile(r"https?://(?:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"),
    re.compile(r"www\.([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"),
)


# Two lower-case words joined by a dot (hack.institute), found by the dot first.
_LOWER_PAIR = re.compile(r"\.(?<=[a-z]\.)(?=[a-z])")


def _lower_pairs(doc: str) -> frozenset[str]:
    """Every ``word.word`` the document writes in lower case (a bare domain, a module)."""
    found = set()
    for m in _LOWER_PAIR.finditer(doc):
        p = m.start()
        found.add(f"{_word_before(doc, p)}.{_word_after(doc, p + 1)}")
    return frozenset(found)


def _hosts(doc: str) -> frozenset[str]:
    """The host names of the document's web addresses, lower-cased."""
    return frozenset(h.lower() for rx in _HOSTS for h in rx.findall(doc))


_DOT_CAPITAL = re.compile(r"\.(?=[A-ZÀ-ÖØ-Þ])")
# The same full stop with the MAX_WORD characters before it (group 1, the stop included)
# and the word after it (group 2, as _word_after reads it), found in one literal-first
# scan: the regex engine builds the pieces, and a text that repeats a pair is counted
# without a Python step per pair.
_DOT_CAPITAL_AROUND = re.compile(
    rf"\.(?<=(?s:(.{{{MAX_WORD + 1}}})))(?=([A-ZÀ-ÖØ-Þ][^\W_]{{0,{MAX_WORD - 1}}}))"
)


def _dotted_pairs(text: str) -> Counter[str]:
    """Every ``word.Word`` pair of the document, counted."""
    found: Counter[str] = Counter()
    for m in _DOT_CAPITAL.finditer(text):
        p = m.start()
        if p >= MAX_WORD:
            break  # (the rest have MAX_WORD characters before them)
        found[f"{_word_before(text, p)}.{_word_after(text, p + 1)}"] += 1
    # ([^\W_] is what str.isalnum() accepts; group 1 holds all _word_before reads)
    for (before, right), n in Counter(_DOT_CAPITAL_AROUND.findall(text)).items():
        found[f"{_word_before(before, MAX_WORD)}.{right}"] += n
    return found


@guard("prose-token")
def prose_token(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The token around the match is prose, not a URL, path, address, code or data."""
    s, e = ctx.token(_anchor(m))
    if e - s > 2 * MAX_TOKEN or is_technical(text[s:e]):
        ctx.resume = e  # nothing else in this token is prose either
        return False
    return True


@guard("not-address")
def not_address(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The token around the match is no address, path or query: a number glued to its
    unit or its per cent sign is prose (4.2%in June), where prose-token would read the
    sign as a format's (%i)."""
    s, e = ctx.token(_anchor(m))
    return _ADDRESS_SIGNS.search(text, s, e) is None


_ADDRESS_SIGNS = re.compile(r"://|[/@=?&]|\bwww\.")


@guard("not-rtl")
def not_rtl(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The line is not right-to-left text, whose punctuation conventions differ."""
    s, e = _line(text, _anchor(m), ctx)
    return not ctx.memo(("rtl", s), lambda: _RTL.search(text, s, e) is not None)


# A name that a prefix and a comma qualify, as devicetree writes a vendor's properties
# and devices (arm,data-latency, fsl,imx6q): a hyphen or a digit in the name.
# (the comma first: a pattern that opens with a look-behind is tried at every position)
_PREFIXED_NAME = re.compile(r",(?<=[a-z0-9],)([a-z][a-z0-9]*[-\d][a-z0-9-]*)")
_PREFIX_NAMES = 3  # different names one prefix qualifies in a document to be a namespace


_SNAKE = re.compile(r"[a-z][a-z0-9]*_[a-z0-9_]+")
_GLUED_COMMA_IN = re.compile(r",(?=\S)")


def _settings_group(text: str, p: int, ctx: Context) -> bool:
    """Whether the comma at ``p`` stands in a bracketed group, on its line, that glues two
    commas or more and holds a snake_case name: a group of settings or arguments, whose
    commas are its own."""
    ls, le = ctx.line(p)
    a = text.rfind("(", ls, p)
    if a < 0 or text.find(")", a, p) >= 0:
        return False
    b = text.find(")", p, le)
    if b < 0 or _GLUED_COMMA_IN.findall(text, a, b)[1:2] == []:
        return False  # (one glued comma in an aside is a slip: *max_length* octets,ou)
    return _SNAKE.search(text, a, b) is not None


def _vendor_prefix(ctx: Context, left: str) -> bool:
    """Whether the document glues ``left`` and a comma to three different hyphenated or
    numbered names or more: a vendor prefix, not a word before a lost space."""
    return left in ctx.doc_memo("vendor-prefixes", _vendor_prefixes)


def _vendor_prefixes(doc: str) -> frozenset[str]:
    if "," not in doc or "-" not in doc:
        return frozenset()
    names: dict[str, set[str]] = {}
    for m in _PREFIXED_NAME.finditer(doc):
        i = j = m.start()
        while i > 0 and doc[i - 1].isalnum() and j - i < 40:
            i -= 1
        prefix = doc[i:j]
        if prefix[:1].islower() and not (i > 0 and doc[i - 1] in ",_"):
            names.setdefault(prefix, set()).add(m.group(1))
    return frozenset(k for k, v in names.items() if len(v) >= _PREFIX_NAMES)


# An option's hyphens before a word, at a line's start or after a space or a bracket.
_OPTION_BEFORE = re.compile(r"(?:^|(?<=[\s(\[]))--?|[\s(\[]--?", re.M)
# The second of two element symbols or locants, the name's hyphen after it (Zn-, N6-).
_LOCANT_PAIR = re.compile(r"[A-Z][a-z]?\d{0,2}-\w")


def _written_apart(ctx: Context, word: str, glued: str) -> bool:
    """Whether the document writes ``word`` as a word of its own, not glued by a comma to
    a letter on its ``glued`` side ("after" or "before"): elsewhere than in candidates."""

    def apart(doc: str) -> bool:
        edge = r"(?!,[^\W\d_])" if glued == "after" else r"(?<![^\W\d_],)"
        core = rf"(?<![^\W_]){re.escape(word)}(?![^\W_])"
        rx = re.compile(core + edge if glued == "after" else edge + core, re.I)
        return rx.search(doc) is not None

    return bool(ctx.doc_memo(("written-apart", word.lower(), glued), apart))


def _opens_a_sentence(word: str) -> bool:
    """Whether ``word`` is one that opens sentences (This, Ele, Jede) in a language tidy
    knows: no name of a class or a member."""
    low = word.lower()
    return low in lexicon.SENTENCE_STARTS or language.opener_anywhere(low)


def _lines_with(doc: str, left: str, right: str) -> bool:
    """Whether ``left:right`` occurs on two lines of ``doc`` that differ."""
    needle = f"{left}:{right}"
    first = None
    i = doc.find(needle)
    while i >= 0:
        ls = doc.rfind("\n", 0, i) + 1
        le = doc.find("\n", i)
        line = doc[ls : le if le >= 0 else len(doc)]
        if first is None:
            first = line
        elif line != first:
            return True
        i = doc.find(needle, i + len(needle))
    return False


def _namespaced(ctx: Context, name: str) -> bool:
    """Whether the document writes ``name::`` (a namespace, as C++, Ruby and Rust write
    one) at least twice."""
    return bool(ctx.doc_memo(("namespace", name), lambda doc: doc.count(f"{name}::") >= 2))


@guard("comma-words")
def comma_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A comma glued between words, not inside a list of values or a math pair."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if left.isalpha() and len(left) < 2:
        return False  # a,b  x,y
    if len(right) < 2 and right not in ("a", "A", "I") and not _one_letter_opener(text, p, ctx):
        return False  # (but reforma,y ahora: a one-letter word of the line's language)
    if f"{left},{right}".lower() in lexicon.COMMA_TERMS:
        return False
    if (
        left.isalpha()
        and right.islower()
        and lexicon.in_document(ctx, left + right)
        and not (_written_apart(ctx, left, "after") and _written_apart(ctx, right, "before"))
    ):
        return False  # requirem,ents beside requirements: a comma typed inside a word,
        # which a space would split in two (the repair is to delete it: not guessed; a
        # year,to beside a yearto lost elsewhere joins two words, and is repaired)
    if left.isdigit() and right.strip("x") == "":
        return False  # 0,xxx detik: a decimal comma, its digits left as placeholders
    if (
        len(left) <= 2
        and (left[:1].isupper() or left.isdigit())
        and _LOCANT_PAIR.match(text, p + 1)
    ):
        return False  # Cu,Zn-superoxide, 1,N6-etheno: a chemical name's symbols or locants
    if _settings_group(text, p, ctx):
        return False  # (data_type mxfp,act_data_type mxfp,bits 4): a group of settings
    if left.islower() and _vendor_prefix(ctx, left):
        return False  # fsp,enable-sdio beside fsp,enable-spi: a vendor's prefix on a
        # device's property names (devicetree), a namespace of its own
    if _KARYOTYPE.match(text, ctx.token(p)[0]):
        return False  # 46,XX,del(4)(q33): a karyotype, written without spaces
    if len(left) <= 3 and _SYMBOL_CASE.search(right):
        return False  # Kb,IVb: symbols paired, one cased as no word is (not Inside,VTune)
    if left.islower() and right.islower() and _OPTION_AFTER.match(text, p + 1 + len(right)):
        return False  # cp,mv --update: commands that an option follows
    if not left and text[p - 1 : p] in "\"'“‘" and (p < 2 or text[p - 2].isspace()):
        return False  # ",EDU, /COM,": a quoted value that opens with its comma
    if text[p - 1 : p] == ")" and _NUMBERED_ARC.match(text, p + 1):
        return False  # dod(6),internet(1): an object identifier's arcs
    s, e = ctx.token(p)
    token = text[s:e]
    for lm in _LIST.finditer(token):
        if lm.start() <= p - s <= lm.end() and lm.group().islower():
            return False  # ro,nodev,noexec: an option list
    if _DOTTED.search(token):
        return False  # auth,mail.info: names, not words
    if _scoped_labels(token):
        return False  # skip-changelog,review:general: labels, one with its scope
    ls, le = _line(text, p, ctx)
    if ctx.memo(("comma-list", ls), lambda: _GLUED_LIST.search(text, ls, le) is not None):
        return False  # use,module,export def,export env: the line writes its lists glued
    if ctx.memo(("csv-row", ls), lambda: _csv_rows(text, ls, le)):
        return False  # Ann Lee,42,Oslo,nurse⏎Bo Ek,37,Bergen,pilot: comma-separated records
    # (the quotes are looked for no further than the verdict memo keys: verdicts.READS)
    qs = text.rfind('"', max(ls, s - verdicts.BEFORE), p)
    if qs >= 0 and (qs == ls or text[qs - 1] in " ([") and text[qs + 1 : qs + 2].isalnum():
        qe = text.find('"', p, min(le, e + verdicts.AFTER))
        if qe >= 0 and _csv_like(text, qs + 1, qe):
            return False  # "Albert Einstein,March 14 1879,Ulm,…": a quoted record
        if qe >= 0 and _quoted_values(text[qs + 1 : qe]):
            return False  # e.g. "Country 1,Country 2": a value's own syntax, quoted
    if _inside_brackets(text, s, p, e):
        return False  # f(foo,bar) {a,b} [x,y]
    if _SIGNATURE_OPEN.search(text, max(ls, p - 120), p):
        return False  # SetImage(const unsigned char* imagedata,int: a signature's parameters
    if _OPTION_VALUE_BEFORE.search(text, max(ls, s - 40), s):
        return False  # --layout wide,MAXWIDTH: an option's value, written as the tool reads it
    values = _VALUE_TUPLE.fullmatch(token.strip("[]()*`:.;"))
    if values and any(v.isdigit() for v in values.group().split(",")):
        return False  # 0,0,xmax,ymax: a tuple of values, numbers among them
    listed = _NAME_LIST.fullmatch(token.strip("[]()*`:.;"))
    names = listed.group().split(",") if listed else []
    named = len(names) >= 3 and (
        any(map(identifiers.code_word, names)) or identifiers.technical(ctx)
    )
    if named or (listed and token[-1] == ":" and listed.group().islower()):
        return False  # PartialEq,Eq,Hash,Debug; [rc,sync: …]: names listed as code lists them
    if token[:1] in "\"“'" and p - s == len(left) + 1 and identifiers.code_word(left):
        return False  # "GetProcPSSnapIn01,This is …": a quoted value that opens with a name
    if s - ls < 80 and len(text[ls:s].split()) <= 6 and _OPTIONS_BEFORE.fullmatch(text, ls, s):
        return False  # latex2html -html_version 4.0,table -split 0: a command's argument
        # (a few words in: `dpkg --verify and debsums are …,for` is a sentence about one)
    before = text[max(0, s - 12) : s].lower()
    if before.endswith(("example: ", "example:\u00a0")):
        return False  # example: root,admin
    # in the form of "latitude,longitude", in Form von »Breitengrad,Längengrad«: a value's
    # notation, quoted after the words that name it
    return not (token[:1] in _OPENING_MARKS and _FORM_NAMED.search(text, max(ls, s - 40), s))


# An option after a word: ` --update`, ` -f`.
_OPTION_AFTER = re.compile(r" --?[a-z]")
# An object identifier's arc: a name and its number (`internet(1)`).
_NUMBERED_ARC = re.compile(r"[a-z][\w-]*\(\d+\)")
# Letters cased as no word is (`IVb`, `kMax`; not an acronym's plural, `APIs`, nor a
# Scottish or Irish name, `McLeod`).
_SYMBOL_CASE = re.compile(r"[A-Z]{2,}(?:[a-rt-z]|s[a-z])|(?<!\bM)(?<!\bMa)[a-z][A-Z]")


# Lower-case labels or keys glued by commas, at least one with a scope (`area:docs`).
_SCOPED_LABELS = re.compile(
    r"(?=\S*[a-z]:[a-z])[a-z][\w-]*(?::[a-z][\w-]*)?(?:,[a-z][\w-]*(?::[a-z][\w-]*)?)+"
)


def _scoped_labels(token: str) -> bool:
    """Whether ``token`` is lower-case labels glued by commas, one with its scope after a
    colon (``skip-changelog,review:general``, as a bot lists a pull request's labels)."""
    if ":" not in token or "," not in token:
        return False
    return _SCOPED_LABELS.fullmatch(token.rstrip(".;")) is not None


# A line up to a token: a lower-case program name, then words with an option among them.
_OPTIONS_BEFORE = re.compile(r"[ \t]*[a-z][\w.-]* (?:[^ \n]+ )*?--?[a-z][\w-]* (?:[^ \n]+ )*")
# Names glued by commas, a token of nothing else: PartialEq,Eq,Hash,Debug or rc,sync.
_NAME_LIST = re.compile(r"[A-Za-z][\w-]*(?:,[A-Za-z][\w-]*)+")
# A call or declaration still open before a comma, its parameters typed as C types them.
_SIGNATURE_OPEN = re.compile(
    r"[A-Za-z_]\w*\([^()\n]*?(?:\b(?:const|unsigned|signed|int|char|void|float|double|bool"
    r"|long|short|size_t|struct)\b[^()\n]*|\w\*[^()\n]*)$"
)
# A command-line option just before a token: its value follows (`--layout wide,MAX`).
_OPTION_VALUE_BEFORE = re.compile(r"(?:^|\s)--?[a-z][\w-]*[ =]$")
# Four values or more glued by commas (coordinates, arguments: 0,0,xmax,ymax).
_VALUE_TUPLE = re.compile(r"[\w.+-]+(?:,[\w.+-]+){3,}")
# Three lower-case words glued by two commas: a list written without spaces
# (env,let-env,rm), as the comma-words guard reads one within a token.
_GLUED_LIST = re.compile(r",(?<=[a-z],)[a-z][\w-]*,[a-z]")


# A comma glued to what follows, not one inside a number (50,000); between digits that
# are no digit group it parts fields too (10.10.10.0,10.10.10.10: two addresses).
_FIELD_COMMA = re.compile(r",(?=[^\s,\d])|,(?<=\D,)(?=\d)|,(?<=\d,)(?!\d{3}(?!\d))(?=\d)")


def _csv_like(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] glues three commas or more and spaces none, nor ends a
    sentence inside: a record of comma-separated values, not prose that lost its spaces."""
    if text.find(", ", start, end) >= 0 or text.find(". ", start, end) >= 0:
        return False
    return len(list(islice(_FIELD_COMMA.finditer(text, start, end), 3))) == 3


# A value of a list written as a setting: a name in capitals or a number, in up to three
# words (IT Services, Country 1).
_VALUE = re.compile(r"(?:[A-Z][\w-]*|\d[\w.-]*)(?: (?:[A-Z][\w-]*|\d[\w.-]*)){0,2}")


def _quoted_values(quoted: str) -> bool:
    """Whether a quotation holds values glued by commas (``Country 1,Country 2``,
    ``IT Services,Cloud Services``): a setting's syntax shown as it is typed, not speech
    that lost a space (``"We came,and we saw"``)."""
    pieces = quoted.split(",")
    return len(pieces) > 1 and all(_VALUE.fullmatch(x) for x in pieces)


def _csv_rows(text: str, ls: int, le: int) -> bool:
    """Whether the line [ls, le) and the nearest line above or below it (across one blank
    line: Markdown sets records apart so that each renders on its own line) are records of
    the same number of comma-separated values (one line alone may be a sentence that lost
    every space after its commas)."""
    if not _csv_like(text, ls, le):
        return False
    n = text.count(",", ls, le)
    for a, b in (_line_above(text, ls), _line_below(text, le)):
        if a >= 0 and text.count(",", a, b) == n and _csv_like(text, a, b):
            return True
    return False


def _line_above(text: str, ls: int) -> tuple[int, int]:
    """The bounds of the line above the one at ``ls``, or past one blank line above it."""
    if ls == 0:
        return -1, -1
    b = ls - 1
    a = text.rfind("\n", 0, b) + 1
    if not text[a:b].strip() and a > 0:
        b = a - 1
        a = text.rfind("\n", 0, b) + 1
    return a, b


def _line_below(text: str, le: int) -> tuple[int, int]:
    """The bounds of the line below the one ending at ``le``, or past one blank line."""
    if le >= len(text):
        return -1, -1
    a = le + 1
    b = text.find("\n", a)
    b = len(text) if b < 0 else b
    if not text[a:b].strip() and b < len(text):
        a = b + 1
        b = text.find("\n", a)
        b = len(text) if b < 0 else b
    return a, b


def _inside_brackets(text: str, s: int, p: int, e: int) -> bool:
    """Whether position ``p`` of the token text[s:e] sits inside a bracket pair."""
    depth = 0
    for c in text[s:p]:
        if c in "([{":
            depth += 1
        elif c in ")]}" and depth:
            depth -= 1
    return depth > 0 and any(c in ")]}" for c in text[p:e])


_NOT_IN_NAME = re.compile(r"[/\\=_{}<>|~^*#`$]")
_WILDCARD = re.compile(r"[A-Za-z0-9]\?[0-9]")  # a ? standing for a character or digit


# Two-letter English words that may end or start a sentence capitalised ("Just Do It.",
# "No.", "It was", "Mr Brown"; other languages' openers, "Au passage", are asked of language.py).
_TWO_LETTER_WORDS = frozenset(
    "am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ye"
    " mr ms mx dr st mt".split()
)


# `NET` after the stop: the name `.NET`, glued to the word before it (`the.NET toolbox`)
_DOT_NET = re.compile(r"NET\b")
# What may stand before a term that opens its line: indentation and a list marker.
_TERM_LINE = re.compile(r"[ \t]*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?")


_MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_YEAR_AFTER = re.compile(r"\.? ?\(?\d{4}\)?")


# What follows the second word of a legal citation: its own stop and a number, a section
# sign after one more word, or another such pair (`Civ.Proc. 19`, `Penal Code §§ 12`,
# `Rule Civ.Proc. 19`).
_CITATION_AFTER = re.compile(r"\. ?\d|(?: [A-Z][a-z]*\.?)? ?§| [A-Z][a-z]{1,4}\.[A-Z][a-z]*\. ?\d")
# An issue's reference, linked, right after a word: ` [[GH-11983](…)]`, ` [#12](…)`.
_LINK_AFTER = re.compile(r" \[\[?(?:GH-|#)\d+\]\(")
# What may stand before a token alone on its line: indentation and a list item's marker.
_ALONE_ON_LINE = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?")


@guard("sentence-end")
def sentence_end(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A full stop glued to the next sentence, not an abbreviation, initial or dotted name."""
    p = _anchor(m)
    s, e = ctx.token(p)
    if e - s > 2 * MAX_TOKEN:
        ctx.resume = e  # far too long for prose: code, data or debris
        return False
    if _NOT_IN_NAME.search(text, s, e) or "@" in text[p:e]:
        return False  # a path, code, or the local part of an e-mail address
    if _WILDCARD.search(text, s, p):
        return False  # INDEX?00.GUT: a file name pattern
    if text.count(".", p + 1, e - 1) >= 2:
        return False  # 26.Vendor-Id.Vendor-Type.TLV1: a dotted chain names one thing
    if _PACKAGE_PREFIX.match(text, s, p):
        return False  # base:Data.Char: a module qualified by its package
    if text[s] == "." and text[s + 1 : s + 2].isalpha():
        return False  # .note.GNU-stack, .gitignore.Old: a dot-name, not a sentence's end
    if text[p - 1 : p] == "-" or _DOT_NET.match(text, p + 1):
        return False  # pre-.NET, the.NET: the stop opens a name (a space before it was lost)
    if identifiers.quoted_literal(text, s, e):
        return False  # ".SH", "Help.Overview": a literal being mentioned
    if text[s] == "(" and (text[e - 1 : e] == ")" or text[e - 2 : e] in ("),", ").", ");")):
        return False  # (Python.File): a name in brackets, not two sentences
    if (
        _ADDRESS_BEFORE.search(text, max(0, s - 8), s)
        and _word_after(text, p + 1).lower() in WORD_TLDS
    ):
        return False  # at Anvil.Works: a site's address (but at Heathrow.Police: a slip)
    if text[e - 1] == ":" and _TERM_LINE.fullmatch(text, text.rfind("\n", 0, s) + 1, s):
        return False  # "* parts.Contents: Generates a table": a dotted name being defined
    right = _word_after(text, p + 1)
    if not right.isalpha() or (
        len(right) < 2 and right not in ("I", "A") and not _one_letter_opener(text, p, ctx)
    ):
        return False
    if any(c.isupper() for c in right[1:]) and not right.isupper():
        return False  # lang.FormatCurrency: an identifier, not a sentence start
    if (
        len(right) <= 5
        and e == p + 1 + len(right)
        and text[e : e + 1] in ("\n", "\r", "")
        and _ALONE_ON_LINE.fullmatch(text, _line(text, p, ctx)[0], s)
    ):
        return False  # "- 03-method.Rmd": a file's name alone on its line or list item,
        # no two sentences
    left = _word_before(text, p)
    if right == "A" and not (left.isalpha() and len(left) > 1 and left[1:].islower()):
        return False  # Table 1.A, Plan.A, U.S.A: a label, not "A" starting a sentence
    if right == "A" and _VOWEL_WORD.match(text, p + 2):
        return False  # Rbf.A array: English sets "An" before a vowel, so no article
    if not left:
        if text[p - 1 : p] == ")" and "(" in text[s:p]:
            return False  # require('buffer').Buffer: a call and its member
        if text[p - 1 : p] in "\"'“‘" and (p < 2 or text[p - 2].isspace()):
            return False  # ".Unwrap() error": an opening quote, then a member's name
        return text[p - 1 : p] in '%)"”’0123456789'
    if left.lower() in lexicon.ABBREVIATIONS:
        return False
    if (
        left[:1].isupper()
        and left[1:].islower()
        and len(left) <= 4
        and len(right) <= 5
        and right.lower() not in lexicon.SENTENCE_STARTS
        and _CITATION_AFTER.match(text, p + 1 + len(right))
    ):
        return False  # Cal.Penal Code §§ 12, Civ.Proc. 19: a reporter's or a code's
        # abbreviations, written closed up as legal citations write them
    if left.islower() and _LINK_AFTER.match(text, p + 1 + len(right)):
        return False  # "prevent leaks from time.After [[GH-11983](…)]": a one-word
        # "sentence" that an issue's link follows at once is a name (a change log's)
    q = p - len(left) - 1  # (an opening quote or bracket just before the word)
    if (
        left.islower()
        and q >= 0
        and text[q] in "\"“["
        and (q == 0 or text[q - 1] in " \t\n([")
        and right.lower() not in lexicon.SENTENCE_STARTS
    ):
        return False  # "cli.Arg silently drops…": a quotation opens on a member's name (no
        # quoted sentence is one lower-case word long)
    if (
        len(left) == 2
        and left.istitle()
        and left.lower() not in _TWO_LETTER_WORDS
        and right.lower() not in lexicon.SENTENCE_STARTS
    ) or (
        len(right) == 2
        and left[:1].isupper()
        and right.istitle()
        and right.lower() not in _TWO_LETTER_WORDS
        and not language.opener_anywhere(right.lower())
    ):
        return False  # Py.Amsterdam, Node.Js: a name's parts, no sentence's end and start
    chain_before = (
        p - len(left) >= 2 and text[p - len(left) - 1] == "." and text[p - len(left) - 2].isalnum()
    )
    after = p + 1 + len(right)
    chain_after = text[after : after + 1] == "." and text[after + 1 : after + 2].isalnum()
    last = left.rsplit("-", 1)[-1]  # (Porto-V.Guimarães: the initial after the hyphen,
    # but License-C.During: a label, then a sentence)
    if last != left and right.lower() in identifiers.SENTENCE_WORDS:
        last = left
    if len(last) == 1 and last.isalpha():
        # initials (J.R.R., U.S.) — a lone lower-case letter may end a sentence (and c.Next)
        if last.isupper() or chain_before:
            return False
    if (
        left.isdigit()
        and right in _MONTH_ABBREVIATIONS
        and _YEAR_AFTER.match(text, p + 1 + len(right))
    ):
        return False  # Research 11.Jun (2010): 1803: a volume and its issue, as a citation
        # export writes them
    if left.isdigit() and chain_before and right.isupper() and len(right) > 1:
        return False  # 1.0.2.RELEASE, 3.1.GA: a version and its qualifier
    if (
        len(left) == 2
        and left.isdigit()
        and not text[_line(text, p, ctx)[0] : p - 2].strip()
        and ctx.doc_memo("one-digit-items", _one_digit_items)
    ):
        return False  # "10.More rooms" below "1. Passing the tiger": a numbered heading
        # closed up to keep its words in the column of the one-digit ones above
    if left[:1].isdigit():
        boundary = not chain_after and (left.isdigit() or not chain_before or left[-1].isalpha())
    elif chain_before:
        prev_label = _word_before(text, p - len(left) - 1)
        if left.islower() and left in TLDS and not chain_after:
            boundary = True  # www.gov.uk.It has: a sentence starts after the domain
        else:
            boundary = not (prev_label and left.isalpha()) and not dotted_is_name(
                left, right, chain_before, chain_after
            )  # xml.sax.DeclHandler, Halo.Bungie.Org
    else:
        boundary = not dotted_is_name(left, right, chain_before, chain_after)
    # Bagle.Worm, Python.File: a capitalised glued pair the document repeats is a name; in
    # documentation (Markdown, reST) so is resources.Minify. In plain text a lower-case
    # pair, said.The, is the kind of damage a long article repeats.
    names_likely = left[:1].isupper() or ctx.mode != "plain"
    if right.lower() in lexicon.SENTENCE_STARTS:
        names_likely = False  # services.This: no name ends in a word like "This"
    if not boundary or (names_likely and _repeated(text, ctx, f"{left}.{right}")):
        return False
    pair = f"{left}.{right}".lower()
    if pair in ctx.doc_memo("hosts", _hosts) or pair in ctx.doc_memo("lower-pairs", _lower_pairs):
        return False  # Rust.Tokyo beside https://rust.tokyo/, hack.Institute beside
        # hack.institute: a name its site spells
    if (
        left in _CODE_NAMESPACES
        and right[:1].isupper()
        and right.lower() not in lexicon.SENTENCE_STARTS
    ):
        return False  # Intl.Segmenter, Temporal.Duration, Math.PI: a standard library's class
    if _INNER_CAPITAL.search(left) and right.istitle() and text[after : after + 1] == ",":
        return False  # MotionLab.Berlin, Halle 20: a venue's name, listed
    if (
        ctx.mode == "markdown"
        and left.istitle()
        and right.istitle()
        and right.lower() not in lexicon.SENTENCE_STARTS
        and _LOWER_WORD_AFTER.match(text, after)
        and identifiers.technical(ctx)
        and len(ctx.doc_memo("title-members", _title_members).get(left, ())) >= 2
    ):
        return False  # a Temporal.Calendar wouldn't … Temporal.Instant: a namespace's
        # classes, named in technical Markdown, the sentence running on after one
    if left.lower() in _NEVER_ENDS:
        return False  # BGCP's My.Future initiative: no sentence ends on an article or a
        # possessive, so the dot is a name's
    if _CREDIT_ENDS_LINE.match(text, after) and identifiers.technical(ctx):
        return False  # "implements billy.File (Saleh Dindar)": a change log's entry that ends
        # on the name and its author's credit; no sentence is one word long
    if right in _FILE_NAMES:
        return False  # sync-server.Dockerfile: a file named for its tool, not a sentence
    if _DISGUISED_AT.match(text, after):
        return False  # Ross.Mounce (at) Gmail: an address's local part, written so that
        # harvesters miss it
    if (
        right.lower() not in lexicon.SENTENCE_STARTS
        and _LOWER_WORD_AFTER.match(text, after)
        and _ARTICLE_ALONE.search(text, max(0, p - len(left) - 40), p - len(left))
    ):
        return False  # "* The distributed.Client requires": an article and one word make
        # no sentence; the pair is one name, and the sentence runs on after it
    # time.MONOTONIC, inspect.Signature, Major.Minor, 1.XX, obj.Method(), "Help.Overview"
    return not dotted.dotted_name(text, p, left, right, ctx)


# A credit in brackets that ends its line (a change log's author: ` (Leo Luan)`).
_CREDIT_ENDS_LINE = re.compile(r" \([A-Z][^()\n]{0,60}\)[ \t]*(?:\r?\n|\Z)")
# Files named for the tool that reads them, which a prefix may qualify (web.Dockerfile).
_FILE_NAMES = frozenset(
    """Dockerfile Containerfile Makefile Gemfile Rakefile Procfile Vagrantfile Jenkinsfile
    Brewfile Podfile Justfile Earthfile Pipfile Snakefile Caddyfile Tiltfile""".split()
)
# Words no English sentence ends on: articles and possessive determiners.
_NEVER_ENDS = frozenset("the a my your our their its".split())  # (not "an": German ends on it)
_ONE_DIGIT_ITEM = re.compile(r"^[ \t]*[1-9]\. [A-Z]", re.M)


def _one_digit_items(doc: str) -> bool:
    """Whether the document numbers lines `1. Word`: a list or a table of contents whose
    two-digit numbers may close up to keep the column."""
    return sum(1 for _ in islice(_ONE_DIGIT_ITEM.finditer(doc), 3)) >= 3


# The "at" of an address spelt out so that harvesters miss it: ` (at) `, ` [at] `.
_DISGUISED_AT = re.compile(r" ?[(\[{<](?:at|AT)[)\]}>] ")
# An article that opens a line (after a list marker) or a sentence, just before a token
# (or a list item's marker and at most one word: `- Boost.Python and Pyste`,
# `5. sorting result.Issues implementation`, `- Ensure window.Image can be stubbed`).
_ARTICLE_ALONE = re.compile(
    r"(?:(?:^|\n)[ \t]*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?|[.!?] )(?:The|An?) $"
    r"|(?:^|\n)[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?:[A-Za-z][a-z]* )?$"
)


_TITLE_MEMBER = re.compile(r"\b([A-Z][a-z]+)\.([A-Z][A-Za-z]+)")


def _title_members(doc: str) -> dict[str, set[str]]:
    """Each capitalised word the document glues a capitalised name to with a dot, and the
    names (Temporal: Calendar, Instant)."""
    found: dict[str, set[str]] = {}
    for m in _TITLE_MEMBER.finditer(doc):
        found.setdefault(m.group(1), set()).add(m.group(2))
    return found


# "at" or "visit" just before a token: what follows is a place, or a site's address.
_ADDRESS_BEFORE = re.compile(r"\b(?:at|visit|visiting)\s+$")

# A package's name glued by a colon before a dotted module name (base:Data.Char).
_PACKAGE_PREFIX = re.compile(r"[a-z][\w-]*:[A-Z]\w*$")
# Namespaces of standard libraries whose classes and constants prose names (JavaScript's
# globals): Intl.Segmenter, Temporal.Duration, Math.PI.
_CODE_NAMESPACES = frozenset(
    """Intl Temporal Math JSON Reflect Atomics WebAssembly Promise Symbol Number Object Array
    React ReactDOM Unity UnityEngine""".split()
)
# A capital inside a word (MotionLab): a name's, not a sentence's last word.
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
# A lower-case word after a space (or an apostrophe's ending): the sentence runs on.
_LOWER_WORD_AFTER = re.compile(r"(?:'s)? [a-z]")
# " = 400:600" after a token: the token names a ratio.
_EQUALS_RATIO = re.compile(r"\s*=\s*\d+(?:\.\d+)?:\d")
# A ratio named next to the words it sets against each other
_RATIO_AFTER = re.compile(r" ratios?\b")
_RATIO_BEFORE = re.compile(r"\bratios? (?:of |between )?\Z")
# A format named just before a colon pair: the pair is the format's notation
_FORMAT_BEFORE = re.compile(r"\b[Ff]ormats?\b[^.\n]{0,30}\Z")
# Words that name a notation just before it is given (English, German, French, Spanish,
# Portuguese, Italian, Dutch).
_FORM_NAMED = re.compile(
    r"(?i:\bformats?|\bform of|\bForm von|\bsous la forme|\bforme de|\bformato|\bforma de"
    r"|\bin de vorm van|\bsyntax)\W{0,3}\Z"
)
_OPENING_MARKS = "\"“„«»‘'"
_COLON_PAIR = re.compile(r":(?<=[a-z]:)([A-Za-z]\w*)")


def _prefix_listed(text: str, p: int, left: str, ctx: Context) -> bool:
    """Whether the line glues ``left:`` to a word at least twice (``class:VCPU, class:PCPU``);
    the line's prefixes are counted once, however many colons it holds."""
    return _prefix_count(text, p, left, ctx) > 1


def _prefix_count(text: str, p: int, left: str, ctx: Context) -> int:
    """How often the line of ``p`` glues ``left:`` to a word."""
    return _line_prefixes(text, p, ctx)[left]


def _line_prefixes(text: str, p: int, ctx: Context) -> Counter[str]:
    """How often the line of ``p`` glues each word by a colon to a word after it."""
    ls, le = _line(text, p, ctx)
    return ctx.memo(  # type: ignore[no-any-return]
        ("colon-prefix-counts", ls, le), lambda: _glued_prefixes(text, ls, le)
    )


def _label_of(left: str) -> Callable[[str], bool]:
    """Whether a document glues ``left:`` to a word three times or more and never sets it
    spaced: a course code's or a series' own prefix, not a slip repeated by chance."""

    def glued_only(doc: str) -> bool:
        glued = 0
        for m in re.finditer(rf"(?<!\w){re.escape(left)}:(\S?)", doc):
            if not m.group(1):
                return False  # NOC: Deep Learning somewhere: the spaced form is the style
            glued += 1
        return glued >= 3

    return glued_only


# A list item opened by a lower-case key glued to what follows (`* bugfix:HTTP: …`).
_ITEM_KEY = re.compile(r"^[ \t]*[-*+] ([a-z][\w-]*):(\S)?", re.M)
_ITEM_KEYS = 3  # items so keyed, glued, before the document counts as a keyed changelog


def _keyed_items(doc: str) -> bool:
    """Whether a document opens list items with a glued ``key:`` three times or more, and
    more often than with a spaced one: a changelog's entry types (`* api-change:`, `*
    bugfix:HTTP:`), where a glued key is the format, not a slip."""
    glued = spaced = 0
    for m in _ITEM_KEY.finditer(doc):
        if m.group(2):
            glued += 1
        else:
            spaced += 1
    return glued >= _ITEM_KEYS and glued > spaced


def _item_key(text: str, p: int, left: str) -> bool:
    """Whether the colon at ``p`` ends the key that opens a list item."""
    ls = text.rfind("\n", 0, p) + 1
    m = _ITEM_KEY.match(text, ls)
    return m is not None and m.end(1) == p and m.group(1) == left


_SETTINGS = 3  # lower-case keys glued to their values on one line: a line of settings
_SETTINGS_LINE = 200  # no longer than this: a record, not a paragraph that lost its spaces


def _settings_line(text: str, p: int, ctx: Context) -> bool:
    """Whether the short line of ``p`` glues three lower-case keys or more to values
    (`bar:Smith from:01/01/1996 till:end`)."""
    ls, le = _line(text, p, ctx)
    if le - ls > _SETTINGS_LINE:
        return False
    return sum(1 for _ in islice(_SETTING.finditer(text, ls, le), _SETTINGS)) >= _SETTINGS


_SETTING = re.compile(r"(?<![\w:])[a-z][a-z_-]*:(?=[^\s:])")
# Number words, which a spoken time sets on either side of its colon.
_NUMBER_WORDS = frozenset(
    """zero oh one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty""".split()
)
# MediaWiki's namespaces, which its links and exports glue to a page's name; those that
# are ordinary words too (Image:Standard poodle, a caption) only in a wiki's text.
_WIKI_NAMESPACES = frozenset(
    """Category File Image Template Module Portal Help Wikipedia User Talk Special Draft
    MediaWiki Media Commons Wiktionary Wikt WP
    Catégorie Fichier Modèle Portail Aide Utilisateur Spécial Projet
    Kategorie Datei Bild Vorlage Hilfe Benutzer Spezial
    Categoría Archivo Plantilla Ayuda Usuario Especial
    Categoria Immagine Aiuto Utente Speciale""".split()
)
# The namespaces of media files, in the languages above.
_FILE_NAMESPACES = frozenset("File Image Fichier Datei Bild Archivo Immagine".split())
# A media file's title after File: or Image: (Wikimedia Commons credits them so).
_FILE_TITLE = re.compile(r"[^\n\"|\]]{1,120}?\.(?i:png|jpe?g|gif|svg|tiff?|webm|ogg|pdf)\b")
_WIKI_ONLY = frozenset("Category Template Wikipedia MediaWiki Wiktionary Wikt WP".split())


def _wiki_document(ctx: Context) -> bool:
    """Whether the document is a wiki's text: it files itself in a category."""
    return ctx.doc_memo("wiki", _files_itself)  # type: ignore[no-any-return]


def _files_itself(doc: str) -> bool:
    return any(f"{name}:" in doc for name in ("Category", "Catégorie", "Kategorie", "Categoría"))


_GLUED_PREFIX = re.compile(r":(?<=[A-Za-z]:)(?=[A-Za-z])")


def _glued_prefixes(text: str, ls: int, le: int) -> Counter[str]:
    """How often each word is glued by a colon to a word after it on the line [ls, le)."""
    found: Counter[str] = Counter()
    for m in _GLUED_PREFIX.finditer(text, ls, le):
        found[_word_before(text, m.start())] += 1
    return found


def _namespace(ctx: Context, left: str) -> bool:
    """Whether the document glues ``left:`` to two or more different names, one of them
    lower-case, and holds code: a namespace prefix (toot:Emoji, toot:featured)."""
    # (The colon's dotted._package, with its own scan: a colon pair counts only as a term
    # set apart, and a member in lower case, not one shaped as code, marks the prefix.)
    if not identifiers.technical(ctx):
        return False
    names = ctx.doc_memo("colon-prefixes", _colon_prefixes).get(left, ())
    # (mixed cases, as vocabularies name types and properties; not folgt:Das, folgt:Die)
    return len(names) > 1 and any(n[:1].islower() for n in names)


def _colon_prefixes(doc: str) -> dict[str, set[str]]:
    """The names each prefix is glued to where a pair is set apart as a term: opening its
    line or list item (`- toot:Emoji`), or in backticks. Not in running text, where lost
    spaces glue words alike (`highest point:Tuwayyir`, `point:sea`): a fact the damage
    could make would not survive its repair, and a second run would judge otherwise."""
    found: dict[str, set[str]] = {}
    for m in _COLON_PAIR.finditer(doc):
        left = _word_before(doc, m.start())
        ls = m.start() - len(left)
        if doc[ls - 1 : ls] != "`":
            # (a term opens its line after at most a little indentation and a marker)
            lo = max(0, ls - _TERM_MAX)
            line = doc.rfind("\n", lo, ls) + 1
            if (line == 0 and lo > 0) or not _TERM_START.fullmatch(doc, line, ls):
                continue
        found.setdefault(left, set()).add(m.group(1))
    return found


# What may stand before a term that opens its line: indentation and a list marker.
_TERM_START = re.compile(r"[ \t]*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?")
_TERM_MAX = 40  # longer than any indentation and marker it allows that prose has


# The marks before a Markdown heading's first word.
_HEADING_START = re.compile(r" {0,3}#{1,6}[ \t]+")


# Case endings Finnish and Swedish join with a colon to an abbreviation, a number or a
# name (`LLM:ien`, `GPU:lla`, `CoT:sta`, `USA:s`, `EU:ssa`); those that are also English
# words count only on a line with a Finnish or Swedish letter (`HTML:a` lost its space).
_CASE_ENDINGS = frozenset(
    """a ä aa ää ee ii oo uu yy öö ia iä ja jä na nä ta tä n s t in it en et er ar ens ets
    ssa ssä sta stä lla llä lta ltä lle ksi ke iin ien ihin ine ineen ina inä issa issä
    ista istä illa illä ilta iltä ille iksi han hen hin hon hun hyn hön seen sen ssakin
    llakin kin kaan kään ltäkin lläkin aan ään een iin oon uun yyn öön erna arna orna
    ernas arnas ornas""".split()
)
_ENGLISH_ENDINGS = frozenset("a in it en et er ar ens han hen hin hon hun".split())
_NORDIC_LETTER = re.compile("[äöåæøÄÖÅÆØ]")  # a line in a Nordic language shows one
# Finnish possessive suffixes, after a case ending (IDE:ssäsi, "in your IDE").
_POSSESSIVES = ("mme", "nne", "nsa", "nsä", "si", "ni")


def _case_ending(word: str) -> bool:
    """Whether ``word`` is a Finnish or Swedish ending for an abbreviation, possessive
    suffix and all."""
    if word in _CASE_ENDINGS:
        return True
    return any(word.endswith(p) and word[: -len(p)] in _CASE_ENDINGS for p in _POSSESSIVES)


def _nordic(text: str, p: int, ctx: Context) -> bool:
    """Whether the line of ``p``, or failing that its document, shows a Nordic letter."""
    if _NORDIC_LETTER.search(_line_text(text, p, ctx)):
        return True
    return bool(
        ctx.doc_memo("nordic-letters", lambda doc: len(_NORDIC_LETTER.findall(doc[:20000])) >= 5)
    )


def _line_text(text: str, p: int, ctx: Context) -> str:
    ls, le = _line(text, p, ctx)
    return text[ls:le]


# The two halves of a pair notation a text names (key:value, name:value).
_PAIR_NAMES = frozenset("key name field attribute property tag label header option".split())
_PAIR_VALUES = frozenset("value values val".split())


# Schemes of addresses that take no "//" (about:blank, data:…, urn:isbn:…).
_URI_SCHEMES = frozenset(
    "about data blob javascript mailto tel urn magnet sms geo view-source".split()
)
_FEW_WORDS = 6  # a line of fewer words shows too little of its language
# A karyotype: the chromosome count, then the sex chromosomes (46,XX, 47,XXY).
_KARYOTYPE = re.compile(r"\d{2},X{1,3}Y{0,2}\b")
# Two capitals or more running on into a capitalised word: OBCreatures.
_CAPITALS_RUN_ON = re.compile(r"[A-Z]{2,}[a-z]")
# A ratio's numbers just before a word (`30:2 `, `**2:1** `).
# (not two digits after the colon: 10:30 is a time)
_RATIO_NUMBERS = re.compile(r"(?<![\d:])\d{1,3}:(?:\d|\d{3})\**[ \t]+$")
# Fields given their types, listed: title:String, dateCreated:Date.
_TYPED_FIELDS = re.compile(r"\b[a-z]\w*:[A-Z]\w*(?:\[\])?, ?[a-z]\w*:[A-Z]\w*")
# A search query: field:value terms joined by a boolean operator in capitals.
_QUERY_LINE = re.compile(r"\b\w+:\S+ (?:AND|OR|AND NOT) \w+:\S")
# A relation's cardinalities, written as 1:1 and 1:n are.
_CARDINALITIES = frozenset("one many zero n m".split())
# Prefixes of LaTeX's and pandoc-crossref's labels (\label{fig:…}, [@sec:…]).
_LABEL_PREFIXES = frozenset("fig eq tab tbl sec lst chap ch thm lem def alg app".split())
# Prefixes of XML's and RDF's namespaces, glued to the names they qualify (xml:lang).
_XML_PREFIXES = frozenset(
    "xml xmlns xsd xs xsi xsl xlink rdf rdfs owl dc dcterms foaf svg soap".split()
)
# Values a key takes in an agent or settings string (Evasions:None), glued to it.
_KEY_VALUES = frozenset(("None", "True", "False", "null"))
# A name that runs on into digits (md5, ke1235): no word of a clause.
_LETTERS_DIGIT = re.compile(r"[A-Za-z]+\d")
# Endings glued to a keyword written in capitals (POST:ed, GET:s).
_SUFFIXES = frozenset("ed ing s es d".split())


@guard("colon-words")
def colon_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A colon glued between words, not a namespace, URI scheme, syntax or data."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    short = len(left) == 2 and left in evidence.CLAUSE_ENDS
    if (len(left) < 3 and not short) or not left.isalpha():
        return False  # re:Invent  a:hover  a?b:c (but "as I am:he has")
    if _OPTION_BEFORE.fullmatch(text, max(0, p - len(left) - 3), p - len(left)):
        return False  # --defusages:FILE,LINE, -out:dir: an option and its value
    if len(right) < 2 and right not in ("a", "I"):
        return False
    if len(right) <= 3 and right[1:] != right[1:].lower() and not right.isupper():
        return False  # LAS:eR: a name styled with a colon, capitals where no word has them
    if (left[:1].isupper() or right != "innen") and (
        right.startswith("innen") or (right == "in" and left.endswith("er"))
    ):
        return False  # Entwickler:innen, Nutzer:in, mitarbeiter:innenorientierte: German's
        # gender colon, in one word
    if right.islower() and lexicon.in_document(ctx, left + right):
        return False  # mit:forschen beside mitforschen: one word, styled with a colon
    if len(right) > 2 and right.islower() and text[p + 1 + len(right) : p + 2 + len(right)] == ")":
        return False  # (Café Drei:klang): a name's last part closes the aside, no clause
    if left.lower() in _NUMBER_WORDS and right.lower() in _NUMBER_WORDS:
        return False  # (zero zero six:fifty six): a time, spoken and written out
    wiki_word = left in _WIKI_ONLY or left.capitalize() in _WIKI_ONLY
    if wiki_word and (left[:1].isupper() or _wiki_document(ctx)):
        return False  # Category:The Seekers albums, category:Operations research: a wiki's
    if (
        left in _WIKI_NAMESPACES
        and right.lower() not in lexicon.SENTENCE_STARTS
        and (
            _wiki_document(ctx)
            or (left in _FILE_NAMESPACES and _FILE_TITLE.match(text, p + 1))
            or ctx.doc_memo(("wiki-links", left), lambda doc: doc.count(f"/{left}:") >= 2)
        )
    ):
        return False  # File:Horn.jpg| in a page filed in a category, "File:Comfort Zones.png"
    if left.isupper() and _CAPITALS_RUN_ON.match(right):
        return False  # Source PRG:OBCreatures: a book's code, glued to the title after it
    if (
        left[:1].isupper()
        and right[:1].isupper()
        and not _opens_a_sentence(right)
        and text[_line(text, p, ctx)[0] : p - len(left)].strip()
        and ctx.doc_memo(("colon-pair", left, right), lambda doc: _lines_with(doc, left, right))
    ):
        return False  # Horizontal:Vertical on two lines, PEDOT:Nafion throughout: a pair the
        # document writes so on two different lines, a notation (a slip repeats only with
        # the line that holds it: an attribution copied under each quotation; a label that
        # opens its line, Name:Ann Lee in each signature block, is a form's)
    if _RATIO_NUMBERS.search(text, max(0, p - len(left) - 14), p - len(left)):
        return False  # 30:2 Compressions:Breaths, **2:1** male:female: a ratio's parts, named
        # after its numbers
    if (
        left[:1].isupper()
        and right[:1].isupper()
        and not _opens_a_sentence(right)
        and _namespaced(ctx, left)
    ):
        return False  # Faker:Module where the document writes Faker::Name: a namespace's
        # separator, one colon lost or quoted from an old message
    if left.isupper() and identifiers.changelog_line(text, p, ctx):
        return False  # `#19129 <…/pull/19129>`__: DOC:Added …: a commit's tag, its title
        # copied as it was written
    if left.lower() in _PAIR_NAMES and right.lower() in _PAIR_VALUES:
        return False  # key:value pairs, "Key:Value" format: the notation, named
    if left in _URI_SCHEMES and not right[:1].isupper():
        return False  # about:blank, data:image/png, view-source:… : an address
    if left.lower() in _CARDINALITIES and right.lower() in _CARDINALITIES:
        return False  # Many:Many, one:many: a relation's cardinality, as 1:1 is written
    if right in _KEY_VALUES and text[p + 1 + len(right) : p + 2 + len(right)] != " ":
        return False  # Evasions:None, Test:Port in a quoted agent string: a key and its value
    if right.lower() == "port" or left.lower() in _XML_PREFIXES:
        return False  # address:port, Address:Port; xml:lang, xsd:duration: a notation's
    if left in _LABEL_PREFIXES and text[p - len(left) - 1 : p - len(left)] in ("[", "{", "@"):
        return False  # [fig:Figure 1], \label{eq:Loss}, [@tbl:Results]: a cross-reference
    if left.isupper() and right.lower() in _SUFFIXES:
        return False  # POST:ed: a keyword given an ending
    if _LETTERS_DIGIT.match(text, p + 1):
        return False  # LIFE:md5 499: a field of a syntax, not a clause
    if _case_ending(right) and not left.islower() and not right[-1:].isupper():
        if right not in _ENGLISH_ENDINGS or _nordic(text, p, ctx):
            return False  # LLM:ien, ChatGPT:tä, USA:s: Finnish and Swedish inflect so
    s, e = ctx.token(p)
    token = text[s:e]
    label = _label_opens_line(text, p)
    # (a semicolon ending a form's field is the sentence's: Geography - note:landlocked;)
    core = token.rstrip(";") if label else token
    if core.count(":") + core.count(";") > 1 or _DOTTED.search(token):
        return False  # urn:isbn:…  a;b;c
    if _scoped_labels(token):
        return False  # skip-changelog,review:general: labels, one with its scope
    if (left[:1].isupper() or not right[:1].isupper()) and _prefix_count(text, p, left, ctx) > 2:
        return False  # string:foo, string:name and string:lastname; Category:1800s births
        # Category:Activists …: one prefix, listed (not sing:Description, sing:Beautiful in
        # a long line of prose that lost the spaces after its colons)
    if left.islower() and right.islower() and _prefix_count(text, p, left, ctx) >= 2:
        return False  # bind:value and bind:checked: one prefix glued twice on a line, a
        # notation's (a slip does not repeat its word so)
    if left.islower() and _settings_line(text, p, ctx):
        return False  # bar:Smith from:01/01/1996 till:end: a line of settings
    if _QUERY_LINE.search(_line_text(text, p, ctx)):
        return False  # build_status:FAILURE AND message:Finished: a search's query
    if right[:1].isupper() and _TYPED_FIELDS.search(_line_text(text, p, ctx)):
        return False  # title:String, detail:String: fields and their types
    if left.islower() and _item_key(text, p, left) and ctx.doc_memo("keyed-items", _keyed_items):
        return False  # * enhancment:Timestamp Serialization: among * bugfix:HTTP: entries
    if left.isupper() and len(left) <= 5 and ctx.doc_memo(("caps-label", left), _label_of(left)):
        return False  # NOC:Deep Learning … NOC:BioInformatics: a label the document styles so
    if _EQUALS_RATIO.match(text, e):
        return False  # Normal:Bold = 400:600: a ratio named, then its value
    if _spelled_by_acronym(text, s, e):
        return False  # Acute:Chronic Workload Ratio (ACWR): one term, its initials after it
    if _RATIO_AFTER.match(text, e) or _RATIO_BEFORE.search(text, max(0, s - 16), s):
        return False  # the signal:noise ratio, a ratio of preference:expertise
    if _FORMAT_BEFORE.search(text, max(_line(text, p, ctx)[0], s - 40), s):
        return False  # "in the following format: FQDN:PortNumber", "is IdType:Value": a notation
    if right in _RUBY_KINDS and text[p + 1 + len(right) : p + 2 + len(right)] in ("'", '"', ">"):
        return False  # "undefined method `windows?' for Puma:Module": Ruby's own print of an
        # object and its class, quoted from an error message
    if f"{left}::{right}" in ctx.doc_memo("double-colon-pairs", _double_colon_pairs):
        return False  # scheduler:Handle where the document writes scheduler::Handle: a path
        # that lost a colon, which a space would not mend
    if (
        left.istitle()
        and len(left) <= 6
        and len(right) <= 6
        and right.lower() not in lexicon.SENTENCE_STARTS
        and text[_line(text, p, ctx)[0] : s].strip(" \t-*+>")
        and _repeated(text, ctx, f"{left}:{right}")
    ):
        return False  # Bit:Bot, Super:bit again and again in running text: short names
        # styled with a colon (but a label that opens lines, note:GDP, repeats its slip)
    if right.lower() not in lexicon.SENTENCE_STARTS and left.lower() in ctx.doc_memo(
        "colon-paths", _colon_paths
    ):
        return False  # Expenses:Food where the document writes expenses:food:dining: names
        # joined by colons are its notation (a ledger's accounts, a tag's values)
    if _printed_message(text, p, ctx, left.islower() and right.islower()):
        return False  # Error:Assert failed:in file x.cpp: a program's message, quoted
    if (
        (left.lower() in _QUALIFIERS and not label and not (left.istitle() and right.istitle()))
        or left in _TAG_WORDS
        or _bracketed_tag(token, p - s)
    ):
        return False  # org:kubernetes from:(bot) in a search, [TODO:ana], [Feature:Slow]
    if identifiers.code_word(left) and (identifiers.code_word(right) or right.islower()):
        return False  # RubyVM:AbstractSyntaxTree, readyState:loading: code and its value
    if left.islower() and identifiers.code_word(right):
        return False  # node:moduleName, std:unordered_map: a namespace and an identifier
    if left[:1].isupper() and (
        identifiers.lower_camel(right) or text[p + 1 + len(right) : p + 3 + len(right)] == "()"
    ):
        return False  # Map:addHandler, Profiler:find(): a type and its method
    if identifiers.in_code(ctx, f"{left}:{right}"):
        return False  # eslint:all, written as `eslint:all` elsewhere in the document
    if _pair_again_on_line(text, p, left, right, ctx):
        return False  # [SDB:Firefox …](https://…/SDB:Firefox_…): the link's address spells it
    if (
        left.islower()
        and right.isupper()
        and text[_line(text, p, ctx)[0] : p - len(left)].strip(" \t-*+>")
        and _repeated(text, ctx, f"{left}:{right}")
    ):
        return False  # banc:IA, again and again in running text: a name styled so (but a
        # label that opens lines, note:GDP, repeats its slip on every record)
    if left.islower() and identifiers.KIND_AFTER.match(text, p + 1 + len(right)):
        return False  # the format:all script, the build:prod target: a name
    if left.islower() and right.islower():
        if _HEADING_START.fullmatch(text, text.rfind("\n", 0, s) + 1, s):
            return False  # "### express:router logs": a heading named after a namespace
        if identifiers.changelog_line(text, p, ctx):
            return False  # "- fix docs for http:url and tcp:address (#6720)": keys, in a change log
        # user:group, package:any, key:value are syntax far more often than prose, except
        # in a prose document that spaces its own colons (reasons:cost lost its space)
        style = evidence.read(ctx, "colon-style", evidence.colon_style)
        native = language.native_words(text, p, ctx, left, right) or (
            not language.function_word("en", right)
            and right not in lexicon.COMMON_WORDS
            and _clause_follows(text, ctx, p + 1 + len(right))
        )  # (but paquete:any para: an English value in the other language's sentence)
        return style.glued_is_damage(left, right, native)
    if left.islower() and right[:1].isupper() and _namespace(ctx, left):
        return False  # toot:Emoji beside toot:featured: a vocabulary's prefix (JSON-LD)
    if left.islower() and right.isupper() and _prefix_listed(text, p, left, ctx):
        return False  # class:VCPU, class:PCPU: one prefix on a line's names, a list of keys
    return not (left.isupper() and right.rstrip("s").isupper())  # CD:UK, HOST:PORTs


# A name of three parts or more joined by colons (assets:bank:checking, Expenses:Food:Out),
# found from its first colon (a pattern that opens with a look-behind is tried at every
# character), then its head read back from there.
_PATH_COLON = re.compile(r":(?=[A-Za-z][\w-]*:[A-Za-z])")
_PATH_HEAD = re.compile(r"(?<![\w:/])[A-Za-z][\w-]*$")
_COLON_PATHS = 3


def _colon_paths(doc: str) -> frozenset[str]:
    """The heads (in lower case) of names the document joins by colons in three parts or
    more, three such names at least (a ledger's accounts, a tag's hierarchy): a glued
    pair under one of those heads is such a name."""
    found = []
    for m in _PATH_COLON.finditer(doc):
        q = m.start()
        head = _PATH_HEAD.search(doc, max(0, q - 40), q)
        # (not labels in capitals chained by a change log, BUG:MAINT:fix)
        if head is not None and not head.group().isupper():
            found.append(head.group().lower())
    return frozenset(found) if len(found) >= _COLON_PATHS else frozenset()


# A double colon between names (scheduler::Handle), found from the colons.
_DOUBLE_COLON = re.compile(r"::(?=[A-Za-z])")
_NAME_END = re.compile(r"[A-Za-z][\w-]*$")


def _double_colon_pairs(doc: str) -> frozenset[str]:
    """The ``left::right`` pairs the document writes."""
    pairs = set()
    for m in _DOUBLE_COLON.finditer(doc):
        q = m.start()
        left = _NAME_END.search(doc, max(0, q - 40), q)
        right = _NAME_AFTER.match(doc, q + 2)
        if left is not None and right is not None:
            pairs.add(f"{left.group()}::{right.group()}")
    return frozenset(pairs)


# The classes Ruby names after an object it prints in an error (main:Object, nil:NilClass).
_RUBY_KINDS = frozenset(("Module", "Class", "Object", "NilClass"))
# A colon glued between two word characters.
_GLUED_COLON = re.compile(r":(?<=\w:)(?=\w)")
_NAME_BEFORE = re.compile(r"[\w.]+$")
_NAME_AFTER = re.compile(r"\w+")


def _printed_message(text: str, p: int, ctx: Context, lower_pair: bool) -> bool:
    """Whether the line of the colon at ``p`` glues another colon as a program prints its
    messages and no writer sets prose: before a number (`supported:32`), between two
    lower-case words (`failed:in`, `[:app:build]`), to a name with an underscore
    (`read_tif_image:Error`). Its colons are the message's format, copied whole.
    (Two lower-case pairs on one line, ``lower_pair``, are a prose line that lost the
    spaces after both colons as often.)"""
    ls, le = _line(text, p, ctx)
    for m in _GLUED_COLON.finditer(text, ls, le):
        q = m.start()
        if q == p:
            continue
        a, b = text[q - 1], text[q + 1]
        if a.isdigit() and b.isdigit():
            continue  # a time, a ratio, a verse
        if b.isdigit():
            return True
        before = _NAME_BEFORE.search(text, max(ls, q - 60), q)
        after = _NAME_AFTER.match(text, q + 1)
        lw = before.group() if before else ""
        rw = after.group() if after else ""
        if "_" in lw or "_" in rw:
            return True
        if not lower_pair and lw.isalpha() and lw.islower() and rw[:1].islower():
            return True
    return False


def _folded(line: str) -> str | None:
    """``line`` in lower case, or None where a letter's lower case is longer (İ) and
    positions would shift."""
    folded = line.lower()
    return folded if len(folded) == len(line) else None


def _pair_again_on_line(text: str, p: int, left: str, right: str, ctx: Context) -> bool:
    """Whether the line of the colon at ``p`` holds ``left:right`` a second time, in any
    case (``isv:kubernetes`` … ``Isv:kubernetes``)."""
    ls, le = _line(text, p, ctx)
    line = ctx.memo(("folded-line", ls, le), lambda: _folded(text[ls:le]))
    pair = f"{left}:{right}"
    if line is not None:
        pair = pair.lower()
    else:
        line = text[ls:le]
    head = p - len(left) - ls
    return line.find(pair, 0, head) >= 0 or line.find(pair, head + len(pair)) >= 0


_LABEL_MAX = 80  # a label of five words is shorter than this


def _label_opens_line(text: str, p: int) -> bool:
    """Whether the colon at ``p`` ends a label of words that opens its line (`chief of
    state:President`, `Government type:parliamentary republic`): a form's field, not a
    search qualifier, whose query would not open with a phrase. (Whether a lower-case
    value lost its space is then the document's colon style to say.)"""
    lo = max(0, p - _LABEL_MAX)
    ls = text.rfind("\n", lo, p) + 1
    if ls == 0 and lo > 0:
        return False  # the line starts further back than any label: looked for no further
    words = [w for w in text[ls:p].split() if w != "-"]  # (Geography - note)
    return (
        2 <= len(words) <= 5
        and all(w.isalpha() for w in words)
        and all(w.islower() for w in words[1:])
    )


# Search qualifiers (GitHub's, mail clients'): ``org:kubernetes``, ``from:(Prow Robot)``.
_QUALIFIERS = frozenset(
    """org repo user is label author from to in type language path filename extension topic
    assignee mentions involves state milestone project base head status""".split()
)
_TAG_WORDS = frozenset({"TODO", "FIXME", "XXX", "HACK"})  # TODO:ana names who


def _bracketed_tag(token: str, q: int) -> bool:
    """Whether the colon at ``q`` of ``token`` sits in a bracketed tag with no space,
    ``[Feature:Performance]``: a label, not a sentence."""
    o = token.rfind("[", 0, q)
    return o >= 0 and token.find("]", q) > q


_VOWEL_OR_Y = re.compile("[aeiouyàâäéèêëîïôöùûüáíóúåæøœ]")


def _in_quotes_on_line(text: str, p: int) -> bool:
    """Whether an odd number of straight double quotes, or an unclosed “, stands before
    ``p`` on its line."""
    ls = text.rfind("\n", 0, p) + 1
    before = text[ls:p]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


@guard("semicolon-words")
def semicolon_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A semicolon glued between words, not a run of values (a;b;c), code or an entity."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if len(left) < 2 and (len(right) < 2 or left.islower()):
        return False  # a;b, i;ascii-casemap: values or a collation's name, no clause ends in "i"
    if right in lexicon.CONTRACTION_ENDS and text[p + 1 + len(right) : p + 2 + len(right)] != "-":
        return False  # doesn;t, Let;s: an apostrophe mistyped, not a clause break
    if any(c.isdigit() for c in left) and any(c.isalpha() for c in left):
        return False  # cmd1;cmd2
    if len(right) == 1 and right not in ("a", "I"):
        return False  # exact;y: a key struck for another inside a word; no clause is a letter
    if left.isupper() and right.isupper() and len(left) <= 4:
        return False  # MB;BS: a degree's letters, joined so
    if left in _PLACEHOLDERS and right in _PLACEHOLDERS:
        return False  # foo;bar: two commands a shell runs, named as examples name them
    if right in ("base64", "charset"):
        return False  # image/svg+xml;base64,PD94…: a media type's parameter, in a data URI
    if (
        right.islower()
        and right.isalpha()
        and not _VOWEL_OR_Y.search(right)
        and _in_quotes_on_line(text, p)
    ):
        return False  # "raining piouw;kcj": a keyboard's mash quoted, no word (but a tool
        # named after it, paquete;dpkg se asegura, starts a clause)
    s, e = ctx.token(p)
    token = text[s:e]
    return (
        token.count(";") < 2 and "&" not in token and ":" not in token and not _DOTTED.search(token)
    )


# The names examples give to anything (metasyntactic variables).
_PLACEHOLDERS = frozenset("foo bar baz qux quux corge grault garply waldo fred plugh".split())
_DOMAIN_ENDS = frozenset({"com", "org", "net", "io", "edu", "gov"})


@guard("not-identifier")
def not_identifier(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The mark is not part of a name, a label list or a quoted literal: ``TL;DR``,
    ``Micro:bit``, ``"Key:Value"``, ``ENH,TST``, ``BufRead,BufNewFile``, ``a,b,c,...,aa``."""
    p = _anchor(m)
    mark = text[p]
    if mark in ";:" and identifiers.well_known(text, p):
        return False
    s, e = ctx.token(p)
    if identifiers.quoted_literal(text, s, e) or identifiers.in_quoted_command(text, p):
        return False
    if mark != ",":
        return True
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if (
        right in _DOMAIN_ENDS
        and left.islower()
        and not text[p + 1 + len(right) : p + 2 + len(right)].isalpha()
    ):
        return False  # anaconda,org: a domain with a mistyped dot, not two words
    if identifiers.tag_pair(left, right) and not _spaced_caps_list(text, p, s, e, ctx):
        return False
    if identifiers.list_token(text[s:e]):
        return False
    if text[s] in "-+=" or "()" in text[s:e] or _LABEL_LIST.fullmatch(text, s, e):
        return False  # --proto -all,https,+http (an option's value); "- net,dgram: fix …"
    if text[s - 1 : s] in ("", "\n") and text[e : e + 1] in ("", "\n", "\r"):
        if any(c.isdigit() for c in text[s:e]):
            return False  # 2012-11-05,deer: a line that is one token is a data row
    return not identifiers.in_code(ctx, left, right)  # minimum,maximum written as code elsewhere


_SPACED_CAPS = re.compile(r", (?<=[A-Z]{2}, )(?=[A-Z]{2})")
_CAPS_LIST = 4  # acronyms the line lists with spaced commas before one glued is a slip


def _spaced_caps_list(text: str, p: int, s: int, e: int, ctx: Context) -> bool:
    """Whether the comma at ``p`` joins two of a line's many acronyms that it otherwise
    lists with spaced commas (`IMF, IMO, IMSO,ITU, ITUC, LAS`): one that lost its space."""
    if text[s:e].rstrip(",;.:").count(",") != 1:
        return False
    ls, le = ctx.line(p)
    return any(n >= _CAPS_LIST for n, _ in enumerate(_SPACED_CAPS.finditer(text, ls, le), 1))


# Labels glued by commas before a colon, as change logs name the parts a change touches.
_LABEL_LIST = re.compile(r"\**[a-z][\w/-]*(?:,[a-z][\w/-]*)+\**:")


@guard("exclaim-words")
def exclaim_words(text: str, m: re.Match[str], ctx: Context) -> bool:
    """! or ? glued to a capitalised word after a word, not a brand name (Yahoo!Mail)."""
    p = _anchor(m)
    left = _word_before(text, p)
    right = _word_after(text, p + 1)
    if not (len(left) >= 2 and (len(right) >= 2 or right == "I") and right[:1].isupper()):
        return False
    if right.lower() in lexicon.SENTENCE_STARTS:
        return True  # Wow!That was close: a sentence opens, whatever else the text holds
    if left.isupper() and right.isupper() and len(left) <= 3 and len(right) <= 3:
        return False  # GY!BE, a band's initials: capitals either side, no word to end or open
    # Fritz!Box, FRITZ!OS written again: a name styled with its mark (a slip is not copied)
    if _repeated(text, ctx, f"{left}{text[p]}{right}"):
        return False
    # Nice!Nano where the document writes nice!nano and nice!view: a family of names, its
    # mark glued to other words too (in any case)
    return text[p] != "!" or ctx.doc_memo(("bang-family", left.lower()), _bang_family(left)) < 3


@lru_cache(maxsize=256)
def _bang_family(left: str) -> Callable[[str], int]:
    """How often a document glues ``left!`` (in any case) to a word."""
    pattern = re.compile(re.escape(left) + r"!(?=\w)", re.I)
    return lambda doc: len(pattern.findall(doc)) if "!" in doc else 0


def _untokenized(ctx: Context) -> bool:
    return not evidence.is_tokenized(ctx)


# A statement of C-family code: a line that opens with a call (or an assignment of one)
# and ends with `);` or `) {` (`gl.uniformMatrix4fv( loc , false , m );` pasted into a
# question unfenced; a list item's `(…, see below);` opens with words).
_STATEMENT = re.compile(
    r"[ \t]*(?:[\w$.]+[ \t]*=[ \t]*)?[A-Za-z_$][\w$]*(?:\.[\w$]+)*\([^\n]*\)[ \t]*[;{][ \t]*\r?$"
)


@guard("not-code-statement")
def not_code_statement(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The mark is not in a line of code: a call that opens its line and ends it with
    `);` or `) {`."""
    p = _anchor(m)
    ls, le = ctx.line(p)
    if (
        text[p] in ".?"
        and text[p - 1 : p] == " "
        and text[p + 1 : p + 2] in (" ", "")
        and le - ls <= _COMMAND_WIDTH
        and _COMMAND_WITH_OPTIONS.match(text, ls, le)
    ):
        return False  # java -cp . Hello, cpan . : a lone mark is the command's argument
    if not text[ls:le].rstrip().endswith((";", "{")):
        return True
    return _STATEMENT.fullmatch(text, ls, le) is None


# A command line: a program's name (after a prompt, perhaps), then an option among its
# first arguments (`java -cp . HelloWorld`, `$ tar --create .`).
_COMMAND_WITH_OPTIONS = re.compile(
    r"[ \t]*(?:[$#>] )?[a-z][\w.-]*(?: [^\s-][^ \n]*){0,2} --?[a-zA-Z]"
)
_COMMAND_WIDTH = 100  # characters a command line runs to, at most


@guard("not-tokenized")
def not_tokenized(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The document is not tokenized text, whose spaced marks are its format."""
    return _untokenized(ctx)


def _not_chat(ctx: Context) -> bool:
    return not evidence.is_chat_log(ctx)


@guard("not-chat-log")
def not_chat_log(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The document is not a chat log, whose messages keep each speaker's own spacing
    (`who is winning , Liverpool or Milan ?`): a record, not a text to repair."""
    return _not_chat(ctx)


# Guards that read only the document, never the match: the engine asks them once per text
# and skips the rule's scan when one says no.
DOCUMENT_GUARDS: dict[str, Callable[[Context], bool]] = {
    "not-tokenized": _untokenized,
    "not-chat-log": _not_chat,
}


_LANG_ATTRIBUTE = re.compile(r"""\blang=["']?([A-Za-z]{2})""")


def _other_lang_span(text: str, s: int, p: int) -> bool:
    """Whether ``p`` lies in an element its line's HTML marks as another language than
    English (``<a href='…' lang='fr'>…``), not yet closed before ``p``."""
    i = text.rfind("lang=", s, p)
    if i < 0:
        return False
    m = _LANG_ATTRIBUTE.match(text, i)
    return m is not None and m.group(1).lower() != "en" and text.find("</", i, p) < 0


@guard("not-french")
def not_french(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A space before the mark is a slip in the line's language: never before French
    ; : ! ?, and before ; ! ? only in English, the language whose text showed it to be one
    (elsewhere a spaced ; ends fields and list items that are written that way)."""
    p = _anchor(m)
    if text[p] not in ";:!?":
        if text[p - 1 : p] != " ":
            return True
        if text[p + 1 : p + 2] in ("", "\n", "\r") or not text[p - 2 : p - 1].isalnum():
            # A spaced mark ending a paragraph, or after a bracket or quote: translators of
            # documentation write these (``:meth:`x` .``, ``(Unstable) ,``, where markup
            # stood) and carry them on to words; only English text was shown free of them.
            return language.language_at(text, p, ctx) == "en"
        return True
    if text[p] == ";" and _separator_field(text, p, ctx):
        return False
    conv = language.convention_at(text, p, ctx)
    if conv is None or text[p] not in conv.closed_up:
        return False
    s, e = _line(text, p, ctx)  # and no sign of French either (a short line may show little)
    if _other_lang_span(text, s, p):
        return False  # <a lang='fr'>En route pour le lancement !</a>: marked as French
    if ctx.memo(("fr", s), lambda: lexicon.looks_french(text[s:e])):
        return False
    if len(text[s:e].split()) < _FEW_WORDS and lexicon.looks_french(text[max(0, s - 600) : s]):
        return False  # "Bonne lecture !" after French paragraphs: too short to tell alone
    # An English title cited in a French text (`how did it evolve ? Science 298 : 1569`)
    # is set by the French text's rules, which its writer follows throughout.
    if language.language_of_document(ctx) == "fr":
        return False
    # A text that sets this mark apart throughout (a Vulgate's `sunt ; et`, 2,953 times
    # and never glued) sets it so by its own rule, whatever its language
    spaced, glued = evidence.read(ctx, ("mark-spacing", text[p]), _mark_spacing(text[p]))
    if spaced >= _SPACED_HABIT and spaced >= _HABIT_RATIO * glued:
        return False
    if spaced >= _SET_APART and spaced * _SET_APART_SHARE >= spaced + glued:
        # A text that sets this mark apart one time in five or more and its commas hardly
        # ever (a Glasgow paper's `Colonies ; and`, 51 per cent, its commas 0.04): the
        # printer's rule for the mark, not a slip, which would space commas as often
        commas, glued_commas = evidence.read(ctx, "comma-spacing", _comma_spacing)
        if commas * _COMMA_SLIPS < glued_commas:
            return False
    # (a few spaced, none glued: a writer's `word ?` in a short page of a site whose
    # author spaces it throughout)
    return not (text[p] in "?!" and spaced >= _FEW_SPACED and glued == 0)


_SPACED_FIELD = re.compile(r" ; (\S{1,24})")
_FIELD_LINES = 3  # lines a spaced ; opens the same field on: a record's separator


def _separator_field(text: str, p: int, ctx: Context) -> bool:
    """Whether the spaced ``;`` at ``p`` opens a field that the document opens so on three
    lines or more (`… editor ; _Status: WIP_`): a separator of its records, not a slip."""
    m = _SPACED_FIELD.match(text, p - 1)
    if m is None or (m.group(1).isalpha() and m.group(1).islower()):
        return False  # (`word ; and` thrice is a printer's or a writer's habit: judged so)
    fields = ctx.doc_memo(
        "spaced-fields",
        lambda doc: Counter(_SPACED_FIELD.findall(doc)) if " ; " in doc else {},
    )
    return fields.get(m.group(1), 0) >= _FIELD_LINES


def _comma_spacing(doc: str) -> tuple[int, int]:
    """How many commas a text sets after a space, and how many it does not."""
    spaced = doc.count(" ,")
    return spaced, doc.count(",") - spaced


@lru_cache(maxsize=8)
def _mark_spacing(mark: str) -> Callable[[str], tuple[int, int]]:
    """How often a text sets ``mark`` after a space, and glued to a letter."""
    # (the mark first, then the letter behind it: a pattern that opens with a look-behind
    # is tried at every position of the text, one that opens with a literal skips to it)
    glued = re.compile(f"{re.escape(mark)}(?<=[^\\W\\d_]{re.escape(mark)})")

    def count(doc: str) -> tuple[int, int]:
        spaced = doc.count(" " + mark)
        return (spaced, len(glued.findall(doc))) if spaced >= _FEW_SPACED else (spaced, 0)

    return count


_SPACED_HABIT = 20  # spaced marks of one kind that make a text's own rule
_SET_APART = 10  # spaced marks of one kind that, one in five or more, set a printer's rule
_SET_APART_SHARE = 5
_COMMA_SLIPS = 100  # glued commas for each spaced one in a text whose spaced marks are set
_FEW_SPACED = 3  # spaced ? or ! that make one where the text glues none
# Spaced marks for each glued one that make a habit: an old book's printer set `word ;`
# 3,900 times and glued it 685 (its OCR, or a line the compositor ran short).
_HABIT_RATIO = 3


@guard("spaced-before")
def spaced_before(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The line's language sets a space before this mark (French ; : ! ?), and after
    ! or ? a new sentence starts."""
    p = _anchor(m)
    if text[p] not in ";:" and not text[p + 1 : p + 2].isupper():
        return False  # (asked first: the line's language costs far more to find)
    if text[p] == ":" and _glued_colon_name(text, p, ctx):
        return False  # "la syntaxe :title" in a text that writes v-bind:title: syntax
    conv = language.convention_at(text, p, ctx)
    return conv is not None and text[p] in conv.space_before


# A name glued after a colon to a word or name before it (v-bind:title, xml:lang).
_COLON_NAME = re.compile(r":(?<=[\w-]:)([A-Za-z][\w-]*)")
_NAME = re.compile(r"[A-Za-z][\w-]*")


def _glued_colon_name(text: str, p: int, ctx: Context) -> bool:
    """Whether the word after the colon at ``p`` is one the document also writes glued
    after a name and a colon: ``:title`` is then the same syntax's short form."""
    m = _NAME.match(text, p + 1)
    if m is None:
        return False
    names = ctx.doc_memo("colon-names", lambda doc: {x.group(1) for x in _COLON_NAME.finditer(doc)})
    return m.group() in names


@guard("spacing-language")
def spacing_language(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The line is in a language whose punctuation spacing tidy knows (English, French,
    German, Spanish, Portuguese, Italian, Dutch; not CJK, right-to-left or other scripts),
    and a full stop does not end one of that language's abbreviations."""
    p = _anchor(m)
    conv = language.convention_at(text, p, ctx)
    if conv is None:
        return False
    if text[p] in "¿¡":
        return text[p] in conv.openers  # (elsewhere ¿ is a mangled apostrophe: Blair¿s)
    glued = not text[p + 1 : p + 2].isspace()
    if (
        glued
        and conv is not language.ENGLISH
        and not language.glued_as_prose(text, p)
        and not (text[p] in ".," and _one_letter_opener(text, p, ctx))
    ):
        return False
    if (
        text[p] in "!?;:"
        and text[p - 1 : p] == " "
        and conv is language.ENGLISH
        and not _english_shown(text, p, ctx)
    ):
        return False  # "BizDev !" alone: French spaces these marks, and nothing says English
    s, _ = ctx.token(p)
    if language.after_command(text, s):
        return False
    return text[p] != "." or not language.is_abbreviation(conv, text, p)


def _english_shown(text: str, p: int, ctx: Context) -> bool:
    """Whether the line of ``p`` has an English word of its own, or the document reads as
    English: English by default (a line of names) is no reason to take a space from before
    a mark that French spaces."""
    ls, le = ctx.line(p)
    if ctx.memo(("en-word", ls), lambda: lexicon.has_english_word(text[ls:le])):
        return True
    return language.language_of_document(ctx) == "en"


def _one_letter_opener(text: str, p: int, ctx: Context) -> bool:
    """Whether the full stop or comma at ``p`` ends a word (or a quotation) and a
    one-letter function word of the line's language follows, then more words (``o
    ministro.A reforma``, ``la ley.Y ahora``, ``»,a déclaré``, ``reforma,y ahora``): no
    notation glues a word so (``x,y`` is kept by the comma rule's own test)."""
    letter = text[p + 1 : p + 2]
    if not (letter.isupper() if text[p] == "." else letter.islower()):
        return False
    if not (text[p + 2 : p + 3] == " " and text[p + 3 : p + 4].islower()):
        return False
    if not (text[p - 2 : p].isalpha() and text[p - 1 : p].islower()) and not (
        text[p] == "," and text[p - 1 : p] in "”“»"
    ):
        return False
    return language.function_word(language.language_at(text, p, ctx), letter.lower())


@guard("english")
def english(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The line reads as English prose (spacing conventions differ between languages)."""
    s, e = _line(text, _anchor(m), ctx)
    return ctx.memo(("en", s), lambda: lexicon.looks_english(text[s:e]))


@guard("not-link-text")
def not_link_text(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The mark is not inside a Markdown link's text, which quotes the linked page's title
    as that page sets it (``[Try...Catch As Little As Possible](…)``)."""
    if ctx.mode != "markdown":
        return True
    s = m.start()
    ls, le = ctx.line(s)
    opened = text.rfind("[", ls, s)
    if opened < 0 or text.find("]", opened, s) >= 0:
        return True
    closed = text.find("](", s, le)
    return closed < 0 or text.find("[", s, closed) >= 0


@guard("not-range")
def not_range(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The dots do not join the two ends of a range (``May 30th...June 13th``)."""
    s = m.start()
    if _RANGE_START.search(text, max(0, s - 12), s):
        return False
    if _KEYWORD_BEFORE.search(text, max(0, s - 12), s) and _KEYWORD_AFTER.match(text, m.end()):
        return False  # UPDATE...FROM, SELECT...WHERE: a syntax's words, its parts elided
    # an alphabet's run: AaBb...Zz, A...Z
    return not (_SERIES_START.search(text, max(0, s - 12), s) and _SERIES_END.match(text, m.end()))


_RANGE_START = re.compile(r"\d(?:st|nd|rd|th)?$")
_SERIES_START = re.compile(r"(?<![^\s(\[])(?:(?:[A-Z][a-z]){2,}|[A-Z])$")
_SERIES_END = re.compile(r"[A-Z][a-z]?(?!\w)")
# Words in capitals on both sides of the dots (a query's keywords): UPDATE...FROM
_KEYWORD_BEFORE = re.compile(r"(?<![\w.])[A-Z]{3,}$")
_KEYWORD_AFTER = re.compile(r"[A-Z]{2,}(?![\w])")


# A statement's last words before a value left as "?" (a copula or a preposition).
_VALUE_BEFORE = re.compile(r"\b(?:is|are|was|were|at|by|to|of|for|from|on|in)$")
# How a question opens: an interrogative or an auxiliary (then "… it is ?" is a question).
_QUESTION_START = re.compile(
    r"(?i)(?:who|whom|whose|what|which|where|when|why|how|is|are|was|were|am|do|does|did|"
    r"can|could|will|would|shall|should|may|might|must|has|have|had|isn't|aren't|don't|"
    r"doesn't|didn't|won't|can't)\b"
)
_ITEM_START = re.compile(r"[ \t]*(?:[-*+>|]|\d{1,3}[.)])?[ \t]*")


def _unknown_value(text: str, p: int, ctx: Context) -> bool:
    """Whether the ``?`` at ``p``, spaced and ending its line or table cell, stands for a
    value not known yet (`This week's PR wrangler is ?`): a statement, not a question,
    ends on a copula or preposition before it."""
    if text[p - 1 : p] != " " or text[p + 1 : p + 2] not in ("", "\n", "\r", " ", "|"):
        return False
    ls, le = ctx.line(p)
    if text[p + 1 : le].strip(" |\r"):
        return False  # more of the line follows
    if not _VALUE_BEFORE.search(text, max(ls, p - 12), p - 1):
        return False
    start = _ITEM_START.match(text, ls, p).end()
    sentence = max(start, text.rfind(". ", ls, p) + 2)
    return _QUESTION_START.match(text, sentence, p) is None


# A mark's name in brackets just after it: `, (comma)`, `. (full stop)`.
_MARK_NAMED = re.compile(
    r" \((?:a |the )?(?:comma|period|full stop|dot|point|semicolon|colon|question mark"
    r"|exclamation mark|exclamation point)s?\)"
)


@guard("not-mention")
def not_mention(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The mark is punctuation, not a symbol being talked about (``the separator , is``,
    ``ls .``, ``name for ! (ASCII``)."""
    p = _anchor(m)
    after = text[p + 1 : p + 3]
    if text[p] == "?" and _unknown_value(text, p, ctx):
        return False  # "PR wrangler is ?", "Pull request at ?": a value not known yet
    if text[p] in ".!?" and after[:1] == " " and not (after[1:].isupper() or after[1:] in "\"“‘'"):
        return False  # a sentence mark followed by more of the same sentence: a mention
    if text[p] == ";" and after[:1] == " " and _quoted_command(text, p):
        return False  # "cd doc ; make man", "import pdb ; pdb.set_trace()": a command line
    if text[p] == "?" and _TERNARY.match(text, p + 1):
        return False  # STACK ? STACK : '': a conditional expression, not a question
    if _MARK_PAIR.match(text, p + 1) or _MARK_PAIR_BEFORE.search(text, max(0, p - 8), p):
        return False  # "vi mode ; and , motions": two marks named side by side
    if _MARK_NAMED.match(text, p + 1):
        return False  # "grouped into thousands by , (comma)": the mark, then its name
    if text[p] in ".!?" and _GOES_ON.match(text, p + 1):
        return False  # "except . and ..⏎is the current directory": the sentence goes on
    if text[p] == "." and text[p + 1 : p + 2] in ("", "\n", "\r"):
        ls, _ = _line(text, p, ctx)
        if p - ls < 200 and _COMMAND_LINE.match(text, ls, p):  # (a command line is short)
            return False  # "python -m black --no-cache ." on its own line: the directory
        if _TOOL_ON_DIRECTORY.search(text, max(ls, p - 60), p):
            return False  # "ruff check .", "git add .": a tool run on this directory
    i = p
    while i > 0 and text[i - 1] == " ":
        i -= 1
    before = _word_before(text, i).lower()
    if before in lexicon.MENTION_WORDS and language.language_at(text, p, ctx) in ("en", "und"):
        return False  # (English words: French "un type ," ends a clause)
    if before in _MARK_VERBS and text[p] in ";!?":
        return False  # "you can use ; to put two commands": a clause ends on "use ," more
    ls, le = _line(text, p, ctx)
    # "073 3B ;" in a table of characters: a line without one lower-case word is not prose
    return ctx.memo(("lower-word", ls), lambda: _LOWER_WORD.search(text, ls, le) is not None)


_TERNARY = re.compile(r" [\w.'\"()]+ : ")
# Verbs that take a mark as their object; a clause rarely ends on them before ; ! ?
_MARK_VERBS = frozenset("use using insert inserting add put".split())
# A line break, then the next line opening in lower case: the same sentence, wrapped.
_GOES_ON = re.compile(r"\r?\n[ \t]*[^\W\d_A-Z]+[ ,;]")
# A line that is a command: a lower-case program name, then an option among its words.
_COMMAND_LINE = re.compile(r"[ \t]*[a-z][\w.-]*(?: [^ \n]+)*? --?[a-z][\w-]*(?: [^ \n]+)*? $")
# A tool that takes a directory and its subcommand words, before a line's last " ."
_TOOL_ON_DIRECTORY = re.compile(
    r"(?:^|\s)(?:ruff|black|isort|flake8|mypy|pytest|prettier|eslint|codespell|mdformat|tidy"
    r"|git|docker|podman|pip3?|uv|poetry|npm|yarn|pnpm|cargo|go|gofmt|rustfmt)"
    r"(?: [a-z][\w-]*){0,2} \Z"
)
# A lone mark, "and"/"or", another lone mark: the marks are named, not used.
_MARK_PAIR = re.compile(r" (?:and|or|&) [,.;:!?](?:\s|$)")
_MARK_PAIR_BEFORE = re.compile(r"(?:^|\s)[,.;:!?] (?:and|or|&) $")
_LOWER_WORD = re.compile(r"[^\W\d_A-Z]{2}")


def _quoted_command(text: str, p: int) -> bool:
    """Whether the mark at ``p`` stands inside a short quoted stretch of its line (double
    quotes, or single ones opened after a space) that starts with a lower-case word, as a
    quoted command line does (a quoted sentence starts with a capital)."""
    ls = text.rfind("\n", 0, p) + 1
    le = text.find("\n", p)
    le = len(text) if le < 0 else le
    line = text[ls:le]
    q = p - ls
    if line.count('"', 0, q) % 2 == 1:
        start = line.rfind('"', 0, q) + 1
        end = line.find('"', q)
    else:  # single quotes: an opening one after a space, a closing one before no letter
        m = _SINGLE_QUOTED.search(line, max(0, q - 60), min(len(line), q + 60))
        while m and not m.start() < q < m.end():
            m = _SINGLE_QUOTED.search(line, m.end(), min(len(line), q + 60))
        if m is None:
            return False
        start, end = m.start() + 1, m.end() - 1
    if end < 0:
        return False
    words = line[start:end].split()
    return len(words) <= 8 and words[0][:1].islower()


# 'unset HISTFILE ; exec': single-quoted, opened after a space or a line's start.
_SINGLE_QUOTED = re.compile(r"(?<![^\s(])'[a-z][^'\n]{0,80}'(?![A-Za-z])")


@guard("after-word")
def after_word(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The spaces follow a word (or a closing quote or bracket) of prose, not a line start
    or a command line (``ls | sort .``)."""
    prev = text[m.start() - 1 : m.start()]
    if not prev or not (prev.isalnum() or prev in '"”’)]%'):
        return False
    ls = text.rfind("\n", 0, m.start()) + 1
    if (
        text[m.end() : m.end() + 1] == " "
        and _COMMAND_HEAD.fullmatch(text, ls, m.start())
        and _line_apart(text, ls)
        and _after_colon_line(text, ls)
    ):
        return False  # "  bind , command-prompt": a command's argument, on an example line
        # set in from the margin, apart from the prose and introduced by a colon (a
        # sentence opens with a capital; an index's "   hello , wall!" is no example;
        # a list item's next line, "  prompts , be they", runs on from the one above)
    if text[m.end() - 1] in ";:" and _EMOTICON_REST.match(text, m.end()):
        return False  # "Lisp ; -)": the mark is a winking face's eye, spaced as typed
    if _EMOTICON_BEFORE.search(text, max(0, m.start() - 4), m.start()):
        return False  # "into pop-ups :) .": the space keeps the smiley off the stop
    if text[m.end() - 1] == "." and _SEPARATING_DOT.match(text, m.end()) and (
        _word_before(text, m.start()).isupper() and len(_word_before(text, m.start())) >= 2
    ):
        return False  # BUNDESREPUBLIK . DEUTSCHLAND: a dot that parts the words of an
        # inscription in capitals, as a coin or a stone sets them
    if text[m.end() - 1] == "." and _FILE_NAME_END.search(text, max(0, m.start() - 60), m.start()):
        return False  # "is now called file.gz . It's", "since 0.7.5 .": the space keeps
        # the stop off the name
    if not text[ls : m.start()].strip(" \t>").count(" ") and _WRAPPED_URL_END.search(
        text, max(0, ls - 300), ls
    ):
        return False  # "…/labels/⏎   rfc5988bis ." : the line's first word ends an address
        # wrapped at the line before, and the space keeps the stop out of it
    ls = max(text.rfind("\n", max(0, m.start() - 200), m.start()) + 1, m.start() - 200)
    return not any(
        is_technical(t) and not _CODE_SPAN_TOKEN.fullmatch(t) and not _EMPHASIS_TOKEN.fullmatch(t)
        for t in text[ls : m.start()].split()[-3:]
    )


# An address that ends its line on a slash or a hyphen: it goes on at the next line's start.
_WRAPPED_URL_END = re.compile(r"(?:https?|ftp)://\S*[/-][ \t]*\r?\n$")
# After a dot: a space, then a word in capitals (two letters at least) that ends there,
# and no lower-case word after it (`-d DOMAIN . SELECTOR deve ser`: a sentence runs on).
_SEPARATING_DOT = re.compile(r" [A-ZÄÖÜ]{2,}\b(?![.'’])(?! [^\W\d_]*[a-zäöüß])")
def quoted_line(text: str, pos: int) -> bool:
    """Whether the line of ``pos`` is a block quotation's (``> …``, as Markdown and e-mail
    set one)."""
    ls = text.rfind("\n", 0, pos) + 1
    return text[ls : ls + 16].lstrip(" \t")[:1] == ">"


def _after_colon_line(text: str, ls: int) -> bool:
    """Whether the last line with text before the line at ``ls`` ends with a colon (read
    back over blank lines only: no copy of the text before)."""
    i = ls - 1
    while i > 0 and text[i - 1] in " \t\r\n":
        i -= 1
    return i > 0 and text[i - 1] == ":"


def _line_apart(text: str, ls: int) -> bool:
    """Whether the line that starts at ``ls`` has a blank line (or the text's edge) on
    either side: a line set apart, as an example is."""
    before = text.rfind("\n", 0, max(ls - 1, 0))
    if ls and text[before + 1 : ls - 1].strip():
        return False
    le = text.find("\n", ls)
    if le < 0:
        return True
    nxt = text.find("\n", le + 1)
    return not text[le + 1 : len(text) if nxt < 0 else nxt].strip()


# An indented line's first word in lower case, a command: what follows are its arguments.
_COMMAND_HEAD = re.compile(r"[ \t]+[a-z][\w-]*")
# The rest of a face whose eyes are the mark just matched: ; -) or :-( .
_EMOTICON_REST = re.compile(r" ?-[()DPp](?!\w)")
# An emoticon standing as a word where the match starts (:), ;-), :D, XD).
_EMOTICON_BEFORE = re.compile(r"(?:^|(?<=\s))(?:[:;=8][-']?[()DPpOo3\]\[/|]|[xX]D|\^\^)$")
# A dotted token ending where the match starts: a file name or domain (`notes.gz`,
# `example.com`), a dotted name (`buildbot.status.words.IRC`) or a version (`0.7.5`).
_FILE_NAME_END = re.compile(r"(?<![\w.])[\w-]*(?:\.[\w-]+)+$")  # (.NET too)
# A whole inline code span or role (``ls``, :exc:`LookupError`.): it ends where its marks
# close, so a mark outside it is the sentence's, not an argument of a command line.
_CODE_SPAN_TOKEN = re.compile(
    r"[(\[\"'“‘]*(?::[A-Za-z][\w.+:-]*:)?(`+)[^`]+\1_{0,2}[)\]\"'”’.,;:!?]*"
)


# A word set in emphasis (*force*, **note**, _word_): markup of prose, not a glob's star
_EMPHASIS_TOKEN = re.compile(
    r"[(\[\"'“‘]*(\*{1,2}|_{1,2})[^\W_](?:[^*_]*[^\W_])?\1[)\]\"'”’.,;:!?]*"
)


@guard("not-ellipsis")
def not_ellipsis(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A full stop that is part of a spaced ellipsis (``. . .``) stays spaced, whatever
    space sets its dots apart (an en space or a no-break space as well)."""
    p = _anchor(m)
    if text[p] != ".":
        return True
    before = text[m.start() - 1 : m.start()]
    after = text[p + 1 : p + 3]
    return (
        not (after[1:] == "." and after[:1].isspace()) and text[p - 2 : p] != ". " and before != "."
    )


@guard("currency-amount")
def currency_amount(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A currency sign glued after a lower-case word (charged£15) or an abbreviation
    (e.g.£5), not US$5, HK$10 or $HOME."""
    p = _anchor(m)
    prev = text[p - 1 : p]
    if prev == ".":
        if not text[p - 2 : p - 1].isalpha():
            return False
        # (e.g.£5 and pay.£5; but yargs.$0, this.$store: a member whose name starts with $)
        if text[p] != "$":
            return True
        before = text[max(0, p - 8) : p - 1].rsplit(None, 1)[-1:] or [""]
        return before[0].lower() in lexicon.ABBREVIATIONS or "." in before[0]
    if not prev.isalpha() or not prev.islower():
        return False
    if text[p] == "$" and _DOTTED_NAME_END.search(text, max(0, p - 120), p):
        return False  # net.minecraft.init.Bootstrap$10: a Java class's nested class
    left = _word_before(text, p)
    return (len(left) >= 2 and not left.isupper()) or left == "a"  # for a£50,000


# A dotted name that runs up to the point asked about (`net.minecraft.Bootstrap`).
_DOTTED_NAME_END = re.compile(r"\w\.[A-Za-z_]\w*$")


@guard("real-word-after")
def real_word_after(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The letters glued after a number's sign are a real word, not a unit or format."""
    word = m.group("word").lower()
    return word in lexicon.COMMON_WORDS or (len(word) >= 3 and word not in lexicon.UNITS)


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


# A command-line option after a dash that autocorrect made of its two hyphens.
_FLAG_AFTER = re.compile(
    r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?:=\S*)?(?![\w-])"  # –reserved-cpus, –max-old=4
    r"|[a-z]+(?= (?:flag|option|switch)\b)"  # –compare flag
    r"|[B-HJ-Z](?![\w-])"  # –D, –X:Frames (one letter, not the words I and A)
    r"|[A-Z][a-z]+[A-Z]\w*"  # –NoExit
    r"|[A-Z]\w* (?:arguments?|parameters?|options?|switch(?:es)?|flags?)\b"  # –Command argument
    r"|(?:alpha|beta|rc|pre)\d+(?![\w-])"  # a version's suffix, –beta1
)
# An ending written with a dash: short, and paired with another (–ът/–ят) or in a
# script other than Latin (–та).
_AFFIX = re.compile(r"[^\W\d_]{1,3}/[–-]|(?=[^\W\d_a-zA-Z])[^\W\d_]{1,3}(?![^\W\d_])")
# A command a few words back: the dash glued to the word after it was an option's hyphen.
# One to three lower-case letters, then no more of the word: a short flag's name.
_SHORT_FLAG = re.compile(r"[a-z]{1,3}(?![\w'’-])")
# A command line's signs: another flag, a path, a file name with its extension.
_COMMAND_SIGNS = re.compile(r"(?<!\S)--?[A-Za-z][\w-]*|(?<!\S)/\w+/|\w\.(?:[a-z]{1,3})(?!\w)")
_COMMAND_BEFORE = re.compile(
    r"\b(?:git|git-tf|npm|npx|pip|docker|kubectl|dotnet|nuget|cargo|yarn|brew|apt|apt-get"
    r"|curl|wget|ssh|rsync|tar|make|node|python|mvn|helm|terraform|az|aws|gcloud)"
    r"(?: [\w.-]+){0,3} \Z"
)


# A dash that autocorrect made of an option's two hyphens, the option holding _ or =.
_OPTION_DASH = re.compile(r"(?:^|(?<=\s))–[A-Za-z][\w-]*[_=]")
# A list item that opens with a link: an entry of a list of links.
_LINK_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\[[^\]\n]+\]\(")
# The halves of a mirrored pair, glued on the outside and spaced inside, within a sentence.
_MIRROR_FIRST = re.compile(r"[^\W\d_]–(?= )[^.!?]*$")
_MIRROR_SECOND = re.compile(r"[^.!?]* –(?=[^\W\d_])")  # (matched where the first ends)
_MIRROR_REACH = 60
_INCISO_REACH = 400  # characters a Spanish inciso's dashes may stand apart
_INCISO_HABIT = 2
# A whole inciso, its dashes set against the words they bracket (` –por ejemplo– `).
_INCISO = re.compile(r"(?<=\s)–(?=\w)[^–\n]{1,200}(?:\n[^–\n]{1,200}){0,2}(?<=\w)–(?=[\s,.;:])")


def _inciso_style(doc: str) -> int:
    """How many incisos a document sets as Spanish writes them (counted up to the habit)."""
    if " –" not in doc:
        return 0
    return sum(1 for _ in islice(_INCISO.finditer(doc), _INCISO_HABIT))
# The halves of a dash pair set against the words they bracket: " –inciso" … "inciso– ".
_GLUED_CLOSER = re.compile(r"–(?<=[^\W\d_]–)(?=[^\W\d_])")
_OPENING_DASH = re.compile(r"(?:^|(?<=\s))–(?=[\w(\[\"“‘])")
# (closed, the inciso may end with a hyphen typed for the dash: –como aquí y allí-.)
_CLOSING_DASH = re.compile(r"(?<=[\w)\]}\"”’])[–-](?=\s|[,.;:]|$)", re.M)


# A word opening with a vowel sound, after a space (not "one", "once", "u…": "A user").
_VOWEL_WORD = re.compile(r" (?!on(?:e|ce)\b)[aeio]")
# Particles that Slavic languages join to the word before with a hyphen.
_ENCLITIC = re.compile(r"(?:li|то|либо|нибудь|ка|таки)(?![^\W\d_])")
# Prefixes that are no words of their own: a dash after one joins it to what follows.
_DASH_PREFIXES = frozenset(
    """pre post non anti semi multi pseudo proto neo inter intra ultra hyper hypo micro
    macro meta mini trans uni tri sub co ex self""".split()
)


def _dash_chain(text: str, s: int, e: int) -> bool:
    """Whether the en dash at ``s`` links a word that a like dash links on its other side."""
    a = s - len(_word_before(text, s))
    b = e + len(_word_after(text, e))
    return (a >= 2 and text[a - 1] == "–" and text[a - 2].isalpha()) or (
        text[b : b + 1] == "–" and text[b + 1 : b + 2].isalpha()
    )


# A German coordinator just before a dash spaced on its left (`und –restrukturierungen`).
_COORDINATOR_BEFORE = re.compile(r"\b(?:und|oder|bzw\.|sowie) $")
# After a dash glued to its word: a conjunction, then a compound joined by a hyphen
# (`seeker– and employer-facing`, `Kinder– und Jugendarbeit` set with an en dash).
_SUSPENDED_AFTER = re.compile(r" (?:and|or|und|oder|et|ou|y|o|e|en) [^\W\d_]+[-–][^\W\d_]")


_OPTION_NAME = re.compile(r"[a-z][a-z0-9-]{2,}")


def _option_elsewhere(ctx: Context, name: re.Match[str] | None) -> bool:
    """Whether the document writes ``--name`` (the option a dash glued to ``name`` was)."""
    if name is None:
        return False
    option = "--" + name.group()
    return bool(ctx.doc_memo(("count", option), lambda doc: doc.count(option)))


@guard("dash-break")
def dash_break(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A dash glued between a phrase and a new clause, not a range or compound."""
    s, e = m.span()
    if s == 0 or e >= len(text):
        return False
    prev, nxt = text[s - 1], text[e]
    if not (_LATIN.match(prev) and _LATIN.match(nxt)):
        return False  # 1990–1995, pp. 10–12, a dash at a line edge, other scripts
    dash = m.group()
    if dash not in evidence.DASHES:
        d = m.start("d") if "d" in m.re.groupindex else s
        # "sharply– the", "simple –cut": one side already spaced; but "specifying
        # –reserved-cpus" is an option whose two hyphens autocorrect made a dash
        if text[d - 1 : d] == " " and _FLAG_AFTER.match(text, d + 1):
            return False
        if text[d - 1 : d] == " " and _COMMAND_BEFORE.search(text, max(0, d - 40), d):
            return False  # git reset –hard, git cat-file –p: an option after its command
        if (
            text[d - 1 : d] == " "
            and _SHORT_FLAG.match(text, d + 1)
            and _COMMAND_SIGNS.search(text, *ctx.line(d))
        ):
            return False  # ld test.o -lc –l, gcc main.c –lm: a flag among the command's
        if text[d - 1 : d] == " " and _option_elsewhere(ctx, _OPTION_NAME.match(text, d + 1)):
            return False  # "in the previous step –bucket is" where the document runs the
            # command with --bucket: the option, its two hyphens made a dash
        if text[d - 1 : d] == " " and _AFFIX.match(text, d + 1):
            return False  # masculine nouns use –ът/–ят: an ending set out, not a clause
        if (
            text[d - 1 : d] == " "
            and text[d + 1 : d + 2].islower()
            and _COORDINATOR_BEFORE.search(text, max(0, d - 8), d)
        ):
            return False  # Bankenabwicklungen und –restrukturierungen: a compound's second
            # part, its shared head left out (the hyphen typed as a dash)
        if text[d + 1 : d + 2] == " " and _SUSPENDED_AFTER.match(text, d + 1):
            return False  # job seeker– and employer-facing: a suspended compound's part
        ls, le = ctx.line(d)
        if _OPTION_DASH.search(text, ls, le):
            return False  # node –max_old_space_size=400 server.js –production: options
        # –un inciso– (Spanish, Basque, Catalan set the dash against the words it
        # brackets): an opening dash glued to its word with a closing one on the line
        if text[d - 1 : d] == " ":
            if _MIRROR_FIRST.search(text, max(ls, d - _MIRROR_REACH), d) is not None:
                return False  # one– and preferably only one –obvious: the second half
            if _CLOSING_DASH.search(text, d + 1, le) is not None:
                return False
        else:
            if _MIRROR_SECOND.match(text, d + 1, min(le, d + _MIRROR_REACH)) is not None:
                return False  # (a mirror pair, glued outside and spaced inside, as PEP 20's
                # joke sets it: a typist's slip does not make one)
            if _OPENING_DASH.search(text, ls, d) is not None:
                return False
        # (in Spanish and Portuguese, whose incisos run long, the pair's other half may
        # stand on another line of the paragraph: `años –con un cerebro⏎… erecta– que`)
        lang = language.language_at(text, d, ctx)
        if lang == language.UNKNOWN:
            lang = language.language_of_document(ctx)
        if lang not in ("es", "pt"):
            return True
        if text[d - 1 : d] == " " and _GLUED_CLOSER.search(text, d + 1, le) is not None:
            return False  # –comentó Juan–que: the pair's closer glued on both sides (a
            # style guide's wrong example, or a slip of its own): the pair stays as it is
        if ctx.doc_memo("inciso-style", _inciso_style) >= _INCISO_HABIT:
            return False  # a writer who sets incisos so: a half whose other one went
            # missing or got glued (específicos–se) is the same hand's
        ps, pe = ctx.paragraph(d)
        if text[d - 1 : d] == " ":
            return _CLOSING_DASH.search(text, d + 1, min(pe, d + _INCISO_REACH)) is None
        return _OPENING_DASH.search(text, max(ps, d - _INCISO_REACH), d) is None
    # lower–Upper is a clause break (website–I, passed–The); Title–Title and lower–lower
    # are compounds (London–Paris, north–south) unless the document says otherwise.
    if _word_before(text, s).lower() in _DASH_PREFIXES:
        return False  # pre–Spurious-Dragon, pre—formatted: a prefix, joined (or mistyped)
    if _ENCLITIC.match(text, e):
        return False  # Můžeš–li, кто–то: a bound particle whose hyphen was typed as a dash
    if dash == "–" and nxt.isupper() and _DECADE_BEFORE.search(text, max(0, s - 6), s):
        return False  # (1970s–Present): a range from a decade
    if dash == "–" and _dash_chain(text, s, e):
        return False  # Point–of–Contact: three words chained by the dash, one compound
    style = evidence.read(ctx, ("dash-style", dash), lambda doc: evidence.dash_style(doc, dash))
    if dash == "–" and nxt.isupper():
        right = _word_after(text, e)
        if len(right) > 1 and right.rstrip("s").isupper() and not style.spaced:
            return False  # human–AI teams where no dash is spaced: a compound with an acronym
        if not _word_before(text, s).islower():
            return False
        # a clause opens after the dash (website–I, passed–The), but a name the document
        # never writes in lower case joins a compound (acid–Schiff, glutathione–Sepharose)
        # where the document spaces no dash between words (one that does lost the spaces
        # of this one: percent of vote–Bola Ahmed TINUBU)
        return bool(
            style.spaced
            or right == "I"
            or right.lower() in identifiers.SENTENCE_WORDS
            or lexicon.lower_in_document(ctx, right)
        )
    if not style.spaced:
        return False  # (most glued dashes, in a document that never spaces them: asked first)
    left = _word_before(text, s)
    right = _word_after(text, e)
    if len(left) < 2 or not left[1:].islower():
        return False  # a capital after the first (EADS–Airbus) makes a name
    q = s - len(left) - 1  # where an opening quote before the word would stand
    if len(left) <= 5 and q >= 0 and text[q] in "\"“" and (q == 0 or text[q - 1] in " \t\n("):
        return False  # "Er—I hope", "Well—no": a speaker's first word, then a break in the
        # speech; dialogue closes such a hesitation up, whatever the narration does
    if not (right.islower() or (dash == "—" and nxt.isupper())):
        return False  # Title–Title: a name (Aasivissuit–Nipisat)
    if nxt.isupper() and left[0].isupper() and right.lower() not in identifiers.SENTENCE_WORDS:
        return False  # Linear Algebra—Vectors, Matrices: a title's own subtitle, unless a
        # sentence plainly starts (Smith—The vote)
    if dash == "–" and _joins_terms(text, s, e, left, right):
        return False
    if dash == "–" and _hyphen_twin(text, ctx, s, left):
        return False  # savoir-faire et savoir–être: the same word heads a hyphenated
        # compound nearby, so the dash stands for a compound's hyphen
    if dash == "—" and quoted_line(text, s):
        return False  # "> …her words—as she set them": a block quotation keeps its dashes
    if dash == "—" and ctx.mode == "markdown" and _LINK_ITEM.match(text, ctx.line(s)[0]):
        return False  # "- [Advance—But …](…) - taxes—a reference": a list of links quotes
        # each page's title and tagline, set in its own writer's style
    if dash == "—" and _closed_partner(text, s, e):
        return False  # analyzed—85% positive—Men: the pair's other half, closed up beside a
        # number, stays; spacing this one alone would set the pair two ways
    paired = dash == "—" and _em_pair(text, s, e)
    if paired and ctx.mode != "plain":
        return False  # application—including its windows—is, in a page someone wrote in
        # Markdown or reST: a pair closed up alike on both sides is the writer's choice
    # A document that spaces its dashes: a glued one between lower-case words (the
    # plan–it failed), or an em dash glued before a capital, lost its spaces. So did one
    # whose other half, around the same phrase, is spaced (rules—known as a policy — to).
    en = english(text, m, ctx)
    if (
        en
        and dash == "—"
        and language.language_of_document(ctx) not in ("en", language.UNKNOWN)
        and language.language_at(text, s, ctx) == "en"
    ):
        return False  # an English epigraph in a Portuguese book: the book's spaced dashes
        # are its own language's style, and English glues its em dashes as often
    half = dash == "—" and not paired and _spaced_partner(text, s, e)
    if not half and not style.glued_is_damage(left, dash, right, en, paired):
        return False
    if not half and dash == "—" and _glued_around(text, ctx, s):
        return False  # a paragraph that glues its other em dashes and spaces none: its
        # writer's style, in a text that joins many writers (a scraped collection)
    if en:
        return True
    lang = language.language_at(text, s, ctx)
    # In the other languages tidy knows, whose compounds it has no list of (clé—valeur),
    # only a clause that starts after the dash says so: a function word or sentence
    # opener (Unstable—para que, Brille—man macht), a word elided before the next
    # (relative—c'est, pré-version—n'a), or a capital after an em dash. German capitalises
    # its nouns and joins them with hyphens: a noun glued by a dash to a lower-case word
    # (Stein–am besten, Erden–hoffentlich) is no compound.
    return lang in language.CONVENTIONS and (
        nxt.isupper()
        or language.opener(lang, right.lower())
        or right.lower() in _DASH_CLAUSE_WORDS.get(lang, ())
        or (text[e + len(right) : e + len(right) + 1] in "'’" and lang in _ELIDING)
        or (lang == "de" and left[0].isupper())
    )


def _hyphen_twin(text: str, ctx: Context, s: int, left: str) -> bool:
    """Whether the paragraph joins ``left`` to another word with a hyphen (`savoir-faire`
    beside `savoir–être`)."""
    ps, pe = ctx.paragraph(s)
    i = text.find(left + "-", ps, pe)
    while i >= 0:
        if (i == 0 or not text[i - 1].isalnum()) and text[
            i + len(left) + 1 : i + len(left) + 2
        ].isalpha():
            return True
        i = text.find(left + "-", i + 1, pe)
    return False


_TERM_THEN_ACRONYM = re.compile(r"((?:[ -][A-Za-z]+){0,5}) \(([A-Z]{2,8})s?\)")


def _spelled_by_acronym(text: str, s: int, e: int) -> bool:
    """Whether the token text[s:e] opens a term that the acronym in brackets after it
    spells with the initials of all its words, the token's parts on either side of its
    colon among them (`Acute:Chronic Workload Ratio (ACWR)`)."""
    m = _TERM_THEN_ACRONYM.match(text, e)
    if m is None:
        return False
    words = re.split(r"[:\s-]+", text[s:e] + m.group(1))
    return "".join(w[:1] for w in words if w).upper() == m.group(2)


def _clause_follows(text: str, ctx: Context, end: int) -> bool:
    """Whether, on a line in another language than English, the word ending at ``end`` is
    followed by one of that language's function words (`incluyen:administrar el hardware`):
    the words after the colon run on as a clause, as a key's value does not."""
    lang = language.language_at(text, end, ctx)
    if lang in ("en", language.UNKNOWN, language.OTHER_SCRIPT):
        return False
    # (a function word among the next three, each a plain lower-case word: `popolari:molti
    # provider di servizi`, `simple:cada línea indica una`; code or a value breaks the run)
    for _ in range(_CLAUSE_REACH):
        if text[end : end + 1] != " ":
            return False
        nxt = _word_after(text, end + 1)
        if not nxt.isalpha() or not nxt.islower():
            return False
        if language.function_word(lang, nxt) or nxt in language.OPENERS.get(lang, ()):
            return True
        end += 1 + len(nxt)
    return False


_CLAUSE_REACH = 3


# Languages that elide a word before a vowel (c'est, l'on, dell'anno).
_ELIDING = frozenset({"fr", "it"})
# Short words that start a clause after a dash, beside the function words and sentence
# openers the language module lists (which other rules read across languages, so that
# `in` or `am` there would turn file names like `setup.in` into sentences).
_DASH_CLAUSE_WORDS = {
    lang: frozenset(words.split())
    for lang, words in {
        "de": """am im in um an auf aus bei mit nach von vor zu zum zur außer wie wo woher
            wohin denn sondern nicht nur""",
        "fr": "ni ou soit même surtout notamment",
        "es": "o u ni incluso sobre todo",
        "pt": "ou nem mesmo apenas inclusive sobretudo",
        "it": "in o né anche soprattutto",
    }.items()
}


# Words that head a noun phrase an en dash's relation qualifies (protein–ligand complexes,
# human–computer interaction), and the second halves of compound adjectives.
_RELATION_HEADS = frozenset(
    """equation equations interaction interactions complex complexes tensor dating
    repulsion attraction invariance logic bond bonds composite composites relationship
    ratio diagram reaction reactions boundary interface correlation tradeoff axis spectrum
    divide dichotomy merger coupling mechanism collaboration collaborations cooperation
    partnership partnerships relations relationships dialogue gap link links ties fit""".split()
)
_COMPOUND_TAILS = frozenset("winning based led born owned funded sponsored related".split())
# Measures a number word makes a compound adjective of (an eight–hour drama).
_MEASURES = frozenset(
    """second minute hour day week month year mile point game page inch foot metre meter
    kilometre storey story seat lane track man member part""".split()
)
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)
_DECADE_BEFORE = re.compile(r"(?<!\w)\d{2,4}s$")  # 1970s: a decade before a range's dash
_PAIR_REACH = 80  # how far the other dash of a pair is looked for
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n")  # (not app.Use: a name's dot)


def _em_partners(text: str, s: int, e: int) -> tuple[int, int]:
    """The nearest em dashes after and before the one at text[s:e], each within reach and
    with no sentence break between (-1 where there is none)."""
    after = text.find("—", e, e + _PAIR_REACH + 1)
    if after <= e or _SENTENCE_BREAK.search(text, e, after):
        after = -1
    before = text.rfind("—", max(0, s - _PAIR_REACH), s)
    if before >= 0 and _SENTENCE_BREAK.search(text, before, s):
        before = -1
    return after, before


def _closed_partner(text: str, s: int, e: int) -> bool:
    """Whether a partner of the glued em dash at text[s:e] is closed up on both sides but
    not between two letters (`—85%`): no repair touches it, so the pair keeps its style."""
    for i in _em_partners(text, s, e):
        if i > 0 and i + 1 < len(text) and not text[i - 1].isspace() and not text[i + 1].isspace():
            if not _glued_em(text, i):
                return True
    return False


def _em_pair(text: str, s: int, e: int) -> bool:
    """Whether the glued em dash at text[s:e] is one of a glued pair around a phrase in
    its sentence (Exxon—later ExxonMobil—was): a partner on either side is glued too."""
    return any(i >= 0 and _glued_em(text, i) for i in _em_partners(text, s, e))


def _glued_around(text: str, ctx: Context, s: int) -> bool:
    """Whether the text around the em dash at ``s`` (its paragraph, or the few thousand
    characters about it, a piece one writer wrote) glues another em dash between
    words and spaces none."""
    ps, pe = ctx.paragraph(s)
    reach = evidence.WRITER_REACH
    ps, pe = min(ps, max(0, s - reach)), max(pe, min(len(text), s + reach))
    if text.find(" — ", ps, pe) >= 0:
        return False
    i = text.find("—", ps, pe)
    while i >= 0:
        if i != s and _glued_em(text, i):
            return True
        i = text.find("—", i + 1, pe)
    return False


def _spaced_partner(text: str, s: int, e: int) -> bool:
    """Whether the nearest partner of the glued em dash at text[s:e] (the one after it
    first) is spaced on both sides: the two set a phrase apart, and one of them lost its
    spaces."""
    after, before = _em_partners(text, s, e)
    i = after if after >= 0 else before
    return i >= 0 and text[i - 1 : i] == " " and text[i + 1 : i + 2] == " "


def _glued_em(text: str, i: int) -> bool:
    """Whether the em dash at ``i`` has a letter on either side."""
    return (
        i > 0
        and _WORD_LETTER.match(text, i - 1) is not None
        and _WORD_LETTER.match(text, i + 1) is not None
    )


_WORD_LETTER = re.compile(r"[^\W\d_]")


def _joins_terms(text: str, s: int, e: int, left: str, right: str) -> bool:
    """Whether the glued en dash at text[s:e] joins terms rather than clauses: a relation
    or a range (subject–verb–object, stress–energy tensor, pp. xi–xii, Award–winning)."""
    if right in _COMPOUND_TAILS and left[:1].isupper():
        return True  # an Emmy Award–winning episode, a London–based firm
    if left.lower() in _NUMBER_WORDS and right in _MEASURES:
        return True  # an eight–hour drama: a measure
    if _ROMAN.fullmatch(left) and _ROMAN.fullmatch(right):
        return True  # pp. xi–xii: a range of pages numbered in Roman numerals
    after = e + len(right)
    # (a chain of terms, subject–verb–object, is kept before: see _dash_chain)
    nxt = _word_after(text, after + 1) if text[after : after + 1] == " " else ""
    if right in lexicon.NAME_PARTICLES and nxt[:1].isupper():
        return True  # the Korteweg–de Vries equation: two names, the second with its particle
    # protein–ligand complexes, proton–proton repulsion: a head noun after two terms (not
    # the facts–our government: a function word opens a clause)
    return (
        len(right) >= 4 and right not in lexicon.SENTENCE_STARTS and nxt.lower() in _RELATION_HEADS
    )


@guard("word-around")
def word_around(text: str, m: re.Match[str], ctx: Context) -> bool:
    """A word of two letters or more stands on each side of the match."""
    i = m.start()
    while i > 0 and text[i - 1] == " ":
        i -= 1
    left = _word_before(text, i)
    right = _word_after(text, m.end())
    if left.isdigit() and i < m.start() and m.group()[:1] in ".…":
        return False  # 01:14:36 ...AngelList?: a transcript's turn resumed after its time
    if i == m.start() and text.startswith("(", m.end() + len(right)):
        return False  # Add...Control(): the dots stand for the middle of a method's name
    return len(left) >= 2 and (len(right) >= 2 or right == "I") and right.isalpha()


@guard("not-quoted-omission")
def not_quoted_omission(text: str, m: re.Match[str], ctx: Context) -> bool:
    """Inside a quotation an ellipsis usually marks words left out, and news style writes
    it closed up (…the best...We forget…), in quotation marks or a block quotation's `>`
    lines: only an ellipsis in running text is spaced."""
    if quoted_line(text, m.start()):
        return False  # "> …types...If a": a block quotation, its omissions closed up
    s, _ = ctx.paragraph(m.start())
    before = text[s : m.start()]
    # („ opens a German pair that “ closes: each counts once, as “ and ” do in English)
    opened = before.count('"') + before.count("“") + before.count("„") - before.count("”")
    return opened % 2 == 0


@guard("not-house-ellipsis")
def not_house_ellipsis(text: str, m: re.Match[str], ctx: Context) -> bool:
    """The document does not glue its ellipses to words as a house style."""
    count = ctx.doc_memo(
        "glued-ellipses", lambda doc: sum(len(rx.findall(doc)) for rx in _GLUED_ELLIPSES)
    )
    return count < 3


_GLUED_ELLIPSES = (re.compile(r"\.\.\.(?<=\w\.\.\.)(?=\w)"), re.compile(r"…(?<=\w…)(?=\w)"))
