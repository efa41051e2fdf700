"""What the benchmarks send and the data they send it about: Slack's signed requests of each
kind (a slash command, a judgement modal submitted, app_home_opened, a Home tab button, the
setup form's partner picker asking for options) and the schools seeded into the database
before the bot starts (bench/bench_load.py, bench/bench_memory.py; bench/bench_scale.py
seeds its own, bench/scale_data.py)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import storage
from bot import ids
from bot.blocks.judgement import build_judgement_modal
from storage.store import Store

# -- data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    index: int
    user: str
    cycle: int
    trio: str


def seed(path: Path, framework, prefix: str, judged: list[int]) -> list[Target]:
    """One school per entry, each with its own member, trio channel and open cycle, whose
    first judged[i] areas are judged. In one transaction, before the bot starts."""
    store, found = Store(path), []
    with store.connect() as db, storage.transaction(db):
        for i, count in enumerate(judged):
            user, trio = f"U{prefix}{i:06d}", f"C{prefix}{i:06d}"
            school = storage.create_school(db, f"Bench {prefix} school {i}", user, team_id="T1")
            cycle = storage.start_cycle(db, school.id, framework, user)
            target = Target(i, user, cycle.id, trio)
            for area_id in framework.area_ids[:count]:
                storage.record_judgement(
                    db, cycle.id, area_id, 3, evidence=evidence(target, area_id),
                    recorded_by=user, framework=framework,
                )  # fmt: skip
            storage.set_trio(db, trio, [school.id], user, name=f"Trio {prefix}{i}")
            found.append(target)
    return found


# -- Slack's requests ---------------------------------------------------------------------

FORM, JSON = "application/x-www-form-urlencoded", "application/json"
_n = iter(range(1, 10**9))


def command(user: str, text: str, base: str) -> tuple[bytes, str]:
    n = next(_n)
    fields = {
        "token": "t", "team_id": "T1", "team_domain": "bench", "channel_id": "CGENERAL",
        "channel_name": "general", "user_id": user, "user_name": user.lower(),
        "command": ids.COMMAND, "text": text, "api_app_id": "A1", "is_enterprise_install": "false",
        "response_url": f"{base}/respond/cmd{n}", "trigger_id": f"{n}.1.bench",
    }  # fmt: skip
    return urlencode(fields).encode(), FORM


def home(user: str) -> tuple[bytes, str]:
    n = next(_n)
    body = {
        "token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
        "event_id": f"EvBENCH{n:08d}", "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {"type": "app_home_opened", "user": user, "channel": "D" + user[1:],
                  "tab": "home", "event_ts": f"{int(time.time())}.{n:06d}"},
    }  # fmt: skip
    return json.dumps(body).encode(), JSON


def home_button(user: str, action_id: str) -> tuple[bytes, str]:
    """A button of the Home tab clicked (``ids.ACTION_EXPORT``: "Export the diagnostic")."""
    n = next(_n)
    body = {
        "type": "block_actions", "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1",
        "team": {"id": "T1", "domain": "bench"}, "token": "t", "trigger_id": f"{n}.3.bench",
        "container": {"type": "view", "view_id": "VHOME"}, "is_enterprise_install": False,
        "view": {"id": "VHOME", "type": "home", "blocks": []},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "home",
                     "action_ts": f"{int(time.time())}.{n:06d}"}],
    }  # fmt: skip
    return urlencode({"payload": json.dumps(body)}).encode(), FORM


def options(user: str, typed: str) -> tuple[bytes, str]:
    """The setup form's partner picker asking for the schools whose name contains `typed`."""
    n = next(_n)
    view = {
        "id": f"VS{n:08d}", "team_id": "T1", "type": "modal", "callback_id": ids.VIEW_SETUP,
        "private_metadata": "{}", "hash": f"{n}.s", "state": {"values": {}},
    }  # fmt: skip
    body = {
        "type": "block_suggestion", "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "team": {"id": "T1", "domain": "bench"}, "api_app_id": "A1", "token": "t",
        "container": {"type": "view", "view_id": view["id"]}, "action_id": ids.ACTION_PARTNERS,
        "block_id": ids.BLOCK_PARTNERS, "value": typed, "action_ts": f"{int(time.time())}.{n}",
        "view": view,
    }  # fmt: skip
    return urlencode({"payload": json.dumps(body)}).encode(), FORM


_modals: dict[str, dict] = {}


def judgement(framework, target: Target, area_id: str, message=None) -> tuple[bytes, str]:
    """The judgement modal submitted, with the modal's real blocks."""
    n, level = next(_n), 1 + (target.index + len(area_id)) % 4
    if area_id not in _modals:
        meta = {"c": 1, "a": area_id, "ch": None, "ts": None}
        area = framework.area(area_id)
        _modals[area_id] = build_judgement_modal(framework, area, level=3, metadata=meta)
    modal = _modals[area_id]
    ch, ts = message or (None, None)
    values = {
        ids.BLOCK_LEVEL: {ids.ACTION_LEVEL_SELECT: {
            "type": "static_select", "selected_option": {"value": str(level)}}},
        ids.BLOCK_EVIDENCE: {ids.ACTION_EVIDENCE: {
            "type": "plain_text_input", "value": evidence(target, area_id)}},
        ids.BLOCK_KEY_ACTIONS: {ids.ACTION_KEY_ACTIONS: {
            "type": "plain_text_input", "value": "Share the CPD offer with all partners."}},
        ids.BLOCK_LINKS: {ids.ACTION_LINKS: {"type": "plain_text_input", "value": None}},
        f"{ids.BLOCK_SOURCES}_0": {ids.ACTION_SOURCES: {
            "type": "checkboxes", "selected_options": [{"value": "0"}, {"value": "1"}]}},
    }  # fmt: skip
    view = {
        **modal, "id": f"VB{n:08d}", "team_id": "T1", "app_id": "A1", "bot_id": "BBOT",
        "hash": f"{n}.h", "state": {"values": values},
        "private_metadata": json.dumps({"c": target.cycle, "a": area_id, "ch": ch, "ts": ts}),
    }  # fmt: skip
    body = {
        "type": "view_submission", "team": {"id": "T1", "domain": "bench"},
        "user": {"id": target.user, "username": target.user.lower(), "team_id": "T1"},
        "api_app_id": "A1", "token": "t", "trigger_id": f"{n}.2.bench", "view": view,
        "response_urls": [], "is_enterprise_install": False,
    }  # fmt: skip
    return urlencode({"payload": json.dumps(body)}).encode(), FORM


def evidence(target: Target, area_id: str) -> str:
    return f"{target.user} {area_id}: governors' committee meets termly; vision shared."
