"""Configuration: ``[tool.tidy]`` in ``pyproject.toml``, or a ``tidy.toml`` / ``.tidy.toml``.

Found like ruff finds its own: the closest configuration above a path wins, and in one
directory ``.tidy.toml`` > ``tidy.toml`` > ``pyproject.toml`` (only one with ``[tool.tidy]``).
Pure: nothing is printed; every problem is a :class:`ConfigError` whose message reads
``<file>: <key>: <reason>``.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import cache
from pathlib import Path
from typing import Any

from tidy import files
from tidy.engine import MODES
from tidy.rules import Rule, RuleError, load_rules
from tidy.untrusted import UnsafePattern, check_pattern

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = [
    "COMMAND_LINE",
    "CONFIG_FILES",
    "DEFAULT",
    "DEFAULT_EXCLUDE",
    "Config",
    "ConfigError",
    "apply_rule_options",
    "clear_cache",
    "config_for",
    "find_config",
    "load_config",
]

# In precedence order within one directory.
CONFIG_FILES = (".tidy.toml", "tidy.toml", "pyproject.toml")
# One list for the file walker and the configuration (tool caches, builds, environments;
# version-control directories are never walked at all).
DEFAULT_EXCLUDE: tuple[str, ...] = files.DEFAULT_EXCLUDE
DEFAULT = "default"
COMMAND_LINE = "command line"

# TOML key -> Config field, in the order `tidy config` shows them.
_FIELDS: dict[str, str] = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "unsafe": "unsafe",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "per-file-ignores": "per_file_ignores",
    "rules-dir": "rules_dirs",
    "type": "type",
    "rule-options": "rule_options",
    "boilerplate": "boilerplate",
}
_KEYS = {f: k for k, f in _FIELDS.items()}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file, the key and why."""


def _default_sources() -> dict[str, str]:
    return dict.fromkeys(_FIELDS, DEFAULT)


@dataclass(frozen=True)
class Config:
    """Effective settings. Sequences are tuples because one cached instance is shared by
    every file under the same configuration; treat the dicts as read-only too."""

    select: tuple[str, ...] | None = None  # None: the default rule set
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    unsafe: bool = False
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules_dirs: tuple[str, ...] = ()  # absolute
    type: str = "auto"
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    boilerplate: str | None = None  # absolute
    path: Path | None = None
    sources: dict[str, str] = field(default_factory=_default_sources)  # TOML key -> origin

    @property
    def directory(self) -> Path:
        """What relative globs are matched against: the config's directory, else the cwd."""
        return self.path.parent if self.path is not None else Path.cwd()

    def _relative(self, path: str | os.PathLike[str]) -> str:
        target = Path(os.path.abspath(path))
        try:
            return target.relative_to(self.directory).as_posix()
        except ValueError:  # outside the project: match what we have
            return target.as_posix()

    def ignores_for(self, path: str | os.PathLike[str]) -> list[str]:
        """``ignore`` plus the per-file ignores whose glob matches ``path`` (relative to the
        config's directory; a glob without ``/`` also matches the base name)."""
        rel = self._relative(path)
        name = rel.rsplit("/", 1)[-1]
        out = list(self.ignore)
        for glob, names in self.per_file_ignores.items():
            pattern = glob.removeprefix("./")
            if fnmatch(rel, pattern) or ("/" not in pattern and fnmatch(name, pattern)):
                out.extend(names)
        return list(dict.fromkeys(out))  # de-duplicated, first mention kept

    def merged_with_cli(self, **overrides: Any) -> Config:
        """This configuration with command-line values applied (``None``: not given).

        Keywords are the field names. ``ignore``, ``extend_select``, ``extend_exclude`` and
        ``rules_dirs`` add to the file's values (a command-line ``--ignore`` should not
        re-enable what the project ignores); ``per_file_ignores`` and ``rule_options`` are
        merged into them; everything else replaces. Relative paths
        resolve against the cwd. Values are validated like a file's (source "command line").
        """
        unknown = sorted(set(overrides) - set(_KEYS))
        if unknown:
            raise TypeError(f"merged_with_cli() got unexpected keyword(s): {', '.join(unknown)}")
        given = {_KEYS[f]: v for f, v in overrides.items() if v is not None}
        if not given:
            return self
        where = _Where(COMMAND_LINE, "--", Path.cwd())
        parsed = {key: _PARSERS[key](where, key, value) for key, value in given.items()}
        changes: dict[str, Any] = {}
        sources = dict(self.sources)
        for key, new in parsed.items():
            name = _FIELDS[key]
            old = getattr(self, name)
            if key in ("ignore", "extend-select", "extend-exclude", "rules-dir"):
                value: Any = tuple(dict.fromkeys((*old, *new)))
            elif key == "per-file-ignores":
                value = {**old, **new}
            elif key == "rule-options":
                value = {**old, **{r: {**old.get(r, {}), **o} for r, o in new.items()}}
            else:
                value = new
            kept = value is not new and old and self.sources[key] != DEFAULT
            sources[key] = f"{self.sources[key]} + {COMMAND_LINE}" if kept else COMMAND_LINE
            changes[name] = value
        _validate(where, changes.get("rules_dirs", self.rules_dirs), parsed)
        return dataclasses.replace(self, **changes, sources=sources)

    def describe(self) -> list[tuple[str, Any, str]]:
        """``(key, value, source)`` for every setting, in a fixed order, for `tidy config`."""
        return [(key, getattr(self, name), self.sources[key]) for key, name in _FIELDS.items()]

    def to_toml_like(self) -> str:
        """The effective configuration as TOML, each line commented with its source."""
        origin = self.path if self.path is not None else "defaults (no configuration file)"
        lines = [f"# effective configuration: {origin}"]
        for key, value, source in self.describe():
            if value is None:  # TOML has no null
                unset = "the default rule set" if key == "select" else "none"
                lines.append(f"# {key} is not set ({unset})")
            else:
                lines.append(f"{key} = {_toml_value(value)}  # {source}")
        return "\n".join(lines) + "\n"


# --- finding and loading ---------------------------------------------------------------

_FOUND: dict[str, str | None] = {}  # directory -> closest config file (None: none)


def clear_cache() -> None:
    """Forget found and loaded configurations (for long-lived processes and tests)."""
    _FOUND.clear()
    _load.cache_clear()


def find_config(path: str | os.PathLike[str]) -> Path | None:
    """The configuration that governs ``path`` (a file, or a directory such as the cwd for
    stdin): the closest one found walking up to the filesystem root, or ``None``."""
    start = Path(os.path.abspath(path))
    directory = str(start if start.is_dir() else start.parent)
    walked: list[str] = []
    found: str | None = None
    while True:
        if directory in _FOUND:
            found = _FOUND[directory]
            break
        walked.append(directory)
        found = _config_in(directory)
        parent = os.path.dirname(directory)
        if found is not None or parent == directory:
            break
        directory = parent
    # Every directory walked through shares the answer: siblings stop at the first hit.
    for d in walked:
        _FOUND[d] = found
    return Path(found) if found is not None else None


def _config_in(directory: str) -> str | None:
    for name in CONFIG_FILES:
        candidate = os.path.join(directory, name)
        if not os.path.isfile(candidate):
            continue
        if name != "pyproject.toml" or _has_tidy_table(_read_toml(Path(candidate))):
            return candidate
    return None


def _has_tidy_table(data: dict[str, Any]) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and "tidy" in tool


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with files.open_regular(path) as fh:  # not a FIFO or a device: those never end
            return tomllib.loads(fh.read().decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except files.FileProblem as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate one configuration file. A file named ``pyproject.toml`` is read
    from its ``[tool.tidy]`` table; any other file from its top level."""
    return _load(os.path.abspath(path))


@cache
def _load(path_str: str) -> Config:
    path = Path(path_str)
    data = _read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        if not _has_tidy_table(data):
            raise ConfigError(f"{path}: tool.tidy: no [tool.tidy] table")
        data, prefix = data["tool"]["tidy"], "tool.tidy."
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.tidy: expected a table, got {_describe(data)}")
    where = _Where(str(path), prefix, path.parent)
    parsed: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _PARSERS:
            raise where.fail(_toml_key(key), f"unknown key {_hint(key, _FIELDS)}")
        parsed[key] = _PARSERS[key](where, key, value)
    _validate(where, parsed.get("rules-dir", ()), parsed)
    sources = _default_sources()
    sources.update(dict.fromkeys(parsed, str(path)))
    values = {_FIELDS[k]: v for k, v in parsed.items()}
    return Config(**values, path=path, sources=sources)


def config_for(
    path: str | os.PathLike[str],
    *,
    explicit: str | os.PathLike[str] | None = None,
    isolated: bool = False,
) -> Config:
    """The configuration for ``path``: ``explicit`` (``--config``) if given, else the closest
    one found, else defaults. ``isolated`` ignores every file (even ``explicit``)."""
    if isolated:
        return Config()
    if explicit is not None:
        return load_config(explicit)
    found = find_config(path)
    return load_config(found) if found is not None else Config()


# --- rule options --------------------------------------------------------------------


def apply_rule_options(
    rules: Iterable[Rule],
    rule_options: Mapping[str, Mapping[str, Any]],
    *,
    source: str | os.PathLike[str] | None = None,
) -> tuple[Rule, ...]:
    """``rules`` with ``rule_options`` laid over each rule's own ``options`` (a key's value
    replaces the rule's). Changed rules are copies: the loaded ones are cached and shared.
    ``source`` names the configuration in error messages."""
    where = _Where(str(source) if source is not None else None, "", None)
    return _apply_options(tuple(rules), rule_options, where)


def _apply_options(
    rules: tuple[Rule, ...], rule_options: Mapping[str, Mapping[str, Any]], where: _Where
) -> tuple[Rule, ...]:
    by_id = {r.id: r for r in rules}
    for rid, options in rule_options.items():
        base = f"rule-options.{_toml_key(rid)}"
        rule = by_id.get(rid)
        if rule is None:
            raise where.fail(base, f"unknown rule {rid!r} {_hint(rid, by_id, _RULES_HINT)}")
        for opt, value in options.items():
            key = f"{base}.{_toml_key(opt)}"
            if opt not in rule.options:
                known = _hint(opt, rule.options) if rule.options else "(the rule takes no options)"
                raise where.fail(key, f"rule {rid!r} has no option {opt!r} {known}")
            _check_option(where, key, opt, rule.options[opt], value)
        # Deep copies: a later change to the config's lists must not reach the rule.
        merged = {**rule.options, **copy.deepcopy(dict(options))}
        by_id[rid] = dataclasses.replace(rule, options=merged)
    return tuple(by_id[r.id] for r in rules)


def _check_option(where: _Where, key: str, opt: str, default: Any, value: Any) -> None:
    """An override must have the kind of value the rule's own option has."""
    want, got = _kind(default), _kind(value)
    if got != want and not (want == "float" and got == "integer"):
        reason = f"expected {_a(want)} like the rule's own value, got {_describe(value)}"
        raise where.fail(key, reason)
    if isinstance(default, list) and default and all(isinstance(x, str) for x in default):
        _strings(where, key, value)
        # Pattern lists are compiled only when the rule runs: fail here, naming the file.
        if opt == "patterns":
            for i, pattern in enumerate(value):
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise where.fail(
                        key, f"item {i} is not a valid regular expression: {exc}"
                    ) from None
                try:  # a repository's configuration is untrusted input
                    check_pattern(pattern)
                except UnsafePattern as exc:
                    raise where.fail(key, f"item {i} is refused: {exc}") from None
                # Rules may join their patterns into one alternation, where a global
                # flag such as (?i) is an error even though the pattern compiles alone.
                try:
                    re.compile(f"(?:{pattern})")
                except re.error as exc:
                    raise where.fail(
                        key, f"item {i} cannot be combined with other patterns: {exc}"
                    ) from None


# --- parsing and validating values ----------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Where values come from, for error messages and relative paths."""

    source: str | None  # a file, "command line", or None (unknown)
    prefix: str  # prepended to key names: "tool.tidy." in pyproject.toml, "--" on the CLI
    base: Path | None  # relative paths resolve against this

    def fail(self, key: str, reason: str) -> ConfigError:
        head = f"{self.source}: " if self.source is not None else ""
        return ConfigError(f"{head}{self.prefix}{key}: {reason}")

    def resolve(self, value: str) -> str:
        path = Path(os.path.expanduser(value))
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        return os.path.normpath(path)


def _kind(value: Any) -> str:
    """The TOML name of a value's type (the user wrote TOML, not Python)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, Mapping):
        return "table"
    return type(value).__name__


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _describe(value: Any) -> str:
    text = repr(value)
    return f"{_kind(value)} {text if len(text) <= 60 else text[:57] + '...'}"


def _hint(name: str, known: Iterable[str], fallback: str | None = None) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"(did you mean {close[0]!r}?)"
    return fallback or f"(known: {', '.join(sorted(known))})"


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _strings(where: _Where, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise where.fail(key, f"expected an array of strings, got {_describe(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            reason = f"expected an array of strings, but item {i} is {_describe(item)}"
            raise where.fail(key, reason)
    return tuple(value)


def _bool(where: _Where, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise where.fail(key, f"expected a boolean, got {_describe(value)}")
    return value


def _mode(where: _Where, key: str, value: Any) -> str:
    if not isinstance(value, str) or value not in MODES:
        raise where.fail(key, f"expected one of {', '.join(MODES)}, got {_describe(value)}")
    return value


def _file(where: _Where, key: str, value: Any) -> str:
    # Not required to exist: a learned boilerplate file may not have been written yet.
    if not isinstance(value, str):
        raise where.fail(key, f"expected a string (a path), got {_describe(value)}")
    return where.resolve(value)


def _dirs(where: _Where, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        reason = f"expected a string or an array of strings, got {_describe(value)}"
        raise where.fail(key, reason)
    out = []
    for item in value:
        resolved = where.resolve(item)
        if not os.path.isdir(resolved):
            raise where.fail(key, f"rules directory {item!r} ({resolved}) does not exist")
        out.append(resolved)
    return tuple(dict.fromkeys(out))


def _per_file_ignores(where: _Where, key: str, value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise where.fail(key, f"expected a table of glob = [rule ids], got {_describe(value)}")
    return {g: _strings(where, f"{key}.{_toml_key(g)}", ids) for g, ids in value.items()}


def _rule_options(where: _Where, key: str, value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise where.fail(key, f"expected a table of rule id = table, got {_describe(value)}")
    out = {}
    for rid, options in value.items():
        if not isinstance(options, Mapping):
            reason = f"expected a table of option overrides, got {_describe(options)}"
            raise where.fail(f"{key}.{_toml_key(rid)}", reason)
        out[rid] = copy.deepcopy(dict(options))
    return out


_PARSERS: dict[str, Callable[[_Where, str, Any], Any]] = {
    "select": _strings,
    "ignore": _strings,
    "extend-select": _strings,
    "unsafe": _bool,
    "exclude": _strings,
    "extend-exclude": _strings,
    "per-file-ignores": _per_file_ignores,
    "rules-dir": _dirs,
    "type": _mode,
    "rule-options": _rule_options,
    "boilerplate": _file,
}
_RULES_HINT = "(`tidy rules` lists them)"


def _validate(where: _Where, rules_dirs: Iterable[str], values: Mapping[str, Any]) -> None:
    """Check rule names and rule options in ``values`` (parsed, by TOML key) against the
    built-in rules plus ``rules_dirs``."""
    dirs = tuple(rules_dirs)
    try:
        rules = load_rules(dirs)
    except RuleError as exc:
        if not dirs:
            raise  # the built-in rules themselves are broken: not a configuration problem
        raise where.fail("rules-dir", str(exc)) from None
    known = {r.id for r in rules} | {r.group for r in rules} | {"ALL"}

    def check(key: str, names: Iterable[str]) -> None:
        for name in names:
            if name not in known:
                hint = _hint(name, known, _RULES_HINT)
                raise where.fail(key, f"unknown rule or group {name!r} {hint}")

    for key in ("select", "ignore", "extend-select"):
        if values.get(key) is not None:
            check(key, values[key])
    for glob, names in values.get("per-file-ignores", {}).items():
        check(f"per-file-ignores.{_toml_key(glob)}", names)
    if values.get("rule-options"):
        _apply_options(rules, values["rule-options"], where)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a TOML basic string, but for DEL, which TOML wants escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }"
    return _toml_value(str(value))
