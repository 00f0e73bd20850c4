"""Benchmark tidy against ftfy, clean-text and a one-regex baseline on damaged prose.

One run builds one damaged corpus (benchmarks/corpus.py, fixed seed) and measures, each in
a fresh subprocess so that memory peaks do not mix:

* ``tidy.fix`` per document and on the whole corpus as one text,
* the ``tidy fix -`` command line with the whole corpus piped to standard input,
* ``ftfy.fix_text`` (defaults), ``cleantext.clean`` (comparable arguments) and
  ``re.sub(r"([,.;:!?])(?=[A-Za-z])", r"\\1 ", text)``, per document.

It prints a Markdown table (throughput, start-up, peak RSS, tidy's speed relative to each
tool, edits, mojibake and entities left) and the machine it ran on. ``--pathological``
also times tidy on single-line inputs built to provoke super-linear behaviour, each
relative to ordinary prose.

    .venv/bin/python benchmarks/bench.py --quick --pathological
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402  (benchmarks/ is not a package)

RESULT_MARK = "BENCH-RESULT "
MB = 1_000_000
MOJIBAKE_MARK = "â€"
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
BASELINE_RE = r"([,.;:!?])(?=[A-Za-z])"
SLOW_FACTOR = 5.0  # pathological target: within 5x the time of ordinary prose
# Cases with an edit every few characters (100 times the prose's density): their time
# follows the edits, each located and explained, so they are judged by growth instead:
# twice the input may take at most LINEAR_SLACK times twice the time.
EDIT_DENSE = ("entities", "mojibake", "colons", "gaps")
LINEAR_SLACK = 1.3

# key -> (label, input unit)
TOOLS: dict[str, tuple[str, str]] = {
    "tidy-docs": ("tidy.fix", "per document"),
    "tidy-text": ("tidy.fix", "one text"),
    "tidy-cli": ("tidy fix - (CLI)", "stdin, one text"),
    "ftfy": ("ftfy.fix_text", "per document"),
    "cleantext": ("cleantext.clean", "per document"),
    "regex": ("one-regex baseline", "per document"),
}
REFERENCE = "tidy-docs"

PATHOLOGICAL = {
    "a-comma": '"a," repeated',
    "dots": '"." repeated',
    "brackets": "nested brackets ((((…))))",
    "urls": "URLs separated by spaces",
    "spaces": "one run of spaces",
    "entities": '"&amp;" repeated',
    "mojibake": '"donâ€™t " repeated',
    "colons": '"word:Word " repeated on one line',
    "tokenized": "prose tokenized: every , and . spaced off its word",
    "columns": '"   1.4208365e-03" repeated on one line',
    "fences": '"```x``` " paragraphs: inline marks at line starts, never closed',
    "quote-lines": "a paragraph of lines of three double quotes",
    "mojibake-words": '"Ã© " repeated on one line',
    "gaps": '"a  b " repeated on one line',
}
# --hostile: large inputs through the command line, file mode and standard input, each run
# in a fresh process; time and peak RSS against clean prose of the same size.
HOSTILE = {
    "clean": "clean prose (reference)",
    "damaged": "damaged prose (the corpus above)",
    "newlines": "only line breaks",
    "dotted": '"Word.Word,Word " repeated',
    "entities": '"&amp;" repeated',
    "dot-space": '". " repeated',
}
HOSTILE_MODES = ("file", "stdin")


# ---------------------------------------------------------------------------
# measurement helpers (used inside worker subprocesses)


def _proc_status_kb(key: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def _maxrss_bytes(who: str) -> int | None:
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    target = resource.RUSAGE_CHILDREN if who == "children" else resource.RUSAGE_SELF
    value = resource.getrusage(target).ru_maxrss
    return value if sys.platform == "darwin" else value * 1024  # Linux reports KiB


def peak_rss_self() -> int | None:
    kb = _proc_status_kb("VmHWM")
    return kb * 1024 if kb is not None else _maxrss_bytes("self")


def current_rss_self() -> int | None:
    kb = _proc_status_kb("VmRSS")
    return kb * 1024 if kb is not None else None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _text_counts(text: str) -> dict[str, int]:
    return {"mojibake": text.count(MOJIBAKE_MARK), "entities": len(ENTITY.findall(text))}


def _best_of(run: Callable[[], object], repeats: int) -> tuple[float, object]:
    best = float("inf")
    out: object = None
    for _ in range(max(1, repeats)):
        gc.collect()
        t0 = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t0)
    return best, out


def _library_tool(key: str) -> Callable[[str], tuple[str, int | None]]:
    """Import a tool and return ``text -> (fixed text, edits or None)``."""
    if key.startswith("tidy"):
        import tidy

        def run_tidy(text: str) -> tuple[str, int | None]:
            r = tidy.fix(text)
            return r.text, len(r.edits)

        return run_tidy
    if key == "ftfy":
        import ftfy

        return lambda text: (ftfy.fix_text(text), None)
    if key == "cleantext":
        from cleantext import clean

        return lambda text: (clean(text, fix_unicode=True, to_ascii=False, lower=False), None)
    if key == "regex":
        rx = re.compile(BASELINE_RE)
        return lambda text: (rx.sub(r"\1 ", text), None)
    raise ValueError(f"unknown tool {key!r}")


def _tidy_command() -> list[str]:
    exe = Path(sys.executable).parent / "tidy"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("tidy")
    return [found] if found else [sys.executable, "-m", "tidy"]


def worker_tool(spec: dict) -> dict:
    key = spec["tool"]
    repeats = spec["repeats"]
    if key == "tidy-cli":
        return _worker_cli(spec)
    docs = corpus_mod.read_jsonl(spec["jsonl"])
    inputs = docs if key != "tidy-text" else [corpus_mod.as_text(docs)]
    nbytes = sum(len(t.encode("utf-8")) for t in inputs)
    rss_before = current_rss_self()
    t0 = time.perf_counter()
    try:
        fn = _library_tool(key)
    except ImportError as e:
        return {"status": "not installed", "error": str(e)}
    fn(inputs[0][:2000])  # warm-up: rule loading, regex compilation, lazy imports
    startup = time.perf_counter() - t0

    def run_all() -> list[tuple[str, int | None]]:
        return [fn(t) for t in inputs]

    best, outs = _best_of(run_all, repeats)
    texts = [o[0] for o in outs]  # type: ignore[union-attr]
    edits = [o[1] for o in outs]  # type: ignore[union-attr]
    joined = corpus_mod.as_text(texts)
    return {
        "status": "ok",
        "bytes": nbytes,
        "seconds": best,
        "mb_s": nbytes / best / MB,
        "startup_s": startup,
        "peak_rss": peak_rss_self(),
        "rss_before": rss_before,
        "edits": None if edits[0] is None else sum(e or 0 for e in edits),
        "after": _text_counts(joined),
        "sha": _digest(joined),
    }


def _worker_cli(spec: dict) -> dict:
    data = Path(spec["text_file"]).read_bytes()
    cmd = [*_tidy_command(), "fix", "-q", "-"]
    t0 = time.perf_counter()
    first = subprocess.run(cmd, input=b"a, b\n", capture_output=True, check=False)
    startup = time.perf_counter() - t0
    if first.returncode not in (0, 1):
        return {"status": "error", "error": first.stderr.decode(errors="replace")[-500:]}

    def run_once() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(cmd, input=data, capture_output=True, check=False)

    best, proc = _best_of(run_once, spec["repeats"])
    assert isinstance(proc, subprocess.CompletedProcess)
    if proc.returncode not in (0, 1):
        return {"status": "error", "error": proc.stderr.decode(errors="replace")[-500:]}
    out = proc.stdout.decode("utf-8", errors="replace")
    return {
        "status": "ok",
        "bytes": len(data),
        "seconds": best,
        "mb_s": len(data) / best / MB,
        "startup_s": startup,
        # the largest resident set of any child this worker waited for: the CLI's
        "peak_rss": _maxrss_bytes("children"),
        "rss_before": None,
        "edits": None,
        "after": _text_counts(out),
        "sha": _digest(out),
        "command": shlex.join(cmd),
    }


def pathological_text(case: str, size: int, urls: int, prose_file: str) -> str:
    if case == "prose":
        prose = Path(prose_file).read_text(encoding="utf-8")
        while len(prose) < size:
            prose += "\n\n" + prose
        return prose[:size]
    if case == "a-comma":
        return "a," * (size // 2)
    if case == "dots":
        return "." * size
    if case == "brackets":
        return "(" * (size // 2) + ")" * (size // 2)
    if case == "urls":
        width = max(20, size // urls - 1)
        parts = []
        for i in range(urls):
            url = f"https://{i:x}.io/"
            parts.append(url + ("page/" * (width // 5 + 1))[: max(0, width - len(url))])
        return " ".join(parts)
    if case == "spaces":
        return "a" + " " * (size - 2) + "b"
    if case == "entities":
        return "&amp;" * (size // 5)
    if case == "mojibake":
        unit = "donâ€™t "
        return unit * (size // len(unit.encode("utf-8")))
    if case == "colons":  # each colon asks where its line starts: once read back to it
        return "word:Word " * (size // 10)
    if case == "tokenized":  # a corpus's format (`said , and`): a spaced mark at every clause
        prose = pathological_text("prose", size, urls, prose_file)
        return re.sub(r"(?<=\w)([,.;:!?])", r" \1", prose)[:size]
    if case == "columns":  # a data file's one line: each wide gap asked about its line
        return "   1.4208365e-03" * (size // 16)
    if case == "fences":  # each mark looked for its close to the end of the text
        return "```x``` \n\n" * (size // 10)
    if case == "quote-lines":  # each quote's partner looked up by sorting the paragraph's
        return '"""\n' * (size // 4)
    if case == "mojibake-words":  # each lone letter split the whole line into words
        return "Ã© " * (size // 4)
    if case == "gaps":  # each gap measured its column from the line's start
        return "a  b " * (size // 5)
    raise ValueError(f"unknown case {case!r}")


def worker_pathological(spec: dict) -> dict:
    text = pathological_text(spec["case"], spec["size"], spec["urls"], spec["prose_file"])
    nbytes = len(text.encode("utf-8"))
    import tidy

    tidy.fix("services,Cabinet Office")  # warm-up
    gc.collect()
    t0 = time.perf_counter()
    result = tidy.fix(text)
    best = time.perf_counter() - t0
    # repeat only the cheap cases: a slow one is slow enough to measure once
    for _ in range(spec["repeats"] - 1):
        if best > 1.0:
            break
        gc.collect()
        t0 = time.perf_counter()
        tidy.fix(text)
        best = min(best, time.perf_counter() - t0)
    return {
        "status": "ok",
        "bytes": nbytes,
        "seconds": best,
        "mb_s": nbytes / best / MB,
        "edits": len(result.edits),
        "peak_rss": peak_rss_self(),
    }


def hostile_text(case: str, size: int, source: str) -> bytes:
    """``size`` bytes of one hostile input (``clean`` and ``damaged`` repeat their text)."""
    if case == "clean":
        _, texts = corpus_mod.load_sources(source)
        unit = "\n\n".join("\n\n".join(t) for t in texts) + "\n\n"
    elif case == "damaged":
        seed = corpus_mod.DEFAULT_SEED
        unit = corpus_mod.build_corpus(size / MB, None, seed, source).text + "\n\n"
    else:
        unit = {"newlines": "\n", "dotted": "Word.Word,Word ", "entities": "&amp;"}.get(case, ". ")
    data = (unit * (size // len(unit) + 1)).encode("utf-8")[:size]
    return data.decode("utf-8", "ignore").encode("utf-8")  # whole characters only


def worker_hostile(spec: dict) -> dict:
    """One run of the command line on one input, in this fresh process: its peak RSS is
    the only child's."""
    src = Path(spec["file"])
    cmd = [*_tidy_command(), "fix", "-q"]
    t0 = time.perf_counter()
    if spec["mode"] == "stdin":
        with open(src, "rb") as fh:
            proc = subprocess.run([*cmd, "-"], stdin=fh, capture_output=True, check=False)
        out = len(proc.stdout)
    else:
        work = src.with_name("work-" + src.name)
        shutil.copyfile(src, work)
        proc = subprocess.run([*cmd, str(work)], capture_output=True, check=False)
        out = work.stat().st_size
        same = spec.get("stdin_digest") is None or spec["stdin_digest"] == _file_digest(work)
        work.unlink()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"status": "error", "error": proc.stderr.decode(errors="replace")[-500:]}
    row = {"status": "ok", "seconds": seconds, "peak_rss": _maxrss_bytes("children"), "out": out}
    if spec["mode"] == "stdin":
        row["digest"] = hashlib.sha256(proc.stdout).hexdigest()
    else:
        row["same_as_stdin"] = same
    return row


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def worker_main(spec_json: str) -> int:
    spec = json.loads(spec_json)
    kinds = {"tool": worker_tool, "pathological": worker_pathological, "hostile": worker_hostile}
    result = kinds[spec["kind"]](spec)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    return 0


# ---------------------------------------------------------------------------
# the parent: corpus, subprocesses, report


def run_worker(spec: dict, timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "timeout_s": timeout}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"status": "error", "error": " | ".join(tail) or f"exit status {proc.returncode}"}


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    commit = "unknown"
    try:
        git = ["git", "-C", str(HERE.parent)]
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if dirty:
            commit += " (with uncommitted changes)"
    except (OSError, subprocess.CalledProcessError):
        pass
    try:
        load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except (AttributeError, OSError):
        load = "unknown"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "load_average": load,
        "tidy_commit": commit,
        "packages": {
            d: _version(d) for d in ("tidy-prose", "ftfy", "clean-text", "emoji", "markdown-it-py")
        },
    }


def _fmt_mb(n: int | None) -> str:
    return "–" if n is None else f"{n / 2**20:.0f}"


def _fmt_int(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def _fmt_ratio(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.3f}x"


def _ratio(ref: dict, row: dict) -> float | None:
    if ref.get("status") != "ok" or row.get("status") != "ok":
        return None
    return ref["mb_s"] / row["mb_s"]


def markdown_report(report: dict) -> str:
    c = report["corpus"]
    before = report["before"]
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(c["defects_by_kind"].items()))
    out = [
        "### Throughput and memory",
        "",
        f"Corpus: {c['bytes'] / MB:.2f} MB ({c['bytes']:,} bytes of UTF-8), {c['docs']:,} "
        f"documents from {c['source']}, seed {c['seed']}; {c['defects']:,} defects "
        f"injected (one per {c['clean_chars'] / max(1, c['defects']):.0f} characters): {kinds}.",
        f"The damaged input holds {before['mojibake']:,} `{MOJIBAKE_MARK}` and "
        f"{before['entities']:,} HTML entities. Times are the best of {report['repeats']} run(s).",
        "",
        "| tool | input | MB/s | best (s) | start-up (ms) | peak RSS (MiB) | RSS growth (MiB) "
        f"| tidy speed vs this | tidy edits | `{MOJIBAKE_MARK}` left | entities left |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    results = report["results"]
    ref = results.get(REFERENCE, {})
    for key, row in results.items():
        label, unit = TOOLS[key]
        if row.get("status") != "ok":
            status = row.get("status", "error")
            out.append(f"| {label} | {unit} | {status} |" + " |" * 8)
            continue
        ratio = _ratio(ref, row)
        growth = (
            row["peak_rss"] - row["rss_before"]
            if row.get("rss_before") is not None and row.get("peak_rss") is not None
            else None
        )
        cells = [
            label,
            unit,
            f"{row['mb_s']:.2f}",
            f"{row['seconds']:.3f}",
            f"{row['startup_s'] * 1000:.0f}",
            _fmt_mb(row.get("peak_rss")),
            _fmt_mb(growth),
            "–" if ratio is None else _fmt_ratio(ratio),
            _fmt_int(row.get("edits")),
            _fmt_int(row["after"]["mojibake"]),
            _fmt_int(row["after"]["entities"]),
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if ref.get("status") == "ok":
        parts: list[str] = []
        missing: list[str] = []
        for key, row in results.items():
            if key == REFERENCE:
                continue
            label, unit = TOOLS[key]
            ratio = _ratio(ref, row)
            if ratio is None:
                missing.append(f"{label} ({unit}): {row.get('status', 'error')}")
            else:
                parts.append(f"{_fmt_ratio(ratio)} {label} ({unit})")
        if parts:
            out.append("tidy.fix per document is " + ", ".join(parts) + ".")
        if missing:
            out.append("Not measured: " + "; ".join(missing) + ".")
    notes = report.get("notes", [])
    out.extend(f"{n}" for n in notes)
    if report.get("pathological"):
        p = report["pathological"]
        out += [
            "",
            "### Pathological inputs",
            "",
            f"tidy.fix on single-line inputs of about {p['size'] / MB:g} MB, against the same "
            f"size of the damaged prose above (target: within {SLOW_FACTOR:g}x; "
            f"timeout {p['timeout_s']:g} s per case). The edit-dense cases, with an edit "
            "every 5 to 13 characters, are also timed at half the size: their time follows "
            "their edits, so they must grow linearly.",
            "",
            "| case | MB | time (s) | MB/s | vs prose | edits | peak RSS (MiB) | verdict |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for row in p["cases"]:
            name = "ordinary prose (reference)" if row["case"] == "prose" else row["label"]
            if row.get("status") != "ok":
                status = row.get("status", "error")
                if status == "timeout":
                    status = f"timeout (> {p['timeout_s']:g} s)"
                out.append(f"| {name} | | | | | | | {status} |")
                continue
            factor = row.get("factor")
            growth = row.get("growth")
            if row["case"] == "prose":
                verdict = ""
            elif factor is not None and factor <= SLOW_FACTOR:
                verdict = "ok"
            elif growth is not None and growth <= LINEAR_SLACK:
                verdict = "linear"
            else:
                verdict = "SLOW"
            if growth is not None:
                verdict += f" (2x input: {2 * growth:.2f}x time)"
            cells = [
                name,
                f"{row['bytes'] / MB:.2f}",
                f"{row['seconds']:.3f}",
                f"{row['mb_s']:.2f}",
                "–" if factor is None else f"{factor:.2f}x",
                _fmt_int(row["edits"]),
                _fmt_mb(row.get("peak_rss")),
                verdict,
            ]
            out.append("| " + " | ".join(cells) + " |")
    if report.get("hostile"):
        out += hostile_report(report["hostile"])
    m = report["machine"]
    pkgs = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    out += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['python']}, "
        f"{m['platform']}; load average at start {m['load_average']}.",
        f"Packages: {pkgs}; tidy commit {m['tidy_commit']}.",
        f"Command: `{report['command']}`",
    ]
    return "\n".join(out) + "\n"


def hostile_report(h: dict) -> list[str]:
    out = [
        "",
        "### Hostile inputs through the command line",
        "",
        f"`tidy fix FILE` and `tidy fix - < FILE` on {h['size'] / MB:g} MB of each input, each "
        'run in a fresh process (time includes start-up); "vs clean" is the time relative '
        "to clean prose in the same mode; peak RSS is the process's high-water mark.",
        "",
        "| input | mode | time (s) | vs clean | peak RSS (MiB) | RSS / input | output = stdin's |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    ref = {r["mode"]: r for r in h["rows"] if r["case"] == "clean" and r.get("status") == "ok"}
    for r in h["rows"]:
        if r.get("status") != "ok":
            out.append(f"| {HOSTILE[r['case']]} | {r['mode']} | {r.get('status')} | | | | |")
            continue
        base = ref.get(r["mode"])
        factor = "–"
        if base is not None and r["case"] != "clean":
            factor = f"{r['seconds'] / base['seconds']:.1f}x"
        same = "" if r["mode"] == "stdin" else ("yes" if r.get("same_as_stdin") else "NO")
        rss = r.get("peak_rss")
        cells = [
            HOSTILE[r["case"]],
            r["mode"],
            f"{r['seconds']:.2f}",
            factor,
            _fmt_mb(rss),
            # (two decimals: 3x is a target, and 2.94x must not read as 3.0x)
            "–" if rss is None else f"{rss / h['size']:.2f}x",
            same,
        ]
        out.append("| " + " | ".join(cells) + " |")
    return out


def run_hostile(args: argparse.Namespace, tmp: str) -> dict:
    size = int(args.hostile_size * MB)
    rows = []
    for case in HOSTILE:
        _log(f"hostile: {case} ...")
        path = Path(tmp) / f"hostile-{case}.txt"
        path.write_bytes(hostile_text(case, size, args.source))
        digest = None
        for mode in HOSTILE_MODES[::-1]:  # stdin first: the file's output is compared to it
            spec = {"kind": "hostile", "mode": mode, "file": str(path), "stdin_digest": digest}
            row = run_worker(spec, args.tool_timeout)
            digest = row.get("digest", digest)
            row.update(case=case, mode=mode)
            _log(f"  {mode}: {row.get('status')} {row.get('seconds', 0):.2f} s")
            rows.append(row)
        path.unlink()
    rows.sort(key=lambda r: (list(HOSTILE).index(r["case"]), HOSTILE_MODES.index(r["mode"])))
    return {"size": size, "rows": rows}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Benchmark tidy against ftfy, clean-text and a one-regex baseline."
    )
    ap.add_argument("--size", type=float, help="corpus size in MB (default 5; --quick: 1)")
    ap.add_argument("--repeats", type=int, help="best of N runs (default 3; --quick: 2)")
    ap.add_argument("--docs", type=int, help="number of documents (default: ~5 kB each)")
    ap.add_argument("--seed", type=int, default=corpus_mod.DEFAULT_SEED)
    ap.add_argument("--source", choices=["auto", "shared", "builtin"], default="auto")
    ap.add_argument(
        "--tools",
        default=",".join(TOOLS),
        help=f"comma-separated subset of: {', '.join(TOOLS)}",
    )
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument("--quick", action="store_true", help="small corpus and fewer repeats")
    ap.add_argument("--pathological", action="store_true", help="also time pathological cases")
    ap.add_argument(
        "--path-size", type=float, help="pathological case size in MB (default 2; --quick: 1)"
    )
    ap.add_argument(
        "--urls", type=int, default=100_000, help="URLs in the URL case (default 100000)"
    )
    ap.add_argument(
        "--timeout",
        type=float,
        help="seconds per pathological case (default: 20x the prose reference, at least 30)",
    )
    ap.add_argument(
        "--tool-timeout", type=float, default=1800.0, help="seconds per tool (default 1800)"
    )
    ap.add_argument(
        "--hostile", action="store_true", help="also run the hostile inputs through the CLI"
    )
    ap.add_argument(
        "--hostile-size", type=float, help="size of each hostile input in MB (default 20)"
    )
    ap.add_argument("--only-hostile", action="store_true", help="measure the hostile inputs only")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.size is None:
        args.size = 0.1 if args.only_hostile else 1.0 if args.quick else 5.0
    if args.repeats is None:
        args.repeats = 2 if args.quick else 3
    if args.path_size is None:
        args.path_size = 1.0 if args.quick else 2.0
    if args.hostile_size is None:
        args.hostile_size = 5.0 if args.quick else 20.0
    if args.only_hostile:
        args.hostile, args.tools, args.pathological = True, "", False
    unknown = set(args.tools.split(",")) - set(TOOLS) - {""}
    if unknown:
        ap.error(f"unknown tools: {', '.join(sorted(unknown))}")
    return args


def _log(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker_main(args.worker)
    command = "python " + shlex.join(
        [os.path.relpath(__file__), *(sys.argv[1:] if argv is None else argv)]
    )
    machine = machine_info()
    _log(f"building a {args.size:g} MB damaged corpus (seed {args.seed}) ...")
    corp = corpus_mod.build_corpus(args.size, args.docs, args.seed, args.source)
    big = corp.text
    report: dict = {
        "command": command,
        "repeats": args.repeats,
        "machine": machine,
        "corpus": corp.summary(),
        "before": _text_counts(big),
        "results": {},
        "notes": [],
    }
    with tempfile.TemporaryDirectory(prefix="tidy-bench-") as tmp:
        jsonl = corpus_mod.write_jsonl(corp.docs, Path(tmp) / "corpus.jsonl")
        text_file = Path(tmp) / "corpus.txt"
        text_file.write_bytes(big.encode("utf-8"))
        del corp
        base = {"kind": "tool", "repeats": args.repeats, "jsonl": str(jsonl)}
        for key in [k for k in TOOLS if k in args.tools.split(",")]:
            _log(f"measuring {key} ...")
            spec = {**base, "tool": key, "text_file": str(text_file)}
            report["results"][key] = row = run_worker(spec, args.tool_timeout)
            _log(f"  {row.get('status')}: {row.get('mb_s', 0):.2f} MB/s")
        results = report["results"]
        cli, lib = results.get("tidy-cli", {}), results.get("tidy-text", {})
        if cli.get("status") == "ok" and lib.get("status") == "ok":
            same = "identical to" if cli["sha"] == lib["sha"] else "DIFFERENT from"
            report["notes"].append(
                f"The CLI's output is {same} tidy.fix on the same one text; its time "
                "includes interpreter start-up and rule loading."
            )
        if args.pathological:
            report["pathological"] = run_pathological(args, text_file)
        if args.hostile:
            report["hostile"] = run_hostile(args, tmp)
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(markdown_report(report))
    return 0


def run_pathological(args: argparse.Namespace, prose_file: Path) -> dict:
    size = int(args.path_size * MB)
    cases: list[dict] = []
    prose: dict = {}
    timeout = args.timeout
    for case in ["prose", *PATHOLOGICAL]:
        _log(f"pathological: {case} ...")
        spec = {
            "kind": "pathological",
            "case": case,
            "size": size,
            "urls": args.urls,
            "repeats": args.repeats,
            "prose_file": str(prose_file),
        }
        row = run_worker(spec, args.tool_timeout if case == "prose" else timeout)
        row.update(case=case, label=PATHOLOGICAL.get(case, "ordinary prose"))
        if case == "prose":
            prose = row
            if timeout is None:
                # generous next to the 5x target, short enough not to hang on a blow-up
                timeout = max(30.0, 20 * prose.get("seconds", 1.5))
        elif row.get("status") == "ok" and prose.get("status") == "ok":
            # seconds per byte relative to prose: the same as the time for the same size
            row["factor"] = prose["mb_s"] / row["mb_s"]
        if case in EDIT_DENSE and row.get("status") == "ok":
            half = run_worker({**spec, "size": size // 2}, timeout)
            if half.get("status") == "ok":
                # time per byte at full size over time per byte at half: 1.0 is linear
                row["growth"] = half["mb_s"] / row["mb_s"]
        if case == "urls":
            row["label"] = f"{args.urls:,} {row['label']}"
        _log(f"  {row.get('status')} {row.get('seconds', 0):.3f} s")
        cases.append(row)
    return {"size": size, "timeout_s": timeout, "cases": cases}


if __name__ == "__main__":
    sys.exit(main())
