"""Worker processes that stop cleanly, for many files.

A small process pool instead of :mod:`concurrent.futures`, which queues work ahead of the
workers and cannot take it back: here a worker is handed a batch only when it is idle, and
reports each file as soon as it is done. So on SIGINT or SIGTERM (see :class:`Stop`) no
more work is handed out at once; each worker finishes the file in hand (its write is
atomic) and returns; a second signal aborts the files in hand (their temporary files are
discarded). Workers never outlive the parent: on Linux the kernel sends them SIGTERM when
it dies, and everywhere an idle worker checks for it every second.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_FINISH = getattr(signal, "SIGUSR1", None)  # to a worker: finish the file in hand, then stop
# To a worker: abandon the file in hand. Not SIGTERM, which a worker also receives when the
# whole process group is signalled and must then treat like the parent's first request.
_ABORT = getattr(signal, "SIGUSR2", signal.SIGTERM)
IDLE_CHECK = 1.0  # seconds between an idle worker's checks that its parent still lives
MAX_BATCH = 32  # files handed to a worker at once (it reports each one as it is done)
JOIN_TIMEOUT = 10.0  # seconds a stopping worker gets before it is killed


class Interrupted(BaseException):
    """A run stopped by a signal. A BaseException, so that no ``except Exception`` swallows
    it: files in hand unwind and discard their temporary files."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few steps that must not be cut in two (creating
    and registering a temporary file, renaming it); they are handled just after."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    old = mask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


class Stop:
    """The interrupt state of one run, in the main process.

    While :meth:`handling`, the first SIGINT or SIGTERM sets :attr:`signum` and tells the
    workers to finish the file in hand and take no more; the run ends as soon as they have.
    A second signal (or the first while :attr:`immediate`, e.g. while reading standard input,
    where nothing is being written) raises :class:`Interrupted` and aborts the workers'
    files. Outcomes that workers reported while the run was being torn down are in
    :attr:`late`."""

    def __init__(self) -> None:
        self.signum = 0
        self.immediate = False
        self.late: list[Any] = []
        self._raised = False
        self._workers: dict[int, Any] = {}  # pid -> process

    @property
    def requested(self) -> bool:
        return self.signum != 0

    @contextlib.contextmanager
    def handling(self) -> Iterator[Stop]:
        """Handle SIGINT and SIGTERM as described above (main thread only; elsewhere
        signals keep their handlers)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        old = {s: signal.signal(s, self._on_signal) for s in STOP_SIGNALS}
        try:
            yield self
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)

    def _on_signal(self, signum: int, frame: object) -> None:
        first = not self.requested
        if first:
            self.signum = signum
            if not self.immediate:
                self._tell(_FINISH)
                return
        if self._raised:  # already unwinding: the shutdown is bounded, let it end
            return
        self._raised = True
        self._tell(_ABORT)
        raise Interrupted(self.signum)

    def _tell(self, signum: int | None) -> None:
        if signum is None:  # pragma: no cover - no SIGUSR1 (Windows)
            signum = signal.SIGTERM
        for pid in list(self._workers):
            with contextlib.suppress(OSError):
                os.kill(pid, signum)


# --------------------------------------------------------------------------- worker side

_finishing = False


def _on_finish(signum: int, frame: object) -> None:
    global _finishing
    _finishing = True


def _on_terminate(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no usable libc
        pass


def _worker(
    conn: Connection,
    parent: int,
    inherited: Sequence[Connection],
    fn: Callable[[Any], Any],
    init: Callable[..., None],
    initargs: tuple[Any, ...],
) -> None:
    # SIGINT goes to the whole process group on Ctrl-C: the parent decides what it means.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM to the group (or from the kernel when the parent dies) finishes the file in
    # hand, so that no file is written without being reported; only the parent aborts one.
    signal.signal(signal.SIGTERM, _on_finish)
    signal.signal(_ABORT, _on_terminate)
    if _FINISH is not None:
        signal.signal(_FINISH, _on_finish)
    for other in inherited:  # the parent's ends of other workers' pipes, copied by fork
        other.close()
    _die_with_parent()
    if hasattr(signal, "pthread_sigmask"):  # the parent held them back while forking
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        if os.getppid() != parent:
            return
        init(*initargs)
        while not _finishing:
            while not conn.poll(IDLE_CHECK):
                if os.getppid() != parent:
                    return  # orphaned: nobody will read what we do
            batch = conn.recv()
            if batch is None:
                return
            start, items = batch
            for i, item in enumerate(items):
                if _finishing:
                    break
                try:
                    result = (start + i, True, fn(item))
                except Exception as exc:  # a bug: reported for this item, the rest go on
                    result = (start + i, False, f"internal error: {exc!r}")
                with shielded():
                    conn.send(result)
            with shielded():
                conn.send((start, None, None))  # the batch is over: idle again
    except (Interrupted, EOFError, OSError):
        return


# --------------------------------------------------------------------------- parent side


def _wait(objects: list[Any], timeout: float | None = None) -> list[Any]:
    from multiprocessing.connection import wait

    return wait(objects, timeout)


class _Slot:
    """One worker process and what it has been handed but not yet reported."""

    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.pending: set[int] = set()
        self.busy = False


def _context() -> Any:
    # fork where there is one (fast, and the parent's pid is the worker's parent, which the
    # orphan check needs); spawn elsewhere. Never forkserver: its workers are not ours.
    import multiprocessing  # (here: a run in one process never loads it)

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Pool(Generic[T, R]):
    """``fn`` over ``tasks`` in ``workers`` processes, results in task order; see
    :func:`ordered_map`."""

    def __init__(
        self,
        fn: Callable[[T], R],
        tasks: Sequence[T],
        workers: int,
        stop: Stop,
        failed: Callable[[T, str], R],
        init: Callable[..., None],
        initargs: tuple[Any, ...],
    ) -> None:
        self.fn, self.tasks, self.stop, self.failed = fn, tasks, stop, failed
        self.init, self.initargs = init, initargs
        self.ctx = _context()
        self.slots: list[_Slot] = []
        self.next = 0  # the first task not yet handed out
        self.done: dict[int, R] = {}
        self.batch = max(1, min(MAX_BATCH, len(tasks) // (workers * 4) or 1))
        for _ in range(workers):
            self._start()

    def _start(self) -> None:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        inherited = [s.conn for s in self.slots] if self.ctx.get_start_method() == "fork" else []
        process = self.ctx.Process(
            target=_worker,
            args=(child_end, os.getpid(), inherited, self.fn, self.init, self.initargs),
            daemon=True,
        )
        with shielded():  # the child unblocks them once its own handlers are in place
            process.start()
        child_end.close()
        self.slots.append(_Slot(process, parent_end))
        self.stop._workers[process.pid] = process

    def _hand_out(self) -> None:
        for slot in self.slots:
            if slot.busy or self.next >= len(self.tasks) or self.stop.requested:
                continue
            end = min(self.next + self.batch, len(self.tasks))
            try:
                slot.conn.send((self.next, list(self.tasks[self.next : end])))
            except OSError:
                continue  # it died: its sentinel says so below
            slot.pending = set(range(self.next, end))
            slot.busy = True
            self.next = end

    def _receive(self, slot: _Slot) -> bool:
        """Read one message; False when the worker is gone."""
        try:
            index, ok, value = slot.conn.recv()
        except Exception:  # EOF, or a message cut short by the worker's death
            return False
        if ok is None:  # the batch is over
            slot.busy = False
            slot.pending.clear()
            return True
        slot.pending.discard(index)
        self.done[index] = value if ok else self.failed(self.tasks[index], value)
        return True

    def _bury(self, slot: _Slot) -> None:
        """A worker that ended: what it had in hand is a failure, unless the run is
        stopping (then it is simply not done); a replacement takes over the rest."""
        slot.process.join(JOIN_TIMEOUT)  # its pipe closed first: let it finish dying
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        code = slot.process.exitcode
        if not self.stop.requested:
            for index in sorted(slot.pending):
                why = f"worker process died (exit status {code}) while processing it"
                self.done[index] = self.failed(self.tasks[index], why)
        self.slots.remove(slot)
        self.stop._workers.pop(slot.process.pid, None)
        slot.conn.close()
        if not self.stop.requested and self.next < len(self.tasks):
            self._start()

    def run(self) -> Iterator[R]:
        emitted = 0
        try:
            while True:
                self._hand_out()
                while emitted in self.done:
                    yield self.done.pop(emitted)
                    emitted += 1
                live = [s for s in self.slots if s.busy]
                if not live:
                    break
                conns = {s.conn: s for s in live}
                sentinels = {s.process.sentinel: s for s in live}
                ready = _wait([*conns, *sentinels])
                for ready_conn in ready:
                    slot = conns.get(ready_conn)  # type: ignore[call-overload]
                    if slot is not None and not self._receive(slot):
                        self._drain_then_bury(slot)
                for ready_sentinel in ready:
                    slot = sentinels.get(ready_sentinel)  # type: ignore[call-overload]
                    if slot is not None and slot in self.slots:
                        self._drain_then_bury(slot)
            # Stopped: what was done, in order, with gaps where work was never started.
            for index in sorted(self.done):
                yield self.done.pop(index)
        finally:
            self._shutdown()

    def _drain_then_bury(self, slot: _Slot) -> None:
        while slot.conn.poll(0):
            if not self._receive(slot):
                break
        self._bury(slot)

    def _shutdown(self) -> None:
        """Stop every worker: each finishes the file in hand (or, after a second signal,
        discards it), then exits. What they report meanwhile goes to ``stop.late``."""
        for slot in self.slots:
            if slot.busy and _FINISH is not None:
                with contextlib.suppress(OSError):
                    os.kill(slot.process.pid, _FINISH)
            with contextlib.suppress(OSError):
                slot.conn.send(None)
        deadline = time.monotonic() + JOIN_TIMEOUT
        live = {s.process.sentinel: s for s in self.slots}
        readable = {s.conn: s for s in self.slots}
        while live and (left := deadline - time.monotonic()) > 0:
            for ready in _wait([*readable, *live], left):
                slot = readable.get(ready)  # type: ignore[call-overload]
                if slot is not None and not self._receive(slot):
                    del readable[slot.conn]  # its end is closed: nothing more to read
                if ready in live:
                    slot = live.pop(ready)  # type: ignore[call-overload]
                    while slot.conn in readable and slot.conn.poll(0):
                        if not self._receive(slot):
                            break
                    readable.pop(slot.conn, None)
        for slot in self.slots:
            if slot.process.is_alive():  # stuck past the deadline
                slot.process.kill()
            slot.process.join()
            slot.conn.close()
            self.stop._workers.pop(slot.process.pid, None)
        self.slots.clear()
        self.stop.late.extend(self.done[i] for i in sorted(self.done))
        self.done.clear()


def ordered_map(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    workers: int,
    stop: Stop,
    failed: Callable[[T, str], R],
    init: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """``fn(task)`` for every task, in ``workers`` processes (each first runs
    ``init(*initargs)``), yielded in the order of ``tasks``. A task whose worker raised or
    died yields ``failed(task, reason)`` instead. Once ``stop`` is requested no task is
    started; what was done is yielded in order (with gaps) and the iteration ends. The
    workers are started at once; closing the iterator stops them."""
    return Pool(fn, tasks, workers, stop, failed, init, initargs).run()
