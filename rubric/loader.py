"""Load framework YAML files into :class:`rubric.models.Framework`.

Every way a file can be wrong (missing, not YAML, not the right shape, inconsistent) ends
in one :class:`FrameworkError` whose message names the file, the path of the bad field in
the form ``areas[2].levels.3`` and what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rubric.builtin import DEFAULT_FRAMEWORK_ID
from rubric.models import Framework

BUILTIN_PACKAGE = "rubric.frameworks"


class FrameworkError(Exception):
    """A framework file could not be loaded. ``str()`` is one readable line per problem."""

    def __init__(self, source: str, problems: Sequence[str]):
        self.source = source
        self.problems = tuple(problems)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        first = f"{self.source}: {self.problems[0]}"
        more = len(self.problems) - 1
        if more:
            first += f" (and {more} more problem{'s' if more > 1 else ''})"
        return first


# yaml.safe_load's loader, built in C where libyaml is installed (5 ms for the built-in
# framework, where the Python one takes 30 ms at every start).
SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_framework(path: str | Path) -> Framework:
    """Read and validate one framework file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(str(path), ["no such file"]) from None
    except IsADirectoryError:
        raise FrameworkError(str(path), ["is a folder, not a framework file"]) from None
    except UnicodeDecodeError as exc:
        raise FrameworkError(str(path), [f"is not UTF-8 text ({exc.reason})"]) from None
    except OSError as exc:
        raise FrameworkError(str(path), [exc.strerror or "cannot be read"]) from None
    return parse_framework(text, source=str(path))


def parse_framework(text: str, source: str = "<framework>") -> Framework:
    """Validate framework YAML given as text; `source` names it in error messages."""
    try:
        data = yaml.load(text, Loader=SAFE)  # noqa: S506 - SAFE is yaml's safe loader
    except yaml.YAMLError as exc:
        raise FrameworkError(source, [_yaml_problem(exc)]) from None
    if not isinstance(data, dict):
        kind = "nothing" if data is None else f"a {type(data).__name__}"
        raise FrameworkError(source, [f"should hold a mapping (key: value) at the top, not {kind}"])
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(source, [_pydantic_problem(e, data) for e in exc.errors()]) from None


@cache
def load_builtin(framework_id: str = DEFAULT_FRAMEWORK_ID) -> Framework:
    """A framework shipped with the package, by id (its file name without ``.yaml``)."""
    available = builtin_ids()
    if framework_id not in available:
        raise FrameworkError(
            framework_id, [f"no such built-in framework; there are: {', '.join(available)}"]
        )
    resource = resources.files(BUILTIN_PACKAGE) / f"{framework_id}.yaml"
    framework = parse_framework(resource.read_text(encoding="utf-8"), source=resource.name)
    if framework.id != framework_id:
        raise FrameworkError(resource.name, [f"id: should be {framework_id!r} like the file name"])
    return framework


def builtin_ids() -> tuple[str, ...]:
    files = resources.files(BUILTIN_PACKAGE).iterdir()
    return tuple(sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml")))


# -- turning library errors into one readable line ----------------------------------------


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return f"is not valid YAML: {problem}"
    return f"line {mark.line + 1}, column {mark.column + 1}: is not valid YAML: {problem}"


def format_path(loc: Sequence[int | str], data: Any) -> str:
    """``('areas', 2, 'levels', 3)`` -> ``areas[2].levels.3``.

    List positions get brackets and mapping keys get dots, judged by walking the raw data,
    because pydantic writes both as plain items.
    """
    out = ""
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if 0 <= part < len(node) else None
            continue
        out += f".{part}" if out else str(part)
        node = node.get(part, node.get(str(part))) if isinstance(node, dict) else None
    return out


_MESSAGES = {
    "missing": "is required but missing",
    "extra_forbidden": "is not a field this file may have (check the spelling)",
    "too_short": "should not be empty",
}


def _pydantic_problem(error: Any, data: Any) -> str:
    loc = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    message = _MESSAGES.get(error["type"], error["msg"])
    if error["type"] == "value_error" and not loc:
        # Model-level consistency checks put the path at the start of their message.
        return message.removeprefix("Value error, ")
    if error["type"] == "string_pattern_mismatch":
        message = "should be lower-case letters, digits, '-' or '_'"
    path = format_path(loc, data) if loc else "(top level)"
    return f"{path}: {message}"
