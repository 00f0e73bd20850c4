"""Input tidy cannot trust: a repository's configuration, rule files and learned files are
untrusted in CI. Error messages quote them only in short, escaped excerpts, and a user's
regular expressions are checked for the shapes that make a backtracking engine take
exponential time before they are ever run.
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser behind re.compile: the public module name changed in Python 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

__all__ = ["EXCERPT", "UnsafePattern", "check_pattern", "excerpt"]

EXCERPT = 24  # characters of untrusted text an error message may quote
MAX_PATTERN = 2000  # characters in one user pattern
MAX_REPEAT = 1000  # the largest bound a user pattern may give a counted repeat {m,n}


def excerpt(value: Any, limit: int = EXCERPT) -> str:
    """A short, escaped quotation of untrusted text for an error message: ``repr`` of at
    most ``limit`` characters (so control characters, escape sequences and line breaks
    are shown, not acted on), with the full length when it was cut."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"


class UnsafePattern(ValueError):
    """A user pattern that could make matching take exponential (or worse) time."""


# --------------------------------------------------------------------------- patterns

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)} - {None}
_MAXREPEAT = _c.MAXREPEAT
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def check_pattern(source: str, flags: int = 0) -> None:
    """Raise :class:`UnsafePattern` for a pattern whose matching time can blow up on
    hostile text, and ``re.error`` for one that does not compile.

    Python's engine backtracks, so some shapes take exponential time on a line crafted to
    almost match: a repeat inside a repeat (``(a+)+``, ``(\\w+\\s?)*``), a repeated
    alternation whose branches can start alike (``(a|ab)*``), or two unbounded repeats of
    the same characters side by side (``\\w+\\w+``, cubic over a search). These are
    refused with the reason; the pattern can nearly always be written without them (one
    repeat of a character class, a lookahead, or a ``{m,n}`` bound). Lookarounds and
    backreferences, which linear-time engines lack, stay available."""
    if len(source) > MAX_PATTERN:
        raise UnsafePattern(f"longer than {MAX_PATTERN} characters")
    parsed = _p.parse(source, flags)
    _check_sequence(list(parsed), source)


def _check_sequence(items: list[tuple[Any, Any]], source: str) -> None:
    open_run: frozenset[str] | None = None  # chars of an unbounded repeat still reachable
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high != _MAXREPEAT and high > MAX_REPEAT:
                raise UnsafePattern(f"a counted repeat bound of {high} (at most {MAX_REPEAT})")
            if high == _MAXREPEAT or high > 1:
                inner = _variable_repeat(body)
                if inner:
                    raise UnsafePattern(
                        "a repeat inside a repeat (like (a+)+ or (\\w+\\s?)*) can take "
                        "exponential time; repeat one character class instead"
                    )
                if high == _MAXREPEAT and _overlapping_branches(body):
                    raise UnsafePattern(
                        "a repeated alternation whose branches can match the same text "
                        "(like (a|aa)*) can take exponential time"
                    )
            _check_sequence(body, source)
            if high == _MAXREPEAT:
                chars = _single_class(body)
                if chars is not None and open_run is not None and chars & open_run:
                    raise UnsafePattern(
                        "two unbounded repeats of the same characters side by side (like "
                        "\\w+\\w+ or .*.*) make a search take cubic time"
                    )
                if chars is not None:
                    open_run = chars if open_run is None else open_run | chars
                    continue
                open_run = None
                continue
            if low == 0:
                continue  # optional: an open run stays reachable across it
            open_run = None
            continue
        for sub in _children(op, av):
            _check_sequence(sub, source)
        if op in _ZERO_WIDTH:
            continue
        open_run = None


def _children(op: Any, av: Any) -> list[list[tuple[Any, Any]]]:
    """The sub-sequences of a node: groups, branches, lookarounds, conditionals."""
    if op == _c.SUBPATTERN:
        return [list(av[-1])]
    if op == _c.BRANCH:
        return [list(b) for b in av[1]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(av[1])]
    if op == _c.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    if op == getattr(_c, "ATOMIC_GROUP", None):
        return [list(av)]
    return []


def _variable_repeat(items: list[tuple[Any, Any]]) -> bool:
    """Whether a sequence holds a repeat whose count can vary between more than two values
    (not ``{3}``, not an optional ``?``), at any depth but inside lookarounds (which match
    once). An optional part makes a turn's length vary: :func:`_overlapping_branches`."""
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            if low != high and high > 1:
                return True
            if _variable_repeat(list(body)):
                return True
        elif op not in (_c.ASSERT, _c.ASSERT_NOT):
            if any(_variable_repeat(sub) for sub in _children(op, av)):
                return True
    return False


# A sample of characters standing for the classes a pattern can name; two branches that
# can start with the same one of them are taken to overlap.
_SAMPLE = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + ["\t", "\n", "\r", "\xa0", "é", "ß", "’", "“", "中", "–"]
)


def _first(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The sample characters a sequence can start with (None: it can match nothing)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in _REPEATS:
            low, _, body = av
            out |= _first(list(body)) or set()
            if low == 0:
                continue
            return frozenset(out)
        if op == _c.SUBPATTERN:
            sub = list(av[-1])
            out |= _first(sub) or set()
            if _can_be_empty(sub):
                continue
            return frozenset(out)
        if op == _c.BRANCH:
            branches = [list(b) for b in av[1]]
            for b in branches:
                out |= _first(b) or set()
            if any(_can_be_empty(b) for b in branches):
                continue
            return frozenset(out)
        chars = _class_chars(op, av)
        return frozenset(out | (chars if chars is not None else _SAMPLE))
    return frozenset(out) if out else None


def _can_be_empty(items: list[tuple[Any, Any]]) -> bool:
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in _REPEATS:
            if av[0] == 0 or _can_be_empty(list(av[2])):
                continue
            return False
        if op == _c.SUBPATTERN:
            if _can_be_empty(list(av[-1])):
                continue
            return False
        if op == _c.BRANCH:
            if any(_can_be_empty(list(b)) for b in av[1]):
                continue
            return False
        return False
    return True


def _overlapping_branches(body: list[tuple[Any, Any]]) -> bool:
    """Whether one turn of a repeated body can end in more than one place before text the
    next turn could also start with: it matches texts of different lengths (an
    alternation or an optional part), and a character it can hold after its first can also
    begin it, as in ``(a|aa)*`` or ``(x|xy?x)+`` (``(a|ab)*`` or ``(foo|ba)+`` cannot split two
    ways)."""
    width = _p.SubPattern(_p.State(), body).getwidth()
    if width[0] == width[1]:
        return False
    first = _first(body) or frozenset()
    rest: set[str] = set()
    _rest_chars(body, False, rest)
    return bool(first & rest)


def _rest_chars(items: list[tuple[Any, Any]], consumed: bool, rest: set[str]) -> bool:
    """Add to ``rest`` the sample characters a sequence can hold at a position other than
    its first (``consumed``: something may already have been matched before it); return
    whether something may have been matched after it."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            after = _rest_chars(body, consumed, rest)
            if high > 1:  # a second turn starts after the first
                _rest_chars(body, True, rest)
            consumed = consumed or (after and low > 0) or after
        elif op == _c.SUBPATTERN:
            consumed = _rest_chars(list(av[-1]), consumed, rest)
        elif op == _c.BRANCH:
            ends = [_rest_chars(list(b), consumed, rest) for b in av[1]]
            consumed = any(ends)
        else:
            chars = _class_chars(op, av)
            if consumed:
                rest |= chars if chars is not None else _SAMPLE
            consumed = True
    return consumed


def _single_class(body: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The sample characters of a repeat body that is one character (a literal, a class,
    ``.``); None for anything longer."""
    while len(body) == 1 and body[0][0] == _c.SUBPATTERN:
        body = list(body[0][1][-1])
    if len(body) != 1:
        return None
    return _class_chars(*body[0])


def _class_chars(op: Any, av: Any) -> frozenset[str] | None:
    """The sample characters one character-matching node accepts (None: not such a node)."""
    if op == _c.LITERAL:
        return frozenset([chr(av)])
    if op == _c.NOT_LITERAL:
        return _SAMPLE - {chr(av)}
    if op == _c.ANY:
        return _SAMPLE - {"\n"}
    if op in (_c.IN, _c.CATEGORY):
        pattern = re.compile(_p_source(op, av))
        return frozenset(c for c in _SAMPLE if pattern.fullmatch(c))
    return None


def _p_source(op: Any, av: Any) -> str:
    """A tiny pattern matching what one IN or CATEGORY node matches."""
    if op == _c.CATEGORY:
        return _CATEGORY.get(av, ".")
    parts = []
    negate = False
    for sub_op, sub_av in av:
        if sub_op == _c.NEGATE:
            negate = True
        elif sub_op == _c.LITERAL:
            parts.append(re.escape(chr(sub_av)))
        elif sub_op == _c.RANGE:
            parts.append(f"{re.escape(chr(sub_av[0]))}-{re.escape(chr(sub_av[1]))}")
        elif sub_op == _c.CATEGORY:
            parts.append(_CATEGORY.get(sub_av, ""))
    body = "".join(parts) or "\\x00"
    return f"[{'^' if negate else ''}{body}]"


_CATEGORY = {
    _c.CATEGORY_DIGIT: "\\d",
    _c.CATEGORY_NOT_DIGIT: "\\D",
    _c.CATEGORY_SPACE: "\\s",
    _c.CATEGORY_NOT_SPACE: "\\S",
    _c.CATEGORY_WORD: "\\w",
    _c.CATEGORY_NOT_WORD: "\\W",
}
