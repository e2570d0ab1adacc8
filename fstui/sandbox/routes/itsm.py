"""/changes, /problems and /releases: list (workspace, updated_since, pages) and view.

The reference: List All Problems (line 5103), Changes (line 7340), Releases (line 9995);
without ``workspace_id`` only the primary workspace's records, ``workspace_id=0`` all of them
(lines 5100, 7329, 9992). A change list without updated_since holds the last 30 days
(line 7327) and changes take ``include=stats`` (lines 7319, 7460). freshservice-exporter's
default scrape starts with /changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.db import SandboxDB
from fstui.sandbox.errors import field_error, not_found
from fstui.sandbox.pagination import paginate
from fstui.sandbox.timefmt import iso, parse_instant
from fstui.sandbox.web import (
    includes,
    json_response,
    path_int,
    public,
    query_workspace,
    sandbox_of,
)

JsonDict = dict[str, Any]
RowsOf = Callable[[SandboxDB], list[JsonDict]]


DEFAULT_WINDOW = timedelta(days=30)


def _embeds(request: Request, allowed: tuple[str, ...]) -> set[str]:
    """What to embed; problems and releases document no include, so any is invalid_field."""
    if not allowed:
        if "include" in request.query_params:
            raise field_error("include", "Unexpected/invalid field in request", "invalid_field")
        return set()
    return includes(request, allowed)


def _json(row: JsonDict, embed: set[str]) -> JsonDict:
    body = public(row)
    if "stats" in embed:
        body["stats"] = {
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
            "closed_at": row["updated_at"] if row.get("status") == 6 else None,
        }
    return body


def _lister(
    key: str, rows_of: RowsOf, allowed: tuple[str, ...] = (), *, recent_only: bool = False
) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        embed = _embeds(request, allowed)
        sandbox = sandbox_of(request)
        db = sandbox.db
        workspace = query_workspace(request, db)
        since_text = request.query_params.get("updated_since")
        since: str | None = None
        window_start: str | None = None
        if since_text is not None:
            moment = parse_instant(since_text)
            if moment is None:
                raise field_error("updated_since", "It should be in the 'valid date' format")
            since = iso(moment)
        elif recent_only:
            window_start = iso(sandbox.now() - DEFAULT_WINDOW)
        rows = [
            row
            for row in rows_of(db)
            if (workspace == 0 or row["workspace_id"] == workspace)
            and (since is None or row["updated_at"] >= since)
            and (window_start is None or row["created_at"] >= window_start)
        ]
        rows.sort(key=lambda row: (row["created_at"], row["id"]), reverse=True)
        page, headers = paginate(request, rows)
        return json_response({key: [_json(row, embed) for row in page]}, headers=headers)

    return handler


def _shower(
    key: str, rows_of: RowsOf, allowed: tuple[str, ...] = ()
) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        embed = _embeds(request, allowed)
        wanted = path_int(request)
        for row in rows_of(sandbox_of(request).db):
            if row["id"] == wanted:
                return json_response({key: _json(row, embed)})
        raise not_found()

    return handler


def _problems(db: SandboxDB) -> list[JsonDict]:
    return db.itsm.problems


def _changes(db: SandboxDB) -> list[JsonDict]:
    return db.itsm.changes


def _releases(db: SandboxDB) -> list[JsonDict]:
    return db.itsm.releases


ROUTES = [
    Route("/api/v2/problems", _lister("problems", _problems), methods=["GET"]),
    Route("/api/v2/problems/{id:int}", _shower("problem", _problems), methods=["GET"]),
    Route(
        "/api/v2/changes",
        _lister("changes", _changes, ("stats",), recent_only=True),
        methods=["GET"],
    ),
    Route("/api/v2/changes/{id:int}", _shower("change", _changes, ("stats",)), methods=["GET"]),
    Route("/api/v2/releases", _lister("releases", _releases), methods=["GET"]),
    Route("/api/v2/releases/{id:int}", _shower("release", _releases), methods=["GET"]),
]
