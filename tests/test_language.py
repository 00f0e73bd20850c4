"""Language-aware spacing: the language judgement and each language's conventions."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tidy
from tidy import language

# The same glued sentence in each language tidy knows, and its exact repair.
GLUED = {
    "fr": (
        "Le conseil a voté une nouvelle taxe,selon la maire.Elle sera appliquée en mai.",
        "Le conseil a voté une nouvelle taxe, selon la maire. Elle sera appliquée en mai.",
    ),
    "de": (
        "Der Rat hat eine neue Abgabe beschlossen,so die Bürgermeisterin.Sie gilt ab Mai.",
        "Der Rat hat eine neue Abgabe beschlossen, so die Bürgermeisterin. Sie gilt ab Mai.",
    ),
    "es": (
        "El consejo aprobó una nueva tasa,según la alcaldesa.Se aplicará en mayo.",
        "El consejo aprobó una nueva tasa, según la alcaldesa. Se aplicará en mayo.",
    ),
    "pt": (
        "O conselho aprovou uma nova taxa,segundo a prefeita.Ela será aplicada em maio.",
        "O conselho aprovou uma nova taxa, segundo a prefeita. Ela será aplicada em maio.",
    ),
    "it": (
        "Il consiglio ha approvato una nuova tassa,secondo la sindaca.Sarà applicata a maggio.",
        "Il consiglio ha approvato una nuova tassa, secondo la sindaca. Sarà applicata a maggio.",
    ),
    "nl": (
        "De raad heeft een nieuwe heffing aangenomen,aldus de burgemeester.Die geldt vanaf mei.",
        "De raad heeft een nieuwe heffing aangenomen, aldus de burgemeester. Die geldt vanaf mei.",
    ),
}


@pytest.mark.parametrize("lang", sorted(GLUED))
def test_glued_sentence_is_repaired_in_each_language(lang: str) -> None:
    before, after = GLUED[lang]
    assert language.identify(before) == lang
    res = tidy.fix(before)
    assert res.text == after
    assert [e.rule for e in res.edits] == ["space-after-comma", "space-after-sentence"]


REPAIRS = [
    # semicolons, colons, question and exclamation marks, brackets, stray spaces
    (
        "Les trains étaient en retard;les bus aussi.",
        "Les trains étaient en retard; les bus aussi.",
    ),
    ("Die Züge hatten Verspätung;die Busse auch.", "Die Züge hatten Verspätung; die Busse auch."),
    ("Atención:Este servicio cierra los domingos.", "Atención: Este servicio cierra los domingos."),
    ("Was ist passiert?Niemand weiß es.", "Was ist passiert? Niemand weiß es."),
    ("Che bella giornata!Andiamo al mare.", "Che bella giornata! Andiamo al mare."),
    (
        "O relatório(publicado em 2019)foi ignorado pela direção.",
        "O relatório (publicado em 2019) foi ignorado pela direção.",
    ),
    (
        "Il faut d'abord l'exécuter(ce qui prend du temps) avant la suite.",
        "Il faut d'abord l'exécuter (ce qui prend du temps) avant la suite.",
    ),
    (
        "Het plan werd goedgekeurd , ondanks bezwaren.",
        "Het plan werd goedgekeurd, ondanks bezwaren.",
    ),
    # French: the space before ; : ! ? stays, the missing one after is added
    ("Il pleuvait ;nous sommes restés chez nous.", "Il pleuvait ; nous sommes restés chez nous."),
    ("Attention\u202f:ceci est important.", "Attention\u202f: ceci est important."),
    # Spanish: ¿ and ¡ open a clause
    ("No lo sé.¿Quién vino ayer?", "No lo sé. ¿Quién vino ayer?"),
    ("¿Vienes mañana?¡Claro que sí!", "¿Vienes mañana? ¡Claro que sí!"),
]


@pytest.mark.parametrize(("before", "after"), REPAIRS)
def test_repairs(before: str, after: str) -> None:
    assert tidy.fix(before).text == after


KEPT = [
    # French spacing: before ; : ! ?, inside « », with no-break and narrow no-break spaces
    "Attention : ceci est important ; lisez-le. Pourquoi ? Parce que !",
    "Il a dit\u00a0: «\u00a0Nous verrons.\u00a0» Et elle\u202f: «\u202fSoit\u202f!\u202f»",
    "Bonjour ! Comment allez-vous ?",
    # decimal commas and thousands
    "Le taux passe de 3,5 % à 4,2 %.",
    "Der Preis beträgt 3,50 € und die Stadt hat 12.000 Einwohner.",
    # German ordinals, abbreviations and quotes
    "Die Sitzung ist am 3. Oktober, z. B. im Saal, d. h. oben usw. und so fort.",
    "„Das ist gut“, sagte sie.",
    # Spanish openers, Italian and French elisions, Dutch 's
    "¿Dónde está la estación? ¡Allí!",
    "L'amico dell'anno scorso è tornato all'alba.",
    "Het is 's avonds koud in 's-Hertogenbosch.",
    # a spaced full stop ending a paragraph of translated documentation
    "Voir la méthode :meth:`close` et la fonction :func:`open` .",
    # package names after a package manager's command
    "Installez-le avec apt install Paket:Architektur puis redémarrez.",
    # other scripts keep their own conventions
    "Привет,мир.Это тест,который не трогают.",
    "هذا نص عربي،وفيه فاصلة عربية.وهذه جملة.",
    "这是中文,不需要空格.这是第二句.",
    "これは日本語です,テスト.次の文です.",
]


@pytest.mark.parametrize("text", KEPT)
def test_legitimate_forms_are_kept(text: str) -> None:
    assert tidy.fix(text).text == text


@pytest.mark.parametrize(
    ("line", "lang"),
    [
        ("Le chat dort sur la table de la cuisine.", "fr"),
        ("Die Katze schläft auf dem Tisch in der Küche.", "de"),
        ("El gato duerme sobre la mesa de la cocina.", "es"),
        ("O gato dorme sobre a mesa da cozinha.", "pt"),
        ("Il gatto dorme sul tavolo della cucina.", "it"),
        ("De kat slaapt op de tafel in de keuken.", "nl"),
        ("The cat sleeps on the table in the kitchen.", "en"),
        ("Кошка спит на столе.", language.OTHER_SCRIPT),
        ("猫はテーブルの上で寝ています。", language.OTHER_SCRIPT),
        ("Note: see below.", language.UNKNOWN),
        ("UN, CE, OTAN, UNESCO, OMS", language.UNKNOWN),
    ],
)
def test_identify(line: str, lang: str) -> None:
    assert language.identify(line) == lang


def test_short_line_takes_the_documents_language() -> None:
    # "Voilà :ici" alone says little; the French paragraphs around it decide
    doc = (
        "Le conseil municipal a voté le budget de la ville pour cette année.\n\n"
        "Voilà :ici\n\n"
        "Les travaux commenceront dans les quartiers du nord dès le printemps.\n"
    )
    assert tidy.fix(doc).text == doc.replace("Voilà :ici", "Voilà : ici")


def test_conventions_are_data() -> None:
    assert language.CONVENTIONS["fr"].space_before == ";:!?"
    assert language.CONVENTIONS["es"].openers == "¿¡"
    assert set(language.LANGUAGES) == {"en", "fr", "de", "es", "pt", "it", "nl"}


SENTENCES = [after for _, after in GLUED.values()] + KEPT[:12]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4), st.randoms())
def test_idempotent_on_damaged_multilingual_text(parts: list[str], rnd) -> None:
    text = " ".join(parts)
    # glue a few marks to the next word, the way scraped text loses its spaces
    spaces = [i for i, c in enumerate(text) if c == " " and text[i - 1] in ",.;"]
    for i in sorted(rnd.sample(spaces, min(2, len(spaces))), reverse=True):
        text = text[:i] + text[i + 1 :]
    once = tidy.fix(text).text
    assert tidy.fix(once).text == once


def test_cli_repairs_french_from_stdin() -> None:
    before, after = GLUED["fr"]
    out = subprocess.run(
        [sys.executable, "-m", "tidy", "fix"],
        input=before + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == after + "\n"


def test_letters_alone_name_no_language() -> None:
    # Finnish writes ä and ö as German does, with none of German's words: a line of it
    # is no German line (German conventions would be applied to it), but a German line's
    # umlauts still back its words.
    finnish = "Kurssin aikana on tavoite ja tarve oppia riittävässä määrin ohjelmointia."
    assert language.identify(finnish) != "de"
    german = "Die Größe der Bäume wird für jede Änderung neu berechnet und gespeichert."
    assert language.identify(german) == "de"
