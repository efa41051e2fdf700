"""``/peer-review export [trio]``: the diagnostic workbook and CSV, sent to the requester."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

import storage
from bot import blocks, walk
from bot.handlers.modals import Click
from rubric.models import Framework
from storage.export import school_report, write_csv, write_xlsx
from storage.store import Store

log = logging.getLogger("peer-review")

Reply = Callable[..., Any]  # the first call acks the command, later ones respond


def export(
    reply: Reply,
    client: WebClient,
    user_id: str,
    what: str,
    *,
    store: Store,
    framework: Framework,
) -> None:
    """Build the files (after the ack) and upload them to the requester's DM."""
    with store.connect() as db:
        try:
            school = walk.school_of(db, user_id)
        except walk.Refusal as refusal:
            reply(**blocks.build_notice(str(refusal)))
            return
        schools = [school]
        if what.strip().lower() in ("trio", "alliance", "all"):
            schools += storage.partners_of(db, school.id)
        reply(
            **blocks.build_notice(
                f"Preparing the diagnostic of {blocks.escape(', '.join(s.name for s in schools))}; "
                "I'll send the workbook to our DM."
            )
        )
        reports = []
        for each in schools:
            try:
                reports.append(school_report(db, framework, each.id))
            except storage.NotFoundError:
                continue  # a partner with no review yet is left out
        if not reports:
            reply(
                **blocks.build_notice(
                    f"{blocks.escape(school.name)} has no review yet, so there is nothing "
                    "to export."
                )
            )
            return
    workbook, table = io.BytesIO(), io.StringIO()
    write_xlsx(reports, framework, workbook)
    write_csv(reports, framework, table)
    stem = (
        "peer-review-"
        + ("trio" if len(reports) > 1 else f"school-{school.id}")
        + datetime.now(UTC).strftime("-%Y-%m-%d")
    )
    names = ", ".join(r.school.name for r in reports)
    try:
        channel = client.conversations_open(users=user_id)["channel"]["id"]
        client.files_upload_v2(
            channel=channel,
            initial_comment=f"The completed diagnostic of {names}: the workbook (Input, Output, "
            "a sheet per area and the shape) and a CSV of every judgement.",
            file_uploads=[
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
            ],
        )
    except SlackApiError as error:
        code = error.response.get("error", "unknown_error")
        log.warning("export not uploaded: %s", code)
        reply(
            **blocks.build_notice(
                f"Slack refused the upload ({code}). Nothing is lost: try `/peer-review export` "
                "again, or ask your admin for `peer-review export` on the server."
            )
        )


def export_from_home(click: Click, *, store: Store, framework: Framework) -> None:
    """The Home tab's "Export the diagnostic": the school's workbook, by DM."""

    def to_dm(**message: Any) -> None:
        click.client.chat_postMessage(channel=click.user_id, **message)

    export(to_dm, click.client, click.user_id, "", store=store, framework=framework)
