"""Delivering an export: the diagnostic workbook and CSV, or the report for governors (PDF),
built from the data as it is now and sent to the person by DM. A part of
:class:`bot.outbox.delivery.Delivery`, which it is mixed into."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from bot.blocks import notices
from bot.blocks.kit import escape
from bot.outbox.people import PeopleDeliveries
from core import exports
from reports import (
    SchoolReport,
    as_of,
    file_stem,
    named,
    reports_of,
    write_csv,
    write_pdf,
    write_xlsx,
)
from rubric.models import Framework
from storage.outbox import Effect

Result = dict[str, Any] | None


class ExportDeliveries(PeopleDeliveries):
    framework: Framework
    _tell: Callable[[str, dict[str, Any]], None]  # Delivery's: a DM, once

    def _export(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            allowed = exports.still_allowed(db, p["user"], p["schools"])
            found = reports_of(db, self.framework, allowed)
        if not allowed:
            self._tell(p["user"], notices.no_longer_allowed(p.get("format", "xlsx")))
            return {"skipped": "no longer allowed"}
        pdf = p.get("format") == "pdf"
        if not found or (pdf and not as_of(found, p.get("cycle"))):
            self._tell(p["user"], notices.nothing_to_export())
            return {"skipped": "no review yet"}
        if self._learn_names_now(user for r in found for user in r.people):
            with self.store.connect() as db:
                found = [named(db, r) for r in found]
        if pdf:
            comment, files = self._report(found, p.get("cycle"))
        else:
            names = ", ".join(r.school.name for r in found)
            comment = (
                f"The completed diagnostic of {escape(names)}: the workbook (Input, Output, a "
                "sheet per area and the shape) and a CSV of every judgement."
            )
            files = self._diagnostic_files(found, names)
        channel = self.client.conversations_open(users=p["user"])["channel"]["id"]
        self.client.files_upload_v2(channel=channel, initial_comment=comment, file_uploads=files)
        return None

    def _report(
        self, found: list[SchoolReport], cycle: int | None
    ) -> tuple[str, list[dict[str, Any]]]:
        """The report for governors of each school as of `cycle` (by default its latest
        judged), and the words sent with it (naming another cycle with judgements, if any)."""
        shown = as_of(found, cycle)
        first = shown[0]
        everything = next(r for r in found if r.school.id == first.school.id)
        numbers = [c.cycle.number for c in everything.cycles if c.diagnostic.judged_count]
        others = [n for n in numbers if n != first.current.cycle.number]
        comment = notices.report_sent(
            [(r.school.name, r.current.cycle.number) for r in shown],
            others[-1] if others else None,
        )
        return comment, self._report_files(shown)

    def _diagnostic_files(self, found: list[SchoolReport], names: str) -> list[dict[str, Any]]:
        workbook, table = io.BytesIO(), io.StringIO()
        write_xlsx(found, self.framework, workbook)
        write_csv(found, self.framework, table)
        stem = file_stem(found)
        return [
            {
                "file": workbook.getvalue(),
                "filename": f"{stem}.xlsx",
                "title": f"Peer review diagnostic: {names}",
            },
            {
                "file": table.getvalue().encode("utf-8"),
                "filename": f"{stem}.csv",
                "title": f"Judgements: {names}",
            },
        ]

    def _report_files(self, shown: list[SchoolReport]) -> list[dict[str, Any]]:
        document = io.BytesIO()
        write_pdf(shown, self.framework, document)
        names = ", ".join(r.school.name for r in shown)
        if len(shown) == 1:
            names += f", cycle {shown[0].current.cycle.number}"
        return [
            {
                "file": document.getvalue(),
                "filename": f"{file_stem(shown)}.pdf",
                "title": f"Peer review report for governors: {names}",
            }
        ]
