"""The pre-commit hooks of .pre-commit-hooks.yaml, run for real.

``pre-commit try-repo`` clones this project (its HEAD, plus changes to tracked and staged
files) and pip-installs it into a fresh hook environment, which needs PyPI; a run takes
about a minute. One temporary repository serves both runs; HOME and PRE_COMMIT_HOME point
into it, so no cache outside is read or written (and pip's cache is shared by the runs).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, SAMPLE_FIXED, clean_env

if shutil.which("git") is None:
    pytest.skip("git is not installed: pre-commit needs it", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[1]

DAMAGED = "# Notes\n\n" + SAMPLE
REPAIRED = "# Notes\n\n" + SAMPLE_FIXED
CLEAN = "# Clean\n\nNothing to repair here.\n"
CODE = 'values = ["services,Cabinet Office"]  # services,Cabinet Office\n'  # not prose
# Prose files that the default exclusions keep as written: a licence, a test's input.
LICENCE = "Permission is granted,free of charge.This notice stays.\n"
FIXTURE = "The input,as the test reads it.Byte for byte.\n"


def _git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _try_repo(repo: Path, env: dict[str, str], hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """A git repository with a damaged and a clean Markdown file and a Python file, after
    the ``tidy`` hook ran on it: (repository, environment, what pre-commit printed)."""
    home = tmp_path_factory.mktemp("home")
    repo = tmp_path_factory.mktemp("repo")
    env = clean_env(
        {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "PRE_COMMIT_COLOR": "never",
            "GIT_CONFIG_NOSYSTEM": "1",
        }
    )
    _git(repo, env, "init", "-q")
    _git(repo, env, "config", "user.name", "tidy tests")
    _git(repo, env, "config", "user.email", "tests@example.invalid")
    (repo / "notes.md").write_text(DAMAGED, encoding="utf-8")
    (repo / "clean.md").write_text(CLEAN, encoding="utf-8")
    (repo / "tool.py").write_text(CODE, encoding="utf-8")
    (repo / "LICENSE.txt").write_text(LICENCE, encoding="utf-8")
    (repo / "tests").mkdir()
    (repo / "tests" / "input.md").write_text(FIXTURE, encoding="utf-8")
    _git(repo, env, "add", "notes.md", "clean.md", "tool.py", "LICENSE.txt", "tests/input.md")
    _git(repo, env, "commit", "-q", "-m", "files")
    ran = _try_repo(repo, env, "tidy")
    assert ran.returncode == 1, ran.stdout + ran.stderr  # 1: files were modified
    return repo, env, ran.stdout


def test_tidy_hook_repairs_prose_and_leaves_the_rest(
    hooked: tuple[Path, dict[str, str], str],
) -> None:
    repo, _, output = hooked
    assert "files were modified by this hook" in output
    assert (repo / "notes.md").read_text(encoding="utf-8") == REPAIRED
    assert (repo / "clean.md").read_text(encoding="utf-8") == CLEAN
    assert (repo / "tool.py").read_text(encoding="utf-8") == CODE
    # pre-commit names every file; the hook still leaves what tidy excludes by default
    assert (repo / "LICENSE.txt").read_text(encoding="utf-8") == LICENCE
    assert (repo / "tests" / "input.md").read_text(encoding="utf-8") == FIXTURE


def test_tidy_check_hook_passes_on_the_repaired_repository(
    hooked: tuple[Path, dict[str, str], str],
) -> None:
    repo, env, _ = hooked
    ran = _try_repo(repo, env, "tidy-check")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert (repo / "notes.md").read_text(encoding="utf-8") == REPAIRED
