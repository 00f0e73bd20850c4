"""Document-level evidence: the house style a whole document shows, for repairs that one
line cannot decide.

``north–south`` and ``the plan–it failed`` look alike on their own; in a document that
sets its other dashes spaced (``the vote – a formality – passed``), the second is a
spaced dash that lost its spaces. Each fact is read once per document, from the whole
text (see :meth:`tidy.context.Context.doc_memo`), and counts only the forms that show a
writer's choice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# Words that pair with a dash into a compound (north–south, cost–benefit, left–right):
# a glued dash between two of them is the writer's, whatever the house style.
COMPOUND_WORDS = frozenset(
    """north south east west northeast northwest southeast southwest northern southern
    eastern western upper lower left right inner outer front back top bottom cost benefit
    price earnings supply demand risk reward input output read write client server
    mother father daughter son parent child teacher student doctor patient host guest
    predator prey acid base gas liquid solid vapour vapor time space mass energy red green
    blue yellow black white pass fail on off yes no win lose love hate boom bust hit miss
    public private male female urban rural domestic foreign state federal labour labor
    management employer employee buyer seller landlord tenant key value values""".split()
)


@dataclass(frozen=True)
class DashStyle:
    """How a document sets one dash character between words."""

    spaced: int  # word – word
    glued: Counter[str]  # lower-case word–word pairs, by pair

    def glued_is_damage(self, left: str, dash: str, right: str) -> bool:
        """Whether ``left`` + ``dash`` + ``right`` (``plan–it``) is a spaced dash that lost
        its spaces: the document spaces this dash at least twice and at least as often as
        it glues it between lower-case words, the pair is not repeated (a compound the
        text uses again) and is not made of compound-forming words."""
        if not self.spaced or self.spaced < sum(self.glued.values()):
            return False
        if self.glued[f"{left}{dash}{right}"] > 1:
            return False
        return not (left.lower() in COMPOUND_WORDS and right.lower() in COMPOUND_WORDS)


DASHES = ("–", "—")


def _words_around(text: str, i: int) -> tuple[str, str]:
    a = i
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    b = i + 1
    while b < len(text) and text[b].isalpha():
        b += 1
    return text[a:i], text[i + 1 : b]


_LETTER = r"[^\W\d_]"
_SPACED = {
    d: re.compile(f" {d} (?:(?<={_LETTER} {d} )|(?<={_LETTER}[,;] {d} ))(?={_LETTER})")
    for d in DASHES
}
_GLUED = {d: re.compile(f"{d}(?<={_LETTER}{d})(?={_LETTER})") for d in DASHES}


def dash_style(doc: str, dash: str) -> DashStyle:
    """Count ``dash`` spaced between words, and glued between lower-case words (the
    patterns start with the literal, so the scan skips ahead between dashes)."""
    spaced = len(_SPACED[dash].findall(doc))
    glued: Counter[str] = Counter()
    for m in _GLUED[dash].finditer(doc):
        left, right = _words_around(doc, m.start())
        if left.islower() and right.islower():
            glued[f"{left}{dash}{right}"] += 1
    return DashStyle(spaced, glued)
