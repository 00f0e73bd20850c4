"""Fast paths for long and hostile inputs give exactly what the plain computations give:
each is checked against the function it stands in for, on texts shaped to reach every
branch (short and long lines, lines longer than the search window, no line break at all)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tidy import language
from tidy.coderules.lines import WINDOW, line_bounds
from tidy.context import Context

# Runs of letters and line breaks whose lengths straddle the line window.
RUN = st.tuples(
    st.sampled_from(["a", "\n", "\n\n", "ab. c"]),
    st.sampled_from([0, 1, 3, 500, WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW + 7]),
)


def _text(runs: list[tuple[str, int]]) -> str:
    return "".join(unit * (n // len(unit) or 1) for unit, n in runs)


@settings(max_examples=60, deadline=None)
@given(st.lists(RUN, min_size=1, max_size=6), st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_context_line_is_line_bounds(runs: list[tuple[str, int]], where: list[float]) -> None:
    text = _text(runs)
    ctx = Context(text, "plain")
    # in order (as candidates arrive), then in any order (as several rules ask)
    for p in [*sorted(int(f * len(text)) for f in where), *(int(f * len(text)) for f in where)]:
        assert ctx.line(p) == line_bounds(text, p)


def test_long_lines_identified_as_before() -> None:
    line = "Le chat est sur la table et il dort. " * 400
    assert len(line) > 2000
    assert language.identify_line(line) == language.identify(line) == "fr"
    assert language.identify_line(line) == "fr"  # (now from the memo)
    for i in range(20):  # the memo keeps a few long lines only
        language.identify_line(f"{i} " + line)
    assert len(language._LONG_LINES) <= language._LONG_KEEP
