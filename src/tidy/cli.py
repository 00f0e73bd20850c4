"""tidy's command line: ``tidy fix``, ``tidy diff``, ``tidy rules``, ``tidy config`` and
``tidy boilerplate learn``.

A thin layer: :mod:`tidy.batch` resolves each file's configuration and repairs files,
JSON Lines and standard input; :mod:`tidy.files` finds, reads and writes files;
:mod:`tidy.report` renders what changed. Standard output carries only the product (repaired
text, a diff, JSON, SARIF); everything addressed to a person goes to standard error.

Exit status (the most serious wins: 2, then 123, then 1, then 0):

  0    nothing to change, or everything fixed
  1    something would change (``tidy diff``, ``tidy fix --check``)
  2    usage, configuration or rule error; reported before any file is touched
  123  some file could not be processed (unreadable, not decodable, not writable); the
       others were processed
  130  interrupted by SIGINT, 143 by SIGTERM: nothing was started after the signal, the
       files in hand were finished, and the summary counts what was written
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePath
from typing import Annotated, Any, NoReturn

import typer

import tidy
from tidy import asciidoc, batch, files, pool, report
from tidy.batch import (
    CHANGED,
    EXIT_CHANGES,
    EXIT_FAILED,
    EXIT_USAGE,
    FAILED,
    SKIPPED,
    UNCHANGED,
    Flags,
    Job,
    Outcome,
    Project,
    Tally,
)
from tidy.config import ConfigError
from tidy.model import Result
from tidy.rules import RuleError

EXIT_HELP = """Exit status: 0 nothing to change (or all fixed); 1 something would change
(tidy diff, tidy fix --check); 2 usage, configuration or rule error (nothing touched);
123 some file could not be processed (the others were); 130/143 interrupted by
SIGINT/SIGTERM (what was written is summarised)."""

PROGRESS_MIN_FILES = 50  # a progress bar is worth showing from this many files


class TextType(str, Enum):
    auto = "auto"
    plain = "plain"
    markdown = "markdown"
    rst = "rst"


class ColorChoice(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Format(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class ListFormat(str, Enum):
    text = "text"
    json = "json"


app = typer.Typer(
    name="tidy",
    help="Rule-driven repair of scraped and pasted text: every change named and located.",
    epilog=EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: option texts hold brackets that are not markup
    context_settings={"help_option_names": ["-h", "--help"]},
)
boilerplate_app = typer.Typer(
    name="boilerplate",
    help="Learn a corpus's boilerplate: lines and title prefixes that recur across documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(boilerplate_app)


# --------------------------------------------------------------------------- helpers


def _names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Repeatable, comma-separated option values as one tuple (None when not given)."""
    if values is None:
        return None
    return tuple(n.strip() for v in values for n in v.split(",") if n.strip())


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    _err(f"error: {message}")
    raise typer.Exit(code)


def _encoding(encoding: str | None) -> str | None:
    if encoding is None:
        return None
    try:
        return files.check_encoding(encoding)
    except LookupError:
        _fail(f"unknown encoding {encoding!r} (--encoding takes a Python codec name)")


def _surrogates(exc: UnicodeError) -> tuple[bytes, int]:
    """File names that are not UTF-8 come back as their original bytes (surrogateescape);
    any other lone surrogate (a JSON record's "\\ud800") is written as its \\u escape."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = bytearray()
    for char in exc.object[exc.start : exc.end]:
        code = ord(char)
        out += bytes([code - 0xDC00]) if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}".encode()
    return bytes(out), exc.end


codecs.register_error("tidy-surrogates", _surrogates)


def _out(text: str) -> None:
    """Standard output as UTF-8 whatever the locale (see :func:`_surrogates`)."""
    _out_bytes(text.encode("utf-8", "tidy-surrogates"))


def _out_bytes(data: bytes, flush: bool = True) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:  # replaced by something text-only (a test harness)
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
            sys.stdout.flush()
        else:
            stream.write(data)
            if flush:
                stream.flush()
    except BrokenPipeError:
        # The reader went away (tidy diff | head): stop quietly with status 1, as click-based
        # tools do, and keep the interpreter from complaining again when it flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_CHANGES) from None


def _out_line(data: bytes) -> None:
    """A JSON Lines record out: buffered (flushed when the buffer fills and at the end)."""
    _out_bytes(data, flush=False)


def _flush() -> None:
    _out_bytes(b"")


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


plural = batch.plural


def _cpus() -> int:
    """The CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _jobs(n: int, quiet: bool = False) -> int:
    """``-j 0`` (the default): one worker per CPU this process may use. More workers than
    CPUs only cost memory (each holds the rules and the engine), so ``-j`` is capped there."""
    cpus = _cpus()
    if n > cpus:
        if not quiet:
            _err(f"warning: -j {n} is more than the {plural(cpus, 'CPU')} available; using {cpus}")
        return cpus
    return n or cpus


# --------------------------------------------------------------------------- progress


def progress_wanted(quiet: bool) -> bool:
    """A progress bar only for a person watching: never in pipes, CI logs or pre-commit."""
    if quiet or "PRE_COMMIT" in os.environ:
        return False
    return sys.stderr is not None and sys.stderr.isatty()


class Progress:
    """A rich progress bar on standard error (transient: it is gone when the run ends);
    does nothing unless asked for. Messages printed meanwhile appear above it."""

    def __init__(self, enabled: bool, total: int | None, unit: str) -> None:
        self.enabled = enabled
        self.total = total
        self.unit = unit
        self._bar: Any = None
        self._task: Any = None

    def start(self) -> None:
        if not self.enabled or self._bar is not None:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        count = DownloadColumn() if self.unit == "bytes" else MofNCompleteColumn()
        self._bar = RichProgress(
            TextColumn("tidy"),
            BarColumn(),
            count,
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=True,
            redirect_stdout=False,  # standard output is the product: never touched
        )
        self._bar.start()
        self._task = self._bar.add_task("tidy", total=self.total)

    def advance(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _stdin_size() -> int | None:
    try:
        st = os.fstat(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Sources:
    found: list[files.Found]
    stdin_name: str | None = None
    stdin_passthrough: bool = False  # --force-exclude matched --stdin-filename
    excluded: list[str] = field(default_factory=list)  # paths with prose the walk skipped

    @property
    def only_stdin(self) -> bool:
        return bool(self.found) and all(f.is_stdin for f in self.found)


def _sources(
    ctx: typer.Context,
    paths: list[str] | None,
    excluder: files.Excluder,
    force_exclude: bool,
    stdin_name: str | None,
    suffixes: frozenset[str] = files.DEFAULT_SUFFIXES,
    verbose: bool = False,
) -> Sources:
    """What to read: the paths given, else standard input when it is not a terminal (a
    tree is never processed implicitly). Every path is checked before anything is read."""
    given = list(paths or [])
    if not given:
        if sys.stdin is None or sys.stdin.isatty():
            _err(ctx.get_usage())
            _err(f"Try '{ctx.command_path} --help' for help.\n")
            _fail(
                "no paths given and standard input is a terminal: name files or directories "
                f"(e.g. '{ctx.command_path} .'), or pipe text in "
                f"(e.g. '{ctx.command_path} - < notes.txt')"
            )
        given = [files.STDIN]
    if given.count(files.STDIN) > 1:
        _fail("'-' (standard input) can be given only once")

    excluded: list[str] = []

    def skipped(display: str, reason: str) -> None:
        if reason == files.EXCLUDED:
            excluded.append(display)
        if verbose:
            _err(f"skipped {display}: {reason}")

    try:
        found = files.collect(
            given, excluder, force_exclude=force_exclude, suffixes=suffixes, on_skip=skipped
        )
    except files.MissingPath as exc:
        _fail(f"{exc}: no such file or directory")
    # As ruff does: an excluded --stdin-filename passes the text through untouched.
    passthrough = bool(force_exclude and stdin_name and excluder.anywhere(stdin_name))
    # (and AsciiDoc, which tidy does not parse, named so: as a file of that name is skipped)
    passthrough = passthrough or bool(
        stdin_name and PurePath(stdin_name).suffix.lower() in asciidoc.SUFFIXES
    )
    return Sources(found, stdin_name, passthrough, excluded)


@dataclass
class Plan:
    """Everything resolved before the first file is touched."""

    sources: Sources
    work: list[tuple[files.Found, batch.Settings]]
    stdin: batch.Settings | None
    first: batch.Settings  # for --verbose and the rule list of reports

    @property
    def links(self) -> dict[str, str]:
        """Symbolic links named on the command line: display -> the file written."""
        return {f.display: f.link for f in self.sources.found if f.link}


def _plan(
    ctx: typer.Context,
    flags: Flags,
    job: Job,
    paths: list[str] | None,
    force_exclude: bool,
    stdin_name: str | None,
    verbose: bool,
) -> Plan:
    """Configuration, files and settings for every file; any problem is exit 2 here."""
    _jsonl_options(job, flags.encoding)
    project = Project(flags)
    try:
        if flags.config is not None:
            project.config(".")  # a bad --config fails even if no file turns up
        suffixes = batch.JSONL_SUFFIXES if job.jsonl else files.DEFAULT_SUFFIXES
        excluder = project.excluder()
        sources = _sources(ctx, paths, excluder, force_exclude, stdin_name, suffixes, verbose)
        work = [(f, project.settings(f.path)) for f in sources.found if not f.is_stdin]
        stdin = None
        if any(f.is_stdin for f in sources.found):
            stdin = project.settings(sources.stdin_name)
        # With no file, the flags are still checked, against the working directory's settings.
        first = stdin if stdin is not None else work[0][1] if work else project.settings(None)
    except (ConfigError, RuleError) as exc:
        _fail(str(exc))
    if verbose:
        _verbose_rules(first)
    return Plan(sources, work, stdin, first)


def _flags(
    *,
    select: list[str] | None,
    ignore: list[str] | None,
    extend_select: list[str] | None,
    unsafe: bool | None,
    text_type: TextType | None,
    encoding: str | None,
    rules_dir: list[Path] | None,
    exclude: list[str] | None,
    extend_exclude: list[str] | None,
    boilerplate: Path | None,
    config: Path | None,
    isolated: bool,
) -> Flags:
    return Flags(
        select=_names(select),
        ignore=_names(ignore),
        extend_select=_names(extend_select),
        unsafe=unsafe,
        text_type=text_type.value if text_type is not None else None,
        rules_dirs=tuple(str(d) for d in rules_dir) if rules_dir else None,
        exclude=_names(exclude),
        extend_exclude=_names(extend_exclude),
        boilerplate=str(boilerplate) if boilerplate is not None else None,
        encoding=_encoding(encoding),
        config=str(config) if config is not None else None,
        isolated=isolated,
    )


# --------------------------------------------------------------------------- options

Paths = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="Files and directories; '-' reads standard input. "
        "With none, standard input is read if it is not a terminal.",
        show_default=False,
    ),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="RULES",
        help="Run only these rules or groups (comma-separated, repeatable; ALL for every rule).",
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option("--ignore", metavar="RULES", help="Do not run these rules or groups."),
]
ExtendSelect = Annotated[
    list[str] | None,
    typer.Option(
        "--extend-select",
        metavar="RULES",
        help="Run these rules or groups as well as the selected ones (opt-in rules by id).",
    ),
]
Unsafe = Annotated[
    bool | None,
    typer.Option(
        "--unsafe/--no-unsafe",
        help="Also run the unsafe rules that are not opt-in (default: the configuration's).",
        show_default=False,
    ),
]
StdinName = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="The name of the text read from standard input: used in reports and to find "
        "its configuration, and its extension chooses the text type.",
    ),
]
Type = Annotated[
    TextType | None,
    typer.Option(
        "--type",
        help="Text type: markup (Markdown, reStructuredText) is left alone. "
        "auto: from the file extension (.md .markdown .mdx, .rst; others plain), "
        "or from the text itself on unnamed standard input. [default: the configuration's "
        "type, else auto]",
        case_sensitive=False,
        show_default=False,
    ),
]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="Read files in this encoding (e.g. cp1252, latin-1) instead of UTF-8, "
        "and write them back in it.",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Report only errors on standard error.")]
Verbose = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Also report unchanged files and the rules in use."),
]
Exclude = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude",
        metavar="GLOB",
        help="Skip paths matching these globs when walking directories (replaces the "
        "configuration's list, or the default one: .venv, node_modules, build, dist, ...).",
    ),
]
ExtendExclude = Annotated[
    list[str] | None,
    typer.Option(
        "--extend-exclude", metavar="GLOB", help="Skip these globs as well as the others."
    ),
]
ForceExclude = Annotated[
    bool,
    typer.Option(
        "--force-exclude",
        help="Apply the exclusions to files named on the command line too (for pre-commit).",
    ),
]
RulesDir = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules-dir", metavar="DIR", help="Load extra rule files (*.toml) from this directory."
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Worker processes for many files (0, the default: one per CPU; fewer than "
        f"{batch.POOL_MIN_FILES} files are always done in one process).",
    ),
]
ConfigPath = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Use this configuration file (tidy.toml, or a pyproject.toml with [tool.tidy]) "
        "instead of looking for one above each file.",
    ),
]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")]
Boilerplate = Annotated[
    Path | None,
    typer.Option(
        "--boilerplate",
        metavar="FILE",
        help="Remove the boilerplate learned in this file (tidy boilerplate learn): runs "
        "the learned-boilerplate rule.",
    ),
]
Jsonl = Annotated[
    bool,
    typer.Option(
        "--jsonl",
        help="Read JSON Lines: repair one string field of every record, keeping the other "
        "fields, key order and line count (directories: *.jsonl, *.ndjson).",
    ),
]
Field = Annotated[
    str, typer.Option("--field", metavar="NAME", help="With --jsonl: the field to repair.")
]
IdField = Annotated[
    str | None,
    typer.Option(
        "--id-field",
        metavar="NAME",
        help="With --jsonl: name records in reports by this field (path#id), not by their "
        "line (path#line).",
    ),
]
SkipInvalid = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help="With --jsonl: pass malformed lines through unchanged (counted on standard "
        "error) instead of failing.",
    ),
]


def _verbose_rules(settings: batch.Settings) -> None:
    rules = settings.rules()
    ids = ", ".join(r.id for r in rules)
    _err(f"tidy {tidy.__version__}: {plural(len(rules), 'rule')}: {ids}")


def _jsonl_options(job: Job, encoding: str | None) -> None:
    if not job.jsonl and (job.field != "text" or job.id_field is not None or job.skip_invalid):
        _fail("--field, --id-field and --skip-invalid go with --jsonl")
    if job.jsonl and not files.splittable(encoding):
        _fail(f"--jsonl reads lines byte by byte: the encoding {encoding} cannot be split so")


# --------------------------------------------------------------------------- commands


def _version(value: bool) -> None:
    if value:
        _out(f"tidy {tidy.__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Rule-driven repair of scraped and pasted text: every change named and located."""


@app.command("fix", epilog=EXIT_HELP)
def fix_command(
    ctx: typer.Context,
    paths: Paths = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Write nothing; list the files that would change and exit 1 if any would.",
        ),
    ] = False,
    select: Select = None,
    ignore: Ignore = None,
    extend_select: ExtendSelect = None,
    unsafe: Unsafe = None,
    stdin_filename: StdinName = None,
    text_type: Type = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = False,
    rules_dir: RulesDir = None,
    jobs: Jobs = 0,
    config: ConfigPath = None,
    isolated: Isolated = False,
    boilerplate: Boilerplate = None,
    jsonl: Jsonl = False,
    field: Field = "text",
    id_field: IdField = None,
    skip_invalid: SkipInvalid = False,
) -> None:
    """Repair files in place, or standard input to standard output.

    Changed files are rewritten atomically, keeping permissions, byte order mark, line
    endings and everything the rules did not touch. Standard input is repaired to standard
    output as it streams in (passed through unchanged if it cannot be decoded). Settings
    come from the closest tidy.toml, .tidy.toml or pyproject.toml [tool.tidy] above each
    file; flags win over them. A summary goes to standard error.
    """
    flags = _flags(
        select=select, ignore=ignore, extend_select=extend_select, unsafe=unsafe,
        text_type=text_type, encoding=encoding, rules_dir=rules_dir, exclude=exclude,
        extend_exclude=extend_exclude, boilerplate=boilerplate, config=config,
        isolated=isolated,
    )  # fmt: skip
    job = Job(
        write=not check, keep=False, jsonl=jsonl, field=field, id_field=id_field,
        skip_invalid=skip_invalid,
    )  # fmt: skip
    tally = Tally()
    emit = None if check else (_out_line if jsonl else _out_bytes)
    links: dict[str, str] = {}

    def handle(outcome: Outcome) -> None:
        tally.add(outcome)
        _note_problem(outcome, quiet)
        # Standard input is a filter: its product is on standard output, nothing to announce.
        if not quiet and (verbose or not outcome.stdin):
            _announce(outcome, would=check, verbose=verbose, links=links)

    stop = pool.Stop()
    plan: Plan | None = None
    with stop.handling():
        try:
            stop.immediate = True  # nothing is written while the run is planned
            plan = _plan(ctx, flags, job, paths, force_exclude, stdin_filename, verbose)
            links.update(plan.links)
            stop.immediate = False
            _drive(_run(plan, job, jobs, quiet, stop, emit=emit), stop, handle)
        except pool.Interrupted:
            pass
        if jsonl and emit is not None:
            _flush()
    if stop.requested:
        _interrupted(stop, plan, tally, quiet, would=check)
    assert plan is not None
    # Standard input alone is a filter: silent, like ruff format (unless asked).
    if not quiet and (verbose or not plan.sources.only_stdin):
        _err(_summary(tally, check, plan))
    raise typer.Exit(tally.exit_code(changes_fail=check))


def _run(
    plan: Plan,
    job: Job,
    jobs: int,
    quiet: bool,
    stop: pool.Stop,
    *,
    emit: batch.Emit | None = None,
    on_record: batch.OnRecord | None = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of the sources (standard input where '-' was given), with a
    progress bar on a terminal when there are many files. After a signal (``stop``), only
    the outcomes of files already done, and nothing more is started."""
    on_disk = plan.work
    wanted = progress_wanted(quiet)
    if job.jsonl and on_record is not None:
        # A report of records streams, file by file, in this process.
        done: Iterator[Outcome] = (
            batch.process_file(f, s, job, on_record) for f, s in on_disk if not stop.requested
        )
    else:  # workers start before the bar
        done = batch.process_files(on_disk, job, _jobs(jobs, quiet), stop)
    many = wanted and len(on_disk) >= PROGRESS_MIN_FILES
    progress = Progress(many, len(on_disk), "files")
    progress.start()
    try:
        for source in plan.sources.found:
            if stop.requested:
                break
            if source.is_stdin:  # a bar of its own, unless the files have one (only one shows)
                stop.immediate = True  # nothing is written to disk: a signal ends it at once
                try:
                    outcome = _stdin_outcome(plan, job, wanted and not many, emit, on_record)
                finally:
                    stop.immediate = False
                yield outcome
            else:
                found = next(done, None)
                if found is None:
                    break
                yield found
                progress.advance()
        yield from done  # after a signal: files done out of order
    finally:
        progress.stop()
        close = getattr(done, "close", None)
        if close is not None:
            close()  # stops the workers if the run ended early


def _drive(outcomes: Iterator[Outcome], stop: pool.Stop, handle: Callable[[Outcome], None]) -> None:
    """Hand every outcome to ``handle``, also those reported while an interrupted run was
    being stopped."""
    try:
        try:
            for outcome in outcomes:
                handle(outcome)
        finally:
            close = getattr(outcomes, "close", None)
            if close is not None:
                close()
    except pool.Interrupted:
        pass
    late, stop.late = stop.late, []
    for outcome in late:
        handle(outcome)


def _summary(tally: Tally, would: bool, plan: Plan) -> str:
    """The run's closing line; where nothing was read, the paths the exclusions skipped
    that hold prose (a docs source kept in doc/build), so that the reason is not hidden."""
    line = tally.summary(would=would)
    skipped = plan.sources.excluded
    if tally.total or not skipped:
        return line
    shown = ", ".join(skipped[:3]) + (", …" if len(skipped) > 3 else "")
    return (
        f"{line} The exclusions skipped {plural(len(skipped), 'path')} holding prose "
        f"({shown}); --exclude replaces them, --extend-exclude adds to them."
    )


def _interrupted(
    stop: pool.Stop, plan: Plan | None, tally: Tally, quiet: bool, would: bool
) -> NoReturn:
    """The end of a run stopped by a signal: what was not done, then the summary."""
    name = signal.Signals(stop.signum).name
    on_disk = len(plan.work) if plan is not None else 0
    done = tally.total - (1 if plan is not None and plan.stdin is not None else 0)
    left = max(0, on_disk - done)
    if not quiet and plan is not None and not plan.sources.only_stdin:
        _err(f"interrupted by {name}: {plural(left, 'file')} not processed")
        _err(tally.summary(would=would))
    raise typer.Exit(128 + stop.signum)


def _stdin_outcome(
    plan: Plan,
    job: Job,
    wanted: bool,
    emit: batch.Emit | None,
    on_record: batch.OnRecord | None,
) -> Outcome:
    settings, name = plan.stdin, plan.sources.stdin_name
    assert settings is not None
    display = name or files.STDIN
    if plan.sources.stdin_passthrough:
        batch.pass_stdin(emit)
        return Outcome(display, UNCHANGED, stdin=True)
    if job.jsonl:
        return batch.records_stdin(settings, name, job, emit, on_record)
    if job.keep:  # a report: read whole
        return batch.diff_stdin(settings, name, job.keep)
    # A bar for the bytes done, once it is clear that the text streams (a second chunk).
    progress = Progress(wanted, _stdin_size(), "bytes")
    seen = [0, 0]  # chunks, bytes

    def on_chunk(n: int) -> None:
        seen[0] += 1
        seen[1] += n
        if seen[0] == 2:
            progress.start()
            progress.advance(seen[1])
        elif seen[0] > 2:
            progress.advance(n)

    try:
        return batch.fix_stdin(settings, name, emit, on_chunk)
    finally:
        progress.stop()


def _announce(
    outcome: Outcome, *, would: bool, verbose: bool, links: dict[str, str] | None = None
) -> None:
    if outcome.status == CHANGED:
        edits = plural(outcome.edits, "edit")
        if outcome.changed_records:
            edits = f"{plural(outcome.changed_records, 'record')}, {edits}"
        target = (links or {}).get(outcome.display)
        if target:  # named on the command line: followed, and said so
            edits += f", through the symbolic link to {target}"
        _err(f"{'would fix' if would else 'fixed'} {report.visible(outcome.display)} ({edits})")
    elif outcome.status == UNCHANGED and verbose:
        _err(f"unchanged {report.visible(outcome.display)}")


def _note_problem(outcome: Outcome, quiet: bool) -> None:
    name = report.visible(outcome.display)  # a file name may hold escape sequences too
    if outcome.status == FAILED:
        _err(f"error: {name}: {outcome.note}")  # errors show even with --quiet
    elif outcome.status == SKIPPED and not quiet:
        _err(f"skipped {name}: {outcome.note}")
    if outcome.invalid and not quiet:
        lines = plural(outcome.invalid, "invalid line")
        _err(f"{outcome.display}: {lines} passed through unchanged ({outcome.first_invalid})")


@app.command("diff", epilog=EXIT_HELP)
def diff_command(
    ctx: typer.Context,
    paths: Paths = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            help="text: a unified diff and one line per edit; json: JSON Lines, one record "
            "per edit; github: GitHub Actions annotations; sarif: a SARIF 2.1.0 log.",
            case_sensitive=False,
        ),
    ] = Format.text,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="Print edit counts per rule (count, rule, summary; tab-separated) "
            "instead of the diff.",
        ),
    ] = False,
    color: Annotated[
        ColorChoice,
        typer.Option(
            "--color",
            help="Colour the diff: auto (on a terminal; NO_COLOR and FORCE_COLOR honoured), "
            "always, never.",
            case_sensitive=False,
        ),
    ] = ColorChoice.auto,
    select: Select = None,
    ignore: Ignore = None,
    extend_select: ExtendSelect = None,
    unsafe: Unsafe = None,
    stdin_filename: StdinName = None,
    text_type: Type = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = False,
    rules_dir: RulesDir = None,
    jobs: Jobs = 0,
    config: ConfigPath = None,
    isolated: Isolated = False,
    boilerplate: Boilerplate = None,
    jsonl: Jsonl = False,
    field: Field = "text",
    id_field: IdField = None,
    skip_invalid: SkipInvalid = False,
) -> None:
    """Show what tidy fix would change, without writing anything.

    Prints a unified diff per changed file followed by one line per edit
    (path:line:col: rule 'before' → 'after'  message), then a summary by rule on standard
    error. With --jsonl, each changed record is shown the same way, named path#line (or
    path#id with --id-field), with lines and columns counted in its text. Exit 1 if
    anything would change.
    """
    if statistics and output_format not in (Format.text, Format.json):
        _fail(
            "--statistics prints text or JSON; it cannot be combined with --format "
            f"{output_format.value}"
        )
    if jsonl and output_format in (Format.github, Format.sarif):
        _fail(f"--format {output_format.value} cannot locate edits inside JSON Lines records")
    flags = _flags(
        select=select, ignore=ignore, extend_select=extend_select, unsafe=unsafe,
        text_type=text_type, encoding=encoding, rules_dir=rules_dir, exclude=exclude,
        extend_exclude=extend_exclude, boilerplate=boilerplate, config=config,
        isolated=isolated,
    )  # fmt: skip
    job = Job(
        write=False, keep=True, jsonl=jsonl, field=field, id_field=id_field,
        skip_invalid=skip_invalid,
    )  # fmt: skip
    stop = pool.Stop()
    with stop.handling():
        stop.immediate = True
        try:
            plan = _plan(ctx, flags, job, paths, force_exclude, stdin_filename, verbose)
        except pool.Interrupted:
            raise typer.Exit(128 + stop.signum) from None
        stop.immediate = False
        try:
            _diff_run(plan, job, jobs, quiet, verbose, output_format, statistics, color, stop)
        except pool.Interrupted:  # a second signal while the report was being finished
            raise typer.Exit(128 + stop.signum) from None


def _diff_run(
    plan: Plan,
    job: Job,
    jobs: int,
    quiet: bool,
    verbose: bool,
    output_format: Format,
    statistics: bool,
    color: ColorChoice,
    stop: pool.Stop,
) -> NoReturn:
    id_field = job.id_field
    stdout_tty = sys.stdout is not None and sys.stdout.isatty()
    paint = report.Painter(report.want_color(color.value, stdout_tty, os.environ))
    render = _renderer(output_format, statistics, paint)
    tally = Tally()
    changed: list[tuple[str, Result]] = []

    def on_record(record: batch.Record) -> None:
        if render is not None:
            extra = {"record": record.line, **({"id": record.id} if id_field else {})}
            _out(render(record.name, record.result, extra, record.path))

    def handle(outcome: Outcome) -> None:
        tally.add(outcome)
        _note_problem(outcome, quiet)
        if outcome.status == CHANGED and outcome.result is not None:
            changed.append((outcome.display, outcome.result))
            if render is not None:
                _out(render(outcome.display, outcome.result, None, outcome.display))
        elif outcome.status == UNCHANGED and verbose:
            _err(f"unchanged {outcome.display}")

    run = _run(plan, job, jobs, quiet, stop, on_record=on_record if job.jsonl else None)
    _drive(run, stop, handle)
    if stop.requested:
        _interrupted(stop, plan, tally, quiet, would=True)
    _finish_diff(output_format, statistics, changed, tally, plan)
    if not quiet:
        _err(_summary(tally, True, plan))
        if not statistics:
            for rule, n in report.by_frequency(tally.rules):
                _err(f"{n:>6}  {rule}")
    raise typer.Exit(tally.exit_code(changes_fail=True))


Renderer = Callable[[str, Result, "dict[str, Any] | None", str], str]


def _renderer(output_format: Format, statistics: bool, paint: report.Painter) -> Renderer | None:
    """What to print for each changed file (or record) as it comes (None: all at the end).
    Arguments: its name, its repair, extra JSON keys, the file it is in."""
    if statistics or output_format == Format.sarif:
        return None
    if output_format == Format.json:
        return lambda name, result, extra, path: report.json_lines(path, result, extra)
    if output_format == Format.github:
        return lambda name, result, extra, path: report.github_lines(name, result)

    def text(name: str, result: Result, extra: dict[str, Any] | None, path: str) -> str:
        diff = report.unified_diff(name, name, result.source, result.text, paint)
        return diff + report.edit_lines(name, result, paint)

    return text


def _known_rules(plan: Plan) -> list[tidy.Rule]:
    """Every rule any file's settings know of (their rules directories differ)."""
    seen: dict[str, tidy.Rule] = {}
    for settings in [plan.first, *(s for _, s in plan.work)]:
        for rule in tidy.rules(settings.rules_dirs):
            seen.setdefault(rule.id, rule)
    return list(seen.values())


def _finish_diff(
    output_format: Format,
    statistics: bool,
    changed: list[tuple[str, Result]],
    tally: Tally,
    plan: Plan,
) -> None:
    if statistics:
        known = _known_rules(plan)
        if output_format == Format.json:
            _out(report.statistics_json(tally.rules, known))
        else:
            _out(report.statistics(tally.rules, known))
    elif output_format == Format.sarif:
        known = _known_rules(plan)
        doc = report.sarif_document(changed, known, tidy.__version__, successful=not tally.failed)
        _out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")  # see _surrogates


@app.command("rules")
def rules_command(
    rule_id: Annotated[
        str | None,
        typer.Argument(metavar="[RULE]", help="Explain this rule.", show_default=False),
    ] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="text or json.", case_sensitive=False)
    ] = ListFormat.text,
    rules_dir: RulesDir = None,
) -> None:
    """List the rules (id, group, safety, default, summary), or explain one: its
    description, safety and the examples it must fix and must keep."""
    try:
        known = tidy.rules(tuple(str(d) for d in rules_dir or ()))
    except RuleError as exc:
        _fail(str(exc))
    if rule_id is None:
        if output_format == ListFormat.json:
            records = [report.rule_record(r) for r in known]
            _out(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        else:
            _out(report.rule_table(known))
        return
    match = [r for r in known if r.id == rule_id]
    if not match:
        _fail(f"unknown rule {rule_id!r}; `tidy rules` lists them")
    if output_format == ListFormat.json:
        _out(json.dumps(report.rule_record(match[0]), ensure_ascii=False, indent=2) + "\n")
    else:
        _out(report.explain(match[0]))


@app.command("config")
def config_command(
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="Show the configuration for this file or directory (default: the working "
            "directory).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", help="text or json.", case_sensitive=False)
    ] = ListFormat.text,
    config: ConfigPath = None,
    isolated: Isolated = False,
) -> None:
    """Print the effective configuration and where each value comes from (a file, the
    default), as TOML with comments; for a file, also the rules its per-file ignores add."""
    if path is not None and not os.path.lexists(path):
        _fail(f"{path}: no such file or directory")
    target = path if path is not None else "."
    project = Project(Flags(config=str(config) if config else None, isolated=isolated))
    try:
        cfg = project.config(target)
    except ConfigError as exc:
        _fail(str(exc))
    per_file = path is not None and not os.path.isdir(path)
    ignores = cfg.ignores_for(path) if per_file and path is not None else list(cfg.ignore)
    if output_format == ListFormat.json:
        doc: dict[str, Any] = {
            "file": str(cfg.path) if cfg.path is not None else None,
            "settings": [
                {"key": key, "value": _jsonable(value), "source": source}
                for key, value, source in cfg.describe()
            ],
        }
        if per_file:
            doc["ignore_for_path"] = ignores
        _out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")  # see _surrogates
        return
    text = cfg.to_toml_like()
    if per_file and ignores != list(cfg.ignore):
        listed = ", ".join(json.dumps(i) for i in ignores)
        text += f"# {path} (per-file-ignores): ignore = [{listed}]\n"
    _out(text)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


@boilerplate_app.command("learn")
def learn_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATHS",
            help="Documents: files, directories ('-' reads standard input); each file is "
            "one document, or with --jsonl each record.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="Write the learned boilerplate here."),
    ],
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="Read JSON Lines: each record is a document.")
    ] = False,
    field: Field = "text",
    min_docs: Annotated[
        int | None,
        typer.Option(
            "--min-docs",
            min=2,
            metavar="N",
            help="Keep what recurs in at least N documents (default 3).",
        ),
    ] = None,
    min_fraction: Annotated[
        float | None,
        typer.Option(
            "--min-fraction",
            min=0.0,
            max=1.0,
            metavar="F",
            help="Keep what recurs in at least this fraction of the documents (default 0.05).",
        ),
    ] = None,
    skip_invalid: SkipInvalid = False,
    encoding: Encoding = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    jobs: Jobs = 0,
    quiet: Quiet = False,
) -> None:
    """Learn boilerplate from a corpus: the lines, and the prefixes glued to titles, that
    recur across documents. The result is a reviewable text file (kind, count, text per
    line) for tidy fix --boilerplate FILE or the boilerplate configuration key. The result
    does not depend on the order of the documents nor on -j."""
    from tidy import learn

    if min_docs is not None and min_fraction is not None:
        _fail("give --min-docs or --min-fraction, not both")
    if not jsonl and (field != "text" or skip_invalid):
        _fail("--field and --skip-invalid go with --jsonl")
    enc = _encoding(encoding)
    patterns = _names(exclude)
    base = files.DEFAULT_EXCLUDE if patterns is None else patterns
    excluder = files.Excluder([*base, *(_names(extend_exclude) or ())])
    if paths.count(files.STDIN) > 1:
        _fail("'-' (standard input) can be given only once")
    suffixes = batch.JSONL_SUFFIXES if jsonl else files.DEFAULT_SUFFIXES
    try:
        found = files.collect(paths, excluder, suffixes=suffixes)
    except files.MissingPath as exc:
        _fail(f"{exc}: no such file or directory")
    options = learn.Options(jsonl=jsonl, field=field, skip_invalid=skip_invalid, encoding=enc)
    learner, problems = learn.learn(found, options, _jobs(jobs, quiet))
    for problem in problems:
        if problem.startswith("skipped "):
            if not quiet:
                _err(problem)
        else:
            _err(f"error: {problem}")
    if any(not p.startswith("skipped ") for p in problems):
        _err(f"{output} not written.")
        raise typer.Exit(EXIT_FAILED)
    learned = learner.result(min_docs=min_docs, min_fraction=min_fraction)
    try:
        learn.write(output, learned.dump())
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}", EXIT_FAILED)
    if not quiet:
        _err(
            f"learned {plural(len(learned.lines), 'line')} and "
            f"{len(learned.prefixes)} title prefix{'' if len(learned.prefixes) == 1 else 'es'} "
            f"from "
            f"{plural(learned.documents, 'document')}: {output}"
        )


def main() -> None:
    """The ``tidy`` console script (and ``python -m tidy``)."""
    from tidy.malloc import return_large_blocks

    return_large_blocks()  # bounded memory on long inputs (see tidy.malloc)
    app(prog_name="tidy")
