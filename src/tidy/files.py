"""Files for the command line: finding them, decoding them exactly, writing them back safely.

Text is decoded from bytes without newline translation, so CRLF, lone CR, mixed endings and
a missing final newline reach the engine (and come back) exactly as they were. A UTF-8 byte
order mark is taken off before the engine sees the text and put back on write.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePath
from typing import BinaryIO

from tidy.pool import shielded

BOM = codecs.BOM_UTF8
BINARY_SNIFF = 8192  # a NUL byte this early means binary, as git and grep decide
TEMP_PREFIX = ".tidy-"  # temporary files are ".tidy-<random>.tmp" next to their target
TEMP_SUFFIX = ".tmp"

# Suffixes taken when walking a directory; a file named on the command line is always read.
DEFAULT_SUFFIXES = frozenset({".md", ".markdown", ".mdx", ".txt", ".rst", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdx"})

# Never walked into, whatever --exclude says: version-control internals.
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", ".jj"})

# Skipped when walking unless --exclude replaces the list (--extend-exclude adds to it).
DEFAULT_EXCLUDE = (
    ".direnv",
    ".eggs",
    ".hypothesis",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    ".venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
    "*.egg-info",
    # Not prose, though named .txt: build scripts and dependency pins are code, and
    # licence texts must stay word for word (a repaired licence no longer matches its SPDX
    # original).
    "CMakeLists.txt",
    "requirements*.txt",
    "constraints*.txt",
    "robots.txt",
    "LICENSE*",
    "LICENCE*",
    "COPYING*",
    "LICENSES",
    # (a NOTICE file or a third-party notice collects other projects' licences)
    "NOTICE*",
    "THIRD-PARTY*",
    "THIRD_PARTY*",
    "ThirdPartyNotices*",
    # Test inputs (Go's testdata convention, which its tools skip too; a test suite's
    # directory, whose inputs and expected outputs its assertions read byte for byte:
    # pylint's tests/functional, prettier's tests/format, vim's src/testdir) and source
    # code saved as text for a page to show (add.s.txt, index.go.txt): data and code, as
    # written.
    "testdata",
    "testdir",
    "tests",
    "test",
    "__tests__",
    "__snapshots__",
    "__fixtures__",
    "*spec/fixtures",
    "*.go.txt",
    "*.s.txt",
    "*.py.txt",
    "*.js.txt",
    "*.c.txt",
    "*.sh.txt",
    "*.rs.txt",
)


class FileProblem(Exception):
    """A file that cannot be processed; the message says why (without the path)."""


class BinaryFile(FileProblem):
    """A file that looks binary: skipped, not an error."""


class DecodeProblem(FileProblem):
    """Bytes that do not decode with the encoding in use."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and what is needed to turn it back into the same kind of bytes."""

    text: str
    encoding: str  # a codec name; "utf-8" unless --encoding said otherwise
    bom: bool  # a UTF-8 byte order mark preceded the text


def mode_for(path: str | PurePath) -> str:
    """The engine mode that a file's extension implies."""
    suffix = PurePath(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return "rst" if suffix == ".rst" else "plain"


def check_encoding(name: str) -> str:
    """The canonical codec name for ``name``; ``LookupError`` if Python does not know it."""
    info = codecs.lookup(name)
    # Text codecs only: rot13 or base64 would "decode" anything into nonsense.
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{name!r} is not a text encoding")
    return info.name


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name == "utf-8"


def _wide(encoding: str) -> bool:
    # UTF-16/32 text is full of NUL bytes: the binary sniff would reject every file.
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def wide_bom(data: bytes) -> str | None:
    """The codec whose byte order mark ``data`` starts with, if UTF-16 or UTF-32."""
    for mark, name in _WIDE_BOMS:
        if data.startswith(mark):
            return name
    return None


def decode(
    data: bytes,
    encoding: str | None = None,
    *,
    start: bool = True,
    offset: int = 0,
    line: int = 0,
    whole: bool = False,
) -> Decoded:
    """Decode ``data`` strictly. Raises :class:`BinaryFile` or :class:`DecodeProblem`.

    A piece of a longer stream (``start`` false) is neither sniffed for binary content nor
    stripped of a byte order mark; ``offset`` (bytes) and ``line`` (line breaks) before it
    make an error message name the position in the whole stream. Text that starts with a
    UTF-16 or UTF-32 byte order mark is decoded in that encoding (and written back in it)
    when ``data`` is ``whole`` (a file read at once); otherwise it is a
    :class:`DecodeProblem` that says to pass ``--encoding``."""
    enc = encoding or "utf-8"
    wide = wide_bom(data) if start and (encoding is None or _wide(enc)) else None
    if wide is not None:
        if encoding is None and not whole:
            raise DecodeProblem(
                f"{wide.upper()} text (it starts with a {wide.upper()} byte order mark); "
                f"pass --encoding {wide.rsplit('-', 1)[0]} to repair it"
            )
        enc = wide  # the byte order the mark says, kept on write
    elif start and b"\0" in data[:BINARY_SNIFF] and not _wide(enc):
        raise BinaryFile("binary file (NUL byte in the first 8 KiB)")
    bom = start and ((_is_utf8(enc) and data.startswith(BOM)) or wide is not None)
    mark = _bom_for(enc) if bom else b""
    body = data[len(mark) :]
    try:
        text = codecs.decode(body, enc, "strict")
    except UnicodeDecodeError as exc:
        message = _decode_message(exc, body, encoding, len(mark), offset, line)
        raise DecodeProblem(message) from None
    return Decoded(text, enc, bom)


def _decode_message(
    exc: UnicodeDecodeError,
    body: bytes,
    encoding: str | None,
    skipped: int,
    offset: int = 0,
    line: int = 0,
) -> str:
    bad = body[exc.start : exc.end].hex(" ")
    at = offset + exc.start + skipped  # a byte offset into the file itself (after a BOM)
    line += body.count(b"\n", 0, exc.start) + 1
    if encoding is None:
        return (
            f"not valid UTF-8 (byte {bad} on line {line}, offset {at}); "
            "if it is in a legacy encoding, pass it with --encoding (e.g. --encoding cp1252)"
        )
    return f"cannot be decoded as {encoding} (bytes {bad} on line {line}, offset {at})"


# Codecs with state or wide units: a piece cut out of their bytes cannot be decoded alone.
_STATEFUL = ("utf-7", "iso2022", "hz", "utf-8-sig", "utf-16", "utf-32")
_MARKERS = "\n\r \t`~<!->$/#;.%:{}tidy"


def splittable(encoding: str | None) -> bool:
    """Whether text in ``encoding`` may be cut into pieces at line breaks found in its bytes,
    each piece decoded alone: line breaks and markup characters keep their ASCII bytes and
    no codec state runs from one line to the next (UTF-8, Latin-1, cp1252, ...)."""
    name = codecs.lookup(encoding or "utf-8").name
    if name.startswith(_STATEFUL):
        return False
    try:
        return _MARKERS.encode(name) == _MARKERS.encode("ascii")
    except UnicodeEncodeError:  # pragma: no cover - EBCDIC-like codecs without these
        return False


def encode(text: str, decoded: Decoded) -> bytes:
    """``text`` as bytes in the same encoding (and with the same BOM) it was read in."""
    try:
        data = codecs.encode(text, decoded.encoding, "strict")
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        raise FileProblem(
            f"the repaired text has {char!r}, which {decoded.encoding} cannot encode; "
            "file left unchanged"
        ) from None
    return _bom_for(decoded.encoding) + data if decoded.bom else data


_WIDE_BOMS = (  # UTF-32 first: its little-endian mark begins like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _bom_for(encoding: str) -> bytes:
    name = codecs.lookup(encoding).name
    return next((mark for mark, wide in _WIDE_BOMS if wide == name), BOM)


class ChangedMeanwhile(FileProblem):
    """The file changed on disk between reading and writing it."""


class NotRegular(FileProblem):
    """A device, named pipe, socket or directory where a file was expected."""


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (after symlinks).

    Anything else is refused with :class:`NotRegular` before a byte is read: a named pipe
    would block for ever, ``/dev/zero`` never ends, ``/dev/stdin`` is not a file to rewrite.
    Opened without blocking (so a FIFO cannot hang the open itself) and checked on the open
    descriptor, so nothing can be swapped in between the check and the read. ``OSError``
    for a file that cannot be opened."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = next((k for test, k in _KINDS if test(st.st_mode)), "not a file")
            raise NotRegular(f"not a regular file ({kind}); not read")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read(path: str | os.PathLike[str]) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and its status as they were read (for :func:`write_atomic`).
    Raises :class:`NotRegular` for anything else (see :func:`open_regular`)."""
    with open_regular(path) as fh:
        st = os.fstat(fh.fileno())
        return fh.read(), st


def _same_file_state(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_ino, a.st_dev, a.st_size, a.st_mtime_ns) == (
        b.st_ino,
        b.st_dev,
        b.st_size,
        b.st_mtime_ns,
    )


def write_atomic(
    path: str | os.PathLike[str], data: bytes, read_state: os.stat_result | None = None
) -> None:
    """Replace the file at ``path`` (its target, if a symlink) with ``data``, atomically.

    The bytes go to ``.tidy-<random>.tmp`` in the target's directory, are flushed to disk,
    given the original's owner, group and permission bits, and renamed over the original.
    Readers see the old file or the new one, never a mixture; on any error (or a signal)
    the original is untouched and the temporary file removed. With ``read_state`` (from
    :func:`read`), a file that was changed by someone else since it was read is left alone
    (:class:`ChangedMeanwhile`). A read-only file, or one this user may not write, is
    refused (:class:`ReadOnly`). A file with several hard links, or whose owner or group the
    new file could not be given, is rewritten in place instead (see :class:`AtomicFile`).
    """
    with AtomicFile(path, read_state) as out:
        out.write(data)
        out.commit()


class ReadOnly(FileProblem):
    """A file that tidy must not rewrite: read-only, or not writable by this user."""


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):  # pragma: no cover - no such user, or not Unix
        return f"uid {uid}"


def check_writable(path: str | os.PathLike[str], st: os.stat_result) -> None:
    """Raise :class:`ReadOnly` unless the file at ``path`` (status ``st``) may be rewritten:
    a file with no write bit at all is read-only on purpose (even for root), and a file
    this user may not write must not be replaced behind its owner's back (a writable
    directory would allow that)."""
    mode = stat.S_IMODE(st.st_mode)
    if not mode & 0o222:
        raise ReadOnly(f"read-only file (mode {mode:04o}); not rewritten")
    effective = os.access in os.supports_effective_ids
    if not os.access(path, os.W_OK, effective_ids=effective):
        owner = _owner(st.st_uid)
        raise ReadOnly(f"not writable by this user (owner {owner}, mode {mode:04o}); not rewritten")


class AtomicFile:
    """A replacement for a file written piece by piece (:func:`write_atomic` in steps), for
    output too large to hold in memory. Nothing changes until :meth:`commit`; leaving the
    ``with`` block without committing (or with an exception) removes the temporary file.

    Most files are replaced by a rename. Two kinds are instead rewritten in place, from the
    complete, flushed temporary file: a file with more than one hard link (a rename would
    split the links, leaving the others with the old text) and a file whose owner or group
    the new file cannot be given (only root may give a file away). An in-place rewrite
    keeps the inode, and so links, owner, group, mode and extended attributes, but is not
    atomic: a crash in the middle of it can leave the file half-written (the temporary
    file, which is removed only afterwards, then holds the whole new text)."""

    def __init__(
        self, path: str | os.PathLike[str], read_state: os.stat_result | None = None
    ) -> None:
        self.target = Path(os.path.realpath(path))  # write through a symlink, keep the link
        self.read_state = read_state
        self._fh: BinaryIO | None = None
        self._tmp = ""
        st = self._check()
        check_writable(self.target, st)
        self.in_place = st.st_nlink > 1
        with shielded():  # a signal must not come between creating the file and noting it
            try:
                fd, self._tmp = tempfile.mkstemp(
                    prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.target.parent
                )
            except PermissionError:  # a writable file in a directory we may not write to
                fd, self._tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
                self.in_place = True
            self._fh = os.fdopen(fd, "wb")

    def _check(self) -> os.stat_result:
        st = self.target.stat()
        if self.read_state is not None and not _same_file_state(st, self.read_state):
            raise ChangedMeanwhile("changed on disk while tidy was working on it; left as it is")
        return st

    def write(self, data: bytes) -> None:
        assert self._fh is not None, "already committed or discarded"
        self._fh.write(data)

    def commit(self) -> None:
        """Flush the bytes to disk and rename them over the original (or copy them into
        it, see the class)."""
        assert self._fh is not None, "already committed or discarded"
        fh, self._fh = self._fh, None
        try:
            with fh:
                fh.flush()
                os.fsync(fh.fileno())
            with shielded():  # once begun, the replacement is finished before a signal acts
                st = self._check()  # the last moment someone else's change can be noticed
                if self.in_place or st.st_nlink > 1 or not _give_owner(self._tmp, st):
                    self._copy_in_place(st)
                    self._remove()
                    return
                os.chmod(self._tmp, stat.S_IMODE(st.st_mode))  # after chown, which clears setuid
                os.replace(self._tmp, self.target)
        except BaseException:
            self._remove()
            raise
        _sync_dir(self.target.parent)

    def _copy_in_place(self, st: os.stat_result) -> None:
        flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(self.target, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "wb") as out, open(self._tmp, "rb") as src:
            now = os.fstat(out.fileno())
            if (now.st_ino, now.st_dev) != (st.st_ino, st.st_dev):
                raise ChangedMeanwhile("replaced on disk while tidy was working on it")
            while block := src.read(1 << 20):
                out.write(block)
            out.truncate()
            out.flush()
            os.fsync(out.fileno())

    def discard(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            with contextlib.suppress(OSError):
                fh.close()
            self._remove()

    def _remove(self) -> None:
        if self._tmp:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def _give_owner(tmp: str, st: os.stat_result) -> bool:
    """Give ``tmp`` the owner and group of ``st``; whether it now has them. Only root may
    give a file away, and only a member of a group may give a file to it."""
    if not hasattr(os, "chown"):  # pragma: no cover - Windows
        return True
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
        return True
    with contextlib.suppress(OSError):
        os.chown(tmp, st.st_uid, st.st_gid)
        return True
    return False


def _sync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) everywhere.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- walking


STDIN = "-"


@dataclass(frozen=True, slots=True)
class Found:
    """A file to process: ``display`` as the user will see it, ``path`` to open.
    A path of ``-`` stands for standard input."""

    display: str
    path: str
    link: str = ""  # named on the command line as a symbolic link: the file it leads to

    @property
    def is_stdin(self) -> bool:
        return self.path == STDIN


class MissingPath(Exception):
    """A path named on the command line that does not exist."""


def _clean_patterns(patterns: Iterable[str]) -> tuple[str, ...]:
    out = []
    for p in patterns:
        p = p.strip()
        while p.startswith("./"):
            p = p[2:]
        p = p.rstrip("/")
        if p:
            out.append(p)
    return tuple(out)


class Excluder:
    """Glob patterns matched (fnmatch) against a path relative to the working directory and
    against its name, and against every directory above it up to where the walk began."""

    def __init__(self, patterns: Iterable[str], cwd: str | None = None) -> None:
        self.patterns = _clean_patterns(patterns)
        self.cwd = os.path.abspath(cwd or os.getcwd())

    def relative(self, path: str) -> str:
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, self.cwd)
        except ValueError:  # pragma: no cover - another drive on Windows
            return Path(absolute).as_posix()
        outside = rel == os.pardir or rel.startswith(os.pardir + os.sep)
        return Path(absolute if outside else rel).as_posix()

    def match(self, path: str) -> bool:
        """Whether the path itself (not its parents) matches a pattern."""
        if not self.patterns:
            return False
        rel = self.relative(path)
        name = PurePath(rel).name
        return any(fnmatch(rel, p) or fnmatch(name, p) for p in self.patterns)

    def anywhere(self, path: str) -> bool:
        """Whether the path or a directory above it (up to the working directory) matches:
        how --force-exclude judges a path named on the command line."""
        rel = PurePath(self.relative(path))
        if rel.is_absolute():
            return self.match(path)
        return self.below(".", rel.parts) if rel.parts else False

    def below(self, root: str, rel_parts: Sequence[str]) -> bool:
        """Whether ``root/rel_parts`` or a directory between it and ``root`` matches."""
        current = root
        for part in rel_parts:
            current = os.path.join(current, part)
            if self.match(current):
                return True
        return False


def collect(
    paths: Iterable[str],
    excluder: Excluder,
    *,
    force_exclude: bool = False,
    suffixes: frozenset[str] = DEFAULT_SUFFIXES,
    on_skip: Callable[[str, str], None] | None = None,
) -> list[Found]:
    """The files that ``paths`` name, in the order given (each directory's files sorted),
    each file once; ``-`` (standard input) stays where it was given.

    A walk never leaves the directory it was given: a symbolic link (to a file or a
    directory) that leads out of it is skipped, and ``on_skip(display, reason)`` told. A
    symbolic link named on the command line is followed, and its target noted in
    :attr:`Found.link`. Raises :class:`MissingPath` before anything is read."""
    given = list(paths)
    for p in given:
        if p != STDIN and not os.path.lexists(p):
            raise MissingPath(p)
    seen: set[str] = set()
    out: list[Found] = []
    for p in given:
        if p == STDIN:
            out.append(Found(STDIN, STDIN))
            continue
        if force_exclude and excluder.anywhere(p):
            continue
        items = _walk(p, excluder, suffixes, on_skip) if os.path.isdir(p) else [_named(p)]
        for item in items:
            key = os.path.realpath(item.path)
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _named(path: str) -> Found:
    return Found(path, path, os.path.realpath(path) if os.path.islink(path) else "")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(
    root: str,
    excluder: Excluder,
    suffixes: frozenset[str],
    on_skip: Callable[[str, str], None] | None = None,
) -> Iterator[Found]:
    top = os.path.realpath(root)
    listed = git_files(root)
    rels = listed if listed is not None else _plain_walk(root, excluder)
    for rel in sorted(rels):
        parts = PurePath(rel).parts
        if PurePath(rel).suffix.lower() not in suffixes:
            continue
        if any(part in VCS_DIRS for part in parts) or excluder.below(root, parts):
            continue
        full = os.path.join(root, rel)
        if not os.path.isfile(full):  # git lists deleted files and submodule directories too
            continue
        real = os.path.realpath(full)
        if not _inside(real, top):  # a link out of the tree: never written through
            if on_skip is not None:
                on_skip(_display(root, rel), f"a symbolic link out of the tree (to {real})")
            continue
        if real != os.path.join(top, rel):  # a link within the tree: its target, by name
            rel = os.path.relpath(real, top)
            full = os.path.join(root, rel)
        yield Found(_display(root, rel), full)


def _display(root: str, rel: str) -> str:
    # "docs" + "a.md" -> "docs/a.md"; "." + "a.md" -> "a.md" (as ruff and black print them)
    return str(Path(root) / rel)


def git_files(root: str) -> list[str] | None:
    """Files under ``root`` that git does not ignore (tracked or untracked), relative to
    ``root``; ``None`` outside a git work tree or without git."""
    try:
        proc = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    if proc.returncode != 0:
        return None
    names = {os.fsdecode(n) for n in proc.stdout.split(b"\0") if n}
    return list(names)


def _plain_walk(root: str, excluder: Excluder) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Prune in place so excluded trees are never entered.
        dirnames[:] = [
            d
            for d in dirnames
            if d not in VCS_DIRS and not excluder.match(os.path.join(dirpath, d))
        ]
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            yield name if rel_dir == "." else os.path.join(rel_dir, name)
