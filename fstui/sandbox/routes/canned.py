"""Ticket form fields and canned responses: the reference data an agent's editor needs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from fstui.sandbox.data.workspaces import HR_WORKSPACE_ID
from fstui.sandbox.errors import not_found
from fstui.sandbox.pagination import paginate
from fstui.sandbox.web import json_response, path_int, query_int, query_workspace, sandbox_of


def _ticket_fields(request: Request) -> Response:
    """The primary workspace's form unless ``workspace_id`` says otherwise; 0 answers the
    global fields only (reference line 1992)."""
    db = sandbox_of(request).db
    workspace = query_workspace(request, db)
    if workspace == 0:
        return json_response({"ticket_fields": db.global_ticket_fields or db.ticket_fields})
    if workspace == HR_WORKSPACE_ID:
        return json_response({"ticket_fields": db.hr_ticket_fields})
    return json_response({"ticket_fields": db.ticket_fields})


def _folders(request: Request) -> Response:
    db = sandbox_of(request).db
    workspace = query_int(request, "workspace_id")
    rows = [f for f in db.canned_folders if workspace in (None, 0, f["workspace_id"])]
    return json_response({"canned_response_folders": rows})


def _folder(request: Request) -> Response:
    wanted = path_int(request)
    for folder in sandbox_of(request).db.canned_folders:
        if folder["id"] == wanted:
            # The reference spells this key "canned response_folder"; send both spellings.
            return json_response(
                {"canned_response_folder": folder, "canned response_folder": folder}
            )
    raise not_found()


def _folder_responses(request: Request) -> Response:
    db = sandbox_of(request).db
    wanted = path_int(request)
    if not any(f["id"] == wanted for f in db.canned_folders):
        raise not_found()
    rows = [r for r in db.canned_responses if r["folder_id"] == wanted]
    page, headers = paginate(request, rows)
    return json_response({"canned_responses": page}, headers=headers)


def _responses(request: Request) -> Response:
    page, headers = paginate(request, sandbox_of(request).db.canned_responses)
    return json_response({"canned_responses": page}, headers=headers)


def _response(request: Request) -> Response:
    wanted = path_int(request)
    for row in sandbox_of(request).db.canned_responses:
        if row["id"] == wanted:
            # The reference's "Show a Canned Response" answers under "canned_responses".
            return json_response({"canned_response": row, "canned_responses": row})
    raise not_found()


ROUTES = [
    Route("/api/v2/ticket_form_fields", _ticket_fields, methods=["GET"]),
    Route("/api/v2/canned_response_folders", _folders, methods=["GET"]),
    Route("/api/v2/canned_response_folders/{id:int}", _folder, methods=["GET"]),
    Route(
        "/api/v2/canned_response_folders/{id:int}/canned_responses",
        _folder_responses,
        methods=["GET"],
    ),
    Route("/api/v2/canned_responses", _responses, methods=["GET"]),
    Route("/api/v2/canned_responses/{id:int}", _response, methods=["GET"]),
]
