"""The values tidy's engine hands back: edits located in the input, and the result."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Edit:
    """One change, located in the *original* input.

    ``start``/``end`` are character offsets into the text given to :func:`tidy.fix`.
    ``before`` is the text the rule replaced and ``after`` what replaced it. Rules run in
    order, each on the text the earlier ones left, so when a rule changes text an earlier
    rule produced (``&nbsp;`` → no-break space → space), its ``before`` is that text and
    its span covers the whole input region involved: edits can then overlap. For the
    first rule to touch a region, ``before == input[start:end]``.
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    message: str = ""


_SET_RULE, _SET_START, _SET_END, _SET_BEFORE, _SET_AFTER, _SET_MESSAGE = (
    getattr(Edit, name).__set__ for name in ("rule", "start", "end", "before", "after", "message")
)


def new_edit(rule: str, start: int, end: int, before: str, after: str, message: str) -> Edit:
    """``Edit(...)`` at half the cost: the engine builds one per change (hundreds of
    thousands in a badly damaged corpus), and a frozen dataclass's ``__init__`` pays for
    going round its own ``__setattr__`` guard. The result is an ordinary, equal Edit."""
    edit = object.__new__(Edit)
    _SET_RULE(edit, rule)
    _SET_START(edit, start)
    _SET_END(edit, end)
    _SET_BEFORE(edit, before)
    _SET_AFTER(edit, after)
    _SET_MESSAGE(edit, message)
    return edit


@dataclass(slots=True)
class Result:
    """What :func:`tidy.fix` returns: the repaired text and every edit that made it."""

    source: str
    text: str
    edits: list[Edit] = field(default_factory=list)
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)
    # Set instead of ``edits`` by a run that only counts (``locate=False``: the command
    # line's ``fix``, which reports numbers, not edits): how many edits each rule made.
    counts: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def rule_counts(self) -> dict[str, int]:
        """How many edits each rule made, whether they were located or only counted."""
        if self.counts is not None:
            return self.counts
        found: dict[str, int] = {}
        for e in self.edits:
            found[e.rule] = found.get(e.rule, 0) + 1
        return found

    @property
    def changed(self) -> bool:
        return self.text != self.source

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset in the original input."""
        if self._line_starts is None:
            starts = [0]
            find = self.source.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1


@dataclass(slots=True)  # not frozen: a frozen dataclass costs five times as much to build
class Change:
    """A replacement proposed by a rule, in the coordinates of the text the rule saw.
    Treated as immutable."""

    start: int
    end: int
    text: str
    message: str = ""
