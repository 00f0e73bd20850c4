"""The README stays true: its rules table is generated from rules/, and its examples are
what the installed tidy prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tidy
from tidy.docs import replace_section

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TIDY = str(Path(sys.executable).with_name("tidy"))
ARTICLE = ROOT / "fixtures" / "readme" / "scraped-article.txt"


def test_rules_table_is_current() -> None:
    assert replace_section(README, tidy.rules()) == README, "run: python -m tidy.docs README.md"


def test_every_rule_is_in_the_readme() -> None:
    for rule in tidy.rules():
        assert f"| `{rule.id}` |" in README


def test_fix_example_output_is_what_tidy_prints() -> None:
    out = subprocess.run(
        [TIDY, "fix"], stdin=ARTICLE.open("rb"), capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert out == (ROOT / "fixtures" / "readme" / "scraped-article.expected.txt").read_text(
        encoding="utf-8"
    )
    block = README.split("$ tidy fix < fixtures/readme/scraped-article.txt\n", 1)[1]
    assert block.startswith(out)


def test_diff_example_lines_are_what_tidy_prints() -> None:
    proc = subprocess.run(
        [TIDY, "diff", "--color", "never", str(ARTICLE.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    shown = [
        ln for ln in README.splitlines() if ln.startswith("fixtures/readme/scraped-article.txt:")
    ]
    assert shown and all(ln in proc.stdout.splitlines() for ln in shown)
    assert "1 file would be fixed (19 edits)." in proc.stderr


def test_library_example() -> None:
    result = tidy.fix("services,Cabinet Office said.This includes£15,000.")
    assert result.text == "services, Cabinet Office said. This includes £15,000."
    assert "result.text    # 'services, Cabinet Office said. This includes £15,000.'" in README
