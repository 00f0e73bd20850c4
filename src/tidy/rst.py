"""reStructuredText blocks that rules must not edit, found by a line scanner.

reST's block grammar is indentation-based: a construct is a marker line (``.. name::``,
a paragraph ending in ``::``, ``:field:``, a title's adornment, a table border) and the
lines indented under it. One pass over the lines finds them all, at any depth of nesting,
without building a document tree: docutils (the reference parser) reads these files at
under 0.5 MB/s and reports some constructs' lines only roughly, where this scanner costs a
few milliseconds per file and gives exact spans. It errs on the side of protecting: an
unknown directive's body counts as code, and a marker with nothing valid under it still
keeps its own line.

What is protected (as character spans of whole lines):

* literal blocks after ``::`` (expanded ``Text::``, partial ``Text ::``, minimal ``::``),
  indented or quoted, and the ``::`` marker itself;
* directives: the ``.. name:: arguments`` line and its options everywhere; the whole body
  of code-like and unknown directives (``code-block``, ``literalinclude``, ``math``,
  ``toctree``, ``csv-table`` …); admonitions and other prose directives keep their body
  open to repair (constructs inside it are found like any other);
* comments, substitution definitions, hyperlink targets, footnote and citation labels;
* field lists (directive options, docinfo, ``:param x:``) with their bodies, and
  RFC 2822 headers at the top of a file (``PEP: 8``, ``Title: …``);
* section titles with their underline and overline, transitions;
* grid and simple tables, doctest blocks, definition-list terms with classifiers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidy.context import Context

# Characters that may form an adornment (any non-alphanumeric printable 7-bit ASCII).
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_EXPLICIT = re.compile(r"([ \t]*)\.\.(?=[ \t]|$)")
_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+([A-Za-z0-9][\w:.+-]*?)[ \t]*::(?=[ \t]|$)")
_SUBSTITUTION = re.compile(r"[ \t]*\.\.[ \t]+\|[^|\n]+\|[ \t]+[A-Za-z0-9][\w:.+-]*::(?=[ \t]|$)")
_TARGET = re.compile(r"[ \t]*(?:\.\.[ \t]+_|__[ \t])")
_FOOTNOTE = re.compile(r"[ \t]*\.\.[ \t]+\[[^\]\n]+\](?=[ \t]|$)")
_FIELD = re.compile(r"[ \t]*:(?![ :])(?:[^:`\\\n]|\\.)+(?<! ):(?=[ \t]|$)")
_HEADER = re.compile(r"[A-Za-z][\w-]*:[ \t]+\S")
_GRID_BORDER = re.compile(r"[ \t]*\+(?:[-=]+\+)+[ \t]*$")
_SIMPLE_BORDER = re.compile(r"[ \t]*=+(?:[ \t]+=+)*[ \t]*$")
_CLASSIFIER = re.compile(r"\S[ \t]+:[ \t]+\S")
_LITERAL_MARK = re.compile(r"[ \t]*::[ \t]*$")

# Directives whose body is prose (it stays open to repair; its own constructs are still
# found). Every other directive's body is taken for code or data and left alone.
PROSE_DIRECTIVES = frozenset(
    """note warning tip hint important caution danger error attention admonition seealso
    todo versionadded versionchanged deprecated versionremoved topic sidebar rubric
    epigraph highlights pull-quote compound container figure table only ifconfig glossary
    centered hlist tab tabs tab-set tab-item card grid grid-item grid-item-card dropdown
    div class cssclass header footer function method class attribute data exception
    decorator property classmethod staticmethod describe object envvar option cmdoption
    confval event directive role setting program module currentmodule""".split()
)
# Admonitions take no argument: text after ``::`` on their line is already the body.
_NO_ARGUMENT = frozenset(
    """note warning tip hint important caution danger error attention seealso todo
    compound container""".split()
)
# Directives whose argument is a signature that may go on over several lines.
_SIGNATURES = frozenset("function method class describe object".split())
SIMPLE_TABLE_LINES = 2000  # how far a simple table's closing border is looked for


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    lead = line[: len(line) - len(stripped)]
    return len(lead.expandtabs(8)) if "\t" in lead else len(lead)


def _adornment(s: str) -> bool:
    """``s`` (stripped) is a run of one punctuation character: an underline or overline."""
    return len(s) >= 2 and s != "::" and s[0] in _PUNCT and s.count(s[0]) == len(s)


class _Lines:
    """The text's lines. Blankness and indentation are worked out only for the lines the
    scanner visits (markup lines and the blocks under them), not for the prose between."""

    __slots__ = ("_raw", "n", "starts", "tabs", "text")

    def __init__(self, text: str):
        self.text = text
        self.tabs = "\t" in text
        self._raw = text.split("\n")
        self.n = len(self._raw)
        self.starts = list(accumulate(map((1).__add__, map(len, self._raw)), initial=0))

    def line(self, j: int) -> str:
        t = self._raw[j]
        return t[:-1] if t.endswith("\r") else t

    def blank(self, j: int) -> bool:
        return not self._raw[j].strip()

    def indent(self, j: int) -> int:
        t = self._raw[j]
        return _indent(t) if t.strip() else 0

    def end(self, j: int) -> int:
        """Offset just past line ``j``'s content (before its line break)."""
        t = self._raw[j]
        return self.starts[j] + len(t) - (1 if t.endswith("\r") else 0)

    def index(self, pos: int) -> int:
        """The line that holds offset ``pos``."""
        return bisect.bisect_right(self.starts, pos) - 1

    def block_end(self, i: int, k: int) -> int:
        """The last line of the block that line ``i`` opens: every following line indented
        more than ``k``, and blank lines between them."""
        if not self.tabs:  # the first line indented k spaces or fewer, found in one scan
            m = _outdented(k).search(self.text, self.starts[i + 1] - 1 if i + 1 < self.n else 0)
            j = self.index(m.start() + 1) if m and i + 1 < self.n else self.n
            j -= 1
            while j > i and self.blank(j):
                j -= 1
            return j
        last = i
        raw = self._raw
        for j in range(i + 1, self.n):
            t = raw[j]
            if t.strip():
                if _indent(t) <= k:
                    break
                last = j
        return last

    def next_content(self, i: int) -> int:
        """Index of the first non-blank line after ``i`` (``n`` if none)."""
        j = i + 1
        while j < self.n and self.blank(j):
            j += 1
        return j


@lru_cache(maxsize=64)
def _outdented(k: int) -> re.Pattern[str]:
    """A line break before a line that holds text and is indented ``k`` spaces or fewer."""
    return re.compile(rf"\n {{0,{k}}}[^ \t\r\n]")


# Lines that may open a construct, found by scans that start at a literal character (a
# line break, a colon, a space), so the prose between them costs next to nothing: explicit
# markup, anonymous targets, table borders, fields, doctests, adornments; lines that end in
# "::"; definition terms with a classifier.
_OPENERS = re.compile(
    r"\n[ \t]*(?:([!-/:-@\[-`{-~])\1+[ \t]*\r?(?=\n|\Z)"
    r"|\.\.(?=[ \t\r\n]|\Z)|__[ \t]|\+[-=]|=|:(?![ :\r\n])|>>>)"
)
_ENDS_LITERAL = re.compile(r"::[ \t]*\r?(?=\n|\Z)")
_SPACED_COLON = re.compile(r" : ")


def _candidates(text: str, ln: _Lines) -> list[int]:
    found: set[int] = set()
    # A line break put before the text lets its first line match too; each match then
    # starts at the break that precedes its line, one offset later in the text.
    for m in _OPENERS.finditer("\n" + text):
        j = ln.index(m.start())
        found.add(j)
        if m.group(1) and j > 0:
            found.add(j - 1)  # the title over an underline
    for rx in (_ENDS_LITERAL, _SPACED_COLON):
        found.update(ln.index(m.start()) for m in rx.finditer(text))
    return sorted(found)


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (reST) that hold code, markup or structure, sorted by start."""
    ln = _Lines(text)
    out: list[tuple[int, int]] = []

    def protect(a: int, b: int) -> None:  # lines a..b inclusive
        out.append((ln.starts[a], ln.end(b)))

    n = ln.n
    nxt = _rfc2822_header(ln, protect)  # the first line not yet taken by a block
    for i in _candidates(text, ln):
        if i < nxt or ln.blank(i):
            continue
        nxt = i + 1
        line = ln.line(i)
        k = ln.indent(i)
        s = line.strip()
        if s.startswith("..") and _EXPLICIT.match(line):
            nxt = _explicit(ln, i, k, out, protect)
            continue
        if s.startswith("__ ") and _TARGET.match(line):
            end = ln.block_end(i, k)  # an anonymous target: ``__ https://…``
            protect(i, end)
            nxt = end + 1
            continue
        if s[0] == "+" and _GRID_BORDER.match(line):
            j = i + 1
            while j < n and ln.line(j).lstrip()[:1] in ("+", "|"):
                j += 1
            protect(i, j - 1)
            nxt = j
            continue
        if s[0] == "=" and (i == 0 or ln.blank(i - 1)) and _SIMPLE_BORDER.match(line):
            end = _simple_table(ln, i)
            if end > i:
                protect(i, end)
                nxt = end + 1
                continue
        if _adornment(s) and (i == 0 or ln.blank(i - 1)):
            # an overline title (three lines) or a transition
            if i + 2 < n and not ln.blank(i + 1) and ln.line(i + 2).strip() == s:
                protect(i, i + 2)
                nxt = i + 3
            else:
                protect(i, i)
            continue
        if i + 1 < n and not ln.blank(i + 1):
            under = ln.line(i + 1).strip()
            long_enough = len(under) >= 3 or len(under) >= len(s)
            if long_enough and _adornment(under) and ln.indent(i + 1) == k:
                protect(i, i + 1)  # a section title and its underline
                nxt = i + 2
                continue
        if s[0] == ":" and _FIELD.match(line):
            end = ln.block_end(i, k)
            protect(i, end)
            nxt = end + 1
            continue
        if s.startswith(">>>") and (i == 0 or ln.blank(i - 1)):
            j = i
            while j + 1 < n and not ln.blank(j + 1):
                j += 1
            protect(i, j)  # a doctest block runs to the next blank line
            nxt = j + 1
            continue
        if (
            " : " in s
            and i + 1 < n
            and not ln.blank(i + 1)
            and ln.indent(i + 1) > k
            and _CLASSIFIER.search(s)
        ):
            protect(i, i)  # a definition-list term with a classifier (``x : int``)
        if s.endswith("::"):
            nxt = _literal(ln, i, out, protect)
    return out


def _rfc2822_header(ln: _Lines, protect: Callable[[int, int], None]) -> int:
    """RFC 2822 fields at the very top (a PEP's ``PEP:``, ``Title:``, ``Author:`` …):
    protected to the first blank line. Returns the line the scan goes on from."""
    if not _HEADER.match(ln.line(0)):
        return 0
    fields = 0
    j = 0
    while j < ln.n and not ln.blank(j):
        t = ln.line(j)
        if _HEADER.match(t):
            fields += 1
        elif t[:1] not in (" ", "\t"):
            return 0  # not a header block after all
        j += 1
    if fields < 2:
        return 0
    protect(0, j - 1)
    return j


def _explicit(
    ln: _Lines, i: int, k: int, out: list[tuple[int, int]], protect: Callable[[int, int], None]
) -> int:
    """An explicit markup block at line ``i``; returns the line the scan goes on from."""
    line = ln.line(i)
    m = _DIRECTIVE.match(line)
    if m:
        name = m.group(1).lower()
        end = ln.block_end(i, k)
        prose = name in PROSE_DIRECTIVES or ":" in name or name.startswith("auto")
        if not prose:
            protect(i, end)
            return end + 1
        if name in _NO_ARGUMENT:
            out.append((ln.starts[i], ln.starts[i] + m.end()))  # the marker only
        else:
            protect(i, i)
            if ":" in name or name in _SIGNATURES:
                # a signature may go on over the following lines, up to a blank line
                j = i
                while j + 1 <= end and not ln.blank(j + 1) and ln.line(j + 1).strip()[:1] != ":":
                    j += 1
                protect(i, j)
        return i + 1  # the body is scanned as any other text (options are fields)
    if _SUBSTITUTION.match(line) or _TARGET.match(line):
        end = ln.block_end(i, k)
        protect(i, end)
        return end + 1
    m = _FOOTNOTE.match(line)
    if m:
        out.append((ln.starts[i], ln.starts[i] + m.end()))  # the label; the note is prose
        return i + 1
    # A comment: its text and everything indented under it. An empty ``..`` followed by
    # a blank line ends at once (it only separates constructs).
    if not line.strip()[2:].strip() and (i + 1 >= ln.n or ln.blank(i + 1)):
        protect(i, i)
        return i + 1
    end = ln.block_end(i, k)
    protect(i, end)
    return end + 1


def _simple_table(ln: _Lines, i: int) -> int:
    """The last line of a simple table whose top border is line ``i`` (or ``i`` if the
    border closes nothing): the table ends at a border followed by a blank line."""
    limit = min(ln.n, i + SIMPLE_TABLE_LINES)
    if i + 1 >= limit or ln.blank(i + 1):
        return i
    for j in range(i + 2, limit):
        if not ln.blank(j) and _SIMPLE_BORDER.match(ln.line(j)):
            if j + 1 >= ln.n or ln.blank(j + 1):
                return j
    return i


def _literal(
    ln: _Lines, i: int, out: list[tuple[int, int]], protect: Callable[[int, int], None]
) -> int:
    """Line ``i`` ends in ``::``: protect the marker and the literal block after it."""
    m = _LITERAL_MARK.search(ln.line(i))
    assert m is not None
    # The marker, with the space before it: ``Text ::`` and ``Text::`` render differently.
    out.append((ln.starts[i] + m.start(), ln.end(i)))
    # The paragraph's least indentation is the reference: the block is indented past it.
    ref = ln.indent(i)
    p = i
    while p > 0 and not ln.blank(p - 1):
        p -= 1
        ref = min(ref, ln.indent(p))
    j = ln.next_content(i)
    if j >= ln.n:
        return i + 1
    if ln.indent(j) > ref:
        end = ln.block_end(j, ref)
        protect(j, end)
        return end + 1
    first = ln.line(j).lstrip()[:1]
    if j > i + 1 and ln.indent(j) == ref and first in _PUNCT:
        end = j  # a quoted literal block: lines starting with the same character
        while end + 1 < ln.n and not ln.blank(end + 1) and ln.line(end + 1).lstrip()[:1] == first:
            end += 1
        protect(j, end)
        return end + 1
    return i + 1


# The signs of reST, each opening with its literal, so that the regex engine skips ahead to
# it (one alternation led by ``(?:\A|\n)`` was tried at every position of the text).
_DIRECTIVE_AT = re.compile(r"\.\.[ \t]+(?:[A-Za-z][\w:.+-]*::|_[^\n:]+:|\|[^|\n]+\|)")
_SIGNS = re.compile(r"::[ \t]*\r?\n[ \t]*\r?\n[ \t]+\S|``[^`\n]+``")
_ROLE = re.compile(r":`(?<=:[a-z]:`|[a-z][a-z]:`)[^`\n]+`")
_ROLE_NAME = re.compile(r":[a-z]+(?::[a-z-]+)?:\Z")
_PEP_HEADER = re.compile(r"PEP:[ \t]*\d+[ \t]*\r?\n")
SNIFF = 20_000  # markup shows itself early: only the start of the text is read


def plain_written_in_rst(ctx: Context) -> bool:
    """Whether ``ctx`` is plain text whose document is written in reST (docutils names its
    sources .txt): read once per document."""
    return ctx.mode == "plain" and bool(ctx.doc_memo("looks-rst", looks_like))


def looks_like(text: str) -> bool:
    """Whether plain text shows reST markup (a directive, a target, a literal block after
    ``::``, an inline literal or role, a PEP header): such files get reST's protection."""
    if _PEP_HEADER.match(text) is not None or _SIGNS.search(text, 0, SNIFF) is not None:
        return True
    end = min(len(text), SNIFF)
    i = text.find("..", 0, end)
    while i >= 0:  # a directive, target or substitution: `..` opening its line
        ls = text.rfind("\n", max(0, i - 80), i) + 1  # (no directive is indented further)
        if (ls or i <= 80) and not text[ls:i].strip(" \t") and _DIRECTIVE_AT.match(text, i, end):
            return True
        i = text.find("..", i + 2, end)
    for m in _ROLE.finditer(text, 0, end):  # :func:`name`, :py:class:`Name`
        if _ROLE_NAME.search(text, max(0, m.start() - 40), m.start() + 1):
            return True
    return False
