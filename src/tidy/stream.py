"""Standard input in bounded memory: repair a text of any size chunk by chunk.

The bytes are cut into chunks of about :data:`CHUNK` bytes, only at a paragraph break that
no protected construct spans (a fenced block, an HTML comment, display math, a ``tidy: off``
region, front matter, a raw HTML block) and before a line that is not indented, so that
every paragraph, and every protected span, lies whole in one chunk.

Each chunk is repaired with context, so that the document-level rules (a title printed
twice, a heading repeated at the foot, a related-links tail) see the document's own start
and end and nothing else:

* before every chunk but the first goes the start of the repaired document (its first
  paragraphs, at least :data:`HEAD` characters): the top of the text is the document's top,
  and a heading repeated at the foot is found there;
* after every chunk but the last goes a neutral sentence: the chunk's end is not taken for
  the end of the document.

The context comes back unchanged (the repaired head is already repaired), so the chunk's
repair is cut out of the result exactly. If a rule did reach into the context, the chunk is
repaired alone instead. Facts a rule gathers over the whole document (its quoting style,
the names it repeats) are gathered over the head and the chunk: on ordinary documents the
output is that of :func:`tidy.fix` on the whole text, and small inputs (up to
:data:`WHOLE` bytes) are repaired in one piece, exactly.
"""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from tidy import files
from tidy.engine import detect_mode
from tidy.model import Result

CHUNK = 1 << 20  # a chunk ends at the first safe break after this many bytes
WHOLE_CHUNKS = 4  # inputs up to this many chunks are repaired whole
HARD_CHUNKS = 8  # with no safe break for this many chunks' bytes, cut at a line break anyway
BLOCK = 1 << 16  # bytes read at a time
FIRST = 4 * 20_000  # bytes: at least the 20,000 characters tidy.engine.detect_mode reads
HEAD = 8192  # characters of the repaired start set before every later chunk (at least)
MAX_HEAD = 65536
TAIL = "This sentence stands in for the rest of the text."
START = "This sentence stands in for the start of the text."
CHUNK_ENV = "TIDY_STDIN_CHUNK"  # a smaller chunk size, for tests


def chunk_size() -> int:
    try:
        return max(1, int(os.environ.get(CHUNK_ENV, "")))
    except ValueError:
        return CHUNK


# --------------------------------------------------------------------------- cutting

# Paragraph breaks: the last blank line of a run, before a line that starts with a non-space.
_BREAK = re.compile(rb"\n[ \t]*\r?\n(?=[^\s])")
# Marks that may open or close a construct running across blank lines; each literal, so the
# search skips plain prose at C speed. Where a mark counts is checked on its line.
_MARK = re.compile(rb"```|~~~|tidy:|<!--|-->|\$\$|</?(?i:pre|script|style|textarea)(?=[\s>])")
# As tidy.protect reads them: a ``tidy: off`` / ``on`` / ``ignore RULES`` line, a fence line.
_SUP_LINE = re.compile(
    rb"[ \t]*(?:<!--|\#|//|;|\.\.|%)?[ \t]*tidy:[ \t]*(off|on|ignore[ \t]+[\w, -]+?)"
    rb"[ \t]*(?:-->)?[ \t]*\r?"
)
_FENCE_LINE = re.compile(rb"(?:>[ ]?)*[ ]{0,3}(`{3,}|~{3,})([^\n]*)")
_RAW_OPEN = re.compile(rb"[ ]{0,3}<")
_FRONT_OPEN = re.compile(rb"(?:---|\+\+\+)[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(rb"^(?:---|\+\+\+|\.\.\.)[ \t]*\r?$", re.M)
_BLANKISH = re.compile(rb"[ \t\r]*")


class Splitter:
    """Safe cut positions in a byte buffer that grows at its end and is cut at its start."""

    def __init__(self) -> None:
        self.pos = 0  # where scanning resumes: always a line start
        self.cuts: deque[int] = deque()
        self.fence: bytes | None = None
        self.raw: bytes | None = None
        self.comment = self.math = self.off = self.ignore = self.front = False
        self._started = False

    @property
    def inside(self) -> bool:
        return bool(self.fence or self.raw or self.comment or self.math or self.off or self.front)

    def feed(self, buf: bytes | bytearray, final: bool = False) -> None:
        """Scan the complete lines added since the last call (all of ``buf`` if ``final``)."""
        if not self._started:
            if len(buf) < 4 and not final:
                return
            self._started = True
            m = _FRONT_OPEN.match(buf)
            if m:
                self.front, self.pos = True, m.end()
        if final:
            stop = len(buf)
        else:
            # Marks must lie in complete lines, and a break must see the line after it.
            end = buf.rfind(b"\n") + 1
            stop = buf.rfind(b"\n", 0, max(0, end - 1)) + 1
        if stop > self.pos:
            self._scan(buf, self.pos, stop)
            self.pos = stop

    def _scan(self, buf: bytes | bytearray, pos: int, stop: int) -> None:
        if self.front:
            m = _FRONT_CLOSE.search(buf, pos, stop)
            if m is None:
                return
            self.front, pos = False, m.end()
        marks = _MARK.finditer(buf, pos, stop)
        mark = next(marks, None)
        done_line = -1  # a fence or suppression line, already taken whole
        # A break is the line break before a blank line that starts in [pos, stop).
        for brk in _BREAK.finditer(buf, max(0, pos - 1)):
            if brk.start() + 1 >= stop:
                break
            while mark is not None and mark.start() < brk.start():
                done_line = self._mark(buf, mark, done_line)
                mark = next(marks, None)
            if not self.inside and not self.ignore:
                self.cuts.append(_run_start(buf, brk.start() + 1))
            self.ignore = False  # ``tidy: ignore`` holds for the block after one break
        while mark is not None:
            done_line = self._mark(buf, mark, done_line)
            mark = next(marks, None)

    def _mark(self, buf: bytes | bytearray, m: re.Match[bytes], done_line: int) -> int:
        """Take one mark into the state; returns the start of a line taken whole."""
        p = m.start()
        ls = buf.rfind(b"\n", 0, p) + 1
        if ls == done_line:
            return done_line
        le = buf.find(b"\n", p)
        le = len(buf) if le < 0 else le
        token = m.group()
        if b"tidy:" in buf[ls:le]:
            sup = _SUP_LINE.fullmatch(buf, ls, le)
            if sup is not None:
                word = sup.group(1)
                if word == b"off":
                    self.off = True
                elif word == b"on":
                    self.off = False
                else:
                    self.ignore = True
                return ls
        if token in (b"```", b"~~~"):
            fence = _FENCE_LINE.match(buf, ls, le)
            if fence is None or fence.start(1) != p:
                return done_line  # not at the start of its line: inline code
            mark = fence.group(1)
            if self.fence is None:
                self.fence = mark
            elif (
                mark[:1] == self.fence[:1]
                and len(mark) >= len(self.fence)
                and _BLANKISH.fullmatch(fence.group(2))
            ):
                self.fence = None
            return ls
        if token == b"<!--":
            self.comment = True
        elif token == b"-->":
            self.comment = False
        elif token == b"$$":
            self.math = not self.math
        elif token.startswith(b"</"):
            if self.raw == token[2:].lower():
                self.raw = None
        elif token.startswith(b"<"):
            opening = _RAW_OPEN.match(buf, ls, le)
            if self.raw is None and opening is not None and opening.end() == p + 1:
                self.raw = token[1:].lower()
        return done_line

    def first_cut(self, at_least: int) -> int | None:
        while self.cuts and self.cuts[0] < at_least:
            self.cuts.popleft()
        return self.cuts[0] if self.cuts else None

    def shift(self, n: int) -> None:
        """The first ``n`` bytes were taken off the buffer."""
        while self.cuts and self.cuts[0] <= n:
            self.cuts.popleft()
        self.cuts = deque(c - n for c in self.cuts)
        self.pos = max(0, self.pos - n)


def _run_start(buf: bytes | bytearray, pos: int) -> int:
    """The start of the run of blank lines whose last line starts at ``pos``: a cut goes
    before the blank lines, which belong with the paragraph after them (a rule that removes
    a block at the end of the text takes the blank lines above it too)."""
    while pos > 0:
        prev = buf.rfind(b"\n", 0, pos - 1) + 1
        if not _BLANKISH.fullmatch(buf, prev, pos - 1):
            break
        pos = prev
    return pos


def _forced_cut(buf: bytes | bytearray, limit: int) -> int:
    """Where to cut a buffer with no safe break: after the last line break (or space)
    before ``limit``; a text with neither is cut between two UTF-8 characters."""
    for sep in (b"\n\n", b"\n", b" "):
        i = buf.rfind(sep, 0, limit)
        if i > 0:
            return i + len(sep)
    i = limit
    while i > 1 and 0x80 <= buf[i] < 0xC0:
        i -= 1
    return i


def cut(read: Callable[[int], bytes], size: int, start: bytes = b"") -> Iterator[bytes]:
    """The bytes from ``start`` and then ``read`` until it returns nothing, as chunks of at
    least ``size`` bytes (but the last) cut at safe paragraph breaks."""
    splitter = Splitter()
    buf = bytearray(start)
    least = max(size, FIRST)  # the first chunk holds all that the text type is told from
    eof = False
    while True:
        if not eof:
            block = read(BLOCK)
            if block:
                buf += block
            else:
                eof = True
        splitter.feed(buf, final=eof)
        while len(buf) > least:
            at = splitter.first_cut(least)
            if at is None:
                if len(buf) < HARD_CHUNKS * least:
                    break
                at = _forced_cut(buf, HARD_CHUNKS * least)
            least = size
            yield bytes(buf[:at])
            del buf[:at]
            splitter.shift(at)
        if eof:
            if buf:
                yield bytes(buf)
            return


def head_of(text: str) -> str:
    """The start of a repaired text to set before later chunks: its first paragraphs, cut
    at a safe break at or after :data:`HEAD` characters (``""`` if there is none)."""
    data = text[:MAX_HEAD].encode("utf-8", "surrogatepass")
    splitter = Splitter()
    splitter.feed(data, final=len(text) <= MAX_HEAD)
    cuts = [c for c in splitter.cuts if c <= len(data)]
    if not cuts:
        return ""
    at = next((c for c in cuts if c >= HEAD), cuts[-1])
    return data[:at].decode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- repairing

Fixer = Callable[[str, str], Result]  # (text, mode) -> result


@dataclass
class Streamed:
    """What became of a stream: ``status`` as :mod:`tidy.cli` counts it (``changed``,
    ``unchanged``, ``skipped``, ``failed``), with a note for the last two."""

    status: str = "unchanged"
    edits: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    note: str = ""
    chunks: int = 0


def _in_context(fix: Fixer, text: str, mode: str, before: str, after: str) -> Result:
    """``text`` repaired between ``before`` and ``after``; edits located in ``text``."""
    if not before and not after:
        return fix(text, mode)
    result = fix(before + text + after, mode)
    a, n, out = len(before), len(text), result.text
    # The context must come back as it went in. A rule may still have edited across its
    # edge (a block removed at the end takes the line break before it, and puts one back).
    if out.startswith(before) and out.endswith(after):
        edits = []
        for e in result.edits:
            start = min(max(e.start - a, 0), n)
            edits.append(replace(e, start=start, end=min(max(e.end - a, start), n)))
        return Result(text, out[a : len(out) - len(after)], edits)
    return fix(text, mode)  # a rule changed the context: this chunk alone


def _ending(text: str) -> str:
    return "\r\n" if text.endswith("\r\n") else "\n"


def repair(
    chunks: Iterable[bytes],
    fix: Fixer,
    mode: str,
    encoding: str | None,
    emit: Callable[[bytes], None] | None,
    on_chunk: Callable[[int], None] | None = None,
) -> Streamed:
    """Repair ``chunks`` (as :func:`cut` makes them) in order, handing each repaired
    chunk's bytes to ``emit`` as soon as it is ready. A chunk that cannot be decoded or
    encoded, and everything after it, goes out as it came (a pipeline never loses text)."""
    out = Streamed()
    it = iter(chunks)
    current = next(it, None)
    head, first, offset, lines = "", True, 0, 0
    passing = False  # after a failure: everything else goes out unchanged
    while current is not None:
        following = next(it, None)
        data, current = current, None
        out.chunks += 1
        product = data
        if not passing:
            try:
                piece = files.decode(data, encoding, start=first, offset=offset, line=lines)
                text = piece.text
                if first and mode == "auto":
                    mode = detect_mode(text)
                end = _ending(text)
                before = "" if first else head or START + end
                after = end + TAIL + end if following is not None else ""
                if after and not text.endswith("\n"):
                    after = ""  # a forced cut in mid-line: nothing to set after it
                result = _in_context(fix, text, mode, before, after)
                if result.changed:
                    product = files.encode(result.text, piece)
                    out.status = "changed"
                    out.edits += len(result.edits)
                    out.rules.update(e.rule for e in result.edits)
                if first and following is not None:
                    head = head_of(result.text)
            except files.BinaryFile as exc:
                out.status, out.note, passing = "skipped", str(exc), True
            except files.FileProblem as exc:
                out.status, out.note, passing = "failed", str(exc), True
            except Exception as exc:  # an engine bug: the rest goes out unrepaired
                out.status, out.note, passing = "failed", f"internal error: {exc!r}", True
        if emit is not None:
            emit(product)
        if on_chunk is not None:
            on_chunk(len(data))
        offset += len(data)
        lines += data.count(b"\n")
        first = False
        current = following
    return out
