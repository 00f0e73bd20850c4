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

import re

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
SIMPLE_TABLE_LINES = 2000  # how far a simple table's closing border is looked for


def _indent(line: str) -> int:
    stripped = line.lstrip(" \t")
    head = line[: len(line) - len(stripped)]
    return len(head.expandtabs(8)) if "\t" in head else len(head)


def _adornment(s: str) -> bool:
    """``s`` (stripped) is a run of one punctuation character: an underline or overline."""
    return len(s) >= 2 and s != "::" and s[0] in _PUNCT and s.count(s[0]) == len(s)


class _Lines:
    __slots__ = ("blank", "ends", "indent", "n", "starts", "text")

    def __init__(self, text: str):
        self.text = [ln[:-1] if ln.endswith("\r") else ln for ln in text.split("\n")]
        self.n = len(self.text)
        self.starts = []
        pos = 0
        for raw in text.split("\n"):
            self.starts.append(pos)
            pos += len(raw) + 1
        self.ends = [s + len(t) for s, t in zip(self.starts, self.text, strict=True)]
        self.blank = [not t.strip() for t in self.text]
        self.indent = [0 if b else _indent(t) for t, b in zip(self.text, self.blank, strict=True)]

    def block_end(self, i: int, k: int) -> int:
        """The last line of the block that line ``i`` opens: every following line indented
        more than ``k``, and blank lines between them."""
        last = i
        j = i + 1
        while j < self.n:
            if not self.blank[j]:
                if self.indent[j] <= k:
                    break
                last = j
            j += 1
        return last

    def next_content(self, i: int) -> int:
        """Index of the first non-blank line after ``i`` (``n`` if none)."""
        j = i + 1
        while j < self.n and self.blank[j]:
            j += 1
        return j


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (reST) that hold code, markup or structure, sorted by start."""
    ln = _Lines(text)
    out: list[tuple[int, int]] = []

    def protect(a: int, b: int) -> None:  # lines a..b inclusive
        out.append((ln.starts[a], ln.ends[b]))

    i = _rfc2822_header(ln, protect)
    n = ln.n
    while i < n:
        if ln.blank[i]:
            i += 1
            continue
        line = ln.text[i]
        k = ln.indent[i]
        s = line.strip()
        if s.startswith("..") and _EXPLICIT.match(line):
            i = _explicit(ln, i, k, out, protect)
            continue
        if s.startswith("__ ") and _TARGET.match(line):
            end = ln.block_end(i, k)  # an anonymous target: ``__ https://…``
            protect(i, end)
            i = end + 1
            continue
        if s[0] == "+" and _GRID_BORDER.match(line):
            j = i + 1
            while j < n and ln.text[j].lstrip()[:1] in ("+", "|"):
                j += 1
            protect(i, j - 1)
            i = j
            continue
        if s[0] == "=" and (i == 0 or ln.blank[i - 1]) and _SIMPLE_BORDER.match(line):
            end = _simple_table(ln, i)
            if end > i:
                protect(i, end)
                i = end + 1
                continue
        if _adornment(s) and (i == 0 or ln.blank[i - 1]):
            # an overline title (three lines) or a transition
            if i + 2 < n and not ln.blank[i + 1] and ln.text[i + 2].strip() == s:
                protect(i, i + 2)
                i += 3
            else:
                protect(i, i)
                i += 1
            continue
        if i + 1 < n and not ln.blank[i + 1]:
            under = ln.text[i + 1].strip()
            long_enough = len(under) >= 3 or len(under) >= len(s)
            if long_enough and _adornment(under) and ln.indent[i + 1] == k:
                protect(i, i + 1)  # a section title and its underline
                i += 2
                continue
        if s[0] == ":" and _FIELD.match(line):
            end = ln.block_end(i, k)
            protect(i, end)
            i = end + 1
            continue
        if s.startswith(">>>") and (i == 0 or ln.blank[i - 1]):
            j = i
            while j + 1 < n and not ln.blank[j + 1]:
                j += 1
            protect(i, j)  # a doctest block runs to the next blank line
            i = j + 1
            continue
        if (
            " :" in s
            and i + 1 < n
            and not ln.blank[i + 1]
            and ln.indent[i + 1] > k
            and _CLASSIFIER.search(s)
        ):
            protect(i, i)  # a definition-list term with a classifier (``x : int``)
        if s.endswith("::"):
            i = _literal(ln, i, out, protect)
            continue
        i += 1
    return out


def _rfc2822_header(ln: _Lines, protect) -> int:  # type: ignore[no-untyped-def]
    """RFC 2822 fields at the very top (a PEP's ``PEP:``, ``Title:``, ``Author:`` …):
    protected to the first blank line. Returns the line the scan goes on from."""
    if not ln.n or not _HEADER.match(ln.text[0]):
        return 0
    fields = 0
    j = 0
    while j < ln.n and not ln.blank[j]:
        t = ln.text[j]
        if _HEADER.match(t):
            fields += 1
        elif t[:1] not in (" ", "\t"):
            return 0  # not a header block after all
        j += 1
    if fields < 2:
        return 0
    protect(0, j - 1)
    return j


def _explicit(ln: _Lines, i: int, k: int, out: list[tuple[int, int]], protect) -> int:  # type: ignore[no-untyped-def]
    """An explicit markup block at line ``i``; returns the line the scan goes on from."""
    line = ln.text[i]
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
            if ":" in name or name in ("function", "method", "class", "describe", "object"):
                # a signature may go on over the following lines, up to a blank line
                j = i
                while j + 1 <= end and not ln.blank[j + 1] and ln.text[j + 1].strip()[:1] != ":":
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
    if not line.strip()[2:].strip() and (i + 1 >= ln.n or ln.blank[i + 1]):
        protect(i, i)
        return i + 1
    end = ln.block_end(i, k)
    protect(i, end)
    return end + 1


def _simple_table(ln: _Lines, i: int) -> int:
    """The last line of a simple table whose top border is line ``i`` (or ``i`` if the
    border closes nothing): the table ends at a border followed by a blank line."""
    limit = min(ln.n, i + SIMPLE_TABLE_LINES)
    j = i + 1
    if j >= limit or ln.blank[j]:
        return i
    while j < limit:
        if not ln.blank[j] and j > i + 1 and _SIMPLE_BORDER.match(ln.text[j]):
            if j + 1 >= ln.n or ln.blank[j + 1]:
                return j
        j += 1
    return i


def _literal(ln: _Lines, i: int, out: list[tuple[int, int]], protect) -> int:  # type: ignore[no-untyped-def]
    """Line ``i`` ends in ``::``: protect the marker and the literal block after it."""
    line = ln.text[i]
    m = _LITERAL_MARK.search(line)
    assert m is not None
    # The marker, with the space before it: ``Text ::`` and ``Text::`` render differently.
    out.append((ln.starts[i] + m.start(), ln.ends[i]))
    # The paragraph's least indentation is the reference: the block is indented past it.
    ref = ln.indent[i]
    p = i
    while p > 0 and not ln.blank[p - 1]:
        p -= 1
        ref = min(ref, ln.indent[p])
    j = ln.next_content(i)
    if j >= ln.n:
        return i + 1
    if ln.indent[j] > ref:
        end = ln.block_end(j, ref)
        protect(j, end)
        return end + 1
    first = ln.text[j].lstrip()[:1]
    if j > i + 1 and ln.indent[j] == ref and first in _PUNCT:
        end = j  # a quoted literal block: lines starting with the same character
        while end + 1 < ln.n and not ln.blank[end + 1] and ln.text[end + 1].lstrip()[:1] == first:
            end += 1
        protect(j, end)
        return end + 1
    return i + 1


_SIGNS = re.compile(
    r"(?:\A|\n)[ \t]*\.\.[ \t]+(?:[A-Za-z][\w:.+-]*::|_[^\n:]+:|\|[^|\n]+\|)"
    r"|::[ \t]*\r?\n[ \t]*\r?\n[ \t]+\S"
    r"|``[^`\n]+``|:[a-z]+(?::[a-z-]+)?:`[^`\n]+`"
)
_PEP_HEADER = re.compile(r"PEP:[ \t]*\d+[ \t]*\r?\n")
SNIFF = 20_000  # markup shows itself early: only the start of the text is read


def looks_like(text: str) -> bool:
    """Whether plain text shows reST markup (a directive, a target, a literal block after
    ``::``, an inline literal or role, a PEP header): such files get reST's protection."""
    return _PEP_HEADER.match(text) is not None or _SIGNS.search(text, 0, SNIFF) is not None
