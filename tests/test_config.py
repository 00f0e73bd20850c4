"""Configuration discovery, parsing, validation, merging and rule options."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

import tidy
from tidy import files
from tidy.batch import ConfiguredExcluder, Flags, Project
from tidy.config import (
    DEFAULT_EXCLUDE,
    Config,
    ConfigError,
    apply_rule_options,
    clear_cache,
    config_for,
    find_config,
    load_config,
)
from tidy.engine import run
from tidy.rules import select_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXTRA_RULE = """\
id = "foo-to-bar"
group = "local"
summary = "Write bar for foo"
safety = "safe"
pattern = '\\bfoo\\b'
replacement = "bar"

[examples]
fix = [["a foo", "a bar"]]
keep = ["food"]
"""
DEFAULT_SOURCES = {
    "select": "default",
    "ignore": "default",
    "extend-select": "default",
    "unsafe": "default",
    "exclude": "default",
    "extend-exclude": "default",
    "per-file-ignores": "default",
    "rules-dir": "default",
    "type": "default",
    "rule-options": "default",
    "boilerplate": "default",
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    clear_cache()  # lookups are cached per directory; each test builds its own tree


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error(path: Path, text: str) -> str:
    """The ConfigError message for a config file ``path`` holding ``text``."""
    write(path, text)
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    return str(exc.value)


# --- discovery ------------------------------------------------------------------------


def test_precedence_within_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.tidy]\nunsafe = true\n")
    write(tmp_path / "tidy.toml")
    write(tmp_path / ".tidy.toml")
    doc = tmp_path / "doc.md"
    assert find_config(doc) == tmp_path / ".tidy.toml"
    (tmp_path / ".tidy.toml").unlink()
    clear_cache()
    assert find_config(doc) == tmp_path / "tidy.toml"
    (tmp_path / "tidy.toml").unlink()
    clear_cache()
    assert find_config(doc) == tmp_path / "pyproject.toml"


def test_walks_up_to_the_closest_config(tmp_path: Path) -> None:
    root = write(tmp_path / "tidy.toml")
    inner = write(tmp_path / "a" / "b" / ".tidy.toml")
    assert find_config(tmp_path / "a" / "b" / "c" / "d" / "x.md") == inner
    assert find_config(tmp_path / "a" / "b" / "x.md") == inner
    assert find_config(tmp_path / "a" / "x.md") == root
    assert find_config(tmp_path / "a" / "other" / "x.md") == root
    # A directory (the cwd, for stdin) is searched itself first.
    assert find_config(tmp_path / "a" / "b") == inner
    assert find_config(tmp_path / "a") == root


def test_no_config_anywhere(tmp_path: Path) -> None:
    assert find_config(tmp_path / "x.md") is None
    cfg = config_for(tmp_path / "x.md")
    assert cfg == Config()
    assert cfg.path is None


def test_pyproject_without_tool_tidy_is_skipped(tmp_path: Path) -> None:
    root = write(tmp_path / "tidy.toml")
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\n')
    assert find_config(tmp_path / "pkg" / "x.md") == root
    with_table = write(tmp_path / "app" / "pyproject.toml", "[tool.tidy]\n")
    assert find_config(tmp_path / "app" / "x.md") == with_table


def test_lookups_are_cached_per_directory(tmp_path: Path) -> None:
    root = write(tmp_path / "tidy.toml")
    doc = tmp_path / "sub" / "x.md"
    assert find_config(doc) == root
    late = write(tmp_path / "sub" / "tidy.toml")
    assert find_config(doc) == root  # cached answer
    clear_cache()
    assert find_config(doc) == late


def test_invalid_toml_is_reported_during_discovery(tmp_path: Path) -> None:
    bad = write(tmp_path / "pyproject.toml", "[tool.tidy\n")
    with pytest.raises(ConfigError) as exc:
        find_config(tmp_path / "x.md")
    assert str(exc.value).startswith(f"{bad}: invalid TOML: ")


def test_explicit_config_wins_over_discovery(tmp_path: Path) -> None:
    write(tmp_path / "tidy.toml", "unsafe = true\n")
    other = write(tmp_path / "elsewhere" / "my.toml", 'type = "plain"\n')
    cfg = config_for(tmp_path / "x.md", explicit=other)
    assert cfg.path == other
    assert (cfg.type, cfg.unsafe) == ("plain", False)


def test_explicit_pyproject_needs_tool_tidy(tmp_path: Path) -> None:
    p = write(tmp_path / "pyproject.toml", "[project]\n")
    with pytest.raises(ConfigError) as exc:
        config_for(tmp_path, explicit=p)
    assert str(exc.value) == f"{p}: tool.tidy: no [tool.tidy] table"


def test_explicit_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as exc:
        config_for(tmp_path, explicit=missing)
    assert str(exc.value) == f"{missing}: cannot read: No such file or directory"


def test_isolated_ignores_every_file(tmp_path: Path) -> None:
    write(tmp_path / "tidy.toml", "unsafe = true\n")
    explicit = write(tmp_path / "x.toml", "unsafe = true\n")
    assert config_for(tmp_path / "x.md").unsafe is True
    for cfg in (
        config_for(tmp_path / "x.md", isolated=True),
        config_for(tmp_path / "x.md", explicit=explicit, isolated=True),
    ):
        assert cfg == Config()
        assert cfg.path is None
        assert cfg.sources == DEFAULT_SOURCES


# --- parsing --------------------------------------------------------------------------

ALL_KEYS = """\
select = ["spacing", "ascii"]
ignore = ["doubled-spaces"]
extend-select = ["curly-quotes"]
unsafe = true
exclude = ["vendor"]
extend-exclude = ["*.min.txt"]
rules-dir = "myrules"
type = "markdown"
boilerplate = "learned/boilerplate.txt"

[per-file-ignores]
"*.md" = ["straight-quotes"]
"docs/*.txt" = ["quotes", "ascii"]

[rule-options.boilerplate-lines]
lines = ["Our team"]

[rule-options.blank-line-runs]
max-blank-lines = 2
"""


def expected_all_keys(project: Path, path: Path) -> Config:
    return Config(
        select=("spacing", "ascii"),
        ignore=("doubled-spaces",),
        extend_select=("curly-quotes",),
        unsafe=True,
        exclude=("vendor",),
        extend_exclude=("*.min.txt",),
        per_file_ignores={"*.md": ("straight-quotes",), "docs/*.txt": ("quotes", "ascii")},
        rules_dirs=(str(project / "myrules"),),
        type="markdown",
        rule_options={
            "boilerplate-lines": {"lines": ["Our team"]},
            "blank-line-runs": {"max-blank-lines": 2},
        },
        boilerplate=str(project / "learned" / "boilerplate.txt"),
        path=path,
        sources=dict.fromkeys(DEFAULT_SOURCES, str(path)),
    )


def test_every_key_parsed(tmp_path: Path) -> None:
    write(tmp_path / "myrules" / "foo.toml", EXTRA_RULE)
    path = write(tmp_path / "tidy.toml", ALL_KEYS)
    assert load_config(path) == expected_all_keys(tmp_path, path)


def test_every_key_parsed_from_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "myrules" / "foo.toml", EXTRA_RULE)
    table = ALL_KEYS.replace("[per-file-ignores]", "[tool.tidy.per-file-ignores]").replace(
        "[rule-options.", "[tool.tidy.rule-options."
    )
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.tidy]\n' + table)
    assert config_for(tmp_path / "sub" / "doc.md") == expected_all_keys(tmp_path, path)


def test_defaults() -> None:
    cfg = Config()
    assert cfg.select is None
    assert (cfg.ignore, cfg.extend_select, cfg.extend_exclude, cfg.rules_dirs) == ((),) * 4
    assert (cfg.unsafe, cfg.type, cfg.boilerplate, cfg.path) == (False, "auto", None, None)
    assert (cfg.per_file_ignores, cfg.rule_options) == ({}, {})
    assert cfg.exclude == DEFAULT_EXCLUDE == files.DEFAULT_EXCLUDE  # one list for both
    assert {".venv", "node_modules", "__pycache__", "build", "dist", ".tox"} <= set(cfg.exclude)
    assert cfg.sources == DEFAULT_SOURCES


def test_rules_dir_list_and_relative_resolution(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "project"
    write(project / "rules-a" / "foo.toml", EXTRA_RULE)
    (project / "rules-b").mkdir()
    write(project / "tidy.toml", 'rules-dir = ["rules-a", "./rules-b/"]\nselect = ["foo-to-bar"]\n')
    monkeypatch.chdir(tmp_path)  # resolution must not depend on the cwd
    cfg = config_for(project / "deep" / "doc.txt")
    assert cfg.rules_dirs == (str(project / "rules-a"), str(project / "rules-b"))
    # The extra rule is real: tidy.fix runs it from the resolved directory.
    result = tidy.fix("a foo", select=cfg.select, rules_dirs=cfg.rules_dirs)
    assert result.text == "a bar"


def test_rules_dir_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "tidy.toml"
    assert error(path, 'rules-dir = "missing"\n') == (
        f"{path}: rules-dir: rules directory 'missing' ({tmp_path / 'missing'}) does not exist"
    )


def test_broken_rule_in_rules_dir(tmp_path: Path) -> None:
    bad = write(tmp_path / "r" / "bad.toml", 'id = "Bad"\n')
    path = tmp_path / "tidy.toml"
    assert error(path, 'rules-dir = "r"\n') == (
        f"{path}: rules-dir: {bad}: missing required key 'summary'"
    )


# --- errors ---------------------------------------------------------------------------


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "tidy.toml"
    assert error(path, 'extend_select = ["ascii"]\n') == (
        f"{path}: extend_select: unknown key (did you mean 'extend-select'?)"
    )


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    assert error(path, "[tool.tidy]\nrules_dir = 'x'\n") == (
        f"{path}: tool.tidy.rules_dir: unknown key (did you mean 'rules-dir'?)"
    )


def test_unknown_key_without_a_close_match_lists_the_keys(tmp_path: Path) -> None:
    path = tmp_path / ".tidy.toml"
    assert error(path, "colour = 1\n") == (
        f"{path}: colour: unknown key (known: boilerplate, exclude, extend-exclude, "
        "extend-select, ignore, per-file-ignores, rule-options, rules-dir, select, type, "
        "unsafe)"
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('unsafe = "yes"', "unsafe: expected a boolean, got string 'yes'"),
        ('select = "ascii"', "select: expected an array of strings, got string 'ascii'"),
        (
            'ignore = ["ascii", 3]',
            "ignore: expected an array of strings, but item 1 is integer 3",
        ),
        ("exclude = {a = 1}", "exclude: expected an array of strings, got table {'a': 1}"),
        (
            "rules-dir = 3",
            "rules-dir: expected a string or an array of strings, got integer 3",
        ),
        ('type = "md"', "type: expected one of auto, plain, markdown, rst, got string 'md'"),
        ("boilerplate = false", "boilerplate: expected a string (a path), got boolean False"),
        (
            'per-file-ignores = ["*.md"]',
            "per-file-ignores: expected a table of glob = [rule ids], got array ['*.md']",
        ),
        (
            'per-file-ignores = {"*.md" = "ascii"}',
            "per-file-ignores.\"*.md\": expected an array of strings, got string 'ascii'",
        ),
        (
            "rule-options = {ascii = true}",
            "rule-options.ascii: expected a table of option overrides, got boolean True",
        ),
    ],
)
def test_wrong_types(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "tidy.toml"
    assert error(path, toml + "\n") == f"{path}: {message}"


def test_tool_tidy_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    assert (
        error(path, "[tool]\ntidy = 1\n") == f"{path}: tool.tidy: expected a table, got integer 1"
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            'select = ["spacing", "trailing-whitespac"]',
            "select: unknown rule or group 'trailing-whitespac' "
            "(did you mean 'trailing-whitespace'?)",
        ),
        (
            'extend-select = ["qoutes"]',
            "extend-select: unknown rule or group 'qoutes' (did you mean 'quotes'?)",
        ),
        ('ignore = ["zzz"]', "ignore: unknown rule or group 'zzz' (`tidy rules` lists them)"),
        (
            '[per-file-ignores]\n"*.md" = ["ascii", "mojibak"]',
            "per-file-ignores.\"*.md\": unknown rule or group 'mojibak' (did you mean 'mojibake'?)",
        ),
        (
            "[rule-options.boilerplate-line]\nlines = []",
            "rule-options.boilerplate-line: unknown rule 'boilerplate-line' "
            "(did you mean 'boilerplate-lines'?)",
        ),
        (
            "[rule-options.boilerplate-lines]\nline = []",
            "rule-options.boilerplate-lines.line: rule 'boilerplate-lines' has no option "
            "'line' (did you mean 'lines'?)",
        ),
        (
            "[rule-options.ascii]\nstrict = true",
            "rule-options.ascii.strict: rule 'ascii' has no option 'strict' "
            "(the rule takes no options)",
        ),
        (
            '[rule-options.boilerplate-lines]\nlines = "Our team"',
            "rule-options.boilerplate-lines.lines: expected an array like the rule's own "
            "value, got string 'Our team'",
        ),
        (
            "[rule-options.blank-line-runs]\nmax-blank-lines = true",
            "rule-options.blank-line-runs.max-blank-lines: expected an integer like the "
            "rule's own value, got boolean True",
        ),
    ],
)
def test_unknown_rules_and_options(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "tidy.toml"
    assert error(path, toml + "\n") == f"{path}: {message}"


def test_invalid_pattern_option(tmp_path: Path) -> None:
    path = tmp_path / "tidy.toml"
    message = error(path, "[rule-options.boilerplate-lines]\npatterns = ['ok', 'bad(']\n")
    assert message == (
        f"{path}: rule-options.boilerplate-lines.patterns: item 1 is not a valid regular "
        "expression: missing ), unterminated subpattern at position 3"
    )


def test_pattern_option_with_global_flag(tmp_path: Path) -> None:
    # boilerplate-lines joins its patterns into one regex, where (?i) mid-way is an error.
    path = tmp_path / "tidy.toml"
    message = error(path, "[rule-options.boilerplate-lines]\npatterns = ['(?i)read more']\n")
    assert message == (
        f"{path}: rule-options.boilerplate-lines.patterns: item 0 cannot be combined with "
        "other patterns: global flags not at the start of the expression at position 3"
    )


def test_group_names_and_all_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "tidy.toml", 'select = ["ALL"]\nignore = ["quotes", "ascii"]\n')
    cfg = load_config(path)
    assert (cfg.select, cfg.ignore) == (("ALL",), ("quotes", "ascii"))


def test_unknown_rule_passes_when_defined_in_rules_dir(tmp_path: Path) -> None:
    path = tmp_path / "tidy.toml"
    assert error(path, 'select = ["foo-to-bar"]\n') == (
        f"{path}: select: unknown rule or group 'foo-to-bar' (`tidy rules` lists them)"
    )
    write(tmp_path / "mine" / "foo.toml", EXTRA_RULE)
    write(path, 'select = ["foo-to-bar"]\nrules-dir = "mine"\n')
    clear_cache()
    assert load_config(path).select == ("foo-to-bar",)


# --- matching -------------------------------------------------------------------------


def test_ignores_for(tmp_path: Path, monkeypatch) -> None:
    path = write(
        tmp_path / "tidy.toml",
        'ignore = ["ascii"]\n\n[per-file-ignores]\n'
        '"*.md" = ["straight-quotes", "ascii"]\n'
        '"docs/*.txt" = ["quotes"]\n'
        '"./notes/*" = ["doubled-spaces"]\n'
        '"README.*" = ["mojibake"]\n',
    )
    cfg = load_config(path)
    assert cfg.ignores_for(tmp_path / "a" / "b" / "x.md") == ["ascii", "straight-quotes"]
    assert cfg.ignores_for(tmp_path / "docs" / "x.txt") == ["ascii", "quotes"]
    assert cfg.ignores_for(tmp_path / "docs" / "deep" / "x.txt") == ["ascii", "quotes"]
    # A glob with "/" is anchored at the config's directory.
    assert cfg.ignores_for(tmp_path / "src" / "docs" / "x.txt") == ["ascii"]
    assert cfg.ignores_for(tmp_path / "notes" / "n.rst") == ["ascii", "doubled-spaces"]
    # A glob without "/" matches the base name at any depth.
    assert cfg.ignores_for(tmp_path / "pkg" / "README.rst") == ["ascii", "mojibake"]
    assert cfg.ignores_for(tmp_path / "x.txt") == ["ascii"]
    # Relative paths are taken from the cwd.
    monkeypatch.chdir(tmp_path / "..")
    rel = Path(tmp_path.name) / "docs" / "x.txt"
    assert cfg.ignores_for(rel) == ["ascii", "quotes"]


def test_exclusions_come_from_the_governing_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "tidy.toml", 'extend-exclude = ["docs/generated", "*.min.txt"]\n')
    monkeypatch.chdir(tmp_path)
    assert load_config(path).exclude == DEFAULT_EXCLUDE
    excluded = ConfiguredExcluder(Project(Flags())).anywhere
    assert excluded("pkg/node_modules/a/README.md")  # a default, at any depth
    assert excluded("docs/generated/a.md")  # a glob with "/": relative to the config
    assert excluded("a/b.min.txt")  # a glob without "/": any name
    assert not excluded("docs/a.md")
    assert not excluded("src/docs/generated/a.md")
    assert not excluded("builder/a.md")
    # exclude replaces the defaults
    write(path, 'exclude = ["private"]\n')
    clear_cache()
    excluded = ConfiguredExcluder(Project(Flags())).anywhere
    assert not excluded("node_modules/README.md")
    assert excluded("private/a.md")


# --- sources, describe, command line --------------------------------------------------


def test_sources_and_describe(tmp_path: Path) -> None:
    path = write(tmp_path / "tidy.toml", 'select = ["spacing"]\nunsafe = true\n')
    cfg = load_config(path)
    assert cfg.sources == {**DEFAULT_SOURCES, "select": str(path), "unsafe": str(path)}
    assert cfg.describe() == [
        ("select", ("spacing",), str(path)),
        ("ignore", (), "default"),
        ("extend-select", (), "default"),
        ("unsafe", True, str(path)),
        ("exclude", DEFAULT_EXCLUDE, "default"),
        ("extend-exclude", (), "default"),
        ("per-file-ignores", {}, "default"),
        ("rules-dir", (), "default"),
        ("type", "auto", "default"),
        ("rule-options", {}, "default"),
        ("boilerplate", None, "default"),
    ]


def test_to_toml_like_round_trips(tmp_path: Path) -> None:
    write(tmp_path / "myrules" / "foo.toml", EXTRA_RULE)
    path = write(tmp_path / "tidy.toml", ALL_KEYS)
    cfg = load_config(path)
    text = cfg.to_toml_like()
    assert text.splitlines()[:3] == [
        f"# effective configuration: {path}",
        f'select = ["spacing", "ascii"]  # {path}',
        f'ignore = ["doubled-spaces"]  # {path}',
    ]
    assert tomllib.loads(text)["rule-options"] == cfg.rule_options
    # Loading the printed configuration gives the same settings back.
    again = write(tmp_path / "again.toml", text)
    assert load_config(again) == dataclasses.replace(
        cfg, path=again, sources=dict.fromkeys(DEFAULT_SOURCES, str(again))
    )
    assert Config().to_toml_like().splitlines()[:2] == [
        "# effective configuration: defaults (no configuration file)",
        "# select is not set (the default rule set)",
    ]


def test_merged_with_cli(tmp_path: Path, monkeypatch) -> None:
    path = write(
        tmp_path / "tidy.toml",
        'select = ["spacing"]\nignore = ["doubled-spaces"]\ntype = "plain"\n',
    )
    write(tmp_path / "cli-rules" / "foo.toml", EXTRA_RULE)
    monkeypatch.chdir(tmp_path)
    cfg = load_config(path)
    merged = cfg.merged_with_cli(
        select=["quotes"],
        ignore=["ascii"],
        extend_select=None,
        unsafe=True,
        type=None,
        rules_dirs=["cli-rules"],
        rule_options={"blank-line-runs": {"max-blank-lines": 3}},
    )
    assert merged.select == ("quotes",)
    assert merged.ignore == ("doubled-spaces", "ascii")  # added to the file's
    assert merged.unsafe is True
    assert merged.type == "plain"  # not given
    assert merged.rules_dirs == (str(tmp_path / "cli-rules"),)
    assert merged.rule_options == {"blank-line-runs": {"max-blank-lines": 3}}
    assert merged.path == path
    assert merged.sources == {
        **DEFAULT_SOURCES,
        "select": "command line",
        "ignore": f"{path} + command line",
        "unsafe": "command line",
        "type": str(path),
        "rules-dir": "command line",
        "rule-options": "command line",
    }
    assert cfg.select == ("spacing",)  # the original is untouched
    assert cfg.merged_with_cli(select=None, unsafe=None) is cfg


def test_merged_with_cli_validates(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        Config().merged_with_cli(select=["spacing", "quotse"])
    assert str(exc.value) == (
        "command line: --select: unknown rule or group 'quotse' (did you mean 'quotes'?)"
    )
    with pytest.raises(ConfigError) as exc:
        Config().merged_with_cli(type="html")
    assert str(exc.value) == (
        "command line: --type: expected one of auto, plain, markdown, rst, got string 'html'"
    )
    with pytest.raises(TypeError, match=r"unexpected keyword\(s\): mode$"):
        Config().merged_with_cli(mode="plain")


# --- rule options ---------------------------------------------------------------------

PAGE = "The council met.\n\nOur team\n\nIt approved the budget.\n\nAdvertisement\n\nEnd."


def fix_with(cfg: Config, text: str) -> str:
    """What tidy.fix does, with the config's rule options laid over the rules."""
    rules = apply_rule_options(tidy.rules(cfg.rules_dirs), cfg.rule_options, source=cfg.path)
    chosen = select_rules(rules, cfg.select, cfg.ignore, cfg.extend_select, cfg.unsafe)
    return run(text, chosen, cfg.type).text


def test_rule_options_change_behaviour_end_to_end(tmp_path: Path) -> None:
    plain = Config()
    assert fix_with(plain, PAGE) == tidy.fix(PAGE).text  # same pipeline as tidy.fix
    assert tidy.fix(PAGE).text == "The council met.\n\nOur team\n\nIt approved the budget.\n\nEnd."

    path = write(
        tmp_path / "tidy.toml", '[rule-options.boilerplate-lines]\nlines = ["Our team"]\n'
    )
    cfg = config_for(tmp_path / "page.txt")
    assert cfg.path == path
    # The option replaces the rule's own list: "Advertisement" is no longer furniture.
    assert fix_with(cfg, PAGE) == (
        "The council met.\n\nIt approved the budget.\n\nAdvertisement\n\nEnd."
    )
    # The shared, cached rules are untouched.
    shared = next(r for r in tidy.rules() if r.id == "boilerplate-lines")
    assert "Our team" not in shared.options["lines"]
    assert tidy.fix(PAGE).text == fix_with(plain, PAGE)


def test_apply_rule_options_returns_copies() -> None:
    rules = tidy.rules()
    overrides = {"blank-line-runs": {"max-blank-lines": 2}}
    out = apply_rule_options(rules, overrides)
    assert [r.id for r in out] == [r.id for r in rules]
    changed = {r.id for a, r in zip(rules, out, strict=True) if a is not r}
    assert changed == {"blank-line-runs"}
    new = next(r for r in out if r.id == "blank-line-runs")
    old = next(r for r in rules if r.id == "blank-line-runs")
    assert new.options == {"max-blank-lines": 2}
    assert old.options == {"max-blank-lines": 1}
    overrides["blank-line-runs"]["max-blank-lines"] = 5  # no aliasing into the copy
    assert new.options == {"max-blank-lines": 2}
    assert run("a\n\n\n\nb", [new], "plain").text == "a\n\n\nb"
    assert run("a\n\n\n\nb", [old], "plain").text == "a\n\nb"


def test_apply_rule_options_errors() -> None:
    with pytest.raises(ConfigError) as exc:
        apply_rule_options(tidy.rules(), {"trailing-whitespace": {"keep-hard-breaks": False}})
    assert str(exc.value) == (
        "rule-options.trailing-whitespace.keep-hard-breaks: rule 'trailing-whitespace' has "
        "no option 'keep-hard-breaks' (did you mean 'keep-markdown-hard-breaks'?)"
    )
    with pytest.raises(ConfigError) as exc:
        apply_rule_options(tidy.rules(), {"nope": {}}, source="my.toml")
    assert (
        str(exc.value)
        == "my.toml: rule-options.nope: unknown rule 'nope' (`tidy rules` lists them)"
    )
