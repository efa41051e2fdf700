"""The three parts and their direction: Face (bot) → Core (core) → Data (rubric, storage).

Data never imports the core or the Face; the core never imports Slack, the Face or the
reports built on it; nothing below the Face imports Slack. The playground (a local Slack for
``peer-review demo``) stands outside them all, where Slack stands: none of them imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLACK = {"slack_bolt", "slack_sdk"}

# package -> the top-level packages it may never import
FORBIDDEN: dict[str, set[str]] = {
    "rubric": SLACK | {"bot", "core", "reports", "storage", "playground"},
    "storage": SLACK | {"bot", "core", "reports", "playground"},
    "core": SLACK | {"bot", "reports", "playground"},
    "reports": SLACK | {"bot", "playground"},
    "bot": {"playground"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules() -> list:
    found = []
    for package in FORBIDDEN:
        for path in sorted((ROOT / package).rglob("*.py")):
            found.append(pytest.param(package, path, id=str(path.relative_to(ROOT))))
    return found


# The command line composes every part: it alone may start the playground (`demo`).
ALLOWED = {"bot/cli.py": {"playground"}}


@pytest.mark.parametrize(("package", "path"), modules())
def test_each_part_imports_only_the_parts_below_it(package, path):
    allowed = ALLOWED.get(str(path.relative_to(ROOT)), set())
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN[package] - allowed}
    assert bad == set()


def test_every_package_is_checked():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench", "docs"}
    assert packages == set(FORBIDDEN) | {"playground"}


def test_the_check_would_see_a_slack_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from slack_sdk import WebClient\nimport bot.app\nimport core.policy\n")
    assert imported_modules(sample) == {"slack_sdk", "bot.app", "core.policy"}
