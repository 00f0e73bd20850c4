"""The command line's work, apart from its options and its printing: the configuration of
each file, and the repair of files, JSON Lines files and standard input (in worker processes
when there are many files).

Nothing here writes to standard output or standard error: products go to the ``emit``
callbacks the caller passes, and every problem of a file becomes an :class:`Outcome`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, BinaryIO

import tidy
from tidy import asciidoc, files, pool, protect, stream
from tidy.config import Config, ConfigError, config_for
from tidy.engine import detect_mode
from tidy.model import Result
from tidy.rules import Rule, select_rules

UNCHANGED, CHANGED, SKIPPED, FAILED = "unchanged", "changed", "skipped", "failed"
GENERATED_NOTE = (
    "a generated file (its head says so, or it is a program's help output): "
    "repair its source instead"
)
PUBLISHED_NOTE = (
    "a formatter's paginated output (an RFC or Internet-Draft as published, nroff's): "
    "repair its source instead"
)
ASCIIDOC_NOTE = "AsciiDoc, which tidy does not parse: left as it is"
STANDOFF_NOTE = (
    "annotated by offsets in a file beside it (a brat .ann file): any edit would move them"
)
# Standoff annotation files that address a text by character offsets (brat's .ann, BioNLP
# shared tasks' .a1 and .a2).
STANDOFF_SUFFIXES = (".ann", ".a1", ".a2")
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
POOL_MIN_FILES = 8  # fewer files are repaired in this process: a pool costs more to start
LEARNED_RULE = "learned-boilerplate"

Emit = Callable[[bytes], None]
OnRecord = Callable[["Record"], None]


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What decides the repair of one text. Hashable and picklable: it keys the cache of
    resolved rules and travels to worker processes."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    unsafe: bool = False
    text_type: str = "auto"
    encoding: str | None = None
    rules_dirs: tuple[str, ...] = ()
    rule_options: str = ""  # JSON with sorted keys ("" for none)

    def mode(self, name: str | None) -> str:
        """The configured type, else the file extension's mode; ``auto`` for unnamed text."""
        if self.text_type != "auto":
            return self.text_type
        return files.mode_for(name) if name else "auto"

    def fix(
        self, text: str, name: str | None = None, mode: str | None = None, locate: bool = True
    ) -> Result:
        """``locate=False``: the edits are only counted (``Result.counts``), for callers
        that report numbers; the text is the same."""
        return _fixer(self, mode or self.mode(name))(text, locate=locate)

    def rules(self) -> list[Rule]:
        """The rules that run, in order (``tidy fix -v`` lists them)."""
        known = tidy.rules(self.rules_dirs)
        if self.rule_options:
            from tidy.config import apply_rule_options

            known = apply_rule_options(known, json.loads(self.rule_options))
        return list(select_rules(known, self.select, self.ignore, self.extend_select, self.unsafe))

    def check(self) -> None:
        """Resolve the rules now: an unknown rule or a bad option fails before any work."""
        _fixer(self, "auto")


@lru_cache(maxsize=64)
def _fixer(settings: Settings, mode: str) -> Callable[..., Result]:
    return tidy.fixer(
        select=settings.select,
        ignore=settings.ignore,
        extend_select=settings.extend_select,
        unsafe=settings.unsafe,
        mode=mode,
        rules_dirs=settings.rules_dirs,
        rule_options=json.loads(settings.rule_options) if settings.rule_options else None,
    )


@dataclass(frozen=True)
class Flags:
    """What the command line said about settings that a configuration file also sets
    (``None``: not given), and where configuration comes from."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    unsafe: bool | None = None
    text_type: str | None = None
    rules_dirs: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] | None = None
    boilerplate: str | None = None
    encoding: str | None = None
    config: str | None = None  # --config
    isolated: bool = False  # --isolated

    def overrides(self) -> dict[str, Any]:
        """Keywords for :meth:`tidy.config.Config.merged_with_cli`."""
        return {
            "select": self.select,
            "ignore": self.ignore,
            "extend_select": self.extend_select,
            "unsafe": self.unsafe,
            "type": self.text_type,
            "rules_dirs": self.rules_dirs,
            "exclude": self.exclude,
            "extend_exclude": self.extend_exclude,
            "boilerplate": self.boilerplate,
        }


class Project:
    """Settings per file: the configuration that governs it (found by walking up from it,
    or named by ``--config``), with the command-line flags laid over it. Raises
    :class:`tidy.config.ConfigError` (or :class:`tidy.RuleError`) for anything unusable;
    the CLI resolves every file before touching any."""

    def __init__(self, flags: Flags) -> None:
        self.flags = flags
        self._merged: dict[str | None, Config] = {}
        self._settings: dict[tuple[str | None, tuple[str, ...]], Settings] = {}
        self._learned: dict[str, dict[str, Any]] = {}

    def config(self, path: str | os.PathLike[str]) -> Config:
        """The effective configuration for a file or directory (``.`` for the cwd)."""
        base = config_for(path, explicit=self.flags.config, isolated=self.flags.isolated)
        key = str(base.path) if base.path is not None else None
        merged = self._merged.get(key)
        if merged is None:
            merged = base.merged_with_cli(**self.flags.overrides())
            self._merged[key] = merged
        return merged

    def settings(self, path: str | None) -> Settings:
        """The settings for a file (``None``: unnamed standard input, from the cwd)."""
        cfg = self.config(path if path is not None else ".")
        ignores = tuple(cfg.ignores_for(path)) if path is not None else cfg.ignore
        key = (str(cfg.path) if cfg.path is not None else None, ignores)
        found = self._settings.get(key)
        if found is not None:
            return found
        extend = cfg.extend_select
        options: dict[str, Any] = {}
        if cfg.boilerplate is not None:
            options = self._learned_options(cfg.boilerplate)
            extend = (*extend, LEARNED_RULE) if LEARNED_RULE not in extend else extend
        for rid, opts in cfg.rule_options.items():  # the file's own options win
            options[rid] = {**options.get(rid, {}), **opts}
        settings = Settings(
            select=cfg.select,
            ignore=ignores,
            extend_select=extend,
            unsafe=cfg.unsafe,
            text_type=cfg.type,
            encoding=self.flags.encoding,
            rules_dirs=cfg.rules_dirs,
            rule_options=json.dumps(options, sort_keys=True, ensure_ascii=False) if options else "",
        )
        settings.check()
        self._settings[key] = settings
        return settings

    def _learned_options(self, path: str) -> dict[str, Any]:
        """Rule options from a learned boilerplate file (``tidy boilerplate learn``)."""
        if path not in self._learned:
            from tidy import boilerplate

            try:
                with files.open_regular(path) as fh:  # not a FIFO or a device
                    learned = boilerplate.load(fh.read().decode("utf-8"))
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
            except files.FileProblem as exc:
                raise ConfigError(f"{path}: {exc}") from None
            except UnicodeDecodeError as exc:  # its message quotes no content
                raise ConfigError(f"{path}: not a learned boilerplate file: {exc}") from None
            except ValueError as exc:  # quotes only short, escaped excerpts
                raise ConfigError(f"{path}: not a learned boilerplate file: {exc}") from None
            self._learned[path] = boilerplate.rule_options(learned)
        return json.loads(json.dumps(self._learned[path]))  # a copy to merge into

    def excluder(self) -> ConfiguredExcluder:
        return ConfiguredExcluder(self)


class ConfiguredExcluder(files.Excluder):
    """Exclusions taken from the configuration that governs each path: its ``exclude`` (or
    the defaults) and ``extend-exclude``, plus the command line's; globs with a ``/`` are
    relative to the configuration's directory (the cwd when there is none)."""

    def __init__(self, project: Project) -> None:
        super().__init__([])
        self.project = project
        self._by_config: dict[int, files.Excluder] = {}

    def match(self, path: str) -> bool:
        cfg = self.project.config(path)
        excluder = self._by_config.get(id(cfg))
        if excluder is None:
            patterns = [*cfg.exclude, *cfg.extend_exclude]
            excluder = self._by_config[id(cfg)] = files.Excluder(patterns, str(cfg.directory))
        return excluder.match(path)


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Job:
    """How to treat every file of one run."""

    write: bool  # rewrite changed files in place
    keep: bool = True  # keep results for a report (tidy diff)
    jsonl: bool = False
    field: str = "text"
    id_field: str | None = None
    skip_invalid: bool = False


@dataclass
class Outcome:
    """What became of one file (or of standard input)."""

    display: str
    status: str
    result: Result | None = None  # a text file's repair (when kept)
    records: list[Record] = field(default_factory=list)  # JSONL: the changed ones (kept)
    edits: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    changed_records: int = 0
    invalid: int = 0  # JSONL lines passed through with --skip-invalid
    first_invalid: str = ""
    note: str = ""
    stdin: bool = False

    def count(self, result: Result) -> None:
        counts = result.rule_counts()
        self.edits += sum(counts.values())
        self.rules.update(counts)


def _text_outcome(display: str, result: Result, keep: bool) -> Outcome:
    status = CHANGED if result.changed else UNCHANGED
    out = Outcome(display, status, result if keep else None)
    if result.changed:
        out.count(result)
    return out


def process_file(
    found: files.Found, settings: Settings, job: Job, on_record: OnRecord | None = None
) -> Outcome:
    """Read, repair and (when ``job.write``) rewrite one file. Never raises for a file's
    own problems: they become a ``skipped`` or ``failed`` outcome."""
    if job.jsonl:
        return process_jsonl_file(found, settings, job, on_record)
    try:
        if not job.keep and stream.streams(os.stat(found.path).st_size, settings.encoding):
            return _fix_large_file(found, settings, job)
        data, state = files.read(found.path)
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot read: {exc.strerror or exc}")
    except files.FileProblem as exc:  # not a regular file
        return Outcome(found.display, FAILED, note=str(exc))
    try:
        decoded = files.decode(data, settings.encoding, whole=True)
        if note := _left_alone(decoded.text, found.path):
            return Outcome(found.display, SKIPPED, note=note)
        # (a result not kept for a report is only counted: its edits need no locating)
        result = settings.fix(decoded.text, found.display, locate=job.keep)
        if not result.changed:
            return _text_outcome(found.display, result, job.keep)
        new = files.encode(result.text, decoded)  # also in --check: same failures as fix
        if job.write:
            files.write_atomic(found.path, new, read_state=state)
    except files.BinaryFile as exc:
        return Outcome(found.display, SKIPPED, note=str(exc))
    except files.FileProblem as exc:
        return Outcome(found.display, FAILED, note=str(exc))
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot write: {exc.strerror or exc}")
    except Exception as exc:  # an engine bug must not stop the other files
        return Outcome(found.display, FAILED, note=f"internal error: {exc!r}")
    return _text_outcome(found.display, result, job.keep)


def _left_alone(text: str, path: str) -> str | None:
    """Why a file whose text (or head) is ``text`` is skipped, if it is: a generated file,
    a formatter's paginated output, AsciiDoc, or a text annotated by offsets."""
    if files.generated(text):
        return GENERATED_NOTE
    if protect.paginated(text) and detect_mode(text) == "plain":
        # (its every line was set by the formatter, from a source kept elsewhere: an RFC
        # copied into a repository is the published text, its examples and grammar laid
        # out as prose is)
        return PUBLISHED_NOTE
    if asciidoc.is_asciidoc(text, path):
        return ASCIIDOC_NOTE
    if path != "-" and any(
        os.path.exists(os.path.splitext(path)[0] + suffix) for suffix in STANDOFF_SUFFIXES
    ):
        return STANDOFF_NOTE
    return None


def _fix_large_file(found: files.Found, settings: Settings, job: Job) -> Outcome:
    """Repair a file too large to hold whole as standard input is repaired, piece by piece
    into the temporary file that replaces it: the same output as ``tidy fix - < file``,
    in bounded memory. A file that fails anywhere is left as it was."""
    try:
        fh = open(found.path, "rb")  # noqa: SIM115 - closed below, after the rename
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot read: {exc.strerror or exc}")
    with fh:
        try:
            head = fh.read(4 * files.GENERATED_HEAD)
            fh.seek(0)
        except OSError as exc:
            return Outcome(found.display, FAILED, note=f"cannot read: {exc.strerror or exc}")
        if note := _left_alone(head.decode(settings.encoding or "utf-8", "replace"), found.path):
            return Outcome(found.display, SKIPPED, note=note)
        try:
            state = os.fstat(fh.fileno())
            out = files.AtomicFile(found.path, read_state=state) if job.write else None
        except OSError as exc:
            return Outcome(found.display, FAILED, note=f"cannot write: {exc.strerror or exc}")
        try:
            emit = None if out is None else out.write
            done = repair_stream(fh.read, settings, found.display, emit)
            if out is not None and done.status == CHANGED:
                out.commit()
        except files.FileProblem as exc:
            return Outcome(found.display, FAILED, note=str(exc))
        except OSError as exc:
            return Outcome(found.display, FAILED, note=f"cannot write: {exc.strerror or exc}")
        finally:
            if out is not None:
                out.discard()
    outcome = Outcome(found.display, done.status, note=done.note)
    outcome.edits, outcome.rules = done.edits, done.rules
    return outcome


# --------------------------------------------------------------------------- JSON Lines

_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")


def raw_lines(fh: BinaryIO) -> Iterator[bytes]:
    """Lines with their endings, cut where Python's universal newlines cut them (``\\n``,
    ``\\r\\n`` and a lone ``\\r``), as ``open(..., newline="")`` reads them."""
    for line in fh:
        if b"\r" in line:
            yield from (part for part in _LONE_CR.split(line) if part)
        else:
            yield line


class _Decoded:
    """Decoded lines for :func:`tidy.records.fix_jsonl`, remembering the bytes of the last
    one (to pass it through unchanged if it cannot be used)."""

    def __init__(self, lines: Iterable[bytes], encoding: str | None) -> None:
        self.lines = lines
        self.encoding = encoding
        self.last = b""
        self.offset = 0
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.lines:
            self.last = raw
            self.number += 1
            # start=False: a byte order mark stays in the text (tidy.records keeps it)
            piece = files.decode(
                raw, self.encoding, start=False, offset=self.offset, line=self.number - 1
            )
            self.offset += len(raw)
            text = piece.text
            yield text


@dataclass(frozen=True)
class Record:
    """A changed JSONL record: its file, line and id (``--id-field``), and its repair."""

    path: str
    line: int
    id: Any
    result: Result

    @property
    def name(self) -> str:
        """How reports name it: ``path#<id>`` with an id, else ``path#<line>``."""
        return f"{self.path}#{self.id if self.id is not None else self.line}"


def repair_records(
    lines: Iterable[bytes],
    display: str,
    settings: Settings,
    job: Job,
    emit: Emit | None,
    on_record: OnRecord | None = None,
) -> Outcome:
    """Repair JSON Lines, handing every output line to ``emit`` as it is ready. A line
    that cannot be used (without ``--skip-invalid``) fails the whole: it and every line
    after it go out as they came."""
    from tidy import records

    out = Outcome(display, UNCHANGED)
    enc = settings.encoding or "utf-8"
    source = iter(lines)
    decoded = _Decoded(source, settings.encoding)
    fix = _fixer(settings, settings.mode(None))
    results = records.fix_jsonl(
        decoded, field=job.field, fixer=fix, skip_invalid=job.skip_invalid, id_field=job.id_field
    )
    while True:
        try:
            rec = next(results, None)
            if rec is None:
                break
            if rec.result is not None and rec.result.changed:
                line = _encode_line(rec.output_line, enc, rec.line_no)
        except (records.RecordError, files.FileProblem) as exc:
            out.status, out.note = FAILED, str(exc)
        except Exception as exc:  # an engine bug
            out.status, out.note = FAILED, f"internal error: {exc!r}"
        if out.status == FAILED:  # this line and all after it go out as they came
            if emit is not None:
                emit(decoded.last)
                for raw in source:
                    emit(raw)
            break
        if rec.error is not None:
            out.invalid += 1
            out.first_invalid = out.first_invalid or rec.error
        if rec.result is None or not rec.result.changed:
            if emit is not None:
                emit(decoded.last)  # the very bytes that came in
            continue
        out.status = CHANGED
        out.changed_records += 1
        out.count(rec.result)
        record = Record(display, rec.line_no, rec.record_id, rec.result)
        if on_record is not None:
            on_record(record)
        elif job.keep:
            out.records.append(record)
        if emit is not None:
            emit(line)
    return out


def _encode_line(line: str, encoding: str, line_no: int) -> bytes:
    try:
        return line.encode(encoding)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        raise files.FileProblem(
            f"line {line_no}: the repaired text has {char!r}, which {encoding} cannot encode"
        ) from None


def process_jsonl_file(
    found: files.Found, settings: Settings, job: Job, on_record: OnRecord | None = None
) -> Outcome:
    """Repair a JSON Lines file, rewriting it in place (streamed: any size)."""
    try:
        fh = files.open_regular(found.path)  # closed below, after the writer commits
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot read: {exc.strerror or exc}")
    except files.FileProblem as exc:  # not a regular file
        return Outcome(found.display, FAILED, note=str(exc))
    try:
        with fh:
            state = os.fstat(fh.fileno())
            writer = files.AtomicFile(found.path, state) if job.write else None
            try:
                emit = writer.write if writer is not None else None
                out = repair_records(raw_lines(fh), found.display, settings, job, emit, on_record)
                if writer is not None and out.status == CHANGED:
                    writer.commit()
            finally:
                if writer is not None:
                    writer.discard()
    except files.FileProblem as exc:
        return Outcome(found.display, FAILED, note=str(exc))
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot write: {exc.strerror or exc}")
    except Exception as exc:
        return Outcome(found.display, FAILED, note=f"internal error: {exc!r}")
    return out


# --------------------------------------------------------------------------- stdin


def _stdin() -> BinaryIO | None:
    return getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None


def read_stdin() -> bytes:
    source = _stdin()
    return source.read() if source is not None else b""


def pass_stdin(emit: Emit | None) -> None:
    """Copy standard input through, block by block."""
    source = _stdin()
    while source is not None and (block := source.read(stream.BLOCK)):
        if emit is not None:
            emit(block)


def fix_stdin(
    settings: Settings,
    name: str | None,
    emit: Emit | None,
    on_bytes: Callable[[int], None] | None = None,
) -> Outcome:
    """Repair standard input to ``emit``: whole when small, else chunk by chunk (see
    :mod:`tidy.stream`) in bounded memory. What cannot be repaired passes through."""
    source = _stdin()
    read = source.read if source is not None else (lambda n: b"")
    done = repair_stream(read, settings, name, emit, on_bytes)
    out = Outcome(name or files.STDIN, done.status, note=done.note, stdin=True)
    out.edits, out.rules = done.edits, done.rules
    return out


def repair_stream(
    read: Callable[[int], bytes],
    settings: Settings,
    name: str | None,
    emit: Emit | None,
    on_bytes: Callable[[int], None] | None = None,
) -> stream.Streamed:
    """The bytes ``read`` gives, repaired to ``emit``: whole when small, else chunk by chunk.
    Standard input and large files both come this way, so they give the same output."""
    size = stream.chunk_size()
    whole = stream.whole_size()
    head = bytearray()
    while len(head) < whole and (block := read(stream.BLOCK)):
        head += block
    if len(head) < whole:
        chunks: Iterable[bytes] = [bytes(head)]
    elif files.splittable(settings.encoding):
        chunks = stream.cut(read, size, head)
    else:  # UTF-16 and the like cannot be cut in their bytes: read it all
        chunks = [bytes(head) + read()]
    del head  # (a megabyte not to hold while the rest is repaired)
    return stream.repair(
        chunks,
        lambda text, mode: settings.fix(text, mode=mode, locate=False),
        settings.mode(name),
        settings.encoding,
        emit,
        on_bytes,
    )


def diff_stdin(settings: Settings, name: str | None, keep: bool) -> Outcome:
    """Repair standard input, read whole, for a report."""
    display = name or files.STDIN
    try:
        decoded = files.decode(read_stdin(), settings.encoding)
        result = settings.fix(decoded.text, name)
        files.encode(result.text, decoded)
    except files.BinaryFile as exc:
        return Outcome(display, SKIPPED, note=str(exc), stdin=True)
    except files.FileProblem as exc:
        return Outcome(display, FAILED, note=str(exc), stdin=True)
    except Exception as exc:
        return Outcome(display, FAILED, note=f"internal error: {exc!r}", stdin=True)
    out = _text_outcome(display, result, keep)
    out.stdin = True
    return out


def records_stdin(
    settings: Settings, name: str | None, job: Job, emit: Emit | None, on_record: OnRecord | None
) -> Outcome:
    """Repair JSON Lines on standard input, line by line."""
    source = _stdin()
    lines = raw_lines(source) if source is not None else iter(())
    out = repair_records(lines, name or files.STDIN, settings, job, emit, on_record)
    out.stdin = True
    return out


# --------------------------------------------------------------------------- many files

_TABLE: list[Settings] = []  # in a worker: the settings every task refers to by index


def _init(table: list[Settings]) -> None:
    _TABLE[:] = table


def _task(task: tuple[int, files.Found, Job]) -> Outcome:
    index, found, job = task
    return process_file(found, _TABLE[index], job)


def _failed(task: tuple[int, files.Found, Job], reason: str) -> Outcome:
    return Outcome(task[1].display, FAILED, note=reason)


def process_files(
    work: Sequence[tuple[files.Found, Settings]],
    job: Job,
    jobs: int,
    stop: pool.Stop | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``work``, whatever the number of jobs: in worker processes
    when there are enough files to pay for them, else in this one. The settings go to each
    worker once; a task carries only an index into them. The workers are started at once,
    before the caller starts any thread of its own (a progress bar).

    Once ``stop`` is requested (a signal) no file is started: the outcomes of the files
    already done are yielded, in order, and the iteration ends early."""
    stop = stop if stop is not None else pool.Stop()
    table: list[Settings] = []
    index: dict[Settings, int] = {}
    tasks = []
    for found, settings in work:
        if settings not in index:
            index[settings] = len(table)
            table.append(settings)
        tasks.append((index[settings], found, job))
    if jobs < 2 or len(tasks) < POOL_MIN_FILES:
        _init(table)
        return _in_process(tasks, stop)
    workers = min(jobs, len(tasks))
    return pool.ordered_map(_task, tasks, workers, stop, _failed, _init, (table,))


def _in_process(tasks: list[tuple[int, files.Found, Job]], stop: pool.Stop) -> Iterator[Outcome]:
    for task in tasks:
        if stop.requested:
            return
        yield _task(task)


# Exit statuses, as black and ruff use them.
EXIT_OK = 0
EXIT_CHANGES = 1  # something would change (diff, fix --check)
EXIT_USAGE = 2  # bad flags, configuration or rules
EXIT_FAILED = 123  # some file could not be processed


@dataclass
class Tally:
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    edits: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == CHANGED:
            self.changed += 1
            self.edits += outcome.edits
            self.rules.update(outcome.rules)
        elif outcome.status == UNCHANGED:
            self.unchanged += 1
        elif outcome.status == SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1

    @property
    def total(self) -> int:
        return self.changed + self.unchanged + self.skipped + self.failed

    def exit_code(self, changes_fail: bool) -> int:
        if self.failed:
            return EXIT_FAILED
        return EXIT_CHANGES if changes_fail and self.changed else EXIT_OK

    def summary(self, would: bool) -> str:
        """Black's wording: ``2 files fixed (5 edits), 1 file left unchanged.``"""
        if not self.total:
            return "No files to process."
        verb, left = ("would be fixed", "would be left unchanged")
        if not would:
            verb, left = "fixed", "left unchanged"
        parts = []
        if self.changed:
            parts.append(f"{plural(self.changed, 'file')} {verb} ({plural(self.edits, 'edit')})")
        if self.unchanged:
            parts.append(f"{plural(self.unchanged, 'file')} {left}")
        if self.skipped:
            parts.append(f"{plural(self.skipped, 'file')} skipped")
        if self.failed:
            parts.append(f"{plural(self.failed, 'file')} could not be processed")
        return ", ".join(parts) + "."


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
