"""Plain-text layout that looks like damage: help-file examples, hanging indents, columns
laid out with tabs, and the protection of a paragraph longer than the context window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tidy

TIDY = Path(sys.executable).with_name("tidy")


def fixed(text: str) -> str:
    return tidy.fix(text, mode="plain").text


def test_help_example_block_is_code() -> None:
    # A line ending in a lone ">" opens an example; its indented lines are code, up to
    # the first line in column one.
    text = (
        "Split a line into its parts like this: >\n"
        '   :"take the whole match first\n'
        "   :let whole = matchstr(line, pattern)\n"
        "   :function Parts(text)\n"
        "<The parts come back as a list.\n"
    )
    assert fixed(text) == text
    # without the marker the same lines are prose, and the glued quote is repaired
    assert fixed(text.replace(": >\n", ":\n")) != text.replace(": >\n", ":\n")


def test_help_example_ends_at_first_column() -> None:
    text = "Run this: >\n   :echo 'hi'\nThe council  approved it, twice over, without a vote.\n"
    assert fixed(text) == text.replace("council  approved", "council approved")


def test_hanging_indent_and_markers_keep_their_gaps() -> None:
    text = (
        "Patch 1.2.3\n"
        "Problem:    The cache is rebuilt when the\n"
        "\t    index file is missing.\n"
        "Solution:   Check for the file first.\n"
        "Files:\t    src/cache.c\n"
        "\n"
        "8   Let the list show the buffers that\n"
        "    are hidden as well.\n"
        "-   Add a way to sort the list.\n"
    )
    assert fixed(text) == text


def test_columns_laid_out_with_tabs_and_spaces() -> None:
    text = (
        "'autoread'\t  'ar'\t    read the file again when it changes\n"
        "'autowrite'\t  'aw'\t    write the file when leaving it\n"
        "'background'\t  'bg'\t    the colour of the background\n"
        "'backspace'\t  'bs'\t    how backspace works in insert mode\n"
        "'backupcopy'\t  'bkc'     make a backup as a copy\n"
    )
    assert fixed(text) == text


def test_doubled_space_in_prose_is_still_repaired() -> None:
    assert fixed("The council  approved the plan.") == "The council approved the plan."
    # one label line alone is not a column: the gap inside the sentence goes
    text = "Problem:    The cache  is rebuilt."
    assert fixed(text) == "Problem:    The cache is rebuilt."


def test_columns_protected_past_the_context_window() -> None:
    # A paragraph longer than the window around an edit: seen from an early edit its end
    # is cut at the window, seen from a later one it is not, so the same paragraph start
    # comes with two ends, and each must be protected as itself.
    text = "An opening paragraph that sets the scene.\n\nThe council  approved the plan.\n"
    i = 0
    while len(text) < 19_800:
        text += f"Line {i} of a long list of notes without a blank line.\n"
        i += 1
    for i in range(40):
        name, short = f"option{i}", f"o{i}"
        text += f"{name:<16}  {short:<8}  what option {i} does\n"
    text += "".join(f"Note {i} after the table, still in the same paragraph.\n" for i in range(60))
    out = fixed(text)
    assert out == text.replace("council  approved", "council approved")


def test_cli_keeps_a_help_file(tmp_path: Path) -> None:
    page = tmp_path / "example.txt"
    text = (
        "*example.txt*\tFor the example program.\n\n"
        "Move the cursor to  CTRL-]  and press it to jump to the tag.\n"
        "Show it with: >\n"
        '   :"the first item\n'
        "   :echo items[0]\n"
        "<\n"
    )
    page.write_text(text, encoding="utf-8")
    run = subprocess.run(
        [str(TIDY), "diff", "--isolated", str(page)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout
    assert page.read_text(encoding="utf-8") == text


def test_indented_attribution_is_prose_and_indented_code_stays() -> None:
    # A quotation signed on an indented line: the signature is prose, repaired like any.
    signed = (
        "Wer nichts weiß, muss alles glauben, sagte sie einmal.\n"
        "\t\t-- Marie von Ebner-Eschenbach(Aphorismen)\n"
    )
    assert fixed(signed) == signed.replace("Eschenbach(Aphorismen)", "Eschenbach (Aphorismen)")
    # an indented line that only starts with a dash, or is code, keeps its layout
    code = "Put this in the file:\n\t--PROCESS(debug_in)\n\tcall(first arg)next\n"
    assert fixed(code) == code


def test_an_indented_paragraph_of_prose_is_repaired_and_indented_commands_stay() -> None:
    # A story set in from the margin, as an appendix or a letter sets it: every line
    # indented, plain words and sentences throughout. Its damage is repaired like any.
    story = (
        "The notes say what happened next.\n\n"
        "     After the talk we walked down to the harbour, where the old boats\n"
        "     were tied up for the winter. She went quiet (as she often did)when\n"
        "     the wind rose, and we turned back before it got dark.\n"
    )
    assert fixed(story) == story.replace("did)when", "did) when")
    # indented lines that are commands, or prose beside code signs, keep their layout
    commands = (
        "Build it like this:\n\n"
        "     make clean all and then install the result into place(slowly)now\n"
        "     export PATH=/opt/tool/bin:$PATH so that the shell finds it again\n"
    )
    assert fixed(commands) == commands
    short = "Run:\n\n    start the service(quietly)now\n"
    assert fixed(short) == short


def _justify(words: list[str], width: int) -> list[str]:
    """``words`` set in lines of exactly ``width`` columns, widened between words, as a
    formatter justifies them (the last line ragged)."""
    lines, line = [], []
    for w in words:
        if line and len(" ".join([*line, w])) > width:
            gaps, extra = len(line) - 1, width - len(" ".join(line))
            out = line[0]
            for i, word in enumerate(line[1:]):
                out += " " * (1 + extra // gaps + (i < extra % gaps)) + word
            lines.append(out)
            line = []
        line.append(w)
    return [*lines, " ".join(line)]


def test_justified_text_keeps_the_gaps_of_its_notes_narrower_width() -> None:
    # nroff sets a draft's body at one width and its notes at a narrower one: the gaps
    # that widen a note's line to its width are justification too.
    words = ("the service keeps each ticket for a while and renews it when asked " * 14).split()
    body = _justify(words, 60)
    note = "a note says how long a key may live before it expires and which realm issued it "
    notes = _justify((note * 12).split(), 55)
    text = "\n".join(body) + "\n\n" + "\n".join(notes) + "\n"
    assert any("  " in ln for ln in notes[:-1])
    assert fixed(text) == text


def test_a_paginated_document_keeps_its_layout_and_its_running_lines() -> None:
    # An RFC as published: page feet with their numbers, page heads after a form feed,
    # gaps the formatter set. Its spaces are layout; a glued bracket in its prose is not.
    page = (
        "   The client sends the request(see below)and waits for the answer.\n\n"
        "Howes, et al.               Standards Track                     [Page {n}]\n"
        "\f\n"
        "RFC 2891     LDAP Control Extension for Server Side Sorting  August 2000\n\n"
    )
    text = page.format(n=1) + page.format(n=2)
    want = text.replace("request(see below)and", "request (see below) and")
    assert fixed(text) == want


def test_two_space_sentences_in_a_wrapped_comment_block_are_a_style() -> None:
    # Lines broken at a width inside a comment block are hard-wrapped text all the same:
    # two spaces after a sentence are its convention, not a slip.
    text = (
        "# This file is written out again for each machine.\n"
        "# For every test in the profiling suite, the matching function and\n"
        "# machine are found within this file.  If none exists,\n"
        "# the test is skipped.\n"
    )
    assert fixed(text) == text
    # unwrapped, one line per sentence, the same gap is a slip like any other
    one_line = "# Every entry is read back by the test of the same name.  If none exists, skip.\n"
    assert fixed(one_line) == one_line.replace("name.  If", "name. If")
    # below the wrapped header, long rows of a few fields (a data file) do not make the
    # text one line per paragraph
    row = "suite.profiling.CompileTest.test_case_{0} x86_64_linux_machine_{0}_platform_name {0}"
    rows = "".join(row.format(i) + "\n" for i in range(30))
    assert fixed(text + "\n" + rows) == text + "\n" + rows


def test_an_ocr_alignment_keeps_its_gap_symbols_and_a_heading_line_is_prose() -> None:
    # An OCR dataset pads its aligned lines with @ and # so that columns line up: no edit
    # may shift a character. A line opening with a heading's hashes is prose all the same.
    aligned = (
        "[OCR_toInput] The mill was sold, on Tuesday to Mr. Hayes of Clare.\n"
        "[OCR_aligned] The mill was sold , on Tuesday@ to Mr. Ha@yes@ of Cl@are@.\n"
        "[ GS_aligned] ######### was sold@@ on Tuesday to Mr. Hayes@ of Clare.@\n"
    )
    assert fixed(aligned) == aligned
    heading = "##### Comment: it happened to a teacher  when I was in school.\n"
    assert fixed(heading) == heading.replace("teacher  when", "teacher when")
