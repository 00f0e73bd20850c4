"""Where rules must not edit: code, markup, URLs, numbers and other technical spans.

Two layers, both cheap on ordinary prose:

* block spans, found once per text and only when the text holds a trigger character
  (a backtick, ``<``, ``{``, ``$``, ``|``, ``[`` …): code, markup, front matter, tables,
  preformatted lines;
* token checks, run only for a candidate edit: is the whitespace-delimited token around it
  a URL, an e-mail address, a dotted name, a path or code?
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from tidy import rst
from tidy.literal import contains

if TYPE_CHECKING:
    from tidy.model import Change

# Letters of the scripts whose prose uses spaces between words (Latin, Greek, Cyrillic).
LETTER = r"A-Za-zÀ-ÖØ-öø-ɏḀ-ỿͰ-ϿЀ-ӿ"

_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
# Front matter in JSON, as Hugo reads it: an object from the first line to a closing brace
# alone on its line.
_JSON_FRONT_MATTER = re.compile(
    r'\A\{[ \t]*\r?\n[ \t]*"[^\n]*\n.*?^\}[ \t]*(?:\r?\n|\Z)', re.S | re.M
)
# An indented line may be code or a quotation laid out by hand, and is kept as it is;
# not an attribution, though (``\t\t-- Johann Wolfgang von Goethe(Faust I)``: a dash and
# a capitalised name, as fortunes, epigraphs and block quotes sign theirs), which is prose.
_INDENTED = re.compile(r"^(?: {4,}|\t)(?![ \t]*(?:--|—|―) [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])[^\n]*", re.M)
# An indented paragraph is prose (a letter, a story or a quotation set in from the
# margin) when every line of it is indented and opens with a word, nine words in ten or
# more are plain words, sentences run through it, and its words are a language's. Code,
# commands and data show brackets, operators, paths, flags or digits in their tokens.
_PROSE_WORD = re.compile(r"[\"“‘'(]?[^\W\d_]+(?:['’-][^\W\d_]+)*[.,;:!?\"”’')]{0,3}")
_INDENTED_LINE = re.compile(r"(?: {4,}|\t)[\"“‘'(]?[^\W\d_]")
_CODE_SIGNS = re.compile(r"[{}<>=;$`|\\#*_/@]|\(\)|::|->|\s--?[a-z]|\.[a-z]{1,4}\b")
_PROSE_SHARE = 0.9
_PROSE_WORDS = 12


def _indented_prose(text: str) -> bool:
    """Whether the paragraph ``text`` is prose set in from the margin, not code."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines or not all(_INDENTED_LINE.match(ln) for ln in lines):
        return False
    if any("  " in ln.strip() for ln in lines):
        return False  # gaps inside a line: set out by hand or justified, as laid out
    if _CODE_SIGNS.search(text):
        return False
    words = text.split()
    if len(words) < _PROSE_WORDS:
        return False
    plain = sum(1 for w in words if _PROSE_WORD.fullmatch(w))
    if plain < _PROSE_SHARE * len(words):
        return False
    from tidy import language  # (language reads lines; protect is imported before it)

    return language.identify_line(" ".join(words)) != language.UNKNOWN


_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)")
# In Markdown and reST an inline code span may run over a line break (not a blank line).
_INLINE_CODE_LINES = re.compile(r"(?<!`)(`+)(?!`)(?:[^\n]|\n(?![ \t]*\r?\n))*?(?<!`)\1(?!`)")
# Multi-line constructs are bounded: a stray opener must not swallow the rest of a long
# text up to an unrelated closer far away (scraped corpora hold "$$" and "<!--" in prose).
BLOCK_LIMIT = 20_000
_HTML_COMMENT = re.compile(rf"<!--.{{0,{BLOCK_LIMIT}}}?-->", re.S)
# MDX's comment, a JSX expression that holds only a comment: {/* spellchecker:off */}.
_JSX_COMMENT = re.compile(rf"\{{/\*.{{0,{BLOCK_LIMIT}}}?\*/\}}", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[^<>]*)?/?>")
# HTML's inline code elements, as MDX and Markdown pages write them beside backticks: what
# they hold is a literal (<code>``</code> and <code>''</code> are two tokens, no quotation).
_HTML_CODE = re.compile(r"<(code|kbd|samp|tt|var)\b[^<>\n]*>[^\n]{0,200}?</\1>", re.I)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w.-]+)>")
_LINK_DEST = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)
_LINK_REF = re.compile(r"\]\[[^\]\n]*\]")
# [time.Time][] or [lang.Merge](…): a link whose text is one token names a thing (in
# ASCII, as code names are: [BeyoncÃ©](…) is a word, its letters misdecoded)
_LINK_NAME = re.compile(r"\[[!-\\^-~]+\](?=[\[(])")
REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S[^\n]*", re.M)
# A command line or a setting quoted for the reader to copy: "posttls-finger -L 1,trace
# example.com", "smtpd_log_access_permit_actions = static:all".
_QUOTED_COMMAND = re.compile(
    r'"(?:[a-z][\w.+-]*(?: [\w./=:,-]+){0,3} --?[A-Za-z][^"\n]{0,200}'
    r'|[a-z][a-z0-9]*(?:_[a-z0-9]+)+ = [^"\n]{1,200})"'
)
# Code quoted in a sentence: a braced body between the quotes ("function() { [ native
# code ] }", "gen() [ first ] {}"), the quotes set as a quotation's are (not the gap
# between two quotations).
_QUOTED_CODE = re.compile(r'"(?<![^\s(\[]")[^"\n]{0,200}?\{[^"\n{}]{0,100}\}[^"\n]{0,200}"(?!\w)')
# A list literal of code quoted in prose: ['this', 'is', 1 , 2 , 3], ["a", "b"].
_ITEM = r"""(?:'[^'\n]{0,40}'|"[^"\n]{0,40}"|-?\d+(?:\.\d+)?|True|False|None|null)"""
_LIST_LITERAL = re.compile(rf"\[ ?{_ITEM}(?: ?, ?{_ITEM}){{1,40}} ?\]")
# A MyST directive's opening line (:::{figure} a.png, ```{unsplash} misty,mountains) and
# the option lines under it (`:style: linear-gradient(315deg, …)`): the directive's name,
# argument and settings, whatever they say.
_MYST_OPENING = re.compile(
    r"^[ \t]*(?::{3,}|`{3,}|~{3,})\{[\w:.-]+\}[^\n]*(?:\n[ \t]*:[\w-]+:(?:[ \t][^\n]*)?)*", re.M
)
# lynx's rendering of an insertion or a deletion: [INS: nt :INS], [DEL: parâit :DEL].
_LYNX_EDIT = re.compile(r"\[(INS|DEL): [^\]\n]{0,200} :\1\]")
# A key or a chord in Python-Markdown's keys syntax (MkDocs): ++ctrl+alt+del++, ++"."++.
_KEYS = re.compile(r'\+\+(?:"[^"\n]{1,30}"|[\w-]+)(?:\+(?:"[^"\n]{1,30}"|[\w-]+))*\+\+')
# A wiki link (Obsidian, Dendron, Foam, MediaWiki): [[aws.SDK]] names a note's file.
_WIKILINK = re.compile(r"\[\[[^\[\]\n]{1,200}\]\]")
_TOML_HEADER = re.compile(r"^[ \t]*\[\[?[\w.\"'-]+\]\]?[ \t]*$|^[ \t]*[\w.-]+ = [\[{\"'].*$", re.M)
# (and a shortcode told its body is code, {{< card code=true >}}, and Docsy's and others'
# {{< comment >}}, whose body is never published)
_CODE_SHORTCODE = re.compile(
    r"\{\{[<%]\s*(?:(code-toggle|code|highlight|datatable|comment)\b"
    r"|([\w-]+)\b[^}\n]*\bcode=\"?true\b)"
    rf".{{0,{BLOCK_LIMIT}}}?"
    r"\{\{[<%]\s*/(?:\1|\2)\s*[>%]\}\}",
    re.S,
)
# Template blocks whose body is captured verbatim (code shown on the page, raw text):
# Jinja/Nunjucks/Liquid ``{% raw %}``, ``{% highlight js %}``, ``{% set name %}`` (the block
# form, without ``=``), ``{% capture name %}``, ``{% comment %}`` and their end tags.
_TEMPLATE_BLOCK = re.compile(
    r"\{%-?\s*(?:(raw|verbatim|comment|highlight|codeblock)\b[^%]*"
    r"|(capture|set)\s+[\w.]+\s*)-?%\}"
    rf".{{0,{BLOCK_LIMIT}}}?"
    r"\{%-?\s*end(?:\1|\2)\s*-?%\}",
    re.S,
)
# A Go template action holding a raw string, which may span paragraphs: {{raw `
#     type Tree[T any] struct {…}
# `}} (the Go blog's code samples).
_GO_RAW_TEMPLATE = re.compile(
    rf"\{{\{{-?[ \t]*[\w.]*[ \t]*`[^`]{{0,{BLOCK_LIMIT}}}`[^{{}}\n]{{0,200}}\}}\}}"
)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# (an opener is glued to its formula or ends its line, or opens a line: `$$ A = … $$`)
_MATH_BLOCK = re.compile(
    rf"\$\$(?:(?=\S|[ \t]*\r?\n)|(?<=\n\$\$)|(?<=\A\$\$)).{{1,{BLOCK_LIMIT}}}?\$\$", re.S
)
# A formula on one line between `$$` padded inside (`$$ E[var(Y \mid X)] $$`): one that
# holds a command, an index, a power or an equals sign (no sum of dollars does).
_MATH_PADDED = re.compile(r"\$\$[ \t][^$\n]*?[\\^_=][^$\n]*?[ \t]\$\$")
_MATH_INLINE = re.compile(r"(?<![\\$\w])\$(?=[^\s$])[^$\n]*?[^\s$\\]\$(?![\d$])")
_TABLE_LINE = re.compile(r"^[ \t]*\|[^\n]*|^[^\n]*\|[^\n]*\|[^\n]*", re.M)
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# An MDX file's JavaScript: `import { Callout,Tabs } from '…'`, `export const meta = …`
# (no prose line opens with these lower-case words).
_MDX_ESM = re.compile(r"^(?:import|export)[ \t{*][^\n]*", re.M)
_PROMPT_LINE = re.compile(r"^[ \t]*\$ [^\n]*", re.M)  # a shell prompt line
# reST interpreted text with its role (:func:`a.b`, `x`:sub:), a reference (`Text <url>`_,
# `name`__), a footnote or citation reference ([1]_, [#note]_), a backslash escape. A role
# may run over the paragraph's lines; a bare `x` may too, but only in reST.
_RST_ROLE = re.compile(
    r":[A-Za-z][\w.+:-]*:`[^`]{1,500}?`|`[^`]{1,500}?`(?:__?|:[A-Za-z][\w.+:-]*:)(?!\w)"
)
_RST_INTERPRETED = re.compile(r"(?<![`\w])`(?=\S)[^`]{1,500}?(?<=\S)`(?![`\w])")
_RST_FOOTNOTE_REF = re.compile(r"\[(?:\d+|#[\w.-]*|\*|[A-Za-z][\w.-]*)\]_(?!\w)")
_RST_ESCAPE = re.compile(r"\\[^\n]")
_BOX = "─-╿▀-▟"  # box drawing and block elements
_BOX_CHARS = re.compile(f"[{_BOX}]")
_BOX_LINE = re.compile(f"^[^\\n]*[{_BOX}][^\\n]*", re.M)
_TAB_INSIDE = re.compile(r"^[^\n]*\S\t+\S[^\n]*", re.M)
_GAP = re.compile(r"\S(?:[ \t\u00a0]{2,}|\t)\S")


# A help file's example (Vim's ``:help`` format): a line that ends with a lone ``>``
# introduces lines indented by any amount, blank ones among them, up to the first line
# that starts in the first column (``<`` there closes it and is not part of it).
_HELP_EXAMPLE = re.compile(
    r">(?:(?<=[ \t]>)|(?<=\n>)|(?<=\A>))\r?\n((?:[ \t][^\n]*(?:\n|\Z)|[ \t]*\r?\n)+)"
)
# A console transcript saved as a text file (``$ cargo test`` and what it printed): its first
# line is a shell prompt with a command, and nothing in it is prose to repair.
_TRANSCRIPT = re.compile(r"[ \t\r\n]*\$ [a-z][\w./-]*(?: [^\n]*)?\r?\n")
# The first line of a source file, not of prose: a Go package clause, a shebang, an
# include, a PHP opening tag.
_SOURCE_START = re.compile(r"\s*(?:package [a-z_]\w*[ \t]*\r?\n|#!/|#include [<\"]|<\?php\b)")
_FENCE_MARK = re.compile(r"`{3,}|~{3,}")
_FENCE_INDENT = re.compile(r"(?:> ?)*(?: {0,3})")


@lru_cache(maxsize=32)
def _fence_close(char: str, length: int) -> re.Pattern[str]:
    return re.compile(rf"^(?:> ?)*(?: {{0,3}}){re.escape(char)}{{{length},}}[ \t]*\r?$", re.M)


def _fences(text: str, out: list[tuple[int, int]]) -> None:
    """Fenced code blocks (also inside block quotes); an unclosed fence runs to the end."""
    pos = 0
    # The next ``` and ~~~ at or after pos (-1: none left), each searched for again only
    # once pos has passed it: searching for both at every hit read the whole rest of the
    # text per inline ```, quadratic in a chat log that uses them (1.6 MB: 40 s).
    ticks, tildes = text.find("```"), text.find("~~~")
    no_close: dict[str, tuple[int, int]] = {}  # mark -> (from, length): no close found
    while True:
        # str.find is far faster than a regex scan over a long text
        if 0 <= ticks < pos:
            ticks = text.find("```", pos)
        if 0 <= tildes < pos:
            tildes = text.find("~~~", pos)
        hits = [i for i in (ticks, tildes) if i >= 0]
        if not hits:
            return
        m = _FENCE_MARK.match(text, min(hits))
        assert m is not None
        ms = m.start()
        # (a mark after anything but indentation or a quote's > is inline: known without
        # reading back to the line's start, which on one long line is quadratic)
        if ms and text[ms - 1] not in " >\n":
            pos = m.end()
            continue
        ls = text.rfind("\n", 0, ms) + 1
        if not _FENCE_INDENT.fullmatch(text, ls, ms):
            pos = m.end()
            continue  # inline ``` code, not a fence
        char, length = m.group()[0], len(m.group())
        if char == "~" and _adornment(text, ls, m.end()):
            pos = m.end()
            continue  # a reST title's underline or overline of tildes, not a fence
        nl = text.find("\n", m.end())
        c = None
        if nl >= 0:
            # A search that found no close from some line on finds none for a fence as
            # long or longer further on: not searched again (a text of unclosed ``` lines
            # read its whole rest once per line).
            miss = no_close.get(char)
            if miss is None or nl + 1 < miss[0] or length < miss[1]:
                c = _fence_close(char, length).search(text, nl + 1)
                if c is None:
                    no_close[char] = (nl + 1, length)
        # An unclosed fence ends with its paragraph: a stray ``` in scraped text must not
        # stop all repair (in Markdown the parser's own block map applies CommonMark).
        end = c.end() if c else min(len(text), text.find("\n\n", m.end()) + 1 or len(text))
        out.append((ls, end))
        pos = end


def _adornment(text: str, ls: int, mark_end: int) -> bool:
    """Whether the line of tildes at ``ls`` (its run ending at ``mark_end``) adorns a
    section title as reST sets one: alone on its line, under a line of text no longer than
    it (``Changes⏎~~~~~~~``), or over one with the same run under it."""
    le = text.find("\n", mark_end)
    le = len(text) if le < 0 else le
    if text[mark_end:le].strip() or text[ls:mark_end].strip(" ") != text[ls:mark_end].strip():
        return False  # words after the run, or an indented one: a fence's info string
    run = text[ls:mark_end].strip()
    if ls >= 2:
        ps = text.rfind("\n", 0, ls - 1) + 1
        above = text[ps : ls - 1].rstrip("\r")
        if above.strip() and not above[:1].isspace() and len(above.rstrip()) <= len(run):
            return True
    below_end = text.find("\n", le + 1)
    if below_end < 0:
        return False
    below = text[le + 1 : below_end].rstrip("\r")
    under_end = text.find("\n", below_end + 1)
    under = text[below_end + 1 : len(text) if under_end < 0 else under_end].strip()
    return bool(below.strip()) and len(below.strip()) <= len(run) and under == run


def fenced_blocks(text: str, front_matter: bool = False) -> list[tuple[int, int]]:
    """The fenced code blocks of ``text``, in order (and with ``front_matter``, its front
    matter first): what a document's house style is not read from (a code comment's
    ``# Raw JSON — Number``, a front matter's quoted blurb, are no dash style of its
    prose)."""
    out: list[tuple[int, int]] = []
    if front_matter and text.startswith(("---", "+++")):
        fm = _FRONT_MATTER.match(text)
        if fm:
            out.append(fm.span())
    if "```" in text or "~~~" in text:
        _fences(text, out)
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _word_gaps(line: str, gaps: list[re.Match[str]]) -> int:
    """How many words stand on ``line`` before its first gap, if every gap is two spaces
    inside a sentence (after a word or , ; ) and before a lower-case word or a number);
    else 0."""
    for g in gaps:
        s, e = g.span()
        if e - s != 4 or line[s + 1 : e - 1] != "  ":
            return 0
        before, after = line[s], line[e - 1]
        if not (after.islower() or after.isdigit()) or not (before.isalpha() or before in ",;)"):
            return 0
    head = line[: gaps[0].start() + 1].split()
    if head[0][:1] == "-" != head[0]:
        return 0  # an option and what it does: -v, --verbose  say more
    return len(head)


def _stray_gap(lines: list[str], i: int, gaps: list[re.Match[str]]) -> bool:
    """Whether the gaps on indented line ``i`` are doubled spaces inside sentences of an
    indented prose block (a glossary, an RFC, a letter set in three spaces), not columns:
    two spaces between words on a line of six words or more, whose neighbours are set in
    as far. After one word only on a line that continues the one above, and on a shorter
    line only there; beside a neighbour with gaps of its own, only deep in both lines
    (three words in) and in different columns."""
    line = lines[i]
    head = _word_gaps(line, gaps)
    words = len(line.split())
    if not head or "\t" in line or words < 3:
        return False
    indent = _indent(line)
    prev = lines[i - 1] if i and lines[i - 1].strip() else None
    nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].strip() else None
    near = [n for n in (prev, nxt) if n is not None]
    if not near:
        return False
    cols = {g.end() - 1 for g in gaps}
    gapped = False
    for n in near:
        if _indent(n) != indent or "\t" in n:
            return False
        ngaps = list(_GAP.finditer(n))
        if ngaps:
            gapped = True
            if _word_gaps(n, ngaps) < 3 or cols & {g.end() - 1 for g in ngaps}:
                return False
    if words < 6:
        # a short line: only the end of a sentence begun above (`is a famous  exploit.`),
        # not an address's (`Cambridge, MA  02139`)
        return not gapped and prev is not None and head >= 2 and line[gaps[-1].end() - 1].islower()
    if gapped:
        return head >= 3
    return head >= 2 or prev is not None


# Where an inner gap may start: a tab, or two of the spaces _GAP counts.
_GAP_HINT = re.compile("[ \t\u00a0]{2}|\t")


def _gap_lines_apart(text: str) -> bool:
    """Whether no two lines that may hold an inner gap are neighbours and none of them
    starts indented: then nothing lines up and no indented line has a gap, and
    _aligned_lines would find nothing. A doubled space in a paragraph of damaged prose is
    settled so with a few searches, not a regex scan of every line."""
    plain = "\t" not in text and "\u00a0" not in text  # (then every hint is two spaces)
    n = len(text)
    last_end = -2  # the line break that ends the last line with a hint
    pos = 0
    while True:
        if plain:
            i = text.find("  ", pos)
        else:
            m = _GAP_HINT.search(text, pos)
            i = -1 if m is None else m.start()
        if i < 0:
            return True
        if i == 0 or text[i - 1].isspace():
            # no gap starts here (_GAP opens with \S): indentation, skipped whole
            pos = i + 1
            while pos < n and text[pos] in " \t\u00a0":
                pos += 1
            continue
        start = text.rfind("\n", 0, i) + 1
        if start == last_end + 1 or text[start] in " \t":
            return False
        last_end = text.find("\n", i)
        if last_end < 0:
            return True
        pos = last_end


def _aligned_lines(text: str, out: list[tuple[int, int]]) -> None:
    """Lines that sit in aligned columns: neighbouring lines with inner gaps that start a
    column at the same place or are wide (three spaces, a tab), or an indented line with
    an inner gap (a log, code or a form laid out by hand). Two doubled spaces that only
    happen to fall on neighbouring lines of prose line nothing up."""
    if _gap_lines_apart(text):
        return  # (a doubled space in damaged prose: the common case, found at C speed)
    run: list[tuple[int, int]] = []
    last: tuple[set[int], bool] | None = None
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end = pos + len(line)
        gaps = list(_GAP.finditer(line))
        if gaps and line[:1] in (" ", "\t"):
            if _stray_gap(lines, i, gaps):
                gaps = []  # prose set in from the margin, with one space too many
            else:
                out.append((pos, end))
        shape = (
            # columns as displayed: a tab moves to the next multiple of eight
            {len(line[: m.end() - 1].expandtabs()) for m in gaps}
            if "\t" in line
            else {m.end() - 1 for m in gaps},
            any(m.end() - m.start() > 4 or "\t" in m.group() for m in gaps),
        )
        if gaps and (last is None or shape[0] & last[0] or (shape[1] and last[1])):
            run.append((pos, end))
        else:
            if len(run) >= 2:
                out.append((run[0][0], run[-1][1]))
            run = [(pos, end)] if gaps else []
        last = shape if gaps else None
        pos = end + 1
    if len(run) >= 2:
        out.append((run[0][0], run[-1][1]))


# A paginated text's running lines (an RFC's, a formatter's output): the foot of a page
# that ends with its number (`Howes, et al.   Standards Track   [Page 1]`, `Overview   - 1 -
# Expires 11 January 1998`), and the head of the next, the first line after the form feed
# or the foot. Their gaps pad them to the page's width.
# (found by its literal start, then read in its line: a pattern that opens with a space
# or a line's start would be tried all over a long text)
_PAGE_NUMBER = re.compile(r"\[Page \d+\][ \t]*(?=\r?\n|\Z)|- \d+ -(?=[ \t]*(?:\r?\n|\Z)|[ \t]{3})")
_PAGE_HEAD = re.compile(r"\f[ \t\r\n]*([^\n]*)")
_HEAD_AFTER_FOOT = re.compile(r"(?:[ \t]*\r?\n){0,6}[ \t\f]*([^\s][^\n]*)")


def page_feet(text: str) -> Iterator[tuple[int, int]]:
    """The lines that end a page of a formatter's paginated text, with its number."""
    for m in _PAGE_NUMBER.finditer(text):
        s = m.start()
        if text[s] == "-" and text[max(0, s - 3) : s] != "   ":
            continue  # (a centred number stands after a wide gap: not `pages 2 - 3 -`)
        yield text.rfind("\n", 0, s) + 1, m.end()


_PAGES = 2  # page feet that make a text paginated


def paginated(doc: str) -> bool:
    """Whether the text is a formatter's paginated output (an RFC or an Internet-Draft as
    published, nroff's): two page feet or more. Its every gap was set by the formatter,
    in running heads, justified lines, columns and code alike, and so were its quotes."""
    if "\f" not in doc and "[Page " not in doc:
        return False  # (nroff's pages part at form feeds, an RFC's feet say "[Page")
    return sum(1 for _ in islice(page_feet(doc), _PAGES)) >= _PAGES


def _running_lines(text: str, out: list[tuple[int, int]]) -> None:
    for ls, end in page_feet(text):
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        out.append((ls, le))
        head = _HEAD_AFTER_FOOT.match(text, le + 1)
        if head:
            out.append(head.span(1))
    out.extend(m.span(1) for m in _PAGE_HEAD.finditer(text))


# A protocol exchange as specifications print it, a line per message: `C: HELO`,
# `S> 150 Opening BINARY connection for MLSD .` (the client's, the server's, the data's).
_TRACE_LINE = re.compile(r"^[ \t]*([CS])[:>] ", re.M)
_TRACE_SPAN = re.compile(r"^[ \t]*[CSD][:>] [^\n]*", re.M)
_TRACE_LINES = 3


_INI_LINE = re.compile(r"\[[^\]\n]+\][ \t]*|[\w.-]+[ \t]*=.*")
_INI_HEAD = 4000  # characters of a text's head read to tell whether it is an INI file


def _ini_file(text: str) -> bool:
    """Whether the text's head is an INI file's: `[section]` headers and `key=value` lines,
    nine in ten of its lines or more (``[file.aliases]`` / ``original=Aliases``)."""
    lines = [ln.strip() for ln in text[:_INI_HEAD].splitlines() if ln.strip()]
    if len(lines) < 4:
        return False
    ini = sum(1 for ln in lines if _INI_LINE.fullmatch(ln))
    return ini * 10 >= len(lines) * 9


# Separators glued to the fields they part (a tab always is), one per kind of record.
_GLUED_SEPARATORS = tuple(
    re.compile(re.escape(sep) + (r"(?=[^ ]|$)" if sep != "\t" else "")) for sep in ";,|\t"
)
_FIELDS = 3  # glued separators a line needs to count as a record
_RECORD_MARK = re.compile(r"(?:^|\S)##\S|\|\|\|")  # (not a Markdown heading's `## `)
_RECORD_HEAD = 20_000
_LOG_LINE = re.compile(
    r"\[?\d{1,2}:\d{2}(?::\d{2})?\]? +(?:<[^>\s]{1,40}>|\*{1,3} |-!-|[\w.-]{1,30}:)"
)


def _delimited_file(text: str) -> bool:
    """Whether the text's head is records of fields parted by one separator, glued to
    them (``0041;LATIN CAPITAL LETTER A;Lu;0;L;;;;;N;;;;0061;``): nine lines in ten or
    more, ten lines at least. Prose glues no separator three times a line."""
    lines = [ln for ln in text[:_INI_HEAD].splitlines()[:-1] if ln.strip()]
    if len(lines) < 10:
        return False
    for glued in _GLUED_SEPARATORS:
        records = sum(1 for ln in lines if len(glued.findall(ln)) >= _FIELDS)
        if records * 10 >= len(lines) * 9:
            return True
    # (or an annotation glued to its text by a separator no prose writes, a line each:
    # `phone[+3],work[+2]##there is much …`, `##i am a business user …`)
    # (read further: such a file may open with a boxed comment header)
    lines = [ln for ln in text[:_RECORD_HEAD].splitlines()[:-1] if ln.strip()]
    marked = sum(1 for ln in lines if _RECORD_MARK.search(ln))
    if marked * 10 >= len(lines) * 8:
        return True
    # a chat log: each line a time stamp, then who spoke (a record of what was typed)
    logged = sum(1 for ln in lines if _LOG_LINE.match(ln))
    return len(lines) >= 10 and logged * 10 >= len(lines) * 8


def global_spans(text: str, mode: str = "plain") -> list[tuple[int, int]]:
    """Protected constructs that may run across blank lines: front matter, fenced code,
    HTML comments, code shortcodes, display math, Markdown's code/HTML blocks and tables,
    and regions switched off with ``tidy: off``. Found with literal triggers first (looked
    for with literal.contains: each is a scan of the whole text)."""
    spans: list[tuple[int, int]] = []
    if mode == "markdown":
        spans.extend(markdown_blocks(text))
        if contains(text, "import ") or contains(text, "export "):
            spans.extend(m.span() for m in _MDX_ESM.finditer(text))
    elif mode == "rst" or (mode == "plain" and rst.looks_like(text)):
        spans.extend(rst.blocks(text))
    spans.extend(suppressions(text)[0])
    if text.startswith(("---", "+++")):
        m = _FRONT_MATTER.match(text)
        if m:
            spans.append(m.span())
    elif mode == "markdown" and text.startswith("{"):
        m = _JSON_FRONT_MATTER.match(text)
        if m:
            spans.append(m.span())  # Hugo's front matter in JSON: { "title": "…" }
    elif mode == "markdown":
        m = _METADATA_HEAD.match(text)
        if m:
            spans.append(m.span())  # Pelican's and MultiMarkdown's metadata, undelimited
    if contains(text, "```") or contains(text, "~~~"):
        _fences(text, spans)
    if mode == "plain" and text[:64].lstrip().startswith("$ ") and _TRANSCRIPT.match(text):
        return [(0, len(text))]
    if mode == "plain" and _SOURCE_START.match(text):
        return [(0, len(text))]  # source code saved as text (package main, #!/bin/sh)
    if mode == "plain" and text[:1] == "[" and _ini_file(text):
        return [(0, len(text))]  # settings or a translation table in INI form: data
    if mode == "plain" and _delimited_file(text):
        return [(0, len(text))]  # records of separated fields (UnicodeData.txt): data
    if mode == "plain":  # (one scan: the pattern starts with its rare literal)
        spans.extend(m.span(1) for m in _HELP_EXAMPLE.finditer(text))
    if mode == "plain" and (contains(text, "Subject:") or contains(text, "Received:")):
        spans.extend(m.span() for m in _MAIL_HEADERS.finditer(text))
    if mode == "plain" and contains(text, "From "):
        spans.extend(_mbox_separators(text))
    if mode == "plain" and ("@" in text or contains(text, "#####")):
        spans.extend(_ocr_alignment(text))
    # ("[P": a needle whose last letter is rarer than "[Page "'s, which the search skips to)
    if mode != "markdown" and ("\f" in text or contains(text, "[P")):
        _running_lines(text, spans)
    if mode == "plain" and (contains(text, "C> ") or contains(text, "C: ")):
        found = _TRACE_LINE.findall(text)
        if len(found) >= _TRACE_LINES and found.count("C") and len(set(found)) > 1:
            spans.extend(m.span() for m in _TRACE_SPAN.finditer(text))
    if contains(text, "<!--"):
        spans.extend(m.span() for m in _HTML_COMMENT.finditer(text))
        _generated_regions(text, spans)
    if contains(text, "{/*"):
        spans.extend(m.span() for m in _JSX_COMMENT.finditer(text))
    if contains(text, "{{<") or contains(text, "{{%"):
        spans.extend(m.span() for m in _CODE_SHORTCODE.finditer(text))
    if contains(text, "{%"):
        spans.extend(m.span() for m in _TEMPLATE_BLOCK.finditer(text))
    if contains(text, "{{") and "`" in text:
        spans.extend(m.span() for m in _GO_RAW_TEMPLATE.finditer(text))
    if contains(text, "$$"):
        _math_blocks(text, spans)
    return merge(spans)


# A comment that opens a region a tool writes (`<!-- autogenerated options start - DO NOT
# EDIT … -->`, `<!-- rules:start (generated by …; do not edit) -->`), and one that closes it.
_GENERATED_START = re.compile(
    r"<!--(?=[^\n]*?\b(?:start|begin)s?\b)(?=[^\n]*?(?:\bgenerated\b|\bdo not edit\b))[^\n]*?-->",
    re.I,
)
_GENERATED_END = re.compile(r"<!--[^\n]*?\b(?:stop|end)s?\b[^\n]*?-->", re.I)


# Metadata that opens a file without delimiters, as Pelican and MultiMarkdown write it:
# two `Key: value` lines or more (each perhaps with indented continuations) up to the first
# blank line (`title: "Attacks on …"`, `subtitle: … Models(Pydata track)`).
_METADATA_HEAD = re.compile(
    r"\A\ufeff?(?:[A-Za-z][\w-]*(?: [\w-]+){0,2}:[ \t][^\n]*\n(?:[ \t]+\S[^\n]*\n)*){2,}"
)
# A mail's or a news posting's header block: three header lines or more, one of them a
# message's own (From, Subject, Date …), each with its folded continuation lines. The
# transport wrote them (`Date: Tue,  9 Feb 93`, `Path: portal!cup.portal.com!…`).
_MAIL_HEADERS = re.compile(
    r"^(?=(?:[\w-]+:[^\n]*\n(?:[ \t]+\S[^\n]*\n)*){0,40}?"
    r"(?:From|Subject|Date|Message-I[Dd]|Newsgroups|Received|Path|Return-Path):)"
    r"(?:[A-Z][\w-]*:(?:[ \t][^\n]*)?\n(?:[ \t]+\S[^\n]*\n)*){3,}",
    re.M,
)


# An mbox archive's separator: `From ann at example.org  Mon May  1 13:56:20 2006`, laid
# out by the mail system (its address disguised by a list archive, or not).
_MBOX_FROM = re.compile(
    r"From \S+(?: at \S+)? +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} "
    r"\d\d:\d\d(?::\d\d)?(?: [+-]\d{4})? \d{4}[ \t]*$",
    re.M,
)


_GAP_MARKS = 3  # gap symbols after a word that make a line an alignment's
# What follows a gap symbol at a word's end (`Ha@ yes`, `Clare@.`, `o@@ﬃce`): never an
# address's domain.
_AFTER_GAP = frozenset(" \t@.,;:!?'\"-\n")


def _ocr_alignment(text: str) -> Iterator[tuple[int, int]]:
    """Lines of an OCR alignment (`PRICE@-K@MPM@M`, `#####… THAN@ HALF`): the text padded
    with gap symbols, `@` closing a word's letters or a run of `#`, so that its characters
    line up with another line's. Every character is the dataset's; no edit may shift one."""
    seen: dict[int, int] = {}
    i = text.find("@")
    while i >= 0:
        if 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1] in _AFTER_GAP:
            ls = text.rfind("\n", 0, i) + 1
            seen[ls] = seen.get(ls, 0) + 1
        i = text.find("@", i + 1)
    i = text.find("#####")
    while i >= 0:
        ls = text.rfind("\n", 0, i) + 1
        if text[ls:i].strip():  # (not a heading's marks, `###### b'When …`, opening a line)
            seen[ls] = seen.get(ls, 0) + _GAP_MARKS
        nl = text.find("\n", i)  # (one line counted once, however many runs it holds)
        i = text.find("#####", nl) if nl >= 0 else -1
    for ls, n in seen.items():
        if n >= _GAP_MARKS:
            le = text.find("\n", ls)
            yield ls, len(text) if le < 0 else le


def _mbox_separators(text: str) -> Iterator[tuple[int, int]]:
    """The mbox separator lines of ``text``, found from each line-opening "From " (a
    pattern anchored at line starts would be tried at every position of a long text)."""
    i = text.find("From ")
    while i >= 0:
        if i == 0 or text[i - 1] == "\n":
            m = _MBOX_FROM.match(text, i)
            if m is not None:
                yield m.span()
        i = text.find("From ", i + 5)


def _generated_regions(text: str, spans: list[tuple[int, int]]) -> None:
    """Regions of a hand-written file that a tool writes between two marker comments: the
    next run of the tool would undo an edit there, as in a generated file."""
    for m in _GENERATED_START.finditer(text):
        end = _GENERATED_END.search(text, m.end())
        if end is not None:
            spans.append((m.start(), end.end()))


def _math_blocks(text: str, spans: list[tuple[int, int]]) -> None:
    """Display math ``$$ … $$`` outside the code already found: a ``$$`` inside a code
    block (a shell's PID, a Makefile's escaped dollar) opens no formula, and paired with
    one it would shift every formula after it, leaving each one's body unprotected."""
    code = Spans(merge(list(spans)))
    pos = 0
    while (m := _MATH_BLOCK.search(text, pos)) is not None:
        if code.touches(m.start(), m.start() + 2):
            pos = m.start() + 2  # (an opener inside code: look on past it)
            continue
        spans.append(m.span())
        pos = m.end()


# Inline constructs, each found only in paragraphs holding one of its literal triggers.
_LOCAL_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (("`",), _INLINE_CODE),
    (("<",), _HTML_TAG),
    (("<code", "<kbd", "<samp", "<tt>", "<var", "<CODE"), _HTML_CODE),
    (("<",), _AUTOLINK),
    (("](",), _LINK_DEST),
    (("][", "]("), _LINK_REF),
    (("][", "]("), _LINK_NAME),
    (("]:",), REF_DEF),
    (("[[",), _WIKILINK),
    (("$$ ",), _MATH_PADDED),
    ((":::{", "```{", "~~~{"), _MYST_OPENING),
    (("[INS: ", "[DEL: "), _LYNX_EDIT),
    (("++",), _KEYS),
    (('"',), _QUOTED_COMMAND),
    (("}",), _QUOTED_CODE),
    (("['", '["'), _LIST_LITERAL),
    (("{",), _TEMPLATE),
    (("[", " = "), _TOML_HEADER),
    (("$",), _MATH_INLINE),
    (("|",), _TABLE_LINE),
    (("$ ",), _PROMPT_LINE),
    (("`",), _RST_ROLE),
    (("]_",), _RST_FOOTNOTE_REF),
)


# What the checks in local_spans look for besides the table: indentation, tabs and aligned
# columns, Markdown entities, reST escapes.
_OTHER_TRIGGERS = ("  ", "\t", "&", "\u00a0\u00a0", "\\")


def _spaced(triggers: set[str]) -> tuple[str, ...]:
    """The ``triggers`` that start with whitespace, which is everywhere: looked for whole."""
    return tuple(sorted(t for t in triggers if t[0].isspace()))


def _any_trigger(triggers: set[str]) -> re.Pattern[str]:
    """One scan for the first character of any of ``triggers`` that does not start with
    whitespace, or a box-drawing character. A text it finds nothing in holds none of those
    triggers. (With the spaced ones as alternatives it would be tried at every position:
    several times slower than this and ``in`` for them.)"""
    chars = "".join(sorted({re.escape(t[0]) for t in triggers if not t[0].isspace()}))
    return re.compile(f"[{chars}{_BOX}]")


_PATTERN_TRIGGERS = {t for ts, _ in _LOCAL_PATTERNS for t in ts}
_ANY_LOCAL = _any_trigger(_PATTERN_TRIGGERS | set(_OTHER_TRIGGERS))
_ANY_LOCAL_SPACED = _spaced(_PATTERN_TRIGGERS | set(_OTHER_TRIGGERS))
_PATTERN_SPACED = _spaced(_PATTERN_TRIGGERS)


def local_spans(text: str, mode: str = "plain") -> list[tuple[int, int]]:
    """Protected spans inside one paragraph: inline code and markup, links, templates,
    inline math, tables, indented, tabbed, aligned and box-drawn lines, shell prompts.
    In Markdown the parser has already found code blocks, so an indented line is prose
    (a list item's continuation) unless the parser said otherwise."""
    spans: list[tuple[int, int]] = []
    if text.count(":") >= 4:
        _colon_records(text, spans)
    if text.count("\n") >= _CODE_TABLE_ROWS - 1:
        _code_table(text, spans)
    if " = " in text or " =/ " in text:
        _grammar_rules(text, spans)
    if any(k in text for k in _SQL_KEYS):
        _sql_statements(text, spans)
    if mode != "markdown" and text.count("\n") >= _CODE_RUN - 1 and _CODE_HINT.search(text):
        _code_lines(text, spans)
    if text.count("\n") >= _GRID_ROWS - 1:
        _glyph_grid(text, spans)
    marked = _ANY_LOCAL.search(text) is not None
    if not marked and not any(t in text for t in _ANY_LOCAL_SPACED):
        return spans  # most paragraphs hold none of the constructs: one scan says so
    if "    " in text or "\t" in text:
        if mode != "markdown" and not _indented_prose(text):
            spans.extend(m.span() for m in _INDENTED.finditer(text))
        spans.extend(m.span() for m in _TAB_INSIDE.finditer(text))
    # (unmarked, the text holds no trigger of theirs but a spaced one: damaged prose with a
    # doubled space, which would otherwise be searched for each trigger in turn)
    if marked or any(t in text for t in _PATTERN_SPACED):
        for triggers, pattern in _LOCAL_PATTERNS:
            for t in triggers:
                if t in text:
                    spans.extend(m.span() for m in pattern.finditer(text))
                    break
    if mode != "plain" and "`" in text and "\n" in text:
        spans.extend(m.span() for m in _INLINE_CODE_LINES.finditer(text))
    if mode == "markdown" and "&" in text:
        spans.extend(m.span() for m in _ENTITY.finditer(text))
    if mode == "rst":
        if "`" in text:
            spans.extend(m.span() for m in _RST_INTERPRETED.finditer(text))
        if "\\" in text:
            spans.extend(m.span() for m in _RST_ESCAPE.finditer(text))
    if "  " in text or "\t" in text or "\u00a0\u00a0" in text:
        _aligned_lines(text, spans)
    if marked and _BOX_CHARS.search(text):
        spans.extend(m.span() for m in _BOX_LINE.finditer(text))
    return spans


# A colon glued on both sides: a field separator, or a time's; not a URL's scheme, a reST
# role's markup (:func:`f`) nor a namespace's double colon (Acquire::Languages).
_FIELD_COLON = re.compile(r":(?<=[^\s:]:)(?=[^\s/`:])")
_FIRST_TOKEN = re.compile(r"[ \t]*\S+")
_HEX_TOKEN = re.compile(r"[(\[]?[0-9A-Fa-f:.]+(?:/\d+)?[)\]]?[,.;]?")


def _colon_records(text: str, out: list[tuple[int, int]]) -> None:
    """Lines that open with colon-separated fields and glue four colons or more, two of
    them to a word: records (a linter's expected output, /etc/passwd), not prose that
    quotes a command (``ssh -L localhost:5901:localhost:5900``)."""
    pos = 0
    while (pos := text.find(":", pos)) >= 0:
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        first = _FIRST_TOKEN.match(text, ls, le)
        if first is None or len(_FIELD_COLON.findall(text, ls, first.end())) < 2:
            pos = le
            continue
        glued = worded = 0
        for m in _FIELD_COLON.finditer(text, ls, le):
            i = m.start()
            ts = max(text.rfind(" ", ls, i), text.rfind("\t", ls, i)) + 1
            te = min(x for x in (text.find(" ", i, le), text.find("\t", i, le), le) if x >= 0)
            if _HEX_TOKEN.fullmatch(text, ts, te):
                continue  # 2001:db8:13bb:2::/64, 10:30:45: an address or a time, not fields
            glued += 1
            worded += text[i - 1].isalpha() or text[i + 1].isalpha()
        if glued >= 4 and worded >= 2:
            out.append((ls, le))
        pos = le


# A row of a table of codes: a name, then one or more numbers or hexadecimal codes
# (`acE 223E  0333`, `b.Delta 1D6AB`: an entity table, a character map).
_CODE_ROW = re.compile(
    r"^[ \t]*[^\s]+(?:[ \t]+(?:0x|U\+)?(?=[0-9A-Fa-f]*\d)[0-9A-Fa-f]+)+[ \t]*\r?$", re.M
)
_CODE_TABLE_ROWS = 5  # rows in a row that make a table, not a line of prose ending in a number


def _code_table(text: str, out: list[tuple[int, int]]) -> None:
    """Runs of five lines or more that each name a thing and give its codes: a data
    table saved as text, whose names and column gaps are data."""
    run_start = run_end = -1
    rows = 0
    for m in _CODE_ROW.finditer(text):
        if m.start() == run_end + 1 and rows:
            rows += 1
        else:
            if rows >= _CODE_TABLE_ROWS:
                out.append((run_start, run_end))
            run_start, rows = m.start(), 1
        run_end = m.end()
    if rows >= _CODE_TABLE_ROWS:
        out.append((run_start, run_end))


# A rule of an ABNF grammar (RFC 5234), as specifications print them: a name, `=` or
# `=/`, and a definition that holds the grammar's own signs (a quoted literal, a repeat
# `*(`, `1*`, an alternative ` / `, an option `[ `, a value `%x41`).
_GRAMMAR_RULE = re.compile(r"^([ \t]*)[A-Za-z][A-Za-z0-9-]*[ \t]+=/?[ \t]+(\S[^\n]*)$", re.M)
_GRAMMAR_SIGN = re.compile(r'"[^"\n]*"|\d?\*\d*[(\w"]|\w / \w|[\[(] \w|%[xdb][0-9A-Fa-f]|<[^>\n]+>')


def _grammar_rules(text: str, out: list[tuple[int, int]]) -> None:
    """Rules of a grammar set in a specification's text (``Trailer = *( "," OWS )
    field-name``), with their continuation lines, indented deeper: code, whose spaces
    inside brackets are the notation's."""
    for m in _GRAMMAR_RULE.finditer(text):
        if len(_GRAMMAR_SIGN.findall(m.group(2))) < 2:
            continue  # (one sign is no grammar: `x = "a" value` may be prose's example)
        out.append((m.start(), _continued(text, m.end(), len(m.group(1).expandtabs()))))


def _continued(text: str, end: int, indent: int, clause: re.Pattern[str] | None = None) -> int:
    """Where a statement that ends its first line at ``end`` ends: past the lines after it
    indented deeper than ``indent`` (or, given ``clause``, opening with one), up to the
    first blank line."""
    while end < len(text):
        nxt = text.find("\n", end + 1)
        line = text[end + 1 : nxt if nxt >= 0 else len(text)]
        body = line.lstrip(" \t")
        if not body.strip():
            break
        deeper = len(line[: len(line) - len(body)].expandtabs()) > indent
        if not deeper and (clause is None or not clause.match(line)):
            break
        end = nxt if nxt >= 0 else len(text)
    return end


# A statement of SQL in a text that lost its code block (a scraped tutorial): a line that
# opens with a statement's keywords in capitals, and its clause lines (`FROM "db"."t"`,
# `ORDER BY  count DESC`) or deeper-indented ones after it. The keywords a statement needs
# (`SELECT … FROM`, `UPDATE t SET`), and a first line that holds a lower-case name or one
# of the language's signs, keep out a heading in capitals.
_SQL_KEYS = ("SELECT", "INSERT INTO ", "UPDATE ", "DELETE FROM ", "CREATE TABLE ")
_SQL_START = re.compile(
    r"^([ \t]*)(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE)(?:[ \t][^\n]*|(?=\r?$))",
    re.M,
)
_SQL_KEYWORDS = frozenset(("SELECT", "INSERT INTO", "UPDATE", "DELETE FROM", "CREATE TABLE"))
_SQL_CLAUSE = re.compile(
    r"[ \t]*(?:FROM|WHERE|GROUP BY|ORDER BY|HAVING|LIMIT|OFFSET|UNION|VALUES|SET|RETURNING"
    r"|(?:(?:LEFT|RIGHT|INNER|OUTER|CROSS|FULL) )*JOIN|AND|OR|ON)(?:[ \t]|\r?$)|[ \t]*[);]"
)
_SQL_STATEMENT = re.compile(
    r"SELECT\b.*\bFROM[ \t]+[\w\"`\[(]|INSERT INTO [\w\"`\[]+.*\b(?:VALUES|SELECT)\b"
    r"|UPDATE [\w\"`\[.]+\s+SET\s+\S+\s*=|DELETE FROM [\w\"`\[]|CREATE TABLE [\w\"`\[.]+\s*\(",
    re.S,
)
_SQL_LOWER_OR_SIGN = re.compile(r"[a-z*(),=.\"']")


# A line of source code, unmistakably: a statement that ends with `;` after a call or an
# assignment, a control line, a brace alone, a directive or declaration that opens a
# line, an assembler instruction with its operands. Pasted into a mail, an ezine or a
# chat without a fence, such lines keep their own spacing (`void start ( void )`).
_CODE_LINE = re.compile(
    r"[ \t]*(?:"
    r"[\w$.\[\]>*-]+[ \t]*(?:[-+*/%|&^]?=)[ \t]*[^=\n][^\n]*;[ \t]*(?://[^\n]*)?"
    r"|[\w$.:>-]+[ \t]*\([^\n]*\)[ \t]*;[ \t]*(?://[^\n]*)?"
    r"|(?:if|for|while|switch|foreach|elif|else if)[ \t]*\([^\n]*\)[ \t]*\{?"
    r"|[{}][ \t]*(?:else[^\n]*)?|\}[ \t]*;"
    r"|#(?:include|define|ifn?def|endif|pragma)\b[^\n]*"
    r"|(?:public|private|static|void|int|char|unsigned|struct|typedef|return)\b[^\n]*[;{)]"
    r"|(?:[A-Za-z_]\w*:)?[ \t]*(?i:mov|lea|push|pop|call|jmp|jn?[zec]|cmp|xor|inc|dec|ret"
    r"|move\.[bwl]|dc\.[bwl]|extrn|db|dw|dd)[ \t]+[^\n]*"
    r")[ \t]*\r?$"
)
_CODE_HINT = re.compile(r"[;{}][ \t]*\r?(?:\n|$)|^[ \t]*(?:#include|mov|push|extrn)\b", re.M)
_CODE_RUN = 3  # code lines, at least, that make a run of lines code


def _code_lines(text: str, out: list[tuple[int, int]]) -> None:
    """Runs of lines of which most (two in three, three at least) are unmistakably code:
    a program pasted into prose without a fence. The run is protected whole, from its
    first code line to its last (the lines between belong to the program too)."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    code = [
        _CODE_LINE.fullmatch(text, a, (b - 1) if i + 1 < len(starts) else len(text)) is not None
        for i, (a, b) in enumerate(zip(starts, [*starts[1:], len(text) + 1], strict=True))
    ]
    first = -1
    count = 0
    for i, is_code in enumerate([*code, False, False]):
        if is_code:
            if first < 0:
                first, count = i, 0
            count += 1
            last = i
        elif first >= 0 and (i - last > 1 or i >= len(code)):
            if count >= _CODE_RUN and count * 3 >= (last - first + 1) * 2:
                end = starts[last + 1] if last + 1 < len(starts) else len(text)
                out.append((starts[first], end))
            first = -1


_GRID_ROWS = 3  # lines, at least, of a grid of glyphs
_GRID_WIDTH = 5  # characters a grid's row has at least


def _glyph_grid(text: str, out: list[tuple[int, int]]) -> None:
    """Runs of lines of one width, each a single token with no space and mostly not
    letters (`v..".1v.."..v`, a game level's map): a grid drawn in characters."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    ends = [*(s - 1 for s in starts[1:]), len(text)]
    rows = []
    for a, b in zip(starts, ends, strict=True):
        row = text[a:b].rstrip("\r")
        rows.append(
            len(row) >= _GRID_WIDTH
            and " " not in row
            and "\t" not in row
            and sum(c.isalpha() for c in row) * 2 < len(row)
        )
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j] and len(text[starts[j] : ends[j]]) == len(
            text[starts[i] : ends[i]]
        ):
            j += 1
        if j - i >= _GRID_ROWS:
            out.append((starts[i], ends[j - 1]))
        i = max(j, i + 1)


def _sql_statements(text: str, out: list[tuple[int, int]]) -> None:
    """SQL statements set as lines of text: code, whose spacing and quoting are the
    query's (``FROM "ccindex"."ccindex"`` is not two quotations)."""
    for m in _SQL_START.finditer(text):
        end = _continued(text, m.end(), len(m.group(1).expandtabs()), _SQL_CLAUSE)
        statement = text[m.start() : end]
        # (the keyword's own line shows code's lower case or signs, or, a keyword alone
        # on its line, the statement does: SELECT⏎  max(price) AS high,…)
        head = m.group() if m.group().strip() not in _SQL_KEYWORDS else statement
        if _SQL_STATEMENT.search(statement) and _SQL_LOWER_OR_SIGN.search(head):
            out.append((m.start(), end))


_MD_PROTECTED_BLOCKS = frozenset({"fence", "code_block", "html_block", "table_open"})


def markdown_blocks(text: str) -> list[tuple[int, int]]:
    """Code blocks, HTML blocks and tables as a CommonMark parser (markdown-it-py, with
    GFM tables) sees them: indented code, fences inside lists and quotes, raw HTML."""
    src = text
    fm = _FRONT_MATTER.match(text)
    if fm:  # blank the front matter out, keeping line numbers, so it is not parsed as text
        src = "\n" * text.count("\n", 0, fm.end()) + text[fm.end() :]
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    out = []
    for tok in _markdown_parser().parse(src):
        if tok.type in _MD_PROTECTED_BLOCKS and tok.map:
            a, b = tok.map
            out.append((starts[a], starts[b] if b < len(starts) else len(text)))
    if "mermaid" in text:
        # a diagram's source in an HTML block (<div class="mermaid">): code, to its end tag
        out.extend(m.span() for m in _DIAGRAM_ELEMENT.finditer(text))
    if "<pre" in text or "<PRE" in text:
        # A <pre> opened inside another HTML block (<blockquote>…<pre>) is no block of its
        # own to the parser, which ends the outer one at a blank line; the browser still
        # shows all of it verbatim, up to </pre>.
        out.extend(m.span() for m in _VERBATIM_ELEMENT.finditer(text))
    return out


_VERBATIM_ELEMENT = re.compile(r"<pre\b[^>]*>.*?</pre\s*>", re.S | re.I)
_DIAGRAM_ELEMENT = re.compile(
    r"<(div|pre)\b[^>]*\bclass=[\"'][^\"']*\bmermaid\b[^>]*>.*?</\1\s*>", re.S | re.I
)


_NEWLINE = re.compile("\r\n?|\n")  # line breaks as CommonMark counts them (a lone CR too)


@lru_cache(maxsize=1)
def _markdown_parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt  # imported only when a Markdown document comes

    # Only block tokens are read: the inline pass (emphasis, links…) is skipped, which more
    # than halves the parse and leaves every block token as it was.
    return MarkdownIt("commonmark").enable("table").disable("inline")


_SUPPRESS = re.compile(
    r"^[ \t]*(?:<!--|#|//|;|\.\.|%)?[ \t]*tidy:[ \t]*"
    r"(off|on|ignore[ \t]+[\w, -]+?)[ \t]*(?:-->)?[ \t]*\r?$",
    re.M,
)


def suppressions(text: str) -> tuple[list[tuple[int, int]], dict[str, list[tuple[int, int]]]]:
    """Regions switched off by comments: ``<!-- tidy: off -->`` … ``<!-- tidy: on -->`` (all
    rules), and ``<!-- tidy: ignore RULE[, RULE] -->`` (those rules, for the next block).
    Plain text takes the same words on a line of their own (``tidy: off``, ``# tidy: on``)."""
    off: list[tuple[int, int]] = []
    per_rule: dict[str, list[tuple[int, int]]] = {}
    if not contains(text, "tidy:"):
        return off, per_rule
    opened = -1
    for m in _SUPPRESS.finditer(text):
        word = m.group(1)
        if word == "off" and opened < 0:
            opened = m.start()
        elif word == "on" and opened >= 0:
            off.append((opened, m.end()))
            opened = -1
        elif word.startswith("ignore"):
            rules = [r.strip() for r in word[6:].replace(",", " ").split() if r.strip()]
            end = _next_block_end(text, m.end())
            for r in rules:
                per_rule.setdefault(r, []).append((m.start(), end))
    if opened >= 0:
        off.append((opened, len(text)))
    return off, per_rule


def _next_block_end(text: str, pos: int) -> int:
    """End of the block that follows ``pos`` (skipping blank lines before it)."""
    n = len(text)
    i = pos
    while i < n and text[i] in " \t\r\n":
        i += 1
    end = text.find("\n\n", i)
    return n if end < 0 else end


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not spans:
        return []
    spans.sort()
    out = [spans[0]]
    for s, e in spans[1:]:
        ls, le = out[-1]
        if s <= le:
            if e > le:
                out[-1] = (ls, e)
        else:
            out.append((s, e))
    return out


class Spans:
    """Sorted disjoint spans with a fast 'does this edit touch one?' query."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: list[tuple[int, int]]):
        """``spans`` must be sorted and disjoint (see :func:`merge`)."""
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def shifted(self, changes: Sequence[Change]) -> Spans:
        """These spans after ``changes`` (sorted, none overlapping a span) are applied."""
        if not self._starts:
            return self
        out = []
        i = 0
        n = len(changes)
        shift = 0
        for s, e in zip(self._starts, self._ends, strict=True):
            while i < n and changes[i].end <= s:
                c = changes[i]
                shift += len(c.text) - (c.end - c.start)
                i += 1
            out.append((s + shift, e + shift))
        return Spans(out)

    def spans(self) -> Iterator[tuple[int, int]]:
        return zip(self._starts, self._ends, strict=True)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def touches(self, start: int, end: int) -> bool:
        """True when replacing text[start:end], or inserting at start == end, would alter a
        protected span or split it."""
        if not self._starts:
            return False
        if start == end:
            i = bisect.bisect_left(self._starts, start) - 1  # last span starting before start
            return i >= 0 and self._ends[i] > start
        i = bisect.bisect_left(self._starts, end) - 1  # last span starting before end
        return i >= 0 and self._ends[i] > start

    def covering(self, pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self._starts[i] <= pos < self._ends[i]:
            return self._starts[i], self._ends[i]
        return None


# --- token checks ---------------------------------------------------------------------------

_WS = re.compile(r"\s")


MAX_TOKEN = 200  # no prose word is longer; looking further would make long runs quadratic


def token_at(text: str, pos: int) -> tuple[int, int]:
    """Bounds of the whitespace-delimited token that contains (or ends at) ``pos``, cut at
    MAX_TOKEN characters on each side (a longer run of non-space is never prose)."""
    n = len(text)
    lo = max(0, pos - MAX_TOKEN)
    s = pos
    while s > lo and not text[s - 1].isspace():
        s -= 1
    hi = min(n, pos + MAX_TOKEN)
    e = pos
    while e < hi and not text[e].isspace():
        e += 1
    return s, e


_TECH_CHARS = re.compile(r"://|[=_\\{}<>|~^*#`@/]|\$[A-Za-z{(]|%[sdifrx(]|::")


def is_technical(token: str) -> bool:
    """A token that is code, a path, a URL, an address, a tag or data, not prose (a token
    as long as two MAX_TOKENs was cut: far too long to be a word)."""
    if len(token) >= 2 * MAX_TOKEN:
        return True
    return (
        _TECH_CHARS.search(token) is not None
        or token.lower().startswith("www.")
        # a quoted word never starts with a colon: `":map`, `(:help` are commands
        or (token[1:2] == ":" and token[:1] in "\"'(" and token[2:3].isalpha())
    )


# Top-level domains and file extensions that make "Word.Word" a name rather than two sentences.
TLDS = frozenset(
    """com org net edu gov mil int io co uk us de fr es it nl eu ca au nz ie in jp cn ru br
    info biz name tel mobi pro app dev ai ly me tv fm am to cc gg sh is ws la im xyz
    online site tech store blog news club""".split()
)
# Top-level domains that are English words (anvil.works, figma.design): a name only where
# the text shows an address (`at Anvil.Works`), never by their shape alone.
WORD_TLDS = frozenset(
    """works design studio agency space world live cloud tools systems digital network
    software solutions academy center company email group media social team zone""".split()
)


@lru_cache(maxsize=4096)
def dotted_is_name(left: str, right: str, more_before: bool, more_after: bool) -> bool:
    """Whether ``left.right`` (two labels around one dot, letters only) is a dotted name
    (domain, brand, namespace) rather than the end of one sentence and the start of the next.

    ``more_before``/``more_after`` say whether the chain has further dotted labels."""
    if right[:1].islower():
        return True  # Node.js, Booking.com, os.path: a sentence never starts in lower case here
    if left.isupper() and len(left) > 1:
        return True  # README.Debian, FDP.Die Liberalen: capitals then a capital are a name
    if left.islower() or left.isdigit():
        # agenda.This, site.UK, 2010.Her: lower-case word then a capital starts a sentence,
        # unless the chain goes on (example.Co.uk) — then it is a name.
        return more_after
    # Left is capitalised (One.Tel, ASP.NET, Halo.Bungie.Org, Friday.Applications).
    if more_before or more_after:
        return True
    if right in ("A", "I"):
        return False  # Monday.A single crossing, Monday.I was: words, not labels
    if right.isupper():
        return True  # ASP.NET, Bagle.AT
    # One.Tel is a name; Greece.It and Detroit.In start sentences with common words
    return right.lower() in TLDS and right.lower() not in _SENTENCE_WORDS


_SENTENCE_WORDS = frozenset(
    """it in is as at be by me no so to us we he if my of on or up an am do go""".split()
)
