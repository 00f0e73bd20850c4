"""AsciiDoc is recognised, by name or by its head, and left alone; prose that only looks
a little like it is still repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Runner
from tidy.asciidoc import is_asciidoc

MANPAGE = """git-note(1)
===========

NAME
----
git-note - Add a note ,or two

SYNOPSIS
--------
[verse]
'git note' [--force] <object>

DESCRIPTION
-----------
See linkgit:git-log[1] for ``notes'' and &#64;-mentions.

----
$ git note add -m 'x'
----
"""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (MANPAGE, "git-note.txt"),  # Git's manual pages were .txt for twenty years
        ("= Guide\n:toc:\n\nText,glued.\n", "guide.adoc"),  # a name says so alone
        ("[source,python]\n----\nx = 1\n----\n\nSee xref:other.adoc[the other].\n", "a.txt"),
    ],
)
def test_asciidoc_is_recognised(text: str, name: str) -> None:
    assert is_asciidoc(text, name)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # reST in a .txt file: field lists and underlines are not AsciiDoc's own marks
        (":orphan:\n\nChanges\n-------\n\n* Fixed it ,now.\n\nMore\n----\n", "CHANGES.txt"),
        # a help file's separators and a NOTE: paragraph
        ("*usr_01.txt*\n" + "=" * 78 + "\nNOTE: read this.\n" + "=" * 78 + "\n", "usr.txt"),
        # plain text with a rule of dashes, and Markdown (its own parser decides)
        ("Notes\n----\nNOTE: ask Ann.\n----\n", "notes.txt"),
        (MANPAGE, "guide.md"),
    ],
)
def test_text_that_only_looks_like_asciidoc_is_not(text: str, name: str) -> None:
    assert not is_asciidoc(text, name)


def test_an_asciidoc_file_is_skipped_and_named(tidy_run: Runner, tmp_path: Path) -> None:
    page = tmp_path / "git-note.txt"
    page.write_text(MANPAGE, encoding="utf-8")
    plain = tmp_path / "notes.txt"
    plain.write_text("Text ,glued.\n", encoding="utf-8")
    ran = tidy_run("fix", "git-note.txt", "notes.txt", cwd=tmp_path)
    assert ran.returncode == 0
    assert "skipped git-note.txt: AsciiDoc, which tidy does not parse: left as it is" in ran.stderr
    assert page.read_text(encoding="utf-8") == MANPAGE
    assert plain.read_text(encoding="utf-8") == "Text, glued.\n"


def test_standard_input_named_as_asciidoc_passes_through(tidy_run: Runner) -> None:
    text = "See linkgit:git-log[1] ,now.\n"
    ran = tidy_run("fix", "--stdin-filename", "doc/x.adoc", "-", input=text)
    assert ran.returncode == 0
    assert ran.stdout == text.encode()
