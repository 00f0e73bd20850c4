"""How many edits does tidy propose on a documentation repository? (stdlib only)

Runs the installed ``tidy diff --isolated --format json -v`` over one or more
directories, as a new user would, and prints the megabytes tidy read, the number of
files, the edits, edits per MB and a table per rule; ``--show N`` prints edits in
context so that they can be read and judged by eye. On well-edited documentation
nearly every edit is a false positive, so edits per MB is a measure of harm.

    python benchmarks/docs_edits.py path/to/docs-repo
    python benchmarks/docs_edits.py --show 40 --sample 7 path/to/repo another/repo/docs
    python benchmarks/docs_edits.py --save out.jsonl repo   # keep the raw records
    python benchmarks/docs_edits.py --load out.jsonl        # report on saved records
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

MB = 1_000_000
CONTEXT = 60  # characters of the line shown on each side of an edit


def find_tidy(given: str | None) -> list[str]:
    """The tidy command: as given, else next to this Python (a venv), else on PATH."""
    if given:
        return [given]
    beside = Path(sys.executable).with_name("tidy")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("tidy")
    if found:
        return [found]
    return [sys.executable, "-m", "tidy"]


def run_tidy(
    tidy: list[str], paths: list[str], jobs: int, extra: list[str]
) -> tuple[list[dict], set[str], int]:
    """The edit records, the files tidy read (changed or not) and its exit code."""
    cmd = [*tidy, "diff", "--isolated", "--format", "json", "-v", "-j", str(jobs), *extra]
    proc = subprocess.run([*cmd, *paths], capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1, 123):
        sys.exit(f"tidy failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    files = {r["path"] for r in records}
    for line in proc.stderr.splitlines():
        if line.startswith("unchanged "):
            files.add(line[len("unchanged ") :])
    return records, files, proc.returncode


def size_of(files: set[str]) -> int:
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(f)
    return total


def context(record: dict, cache: dict[str, list[str]]) -> str:
    """The edit's line, cut around it, with the edited text marked ⟦…⟧."""
    path = record["path"]
    if path not in cache:
        try:
            # (bytes decoded as they are: read_text would turn a bare CR into a line break,
            # which tidy's line numbers do not count)
            cache[path] = Path(path).read_bytes().decode("utf-8").split("\n")
        except (OSError, UnicodeDecodeError):
            cache[path] = []
    lines = cache[path]
    if record["line"] > len(lines):
        return ""
    line = lines[record["line"] - 1]
    col = record["column"] - 1
    before = record["before"]
    if record.get("end_line", record["line"]) != record["line"]:
        before = before.split("\n", 1)[0]
    end = col + len(before)
    return f"{line[max(0, col - CONTEXT) : col]}⟦{line[col:end]}⟧{line[end : end + CONTEXT]}"


def report(records: list[dict], files: set[str] | None, show: int, sample: int | None) -> None:
    edits = len(records)
    print("| | |\n| --- | --- |")
    if files is not None:
        size = size_of(files)
        mb = size / MB
        print(f"| MB read | {mb:.2f} |")
        print(f"| files | {len(files)} |")
    print(f"| files with edits | {len({r['path'] for r in records})} |")
    print(f"| edits | {edits} |")
    if files is not None:
        print(f"| edits per MB | {edits / mb if mb else 0:.2f} |")
    print()
    if records:
        print("| rule | edits | share |" + (" per MB |" if files is not None else ""))
        print("| --- | ---: | ---: |" + (" ---: |" if files is not None else ""))
        for rule, n in Counter(r["rule"] for r in records).most_common():
            row = f"| `{rule}` | {n} | {100 * n / edits:.0f}% |"
            if files is not None:
                row += f" {n / mb if mb else 0:.2f} |"
            print(row)
        print()
    if show:
        chosen = list(records)
        if sample is not None:
            random.Random(sample).shuffle(chosen)
        cache: dict[str, list[str]] = {}
        for r in chosen[:show]:
            where = f"{r['path']}:{r['line']}:{r['column']}"
            print(f"{where} {r['rule']} {r['before']!r} -> {r['after']!r}")
            print(f"    {context(r, cache)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="directories or files to run tidy on")
    ap.add_argument("--tidy", help="the tidy executable (default: next to this Python, or PATH)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="tidy worker processes")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N edits in context")
    ap.add_argument(
        "--sample", type=int, metavar="SEED", help="show a random sample (this seed), not the first"
    )
    ap.add_argument("--save", metavar="FILE", help="also write the raw JSON records here")
    ap.add_argument("--load", metavar="FILE", help="report on saved records instead of running")
    ap.add_argument(
        "--tidy-args", default="", help="extra arguments for tidy diff, e.g. '--select spacing'"
    )
    args = ap.parse_args(argv)
    if args.load:
        with open(args.load, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        files: set[str] | None = None
        files_note = Path(args.load).with_suffix(".files")
        if files_note.exists():
            files = set(files_note.read_text(encoding="utf-8").splitlines())
    else:
        if not args.paths:
            ap.error("give directories to run on, or --load FILE")
        tidy = find_tidy(args.tidy)
        records, files, _ = run_tidy(tidy, args.paths, args.jobs, args.tidy_args.split())
        if args.save:
            with open(args.save, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            Path(args.save).with_suffix(".files").write_text(
                "".join(f + "\n" for f in sorted(files)), encoding="utf-8"
            )
    report(records, files, args.show, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
