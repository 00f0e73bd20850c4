"""The literal prefixes read from a pattern: exact, and never narrower than its matches."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidy.prefilter import literal_prefixes


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("Follow us on (?:Twitter|X)", {"fol"}),
        ("(?:Image|Media) caption", {"ima", "med"}),
        (r"\bHello", {"hel"}),
        ("x?yz", {"xyz", "yz"}),
        ("(?:ab)?cd", {"abc", "cd"}),
        ("(?:ab)+c", {"ab"}),  # a second turn may follow the first: no `abc`
        ("a[^x]c", {"a"}),  # reading stops at the class
        ("(?:ab[^x]c)d", {"ab"}),
        ("(?:a|b.)c", {"ac", "b"}),
        ("a*b", {"a", "b"}),
        ("[ab]cd", {"acd", "bcd"}),
        (r"(?:©|\(c\))?All", {"©al", "(c)", "all"}),
    ],
)
def test_prefixes(pattern: str, expected: set[str]) -> None:
    assert literal_prefixes(pattern) == expected


@pytest.mark.parametrize("pattern", [".x", r"\w+", "[a-z]b", "(?:a|.)b", "x*", "(?=a)"])
def test_no_prefix_when_a_match_may_start_anywhere(pattern: str) -> None:
    assert literal_prefixes(pattern) is None


PATTERNS = [
    "(?:ab)+c",
    "x?yz",
    "(?:ab)?cd",
    "a*b",
    "(?:a|b.)c",
    r"(?:(?:©|\(c\)|cab\b)[^\n]{0,5}?)?all",
    "(?:ya|by) (?:on|to)",
    "b[ac]{1,2}y",
]


@given(st.sampled_from(PATTERNS), st.text(alphabet="abcxyzABCXYZ ©()\n", max_size=12))
def test_every_match_starts_with_a_prefix(pattern: str, text: str) -> None:
    prefixes = literal_prefixes(pattern)
    assert prefixes is not None
    if re.match(pattern, text, re.IGNORECASE):
        assert any(text.lower().startswith(p) for p in prefixes)
