"""Rendering results for people and machines: diffs, edit lines, JSON Lines, GitHub workflow
commands, SARIF, statistics and rule listings. Pure functions over :class:`tidy.Result`."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tidy.model import Edit, Result
from tidy.rules import Rule

if TYPE_CHECKING:
    from rich.color import ColorSystem
    from rich.style import Style

CONTEXT_LINES = 3
HIGHLIGHT_LIMIT = 8000  # characters in a changed block; beyond it lines are coloured whole
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
NO_NEWLINE = "\\ No newline at end of file\n"


# --------------------------------------------------------------------------- colour


class Painter:
    """Wraps text in ANSI styles through rich, or leaves it alone when colour is off."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._cache: dict[str, Style] = {}
        self._system: ColorSystem | None = None

    def __call__(self, text: str, style: str) -> str:
        if not self.enabled or not text or not style:
            return text
        parsed = self._cache.get(style)
        if parsed is None:
            # rich is loaded at the first colour only: fixing files never needs it
            from rich.color import ColorSystem
            from rich.style import Style

            # The 16 standard colours read on every terminal: nothing to detect, nothing
            # to get wrong in CI logs; rich does the escape sequences.
            self._system = ColorSystem.STANDARD
            parsed = self._cache[style] = Style.parse(style)
        return parsed.render(text, color_system=self._system)


def want_color(choice: str, isatty: bool, environ: Mapping[str, str]) -> bool:
    """``--color`` resolved: an explicit choice wins, then NO_COLOR, then FORCE_COLOR,
    then whether the output is a terminal (and not a dumb one)."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if environ.get("NO_COLOR", ""):
        return False
    if environ.get("FORCE_COLOR", ""):
        return True
    return isatty and environ.get("TERM", "") != "dumb"


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class Located:
    """An edit with 1-based start and (exclusive) end positions in the original input."""

    edit: Edit
    line: int
    column: int
    end_line: int
    end_column: int


def locate(result: Result) -> list[Located]:
    out = []
    for e in result.edits:
        line, col = result.position(e.start)
        end_line, end_col = result.position(e.end)
        out.append(Located(e, line, col, end_line, end_col))
    return out


# Characters a terminal acts on instead of showing (escape sequences, carriage returns,
# C1 controls) and lone surrogates, which no encoding can write. A tab stays, and so does
# the carriage return of a CRLF line ending (the last character of a line's body).
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!$)")


def visible(text: str) -> str:
    """``text`` with control characters and lone surrogates written as escapes
    (``\x1b``, ``\ud800``), so that file content shown on a terminal cannot move the
    cursor, retitle the window or hide what changed."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def show(s: str) -> str:
    """A fragment as a quoted literal, so spaces and invisible characters can be seen."""
    return repr(s)


def describe(e: Edit) -> str:
    """``message: 'before' → 'after'``: the one line a reviewer needs."""
    change = f"{show(e.before)} → {show(e.after)}"
    return f"{e.message}: {change}" if e.message else change


# --------------------------------------------------------------------------- diff


def split_lines(text: str) -> list[str]:
    """Lines ending in ``\\n`` (a ``\\r`` stays part of its line), the last maybe without.

    Not ``str.splitlines``: that also breaks at form feeds, U+2028 and others, which would
    make the diff disagree with what ``patch`` and git count as lines.
    """
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def _range(start: int, stop: int) -> str:
    # The hunk range notation of GNU diff: "3" for one line, "3,0" for none (after line 3).
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def unified_diff(old_name: str, new_name: str, before: str, after: str, paint: Painter) -> str:
    """A unified diff of two texts ('' when equal), with changed characters highlighted
    when colour is on. Headers carry names only (no timestamps), as ruff prints them."""
    a, b = split_lines(before), split_lines(after)
    out: list[str] = []
    for group in SequenceMatcher(None, a, b).get_grouped_opcodes(CONTEXT_LINES):
        if not out:
            out.append(paint(f"--- {visible(old_name)}", "bold") + "\n")
            out.append(paint(f"+++ {visible(new_name)}", "bold") + "\n")
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(paint(f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@", "cyan") + "\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_line(" ", line, paint, "", None) for line in a[a1:a2])
                continue
            old_marks, new_marks = _char_changes(a[a1:a2], b[b1:b2], paint.enabled)
            out.extend(_block("-", a[a1:a2], old_marks, paint, "red"))
            out.extend(_block("+", b[b1:b2], new_marks, paint, "green"))
    return "".join(out)


def _char_changes(
    old: Sequence[str], new: Sequence[str], wanted: bool
) -> tuple[list[tuple[int, int]] | None, list[tuple[int, int]] | None]:
    """Changed character spans of two blocks (offsets into each joined block), or None
    when colour is off, a side is empty, or the block is too large to compare quickly."""
    old_text, new_text = "".join(old), "".join(new)
    if not wanted or not old or not new or len(old_text) + len(new_text) > HIGHLIGHT_LIMIT:
        return None, None
    # autojunk would treat frequent characters (spaces, 'e') as noise and mis-align words.
    sm = SequenceMatcher(None, old_text, new_text, autojunk=False)
    old_marks, new_marks = [], []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            old_marks.append((i1, i2))
            new_marks.append((j1, j2))
    return old_marks, new_marks


def _block(
    sign: str,
    lines: Sequence[str],
    marks: list[tuple[int, int]] | None,
    paint: Painter,
    style: str,
) -> Iterator[str]:
    offset = 0
    for line in lines:
        local = None
        if marks is not None:
            local = [
                (max(s, offset) - offset, min(e, offset + len(line)) - offset)
                for s, e in marks
                if s < offset + len(line) and e > offset
            ]
        yield _line(sign, line, paint, style, local)
        offset += len(line)


def _line(
    sign: str, line: str, paint: Painter, style: str, marks: list[tuple[int, int]] | None
) -> str:
    body = line[:-1] if line.endswith("\n") else line
    tail = "\n" if line.endswith("\n") else "\n" + NO_NEWLINE
    if not paint.enabled or not style:
        return sign + visible(body) + tail
    if not marks:
        return paint(sign + visible(body), style) + tail
    strong = f"bold {style} reverse"
    runs: list[tuple[str, str]] = [(sign, style)]
    pos = 0
    for s, e in marks:
        s, e = max(min(s, len(body)), pos), min(e, len(body))
        runs += [(body[pos:s], style), (body[s:e], strong)]
        pos = max(pos, e)
    runs.append((body[pos:], style))
    merged: list[list[str]] = []
    for text, st in runs:
        if not text:
            continue
        if merged and merged[-1][1] == st:
            merged[-1][0] += text  # one escape sequence per run of the same style
        else:
            merged.append([text, st])
    return "".join(paint(visible(text), st) for text, st in merged) + tail


# --------------------------------------------------------------------------- edit reports


def edit_lines(path: str, result: Result, paint: Painter) -> str:
    """``path:line:col: rule 'before' → 'after'  message`` for every edit."""
    out = []
    for loc in locate(result):
        e = loc.edit
        where = paint(f"{visible(path)}:{loc.line}:{loc.column}:", "bold")
        change = f"{paint(show(e.before), 'red')} → {paint(show(e.after), 'green')}"
        note = f"  {paint(e.message, 'dim')}" if e.message else ""
        out.append(f"{where} {paint(e.rule, 'yellow')} {change}{note}\n")
    return "".join(out)


def json_lines(path: str, result: Result, extra: Mapping[str, Any] | None = None) -> str:
    """One JSON object per edit per line (JSON Lines); columns count characters, 1-based,
    and the end is exclusive (the position just after the replaced text). ``extra`` keys
    follow ``path`` (a JSONL record's ``record`` line number and ``id``)."""
    out = []
    for loc in locate(result):
        record = {
            "path": path,
            **(extra or {}),
            "line": loc.line,
            "column": loc.column,
            "end_line": loc.end_line,
            "end_column": loc.end_column,
            "rule": loc.edit.rule,
            "before": loc.edit.before,
            "after": loc.edit.after,
            "message": loc.edit.message,
        }
        out.append(_json(record) + "\n")
    return "".join(out)


def _json(value: Any) -> str:
    """JSON as UTF-8 text; with \\u escapes when it holds a lone surrogate (from a JSON
    Lines record's "\\ud800"), which UTF-8 cannot write."""
    text = json.dumps(value, ensure_ascii=False)
    return json.dumps(value) if _SURROGATE.search(text) else text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_lines(path: str, result: Result) -> str:
    """GitHub Actions ``::warning`` workflow commands, one per edit (escaped as the runner
    expects, so commas and colons in paths or messages cannot break the command)."""
    out = []
    for loc in locate(result):
        props = ",".join(
            f"{k}={_escape_property(str(v))}"
            for k, v in (
                ("file", path),
                ("line", loc.line),
                ("col", loc.column),
                ("endLine", loc.end_line),
                ("endColumn", loc.end_column),
                ("title", loc.edit.rule),
            )
        )
        out.append(f"::warning {props}::{_escape_data(describe(loc.edit))}\n")
    return "".join(out)


def artifact_uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative ones percent-encoded, absolute as file://."""
    p = PurePath(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def sarif_document(
    results: Iterable[tuple[str, Result]],
    rules: Sequence[Rule],
    version: str,
    *,
    successful: bool = True,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every known rule, one result per edit."""
    index = {r.id: i for i, r in enumerate(rules)}
    found: list[dict[str, Any]] = []
    for path, result in results:
        uri = artifact_uri(path)
        for loc in locate(result):
            item: dict[str, Any] = {"ruleId": loc.edit.rule}
            if loc.edit.rule in index:
                item["ruleIndex"] = index[loc.edit.rule]
            item["level"] = "warning"
            item["message"] = {"text": describe(loc.edit)}
            item["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {
                            "startLine": loc.line,
                            "startColumn": loc.column,
                            "endLine": loc.end_line,
                            "endColumn": loc.end_column,
                        },
                    }
                }
            ]
            found.append(item)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "tidy",
                        "version": version,
                        "rules": [_sarif_rule(r) for r in rules],
                    }
                },
                # tidy counts characters; SARIF's default would be UTF-16 code units.
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": successful}],
                "results": found,
            }
        ],
    }


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": rule.id, "shortDescription": {"text": rule.summary}}
    if rule.description:
        entry["fullDescription"] = {"text": rule.description}
    entry["defaultConfiguration"] = {"level": "warning", "enabled": rule.default}
    entry["properties"] = {"group": rule.group, "safety": rule.safety, "opt-in": rule.opt_in}
    return entry


def by_frequency(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, ties by rule id, so the order is stable."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def statistics(counts: Counter[str], rules: Sequence[Rule]) -> str:
    """``count<TAB>rule<TAB>summary`` lines, most frequent first."""
    summary = {r.id: r.summary for r in rules}
    return "".join(f"{n}\t{rule}\t{summary.get(rule, '')}\n" for rule, n in by_frequency(counts))


def statistics_json(counts: Counter[str], rules: Sequence[Rule]) -> str:
    summary = {r.id: r.summary for r in rules}
    items = [
        {"count": n, "rule": rule, "summary": summary.get(rule, "")}
        for rule, n in by_frequency(counts)
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- rules


def rule_status(rule: Rule) -> str:
    """``on`` (runs by default), ``opt-in`` (only when named) or ``off`` (needs --unsafe)."""
    if rule.default:
        return "on"
    return "opt-in" if rule.opt_in else "off"


def rule_table(rules: Sequence[Rule]) -> str:
    """An aligned table: id, group, safety, default and summary, in running order."""
    rows = [("RULE", "GROUP", "SAFETY", "DEFAULT", "SUMMARY")]
    rows += [(r.id, r.group, r.safety, rule_status(r), r.summary) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        + "\n"
        for row in rows
    )


def rule_record(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "group": rule.group,
        "summary": rule.summary,
        "description": rule.description,
        "safety": rule.safety,
        "default": rule.default,
        "opt_in": rule.opt_in,
        "status": rule_status(rule),
        "examples": {
            "fix": [list(pair) for pair in rule.fix_examples],
            "keep": list(rule.keep_examples),
        },
        "path": rule.path,
    }


def explain(rule: Rule) -> str:
    """Everything about one rule, for ``tidy rules ID``."""
    status = {"on": "on by default", "opt-in": "opt-in", "off": "runs with --unsafe"}
    out = [
        f"{rule.id}\n",
        f"  {rule.summary}\n",
        "\n",
        f"group: {rule.group}   safety: {rule.safety}   {status[rule_status(rule)]}\n",
    ]
    if rule.description:
        out += ["\n", rule.description.rstrip("\n") + "\n"]
    if rule.fix_examples:
        out += ["\n", "Fixes:\n"]
        out += [f"  {show(a)} → {show(b)}\n" for a, b in rule.fix_examples]
    if rule.keep_examples:
        out += ["\n", "Keeps:\n"]
        out += [f"  {show(k)}\n" for k in rule.keep_examples]
    out += ["\n", f"Defined in {rule.path}\n"]
    return "".join(out)
