"""The command line, run as users run it: the installed ``tidy`` script on real files."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tidy
from conftest import SAMPLE, SAMPLE_FIXED, TIDY, Runner, clean_env, run_tidy

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMA = "Add the missing space after a comma between words"
SENTENCE = "Add the missing space after a full stop that ends a sentence"
CURRENCY = "Space a currency amount from the word it is glued to"
PERCENT = "Space a percentage from the word glued after it"

SAMPLE_EDIT_LINES = (
    f"a.txt:1:9: space-after-comma ',' → ', '  {COMMA}\n"
    f"a.txt:1:29: space-after-sentence '.' → '. '  {SENTENCE}\n"
    f"a.txt:1:43: glued-currency '£' → ' £'  {CURRENCY}\n"
    f"a.txt:1:57: glued-percent '%' → '% '  {PERCENT}\n"
)
SAMPLE_RULE_SUMMARY = (
    "     1  glued-currency\n"
    "     1  glued-percent\n"
    "     1  space-after-comma\n"
    "     1  space-after-sentence\n"
)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A damaged file and a clean one."""
    write(tmp_path / "a.txt", SAMPLE)
    write(tmp_path / "clean.txt", "Nothing to repair here.\n")
    return tmp_path


def test_sample_expectation_matches_the_engine() -> None:
    # Every exact expectation below rests on this.
    assert tidy.fix(SAMPLE).text == SAMPLE_FIXED


# --------------------------------------------------------------------------- stdin


def test_stdin_to_stdout_without_arguments(tidy_run: Runner) -> None:
    ran = tidy_run("fix", input=SAMPLE)
    assert (ran.returncode, ran.out, ran.stderr) == (0, SAMPLE_FIXED, "")


def test_dash_reads_stdin(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "-", input=SAMPLE)
    assert (ran.returncode, ran.out, ran.stderr) == (0, SAMPLE_FIXED, "")


def test_clean_stdin_comes_back_byte_for_byte(tidy_run: Runner) -> None:
    data = b"Already clean.\r\nNo final newline"
    ran = tidy_run("fix", "-", input=data)
    assert (ran.returncode, ran.stdout) == (0, data)


def test_stdin_keeps_bom_and_crlf(tidy_run: Runner) -> None:
    data = b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode()
    ran = tidy_run("fix", input=data)
    assert ran.stdout == b"\xef\xbb\xbf" + SAMPLE_FIXED.replace("\n", "\r\n").encode()


def test_stdin_check_writes_nothing(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "--check", "-", input=SAMPLE)
    assert (ran.returncode, ran.stdout) == (1, b"")
    ran = tidy_run("fix", "--check", "-", input=SAMPLE_FIXED)
    assert (ran.returncode, ran.stdout) == (0, b"")


def test_undecodable_stdin_passes_through_with_exit_123(tidy_run: Runner) -> None:
    data = b"caf\xe9,bar\n"
    ran = tidy_run("fix", input=data)
    assert ran.returncode == 123
    assert ran.stdout == data  # a pipeline never loses the text
    assert ran.stderr.startswith("error: -: not valid UTF-8 (byte e9 on line 1, offset 3)")
    assert "--encoding" in ran.stderr


def test_stdin_encoding_round_trip(tidy_run: Runner) -> None:
    ran = tidy_run(
        "fix", "--encoding", "cp1252", input="caf\u00e9,bar and more,words\n".encode("cp1252")
    )
    assert ran.stdout == "caf\u00e9, bar and more, words\n".encode("cp1252")


def test_stdin_filename_chooses_the_mode(tidy_run: Runner) -> None:
    # Doubled spaces are source layout in Markdown (they render as one), damage in plain text.
    text = "Hello  world.\n"
    assert tidy_run("fix", "--stdin-filename", "notes.md", input=text).out == text
    typed = tidy_run("fix", "--stdin-filename", "notes.md", "--type", "plain", input=text)
    assert typed.out == "Hello world.\n"
    named = tidy_run("diff", "--stdin-filename", "docs/notes.txt", input=text)
    assert named.out.startswith("--- docs/notes.txt\n+++ docs/notes.txt\n")


def test_forced_exclusion_of_stdin_filename_passes_text_through(tidy_run: Runner) -> None:
    args = ("fix", "--force-exclude", "--extend-exclude", "vendor", "--stdin-filename")
    ran = tidy_run(*args, "vendor/x.txt", "-", input=SAMPLE)
    assert (ran.returncode, ran.out) == (0, SAMPLE)


def test_no_paths_and_a_terminal_on_stdin_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", SAMPLE)
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [str(TIDY), "fix"],
            stdin=secondary,
            capture_output=True,
            cwd=tmp_path,
            env=clean_env(),
            timeout=30,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Usage: tidy fix [OPTIONS] [PATHS]" in err  # typer 0.28 prints no "..."
    assert "no paths given and standard input is a terminal" in err
    assert (tmp_path / "a.txt").read_text() == SAMPLE  # the tree was not touched


def test_dash_twice_is_a_usage_error(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "-", "-", input=SAMPLE)
    assert ran.returncode == 2
    assert ran.stdout == b""


# --------------------------------------------------------------------------- fix on files


def test_fix_rewrites_in_place_with_a_summary(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("fix", "a.txt", "clean.txt", cwd=tree)
    assert ran.returncode == 0
    assert ran.stdout == b""
    assert ran.stderr == ("fixed a.txt (4 edits)\n1 file fixed (4 edits), 1 file left unchanged.\n")
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE_FIXED
    assert (tree / "clean.txt").read_text(encoding="utf-8") == "Nothing to repair here.\n"


def test_fix_leaves_unchanged_files_alone(tidy_run: Runner, tree: Path) -> None:
    clean = tree / "clean.txt"
    os.utime(clean, (1_000_000_000, 1_000_000_000))
    tidy_run("fix", ".", cwd=tree)
    assert clean.stat().st_mtime == 1_000_000_000  # not even rewritten with the same bytes


def test_fix_quiet_and_verbose(tidy_run: Runner, tree: Path) -> None:
    quiet = tidy_run("fix", "-q", "--check", ".", cwd=tree)
    assert (quiet.returncode, quiet.stderr) == (1, "")
    verbose = tidy_run("fix", "-v", "--check", ".", cwd=tree)
    assert "would fix a.txt (4 edits)\n" in verbose.stderr
    assert "unchanged clean.txt\n" in verbose.stderr
    assert verbose.stderr.startswith(f"tidy {tidy.__version__}: ")


def test_check_reports_and_exits_1_without_writing(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("fix", "--check", ".", cwd=tree)
    assert ran.returncode == 1
    assert ran.stderr == (
        "would fix a.txt (4 edits)\n"
        "1 file would be fixed (4 edits), 1 file would be left unchanged.\n"
    )
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE
    assert tidy_run("fix", ".", cwd=tree).returncode == 0
    clean = tidy_run("fix", "--check", ".", cwd=tree)
    assert (clean.returncode, clean.stderr) == (0, "2 files would be left unchanged.\n")


def test_nothing_to_process(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "code.py", "x = 1,2\n")
    ran = tidy_run("fix", ".", cwd=tmp_path)
    assert (ran.returncode, ran.stderr) == (0, "No files to process.\n")


def test_nothing_to_process_names_the_excluded_paths_that_hold_prose(
    tidy_run: Runner, tmp_path: Path
) -> None:
    # A project that keeps its documentation's source in doc/build (as some Sphinx
    # projects do) is told why nothing was read, and how to read it.
    write(tmp_path / "doc" / "build" / "index.rst", "Hello,world and more.\n")
    write(tmp_path / "doc" / "node_modules" / "pkg" / "README.md", "Hi,there.\n")
    ran = tidy_run("diff", "doc", cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (0, b"")
    assert ran.stderr == (
        "No files to process. The exclusions skipped 1 path holding prose (doc/build); "
        "--exclude replaces them, --extend-exclude adds to them.\n"
    )
    read = tidy_run("diff", "--exclude", "", "doc/build", cwd=tmp_path)
    assert read.returncode == 1 and b"Hello, world" in read.stdout


def test_missing_path_is_a_usage_error_and_touches_nothing(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("fix", "a.txt", "nope.txt", cwd=tree)
    assert ran.returncode == 2
    assert ran.stderr == "error: nope.txt: no such file or directory\n"
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE


def test_explicit_files_of_any_extension_are_processed(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "notes.log", SAMPLE)
    write(tmp_path / "walked.log", SAMPLE)
    assert tidy_run("fix", "notes.log", cwd=tmp_path).returncode == 0
    assert (tmp_path / "notes.log").read_text(encoding="utf-8") == SAMPLE_FIXED
    assert (tmp_path / "walked.log").read_text(encoding="utf-8") == SAMPLE


def test_extension_chooses_the_mode(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "a.md", "Hello  world.\n")
    write(tmp_path / "a.txt", "Hello  world.\n")
    tidy_run("fix", ".", cwd=tmp_path)
    assert (tmp_path / "a.md").read_text() == "Hello  world.\n"
    assert (tmp_path / "a.txt").read_text() == "Hello world.\n"
    tidy_run("fix", "--type", "plain", "a.md", cwd=tmp_path)
    assert (tmp_path / "a.md").read_text() == "Hello world.\n"


def test_undecodable_file_exit_123_others_processed(tidy_run: Runner, tree: Path) -> None:
    latin = write(tree / "latin.txt", b"caf\xe9,bar\n")
    ran = tidy_run("fix", ".", cwd=tree)
    assert ran.returncode == 123
    assert latin.read_bytes() == b"caf\xe9,bar\n"
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE_FIXED
    assert (
        "error: latin.txt: not valid UTF-8 (byte e9 on line 1, offset 3); if it is in a legacy "
        "encoding, pass it with --encoding (e.g. --encoding cp1252)\n"
    ) in ran.stderr
    assert ran.stderr.endswith(
        "1 file fixed (4 edits), 1 file left unchanged, 1 file could not be processed.\n"
    )


def test_encoding_reads_and_writes_legacy_text(tidy_run: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", "caf\u00e9,bar and more,words\n".encode("latin-1"))
    ran = tidy_run("fix", "--encoding", "latin-1", "latin.txt", cwd=tmp_path)
    assert ran.returncode == 0
    assert path.read_bytes() == "caf\u00e9, bar and more, words\n".encode("latin-1")


def test_encoding_that_cannot_hold_the_repair_fails_cleanly(
    tidy_run: Runner, tmp_path: Path
) -> None:
    # The entity becomes an em dash, which Latin-1 has no byte for.
    path = write(tmp_path / "t.txt", b"Tea &mdash; coffee.\n")
    ran = tidy_run("fix", "--encoding", "latin-1", "t.txt", cwd=tmp_path)
    assert ran.returncode == 123
    assert "error: t.txt: the repaired text has '—', which iso8859-1 cannot encode" in ran.stderr
    assert path.read_bytes() == b"Tea &mdash; coffee.\n"


def test_unknown_encoding_is_a_usage_error(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("fix", "--encoding", "klingon", ".", cwd=tree)
    assert ran.returncode == 2
    assert "unknown encoding 'klingon'" in ran.stderr


def test_binary_files_are_skipped(tidy_run: Runner, tree: Path) -> None:
    blob = write(tree / "blob.txt", b"PK\x03\x04\x00\x00,data,more\n")
    ran = tidy_run("fix", ".", cwd=tree)
    assert ran.returncode == 0
    assert "skipped blob.txt: binary file (NUL byte in the first 8 KiB)\n" in ran.stderr
    assert blob.read_bytes() == b"PK\x03\x04\x00\x00,data,more\n"
    assert ran.stderr.endswith("1 file fixed (4 edits), 1 file left unchanged, 1 file skipped.\n")


def test_generated_files_are_skipped_even_when_named(tidy_run: Runner, tmp_path: Path) -> None:
    # (a pre-commit hook names each file: the notice still keeps tidy out of it)
    made = b"<!-- This file is generated. DO NOT EDIT -->\n\nHello ,world.\n"
    gen = write(tmp_path / "gen.md", made)
    rst = write(tmp_path / "api.rst", b".. Code generated by gendocs; edit the source.\n\nA ,b.\n")
    note = write(tmp_path / "note.md", b"Do not edit the file by hand ,then.\n")
    helped = b"usage: tool [-h] [options]\n\nTool does things.  By default ,all.\n"
    help_txt = write(tmp_path / "cli-help.txt", helped)
    ran = tidy_run("fix", "gen.md", "api.rst", "note.md", "cli-help.txt", cwd=tmp_path)
    assert ran.returncode == 0
    skipped = (
        "a generated file (its head says so, or it is a program's help output): "
        "repair its source instead\n"
    )
    assert f"skipped gen.md: {skipped}" in ran.stderr
    assert f"skipped api.rst: {skipped}" in ran.stderr
    assert f"skipped cli-help.txt: {skipped}" in ran.stderr
    assert help_txt.read_bytes() == helped
    assert gen.read_bytes() == made
    assert rst.read_bytes() == b".. Code generated by gendocs; edit the source.\n\nA ,b.\n"
    assert note.read_bytes() == b"Do not edit the file by hand, then.\n"  # (prose, not a notice)


def test_a_published_rfc_is_skipped(tidy_run: Runner, tmp_path: Path) -> None:
    # an RFC or Internet-Draft as the formatter laid it out, page by page: its examples and
    # grammar sit among the prose (`Variants: Accept-Language;en ;fr`), and its source is
    # kept elsewhere
    page = "   Variants: Content-Language;en ;fr\n\n   Send it ,then.\n\n"
    foot = "Nottingham               Expires April 1, 2018               [Page {}]\n\f\n"
    made = "".join(page + foot.format(n) for n in (1, 2, 3)).encode()
    rfc = write(tmp_path / "draft-variants-00.txt", made)
    prose = write(tmp_path / "notes.txt", b"   Send it ,then.\n")
    ran = tidy_run("fix", "draft-variants-00.txt", "notes.txt", cwd=tmp_path)
    assert ran.returncode == 0
    assert (
        "skipped draft-variants-00.txt: a formatter's paginated output (an RFC or "
        "Internet-Draft as published, nroff's): repair its source instead\n"
    ) in ran.stderr
    assert rfc.read_bytes() == made
    assert prose.read_bytes() == b"   Send it, then.\n"


def test_a_text_annotated_by_offsets_is_skipped(tidy_run: Runner, tmp_path: Path) -> None:
    # brat's standoff format: the .ann file beside it points into the text by character
    # offsets, which any edit would move
    text = b"RESULTS  The patient ,who was treated.\n"
    abstract = write(tmp_path / "PMID-1.txt", text)
    write(tmp_path / "PMID-1.ann", b"T1\tDisease 0 7\tRESULTS\n")
    other = write(tmp_path / "notes.txt", b"The patient ,who was treated.\n")
    ran = tidy_run("fix", ".", cwd=tmp_path)
    assert ran.returncode == 0
    assert (
        "skipped PMID-1.txt: annotated by offsets in a file beside it (a brat .ann file): "
        "any edit would move them\n" in ran.stderr
    )
    assert abstract.read_bytes() == text
    assert other.read_bytes() == b"The patient, who was treated.\n"


# --------------------------------------------------------------------------- rule selection


def test_unknown_rule_is_exit_2_before_anything_is_touched(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("fix", "--select", "space-after-comma,no-such-rule", ".", cwd=tree)
    assert ran.returncode == 2
    assert ran.stderr == (
        "error: command line: --select: unknown rule or group 'no-such-rule' "
        "(`tidy rules` lists them)\n"
    )
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE


def test_select_ignore_and_extend_select(tidy_run: Runner) -> None:
    only = tidy_run("fix", "--select", "space-after-comma", input=SAMPLE)
    assert only.out == SAMPLE.replace("services,", "services, ")
    partial = "services, Cabinet Office said. This includes£15,000 and 35%of calls.\n"
    repeated = tidy_run(
        "fix", "--select", "spacing", "--ignore", "glued-currency", "--ignore", "glued-percent",
        input=SAMPLE,
    )  # fmt: skip
    assert repeated.out == partial
    # Comma-separated lists; trailing-whitespace is opt-in and runs only when named.
    combined = tidy_run(
        "fix", "--select", "spacing", "--ignore", "glued-currency,glued-percent",
        "--extend-select", "trailing-whitespace", input="Trailing  \n" + SAMPLE,
    )  # fmt: skip
    assert combined.out == "Trailing\n" + partial


def test_rules_dir_adds_rules(tidy_run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path / "rules" / "colour.toml",
        'id = "colour"\ngroup = "spelling"\nsafety = "safe"\nopt-in = true\n'
        'summary = "British spelling"\npattern = \'\\bcolor\\b\'\nreplacement = "colour"\n'
        '[examples]\nfix = [["a color", "a colour"]]\nkeep = ["colour"]\n',
    )
    ran = tidy_run(
        "fix",
        "--rules-dir",
        "rules",
        "--extend-select",
        "colour",
        input="A color,sir.\n",
        cwd=tmp_path,
    )
    assert (ran.returncode, ran.out) == (0, "A colour, sir.\n")
    listed = tidy_run("rules", "--rules-dir", "rules", cwd=tmp_path)
    assert re.search(r"^colour +spelling +safe +opt-in +British spelling$", listed.out, re.M)


def test_bad_rules_dir_is_exit_2(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", SAMPLE)
    ran = tidy_run("fix", "--rules-dir", "missing", "a.txt", cwd=tmp_path)
    assert ran.returncode == 2
    missing = tmp_path / "missing"
    assert ran.stderr == (
        f"error: command line: --rules-dir: rules directory 'missing' ({missing}) does not exist\n"
    )
    write(tmp_path / "bad" / "broken.toml", 'id = "Broken Rule"\n')
    broken = tidy_run("diff", "--rules-dir", "bad", "a.txt", cwd=tmp_path)
    assert broken.returncode == 2
    broken_file = tmp_path / "bad" / "broken.toml"
    assert broken.stderr.startswith(f"error: command line: --rules-dir: {broken_file}: ")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SAMPLE


# --------------------------------------------------------------------------- diff


MULTI = (
    "One.\nTwo,three and four.\nFive.\nSix.\nSeven.\nEight.\nNine.\nTen.\nEleven.\n"
    "Twelve.\nThirteen.\nlast,line here"
)


def test_diff_text_output(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("diff", "a.txt", "clean.txt", cwd=tree)
    assert ran.returncode == 1
    assert ran.out == (
        "--- a.txt\n+++ a.txt\n@@ -1 +1 @@\n-" + SAMPLE + "+" + SAMPLE_FIXED + SAMPLE_EDIT_LINES
    )
    assert ran.stderr == (
        "1 file would be fixed (4 edits), 1 file would be left unchanged.\n" + SAMPLE_RULE_SUMMARY
    )
    assert (tree / "a.txt").read_text(encoding="utf-8") == SAMPLE


def test_diff_hunks_context_and_missing_final_newline(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "m.txt", MULTI)
    ran = tidy_run("diff", "m.txt", cwd=tmp_path)
    assert ran.out == (
        "--- m.txt\n+++ m.txt\n"
        "@@ -1,5 +1,5 @@\n One.\n-Two,three and four.\n+Two, three and four.\n"
        " Five.\n Six.\n Seven.\n"
        "@@ -9,4 +9,4 @@\n Eleven.\n Twelve.\n Thirteen.\n"
        "-last,line here\n\\ No newline at end of file\n"
        "+last, line here\n\\ No newline at end of file\n"
        f"m.txt:2:4: space-after-comma ',' → ', '  {COMMA}\n"
        f"m.txt:12:5: space-after-comma ',' → ', '  {COMMA}\n"
    )


def test_diff_applies_with_patch(tidy_run: Runner, tmp_path: Path) -> None:
    path = write(tmp_path / "m.txt", MULTI)
    diff = tidy_run("diff", "m.txt", cwd=tmp_path).stdout
    subprocess.run(["patch", "-s", "m.txt"], input=diff, cwd=tmp_path, check=True)
    assert path.read_text(encoding="utf-8") == tidy.fix(MULTI).text


def test_diff_of_clean_files_is_empty_with_exit_0(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "clean.md", "# Title\n\nAll fine here.\n")
    ran = tidy_run("diff", ".", cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (0, b"")
    assert ran.stderr == "1 file would be left unchanged.\n"


def test_diff_stdin(tidy_run: Runner) -> None:
    ran = tidy_run("diff", "-", input=SAMPLE)
    assert ran.returncode == 1
    assert ran.out.startswith("--- -\n+++ -\n@@ -1 +1 @@\n")
    assert f"-:1:9: space-after-comma ',' → ', '  {COMMA}\n" in ran.out


def test_diff_json_lines(tidy_run: Runner, tree: Path) -> None:
    ran = tidy_run("diff", "--format", "json", ".", cwd=tree)
    assert ran.returncode == 1
    records = [json.loads(line) for line in ran.out.splitlines()]
    common = {"path": "a.txt", "line": 1, "end_line": 1}
    assert records == [
        {**common, "column": 9, "end_column": 10, "rule": "space-after-comma",
         "before": ",", "after": ", ", "message": COMMA},
        {**common, "column": 29, "end_column": 30, "rule": "space-after-sentence",
         "before": ".", "after": ". ", "message": SENTENCE},
        {**common, "column": 43, "end_column": 44, "rule": "glued-currency",
         "before": "£", "after": " £", "message": CURRENCY},
        {**common, "column": 57, "end_column": 58, "rule": "glued-percent",
         "before": "%", "after": "% ", "message": PERCENT},
    ]  # fmt: skip
    assert list(records[0]) == [
        "path", "line", "column", "end_line", "end_column", "rule", "before", "after", "message",
    ]  # fmt: skip


def test_diff_github_annotations(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "docs" / "a,b.txt", "One,two and three.\nservices,Cabinet\n")
    ran = tidy_run("diff", "--format", "github", ".", cwd=tmp_path)
    assert ran.returncode == 1
    assert ran.out == (
        "::warning file=docs/a%2Cb.txt,line=1,col=4,endLine=1,endColumn=5,"
        f"title=space-after-comma::{COMMA}: ',' → ', '\n"
        "::warning file=docs/a%2Cb.txt,line=2,col=9,endLine=2,endColumn=10,"
        f"title=space-after-comma::{COMMA}: ',' → ', '\n"
    )


SARIF_SHAPE = {
    "$defs": {
        "text": {
            "type": "object",
            "required": ["text"],
            "properties": {"text": {"type": "string", "minLength": 1}},
        },
        "position": {"type": "integer", "minimum": 1},
        "result": {
            "type": "object",
            "required": ["ruleId", "message", "locations"],
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": 0},
                "level": {"enum": ["none", "note", "warning", "error"]},
                "message": {"$ref": "#/$defs/text"},
                "locations": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["physicalLocation"],
                        "properties": {
                            "physicalLocation": {
                                "type": "object",
                                "required": ["artifactLocation", "region"],
                                "properties": {
                                    "artifactLocation": {
                                        "type": "object",
                                        "required": ["uri"],
                                        "properties": {"uri": {"type": "string"}},
                                    },
                                    "region": {
                                        "type": "object",
                                        "required": [
                                            "startLine", "startColumn", "endLine", "endColumn",
                                        ],
                                        "properties": {
                                            k: {"$ref": "#/$defs/position"}
                                            for k in (
                                                "startLine", "startColumn", "endLine",
                                                "endColumn",
                                            )
                                        },
                                    },
                                },
                            }
                        },
                    },
                },
            },
        },
    },
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "$schema": {"type": "string", "pattern": "^https://"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "version", "rules"],
                                "properties": {
                                    "name": {"const": "tidy"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": {"$ref": "#/$defs/text"},
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {"type": "array", "items": {"$ref": "#/$defs/result"}},
                },
            },
        },
    },
}  # fmt: skip


@pytest.fixture(scope="module")
def sarif(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tree = tmp_path_factory.mktemp("sarif")
    write(tree / "a.txt", SAMPLE)
    write(tree / "clean.txt", "Nothing to repair here.\n")
    ran = run_tidy("diff", "--format", "sarif", ".", cwd=tree)
    assert ran.returncode == 1
    return json.loads(ran.out)


def test_diff_sarif_structure(sarif: dict) -> None:
    doc = sarif
    assert doc["version"] == "2.1.0"
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("tidy", tidy.__version__)
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.id for r in tidy.rules()]
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        "space-after-comma", "space-after-sentence", "glued-currency", "glued-percent",
    ]  # fmt: skip
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "a.txt"
    assert results[0]["message"]["text"] == f"{COMMA}: ',' → ', '"
    assert results[2]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 43, "endLine": 1, "endColumn": 44,
    }  # fmt: skip
    assert run["columnKind"] == "unicodeCodePoints"


def test_diff_sarif_validates_against_a_schema(sarif: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(SARIF_SHAPE)
    validator.validate(sarif)
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"version": "2.1.0", "runs": []})  # the schema does bite


def test_statistics(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", SAMPLE)
    write(tmp_path / "b.txt", "One,two and three,four.\n")
    ran = tidy_run("diff", "--statistics", ".", cwd=tmp_path)
    assert ran.returncode == 1
    assert ran.out == (
        f"3\tspace-after-comma\t{COMMA}\n"
        f"1\tglued-currency\t{CURRENCY}\n"
        f"1\tglued-percent\t{PERCENT}\n"
        f"1\tspace-after-sentence\t{SENTENCE}\n"
    )
    as_json = json.loads(
        tidy_run("diff", "--statistics", "--format", "json", ".", cwd=tmp_path).out
    )
    assert as_json[0] == {"count": 3, "rule": "space-after-comma", "summary": COMMA}


def test_diff_error_outranks_changes(tidy_run: Runner, tree: Path) -> None:
    write(tree / "latin.txt", b"caf\xe9\n")
    assert tidy_run("diff", ".", cwd=tree).returncode == 123


# --------------------------------------------------------------------------- colour


def test_colour_always_never_and_environment(tidy_run: Runner, tree: Path) -> None:
    always = tidy_run("diff", "--color", "always", "a.txt", cwd=tree)
    never = tidy_run("diff", "--color", "never", "a.txt", cwd=tree)
    no_color = tidy_run("diff", "a.txt", cwd=tree, env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    forced = tidy_run("diff", "a.txt", cwd=tree, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in always.out
    assert "\x1b[" in forced.out
    for plain in (never, no_color):  # NO_COLOR outranks FORCE_COLOR; auto is off in a pipe
        assert "\x1b" not in plain.out
        assert "\x1b" not in plain.stderr
    assert ANSI.sub("", always.out) == never.out
    # The inserted characters themselves are highlighted (reverse video).
    assert "\x1b[1;7;32m \x1b[0m" in always.out


# --------------------------------------------------------------------------- rules, version


def test_rules_listing(tidy_run: Runner) -> None:
    ran = tidy_run("rules")
    lines = ran.out.splitlines()
    assert ran.returncode == 0
    assert lines[0].split() == ["RULE", "GROUP", "SAFETY", "DEFAULT", "SUMMARY"]
    assert len(lines) == len(tidy.rules()) + 1
    assert re.search(rf"^space-after-comma +spacing +safe +on +{COMMA}$", ran.out, re.M)
    assert re.search(r"^trailing-whitespace +layout +safe +opt-in +", ran.out, re.M)
    assert re.search(r"^curly-quotes +typography +unsafe +opt-in +", ran.out, re.M)


def test_rules_json(tidy_run: Runner) -> None:
    records = json.loads(tidy_run("rules", "--format", "json").out)
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {r.id for r in tidy.rules()}
    comma = by_id["space-after-comma"]
    assert (comma["group"], comma["safety"], comma["default"], comma["status"]) == (
        "spacing", "safe", True, "on",
    )  # fmt: skip
    assert comma["examples"]["fix"][0] == [
        "The review covered pay,pensions and services.",
        "The review covered pay, pensions and services.",
    ]


def test_rules_explain(tidy_run: Runner) -> None:
    ran = tidy_run("rules", "space-after-comma")
    (rule,) = [r for r in tidy.rules() if r.id == "space-after-comma"]
    assert ran.returncode == 0
    assert ran.out.startswith(
        f"space-after-comma\n  {COMMA}\n\ngroup: spacing   safety: safe   on by default\n\n"
    )
    assert rule.description in ran.out
    assert (
        "Fixes:\n  'The review covered pay,pensions and services.' → "
        "'The review covered pay, pensions and services.'\n"
    ) in ran.out
    assert "Keeps:\n  'The city has 1,000,000 residents.'\n" in ran.out
    unknown = tidy_run("rules", "no-such-rule")
    assert (unknown.returncode, unknown.stdout) == (2, b"")
    assert "unknown rule 'no-such-rule'" in unknown.stderr


def test_version(tidy_run: Runner) -> None:
    ran = tidy_run("--version")
    assert (ran.returncode, ran.out) == (0, f"tidy {tidy.__version__}\n")


def test_python_dash_m_tidy() -> None:
    fixed = run_tidy("fix", input=SAMPLE, executable=(sys.executable, "-m", "tidy"))
    assert fixed.out == SAMPLE_FIXED


def test_help_documents_exit_codes(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "--help", env={"COLUMNS": "100"})
    assert ran.returncode == 0
    assert "123 some file could not be processed" in " ".join(ran.out.split())


# --------------------------------------------------------------------------- jobs


def test_jobs_give_identical_output_and_status(tidy_run: Runner, tmp_path: Path) -> None:
    # 20 files: enough for worker processes (fewer are always done in one process).
    for i in range(18):
        write(tmp_path / f"f{i:02}.txt", f"Item {i},then more.Next one\n" if i % 3 else "Clean.\n")
    write(tmp_path / "latin.txt", b"caf\xe9\n")
    write(tmp_path / "blob.txt", b"\x00\x01")
    serial = tidy_run("diff", "-j", "1", ".", cwd=tmp_path)
    parallel = tidy_run("diff", "-j", "2", ".", cwd=tmp_path)
    default = tidy_run("diff", ".", cwd=tmp_path)  # all cores
    assert serial.returncode == parallel.returncode == default.returncode == 123
    assert serial.stdout == parallel.stdout == default.stdout
    assert serial.stderr == parallel.stderr == default.stderr
    fixed = tidy_run("fix", "-j", "2", ".", cwd=tmp_path)
    assert fixed.returncode == 123
    assert (tmp_path / "f01.txt").read_text() == "Item 1, then more. Next one\n"
    assert tidy_run("fix", "-j", "1", ".", cwd=tmp_path).stderr == (
        "skipped blob.txt: binary file (NUL byte in the first 8 KiB)\n"
        "error: latin.txt: not valid UTF-8 (byte e9 on line 1, offset 3); if it is in a legacy "
        "encoding, pass it with --encoding (e.g. --encoding cp1252)\n"
        "18 files left unchanged, 1 file skipped, 1 file could not be processed.\n"
    )


# --------------------------------------------------------------------------- progress


def _stderr_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run tidy with standard error on a pseudo-terminal; what it wrote there."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [str(TIDY), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
        cwd=cwd,
        env=clean_env(env),
    )
    os.close(secondary)
    seen = b""
    try:
        while True:
            try:
                data = os.read(primary, 65536)
            except OSError:  # EIO: the other end is closed
                break
            if not data:
                break
            seen += data
    finally:
        os.close(primary)
        proc.wait(timeout=60)
    return seen


def test_progress_bar_only_for_a_person_at_a_terminal(tidy_run: Runner, tmp_path: Path) -> None:
    for i in range(60):
        write(tmp_path / f"f{i:02}.txt", f"Item {i},then more.\n")
    summary = "60 files would be fixed (60 edits).\n    60  space-after-comma\n"
    # a pipe: the summary alone
    assert tidy_run("diff", "-j", "1", ".", cwd=tmp_path).stderr == summary
    args = ["diff", "-j", "1", "."]
    bar = _stderr_on_a_terminal(args, tmp_path, {})
    assert "━".encode() in bar and b"60/60" in bar  # the bar, on a terminal
    assert bar.endswith(summary.replace("\n", "\r\n").encode())  # gone before the summary
    pre_commit = _stderr_on_a_terminal(args, tmp_path, {"PRE_COMMIT": "1"})
    assert pre_commit == summary.replace("\n", "\r\n").encode()  # never under pre-commit
