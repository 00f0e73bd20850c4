"""A Markdown heading's anchor: the link target a site derives from the heading's words.

Other pages link to ``#what-is-prometheus-``; an edit that changes the words a heading's
anchor is made of (a space removed before ``?``, a comma spaced) breaks those links, and
tidy cannot see them. So an edit inside a heading is made only where the anchor stays the
same (a zero-width space removed), as reST section titles are left whole.
"""

from __future__ import annotations

import re

_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|\r?$)")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*\r?$")
# An anchor the author set ({#custom-id}, as Hugo, Docusaurus and kramdown read it).
_CUSTOM_ID = re.compile(r"\{#[\w.:-]+\}[ \t]*\r?$")
# The anchor keeps letters, digits, ``_``, ``-`` and spaces (made hyphens), as GitHub's
# and most static sites' slug rules do; everything else is dropped.
_NOT_IN_ANCHOR = re.compile(r"[^\w\- ]")


def anchor(title: str) -> str:
    """The anchor a heading line's words make (its ``#`` marks drop out)."""
    return _NOT_IN_ANCHOR.sub("", title.strip().lower()).replace(" ", "-")


def _is_heading(text: str, ls: int, le: int) -> bool:
    if _ATX.match(text, ls, le):
        return True
    if not text[ls:le].strip() or _SETEXT_UNDERLINE.match(text, ls, le):
        return False
    nxt = le + 1
    if nxt > len(text):
        return False
    ne = text.find("\n", nxt)
    return _SETEXT_UNDERLINE.match(text, nxt, len(text) if ne < 0 else ne) is not None


def moves_anchor(text: str, start: int, end: int, new: str) -> bool:
    """Whether replacing ``text[start:end]`` by ``new`` changes the anchor of a Markdown
    heading (ATX ``## Title`` or an underlined title) that the edit falls in."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", start)
    if le < 0:
        le = len(text)
    if not _is_heading(text, ls, le):
        return False
    if end > le:
        return True  # (an edit across the heading's line break: never made)
    line = text[ls:le]
    if _CUSTOM_ID.search(line):
        return False  # the author fixed the anchor: the words may change
    edited = line[: start - ls] + new + line[end - ls :]
    return anchor(line) != anchor(edited)


# An in-page link: its text, then the anchor it points to (`[Exercises:Level 1](#exercises…)`).
_PAGE_LINK = re.compile(r"\[([^\]\n]{1,200})\]\(#([^)\s]+)\)")


def mirrors_heading(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in the text of an in-page link whose words make the
    anchor it points to: a table of contents' copy of a heading, which stays as the heading
    is (an edit to the heading would move its anchor, so the heading stays too), and which
    the next regeneration of the table would write again as it was."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    if le < 0:
        le = len(text)
    if text.find("](#", ls, le) < 0:
        return False
    for m in _PAGE_LINK.finditer(text, ls, le):
        if m.start(1) <= start and end <= m.end(1):
            return anchor(m.group(1)) == m.group(2).lower()
    return False
