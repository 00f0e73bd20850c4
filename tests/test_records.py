"""JSON Lines records (tidy.records): streaming repair of one field, byte-exact otherwise."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import tidy
from tidy.boilerplate import Learner
from tidy.model import Result
from tidy.records import RecordError, RecordResult, fix_jsonl, learn_jsonl

BROKEN = "services,Cabinet Office said.This is fine."
FIXED = "services, Cabinet Office said. This is fine."


def outputs(lines: list[str], **kw) -> list[str]:
    return [r.output_line for r in fix_jsonl(lines, **kw)]


def test_only_the_field_changes_and_key_order_and_other_fields_are_kept() -> None:
    line = (
        '{"meta": {"b": 1, "a": [1.0e3, 2.50, -0]}, "text": "' + BROKEN + '", '
        '"url": "https:\\/\\/x.org\\/caf\\u00e9", "n": 10000000000000000000001, "z": null}\n'
    )
    (r,) = fix_jsonl([line])
    assert r.output_line == line.replace(BROKEN, FIXED)
    assert list(json.loads(r.output_line)) == ["meta", "text", "url", "n", "z"]
    assert r.result is not None and r.result.text == FIXED
    assert (r.line_no, r.error, r.record_id) == (1, None, None)


def test_separator_style_of_the_line_is_kept() -> None:
    compact = '{"id":1,"text":"' + BROKEN + '","tags":["a","b"]}\n'
    spaced = '{ "id" : 1 ,  "text" :  "' + BROKEN + '" }\n'
    assert outputs([compact, spaced]) == [
        compact.replace(BROKEN, FIXED),
        spaced.replace(BROKEN, FIXED),
    ]


def test_a_changed_value_is_written_without_ascii_escapes() -> None:
    line = '{"text": "caf\\u00e9,cr\\u00e8me", "k": "\\u00e9"}\n'
    (out,) = outputs([line], fixer=lambda t: Result(t, t.replace(",", ", ")))
    assert out == '{"text": "café, crème", "k": "\\u00e9"}\n'


def test_a_lone_surrogate_stays_escaped() -> None:
    line = '{"text": "a\\ud800b,cd"}\n'
    (out,) = outputs([line], fixer=lambda t: Result(t, t.replace(",", ", ")))
    assert out == '{"text": "a\\ud800b, cd"}\n'
    out.encode("utf-8")  # writable


def test_unchanged_lines_are_byte_identical_and_line_count_is_kept() -> None:
    lines = [
        '{"text":  "Already fine.",   "x": 1.50}\n',
        "\n",
        '   {"id": "b", "text": "' + BROKEN + '"}\r\n',
        "  \t \n",
        '{"text": "Fine \\u00e9 too."}\r\n',
        '{"text": "' + BROKEN + '"}',  # the last line, without a line break
    ]
    results = list(fix_jsonl(lines))
    assert [r.line_no for r in results] == [1, 2, 3, 4, 5, 6]
    assert [r.output_line for r in results] == [
        lines[0],
        lines[1],
        lines[2].replace(BROKEN, FIXED),
        lines[3],
        lines[4],
        lines[5].replace(BROKEN, FIXED),
    ]
    assert [r.result is None for r in results] == [False, True, False, True, False, False]
    assert "".join(r.output_line for r in results).count("\n") == 5


def test_a_byte_order_mark_is_kept() -> None:
    line = '\ufeff{"text": "' + BROKEN + '"}\n'
    assert outputs([line]) == [line.replace(BROKEN, FIXED)]


def test_other_field_and_duplicate_keys() -> None:
    line = '{"body": "' + BROKEN + '", "text": "' + BROKEN + '"}\n'
    expected = '{"body": "' + FIXED + '", "text": "' + BROKEN + '"}\n'
    assert outputs([line], field="body") == [expected]
    # json.loads keeps the last of duplicate keys, and so is the last one repaired
    dup = '{"text": "a,b", "text": "' + BROKEN + '"}\n'
    assert outputs([dup]) == ['{"text": "a,b", "text": "' + FIXED + '"}\n']


def test_id_field_is_reported() -> None:
    lines = ['{"id": 7, "text": "x"}\n', '{"text": "y"}\n', '{"id": {"k": [1]}, "text": "z"}\n']
    assert [r.record_id for r in fix_jsonl(lines, id_field="id")] == [7, None, {"k": [1]}]
    assert [r.record_id for r in fix_jsonl(lines)] == [None, None, None]


MALFORMED = [
    ("{not json}\n", "line 2: not valid JSON: "),
    ("[1, 2]\n", "line 2: expected a JSON object, got list"),
    ('"text"\n', "line 2: expected a JSON object, got str"),
    ('{"id": "r2", "body": "x"}\n', "line 2 (id 'r2'): no field 'text'"),
    ('{"id": 5, "text": 3}\n', "line 2 (id 5): field 'text' is int, not a string"),
    ('{"text": null}\n', "line 2: field 'text' is NoneType, not a string"),
    ('{"text": "a"} {"text": "b"}\n', "line 2: not valid JSON: Extra data"),
]


@pytest.mark.parametrize(("bad", "message"), MALFORMED)
def test_a_malformed_line_raises_naming_its_line_number(bad: str, message: str) -> None:
    lines = ['{"text": "ok"}\n', bad, '{"text": "ok"}\n']
    seen: list[RecordResult] = []
    with pytest.raises(RecordError) as info:
        seen.extend(fix_jsonl(lines, id_field="id"))
    assert str(info.value).startswith(message)
    assert info.value.line_no == 2
    assert [r.line_no for r in seen] == [1]  # results up to the bad line came out first


@pytest.mark.parametrize(("bad", "message"), MALFORMED)
def test_skip_invalid_passes_the_line_through_with_the_reason(bad: str, message: str) -> None:
    lines = ['{"text": "ok"}\n', bad, '{"text": "' + BROKEN + '"}\n']
    results = list(fix_jsonl(lines, skip_invalid=True, id_field="id"))
    assert [r.output_line for r in results] == [lines[0], bad, lines[2].replace(BROKEN, FIXED)]
    r = results[1]
    assert r.result is None and r.error is not None and r.error.startswith(message)
    assert results[0].error is None and results[2].error is None


def test_a_custom_fixer_is_used() -> None:
    calls: list[str] = []

    def fixer(text: str) -> Result:
        calls.append(text)
        return tidy.fix(text, select=["space-after-comma"])

    line = '{"text": "' + BROKEN + '"}\n'
    expected = '{"text": "services, Cabinet Office said.This is fine."}\n'
    assert outputs([line], fixer=fixer) == [expected]
    assert calls == [BROKEN]


def test_twenty_thousand_records_stream_one_line_at_a_time() -> None:
    pulled = 0

    def source() -> Iterator[str]:
        nonlocal pulled
        for i in range(20_000):
            pulled += 1
            text = f"record {i},with a comma" if i % 3 == 0 else f"record {i} is clean"
            yield json.dumps({"id": i, "text": text, "n": i * 0.5}) + "\n"

    def fixer(text: str) -> Result:
        return Result(text, text.replace(",", ", "))

    stream = fix_jsonl(source(), fixer=fixer, id_field="id")
    first = next(stream)
    assert pulled == 1  # nothing is read ahead
    assert first.output_line == '{"id": 0, "text": "record 0, with a comma", "n": 0.0}\n'
    count = changed = 0
    for r in stream:
        count += 1
        assert r.record_id == r.line_no - 1
        assert pulled == r.line_no
        assert r.result is not None
        changed += r.result.text != r.result.source
        assert (r.output_line.count(", ") == 3) == (r.record_id % 3 == 0)
    assert count == 19_999
    assert changed == 6_666


# --- learning from records -------------------------------------------------------------------


def test_learn_jsonl_feeds_the_field_of_every_record() -> None:
    docs = [f"Home News\nStory {'x' * i}.\nBack to top" for i in range(4)]
    lines = [json.dumps({"body": d}) + "\n" for d in docs] + ["\n"]
    learner = learn_jsonl(lines, field="body")
    assert isinstance(learner, Learner)
    assert learner.documents == 4
    assert learner.result().lines == {"home news": 4, "back to top": 4}


def test_learn_jsonl_raises_or_skips_malformed_lines() -> None:
    lines = ['{"text": "a b c"}\n', "oops\n", '{"text": 1}\n']
    with pytest.raises(RecordError, match=r"^line 2: not valid JSON"):
        learn_jsonl(lines)
    assert learn_jsonl(lines, skip_invalid=True).documents == 1
    # a learner can be given to add to, for several files
    learner = learn_jsonl(lines[:1])
    assert learn_jsonl(lines[:1], learner=learner) is learner
    assert learner.documents == 2
