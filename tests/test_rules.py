"""Every rule's own examples, and the loading and validation of rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

import tidy
from tidy.rules import builtin_rules_dir

RULES = tidy.rules()
REPO_RULES = Path(__file__).resolve().parents[1] / "rules"


def _examples():
    for rule in RULES:
        for i, (before, after) in enumerate(rule.fix_examples):
            yield pytest.param(rule.id, before, after, id=f"{rule.id}-fix{i}")
        for i, text in enumerate(rule.keep_examples):
            yield pytest.param(rule.id, text, text, id=f"{rule.id}-keep{i}")


@pytest.mark.parametrize(("rule_id", "before", "after"), list(_examples()))
def test_rule_example(rule_id: str, before: str, after: str) -> None:
    assert tidy.fix(before, select=[rule_id]).text == after
    # the repair is stable: the rule has nothing more to do on its own output
    assert tidy.fix(after, select=[rule_id]).text == after
    if before == after:  # a keep example: no other default rule may touch it either
        assert tidy.fix(before).text == before


def test_every_rule_has_examples_of_both_kinds() -> None:
    assert len(RULES) >= 20
    for rule in RULES:
        assert rule.fix_examples and rule.keep_examples, rule.id


def test_rule_ids_are_unique_and_rules_run_in_order() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert [(r.order, r.id) for r in RULES] == sorted((r.order, r.id) for r in RULES)


# --- the installed package finds its rule files -----------------------------------------------


def test_builtin_rules_dir_holds_the_rule_files() -> None:
    where = builtin_rules_dir()
    assert where.is_dir()
    assert len(list(where.glob("*.toml"))) == len(RULES) >= 20
    for rule in RULES:
        assert Path(rule.path).parent.resolve() == where.resolve()


@pytest.mark.skipif(not REPO_RULES.is_dir(), reason="no source checkout next to the tests")
def test_installed_rules_match_the_source_checkout() -> None:
    # With a regular (non-editable) install the rules ship inside the wheel: same files.
    shipped = {p.name: p.read_bytes() for p in builtin_rules_dir().glob("*.toml")}
    source = {p.name: p.read_bytes() for p in REPO_RULES.glob("*.toml")}
    assert shipped == source


# --- rule files that must fail loudly -----------------------------------------------------------

VALID = """\
id = "{id}"
group = "custom"
summary = "Replace teh with the"
safety = "{safety}"
{extra}
pattern = '\\bteh\\b'
replacement = "the"

[examples]
fix = [["teh cat", "the cat"]]
keep = ["the cat"]
"""


def _rule_text(id: str = "fix-teh", safety: str = "safe", extra: str = "") -> str:
    return VALID.format(id=id, safety=safety, extra=extra)


BROKEN = {
    "missing-id": (_rule_text().replace('id = "fix-teh"\n', ""), "missing required key 'id'"),
    "bad-regex": (_rule_text().replace("\\bteh\\b", "(teh"), "does not compile"),
    "unknown-guard": (_rule_text(extra='guards = ["no-such-guard"]'), "unknown guard"),
    "unknown-key": (_rule_text(extra='colour = "red"'), "unknown key(s) colour"),
    "no-keep": (_rule_text().replace('keep = ["the cat"]', "keep = []"), "must keep"),
    "duplicate-id": (_rule_text(id="space-after-comma"), "already defined in"),
    "invalid-toml": (_rule_text() + "\nthis is not toml\n", "invalid TOML"),
    "bad-safety": (_rule_text(safety="maybe"), "safety must be one of"),
    "bad-id": (_rule_text(id="Fix_Teh"), "must be lower-case words"),
    "unknown-code": (
        _rule_text().replace("pattern = '\\bteh\\b'\nreplacement = \"the\"", 'code = "nope"'),
        "no code rule named 'nope'",
    ),
    "bad-group-ref": (_rule_text().replace('"the"', "'\\g<word>'"), "replacement is invalid"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bad_rule_file_fails_with_its_name_and_reason(tmp_path: Path, case: str) -> None:
    text, reason = BROKEN[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(tidy.RuleError) as info:
        tidy.rules([str(tmp_path)])
    message = str(info.value)
    assert str(path) in message
    assert reason in message


def test_the_valid_template_loads(tmp_path: Path) -> None:
    # guards the test above: each broken file differs from a good one by its one defect
    (tmp_path / "fix-teh.toml").write_text(_rule_text(), encoding="utf-8")
    assert "fix-teh" in {r.id for r in tidy.rules([str(tmp_path)])}


def test_missing_rules_dir_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(tidy.RuleError, match="does not exist") as info:
        tidy.rules([str(missing)])
    assert str(missing) in str(info.value)


# --- rules from an extra directory ---------------------------------------------------------------


def test_extra_dir_rule_runs_when_selected(tmp_path: Path) -> None:
    (tmp_path / "fix-teh.toml").write_text(_rule_text(extra="opt-in = true"), encoding="utf-8")
    dirs = [str(tmp_path)]
    text = "I saw teh cat,then left."
    # opt-in: the default set leaves it alone
    assert tidy.fix(text, rules_dirs=dirs).text == "I saw teh cat, then left."
    res = tidy.fix(text, rules_dirs=dirs, extend_select=["fix-teh"])
    assert res.text == "I saw the cat, then left."
    assert [(e.rule, e.start, e.end, e.before, e.after) for e in res.edits] == [
        ("fix-teh", 6, 9, "teh", "the"),
        ("space-after-comma", 13, 14, ",", ", "),
    ]
    # the extra directory is needed to name the rule at all
    with pytest.raises(tidy.RuleError, match="fix-teh"):
        tidy.fix(text, extend_select=["fix-teh"])


def test_unsafe_rule_runs_only_with_unsafe_or_by_id(tmp_path: Path) -> None:
    (tmp_path / "fix-teh.toml").write_text(_rule_text(safety="unsafe"), encoding="utf-8")
    dirs = [str(tmp_path)]
    text = "teh end"
    assert tidy.fix(text, rules_dirs=dirs).text == "teh end"
    assert tidy.fix(text, rules_dirs=dirs, select=["custom"]).text == "teh end"
    assert tidy.fix(text, rules_dirs=dirs, unsafe=True).text == "the end"
    assert tidy.fix(text, rules_dirs=dirs, select=["custom"], unsafe=True).text == "the end"
    assert tidy.fix(text, rules_dirs=dirs, select=["fix-teh"]).text == "the end"
    assert tidy.fix(text, rules_dirs=dirs, extend_select=["fix-teh"]).text == "the end"
