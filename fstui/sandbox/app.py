"""The Starlette application: routes, error bodies and the gate in front of them."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from fstui.sandbox.config import SandboxConfig
from fstui.sandbox.errors import ApiError
from fstui.sandbox.gate import Gate
from fstui.sandbox.routes import all_routes
from fstui.sandbox.state import Sandbox, build_sandbox
from fstui.sandbox.web import json_response


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return json_response(exc.body, exc.status, exc.headers)


_METHOD_ORDER = ("GET", "POST", "PUT", "DELETE")


def allowed_methods(request: Request) -> str:
    """Every method some route serves on this path, e.g. "GET, POST" for /tickets.

    Starlette names only the first route that matched the path; the sandbox declares one
    route per method, so it would say "GET, HEAD" where the reference (line 301) says
    /tickets "allows only GET and POST requests".
    """
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches(request.scope)  # PARTIAL: the path fits, the method not
            if match is not Match.NONE:
                methods |= route.methods
    methods.discard("HEAD")
    return ", ".join(sorted(methods, key=lambda m: (*_METHOD_ORDER, m).index(m)))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return json_response(
            {
                "code": "method_not_allowed",
                "message": f"{request.method} method is not allowed on this resource",
            },
            405,
            {**dict(exc.headers or {}), "Allow": allowed_methods(request)},
        )
    if exc.status_code == 404:
        return json_response(
            {"code": "not_found", "message": "The requested resource was not found"}, 404
        )
    return json_response({"code": "error", "message": exc.detail}, exc.status_code)


class SandboxApp(Starlette):
    """A Starlette app whose outermost layer is the sandbox gate (see gate.py)."""

    gate: Gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.gate(scope, receive, send)


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox account; ``app.state.sandbox`` exposes its data and fault switches."""
    sandbox: Sandbox = build_sandbox(config or SandboxConfig())
    app = SandboxApp(
        routes=all_routes(),
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.state.sandbox = sandbox
    app.gate = Gate(_Inner(app), sandbox)
    return app


class _Inner:
    """Calls Starlette's own __call__ (routing, middleware) beneath the gate."""

    def __init__(self, app: SandboxApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await Starlette.__call__(self.app, scope, receive, send)
