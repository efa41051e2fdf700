"""``peer-review demo`` as a person runs it: no Slack variables, the address printed, Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path


def test_the_demo_serves_the_page_without_slack_and_stops_on_ctrl_c(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PEER_REVIEW_"))}
    cli = Path(sys.executable).parent / "peer-review"
    demo = subprocess.Popen(  # noqa: S603 - our own command
        [str(cli), "demo", "--port", "0", "--db", str(tmp_path / "d.db"), "--empty"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [demo.stdout.readline() for _ in range(2)]
        url = re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines))
        assert url, lines
        with urllib.request.urlopen(url.group(0), timeout=10) as page:
            assert b"peer-review playground" in page.read()
        demo.send_signal(signal.SIGINT)
        out, _ = demo.communicate(timeout=15)
    finally:
        demo.kill()
    assert demo.returncode == 0
    assert "Stopped. The demo is kept in" in out
    assert (tmp_path / "d.slack.json").exists()
