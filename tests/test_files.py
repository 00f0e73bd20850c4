"""The file layer: exact decoding, safe in-place writes and walking directories."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

import tidy
from conftest import SAMPLE, SAMPLE_FIXED, TIDY, Runner, clean_env
from tidy import files
from tidy.files import Excluder, Found

# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xef\xbb\xbf",
        b"plain\n",
        b"no final newline",
        b"crlf\r\nlines\r\n",
        b"mixed\r\nendings\nand\rold mac\r\n\n",
        b"\xef\xbb\xbfbom and crlf\r\nno final newline",
        "caf\u00e9 \u2014 \u00a3 \u20ac \U0001f600\n".encode(),
        b"form\x0cfeed and\x1cseparators\n",
    ],
)
def test_decode_encode_round_trip(data: bytes) -> None:
    decoded = files.decode(data)
    assert "\ufeff" not in decoded.text[:1]  # the engine never sees the file's BOM
    assert files.encode(decoded.text, decoded) == data


def test_newlines_are_not_translated() -> None:
    assert files.decode(b"a\r\nb\rc\n").text == "a\r\nb\rc\n"


def test_bom_flag() -> None:
    assert files.decode(b"\xef\xbb\xbfx").bom
    assert not files.decode(b"x").bom
    # Only the first BOM belongs to the file; a second one is text (and a rule's business).
    assert files.decode(b"\xef\xbb\xbf\xef\xbb\xbfx").text == "\ufeffx"


def test_binary_detection() -> None:
    with pytest.raises(files.BinaryFile):
        files.decode(b"abc\0def")
    late = b"a" * files.BINARY_SNIFF + b"\0"
    assert files.decode(late).text == late.decode()  # only the first 8 KiB are sniffed
    # UTF-16 is full of NUL bytes but is text when the encoding is named.
    utf16 = "caf\u00e9,bar\n".encode("utf-16")
    assert files.decode(utf16, "utf-16").text == "caf\u00e9,bar\n"


def test_decode_error_names_byte_line_and_offset() -> None:
    with pytest.raises(files.DecodeProblem) as info:
        files.decode(b"\xef\xbb\xbfline one\nbad \xff here\n")
    assert str(info.value).startswith("not valid UTF-8 (byte ff on line 2, offset 16); ")
    assert "--encoding" in str(info.value)
    with pytest.raises(files.DecodeProblem, match="cannot be decoded as ascii"):
        files.decode(b"caf\xe9", "ascii")


def test_legacy_encoding_round_trip() -> None:
    data = "caf\u00e9,bar\r\n".encode("cp1252")
    decoded = files.decode(data, "cp1252")
    assert (decoded.text, decoded.bom) == ("caf\u00e9,bar\r\n", False)
    assert files.encode("caf\u00e9, bar\r\n", decoded) == "caf\u00e9, bar\r\n".encode("cp1252")
    with pytest.raises(files.FileProblem, match="cannot encode"):
        files.encode("\u2014", files.decode(b"x", "latin-1"))


def test_check_encoding() -> None:
    assert files.check_encoding("LATIN-1") == "iso8859-1"
    with pytest.raises(LookupError):
        files.check_encoding("no-such-codec")
    with pytest.raises(LookupError):
        files.check_encoding("rot13")  # a codec, but not a text encoding


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("a.md", "markdown"),
        ("docs/A.MARKDOWN", "markdown"),
        ("x.mdx", "markdown"),
        ("index.rst", "rst"),
        ("notes.txt", "plain"),
        ("notes.text", "plain"),
        ("README", "plain"),
        ("data.log", "plain"),
    ],
)
def test_mode_for(name: str, mode: str) -> None:
    assert files.mode_for(name) == mode


# --------------------------------------------------------------------------- writing


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{files.TEMP_PREFIX}*{files.TEMP_SUFFIX}"))


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o664, 0o4755])
def test_write_atomic_keeps_permission_bits(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"old")
    path.chmod(mode)
    files.write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert temp_files(tmp_path) == []


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real" / "target.txt"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(os.path.join("real", "target.txt"))
    files.write_atomic(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("real", "target.txt")
    assert target.read_bytes() == b"new"
    assert temp_files(tmp_path) == [] and temp_files(target.parent) == []


def test_write_atomic_failure_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"original")
    seen: list[str] = []

    def broken_replace(src: str, dst: object) -> None:
        seen.append(os.path.basename(src))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        files.write_atomic(path, b"replacement")
    assert path.read_bytes() == b"original"
    assert temp_files(tmp_path) == []
    # The temporary file was next to the target, under a recognisable name.
    (name,) = seen
    assert name.startswith(files.TEMP_PREFIX) and name.endswith(files.TEMP_SUFFIX)


def test_write_atomic_leaves_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"original")
    data, state = files.read(path)
    assert data == b"original"
    path.write_bytes(b"edited by someone else")  # a different size: always detectable
    with pytest.raises(files.ChangedMeanwhile):
        files.write_atomic(path, b"repaired", read_state=state)
    assert path.read_bytes() == b"edited by someone else"
    assert temp_files(tmp_path) == []
    _, fresh = files.read(path)
    files.write_atomic(path, b"repaired", read_state=fresh)
    assert path.read_bytes() == b"repaired"


def test_write_atomic_interrupted_by_keyboard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"original")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(path, b"replacement")
    assert path.read_bytes() == b"original"
    assert temp_files(tmp_path) == []


# --------------------------------------------------------------------------- walking


def make_tree(root: Path) -> None:
    for rel in [
        "a.md",
        "b.txt",
        "c.rst",
        "d.markdown",
        "e.mdx",
        "f.text",
        "code.py",
        "notes.log",
        "docs/guide.md",
        "docs/deep/more.txt",
        "node_modules/pkg/readme.md",
        ".venv/lib/readme.txt",
        "build/out.txt",
        "pkg.egg-info/PKG-INFO.txt",
        ".git/COMMIT_EDITMSG.txt",
        "CMakeLists.txt",
        "requirements-dev.txt",
        ".well-known/security.txt",
        "LICENSE.txt",
        "LICENSES/MIT.txt",
        "_licenses/mit.txt",
        "assets/License/MIT/license.txt",
        "docs/COPYING",
        "NOTICE.txt",
        "ThirdPartyNotices.txt",
        "testdata/page.txt",
        "src/testdir/sample.txt",
        "talks/add.s.txt",
        "tests/data/sherlock.txt",
        "t/data/spam/0001.txt",
        "lib/t/data/mail.txt",
        "laws/t/tax-code.md",
        "pkg/test/fixtures/input.md",
        "scripts/bench/snapshots/black_mypy.txt",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n")


def displays(found: list[Found]) -> list[str]:
    return [f.display for f in found]


@pytest.fixture
def no_git_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory in which git will not find a repository."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plain_walk_takes_text_files_and_skips_tool_directories(no_git_above: Path) -> None:
    make_tree(no_git_above)
    assert files.git_files(".") is None
    found = files.collect(["."], Excluder(files.DEFAULT_EXCLUDE))
    assert displays(found) == [
        "a.md",
        "b.txt",
        "c.rst",
        "d.markdown",
        "docs/deep/more.txt",
        "docs/guide.md",
        "e.mdx",
        "f.text",
        "laws/t/tax-code.md",
    ]


def test_exclude_globs_match_names_and_relative_paths(no_git_above: Path) -> None:
    make_tree(no_git_above)
    by_name = files.collect(["."], Excluder(["*.md", "deep"]))
    # --exclude replaces the defaults: build/ and the egg-info directory come back, and
    # so do the build script, the pins, the licences, test data and code saved as text.
    assert displays(by_name) == [
        ".venv/lib/readme.txt",
        ".well-known/security.txt",
        "CMakeLists.txt",
        "LICENSE.txt",
        "LICENSES/MIT.txt",
        "NOTICE.txt",
        "ThirdPartyNotices.txt",
        "_licenses/mit.txt",
        "assets/License/MIT/license.txt",
        "b.txt",
        "build/out.txt",
        "c.rst",
        "d.markdown",
        "e.mdx",
        "f.text",
        "lib/t/data/mail.txt",
        "pkg.egg-info/PKG-INFO.txt",
        "requirements-dev.txt",
        "scripts/bench/snapshots/black_mypy.txt",
        "src/testdir/sample.txt",
        "t/data/spam/0001.txt",
        "talks/add.s.txt",
        "testdata/page.txt",
        "tests/data/sherlock.txt",
    ]
    by_path = files.collect(["docs"], Excluder(["./docs/deep/"]))
    assert displays(by_path) == ["docs/guide.md"]


def test_explicit_files_and_force_exclude(no_git_above: Path) -> None:
    make_tree(no_git_above)
    excluder = Excluder(["*.log", "docs"])
    assert displays(files.collect(["notes.log", "docs/guide.md"], excluder)) == [
        "notes.log",
        "docs/guide.md",
    ]
    forced = files.collect(["notes.log", "docs/guide.md", "a.md"], excluder, force_exclude=True)
    assert displays(forced) == ["a.md"]


def test_collect_keeps_order_dedupes_and_checks_paths_first(no_git_above: Path) -> None:
    make_tree(no_git_above)
    (no_git_above / "alias.md").symlink_to("a.md")
    found = files.collect(["b.txt", "-", "a.md", "alias.md", "./b.txt"], Excluder([]))
    assert displays(found) == ["b.txt", "-", "a.md"]
    assert found[1].is_stdin
    with pytest.raises(files.MissingPath):
        files.collect(["a.md", "missing.md"], Excluder([]))


def test_git_walk_honours_gitignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q", "."], check=True, env=clean_env())
    make_tree(tmp_path)
    (tmp_path / ".gitignore").write_text("ignored/\n*.secret.md\nb.txt\n")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "x.md").write_text("text\n")
    (tmp_path / "top.secret.md").write_text("text\n")
    subprocess.run(["git", "add", "a.md", "docs"], check=True, env=clean_env())
    (tmp_path / "docs" / "guide.md").unlink()  # deleted but still in the index
    found = files.collect(["."], Excluder(files.DEFAULT_EXCLUDE))
    assert displays(found) == [
        "a.md",
        "c.rst",
        "d.markdown",
        "docs/deep/more.txt",
        "e.mdx",
        "f.text",
        "laws/t/tax-code.md",
    ]
    sub = files.collect(["docs"], Excluder(files.DEFAULT_EXCLUDE))
    assert displays(sub) == ["docs/deep/more.txt"]


def test_cli_walk_in_a_git_repository(tidy_run: Runner, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=clean_env())
    (tmp_path / ".gitignore").write_text("generated/\n")
    for rel in ["kept.md", "generated/out.md", "node_modules/m.md", "docs/kept.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(SAMPLE)
    ran = tidy_run("fix", ".", cwd=tmp_path)
    assert ran.returncode == 0
    assert ran.stderr == (
        "fixed docs/kept.txt (4 edits)\nfixed kept.md (4 edits)\n2 files fixed (8 edits).\n"
    )
    assert (tmp_path / "generated/out.md").read_text() == SAMPLE
    assert (tmp_path / "node_modules/m.md").read_text() == SAMPLE
    (tmp_path / "docs/kept.txt").write_text(SAMPLE)
    extended = tidy_run("diff", "--extend-exclude", "docs", "--format", "json", ".", cwd=tmp_path)
    assert extended.returncode == 0 and extended.stdout == b""
    # --exclude replaces the default list: node_modules is walked again (git does not
    # ignore it here), docs is not.
    replaced = tidy_run("diff", "--exclude", "docs", "--format", "json", ".", cwd=tmp_path)
    assert replaced.returncode == 1
    assert {json.loads(line)["path"] for line in replaced.out.splitlines()} == {"node_modules/m.md"}


# --------------------------------------------------------------------------- through the CLI


def test_bytes_round_trip_apart_from_the_repairs(tidy_run: Runner, tmp_path: Path) -> None:
    """BOM, CRLF, a lone LF, a lone CR and no final newline all survive; only the damaged
    characters change."""
    original = (
        b"\xef\xbb\xbf"
        b"Title line\r\n"
        b"\r\n"
        b"services,Cabinet Office said.This includes\xc2\xa315,000.\r\n"
        b"A plain LF line,and more.\n"
        b"Old Mac line\r"
        b"35%of calls"
    )
    expected = (
        b"\xef\xbb\xbf"
        b"Title line\r\n"
        b"\r\n"
        b"services, Cabinet Office said. This includes \xc2\xa315,000.\r\n"
        b"A plain LF line, and more.\n"
        b"Old Mac line\r"
        b"35% of calls"
    )
    path = tmp_path / "mixed.txt"
    path.write_bytes(original)
    assert tidy_run("fix", "mixed.txt", cwd=tmp_path).returncode == 0
    assert path.read_bytes() == expected
    # And the engine agrees: the file layer added or lost nothing of its own.
    assert expected[3:].decode() == tidy.fix(original[3:].decode(), mode="plain").text


def test_cli_keeps_modes_and_writes_through_symlinks(tidy_run: Runner, tmp_path: Path) -> None:
    private = tmp_path / "private.txt"
    script = tmp_path / "script.txt"
    target = tmp_path / "store" / "target.txt"
    target.parent.mkdir()
    for path, mode in ((private, 0o640), (script, 0o755), (target, 0o644)):
        path.write_text(SAMPLE)
        path.chmod(mode)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    ran = tidy_run("fix", "private.txt", "script.txt", "link.txt", cwd=tmp_path)
    assert ran.returncode == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o640
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert link.is_symlink() and os.readlink(link) == str(target)
    for path in (private, script, target):
        assert path.read_text() == SAMPLE_FIXED
    assert temp_files(tmp_path) == [] and temp_files(target.parent) == []


# --------------------------------------------------------------------------- crash safety


def _variant(seed: int, size: int) -> str:
    """A long text with damage spread through it (deterministic per seed)."""
    rng = random.Random(seed)
    damaged = [
        "services,Cabinet Office said.This includes£15,000 and 35%of calls.",
        "The council met on Monday,and approved the plan.It will cost £2m.",
        "Turnout was 40%higher than in 2019,officials said.",
    ]
    clean = "The committee published its report on the proposals and the responses received."
    paragraphs = []
    total = 0
    while total < size:
        lines = [rng.choice(damaged) if rng.random() < 0.4 else clean for _ in range(4)]
        paragraph = " ".join(lines)
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def test_sigkill_mid_run_leaves_every_file_whole(tmp_path: Path) -> None:
    """Kill ``tidy fix`` while it rewrites 200 files: each file must be byte-identical to
    its original or to its fully fixed version, never a mixture or a truncation. At most
    one temporary file (``.tidy-*.tmp``) may remain: the one being written at the kill."""
    variants = [_variant(seed, 60_000) for seed in range(5)]
    fixed = [tidy.fix(v, mode="plain").text.encode() for v in variants]
    assert all(f != v.encode() for f, v in zip(fixed, variants, strict=True))
    tree = tmp_path / "tree"
    tree.mkdir()
    paths = []
    for i in range(200):
        path = tree / f"f{i:03}.txt"
        path.write_bytes(variants[i % 5].encode())
        paths.append(path)

    proc = subprocess.Popen(
        [str(TIDY), "fix", "-q", "-j", "1", str(tree)],  # one process: files in order
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=clean_env(),
    )
    try:
        deadline = time.monotonic() + 30
        first = variants[0].encode()
        while paths[0].read_bytes() == first:  # the first file is written first
            assert proc.poll() is None, "tidy exited before writing anything"
            assert time.monotonic() < deadline, "tidy never rewrote the first file"
            time.sleep(0.005)
        time.sleep(random.uniform(0.0, 0.5))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    states = []
    for i, path in enumerate(paths):
        data = path.read_bytes()
        if data == fixed[i % 5]:
            states.append("fixed")
        else:
            assert data == variants[i % 5].encode(), f"{path.name} is neither original nor fixed"
            states.append("original")
    # Files are processed in order: a fixed prefix, then untouched originals.
    assert states == sorted(states, key=lambda s: s != "fixed")
    assert 0 < states.count("fixed") < len(paths), "the kill did not land mid-run"
    leftovers = [p.name for p in tree.iterdir() if not p.name.endswith(".txt")]
    assert len(leftovers) <= 1, leftovers
    for name in leftovers:
        assert name.startswith(files.TEMP_PREFIX) and name.endswith(files.TEMP_SUFFIX)


@pytest.mark.parametrize(
    ("head", "made"),
    [
        ("<!-- This file is generated. DO NOT EDIT -->\n", True),
        (".. Code generated by gendocs; edit the source.\n", True),
        ("# This page is auto-generated from the schema\n", True),
        ("usage: certbot [SUBCOMMAND] [options] [-d DOMAIN]\n", True),
        ("This is ferry.info, produced by makeinfo version 7.1 from ferry.texi.\n", True),
        ("Note: this is the guide, produced by the makeinfo team by hand.\n", False),
        ("usage: \n  certbot [SUBCOMMAND] [options]\n", True),
        (
            "Issues closed\n=============\n\n"
            "These lists are automatically generated, and may be incomplete.\n",
            True,
        ),
        ("The API reference is automatically generated from the docstrings.\n", False),
        (
            "Authors\n=======\n\n"
            "This list of names is automatically generated, and may not be complete.\n",
            False,
        ),
        # prose that mentions generation, and reST's auto-numbered item, are no notice
        ("Intro\n\n#. The images are generated by the build.\n", False),
        ("The report is generated by hand each week.\n", False),
        ("Usage: run it twice [carefully]\n", False),
        # a code sample's own notice, in a fenced block, is the sample's
        ("# Models\n\n```py\n# generated by datamodel-codegen:\nclass A: ...\n```\n", False),
    ],
)
def test_generated_heads(head: str, made: bool) -> None:
    assert files.generated(head + "\nSome text,glued.\n") is made
