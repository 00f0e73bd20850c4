"""Plain-text files that are data, not prose: left byte for byte as they are."""

from __future__ import annotations

import tidy

INI = (
    "[file.aliases]\n"
    "original=Aliases\n"
    "translation=Apelidos.Outros  nomes\n"
    "\n"
    "[folder.Contributing to Obsidian]\n"
    "original=Contributing to Obsidian\n"
    "translation=Contribuir,para o Obsidian\n"
)


def test_an_ini_translation_table_is_left_as_it_is() -> None:
    assert tidy.fix(INI).text == INI


def test_prose_that_opens_with_a_bracketed_tag_is_still_prose() -> None:
    text = "[Update] The council met today.It approved the plan,and the budget.\n"
    assert tidy.fix(text).text == (
        "[Update] The council met today. It approved the plan, and the budget.\n"
    )
