"""Names, code and literals in prose stay whole (tidy.identifiers, tidy.dotted), in technical
documents read through the installed CLI, while real damage on the same pages is still repaired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import tidy
from conftest import Runner

# A page of a developer guide, written for this test: every glued mark in it is meant.
GUIDE_MD = """\
# Timing and types

Call `time.monotonic()` for intervals; the clock id is time.MONOTONIC on Linux.
Ask `inspect` for the inspect.Signature of a handler, and type the table as
Mapping[str, VT]. Release tags read Major.Minor, as in Rust 1.XX notes.

TL;DR: mark the struct repr(C, Int) and compute FIRST(interior) once.
The (Ultra)SPARC port is gone; see TODO(skreft) and the "cfg(" prefix.
The flags are "or"ed together, two "Max"s are allowed, and "print"ing is slow.
Labels such as ENH,TST or BufRead,BufNewFile, columns a,b,c,...,aa,ab, the Micro:bit
and the "Key:Value" format are all written this way on purpose.

- fix(parser): an empty `str()` no longer fails; str(value) returns text.
- The Edit.Save menu and pathlib.Path objects behave as before.
- Other uses of defer (beyond the file.Close example above) unlock a mutex.

Run `tidy\u00a0diff
notes.md` to see the edits.
"""

# The same kind of page in reStructuredText.
GUIDE_RST = """\
Timing and types
================

Use ``time.monotonic()``: collections.Mapping is gone, and sizeof(long double) varies.
Type hints read dict[str, int] or tuple(float, float); getLogger(name) returns a logger.
"""


def _records(run: Runner, path: Path) -> list[dict[str, object]]:
    ran = run("diff", "--isolated", "--format", "json", str(path))
    return [json.loads(line) for line in ran.out.splitlines() if line.strip()]


@pytest.mark.parametrize(("name", "text"), [("guide.md", GUIDE_MD), ("guide.rst", GUIDE_RST)])
def test_technical_page_is_left_alone(tidy_run: Runner, tmp_path: Path, name: str, text: str):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    assert _records(tidy_run, page) == []


def test_damage_on_a_technical_page_is_still_repaired(tidy_run: Runner, tmp_path: Path):
    page = tmp_path / "guide.md"
    damaged = "The summary is short.This helps.\n\nThe report(published in 2019)was ignored.\n"
    page.write_text(GUIDE_MD + "\n" + damaged, encoding="utf-8")
    records = _records(tidy_run, page)
    assert [(r["rule"], r["before"], r["after"]) for r in records] == [
        ("space-after-sentence", ".", ". "),
        ("space-around-brackets", "", " "),
        ("space-around-brackets", "", " "),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # plain news text holds no code: the same shapes are damage there
        ("See the table(below).", "See the table (below)."),
        ("Ministers set out the agenda.This includes housing.", None),
        ("Ask the World Health Organization(WHO) for the figures.", None),
        ('He said"yes"and left.', 'He said "yes" and left.'),
        ("The MP(Labour) won again.", "The MP (Labour) won again."),
    ],
)
def test_plain_prose_keeps_its_repairs(before: str, after: str | None) -> None:
    out = tidy.fix(before).text
    assert out != before
    if after is not None:
        assert out == after


def test_a_lone_backtick_opens_no_code_span() -> None:
    # (found by hypothesis: the words after a stray backtick were taken for inline code,
    # until a no-break space edit changed how many spaces the "span" held)
    assert tidy.fix("pay,tax ` pay\u00a0Tax ").text == "pay, tax ` pay Tax "
    kept = "Set `pay` and `tax` first: pay,tax"
    assert tidy.fix(kept).text == kept


# Found on documentation tidy had never seen (a Turkish translation, release notes, quotes
# inside quotes): each must stay, while the same shapes of damage in English are repaired.
KEPT_IN_PROSE = [
    'Bu sürümde "önbellek"ler kapatılır ve "oturum"lardan biri seçilir.',
    'Önerilen biçim "JSON"dur.',
    'Varsayılan ayar "hızlı"dır.',
    "* Needs Python 3.7 for typing.Deque, used by the models.",
    "Import typing.Protocol here.",
    "She asked: \"Right, but is 'slow' wrong, or '\"slow\"'?\"",
]
REPAIRED_IN_PROSE = [
    ('He said "Stop"then left.', 'He said "Stop" then left.'),
    ('The word "hello"in English.', 'The word "hello" in English.'),
    ('It is "nine"nine times.', 'It is "nine" nine times.'),
    ("I was typing.Then it broke.", "I was typing. Then it broke."),
]


@pytest.mark.parametrize("text", KEPT_IN_PROSE)
def test_suffixes_modules_and_nested_quotes_are_kept(text: str) -> None:
    assert tidy.fix(text).edits == []


@pytest.mark.parametrize(("text", "want"), REPAIRED_IN_PROSE)
def test_english_next_words_are_still_separated(text: str, want: str) -> None:
    assert tidy.fix(text).text == want


def test_a_quoted_command_is_judged_on_its_own_line_however_long() -> None:
    # An odd quote on an earlier line does not flip the parity of a long line's quotes
    # (the look-back once ran to the start of the text when a line exceeded 300 chars).
    from tidy.identifiers import in_quoted_command

    long_line = "word " * 80 + 'then run "-o ro,noexec" on it'
    text = 'An "unclosed quote above.\n' + long_line
    comma = text.index("ro,") + 2
    assert in_quoted_command(text, comma)
    assert not in_quoted_command(text, text.index("then"))
