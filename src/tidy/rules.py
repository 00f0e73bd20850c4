"""Rules as data: one TOML file per rule in ``rules/``, loaded and validated here."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tidy import files
from tidy.untrusted import UnsafePattern, check_pattern, excerpt

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SAFETY = ("safe", "unsafe")
_KEYS = {
    "id",
    "group",
    "summary",
    "description",
    "safety",
    "opt-in",
    "order",
    "pattern",
    "patterns",
    "triggers",
    "replacement",
    "flags",
    "guards",
    "message",
    "code",
    "options",
    "examples",
}
_FLAGS = {"IGNORECASE": re.I, "MULTILINE": re.M, "DOTALL": re.S, "VERBOSE": re.X}
_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    summary: str
    description: str
    safety: str
    opt_in: bool
    order: int
    path: str
    patterns: tuple[re.Pattern[str], ...] = ()
    triggers: tuple[str, ...] = ()  # the rule can only act where one of these occurs
    replacement: str = ""
    guards: tuple[str, ...] = ()
    message: str = ""
    code: str | None = None
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    fix_examples: tuple[tuple[str, str], ...] = ()
    keep_examples: tuple[str, ...] = ()

    @cached_property
    def scope(self) -> str:
        """``document`` for rules that must see the whole text, else ``inline``."""
        from tidy import coderules

        return coderules.SCOPE.get(self.code or "", "inline")

    @property
    def default(self) -> bool:
        """Whether the rule runs with no selection at all."""
        return self.safety == "safe" and not self.opt_in


def builtin_rules_dir() -> Path:
    """``tidy/rules`` inside an installed wheel, else ``rules/`` of the source checkout."""
    packaged = resources.files("tidy") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def _fail(path: Path | str, reason: str) -> RuleError:
    return RuleError(f"{path}: {reason}")


def parse_rule(data: dict[str, Any], path: Path | str, *, trusted: bool = True) -> Rule:
    """A rule from a rule file's parsed TOML. An untrusted rule (a user's, from a rules
    directory) must also have patterns that cannot take exponential time
    (:func:`tidy.untrusted.check_pattern`)."""
    from tidy import coderules, guards  # late: both import this module

    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(path, f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("id", "summary", "safety", "examples"):
        if key not in data:
            raise _fail(path, f"missing required key '{key}'")
    rid = data["id"]
    if not isinstance(rid, str) or not _ID.match(rid):
        raise _fail(path, f"id {excerpt(rid)} must be lower-case words joined by '-'")
    if data["safety"] not in SAFETY:
        raise _fail(
            path, f"safety must be one of {', '.join(SAFETY)}, not {excerpt(data['safety'])}"
        )
    if "pattern" in data and "patterns" in data:
        raise _fail(path, "give 'pattern' or 'patterns', not both")
    sources = [data["pattern"]] if "pattern" in data else data.get("patterns", [])
    if not isinstance(sources, list) or not all(isinstance(p, str) for p in sources):
        raise _fail(path, "'patterns' must be a list of regular expressions")
    has_pattern, has_code = bool(sources), "code" in data
    if has_pattern == has_code:
        raise _fail(path, "give exactly one of 'pattern'/'patterns' (a regex rule) or 'code'")
    patterns: list[re.Pattern[str]] = []
    if has_pattern:
        flags = 0
        for name in data.get("flags", []):
            if name not in _FLAGS:
                raise _fail(path, f"unknown regex flag {excerpt(name)}")
            flags |= _FLAGS[name]
        if "replacement" not in data:
            raise _fail(path, "a pattern rule needs a 'replacement'")
        for src in sources:
            try:
                pattern = re.compile(src, flags)
            except re.error as exc:
                raise _fail(path, f"pattern {excerpt(src, 60)} does not compile: {exc}") from None
            if not trusted:
                try:
                    check_pattern(src, flags)
                except UnsafePattern as exc:
                    raise _fail(path, f"pattern {excerpt(src, 60)} is refused: {exc}") from None
            try:
                _check_groups(pattern, data["replacement"])
            except re.error as exc:
                raise _fail(path, f"replacement is invalid: {exc}") from None
            patterns.append(pattern)
    elif data["code"] not in coderules.REGISTRY:
        raise _fail(path, f"no code rule named {excerpt(data['code'])}")
    triggers = data.get("triggers", [])
    if not isinstance(triggers, list) or not all(isinstance(t, str) and t for t in triggers):
        raise _fail(path, "'triggers' must be a list of non-empty strings")
    for g in data.get("guards", []):
        if g not in guards.GUARDS:
            known = ", ".join(sorted(guards.GUARDS))
            raise _fail(path, f"unknown guard {excerpt(g)} (known: {known})")
    ex = data["examples"]
    if not isinstance(ex, dict) or set(ex) - {"fix", "keep"}:
        raise _fail(path, "[examples] takes 'fix' (pairs of input and output) and 'keep'")
    fixes = ex.get("fix", [])
    keeps = ex.get("keep", [])
    if not fixes or not keeps:
        raise _fail(path, "every rule needs examples it must fix and examples it must keep")
    for pair in fixes:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        ):
            raise _fail(path, f"fix example {excerpt(pair, 60)} must be [input, output]")
    if not all(isinstance(s, str) for s in keeps):
        raise _fail(path, "keep examples must be strings")
    order = data.get("order", 500)
    if not isinstance(order, int) or isinstance(order, bool):
        raise _fail(path, "order must be an integer")
    if not isinstance(data.get("opt-in", False), bool):
        raise _fail(path, "opt-in must be true or false")
    if not isinstance(data.get("group", "misc"), str) or not _ID.match(data.get("group", "misc")):
        raise _fail(path, "group must be lower-case words joined by '-'")
    if not isinstance(data.get("options", {}), dict):
        raise _fail(path, "[options] must be a table")
    for key in ("summary", "description", "message"):
        if key in data and not isinstance(data[key], str):
            raise _fail(path, f"{key} must be a string")
    return Rule(
        id=rid,
        group=str(data.get("group", "misc")),
        summary=data["summary"],
        description=data.get("description", "").strip(),
        safety=data["safety"],
        opt_in=bool(data.get("opt-in", False)),
        order=order,
        path=str(path),
        patterns=tuple(patterns),
        triggers=tuple(triggers),
        replacement=data.get("replacement", ""),
        guards=tuple(data.get("guards", [])),
        message=data.get("message", data["summary"]),
        code=data.get("code"),
        options=dict(data.get("options", {})),
        fix_examples=tuple((a, b) for a, b in fixes),
        keep_examples=tuple(keeps),
    )


def _check_groups(pattern: re.Pattern[str], replacement: str) -> None:
    for m in re.finditer(r"\\g<(\w+)>|\\(\d+)", replacement):
        name, num = m.group(1), m.group(2)
        if name is not None:
            if name.isdigit():
                num = name
            elif name not in pattern.groupindex:
                raise re.error(f"unknown group name {name!r}")
        if num is not None and int(num) > pattern.groups:
            raise re.error(f"invalid group reference {num}")


def load_file(path: Path, *, trusted: bool = True) -> Rule:
    try:
        with files.open_regular(path) as fh:
            data = tomllib.loads(fh.read().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read: {exc}") from None
    except files.FileProblem as exc:
        raise _fail(path, str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"invalid TOML: {exc}") from None
    return parse_rule(data, path, trusted=trusted)


def load_dir(directory: Path, *, trusted: bool = True) -> list[Rule]:
    if not directory.is_dir():
        raise _fail(directory, "rules directory does not exist")
    return [load_file(p, trusted=trusted) for p in sorted(directory.glob("*.toml"))]


def check_examples(rule: Rule) -> None:
    """Run a rule's own examples with it alone, as the test suite runs the built-in ones:
    each ``fix`` input must give its output (and the output stay as it is), each ``keep``
    example must stay as it is. Raises :class:`RuleError` naming the first that fails."""
    from tidy.engine import run  # late: the engine imports this module

    rules = (rule,)
    for before, after in rule.fix_examples:
        got = run(before, rules, "auto").text
        if got != after:
            raise _fail(
                rule.path,
                f"fix example {excerpt(before, 60)} gives {excerpt(got, 60)}, "
                f"not {excerpt(after, 60)}",
            )
        again = run(after, rules, "auto").text
        if again != after:
            raise _fail(
                rule.path,
                f"fix example output {excerpt(after, 60)} is changed again, "
                f"to {excerpt(again, 60)}",
            )
    for keep in rule.keep_examples:
        got = run(keep, rules, "auto").text
        if got != keep:
            raise _fail(
                rule.path, f"keep example {excerpt(keep, 60)} is changed, to {excerpt(got, 60)}"
            )


@lru_cache(maxsize=8)
def load_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """Built-in rules plus those of ``extra_dirs``, in running order. Ids must be unique."""
    found: list[Rule] = load_dir(builtin_rules_dir())  # checked by the test suite
    users: list[Rule] = []
    for d in extra_dirs:
        users.extend(load_dir(Path(d), trusted=False))
    found.extend(users)
    seen: dict[str, str] = {}
    for r in found:
        if r.id in seen:
            raise _fail(r.path, f"rule id {r.id!r} is already defined in {seen[r.id]}")
        seen[r.id] = r.path
    for r in users:  # a user's rule must pass its own examples before it runs on anything
        check_examples(r)
    return tuple(sorted(found, key=lambda r: (r.order, r.id)))


def _matches(rule: Rule, names: Iterable[str]) -> bool:
    return any(n in (rule.id, rule.group, "ALL") for n in names)


def select_rules(
    rules: Sequence[Rule],
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
    unsafe: bool = False,
) -> list[Rule]:
    """The rules to run: the default set (or ``select``), plus ``extend_select``, minus
    ``ignore``. Names are rule ids or group names; unknown names are an error.

    Unsafe rules run only with ``unsafe`` or when named by id; opt-in rules only when named.
    """
    select = list(select) if select is not None else None
    extend = list(extend_select or [])
    ignore = list(ignore or [])
    known = {r.id for r in rules} | {r.group for r in rules} | {"ALL"}
    for name in [*(select or []), *extend, *ignore]:
        if name not in known:
            raise RuleError(f"unknown rule or group {name!r}; `tidy rules` lists them")
    named_ids = {n for n in [*(select or []), *extend] if n in {r.id for r in rules}}
    out = []
    for r in rules:
        if select is None:
            chosen = r.default or (unsafe and r.safety == "unsafe" and not r.opt_in)
        else:
            chosen = _matches(r, select) and _eligible(r, named_ids, unsafe)
        if not chosen and _matches(r, extend):
            chosen = _eligible(r, named_ids, unsafe)
        if chosen and _matches(r, ignore):
            chosen = False
        if chosen:
            out.append(r)
    return out


def _eligible(rule: Rule, named_ids: set[str], unsafe: bool) -> bool:
    if rule.id in named_ids:
        return True
    if rule.opt_in:
        return False
    return rule.safety == "safe" or unsafe
