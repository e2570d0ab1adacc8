"""Endpoint handlers grouped by resource; ``routes()`` lists them for the Starlette app."""

from __future__ import annotations

from starlette.routing import BaseRoute

from fstui.sandbox import attachments
from fstui.sandbox.routes import (
    assets,
    canned,
    conversations,
    directory,
    itsm,
    service_desk,
    tasks,
    tickets,
    time_entries,
)


def all_routes() -> list[BaseRoute]:
    return [
        *tickets.ROUTES,
        *conversations.ROUTES,
        *time_entries.ROUTES,
        *tasks.ROUTES,
        *directory.ROUTES,
        *canned.ROUTES,
        *assets.ROUTES,
        *itsm.ROUTES,
        *service_desk.ROUTES,
        *attachments.ROUTES,
    ]
