"""Mojibake and HTML entities. ftfy does the decoding; tidy decides where it may act."""

from __future__ import annotations

import bisect
import difflib
import html
import html.entities
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from tidy import evidence, language
from tidy.coderules import code_rule
from tidy.coderules.lines import WORD_AT, line_at, line_bounds
from tidy.model import Change

if TYPE_CHECKING:
    from tidy.context import Context
    from tidy.rules import Rule


@lru_cache(maxsize=1)
def _ftfy() -> tuple[Callable[..., str], object]:
    """ftfy's ``fix_text`` and a content-safe configuration: repair encodings only. Curly
    quotes, full-width forms, ligatures, Unicode normal form and line breaks are the
    author's choice and stay as they are. Imported at the first suspect line: ftfy costs
    8 MB and 30 ms to load, and most texts hold no mojibake."""
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text, config


# UTF-8 read as Windows-1252 or Latin-1 always shows a lead byte (Â-ô) followed by a
# continuation byte (0x80-0xBF, or what cp1252 maps it to). Lines without one skip ftfy.
_CONT = (
    "\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"
    "\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
)
_SUSPECT = re.compile(f"[\u00c2-\u00f4][{_CONT}]")
_STRIP = "\"'“”‘’„‚«»()[]{}.,;:!?\u200e\u200f「」『』（）【】、，。：；"


def _quoted_lookalike(token: str, original: str) -> bool:
    """A repaired token that is one bare letter, quote or currency sign made by the
    repair: the original was mojibake being *talked about* ("if you see Ã© instead of
    é"), so leave it. A letter the token already held is a word after a repaired quote
    (`â€œI wish` → `“I wish`)."""
    core = token.strip(_STRIP)
    if not core:
        return True
    if len(core) > 1 or core in original:
        return False
    return unicodedata.category(core)[0] in "L" or unicodedata.category(core) == "Sc"


_EDGE_PUNCT = "()[]{}.,;:!?"
# Words of one accented letter, per language (Italian è "is", French à "to", Portuguese à
# and é): mojibake makes them a token of their own, which a repair turns into one letter.
_LETTER_WORDS = {"fr": "à", "it": "è", "pt": "àé"}
_LETTER_WORDS_ANY = "".join(_LETTER_WORDS.values())


def _typeset(line: str, fixed: str, ts: int, te: int, repaired: str) -> bool:
    """Whether a repaired lone letter or guillemet is a word of the line's own language,
    not mojibake being talked about: Italian ``è``, French ``à``, Portuguese ``é`` between
    words (``Questo Ã¨ un``), a guillemet set off by a no-break space as French sets it
    (``Â«\u00a0mot\u00a0Â»``), or a currency sign before a price (``â‚¬ 3,50``)."""
    core = repaired.strip(_EDGE_PUNCT)
    if len(core) == 1 and unicodedata.category(core) == "Sc":
        # a price set with a space (`â‚¬ 3,50`, as continental Europe writes it)
        return line[te : te + 1] == " " and line[te + 1 : te + 2].isdigit()
    if core == "«":
        return line[te : te + 1] == "\u00a0"
    if core == "»":
        return line[ts - 1 : ts] == "\u00a0"
    if len(core) != 1 or core != repaired or core.lower() not in _LETTER_WORDS_ANY:
        return False
    # (the words either side, read from the token outward: splitting the line's halves
    # for each token was quadratic on a long line of mojibake)
    m = WORD_AT.match(line, te)
    if not (m and m.group(1)[:1].isalpha()):
        return False
    j = ts
    while j and line[j - 1].isspace():
        j -= 1
    k = j
    while k and not line[k - 1].isspace():
        k -= 1
    if j:
        last = line[k:j].rstrip(_EDGE_PUNCT + "\"'”’»")
        if not (last[-1:].isalnum()):
            return False
    elif not core.isupper():
        return False  # at the start of a line only a capital opens the sentence: È possibile
    return core.lower() in _LETTER_WORDS.get(language.identify_line(fixed), "")


_CJK_CHARS = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
# A token is bounded by whitespace, or by CJK text, which has none.
_TOKEN = re.compile(f"[^\\s{_CJK_CHARS}]+")


class _Tokens:
    """The tokens of one line, found in one scan, looked up by position."""

    def __init__(self, line: str):
        self.spans = [m.span() for m in _TOKEN.finditer(line)]
        self.starts = [s for s, _ in self.spans]

    def around(self, i: int, j: int) -> tuple[int, int]:
        """The token around line[i:j], widened to whole tokens at either end."""
        k = bisect.bisect_left(self.starts, i) - 1  # the last token starting before i
        start = self.spans[k][0] if k >= 0 and self.spans[k][1] >= i else i
        m = bisect.bisect_right(self.starts, j) - 1  # the last token starting at or before j
        end = self.spans[m][1] if m >= 0 and self.spans[m][1] > j else j
        return start, end


_PIECES = re.compile(r"\s+|\S+")
SMALL_LINE = 2000  # above this a general diff costs too much; mojibake keeps word shapes


def _common_ends(x: str, y: str) -> tuple[int, int]:
    """The lengths of the common prefix and of the common suffix after it."""
    n = min(len(x), len(y))
    p = 0
    while p < n and x[p] == y[p]:
        p += 1
    q = 0
    rest = n - p
    while q < rest and x[-1 - q] == y[-1 - q]:
        q += 1
    return p, q


def _piece_diff(x: str, y: str) -> list[tuple[int, int, int, int]]:
    """Changed regions inside one word (or one unspaced run of CJK text)."""
    p, q = _common_ends(x, y)
    if len(x) - p - q <= 8 or len(x) > SMALL_LINE:
        return [(p, len(x) - q, p, len(y) - q)]
    matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
    return [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def _diff(line: str, fixed: str) -> list[tuple[int, int, int, int]]:
    """Changed regions (i1, i2, j1, j2) between a line and its repair. Mojibake repair
    keeps the line's words and spaces in step, so they are compared piece by piece, in
    linear time; otherwise a character diff (short lines) or one region (long ones)."""
    a, b = _PIECES.findall(line), _PIECES.findall(fixed)
    if len(a) == len(b):
        out = []
        i = j = 0
        for x, y in zip(a, b, strict=True):
            if x != y:
                out.extend((i + i1, i + i2, j + j1, j + j2) for i1, i2, j1, j2 in _piece_diff(x, y))
            i += len(x)
            j += len(y)
        return out
    if len(line) <= SMALL_LINE:
        matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
        return [(i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    p, q = _common_ends(line, fixed)
    return [(p, len(line) - q, p, len(fixed) - q)]


def _line_changes(line: str, fixed: str, offset: int, message: str) -> Iterator[Change]:
    tokens = _Tokens(line)
    # Group changed regions by the original token they fall in; judge each token whole.
    by_token: dict[tuple[int, int], list[tuple[int, int, int, int]]] = {}
    for i1, i2, j1, j2 in _diff(line, fixed):
        core_end = i1 + len(line[i1:i2].rstrip())
        by_token.setdefault(tokens.around(i1, core_end), []).append((i1, i2, j1, j2))
    for (ts, te), regions in sorted(by_token.items()):
        if len(regions) == 1:  # the common case: one changed region in the token
            i1, i2, j1, j2 = regions[0]
            repaired = (line[ts:i1] + fixed[j1:j2] + line[i2:te]).strip()
        else:
            new_token = []
            pos = ts
            for i1, i2, j1, j2 in regions:
                new_token.append(line[pos:i1])
                new_token.append(fixed[j1:j2])
                pos = i2
            new_token.append(line[pos:te] if pos < te else "")
            repaired = "".join(new_token).strip()
        if repaired.count("\ufffd") > line.count("\ufffd", ts, te):
            continue  # motâ¯? → mot�: a sequence that lost a byte, decoded with the real
            # mark after it into a replacement character; as it was, nothing is lost
        if _implausible(repaired):
            continue  # Ñ¼Ñ¡ → Ѽѡ, ó¿½¿ → U+FFF7F: another code page read as this one; UTF-8 that
            # was misread decodes to letters of the text's own script, not to these
        if _SUSPECT.search(repaired) and _other_encoding(line[ts:te]):
            continue  # GBK read as Latin-1: the pairs that happen to decode invent letters
        if (
            line[ts:te].strip()
            and _quoted_lookalike(repaired, line[ts:te])
            and not _typeset(line, fixed, ts, te, repaired)
        ):
            continue
        if _QUOTED_TOKEN.fullmatch(line, ts, te) and _ENCODING_TALK.search(line):
            continue  # garbled as "fÃ¶": a line about encodings quotes its mojibake
        if _shown_with_repair(line, te, repaired):
            continue  # (ex. ÃƒÂ©tÃƒÂ© → été): an example of mojibake and its repair
        if any(_letter_after_a_circumflex(line, fixed, r) for r in regions):
            continue  # Âššina: a transliteration's letter, not UTF-8 read as cp1252
        for i1, i2, j1, j2 in regions:
            yield Change(offset + i1, offset + i2, fixed[j1:j2], message)


# A token that is one quotation (`"fÃ¶".`, `` `cafÃ©` ``), and words of a line that talks
# about encodings: there a quoted mojibake is the example, not damage.
_QUOTED_TOKEN = re.compile(r"[(\[]?([\"'“‘`])\S+?[\"'”’`][)\].,;:!?]*")
_ENCODING_TALK = re.compile(
    r"garbl|mojibake|[Ee]ncod|[Dd]ecod|UTF-?8|[Ll]atin-?1|ISO-8859|[Cc][Pp]1252|[Cc]harset"
)


# cp1252's letters in 0x80-0x9F: after Â they would spell a C1 control character, which
# no text holds, so an Â before one is a letter of its own.
_C1_LETTERS = frozenset("ŠšŒœŽžŸƒ")


def _letter_after_a_circumflex(line: str, fixed: str, region: tuple[int, int, int, int]) -> bool:
    i1, i2, j1, j2 = region
    return (
        line[i1:i2] == "Â"
        and j1 == j2
        and line[i2 : i2 + 1] in _C1_LETTERS
        and line[i2 + 1 : i2 + 2].isalpha()
    )


# Letters no repair of today's text should invent: the historic Cyrillic letters. (An
# ideograph is no such sign: a Chinese line misread whole decodes to nothing else.)
_HISTORIC_CYRILLIC = re.compile("[\u0460-\u0481]")


def _implausible(repaired: str) -> bool:
    """Whether a token's repair holds what no decoding of the text's own UTF-8 would give:
    an unassigned code point or one of the supplementary private-use planes, or a
    historic Cyrillic letter."""
    if any(
        unicodedata.category(c) in ("Cn", "Cs") or ord(c) >= 0xF0000
        for c in repaired
        if ord(c) > 0x2FF
    ):
        return True  # (the private-use area of the first plane stays: a word processor's
        # symbol-font bullet, U+F0B7, is what its UTF-8 really held)
    return _HISTORIC_CYRILLIC.search(repaired) is not None


def _other_encoding(token: str) -> bool:
    """Whether a token that still looks like mojibake after ftfy's repair is text of
    another encoding read as Latin-1 (GBK, Big5, Shift-JIS, EUC-JP: `ÕâÊÇÒ»¸ö`) rather than
    UTF-8 that lost a few bytes on the way. Written back as bytes, UTF-8 mojibake is UTF-8
    still, save the lost bytes; the others break its sequences at every other byte."""
    raw = bytearray()
    for c in token:
        try:
            raw += c.encode("cp1252")
        except UnicodeEncodeError:  # (the bytes cp1252 leaves undefined read as Latin-1)
            raw += bytes([ord(c)]) if ord(c) < 256 else c.encode("utf-8")
    high = sum(b >= 0x80 for b in raw)
    broken = raw.decode("utf-8", errors="replace").count("\ufffd")
    return broken * 4 > high


_ARROW = re.compile(r" ?(?:→|->|=>|⇒) ?")


def _shown_with_repair(line: str, te: int, repaired: str) -> bool:
    """Whether the token ending at ``te`` is followed by an arrow and its own repair
    (`ÃƒÂ©tÃƒÂ© → été`): a line that shows mojibake being decoded, not mojibake."""
    m = _ARROW.match(line, te)
    return m is not None and bool(repaired) and line.startswith(repaired.strip("(),.;:"), m.end())


# A guillemet's mojibake that ftfy leaves when a no-break space stands inside it, as
# French sets them (`«\u00a0mot\u00a0Â»`): no word ends with Â before a guillemet.
_GUILLEMET_MOJIBAKE = re.compile("(?<=\u00a0)Â(?=»)|Â(?=«\u00a0)")


def _fix_line(line: str) -> str:
    """ftfy on one line, remembered because scraped corpora repeat lines (furniture,
    quotes); long lines (up to a 20,000-character window) only a few at a time, so that
    the caches stay within a few megabytes."""
    fixed = _fix_line_memo(line) if len(line) <= 2000 else _fix_long_line_memo(line)
    if "Â" in fixed:
        fixed = _GUILLEMET_MOJIBAKE.sub("", fixed)
    return fixed


@lru_cache(maxsize=2048)
def _fix_line_memo(line: str) -> str:
    fix_text, config = _ftfy()
    return fix_text(line, config)


@lru_cache(maxsize=16)
def _fix_long_line_memo(line: str) -> str:
    fix_text, config = _ftfy()
    return fix_text(line, config)


@code_rule("mojibake")
def mojibake(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if text.isascii():
        return
    last = -1
    for m in ctx.finditer(_SUSPECT):
        if m.start() < last:
            continue
        ln = line_at(text, m.start())
        last = ln.next
        fixed = _fix_line(ln.text)
        if fixed != ln.text:
            yield from _line_changes(ln.text, fixed, ln.start, rule.message)


# "&amp;amp;" is an entity escaped twice: take it whole and decode until it is stable
_ENTITY = re.compile(r"&(?:amp;)*(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
# In reST, `text <target>`_ and :role:`text <target>` close a target with a backtick: no tag.
_RST_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>(?!`)")


_NUMERIC = re.compile(r"#(?:[xX]([0-9A-Fa-f]+)|(\d+));$")


def _invalid_reference(entity: str) -> bool:
    """Whether a numeric reference names no character a text should hold: NUL, a
    surrogate, beyond U+10FFFF, a control character other than tab and line feed, or a
    noncharacter. HTML decodes these to U+FFFD or to nothing; the text keeps them as
    written. (128-159 are decoded as HTML does, as Windows-1252: ``&#146;`` is ’.)"""
    m = _NUMERIC.search(entity)
    if m is None:
        return False
    n = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if 0x80 <= n <= 0x9F:
        return False
    if n > 0x10FFFF or 0xD800 <= n <= 0xDFFF or n == 0x7F:
        return True
    if n < 0x20 and n not in (0x09, 0x0A):
        return True
    return 0xFDD0 <= n <= 0xFDEF or n & 0xFFFE == 0xFFFE


# Characters that show nothing and mean nothing in a word: the zero-width space, the word
# joiner, a byte order mark. (Joiners and marks of direction mean something in Persian,
# Arabic, Indic scripts and emoji: &zwnj; decodes as ever.)
_INVISIBLE_FORMS = frozenset("\u200b\u2060\ufeff")


@lru_cache(maxsize=1024)
def _decode_entity(entity: str) -> str:
    """An entity decoded until it is stable (``&amp;amp;`` → ``&``); an invalid numeric
    reference is left as it is."""
    if _invalid_reference(entity):
        return entity
    name = entity[:-1].rsplit(";", 1)[-1].lstrip("&") + ";"  # the last: &amp;amp; → amp;
    if name[0] != "#" and name not in html.entities.html5:
        return entity  # &ltbj;: no entity (unescape would read the legacy `&lt` in it)
    out = entity
    while "&" in out and (decoded := html.unescape(out)) != out:
        out = decoded
    return out


_MARKUP_WORDS = re.compile(r"\b(?:HTML|XHTML|XML|SGML|entity|entities|character references?)\b")
# What every match of _MARKUP_WORDS holds: looked for first, at the speed of str.find (the
# regex tries each position of lines that may run to 60,000 characters).
_MARKUP_STEMS = ("HTML", "XML", "SGML", "entit", "character reference")
# An entity named as something to write: "Use &copy; instead of the symbol".
_ENTITY_NAMED = re.compile(r"&#?\w+;,? instead of\b")
# An entity that text turns into: "& escaped to &amp; in tex".
_TURNED_VERBS = ("escaped", "encoded", "rendered", "converted", "turned")
_ENTITY_TURNED = re.compile(
    r"\b(?:escaped|encoded|rendered|converted|turned)\s+(?:to|into|as)\s+&#?\w+;"
)


def _about_markup(text: str, start: int, end: int, tag: re.Pattern[str] = _TAG) -> bool:
    """Whether the lines text[start:end] hold HTML tags, or talks about markup (`a
    series of &nbsp; character references`, `filter &eacute; things for HTML`): there an
    entity is written as it is meant, not left over from a page's source."""
    find = text.find
    return (
        (find("<", start, end) >= 0 and tag.search(text, start, end) is not None)
        or (
            any(find(word, start, end) >= 0 for word in _MARKUP_STEMS)
            and _MARKUP_WORDS.search(text, start, end) is not None
        )
        or (
            find(" instead of", start, end) >= 0
            and _ENTITY_NAMED.search(text, start, end) is not None
        )
        or (
            any(find(verb, start, end) >= 0 for verb in _TURNED_VERBS)
            and _ENTITY_TURNED.search(text, start, end) is not None
        )
    )


_QUOTES_AROUND = frozenset("\"'“”‘’`")
# An entity named as one of a list: "handles &amp; etc.", "&lt;, &gt; and &amp;" (then
# the next entity is the list's too).
_LISTED_AFTER = re.compile(r",? etc\b|(?:,|,? and|,? or) (&#?\w+;)")


_CONTAINER_LINE = re.compile(r"^</?[a-z][\w-]*(?: [\w-]+=\"[^\"\n]*\")*>[ \t]*$", re.M)
_CONTAINERS = 2  # element lines, opening and closing, that make a container format


def _escaped_in_container(doc: str) -> bool:
    """Whether the document is text escaped inside elements of its own, each on a line of
    its own (a wiki extractor's `<doc id=…>` records): the escaped tags in the text
    (`&lt;ref&gt;`) are the format's, decoded they would be markup."""
    if "&lt;" not in doc or "\n</" not in doc:
        return False
    return sum(1 for _ in islice(_CONTAINER_LINE.finditer(doc), _CONTAINERS)) >= _CONTAINERS


@code_rule("html-entities")
def html_entities(text: str, ctx: Context, rule: Rule) -> Iterator[Change]:
    if ctx.mode == "markdown" or "&" not in text:
        return  # in Markdown an entity is source the author wrote on purpose (reST shows
        # one as it is written: there, outside literals, it is debris)
    if evidence.is_wikitext(ctx):
        return  # so it is in a wiki's source: `p.&nbsp;39`, kept visible to its editors
    if evidence.is_tokenized(ctx):
        return  # a tokenizer's escapes (Moses writes `it &apos;s`, `&quot; yes &quot;`):
        # the corpus's format, which its readers undo themselves
    if ctx.doc_memo("escaped-in-container", _escaped_in_container):
        return  # <doc id=…> … &lt;ref&gt; … </doc>: text escaped for the markup around it
    line_start, line_end = 0, -1
    in_html = False
    message = rule.message
    decoded: dict[str, str] = {}
    list_next = -1  # where the next entity of a list of them starts
    for m in ctx.finditer(_ENTITY):
        start, end = m.span()
        if not line_start <= start < line_end:
            line_start, line_end = line_bounds(text, start)
            # the lines around it too: a paragraph's tags may sit on the line before
            a = line_bounds(text, line_start - 1)[0] if line_start else 0
            b = line_bounds(text, line_end + 1)[1] if line_end < len(text) else line_end
            in_html = _about_markup(text, a, b, _RST_TAG if ctx.mode == "rst" else _TAG)
        if in_html:
            continue  # HTML source, or prose about it: its entities are meant
        if (
            start
            and text[start - 1] in _QUOTES_AROUND
            and text[end : end + 1] in _QUOTES_AROUND
            and text[start + 1] != "#"
        ):
            continue  # converts U+00A0 to "&nbsp;": an entity named, in quotes of its own
            # (not “&#233;”: a letter in quotes, whose numeric reference is debris)
        # (only an entity standing as a word: "firmware&#8221;, etc." is a quote's debris)
        after = (not start or text[start - 1] in " \t\n(") and _LISTED_AFTER.match(text, end)
        if after or start == list_next:
            list_next = after.start(1) if after and after.lastindex else -1
            continue  # entities listed as examples of themselves, not page debris
        entity = m.group()
        out = decoded.get(entity)
        if out is None:
            out = decoded[entity] = _decode_entity(entity)
        if out != entity:
            if out in _INVISIBLE_FORMS and text[line_start:line_end].strip() != entity:
                continue  # b'…\n\n&#x200B;\n\n…': decoded inside a line, an invisible
                # character would hide what the writer spelled out; alone on its line it is
                # a spacer paragraph, decoded and then removed as a blank line
            yield Change(start, end, out, message)
