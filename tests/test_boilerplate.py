"""Cross-document boilerplate learning (tidy.boilerplate) and the learned-boilerplate rule."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import pytest

import tidy
from tidy.boilerplate import Learned, Learner, load, normalise, rule_options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "boilerplate"
RULE = "learned-boilerplate"


def fix(text: str, learned: Learned, **kw) -> tidy.Result:
    return tidy.fix(text, select=[RULE], rule_options=rule_options(learned), **kw)


def learn(docs: list[str], **kw) -> Learned:
    learner = Learner()
    for d in docs:
        learner.add(d)
    return learner.result(**kw)


# --- normalise ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  Share   this\tStory \r", "share this story"),
        ("© 2021 Acme Ltd.", "© 0000 acme ltd."),
        ("Page 12 of 340", "page 00 of 000"),
        ("STRASSE Straße", "strasse strasse"),  # case-folded, not just lower-cased
        ("Top\u00a0stories", "top stories"),  # no-break space is whitespace
        ("Price ٣ dollars", "price 0 dollars"),  # any decimal digit
        ("", ""),
        (" \t ", ""),
    ],
)
def test_normalise(line: str, expected: str) -> None:
    assert normalise(line) == expected


# --- the learner ---------------------------------------------------------------------------------


def test_lines_are_counted_per_document_not_per_occurrence() -> None:
    learner = Learner()
    learner.add("Back to top\nText one.\nBack to top\nBACK TO  TOP\n")
    learner.add("Back to top\nText two.")
    learner.add("Text three.")
    assert learner.documents == 3
    assert learner.lines["back to top"] == 2
    assert learner.lines["text one."] == 1


def test_empty_and_very_short_lines_are_not_counted() -> None:
    learner = Learner()
    for _ in range(5):
        learner.add("a\n\n   \nok\n--\n* * *\n---\nGo on\nNews\n")
    assert dict(learner.lines) == {"go on": 5, "news": 5}


def test_threshold_is_the_larger_of_min_docs_and_min_fraction() -> None:
    learner = Learner()
    for i in range(100):
        learner.add(f"Article {i} text {'x' * i}." + ("\nMenu line" if i < 5 else ""))
    assert learner.threshold() == 5  # 0.05 * 100 beats 3
    assert learner.result().lines == {"menu line": 5}
    assert learner.result(min_docs=6).lines == {}
    assert learner.result(min_fraction=0.5).lines == {}
    small = Learner()
    for _ in range(2):
        small.add("Menu line")
    assert small.threshold() == 3  # min_docs beats 0.05 * 2
    assert small.result().lines == {}
    assert small.result(min_docs=2).lines == {"menu line": 2}


def test_a_prefix_needs_different_titles_after_it() -> None:
    # The same first line in every document is a line, never a prefix.
    docs = [f"Weather forecast for London\n\nRain {i} mm, wind {'x' * i}." for i in range(10)]
    learned = learn(docs)
    assert learned.lines == {"weather forecast for london": 10}
    assert learned.prefixes == {}
    # Digits fold: "Published 3 March" has only a dozen continuations, not a prefix.
    months = ["March", "April", "May"]
    docs = [f"Published {i % 28} {months[i % 3]} 2020\n\nBody {'y' * i}." for i in range(30)]
    assert learn(docs).prefixes == {}


def test_a_common_title_word_is_not_a_prefix() -> None:
    topics = ["cases", "vaccine", "lockdown", "schools", "travel", "masks", "tests", "wards"]
    docs = [
        f"Coronavirus {topics[i % 8]} in {'q' * (i + 1)}\n\n"
        f"The coronavirus {topics[i % 8]} figures for week {i} were published on {'z' * i}."
        for i in range(40)
    ]
    assert learn(docs).prefixes == {}
    # The same phrase used only in the title is learned: its prose never names it.
    docs = [d.replace("The coronavirus", "The") for d in docs]
    assert learn(docs).prefixes == {"coronavirus": 40}
    # A title beginning with a function word is no prefix either ("How to ...").
    docs = [f"How to {topics[i % 8]} {'w' * i}\n\nText {i}." for i in range(40)]
    assert learn(docs).prefixes == {}


def test_the_longest_nested_prefix_wins_and_a_title_word_after_it_is_dropped() -> None:
    firsts = ["Steel"] * 6 + [f"Word{chr(97 + i)}" for i in range(14)]
    docs = [
        f"Home » Markets » {first} {'x' * i} rises\n\nText {i}." for i, first in enumerate(firsts)
    ]
    learned = learn(docs)
    # "home", "home »", ... share the count of "home » markets »": only the longest stays;
    # "home » markets » steel" (6 of 20) is the breadcrumb followed by a common title word.
    assert learned.prefixes == {"home » markets »": 20}


# --- the generated corpus -------------------------------------------------------------------------

SYLLABLES = [c + v for c in "bdklmnrstv" for v in "aeiou"]
BREADCRUMBS = ["Trade Resources Industry Views", "TRADE RESOURCES INDUSTRY VIEWS"]
BREADCRUMBS += ["Trade  Resources Industry Views", "trade resources industry views"]
FURNITURE = {
    "menu": "Home News Markets Industry Views Contact",
    "account": "Search Sign in Register",
    "share": "Share this story: Facebook, Twitter, LinkedIn, Email",
    "advert": "ADVERTISEMENT - scroll to continue",
    "more": "You may also like",
    "contribute": "Contribute Copyright Policy Privacy Policy",
}


@dataclass
class Doc:
    text: str = ""
    furniture: list[str] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    title: str = ""
    prefixed: bool = False
    rare: list[str] = field(default_factory=list)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, topic: str) -> str:
    words = [_word(rng) for _ in range(rng.randint(10, 16))]
    words.insert(rng.randint(1, 5), topic)
    return " ".join(words).capitalize() + "."


def make_corpus(n: int = 300, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        subject = {1: "Steel", 2: "Coronavirus", 4: "The"}.get(i % 10, _word(rng).capitalize())
        title = f"{subject} {_word(rng)} {_word(rng)} {_word(rng)}"
        d = Doc(title=title, prefixed=i % 15 != 0)
        out: list[str] = []

        def furniture(key: str, when: bool, d: Doc = d, out: list[str] = out) -> None:
            if when:
                line = FURNITURE[key]
                d.furniture.append(line)
                out.extend([line, ""])

        def article(line: str, d: Doc = d, out: list[str] = out) -> None:
            d.article.append(line)
            out.extend([line, ""])

        d.furniture.append(FURNITURE["menu"])
        out.append(FURNITURE["menu"])
        if i % 10 != 3:
            d.furniture.append(FURNITURE["account"])
            out.append(FURNITURE["account"])
        crumb = BREADCRUMBS[i % 4]
        out.extend([f"{crumb} {title}" if d.prefixed else title, ""])
        if i % 2 == 0:
            article(title)  # the title printed again below the breadcrumb line
        furniture("share", i % 6 != 5)
        paragraphs = [
            " ".join(_sentence(rng, subject.lower()) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(2, 5))
        ]
        article(paragraphs[0])
        furniture("advert", i % 3 != 0)
        for p in paragraphs[1:]:
            article(p)
        if i % 30 == 7:  # recurs, but in too few documents to be learned
            d.rare.append("Sponsored by Acme Metals")
            out.extend(["Sponsored by Acme Metals", ""])
        furniture("more", i % 2 == 1)
        furniture("contribute", True)
        footer = f"© {2019 + i % 5} Trade Resources Ltd. All rights reserved."
        d.furniture.append(footer)
        out.append(footer)
        d.text = "\n".join(out) + "\n"
        docs.append(d)
    return docs


CORPUS = make_corpus()
EXPECTED_LINES = {
    "home news markets industry views contact": 300,
    "© 0000 trade resources ltd. all rights reserved.": 300,
    "contribute copyright policy privacy policy": 300,
    "search sign in register": 270,
    "share this story: facebook, twitter, linkedin, email": 250,
    "advertisement - scroll to continue": 200,
    "you may also like": 150,
}


def test_corpus_is_what_the_test_claims() -> None:
    assert len(CORPUS) == 300
    counts = Counter(line for d in CORPUS for line in set(d.article))
    assert max(counts.values()) == 1  # article text is unique to its document
    assert sum(d.prefixed for d in CORPUS) == 280
    assert sum(len(d.furniture) for d in CORPUS) == 1770
    assert sum(len(d.article) for d in CORPUS) == 1150
    assert sum(len(d.rare) for d in CORPUS) == 10
    firsts = Counter(d.title.split()[0] for d in CORPUS)
    assert (firsts["Steel"], firsts["Coronavirus"], firsts["The"]) == (30, 30, 30)


def test_learning_the_corpus_finds_its_furniture_and_only_that() -> None:
    learned = learn([d.text for d in CORPUS])
    assert learned.documents == 300
    assert learned.lines == EXPECTED_LINES
    assert learned.prefixes == {"trade resources industry views": 280}


def test_fixing_the_corpus_removes_the_furniture_and_keeps_every_article_line() -> None:
    learned = learn([d.text for d in CORPUS])
    furniture_removed = furniture_total = article_removed = prefixes_stripped = rare_kept = 0
    for d in CORPUS:
        res = fix(d.text, learned)
        out = res.text.split("\n")
        furniture_total += len(d.furniture)
        furniture_removed += sum(line not in out for line in d.furniture)
        article_removed += sum(line not in out for line in d.article)
        rare_kept += sum(line in out for line in d.rare)
        first = next(line for line in out if line.strip())
        assert first == d.title
        prefixes_stripped += any(e.message.startswith("Learned prefix") for e in res.edits)
        assert "\n\n\n" not in res.text and not res.text.startswith("\n")
        assert fix(res.text, learned).text == res.text  # nothing left to do
    assert furniture_total == 1770
    assert furniture_removed == 1770  # >= 99 %: here all of it
    assert article_removed == 0
    assert prefixes_stripped == 280
    assert rare_kept == 10


def test_fixed_document_reads_as_expected() -> None:
    learned = learn([d.text for d in CORPUS])
    d = CORPUS[1]
    expected = "\n\n".join([d.title, *d.article]) + "\n"
    assert fix(d.text, learned).text == expected
    # With the default rules as well, the learned rule still does its part.
    res = tidy.fix(d.text, extend_select=[RULE], rule_options=rule_options(learned))
    assert {e.rule for e in res.edits} >= {RULE}
    assert all(line not in res.text.split("\n") for line in d.furniture)


# --- determinism ----------------------------------------------------------------------------------


def test_result_does_not_depend_on_document_order_or_sharding() -> None:
    texts = [d.text for d in CORPUS]
    reference = learn(texts).dump()
    rng = random.Random(3)
    for _ in range(3):
        shuffled = texts[:]
        rng.shuffle(shuffled)
        assert learn(shuffled).dump() == reference
        # uneven shards, merged in a shuffled order
        cuts = sorted(rng.sample(range(1, len(shuffled)), 6))
        shards = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
        learners = []
        for shard in shards:
            part = Learner()
            for t in shard:
                part.add(t)
            learners.append(part)
        rng.shuffle(learners)
        merged = reduce(Learner.merge, learners[1:], learners[0])
        assert merged.documents == 300
        assert merged.result().dump() == reference


# --- the learned file ----------------------------------------------------------------------------


def test_dump_format_is_sorted_by_count_then_text() -> None:
    learned = Learned(
        lines={"b line": 5, "a line": 5, "c line": 9},
        prefixes={"home »": 7},
        documents=12,
    )
    assert learned.dump() == (
        "# tidy boilerplate: 12 documents\n"
        "line\t9\tc line\n"
        "line\t5\ta line\n"
        "line\t5\tb line\n"
        "prefix\t7\thome »\n"
    )


def test_dump_and_load_round_trip() -> None:
    learned = learn([d.text for d in CORPUS])
    text = learned.dump()
    assert load(text) == learned
    assert Learned.load(text) == learned
    assert load(text).dump() == text
    assert load(text.replace("\n", "\r\n")) == learned  # edited on Windows


def test_fixture_corpus_learns_the_fixture_file() -> None:
    docs = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "corpus").glob("*.txt"))]
    assert len(docs) == 8
    learned = learn(docs)
    assert learned.dump() == (FIXTURES / "learned.tsv").read_text(encoding="utf-8")
    # and fixing with it: the first document without its furniture
    fixed = fix(docs[0], load((FIXTURES / "learned.tsv").read_text(encoding="utf-8")))
    assert fixed.text == (FIXTURES / "fixed-01.txt").read_text(encoding="utf-8")


def test_load_skips_comments_and_normalises_hand_written_rows() -> None:
    text = "# reviewed by hand\n\nline\t3\t  Back  to TOP\nprefix\t4\tHome »\n"
    assert load(text) == Learned(lines={"back to top": 3}, prefixes={"home »": 4}, documents=0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# tidy boilerplate: 3 documents\nline\t3\n", "line 2: expected kind<TAB>count<TAB>text"),
        ("line\t3\tok\nword\t3\tx\n", "line 2: unknown kind 'word'"),
        ("\n\nline\tmany\tx\n", "line 3: count 'many' is not a whole number"),
        ("line\t-1\tx\n", "line 1: count '-1' is not a whole number"),
        ("line\t3\t   \n", "line 1: empty line"),
        ("line\t3\tBack to top\nline\t4\tback  to top\n", "line 2: line 'back to top' is listed"),
        ("line\t3\ta\tb\n", "line 1: expected kind<TAB>count<TAB>text"),
    ],
)
def test_load_rejects_malformed_rows_with_their_line_number(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        load(text)


def test_rule_options_give_the_rule_its_lists_in_dump_order() -> None:
    learned = Learned(lines={"b": 3, "a": 3, "c": 9}, prefixes={"x y": 4}, documents=10)
    assert rule_options(learned) == {RULE: {"lines": ["c", "a", "b"], "prefixes": ["x y"]}}
    assert rule_options(Learned()) == {RULE: {"lines": [], "prefixes": []}}


# --- the learned-boilerplate rule -----------------------------------------------------------------

LEARNED = Learned(
    lines={"© 0000 acme ltd.": 9, "back to top": 9, "home news sport": 9},
    prefixes={"trade resources industry views": 9, "home »": 5},
    documents=10,
)


def test_rule_is_opt_in_and_in_the_structure_group() -> None:
    (rule,) = [r for r in tidy.rules() if r.id == RULE]
    assert (rule.group, rule.safety, rule.opt_in, rule.order) == ("structure", "safe", True, 215)
    text = "Home news sport\n\nText."
    assert tidy.fix(text, rule_options=rule_options(LEARNED)).text == text


def test_rule_removes_whole_lines_ignoring_case_digits_and_spacing() -> None:
    text = "HOME  news Sport\nStorm hits coast\n\nThe storm hit.\n\nBack to top\n\n© 1999 ACME Ltd."
    res = fix(text, LEARNED)
    assert res.text == "Storm hits coast\n\nThe storm hit."
    assert [e.message for e in res.edits] == [
        "Learned boilerplate line 'HOME  news Sport'",
        "Learned boilerplate lines 'Back to top', '© 1999 ACME Ltd.'",
    ]


def test_rule_strips_the_prefix_in_the_first_line_only() -> None:
    text = "Trade Resources Industry Views Storm hits coast\n\nTrade Resources Industry Views ok\n"
    res = fix(text, LEARNED)
    assert res.text == "Storm hits coast\n\nTrade Resources Industry Views ok\n"
    (edit,) = res.edits
    assert (edit.start, edit.end, edit.after) == (0, 31, "")
    assert edit.message == "Learned prefix 'Trade Resources Industry Views' glued to the title"


def test_rule_finds_the_title_behind_a_learned_menu_line() -> None:
    text = "\n\nHome News Sport\nHome » Storm hits coast\n\nText.\n"
    assert fix(text, LEARNED).text == "\n\nStorm hits coast\n\nText.\n"


def test_rule_keeps_a_prefix_with_nothing_after_it_and_a_partial_match() -> None:
    for text in ["Trade Resources Industry Views\n\nText.", "Trade Resources Industry Viewsx Y"]:
        assert fix(text, LEARNED).text == text
    assert fix("Trade Resources Industry Views \n\nText.", LEARNED).edits == []


def test_rule_removes_exactly_the_prefix_characters() -> None:
    text = "TRADE resources\u00a0Industry   VIEWS Storm hits coast\r\n\r\nText.\r\n"
    assert fix(text, LEARNED).text == "Storm hits coast\r\n\r\nText.\r\n"
    assert fix(" Home » Storm hits coast\n", LEARNED).text == " Storm hits coast\n"
    assert fix("## Home » Storm hits coast\n", LEARNED).text == "## Storm hits coast\n"


def test_rule_leaves_no_doubled_blank_lines() -> None:
    text = "Intro.\n\nBack to top\n\nMiddle.\n\nhome news sport\n\n\u00a9 2024 Acme Ltd.\n"
    assert fix(text, LEARNED).text == "Intro.\n\nMiddle.\n"
    assert fix("Intro.\nBack to top\nMiddle.", LEARNED).text == "Intro.\nMiddle."
    assert fix("Intro.\n\nBack to top\nHome news sport", LEARNED).text == "Intro."
    assert fix("Intro.\r\nBack to top\r\n", LEARNED).text == "Intro.\r\n"
    assert fix("Back to top\n\nhome news sport\n", LEARNED).text == ""


def test_rule_with_empty_lists_does_nothing() -> None:
    text = "Trade Resources Industry Views Storm\n\ncontribute copyright policy\n"
    assert fix(text, Learned()).text == text


def test_furniture_patterns_without_a_literal_start_are_tried_at_each_line() -> None:
    # A pattern that opens with a character class gives no first letters to filter line
    # starts by: the lines of a region are then tried one by one, and a match is found
    # wherever it starts in the region (a search from the region's start would read on).
    from tidy.coderules import structure

    after_break, _, start_filter = structure._compile(
        ("Read more",), (r"[A-Z]\w+ rights reserved\.?",)
    )
    assert start_filter is None
    text = "Intro text here.\nRead more\nBody.\nAll rights reserved.\n"
    found = [m.group() for m in structure._line_matches(text, after_break, None, 0, len(text))]
    assert found == ["\nRead more", "\nAll rights reserved."]
    cut = text.index("Body.")
    assert [m.group() for m in structure._line_matches(text, after_break, None, 0, cut)] == [
        "\nRead more"
    ]
