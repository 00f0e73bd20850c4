"""Damage simulator: per-class recall and wrong changes of tidy on injected defects.

Clean text is cut into documents; for each defect class in turn, a copy of every
document gets a few defects of that class at random eligible sites (seeded), is repaired
with ``tidy.fix``, and each site is scored against the clean original:

- *repaired*: the output around the site is exactly the clean original;
- *missed*: nothing touched the site;
- *mis-repaired*: something changed at the site, but not back to the original;
- *wrong elsewhere*: a change away from every injected site (the clean text had nothing
  to repair there).

Wrong changes per MB count mis-repairs and changes elsewhere against the damaged text's
size. Results are grouped by language (read from the file path: ``de-DE.txt``,
``python_docs_fr/``, ``debian_handbook_en_01.txt``; ``--lang`` forces one) or by
directory (``--group-by dir``). Nothing is specific to English: sites are found with
Unicode letter classes, and classes whose marks a language uses differently (a space
before ``;`` in French) are built so that they never inject one of its correct forms.

Command line::

    python benchmarks/damage.py                       # the shared prose and multilingual text
    python benchmarks/damage.py --classes dash-lower,colon-lower --show 5
    python benchmarks/damage.py DIR... --lang fr --json > fr.json
    python benchmarks/damage.py --list                # the classes, with examples

Library use: ``simulate(docs, classes, seed)`` returns :class:`Score` values per class.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus" / "clean"
DEFAULT_INPUTS = (SHARED / "prose", SHARED / "multilingual")
DEFAULT_SEED = 7
DOC_CHARS = 8_000  # documents are runs of paragraphs about this long
RATE = 2_500  # one defect per this many characters of a document...
MAX_SHARE = 0.5  # ...but at most this share of a document's eligible sites
GAP = 12  # injected sites keep at least this many characters apart

# ---------------------------------------------------------------------------
# defect classes

L = r"[^\W\d_]"  # a letter of any script

# A site: (start, end, damaged text) in the clean document's coordinates.
Site = tuple[int, int, str]
Finder = Callable[[str, random.Random], list[Site]]


@dataclass(frozen=True)
class DefectClass:
    name: str
    example: str  # clean → damaged, for --list
    find: Finder
    # Sites left undamaged in every document: a class whose repair rests on the
    # document's own style (its dashes, its quotes) keeps some of that style to read.
    keep: int = 0
    # Turns a clean document into an equally correct one in another house style before
    # damage (spaced hyphens as en dashes), where the corpus has too few sites.
    restyle: Callable[[str, random.Random], str] | None = None


CLASSES: dict[str, DefectClass] = {}


def defect(
    name: str,
    example: str,
    keep: int = 0,
    restyle: Callable[[str, random.Random], str] | None = None,
) -> Callable[[Finder], Finder]:
    def register(fn: Finder) -> Finder:
        CLASSES[name] = DefectClass(name, example, fn, keep, restyle)
        return fn

    return register


def _sub(pattern: str, repl: str | Callable[[re.Match[str]], str | None]) -> Finder:
    """Every match of ``pattern`` is a site, damaged to ``repl`` (or ``repl(m)``; None
    when that match cannot be damaged)."""
    rx = re.compile(pattern)

    def find(text: str, rng: random.Random) -> list[Site]:
        out = []
        for m in rx.finditer(text):
            r = repl if isinstance(repl, str) else repl(m)
            if r is not None and r != m.group():
                out.append((m.start(), m.end(), r))
        return out

    return find


def _word_before(text: str, i: int) -> str:
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return text[j:i]


def _word_after(text: str, i: int) -> str:
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i:j]


def _when(find: Finder, keep: Callable[[str, int, int], bool]) -> Finder:
    return lambda text, rng: [s for s in find(text, rng) if keep(text, s[0], s[1])]


def _glued(find: Finder, keep: Callable[[str, int, int], bool] | None = None) -> Finder:
    """Sites of a missing space, between prose tokens only."""
    return _when(find, lambda t, s, e: _prose_tokens(t, s, e) and (keep is None or keep(t, s, e)))


# Words after which a full stop or a no-break space is the writer's, in any of the
# languages the corpus holds: damaging them would test a guess, not a repair.
_TITLES = frozenset(
    """mr mrs ms dr st mt prof sr jr no nr vs etc al fig p pp vol ch sec art gen col lt
    sgt capt rev hon inc ltd co corp dept approx ca cf eg ie bzw vgl usw ggf sra srta
    dña núm pág""".split()
)


def _prose_word(w: str) -> bool:
    return len(w) >= 2 and w.lower() not in _TITLES


_TECHNICAL_TOKEN = re.compile(r"[/@=_:\\]|\.[^\W\d_]")


def _prose_tokens(text: str, s: int, e: int) -> bool:
    """The tokens on both sides of a site are words, not a URL, address or file name:
    tidy keeps those as they are, whatever is glued to them."""
    a = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
    b = min(i for i in (text.find(" ", e), text.find("\n", e), len(text)) if i >= 0)
    return not _TECHNICAL_TOKEN.search(text[a:s]) and not _TECHNICAL_TOKEN.search(text[e:b])


defect("comma", "pay, pensions → pay,pensions")(
    _glued(
        _sub(rf"(?<={L}{L}), (?={L}{L})", ","),
        lambda t, s, e: _prose_word(_word_before(t, s)),
    )
)
defect("period", "agenda. This → agenda.This")(
    _glued(
        _sub(r"(?<=[^\W\d_]{2})\. (?=[^\W\d_][^\W\d_])", "."),
        lambda t, s, e: (
            _word_before(t, s).islower()
            and _prose_word(_word_before(t, s))
            and t[e].isupper()
            and t[e + 1].islower()
        ),
    )
)
defect("exclaim", "over! The → over!The")(
    _glued(
        _sub(r"(?<=[^\W\d_]{2})[!?] (?=[^\W\d_]{2})", lambda m: m.group()[0]),
        lambda t, s, e: t[s + 2].isupper(),
    )
)
defect("semicolon", "stayed; others → stayed;others")(
    _glued(_sub(rf"(?<={L}{L}); (?={L}{L})", ";"))
)
defect("colon-upper", "Note: This → Note:This")(
    _glued(_sub(rf"(?<={L}{L}): (?={L}{L})", ":"), lambda t, s, e: t[s + 2].isupper())
)
defect("colon-lower", "reasons: cost → reasons:cost", keep=1)(
    _glued(
        _sub(rf"(?<={L}{L}): (?={L}{L})", ":"),
        lambda t, s, e: t[s + 2].islower() and _word_before(t, s).islower(),
    )
)


def _bracket_phrase(text: str, close: int) -> bool:
    """The bracket that closes at ``close`` holds a phrase (letters, a space)."""
    opener = {")": "(", "]": "["}[text[close]]
    o = text.rfind(opener, max(0, close - 100), close)
    inner = text[o + 1 : close] if o >= 0 else ""
    return "\n" not in inner and " " in inner.strip() and any(c.isalpha() for c in inner)


defect("bracket-after", "(MyCSP) last → (MyCSP)last")(
    _when(_sub(rf"(?<=[)\]]) (?={L}{L})", ""), lambda t, s, e: _bracket_phrase(t, s - 1))
)


def _opens_phrase(text: str, o: int) -> bool:
    close = {"(": ")", "[": "]"}[text[o]]
    c = text.find(close, o, o + 100)
    return c > 0 and _bracket_phrase(text, c)


defect("bracket-before", "Pension (MyCSP) → Pension(MyCSP)")(
    _when(
        _sub(rf"(?<={L}{L}) (?=[(\[]{L})", ""),
        lambda t, s, e: _opens_phrase(t, e) and _prose_word(_word_before(t, s)),
    )
)


def _straight_pairs(text: str) -> list[tuple[int, int]]:
    """Straight double-quote pairs inside one paragraph: an opener after a space or
    bracket and before a letter, its closer the next straight quote of that paragraph."""
    out = []
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        qs = [m.start() for m in re.finditer('"', para.group())]
        if len(qs) % 2:
            continue
        base = para.start()
        for a, b in zip(qs[::2], qs[1::2], strict=True):
            a, b = a + base, b + base
            before, first = text[a - 1 : a], text[a + 1 : a + 2]
            after = text[b + 1 : b + 2]
            if (
                (before in ("", " ", "(", "\n"))
                and first.isalpha()
                and after in ("", " ", ",", ".", "\n", ")", ";", ":", "!", "?")
            ):
                out.append((a, b))
    return out


def _curly_pairs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end() - 1) for m in re.finditer('“[^“”"\n]{2,400}”', text)]


def _space_before_open(text: str, rng: random.Random) -> list[Site]:
    sites = []
    for a, _ in _straight_pairs(text) + _curly_pairs(text):
        if a >= 3 and text[a - 1] == " " and text[a - 2].isalpha() and text[a + 1].isalpha():
            sites.append((a - 1, a, ""))
    return sites


def _space_after_close(text: str, rng: random.Random) -> list[Site]:
    sites = []
    for _, b in _straight_pairs(text) + _curly_pairs(text):
        if (
            text[b + 1 : b + 2] == " "
            and text[b + 2 : b + 3].isalpha()
            and text[b + 3 : b + 4].isalpha()
        ):
            if text[b - 1] in ",.!?" or text[b - 1].isalpha():
                sites.append((b + 1, b + 2, ""))
    return sites


defect("quote-before", 'said "We → said"We')(_space_before_open)
defect("quote-after", '," he → ,"he')(_space_after_close)


def _mixed_quotes(text: str, rng: random.Random) -> list[Site]:
    """One mark of a quotation takes the other style: "…” or “…" . Only quotations in
    the document's dominant style are damaged: in a document that already mixes the two
    (an almanac quoting "…" and “…” from different sources), a minority-style pair with
    one mark turned to the dominant style is as rightly mended by turning the other mark
    too ("…") as by restoring the original (“…”), so it measures nothing. A style
    dominates with twice the other's pairs (at least one)."""
    straight, curly = _straight_pairs(text), _curly_pairs(text)
    sites: list[Site] = []
    if len(straight) >= 2 * len(curly):
        for a, b in straight:
            sites.append((a, a + 1, "“") if rng.random() < 0.5 else (b, b + 1, "”"))
    if len(curly) >= 2 * len(straight):
        for a, b in curly:
            sites.append((a, a + 1, '"') if rng.random() < 0.5 else (b, b + 1, '"'))
    return sites


defect("mixed-quotes", '"No," he said → “No," he said', keep=1)(_mixed_quotes)


def _dash(chars: str, upper: bool) -> Finder:
    rx = re.compile(rf"(?<={L}) ([{chars}]) (?={L})")

    def find(text: str, rng: random.Random) -> list[Site]:
        out = []
        for m in rx.finditer(text):
            left, right = text[m.start() - 1], text[m.end()]
            # Title–Title is ambiguous (London–Paris, EADS–Airbus): only lower–Upper
            if upper and right.isupper() and not _word_before(text, m.start()).islower():
                continue
            if left.islower() and (right.isupper() if upper else right.islower()):
                out.append((m.start(), m.end(), m.group(1)))
        return out

    return find


_SPACED_HYPHEN = re.compile(rf"(?<={L}) - (?={L})")


def _as_dashes(dash: str) -> Callable[[str, random.Random], str]:
    """A document that sets its dashes as spaced hyphens (news copy often does), set
    with ``dash`` instead: as correct, and it gives the dash classes sites to damage."""

    def restyle(text: str, rng: random.Random) -> str:
        if f" {dash} " in text or len(_SPACED_HYPHEN.findall(text)) < 2:
            return text
        return _SPACED_HYPHEN.sub(f" {dash} ", text)

    return restyle


defect("dash-upper", "website – I → website–I", keep=1, restyle=_as_dashes("–"))(_dash("–—", True))
defect(
    "dash-lower-en", "the plan – it failed → the plan–it failed", keep=1, restyle=_as_dashes("–")
)(_dash("–", False))
defect(
    "dash-lower-em",
    "prices rose — sales fell → prices rose—sales fell",
    keep=1,
    restyle=_as_dashes("—"),
)(_dash("—", False))
defect("doubled-space", "the council → the  council")(
    _sub(r"(?<=[^\s]) (?=[^\W_]|[(\[“\"'‘])", "  ")
)
defect("nbsp", "the council → the\u00a0council")(
    _when(
        _sub(r"(?<=[^\W\d_]|[,.;!?]) (?=[^\W\d_])", "\u00a0"),
        lambda t, s, e: _prose_word(_word_before(t, s - (not t[s - 1].isalpha()))),
    )
)
defect("invisible", "the council → the \u200bcouncil")(
    _sub(r"(?<=[^\W\d_]) (?=[^\W\d_])", lambda m: "\u200b" if m.start() % 2 else " \u200b")
)
defect("space-before-punct", "pay, and → pay , and")(
    _when(
        _sub(r"(?<=[^\W\d_][^\W\d_])(?=[,.] [^\W\d_])", " "),
        lambda t, s, e: _prose_word(_word_before(t, s)),
    )
)
defect("currency", "charged £15 → charged£15")(_sub(r"(?<=[^\W\d_]{2}) (?=[£$€]\d)", ""))
defect("percent", "35% of → 35%of")(_sub(r"(?<=\d%) (?=[^\W\d_]{2})", ""))


def _mojibake_token(codec: str) -> Callable[[re.Match[str]], str | None]:
    def repl(m: re.Match[str]) -> str | None:
        word = m.group()
        try:
            bad = word.encode("utf-8").decode(codec)
        except UnicodeDecodeError:
            return None  # a byte the codec leaves undefined: no page shows this
        return None if bad == word or not any(ch.isprintable() for ch in bad) else bad

    return repl


# a whitespace-delimited token holding a non-ASCII character, not too long to be a word
_NON_ASCII_TOKEN = r"(?<!\S)[^\s]{0,30}[^\x00-\x7f\s][^\s]{0,30}(?!\S)"
defect("mojibake", "café → cafÃ©, don’t → donâ€™t")(
    _sub(_NON_ASCII_TOKEN, _mojibake_token("cp1252"))
)
defect("mojibake-latin1", "don’t → donâ\\x80\\x99t")(
    _sub(_NON_ASCII_TOKEN, _mojibake_token("latin-1"))
)

_ENTITIES = {
    "&": "&amp;",
    "’": "&rsquo;",
    "'": "&#39;",
    '"': "&quot;",
    "–": "&ndash;",
    "—": "&mdash;",
    "\u00a0": "&nbsp;",
}


def _entity(m: re.Match[str]) -> str | None:
    ch = m.group()
    if ch in _ENTITIES:
        return _ENTITIES[ch]
    return f"&#{ord(ch)};" if ord(ch) > 127 else None


defect("html-entity", "Q&A → Q&amp;A, café → caf&#233;")(
    _sub(r"(?<=\w)&(?=\w)|(?<=\w)['’](?=\w)|(?<= )\"(?=\w)|[^\x00-\x7f\s]", _entity)
)

# Furniture: standalone lines a scraper keeps between (or around) paragraphs. Written for
# this simulator, broader than tidy's own list, so that recall measures generalisation.
FURNITURE = (
    "Advertisement", "ADVERTISEMENT", "Share this article", "Skip to main content",
    "Read more:", "Read more", "Read More", "READ MORE", "Related Topics", "Related topics",
    "Related articles", "Related stories", "Most read", "Most Read", "Most popular",
    "Top stories", "Top Stories", "Loading...", "Loading…", "Is this page useful? Yes No",
    "Is this page useful?",
    "Continue reading below", "Continue reading", "Sign up for our newsletter",
    "Back to top", "Print this page", "Listen to this article", "Image caption",
    "Media caption", "You may also like", "Trending now", "Follow us on Twitter",
    "Click here to subscribe", "Show comments", "View comments", "Scroll to continue",
    "Report an error", "Accept all cookies", "Story continues below", "More on this story",
)  # fmt: skip
# Single generic words that pages also print as buttons: a glossary's headword or a
# section heading can be the same word (the Jargon File has a line "print"), so a line
# holding only one of them is ambiguous; they are a class of their own.
FURNITURE_WORDS = ("Share", "Print", "Tweet", "Subscribe", "Comments", "Trending", "Recommended")
_SECTIONS = (
    "News",
    "World",
    "UK",
    "Politics",
    "Business",
    "Sport",
    "Football",
    "Technology",
    "Science",
    "Health",
    "Culture",
    "Opinion",
    "Local",
    "Europe",
    "Markets",
    "Travel",
)
_SEPARATORS = (" > ", " » ", " / ", " › ")


def _furniture_line(rng: random.Random) -> str:
    if rng.random() < 0.2:
        sep = rng.choice(_SEPARATORS)
        return sep.join(["Home", *rng.sample(_SECTIONS, rng.randint(1, 3))])
    return rng.choice(FURNITURE)


def _foot_line(rng: random.Random) -> str:
    """A page's last line: a copyright notice as often as any other furniture. (Only
    there: the same words open a licence.)"""
    if rng.random() < 0.5:
        return _furniture_line(rng)
    if rng.random() < 0.3:
        return rng.choice(["All rights reserved.", "All Rights Reserved."])
    owner = rng.choice(["Example Media", "The Daily Post", "Northern News Ltd"])
    return f"© {rng.randint(1998, 2024)} {owner}. All rights reserved."


def _furniture_sites(
    line: Callable[[random.Random], str], foot: Callable[[random.Random], str]
) -> Finder:
    def find(text: str, rng: random.Random) -> list[Site]:
        sites = [
            (m.start(), m.end(), f"\n\n{line(rng)}\n\n") for m in re.finditer(r"\n\n(?=\S)", text)
        ]
        sites.append((0, 0, f"{line(rng)}\n\n"))
        end = len(text.rstrip("\n"))
        sites.append((end, end, f"\n\n{foot(rng)}"))
        return sites

    return find


defect("furniture", "a line 'Most read' between paragraphs")(
    _furniture_sites(_furniture_line, _foot_line)
)
defect("furniture-word", "a line 'Share' between paragraphs")(
    _furniture_sites(
        lambda rng: rng.choice(FURNITURE_WORDS), lambda rng: rng.choice(FURNITURE_WORDS)
    )
)

# ---------------------------------------------------------------------------
# documents and languages

_LANGS = "en fr de es pt it nl ru zh ja ar fa pl sv da no fi cs el tr ko he hi uk ro hu ca".split()
_LANG_IN_NAME = re.compile(rf"(?:^|[_\-.])({'|'.join(_LANGS)})(?=$|[_\-.])", re.I)


def language_of(path: Path) -> str:
    """A language code read from the path: the file name first, then its directories."""
    for part in [path.stem, *reversed(path.parent.parts)]:
        m = _LANG_IN_NAME.search(part)
        if m:
            return m.group(1).lower()
    return "en"


@dataclass
class Doc:
    group: str
    source: str
    text: str


def _paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def load_docs(inputs: Sequence[Path], group_by: str, lang: str | None, doc_chars: int) -> list[Doc]:
    docs = []
    for root in inputs:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if not f.is_file() or f.suffix not in (".txt", ".md", ".rst", ""):
                continue
            if group_by == "dir":
                group = str(f.parent.relative_to(root.parent)) if root.is_dir() else f.parent.name
            else:
                group = lang or language_of(f)
            run: list[str] = []
            size = 0
            for p in _paragraphs(f.read_text(encoding="utf-8")):
                run.append(p)
                size += len(p) + 2
                if size >= doc_chars:
                    docs.append(Doc(group, str(f), "\n\n".join(run) + "\n"))
                    run, size = [], 0
            if run:
                docs.append(Doc(group, str(f), "\n\n".join(run) + "\n"))
    return docs


# ---------------------------------------------------------------------------
# injecting and scoring


def inject(
    text: str, sites: list[Site], rng: random.Random, keep: int = 0
) -> tuple[str, list[Site]]:
    """``text`` with a seeded choice of ``sites`` damaged: one per RATE characters, at most
    MAX_SHARE of the sites, GAP apart, and ``keep`` sites left as they were."""
    if len(sites) <= keep:
        return text, []
    want = min(math.ceil(len(text) / RATE), max(1, int(len(sites) * MAX_SHARE)), len(sites) - keep)
    chosen: list[Site] = []
    taken: list[int] = []
    for s, e, r in rng.sample(sites, len(sites)):
        if len(chosen) >= want:
            break
        i = bisect.bisect_left(taken, s - GAP)
        if i < len(taken) and taken[i] <= e + GAP:
            continue
        bisect.insort(taken, s)
        if e != s:
            bisect.insort(taken, e)
        chosen.append((s, e, r))
    chosen.sort()
    parts, pos = [], 0
    for s, e, r in chosen:
        parts += [text[pos:s], r]
        pos = e
    parts.append(text[pos:])
    return "".join(parts), chosen


@dataclass
class Score:
    injected: int = 0
    repaired: int = 0
    missed: int = 0
    misrepaired: int = 0
    elsewhere: int = 0  # changes away from every site
    clean_changes: int = 0  # changes tidy makes to the undamaged documents
    nbytes: int = 0
    examples: list[dict[str, str]] = field(default_factory=list)

    def add(self, other: Score, keep: int) -> None:
        for k in (
            "injected",
            "repaired",
            "missed",
            "misrepaired",
            "elsewhere",
            "clean_changes",
            "nbytes",
        ):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.examples.extend(other.examples[: max(0, keep - len(self.examples))])

    @property
    def recall(self) -> float:
        return self.repaired / self.injected if self.injected else float("nan")

    @property
    def wrong_per_mb(self) -> float:
        return (self.misrepaired + self.elsewhere) / (self.nbytes / 1e6) if self.nbytes else 0.0


def _regions(edits: Iterable[object]) -> list[tuple[int, int, int]]:
    """Edits merged into disjoint (start, end, net length change) regions of the input.
    Edits to the same region chain (a later rule edits what an earlier one wrote): each
    changes the length by len(after) - len(before), so the net change is their sum."""
    out: list[list[int]] = []
    for ed in sorted(edits, key=lambda e: (e.start, e.end)):  # type: ignore[attr-defined]
        d = len(ed.after) - len(ed.before)  # type: ignore[attr-defined]
        if out and ed.start <= out[-1][1]:  # type: ignore[attr-defined]
            out[-1][1] = max(out[-1][1], ed.end)  # type: ignore[attr-defined]
            out[-1][2] += d
        else:
            out.append([ed.start, ed.end, d])  # type: ignore[attr-defined]
    return [(a, b, d) for a, b, d in out]


def score_doc(
    clean: str, damaged: str, sites: list[Site], output: str, edits: Sequence[object], show: int
) -> Score:
    sc = Score(injected=len(sites), nbytes=len(damaged.encode("utf-8")))
    regions = _regions(edits)
    # where each region's output starts
    out_pos: list[int] = []
    shift = 0
    for a, _, d in regions:
        out_pos.append(a + shift)
        shift += d
    # damaged coordinates of the sites, and the clean offset before each
    dsites: list[tuple[int, int, int]] = []  # (ds, de, shift before: damaged - clean)
    shift = 0
    for s, e, r in sites:
        dsites.append((s + shift, s + shift + len(r), shift))
        shift += len(r) - (e - s)
    used = [False] * len(regions)
    starts = [a for a, _, _ in regions]
    k = 0
    while k < len(dsites):
        ds, de, before_shift = dsites[k]
        first_k = k
        a, b = ds, de
        # regions touching the window, and sites those regions reach
        while True:
            lo = bisect.bisect_left(starts, a) - 1
            grew = False
            for j in range(max(0, lo), len(regions)):
                ra, rb, _ = regions[j]
                if ra > b:
                    break
                if rb >= a and not used[j]:
                    used[j] = True
                    if ra < a or rb > b:
                        a, b = min(a, ra), max(b, rb)
                        grew = True
            while k + 1 < len(dsites) and dsites[k + 1][0] <= b:
                k += 1
                b = max(b, dsites[k][1])
                grew = True
            if not grew:
                break
        touched = [
            j for j in range(len(regions)) if used[j] and regions[j][0] <= b and regions[j][1] >= a
        ]
        # the window's output
        pieces, pos = [], a
        for j in touched:
            ra, rb, d = regions[j]
            pieces += [damaged[pos:ra], output[out_pos[j] : out_pos[j] + (rb - ra) + d]]
            pos = rb
        pieces.append(damaged[pos:b])
        got = "".join(pieces)
        end_shift = dsites[k][2] + (dsites[k][1] - dsites[k][0]) - (sites[k][1] - sites[k][0])
        want = clean[a - before_shift : b - end_shift]
        n = k - first_k + 1
        if got == want:
            sc.repaired += n
        elif not touched:
            sc.missed += n
        else:
            sc.misrepaired += n
        if got != want and len(sc.examples) < show:
            ctx_a, ctx_b = max(0, a - 40), b + 40
            sc.examples.append(
                {
                    "outcome": "missed" if not touched else "mis-repaired",
                    "damaged": damaged[ctx_a:ctx_b],
                    "clean": clean[max(0, a - before_shift - 40) : b - end_shift + 40],
                    "got": got,
                    "want": want,
                }
            )
        k += 1
    for j, (ra, rb, d) in enumerate(regions):
        if not used[j]:
            sc.elsewhere += 1
            if len(sc.examples) < show:
                sc.examples.append(
                    {
                        "outcome": "wrong elsewhere",
                        "damaged": damaged[max(0, ra - 40) : rb + 40],
                        "got": output[out_pos[j] : out_pos[j] + rb - ra + d],
                        "want": damaged[ra:rb],
                    }
                )
    return sc


_FIX: Callable[[str], object] | None = None


def _fixer() -> Callable[[str], object]:
    global _FIX
    if _FIX is None:
        import tidy

        _FIX = tidy.fixer()
    return _FIX


def _work(args: tuple[Doc, int, list[str], int, int]) -> tuple[str, dict[str, Score]]:
    doc, index, names, seed, show = args
    fix = _fixer()
    out: dict[str, Score] = {}
    base = fix(doc.text)
    clean_changes = len(_regions(base.edits))  # type: ignore[attr-defined]
    for name in names:
        cls = CLASSES[name]
        rng = random.Random(f"{seed}:{name}:{doc.source}:{index}")
        clean, baseline = doc.text, clean_changes
        if cls.restyle is not None:
            clean = cls.restyle(doc.text, rng)
            if clean != doc.text:
                baseline = len(_regions(fix(clean).edits))  # type: ignore[attr-defined]
        damaged, sites = inject(clean, cls.find(clean, rng), rng, cls.keep)
        if not sites:
            sc = Score(nbytes=0)
        else:
            res = fix(damaged)
            sc = score_doc(clean, damaged, sites, res.text, res.edits, show)  # type: ignore[attr-defined]
            for ex in sc.examples:
                ex["source"] = f"{doc.source}#{index}"
            sc.elsewhere = max(0, sc.elsewhere - baseline)  # the clean text's own, counted below
        sc.clean_changes = clean_changes if name == names[0] else 0
        out[name] = sc
    return doc.group, out


def simulate(
    docs: Sequence[Doc],
    names: Sequence[str],
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    show: int = 0,
) -> dict[str, dict[str, Score]]:
    """Per group, per class: the summed scores of every document."""
    totals: dict[str, dict[str, Score]] = {}
    work = [(d, i, list(names), seed, show) for i, d in enumerate(docs)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(_work, work, chunksize=4))
    else:
        results = [_work(w) for w in work]
    for group, per in results:
        g = totals.setdefault(group, {n: Score() for n in names})
        for n, sc in per.items():
            g[n].add(sc, show)
    return totals


def _sample(docs: list[Doc], size_mb: float, seed: int) -> list[Doc]:
    """At most ``size_mb`` of documents per group, drawn with the seed."""
    if size_mb <= 0:
        return docs
    rng = random.Random(seed)
    out: list[Doc] = []
    by_group: dict[str, list[Doc]] = {}
    for d in docs:
        by_group.setdefault(d.group, []).append(d)
    for group in sorted(by_group):
        pool = by_group[group][:]
        rng.shuffle(pool)
        size = 0
        for d in pool:
            if size >= size_mb * 1e6:
                break
            out.append(d)
            size += len(d.text.encode("utf-8"))
    return out


def report(totals: dict[str, dict[str, Score]], docs: Sequence[Doc], show: int) -> str:
    lines = []
    for group in sorted(totals):
        per = totals[group]
        mb = sum(len(d.text.encode("utf-8")) for d in docs if d.group == group) / 1e6
        clean = sum(s.clean_changes for s in per.values())
        n = sum(1 for d in docs if d.group == group)
        lines.append(f"\n## {group}: {n} documents, {mb:.2f} MB clean")
        lines.append(f"\nChanges tidy makes to the undamaged documents: {clean}\n")
        lines.append(
            "| class | injected | repaired | missed | mis-repaired | recall"
            " | wrong elsewhere | wrong / MB |"
        )
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, sc in per.items():
            recall = f"{100 * sc.recall:.1f}%" if sc.injected else "–"
            cells = [name, sc.injected, sc.repaired, sc.missed, sc.misrepaired, recall]
            cells += [sc.elsewhere, f"{sc.wrong_per_mb:.2f}"]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        if show:
            for name, sc in per.items():
                for ex in sc.examples[:show]:
                    lines.append(f"\n{group} {name} {ex['outcome']} ({ex.get('source', '')})")
                    lines.append(f"    damaged {ex['damaged']!r}")
                    lines.append(f"    got {ex['got']!r}\n    want {ex['want']!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        help="clean text files or directories (default: the shared prose and multilingual corpora)",
    )
    ap.add_argument(
        "--classes", default="", help="comma-separated classes (default: all; see --list)"
    )
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--seeds",
        type=int,
        default=1,
        help="sum the scores of this many seeds from --seed on (more sites from a small text)",
    )
    ap.add_argument(
        "--lang", default=None, help="the language of every input (default: read from each path)"
    )
    ap.add_argument("--group-by", choices=["lang", "dir"], default="lang")
    ap.add_argument("--only", default="", help="comma-separated groups to keep (e.g. en,fr)")
    ap.add_argument(
        "--size", type=float, default=3.0, help="at most this many MB per group (0: all)"
    )
    ap.add_argument("--doc-chars", type=int, default=DOC_CHARS)
    ap.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--show", type=int, default=0, help="print this many failures per class")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--list", action="store_true", help="list the defect classes and exit")
    args = ap.parse_args(argv)
    if args.list:
        for c in CLASSES.values():
            print(f"{c.name:20} {c.example}")
        return 0
    names = [n for n in args.classes.split(",") if n] or list(CLASSES)
    unknown = [n for n in names if n not in CLASSES]
    if unknown:
        ap.error(f"unknown class(es) {', '.join(unknown)}; known: {', '.join(CLASSES)}")
    inputs = args.inputs or [p for p in DEFAULT_INPUTS if p.exists()]
    if not inputs:
        ap.error("no inputs: give files or directories of clean text")
    docs = load_docs(inputs, args.group_by, args.lang, args.doc_chars)
    if args.only:
        keep = set(args.only.split(","))
        docs = [d for d in docs if d.group in keep]
    docs = _sample(docs, args.size, args.seed)
    t0 = time.perf_counter()
    totals = simulate(docs, names, args.seed, args.jobs, args.show)
    for seed in range(args.seed + 1, args.seed + args.seeds):
        for group, per in simulate(docs, names, seed, args.jobs, args.show).items():
            for name, sc in per.items():
                sc.clean_changes = 0  # the undamaged documents are the same: counted once
                totals[group][name].add(sc, args.show)
    took = time.perf_counter() - t0
    if args.json:
        json.dump(
            {
                g: {
                    n: {**asdict(s), "recall": s.recall, "wrong_per_mb": s.wrong_per_mb}
                    for n, s in per.items()
                }
                for g, per in totals.items()
            },
            sys.stdout,
            indent=1,
            ensure_ascii=False,
        )
        print()
    else:
        seeds = (
            f"seeds {args.seed}-{args.seed + args.seeds - 1}"
            if args.seeds > 1
            else f"seed {args.seed}"
        )
        print(f"# tidy damage simulation ({seeds}, {took:.0f} s)")
        print(report(totals, docs, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
