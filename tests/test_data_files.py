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


# Records whose fields a separator parts, glued to them, as a character database sets
# them: no sentence glues a semicolon three times a line.
RECORDS = "".join(
    f"{0x41 + i:04X};LATIN CAPITAL LETTER {chr(0x41 + i)};Lu;0;L;;;;;N;;;;{0x61 + i:04X};\n"
    for i in range(12)
)


def test_annotated_sentences_are_left_as_they_are() -> None:
    # An aspect-labelled review corpus: labels, ##, then the sentence.
    header = "* Annotated reviews\n* One sentence a line\n\n"
    lines = [
        "phone[+3],work[+2]##It is a great phone, and mine worked without a problem.\n",
        "##I bought it last week.\n",
        "signal quality[+3]##The signal quality has been great.\n",
        "sprint plan[-2],sprint customer service[-3]##After years with that carrier, I left.\n",
    ]
    text = header + "".join(lines) * 4
    assert tidy.fix(text).text == text


def test_records_of_separated_fields_are_left_as_they_are() -> None:
    assert tidy.fix(RECORDS).text == RECORDS
    # a few such lines in prose are still prose around them
    text = "The list follows.It has three items;one;two;three.\n" * 3
    assert tidy.fix(text).text != text


def test_a_chat_log_is_left_as_it_is() -> None:
    # Each line a time stamp and who spoke: a record of what people typed, spacing and all.
    lines = [
        "[11:36:34] <zetok> anyone with a mac around ?\n",
        "[11:36:43] <tux3> Yes,I think so.Which build do you run ?\n",
        "[11:37:02] *** Joins: MiokIry (~Miok@ )\n",
        "[11:38:10] <zetok> It works great !\n",
    ]
    text = "".join(lines) * 4
    assert tidy.fix(text).text == text
