"""JSON Lines records: repair one string field of every record, streaming.

Pure functions over iterables of lines (the caller opens files; pass them with
``newline=""`` to keep CRLF endings). Memory stays constant: one line at a time.

Output format: output line *i* belongs to input line *i*, and keeps its line ending.
A record whose text the fixer leaves alone is written back byte for byte. A changed record
is the original line with only the field's JSON string replaced (encoded with
``ensure_ascii=False``), so key order, the other fields, separators, number spellings and
escapes are all kept exactly; this is stricter than re-serialising the object, which would
respell ``1.0e3`` or ``"\\u00e9"`` and could not keep an author's spacing.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tidy.boilerplate import Learner
from tidy.model import Result

__all__ = ["RecordError", "RecordResult", "fix_jsonl", "learn_jsonl"]

_WS = re.compile(r"[ \t\n\r]*")  # JSON's whitespace
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SCAN = json.scanner.make_scanner(json.JSONDecoder())
_BOM = "\ufeff"


class RecordError(ValueError):
    """A line that is not a usable record; the message names the line number."""

    def __init__(self, line_no: int, reason: str, record_id: Any = None) -> None:
        where = f"line {line_no}" + (f" (id {record_id!r})" if record_id is not None else "")
        super().__init__(f"{where}: {reason}")
        self.line_no = line_no
        self.reason = reason
        self.record_id = record_id

    def __reduce__(self) -> tuple[type[RecordError], tuple[int, str, Any]]:
        # Rebuilt from its fields, so it crosses process boundaries (Spark, Ray, Dask).
        return (RecordError, (self.line_no, self.reason, self.record_id))


@dataclass(frozen=True, slots=True)
class RecordResult:
    """One input line's outcome. ``result`` is None for blank and skipped lines; ``error``
    says why a line was skipped (only with ``skip_invalid``)."""

    line_no: int  # 1-based
    output_line: str  # what to write: the input line, or it with the field repaired
    result: Result | None
    error: str | None
    record_id: Any = None  # the value of ``id_field``, when asked for and present


def _split_ending(line: str) -> tuple[str, str]:
    if line.endswith("\r\n"):
        return line[:-2], "\r\n"
    if line.endswith(("\n", "\r")):
        return line[:-1], line[-1]
    return line, ""


def _parse(body: str, line_no: int, field: str, id_field: str | None) -> tuple[str, Any]:
    """The field's text and the record id; raises RecordError for an unusable line."""
    try:
        record = json.loads(body)
    except ValueError as exc:  # JSONDecodeError, or a recursion or number limit
        raise RecordError(line_no, f"not valid JSON: {exc}") from None
    except RecursionError:
        raise RecordError(line_no, "not valid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise RecordError(line_no, f"expected a JSON object, got {type(record).__name__}")
    rid = record.get(id_field) if id_field is not None else None
    if field not in record:
        raise RecordError(line_no, f"no field {field!r}", rid)
    value = record[field]
    if not isinstance(value, str):
        raise RecordError(line_no, f"field {field!r} is {type(value).__name__}, not a string", rid)
    return value, rid


def _field_span(body: str, field: str) -> tuple[int, int]:
    """Where the value of top-level ``field`` is in ``body`` (a valid JSON object; the last
    occurrence wins, as in ``json.loads``)."""
    i = _WS.match(body).end() + 1  # past "{"
    span = None
    while True:
        i = _WS.match(body, i).end()
        if body[i] == "}":
            break
        key, i = json.decoder.scanstring(body, i + 1)
        i = _WS.match(body, _WS.match(body, i).end() + 1).end()  # past ":"
        _, end = _SCAN(body, i)
        if key == field:
            span = (i, end)
        i = _WS.match(body, end).end()
        if body[i] != ",":
            break
        i += 1
    if span is None:  # pragma: no cover - _parse found the field
        raise AssertionError(f"field {field!r} not found")
    return span


def _encode(text: str) -> str:
    encoded = json.dumps(text, ensure_ascii=False)
    # A lone surrogate (from a "\ud800" escape) cannot be written as UTF-8: keep it escaped.
    return json.dumps(text) if _SURROGATE.search(encoded) else encoded


def fix_jsonl(
    lines: Iterable[str],
    *,
    field: str = "text",
    fixer: Callable[[str], Result] | None = None,
    skip_invalid: bool = False,
    id_field: str | None = None,
) -> Iterator[RecordResult]:
    """Repair ``field`` of every JSON object line with ``fixer`` (default: :func:`tidy.fix`
    with the default rules), yielding one :class:`RecordResult` per input line, in order.

    Blank lines pass through. A malformed line (not JSON, not an object, the field missing
    or not a string) raises :class:`RecordError` naming its line number, or with
    ``skip_invalid`` passes through unchanged with the reason in ``error``.
    """
    if fixer is None:
        import tidy

        fixer = tidy.fix
    for line_no, line in enumerate(lines, 1):
        content, ending = _split_ending(line)
        bom = _BOM if line_no == 1 and content.startswith(_BOM) else ""
        body = content[len(bom) :]
        if not body.strip():
            yield RecordResult(line_no, line, None, None)
            continue
        try:
            text, rid = _parse(body, line_no, field, id_field)
        except RecordError as exc:
            if not skip_invalid:
                raise
            yield RecordResult(line_no, line, None, str(exc), exc.record_id)
            continue
        result = fixer(text)
        if result.text == text:
            yield RecordResult(line_no, line, result, None, rid)
            continue
        s, e = _field_span(body, field)
        out = bom + body[:s] + _encode(result.text) + body[e:] + ending
        yield RecordResult(line_no, out, result, None, rid)


def learn_jsonl(
    lines: Iterable[str],
    field: str = "text",
    *,
    skip_invalid: bool = False,
    learner: Learner | None = None,
) -> Learner:
    """A :class:`~tidy.boilerplate.Learner` fed the ``field`` text of every record (or
    ``learner`` with them added). Malformed lines raise :class:`RecordError` unless
    ``skip_invalid``; blank lines are skipped."""
    learner = Learner() if learner is None else learner
    for line_no, line in enumerate(lines, 1):
        body = _split_ending(line)[0]
        if line_no == 1:
            body = body.removeprefix(_BOM)
        if not body.strip():
            continue
        try:
            text, _ = _parse(body, line_no, field, None)
        except RecordError:
            if skip_invalid:
                continue
            raise
        learner.add(text)
    return learner
