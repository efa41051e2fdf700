"""Migrations for many schools: what lets a query read only the rows it is about.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m012_cycle_progress(db: Database) -> None:
    """``cycles.progress_at``: when the cycle last moved (its start, or its latest judgement),
    kept by triggers; and an index of the cycles in progress by it and by their last
    reminder, so the hourly reminder sweep reads the stalled cycles, not every cycle of
    every school (bench/bench_scale.py, 20,000 schools: finding who is due took 105 ms before,
    4 ms after, most of it asking whom to remind of each of the 71 due)."""
    db["cycles"].add_column("progress_at", str)
    run_script(
        db,
        """
        UPDATE cycles SET progress_at = MAX(started_at, COALESCE(
            (SELECT MAX(recorded_at) FROM judgements j WHERE j.cycle_id = cycles.id), ''));
        CREATE TRIGGER cycles_progress_started AFTER INSERT ON cycles
            WHEN NEW.progress_at IS NULL
            BEGIN UPDATE cycles SET progress_at = NEW.started_at WHERE id = NEW.id; END;
        CREATE TRIGGER cycles_progress_judged AFTER INSERT ON judgements
            BEGIN UPDATE cycles SET progress_at = NEW.recorded_at
                WHERE id = NEW.cycle_id AND progress_at < NEW.recorded_at; END;
        CREATE TRIGGER cycles_progress_judged_again AFTER UPDATE OF recorded_at ON judgements
            BEGIN UPDATE cycles SET progress_at = NEW.recorded_at
                WHERE id = NEW.cycle_id AND progress_at < NEW.recorded_at; END;
        CREATE INDEX cycles_stalled ON cycles(progress_at, last_reminded_at)
            WHERE status = 'in_progress';
        """,
    )
