"""Configuration through the command line: discovery, overrides, errors, per-file ignores,
rule directories and rule options, `tidy config`. Real directories, the installed script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE, SAMPLE_FIXED, Runner

# A rule file in the format of rules/space-after-comma.toml: opt-in, so it runs only
# where a configuration (or a flag) selects it.
COLOUR_RULE = """\
id = "colour"
group = "spelling"
order = 900
safety = "safe"
opt-in = true
summary = "British spelling of colour"
pattern = '\\bcolor\\b'
replacement = "colour"

[examples]
fix = [["a color chart", "a colour chart"]]
keep = ["colour", "colorful"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose pyproject.toml ignores glued-currency, with a nested document."""
    write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "demo"\n\n[tool.tidy]\nignore = ["glued-currency"]\n',
    )
    write(tmp_path / "docs" / "guide" / "a.txt", SAMPLE)
    return tmp_path


def test_configuration_found_from_a_nested_file(tidy_run: Runner, project: Path) -> None:
    # Run from the nested directory and from outside the project: the same pyproject.toml.
    expected = SAMPLE_FIXED.replace(" £15,000", "£15,000")
    ran = tidy_run("fix", "a.txt", cwd=project / "docs" / "guide")
    assert ran.returncode == 0
    assert (project / "docs" / "guide" / "a.txt").read_text(encoding="utf-8") == expected
    write(project / "docs" / "guide" / "a.txt", SAMPLE)
    tidy_run("fix", str(project / "docs"), cwd=project.parent)
    assert (project / "docs" / "guide" / "a.txt").read_text(encoding="utf-8") == expected


def test_closest_configuration_wins_and_tidy_toml_outranks_pyproject(
    tidy_run: Runner, project: Path
) -> None:
    write(project / "docs" / "tidy.toml", 'ignore = ["glued-percent"]\n')
    ran = tidy_run("diff", "--format", "json", ".", cwd=project)
    rules = {json.loads(line)["rule"] for line in ran.out.splitlines()}
    assert "glued-currency" in rules  # the nested tidy.toml replaced the project's file
    assert "glued-percent" not in rules


def test_command_line_overrides_the_configuration(tidy_run: Runner, project: Path) -> None:
    guide = project / "docs" / "guide"
    only = tidy_run("fix", "--select", "glued-percent", "-", input=SAMPLE, cwd=guide)
    assert only.out == SAMPLE.replace("%of", "% of")  # --select replaced the default set
    ignored = tidy_run("fix", "--ignore", "space-after-comma", "-", input=SAMPLE, cwd=guide)
    # --ignore adds to the file's: glued-currency stays off too
    assert ignored.out == SAMPLE_FIXED.replace("services, ", "services,").replace(" £", "£")
    isolated = tidy_run("fix", "--isolated", "-", input=SAMPLE, cwd=guide)
    assert isolated.out == SAMPLE_FIXED


def test_explicit_config_file(tidy_run: Runner, project: Path) -> None:
    other = write(project / "elsewhere" / "strict.toml", 'select = ["space-after-comma"]\n')
    ran = tidy_run("fix", "--config", str(other), "-", input=SAMPLE, cwd=project)
    assert ran.out == SAMPLE.replace("services,", "services, ")


def test_stdin_filename_finds_that_files_configuration(tidy_run: Runner, project: Path) -> None:
    write(project / "legal" / "tidy.toml", 'select = ["space-after-comma"]\n')
    named = tidy_run("fix", "--stdin-filename", "legal/terms.txt", input=SAMPLE, cwd=project)
    assert named.out == SAMPLE.replace("services,", "services, ")
    unnamed = tidy_run("fix", input=SAMPLE, cwd=project)  # the cwd's: pyproject.toml
    assert unnamed.out == SAMPLE_FIXED.replace(" £", "£")


def test_invalid_key_is_exit_2_naming_file_and_key_before_touching_anything(
    tidy_run: Runner, project: Path
) -> None:
    write(project / "docs" / "tidy.toml", 'selct = ["spacing"]\n')
    write(project / "first.txt", SAMPLE)
    ran = tidy_run("fix", "first.txt", "docs", cwd=project)
    assert ran.returncode == 2
    assert ran.stderr == (
        f"error: {project / 'docs' / 'tidy.toml'}: selct: unknown key (did you mean 'select'?)\n"
    )
    assert (project / "first.txt").read_text(encoding="utf-8") == SAMPLE  # nothing touched
    bad_value = write(project / "bad.toml", 'unsafe = "yes"\n')
    ran = tidy_run("diff", "--config", str(bad_value), "first.txt", cwd=project)
    assert ran.returncode == 2
    assert ran.stderr == f"error: {bad_value}: unsafe: expected a boolean, got string 'yes'\n"


def test_per_file_ignores(tidy_run: Runner, tmp_path: Path) -> None:
    write(
        tmp_path / "tidy.toml",
        '[per-file-ignores]\n"legal/*.txt" = ["space-after-comma"]\n',
    )
    write(tmp_path / "legal" / "terms.txt", "Terms,conditions and more.\n")
    write(tmp_path / "notes.txt", "Terms,conditions and more.\n")
    ran = tidy_run("fix", ".", cwd=tmp_path)
    assert ran.returncode == 0
    assert (tmp_path / "legal" / "terms.txt").read_text() == "Terms,conditions and more.\n"
    assert (tmp_path / "notes.txt").read_text() == "Terms, conditions and more.\n"


def test_rules_dir_with_a_custom_rule(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "house-rules" / "colour.toml", COLOUR_RULE)
    write(
        tmp_path / "tidy.toml",
        'rules-dir = "house-rules"\nextend-select = ["colour"]\n',
    )
    write(tmp_path / "docs" / "a.txt", "A color chart,then more.\n")
    ran = tidy_run("fix", "a.txt", cwd=tmp_path / "docs")  # relative to the tidy.toml
    assert ran.returncode == 0
    assert (tmp_path / "docs" / "a.txt").read_text() == "A colour chart, then more.\n"
    listed = tidy_run("diff", "--statistics", ".", cwd=tmp_path)
    assert listed.out == ""  # already fixed; and the custom rule is known to the report


def test_rule_options_change_the_boilerplate_lines(tidy_run: Runner, tmp_path: Path) -> None:
    text = "The council met.\n\nOur team\n\nAdvertisement\n\nIt approved the budget.\n"
    default = tidy_run("fix", "-", input=text, cwd=tmp_path)
    assert default.out == "The council met.\n\nOur team\n\nIt approved the budget.\n"
    write(
        tmp_path / "tidy.toml",
        '[rule-options.boilerplate-lines]\nlines = ["Our team"]\n',
    )
    configured = tidy_run("fix", "-", input=text, cwd=tmp_path)
    assert configured.out == "The council met.\n\nAdvertisement\n\nIt approved the budget.\n"


def test_type_and_exclude_from_the_configuration(tidy_run: Runner, tmp_path: Path) -> None:
    write(tmp_path / "tidy.toml", 'type = "plain"\nextend-exclude = ["drafts"]\n')
    write(tmp_path / "a.md", "Hello  world.\n")  # Markdown would keep the double space
    write(tmp_path / "drafts" / "b.txt", SAMPLE)
    ran = tidy_run("fix", ".", cwd=tmp_path)
    assert ran.stderr == "fixed a.md (1 edit)\n1 file fixed (1 edit).\n"
    assert (tmp_path / "a.md").read_text() == "Hello world.\n"
    assert (tmp_path / "drafts" / "b.txt").read_text(encoding="utf-8") == SAMPLE
    typed = tidy_run("fix", "--type", "markdown", "-", input="Hello  world.\n", cwd=tmp_path)
    assert typed.out == "Hello  world.\n"  # the flag wins


def test_tidy_config_shows_values_and_their_sources(tidy_run: Runner, project: Path) -> None:
    write(
        project / "docs" / "tidy.toml",
        'extend-select = ["trailing-whitespace"]\n[per-file-ignores]\n"guide/*" = ["glued-dash"]\n',
    )
    source = project / "docs" / "tidy.toml"
    ran = tidy_run("config", "guide/a.txt", cwd=project / "docs")
    assert ran.returncode == 0
    lines = ran.out.splitlines()
    assert lines[0] == f"# effective configuration: {source}"
    assert f'extend-select = ["trailing-whitespace"]  # {source}' in lines
    assert "unsafe = false  # default" in lines
    assert lines[-1] == '# guide/a.txt (per-file-ignores): ignore = ["glued-dash"]'
    as_json = json.loads(tidy_run("config", "--format", "json", cwd=project).out)
    assert as_json["file"] == str(project / "pyproject.toml")
    ignore = next(s for s in as_json["settings"] if s["key"] == "ignore")
    assert ignore == {
        "key": "ignore",
        "value": ["glued-currency"],
        "source": str(project / "pyproject.toml"),
    }
    isolated = tidy_run("config", "--isolated", cwd=project)
    assert isolated.out.startswith("# effective configuration: defaults (no configuration file)\n")
    write(project / "tidy.toml", "type = 3\n")
    broken = tidy_run("config", cwd=project)
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {project / 'tidy.toml'}: type: expected one of ")
