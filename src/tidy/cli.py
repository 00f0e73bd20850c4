"""tidy's command line: ``tidy fix``, ``tidy diff`` and ``tidy rules``.

A thin layer: :func:`tidy.fix` repairs text, :mod:`tidy.files` finds, reads and writes files,
:mod:`tidy.report` renders what changed. Standard output carries only the product (repaired
text, a diff, JSON, SARIF); everything addressed to a person goes to standard error.

Exit status (the most serious wins: 2, then 123, then 1, then 0):

  0    nothing to change, or everything fixed
  1    something would change (``tidy diff``, ``tidy fix --check``)
  2    usage, configuration or rule error; reported before any file is touched
  123  some file could not be processed (unreadable, not decodable, not writable); the
       others were processed
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, NoReturn

import typer

import tidy
from tidy import files, report
from tidy.model import Result
from tidy.rules import RuleError, select_rules

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_USAGE = 2
EXIT_FAILED = 123

EXIT_HELP = """Exit status: 0 nothing to change (or all fixed); 1 something would change
(tidy diff, tidy fix --check); 2 usage, configuration or rule error (nothing touched);
123 some file could not be processed (the others were)."""


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


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """What decides the repair of one text. Picklable: it travels to worker processes."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    unsafe: bool = False
    text_type: str = "auto"
    encoding: str | None = None
    rules_dirs: tuple[str, ...] = ()

    def mode(self, name: str | None) -> str:
        """``--type``, else the file extension's mode; ``auto`` for unnamed stdin."""
        if self.text_type != "auto":
            return self.text_type
        return files.mode_for(name) if name else "auto"

    def fix(self, text: str, name: str | None) -> Result:
        return tidy.fix(
            text,
            select=self.select,
            ignore=self.ignore,
            extend_select=self.extend_select,
            unsafe=self.unsafe,
            mode=self.mode(name),
            rules_dirs=self.rules_dirs,
        )


def _names(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Repeatable, comma-separated option values as one tuple (None when not given)."""
    if values is None:
        return None
    return tuple(n.strip() for v in values for n in v.split(",") if n.strip())


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    _err(f"error: {message}")
    raise typer.Exit(code)


def _settings(
    select: list[str] | None,
    ignore: list[str] | None,
    extend_select: list[str] | None,
    unsafe: bool,
    text_type: TextType,
    encoding: str | None,
    rules_dirs: list[Path] | None,
) -> Settings:
    """Settings checked up front, so a bad rule name or encoding fails before any file is
    read (exit 2)."""
    if encoding is not None:
        try:
            encoding = files.check_encoding(encoding)
        except LookupError:
            _fail(f"unknown encoding {encoding!r} (--encoding takes a Python codec name)")
    settings = Settings(
        select=_names(select),
        ignore=_names(ignore) or (),
        extend_select=_names(extend_select) or (),
        unsafe=unsafe,
        text_type=text_type.value,
        encoding=encoding,
        rules_dirs=tuple(str(d) for d in rules_dirs or ()),
    )
    try:
        settings.fix("", None)  # loads rule files and checks every name given
    except RuleError as exc:
        _fail(str(exc))
    return settings


# --------------------------------------------------------------------------- output


def _out(text: str) -> None:
    """Standard output as UTF-8 whatever the locale (file names that are not UTF-8 come
    back as their original bytes)."""
    _out_bytes(text.encode("utf-8", "surrogateescape"))


def _out_bytes(data: bytes) -> None:
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:  # replaced by something text-only (a test harness)
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
            sys.stdout.flush()
        else:
            stream.write(data)
            stream.flush()
    except BrokenPipeError:
        # The reader went away (tidy diff | head): stop quietly with status 1, as click-based
        # tools do, and keep the interpreter from complaining again when it flushes at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_CHANGES) from None


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --------------------------------------------------------------------------- processing

UNCHANGED, CHANGED, SKIPPED, FAILED = "unchanged", "changed", "skipped", "failed"


@dataclass
class Outcome:
    """What became of one file (or of standard input)."""

    display: str
    status: str
    result: Result | None = None
    note: str = ""
    stdin: bool = False
    product: bytes = b""  # standard input only: what to write out (the input if unrepaired)


def process_file(found: files.Found, settings: Settings, write: bool) -> Outcome:
    """Read, repair and (when ``write``) rewrite one file. Never raises for a file's own
    problems: they become a ``skipped`` or ``failed`` outcome."""
    try:
        data, state = files.read(found.path)
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot read: {exc.strerror or exc}")
    try:
        decoded = files.decode(data, settings.encoding)
        result = settings.fix(decoded.text, found.display)
        if not result.changed:
            return Outcome(found.display, UNCHANGED, result)
        new = files.encode(result.text, decoded)  # also in --check: same failures as fix
        if write:
            files.write_atomic(found.path, new, read_state=state)
    except files.BinaryFile as exc:
        return Outcome(found.display, SKIPPED, note=str(exc))
    except files.FileProblem as exc:
        return Outcome(found.display, FAILED, note=str(exc))
    except OSError as exc:
        return Outcome(found.display, FAILED, note=f"cannot write: {exc.strerror or exc}")
    except Exception as exc:  # an engine bug must not stop the other files
        return Outcome(found.display, FAILED, note=f"internal error: {exc!r}")
    return Outcome(found.display, CHANGED, result)


def process_stdin(settings: Settings, name: str | None, passthrough: bool) -> Outcome:
    """Repair standard input. Whatever cannot be repaired is passed through unchanged, so
    a pipeline never loses text (the exit status still tells)."""
    display = name or files.STDIN
    data = sys.stdin.buffer.read() if sys.stdin is not None else b""
    if passthrough:
        return Outcome(display, UNCHANGED, stdin=True, product=data)
    try:
        decoded = files.decode(data, settings.encoding)
        result = settings.fix(decoded.text, name)
        product = files.encode(result.text, decoded) if result.changed else data
    except files.BinaryFile as exc:
        return Outcome(display, SKIPPED, note=str(exc), stdin=True, product=data)
    except files.FileProblem as exc:
        return Outcome(display, FAILED, note=str(exc), stdin=True, product=data)
    except Exception as exc:
        note = f"internal error: {exc!r}"
        return Outcome(display, FAILED, note=note, stdin=True, product=data)
    status = CHANGED if result.changed else UNCHANGED
    return Outcome(display, status, result, stdin=True, product=product)


def _outcomes(
    sources: Sequence[files.Found],
    settings: Settings,
    *,
    write: bool,
    jobs: int,
    stdin_name: str | None,
    stdin_passthrough: bool,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``sources``, whatever the number of jobs."""
    on_disk = [s for s in sources if not s.is_stdin]
    work = partial(process_file, settings=settings, write=write)
    pool = None
    if jobs > 1 and len(on_disk) > 1:
        from concurrent.futures import ProcessPoolExecutor  # only paid for when used

        workers = min(jobs, len(on_disk))
        pool = ProcessPoolExecutor(max_workers=workers)
        # map() yields in submission order: output and exit status match -j 1.
        done: Iterator[Outcome] = pool.map(
            work, on_disk, chunksize=max(1, len(on_disk) // (workers * 8))
        )
    else:
        done = map(work, on_disk)
    try:
        for source in sources:
            if source.is_stdin:
                yield process_stdin(settings, stdin_name, stdin_passthrough)
            else:
                yield next(done)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


@dataclass
class Tally:
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    edits: int = 0
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == CHANGED and outcome.result is not None:
            self.changed += 1
            self.edits += len(outcome.result.edits)
            self.rules.update(e.rule for e in outcome.result.edits)
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
            parts.append(f"{_plural(self.changed, 'file')} {verb} ({_plural(self.edits, 'edit')})")
        if self.unchanged:
            parts.append(f"{_plural(self.unchanged, 'file')} {left}")
        if self.skipped:
            parts.append(f"{_plural(self.skipped, 'file')} skipped")
        if self.failed:
            parts.append(f"{_plural(self.failed, 'file')} could not be processed")
        return ", ".join(parts) + "."


def _note_problem(outcome: Outcome, quiet: bool) -> None:
    if outcome.status == FAILED:
        _err(f"error: {outcome.display}: {outcome.note}")  # errors show even with --quiet
    elif outcome.status == SKIPPED and not quiet:
        _err(f"skipped {outcome.display}: {outcome.note}")


@dataclass(frozen=True)
class Sources:
    found: list[files.Found]
    stdin_name: str | None = None
    stdin_passthrough: bool = False  # --force-exclude matched --stdin-filename

    @property
    def only_stdin(self) -> bool:
        return bool(self.found) and all(f.is_stdin for f in self.found)


def _sources(
    ctx: typer.Context,
    paths: list[str] | None,
    exclude: list[str] | None,
    extend_exclude: list[str] | None,
    force_exclude: bool,
    stdin_name: str | None,
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
    patterns = _names(exclude)
    excluder = files.Excluder(
        [
            *(files.DEFAULT_EXCLUDE if patterns is None else patterns),
            *(_names(extend_exclude) or ()),
        ]
    )
    try:
        found = files.collect(given, excluder, force_exclude=force_exclude)
    except files.MissingPath as exc:
        _fail(f"{exc}: no such file or directory")
    # As ruff does: an excluded --stdin-filename passes the text through untouched.
    passthrough = bool(force_exclude and stdin_name and excluder.anywhere(stdin_name))
    return Sources(found, stdin_name, passthrough)


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
    bool, typer.Option("--unsafe", help="Also run the unsafe rules that are not opt-in.")
]
StdinName = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="The name of the text read from standard input: used in reports, and its "
        "extension chooses the text type.",
    ),
]
Type = Annotated[
    TextType,
    typer.Option(
        "--type",
        help="Text type: markup (Markdown, reStructuredText) is left alone. "
        "auto: from the file extension (.md .markdown .mdx, .rst; others plain), "
        "or from the text itself on unnamed standard input.",
        case_sensitive=False,
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
        "default list: .venv, node_modules, build, dist, ...).",
    ),
]
ExtendExclude = Annotated[
    list[str] | None,
    typer.Option(
        "--extend-exclude", metavar="GLOB", help="Skip these globs as well as the defaults."
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
        help="Process files in this many worker processes (0: one per CPU).",
    ),
]


def _jobs(n: int) -> int:
    return n or os.cpu_count() or 1


def _verbose_rules(settings: Settings) -> None:
    chosen = select_rules(
        tidy.rules(settings.rules_dirs),
        settings.select,
        settings.ignore,
        settings.extend_select,
        settings.unsafe,
    )
    ids = ", ".join(r.id for r in chosen)
    _err(f"tidy {tidy.__version__}: {_plural(len(chosen), 'rule')}: {ids}")


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
    unsafe: Unsafe = False,
    stdin_filename: StdinName = None,
    text_type: Type = TextType.auto,
    encoding: Encoding = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = False,
    rules_dir: RulesDir = None,
    jobs: Jobs = 1,
) -> None:
    """Repair files in place, or standard input to standard output.

    Changed files are rewritten atomically, keeping permissions, byte order mark, line
    endings and everything the rules did not touch. Standard input is repaired to standard
    output (passed through unchanged if it cannot be decoded). A summary goes to standard
    error.
    """
    settings = _settings(select, ignore, extend_select, unsafe, text_type, encoding, rules_dir)
    sources = _sources(ctx, paths, exclude, extend_exclude, force_exclude, stdin_filename)
    if verbose:
        _verbose_rules(settings)
    tally = Tally()
    for outcome in _run(sources, settings, write=not check, jobs=jobs):
        tally.add(outcome)
        _note_problem(outcome, quiet)
        if outcome.stdin and not check:
            _out_bytes(outcome.product)
        # Standard input is a filter: its product is on standard output, nothing to announce.
        if not quiet and (verbose or not outcome.stdin):
            _announce(outcome, would=check, verbose=verbose)
    # Standard input alone is a filter: silent, like ruff format (unless asked).
    if not quiet and (verbose or not sources.only_stdin):
        _err(tally.summary(would=check))
    raise typer.Exit(tally.exit_code(changes_fail=check))


def _announce(outcome: Outcome, *, would: bool, verbose: bool) -> None:
    if outcome.status == CHANGED and outcome.result is not None:
        edits = _plural(len(outcome.result.edits), "edit")
        _err(f"{'would fix' if would else 'fixed'} {outcome.display} ({edits})")
    elif outcome.status == UNCHANGED and verbose:
        _err(f"unchanged {outcome.display}")


def _run(sources: Sources, settings: Settings, *, write: bool, jobs: int) -> Iterator[Outcome]:
    return _outcomes(
        sources.found,
        settings,
        write=write,
        jobs=_jobs(jobs),
        stdin_name=sources.stdin_name,
        stdin_passthrough=sources.stdin_passthrough,
    )


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
    unsafe: Unsafe = False,
    stdin_filename: StdinName = None,
    text_type: Type = TextType.auto,
    encoding: Encoding = None,
    quiet: Quiet = False,
    verbose: Verbose = False,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = False,
    rules_dir: RulesDir = None,
    jobs: Jobs = 1,
) -> None:
    """Show what tidy fix would change, without writing anything.

    Prints a unified diff per changed file followed by one line per edit
    (path:line:col: rule 'before' → 'after'  message), then a summary by rule on standard
    error. Exit 1 if anything would change.
    """
    if statistics and output_format not in (Format.text, Format.json):
        _fail(
            "--statistics prints text or JSON; it cannot be combined with --format "
            f"{output_format.value}"
        )
    settings = _settings(select, ignore, extend_select, unsafe, text_type, encoding, rules_dir)
    sources = _sources(ctx, paths, exclude, extend_exclude, force_exclude, stdin_filename)
    if verbose:
        _verbose_rules(settings)
    stdout_tty = sys.stdout is not None and sys.stdout.isatty()
    paint = report.Painter(report.want_color(color.value, stdout_tty, os.environ))
    render = _renderer(output_format, statistics, paint)
    tally = Tally()
    changed: list[tuple[str, Result]] = []
    for outcome in _run(sources, settings, write=False, jobs=jobs):
        tally.add(outcome)
        _note_problem(outcome, quiet)
        if outcome.status == CHANGED and outcome.result is not None:
            changed.append((outcome.display, outcome.result))
            if render is not None:
                _out(render(outcome.display, outcome.result))
        elif outcome.status == UNCHANGED and verbose:
            _err(f"unchanged {outcome.display}")
    _finish_diff(output_format, statistics, changed, tally, settings)
    if not quiet:
        _err(tally.summary(would=True))
        if not statistics:
            for rule, n in report.by_frequency(tally.rules):
                _err(f"{n:>6}  {rule}")
    raise typer.Exit(tally.exit_code(changes_fail=True))


def _renderer(
    output_format: Format, statistics: bool, paint: report.Painter
) -> Callable[[str, Result], str] | None:
    """What to print for each changed file as it comes (None: all at the end)."""
    if statistics or output_format == Format.sarif:
        return None
    if output_format == Format.json:
        return report.json_lines
    if output_format == Format.github:
        return report.github_lines

    def text(path: str, result: Result) -> str:
        diff = report.unified_diff(path, path, result.source, result.text, paint)
        return diff + report.edit_lines(path, result, paint)

    return text


def _finish_diff(
    output_format: Format,
    statistics: bool,
    changed: list[tuple[str, Result]],
    tally: Tally,
    settings: Settings,
) -> None:
    known = tidy.rules(settings.rules_dirs)
    if statistics:
        if output_format == Format.json:
            _out(report.statistics_json(tally.rules, known))
        else:
            _out(report.statistics(tally.rules, known))
    elif output_format == Format.sarif:
        doc = report.sarif_document(changed, known, tidy.__version__, successful=not tally.failed)
        _out(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


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


def main() -> None:
    """The ``tidy`` console script (and ``python -m tidy``)."""
    app(prog_name="tidy")
