"""A reproducible corpus of damaged prose for tidy's benchmarks.

Clean paragraphs are taken from ``../shared/corpus/clean/prose/**/*.txt`` (relative to the
repository root) when that directory exists, and otherwise from ``benchmarks/prose.txt``
(prose written for this project). Documents are built from runs of consecutive paragraphs
and then damaged the way scraped text is damaged, at roughly one defect per 300-800
characters: punctuation, currency, percent signs, quotes, brackets and en dashes glued to
the next word, doubled spaces, stray no-break spaces, a few mojibake words, a few HTML
entities and lines of web-page furniture. Everything is drawn from one seeded
``random.Random``, so the same arguments always give the same documents.

Library use::

    from corpus import build_corpus
    corpus = build_corpus(size_mb=5, seed=1)
    corpus.docs        # list[str]
    corpus.defects     # Counter: defects injected, by kind

Command line::

    python benchmarks/corpus.py --size 5 --format jsonl --out /tmp/damaged.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
SHARED_PROSE = REPO_ROOT.parent / "shared" / "corpus" / "clean" / "prose"
BUILTIN_PROSE = HERE / "prose.txt"

DEFAULT_SEED = 20240611
DEFAULT_DOC_CHARS = 5_000
# One defect per this many characters, drawn per document.
DEFECT_SPACING = (300, 800)
DOC_SEPARATOR = "\n\n"

FURNITURE = (
    "Advertisement",
    "Share this article",
    "Share on Facebook Share on Twitter Share by email",
    "Skip to main content",
    "Continue reading below",
    "Sign up for our newsletter",
)

ENTITIES = {
    "&": "&amp;",
    "’": "&rsquo;",
    "'": "&#39;",
    '"': "&quot;",
    "£": "&pound;",
    "é": "&eacute;",
    "–": "&ndash;",
}


@dataclass
class Corpus:
    """Damaged documents plus what was done to them."""

    docs: list[str]
    seed: int
    source: str
    clean_chars: int
    defects: Counter[str] = field(default_factory=Counter)

    @property
    def text(self) -> str:
        """All documents as one text, separated by blank lines."""
        return as_text(self.docs)

    @property
    def nbytes(self) -> int:
        return sum(len(d.encode("utf-8")) for d in self.docs)

    def summary(self) -> dict[str, object]:
        return {
            "source": self.source,
            "seed": self.seed,
            "docs": len(self.docs),
            "bytes": self.nbytes,
            "clean_chars": self.clean_chars,
            "defects": sum(self.defects.values()),
            "defects_by_kind": dict(sorted(self.defects.items())),
        }


# ---------------------------------------------------------------------------
# clean text


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def load_sources(source: str = "auto") -> tuple[str, list[list[str]]]:
    """The clean text as a list of files, each a list of paragraphs.

    ``source`` is ``"shared"`` (the shared prose corpus; an error if missing),
    ``"builtin"`` (benchmarks/prose.txt) or ``"auto"`` (shared when present).
    """
    if source not in {"auto", "shared", "builtin"}:
        raise ValueError(f"unknown source {source!r}")
    if source in {"auto", "shared"}:
        files = sorted(SHARED_PROSE.glob("**/*.txt")) if SHARED_PROSE.is_dir() else []
        texts = [_paragraphs(f.read_text(encoding="utf-8")) for f in files]
        texts = [t for t in texts if t]
        if texts:
            return f"shared prose corpus ({len(texts)} files)", texts
        if source == "shared":
            raise FileNotFoundError(f"no *.txt under {SHARED_PROSE}")
    return "benchmarks/prose.txt", [_paragraphs(BUILTIN_PROSE.read_text(encoding="utf-8"))]


def _take_paragraphs(
    files: Sequence[Sequence[str]], weights: Sequence[int], target: int, rng: random.Random
) -> list[str]:
    """A run of consecutive paragraphs from a random place, at least ``target`` characters."""
    out: list[str] = []
    size = 0
    while size < target:
        paras = rng.choices(files, weights)[0]
        i = rng.randrange(len(paras))
        for _ in range(len(paras)):
            p = paras[i]
            out.append(p)
            size += len(p) + 2
            if size >= target:
                break
            i = (i + 1) % len(paras)
    return out


# ---------------------------------------------------------------------------
# damage

_LOWER_WORD_GAP = r"(?<=[a-z]) (?=[a-z])"

# A replacement: the damaged form of a match, or None when the match cannot be damaged.
Replace = Callable[[re.Match[str]], "str | None"]


def _const(text: str) -> Replace:
    return lambda m: text


def _group(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _mojibake(word: str) -> str | None:
    bad = word.encode("utf-8").decode("cp1252", errors="replace")
    # Bytes cp1252 leaves undefined become U+FFFD: such a word could not be repaired.
    return None if bad == word or "\ufffd" in bad else bad


def _bracket(m: re.Match[str]) -> str:
    # Scrapers lose the space before the bracket, after it, or both.
    left, right = [("", ""), ("", " "), (" ", "")][m.start() % 3]
    return f"{left}({m.group(1)}){right}"


def _furniture(m: re.Match[str]) -> str:
    return f"\n\n{FURNITURE[m.start() % len(FURNITURE)]}\n\n"


# kind -> (weight, [(pattern, replacement)]). Weights are shares of a document's defects.
DAMAGE_SPEC: dict[str, tuple[int, list[tuple[str, Replace]]]] = {
    # "services, Cabinet" -> "services,Cabinet"; "agenda. This" -> "agenda.This"
    "glued-punctuation": (38, [(r"(?<=[a-z][a-z])([,.:;]) (?=[A-Za-z])", _group)]),
    # "charged £15,000" -> "charged£15,000"
    "glued-currency": (4, [(r"(?<=[A-Za-z]) ([£$€]\d)", _group)]),
    # "35% of" -> "35%of"
    "glued-percent": (4, [(r"(?<=\d%) (?=[A-Za-z])", _const(""))]),
    # 'movement," he' -> 'movement,"he'; 'said "We' -> 'said"We'
    "glued-quote": (
        6,
        [(r"(?<=[,.!?])([\"”]) (?=[a-z])", _group), (r"(?<=[a-z,]) ([\"“])(?=[A-Z])", _group)],
    ),
    # "Pension (MyCSP) last" -> "Pension(MyCSP)last"
    "glued-bracket": (6, [(r"(?<=\w) \(([^()\n]{1,60})\) (?=\w)", _bracket)]),
    # "website – I" -> "website–I" (spaced hyphens and dashes standing for one too)
    "glued-dash": (5, [(r"(?<=\w) (?:–|--?|—) (?=\w)", _const("–"))]),
    "doubled-space": (14, [(_LOWER_WORD_GAP, _const("  "))]),
    "stray-nbsp": (9, [(_LOWER_WORD_GAP, _const("\u00a0"))]),
    # "don’t" -> "donâ€™t"; ASCII apostrophes as if the page had had curly ones
    "mojibake": (
        5,
        [
            (r"[A-Za-z]*[^\x00-\x7f\s][\w’]*", lambda m: _mojibake(m.group())),
            (r"\b[A-Za-z]+'[a-z]{1,2}\b", lambda m: _mojibake(m.group().replace("'", "’"))),
        ],
    ),
    # "Q&A" -> "Q&amp;A"
    "html-entity": (
        5,
        [
            (
                r"&(?![A-Za-z]+;|#\d+;)|(?<=[A-Za-z])['’](?=[a-z])|[\"£é–]",
                lambda m: ENTITIES[m.group()],
            )
        ],
    ),
    # a line of "Advertisement" between two paragraphs
    "web-furniture": (4, [(r"\n\n(?=\S)", _furniture)]),
}
DAMAGE = {
    kind: (weight, [(re.compile(p), r) for p, r in rules])
    for kind, (weight, rules) in DAMAGE_SPEC.items()
}
FALLBACK_KINDS = ("glued-punctuation", "doubled-space")


def damage(text: str, rng: random.Random, spacing: tuple[int, int] = DEFECT_SPACING):
    """``text`` with defects injected at one per ``spacing`` characters; also their counts."""
    budget = max(1, round(len(text) / rng.uniform(*spacing)))
    kinds = list(DAMAGE)
    wanted = Counter(rng.choices(kinds, [DAMAGE[k][0] for k in kinds], k=budget))
    blocked: set[int] = set()
    chosen: list[tuple[int, int, str, str]] = []

    def place(kind: str, n: int) -> int:
        sites = [(m, r) for rx, r in DAMAGE[kind][1] for m in rx.finditer(text)]
        placed = 0
        # a sample rather than a shuffle: damage is sparse and candidates are many
        for m, replace in rng.sample(sites, min(len(sites), 4 * n + 16)):
            if placed >= n:
                break
            start, end = m.span()
            span = range(start - 2, end + 2)
            if any(i in blocked for i in span):
                continue
            repl = replace(m)
            if repl is None:
                continue
            blocked.update(span)
            chosen.append((start, end, repl, kind))
            placed += 1
        return placed

    short = 0
    for kind in kinds:  # a fixed order keeps the draw reproducible
        if wanted[kind]:
            short += wanted[kind] - place(kind, wanted[kind])
    for kind in FALLBACK_KINDS:
        if short:
            short -= place(kind, short)

    chosen.sort()
    parts: list[str] = []
    pos = 0
    for start, end, repl, _ in chosen:
        parts.append(text[pos:start])
        parts.append(repl)
        pos = end
    parts.append(text[pos:])
    return "".join(parts), Counter(kind for *_, kind in chosen)


# ---------------------------------------------------------------------------
# the corpus


def build_corpus(
    size_mb: float = 5.0,
    docs: int | None = None,
    seed: int = DEFAULT_SEED,
    source: str = "auto",
) -> Corpus:
    """About ``size_mb`` megabytes (10**6 bytes) of damaged documents.

    ``docs`` fixes the number of documents (default: one per ~5,000 characters, with
    sizes varying from half to one and a half times the mean).
    """
    rng = random.Random(seed)
    label, files = load_sources(source)
    weights = [sum(len(p) for p in f) for f in files]
    target = max(1, int(size_mb * 1_000_000))
    n = docs if docs else max(1, round(target / DEFAULT_DOC_CHARS))
    shares = [rng.uniform(0.5, 1.5) for _ in range(n)]
    scale = target / sum(shares)
    out: list[str] = []
    defects: Counter[str] = Counter()
    clean_chars = 0
    for share in shares:
        clean = DOC_SEPARATOR.join(_take_paragraphs(files, weights, int(share * scale), rng))
        clean_chars += len(clean)
        dirty, counts = damage(clean, rng)
        out.append(dirty)
        defects.update(counts)
    return Corpus(docs=out, seed=seed, source=label, clean_chars=clean_chars, defects=defects)


def as_text(docs: Iterable[str]) -> str:
    return DOC_SEPARATOR.join(docs)


def write_text(docs: Iterable[str], path: str | Path) -> Path:
    """All documents in one UTF-8 file, separated by blank lines."""
    path = Path(path)
    path.write_text(as_text(docs) + "\n", encoding="utf-8", newline="\n")
    return path


def write_files(docs: Iterable[str], directory: str | Path) -> list[Path]:
    """One file per document: ``doc-00001.txt`` ... in ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, doc in enumerate(docs, 1):
        p = directory / f"doc-{i:05d}.txt"
        p.write_text(doc + "\n", encoding="utf-8", newline="\n")
        paths.append(p)
    return paths


def write_jsonl(docs: Iterable[str], path: str | Path) -> Path:
    """One ``{"id": ..., "text": ...}`` object per line."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for i, doc in enumerate(docs, 1):
            f.write(json.dumps({"id": f"doc-{i:05d}", "text": doc}, ensure_ascii=False) + "\n")
    return path


def read_jsonl(path: str | Path) -> list[str]:
    with Path(path).open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=5.0, help="megabytes of text (default 5)")
    ap.add_argument("--docs", type=int, default=None, help="number of documents")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--source", choices=["auto", "shared", "builtin"], default="auto")
    ap.add_argument("--format", choices=["text", "files", "jsonl"], default="text")
    ap.add_argument("--out", required=True, help="file (text, jsonl) or directory (files)")
    args = ap.parse_args(argv)
    corpus = build_corpus(args.size, args.docs, args.seed, args.source)
    if args.format == "text":
        write_text(corpus.docs, args.out)
    elif args.format == "files":
        write_files(corpus.docs, args.out)
    else:
        write_jsonl(corpus.docs, args.out)
    json.dump(corpus.summary(), sys.stderr, indent=2)
    sys.stderr.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
