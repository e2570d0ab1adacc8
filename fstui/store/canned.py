"""Canned responses with their folders, as the composer's picker lists them.

Loaded once per session on first use: the folder listing carries each response's content, so
inserting one costs no further call; they change rarely, and a new session picks changes up.
"""

from __future__ import annotations

from dataclasses import dataclass

from fstui.api import CannedResponse
from fstui.store.plumbing import Plumbing

__all__ = ["CannedEntry", "CannedResponses"]


@dataclass(frozen=True)
class CannedEntry:
    """A canned response with the name of its folder, as the picker lists it."""

    folder: str
    response: CannedResponse


class CannedResponses:
    def __init__(self, plumbing: Plumbing) -> None:
        self._p = plumbing
        self._entries: list[CannedEntry] | None = None

    async def all(self) -> list[CannedEntry]:
        """Every canned response with its folder (one call per folder, first use only)."""
        if self._entries is not None:
            return self._entries
        client = self._p.client
        entries: list[CannedEntry] = []
        for folder in await self._p.call(client.list_canned_response_folders()):
            if folder.id is None:
                continue
            for response in await self._p.call(client.list_canned_responses(folder.id)):
                entries.append(CannedEntry(folder.name or "", response))
        self._entries = entries
        return entries

    async def one(self, response_id: int) -> CannedResponse:
        """One response in full, for an account whose folder listing left its content out."""
        response: CannedResponse = await self._p.call(
            self._p.client.get_canned_response(response_id)
        )
        return response
