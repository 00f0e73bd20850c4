"""tidy: rule-driven repair of scraped and pasted text, with every change explained.

>>> import tidy
>>> tidy.fix("services,Cabinet Office").text
'services, Cabinet Office'
"""

from __future__ import annotations

from collections.abc import Iterable

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
) -> Result:
    """Repair ``text`` with the default rules (or those selected) and return the result.

    ``select``/``ignore``/``extend_select`` take rule ids or group names. ``mode`` is
    ``"plain"``, ``"markdown"`` or ``"auto"`` (Markdown when the text shows its structure).
    Pure: no I/O, no global state; the same input always gives the same result.
    """
    from tidy.engine import run

    chosen = select_rules(rules(rules_dirs), select, ignore, extend_select, unsafe)
    return run(text, chosen, mode)
