"""The files a local Slack keeps (part of :class:`~playground.slack.LocalSlack`): uploaded
as the SDK uploads them, shared in a channel or a thread, deleted with their shares."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


class Files:
    """files.* of the Web API, on the LocalSlack's ``files``, ``uploads`` and ``messages``."""

    files: dict[str, dict[str, Any]]
    uploads: dict[str, bytes]
    messages: dict[tuple[str, str], dict[str, Any]]
    base_url: str
    next_ts: Callable[[], str]
    keep_from_bot: Callable[[str, dict[str, Any]], dict[str, Any]]

    def _files_getUploadURLExternal(self, args):
        file_id = "F" + self.next_ts().replace(".", "")
        self.files[file_id] = {"id": file_id, "name": args.get("filename"), "title": None}
        return {"file_id": file_id, "upload_url": f"{self.base_url}/upload/{file_id}"}

    def _files_completeUploadExternal(self, args):
        files = args.get("files") or []
        files = json.loads(files) if isinstance(files, str) else files
        shared = []
        for f in files:
            known = self.files.setdefault(f["id"], {"id": f["id"], "name": f.get("title")})
            known["title"] = f.get("title") or known.get("name")
            known["url"] = f"{self.base_url}/files/{f['id']}"
            shared.append(dict(known))
        channel = args.get("channel_id") or args.get("channels")
        if channel and shared:
            comment = args.get("initial_comment") or ""
            content = {"text": comment, "files": shared, "thread_ts": args.get("thread_ts")}
            self.keep_from_bot(str(channel), content)
        return {"files": [{"id": f["id"], "title": f.get("title")} for f in shared]}

    def _files_delete(self, args):
        """The file goes, and with it its share in every channel and thread: a message that
        held only files and no text goes too, as Slack removes it."""
        file_id = str(args.get("file", ""))
        if self.files.pop(file_id, None) is None:
            return {"error": "file_not_found"}
        self.uploads.pop(file_id, None)
        for key, message in list(self.messages.items()):
            files = message.get("files") or []
            kept = [f for f in files if f.get("id") != file_id]
            if len(kept) == len(files):
                continue
            if kept or message.get("text"):
                self.messages[key] = {**message, "files": kept}
            else:
                del self.messages[key]
        return {}
