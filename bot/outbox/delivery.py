"""Delivering one effect: render it from the data as it is now, make the Slack call.

Messages the bot posts carry metadata naming their effect. When a post is tried again (it
was cut off by a crash or restart, or its answer was lost to a timeout), delivery first
looks for that message in the channel (or thread) and, if Slack already has it, adopts it
instead of posting it again. Updates, reactions, joins and Home tabs are safe to repeat.
Three effects cannot be checked this way and may, after a crash or a timeout in the middle
of the call, arrive twice: a chart upload, an export's files and a private (response_url)
reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import chart
from bot.blocks import alliance_export, notices
from bot.blocks.alliance_view import lead_section
from bot.blocks.area import build_area_message
from bot.blocks.challenge import challenge_post
from bot.blocks.home import build_home
from bot.blocks.summary import build_summary, summary_line
from bot.outbox.agreement_delivery import AgreementDeliveries
from bot.outbox.alliance_delivery import AllianceDeliveries
from bot.outbox.alliance_exports import AllianceExportDeliveries
from bot.outbox.exports import ExportDeliveries
from bot.outbox.external_delivery import ExternalDeliveries
from bot.outbox.failures import Failure, classify
from bot.outbox.round_delivery import RoundDeliveries
from bot.outbox.talk_delivery import TalkDeliveries
from bot.outbox.trio_delivery import TrioDeliveries
from core import alliance_effects, effects, publishing, review
from core.clock import uk_date
from rubric.models import Framework
from storage.outbox import Effect
from storage.store import Store

log = logging.getLogger("peer-review.outbox")

METADATA_TYPE = "peer_review_effect"
GONE = frozenset({"message_not_found", "cant_update_message"})
CHART_GONE = frozenset({"file_not_found", "file_deleted"})
TRUSTED_HOOK_HOSTS = frozenset({"hooks.slack.com", "hooks.slack-gov.com"})

Result = dict[str, Any] | None


class Delivery(
    TrioDeliveries,
    TalkDeliveries,
    ExportDeliveries,
    AgreementDeliveries,
    AllianceDeliveries,
    AllianceExportDeliveries,
    RoundDeliveries,
    ExternalDeliveries,
):
    """Turns an outbox effect into Slack calls. One instance serves every worker thread."""

    def __init__(
        self,
        client: WebClient,
        store: Store,
        framework: Framework,
        *,
        wake: Callable[[], None] = lambda: None,
    ):
        self.client = client
        self.store = store
        self.framework = framework
        self.wake = wake
        api_host = urlparse(client.base_url).hostname or ""
        self.trusted_hosts = TRUSTED_HOOK_HOSTS | {api_host}

    def __call__(self, effect: Effect) -> Result:
        deliver: Callable[[Effect, dict[str, Any]], Result] = getattr(self, f"_{effect.kind}")
        return deliver(effect, effect.payload)

    # -- the walk and the summary -------------------------------------------------------

    def _present_area(self, effect: Effect, p: dict[str, Any]) -> Result:
        """Post the area; the copy it replaces is then shown as moved, without buttons."""
        with self.store.connect() as db:
            view = review.area_view(db, self.framework, p["cycle"], p["area"])
        posted = self._post(effect, p["to"], build_area_message(self.framework, view))
        with self.store.connect() as db:
            sent_to = p["to"] if posted["channel"] != p["to"] else None  # a DM: whose
            publishing.area_posted(
                db, p["cycle"], p["area"], posted["channel"], posted["ts"], sent_to
            )
        self.wake()
        return posted

    def _refresh_area(self, effect: Effect, p: dict[str, Any]) -> Result:
        message = (p["channel"], p["ts"])
        with self.store.connect() as db:
            view = review.area_view(db, self.framework, p["cycle"], p["area"], message)
        try:
            self.client.chat_update(
                channel=p["channel"], ts=p["ts"], **build_area_message(self.framework, view)
            )
        except SlackApiError as error:
            if view.moved_to is None or error.response.get("error") not in GONE:
                raise
            return {"skipped": "the old copy is gone"}  # someone deleted it: nothing to tidy
        return None

    def _summary(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            target = publishing.summary_target(db, self.framework, p["cycle"])
        school = target.standing.school
        notify = p.get("notify")
        if target.channel is None:
            if notify:
                self._tell(notify, notices.no_trio_channel(self.framework, school))
            return {"skipped": "no trio channel"}
        content = build_summary(self.framework, target.standing)
        ts = target.ts
        if ts:
            try:
                self.client.chat_update(channel=target.channel, ts=ts, **content)
            except SlackApiError as error:
                if error.response.get("error") not in GONE:
                    raise
                ts = None  # someone deleted the summary: post it again
        if not ts:
            ts = self._post(effect, target.channel, content)["ts"]
            with self.store.connect() as db:
                publishing.summary_posted(db, p["cycle"], target.channel, ts)
        if notify:
            message = notices.summary_posted(
                self.framework, school, target.channel, first=target.ts is None
            )
            self._tell(notify, message)
        return {"channel": target.channel, "ts": ts}

    def _chart(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            target = publishing.chart_target(db, self.framework, p["cycle"])
        if target is None:
            return {"skipped": "no summary"}
        school, cycle = target.standing.school, target.standing.cycle
        title = f"{school.name} · cycle {cycle.number}"
        series = [
            (f"Cycle {c.number} · {uk_date(c.completed_at or c.started_at)}", scores)
            for c, scores in target.series
        ]
        with self.store.connect() as db:
            file_id = publishing.chart_of_effect(db, effect.id)  # uploaded before a retry
        if file_id is None:
            uploaded = self.client.files_upload_v2(
                channel=target.channel,
                thread_ts=target.ts,
                file=chart.radar_png(self.framework, series, title),
                filename=f"peer-review-{school.id}-cycle-{cycle.number}.png",
                title=f"Shape: {title}",
                alt_txt="Radar chart of the five area levels: "
                + summary_line(self.framework, target.standing),
            )
            file_id = uploaded["files"][0]["id"]
        with self.store.connect() as db:
            replaced = publishing.chart_posted(db, cycle.id, file_id, effect.id)
        for old in replaced:  # one current chart in the thread
            self._delete_chart(old)
        return {"file": file_id}

    def _delete_chart(self, file_id: str) -> None:
        """Delete a chart the bot uploaded earlier; if Slack says no, it is tried again
        after the next chart (a person may have deleted it already: that is fine)."""
        try:
            self.client.files_delete(file=file_id)
        except SlackApiError as error:
            code = error.response.get("error")
            if code not in CHART_GONE:
                log.warning("could not delete the replaced chart %s: %s", file_id, code)
                return
        with self.store.connect() as db:
            publishing.chart_deleted(db, file_id)

    # -- peer challenge -----------------------------------------------------------------

    def _react(self, effect: Effect, p: dict[str, Any]) -> Result:
        try:
            self.client.reactions_add(channel=p["channel"], timestamp=p["ts"], name=p["name"])
        except SlackApiError as error:
            if error.response.get("error") != "already_reacted":
                raise
        return None

    def _post_challenge(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            found = publishing.challenge_to_post(db, self.framework, p["challenge"])
        challenge = found.challenge
        if challenge.ts:
            return {"ts": challenge.ts}
        content = challenge_post(
            self.framework,
            author=challenge.author_id,
            partner=found.partner.name if found.partner else None,
            area=found.area,
            judged=found.judged,
            view=challenge.view,
            suggested=challenge.suggested_level,
            comment=challenge.text,
            author_name=found.author_name,
        )
        posted = self._post(effect, challenge.channel_id, content, thread_ts=challenge.thread_ts)
        with self.store.connect() as db:
            publishing.challenge_posted(db, challenge.id, posted["ts"])
        return posted

    # -- people -------------------------------------------------------------------------

    def _home(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            found = publishing.dashboard(db, self.framework, p["user"])
        lead = found.alliance and lead_section(self.framework, found.alliance, p.get("page", 0))
        view = build_home(
            self.framework,
            school=found.school,
            standing=found.standing,
            trio=found.trio,
            waiting=found.waiting,
            alliance=lead or None,
            membership=found.membership,
            round_place=found.round_place,
        )
        self.client.views_publish(user_id=p["user"], view=view)
        return None

    def _reminder(self, effect: Effect, p: dict[str, Any]) -> Result:
        with self.store.connect() as db:
            found = publishing.reminder_view(db, self.framework, p["cycle"], p["user"])
        if found is None:
            return {"skipped": "no longer due"}
        content = notices.reminder(self.framework, found.school, found.cycle.number, found.missing)
        return self._post(effect, p["user"], content)

    def _notice(self, effect: Effect, p: dict[str, Any]) -> Result:
        if p["about"] == "invitation_answered":
            return self._invitation_answered(effect, p)
        if p["about"] != "setup_saved":
            raise Failure(f"unknown notice {p['about']!r}", False)
        with self.store.connect() as db:
            view = publishing.setup_view(db, p["school"])
        content = notices.setup_saved(
            view.school, view.members, view.trio, view.partners, view.invited
        )
        return self._post(effect, p["user"], content)

    def _message(self, effect: Effect, p: dict[str, Any]) -> Result:
        return self._post(effect, p["channel"], p["content"], thread_ts=p.get("thread_ts"))

    def _respond(self, effect: Effect, p: dict[str, Any]) -> Result:
        url = p["response_url"]
        if urlparse(url).hostname not in self.trusted_hosts:
            raise Failure("untrusted_response_url", False)
        body = {"response_type": "ephemeral", **p["content"]}
        if "replace_original" not in body and "delete_original" not in body:
            body["replace_original"] = False
        response = WebhookClient(url, timeout=10, retry_handlers=[]).send_dict(body)
        if response.status_code == 429 or response.status_code >= 500:
            raise Failure(f"http_{response.status_code}", True)
        if response.status_code != 200:
            raise Failure(str(response.body or f"http_{response.status_code}"), False)
        return None

    # -- posting once -------------------------------------------------------------------

    def _post(
        self, effect: Effect, channel: str, content: dict[str, Any], *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """chat.postMessage carrying the effect's id; on a second try, adopt what Slack has."""
        if effect.interrupted or effect.attempts > 1:
            found = self._find(effect, channel, thread_ts)
            if found is not None:
                log.info(
                    "%s #%d was already posted (%s); not posting again",
                    effect.kind,
                    effect.id,
                    found,
                )
                return found
        extra = {"thread_ts": thread_ts} if thread_ts else {}
        response = self.client.chat_postMessage(
            channel=channel,
            metadata={"event_type": METADATA_TYPE, "event_payload": {"effect": effect.id}},
            **extra,
            **content,
        )
        return {"channel": response["channel"], "ts": response["ts"]}

    def _find(self, effect: Effect, channel: str, thread_ts: str | None) -> dict[str, Any] | None:
        try:
            if channel.startswith(("U", "W")):  # a DM: find its channel first
                channel = self.client.conversations_open(users=channel)["channel"]["id"]
            if thread_ts:
                found = self.client.conversations_replies(
                    channel=channel, ts=thread_ts, include_all_metadata=True, limit=200
                )
            else:
                found = self.client.conversations_history(
                    channel=channel, include_all_metadata=True, limit=50
                )
        except SlackApiError as error:
            if classify(error).transient:
                raise
            log.info(
                "could not check %s for effect #%d: %s",
                channel,
                effect.id,
                error.response.get("error"),
            )
            return None
        for message in found.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == METADATA_TYPE and payload.get("effect") == effect.id:
                return {"channel": channel, "ts": message["ts"]}
        return None

    # -- telling people -----------------------------------------------------------------

    def _tell(self, user_id: str, content: dict[str, Any]) -> None:
        with self.store.connect() as db:
            effects.message(db, user_id, content, to=user_id)
        self.wake()

    def give_up(self, effect: Effect, code: str) -> None:
        """Slack refused `effect` for good: tell whoever caused it what did not happen."""
        p = effect.payload
        if effect.kind == effects.RESPOND:  # the private reply could not be sent: DM it
            self._tell(p["user"], p["content"])
            return
        person = effect.requested_by
        if person is None:
            return
        message = self._explain(effect, code)
        if message is None:
            return
        with self.store.connect() as db:
            if p.get("response_url"):
                effects.respond(db, person, p["response_url"], message)
            else:
                effects.message(db, person, message, to=person)
        self.wake()

    def _explain(self, effect: Effect, code: str) -> dict[str, Any] | None:
        p, framework = effect.payload, self.framework
        kind = effect.kind
        if kind == effects.PRESENT_AREA:
            self._kept_out(p["to"], code)
            return notices.area_failed(framework, framework.area(p["area"]), p["to"], code)
        if kind == effects.REFRESH_AREA:
            return notices.area_update_failed(framework, framework.area(p["area"]), code)
        if kind == effects.SUMMARY:
            with self.store.connect() as db:
                channel = publishing.summary_target(db, framework, p["cycle"]).channel
            return notices.summary_failed(channel, code)
        if kind == effects.CHART:
            return notices.chart_failed(code)
        if kind == effects.POST_CHALLENGE:
            with self.store.connect() as db:
                found = publishing.challenge_to_post(db, framework, p["challenge"])
            area = found.area.short_name if found.area else "the review in general"
            return notices.challenge_failed(found.reviewed.name, area, code, found.challenge.text)
        if kind == effects.JOIN:
            return self._explain_join(effect, code)
        if kind == effects.EXPORT:
            return notices.export_failed(code, p.get("format", "xlsx"))
        if kind == effects.INVITATION:
            return self._explain_trio(effect, code)
        if kind == alliance_effects.ALLIANCE_EXPORT:
            return alliance_export.export_failed(code)
        if kind == alliance_effects.ALLIANCE_INVITATION:
            return self._explain_alliance(effect, code)
        if kind in (alliance_effects.ROUND_OPENED, alliance_effects.ROUND_REMINDER):
            return self._explain_round(effect, code)
        if kind == alliance_effects.EXTERNAL:
            return self._explain_external(effect, code)
        return None
