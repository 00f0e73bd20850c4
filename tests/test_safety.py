"""What tidy must never do to files it was not asked to touch, or may not touch: follow a
symbolic link out of the tree it walks, rewrite a read-only file or another user's file,
split hard links, lose an owner, hang on a named pipe or read a device for ever."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tidy
from conftest import SAMPLE, SAMPLE_FIXED, Runner, clean_env
from tidy import batch, files

NOBODY = 65534  # the conventional unprivileged user and group


def temp_files(directory: Path) -> list[Path]:
    return sorted(directory.rglob(f"{files.TEMP_PREFIX}*"))


# --------------------------------------------------------------------------- symbolic links


@pytest.fixture
def linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    """tree/ with its own file, and links out of it to victim/: a file, a directory, and
    a file linked under a prose name (notes.md -> ../victim/important.conf)."""
    tree, victim = tmp_path / "tree", tmp_path / "victim"
    tree.mkdir()
    victim.mkdir()
    (tree / "own.md").write_text(SAMPLE)
    (victim / "important.conf").write_text(SAMPLE)
    (victim / "other.txt").write_text(SAMPLE)
    (tree / "notes.md").symlink_to(os.path.join("..", "victim", "important.conf"))
    (tree / "other.txt").symlink_to(victim / "other.txt")  # absolute
    (tree / "outside").symlink_to(victim, target_is_directory=True)
    (tree / "inside.md").symlink_to("own.md")  # a link within the tree is fine
    return tree, victim


def test_a_walk_does_not_follow_links_out_of_the_tree(
    tidy_run: Runner, linked_tree: tuple[Path, Path]
) -> None:
    tree, victim = linked_tree
    ran = tidy_run("fix", "-v", "tree", cwd=tree.parent)
    assert ran.returncode == 0, ran.stderr
    assert (tree / "own.md").read_text() == SAMPLE_FIXED
    assert (victim / "important.conf").read_text() == SAMPLE
    assert (victim / "other.txt").read_text() == SAMPLE
    assert f"skipped tree/notes.md: a symbolic link out of the tree (to {victim}" in ran.stderr
    assert "skipped tree/other.txt: a symbolic link out of the tree" in ran.stderr
    assert "fixed tree/own.md (4 edits)\n" in ran.stderr
    assert ran.stderr.endswith("1 file fixed (4 edits).\n")  # own.md once, not via inside.md
    quiet = tidy_run("fix", "tree", cwd=tree.parent)  # without -v the skips are silent
    assert quiet.returncode == 0 and "skipped" not in quiet.stderr


def test_a_git_tracked_link_out_of_the_tree_is_not_followed(
    tidy_run: Runner, linked_tree: tuple[Path, Path]
) -> None:
    tree, victim = linked_tree
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True, env=clean_env())
    subprocess.run([*git, "add", "-A"], cwd=tree, check=True, env=clean_env())
    listed = files.git_files(str(tree))
    assert listed is not None and "notes.md" in listed  # git lists the link itself
    ran = tidy_run("diff", "tree", cwd=tree.parent)
    assert "notes.md" not in ran.out
    assert tidy_run("fix", "tree", cwd=tree.parent).returncode == 0
    assert (victim / "important.conf").read_text() == SAMPLE


def test_a_link_named_on_the_command_line_is_followed_and_said_so(
    tidy_run: Runner, linked_tree: tuple[Path, Path]
) -> None:
    tree, victim = linked_tree
    ran = tidy_run("fix", "tree/notes.md", cwd=tree.parent)
    assert ran.returncode == 0, ran.stderr
    target = victim / "important.conf"
    assert target.read_text() == SAMPLE_FIXED
    assert (tree / "notes.md").is_symlink()
    assert f"fixed tree/notes.md (4 edits, through the symbolic link to {target})\n" in ran.stderr


# --------------------------------------------------------------------------- not files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipes_and_devices_are_refused_not_read(tidy_run: Runner, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")  # reading it would block for ever
    (tmp_path / "ok.md").write_text(SAMPLE)
    ran = tidy_run("fix", "pipe.md", "/dev/zero", "ok.md", cwd=tmp_path)
    assert ran.returncode == 123
    assert "error: pipe.md: not a regular file (a named pipe); not read\n" in ran.stderr
    assert "error: /dev/zero: not a regular file (a character device); not read\n" in ran.stderr
    assert (tmp_path / "ok.md").read_text() == SAMPLE_FIXED
    jsonl = tidy_run("fix", "--jsonl", "pipe.md", cwd=tmp_path)
    assert jsonl.returncode == 123 and "a named pipe" in jsonl.stderr
    # a walk never picks one up
    assert "pipe.md" not in tidy_run("fix", "-v", ".", cwd=tmp_path).stderr


# --------------------------------------------------------------------------- permissions


def test_a_read_only_file_is_refused_even_for_root(tidy_run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_text(SAMPLE)
    path.chmod(0o444)
    ran = tidy_run("fix", "locked.md", cwd=tmp_path)
    assert ran.returncode == 123
    assert "error: locked.md: read-only file (mode 0444); not rewritten\n" in ran.stderr
    assert path.read_text() == SAMPLE
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert temp_files(tmp_path) == []
    check = tidy_run("fix", "--check", "locked.md", cwd=tmp_path)  # writes nothing: no error
    assert check.returncode == 1 and "would fix locked.md" in check.stderr


def test_hard_links_stay_linked(tidy_run: Runner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text(SAMPLE)
    os.link(first, second)
    inode = first.stat().st_ino
    ran = tidy_run("fix", "a.md", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert first.read_text() == second.read_text() == SAMPLE_FIXED
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert first.stat().st_nlink == 2
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_keeps_the_owner_group_and_mode_of_another_users_file(
    tidy_run: Runner, tmp_path: Path
) -> None:
    path = tmp_path / "theirs.md"
    path.write_text(SAMPLE)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o640)
    assert tidy_run("fix", "theirs.md", cwd=tmp_path).returncode == 0
    st = path.stat()
    assert path.read_text() == SAMPLE_FIXED
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (NOBODY, NOBODY, 0o640)


# --- as an unprivileged user ------------------------------------------------------------

# Run tidy's command line in a process that drops to ``nobody``. The interpreter may live
# where that user cannot read (under /root), so the process first runs tidy once as root to
# import everything it needs, then drops its privileges and runs the real command.
_AS_NOBODY = textwrap.dedent(
    """
    import os, pwd, sys
    import tidy.cli

    def run(*args):
        sys.argv = ["tidy", *args]
        try:
            tidy.cli.main()
        except SystemExit as exc:
            return exc.code
        return 0

    warm, uid, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    run("fix", "-q", "-j", "1", warm)
    try:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    except OSError as exc:
        print(f"cannot drop privileges: {exc}", file=sys.stderr)
        sys.exit(77)
    sys.stderr.flush()
    sys.exit(run(*args))
    """
)


def as_nobody(tmp_path: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to drop to an unprivileged user")
    warm = tmp_path / "warm.md"
    warm.write_text(SAMPLE)
    proc = subprocess.run(
        [sys.executable, "-c", _AS_NOBODY, str(warm), str(NOBODY), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    if proc.returncode == 77:
        pytest.skip(proc.stderr.strip())
    return proc


@pytest.fixture
def shared_dir(tmp_path: Path) -> Path:
    """A world-writable directory (no sticky bit) that ``nobody`` can reach."""
    base = Path("/tmp") if Path("/tmp").is_dir() else tmp_path
    directory = base / f"tidy-shared-{os.getpid()}-{tmp_path.name}"
    directory.mkdir()
    directory.chmod(0o777)
    yield directory
    for p in directory.iterdir():
        p.unlink()
    directory.rmdir()


def test_unprivileged_user_cannot_replace_a_file_it_may_not_write(
    tmp_path: Path, shared_dir: Path
) -> None:
    root_file = shared_dir / "roots.md"
    root_file.write_text(SAMPLE)
    root_file.chmod(0o644)
    mine = shared_dir / "mine.md"
    mine.write_text(SAMPLE)
    os.chown(mine, NOBODY, NOBODY)
    mine.chmod(0o444)
    ran = as_nobody(tmp_path, shared_dir, "fix", "-j", "1", "roots.md", "mine.md")
    assert ran.returncode == 123, ran.stderr
    assert (
        "error: roots.md: not writable by this user (owner root, mode 0644); not rewritten\n"
        in ran.stderr
    )
    assert "error: mine.md: read-only file (mode 0444); not rewritten\n" in ran.stderr
    assert root_file.read_text() == SAMPLE and root_file.stat().st_uid == 0
    assert mine.read_text() == SAMPLE
    assert temp_files(shared_dir) == []


def test_unprivileged_user_keeps_the_owner_of_a_group_writable_file(
    tmp_path: Path, shared_dir: Path
) -> None:
    path = shared_dir / "team.md"
    path.write_text(SAMPLE)
    os.chown(path, 0, NOBODY)  # root's file, writable by nobody's group
    path.chmod(0o664)
    inode = path.stat().st_ino
    ran = as_nobody(tmp_path, shared_dir, "fix", "-j", "1", "team.md")
    assert ran.returncode == 0, ran.stderr
    st = path.stat()
    assert path.read_text() == SAMPLE_FIXED
    # rewritten in place: a new file would have belonged to nobody
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode), st.st_ino) == (0, NOBODY, 0o664, inode)
    assert temp_files(shared_dir) == []


# --------------------------------------------------------------------------- untrusted config

SECRET = "hunter2-do-not-print"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("/proc/self/environ", "not a learned boilerplate file: it holds NUL characters"),
        ("/dev/zero", "not a regular file (a character device); not read"),
        ("pipe", "not a regular file (a named pipe); not read"),
    ],
)
def test_a_config_naming_a_special_file_fails_without_reading_or_quoting_it(
    tidy_run: Runner, tmp_path: Path, target: str, reason: str
) -> None:
    if target == "/proc/self/environ" and not Path(target).exists():
        pytest.skip("no /proc here")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "tidy.toml").write_text(f'boilerplate = "{target}"\n')
    (tmp_path / "a.md").write_text(SAMPLE)
    ran = tidy_run("fix", "a.md", cwd=tmp_path, env={"TIDY_TEST_SECRET": SECRET})
    assert ran.returncode == 2
    shown = target if target.startswith("/") else str(tmp_path / target)
    assert ran.stderr == f"error: {shown}: {reason}\n"
    assert (tmp_path / "a.md").read_text() == SAMPLE


def test_a_malformed_boilerplate_file_is_quoted_only_in_a_short_escaped_excerpt(
    tidy_run: Runner, tmp_path: Path
) -> None:
    line = f"TOKEN=\x1b]0;{'x' * 20}{SECRET}{'x' * 500}"
    (tmp_path / "learned.tsv").write_text(line + "\n")
    ran = tidy_run("fix", "--boilerplate", "learned.tsv", "-", input=SAMPLE, cwd=tmp_path)
    assert ran.returncode == 2
    assert SECRET not in ran.stderr and "\x1b" not in ran.stderr
    assert ran.stderr == (
        f"error: {tmp_path / 'learned.tsv'}: not a learned boilerplate file: line 1: expected "
        "kind<TAB>count<TAB>text, got 1 field: 'TOKEN=\\x1b]0;xxxxxxxxxxxxxx'… (550 characters)\n"
    )


def test_a_rules_dir_holding_a_named_pipe_fails_without_hanging(
    tidy_run: Runner, tmp_path: Path
) -> None:
    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / "pipe.toml")
    ran = tidy_run("fix", "--rules-dir", "rules", "-", input=SAMPLE, cwd=tmp_path)
    assert ran.returncode == 2
    assert "pipe.toml: not a regular file (a named pipe); not read\n" in ran.stderr


# --------------------------------------------------------------------------- user rules

RULE = """\
id = "{id}"
summary = "A user rule"
safety = "safe"
pattern = '{pattern}'
replacement = "{replacement}"

[examples]
fix = [{fix}]
keep = ["the cat"]
"""


def write_rule(directory: Path, pattern: str, fix: str, rid: str = "user-rule") -> None:
    directory.mkdir(exist_ok=True)
    text = RULE.format(id=rid, pattern=pattern, replacement="the", fix=fix)
    (directory / f"{rid}.toml").write_text(text)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+$", "a repeat inside a repeat"),
        ("(\\w+\\s?)*$", "a repeat inside a repeat"),
        ("(a|aa)+$", "a repeated alternation whose branches can match the same text"),
        ("\\w+\\s*\\w+@", "two unbounded repeats of the same characters side by side"),
        ("a{1,5000}", "a counted repeat bound of 5000 (at most 1000)"),
    ],
)
def test_a_user_pattern_that_can_backtrack_for_ever_is_refused(
    tmp_path: Path, pattern: str, reason: str
) -> None:
    write_rule(tmp_path / "rules", pattern, '["teh cat", "the cat"]')
    with pytest.raises(tidy.RuleError) as caught:
        tidy.rules([str(tmp_path / "rules")])
    assert f"user-rule.toml: pattern {pattern!r} is refused: {reason}" in str(caught.value)


def test_the_command_line_refuses_a_catastrophic_pattern_at_once(
    tidy_run: Runner, tmp_path: Path
) -> None:
    write_rule(tmp_path / "rules", "(a+)+$", '["teh cat", "the cat"]')
    ran = tidy_run("fix", "--rules-dir", "rules", "-", input="a" * 5000 + "!", cwd=tmp_path)
    assert ran.returncode == 2
    assert "user-rule.toml: pattern '(a+)+$' is refused: a repeat inside a repeat" in ran.stderr


def test_safe_user_patterns_with_lookarounds_still_load(tidy_run: Runner, tmp_path: Path) -> None:
    write_rule(tmp_path / "rules", "(?<![A-Za-z])teh(?=\\s)", '["teh cat", "the cat"]')
    ran = tidy_run(
        "fix", "--rules-dir", "rules", "--select", "user-rule", input="teh cat\n", cwd=tmp_path
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.out == "the cat\n"


def test_a_user_rule_that_fails_its_own_examples_is_refused(
    tidy_run: Runner, tmp_path: Path
) -> None:
    examples = '["teh cat", "the cat"], ["Teh cat", "The cat"]'
    write_rule(tmp_path / "rules", "\\bteh\\b", examples)
    ran = tidy_run("rules", "--rules-dir", str(tmp_path / "rules"))
    assert ran.returncode == 2
    assert ran.stderr.endswith(
        "user-rule.toml: fix example 'Teh cat' gives 'Teh cat', not 'The cat'\n"
    )
    fix = tidy_run("fix", "--rules-dir", "rules", "-", input="teh cat\n", cwd=tmp_path)
    assert fix.returncode == 2 and "fix example 'Teh cat'" in fix.stderr


def test_a_configured_pattern_option_is_checked_too(tidy_run: Runner, tmp_path: Path) -> None:
    (tmp_path / "tidy.toml").write_text("[rule-options.boilerplate-lines]\npatterns = ['(x+)+y']\n")
    ran = tidy_run("fix", "-", input=SAMPLE, cwd=tmp_path)
    if "has no option 'patterns'" in ran.stderr:
        pytest.skip("boilerplate-lines takes no patterns option")
    assert ran.returncode == 2
    assert "rule-options.boilerplate-lines.patterns: item 0 is refused" in ran.stderr


# --------------------------------------------------------------------------- smaller items


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_repaired_in_their_encoding(
    tidy_run: Runner, tmp_path: Path, codec: str
) -> None:
    mark = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(
        codec, b"\xff\xfe\x00\x00" if codec == "utf-32-le" else b"\x00\x00\xfe\xff"
    )
    path = tmp_path / "wide.txt"
    path.write_bytes(mark + SAMPLE.replace("\n", "\r\n").encode(codec))
    found = files.Found("wide.txt", str(path))
    outcome = batch.process_file(found, batch.Settings(), batch.Job(write=True))
    assert outcome.status == batch.CHANGED, outcome.note
    assert path.read_bytes() == mark + SAMPLE_FIXED.replace("\n", "\r\n").encode(codec)
    with pytest.raises(files.DecodeProblem, match="pass --encoding"):
        files.decode(mark + SAMPLE.encode(codec))  # read in pieces (standard input)
    if codec != "utf-16-le":
        return
    piped = tidy_run("fix", "-", input=mark + SAMPLE.encode(codec))
    assert piped.returncode == 123
    assert piped.stdout == mark + SAMPLE.encode(codec)  # passed through as it came
    family = codec.rsplit("-", 1)[0]
    assert f"pass --encoding {family} to repair it" in piped.stderr


def test_diff_of_a_record_with_a_lone_surrogate(tidy_run: Runner, tmp_path: Path) -> None:
    (tmp_path / "s.jsonl").write_text('{"text": "pay,pensions \\ud800 x"}\n')
    ran = tidy_run("diff", "--jsonl", "s.jsonl", cwd=tmp_path)
    assert ran.returncode == 1, ran.stderr
    assert "-pay,pensions \\ud800 x\n" in ran.out and "+pay, pensions \\ud800 x\n" in ran.out
    as_json = tidy_run("diff", "--jsonl", "--format", "json", "s.jsonl", cwd=tmp_path)
    assert as_json.returncode == 1, as_json.stderr
    assert '"rule": "space-after-comma"' in as_json.out


def test_diff_shows_terminal_escapes_in_content_and_names_escaped(
    tidy_run: Runner, tmp_path: Path
) -> None:
    name = "x\x1b[2J.txt"
    (tmp_path / name).write_text("pay,pensions \x1b]0;owned\x07 and\rhidden\r\n")
    ran = tidy_run("diff", "--color", "always", ".", cwd=tmp_path)
    assert ran.returncode == 1, ran.stderr
    content = ran.out.replace("\x1b[0m", "").replace("\x1b[1m", "")
    for style in ("\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[33m", "\x1b[2m", "\x1b[7m"):
        content = content.replace(style, "")
    content = content.replace("\x1b[1;7;31m", "").replace("\x1b[1;7;32m", "")
    assert "\x1b]0" not in ran.out and "\x07" not in ran.out and "\x1b[2J" not in ran.out
    assert "--- x\\x1b[2J.txt\n" in content
    assert "-pay,pensions \\x1b]0;owned\\x07 and\\rhidden\r\n" in content
    check = tidy_run("fix", "--check", ".", cwd=tmp_path)
    assert "x\x1b[2J" not in check.stderr and "would fix x\\x1b[2J.txt" in check.stderr


def test_invalid_numeric_entities_are_left_as_written(tidy_run: Runner) -> None:
    text = "Tea &amp; cake &#0; &#xD800; &#1114112; &#1; &#13; &#x1F600; &#146;\n"
    ran = tidy_run("fix", "--type", "plain", input=text)
    assert ran.out == "Tea & cake &#0; &#xD800; &#1114112; &#1; &#13; 😀 ’\n"


def test_jobs_beyond_the_cpus_are_capped_with_a_warning(tidy_run: Runner, tmp_path: Path) -> None:
    for i in range(10):
        (tmp_path / f"f{i}.md").write_text(SAMPLE)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ran = tidy_run("fix", "-j", "64", ".", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    cpu_word = "CPU" if cpus == 1 else "CPUs"
    warning = f"warning: -j 64 is more than the {cpus} {cpu_word} available; using {cpus}\n"
    assert ran.stderr.startswith(warning)
    assert tidy_run("fix", "-q", "-j", "64", ".", cwd=tmp_path).stderr == ""
