"""tidy: rule-driven repair of scraped and pasted text, with every change explained.

>>> import tidy
>>> tidy.fix("services,Cabinet Office").text
'services, Cabinet Office'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tidy.model import Edit, Result
from tidy.rules import Rule, RuleError, load_rules, select_rules

__version__ = "0.1.0"
__all__ = ["Edit", "Result", "Rule", "RuleError", "__version__", "fix", "rules"]


def rules(rules_dirs: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Every known rule (built-in, then those in ``rules_dirs``) in running order."""
    return load_rules(tuple(str(d) for d in rules_dirs))


def fix(
    text: str,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    unsafe: bool = False,
    mode: str = "auto",
    rules_dirs: Iterable[str] = (),
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Result:
    """Repair ``text`` with the default rules (or those selected) and return the result.

    ``select``/``ignore``/``extend_select`` take rule ids or group names (``"ALL"`` names
    every rule). ``mode`` is ``"plain"``, ``"markdown"``, ``"rst"`` or ``"auto"`` (markup
    when the text shows its structure). ``rules_dirs`` adds rule files; ``rule_options``
    overrides rules' options (``{"boilerplate-lines": {"lines": [...]}}``).
    Pure: no I/O, no global state; the same input always gives the same result.
    Raises :class:`RuleError` for unknown rules or bad rule files, ``ValueError`` for an
    unknown mode.
    """
    from tidy.engine import run

    known = rules(rules_dirs)
    if rule_options:
        from tidy.config import apply_rule_options

        known = apply_rule_options(known, rule_options)
    chosen = select_rules(known, select, ignore, extend_select, unsafe)
    return run(text, chosen, mode)
