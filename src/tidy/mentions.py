"""Forms quoted to be set against each other: ``write "hello — world" not "hello—world"``.

A style guide shows the wrong form beside the right one, each in quotes, on one line. An
edit that makes a quoted form equal to another quoted form on its line has repaired the
counter-example the writer meant to show, and left the sentence saying nothing.
"""

from __future__ import annotations

import re

# A quotation on one line, in straight or curly double quotes.
_QUOTED = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')


def equals_another(text: str, start: int, end: int, new: str) -> bool:
    """Whether replacing ``text[start:end]`` by ``new`` (inside one quotation) makes that
    quotation read the same as another quotation on its line."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    if le < 0:
        le = len(text)
    if text.count('"', ls, le) + text.count("“", ls, le) < 3:
        return False  # (two quotations at least)
    inside = None
    others = []
    for m in _QUOTED.finditer(text, ls, le):
        group = 1 if m.group(1) is not None else 2
        qs, qe = m.span(group)
        if qs <= start and end <= qe:
            inside = (qs, qe)
        else:
            others.append(m.group(group))
    if inside is None or not others:
        return False
    qs, qe = inside
    repaired = text[qs:start] + new + text[end:qe]
    return repaired in others and text[qs:qe] not in others
