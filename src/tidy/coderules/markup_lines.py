"""Which lines are document structure, for the rules that delete whole lines.

A furniture rule removes a line only when it is sure the line is not part of the
document. In Markdown and reST a heading, a list item, a table row, a directive, a title
with its adornment or a template line is structure: deleting it breaks the document
(an orphaned underline, an unclosed ``{% if %}``) even when its words look like furniture.
"""

from __future__ import annotations

import re

_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# template and shortcode tags (Jinja, Liquid, Hugo, Django, ERB)
_TEMPLATE = re.compile(r"\{[{%#]|[}%#]\}|<%")
# a bullet or an enumerator: "- x", "* x", "+ x", "• x", "1. x", "2) x", "(a) x", "#. x"
_LIST_ITEM = re.compile(
    r"[ \t]*(?:[-*+•‣◦▪]|\d{1,9}[.)]|\(\d{1,9}\)|[A-Za-z#][.)]|\([A-Za-z]\))[ \t]+\S"
)
_MD_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_EXPLICIT = re.compile(r"[ \t]*\.\.(?:[ \t]|$)")
_FIELD = re.compile(r"[ \t]*:(?![ :])[^:`\n]+(?<! ):(?:[ \t]|$)")
_MD_OTHER = re.compile(r"[ \t]*(?:>|\||</?[A-Za-z]|\[[^\]]+\]:|```|~~~)")


def adornment(s: str) -> bool:
    """``s`` (stripped) is a run of one punctuation character: an underline, an overline,
    a Markdown setext underline, a thematic break."""
    return len(s) >= 2 and s[0] in _PUNCT and s.count(s[0]) == len(s)


def _line(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the line that starts at ``pos`` (without its line break)."""
    e = text.find("\n", pos)
    return pos, len(text) if e < 0 else e


def is_structure(text: str, start: int, mode: str) -> bool:
    """Whether the line starting at ``start`` is structure that must never be deleted.

    In every mode: a template line, an explicit markup line (``.. x``), an adornment,
    a line with an underline or an overline, a list item. In Markdown and reST also a
    heading, a table row, a block quote, an HTML tag line, a field (``:name: value``).
    ``mode`` is the engine's mode (``plain``, ``markdown``, ``rst``)."""
    s, e = _line(text, start)
    line = text[s:e].rstrip("\r")
    stripped = line.strip()
    if not stripped:
        return False
    if _TEMPLATE.search(line) or _EXPLICIT.match(line) or adornment(stripped):
        return True
    if _LIST_ITEM.match(line):
        return True
    # an underline below, or an overline above: a section title
    if e < len(text):
        ns, ne = _line(text, e + 1)
        if adornment(text[ns:ne].strip()) and len(text[ns:ne].strip()) >= min(3, len(stripped)):
            return True
    if s > 0:
        ps = text.rfind("\n", 0, s - 1) + 1
        above = text[ps : s - 1].strip()
        if adornment(above) and len(above) >= min(3, len(stripped)):
            return True
    if mode in ("markdown", "rst"):
        if _MD_HEADING.match(line) or _MD_OTHER.match(line) or _FIELD.match(line):
            return True
        if stripped.count("|") >= 2:
            return True  # a table row
    return False
