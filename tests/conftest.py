"""Shared fixtures: the installed ``tidy`` console script run in a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

# The installed console script (next to this interpreter), not the source tree's module.
TIDY = Path(sys.executable).parent / "tidy"

SAMPLE = "services,Cabinet Office said.This includes£15,000 and 35%of calls.\n"
SAMPLE_FIXED = "services, Cabinet Office said. This includes £15,000 and 35% of calls.\n"

# Variables that change how tidy (or git, or rich) behaves and must not leak in.
_SCRUB = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS", "TERM")


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: bytes
    stderr: str

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")


Runner = Callable[..., Ran]


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUB and not k.startswith("GIT_")}
    env["TERM"] = "xterm"  # colour decisions must come from tidy's flags, not a dumb terminal
    env.update(extra or {})
    return env


def run_tidy(
    *args: str | os.PathLike[str],
    input: bytes | str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    stdin: int | None = None,
    executable: Sequence[str] = (str(TIDY),),
) -> Ran:
    """Run tidy; bytes in and out, so line endings and BOMs are seen exactly."""
    data = input.encode("utf-8") if isinstance(input, str) else input
    proc = subprocess.run(
        [*executable, *map(str, args)],
        input=data,
        stdin=subprocess.DEVNULL if data is None and stdin is None else stdin,
        capture_output=True,
        cwd=cwd,
        env=clean_env(env),
        timeout=60,
        check=False,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace"))


@pytest.fixture(scope="session")
def tidy_bin() -> Path:
    if not TIDY.exists():  # pragma: no cover - a broken environment, not a failing test
        pytest.fail(f"the tidy console script is not installed at {TIDY}")
    return TIDY


@pytest.fixture
def tidy_run(tidy_bin: Path) -> Runner:
    return run_tidy


@pytest.fixture
def sample() -> str:
    return SAMPLE


@pytest.fixture
def sample_fixed() -> str:
    return SAMPLE_FIXED
