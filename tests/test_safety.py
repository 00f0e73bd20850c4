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

from conftest import SAMPLE, SAMPLE_FIXED, Runner, clean_env
from tidy import files

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
