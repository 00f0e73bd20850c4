"""Spaces around brackets: ``Pension(MyCSP)last`` → ``Pension (MyCSP) last`` and
``( now a museum )`` → ``(now a museum)``, only for bracketed phrases in prose."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tidy import evidence, identifiers, language, lexicon
from tidy.coderules import code_rule
from tidy.coderules.lines import line_bounds
from tidy.coderules.quotes import low_quote_open
from tidy.model import Change
from tidy.protect import LETTER, REF_DEF, is_technical

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

# two literal-first scans are much faster than one alternation
_PAIRS = (re.compile(r"\((?P<a>[^()\n]{1,100})\)"), re.compile(r"\[(?P<a>[^\[\]\n]{1,100})\]"))
_LETTER = re.compile(f"[{LETTER}]")
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-zÀ-ɏḀ-ỿͰ-ϿЀ-ӿ]")  # letters of scripts not in LETTER
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Hangul, kana and Han: Korean, Japanese and Chinese set a bracket against the word it
# glosses, Latin words included (`SSO(Single Sign-On) 자격`, `API(应用程序接口)`).
_GLUED_SCRIPTS = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")


def _lynx_formula(text: str, s: int, e: int) -> bool:
    """Whether ``[n]`` at text[s:e] is a subscript of a chemical formula written as one
    token of element symbols (``Si[8]O[22](OH)[2]``)."""
    a = s
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    b = e
    while b < len(text) and not text[b].isspace():
        b += 1
    return _FORMULA.fullmatch(text[a:b].rstrip(".,;:")) is not None


# A text browser's dump of a page: its links numbered in the text, listed at the foot.
_LYNX_REFERENCES = re.compile(
    r"^References\n\n(?:[ \t]*(?:Visible|Hidden) links:\n)?[ \t]*1\. \S", re.M
)


_SYMBOLS = re.compile(r"(?:[A-Z][a-z]?\d*)+")
_LIGAND = re.compile(r"[a-z]{2,8}")  # an abbreviated ligand, in brackets (pydppz, acac)


def _chemical(left: str, inner: str, text: str, e: int) -> bool:
    """Whether ``left(inner)`` is a chemical formula: element symbols before the bracket,
    symbols or a ligand's abbreviation inside it (a two-letter symbol somewhere: BBC(UK)
    is a name and its country), or a second bracket glued after it."""
    if _SYMBOLS.fullmatch(left) is None:
        return False
    if _SYMBOLS.fullmatch(inner):
        return any(c.islower() for c in left + inner)
    return _LIGAND.fullmatch(inner) is not None and text[e : e + 1] == "("


def _quoted_call(text: str, s: int, e: int) -> bool:
    """Whether the bracket [s, e) closes a name's call that quotes hug whole:
    ``"print(highscore)"``, ``'len(x)'``."""
    i = s
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_."):
        i -= 1
    opened = 0 < i < s and text[i - 1] in "\"'`“‘"
    return opened and text[e : e + 1] in "\"'`”’" and " " not in text[s:e]


def _lynx_dump(doc: str) -> bool:
    """Whether ``doc`` is lynx's dump of a page, whose ``content[12]Skip`` is its numbered
    link before the link's words, not a citation closing the words before it."""
    return "References\n" in doc and _LYNX_REFERENCES.search(doc) is not None


_FORMULA = re.compile(r"(?:[A-Z][a-z]?|\[\d{1,3}\]|[(),])+")
# The three-letter names of amino acids, as a mutation's notation writes them.
_RESIDUE = re.compile(
    r"(?:Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val)"
)
# What follows a function applied in an equation: dim(image) = 1024.
_EQUATION_AFTER = re.compile(r" ?[=≈≠≤≥] ")


def _east_asian(doc: str) -> bool:
    """Whether a document is written in Korean, Japanese or Chinese: of the lines of its
    head outside code fences that hold words, as many hold Hangul, kana or Han as do not
    (letters would count a link's address and code)."""
    head = doc[:_EAST_ASIAN_HEAD]
    if _GLUED_SCRIPTS.search(head) is None:
        return False  # (most documents: one scan at C speed)
    east = latin = 0
    fenced = False
    for line in head.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif fenced:
            continue
        elif _GLUED_SCRIPTS.search(line):
            east += 1
        elif _LATIN_WORD.search(line):
            latin += 1
    return east >= 3 and east >= latin


_LATIN_WORD = re.compile("[A-Za-z]{3}")
_EAST_ASIAN_HEAD = 16_384


def _word_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1].isalnum():
        i -= 1
    return text[i:pos]


def _word_after(text: str, pos: int) -> str:
    j = pos
    while j < len(text) and text[j].isalnum():
        j += 1
    return text[pos:j]


def _compound_start(text: str, i: int) -> int:
    """Start of the word at ``i`` with what elision and hyphens join to it: l'exécuter,
    dell'anno, celui-ci (the mark between letters is prose, not code's syntax)."""
    while i >= 2 and text[i - 1] in "-'’" and text[i - 2].isalpha():
        i -= 1
        while i > 0 and text[i - 1].isalpha():
            i -= 1
    return i


# Prefixes a writer brackets off a word, capitalised in a title: (Inter)Net, (Ultra)SPARC.
_PREFIXES = frozenset(
    """inter intra ultra super hyper hypo anti counter multi micro macro mega meta non
    pre post pro sub over under out self semi mini trans uni tri bi co de dis mis un re
    in im il ir en em ex extra neo pseudo proto poly mono auto""".split()
)


# Chemical names: multiplying prefixes glued to a bracket and a substituent's name ending
# glued before a word; a German compound's lower-case optional part of three letters or
# more (Berg(polizei)verordnungen; not friend(s)were, whose "were" is a word of its own).
_MULTIPLIERS = ("bis", "tris", "tetrakis", "pentakis", "hexakis")
_SUBSTITUENT = re.compile(r"[A-Za-z0-9,'-]*(?:yl|imino|amino|oxy|thio|yliden)")
_INFIX = re.compile(r"[a-zäöüß0-9][a-zäöüß0-9,'-]{2,}")
# Endings that inclusive writing puts in brackets after a noun, in French, German, Spanish,
# Portuguese and Italian.
_GENDER_ENDINGS = frozenset(
    "es euse euses trice trices rice rices nne nnes lle lles ère ères ve ves ice ices innen "
    "as os".split()
)


# Endings that make a longer word of the one they are glued to, bracketed as optional.
_WORD_ENDINGS = frozenset(
    """ology ologies ological ologist ologists ism isms ist ists ness ment ments ation
    ations ization isation ity ities ize ise ized ised ally ical ically""".split()
)


def _affix(inner: str, left: str, right: str) -> bool:
    """A bracketed piece of a word rather than a phrase: (re)discovered, (anti)slashes,
    (Inter)Net, friend(s), Frenchwoman(women), [KC]arl, ENT[JP]; or of a chemical name:
    tris(decyl)ester, Bis(hydriertes Talg-Alkyl)amin, (Methylimino)diethan."""
    if left.lower().endswith(_MULTIPLIERS):
        return True  # bis(…), tris(…): a chemical name's multiplied part
    if right[:1].islower() and _SUBSTITUENT.fullmatch(inner):
        return True  # (Methylimino)diethan, (2-hydroxyethyl)amine
    if " " in inner or not inner.isalpha():
        return False
    if right and not left:
        if inner.isupper() and right[:1].isupper() and right[1:2].islower():
            return False  # (CNN)The storm, (AP)Officials: a dateline's source, then a word
        return inner.islower() or len(inner) <= 3 or inner.lower() in _PREFIXES
    if left and not right:
        if left.isupper() and inner.isupper():
            return True
        low = inner.lower()
        if low in _GENDER_ENDINGS:
            return True  # développeur(euse), Lehrer(innen), amigo(as): the other gender's ending
        if low in _WORD_ENDINGS and left.isalpha() and left.islower():
            return True  # method(ology), optimi(zation): the longer word, optional part
        return inner.islower() and any(low[i : i + 3] in left.lower() for i in range(len(low) - 2))
    return False


def _german_infix(text: str, ctx: Context, s: int, inner: str, right: str) -> bool:
    """Whether a lower-case bracket glued inside a word is an optional part of a German
    compound (Berg(polizei)verordnungen), not an aside before a word (rose(again)in)."""
    return (
        _INFIX.fullmatch(inner) is not None
        and not language.function_word("de", right.lower())
        and language.language_at(text, s, ctx) == "de"
    )


def _repeated_glued(text: str, ctx: Context, left: str, s: int, e: int) -> bool:
    """Whether ``left(ACRONYM)`` glued as at text[s:e] stands on more than one distinct
    line of the document (in any case): the writer's spelling of a name such as
    ``Render(ATL)``, not a space lost once. Copied lines count once, and a word in the
    brackets (``Spanish(Argentina)``) is left to the other checks."""
    inner = text[s + 1 : e - 1]
    if not (2 <= len(inner) <= 6 and inner.isalpha() and inner.isupper()):
        return False
    token = (text[s - len(left) : s] + text[s:e]).lower()
    return len(ctx.doc_memo("glued-brackets", _glued_brackets).get(token, ())) > 1


def _glued_brackets(doc: str) -> dict[str, set[int]]:
    """Every ``word(…)`` and ``word[…]`` of the document, lower-cased, with the hashes of
    the distinct lines it stands on, in one scan that starts at each bracket."""
    found: dict[str, set[int]] = {}
    for rx in _PAIRS:
        for m in rx.finditer(doc):
            s = m.start()
            if s and doc[s - 1].isalpha():
                ls, le = line_bounds(doc, s)
                token = (_word_before(doc, s) + m.group()).lower()
                found.setdefault(token, set()).add(hash(doc[ls:le]))
    return found


_GLUED_WORD_BRACKET = re.compile(r"\((?<=[^\W\d_]\()([^\W\d_]{1,12})\)")
_NOTATION_USES = 3


def _glued_notations(doc: str) -> dict[str, tuple[int, frozenset[str]]]:
    """Each bracketed word glued after letters in the document: how often, and after
    which words (the last three letters of each)."""
    uses: Counter[str] = Counter()
    bases: dict[str, set[str]] = {}
    for m in _GLUED_WORD_BRACKET.finditer(doc):
        inner = m.group(1)
        uses[inner] += 1
        bases.setdefault(inner, set()).add(doc[max(0, m.start() - 3) : m.start()])
    return {inner: (n, frozenset(bases[inner])) for inner, n in uses.items()}


def _glued_notation(ctx: Context, inner: str) -> bool:
    """Whether the document glues ``(inner)`` after letters three times or more, after
    two words at least (a notation applied: wäf(hoch)b, pk(hoch)c; the same slip copied,
    Pension(MyCSP) on every page, is one word), and more often than it sets it after a
    space (methacrylate(EINECS) among 32 spaced ones is a slip)."""
    uses, bases = ctx.doc_memo("glued-notations", _glued_notations).get(inner, (0, ()))
    if uses < _NOTATION_USES or len(bases) < 2:
        return False
    spaced = ctx.doc_memo(("spaced-notation", inner), lambda doc: doc.count(f" ({inner})"))
    return uses > spaced


# An attribute block after a bracketed span: {.class}, {#id}, {key="value"}, {.a .b}.
_ATTRIBUTES = re.compile(r"\{[.#]?[A-Za-z][\w-]*(?:=[^}\n]*)?(?:[ \t]+[^}\n]*)?\}")
# A substituent's position opening a chemical name's bracket: p-, o-, m-, 2,6-, N-, 1H-.
_LOCANT = re.compile(r"(?:[opm]|\d{1,2}(?:,\d{1,2})*[A-Z]?|[NOS](?:,[NOS])*)-[a-z]")
# What may follow a bracket that ends its line: a stop, then the break.
_ENDS_LINE = re.compile(r"[.,;:]?[ \t]*(?:\r?\n|\Z)")
# One argument, as a style sheet or a program writes it: auto, 20em, min-content.
_ARGUMENT = re.compile(r"[a-z0-9][\w.%-]*")
# Unicode's subscripts (E₁, Kₜ, xᵢ): a symbol's index, as mathematics writes one (not the
# superscripts, which units share: area(m²)was)
_SUBSCRIPT = re.compile("[\u2080-\u209c\u1d62-\u1d6a]")
# A camel-case or snake-case name inside brackets: code's argument, not a phrase.
_CODE_WORD_IN = re.compile(r"\b[a-z]+[A-Z]\w*|\b[A-Za-z]+_\w+")


def _free_word(ctx: Context, word: str) -> bool:
    """Whether the document writes ``word`` as a word of its own somewhere, not run on
    into or out of a square bracket (`propor]`, `]tion`)."""

    def free(doc: str) -> bool:
        return re.search(rf"(?<![\w\]\[]){re.escape(word)}(?![\w\]\[])", doc) is not None

    return bool(ctx.doc_memo(("free-word", word), free))


def _written_again(ctx: Context, bracketed: str) -> bool:
    """Whether the document sets ``bracketed`` (spaces inside and all) on a line of its
    own too: a marker it uses as written (a transcript's ``[ applause ]``), where a copied
    link text or credit repeats one slip."""
    if ctx.doc_memo(("count", bracketed), lambda doc: doc.count(bracketed)) < 2:
        return False
    def alone(doc: str) -> bool:
        return re.search(rf"^[ \t]*{re.escape(bracketed)}[ \t]*$", doc, re.M) is not None

    return bool(ctx.doc_memo(("alone", bracketed), alone))


# C's parameters, typed: `( const char * str1, const char * str2 )`.
_C_PARAMETERS = re.compile(
    r"\b(?:const|unsigned|signed|void|char|int|long|float|double|size_t|struct)\b[\w ]*\*"
)


# A call with a string argument or none: `chdir("/")`, `fork()`.
_CALL_ON_LINE = re.compile(r"\b[a-z_]\w*\((?:\"[^\"\n]*\"|'[^'\n]*'|)\)")
# A call's named argument and its literal value (`even_low: True`, `type="uint"`).
_NAMED_ARGUMENT = re.compile(
    r"\b(?:[a-z]+_\w+[:=] ?(?:\d|\"|')|[A-Za-z_]\w*[:=] ?(?:True|False|None|true|false|null)\b)"
)


# The types a Conventional Commits title opens with, before its `(scope):`.
_COMMIT_TYPES = frozenset(
    "feat fix docs chore refactor perf test tests build ci style revert deps".split()
)


def _glued_label(ctx: Context, label: str) -> bool:
    """Whether the document opens lines with ``label`` and a bracket glued to it before a
    colon, two or more, around different words, and never spaces it so: the labels of a
    list of values (``Six Word(CORRECT):``, ``Six Word(INCORRECT PARITY):``), not labels
    that share a last word, damaged (``Inflation rate(consumer prices):``)."""
    if not label or len(label) > _LABEL_MAX:
        return False
    pattern = re.compile(rf"^[ \t]*{re.escape(label)}( ?)\(([^()\n]*)\):", re.M)

    def glued_only(doc: str) -> bool:
        found = pattern.findall(doc)
        # (labels of different values, which no lower-case aside opens: one label damaged
        # twice holds the same words, Health expenditure(as % of GDP): an aside)
        return (
            len({inner for _, inner in found}) >= 2
            and all(not gap for gap, _ in found)
            and not any(inner[:1].islower() for _, inner in found)
        )

    return bool(ctx.doc_memo(("glued-label", label), glued_only))


_LABEL_MAX = 40


def _mirrored(ctx: Context, left: str, inner: str) -> bool:
    """Whether the document also writes ``(left)inner``: the two words are one compound
    with either part optional (Dutch `systeem(laag)` and `(systeem)laag`)."""
    mirror = re.compile(re.escape(f"({left}){inner}"), re.I)
    return bool(ctx.doc_memo(("mirrored", left, inner), lambda doc: mirror.search(doc)))


def _turkish_line(text: str, ctx: Context, ls: int, le: int) -> bool:
    """Whether the line text[ls:le] shows Turkish letters (read once per line)."""
    return bool(
        ctx.memo(("turkish", ls), lambda: language.TURKISH.search(text, ls, le) is not None)
    )


def _whole_line(text: str, s: int, e: int) -> bool:
    """Whether the brackets text[s:e] are all that their line holds."""
    ls, le = line_bounds(text, s)
    return not text[ls:s].strip() and not text[e:le].strip()


# A list item's marker: a bullet or a number.
_ITEM_MARK = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")


def _lone_item(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is all that its list item holds, one token and a marker before
    it (a list of names: `- [Signed]Numeric`, `- (Open)VMS`)."""
    ls, le = line_bounds(text, s)
    mark = _ITEM_MARK.match(text, ls, s)
    return mark is not None and mark.end() == s and not text[e:le].strip(" \t\r.,;")


def _english_line(text: str, ctx: Context, pos: int) -> bool:
    ls, le = line_bounds(text, pos)
    return ctx.memo(("en", ls), lambda: lexicon.looks_english(text[ls:le]))


def _english_text(text: str, ctx: Context, pos: int) -> bool:
    """Whether the line at ``pos`` reads as English, and the document does too where the
    line is too short to tell (a Dutch list item, `- (Status)Responsecodes en …`)."""
    if not _english_line(text, ctx, pos):
        return False
    ls, le = line_bounds(text, pos)
    if len(text[ls:le].split()) >= _FEW_WORDS:
        return True
    return language.language_of_document(ctx) in ("en", language.UNKNOWN)


_FEW_WORDS = 8  # a line of fewer words shows too little of its language alone
_QUOTE_CHARS = frozenset("\"'`")
_MENTIONS = lexicon.MENTION_WORDS | {"a", "an", "the"}


def _mentioned(text: str, s: int, e: int, inner: str) -> bool:
    """A bracket talked about rather than used: an article or a mention word stands
    before the opening one (``the ( somewhere``) or inside before the closing one
    (``typed a )``)."""
    before = text[max(0, s - 20) : s].rstrip().rsplit(None, 1)
    last_inside = inner.rstrip().rsplit(None, 1)
    return (bool(before) and before[-1].lower() in _MENTIONS) or (
        bool(last_inside) and last_inside[-1].lower() in _MENTIONS
    )


# A container or leaf directive's name before its label (:::note[Title], ::video[Title]).
_DIRECTIVE = re.compile(r"[ \t>]*:{2,}[A-Za-z][\w-]*")
# A ticket's number in a tracker's title: Requests-1191964, #4521.
_TICKET = re.compile(r"\w-\d{3,}|#\d{3,}")
# A pointer type or operator inside brackets: sockaddr\*, char *, a->b, std::string (a
# star that pairs with another is emphasis: (*really*)).
_POINTER = re.compile(r"\w ?\\\*(?![\w*])|->|::")
_STAR = re.compile(r"\w ?\*(?![\w*])")
# Emphasis marks hugging the brackets' inside: (_Sulky and sleepy._), [*sic*]
_EMPHASIS_INSIDE = re.compile(r"(?<=[(\[])[_*]+|[_*]+(?=[.,;:!?]*[)\]])")


# A list item that is a contributor's name, marked + for a first contribution (NumPy's,
# SciPy's generated release lists).
_CONTRIBUTOR_LINE = re.compile(r"[ \t]*[*-] [^\n]{1,60} \+[ \t]*")
_STRING_MARKS = frozenset("\"'“‘«`")
# A bracket's whole content one quoted string: a call's argument.
_STRING_ARGUMENT = re.compile(r'"[^"]*"|\'[^\']*\'|“[^”]*”|‘[^’]*’|`[^`]*`')

# A whole word in markup: emphasis (*loggers*, _word_) or inline code and roles
# (``bytes``, :dfn:`set`), trailing punctuation aside.
_EMPHASIS_WORD = re.compile(r"([*_]{1,2})([^\s*_`]+)\1([.,;:!?]*)")
_CODE_WORD = re.compile(r"(?::[A-Za-z][\w.+:-]*:)?(`+)[^`\s]+\1[.,;:!?]*")


def _unmarked(word: str, code: bool = False) -> str:
    """``word`` without the emphasis around it; with ``code``, an inline code span or
    role as one neutral word (the phrase ends in code, the glue outside is prose's)."""
    if code and _CODE_WORD.fullmatch(word):
        return "x"
    m = _EMPHASIS_WORD.fullmatch(word)
    return m.group(2) + m.group(3) if m else word


def _technical_around(
    text: str, ctx: Context, s: int, e: int, inner: str, right: str, sides: tuple[bool, bool]
) -> bool:
    """Whether code, a path or a URL is glued to the brackets text[s:e]. Around a phrase
    (words and spaces inside) only the words that touch a bracket count, inside and out,
    and only on a side where something is glued (``sides``: before, after; neither for a
    padded pair): the phrase may itself name a pair or a path in its middle (`(excluding
    grants/extrabudgetary units)`) or at its unglued end (`dur(dans le fichier
    /var/lib/dpkg)`) and still be prose."""
    ts, te = ctx.token(s)
    words = inner.split()
    if " " not in inner.strip():
        return is_technical(text[ts:te]) or is_technical(text[ts : ctx.token(e - 1)[1]])
    before, after = sides if any(sides) else (True, True)
    opening = _EMPHASIS_INSIDE.sub("", text[ts:s] + text[s] + _unmarked(words[0]))
    closing = _EMPHASIS_INSIDE.sub("", _unmarked(words[-1], code=True) + text[e - 1] + right)
    # A name or path glued to a phrase of the line's own language is prose's glue (in
    # another language than English: security.debian.org(un piccolo insieme …),
    # (in /etc/vsftpd.conf)erfordert); code does not open or follow its brackets so.
    return (
        before
        and is_technical(opening)
        and not language.native_words(text, s, ctx, _unmarked(words[0]))
        and not lexicon.ASIDE_ABBREVIATION.match(words[0])  # periods(e.g. 10.0.0.1)
    ) or (
        after
        and is_technical(closing)
        and not language.native_words(text, s, ctx, right)
        and not _english_glue(text, ctx, s, _unmarked(words[-1], code=True), right)
    )


# A path, a fraction or a dotted name ending a phrase: no code punctuation in it.
_PLAIN_PATH = re.compile(r"[\w./-]+")


def _english_glue(text: str, ctx: Context, s: int, last: str, right: str) -> bool:
    """Whether a phrase ending in a path or a fraction is glued to an English function
    word after its bracket, as prose glues it (`(at 1.5 Mbits/second)was`, `(see
    /etc/default/locale)that`): code does not go on with a word after a bracket."""
    return (
        _PLAIN_PATH.fullmatch(last) is not None
        and language.function_word("en", right.lower())
        and language.language_at(text, s, ctx) == "en"
    )


def _curly_unpaired(inner: str) -> bool:
    """Whether ``inner`` holds an unpaired curly double quote. German (and Czech, Polish,
    Dutch) opens low, „so“ or „so”; English opens high, “so”."""
    if "„" in inner:
        return low_quote_open(inner)
    return inner.count("“") != inner.count("”")


# A definition's keyword before the name (`# fn work(on: Project) -> Money`, `def f(x)`):
# the brackets hold parameters, however the line around reads.
# (Kotlin's fun, an English word too, only where it opens the line or its list item)
_DEFINITION = re.compile(
    r"(?:.*[\s`*#>(])?(?:fn|def|func|function|void)\s+|[ \t]*(?:[-*+] +)?`?fun\s+"
)


def _link_ending(text: str, ctx: Context, e: int, label: str, right: str) -> bool:
    """Whether ``right``, glued after the reference link ``[label]`` ending at ``e``, is an
    inflection's ending (one to three lower-case letters, no word of its own) and the
    document defines the label (``[label]: address``), so the brackets are a link's."""
    if not (right.islower() and len(right) <= 3 and right not in identifiers.SHORT_WORDS):
        return False
    if text[e + len(right) : e + len(right) + 1].isalpha() or ctx.mode != "markdown":
        return False
    return label.lower() in ctx.doc_memo("link-labels", _link_labels)


def _link_labels(doc: str) -> frozenset[str]:
    """The labels of the document's link reference definitions (``[label]: address``)."""
    if "]:" not in doc:
        return frozenset()
    return frozenset(
        m.group().lstrip(" ")[1:].split("]", 1)[0].lower() for m in REF_DEF.finditer(doc)
    )


# An emoticon ending a bracket's words, which the space keeps apart from the bracket.
_EMOTICON_END = re.compile(r"(?:^|\s)(?:[:;=8][-']?[DPpOo3]|[xX]D|<3)$")
# A prefix word left hanging by its hyphen: (partial self-)suggestion.
_CAMEL_NAME = re.compile(r"(?:[A-Z][a-z]+){2,}")  # BucketAccess, VolumeSnapshot
_SUSPENDED = re.compile(r"(?<![\w-])[^\W\d_]{3,}-$")
# An HTML entity ending just before a bracket (&emsp;[1.1 Structure …]).
_ENTITY_BEFORE = re.compile(r"&#?\w+;$")


def _after_link(text: str, e: int) -> int:
    """Where the text goes on after ``[…]`` ending at ``e``: after its ``(address)`` if a
    link's address follows."""
    if text[e : e + 1] != "(":
        return e
    depth = 0  # (an address may hold brackets of its own: …/Symposium_(Plato))
    for i in range(e, min(len(text), e + 2048)):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if not depth:
                return i + 1
        elif c == "\n":
            break
    return e


# A word's last syllables, which stand alone as no word: bear [their propor]tion.
_WORD_ENDING = re.compile(
    r"(?:t|s|c|x)ions?|ments?|ness|ity|ities|ence|ance|ous|ive|able|ible|ful|less|ing|ings"
)
# A word's first letter or two, closing a bracket's text: `[El numeral 8 d]el`.
_WORD_START_INSIDE = re.compile(r"(?<= )[a-záéíóúñçàèìòùâêîôûäöü]{1,2}$")
# A word's ending that opens an editor's square brackets: promot[ion of], authoriz[ed].
_EDITED_ENDING = re.compile(
    r"(?:ions?|ed|ing|ings|e?s|ments?|ity|ies|ly|al|ations?|ers?|ive|i[sz]ed?|ally)(?:\W|$)"
)
# A word's last letter, then words: what a bracket glued to a word opens with when
# it completes that word (`you(r AI agent)`); in English, where a and I alone are words.
_WORD_TAIL = re.compile(r"(?![ai] )[a-z] ")
# Endings to choose between, glued to their word in a template's square brackets.
_ENDINGS = re.compile(r"[a-z]{1,4}(?: ?(?:/|OR|or) ?[a-z]{1,4})+")
# SQL's functions and operators that take a bracket, written in capitals as queries do.
_SQL_CALLS = frozenset(
    """CAST COUNT SUM AVG MIN MAX COALESCE NULLIF EXISTS IN VALUES LOWER UPPER SUBSTRING
    SUBSTR CONVERT ROUND CONCAT LENGTH TRIM REPLACE IFNULL ISNULL OVER ANY ALL""".split()
)
_NB = frozenset("\u00a0\u202f\u2007\u2009")
# What follows a word with no space between: its punctuation and closing marks.
_JOINS_BEFORE = frozenset(".,;:!?)]}”’\"'…")
_NOTE_TAGS = frozenset("TODO FIXME XXX HACK".split())
# Marks a space follows: one inside a bracket opened right after them is the only one.
_SPACED_AFTER = frozenset(".,;:!?)]”’\"")


@code_rule("space-around-brackets")
def space_around_brackets(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    for m in (m for rx in _PAIRS for m in ctx.finditer(rx)):
        s, e = m.span()
        inner = m.group("a")
        prev = text[s - 1 : s]
        nxt = text[e : e + 1]
        # (a glued colon is left out: from:(Prow Robot), key:(value) are search syntax)
        after_mark = (
            prev in ",;"
            and s >= 2
            and _LETTER.match(text[s - 2])
            and not (prev == ";" and _ENTITY_BEFORE.search(text, max(0, s - 12), s))
        )  # (not &emsp;[link]: an entity's own semicolon)
        # (not the[\u00a0Cloud Foundry](…): a no-break space inside already parts them)
        glued_before = (bool(_LETTER.match(prev)) or bool(after_mark)) and inner[:1] not in _NB
        glued_after = bool(_LETTER.match(nxt))
        core = inner.strip()
        # spaces just inside the brackets, around a Latin-script phrase (other scripts,
        # right-to-left ones above all, have their own conventions)
        padded = (
            (inner[:1] == " " or inner[-1:] == " ")
            and core != ""
            and _LETTER.match(core[0]) is not None
            and (_LETTER.match(core[-1]) is not None or core[-1].isdigit())
            and _english_line(text, ctx, s)
            and not evidence.is_tokenized(ctx)  # `( a token )`
        )
        if not (glued_before or glued_after or padded):
            continue
        if padded and (
            "$" in inner
            or prev == text[s]
            or nxt == text[e - 1]
            or text[text.rfind("\n", 0, s) + 1 : s].lstrip(" \t").startswith("<!")
            or _CODE_WORD_IN.search(inner)
            or _C_PARAMETERS.search(inner)
        ):
            continue  # MAY ( a $ b ), (( O is …, <!Element X ( A, B ) >, F ( ipRouteDest ),
            # strcmp ( const char * s1, … ):
            # a schema's, a formula's, a declaration's or a call's own spacing (a bracket
            # of another kind beside it is a link's: ([Deaf and hard of hearing WG ](…)
        if (inner[:1] == " ") != (inner[-1:] == " ") and (glued_before or glued_after):
            continue  # padded on one side, glued outside: `[t to … "vatov"), ]t`, two commands
        ls, le = line_bounds(text, s)
        if ctx.memo(("rtl", ls), lambda ls=ls, le=le: _RTL.search(text, ls, le) is not None):
            continue  # right-to-left text mirrors brackets and spaces them its own way
        if (glued_before or glued_after) and ctx.memo(
            ("glued-script", ls), lambda ls=ls, le=le: _GLUED_SCRIPTS.search(text, ls, le)
        ):
            continue
        if (glued_before or glued_after) and ctx.doc_memo("east-asian", _east_asian):
            continue  # "## HTTP(HyperText Transfer Protocol)" in Korean notes: a line of
            # Latin words in a document set by CJK typography follows the document
        if (
            inner.count('"') % 2
            or _curly_unpaired(inner)
            or (prev in '"“' and '"' in inner)
        ):
            continue  # "[r" and "]r": two quoted literals, not one bracketed phrase
        if text[s - 1 : s] in _QUOTE_CHARS and text[e : e + 1] == text[s - 1]:
            continue  # "( aaa bbb )": a quoted literal
        if text[s] == "[" and _ATTRIBUTES.match(text, e):
            continue  # formats[except in print]{.aside}: a span given attributes (Pandoc,
            # Quarto, kramdown), placed where its author put it
        if (glued_before or glued_after) and _SUBSCRIPT.search(
            text, max(0, s - 3), min(len(text), e + 3)
        ):
            continue  # (I - KₜHₜ)Σₜ, unify(E₁, E₂): symbols with indices, a formula's product
            # or a function applied (no damaged sentence writes an index)
        if glued_before and _quoted_call(text, s, e):
            continue  # "print(highscore)": a call quoted whole, a line of code to type
        if glued_before and not _LETTER.search(inner) and _OTHER_SCRIPT.search(inner):
            continue  # Code of Conduct(윤리 강령), CC(தட்டச்சுப் படி): a gloss in another script
        if _OTHER_SCRIPT.match(text, e):
            continue  # WIP(Work In Progress)로: a Korean particle follows, spaced its own way
        if not lexicon.is_prose_phrase(inner):
            # a citation glued to the next sentence: "false.[1]The minister"
            # (not "[6]User guide" at a word's start: a text browser's numbered link)
            cited = s > 0 and not text[s - 1].isspace()
            if (
                cited
                and inner.isdigit()
                and glued_after
                and text[e + 1 : e + 2].islower()
                and nxt.isupper()
                and not _lynx_formula(text, s, e)  # (Ca[2](Mg,Fe)[5]Si[8]: subscripts)
                and not (_RESIDUE.fullmatch(_word_before(text, s)) and _RESIDUE.match(text, e))
                and not ctx.doc_memo("lynx-dump", _lynx_dump)
            ):  # (Thr(799)Met: a protein's residue, its position, what replaced it)
                yield Change(e, e, " ", "missing space after a citation mark")
            continue
        left = _word_before(text, s) if _LETTER.match(prev) else ""
        right = _word_after(text, e) if glued_after else ""
        if glued_before and core[:1] in ",;:.":
            continue  # "threads of execution[, code review …]": an editor's words, continuing
        if glued_before and _DIRECTIVE.fullmatch(text, ls, s):
            continue  # :::tip[Le saviez-vous ?]: a Markdown directive's label
        if left and not right and identifiers.signature_line(text, s, e):
            continue  # ### sesión(opciones): a reference heading, in whatever language
        if glued_before and (
            _POINTER.search(inner) or (inner.count("*") % 2 and _STAR.search(inner))
        ):
            continue  # Update(const sockaddr\*): a C signature
        if _technical_around(text, ctx, s, e, inner, right, (glued_before, glued_after)):
            continue
        start_of_left = _compound_start(text, s - len(left))
        if (
            left
            and start_of_left > 0
            and not text[start_of_left - 1].isspace()
            and text[start_of_left - 1] not in '"“‘(['
            and not language.native_words(text, s, ctx, _unmarked(core.split()[0]))
        ):
            continue  # ?and(PATTERN): code-like syntax (not debian.org(un piccolo …))
        if left and len(left) < 2:
            continue  # f(x) x(y)
        if glued_before and _LOCANT.match(inner):
            continue  # poly(p-phenylene oxide), bis(2,4-dichlorophenyl): a chemical name
            # whose bracket opens on a substituent's position
        if (
            glued_before
            and not glued_after
            and left.islower()
            and "-" in text[start_of_left:s]
            and _ARGUMENT.fullmatch(inner)
            and (identifiers.technical(ctx) or _ENDS_LINE.match(text, e))
        ):
            continue  # calc-size(auto), fit-content(20em): a hyphenated function applied
            # (in a document with code, or named alone at a line's end, as a show's notes
            # list what was discussed)
        if glued_after and s and text[s - 1] in ")]":
            continue  # Unsafe[Mutable][Raw][Buffer]Pointer: a name's optional parts
        if left.isalpha() and inner.isalpha() and (
            right == "s"
            or (not right and inner.istitle() and _CAMEL_NAME.fullmatch(left) is not None)
            or (
                (inner[:1].isupper() or (inner.islower() and left[:1].isupper()))
                and right[:1].isupper()
                and right.lower() not in lexicon.SENTENCE_STARTS
            )
        ):
            continue  # ClusterRole(Binding)s, BucketAccess(Class), Node(data)View: a name's
            # optional part
        if left and _DEFINITION.fullmatch(text, max(ls, s - len(left) - 12), s - len(left)):
            continue  # # fn work(on: Project) -> Money: a definition, in a heading or not
        if glued_after and _SUSPENDED.search(core):
            glued_after = False  # (partial self-)suggestion: the hyphen joins the word after
        if (
            left
            and right
            and " " not in inner
            and (text[s] == "[" or identifiers.changelog_line(text, s, ctx))
        ):
            continue  # JS[LH]int, colo[u]r; set(Multicast)TTL in a change log: one name
        if (
            left
            and glued_before
            and _WORD_TAIL.match(inner)
            and language.language_at(text, s, ctx) == "en"
        ):
            continue  # you(r AI agent): the bracket opens with the end of the word before
        if (
            left
            and glued_before
            and text[s] == "["
            and ctx.doc_memo(("bracket-calls", left), lambda doc, w=left: doc.count(f"{w}[")) >= 3
        ):
            continue  # Search[Gorden Kaye] … Search[BBC One]: a name the document applies to
            # square brackets again and again, a notation's call (an agent's actions)
        if left and glued_before and text[s] == "[" and _EDITED_ENDING.match(inner):
            continue  # the "promot[ion of] understanding": an editor's alteration of a quoted
            # word, its new ending and words in square brackets, as quoting conventions set it
        if left and glued_before and inner[:1] == "-" and inner[1:2].isalpha():
            continue  # court(-yards and buildings): the word before, completed in brackets
        if left and glued_before and _chemical(left, inner, text, e):
            continue  # La(AtO), At(CHN), La(pydppz)(anacac): a formula, its groups glued
        if left and text[s] == "[" and _ENDINGS.fullmatch(inner):
            continue  # commence[s OR d], provide[s/d]: a template's choice of endings
        if (
            not left
            and right[:1].isupper()
            and text[s] == "["
            and inner.isalnum()
            and identifiers.changelog_line(text, s, ctx)
        ):
            continue  # "#3441 [Expression]Change title": a commit title's component tag
        if inner[:1] == " " and glued_before and not glued_after and identifiers.code_word(left):
            continue  # getFilteredByTag( tagName ): a call in a style that pads its arguments
        if padded and text[s] == "[" and inner[-1:] == " " and _TICKET.search(inner):
            continue  # [ python-Feature Requests-1191964 ]: a tracker's title, set so
        if padded and not (glued_before or glued_after) and _whole_line(text, s, e):
            continue  # "[ seeding, keys, certificates ]" alone on a line: a placeholder note
        if any(c.isdigit() for c in left) and " " not in inner:
            continue  # Fe2(SO4): a formula; 20mph(for the first month) is prose
        if (left in _SQL_CALLS or left in _NOTE_TAGS) and not right:
            continue  # SELECT CAST(NULL AS INTEGER), COUNT(*): a query's function called;
            # TODO(hold, until 0.18): a code note's owner or condition
        if s and text[s - 1] == "-" and " " not in inner:
            continue  # 2-(Ethylmercurithio)benzoesäure, alpha-(Aminomethyl)…: a chemical name
        if text[e : e + 1].isdigit():
            continue  # Ca(OH)2
        if text.startswith(("[INS: ", "[DEL: "), s):
            continue  # menace[INS: nt :INS]: lynx's mark of an insertion, inside the word
        if (
            glued_before
            and text[e : e + 1] == ";"
            and " " not in inner
            and (
                "_" in inner or (inner.isupper() and len(inner) >= 6) or identifiers.code_word(left)
            )
        ):
            continue  # Unsetenv(STRCURRCMDLINE);: a statement, ended as C ends one (but
            # Assessments(PIA); and all(most); are phrases a semicolon ends)
        if glued_before and not glued_after and _EQUATION_AFTER.match(text, e):
            continue  # dim(image) = 1024 x 1024: a function applied, in an equation
        if glued_before and text[e : e + 1] == "-" and text[e + 1 : e + 2].isalpha():
            continue  # Informationsfreiheitsgesetz(IFG)-Anfragen: inside a hyphened compound
        if not after_mark and _affix(inner, left, right):
            continue
        if right and not left and inner.isalpha() and lexicon.in_document(ctx, inner + right):
            continue  # (Cluster)Issuer where the document writes ClusterIssuer: one name
        if left.lower() in _COMMIT_TYPES and (text[e : e + 1] == ":" or text[e : e + 2] == "!:"):
            continue  # fix(cover yaml validation):, fix(protobuf)!: (a breaking change): a
            # commit title's type and scope, quoted
        if glued_before and text[e : e + 1] == ":" and _glued_label(ctx, text[ls:s].strip()):
            continue  # Six Word(CORRECT): … Six Word(INCORRECT PARITY): labels set alike
        if (
            glued_before
            and left.islower()
            and inner.isupper()
            and _CALL_ON_LINE.search(text, ls, le) is not None
        ):
            continue  # calls chroot(DIR) and chdir("/"): a call, its argument a placeholder
        if glued_before and _NAMED_ARGUMENT.search(inner):
            continue  # Median(…, even_low: True): a call with its named arguments
        if left and not right and inner.isalpha() and _mirrored(ctx, left, inner):
            continue  # systeem(laag) beside (systeem)laag: either part of a compound optional
        if left and right[:1].islower() and _german_infix(text, ctx, s, inner, right):
            continue  # Berg(polizei)verordnungen: a German compound's optional part
        if _CONTRIBUTOR_LINE.fullmatch(text, ls, le):
            continue  # "* Guan Ming(Wesley) Chiu +": a contributor as git spells the name,
            # in a generated list whose + marks a first patch
        if (
            left
            and not right
            and left.isascii()
            and _STRING_ARGUMENT.fullmatch(core)
            and (core[0] in "\"'`" or identifiers.technical(ctx))
        ):
            continue  # t("Hello"), and in a text about code prompt(“Ingrese su edad:”): a
            # call given a string (in a contract, remittances(“Designated Currency”) is a
            # defined term that lost its space)
        if (
            left
            and not right
            and not (
                core[:1] not in _STRING_MARKS
                and language.native_words(
                    text, s, ctx, left, *(_unmarked(w.strip(",;:.")) for w in core.split()[:3])
                )
            )  # (certes limité, non pris en charge: the line's own words, not arguments;
            # but prompt("Inserisci la tua età:") passes its words as a string)
            and identifiers.call_like(text, s, e, left, inner, ctx)
        ):
            continue  # repr(C, Int), Mapping[str, VT], TODO(skreft), fix(scope):
        if (
            right
            and not left
            and identifiers.bracket_prefix(inner, right, _english_text(text, ctx, s))
        ):
            continue  # (Ultra)SPARC, (Einzel)Unternehmen, (Status)Responsecodes
        if right and not left and inner.isalpha() and _lone_item(text, s, e + len(right)):
            continue  # "- [Signed]Numeric": a list item that is one name, optional part and all
        if padded and text[s:e] in identifiers.code_spans(ctx):
            continue  # [ Laughter ] where the document writes `[ Laughter ]`: its own form
        if padded and _written_again(ctx, text[s:e]):
            continue  # [ applause ] on lines of its own in a transcript: its marker, as set
        if padded and not (glued_before or glued_after) and _mentioned(text, s, e, inner):
            continue  # "a ( without a matching )": the brackets themselves are meant
        if left and not right and inner.isalpha() and inner.islower():
            if lexicon.in_document(ctx, left + inner):
                continue  # key(ring): the bracket completes a word the document uses
            noun = left[:1].isupper() and left[1:].islower()
            if noun and _german_infix(text, ctx, s, inner, inner):
                continue  # Stadt(verwaltung): a German noun and its compound's optional end
        if (
            left
            and not right
            and inner.isalpha()
            and inner.istitle()
            and (inner == "Script" or lexicon.in_document(ctx, left + inner))
        ):
            continue  # Clojure(Script), Java(Script): a language and its script dialect, both
            # named (or any Name(Part) where the document writes NamePart)
        if glued_before and left[:1].isupper() and text.endswith("new ", 0, s - len(left)):
            continue  # new Set(iterable): a constructor called
        if left and inner.isalpha() and _glued_notation(ctx, inner):
            continue  # wäf(hoch)b … pk(hoch)c … wvf(hoch)0,2: a notation the text glues so
        if glued_before and not glued_after and _repeated_glued(text, ctx, left, s, e):
            continue  # Render(ATL) 2024 … Render(ATL) 2023: a name the document spells so
        if (
            left
            and right[:1].islower()
            and inner.isalpha()
            and inner.islower()
            and _turkish_line(text, ctx, ls, le)
        ):
            continue  # dosya(ları)nızı: a Turkish word's optional ending, inside the word
        if (
            glued_after
            and identifiers.turkish_suffix(right)
            and _turkish_line(text, ctx, ls, le)
        ):
            glued_after = False  # “public”(genel erişim)dir: a Turkish ending, glued so
        if glued_after and identifiers.document_suffix(ctx, right):
            continue  # Array(massiv)lar beside BST-lar: one word, the language's ending
        if (
            glued_after
            and _SUBSTITUENT.fullmatch(right)
            and text[e + len(right) : e + len(right) + 1] in ("]", ")", "-")
        ):
            continue  # …pentadecyl)amino]propyl]ammonium: a chemical name's substituents
        if glued_after and text.startswith(("http://", "https://", "www."), e):
            glued_after = False  # [Title]https://…): a link that lost its "(", not two words
        if glued_after and right in ("x", "X") and text[e + 1 : e + 2] in ("(", "["):
            glued_after = False  # [5 years]x[260 days]x[8 hours]: a times sign, not a word
        if glued_after and right == "s":
            glued_after = False  # [Tuesday (from 10 September)s at 08:00]: a plural ending
        if (
            glued_after
            and text[s] == "["
            and inner[-1:].islower()
            and _WORD_ENDING.fullmatch(right)
            and not _free_word(ctx, right)
            and not _free_word(ctx, inner.split()[-1])
        ):
            glued_after = False  # bear [their propor]tion: the editor's supplied letters
            # and the rest of the word, which the text never writes as a word of its own
        if glued_after and text[s] == "[" and _WORD_START_INSIDE.search(inner):
            glued_after = False  # [El numeral 8 d]el artículo: an editor's bracket that
            # closes inside a word, the word's first letters within
        if glued_after and text[s] == "[" and prev in "\"'" and inner.islower():
            glued_after = False  # "[magenta italic]Will": a markup's style tag, quoted
        if glued_after and text[s] == "[" and _link_ending(text, ctx, e, inner, right):
            glued_after = False  # [reStructuredText]em: a Czech case ending on a link's
            # words, the label the document defines (a word, [Sphinx]and, is spaced)
        if glued_before:
            yield Change(s, s, " ", "missing space before a bracketed phrase")
        if padded:
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            if lead:
                if not glued_before and prev and not prev.isspace() and prev not in "([{!\"'“‘«„":
                    # share?[ Submit your code](…), Week 6 -[ Enhancements Freeze](…): the
                    # inner space is the only one before the words; moved out, not lost
                    yield Change(s, s, " ", "space inside brackets")
                yield Change(s + 1, s + 1 + lead, "", "space inside brackets")
            if trail and not _EMOTICON_END.search(core):  # (`souche :D )`: not `:D)`)
                after = _after_link(text, e) if text[e - 1] == "]" else e
                nxt_after = text[after : after + 1]
                if not nxt_after.isalnum():
                    yield Change(e - 1 - trail, e - 1, "", "space inside brackets")
                    if after > e and nxt_after not in _JOINS_BEFORE and not nxt_after.isspace():
                        # ([Satire VI ](…)— which: the inner space was the only one before
                        # the dash; moved out after the address, not lost)
                        yield Change(after, after, " ", "space inside brackets")
                # ([Swati's comment ](…)and: the inner space is the only one after the
                # words, which a link's address would otherwise glue to the next)
        if glued_after:
            yield Change(e, e, " ", "missing space after a bracketed phrase")
