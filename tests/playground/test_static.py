"""The page's half of the contract: playground/static/blocks.js and blocks.css ship with the
package, and the script is plain JavaScript exposing BlockKit, with no inline handlers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "playground" / "static"


def test_the_script_exposes_blockkit():
    script = (STATIC / "blocks.js").read_text(encoding="utf-8")
    exposed = "global.BlockKit = Object.freeze({ bind, state, showErrors, clearErrors, ask })"
    assert exposed in script
    assert not re.search(r"\.innerHTML|\bon[a-z]+\s*=|eval\(|new Function", script)


def test_the_stylesheet_styles_the_contract():
    css = (STATIC / "blocks.css").read_text(encoding="utf-8")
    for name in (".bk-input", ".bk-error", ".bk-modal", ".bk-primary", ".bk-danger", ".bk-chip"):
        assert name in css


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse the script")
def test_the_script_parses():
    node = shutil.which("node")
    subprocess.run([node, "--check", str(STATIC / "blocks.js")], check=True)  # noqa: S603
