"""rubric/ and storage/ are plain Python: they never import Slack or the bot package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("slack_bolt", "slack_sdk", "bot")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "rubric").rglob("*.py")) + sorted((ROOT / "storage").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_domain_code_does_not_import_slack(path):
    bad = {m for m in imported_modules(path) if m.split(".")[0] in FORBIDDEN}
    assert bad == set()


def test_the_check_would_see_a_slack_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from slack_sdk import WebClient\nimport bot.app\n")
    assert imported_modules(sample) == {"slack_sdk", "bot.app"}
