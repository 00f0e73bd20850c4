"""The package's own source: a guard against a mistake that no behaviour test is sure to
meet, because the shadowed definition may only run on rare input."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

import tidy

SOURCES = sorted(Path(tidy.__file__).parent.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_module_defines_a_top_level_name_twice(path: Path) -> None:
    # A second `def _aligned_lines` (or `_CLOSERS = …`) further down a module silently
    # replaces the first for every caller, and only the input that reaches the old
    # caller fails: with a TypeError, or with another character set.
    names: Counter[str] = Counter()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] += 1
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] += 1
    assert [name for name, n in names.items() if n > 1] == []
