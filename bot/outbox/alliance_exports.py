"""Delivering the alliance's export: the round's workbook and CSV, built from the data as
it is now, as the lead may see it, and sent to the lead by DM. A part of
:class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from bot.blocks import alliance_export as words
from bot.outbox.people import PeopleDeliveries
from core.alliance_exports import still_leads
from core.clock import uk_today
from reports.alliance import alliance_file_stem, write_alliance_csv, write_alliance_xlsx
from reports.alliance_model import AllianceReport, alliance_report, named
from rubric.models import Framework
from storage.outbox import Effect

Result = dict[str, Any] | None


class AllianceExportDeliveries(PeopleDeliveries):
    framework: Framework
    _tell: Callable[[str, dict[str, Any]], None]  # Delivery's: a DM, once

    def _alliance_export(self, effect: Effect, p: dict[str, Any]) -> Result:
        today = uk_today()
        with self.store.connect() as db:
            alliance = still_leads(db, p["user"], p["alliance"])
            found = (
                alliance_report(db, self.framework, alliance.id, viewer=p["user"], today=today)
                if alliance
                else None
            )
        if found is None:
            self._tell(p["user"], words.no_longer_lead())
            return {"skipped": "no longer a lead"}
        if self._learn_names_now(found.people):
            with self.store.connect() as db:
                found = named(db, found)
        format = p.get("format", "both")
        shared = sum(school.evidence for school in found.schools)
        comment = words.sent(
            found.alliance.name, found.round_text, len(found.schools), shared, format
        )
        channel = self.client.conversations_open(users=p["user"])["channel"]["id"]
        self.client.files_upload_v2(
            channel=channel,
            initial_comment=comment,
            file_uploads=self._alliance_files(found, format),
        )
        return None

    def _alliance_files(self, found: AllianceReport, format: str) -> list[dict[str, Any]]:
        stem = alliance_file_stem(found, found.today)
        title = f"{found.alliance.name}, {found.round_text}"
        files = []
        if format in ("both", "xlsx"):
            workbook = io.BytesIO()
            write_alliance_xlsx(found, self.framework, workbook)
            files.append({"file": workbook.getvalue(), "filename": f"{stem}.xlsx", "title": title})
        if format in ("both", "csv"):
            table = io.StringIO()
            write_alliance_csv(found, self.framework, table)
            files.append(
                {
                    "file": table.getvalue().encode("utf-8"),
                    "filename": f"{stem}.csv",
                    "title": f"{title}: overview",
                }
            )
        return files
