"""Migrations for alliances: the partnerships that run peer review across many schools.

Part of the one ordered list in :mod:`storage.migrations`; kept here so that file stays
readable.
"""

from __future__ import annotations

from sqlite_utils import Database

from storage.db import run_script


def m018_alliances(db: Database) -> None:
    """Alliances and what they run.

    - ``alliances`` (a name, who made it) and their ``alliance_leads`` (one or more people).
    - ``alliance_schools``: a school is in at most one alliance (its id is the key), and
      chooses whether its alliance's leads may read its evidence (off unless it says so).
    - ``alliance_invitations``: a lead asks a school; it joins when one of its members
      accepts, as with trios.
    - ``rounds``: a lead opens a review round with three due dates (UK dates, YYYY-MM-DD);
      at most one round of an alliance is open. ``round_cycles`` says which cycle each
      school reviews in it, and ``round_reminders`` when each person was last reminded
      about it (at most one a week).
    - ``external_challengers``: a person from no school (a school improvement partner, a
      consultant) asked to challenge one school's review.
    - ``outcome_agreements``: the outcomes a school proposes after challenge, and the
      partner who agreed them or returned them with a note.
    """
    run_script(
        db,
        """
        CREATE TABLE alliances (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE alliance_leads (
            alliance_id INTEGER NOT NULL REFERENCES alliances(id),
            user_id TEXT NOT NULL,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (alliance_id, user_id)
        );
        CREATE INDEX alliance_leads_by_person ON alliance_leads(user_id);
        CREATE TABLE alliance_schools (
            school_id INTEGER PRIMARY KEY REFERENCES schools(id),
            alliance_id INTEGER NOT NULL REFERENCES alliances(id),
            shares_evidence INTEGER NOT NULL DEFAULT 0,
            accepted_by TEXT NOT NULL,
            joined_at TEXT NOT NULL
        );
        CREATE INDEX alliance_schools_by_alliance ON alliance_schools(alliance_id);
        CREATE TABLE alliance_invitations (
            id INTEGER PRIMARY KEY,
            alliance_id INTEGER NOT NULL REFERENCES alliances(id),
            school_id INTEGER NOT NULL REFERENCES schools(id),
            invited_by TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'waiting'
                CHECK (state IN ('waiting', 'accepted', 'declined', 'withdrawn')),
            created_at TEXT NOT NULL,
            answered_by TEXT,
            answered_at TEXT
        );
        CREATE UNIQUE INDEX alliance_invitations_waiting
            ON alliance_invitations(alliance_id, school_id) WHERE state = 'waiting';
        CREATE INDEX alliance_invitations_by_school ON alliance_invitations(school_id);
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            alliance_id INTEGER NOT NULL REFERENCES alliances(id),
            number INTEGER NOT NULL CHECK (number >= 1),
            self_due TEXT NOT NULL,
            challenge_due TEXT NOT NULL,
            outcomes_due TEXT NOT NULL,
            opened_by TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            closed_at TEXT,
            UNIQUE (alliance_id, number),
            CHECK (self_due <= challenge_due AND challenge_due <= outcomes_due)
        );
        CREATE UNIQUE INDEX one_open_round_per_alliance
            ON rounds(alliance_id) WHERE closed_at IS NULL;
        CREATE TABLE round_cycles (
            cycle_id INTEGER PRIMARY KEY REFERENCES cycles(id),
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            school_id INTEGER NOT NULL REFERENCES schools(id)
        );
        CREATE INDEX round_cycles_by_round ON round_cycles(round_id, school_id);
        CREATE TABLE round_reminders (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            user_id TEXT NOT NULL,
            reminded_at TEXT NOT NULL,
            PRIMARY KEY (round_id, user_id)
        );
        CREATE TABLE external_challengers (
            school_id INTEGER NOT NULL REFERENCES schools(id),
            user_id TEXT NOT NULL,
            invited_by TEXT NOT NULL,
            invited_at TEXT NOT NULL,
            PRIMARY KEY (school_id, user_id)
        );
        CREATE INDEX external_challengers_by_person ON external_challengers(user_id);
        CREATE TABLE outcome_agreements (
            cycle_id INTEGER PRIMARY KEY REFERENCES cycles(id),
            state TEXT NOT NULL CHECK (state IN ('proposed', 'agreed', 'returned')),
            proposed_by TEXT NOT NULL,
            proposed_at TEXT NOT NULL,
            answered_by TEXT,
            answered_school_id INTEGER REFERENCES schools(id),
            answered_at TEXT,
            note TEXT NOT NULL DEFAULT ''
        );
        """,
    )
