"""A text joined from many writers (a scraped collection of essays) carries each writer's
own dash style: the document's count does not overrule what a piece shows around a dash."""

from __future__ import annotations

import tidy

FILLER = "The committee met on a wet Tuesday and talked about the bridge for an hour. " * 12


def test_a_piece_that_glues_its_em_dashes_keeps_them_in_a_collection_that_spaces_more() -> None:
    spaced = (
        "The first writer spaces — as this house does — every dash she sets. "
        "Her readers — most of them — agree, and her editors — all three — insist.\n\n"
    )
    glued = (
        "The second writer glues his dashes—always—and says so. "
        "Founders complain about investors most—investors who take too long.\n"
    )
    text = spaced + (FILLER + "\n\n") * 5 + glued
    assert tidy.fix(text, select=["glued-dash"]).text == text


def test_a_glued_em_dash_among_spaced_ones_nearby_is_still_repaired() -> None:
    text = (
        "The writer spaces — as this house does — every dash she sets.\n\n"
        "Her readers — most of them — agree, but the last one lost its space—sadly.\n"
    )
    fixed = text.replace("space—sadly", "space — sadly")
    assert tidy.fix(text, select=["glued-dash"]).text == fixed


def test_a_piece_that_quotes_tex_style_keeps_it_in_a_collection_that_quotes_otherwise() -> None:
    others = 'She said "yes" and "no" and "maybe", and he said "later".\n\n' * 12
    tex = (
        "The filter counted ``free'' as one token.\n"
        "It read ``spam'' in the headers too.\n"
        "And ``ham'' was the rest of the mail.\n"
    )
    text = others + (FILLER + "\n\n") * 5 + tex
    assert tidy.fix(text, select=["quote-pairs"]).text == text


def test_a_long_books_own_double_apostrophe_quotes_stay_in_every_piece() -> None:
    # A book longer than a collection's piece quotes within quotes with '' a hundred
    # times; a piece that holds one such pair keeps it as the book sets it.
    words = "uno dos tres cuatro cinco seis siete ocho nueve diez once doce".split()
    quoted = [f"El cura dijo: ''Ya lo sé, {w}'', y siguió leyendo con calma." for w in words]
    filler = "Era un día de sol y el camino estaba seco y largo, sin nadie a la vista. "
    last = "El ama dijo: ''No vuelvas tarde'', y cerró la puerta de la casa."
    text = "\n\n".join([*quoted, *[filler * 40] * 400, last]) + "\n"
    assert len(text) > (1 << 20)
    assert tidy.fix(text).text == text


CHAT = "\n".join(
    f"[09:{i:02d}] <{nick}> {message}"
    for i, (nick, message) in enumerate(
        [
            ("ann", "morning all"),
            ("bo", "who won the match, the reds or the blues?"),
            ("cy", "the blues, i think!"),
            ("ann", "ok, thanks."),
            ("dee", "anyone here use the traffic shaper , the one in the kernel?"),
            ("cy", "yes, why?"),
            ("dee", "my rules vanish on reboot."),
            ("ann", "save them first."),
            ("dee", "how?"),
            ("cy", "see the man page."),
        ]
    )
)


def test_a_chat_log_is_recognised_by_its_speakers_lines() -> None:
    from tidy import evidence

    assert evidence.chat_log(CHAT + "\n")
    # the same messages without their speakers are prose, and the test says no
    prose = "\n".join(line.split("> ", 1)[1] for line in CHAT.splitlines())
    assert not evidence.chat_log(prose + "\n")
    # a page that quotes two lines of chat is no log
    assert not evidence.chat_log("Notes.\n\n" + "\n".join(CHAT.splitlines()[:2]) + "\n" + FILLER)


def test_a_chat_logs_spaced_marks_are_its_speakers_and_stay() -> None:
    assert tidy.fix(CHAT, select=["space-before-punct"], mode="plain").text == CHAT
