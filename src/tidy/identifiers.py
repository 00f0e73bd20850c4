"""Names, code and literals written inside prose: ``TL;DR``, ``repr(C, Int)``,
``Mapping[str, VT]``, ``"Key:Value"``, ``"print"ing``; and the facts about a document and
a line that :mod:`tidy.dotted` asks too (names glued by a full stop: ``time.MONOTONIC``).

Technical writing glues punctuation to words on purpose. The spacing rules ask here
whether a glued mark belongs to such a token before they call it damage. The answers
come from the token's shape (camelCase, ALLCAPS, an argument list), from where it
stands (enclosed in quotes, followed by a call's bracket) and from the document itself
(does it hold code at all; does it name the same identifier in inline code elsewhere).
Each check is cheap, and the document-wide facts are computed once per document.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from tidy import lexicon

if TYPE_CHECKING:
    from tidy.context import Context

# Tokens written with a glued mark by convention (lower case; the mark in place).
WELL_KNOWN = frozenset({"tl;dr", "tl:dr", "micro:bit"})

# Words that start a sentence far more often than they end a dotted or bracketed name:
# ``agenda.This`` is two sentences even in a technical document.
SENTENCE_WORDS = frozenset(
    """the this that these those it its we they he she i you your there here in on at for
    but and however a an our his her their when if as so then after before while although
    to also some many most all each every no not one please note see use what why how
    where which who with by from of or since because thus therefore instead otherwise
    finally first next now once only both such other another any yes do does is are was
    were can could should would will may might must my me us them let just even still
    more less after during until unless""".split()
)

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}
_TRAILING = ".,;:!?)]}…"
_OPENERS = frozenset("([{") | frozenset(_QUOTES)
_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
# A parameter's name in lower camelCase (startingValue; not a brand's iPhone or eBay).
_LOWER_CAMEL = re.compile(r"[a-z]{2,}(?:[A-Z][a-z0-9]*)+")


def lower_camel(word: str) -> bool:
    """Whether ``word`` is an identifier in lower camelCase (``addHandler``,
    ``startingValue``; not a brand's ``iPhone`` or ``eBay``)."""
    return _LOWER_CAMEL.fullmatch(word) is not None


_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}(?:e?s)")
_LETTERS_DIGITS = re.compile(r"[A-Za-z][0-9]")
_CLASS_NAME = re.compile(r"(?:[A-Z][a-z0-9]+){2,}")
_ACRONYM_CLASS = re.compile(r"[A-Z]{2,}[a-z0-9]{2,}(?:[A-Z][a-z0-9]+)*")  # IOError, HTTPServer
_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
_ARG = re.compile(r"\S+")
# Inside brackets, signs of an argument rather than words: a quoted literal, an
# assignment, a dotted or namespaced name, nested brackets, an arrow.
_CODE_INNER = re.compile(
    r"\A\s*['\"`]|=|[A-Za-z_]{2,}\.[A-Za-z_]{2,}|\w::?\w|[(\[{]|->"
    # an operator between operands (foo + 1; not N+1 drives), a pointer ending an argument
    # (char **argv; not *emphasis*), a C type opening a parameter list (unsigned char c)
    r"|\w \+ \w|\w\s*(?:&&|\|\|)\s*\w|\w\s+\*+[A-Za-z_]\w*\s*(?:,|\Z)"
    r"|\A\s*(?:const|unsigned|signed|int|char|struct|size_t|u?int\d+_t)\s+\**[A-Za-z_]"
)
# A word or words in braces (a cross-reference: {hacker ethic}), and the signs that
# would make an aside code after all.
_BRACED_NAME = re.compile(r"\{[A-Za-z][\w -]*\}")
_CODE_SIGN = re.compile(r"=|->|::|;|['\"`(\[]|[A-Za-z_]{2,}\.[A-Za-z_]{2,}")
# Words a trademark or a conventional symbol puts in brackets, glued: Jikes(TM).
_SYMBOL_INNER = frozenset({"TM", "SM", "R", "C", "c", "r"})
# Suffixes English glues to a quoted word: the "or"ed flags, two "Max"s, "print"ing, a
# request's "safe"ness. (None is a word of its own, as "less" or "ship" would be.)
ENGLISH_SUFFIXES = frozenset(
    "s es ed d ing er ers ish y ies ness ly ful ity ism ist ize ized izing ise ised ising"
    " ify ified".split()
)


def code_word(word: str) -> bool:
    """A word shaped like an identifier: camelCase or CamelCase with an inner capital
    (``getLogger``, ``BufRead``, ``NDArray``), snake_case, or letters then digits
    (``F401``, ``py314``). Ordinals and decades (``2nd``, ``1990s``) are not."""
    if "_" in word:
        return True
    if _ACRONYM_PLURAL.fullmatch(word):
        return False  # URLs, BIOSes: an acronym's plural
    return _CAMEL.search(word) is not None or _LETTERS_DIGITS.search(word) is not None


def well_known(text: str, p: int) -> bool:
    """The mark at ``p`` belongs to a token that is written glued (``TL;DR``, ``Micro:bit``)."""
    i = p
    while i > 0 and text[i - 1].isalpha() and p - i < 12:
        i -= 1
    j = p + 1
    while j < len(text) and text[j].isalpha() and j - p < 12:
        j += 1
    word = text[i:j].lower()
    if word in WELL_KNOWN or (word[-1:] == "s" and word[:-1] in WELL_KNOWN):  # TL;DRs
        return True
    if any(word.startswith(w) and text[i + len(w)].isupper() for w in WELL_KNOWN):
        return True  # TL;DRContext: the token, then a label glued to it
    if any(word.startswith(w) and len(word) - len(w) <= 4 for w in WELL_KNOWN):
        return True  # micro:biten, micro:bitens: the name with a Norwegian ending
    return _TL_TRANSLATED.fullmatch(word) is not None


# TL;DR as other languages write it ("trop long ; pas lu" is tl;pl): "tl" is no word
_TL_TRANSLATED = re.compile(r"tl[;:][a-z]{2,3}s?")


def quoted_literal(text: str, s: int, e: int) -> bool:
    """The token text[s:e] is one quoted literal with no space inside: ``"Key:Value"``,
    ``"unix,dos"``, ``'TestCommand?Test'``, ``"cfg("``. A value or a piece of syntax
    being mentioned, not two words of prose that lost their space."""
    if text[s] not in _OPENERS:
        return False  # (most tokens: one look settles it)
    while s < e and text[s] in "([{":
        s += 1
    while e > s and text[e - 1] in _TRAILING:
        e -= 1
    if e - s < 3:
        return False
    close = _QUOTES.get(text[s])
    return close is not None and text[e - 1] == close and text.count(close, s + 1, e - 1) == 0


_COMMAND_START = frozenset(":-+<\\/[$%@")


def in_quoted_command(text: str, p: int) -> bool:
    """The position sits inside a quoted command or option string on its line:
    ``":set ai,xx"``, ``"-o ro,noexec"``."""
    lo = max(0, p - 300)
    ls = text.rfind("\n", lo, p) + 1 or lo  # (a longer line: its last 300 characters)
    opener = text.rfind('"', ls, p)
    if opener < 0 or text.count('"', ls, p) % 2 == 0:
        return False
    return text[opener + 1 : opener + 2] in _COMMAND_START


def technical(ctx: Context) -> bool:
    """Whether the document holds code: reStructuredText, inline code, empty call
    brackets ``f()``, ``::``, five constants (``SSH_FXP_RENAME``). In such a document
    ``Name.Name`` and ``name(arg)`` are far more often identifiers than damage."""
    return bool(ctx.doc_memo(("technical", ctx.mode), lambda doc: _technical(doc, ctx.mode)))


# One identifier in single backticks: inline code in plain text (``…'' TeX quotes are not).
_CODE_SPAN = re.compile(r"`[A-Za-z_][\w.]*(?:\(\))?`")


# Two-character literals are looked for with the regex engine, which skips ahead to a
# rare first character faster than ``in`` and ``str.count`` scan for the pair.
_EMPTY_CALL = re.compile(r"\(\)")
_DOUBLE_COLON = re.compile("::")


def _technical(doc: str, mode: str) -> bool:
    if mode == "rst":
        return True
    # (inline code first: a backtick is found at once, the other signs need a full scan)
    first = doc.find("`")
    if first >= 0:
        if mode == "markdown":
            if doc.count("`") >= 2:
                return True
        elif _CODE_SPAN.search(doc, first) is not None:
            return True
    if _DOUBLE_COLON.search(doc) is not None:
        return True
    calls = _EMPTY_CALL.finditer(doc)
    if next(calls, None) is not None and next(calls, None) is not None:
        return True  # two f() at least
    return _constants(doc)


# An underscore inside a name in capitals (SSH_FXP_RENAME); the underscore first, a rare
# character the regex engine skips to quickly.
_CONSTANT_JOIN = re.compile(r"_(?<=[A-Z0-9]_)(?=[A-Z0-9])")
_CONSTANT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_CONSTANTS = 5  # different constants that make a plain-text document a technical one


def _constants(doc: str) -> bool:
    """Whether the document names five constants or more (``SSH_FXP_RENAME``,
    ``O_RDONLY``): a protocol's or an interface's specification, code's vocabulary."""
    seen: set[str] = set()
    n = len(doc)
    for m in _CONSTANT_JOIN.finditer(doc):
        i, j = m.start(), m.end()
        while i > 0 and doc[i - 1] in _CONSTANT_CHARS:
            i -= 1
        while j < n and doc[j] in _CONSTANT_CHARS:
            j += 1
        if doc[i].isalpha() and not (i and doc[i - 1].isalnum()) and not doc[j : j + 1].isalnum():
            seen.add(doc[i:j])
            if len(seen) >= _CONSTANTS:
                return True
    return False


_IDENT = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*")


def code_vocabulary(ctx: Context) -> frozenset[str]:
    """Identifiers (and dotted names, and each of their parts) that the document writes
    in inline code somewhere: the same word glued in prose is that identifier."""
    return ctx.doc_memo("code-vocabulary", _vocabulary)


def code_spans(ctx: Context) -> frozenset[str]:
    """The whole text of each short inline code span the document writes (`[ Laughter ]`):
    the same form in prose is that literal, written as the document shows it."""
    return ctx.doc_memo("code-spans", _spans)  # type: ignore[no-any-return]


def _spans(doc: str) -> frozenset[str]:
    return frozenset(p for p in _code_pieces(doc) if len(p) <= 40)


def _code_pieces(doc: str) -> list[str]:
    """What each inline code span of ``doc`` holds. A code span is a pair of backticks on
    one line (reST's ````x```` made single first); a lone backtick opens nothing. Only the
    stretch from the first backtick to the last can hold one: the rest of a long document
    is neither copied nor scanned."""
    first = doc.find("`")
    if first < 0:
        return []
    return _SPAN.findall(doc[first : doc.rfind("`") + 1].replace("``", "`"))


_COLON_NAME = re.compile(r"(?<![\w:])[A-Za-z_][\w-]*:[A-Za-z_][\w-]*(?![\w:])")
_SPAN = re.compile(r"`([^`\n]{1,200})`")


def _vocabulary(doc: str) -> frozenset[str]:
    found: set[str] = set()
    for piece in _code_pieces(doc):
        if len(piece.split()) > 3:
            continue  # (a quoted sentence between TeX-style ``quotes'' is not code)
        for name in _IDENT.findall(piece):
            found.add(name)
            if "." in name:
                found.update(name.split("."))
        if ":" in piece:
            found.update(_COLON_NAME.findall(piece))  # eslint:recommended, node:fs
    return frozenset(found)


def in_code(ctx: Context, *names: str) -> bool:
    """Whether every one of ``names`` appears in the document's inline code."""
    vocab = code_vocabulary(ctx)
    return bool(vocab) and all(n in vocab for n in names)


# Nouns that follow a name of a type, module or menu entry: ``pathlib.Path objects``.
KIND_AFTER = re.compile(
    r" (?:objects?|class(?:es)?|types?|instances?|modules?|methods?|functions?|attributes?"
    r"|menus?|entry|entries|item|items|packages?|namespaces?|constants?|enums?|properties"
    r"|scripts?|commands?|tasks?|presets?|targets?|projects?|librar(?:y|ies)|assembl(?:y|ies)"
    r"|plugins?|plug-ins?|add-ins?|frameworks?|extensions?|crates?|gems?|components?|files?"
    r"|property|fields?|interfaces?|protocols?|decorators?|exceptions?|errors?)\b"
)


_URL = re.compile(r"\S*(?:://|www\.)\S*")
# Code on a line: inline code, a role, a call, snake_case, an operator, a dotted name in
# lower case, a subscript, an identifier-shaped word.
_CODE_ON_LINE = re.compile(
    r"``[^`]+``|(?<![`\w])`[^`\s<][^`<]*`(?!_)|:[a-z]+:`|\w\((?:\)|[^)\s]*\)(?![^\W\d_]))|[a-z]\w*_\w"
    r"|::|->|[!=]=|[a-z_]{2,}\.[a-z_]{2,}|\w\[\w|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*"
    r"|\b[A-Za-z]+[0-9]\w*"
)


# A change-log entry: it cites an issue or pull request (``(#6663)``, ``[#20271](``,
# ``- #1203 Add``, reST's ``- `#4212 <https://…>`__: MAINT:``) or a commit (``-
# \\[905bec29ad] -``, ``* 089ee2c Docs:``). Such an entry is one terse line about code,
# whose glued ``net.Socket`` and ``Buffer(size)`` are names.
_CHANGELOG = re.compile(
    r"[(\[]#\d+[)\]]|^\s*[-*+] (?:`?#\d+ |\\?\[[0-9a-f]{7,40}\\?\]|`?[0-9a-f]{7,40} )"
    # an entry filed under a kind of change (`* [BUGFIX] …`), or closed by its pull
    # request's number (`… performance. #16365`)
    r"|^\s*[-*+] \[[A-Z]{3,}\] |(?<=[.)] )#\d+(?:, #\d+)*$|\[\[?GH-\d+\b",
    re.M,
)


def changelog_line(text: str, pos: int, ctx: Context) -> bool:
    """Whether the line around ``pos`` is a change-log entry (see ``_CHANGELOG``): read
    once per line (a bounded stretch of a very long one), however many candidates it
    holds."""
    ls, le = ctx.line(pos)
    return bool(ctx.memo(("changelog", ls, le), lambda: _CHANGELOG.search(text, ls, le)))


def code_line(text: str, pos: int, ctx: Context) -> bool:
    """Whether the line around ``pos`` holds code besides the token being judged."""
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    le = len(text) if le < 0 else le
    return bool(ctx.memo(("code-line", ls), lambda: _has_code_line(text[ls:le])))


def _has_code_line(line: str) -> bool:
    """:func:`_has_code`, memoised by the text for lines of ordinary length: each rule's
    context asks again, and documents repeat lines."""
    return _has_code_memo(line) if len(line) <= 2000 else _has_code(line)


@lru_cache(maxsize=4096)
def _has_code_memo(line: str) -> bool:
    return _has_code(line)


def _has_code(line: str) -> bool:
    if "://" in line or "www." in line:
        line = _URL.sub(" ", line)
    return _CODE_ON_LINE.search(line) is not None


def call_opening(text: str, b: int) -> bool:
    """The bracket at ``b`` opens a call or subscript: empty, or holding a literal, a
    nested bracket or one unspaced argument."""
    close = text.find(")" if text[b] == "(" else "]", b + 1, b + 80)
    if close < 0:
        return False
    inner = text[b + 1 : close]
    if inner == "" or inner[0] in "[(\"'" or " " not in inner:
        return True
    if _PARAMETER_CODE.search(inner):
        return True  # Array.Resize(ref T[]), List.Sort(Comparison<T> c): code's syntax
    args = inner.split(", ")  # (port, username, password): names, one word each
    return len(args) > 1 and all(_ARG_NAME.fullmatch(a) for a in args)


_ARG_NAME = re.compile(r"[A-Za-z_][\w.]*(?:=\w+)?")
# What only code writes in a parameter list: an array or generic type, a pointer or a
# reference, a scope, a lambda's arrow.
_PARAMETER_CODE = re.compile(r"\w\[\]|\w<\w|\w\*|[*&]\w|::|=>|->")


def tag_pair(left: str, right: str) -> bool:
    """Two labels glued by a comma, not words: ``ENH,TST``, ``TCP,IP``, ``BufRead,BufNewFile``,
    ``F401,F841``, ``py314,search``."""
    if len(left) >= 2 and len(right) >= 2 and left.isupper() and right.isupper():
        return True
    if code_word(right) and (code_word(left) or left.islower()):
        return True  # dh,x25519  resources,WebCryptoAPI
    return code_word(left) and (code_word(right) or right.islower())


def list_token(token: str) -> bool:
    """A comma-separated run of short items, ellipses among them: ``a,b,c,...,aa,ab``."""
    parts = token.strip(_TRAILING).split(",")
    if len(parts) < 4:
        return False
    return all(len(x) <= 3 or x.strip(".…") == "" for x in parts)


def _args(inner: str) -> bool:
    """An argument list: comma-separated, each argument one token (``C, Int``, ``str, VT``,
    ``line, col``, ``, shape``, ``1, v:none, 3``)."""
    if "," not in inner:
        return False
    pieces = [x.strip() for x in inner.split(",")]
    return all(len(_ARG.findall(x)) <= 1 for x in pieces)


def _english_phrase(left: str, core: str) -> bool:
    """Whether the bracket glued after ``left`` holds an English phrase: two words or more
    led by a function word (``which is rather obscure``, ``if any``, ``see note``), or
    after a function word (``or(more often)``): no code passes its arguments so."""
    from tidy import language  # (language needs the coderules package, which needs us)

    words = core.split()
    if len(words) < 2 or not words[0].isalpha():
        return False
    first = words[0].lower()
    if all(len(w) <= 3 for w in words):
        return False  # intent(in out): keywords as likely as a phrase
    return (
        language.function_word("en", first)
        or first in _PHRASE_OPENERS
        or language.function_word("en", left.lower())
    )


# A dotted name (a file, a host, a module) inside an aside: read apart from code signs.
_DOTTED_NAME = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")  # once per day(at 00:00): a time, not a field
# Prepositions that lead a two-word aside naming a file, a host or a time.
_PLACE_WORDS = frozenset("in on at from via see under into within".split())
# What only prose writes in brackets: a list closed by etc.
_ETC_END = re.compile(r",\s*etc\.?\s*\Z|,\s*and so on\s*\Z")
# Words that open a bracketed aside as often as function words do.
_PHRASE_OPENERS = frozenset("a see mostly usually often now formerly including especially".split())


_LIST_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'’][^\W_]+)*")


def _word_list(inner: str) -> bool:
    """Whether comma-separated ``inner`` lists words of prose (``erosion, salinization``,
    ``Australia, capt``), none shaped like an identifier."""
    pieces = [x.strip() for x in inner.split(",")]
    return all(_LIST_WORD.fullmatch(x) and not code_word(x) for x in pieces)


_LONG_CONSTANT = 7  # letters of a name in capitals that no acronym after a word has
# Constants a call is given that no acronym spells.
_CONSTANT_ARGS = frozenset("NULL NUL EOF TRUE FALSE stdin stdout stderr".split())
# Functions prose writes as calls (min(a, b), len(SEQUENCE)), no words that lose a space
# before a bracket.
_CALLED_FUNCTIONS = frozenset(
    """min max sum avg abs sqrt exp log ln sin cos tan floor ceil len repr isinstance
    issubclass getattr setattr hasattr delattr divmod sizeof typeof printf sprintf malloc
    strlen""".split()
)


_NUMBER_PREFIXES = frozenset("0x 0X 0b 0B 0o 0O".split())


def call_like(text: str, s: int, e: int, left: str, inner: str, ctx: Context) -> bool:
    """Whether a bracket pair glued after ``left`` (and not before a word) is code or a
    label rather than a bracketed phrase: a call or signature ``repr(C, Int)``,
    ``getLogger(name)``, ``TODO(skreft)``; a subscript or generic ``Mapping[str, VT]``;
    a commit label ``fix(security):``. A name with its acronym ``Organization(WHO)`` and
    a phrase ``table(below)`` in ordinary prose are not."""
    core = inner.strip()
    if not core or inner[:1] == " ":
        return False
    if core in _SYMBOL_INNER:
        return True  # Jikes(TM)
    if core in ("...", "…"):
        return True  # tp(...): a call whose arguments are left out
    if left in _NUMBER_PREFIXES:
        return True  # 0x(some hex code): a number's prefix before a placeholder for its digits
    if left.lower() in _CALLED_FUNCTIONS:
        return True  # min(max token lifetime, 24h): a function, whatever it is given
    if left in ("require", "import") and " " not in core:
        return True  # require(ESM), import(url): a module loaded (but we require(at least))
    head = s - len(left)
    while head > 0 and (text[head - 1].isalnum() or text[head - 1] in "-_"):
        head -= 1  # (a hyphenated or underscored name's first part: HMAC-Hash)
    if _ASSIGNED.search(text, max(0, head - 4), head):
        return True  # value = Serialized(EpochCounters structure), PRK = HMAC-Hash(salt, IKM)
    if _argument_of_call(text, s - len(left)):
        return True  # max(MSE(training set), MSE(test set)): a call's argument, a formula
    if _CODE_AFTER.match(text, e):
        return True  # (verify(sig, message, pubkey) => true/false): a signature's result;
        # foo(final int n) {: a definition's body opens
    if _called_again_on_line(text, s, left):
        return True  # hash(script) beside hash(c, root) on one line: one function
    if core.startswith("Of ") and code_word(left):
        return True  # IEnumerable(Of CloudBlob): Visual Basic's type arguments
    if (
        left.isidentifier()
        and _TYPED_PARAMETERS.fullmatch(core)
        and core.split(None, 1)[0].lower() not in SENTENCE_WORDS
    ):
        return True  # execute(String sql), compare(Object a, Object b): a signature (not
        # text(See below), a phrase that opens with a sentence's word)
    if (
        left.isidentifier()
        and _DEFINITION_END.match(text, e)
        and not text[text.rfind("\n", 0, head) + 1 : head].strip(" \t-*+>")
    ):
        return True  # Map(document file i): alone on its line: a definition's head, as
        # pseudo-code writes one
    if left.isidentifier() and core in _LITERALS:
        return True  # Ok(true), Some(None): a call given a language's literal
    if left.isidentifier() and _annotated_parameters(core):
        return True  # function(runState: RunState, gas: bigint): TypeScript's or Python's
        # parameters, each annotated with its type
    single = " " not in core
    if single and left[:1].isupper() and core.lower() in _TYPE_NAMES:
        return True  # Quantity(float), Unit(string): a property and its type
    if text[s] == "[" and single:
        return core.lower() not in ("sic", "sic!")  # NDArray[integer], Out[NN]
    if left[:1].isupper() and _ACRONYM.fullmatch(core) and not left.isupper():
        return False  # World Health Organization(WHO): a name and its acronym
    if _CODE_INNER.search(inner):
        # (an aside led by English words may name things in braces: a pipeline(see
        # {plumbing}), a complaint(often caused by a {glitch}); or a file or a host: DNS
        # first(to resolve ldap.example.com), a release(the Packages.xz of main is large))
        plain = _TIME.sub("", _DOTTED_NAME.sub("", inner))
        if _english_phrase(left, core) and _CODE_SIGN.search(plain) is None:
            if _BRACED_NAME.search(inner) is not None:
                return False
            words = core.split()
            # (two words where a preposition leads: configuration(in /etc/app.conf))
            named = len(words) >= 3 or words[0].lower() in _PLACE_WORDS
            return not (named and "{" not in inner and _CODE_INNER.search(plain) is None)
        return True
    if lexicon.ASIDE_ABBREVIATION.match(core) or _ETC_END.search(core):
        return False  # periods(e.g. 192.168.0.1), subsystem(e-mail, kernel, etc.): prose
    if left[:1].islower() and _CAMEL.search(left) and "," in core:
        return True  # assertEqual(A in B, True): a method given arguments, however worded
    if _english_phrase(left, core):
        return False  # TiVO(which is rather obscure), trail(if any), or(more often)
    if (
        _args(inner)
        and (text[s] == "[" or len(left) < 4 or technical(ctx) or not _word_list(inner))
    ):
        return True  # repr(C, Int); in a document with no code, (erosion, salinization)
        # and Pristina(Prishtine, Prishtina) list words
    if single and text[e : e + 1] == ":":
        return True  # fix(security):, runtime(hare):, EVT(suppressed):
    if code_word(left) and (left[:1].islower() or not (single and core.istitle())):
        return True  # getLogger(name), NetUserPass(...), cookieSession(Optionen)
    if signature_line(text, s, e):
        return True  # "### vhost(nom d'hôte, handle)": a line that is one signature
    if left.isupper() and len(left) >= 2 and single and core[:1].islower():
        return True  # TODO(skreft), FIRST(interior)
    if single and (_CLASS_NAME.fullmatch(core) or code_word(core)) and left[:1].islower():
        return True  # sizeof(PyArrayIterObject), include(CMakePrintHelpers)
    if left.islower() and core in _CONSTANT_ARGS:
        return True  # fflush(NULL), time(NULL): a function given a constant (not key(KEK))
    if (
        single
        and left.islower()
        and core.isupper()
        and len(core) >= _LONG_CONSTANT
        and technical(ctx)
    ):
        return True  # isset(SHINSTDIN): a constant longer than acronyms run (not name(GVKN))
    if single and core.isalnum() and lower_camel(core):
        return True  # Accumulator(startingValue): a parameter in camelCase, whatever the name
    class_name = _CLASS_NAME.fullmatch(core) or _ACRONYM_CLASS.fullmatch(core)
    if single and class_name and left[:1].isupper():
        return True  # Base(ActionBase), Exception(IOError); not Pension(MyCSP), Bank(BoE)
    if single and KIND_AFTER.match(text, e):
        return True  # the Base(Callbacks) class
    if single and left.isalpha() and changelog_line(text, s, ctx):
        return True  # "update Buffer(size) documentation (Ann) [#33198](…)"
    if single and left.islower() and core.istitle() and core.isalpha() and technical(ctx):
        return True  # derive(From), cfg(Test): a lower-case name given a type, in code's way
    if left.isalpha() and technical(ctx) and len(ctx.doc_memo("calls", _calls).get(left, ())) >= 3:
        return True  # FOLLOW(expr NT) beside FOLLOW(M), FOLLOW(`ty`): a function applied
    if single and left.islower() and technical(ctx) and _called_otherwise(ctx, left, core):
        return True  # cfg(FALSE) beside cfg(any()): a function the document calls
    if left.islower() and core.islower() and len(core.split()) <= 2:
        # str(mvoid), sizeof(long double), spam(eggs): a call where the document holds
        # code or names the function in inline code; table(below) in a news story is prose
        return technical(ctx) or in_code(ctx, left)
    return False


def _called_otherwise(ctx: Context, name: str, arg: str) -> bool:
    """Whether the document also writes ``name(`` glued to something other than ``arg``
    that only code writes: a function called with other arguments (``cfg(any())`` beside
    ``cfg(FALSE)``), not a word that lost its space once."""
    calls = ctx.doc_memo("calls", _calls).get(name, ())
    return any(a != arg and _CODE_ARGS.search(a) for a in calls)


# A round bracket glued to a letter, and what follows it up to the bracket's end (the
# bracket first: a pattern that opened with the name would be tried at every letter).
_GLUED_OPEN = re.compile(r"\((?<=[A-Za-z0-9_]\()([^)\n]{0,40})")


def _calls(doc: str) -> dict[str, set[str]]:
    """Every ``name(…)`` of the document: the name, and what each holds."""
    found: dict[str, set[str]] = {}
    for m in _GLUED_OPEN.finditer(doc):
        i = j = m.start()
        while i > 0 and (doc[i - 1].isalnum() or doc[i - 1] in "_-"):
            i -= 1
        if i and doc[i - 1] in ".":
            continue  # obj.method(…): a member, named with its object
        found.setdefault(doc[i:j], set()).add(m.group(1))
    return found


# Arguments only code writes: none, a call inside, an assignment, a literal, a comma
# with no space after it.
# The end of `name = ` just before a name: what follows is the value assigned (`= ` alone,
# not `==`, `<=` or a Markdown heading's underline).
_ASSIGNED = re.compile(r"(?<![=<>!])= ?$")
# Parameters each given a type before its name, as Java, C# and TypeScript's readers write
# them: `String sql`, `Map<String, Integer> counts`, `T data`.
_TYPE = (
    r"(?:final )?(?:[A-Z]|[A-Z][a-z]+[A-Z]\w*|String|Object|Integer|Long|Double|Float|Boolean"
    r"|Date|List|Map|Set|Array|Number|Char|Byte|Short|Void|Any|Int)(?:<[\w, ?]*>)?(?:\[\])?"
)
_TYPED_PARAMETERS = re.compile(rf"{_TYPE} [a-z]\w*(?:, {_TYPE} [a-z]\w*)*")
# A colon that ends the line just after a bracket: a definition's head (`Map(k, v):`).
_DEFINITION_END = re.compile(r":[ \t]*(?:\r?\n|\Z)")
# Literals of programming languages, which no bracketed phrase of prose holds alone.
_LITERALS = frozenset("true false null nil None True False undefined NULL nullptr".split())
# A parameter annotated after its name, as TypeScript, Python and Kotlin write it.
_ANNOTATED = re.compile(r"[a-z_]\w*\??: ?([A-Za-z_][\w.]*(?:<[^<>()]*>)?(?:\[\])?)")


def _annotated_parameters(core: str) -> bool:
    """Whether a bracket's content is parameters annotated with their types
    (``runState: RunState, gas: bigint``): two or more, or one whose type is a type's
    name (CamelCase, generic or built-in), not prose's ``(note: see below)``, ``(supports:
    CRUD)``."""
    parts = core.split(", ")
    types = []
    for part in parts:
        m = _ANNOTATED.fullmatch(part)
        if m is None:
            return False
        types.append(m.group(1))
    one = types[0]
    return len(types) >= 2 or code_word(one) or "<" in one or one.lower() in _TYPE_NAMES


# Types a property or parameter is given in brackets after its name.
_TYPE_NAMES = frozenset(
    """int integer float double decimal string str bool boolean char long short byte
    bytes number object array list dict map date datetime timestamp uuid bigint any void
    unknown symbol""".split()
)


# What follows a call or signature, not a bracketed phrase: an arrow, a comparison, an
# assignment's sign
_CODE_AFTER = re.compile(r" ?(?:=>|->|==|!=|:=|\{(?: |$))", re.M)


def _called_again_on_line(text: str, s: int, left: str) -> bool:
    """Whether the line of the bracket at ``s`` calls ``left`` elsewhere with arguments
    (``hash(c, root)`` beside ``hash(script)``) or none (``f()``): one function, not a
    word that a phrase repeats (``model(opens in a new window)``, twice)."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", s)
    le = len(text) if le < 0 else le
    call = left + text[s]
    close = ")" if text[s] == "(" else "]"
    i = text.find(call, ls, le)
    while i >= 0:
        j = i + len(left)
        if j != s and (i == ls or not text[i - 1].isalnum()):
            k = text.find(close, j, le)
            if k > 0 and (k == j + 1 or _args(text[j + 1 : k])):
                return True
        i = text.find(call, i + 1, le)
    return False


def _argument_of_call(text: str, start: int) -> bool:
    """Whether ``start`` lies inside the brackets of a call on its line, ``max(…`` (a
    bracket glued to a name, left open before ``start``)."""
    depth = 0
    ls = text.rfind("\n", 0, start) + 1
    for i in range(start - 1, max(ls, start - 200) - 1, -1):
        c = text[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i > ls and (text[i - 1].isalnum() or text[i - 1] == "_")
            depth -= 1
    return False
_CODE_ARGS = re.compile(r"^$|[(=\"']|,\S")


def signature_line(text: str, s: int, e: int) -> bool:
    """Whether the line holds nothing but ``name(…)`` (dotted names too), a heading's or
    list item's marks aside, or such a list item then a gloss after ``-`` or ``//``: the
    signature a reference page heads a section with, or a checklist of functions,
    translated or not (``#### Session.destroy(Rückruf)``, ``- [ ] erase(índice) - remove o
    nó``)."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    rest = text[e : le if le >= 0 else len(text)].strip()
    m = _ITEM_MARKS.match(text, ls, s)
    head = text[m.end() : s]
    if " " in head or not head:
        return False
    code_like = head[:1].islower() or "." in head or "_" in head  # not Hackers(the movie)
    inner = text[s + 1 : e - 1].strip()
    if rest.strip("*`") == "":
        return code_like or " " not in inner or "," in inner
    return m.group(1) is not None and code_like and _GLOSS.match(rest) is not None


# The marks before a heading's or list item's text (group 1: a list item's).
_ITEM_MARKS = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*|([-*+][ \t]+(?:\[[ xX]?\][ \t]*)?|\d+[.)][ \t]+))?[*`]*"
)
# A gloss after a signature in a list: "- erase(index) - remove the node", "// private".
_GLOSS = re.compile(r"(?:[-–—]|//)\s")


def bracket_prefix(inner: str, right: str, english: bool) -> bool:
    """A bracketed prefix glued to a name: ``(Ultra)SPARC``, ``(Open)VMS``; in German,
    ``(Einzel)Unternehmen``, where compounds are written that way."""
    return (
        " " not in inner
        and inner.isalpha()
        and inner[:1].isupper()
        and len(right) >= 2
        and (right.isupper() or code_word(right) or (not english and right[:1].isupper()))
    )


# Letters that prefix a string literal in code: b"bytes", r"raw", f"format", u"text".
STRING_PREFIXES = frozenset("b r f u br rb fr rf".split())


def string_prefix(text: str, q: int) -> bool:
    """The letters glued before the quote at ``q`` are a string literal's prefix (``b"hello"``)."""
    i = q
    while i > 0 and q - i < 3 and text[i - 1].isalpha():
        i -= 1
    return text[i:q].lower() in STRING_PREFIXES and (i == 0 or not text[i - 1].isalnum())


def caseless_letter(ch: str) -> bool:
    """Whether ``ch`` is a letter of a script without case (Bengali, Devanagari, Arabic,
    Han): one that is neither lower nor upper case."""
    return ch.isalpha() and not ch.islower() and not ch.isupper()


def quote_suffix(text: str, q: int, content: str, english: bool) -> bool:
    """Letters glued after the closing quote at ``q`` are a suffix of the quoted word,
    not the next word: the "or"ed flags, two "Max"s, "print"ing, Turkish "nedir"i. A
    short English word there (``"yes"and``, ``”is``) is the next word."""
    if caseless_letter(text[q + 1 : q + 2]):
        return True  # ‘রবীন্দ্র-সঙ্গীত’এর: a caseless script's ending, glued as its writers glue it
    j = q + 1
    n = min(len(text), q + 12)
    while j < n and text[j].isalpha():
        j += 1
    suffix = text[q + 1 : j]
    if not suffix.islower() or text[j : j + 1].isalpha():
        return False
    if _OPTION_LETTER.fullmatch(content):
        return True  # "-q"uiet, "-v"erbosely: an option's letter marked inside its word
    if len(suffix) <= 2 and (suffix not in SHORT_WORDS or suffix == "i"):
        return True  # StackOverflow"u, "İzle"yi: a suffix whatever the pairing
    if _TURKISH_SUFFIX.fullmatch(suffix) and not (english and suffix in _ENGLISH_LOOKALIKES):
        return True  # "scope"ları, "callback"tir, "method"lardan: case and copula endings
    if len(content.split()) > 3:
        return False
    if suffix in ENGLISH_SUFFIXES:
        return True
    if suffix in SHORT_WORDS and suffix != "i":  # (lower-case i: a Turkish suffix)
        return False
    return len(suffix) <= (2 if english else 5)


_OPTION_LETTER = re.compile(r"--?[A-Za-z]")

# Turkish writes a quoted word's endings glued to the closing quote: plural, possessive,
# case and copula in their vowel-harmony forms (lar/ler, ı/i/u/ü, da/de/ta/te, dır/tir…),
# stacked as the language stacks them: plural, possessive, case ("state"lerini,
# "component"lerinizden).
_V = "[ıiuü]"
_TURKISH_SUFFIX = re.compile(
    rf"(?:l[ae]r)?(?:{_V}m{_V}z|{_V}n{_V}z|[sy]?{_V}|{_V}m|n{_V})?"
    rf"(?:n?[dt][ae]n?|n?{_V}|n?[ae]|n{_V}n|[dt]{_V}r|[dt][ae]ki|y?l[ae]|y?[ae]|{_V}n)?"
)
def turkish_suffix(word: str) -> bool:
    """Whether ``word`` is one of the endings Turkish glues to a quoted or bracketed word."""
    return bool(word) and word.islower() and _TURKISH_SUFFIX.fullmatch(word) is not None


# (the hyphen first: a pattern opening with a lookbehind is tried at every position)
_HYPHEN_SUFFIX = re.compile(r"-(?<=\w-)([^\W\d_]{1,4})\b")
_SUFFIX_HABIT = 3  # a short ending the document hyphenates to words this often is a suffix


def document_suffix(ctx: Context, word: str) -> bool:
    """Whether the document glues ``word`` by a hyphen to other words three times or more
    (`BST-lar`, `API-lar`): an agglutinative language's ending, which it also glues to a
    bracket (`Array(massiv)lar`); never a short English word (`log-in`, `add-on`)."""
    if not word.islower() or len(word) > 4 or word in SHORT_WORDS:
        return False
    found: Counter[str] = ctx.doc_memo("hyphen-suffixes", _hyphen_suffixes)
    return found[word] >= _SUFFIX_HABIT


def _hyphen_suffixes(doc: str) -> Counter[str]:
    return Counter(_HYPHEN_SUFFIX.findall(doc)) if "-" in doc else Counter()


# English words that such an ending spells: in English text they are the next word.
_ENGLISH_LOOKALIKES = frozenset("in un den ten tan dan sun sin nine sine ya ye ".split())

# Short English words that may follow a closing quote: the next word, never a suffix.
SHORT_WORDS = SENTENCE_WORDS | frozenset(
    """and or of to in on at by for from as is are was were be been has have had said says
    told asks asked adds added replied wrote with into over than that what who whom whose
    was said he she it we they you me him her us them his its our too very not nor yet
    up out off about said say ok go went came own way did does do done am an""".split()
)
