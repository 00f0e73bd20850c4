"""Markdown (and reST) awareness: every construct issue #3 names is left byte for byte as
written while the damaged prose around it is repaired."""

from __future__ import annotations

import pytest

import tidy

BEFORE = "The review covered pay,pensions and services.This was new."
AFTER = "The review covered pay, pensions and services. This was new."

# (name, construct): each construct holds text a prose rule would otherwise change.
CONSTRUCTS = [
    ("fenced code", "```python\nx = a,b\nprint(x.Value)\n```"),
    ("tilde fence", "~~~\nkey=value;other=thing ,done\n~~~"),
    ("indented code", "    total = price,tax\n    if ok.Then: pass"),
    ("inline code", "Call `os.path.join(a,b)` or `x.Split(',')` here."),
    ("inline code over a line break", "Run `tidy\u00a0diff\nnotes.md` or `ls\u00a0\n-la,x` now."),
    ("link destination", "See [the guide](https://example.com/a,b?x=1;y=2) now."),
    ("link title", 'See [the guide](https://example.com "Title,with.Comma") now.'),
    ("image", "![A chart](img/chart,2024.png) shows it."),
    ("autolink", "Write to <https://example.com/a,b> or <user.name@example.org>."),
    ("reference definition", '[guide]: https://example.com/a,b  "Ref,title"'),
    ("raw HTML block", '<div class="note">\nKeep,this.As it is\n</div>'),
    (
        "pre inside another HTML block",
        "<blockquote><b>answer</b>\n<pre>First,raw.\n\nSum = 70.In base b\n</pre>\n</blockquote>",
    ),
    ("inline tag", 'Press <kbd class="k,b">Ctrl</kbd> to copy.'),
    ("HTML entity", "Fish &amp; chips &nbsp;here &#8217;s fine."),
    ("YAML front matter", None),  # placed at the top, below
    ("TOML front matter", None),
    ("table", "| name | value,unit |\n|------|-----------:|\n| a.b  |   1,000    |"),
    ("task list", "- [ ] Write the tests\n- [x] Read the rules"),
    ("hard break (spaces)", "First line  \nSecond line"),
    ("hard break (backslash)", "First line\\\nSecond line"),
    ("footnote marker", "A claim[^note,1] stands.\n\n[^note,1]: The source,see below."),
    ("template", "Use {{ .Site.Title,x }} and {% if a,b %}y{% endif %} here."),
    ("shortcode", '{{< figure src="a,b.png" title="One.Two" >}}'),
    ("inline math", "The sum $a,b.C$ holds."),
    ("display math", "$$\nf(x,y) = x.Y\n$$"),
    ("MDX import", "import { Callout,FileTree } from 'nextra-theme-docs'"),
    ("MDX export", "export const meta = {title: 'One,two.Three'}"),
    ("MDX comment", "{/* spellchecker:on,as written.Here */}"),
    ("keys", 'Press ++ctrl+alt+del++ or ++"."++ (a full stop) to go on.'),
]


def _document(name: str, construct: str | None) -> tuple[str, str]:
    if name == "YAML front matter":
        return f"---\ntitle: Notes,and.More\ntags: [a,b]\n---\n\n{BEFORE}\n", "---"
    if name == "TOML front matter":
        return f'+++\ntitle = "Notes,and.More"\n+++\n\n{BEFORE}\n', "+++"
    assert construct is not None
    return f"# Notes\n\n{BEFORE}\n\n{construct}\n\nClosing words,glued.\n", construct


@pytest.mark.parametrize(("name", "construct"), CONSTRUCTS, ids=[n for n, _ in CONSTRUCTS])
def test_construct_is_kept_and_prose_around_it_repaired(name: str, construct: str | None) -> None:
    text, kept = _document(name, construct)
    out = tidy.fix(text, mode="markdown").text
    if construct is None:  # front matter: the whole block above the prose stays as written
        block = text[: text.index(BEFORE)]
        assert out.startswith(block)
    else:
        assert kept in out, f"{name} changed:\n{out}"
    assert AFTER in out and BEFORE not in out
    if construct is not None:
        assert "Closing words, glued." in out
    assert tidy.fix(out, mode="markdown").text == out


def test_auto_mode_recognises_markdown() -> None:
    text = "# Title\n\n```\nx = a,b\n```\n\nProse,glued.\n"
    assert tidy.fix(text).text == "# Title\n\n```\nx = a,b\n```\n\nProse, glued.\n"


def test_tidy_off_and_on_comments() -> None:
    text = (
        "Before,glued.\n\n<!-- tidy: off -->\nKept,as.Written\n\nStill,kept.\n"
        "<!-- tidy: on -->\n\nAfter,glued.\n"
    )
    out = tidy.fix(text, mode="markdown").text
    assert "Kept,as.Written\n\nStill,kept." in out
    assert "Before, glued." in out and "After, glued." in out


def test_tidy_ignore_comment_switches_one_rule_off_for_the_next_block() -> None:
    text = "<!-- tidy: ignore space-after-comma -->\nKept,comma.Fixed sentence.\n\nNext,block.\n"
    out = tidy.fix(text, mode="markdown").text
    assert out == (
        "<!-- tidy: ignore space-after-comma -->\nKept,comma. Fixed sentence.\n\nNext, block.\n"
    )


def test_plain_text_suppression_lines() -> None:
    text = "One,two.\n\ntidy: off\nThree,four.\ntidy: on\n\nFive,six.\n"
    out = tidy.fix(text, mode="plain").text
    assert out == "One, two.\n\ntidy: off\nThree,four.\ntidy: on\n\nFive, six.\n"


def test_rst_literals_and_roles_are_kept() -> None:
    text = (
        "Use ``a,b.Value`` and :func:`os.path.join` here.\n\n"
        "Example::\n\n    x = a,b\n\nProse,glued.\n"
    )
    out = tidy.fix(text, mode="rst").text
    assert "``a,b.Value``" in out and ":func:`os.path.join`" in out
    assert "    x = a,b" in out
    assert "Prose, glued." in out


def test_markdown_entities_are_source_but_plain_text_entities_are_decoded() -> None:
    assert tidy.fix("Fish &amp; chips.", mode="markdown").text == "Fish &amp; chips."
    assert tidy.fix("Fish &amp; chips.", mode="plain").text == "Fish & chips."


def test_an_entitys_semicolon_before_a_curly_quote_is_no_clause_break() -> None:
    text = "Call **Fan.create(:name=&gt;‘Ann Lee’)** or *x=&gt;“y z”* to add one.\n"
    assert tidy.fix(text, mode="markdown").text == text


@pytest.mark.parametrize(
    "heading",
    [
        "## What is it ?",  # the anchor is #what-is-it- : other pages may link to it
        "### Setup,install and run",
        "Why not ?\n---------",  # an underlined (setext) heading
        "# Costs (in 2024 )",
    ],
)
def test_an_edit_that_would_change_a_headings_anchor_is_not_made(heading: str) -> None:
    text = f"# Notes\n\n{heading}\n\nThe text,glued.\n"
    out = tidy.fix(text, mode="markdown").text
    assert out == text.replace("text,glued", "text, glued")


def test_a_table_of_contents_entry_stays_as_its_heading_is() -> None:
    # the heading keeps its anchor, so it stays; its copy in the contents stays with it
    # (the link's words make the anchor it points to), while other link text is repaired
    text = (
        "- [Exercises:Level 1](#exerciseslevel-1)\n- [Read the report,in full](#report)\n\n"
        "## Exercises:Level 1\n\nThe text,glued.\n"
    )
    out = tidy.fix(text, mode="markdown").text
    assert out == text.replace(",glued", ", glued").replace(",in full", ", in full")


def test_an_edit_inside_a_heading_that_keeps_its_anchor_is_made() -> None:
    # (a zero-width space is no part of the anchor; an author's {#id} fixes it)
    text = "## Setup \u200b\u200bnow\n\n## Setup,install {#setup}\n\nWhat is it ?\n"
    out = "## Setup now\n\n## Setup, install {#setup}\n\nWhat is it?\n"
    assert tidy.fix(text, mode="markdown").text == out
    assert tidy.fix("Plain text:\n\nWhat is it ?\n", mode="plain").text.endswith("it?\n")


def test_a_hard_line_break_survives_a_stray_no_break_space_before_it() -> None:
    # two spaces ending a Markdown line make a line break; the stray U+00A0 before them goes
    text = "Les agents de mairies\u00a0  \nLes agents France Services\n"
    out = "Les agents de mairies  \nLes agents France Services\n"
    assert tidy.fix(text, mode="markdown").text == out
    assert tidy.fix(text, mode="plain").text == out.replace("  \n", "\n")


def test_a_shortcode_that_holds_code_or_a_comment_is_left_alone() -> None:
    # {{< comment >}} is never published; code=true tells the shortcode its body is code
    text = (
        "Intro,text.\n\n{{< comment >}}\nSee it(later ,maybe).\n{{< /comment >}}\n\n"
        '{{< card code=true lang="java" >}}\nboolean accept(File file) { return f ,g; }\n'
        "{{< /card >}}\n"
    )
    assert tidy.fix(text, mode="markdown").text == text.replace("Intro,text", "Intro, text")


def test_a_namespaces_class_named_once_in_technical_markdown_keeps_its_dot() -> None:
    # Meeting notes name Temporal.Calendar once, the sentence running on after it, and
    # another of the namespace's classes elsewhere: in technical Markdown, names.
    text = (
        "# Notes\n\nWe ran `npm test` and `make docs` first.\n\n"
        "SFC: The status quo is that Temporal.Calendar wouldn't support it.\n\n"
        "PFC: A Temporal.Instant has no calendar.\n\n"
        "The meeting ended late.Then we left, in September.Boats were late.\n"
    )
    want = text.replace("late.Then", "late. Then").replace("September.Boats", "September. Boats")
    assert tidy.fix(text).text == want


@pytest.mark.parametrize(
    "before",
    ["$$ A = \\begin{bmatrix}a & b\\end{bmatrix} $$", "```sh\necho $$\n```"],
    ids=["spaced opener", "dollar pair in code"],
)
def test_display_math_pairing_is_not_shifted(before: str) -> None:
    # `$$ A $$` opens with a space, and a shell's `$$` sits in a code block: neither may
    # shift the pairing, or the next formula's body is read as prose
    text = f"# Notes\n\n{before}\n\n$$\n(A - \\lambda I)v = 0\n$$\n\nDone,here.\n"
    out = tidy.fix(text, mode="markdown").text
    assert out == text.replace("Done,here.", "Done, here.")


def test_a_region_a_tool_writes_between_marker_comments_is_left_alone() -> None:
    # rclone's backend pages: the options between the markers are regenerated from code
    region = (
        "<!-- autogenerated options start - DO NOT EDIT - edit backend/s3.go instead -->\n\n"
        "Provider: Selectel,Servercore\n\n<!-- autogenerated options stop -->"
    )
    text = f"# S3\n\nIntro,glued.\n\n{region}\n\nOutro,glued.\n"
    out = tidy.fix(text, mode="markdown").text
    assert out == f"# S3\n\nIntro, glued.\n\n{region}\n\nOutro, glued.\n"


@pytest.mark.parametrize(
    "head",
    [
        # Pelican's and MultiMarkdown's metadata: key: value lines up to the first blank line
        'title: "Attacks on Models"\nsubtitle: Defending Models(Pydata track) ?\n'
        "speaker: ann-lee\n",
        # Hugo's front matter written as a JSON object: its values are data, not prose
        '{\n  "title": "About me",\n  "description":"Engineer,writer and runner"\n}\n',
    ],
    ids=["undelimited-metadata", "json-object"],
)
def test_metadata_at_the_top_is_left_alone(head: str) -> None:
    text = f"{head}\nThe talk covers attacks,then defences.\n"
    out = tidy.fix(text, mode="markdown").text
    assert out == f"{head}\nThe talk covers attacks, then defences.\n"
