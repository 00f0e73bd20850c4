"""Document-level evidence: the house style a whole document shows, for repairs that one
line cannot decide.

``north–south`` and ``the plan–it failed`` look alike on their own; in a document that
sets its other dashes spaced (``the vote – a formality – passed``), the second is a
spaced dash that lost its spaces. Each fact is read once, from the text a rule is looking
at (:func:`read`), and counts only the forms that show a writer's choice.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from tidy import protect

if TYPE_CHECKING:
    from tidy.context import Context

T = TypeVar("T")


# Documents up to this size are read whole, whatever piece of them a rule looks at.
WHOLE = 1 << 18
# Characters either side of a mark in which one writer's own style is read, where a text
# joins many writers (a scraped collection of essays): their dashes, their quotes.
WRITER_REACH = 3000


def read(ctx: Context, key: object, compute: Callable[[str], T]) -> T:
    """``compute`` applied to the document, once per run: the whole document as it came
    in, so that a later pass, which looks only at the paragraphs earlier edits touched,
    reads the same style as the first (one paragraph's two quotations would otherwise
    make a style of their own); for a very long one, the piece of some 64 KB the engine
    repairs at a time (a corpus joined into one text shows no single house style anyway,
    and the cost stays bounded by the piece, not the input)."""
    if len(ctx.document) <= WHOLE:
        # (how to read it again is kept too: the engine asks whether a pass's repairs
        # changed the style, and if so reads every paragraph again, as a run over the
        # output would)
        ctx.doc_memo(("evidence-fn", key), lambda _: compute)
        return ctx.doc_memo(("evidence", key), compute)  # type: ignore[no-any-return]
    if ctx.piece is not None:
        # The piece's style as it came to this pass, read once: on a later pass, which
        # repairs a few paragraphs, the whole piece's, as a run over the output reads it
        # (idempotence), not the paragraphs' own.
        start, piece = ctx.piece
        found = ctx.doc_memo(("evidence-piece", start, key), lambda _: compute(piece))
        return found  # type: ignore[no-any-return]
    return ctx.memo(("evidence", key), lambda: compute(ctx.text))  # type: ignore[no-any-return]

# Words that pair with a dash into a compound (north–south, cost–benefit, left–right):
# a glued dash between two of them is the writer's, whatever the house style.
COMPOUND_WORDS = frozenset(
    """north south east west northeast northwest southeast southwest northern southern
    second minute hour day night week month year decade century morning evening
    eastern western upper lower left right inner outer front back top bottom cost benefit
    price earnings supply demand risk reward input output read write client server
    mother father daughter son parent child teacher student doctor patient host guest
    predator prey acid base gas liquid solid vapour vapor time space mass energy red green
    blue yellow black white pass fail on off yes no win lose love hate boom bust hit miss
    public private male female urban rural domestic foreign state federal labour labor
    management employer employee buyer seller landlord tenant key value values request
    response challenge question answer sender receiver producer consumer""".split()
)


@dataclass(frozen=True)
class DashStyle:
    """How a document sets one dash character between words."""

    spaced: int  # word – word
    glued: Counter[str]  # lower-case word–word pairs, by pair
    glued_other: int = 0  # em dashes glued elsewhere: Markup.—[source], “Yes.”—she
    # word – word but a name (not `Title — Ann Lee` in a list of talks): the spaced dashes
    # that set clauses apart in running prose, the like of the glued lower-case pairs
    spaced_clauses: int = 0

    def glued_is_damage(
        self, left: str, dash: str, right: str, english: bool = True, paired: bool = False
    ) -> bool:
        """Whether ``left`` + ``dash`` + ``right`` (``plan–it``) is a spaced dash that lost
        its spaces: the document spaces this dash between words (not before a name) at
        least as often as it glues it between lower-case words (an em dash in English,
        which house styles glue as often as they space it, at least twice: one spaced
        against one glued is the writer's own mix), the pair is not repeated (a compound
        the text uses again) and is not made of compound-forming words. One of a pair of
        glued dashes around a phrase (``People—and yes, good people all—still``) is the
        writer's style unless the document spaces its dashes twice as often."""
        least = 2 if dash == "—" and english else 1
        spaced = self.spaced_clauses
        glued = sum(self.glued.values()) + self.glued_other
        if spaced < least or spaced < (2 * glued if paired else glued):
            return False
        if self.glued[f"{left}{dash}{right}"] > 1:
            return False
        a, b = left.lower(), right.lower()
        return not ((a in COMPOUND_WORDS and b in COMPOUND_WORDS) or _rhyming_pair(a, b))


def _rhyming_pair(a: str, b: str) -> bool:
    """Whether two words share a stem's ending of four letters or more (encoder–decoder,
    upstream–downstream, import–export): halves of a compound, as the words of a clause
    break seldom are. Inflections (waiting–starting) say nothing."""
    if len(a) < 5 or len(b) < 5 or a == b:
        return False
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n >= 4 and not a.endswith(_INFLECTIONS)


_INFLECTIONS = ("ing", "ed", "ly", "s")


DASHES = ("–", "—")


def _words_around(text: str, i: int) -> tuple[str, str]:
    a = i
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    b = i + 1
    while b < len(text) and text[b].isalpha():
        b += 1
    return text[a:i], text[i + 1 : b]


_LETTER = r"[^\W\d_]"
# (the dash first, the spaces around it looked at: a pattern opening with a space would be
# tried at every space of the text)
_SPACED = {
    d: re.compile(f"{d}(?:(?<={_LETTER} {d})|(?<={_LETTER}[,;] {d}))(?= {_LETTER})")
    for d in DASHES
}
_GLUED = {d: re.compile(f"{d}(?<={_LETTER}{d})(?={_LETTER})") for d in DASHES}
# An em dash between two non-space characters: besides the lower-case pairs counted one by
# one, the writer's own glued dashes (``Markup.—[jamstack.org]``, ``Eleventy—and``). En
# dashes are left out: they are glued in ranges (``1990–2000``) whatever a document's style.
_GLUED_ANY = re.compile(r"—(?<=\S—)(?=\S)")


# Capitalised words that end their line or open a bracket: a name after the dash
# (`Delve Into Go — Derek Parker ([video](…))`, a talk and its speaker), not a clause
# (`Tier 2 — Cabo Verde did not`)
# A list item's term before its gloss (`* Motivation — Why is this…`, `- **Term** — …`):
# a definition's separator, not a dash between clauses.
_TERM_BEFORE = re.compile(
    r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?:\*\*|__)?[^\s—–]+(?:[ \t][^\s—–]+){0,3}(?:\*\*|__)?"
)
_NAME_AFTER = re.compile(
    r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[ \t\r\n-]+[A-ZÀ-ÖØ-Þ][^\W\d_]+)+[ \t]*(?:[(\[]|\r?$)", re.M
)


def _inside(spans: list[tuple[int, int]], starts: list[int], i: int) -> bool:
    k = bisect_right(starts, i) - 1
    return k >= 0 and i < spans[k][1]


_TITLE_WORDS = 4  # words a line needs to be told a title by its capitals


def _title_line(doc: str, ls: int) -> bool:
    """Whether the line at ``ls`` is a title: four words or more, each capitalised (or a
    number, or a short joining word such as of, the, and)."""
    le = doc.find("\n", ls)
    words = doc[ls : le if le >= 0 else len(doc)].split()
    if len(words) < _TITLE_WORDS or len(words) > 20:
        return False
    return all(
        not w[0].isalpha() or w[0].isupper() or (len(w) <= 3 and w.islower()) for w in words
    )


def dash_style(doc: str, dash: str) -> DashStyle:
    """Count ``dash`` spaced between words, and glued between lower-case words (the
    patterns start with the literal, so the scan skips ahead between dashes)."""
    spaced = clauses = 0
    code = protect.fenced_blocks(doc, front_matter=True)
    starts = [a for a, _ in code]
    for m in _SPACED[dash].finditer(doc):
        if code and _inside(code, starts, m.start()):
            continue  # a code comment's dash, not the prose's
        ls = doc.rfind("\n", 0, m.start()) + 1
        if doc[ls : ls + 8].lstrip(" \t")[:1] == "|":
            continue  # a table cell's (`| Source | Magazine clipping — an advert |`): a
            # label's separator, not the writer's dash between clauses
        if _title_line(doc, ls):
            continue  # `The Chinese Classics — Volume 1: Confucian Analects`: a title's
        spaced += 1
        clauses += (
            _NAME_AFTER.match(doc, m.end() + 1) is None
            and _TERM_BEFORE.fullmatch(doc, doc.rfind("\n", 0, m.start()) + 1, m.start() - 1)
            is None
        )
    glued: Counter[str] = Counter()
    if not spaced:
        return DashStyle(0, glued)  # no spaced dash to go by: the glued ones are not read
    for m in _GLUED[dash].finditer(doc):
        if code and _inside(code, starts, m.start()):
            continue
        left, right = _words_around(doc, m.start())
        if left.islower() and right.islower():
            glued[f"{left}{dash}{right}"] += 1
    other = len(_GLUED_ANY.findall(doc)) - sum(glued.values()) if dash == "—" else 0
    return DashStyle(spaced, glued, other, clauses)


# Marks of technical writing, where `user:group` and `package:any` are syntax: paths (not
# those of a URL, which news and reference text cite too),
# options, identifiers with underscores, calls, scopes, inline code, variables, tags and
# file names.
# Each starts with a literal, so that the regex engine skips ahead between candidates:
# one alternation would be tried at every position of a long document.
_TECHNICAL = tuple(
    re.compile(p)
    for p in (
        r"/(?<=[ (]/)[\w.-]+/",  # /etc/apt, not a URL's path
        r"_(?<=[A-Za-z]_)(?=[A-Za-z])",  # snake_case
        r"-(?<= -)-?(?=[a-z])",  # -v, --force
        r"\((?<=\w\()\)",  # call()
        "::",
        "`",
        r"\$(?=[A-Za-z_])",  # $HOME
        r"<(?=/?[a-z]+>)",  # <tag>
        r"\.(?<=\w\.)(?:conf|cfg|txt|py|sh|c|h|js|html|xml|json|yaml|toml|deb|gz|list|d)\b",
    )
)
TECHNICAL_SHARE = 4.0  # marks per 1,000 words above which a document reads as technical
_SPACED_COLON = re.compile(r": (?<=[^\W\d_]: )(?=[^\W\d_])")
_GLUED_COLON = re.compile(r":(?<=[^\W\d_]:)(?=[^\W\d_])")


@dataclass(frozen=True)
class ColonStyle:
    """How a document sets a colon after a lower-case word."""

    spaced: int  # word: word
    glued: Counter[str]  # lower:lower pairs, by pair
    technical: bool  # paths, options, identifiers, code: colons there are syntax too

    def glued_is_damage(self, left: str, right: str, native: bool = False) -> bool:
        """Whether ``left:right`` between lower-case words (``reasons:cost``) is a colon
        that lost its space: the document spaces such colons elsewhere and does not glue
        them more often, and it is prose, not technical writing (where ``user:group`` is
        syntax) — there only a word that starts clauses (``note:the``), or in another
        language than English a pair that is plainly its words (``native``: a function
        word or a letter outside ASCII, ``herramientas:está``), in a document that spaces
        its colons and does not repeat the pair, says so."""
        if not self.spaced or sum(self.glued.values()) > self.spaced + 1:
            return False  # no spaced colon to go by, or glued ones are the document's way
        if not self.technical:
            return True
        if self.glued[f"{left}:{right}"] > 1:
            return False  # a recurring pair is syntax the text uses
        return self.spaced >= 2 and (right in CLAUSE_STARTS or native)


# Words that start a clause after a colon far more often than they end a `key:value`.
CLAUSE_STARTS = frozenset(
    """the a an it its this that these those there they we he she i you our their his her
    no not all some most many each every both one two three if when while although because
    so but and or as in on at for from by with to of is are was were be has have had can
    will would should may might must do does did""".split()
)


def colon_style(doc: str) -> ColonStyle:
    spaced = 0
    for m in _SPACED_COLON.finditer(doc):
        spaced += doc[m.start() - 1].islower()
    glued: Counter[str] = Counter()
    for m in _GLUED_COLON.finditer(doc):
        left, right = _words_around(doc, m.start())
        if left.islower() and right.islower():
            glued[f"{left}:{right}"] += 1
    words = doc.count(" ") + doc.count("\n") + 1
    marks = sum(len(rx.findall(doc)) for rx in _TECHNICAL)
    return ColonStyle(spaced, glued, marks * 1000 > TECHNICAL_SHARE * words)


# Two-letter words that may end a clause before a colon (as I am:he has); other two-letter
# runs before a colon are prefixes and codes (re:Invent, fr:Paris).
CLAUSE_ENDS = frozenset("it am is be do go so to up us we me he no on in at of by my".split())


# Tokenized text, a corpus format (`in 1938 , it felled the doctor .`, `( economic
# restructuring )`): tokens split by spaces, punctuation included. Its spaced marks are the
# format, not slips; removing them would leave a half-joined text (`1938, it … doctor .`).
TOKENIZED_LEAST = 3
# A comma glued to the letter before it, and a full stop glued to a lower-case word
# (not to `Mr.`, `U.` or `p.`, nor `vs.`, `et al.`, `cf.`: tokenized text keeps
# abbreviations and initials whole).
_GLUED_COMMA = re.compile(r",(?<=[^\W\d_],)")
_GLUED_STOP = re.compile(
    r"\.(?<=[a-z][a-z]\.)(?<!\bvs\.)(?<!\bal\.)(?<!\bcf\.)(?<!\betc\.)(?<!\bca\.)(?=\s|\Z)"
)
_GLUED_WIDE = re.compile(r"[，。、](?<=\S[，。、])")


def tokenized(doc: str) -> bool:
    """Whether the document spaces its commas and full stops off the word before more than
    twice as often as it glues them (a tokenized text glues a few, where its source was
    damaged: `received. //`; a damaged text that spaces its commas still glues its full
    stops: `work , slow.`). The spaced marks are counted first, with ``str.count``: most
    documents have none and are read no further."""
    commas = doc.count(" , ")
    stops = doc.count(" . ") + doc.count(" .\n")  # (one sentence a line: its stop ends it)
    # (Chinese and Japanese glue their full-width marks: spaced off, they are tokens too)
    wide = (
        doc.count(" ， ") + doc.count(" 。 ") + doc.count(" 、 ")
        if "，" in doc or "。" in doc or "、" in doc  # (three scans, saved where none is)
        else 0
    )
    spaced = commas + stops + wide
    if spaced < TOKENIZED_LEAST:
        return False
    # The glued marks are counted only until they settle it: an ordinary text's first few
    # glued commas already outnumber its handful of spaced ones.
    glued = 0
    patterns = (_GLUED_COMMA, _GLUED_STOP, _GLUED_WIDE) if wide else (_GLUED_COMMA, _GLUED_STOP)
    for pattern in patterns:
        for _ in pattern.finditer(doc):
            glued += 1
            if 2 * glued >= spaced:
                return False
    return True


def is_tokenized(ctx: Context) -> bool:
    """Whether the text ``ctx`` looks at belongs to a tokenized document (:func:`tokenized`,
    read once per document)."""
    return read(ctx, "tokenized", tokenized)


# MediaWiki's markup: a heading set between equals signs on a line of its own.
_WIKI_HEADING = re.compile(r"^==+[^=\n]+==+[ \t]*$", re.M)
# A Twee passage's header: `:: Start`, `:: StoryTitle`, `:: Lab [tag] {"position":…}`.
_TWEE_PASSAGE = re.compile(r"^:: ?[^\s:][^\n]*$", re.M)
_WIKI_LINKS = 3  # internal links a wikitext shows in its head, with one other sign
_WIKI_HEAD = 50_000


def wikitext(doc: str) -> bool:
    """Whether the text is MediaWiki's markup (a page's source, a dump's article): its
    internal links ``[[…]]``, with templates ``{{…}}``, headings ``== … ==`` or italics
    ``''…''`` beside them. There an entity is markup the editors keep visible
    (``&nbsp;``), two apostrophes set italics and a colon at a line's start indents it."""
    head = doc[:_WIKI_HEAD]
    if (head.startswith("::") or "\n::" in head) and len(_TWEE_PASSAGE.findall(head)) >= 2:
        return True  # Twee, a story's source for Twine (a wiki's descendant): passages
        # headed `:: Name`, ''bold'', //italics//, (macro:) calls, entities kept escaped
    if head.count("[[") < _WIKI_LINKS or head.count("]]") < _WIKI_LINKS:
        return False
    return (
        head.count("{{") >= 2
        or head.count("''") >= 4
        or len(_WIKI_HEADING.findall(head)) >= 2
    )


# A chat log's line: a time perhaps, then the speaker's nick in angle brackets
# (`[01:48] <ann> who is winning ?`, `12:01:33 <@bo> ok`).
_CHAT_LINE = re.compile(
    r"^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]+)?<[@+%~&]?[^\s<>]{1,32}>[ \t]", re.M
)
_CHAT_HEAD = 20_000  # characters of a document read for the chat-log test
_CHAT_LINES = 10  # lines so shaped, at least, and half the head's lines or more


def chat_log(doc: str) -> bool:
    """Whether the document is a chat log (IRC and the like): each message as its speaker
    typed it, spacing and all, a record to keep verbatim."""
    head = doc[:_CHAT_HEAD]
    if "> " not in head and ">\t" not in head:
        return False
    lines = len(_CHAT_LINE.findall(head))
    return lines >= _CHAT_LINES and 2 * lines >= head.count("\n")


def is_chat_log(ctx: Context) -> bool:
    """Whether the text ``ctx`` looks at belongs to a chat log (:func:`chat_log`)."""
    return bool(ctx.doc_memo("chat-log", chat_log))


def is_wikitext(ctx: Context) -> bool:
    """Whether the plain text ``ctx`` looks at is MediaWiki's markup (:func:`wikitext`, read
    once per document). A Markdown or reST file is never: its own markup decides there."""
    return ctx.mode == "plain" and bool(ctx.doc_memo("wikitext", wikitext))
