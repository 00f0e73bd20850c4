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

import copy
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from tidy import files
from tidy.engine import detect_mode
from tidy.model import Result
from tidy.protect import BLOCK_LIMIT

CHUNK = 1 << 20  # a chunk ends at the first safe break after this many bytes
WHOLE_CHUNKS = 1  # inputs up to this many chunks are repaired whole
# With no safe break for a quarter chunk more, the piece is cut anyway, in its second half
# (a line break, a sentence end, a space): the engine's memory follows its edits, and a text
# with an edit every few characters must still be repaired in bounded memory.
HARD_EXTRA = 4
HARD_MIN = 1 << 16  # (but at least this many bytes more)
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


def whole_size() -> int:
    """Inputs of fewer bytes are repaired in one piece."""
    return WHOLE_CHUNKS * max(chunk_size(), FIRST)


def streams(size: int, encoding: str | None) -> bool:
    """Whether an input of ``size`` bytes is repaired piece by piece (as standard input
    of that size is): a file's output is then that of the same bytes on standard input."""
    return size >= whole_size() and files.splittable(encoding)


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


# tidy.protect bounds these two constructs: an opener whose closer is not within
# BLOCK_LIMIT characters protects nothing (a stray "$$" or "<!--" in prose). In bytes that
# is at most four times as far; a break further than that from an opener is safe again.
_BLOCK_BYTES = 4 * BLOCK_LIMIT + 8
_MATH_OPENS = re.compile(r"\S|[ \t]*\r?\n")  # what tidy.protect wants after an opening $$


class Splitter:
    """Safe cut positions in a byte buffer that grows at its end and is cut at its start."""

    def __init__(self) -> None:
        self.pos = 0  # where scanning resumes: always a line start
        self.cuts: deque[int] = deque()
        self.fence: bytes | None = None
        self.raw: bytes | None = None
        self.off = self.ignore = self.front = False
        self.comment_at: int | None = None  # the last "<!--" since a "-->"
        self.math_at: int | None = None  # an opening "$$"
        # The line that opened each construct still open: set before a piece that had to
        # be cut inside it, so that its rest is protected there as in the whole text.
        self.openers: dict[str, bytes] = {}
        self._started = False
        self._line = (-1, -1)  # the bounds of the line of the last mark (see _line_of)

    @property
    def inside(self) -> bool:
        return self._inside(self.pos)

    def _inside(self, at: int) -> bool:
        if self.comment_at is not None and at - self.comment_at > _BLOCK_BYTES:
            self.comment_at = None  # no closer near enough: tidy.protect ignores it too
            self.openers.pop("comment", None)
        if self.math_at is not None and at - self.math_at > _BLOCK_BYTES:
            self.math_at = None
            self.openers.pop("math", None)
        return bool(
            self.fence
            or self.raw
            or self.off
            or self.front
            or self.comment_at is not None
            or self.math_at is not None
        )

    def context(self) -> bytes:
        """The opening lines of what is open here, each with a line break."""
        return b"".join(line + b"\n" for line in self.openers.values())

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
        self._line = (-1, -1)
        done_line = -1  # a fence or suppression line, already taken whole
        # A break is the line break before a blank line that starts in [pos, stop).
        for brk in _BREAK.finditer(buf, max(0, pos - 1)):
            if brk.start() + 1 >= stop:
                break
            while mark is not None and mark.start() < brk.start():
                done_line = self._mark(buf, mark, done_line)
                mark = next(marks, None)
            if not self._inside(brk.start()) and not self.ignore:
                self.cuts.append(_run_start(buf, brk.start() + 1))
            self.ignore = False  # ``tidy: ignore`` holds for the block after one break
            self.openers.pop("ignore", None)
        while mark is not None:
            done_line = self._mark(buf, mark, done_line)
            mark = next(marks, None)

    def _line_of(self, buf: bytes | bytearray, p: int) -> tuple[int, int]:
        """Bounds of the line holding ``p``. Marks come in order: a line holding many (a
        megabyte of ``<!--`` with no line break) is measured once, not once per mark."""
        ls, le = self._line
        if not ls <= p < le:
            ls = buf.rfind(b"\n", 0, p) + 1
            le = buf.find(b"\n", p)
            le = len(buf) if le < 0 else le
            self._line = (ls, le)
        return ls, le

    def _mark(self, buf: bytes | bytearray, m: re.Match[bytes], done_line: int) -> int:
        """Take one mark into the state; returns the start of a line taken whole."""
        p = m.start()
        ls, le = self._line_of(buf, p)
        if ls == done_line:
            return done_line
        token = m.group()
        if buf.find(b"tidy:", ls, le) >= 0:
            sup = _SUP_LINE.fullmatch(buf, ls, le)
            if sup is not None:
                word = sup.group(1)
                if word == b"off":
                    self.off = True
                    self.openers.setdefault("off", _opener(buf, ls, le))
                elif word == b"on":
                    self.off = False
                    self.openers.pop("off", None)
                else:
                    self.ignore = True
                    self.openers["ignore"] = _opener(buf, ls, le)
                return ls
        if token in (b"```", b"~~~"):
            fence = _FENCE_LINE.match(buf, ls, le)
            if fence is None or fence.start(1) != p:
                return done_line  # not at the start of its line: inline code
            mark = fence.group(1)
            if self.fence is None:
                self.fence = mark
                self.openers["fence"] = _opener(buf, ls, le)
            elif (
                mark[:1] == self.fence[:1]
                and len(mark) >= len(self.fence)
                and _BLANKISH.fullmatch(fence.group(2))
            ):
                self.fence = None
                self.openers.pop("fence", None)
            return ls
        if token == b"<!--":
            self._inside(p)  # an earlier opener too far back is dropped first
            self.comment_at = p
            self.openers.setdefault("comment", b"<!--")
        elif token == b"-->":
            self.comment_at = None
            self.openers.pop("comment", None)
        elif token == b"$$":
            self._math(buf, p)
        elif token.startswith(b"</"):
            if self.raw == token[2:].lower():
                self.raw = None
                self.openers.pop("raw", None)
        elif token.startswith(b"<"):
            opening = _RAW_OPEN.match(buf, ls, le)
            if self.raw is None and opening is not None and opening.end() == p + 1:
                self.raw = token[1:].lower()
                self.openers["raw"] = _opener(buf, ls, le)
        return done_line

    def _math(self, buf: bytes | bytearray, p: int) -> None:
        """A "$$" at ``p``: it closes an opener near enough before it (as tidy.protect pairs
        them: the first "$$" at least a character on, within BLOCK_LIMIT characters), else
        it may open a block."""
        opened = self.math_at
        if opened is not None and p >= opened + 3:
            gap = p - opened - 2
            if gap <= BLOCK_LIMIT or (
                gap <= _BLOCK_BYTES
                and len(bytes(buf[opened + 2 : p]).decode("utf-8", "surrogateescape"))
                <= BLOCK_LIMIT
            ):
                self.math_at = None
                self.openers.pop("math", None)
                return
        elif opened is not None:
            return  # "$$$$": not a closer
        rest = bytes(buf[p + 2 : p + 258]).decode("utf-8", "surrogateescape")
        if _MATH_OPENS.match(rest):
            self.math_at = p
            self.openers["math"] = b"$$"
        else:
            self.math_at = None
            self.openers.pop("math", None)

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
        if self.comment_at is not None:
            self.comment_at -= n
        if self.math_at is not None:
            self.math_at -= n

    def state_at(self, buf: bytes | bytearray, at: int) -> Splitter:
        """This state (that of the start of ``buf``) carried to ``at``, a position where
        the buffer is cut without a safe break: what is open there."""
        probe = copy.copy(self)
        probe.cuts, probe.openers, probe.pos = deque(), dict(self.openers), 0
        probe.feed(bytes(buf[:at]), final=True)
        probe._inside(at)
        probe.shift(at)
        probe.pos = 0
        return probe


def _opener(buf: bytes | bytearray, ls: int, le: int) -> bytes:
    """An opening line as context for a later piece: its start is what opens."""
    return bytes(buf[ls : min(le, ls + 4096)])


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


# Where to cut a long stretch with no safe break, best first: after a sentence's end, between
# two lower-case words, after any space; in a run with no space (never prose: only the
# encoding rules act there), after an entity, or between two ASCII characters.
_QUIET = (
    re.compile(rb"[a-z]{2}[.!?] (?=[A-Z][a-z])"),
    re.compile(rb"[a-z]{2} (?=[a-z]{2})"),
    re.compile(rb" (?=\S)"),
    re.compile(rb";(?=[\x00-\x7f])"),  # &amp;&amp;: after an entity
    re.compile(rb"[\x00-\x7f](?=[\x00-\x7f])"),  # not inside a run of mojibake
)
_QUIET_WINDOW = 1 << 16


def _forced_cut(buf: bytes | bytearray, lo: int, hi: int) -> int:
    """Where to cut a buffer with no safe break, in (``lo``, ``hi``]: after the last line
    break, else at the quietest point near ``hi``; a text with no space at all is cut
    between two characters (a piece never ends inside a UTF-8 sequence)."""
    hi = min(hi, len(buf))
    i = buf.rfind(b"\n", lo, hi)
    if i >= 0:
        return i + 1
    start = max(lo, hi - _QUIET_WINDOW)
    for rx in _QUIET:
        last = None
        for last in rx.finditer(buf, start, hi):  # noqa: B007 - the last one is wanted
            pass
        if last is not None:
            return last.end()
    i = hi
    while i > lo + 1 and i < len(buf) and 0x80 <= buf[i] < 0xC0:
        i -= 1
    return i


class Piece(bytes):
    """A chunk of the input, with the opening lines of the constructs it starts inside
    (``before``), when it had to be cut without a safe break; ``raw``: pass it through."""

    before: bytes = b""
    raw: bool = False


def _piece(data: bytes | bytearray, before: bytes = b"", raw: bool = False) -> Piece:
    piece = Piece(data)
    piece.before, piece.raw = before, raw
    return piece


def cut(
    read: Callable[[int], bytes], size: int, start: bytes | bytearray = b""
) -> Iterator[Piece]:
    """The bytes from ``start`` and then ``read`` until it returns nothing, as chunks of at
    least ``size`` bytes (but the last) cut at safe paragraph breaks, or, when there is
    none for long, at a line break or a quiet point (see :func:`_forced_cut`).

    Every byte comes out exactly once: should the cutting itself fail, the rest comes out
    in pieces marked ``raw``, to be passed through."""
    splitter = Splitter()
    state = Splitter()  # what is open where the buffer starts
    state._started = True
    buf = bytearray(start)
    del start  # (the caller's copy is not held here for the whole stream)
    least = max(size, FIRST)  # the first chunk holds all that the text type is told from
    before = b""
    eof = False
    try:
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
                after = b""
                if at is None:
                    hard = least + max(least // HARD_EXTRA, HARD_MIN)
                    if len(buf) < hard:
                        break
                    # (no longer than a chunk: its edits, not its size, fill memory)
                    at = _forced_cut(buf, least // 2, least)
                    state = state.state_at(buf, at)
                    after = state.context()
                else:
                    state = Splitter()
                    state._started = True
                least = size
                yield _piece(buf[:at], before)
                before = after
                del buf[:at]
                splitter.shift(at)
            if eof:
                if buf:
                    yield _piece(buf, before)
                return
    except Exception:  # a bug in the cutting: what is left goes out as it came
        if buf:
            yield _piece(buf, raw=True)
        while block := read(BLOCK):
            yield _piece(block, raw=True)


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


def _in_context(
    fix: Fixer, source: str, mode: str, before: str, after: str
) -> tuple[str, dict[str, int], bool]:
    """The text between ``before`` and ``after`` in ``source`` repaired there, how many
    edits each rule made (a stream reports counts only: the edits need not be located, nor
    kept), and whether it changed. The caller keeps no copy of the text alone: a megabyte
    piece is then held once, not twice, while it is repaired."""
    result = fix(source, mode)
    out = result.text
    if not before and not after:
        return out, result.rule_counts(), out != source
    # The context must come back as it went in. A rule may still have edited across its
    # edge (a block removed at the end takes the line break before it, and puts one back).
    lb, la = len(before), len(after)
    if out.startswith(before) and out.endswith(after) and len(out) >= lb + la:
        # (both hold the same context around the text: they differ where the texts do)
        return out[lb : len(out) - la], result.rule_counts(), out != source
    text = source[lb : len(source) - la]
    del source, result, out
    result = fix(text, mode)  # a rule changed the context: this chunk alone
    return result.text, result.rule_counts(), result.text != text


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
        if getattr(data, "raw", False) and not passing:
            out.status, out.note, passing = "failed", "internal error while cutting", True
        if not passing:
            try:
                piece = files.decode(data, encoding, start=first, offset=offset, line=lines)
                text = piece.text
                piece = replace(piece, text="")  # (the text is held once, as ``text``)
                if first and mode == "auto":
                    mode = detect_mode(text)
                end = _ending(text)
                before = "" if first else head or START + end
                opened = getattr(data, "before", b"")
                if opened:  # cut inside a fence or the like: its opening line comes first
                    before += opened.decode(piece.encoding, "replace")
                after = end + TAIL + end if following is not None else ""
                if after and not text.endswith("\n"):
                    after = ""  # a forced cut in mid-line: nothing to set after it
                source = before + text + after if before or after else text
                del text  # (only ``source`` holds it while it is repaired)
                fixed, rules, changed = _in_context(fix, source, mode, before, after)
                del source
                if changed:
                    product = files.encode(fixed, piece)
                    out.status = "changed"
                    out.edits += sum(rules.values())
                    out.rules.update(rules)
                if first and following is not None:
                    head = head_of(fixed)
                del fixed  # (not held while the next piece is repaired)
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
        del data, product  # (not held while the next piece is read and cut)
    return out
