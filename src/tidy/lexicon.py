"""Small word lists the guards consult. Kept short and explicit: each entry is a known trap."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from tidy.context import Context

T = TypeVar("T")

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    """e.g eg i.e ie etc vs v cf approx esp dr mr mrs ms mx st mt no nos fig figs vol vols pp
    jr sr inc ltd co corp dept rev gen col lt sgt capt prof hon gov est misc min max tel
    ext ref ibid al ca viz op ed eds ch chap sec art para paras reg regs sch sched cl bros
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun dist mfg govt assn ave blvd rd hwy ft ph phd b.a m.a b.sc m.sc z.b d.h u.a bzw
    usw ggf vgl n adj adv vt vi interj pl""".split()
)

# Words that start sentences far more often than they end a dotted name.
SENTENCE_STARTS = frozenset(
    """the this that these those it its we they he she i you there here in on at for but
    and however a an our his her their when if as so then after before while although""".split()
)

# Words before a lone punctuation mark that show the mark is being talked about.
MENTION_WORDS = frozenset(
    """the separator separators character characters wildcard symbol symbols sign mark marks
    operator delimiter as type typed run ls cd press key enter comma commas period dot
    dots colon semicolon question exclamation written trailing leading stray extra
    preceding following literal
    a an and or nor with to""".split()  # (no clause ends on these: `whether a !`, `and ;`)
)

# Glued comma pairs that are fixed syntax, not prose (Apache's ``Order deny,allow``).
# What follows the apostrophe of an English contraction or possessive: it's, don't, I'll.
CONTRACTION_ENDS = ("s", "t", "ll", "re", "ve", "d", "m")
COMMA_TERMS = frozenset(
    {"deny,allow", "allow,deny", "mutual,failure", "key,value", "name,value", "x,y",
     "last,first", "first,last"}
)

# Short words that may follow a number's percent sign or unit without a space.
COMMON_WORDS = frozenset(
    """of in on at to by for from and or the a an per than as with into over under off up""".split()
)

# Letter runs that are units, ordinals or formats after a number: never split.
UNITS = frozenset(
    """km kg mg mm cm nm um m g t l ml cl dl s ms ns h hr hrs min mins sec secs ft in yd mi
    lb lbs oz st th nd rd s p px pt em rem kb mb gb tb pb kbps mbps gbps hz khz mhz ghz w
    kw mw gw kwh mah v mv kv a ma am pm bc ad bce ce k m bn tn x fps dpi bpm rpm mph kph
    kmh mpg cc yo yr yrs mos wk wks pc pcs""".split()
)

# Words that introduce a quotation after a colon (he said: "…", the sign read: "…").
SPEECH_VERBS = frozenset(
    """say says said tell tells told add adds added read reads write writes wrote state
    states stated ask asks asked reply replies replied explain explains explained declare
    declares declared warn warns warned insist insists insisted argue argues argued claim
    claims claimed announce announces announced note notes noted comment comments commented
    continue continues continued conclude concludes concluded shout shouts shouted urge
    urges urged admit admits admitted reveal reveals revealed""".split()
)

# Letter runs after a number that are words in their own right: never split into unit + word.
GLUED_UNIT_WORDS = frozenset(
    """min mins mon ton tons tin tint hat gin kin son mat mor tor ton mix""".split()
)

_FR_WORDS = frozenset(
    """le la les des du un une est et que qui dans pour pas ne sur avec au aux ce cette ces
    il elle nous vous ils elles sont être avoir voici comment pourquoi parce bonjour merci
    oui non mais où très plus aussi ceci cela lisez attention je tu on se sa son ses leur
    leurs été fait dit faut ainsi alors donc quand""".split()
)
_EN_WORDS = frozenset(
    """the and of to is are was were you it this that with for on in at by have has be not
    what there their they he she we i do does did will would can could should said from""".split()
)
# Function words of other languages tidy's corpora meet (German, Spanish, Italian,
# Portuguese, Dutch): a line full of them is not English prose.
_OTHER_WORDS = frozenset(
    """der die das und ist nicht ein eine einen dem den des mit sich auch auf für von zu im
    el los las y es del una por con para como más pero lo se su al il di che è per non gli
    della delle con una sono o os um uma não com para mais por do da dos das no na em ao
    pela pelo são
    het een van zijn niet met voor op dat""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CODE = re.compile(r"`[^`\n]*`")
_FR_ACCENT = re.compile("[éèêàùûçôîœãõñ]")
# Letters English words do not carry (loanwords such as café aside): evidence of another
# language on the line.
_FOREIGN_ACCENT = re.compile("[éèêàùûçôîœãõñáíóúışğőűłřčšžěůąężźńś]")
_LATIN_WORD = re.compile("[a-zß-ÿā-ɏ'’]+$")


_TECHNICAL_TOKEN = re.compile(r"\S*(?:[/@\\=_<>{}|]|\w\.\w)\S*")


def _words(line: str, lower: bool = True) -> list[str]:
    """The line's words, leaving out code spans and technical tokens (URLs, paths, dotted
    names), all in two C-level passes."""
    prose = _TECHNICAL_TOKEN.sub(" ", _CODE.sub(" ", line))
    return _WORD.findall(prose.lower() if lower else prose)


def _is_french(line: str) -> bool:  # see looks_french
    if "«" in line or "»" in line:
        return True
    return french_margin(line) > 0


# A word cut short inside brackets: (2025 est.), (see fig.).
ABBREVIATED = re.compile(r"\b([a-z]{2,4})\.\)")


def french_margin(line: str) -> int:
    """French cues (function words, elisions, accented words) minus English function
    words in ``line``."""
    fr = en = 0
    if ".)" in line:
        line = ABBREVIATED.sub(" ", line)  # (2025 est.): an abbreviation, not French
    for w in _words(line):
        if w in _FR_WORDS or w.startswith(("c'", "qu'", "l'", "d'", "n'", "j'", "s'")):
            fr += 1
        elif w in _EN_WORDS:
            en += 1
        elif _FR_ACCENT.search(w):
            fr += 1
    return fr - en


_AMBIGUOUS = _EN_WORDS & (_OTHER_WORDS | _FR_WORDS)


def _is_english(line: str) -> bool:  # see looks_english
    lowered = line.lower()
    if " the " in lowered and (" and " in lowered or " of " in lowered or " to " in lowered):
        return True  # the commonest English words, found at C speed: no need to count
    en = other = 0
    for word in _words(line, lower=False):
        w = word.lower()
        if w in _AMBIGUOUS:
            continue  # "do", "on": function words in English and elsewhere alike
        if w in _EN_WORDS:
            en += 1
        elif w in _OTHER_WORDS or w in _FR_WORDS or not _LATIN_WORD.match(w):
            other += 1  # a function word of another language, or a word in another script
        elif word[0].islower() and _FOREIGN_ACCENT.search(w):
            other += 1  # (a capitalised one is a name: Bolívar, Québec say nothing)
    # Little evidence either way reads as English, the language of the rules.
    return other < 2 or en >= other


def has_english_word(line: str) -> bool:
    """Whether ``line`` holds one of English's own function words (not one it shares)."""
    return any(w in _EN_WORDS and w not in _AMBIGUOUS for w in _words(line))


# A line is judged once, not once per rule that asks (each rule sees the text anew). Only
# ordinary lines go in the caches, so that they hold a few megabytes at most; a long line
# is read again by every rule's context and on every pass, so the last few are kept too.
_MEMO_MAX = 2000
LONG_KEEP = 8


class LineMemo(Generic[T]):
    """``judge(line)``, remembered: in a bounded cache for lines of ordinary length, and for
    the last :data:`LONG_KEEP` long lines."""

    def __init__(self, judge: Callable[[str], T], size: int) -> None:
        self.judge = judge
        self.short = lru_cache(maxsize=size)(judge)
        self.long: dict[str, T] = {}

    def __call__(self, line: str) -> T:
        if len(line) <= _MEMO_MAX:
            return self.short(line)
        found = self.long.get(line)
        if found is None:
            if len(self.long) >= LONG_KEEP:
                del self.long[next(iter(self.long))]
            found = self.long[line] = self.judge(line)
        return found


_FRENCH = LineMemo(_is_french, 2048)
ENGLISH = LineMemo(_is_english, 2048)


def looks_french(line: str) -> bool:
    """Whether a line reads as French, where a space goes before ; : ! ? and inside « »."""
    return _FRENCH(line)


def looks_english(line: str) -> bool:
    """Whether a line reads as English: more English function words than those of the
    other languages tidy knows. Conventions tidy enforces only for English use this."""
    return ENGLISH(line)


_CITATION = re.compile(r"[\d\s,;\-–.]+|[ivxlcdmIVXLCDM]+|\.\.\.|…")
# Arithmetic on quantities: calc(100% - 6px - 2em), (2 * 3.5em): a formula, not a phrase.
_QUANTITY = r"[-+]?\d[\d.]*(?:%|[a-z]{1,4})?"
_FORMULA = re.compile(rf"{_QUANTITY}(?:\s*[-+*/×÷]\s*{_QUANTITY})+")


# A quantity with its unit, spaced as prose writes it (not 2x or 3px: those are code's).
_MEASURE = re.compile(
    r"(?:about |c\. |ca\. |~)?\d[\d,.]*(?:\s?-\s?\d[\d,.]*)? "
    r"(?:[kcmµn]?m|sq (?:km|mi)|k?g|mg|lbs?|oz|ft|mi|yd|ha|acres?|°[CF]|kt|m?s|min|hrs?|"
    r"[kMGT]?B|[kMG]?Hz|[kMG]?W|kWh|V|mph|km/h)"
)


# An example or a gloss opened by its abbreviation: only prose writes it in brackets.
ASIDE_ABBREVIATION = re.compile(r"(?:e\.g|i\.e|eg|ie)[.,]", re.I)


def is_prose_phrase(inner: str) -> bool:
    """Whether bracketed text is a phrase or a name (so the brackets take spaces around them),
    not an affix like (s) or (en), a citation [12], a numeral (III) or an argument list."""
    s = inner.strip()
    if not s or _CITATION.fullmatch(s) or _FORMULA.fullmatch(s):
        return False
    if s[0] in "£$€¥" and len(s) > 1:
        return True  # (£m)
    if _MEASURE.fullmatch(s):
        return True  # (2,218 m), (1.5 km), (30 °C): a height or a distance set in brackets
    words = _WORD.findall(s)
    if not words:
        return False
    if " " in s and ASIDE_ABBREVIATION.match(s):
        return True  # (e.g. 192.168.0.1), (i.e. v2)
    if " " in s:
        return any(len(w) >= 2 for w in words) and not ("," in s and all(len(w) < 2 for w in words))
    if not s.isalpha():
        return False  # (x,y) (SO4) (a.b)
    if len(s) >= 4:
        return True
    if len(s) == 3 and sum(c.isupper() for c in s) >= 2:
        return True  # (BoE) (DfE) (PwC): an initialism in mixed case
    return s.isupper() and len(s) >= 2  # (WHO) (VAT); not (s) (en) (re)


def in_document(ctx: Context, word: str) -> bool:
    """Whether ``word`` occurs as a whole word somewhere in the document (in lower case,
    capitalised, in capitals or as given)."""
    index: _WordIndex = ctx.doc_memo("document-words", _WordIndex)
    return index.has(word)


def lower_in_document(ctx: Context, word: str) -> bool:
    """Whether the document writes ``word`` in lower case somewhere, as a whole word: a
    capitalised word it never lowers is a name (``acid–Schiff``), not a sentence's opening."""
    low = word.lower()
    return bool(ctx.doc_memo(("lower-word", low), lambda doc: _whole_word(doc, low)))


_ALNUM_RUN = re.compile(r"[^\W_]+")


class _WordIndex:
    """The document's words, looked up by substring search while few are asked (cheaper
    than reading the whole document), and from a set of them once many are: a document
    that asks for thousands of distinct words is read once, not once per word."""

    SEARCHES = 32

    def __init__(self, doc: str) -> None:
        self.doc = doc
        self.answers: dict[str, bool] = {}
        self.words: set[str] | None = None

    def has(self, word: str) -> bool:
        known = self.answers.get(word)
        if known is not None:
            return known
        low = word.lower()
        forms = {word, low, low.capitalize(), low.upper()}
        if self.words is None and len(self.answers) >= self.SEARCHES:
            self.words = set(_ALNUM_RUN.findall(self.doc))
        if self.words is not None:
            found = not self.words.isdisjoint(forms)
        else:
            found = any(_whole_word(self.doc, form) for form in forms)
        self.answers[word] = found
        return found


def _whole_word(doc: str, form: str) -> bool:
    # substring searches are far cheaper than a regex, or lowering, over the document
    i = doc.find(form)
    while i >= 0:
        end = i + len(form)
        if not doc[i - 1 : i].isalnum() and not doc[end : end + 1].isalnum():
            return True
        i = doc.find(form, i + 1)
    return False


# Particles that stand before a surname (de Vere, van Gogh, Korteweg–de Vries).
NAME_PARTICLES = frozenset("de van von da di du del della der den le la dos das ter".split())
