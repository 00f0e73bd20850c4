"""Cross-document boilerplate learning: lines and title prefixes that recur across a corpus.

A :class:`Learner` reads documents one at a time (or in shards that are merged later) and
counts, per normalised line, how many documents hold it, and the word-prefixes of each
document's title lines. :meth:`Learner.result` keeps what recurs often enough as a
:class:`Learned` set, which :meth:`Learned.dump` writes as a reviewable text file and
:func:`rule_options` turns into options for the ``learned-boilerplate`` rule::

    learner = Learner()
    for doc in corpus:
        learner.add(doc)
    learned = learner.result()
    tidy.fix(text, extend_select=["learned-boilerplate"], rule_options=rule_options(learned))

Everything here is pure and deterministic: the result depends only on the multiset of
documents, not on their order or on how they were split between merged learners.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from tidy.untrusted import excerpt

__all__ = [
    "DEFAULT_MIN_DOCS",
    "DEFAULT_MIN_FRACTION",
    "Learned",
    "Learner",
    "load",
    "normalise",
    "rule_options",
    "title_words",
]

DEFAULT_MIN_DOCS = 3
DEFAULT_MIN_FRACTION = 0.05
MAX_LINE = 200  # normalised characters; longer lines are prose and never counted
PREFIX_WORDS = 6  # the longest prefix learned
HEAD_LINES = 5  # title candidates: leading lines (a menu may come before the title)
PROSE_WORDS = 8  # a line this long is prose: a phrase found in it is not furniture
HEADER = "# tidy boilerplate: {} documents"
RULE_ID = "learned-boilerplate"

_DIGIT = re.compile(r"\d")
_HEADING_MARK = re.compile(r"#{1,6}$")
_HEADER = re.compile(r"#\s*tidy boilerplate:\s*(\d+)\s+documents?\s*$")
# A prefix must not end with one of these: "How to", "The" begin titles, not breadcrumbs.
_FUNCTION_WORD_LIST = """
    a an the and or but nor of to in on at for with by from as into onto upon about after
    before over under than then so if is are was were be been being am do does did has have
    had will would can could should may might must shall how why what when where who whom
    whose which this that these those it its his her hers their our your my we you i he she
    they them us me him not no yes new
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())


def normalise(line: str) -> str:
    """``line`` case-folded, every digit as ``0``, whitespace runs as one space, stripped."""
    return " ".join(_DIGIT.sub("0", line.casefold()).split())


def title_words(normalised: str) -> list[str]:
    """The words of a normalised title line, without a leading Markdown heading mark."""
    words = normalised.split()
    if words and _HEADING_MARK.match(words[0]):
        del words[0]
    return words


def _countable(line: str) -> bool:
    """Whether a normalised line may be learned: not empty, not a lone short word, not
    over-long, and holding a letter (rules like ``---`` or ``* * *`` are structure)."""
    if len(line) > MAX_LINE or (len(line) < 3 and " " not in line):
        return False
    return any(c.isalpha() for c in line)


def _title_like(line: str) -> bool:
    """Whether a non-empty normalised line could be a title: no sentence end, not long."""
    return len(line) <= MAX_LINE and not line.endswith((".", ",", ";", ":"))


@dataclass
class Learned:
    """What a corpus taught: normalised ``lines`` and title ``prefixes`` with the number of
    documents holding each, out of ``documents``."""

    lines: dict[str, int] = field(default_factory=dict)
    prefixes: dict[str, int] = field(default_factory=dict)
    documents: int = 0

    def dump(self) -> str:
        """The reviewable text form: a header comment, then ``kind<TAB>count<TAB>text`` rows
        (lines, then prefixes; each by count descending, then text)."""
        out = [HEADER.format(self.documents)]
        for kind, table in (("line", self.lines), ("prefix", self.prefixes)):
            out.extend(f"{kind}\t{n}\t{text}" for text, n in _ranked(table))
        return "\n".join(out) + "\n"

    @classmethod
    def load(cls, text: str) -> Learned:
        return load(text)


def _ranked(table: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(table.items(), key=lambda kv: (-kv[1], kv[0]))


def load(text: str) -> Learned:
    """Parse :meth:`Learned.dump` output. Comment and blank lines are skipped; texts are
    normalised again (so hand-written rows work). Raises ``ValueError`` naming the line
    number of a malformed row."""
    learned = Learned()
    if "\0" in text:  # binary, or /proc/self/environ: nothing of it belongs in a message
        raise ValueError("it holds NUL characters")
    for no, raw in enumerate(text.split("\n"), 1):
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        if raw.lstrip().startswith("#"):
            m = _HEADER.fullmatch(raw.strip())
            if m:
                learned.documents = int(m.group(1))
            continue
        parts = raw.split("\t")
        if len(parts) != 3:
            got = f"{len(parts)} field{'s' if len(parts) != 1 else ''}"
            raise ValueError(
                f"line {no}: expected kind<TAB>count<TAB>text, got {got}: {excerpt(raw)}"
            )
        kind, count, body = parts
        table = {"line": learned.lines, "prefix": learned.prefixes}.get(kind)
        if table is None:
            raise ValueError(
                f"line {no}: unknown kind {excerpt(kind)} (expected 'line' or 'prefix')"
            )
        if not count.isascii() or not count.isdigit():
            raise ValueError(f"line {no}: count {excerpt(count)} is not a whole number")
        key = normalise(body)
        if not key:
            raise ValueError(f"line {no}: empty {kind}")
        if key in table:
            raise ValueError(f"line {no}: {kind} {excerpt(key)} is listed twice")
        table[key] = int(count)
    return learned


def rule_options(learned: Learned) -> dict[str, dict[str, list[str]]]:
    """Options for ``tidy.fix(..., rule_options=...)`` that make the ``learned-boilerplate``
    rule remove what ``learned`` holds."""
    return {
        RULE_ID: {
            "lines": [t for t, _ in _ranked(learned.lines)],
            "prefixes": [t for t, _ in _ranked(learned.prefixes)],
        }
    }


class Learner:
    """Counts, over the documents it is given, what :meth:`result` needs. Counts are per
    document (a line repeated in one document counts once), so learners over shards of a
    corpus :meth:`merge` into exactly the learner of the whole corpus.

    Memory grows with the number of distinct short lines and title prefixes seen (long
    lines are never stored); nothing is pruned before :meth:`result`, which would make the
    outcome depend on how the corpus was split."""

    __slots__ = ("documents", "lines", "prefixes", "prose")

    def __init__(self) -> None:
        self.documents = 0
        self.lines: Counter[str] = Counter()  # normalised line -> documents holding it
        # title prefix -> documents whose title line starts with it (followed by more)
        self.prefixes: Counter[str] = Counter()
        # title prefix -> documents that also use the phrase in a prose line
        self.prose: Counter[str] = Counter()

    def add(self, document: str) -> None:
        """Count one document's lines and its title lines' prefixes."""
        self.documents += 1
        normalised = [normalise(raw) for raw in document.split("\n")]
        self.lines.update({n for n in normalised if _countable(n)})
        # Title candidates: the leading non-empty lines up to the first sentence of prose
        # (at most HEAD_LINES). A menu before the title is among them, but its prefixes are
        # always followed by the same words and fail the tests in result().
        heads: list[int] = []
        for i, n in enumerate(normalised):
            if not n:
                continue
            if len(heads) == HEAD_LINES or not _title_like(n):
                break
            heads.append(i)
        found: dict[str, bool] = {}
        prose: str | None = None
        for i in heads:
            words = title_words(normalised[i])
            # one word more than is ever learned: what follows a prefix matters too
            for k in range(1, min(PREFIX_WORDS + 1, len(words) - 1) + 1):
                p = " ".join(words[:k])
                if p in found:
                    continue
                if prose is None:
                    prose = _prose(normalised, set(heads))
                found[p] = f" {p} " in prose
        self.prefixes.update(found.keys())
        self.prose.update(p for p, in_prose in found.items() if in_prose)

    def merge(self, other: Learner) -> Learner:
        """Add ``other``'s counts to this learner (in place) and return it."""
        self.documents += other.documents
        self.lines.update(other.lines)
        self.prefixes.update(other.prefixes)
        self.prose.update(other.prose)
        return self

    def threshold(self, min_docs: int | None = None, min_fraction: float | None = None) -> int:
        """Documents a line or prefix must occur in: the larger of the two minimums."""
        docs = DEFAULT_MIN_DOCS if min_docs is None else min_docs
        frac = DEFAULT_MIN_FRACTION if min_fraction is None else min_fraction
        return max(2, docs, math.ceil(frac * self.documents - 1e-9))

    def result(self, min_docs: int | None = None, min_fraction: float | None = None) -> Learned:
        """What recurs in at least ``max(min_docs, min_fraction * documents)`` documents
        (defaults 3 and 0.05).

        A title prefix (1 to 6 words, always followed by more) is kept only if it also
        - is followed by different text in most documents (at least half as many distinct
          lines start with it as documents do), so a title that recurs whole is no prefix;
        - is not used in the prose of most of its documents, and does not end with a
          function word, so a common title word ("Coronavirus", "How to") is no prefix;
        - ends where the titles begin: no single next word follows it in half its
          documents, so of nested prefixes sharing their documents the longest wins
          ("trade resources industry views", not "trade resources");
        - does not extend another such prefix: "trade resources industry views steel" is
          the breadcrumb followed by a common title word, "how to cook" is a title.
        Sibling breadcrumbs ("site » world", "site » business") are kept side by side.
        """
        need = self.threshold(min_docs, min_fraction)
        lines = {t: n for t, n in self.lines.items() if n >= need}
        ordered = sorted(self.lines)  # to count the distinct lines that start with a prefix
        candidates: dict[str, int] = {}
        for p, n in self.prefixes.items():
            if n < need or 2 * self.prose[p] > n or p.count(" ") >= PREFIX_WORDS:
                continue
            if (" " not in p and len(p) < 3) or not any(c.isalpha() for c in p):
                continue
            if 2 * _count_starting(ordered, p) < n:
                continue
            candidates[p] = n
        # The most documents in which one same word follows each candidate.
        top: dict[str, int] = {}
        for q, m in self.prefixes.items():
            parent = q.rpartition(" ")[0]
            if parent in candidates and m > top.get(parent, 0):
                top[parent] = m
        # A prefix ends where the titles begin: no one next word in most of its documents.
        ends = {p for p, n in candidates.items() if 2 * top.get(p, 0) < n}
        prefixes = {}
        for p in ends:
            words = p.split()
            # "How to" ends where titles begin but is title grammar, and so is what
            # extends it; what extends a kept prefix is a title word after the breadcrumb.
            if words[-1] in _FUNCTION_WORDS:
                continue
            if not any(" ".join(words[:k]) in ends for k in range(1, len(words))):
                prefixes[p] = candidates[p]
        return Learned(lines=lines, prefixes=prefixes, documents=self.documents)


def _prose(normalised: list[str], skip: set[int]) -> str:
    """The document's prose lines as one space-padded string, for phrase look-ups."""
    parts = [
        n for i, n in enumerate(normalised) if i not in skip and n.count(" ") >= PROSE_WORDS - 1
    ]
    return " " + " ".join(parts) + " "


def _count_starting(ordered: list[str], prefix: str) -> int:
    """How many lines of the sorted list ``ordered`` start with the words of ``prefix`` and
    go on (behind a Markdown heading mark or not)."""
    total = 0
    for mark in ("", "# ", "## ", "### ", "#### ", "##### ", "###### "):
        start = mark + prefix + " "
        lo = bisect.bisect_left(ordered, start)
        hi = bisect.bisect_left(ordered, start[:-1] + "!")  # " " + 1: past every match
        total += hi - lo
    return total
