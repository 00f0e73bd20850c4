"""Document furniture: titles printed twice, breadcrumbs and site suffixes glued to a title,
a heading repeated at the foot, and web boilerplate lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from tidy.coderules import code_rule, option
from tidy.coderules.lines import Line, add_span, drop_line, iter_lines
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_HEADING_MARK = re.compile(r"^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
_SITE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+")
TOP_LINES = 6  # a title and its repeats sit in the first few lines


def _norm(line: str) -> str:
    if "#" in line:
        line = _HEADING_MARK.sub("", line)
    return " ".join(line.split())


def _title_like(line: str, max_words: int = 20) -> bool:
    s = _norm(line)
    words = s.split()
    return 0 < len(words) <= max_words and len(s) <= 160 and not s.endswith((".", ",", ";", ":"))


def _standalone(lines: list[Line], i: int) -> bool:
    """The line is a paragraph of its own: blank (or nothing) above and below."""
    above = i == 0 or lines[i - 1].blank
    below = i == len(lines) - 1 or lines[i + 1].blank
    return above and below


def _spans(text: str, lines: list[Line], idxs: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in sorted(idxs):
        add_span(out, *drop_line(text, lines[i].start, lines[i].next))
    return out


@code_rule("repeated-title", scope="document", whole_lines=True)
def repeated_title(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    lines = _head_and_tail(text)
    content = [i for i, ln in enumerate(lines) if not ln.blank]
    if len(content) < 2:
        return
    drop: dict[int, str] = {}
    top = content[:TOP_LINES]
    first, second = _norm(lines[top[0]].text), _norm(lines[top[1]].text)
    t = 0
    if first != second and _title_like(second):
        # "Trade Resources Industry Views <title>" / "<title> | News", then "<title>"
        if first.endswith(" " + second) and len(first[: -len(second)].split()) <= 6:
            drop[top[0]] = "breadcrumb trail glued to the title that follows"
            t = 1
        else:
            parts = _SITE_SEP.split(first)
            if len(parts) >= 2 and parts[0] == second and len(" ".join(parts[1:]).split()) <= 5:
                drop[top[0]] = "title with a site-name suffix, repeated without it below"
                t = 1
    title_i = top[t]
    title = _norm(lines[title_i].text)
    if _title_like(lines[title_i].text):
        run_end = title_i  # the title and its copies printed directly below it
        for i in top[t + 1 :]:
            if _norm(lines[i].text) != title:
                continue
            if (
                i == run_end + 1
                or _standalone(lines, i)
                or (i == run_end + 2 and lines[i - 1].blank)
            ):
                drop[i] = "title printed twice"
                run_end = i
    last = content[-1]
    if last not in drop and last > title_i:
        foot = _norm(lines[last].text)
        if len(foot.split()) >= 3 and _title_like(lines[last].text):
            if _earlier_heading(text, lines[last].text.strip(), lines[last].start):
                drop[last] = "heading repeated at the foot of the document"
    for a, b in _spans(text, lines, set(drop)):
        reason = next(drop[i] for i in drop if a <= lines[i].start < b)
        yield Change(a, b, "", reason)


def _earlier_heading(text: str, line: str, before: int) -> bool:
    """Whether ``line`` stands earlier in the text as a paragraph of its own (a heading)."""
    i = text.find(line, 0, before)
    while i >= 0:
        ls = text.rfind("\n", 0, i) + 1
        le = text.find("\n", i)
        le = len(text) if le < 0 else le
        if text[ls:le].strip() == line:
            above = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
            nxt = text.find("\n", le + 1)
            below = le >= len(text) - 1 or not text[le + 1 : len(text) if nxt < 0 else nxt].strip()
            if above and below:
                return True
        i = text.find(line, i + 1, before)
    return False


def _head_and_tail(text: str) -> list[Line]:
    """Only the first lines of a document and its last non-blank one (with the line before
    it) matter to this rule: the rest is not even split into lines."""
    head = []
    content = 0
    for ln in iter_lines(text):
        head.append(ln)
        content += not ln.blank
        if content > TOP_LINES or len(head) > 40:
            break  # the line after the top ones is there, for _standalone
    last = len(text.rstrip())  # just past the last non-blank character
    tail_start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, last))) + 1
    return head + [ln for ln in iter_lines(text, tail_start) if ln.start > head[-1].start]


def _trie(words: set[str]) -> str:
    """A regex matching exactly ``words``, with shared prefixes factored out: it is tried at
    every line start, and a trie rejects a line after a character or two instead of trying
    each word in turn."""
    tree: dict[str, dict] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        group = "(?:" + "|".join(alts) + ")"
        return group + "?" if "" in node else group

    return emit(tree)


@lru_cache(maxsize=16)
def _compile(lines: tuple[str, ...], patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A whole-line matcher for the furniture list: one that starts at a line break (a
    literal first character lets the regex engine skip ahead fast) and one for line 1."""
    alts = "|".join(([_trie(set(lines))] if lines else []) + list(patterns))
    body = r"[ \t]*(?:" + alts + r")[ \t]*\r?(?=\n|\Z)"
    return re.compile(r"\n" + body, re.I), re.compile(body, re.I)


@code_rule("boilerplate-lines", whole_lines=True)
def boilerplate_lines(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    after_break, first_line = _compile(
        tuple(option(rule, "lines", [])), tuple(option(rule, "patterns", []))
    )
    tail_heads = {s.lower() for s in option(rule, "tail-headings", [])}
    spans: list[tuple[int, int]] = []
    for s, e in ctx.regions:
        starts = [0] if s == 0 and first_line.match(text, 0, e) else []
        starts += [m.start() + 1 for m in after_break.finditer(text, max(0, s - 1), e)]
        for start in starts:
            nl = text.find("\n", start)
            add_span(spans, *drop_line(text, start, len(text) if nl < 0 else nl + 1))
    tail = (
        list(_related_tail(text, tail_heads))
        if tail_heads and ctx.regions[-1][1] >= len(text)
        else []
    )
    cut = tail[0].start if tail else len(text)
    for a, b in spans:
        if b <= cut:  # a furniture line inside the related-links tail goes with the tail
            yield Change(a, b, "", "web page furniture, not part of the text")
    yield from tail


def _related_tail(text: str, heads: set[str]) -> Iterator[Change]:
    """'Related Topics' followed to the end only by short link-like lines."""
    start = text.rfind("\n", 0, max(0, len(text) - 2000)) + 1
    tail = text[start:].lower()
    if not any(h in tail for h in heads):
        return  # the common case, found without splitting the tail into lines
    lines = list(iter_lines(text, start))
    for i, ln in enumerate(lines):
        if ln.text.strip().lower() in heads:
            rest = [x for x in lines[i + 1 :] if not x.blank]
            if all(
                len(x.text.split()) <= 5 and not x.text.rstrip().endswith((".", "!", "?"))
                for x in rest
            ):
                a = ln.start
                # take the blank lines before the heading too, and the newline ending the text
                while (
                    a > 0
                    and text[:a].endswith("\n")
                    and text[text.rfind("\n", 0, a - 1) + 1 : a - 1].strip() == ""
                ):
                    a = text.rfind("\n", 0, a - 1) + 1
                a = max(0, a - 1) if a > 0 and text[a - 1] == "\n" else a
                if a > 0 and text[a - 1] == "\r":
                    a -= 1  # CRLF: the line break goes whole
                end_nl = "\r\n" if text.endswith("\r\n") else "\n" if text.endswith("\n") else ""
                yield Change(a, len(text), end_nl, "related-links block at the end of the page")
            return
