"""JSON Lines records and learned boilerplate through the command line: `tidy fix --jsonl`,
`tidy diff --jsonl`, `tidy boilerplate learn` and `tidy fix --boilerplate`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from conftest import SAMPLE, SAMPLE_FIXED, Runner, run_tidy

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "boilerplate" / "corpus"
LEARNED = ROOT / "fixtures" / "boilerplate" / "learned.tsv"

# Spacing, number spellings, escapes and key order that re-serialising would change.
RECORDS = (
    b'{"id": "a1", "text": "services,Cabinet Office", "n": 1.0e3}\n'
    b'{"id":"a2","text":"Clean text.","tags":["x"]}\n'
    b"\n"
    b'{"meta": {"k": "caf\\u00e9"}, "text": "Tea &mdash; coffee,then cake.", "id": 3}\r\n'
)
FIXED = (
    b'{"id": "a1", "text": "services, Cabinet Office", "n": 1.0e3}\n'
    b'{"id":"a2","text":"Clean text.","tags":["x"]}\n'
    b"\n"
    b'{"meta": {"k": "caf\\u00e9"}, "text": "Tea \xe2\x80\x94 coffee, then cake.", "id": 3}\r\n'
)


def test_fix_jsonl_on_stdin_keeps_lines_fields_and_order(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "--jsonl", input=RECORDS)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, FIXED, "")


def test_other_field(tidy_run: Runner) -> None:
    data = b'{"text": "a,b", "body": "services,Cabinet Office"}\n'
    ran = tidy_run("fix", "--jsonl", "--field", "body", input=data)
    assert ran.stdout == b'{"text": "a,b", "body": "services, Cabinet Office"}\n'


def test_malformed_line_is_an_error_naming_its_line(tidy_run: Runner) -> None:
    data = b'{"text": "more,words here"}\nnot json\n{"text": "other,words"}\n'
    ran = tidy_run("fix", "--jsonl", input=data)
    assert ran.returncode == 123
    assert ran.stderr.startswith("error: -: line 2: not valid JSON: ")
    # what came before is repaired; the bad line and the rest pass through as they came
    assert ran.stdout == b'{"text": "more, words here"}\nnot json\n{"text": "other,words"}\n'


def test_skip_invalid_passes_malformed_lines_through_and_counts_them(tidy_run: Runner) -> None:
    data = b'{"text": "more,words here"}\nnot json\n{"no": "text"}\n{"text": "other,words"}\n'
    ran = tidy_run("fix", "--jsonl", "--skip-invalid", input=data)
    assert ran.returncode == 0
    assert ran.stdout == (
        b'{"text": "more, words here"}\nnot json\n{"no": "text"}\n{"text": "other, words"}\n'
    )
    assert ran.stderr.startswith(
        "-: 2 invalid lines passed through unchanged (line 2: not valid JSON: "
    )


def test_jsonl_options_need_jsonl(tidy_run: Runner) -> None:
    ran = tidy_run("fix", "--field", "body", input=SAMPLE)
    assert ran.returncode == 2
    assert "--field, --id-field and --skip-invalid go with --jsonl" in ran.stderr


def test_diff_jsonl_names_records_by_line_or_id(tidy_run: Runner, tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_bytes(RECORDS)
    by_line = tidy_run("diff", "--jsonl", "d.jsonl", cwd=tmp_path)
    assert by_line.returncode == 1
    assert by_line.out.startswith(
        "--- d.jsonl#1\n+++ d.jsonl#1\n@@ -1 +1 @@\n-services,Cabinet Office\n"
    )
    assert "d.jsonl#1:1:9: space-after-comma ',' → ', '" in by_line.out
    assert "d.jsonl#4:1:5: html-entities '&mdash;' → '—'" in by_line.out
    by_id = tidy_run("diff", "--jsonl", "--id-field", "id", "d.jsonl", cwd=tmp_path)
    assert "--- d.jsonl#a1\n" in by_id.out and "d.jsonl#3:1:5: html-entities" in by_id.out
    as_json = tidy_run("diff", "--jsonl", "--id-field", "id", "--format", "json", "-",
                       input=RECORDS)  # fmt: skip
    first = json.loads(as_json.out.splitlines()[0])
    assert list(first)[:6] == ["path", "record", "id", "line", "column", "end_line"]
    assert (first["path"], first["record"], first["id"], first["column"]) == ("-", 1, "a1", 9)
    sarif = tidy_run("diff", "--jsonl", "--format", "sarif", "-", input=RECORDS)
    assert sarif.returncode == 2


def test_fix_jsonl_files_in_place(tidy_run: Runner, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    good = tmp_path / "data" / "a.jsonl"
    good.write_bytes(RECORDS)
    bad = tmp_path / "data" / "b.ndjson"
    bad.write_bytes(b'{"text": "more,words"}\n{"text": 3}\n')
    (tmp_path / "data" / "notes.txt").write_text(SAMPLE)  # not JSON Lines: not walked
    ran = tidy_run("fix", "--jsonl", "data", cwd=tmp_path)
    assert ran.returncode == 123
    assert good.read_bytes() == FIXED
    assert bad.read_bytes() == b'{"text": "more,words"}\n{"text": 3}\n'  # left whole
    assert (tmp_path / "data" / "notes.txt").read_text() == SAMPLE
    assert ran.stderr == (
        "fixed data/a.jsonl (2 records, 3 edits)\n"
        "error: data/b.ndjson: line 2: field 'text' is int, not a string\n"
        "1 file fixed (3 edits), 1 file could not be processed.\n"
    )
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
        "a.jsonl",
        "b.ndjson",
        "notes.txt",
    ]  # fmt: skip  (no temporary file left behind)


# --------------------------------------------------------------------------- boilerplate


def test_learn_from_files_gives_the_reviewed_fixture(tmp_path: Path) -> None:
    out = tmp_path / "learned.tsv"
    ran = run_tidy("boilerplate", "learn", str(CORPUS), "-o", str(out))
    assert ran.returncode == 0
    assert out.read_text(encoding="utf-8") == LEARNED.read_text(encoding="utf-8")
    assert ran.stderr == f"learned 3 lines and 2 title prefixes from 8 documents: {out}\n"


def test_learn_from_jsonl_records_is_learning_from_the_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for doc in sorted(CORPUS.glob("*.txt")):
            record = {"id": doc.stem, "body": doc.read_text(encoding="utf-8")}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    out = tmp_path / "learned.tsv"
    run_tidy("boilerplate", "learn", "--jsonl", "--field", "body", str(corpus), "-o", str(out))
    assert out.read_text(encoding="utf-8") == LEARNED.read_text(encoding="utf-8")


def _big_corpus(path: Path, n: int = 9000) -> None:
    """Over 2 MB of JSONL, so that -j splits the one file into ranges."""
    rnd = random.Random(4)
    sections = ["World", "Business", "Sport", "Science"]
    words = "council budget river storm school market vote bridge harbour festival".split()
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(n):
            lines = [
                f"Daily Post » {rnd.choice(sections)} » "
                + " ".join(rnd.choice(words) for _ in range(4)).capitalize(),
                "",
                " ".join(rnd.choice(words) for _ in range(30)).capitalize() + ".",
                "",
                "Share on social media" if rnd.random() < 0.6 else "",
                "© 2024 Daily Post. All rights reserved.",
            ]
            fh.write(json.dumps({"text": "\n".join(lines)}) + "\n")


def test_learn_with_jobs_is_identical_to_one_job(tmp_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    _big_corpus(corpus)
    assert corpus.stat().st_size > 2 << 20
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"learned-{jobs}.tsv"
        ran = run_tidy("boilerplate", "learn", "--jsonl", "-j", jobs, str(corpus), "-o", str(out))
        assert ran.returncode == 0, ran.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"# tidy boilerplate: 9000 documents\n")
    assert b"share on social media" in outputs[0] and b"prefix\t" in outputs[0]


def test_learn_usage_errors(tmp_path: Path) -> None:
    args = ("boilerplate", "learn", str(CORPUS), "-o", str(tmp_path / "x.tsv"))
    both = run_tidy(*args, "--min-docs", "3", "--min-fraction", "0.5")
    assert both.returncode == 2 and "not both" in both.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n[1, 2]\n')
    ran = run_tidy("boilerplate", "learn", "--jsonl", str(bad), "-o", str(tmp_path / "y.tsv"))
    assert ran.returncode == 123
    assert ran.stderr.startswith(f"error: {bad}: line 2: expected a JSON object, got list\n")
    assert not (tmp_path / "y.tsv").exists()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    doc = tmp_path / "01.txt"
    doc.write_bytes((CORPUS / "01.txt").read_bytes())
    return doc


def test_fix_with_a_learned_file_shows_its_rule_in_diff(
    tidy_run: Runner, tmp_path: Path, article: Path
) -> None:
    plain = tidy_run("diff", "01.txt", cwd=tmp_path)
    assert "learned-boilerplate" not in plain.out
    ran = tidy_run("diff", "--boilerplate", str(LEARNED), "01.txt", cwd=tmp_path)
    assert ran.returncode == 1
    assert "01.txt:1:1: learned-boilerplate 'Daily Courier » World » ' → ''" in ran.out
    assert "     3  learned-boilerplate\n" in ran.stderr
    fixed = tidy_run("fix", "--boilerplate", str(LEARNED), "01.txt", cwd=tmp_path)
    assert fixed.returncode == 0
    expected = (ROOT / "fixtures" / "boilerplate" / "fixed-01.txt").read_text(encoding="utf-8")
    assert article.read_text(encoding="utf-8") == expected


def test_boilerplate_configuration_key(tidy_run: Runner, tmp_path: Path, article: Path) -> None:
    (tmp_path / "site.tsv").write_bytes(LEARNED.read_bytes())
    (tmp_path / "tidy.toml").write_text('boilerplate = "site.tsv"\n')
    ran = tidy_run("diff", "--statistics", "01.txt", cwd=tmp_path)
    assert ran.out.startswith("3\tlearned-boilerplate\t")
    (tmp_path / "site.tsv").write_text("line\tmany\tBack to top\n")
    broken = tidy_run("fix", "01.txt", cwd=tmp_path)
    assert broken.returncode == 2
    assert broken.stderr == (
        f"error: {tmp_path / 'site.tsv'}: not a learned boilerplate file: "
        "line 1: count 'many' is not a whole number\n"
    )
    assert article.read_bytes() == (CORPUS / "01.txt").read_bytes()


def test_sample_still_fixed_alongside(tidy_run: Runner) -> None:
    # A learned file adds its rule; the default rules still run.
    ran = tidy_run("fix", "--boilerplate", str(LEARNED), input=SAMPLE)
    assert ran.out == SAMPLE_FIXED
