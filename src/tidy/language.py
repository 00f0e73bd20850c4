"""Which language a line is written in, and that language's punctuation conventions.

Spacing rules repair glued ``, . ; : ! ?`` and brackets only in languages whose
conventions tidy knows (English, French, German, Spanish, Portuguese, Italian, Dutch);
lines in other scripts (CJK, right-to-left, Cyrillic, Greek…) are left alone.

The judgement is a function-word count with a few letter and suffix cues, written for
short lines: it needs no model, costs a few microseconds a line and is asked only for
lines where a rule has a candidate edit (``benchmarks/language_id.py`` compares it with
PyPI identifiers). A line with too little evidence takes its paragraph's language, then
the document's, then English (the language the rules were first written for).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidy import lexicon
from tidy.coderules.lines import line_bounds

if TYPE_CHECKING:
    from tidy.context import Context

# ---------------------------------------------------------------------------
# conventions, as data


@dataclass(frozen=True)
class Convention:
    """How a language spaces its punctuation."""

    name: str
    # Marks that take a space before them (French ; : ! ?): never remove it, and a mark
    # glued after such a space still needs its space after.
    space_before: str = ""
    # Marks written closed up after a word, so that a space before them is a slip to
    # remove: , and . everywhere; ; ! ? too in English, where text showed it safe.
    closed_up: str = ",."
    # Words that end with a full stop inside a sentence (beyond lexicon.ABBREVIATIONS).
    abbreviations: frozenset[str] = frozenset()
    # Marks that open a question or exclamation (Spanish ¿ ¡): a sentence may start with them.
    openers: str = ""


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


CONVENTIONS: dict[str, Convention] = {
    "en": Convention("English", closed_up=",.;!?"),
    "fr": Convention(
        "French",
        space_before=";:!?",
        abbreviations=_words(
            """m mm mme mmes mlle mlles me mgr dr pr st ste cf etc env ex p pp chap vol av apr
            j.-c hab art al éd fig n° no nos tél adj suiv réf resp min max"""
        ),
    ),
    "de": Convention(
        "German",
        abbreviations=_words(
            """z.b d.h u.a usw bzw ggf vgl nr s abs abb hr fr frl dr prof ca inkl exkl evtl
            etc sog u.u z.t o.ä s.o s.u u.ä bspw zzgl jh jhd mio mrd tsd st str tel geb gest
            kap bd hrsg anm allg insb"""
        ),
    ),
    "es": Convention(
        "Spanish",
        openers="¿¡",
        abbreviations=_words(
            """sr sra srta sres dña dn d ud uds vd vds dr dra lic ing prof pág págs núm art
            cap etc p.ej ej aprox admón av avda c.p tel vol fig cía"""
        ),
    ),
    "pt": Convention(
        "Portuguese",
        abbreviations=_words(
            """sr sra srta dr dra prof profa eng pág págs p.ex ex etc art cap núm n.º nº av
            tel vol fig cia ltda aprox obs"""
        ),
    ),
    "it": Convention(
        "Italian",
        abbreviations=_words(
            """sig sigg sig.ra sig.na dott dott.ssa prof ing avv arch geom on pag pagg ecc es
            cfr art cap n nn vol fig tel ca sec"""
        ),
    ),
    "nl": Convention(
        "Dutch",
        abbreviations=_words(
            """bijv bv d.w.z m.a.w o.a enz blz nl dhr mevr mr dr ir ing prof drs ca e.d e.a
            jl vnl resp evt zgn i.p.v t.o.v m.b.t a.u.b"""
        ),
    ),
}
LANGUAGES = tuple(CONVENTIONS)
_ALL_ABBREVIATIONS = frozenset().union(*(c.abbreviations for c in CONVENTIONS.values()))
# Lines in these scripts keep their own conventions: tidy's spacing rules leave them alone.
OTHER_SCRIPT = "other"
UNKNOWN = "und"

# ---------------------------------------------------------------------------
# the identifier

# The commonest short words of each language (articles, prepositions, pronouns,
# auxiliaries). A word several languages share counts for each, divided among them.
_FUNCTION_WORDS = {
    "en": """the and of to is are was were that this with for it not be have has had from by
        which you they we he she his her their there been would will can could should an or
        but at as on in what who when if than then these those its into about more also
        only other such some no all any does did do may must our your one""",
    "fr": """le la les des du un une est et que qui dans pour pas ne sur avec au aux ce cette
        ces il elle nous vous ils elles sont être avoir où très plus aussi mais donc ou se sa
        son ses leur leurs été fait peut comme tout tous toute entre sans sous par lui on je
        tu ceci cela voici voilà y en de à même dont été sont était avez ont fois""",
    "de": """der die das und ist nicht ein eine einen einem eines dem den des mit sich auch
        auf für von zu im bei sind wird werden oder wie wenn aus dass nach noch nur kann
        können diese dieser dieses es er sie wir ihr über um zum zur man hat haben war wurde
        wurden sein seine ihre kein keine als bis durch unter vom schon sehr immer ich du""",
    "es": """el los las y es del una por con para como más pero lo se su sus al que en un
        está son también cuando este esta estos estas puede hay muy sin sobre entre desde
        hasta ya le les de la fue ser han tiene son esto eso nos otro otra donde qué quién
        dónde cómo cuándo sí""",
    "pt": """o os as um uma não com para mais por do da dos das no na em ao pela pelo são é
        que se também como você seu sua seus suas está isso este esta pode ou muito quando já
        nos nas de a e foi ser tem são aos às num numa essa esse onde""",
    "it": """il lo gli della delle che è per non una sono di da del dei degli nel nella con
        su questo questa come anche più ma si può essere ha hanno alla allo ai al sul sulla
        tra fra e la le un uno dello dalla nei negli ci sia stato molto i""",
    "nl": """het een van zijn niet met voor op dat de en is die te er ook aan als bij worden
        wordt om maar dan naar kan geen nog wel deze dit ze zich uit heeft hebben hun wij
        jullie waar werd door tot over moet kunnen onze zoals""",
}
_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {}

# Besides the function words the identifier weighs: words that open sentences and clauses
# far more often than they end a dotted name or a key (conjunctions, sentence adverbs,
# pronouns, determiners).
OPENERS = {
    lang: frozenset(words.split())
    for lang, words in {
        "fr": """cependant lorsque quand ici après avant puis ainsi alors enfin parfois
            chaque notre votre mais pourtant toutefois néanmoins là si sinon voir ceci
            cet celui celle ceux celles certains certaines chacun chacune aucun aucune
            quelques plusieurs toutes jamais depuis ensuite bien autrement lorsqu puisqu""",
        "de": """dies diese dieser alle aber wenn dann so auch hier doch jedoch daher
            deshalb damit außerdem jeder jede jedes""",
        "es": """si sin cuando aquí así sin embargo luego además cada nuestro éste ésta
            esto eso ya todos todas él ella ellos""",
        "pt": """se sem quando aqui assim depois além cada nosso porém ele ela eles elas
            isso isto todos todas""",
        "it": """se senza quando qui così poi inoltre ogni nostro però quindi questo
            questa questi queste tutti tutte""",
        "nl": """als wanneer hier dus toen ook maar daarom bovendien elke wie wat hoe
            waarom welke daar nu toch alsof""",
    }.items()
}


def _build_weights() -> None:
    owners: dict[str, list[str]] = {}
    for lang, words in _FUNCTION_WORDS.items():
        for w in set(words.split()):
            owners.setdefault(w, []).append(lang)
    for w, langs in owners.items():
        _WEIGHTS[w] = tuple((lang, 1.0 / len(langs)) for lang in langs)


_build_weights()


def function_word(lang: str, word: str) -> bool:
    """Whether ``word`` (lower case) is one of ``lang``'s commonest short words: after a
    full stop glued to it, capitalised, it opens a sentence (`résultat.Au passage`)."""
    return any(owner == lang for owner, _ in _WEIGHTS.get(word, ()))


# Letters that mark a language, counted in the line (str.count is the cheap way to look).
_LETTER_CUES: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (chars, tuple(langs.split()))
    for chars, langs in (
        ("ßäöü", "de"),
        ("ñ¿¡", "es"),
        ("ãõ", "pt"),
        ("ìò", "it"),
        ("œîû", "fr"),
        ("ùè", "fr it"),
        ("çêâô", "fr pt"),
        ("áíóú", "es pt"),
    )
)
# Word endings that mark a language, found in one literal-first scan of the lower-cased
# line (one group per language they point to).
_SUFFIXES = {
    "de": "ung|ungen|keit|heit|lich|isch",
    "es": "ción|ciones",
    "pt": "ção|ções",
    "it": "zione|zioni",
    "fr": "eux|aient|ement",
    "nl": "heid|tje|tjes",
    "en": "ing|ly",
}
_SUFFIX_LANG = {suffix: lang for lang, v in _SUFFIXES.items() for suffix in v.split("|")}
_ALL_SUFFIXES = tuple(_SUFFIX_LANG)
# Elided words (l'amico, qu'il, 's avonds) and English clitics (it's, don't).
_ELISIONS: dict[str, tuple[str, ...]] = {
    k: tuple(v.split())
    for k, v in {
        "l": "fr it", "d": "fr", "qu": "fr", "n": "fr", "j": "fr", "c": "fr", "s": "fr",
        "jusqu": "fr", "lorsqu": "fr", "dell": "it", "nell": "it", "all": "it",
        "dall": "it", "sull": "it", "un": "it", "quest": "it", "quell": "it",
    }.items()
}  # fmt: skip
_CLITICS = frozenset("s t re ve ll d m".split())
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CODE = re.compile(r"`[^`\n]*`")
# (the full stop first, its lookbehind after it: each alternative then opens with a
# character, and the regex engine skips ahead to one of them instead of trying the
# lookbehind at every position)
_TECH_MARK = re.compile(r"[/@\\=_<>{}|]|\.(?<=\w\.)(?=\w)")
# Scripts whose punctuation spacing tidy does not know: CJK, kana, Hangul, right-to-left,
# Cyrillic, Greek, Indic, Thai.
_OTHER_SCRIPTS = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb1d-\ufdff"
    "\ufe70-\ufeff\uff00-\uffef]"
)
# Han, kana and Hangul: a line that holds a few is set by CJK typography, whatever Latin
# words it quotes.
CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_ANY_LETTER = re.compile(r"[^\W\d_]")
_FRENCH_SPACE = re.compile("[\u00a0\u202f][;:!?»]|«[\u00a0\u202f]")
_SPACED_MARK = re.compile(r"\w [;:!?»]|« ")

# Turkish letters: its ö, ü and ç must not pass for German or French, whose conventions
# differ from its own (Turkish glues endings to quoted words: "önbellek"ler).
# Rules that know Turkish glues endings to a quoted or bracketed word look for them too.
TURKISH = re.compile("[ıİğĞşŞ]")
MIN_EVIDENCE = 1.5  # this much function-word weight, at least, names a language
MARGIN = 1.25  # and the winner must lead the runner-up by this factor
DENSITY = 0.06  # and weigh this much per word of the line: function words are common


def _prose(line: str) -> str:
    """The line without code spans and technical tokens (URLs, paths, dotted names),
    found from their telling characters rather than by scanning every token."""
    if "`" in line:
        line = _CODE.sub(" ", line)
    parts = []
    pos = 0
    for m in _TECH_MARK.finditer(line):
        if m.start() < pos:
            continue
        s = max(line.rfind(" ", 0, m.start()), line.rfind("\n", 0, m.start())) + 1
        e = len(line)
        for sep in (" ", "\n"):
            i = line.find(sep, m.end())
            if 0 <= i < e:
                e = i
        parts.append(line[pos:s])
        pos = e
    if not parts:
        return line
    parts.append(line[pos:])
    return " ".join(parts)


def scores(line: str) -> dict[str, float]:
    """Evidence for each language in ``line``: function words and cues, code left out."""
    prose = _prose(line)
    out = dict.fromkeys(LANGUAGES, 0.0)
    lowered = prose.lower()
    counts = Counter(_WORD.findall(lowered))
    # (in sorted order: a set's order varies from run to run with string hashing, and
    # float sums taken in another order can differ in the last bit and flip a close call)
    for w in sorted(counts.keys() & _WEIGHTS.keys()):
        for lang, wt in _WEIGHTS[w]:
            out[lang] += wt * counts[w]
    for a in _ACRONYM.findall(prose):  # UN, CE, USA: acronyms, not words of a language
        for lang, wt in _WEIGHTS.get(a.lower(), ()):
            out[lang] -= wt
    if ".)" in lowered:
        for a in lexicon.ABBREVIATED.findall(lowered):  # (2025 est.): no French word
            for lang, wt in _WEIGHTS.get(a, ()):
                out[lang] -= wt
    apostrophe = "'" in lowered or "’" in lowered
    for w, n in counts.items():
        if w.endswith(_ALL_SUFFIXES):
            for k in (3, 4, 2, 5, 6):
                lang = _SUFFIX_LANG.get(w[-k:])
                if lang and len(w) > k + 2:
                    out[lang] += 0.5 * n
                    break
        elif apostrophe and ("'" in w or "’" in w):
            head, _, tail = w.replace("’", "'").partition("'")
            langs = _ELISIONS.get(head) or (("en",) if tail in _CLITICS else ())
            for lang in langs:
                out[lang] += 0.5 * n / len(langs)
    if " 's " in lowered or lowered.startswith("'s "):
        out["nl"] += 0.5  # 's avonds, 's morgens
    # A language's letters back its words, never stand for them: ä and ö alone are as
    # much Finnish or Estonian as German (`talossa on kaksi huonetta ja pieni keittiö`).
    worded = {lang for lang, v in out.items() if v > 0}
    for chars, langs in () if lowered.isascii() else _LETTER_CUES:
        n = sum(lowered.count(c) for c in chars)
        if n:
            for lang in langs:
                if lang in worded:
                    out[lang] += 0.5 * min(n, 6) / len(langs)
    if "ij" in lowered:
        out["nl"] += 0.25 * min(lowered.count("ij"), 6)
    if "¿" in line or "¡" in line:
        out["es"] += 1.0  # only Spanish opens its questions and exclamations
    if _FRENCH_SPACE.search(line):
        out["fr"] += 2.0  # a no-break space before ; : ! ? » is French typesetting
    elif _SPACED_MARK.search(line):
        out["fr"] += 0.75  # so is a plain space there, though a slip can make one too
    return out


def identify(line: str) -> str:
    """The language of ``line``: a code of :data:`LANGUAGES`, ``other`` for a line mostly
    in another script, or ``und`` when the evidence is too thin to say."""
    if _OTHER_SCRIPTS.search(line):
        foreign = len(_OTHER_SCRIPTS.findall(line))
        letters = len(_ANY_LETTER.findall(line))
        if foreign * 5 >= letters:  # a fifth of the letters or more
            return OTHER_SCRIPT
        if len(CJK.findall(line)) * 20 >= letters:
            return OTHER_SCRIPT  # `promise の再 resolve ?`: Latin words set in CJK text
    if not line.isascii() and TURKISH.search(line):
        return UNKNOWN  # Turkish: conventions tidy does not know
    lowered = line.lower()
    if " the " in lowered and (" and " in lowered or " of " in lowered or " to " in lowered):
        return "en"  # the commonest English words, found at C speed: no need to count
    sc = scores(line)
    best = max(sc, key=sc.__getitem__)
    top = sc[best]
    if top < MIN_EVIDENCE or top < DENSITY * len(_WORD.findall(line)):
        return UNKNOWN  # (two German-looking words in a long Basque line name nothing)
    second = max(v for k, v in sc.items() if k != best)
    if top >= second * MARGIN:
        return best
    if best in _ALIKE and top > second + 0.01:
        # Spanish, Portuguese and Italian share most function words, and their spacing
        # conventions: a near tie among them still names one, unless another language
        # comes close too (a line that mixes languages)
        other = max(v for k, v in sc.items() if k not in _ALIKE)
        return best if top >= other * MARGIN else UNKNOWN
    return UNKNOWN


_ALIKE = frozenset({"es", "pt", "it"})


_IDENTIFY = lexicon.LineMemo(identify, 4096)


def identify_line(line: str) -> str:
    """:func:`identify`, memoised for lines of ordinary length, and for the last few long
    ones (few enough that the memo stays small)."""
    return _IDENTIFY(line)


DOC_SAMPLE = 20_000  # a document's language is read from its first characters...
DOC_LINES = 12  # ...and at most this many of its lines that name one
NAMED_SHARE = 4  # a language is the document's where one long line in four names one


def document_language(doc: str) -> str:
    """The language most of the document's first paragraphs are written in."""
    sample = doc[:DOC_SAMPLE]
    votes: dict[str, int] = {}
    named = read = 0
    for line in sample.splitlines():
        if len(line) < 40:
            continue
        read += 1
        lang = identify_line(line)
        if lang != UNKNOWN:
            votes[lang] = votes.get(lang, 0) + 1
            named += 1
            if named >= DOC_LINES:
                break
    if not votes or named * NAMED_SHARE < read:
        return UNKNOWN  # (a few English lines in a Finnish course name no language for it)
    best = max(votes, key=votes.__getitem__)
    return best if votes[best] * 2 > sum(votes.values()) else UNKNOWN


# ---------------------------------------------------------------------------
# in a document


def language_at(text: str, pos: int, ctx: Context) -> str:
    """The language at ``pos``: its line's, else its paragraph's, else the document's,
    else English; ``und`` for a line that shows other languages' words but too few to
    tell which (tidy then leaves it alone, as it always did)."""
    s, e = ctx.line(pos) if text is ctx.text else line_bounds(text, pos)
    lang = ctx.memo(("lang", s), lambda: identify_line(text[s:e]))
    if lang != UNKNOWN:
        return lang
    if not ctx.memo(("en", s), lambda: lexicon.looks_english(text[s:e]) or _acronyms(text[s:e])):
        return UNKNOWN  # words of other languages, too few to say which: leave it be
        # (a list of acronyms, IAEA, IBRD, ICAO …, is no language's: the paragraph's)
    ps, pe = ctx.paragraph(pos)
    if (ps, pe) != (s, e):
        lang = ctx.memo(("lang-para", ps), lambda: identify_line(text[ps:pe]))
        if lang != UNKNOWN:
            return lang
    lang = language_of_document(ctx)
    return "en" if lang == UNKNOWN else lang


def language_of_document(ctx: Context) -> str:
    """The language of the whole document (``und`` when it cannot be told), read once."""
    return ctx.doc_memo("language", document_language)  # type: ignore[no-any-return]


def _acronyms(line: str) -> bool:
    """Whether three words in four of a line (eight at least) are acronyms in capitals."""
    words = _WORD.findall(line)
    caps = sum(1 for w in words if len(w) >= 2 and w.isupper())
    return len(words) >= 8 and caps * 4 >= len(words) * 3


def opener(lang: str, word: str) -> bool:
    """Whether ``word`` (lower case) is one of ``lang``'s function words or sentence
    openers: a word that starts clauses."""
    return function_word(lang, word) or word in OPENERS.get(lang, ())


def opener_anywhere(word: str) -> bool:
    """Whether ``word`` (lower case) opens clauses in any language tidy knows."""
    return any(opener(lang, word) for lang in LANGUAGES)


def native_words(text: str, pos: int, ctx: Context, *words: str) -> bool:
    """Whether, on a line at ``pos`` written in a language other than English, one of
    ``words`` is plainly a word of that language, not a name from code: it has a letter
    outside ASCII (code names have none: ``intégré``, ``Größe``, ``renvoyée``) or is one of
    the language's function words or sentence openers (``dans``, ``oder``, ``quando``)."""
    lang = language_at(text, pos, ctx)
    if lang in ("en", UNKNOWN, OTHER_SCRIPT):
        return False
    openers = OPENERS.get(lang, frozenset())
    for w in words:
        if not (w and w.isalpha()):
            continue
        low = w.lower()
        if not w.isascii() or function_word(lang, low) or low in openers:
            return True
    return False


def convention_at(text: str, pos: int, ctx: Context) -> Convention | None:
    """The spacing conventions at ``pos``, or None where tidy knows none (other scripts)."""
    return CONVENTIONS.get(language_at(text, pos, ctx))


def dotted_word_before(text: str, pos: int, limit: int = 24) -> str:
    """The word before ``pos`` with its inner full stops (``z.B``, ``p.ej``, ``n.º``),
    lower-cased."""
    i = pos
    lo = max(0, pos - limit)
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in ".º°-"):
        i -= 1
    return text[i:pos].strip(".-").lower()


def is_abbreviation(conv: Convention, text: str, pos: int) -> bool:
    """Whether the full stop at ``pos`` ends one of the language's abbreviations."""
    word = dotted_word_before(text, pos)
    return word in conv.abbreviations or word.rsplit(".", 1)[-1] in conv.abbreviations


ENGLISH = CONVENTIONS["en"]


def glued_as_prose(text: str, pos: int) -> bool:
    """Whether the mark at ``pos`` sits between two words as prose glues it, by the
    stricter test the languages other than English need (their text was shown to hold
    these forms on purpose, in translated documentation above all): a word of letters or
    a number before it, not a closing bracket or quote where markup stood
    (``abreviar),os``); a word of two letters or more after it (a one-letter word after a
    mark is English's ``a`` and ``I``; elsewhere ``a,b`` is notation); and, for a full
    stop, no dotted name before it (``ftp-master.debian.org.Este``)."""
    before = text[pos - 1 : pos]
    if not (before.isalnum() or before == "%" or (before in "”“»" and text[pos] == ",")):
        return False  # (a typographic closing quote is prose's: „Wir sind zufrieden“,sagte)
    j = pos + 1
    if text[j : j + 1] in ("¿", "¡"):
        j += 1
    if not text[j + 1 : j + 2].isalpha():
        return False
    if text[pos] == ".":
        word = dotted_word_before(text, pos, limit=64)
        return "." not in word or word in _ALL_ABBREVIATIONS
    return True


_COMMAND = re.compile(
    r"(?:^|\s)(?:sudo\s+)?(?:apt(?:-get|-cache|itude)?|dpkg|pip3?|npm|yum|dnf|zypper|brew|gem"
    r"|cargo|conda|snap|flatpak)\s+(?:-{1,2}[\w-]+\s+)*[\w-]+\s+$"
)


# The managers' names as whole words: the command regex is tried only where one of them
# stands among the words before the token (a split and a set test cost less than the
# search, which opens with an alternation tried at every position).
_MANAGERS = frozenset(
    "apt apt-get apt-cache aptitude dpkg pip pip3 npm yum dnf zypper brew gem cargo conda snap"
    " flatpak".split()
)


def after_command(text: str, start: int) -> bool:
    """Whether the token starting at ``start`` is the argument of a package manager's
    command (``apt install Paket:Architektur``, ``apt install evolution.Es``): a name,
    whatever punctuation it holds."""
    if not start:
        return False
    lo = max(0, start - 80)
    if _MANAGERS.isdisjoint(text[lo:start].split()):
        return False
    return _COMMAND.search(text, lo, start) is not None
