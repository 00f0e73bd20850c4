"""Rules that a pattern cannot express, registered by name for rule files' ``code = "…"``.

Each function takes ``(text, ctx, rule)`` and yields :class:`tidy.engine.Change` values in
the coordinates of ``text``; the engine drops any that touch protected spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tidy.engine import Change, Context
    from tidy.rules import Rule

CodeRule = Callable[[str, "Context", "Rule"], Iterable["Change"]]
REGISTRY: dict[str, CodeRule] = {}
SCOPE: dict[str, str] = {}
WHOLE_LINES: set[str] = set()


def code_rule(
    name: str, scope: str = "inline", whole_lines: bool = False
) -> Callable[[CodeRule], CodeRule]:
    """Register a code rule. ``inline`` rules look only at the regions the engine asks for
    (through ``ctx.finditer``); ``document`` rules always see the whole text.
    ``whole_lines`` rules only ever delete whole lines of furniture: they respect code
    blocks, front matter and switched-off regions, but not the character-level protections
    (a ``Home | News | Sport`` menu looks like a table row and must still go)."""

    def register(fn: CodeRule) -> CodeRule:
        REGISTRY[name] = fn
        SCOPE[name] = scope
        if whole_lines:
            WHOLE_LINES.add(name)
        return fn

    return register


def option(rule: Rule, key: str, default: Any) -> Any:
    return rule.options.get(key, default)


# Importing the modules fills the registry.
from tidy.coderules import (  # noqa: E402
    brackets,
    encoding,
    learned,
    punctuation,
    quotes,
    structure,
    transliterate,
    whitespace,
)

__all__ = [
    "REGISTRY",
    "brackets",
    "code_rule",
    "encoding",
    "learned",
    "option",
    "punctuation",
    "quotes",
    "structure",
    "transliterate",
    "whitespace",
]
