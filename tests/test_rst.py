"""reStructuredText awareness and structure-aware line deletion.

Every reST construct holds text that a prose rule would change if it were prose; each must
come out byte for byte while the damaged prose around it is repaired. The documents in
``fixtures/structured`` (reST, a PEP-like plain-text file, Markdown and plain text with
templates, repeated lines) must come out unchanged through the installed CLI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tidy
from conftest import Runner
from tidy import rst

BEFORE = "The review covered pay,pensions and services.This was new."
AFTER = "The review covered pay, pensions and services. This was new."
LATER = "It was,in the end,approved."
LATER_FIXED = "It was, in the end, approved."

# (name, construct): each construct holds damage-like text (glued commas and full stops,
# a space before a bracket) that is code or markup here. Indents are three spaces: four
# would be protected as indented text even without reST support.
CONSTRUCTS = [
    ("literal block, expanded form", "Run this::\n\n   total = pay,tax.Then\n   open (f)"),
    ("literal block, partial form", "Run this ::\n\n   svn merge -c -40 .\n   x = a,b"),
    ("literal block, minimal form", "::\n\n   git checkout -b default,apps"),
    ("literal block, several paragraphs", "Run::\n\n   one,two\n\n   three.Four\n   five ."),
    ("literal block in a list item", "- Run this::\n\n   total = pay,tax.Then"),
    ("literal block nested in a note", ".. note::\n\n   Run::\n\n     Pay,pensions.This one"),
    ("quoted literal block", "Run this::\n\n> total = pay,tax.Then\n> again,here.Now"),
    ("code-block directive", ".. code-block:: python\n   :caption: pay,tax.Then\n\n   f = a,b.C"),
    ("code directive", ".. code:: console\n\n   Saved pay,pensions.This is done"),
    ("sourcecode directive", ".. sourcecode:: text\n\n   Read the script ( twice ) now"),
    ("literalinclude and its options", ".. literalinclude:: a,b.py\n   :lines: 1,2.Then"),
    ("math directive", ".. math::\n\n   Pay ,pensions.This"),
    ("raw directive", ".. raw:: latex\n\n   Pay,pensions and services.This"),
    ("toctree entries", ".. toctree::\n   :caption: Pay,tax\n\n   usage/pay,tax\n   api/box.Items"),
    ("csv-table", '.. csv-table:: Pay,tax\n   :header: "a","b"\n\n   "pay",1.Then'),
    ("unknown directive's body", ".. frobnicate:: pay,tax\n\n   pay,tax.Then"),
    ("domain directive signature", ".. py:function:: render(items,sep)\n   :module: box.Items"),
    ("substitution definition", ".. |pay| replace:: the pay,pensions.This"),
    ("hyperlink target", ".. _pay: Pay,pensions.This_"),
    ("anonymous target", "__ Pay,pensions.This_"),
    ("comment", ".. pay,tax.Then\n   more,text.Here"),
    ("comment with an empty first line", "..\n   pay,tax.Then"),
    ("field list", ":param items: The items,as a list.\n:type items: dict(str, int)"),
    ("docinfo fields", ":Version: 2.1,final\n:Date: 2031.Then"),
    ("section title and underline", "Pay,tax.Then\n============"),
    ("section title with overline", "============\nPay,tax.Then\n============"),
    ("transition", "..........."),
    (
        "grid table",
        "+--------------+\n| pay,tax.Then |\n+==============+\n| a (b)        |\n+--------------+",
    ),
    ("simple table", "=====  =========\npay,x  tax.Then\n\nrow    a,b\n=====  ========="),
    ("doctest block", '>>> pay,tax.Then\n"a,b"'),
    ("definition term with a classifier", "items : list,optional\n   The items to render."),
    ("role", "Call :term:`fee,levy.That` here."),
    ("role over two lines", "See :ref:`the pay\n   and,tax.Then <pay>` first."),
    ("reference with an embedded URI", "See `fee,levy.That <https://x.org>`_ first."),
    ("anonymous reference", "See `fee,levy.That`__ first."),
    ("interpreted text", "The `fee,levy.That` value."),
    ("inline literal", "The ``fee,levy.That`` value."),
    ("footnote reference", "A claim [#pay]_,see there."),
    ("substitution reference", "The |pay,tax| value.Then"),
]


# (inline constructs name words the prose does not: a word written as code is code in prose too)
def _document(construct: str) -> str:
    return f"Notes\n=====\n\n{BEFORE}\n\n{construct}\n\n{LATER}\n"


@pytest.mark.parametrize(("name", "construct"), CONSTRUCTS, ids=[n for n, _ in CONSTRUCTS])
def test_rst_construct_is_kept_and_prose_around_it_repaired(name: str, construct: str) -> None:
    out = tidy.fix(_document(construct), mode="rst").text
    assert out == f"Notes\n=====\n\n{AFTER}\n\n{construct}\n\n{LATER_FIXED}\n"


@pytest.mark.parametrize(
    "construct",
    [c for n, c in CONSTRUCTS if n.startswith(("literal block", "code", "comment", "field"))],
)
def test_plain_text_that_looks_like_rst_gets_the_same_protection(construct: str) -> None:
    # A directive elsewhere in the file marks it as reST (a PEP kept as .txt, say).
    text = _document(construct) + "\n.. note:: The end.\n"
    assert rst.looks_like(text)
    out = tidy.fix(text, mode="plain").text
    assert construct in out and AFTER in out and LATER_FIXED in out


def test_prose_inside_admonitions_and_footnotes_is_repaired() -> None:
    text = (
        ".. note::\n\n   The note,glued.\n\n"
        ".. warning:: Take care,now.\n\n"
        ".. [1] The footnote,glued.\n\n"
        ".. versionchanged:: 2.4\n   The default,changed.\n"
    )
    out = tidy.fix(text, mode="rst").text
    assert out == (
        ".. note::\n\n   The note, glued.\n\n"
        ".. warning:: Take care, now.\n\n"
        ".. [1] The footnote, glued.\n\n"
        ".. versionchanged:: 2.4\n   The default, changed.\n"
    )


def test_sections_underlined_with_tildes_are_no_code_fences() -> None:
    # (a line of ~~~ under a title adorns it; a short run under a longer line, as in
    # `Example:⏎~~~`, may still open a fence in a plain-text file)
    text = "Title\n=====\n\nv1\n~~~~\n\nThe filter,and more.\n\n~~~~\nv2\n~~~~\n\nIt works,too.\n"
    out = tidy.fix(text, mode="rst").text
    assert out == text.replace("filter,and", "filter, and").replace("works,too", "works, too")
    fenced = "Example:\n~~~\ncode,here\n~~~\n\nIt works,too.\n"
    assert tidy.fix(fenced, mode="plain").text == fenced.replace("works,too", "works, too")


def test_a_long_list_is_read_in_blocks_of_whole_lines() -> None:
    """A change log of 1,200 items with no blank line is read in blocks; a block cut
    inside a line paired the backticks of two items as one literal, and the edits far into
    the list depended on where the cut fell (and moved with each repair)."""
    items = [
        f"* `#{i} <https://example.com/pull/{i}>`__: MAINT: "
        + ("remove an unused include" if i % 3 else "tidy the build")
        for i in range(1200)
    ]
    items[500] = "* `#500 <https://example.com/pull/500>`__: MAINT: drop the flag.Then rebuild"
    items[900] = "* `#900 <https://example.com/pull/900>`__: BUG: remove the include,then rebuild"
    text = "\n".join(items) + "\n"
    expected = text.replace("flag.Then", "flag. Then").replace(
        "include,then", "include, then"
    )
    result = tidy.fix(text, mode="rst")
    assert result.text == expected
    assert tidy.fix(expected, mode="rst").text == expected


def test_rfc2822_header_at_the_top_is_kept() -> None:
    head = (
        "PEP: 9001\nTitle: Let str(box) call str(item),in order\nAuthor: A. Person,\n  B. Person\n"
    )
    out = tidy.fix(f"{head}\n{BEFORE}\n", mode="rst").text
    assert out == f"{head}\n{AFTER}\n"


def test_a_literal_block_ends_where_indentation_does() -> None:
    text = "Run::\n\n   a,b.C\n\nAfter,glued.\n"
    assert tidy.fix(text, mode="rst").text == "Run::\n\n   a,b.C\n\nAfter, glued.\n"


def test_scanner_spans_are_exact() -> None:
    text = "Title\n=====\n\nText::\n\n   code\n\nMore.\n"
    spans = [text[a:b] for a, b in rst.blocks(text)]
    assert spans == ["Title\n=====", "::", "   code"]


def test_a_title_keeps_its_underline_length() -> None:
    # The title is not edited, so its underline stays exactly as long.
    text = "Pay,tax and more\n================\n\nBody,glued.\n"
    assert tidy.fix(text, mode="rst").text == "Pay,tax and more\n================\n\nBody, glued.\n"


# --- structure-aware line deletion ----------------------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "structured"
STRUCTURED = sorted(p for p in FIXTURES.iterdir() if p.is_file())


def test_structured_fixtures_are_there() -> None:
    names = {p.suffix for p in STRUCTURED}
    assert {".rst", ".md", ".txt"} <= names and len(STRUCTURED) >= 7


@pytest.mark.parametrize("path", STRUCTURED, ids=[p.name for p in STRUCTURED])
def test_structured_fixture_is_byte_identical(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    mode = {".rst": "rst", ".md": "markdown"}.get(path.suffix, "plain")
    for variant in (text, text.replace("\n", "\r\n")):  # and with CRLF line endings
        res = tidy.fix(variant, mode=mode)
        assert [(e.rule, res.position(e.start), e.before) for e in res.edits] == []


def test_cli_leaves_every_structured_fixture_alone(tidy_run: Runner, tmp_path: Path) -> None:
    for p in STRUCTURED:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    ran = tidy_run("fix", "--isolated", ".", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    for p in STRUCTURED:
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


KEPT = [
    ("jinja closers", "markdown", "{% if a %}\nOne.\n{% endif %}\n\nText here.\n\n{% endif %}\n"),
    (
        "liquid closer in plain text",
        "plain",
        "{% if a %}\nOne.\n{% endif %}\n\nText.\n\n{% endif %}\n",
    ),
    (
        "a line closing two sections",
        "markdown",
        "## One\n\nText.\n\n**Where:** {{ room }}\n\n## Two\n\nMore.\n\n**Where:** {{ room }}\n",
    ),
    ("a list item repeated", "markdown", "## A\n\n- None known\n\n## B\n\n- None known\n"),
    (
        "a directive at the foot",
        "rst",
        "T\n=\n\n.. versionadded:: 2.0\n\nText.\n\n.. versionadded:: 2.0\n",
    ),
    (
        "a sentence closing two sections",
        "rst",
        "A\n-\n\nNo notable changes here\n\nB\n-\n\nNo notable changes here\n",
    ),
    ("yes yes no", "plain", "Yes\nYes\nNo\n"),
    (
        "a doubled verse line",
        "plain",
        "Row your small boat\nRow your small boat\nDown the stream\n",
    ),
    (
        "a refrain",
        "plain",
        "Row your small boat\nDown the stream\n\nRow your small boat\n\nUp the hill\n\n"
        "Row your small boat\n",
    ),
    ("an underlined furniture phrase", "plain", "Back to top\n===========\n\nThe top is here.\n"),
    (
        "a furniture phrase as a reST title",
        "rst",
        "Subscribe to our Newsletter\n===========================\n\nSign up below.\n",
    ),
    (
        "a furniture phrase as a setext heading",
        "markdown",
        "Share this article\n------------------\n\nCopy the link.\n",
    ),
    ("a furniture phrase inside a list", "markdown", "- Advertisement\n- Sponsored\n"),
    ("a furniture phrase glued to a paragraph", "markdown", "Text.\n\nAdvertisement\nMore text.\n"),
    ("an indented passage", "plain", "Text.\n\n    A.S.\n\n    ADVERTISEMENTS\n\n    A lecture.\n"),
    ("a related section", "rst", "Text.\n\nRelated Topics\n\n* :doc:`one`\n* :doc:`two`\n"),
    (
        "a copyright notice at the foot of a reST text kept as .txt",
        "plain",
        "Usage\n=====\n\nRun ``tool`` on a file.\n\nCopyright 2010 Ann Lee. All rights reserved.\n",
    ),
    (
        "justified text in a reST text kept as .txt",
        "plain",
        "Usage\n=====\n\nRun  ``man``  with  a  page  name, as  justified  text  sets  it.\n",
    ),
]


@pytest.mark.parametrize(("name", "mode", "text"), KEPT, ids=[n for n, _, _ in KEPT])
def test_line_deleting_rules_leave_structure_and_content(name: str, mode: str, text: str) -> None:
    res = tidy.fix(text, mode=mode)
    assert res.text == text, [(e.rule, e.before) for e in res.edits]


REMOVED = [
    # plain text keeps head and foot removal: the seed's shapes
    ("title printed twice", "plain", "Storm hits coast\nStorm hits coast\n\nIt rained.\n"),
    ("breadcrumb", "plain", "Home News Storm hits coast\n\nStorm hits coast\n\nIt rained.\n"),
    (
        "heading repeated at the foot",
        "plain",
        "Storm hits coast\n\nIt rained all day.\n\nMore soon.\n\nStorm hits coast\n",
    ),
    ("a standalone furniture line", "plain", "It rained.\n\nAdvertisement\n\nMore soon.\n"),
    # in Markdown: a plain copy of the heading right below it, a standalone furniture line
    ("markdown title copy", "markdown", "# Storm hits coast\n\nStorm hits coast\n\nIt rained.\n"),
    ("markdown furniture line", "markdown", "It rained.\n\nAdvertisement\n\nMore soon.\n"),
]


@pytest.mark.parametrize(("name", "mode", "text"), REMOVED, ids=[n for n, _, _ in REMOVED])
def test_furniture_is_still_removed(name: str, mode: str, text: str) -> None:
    res = tidy.fix(text, mode=mode)
    assert {e.rule for e in res.edits} <= {"repeated-title", "boilerplate-lines"}
    assert res.edits and res.text.count("\n") < text.count("\n")


# --- property: any arrangement of constructs --------------------------------------------------

_PROSE = [BEFORE, LATER, "Short line,glued.", "A list:\n\n- one,two\n- three.Four"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.sampled_from([c for _, c in CONSTRUCTS]), st.sampled_from(_PROSE)),
        min_size=1,
        max_size=8,
    )
)
def test_constructs_survive_any_arrangement(parts: list[str]) -> None:
    text = "Notes\n=====\n\n" + "\n\n".join(parts) + "\n"
    res = tidy.fix(text, mode="rst")
    for part in parts:
        if part not in _PROSE:
            assert part in res.text
    assert tidy.fix(res.text, mode="rst").text == res.text  # idempotent


def test_entities_and_spaced_marks_in_rst_prose_are_repaired_not_in_literals() -> None:
    # reST shows an entity as it is written: in prose it is debris; in a literal it is
    # meant. A space before a comma after a role is a slip, not a command's argument.
    text = (
        "La fonction :func:`len` renvoie la longueur d&#39;un objet, d&#233;finie par sa"
        " m&#233;thode :meth:`__len__`. Sinon , elle l&#232;ve :exc:`TypeError`.\n\n"
        "Le code ``x &amp; y`` renvoie le *et* bit à bit de deux entiers.\n"
    )
    assert tidy.fix(text, mode="rst").text == (
        "La fonction :func:`len` renvoie la longueur d'un objet, définie par sa"
        " méthode :meth:`__len__`. Sinon, elle lève :exc:`TypeError`.\n\n"
        "Le code ``x &amp; y`` renvoie le *et* bit à bit de deux entiers.\n"
    )
