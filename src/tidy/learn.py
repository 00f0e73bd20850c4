"""``tidy boilerplate learn``: count lines across the documents of a corpus, in shards.

The documents (each file, or each JSONL record) are cut into units of work: a file, or a
byte range of a JSON Lines file that starts and ends at line breaks. Each unit is counted
by its own :class:`tidy.boilerplate.Learner` (in worker processes when there are several),
and the learners are merged: counts are per document and merging adds them, so the result
is the same for any number of jobs.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tidy import batch, files
from tidy.boilerplate import Learner

MIN_RANGE = 1 << 20  # a JSONL file is split only into ranges of at least this many bytes


@dataclass(frozen=True)
class Options:
    jsonl: bool = False
    field: str = "text"
    skip_invalid: bool = False
    encoding: str | None = None


@dataclass(frozen=True)
class Unit:
    """One shard: a file (``start``/``end`` bound a byte range of a JSONL file)."""

    display: str
    path: str
    start: int = 0
    end: int = -1  # -1: to the end


def _ranges(found: files.Found, parts: int) -> list[Unit]:
    """A JSONL file as up to ``parts`` byte ranges cut just after line breaks."""
    try:
        size = os.path.getsize(found.path)
    except OSError:
        size = 0
    parts = max(1, min(parts, size // MIN_RANGE))
    if parts == 1:
        return [Unit(found.display, found.path)]
    bounds = [0]
    with open(found.path, "rb") as fh:
        for k in range(1, parts):
            fh.seek(max(bounds[-1], size * k // parts))
            fh.readline()  # to the start of the next line
            bounds.append(fh.tell())
    bounds.append(size)
    return [Unit(found.display, found.path, a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _lines(fh: Iterator[bytes], start: int, end: int) -> Iterator[bytes]:
    pos = start
    for raw in fh:
        if end >= 0 and pos >= end:
            return
        pos += len(raw)
        yield raw


def _count(unit: Unit, options: Options) -> tuple[Learner, str | None]:
    """The learner of one unit, and a problem (``skipped ...`` or an error) if any."""
    from tidy import records

    learner = Learner()
    if not options.jsonl:
        try:
            data = _read(unit.path)
            learner.add(files.decode(data, options.encoding).text)
        except OSError as exc:
            return learner, f"{unit.display}: cannot read: {exc.strerror or exc}"
        except files.BinaryFile as exc:
            return learner, f"skipped {unit.display}: {exc}"
        except files.FileProblem as exc:
            return learner, f"{unit.display}: {exc}"
        return learner, None
    first_line = 1 if unit.start == 0 else _line_of(unit.path, unit.start)
    try:
        with _open(unit.path) as fh:
            if unit.start:
                fh.seek(unit.start)
            decoded = batch._Decoded(
                _lines(batch.raw_lines(fh), unit.start, unit.end), options.encoding
            )
            # decoding errors name the line and byte in the whole file
            decoded.offset, decoded.number = unit.start, first_line - 1
            records.learn_jsonl(
                decoded, options.field, skip_invalid=options.skip_invalid, learner=learner
            )
    except records.RecordError as exc:  # its line counts from the unit's start
        line = exc.line_no + first_line - 1
        return learner, f"{unit.display}: line {line}: {exc.reason}"
    except files.FileProblem as exc:
        return learner, f"{unit.display}: {exc}"
    except OSError as exc:
        return learner, f"{unit.display}: cannot read: {exc.strerror or exc}"
    return learner, None


def _read(path: str) -> bytes:
    if path == files.STDIN:
        return batch.read_stdin()
    data, _ = files.read(path)
    return data


@contextlib.contextmanager
def _open(path: str) -> Iterator:
    if path == files.STDIN:
        yield sys.stdin.buffer
    else:
        with files.open_regular(path) as fh:  # not a FIFO or a device
            yield fh


def _line_of(path: str, offset: int) -> int:
    """The 1-based number of the line that starts at byte ``offset``."""
    count = 1
    with open(path, "rb") as fh:
        left = offset
        while left > 0 and (block := fh.read(min(left, 1 << 20))):
            count += block.count(b"\n")
            left -= len(block)
    return count


def _work(task: tuple[Unit, Options]) -> tuple[Learner, str | None]:
    return _count(*task)


def _failed(task: tuple[Unit, Options], reason: str) -> tuple[Learner, str | None]:
    return Learner(), f"{task[0].display}: {reason}"


def _no_init() -> None:
    """Nothing to set up in a worker."""


def learn(found: Sequence[files.Found], options: Options, jobs: int) -> tuple[Learner, list[str]]:
    """One learner for all the documents ``found`` and the problems met, in order."""
    units: list[Unit] = []
    for f in found:
        if options.jsonl and not f.is_stdin and jobs > 1:
            units.extend(_ranges(f, jobs))
        else:
            units.append(Unit(f.display, f.path))
    tasks = [(u, options) for u in units]
    parallel = [i for i, (u, _) in enumerate(tasks) if u.path != files.STDIN]
    results: dict[int, tuple[Learner, str | None]] = {}
    enough = len(parallel) >= batch.POOL_MIN_FILES or (options.jsonl and len(parallel) > 1)
    if jobs > 1 and enough:
        from tidy import pool  # workers that die with this process

        done = pool.ordered_map(
            _work, [tasks[i] for i in parallel], min(jobs, len(parallel)), pool.Stop(), _failed,
            _no_init,
        )  # fmt: skip
        results = dict(zip(parallel, done, strict=True))
    total = Learner()
    problems: list[str] = []
    for i, task in enumerate(tasks):
        learner, problem = results[i] if i in results else _work(task)
        total.merge(learner)
        if problem is not None:
            problems.append(problem)
    return total, problems


def write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(
        prefix=files.TEMP_PREFIX, suffix=files.TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
