"""Standard input in bounded memory: where the text is cut, that the streamed repair is the
whole-text repair, and the peak memory of `tidy fix` on a large input."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import tidy
from conftest import TIDY, clean_env, run_tidy
from tidy import stream
from tidy.stream import Splitter

SMALL_CHUNK = 16_384  # bytes; the first chunk is still stream.FIRST (80 KB)


def cuts(text: str) -> list[str]:
    """Each safe cut of ``text``, shown as the line before it | the line after it."""
    data = text.encode()
    splitter = Splitter()
    splitter.feed(data, final=True)
    shown = []
    for c in splitter.cuts:
        before = [ln for ln in data[:c].decode().splitlines() if ln.strip()][-1]
        after = next(ln for ln in data[c:].decode().splitlines() if ln.strip())
        shown.append(f"{before}|{after}")
    return shown


def test_cuts_go_before_the_blank_lines_of_a_paragraph_break() -> None:
    assert cuts("A.\n\nB.\n\n\n\nC.\n") == ["A.|B.", "B.|C."]
    assert cuts("A.\r\n\r\nB.\r\n \r\nC.\r\n") == ["A.|B.", "B.|C."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A.\n\n```\nx\n\ny\n```\n\nC.\n", ["A.|```", "```|C."]),  # a fence with a blank line
        ("A.\n\n~~~~\nx\n\n~~~\n\ny\n~~~~\n\nC.\n", ["A.|~~~~", "~~~~|C."]),
        ("A.\n\n<!-- x\n\ny -->\n\nC.\n", ["A.|<!-- x", "y -->|C."]),
        ("A.\n\n$$\nx\n\ny\n$$\n\nC.\n", ["A.|$$", "$$|C."]),
        ("A.\n\n<pre>\nx\n\ny\n</pre>\n\nC.\n", ["A.|<pre>", "</pre>|C."]),
        ("A.\n\n<!-- tidy: off -->\n\nx\n\n<!-- tidy: on -->\n\nC.\n", ["A.|<!-- tidy: off -->",
                                                               "<!-- tidy: on -->|C."]),
        # the ignore comment holds for the block after it: no cut between them
        ("A.\n\n# tidy: ignore glued-dash\n\nx,y\n\nC.\n", ["A.|# tidy: ignore glued-dash",
                                                            "x,y|C."]),
        ("---\na: 1\n\nb: 2\n---\n\nC.\n\nD.\n", ["---|C.", "C.|D."]),  # front matter
        ("A.\n\n    code\n\n    more\n\nC.\n", ["    more|C."]),  # never before an indented line
        ("Some ```inline``` code.\n\nC.\n", ["Some ```inline``` code.|C."]),
    ],
)  # fmt: skip
def test_no_cut_inside_what_runs_across_blank_lines(text: str, expected: list[str]) -> None:
    assert cuts(text) == expected


def test_chunks_are_the_input_cut_at_safe_breaks_whatever_the_reads() -> None:
    text = document(1500, seed=3).encode()
    whole = Splitter()
    whole.feed(text, final=True)
    safe = set(whole.cuts)
    for read_size in (1, 7, 4096):
        source = io.BytesIO(text)
        chunks = list(stream.cut(lambda n, s=source, r=read_size: s.read(min(n, r)), 2000))
        assert b"".join(chunks) == text
        assert len(chunks[0]) >= stream.FIRST
        ends = [sum(len(c) for c in chunks[: i + 1]) for i in range(len(chunks) - 1)]
        assert all(end in safe for end in ends)
        assert all(len(c) >= 2000 for c in chunks[:-1])


def test_a_text_without_breaks_is_still_cut_to_bound_memory() -> None:
    text = ("word " * 200_000).encode()  # one paragraph of 1 MB
    chunks = list(stream.cut(io.BytesIO(text).read, 20_000))
    assert b"".join(chunks) == text
    hard = stream.FIRST + max(stream.FIRST // stream.HARD_EXTRA, stream.HARD_MIN)
    assert max(len(c) for c in chunks) <= hard


# --------------------------------------------------------------------------- equality

WORDS = """time year people way day thing world school state family student group country
problem hand part place case week company system program question work government number
night point home water room mother area money story fact month lot right study book eye
job word business issue side kind head house service friend father power hour game line
end member law car city community name president team minute idea body information back
parent face level office door health person art war history party result change morning
reason research girl moment air teacher force education foot age policy process music
market sense nation plan college interest death experience effect class control care
field development role effort rate heart drug show leader light voice wife police mind
price report decision son view town road arm value building action model season society
tax director position player record paper space ground form event official matter center
couple site project activity star table need court oil situation cost industry figure
street image phone data picture practice piece land product doctor wall patient worker
news test movie north love support technology step baby computer type attention film
tree source evidence population truth bank""".split()
LINK = "the of and to in that for with on as at by from about into over after".split()


def document(paragraphs: int, seed: int = 7) -> str:
    """A Markdown document with damage spread throughout, each damaged token unique (a
    glued pair that repeats is read as a name, and whole-document counts would then decide
    it), and the constructs that run across blank lines between its paragraphs. It opens
    with its title printed twice and ends with a related-links block: document rules."""
    rnd = random.Random(seed)
    pairs = iter(rnd.sample([(a, b) for a in WORDS for b in WORDS if a != b], 20_000))

    def sentence() -> str:
        words = [
            rnd.choice(WORDS) if i % 2 else rnd.choice(LINK) for i in range(rnd.randint(7, 13))
        ]
        words[0] = words[0].capitalize()
        k = rnd.random()
        if k < 0.05:
            a, b = next(pairs)
            words[rnd.randrange(1, len(words) - 1)] = f"{a},{b}"
        elif k < 0.09:
            a, b = next(pairs)
            words += [f"{a}.{b.capitalize()}", rnd.choice(LINK), rnd.choice(WORDS)]
        elif k < 0.10:
            words.insert(2, f"cost£{rnd.randint(10, 99_999)}")
        elif k < 0.11:
            words.insert(3, f"{rnd.randint(2, 99)}%of")
        return " ".join(words) + "."

    parts = ["Budget report for the year\n\n", "Budget report for the year\n\n"]
    for i in range(paragraphs):
        k = rnd.random()
        if k < 0.02:
            parts.append("```\ncode,here\n\nmore,code\n```\n\n")
        elif k < 0.03:
            parts.append("<!-- a comment,\n\nover,two paragraphs -->\n\n")
        elif k < 0.04:
            parts.append("<!-- tidy: off -->\n\nkeep,this\n\n<!-- tidy: on -->\n\n")
        elif k < 0.07:
            parts.append(f"## Section {i} of the report\n\n")
        elif k < 0.08:
            parts.append("- first,item here\n- second item\n\n\n\n")
        else:
            parts.append(" ".join(sentence() for _ in range(rnd.randint(2, 5))) + "\n\n")
    parts.append("Related Topics\n\nBudget\n\nCouncil\n")
    return "".join(parts)


def streamed(text: str, size: int) -> str:
    out = io.BytesIO()
    chunks = stream.cut(io.BytesIO(text.encode()).read, size)
    stream.repair(chunks, lambda t, mode: tidy.fix(t, mode=mode), "auto", None, out.write)
    return out.getvalue().decode()


def test_streamed_repair_is_the_whole_text_repair_on_a_multi_megabyte_input() -> None:
    text = document(13_000)
    assert len(text) > 2_000_000
    expected = tidy.fix(text).text
    assert expected != text
    assert not expected.startswith("Budget report for the year\n\nBudget")  # title once
    assert expected.endswith("\n") and "Related Topics" not in expected[-200:]
    ran = run_tidy("fix", "-", input=text, env={stream.CHUNK_ENV: str(SMALL_CHUNK)})
    assert ran.returncode == 0
    assert ran.stdout == expected.encode()


def test_streamed_repair_of_plain_crlf_text_and_its_foot_heading() -> None:
    text = document(2500, seed=11).replace("```", "").replace("## ", "")
    text = text.replace("Related Topics\n\nBudget\n\nCouncil\n", "Budget report for the year\n")
    for variant in (text, text.replace("\n", "\r\n")):
        assert streamed(variant, 4096) == tidy.fix(variant).text


def test_decoding_error_mid_stream_passes_the_rest_through(
    tmp_path: pytest.TempPathFactory,
) -> None:
    good = document(3000, seed=5)
    assert len(good) > stream.WHOLE_CHUNKS * stream.FIRST  # streamed, not read whole
    data = good.encode() + b"caf\xe9,bar\n\nmore,words here\n"
    ran = run_tidy("fix", "-", input=data, env={stream.CHUNK_ENV: str(SMALL_CHUNK)})
    assert ran.returncode == 123
    offset = len(good.encode()) + 3
    line = good.count("\n") + 1
    assert ran.stderr.startswith(
        f"error: -: not valid UTF-8 (byte e9 on line {line}, offset {offset})"
    )
    assert ran.stdout.endswith(b"caf\xe9,bar\n\nmore,words here\n")  # as it came
    fixed = ran.stdout[: -len(b"caf\xe9,bar\n\nmore,words here\n")]
    assert fixed != good.encode() and b"Budget report for the year\n\nBudget" not in fixed


def test_wide_encodings_are_read_whole() -> None:
    text = document(800, seed=2)
    ran = run_tidy(
        "fix", "--encoding", "utf-16", "-", input=text.encode("utf-16"),
        env={stream.CHUNK_ENV: "2000"},
    )  # fmt: skip
    assert ran.stdout.decode("utf-16") == tidy.fix(text).text


# --------------------------------------------------------------------------- memory

# Run in a small process of its own, started before the input exists: a forked child
# counts its parent's pages until it execs, and RUSAGE_CHILDREN covers every child.
MEASURE = textwrap.dedent(
    """
    import random, resource, subprocess, sys, threading
    size = int(sys.argv[2])
    proc = subprocess.Popen([sys.argv[1], "fix", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    words = "the council met on monday and approved the budget for next year after a long \\
    debate residents were asked to comment on plans before the end of the month".split()
    rnd = random.Random(1)
    block = []
    for i in range(4000):  # 1 MB of prose, damaged here and there, sent over and over
        ws = [rnd.choice(words) for _ in range(rnd.randint(30, 60))]
        if i % 5 == 0:
            ws[3] += f",item{i}"
        block.append(" ".join(ws).capitalize() + ".")
    block = ("\\n\\n".join(block) + "\\n\\n").encode()

    def feed():
        sent = 0
        while sent < size:
            proc.stdin.write(block)
            sent += len(block)
        proc.stdin.close()

    threading.Thread(target=feed).start()
    out = 0
    while chunk := proc.stdout.read(1 << 16):
        out += len(chunk)
    proc.wait()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(proc.returncode, out, peak)
    """
)


def test_peak_memory_of_fix_on_50_mb_of_stdin() -> None:
    size = 50_000_000
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(TIDY), str(size)],
        capture_output=True, text=True, env=clean_env(), timeout=120, check=True,
    )  # fmt: skip
    returncode, out, peak_mb = map(int, proc.stdout.split())
    assert returncode == 0
    assert out > size  # every byte came out, with the spaces added
    assert peak_mb < 150, f"peak RSS {peak_mb} MB"


# --------------------------------------------------------------------------- no safe break

def test_stdin_of_8_mib_with_no_space_or_line_break_comes_out_whole() -> None:
    # the size at which cutting once raised IndexError and lost the buffered text
    for data in (b"x" * (8 << 20), "é".encode() * (4 << 20) + b"&amp;" * 1000):
        ran = run_tidy("fix", "-", input=data)
        assert ran.returncode == 0, ran.stderr
        assert len(ran.stdout) >= len(data) - 4 * 1000
        assert ran.stdout[: 8 << 20] == data[: 8 << 20]


def test_prose_then_a_run_with_no_space_loses_nothing() -> None:
    prose = document(400, seed=4)
    data = prose.encode() + b"y" * 300_000 + b" and after it,more words.\n"
    ran = run_tidy("fix", "-", input=data, env={stream.CHUNK_ENV: str(SMALL_CHUNK)})
    assert ran.returncode == 0, ran.stderr
    assert ran.out == tidy.fix(data.decode()).text
    assert ran.out.endswith("Council\n" + "y" * 300_000 + " and after it, more words.\n")


def one_line(n: int) -> str:
    """A single line of ``n`` sentences, with glued and misplaced punctuation all along."""
    rnd = random.Random(n)
    out = []
    for i in range(n):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(6, 12))]
        if i % 7 == 0:
            words[2] += " ,"  # work , slow
        elif i % 7 == 3:
            words[1] += ",the"
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def test_a_long_single_line_is_cut_where_no_rule_looks_across(tmp_path: Path) -> None:
    text = one_line(6000)  # ~ 400 KB: cut a dozen times without a safe break
    assert "\n" not in text and len(text) > 20 * SMALL_CHUNK
    expected = tidy.fix(text).text
    assert expected.count(" ,") < text.count(" ,") // 50 and ",the" not in expected
    env = {stream.CHUNK_ENV: str(SMALL_CHUNK)}
    ran = run_tidy("fix", "-", input=text, env=env)
    assert ran.returncode == 0 and ran.out == expected
    path = tmp_path / "line.txt"
    path.write_text(text)
    assert run_tidy("fix", "-q", path, env=env).returncode == 0
    assert path.read_text() == expected


def test_a_large_file_is_repaired_exactly_as_the_same_bytes_on_stdin(tmp_path: Path) -> None:
    # Past the size repaired whole, a file goes the way standard input goes: the same
    # pieces, the same output (and the same exit status for --check), in bounded memory.
    text = document(3000, seed=9) + one_line(800) + "\n\n" + document(300, seed=10)
    data = text.replace("\n", "\r\n").encode()
    env = {stream.CHUNK_ENV: str(SMALL_CHUNK)}
    path = tmp_path / "big.md"
    path.write_bytes(data)
    check = run_tidy("fix", "--check", path, env=env)
    assert check.returncode == 1 and path.read_bytes() == data
    piped = run_tidy("fix", "--stdin-filename", "big.md", "-", input=data, env=env)
    assert run_tidy("fix", path, env=env).returncode == 0
    assert path.read_bytes() == piped.stdout != data
    assert b"\r\n" in piped.stdout and b"\n" not in piped.stdout.replace(b"\r\n", b"")


def test_a_large_file_that_fails_to_decode_midway_is_left_as_it_was(tmp_path: Path) -> None:
    data = document(3000, seed=5).encode() + b"caf\xe9,bar\n"
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    ran = run_tidy("fix", path, env={stream.CHUNK_ENV: str(SMALL_CHUNK)})
    assert ran.returncode == 123 and "not valid UTF-8" in ran.stderr
    assert path.read_bytes() == data
    assert not [p for p in tmp_path.iterdir() if p.name != "bad.txt"]  # no temporary left


def test_a_piece_cut_inside_a_long_fence_keeps_the_code_protected() -> None:
    code = "".join(f"call(a,b);x.Y = {i}\n" for i in range(12_000))  # ~250 KB, no blank line
    text = "Intro,here.\n\n```python\n" + code + "```\n\nOutro,there.\n"
    out = streamed(text, SMALL_CHUNK)
    assert out == tidy.fix(text).text
    assert code in out and "Intro, here." in out and "Outro, there." in out


def test_a_stray_opener_does_not_stop_the_cutting() -> None:
    # tidy.protect ignores a "$$" or "<!--" with no closer near it; so does the splitter,
    # which would otherwise hold the rest of the input as one piece
    for stray in ("echoed as $$^D, ", "an arrow <!-- in prose, "):
        text = "Start.\n\n" + stray + document(3000, seed=6)
        chunks = list(stream.cut(io.BytesIO(text.encode()).read, SMALL_CHUNK))
        assert max(len(c) for c in chunks) < stream.FIRST + 4 * SMALL_CHUNK + 100_000
        assert streamed(text, SMALL_CHUNK) == tidy.fix(text).text
    # a display-math block with blank lines inside is never cut, even where it holds more
    # than BLOCK_LIMIT bytes (but not characters)
    math = "$$\na,b\n\n" + "é = y\n\n" * 2_800 + "$$\n\n"
    s = Splitter()
    data = (math + "After.\n\nMore.\n").encode()
    s.feed(data, final=True)
    assert list(s.cuts) == [len(math.encode()) - 1, len(data) - len(b"\nMore.\n")]


def test_a_large_generated_file_is_skipped_like_a_small_one(tmp_path: Path) -> None:
    text = "<!-- Code generated by gendocs. DO NOT EDIT. -->\n\n" + document(3000, seed=11)
    assert len(text.encode()) > max(SMALL_CHUNK, stream.FIRST) and tidy.fix(text).changed
    path = tmp_path / "big.md"
    path.write_text(text)
    ran = run_tidy("fix", path, env={stream.CHUNK_ENV: str(SMALL_CHUNK)})
    assert ran.returncode == 0
    assert "a generated file (its head says so" in ran.stderr
    assert path.read_text() == text
