"""Interrupts: SIGINT and SIGTERM stop a run of many files cleanly, in real processes.

Each test starts the installed ``tidy fix`` on a tree of files in its own session, waits
until it has written some, sends a signal, and then checks what is on disk: nothing started
after the signal, every file whole (old or fixed), no temporary file, no worker left, and a
summary that counts exactly the files written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TIDY, clean_env
from tidy import files, pool
from tidy.batch import plural

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not Path("/proc").is_dir(), reason="POSIX signals and /proc"
)

LINE = "services,Cabinet Office said.This includes£15,000 and 35%of calls.\n"
FIXED = "services, Cabinet Office said. This includes £15,000 and 35% of calls.\n"
REPEAT = 600  # lines per file: each file takes a noticeable moment
COUNT = 240  # files: far more than can be done before the signal


def make_tree(root: Path) -> list[Path]:
    root.mkdir()
    paths = [root / f"f{i:03}.txt" for i in range(COUNT)]
    for p in paths:
        p.write_text(LINE * REPEAT, encoding="utf-8")
    return paths


def fixed(paths: list[Path]) -> int:
    """How many files are fixed; fails if any is neither the original nor the repair."""
    n = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        assert text in (LINE * REPEAT, FIXED * REPEAT), f"{p.name} is half-written"
        n += text == FIXED * REPEAT
    return n


def fixed_now(paths: list[Path]) -> int:
    """How many files are fixed, by their size alone: a stat each, so the count is taken in
    a moment and few files can finish between it and the signal."""
    size = len(FIXED.encode()) * REPEAT
    return sum(p.stat().st_size == size for p in paths)


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start(root: Path, jobs: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(TIDY), "fix", "-j", jobs, str(root)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
        start_new_session=True,  # its own process group, as a shell job would be
    )


def wait_for_writes(proc: subprocess.Popen[bytes], paths: list[Path], workers: int) -> list[int]:
    """Wait until the first file is written; the worker processes by then."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if any(p.stat().st_size != len(LINE.encode()) * REPEAT for p in paths[: workers * 4]):
            return children(proc.pid)
        if proc.poll() is not None:
            pytest.fail(f"tidy ended before it was signalled: {proc.communicate()}")
        time.sleep(0.02)
    proc.kill()
    pytest.fail("tidy wrote nothing within 40 s")


@pytest.mark.parametrize(
    ("signum", "to_group", "jobs"),
    [
        pytest.param(signal.SIGINT, True, "2", id="ctrl-c-to-the-group"),
        pytest.param(signal.SIGTERM, False, "2", id="sigterm-to-the-main-process"),
        pytest.param(signal.SIGTERM, True, "2", id="sigterm-to-the-group"),
        pytest.param(signal.SIGINT, True, "1", id="ctrl-c-one-process"),
    ],
)
def test_a_signal_stops_the_run_and_reports_what_was_written(
    tmp_path: Path, signum: int, to_group: bool, jobs: str
) -> None:
    paths = make_tree(tmp_path / "tree")
    proc = start(tmp_path / "tree", jobs)
    workers = wait_for_writes(proc, paths, int(jobs))
    if jobs == "2":
        assert len(workers) == 2
    before = fixed_now(paths)
    (os.killpg if to_group else os.kill)(proc.pid, signum)
    _, err = proc.communicate(timeout=30)
    stderr = err.decode()
    assert proc.returncode == 128 + signum, stderr
    after = fixed(paths)
    # Nothing new was started: at most the file each worker had in hand was finished.
    assert before <= after <= before + int(jobs) + 1
    assert after < COUNT
    name = signal.Signals(signum).name
    assert f"interrupted by {name}: {plural(COUNT - after, 'file')} not processed\n" in stderr
    assert stderr.endswith(f"{plural(after, 'file')} fixed ({after * REPEAT * 4} edits).\n")
    assert stderr.count("fixed ") == after + 1  # one line per file written, then the summary
    assert sorted(tmp_path.rglob(f"{files.TEMP_PREFIX}*")) == []
    time.sleep(0.2)
    assert [w for w in workers if alive(w)] == []


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    paths = make_tree(tmp_path / "tree")
    proc = start(tmp_path / "tree", "2")
    workers = wait_for_writes(proc, paths, 2)
    assert len(workers) == 2
    proc.kill()  # SIGKILL: the parent cannot do anything about it, the workers must
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [w for w in workers if alive(w)] == []
    settled = fixed(paths)
    time.sleep(0.5)
    assert fixed(paths) == settled < COUNT  # nobody writes any more
    assert sorted(tmp_path.rglob(f"{files.TEMP_PREFIX}*")) == []


# --------------------------------------------------------------------------- the pool


def _square(n: int) -> int:
    if n == 13:
        os._exit(3)  # a worker that dies (a crash in native code, the OOM killer)
    if n == 7:
        raise ValueError("seven")
    return n * n


def _nothing() -> None:
    return None


def test_pool_keeps_order_and_reports_a_dead_worker_and_a_failing_task() -> None:
    out = list(
        pool.ordered_map(
            _square, list(range(40)), 2, pool.Stop(), lambda n, why: f"{n}: {why}", _nothing
        )
    )
    assert out[:7] == [n * n for n in range(7)]
    assert out[7] == "7: internal error: ValueError('seven')"
    assert out[13].startswith("13: worker process died (exit status 3)")
    # the dead worker's other tasks in hand fail with it; a new worker does the rest
    assert out[-1] == 39 * 39 and len(out) == 40
    assert all(isinstance(v, int) or "died" in v or "seven" in v for v in out)
