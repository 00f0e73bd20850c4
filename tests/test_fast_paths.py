"""Fast paths for long and hostile inputs give exactly what the plain computations give:
each is checked against the function it stands in for, on texts shaped to reach every
branch (short and long lines, lines longer than the search window, no line break at all)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tidy
from tidy import engine, guards, language, lexicon, verdicts
from tidy.coderules import encoding, structure
from tidy.coderules.lines import WINDOW, line_bounds
from tidy.context import BLOCK_SNAP, Context
from tidy.context import WINDOW as PARAGRAPH_WINDOW
from tidy.model import Change

# Runs of letters and line breaks whose lengths straddle the line window.
RUN = st.tuples(
    st.sampled_from(["a", "\n", "\n\n", "ab. c"]),
    st.sampled_from([0, 1, 3, 500, WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW + 7]),
)


def _text(runs: list[tuple[str, int]]) -> str:
    return "".join(unit * (n // len(unit) or 1) for unit, n in runs)


def _probes(text: str, where: list[float]) -> list[int]:
    """Positions in order (as candidates arrive), then in any order (as several rules ask)."""
    return [*sorted(int(f * len(text)) for f in where), *(int(f * len(text)) for f in where)]


@settings(max_examples=60, deadline=None)
@given(st.lists(RUN, min_size=1, max_size=6), st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_context_searches_match_the_plain_ones(
    runs: list[tuple[str, int]], where: list[float]
) -> None:
    text = _text(runs)
    lines, paragraphs = Context(text, "plain"), Context(text, "plain")
    for p in _probes(text, where):
        assert lines.line(p) == line_bounds(text, p)
        assert paragraphs.paragraph_at(p) == _find_paragraph(text, p)


def test_long_lines_identified_as_before() -> None:
    line = "Le chat est sur la table et il dort. " * 400
    assert len(line) > 2000
    assert language.identify_line(line) == language.identify(line) == "fr"
    assert language.identify_line(line) == "fr"  # (now from the memo)
    for i in range(20):  # the memo keeps a few long lines only
        language.identify_line(f"{i} " + line)
    assert len(language._IDENTIFY.long) <= lexicon.LONG_KEEP


def _find_paragraph(text: str, pos: int) -> tuple[int, int]:
    """Context's paragraph search as it was written first: two bounded searches."""
    n = len(text)
    lo, hi = max(0, pos - PARAGRAPH_WINDOW), min(n, pos + PARAGRAPH_WINDOW)
    s = text.rfind("\n\n", lo, pos)
    e = text.find("\n\n", pos, hi)
    if "\r" in text:
        s = max(s, text.rfind("\n\r\n", lo, pos))
        e2 = text.find("\n\r\n", pos, hi)
        if e2 >= 0 and (e < 0 or e2 < e):
            e = e2
    start = text.index("\n", s + 1) + 1 if s >= 0 else (0 if lo == 0 else None)
    end = e + 1 if e >= 0 else (n if hi == n else None)
    # a paragraph longer than the window: fixed blocks, each moved on to a line's start
    block = pos // PARAGRAPH_WINDOW
    if pos < _snap(text, block * PARAGRAPH_WINDOW):
        block -= 1
    start = _snap(text, block * PARAGRAPH_WINDOW) if start is None else start
    end = min(n, _snap(text, (block + 1) * PARAGRAPH_WINDOW)) if end is None else end
    return start, end


def _snap(text: str, x: int) -> int:
    if x <= 0 or x >= len(text):
        return max(0, min(x, len(text)))
    i = text.find("\n", x - 1, x + BLOCK_SNAP)
    return i + 1 if i >= 0 else x


def test_context_searches_where_answers_turn() -> None:
    """Positions of texts whose line and paragraph breaks sit near the window's
    edges, forwards and backwards (the remembered answers hold over stretches)."""
    texts = [
        "a" * 45000,
        "a" * 21000 + "\n\n" + "a" * 30000,
        "a" * 5 + "\n\n" + "a" * 41000 + "\n\n\n" + "a" * 19999,
        "\n\n\n" + "a" * 20000 + "\n",
        "ab\n\n" * 9000,
        "\n\n\n\n\na\n\n\n" * 3000,
        "x\r\n\r\ny" * 4000,
    ]
    for text in texts:
        n = len(text)
        # where an answer may turn: the window's multiples and the breaks, a window away too
        turns = {0, n, *range(0, n, WINDOW)}
        for i, c in enumerate(text):
            if c == "\n" and (i < 50 or text[i - 1 : i] != "\n" or i % 200 == 0):
                turns.update((i, i - WINDOW, i + WINDOW))
        near = sorted({q for t in turns for q in range(t - 4, t + 5) if 0 <= q <= n})
        positions = sorted({*near, *range(0, n + 1, 97)})
        ctx = Context(text, "plain")
        for order in (positions, positions[::-1]):
            for p in order:
                assert ctx.line(p) == line_bounds(text, p)
                assert ctx.paragraph_at(p) == _find_paragraph(text, p)


# Long lines that repeat a few units: every candidate's verdict is remembered after its
# first time, and must be the one the guards give.
UNITS = st.sampled_from(
    [
        "Word.Word,Word ",
        "said.The ",
        "Bagle.Worm ",
        "pay,pensions ",
        "(Python.File) ",
        'a "set ai,xx" ',
        "obj.Method() ",
        "typing.Generic\n",
        "Major.Minor objects ",
        "résultat.Au passage ",
        "x,y ",
        "e.g. ",
        "http://a.b/c.D ",
        "\n\n",
        "agenda.This ",
        "Le chat.Il dort, ",
        "foo,bar,baz ",
        "   ",
        "a.B.C.D ",
        "J.R.R.Tolkien,Author ",
        "Ça.Va,bien ",
        "x" * 250 + ".Y ",
        "end.The\n",
        "(see.Here) ",
        "obj.Method(x),y ",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(UNITS, st.integers(1, 400)), min_size=1, max_size=8))
def test_remembered_verdicts_are_the_guards(parts: list[tuple[str, int]]) -> None:
    text = "".join(unit * n for unit, n in parts)
    with_memo, without = _with_and_without_memo(text)
    assert with_memo.text == without.text
    assert with_memo.edits == without.edits


def test_remembered_verdicts_on_a_repeated_pattern() -> None:
    text = ("Word.Word,Word " * 3000 + "\n") * 3 + "said.The end,of it " * 2000
    with_memo, without = _with_and_without_memo(text, mode="auto")
    assert with_memo.text == without.text != text
    assert with_memo.edits == without.edits


def _with_and_without_memo(text: str, mode: str = "plain") -> tuple[tidy.Result, tidy.Result]:
    """The same text fixed with the verdict memo and with every guard asked afresh."""
    fixer = tidy.fixer(mode=mode)
    with_memo = fixer(text)
    verdicts.ENABLED = False
    try:
        return with_memo, fixer(text)
    finally:
        verdicts.ENABLED = True


def _both_ways(text: str) -> tuple[str, str]:
    with_memo, without = _with_and_without_memo(text)
    return with_memo.text, without.text


def test_remembered_verdicts_see_what_the_guards_see() -> None:
    """Facts keyed apart, shown to matter: a word after the token (a name's kind) and an
    open quote far back on the line; and a token that ends a long line with nothing but
    spaces before it (a name) or with a word before it (a sentence wrapped there)."""
    kind = "resources.Minify objects " * 200 + "resources.Minify then " * 200
    # (a quoted command is looked for within 300 characters back: 20 pairs fit)
    quoted = "pay,pensions " * 300 + '":set ' + "pay,pensions " * 20 + '" ' + "pay,pensions " * 300
    alone = (" " * 2100 + "resources.Minify\nthe end\n") * 3
    after = ("x" + " " * 2100 + "resources.Minify\nthe end\n") * 3
    for text in (kind, quoted, alone + after, after + alone):
        with_memo, without = _both_ways(text)
        assert with_memo == without
    assert _both_ways(kind)[0].count("resources. Minify then") == 200
    assert _both_ways(quoted)[0].count("pay, pensions") == 600
    assert _both_ways(alone + after)[0].count("resources. Minify") == 3


def _dotted_pairs_plainly(text: str) -> Counter[str]:
    """guards._dotted_pairs as it was first written: one Python step per full stop."""
    found: Counter[str] = Counter()
    for m in re.finditer(r"\.(?=[A-ZÀ-ÖØ-Þ])", text):
        p = m.start()
        found[f"{guards._word_before(text, p)}.{guards._word_after(text, p + 1)}"] += 1
    return found


PAIR_PIECES = st.sampled_from(
    ["Word.Word", "a.B", ".NET", "U.S.A.", "don't.The", "-x.Y", "é.Über", "ab_c.D", "\n", " ",
     "x" * 63, "y" * 64, "z" * 65, "1.A", "(", "’.Q", "Word.Word,Word "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(PAIR_PIECES, max_size=30))
def test_dotted_pairs_counted_as_plainly(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert guards._dotted_pairs(text) == _dotted_pairs_plainly(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["#", "##", "Title", "word.", "\t", "  ", "###"]), max_size=60))
def test_long_lines_are_no_titles_as_before(pieces: list[str]) -> None:
    """structure._title_like rejects a line of many words before normalising it (heading
    marks may make two of them, normalised once or twice)."""
    line = " ".join(pieces)
    for text in (line, structure._norm(line)):
        s = structure._norm(text)
        plainly = 0 < len(s.split()) <= 20 and len(s) <= 160 and not s.endswith((".", ","))
        assert structure._title_like(text) == plainly


REPEATED = st.sampled_from(
    ["Word.Word,Word ", "said.The ", "pay,pensions ", "a.B c.D ", "x,y ", "Il est.Ici,là "]
)
BREAKS = st.sampled_from(["X", ".", ",", " ", "\n", "\n\n", "é", '"', "(", "Word.Word,Word "])


@settings(max_examples=60, deadline=None)
@given(
    REPEATED,
    st.integers(150, 2500),
    st.lists(st.tuples(st.floats(0, 1), BREAKS), max_size=6),
)
def test_repeats_take_the_verdict_they_would_be_given(
    unit: str, n: int, breaks: list[tuple[float, str]]
) -> None:
    """A run of one repeated unit, broken here and there: the candidates that repeat the
    one judged before them (engine._repeats) get what the guards give."""
    text = unit * n
    for where, piece in sorted(breaks, reverse=True):
        i = int(where * len(text))
        text = text[:i] + piece + text[i:]
    with_memo, without = _with_and_without_memo(text)
    assert with_memo.text == without.text
    assert with_memo.edits == without.edits


def test_repeats_are_taken_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from tidy import engine

    calls = []
    repeats = engine._repeats

    def counted(*args: object) -> object:
        calls.append(args[2])
        return (yield from repeats(*args))  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_repeats", counted)
    text = "Word.Word,Word " * 20000
    fixed = tidy.fix(text).text
    assert fixed == "Word.Word, Word " * 20000
    assert 0 < len(calls) < 2000  # runs of many candidates, not one call each


# Pieces of text with edits to make next to things that protect text from them.
GUARDED = st.sampled_from(
    [
        "&amp;",
        "a,b ",
        "said.The ",
        "x ,y ",
        "`code ,here` ",
        "http://example.com/a,b ",
        "<b>&amp;</b> ",
        "\n\n",
        "\n```\nx ,y &amp;\n```\n",
        "<!-- tidy: off -->\na ,b\n<!-- tidy: on -->\n",
        "e.g. ",
        "word ",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(GUARDED, st.integers(1, 40)), min_size=1, max_size=8))
def test_edits_in_a_free_paragraph_kept_as_asked(runs: list[tuple[str, int]]) -> None:
    """engine.rule_changes asks ctx.protected only outside the paragraph last found to hold
    nothing protected: the same edits as asking it about every one."""
    text = "".join(unit * n for unit, n in runs)
    free_span = Context.free_span
    for mode in ("plain", "markdown", "rst"):
        fast = tidy.fix(text, mode=mode)
        Context.free_span = lambda self: (0, -1)  # type: ignore[method-assign]
        try:
            slow = tidy.fix(text, mode=mode)
        finally:
            Context.free_span = free_span  # type: ignore[method-assign]
        assert fast.text == slow.text
        assert fast.edits == slow.edits


def _first_as_before(changes: list[Change], sources: list[tuple[int, int]] | None) -> list:
    """engine._Mapper._first as it was written first: a tuple rebuilt at every merge."""
    out: list[tuple[int, int, int, int]] = []
    prev: tuple[int, int, int, int] | None = None
    shift = 0
    for idx, c in enumerate(changes):
        cs, ce = c.start, c.end
        nos, noe = (cs, ce) if sources is None else sources[idx]
        d = len(c.text) - (ce - cs)
        ncs, nce = cs + shift, ce + shift + d
        if prev is not None and ncs <= prev[1]:
            pa, pb, px, py = prev
            prev = out[-1] = (min(pa, ncs), max(pb, nce), min(px, nos), max(py, noe))
        else:
            prev = (ncs, nce, nos, noe)
            out.append(prev)
        shift += d
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), max_size=30),
    st.booleans(),
)
def test_first_mapping_as_before(steps: list[tuple[int, int, int]], mapped: bool) -> None:
    """Sorted, disjoint changes (touching or apart, growing or shrinking the text): the
    regions engine._Mapper records first are those it recorded before."""
    changes, pos = [], 0
    for gap, width, grown in steps:
        start = pos + gap
        changes.append(Change(start, start + width, "x" * grown))
        pos = start + width
    sources = [(c.start + 7, c.end + 9) for c in changes] if mapped else None
    mapper = engine._Mapper()
    mapper.apply(changes, sources)
    assert mapper.regions == _first_as_before(changes, sources)
    assert mapper.starts == [r[0] for r in mapper.regions]
    assert mapper.ends == [r[1] for r in mapper.regions]


MARKUP_PIECES = st.sampled_from(
    [
        "&amp;",
        "&copy; instead of",
        "&copy;, instead of",
        " instead of ",
        "HTML",
        "XHTML5",
        "an entity",
        "entities",
        "entit",
        "character reference",
        "character references",
        "<b>",
        "< b",
        "XMLish",
        "SGML.",
        "\n",
        "word ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKUP_PIECES, max_size=12), st.integers(0, 40), st.integers(0, 40))
def test_about_markup_as_the_regexes_say(pieces: list[str], cut_start: int, cut_end: int) -> None:
    """encoding._about_markup looks for a literal each match must hold before running the
    regex: the same answer as the regexes alone, on any stretch of the text."""
    text = "".join(pieces)
    start, end = min(cut_start, len(text)), max(0, len(text) - cut_end)
    plain = any(
        p.search(text, start, end) is not None
        for p in (encoding._TAG, encoding._MARKUP_WORDS, encoding._ENTITY_NAMED)
    )
    assert encoding._about_markup(text, start, end) == plain


PARAGRAPH_RUN = st.tuples(
    st.sampled_from(["a", "\n", "\n\n", "\n\n\n", "\r\n\r\n", "ab. c "]),
    st.sampled_from([0, 1, 3, 500, PARAGRAPH_WINDOW - 1, PARAGRAPH_WINDOW, PARAGRAPH_WINDOW + 2]),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(PARAGRAPH_RUN, min_size=1, max_size=6),
    st.lists(st.tuples(st.floats(0, 1), st.floats(0, 0.2)), min_size=1, max_size=12),
)
def test_touched_paragraphs_are_the_contexts(
    runs: list[tuple[str, int]], edits: list[tuple[float, float]]
) -> None:
    # The engine finds the paragraphs a pass edited from the blank lines around each edit;
    # they must be the paragraphs Context.paragraph gives, merged as the engine merges them.
    text = _text(runs)
    n = len(text)
    regions, last = [], -1
    for at, width in sorted(edits):
        s = max(int(at * n), last + 1)
        e = min(n, s + int(width * n))
        if s <= n:
            regions.append((s, e, s, e))
            last = e
    mapper = engine._Mapper()
    mapper.regions = regions
    probe = Context(text, "plain")
    spans: list[tuple[int, int]] = []
    end = n - 1
    for cs, ce, _, _ in regions:
        if spans and max(ce - 1, cs) < spans[-1][1]:
            continue
        s, _ = probe.paragraph(max(0, min(cs, end)))
        _, e = probe.paragraph(max(0, min(max(ce - 1, cs), end)))
        spans.append((s, e))
    expected: list[tuple[int, int]] = []
    for s, e in engine.merge(spans):
        if expected and s - expected[-1][1] < engine.REGION_GAP:
            expected[-1] = (expected[-1][0], e)
        else:
            expected.append((s, e))
    assert engine._touched_paragraphs(text, mapper) == expected
