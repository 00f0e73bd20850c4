"""Document furniture: titles printed twice, breadcrumbs and site suffixes glued to a title,
a heading repeated at the foot, and web boilerplate lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import product
from typing import TYPE_CHECKING

from tidy import rst
from tidy.coderules import code_rule, option
from tidy.coderules.lines import COPYRIGHT_NOTICE, Line, add_span, drop_line, iter_lines
from tidy.coderules.markup_lines import is_structure
from tidy.model import Change
from tidy.prefilter import literal_prefixes

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule

_HEADING_MARK = re.compile(r"^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
_SITE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+")
TOP_LINES = 6  # a title and its repeats sit in the first few lines
_MOST_PRINTINGS = 3  # a line at the top more often than this is data, not a title


def _norm(line: str) -> str:
    if "#" in line:
        line = _HEADING_MARK.sub("", line)
    return " ".join(line.split())


# A breadcrumb trail's words and the marks between them: no comma, quote, ellipsis or
# double dash, which a headline's own words hold (`Mayor Jones -- 'A Long Winter' ...`,
# `Mayor Jones, No Second Term For Me` over the headline's second half).
_BREADCRUMB = re.compile(r"[\w&][\w&.’-]*(?: (?:[\w&][\w&.’-]*|[>»›/|•·→-]))*")


def _words_over(line: str, n: int) -> bool:
    """Whether ``line`` has more than ``n`` words, read no further than that."""
    return len(line.split(None, n)) > n


def _title_like(line: str, max_words: int = 20) -> bool:
    # (_norm drops at most two words, the heading marks: a long line is not normalised)
    if _words_over(line, max_words + 2):
        return False
    s = _norm(line)
    words = s.split()
    return 0 < len(words) <= max_words and len(s) <= 160 and not s.endswith((".", ",", ";", ":"))


# What opens an attribution or a signature, not a heading: an embedded post's source
# (`— The Senate (@NGRSenate) October 9, 2018`) recurs after each post and is each one's.
_SIGN_OFF = ("—", "–", "-", "~")


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
    mode = ctx.mode

    def removable(i: int) -> bool:  # never a heading, list item, template line, title …
        return not is_structure(text, lines[i].start, mode)

    drop: dict[int, str] = {}
    top = content[:TOP_LINES]
    t = 0
    second_line = lines[top[1]].text
    # (a line with more words than a title has, even normalised twice, is none: a long one
    # is not normalised for nothing; a breadcrumb or a site's name adds six words at most)
    if not _words_over(second_line, 24) and not _words_over(lines[top[0]].text, 40):
        first, second = _norm(lines[top[0]].text), _norm(second_line)
        if first != second and _title_like(second) and removable(top[0]):
            # "Trade Resources Industry Views <title>" / "<title> | News", then "<title>"
            if (
                first.endswith(" " + second)
                and len(first[: -len(second)].split()) <= 6
                and _BREADCRUMB.fullmatch(first[: -len(second) - 1]) is not None
            ):
                drop[top[0]] = "breadcrumb trail glued to the title that follows"
                t = 1
            else:
                parts = _SITE_SEP.split(first)
                if (
                    len(parts) >= 2
                    and parts[0] == second
                    and len(" ".join(parts[1:]).split()) <= 5
                ):
                    drop[top[0]] = "title with a site-name suffix, repeated without it below"
                    t = 1
    title_i = top[t]
    title = _norm(lines[title_i].text) if _title_like(lines[title_i].text) else ""
    # (a text of nothing but copies of one line has no title: W:  8: Using …⏎W:  8: Using …)
    # (nor one printed four times or more at the top: a title comes twice, or thrice)
    if title:
        following = title_i + 1
        if (
            following < len(lines)
            and not lines[following].blank
            and not _is_copy(lines[following].text, title)
        ):
            title = ""  # (a first line that runs on into other lines opens a verse or a
            # stanza, and its copies are a refrain: `She asked me, "Son, …`)
        elif _verse_below(lines, content, title_i, title) or not any(
            _prose_line(lines[j].text)
            for j in content
            if j > title_i and not _is_copy(lines[j].text, title)
        ):
            title = ""  # (no prose below it: a refrain printed three times over a song's
            # data, not a page's title over its article)
    if (
        title
        and sum(_is_copy(lines[i].text, title) for i in top) <= _MOST_PRINTINGS
        and not all(_is_copy(lines[i].text, title) for i in content)
    ):
        for i in _title_copies(lines, top, t, title, strict=mode != "plain"):
            if removable(i):
                drop[i] = "title printed twice"
    last = content[-1]
    # A heading repeated at the foot is scraped furniture only in plain text; in Markdown
    # and reST a line that comes back in a later section is that section's content.
    if (
        mode == "plain"
        and last not in drop
        and last > title_i
        and _title_like(lines[last].text)  # (asked first: a long line is at once no title)
        and removable(last)
        and not lines[last].text.lstrip().startswith(_SIGN_OFF)
        # (the text between is prose: a song or a poem ends on its first line by design)
        and any(_sentence(lines[j].text) for j in content if title_i < j < last)
    ):
        if len(_norm(lines[last].text).split()) >= 3:
            line = lines[last].text.strip()
            dropped = {lines[i].start for i in drop}
            if _earlier_heading(text, line, lines[last].start, lines[title_i].start, dropped):
                drop[last] = "heading repeated at the foot of the document"
    for a, b in _spans(text, lines, set(drop)):
        reason = next(drop[i] for i in drop if a <= lines[i].start < b)
        yield Change(a, b, "", reason)


def _is_copy(line: str, title: str) -> bool:
    """Whether ``line`` is ``title`` (normalised); a line with more words than the title
    and its heading marks is none, and is not normalised (a scraped page may be one line
    of a megabyte)."""
    return not _words_over(line, title.count(" ") + 3) and _norm(line) == title


def _title_copies(
    lines: list[Line], top: list[int], t: int, title: str, strict: bool
) -> list[int]:
    """Copies of the title (``lines[top[t]]``, normalised: ``title``) among the top lines
    that can go: a copy standing alone, in a paragraph of copies, or (in plain text)
    opening a paragraph whose next line is prose. A copy that shares its paragraph with
    other short lines (``Yes / Yes / No``, a chorus) is that paragraph's content.
    ``strict`` (Markdown, reST): only copies printed right below the title, with nothing
    but blank lines between."""
    title_i = top[t]
    copies = []
    for i in top[t + 1 :]:
        if _is_copy(lines[i].text, title):
            copies.append(i)
        elif strict:
            break

    def heads_its_paragraph(i: int) -> bool:
        p0, p1 = _paragraph(lines, i)
        others = [j for j in range(p0, p1 + 1) if not _is_copy(lines[j].text, title)]
        # alone, among copies only, or copies and then the first line of the text
        return not others or (not strict and others[0] > i and _sentence(lines[others[0]].text))

    def printed_again(c: int) -> bool:
        """A copy with other lines between it and the title is the title printed again
        only where prose follows it (a refrain comes back among lines of verse)."""
        between = range(title_i + 1, c)
        if all(lines[j].blank or _is_copy(lines[j].text, title) for j in between):
            return True
        if any(COPYRIGHT_NOTICE.match(lines[j].text) for j in between):
            return False  # a licence's title, its copyright notice, the title over its body
        after = next((j for j in range(c + 1, len(lines)) if not lines[j].blank), None)
        return after is not None and _sentence(lines[after].text)

    if not copies or not heads_its_paragraph(title_i):
        return []  # the "title" is the first line of a verse or a list: nothing is a copy
    return [c for c in copies if heads_its_paragraph(c) and printed_again(c)]


def _paragraph(lines: list[Line], i: int) -> tuple[int, int]:
    """First and last index of the paragraph holding ``lines[i]`` (lines that follow each
    other in the text, with no blank line between)."""
    p0 = i
    while p0 > 0 and not lines[p0 - 1].blank and lines[p0 - 1].next == lines[p0].start:
        p0 -= 1
    p1 = i
    while p1 + 1 < len(lines) and not lines[p1 + 1].blank and lines[p1].next == lines[p1 + 1].start:
        p1 += 1
    return p0, p1


_VERSE_LINES = 3  # lines of a stanza, at least
_VERSE_WIDTH = 50  # the width most of a stanza's lines stay under


def _verse_below(lines: list[Line], content: list[int], title_i: int, title: str) -> bool:
    """Whether the first paragraph below the title and its copies is verse: three lines or
    more, most of them short (a song's stanza under a refrain sung twice, where an
    article's title stands over paragraphs of prose)."""
    body = [j for j in content if j > title_i and not _is_copy(lines[j].text, title)]
    if not body:
        return False
    p0, p1 = _paragraph(lines, body[0])
    stanza = [
        lines[j].text.strip()
        for j in range(p0, p1 + 1)
        if not lines[j].blank and not _is_copy(lines[j].text, title)
    ]
    short = sum(len(ln) < _VERSE_WIDTH for ln in stanza)
    return len(stanza) >= _VERSE_LINES and short * 2 > len(stanza)


def _prose_line(line: str) -> bool:
    """A line that ends a sentence, or is long: what follows a title is prose."""
    s = line.strip()
    if s.endswith(("。", "！", "？", "」")):
        return len(s) >= 8  # (Chinese and Japanese end their sentences so, unspaced)
    if len(s) >= 30 and sum("\u3000" <= c <= "\u9fff" for c in s) * 2 > len(s):
        return True  # a long line of Chinese or Japanese: a paragraph's, however it ends
    return len(s) >= 80 or (" " in s and s.endswith((".", "!", "?", '"', "”", ")")))


def _sentence(line: str) -> bool:
    """A line of prose: long, or a sentence of a few words."""
    s = line.strip()
    return len(s) >= 80 or (len(s.split()) >= 3 and s.endswith((".", "!", "?", '"', "”", ")")))


def _earlier_heading(text: str, line: str, before: int, title: int, dropped: set[int]) -> bool:
    """Whether ``line`` stands earlier in the text as a heading: a paragraph of its own,
    once (copies being dropped aside), and either the title (starting at ``title``) or
    followed by a paragraph of prose. A line that repeats, or that a verse follows, is a
    refrain, not a heading."""
    found: list[int] = []
    i = text.find(line, 0, before)
    while i >= 0:
        ls = text.rfind("\n", 0, i) + 1
        le = text.find("\n", i)
        le = len(text) if le < 0 else le
        if text[ls:le].strip() == line and ls not in dropped:
            above = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
            nxt = text.find("\n", le + 1)
            below = le >= len(text) - 1 or not text[le + 1 : len(text) if nxt < 0 else nxt].strip()
            if not (above and below):
                return False  # the line is also part of a paragraph: content
            found.append(ls)
        i = text.find(line, i + 1, before)
    if len(found) != 1:
        return False
    if found[0] == title:
        return True
    le = text.find("\n", found[0])
    return le >= 0 and _prose_follows(text, le)


def _prose_follows(text: str, pos: int) -> bool:
    """Whether the paragraph after the blank line at ``pos`` reads as prose: a long line,
    or a sentence of a few words standing alone (not the first of a verse's short lines)."""
    m = _NEXT_PARAGRAPH.match(text, pos)
    if m is None:
        return False
    alone = m.group(2) is None or not m.group(2).strip()
    return (alone or len(m.group(1).strip()) >= 80) and _sentence(m.group(1))


# a blank line, the next paragraph's first line, and the line after that
_NEXT_PARAGRAPH = re.compile(r"\r?\n[ \t\r]*\n\s*([^\n]+)(?:\n([^\n]*))?")


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
    tail = []
    for ln in iter_lines(text, tail_start):
        if ln.start > head[-1].start:
            tail.append(ln)
        if ln.start >= last:
            break  # the line after the last content (for _standalone); blank lines beyond
            # it do not matter, and a text of millions of them must not become Line objects
    return head + tail


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


# Letters of a furniture line's start the filter reads: five pass a sixth as many prose
# lines on to the whole list as three did (`con…`, `thi…`, `pro…` start many).
_PREFIX = 5


@lru_cache(maxsize=16)
def _compile(
    lines: tuple[str, ...], patterns: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
    """A whole-line matcher for the furniture list: one that starts at a line break (a
    literal first character lets the regex engine skip ahead fast), one for line 1, and a
    filter for the line starts where the first can match (None if it cannot be told)."""
    alts = "|".join(([_trie(set(lines))] if lines else []) + list(patterns))
    body = r"[ \t]*(?:" + alts + r")[ \t]*\r?(?=\n|\Z)"
    # A blank line is never furniture; saying so first keeps a run of a million blank
    # lines from costing a million tries of the whole alternation.
    after_break = re.compile(r"\n(?![ \t]*\r?\n)" + body, re.I)
    starts: set[str] | None = {line[:_PREFIX].lower() for line in lines}
    for p in patterns:
        found = literal_prefixes(p, _PREFIX)
        starts = None if found is None or starts is None else starts | found
    # (a scan for a line's first letters, spelled in every case rather than under
    # IGNORECASE, which compares letter by letter, costs a fifth of trying the whole list)
    start_filter = (
        re.compile(r"\n[ \t]*(?:" + _trie({v for p in starts for v in _cases(p)}) + ")")
        if starts
        else None
    )
    return after_break, re.compile(body, re.I), start_filter


def _cases(prefix: str) -> set[str]:
    """``prefix`` in every combination of upper and lower case (`sha`, `Sha`, `sHA` …)."""
    return {"".join(chars) for chars in product(*({c.lower(), c.upper()} for c in prefix))}


def _line_matches(
    text: str, after_break: re.Pattern[str], start_filter: re.Pattern[str] | None, s: int, e: int
) -> Iterator[re.Match[str]]:
    """The matches of ``after_break`` that start in text[s:e], tried only at the line
    starts ``start_filter`` finds. They are matched against the whole text: a region's end
    is no end of the text (`All rights reserved.` closes a page only where nothing follows
    it, not where a later pass's region of edited paragraphs stops)."""
    if start_filter is None:
        # (tried at each line break of the region: a search from s with no end would read
        # on to the next match, however far, for each region of a later pass)
        pos = text.find("\n", s, e)
        while pos >= 0:
            m = after_break.match(text, pos)
            if m:
                yield m
            pos = text.find("\n", m.end() if m else pos + 1, e)
        return
    end = -1
    for hit in start_filter.finditer(text, s, e):
        if hit.start() < end:
            continue
        m = after_break.match(text, hit.start())
        if m:
            end = m.end()
            yield m


@code_rule("boilerplate-lines", whole_lines=True)
def boilerplate_lines(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if ctx.doc_memo("word-list", _word_list):
        return  # advertisement / sponsored / promoted: entries of a list of words, not furniture
    after_break, first_line, start_filter = _compile(
        tuple(option(rule, "lines", [])), tuple(option(rule, "patterns", []))
    )
    tail_heads = {s.lower() for s in option(rule, "tail-headings", [])}
    # (a plain text file written in reST, as docutils names its .txt sources, is one too)
    structured = ctx.mode in ("markdown", "rst") or rst.plain_written_in_rst(ctx)
    spans: list[tuple[int, int]] = []
    for s, e in ctx.regions:
        first = first_line.match(text) if s == 0 else None
        found = [(0, first.end())] if first else []
        # (a match may run over several lines: a share block and its platforms' names)
        found += [
            (m.start() + 1, m.end())
            for m in _line_matches(text, after_break, start_filter, max(0, s - 1), e)
        ]
        for start, end in found:
            nl = text.find("\n", end)
            nxt = len(text) if nl < 0 else nl + 1
            if not ctx.ends_document and not text[end:].strip():
                continue  # (a foot's pattern, All rights reserved⏎\Z, read at the end of a
                # chunk: the document goes on after it)
            # A furniture phrase that is a title, a list item or a template line is
            # structure; in Markdown and reST it must also stand alone as a paragraph.
            if is_structure(text, start, ctx.mode) or (
                structured and (not _alone(text, start, nxt) or _heads_a_section(text, nxt, ctx))
            ):
                continue
            if structured and _COPYRIGHT.match(text, start, nxt):
                continue  # a document's own notice (Copyright © 2010 Ann Lee. All rights …)
            if text[start] in " \t" and _in_indented_passage(text, start, nxt):
                continue  # a heading inside a quoted letter or poem (``    ADVERTISEMENTS``)
            if _in_word_list(text, start, nxt):
                continue  # ADVERTISE / ADVERTISEMENT / ADVERTISER: an entry of a word list
            if _runs_through(text, start, nxt):
                continue  # a caption's words (`can⏎sign up for our newsletter to⏎find out`)
            add_span(spans, start, nxt, touching=True)  # (with the furniture line above)
    # Neighbouring furniture lines go as one block, so that the blank line before or after
    # the block goes with it (each alone would leave its two blank lines side by side).
    spans = [drop_line(text, a, b) for a, b in spans]
    tail = (
        list(_related_tail(text, tail_heads, ctx.mode))
        if tail_heads and ctx.regions[-1][1] >= len(text)
        else []
    )
    cut = tail[0].start if tail else len(text)
    for a, b in spans:
        if b <= cut:  # a furniture line inside the related-links tail goes with the tail
            yield Change(a, b, "", "web page furniture, not part of the text")
    yield from tail


def _runs_through(text: str, start: int, nxt: int) -> bool:
    """Whether a sentence runs through the line [start, nxt): the line above it ends on a
    word or a comma, the line itself ends on a word, and the line below goes on in lower
    case. Furniture stands on its own; a subtitle's or a wrapped text's line does not."""
    if start < 2 or text[start - 2] not in ",abcdefghijklmnopqrstuvwxyz":
        return False
    line = text[start:nxt].rstrip()
    return bool(line) and line[-1].isalpha() and text[nxt : nxt + 1].islower()


_WORD_LIST_SAMPLE = 20_000  # characters read to tell a list of words
_WORD_LIST_LINES = 20  # lines it needs


def _word_list(doc: str) -> bool:
    """Whether the document is a list of words, one to a line (a frequency list, a
    dictionary, a vocabulary): nine lines in ten or more hold one word and nothing else."""
    lines = [ln.strip() for ln in doc[:_WORD_LIST_SAMPLE].split("\n") if ln.strip()]
    if len(lines) < _WORD_LIST_LINES:
        return False
    # (a word, not a line of verse in a script written without spaces: 分光缀艳诗。)
    return 10 * sum(1 for ln in lines if _WORD_ENTRY.fullmatch(ln)) >= 9 * len(lines)


_WORD_ENTRY = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


# A copyright notice or an image's credit: in a page scraped from the web the site's
# furniture, in a document of a repository (Markdown, reST) the authors' own, to keep.
_COPYRIGHT = re.compile(
    r"[ \t]*(?:©|\([cC]\)|Copyright\b|All rights reserved"
    r"|(?:Image|Photo|Picture|Media) (?:copyright|source|credit|caption:? \S)"
    r"|(?:Photograph|Illustration|Composite|Photo illustration): )",
    re.IGNORECASE,
)


def _in_word_list(text: str, start: int, nxt: int) -> bool:
    """Whether the one-word line [start, nxt) sits in alphabetical order between the
    one-word lines right above and below it: a lexicon, a word list, an index."""
    word = text[start:nxt].strip().lower()
    if not word or any(c.isspace() for c in word) or start == 0 or nxt >= len(text):
        return False
    above = text[text.rfind("\n", 0, start - 1) + 1 : start].strip().lower()
    nl = text.find("\n", nxt)
    below = text[nxt : len(text) if nl < 0 else nl].strip().lower()
    return (
        bool(above and below)
        and not any(c.isspace() for c in above + below)
        and above <= word <= below
    )


def _in_indented_passage(text: str, start: int, nxt: int) -> bool:
    """Whether the nearest non-blank line above or below [start, nxt) is indented too."""
    below = nxt
    while below < len(text):
        e = text.find("\n", below)
        e = len(text) if e < 0 else e
        if text[below:e].strip():
            if text[below] in " \t":
                return True
            break
        below = e + 1
    above = start
    while above > 0:
        s = text.rfind("\n", 0, above - 1) + 1
        if text[s : above - 1].strip():
            return text[s] in " \t"
        above = s
    return False


def _heads_a_section(text: str, nxt: int, ctx: Context) -> bool:
    """Whether the next non-blank line after ``nxt`` is structure (a list, a table, a
    directive): then the line above it heads that content, as a title would."""
    m = _NEXT_LINE.search(text, nxt)
    return m is not None and is_structure(text, m.start(), ctx.mode)


_NEXT_LINE = re.compile(r"^[ \t]*\S", re.M)


def _alone(text: str, start: int, nxt: int) -> bool:
    """The line [start, nxt) is a paragraph of its own: blank lines (or the text's ends)
    above and below it."""
    above = start == 0 or not text[text.rfind("\n", 0, start - 1) + 1 : start].strip()
    nl = text.find("\n", nxt)
    below = nxt >= len(text) or not text[nxt : len(text) if nl < 0 else nl].strip()
    return above and below


def _related_tail(text: str, heads: set[str], mode: str) -> Iterator[Change]:
    """'Related Topics' followed to the end only by short link-like lines. A section of
    the document (an underlined title, list items, directives) is its own content."""
    start = text.rfind("\n", 0, max(0, len(text) - 2000)) + 1
    tail = text[start:].lower()
    if not any(h in tail for h in heads):
        return  # the common case, found without splitting the tail into lines
    lines = list(iter_lines(text, start))
    for i, ln in enumerate(lines):
        if ln.text.strip().lower() in heads:
            rest = [x for x in lines[i + 1 :] if not x.blank]
            if any(is_structure(text, x.start, mode) for x in [ln, *rest]):
                return
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
