"""A dozen canned responses in three folders."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids, words
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]


def make_canned(since: datetime) -> tuple[list[JsonDict], list[JsonDict]]:
    folders: list[JsonDict] = []
    responses: list[JsonDict] = []
    for folder_index, (folder_name, items) in enumerate(words.CANNED):
        folder_id = ids.CANNED_FOLDER_BASE + folder_index + 1
        folders.append(
            {
                "id": folder_id,
                "name": folder_name,
                "type": "Personal" if folder_index == 0 else "Custom",
                "responses_count": len(items),
                "created_at": iso(since),
                "updated_at": iso(since),
                "workspace_id": PRIMARY_WORKSPACE_ID,
            }
        )
        for title, content in items:
            responses.append(
                {
                    "id": ids.CANNED_RESPONSE_BASE + len(responses) + 1,
                    "title": title,
                    "folder_id": folder_id,
                    "content": content,
                    "content_html": f"<p>{html.escape(content)}</p>",
                    "created_at": iso(since),
                    "updated_at": iso(since),
                    "workspace_id": PRIMARY_WORKSPACE_ID,
                    "attachments": [],
                }
            )
    return folders, responses
