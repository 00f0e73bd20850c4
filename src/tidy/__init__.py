"""tidy: rule-driven repair of scraped and pasted text, with every change explained.

>>> import tidy
>>> tidy.fix("services,Cabinet Office").text
'services, Cabinet Office'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from tidy.model import Edit, Result
from tidy.rules import Rule, RuleError, load_rules, select_rules

__version__ = "0.1.0"
__all__ = ["Edit", "Result", "Rule", "RuleError", "__version__", "fix", "fixer", "rules"]


def rules(rules_dirs: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Every known rule (built-in, then those in ``rules_dirs``) in running order."""
    return load_rules(tuple(str(d) for d in rules_dirs))


def fixer(
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    unsafe: bool = False,
    mode: str = "auto",
    rules_dirs: Iterable[str] = (),
    rule_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Callable[[str], Result]:
    """A ``fix`` with its rules chosen once: for many documents (records, corpora, Dask),
    where resolving the selection on every call would be wasted work. Picklable."""
    if rule_options:
        from tidy.config import apply_rule_options

        known = apply_rule_options(rules(tuple(rules_dirs)), rule_options)
        chosen = tuple(select_rules(known, select, ignore, extend_select, unsafe))
    else:
        chosen = _chosen(
            _names(select), _names(ignore), _names(extend_select), unsafe, tuple(rules_dirs)
        )
    if mode not in ("auto", "plain", "markdown", "rst"):
        raise ValueError(f"unknown mode {mode!r}")
    return functools.partial(_run, rules=chosen, mode=mode)


def _names(names: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(names)


@functools.lru_cache(maxsize=32)
def _chosen(
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    extend_select: tuple[str, ...] | None,
    unsafe: bool,
    rules_dirs: tuple[str, ...],
) -> tuple[Rule, ...]:
    """The selection resolved once per set of arguments: ``fix`` called document by
    document would otherwise redo it every time."""
    return tuple(select_rules(rules(rules_dirs), select, ignore, extend_select, unsafe))


def _run(text: str, *, rules: tuple[Rule, ...], mode: str, locate: bool = True) -> Result:
    from tidy.engine import run

    return run(text, rules, mode, locate)


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
    return fixer(
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        unsafe=unsafe,
        mode=mode,
        rules_dirs=rules_dirs,
        rule_options=rule_options,
    )(text)
