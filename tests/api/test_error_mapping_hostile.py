"""A hostile server message never reaches an exception message raw.

The sandbox echoes a bad filter value in its 400 ("'<value>' is not a date", as Freshservice
does for invalid_value, reference "Filter Tickets"), so a query carrying escapes comes back as a
400 whose JSON holds them. The client's exception must carry the words, not the bytes.
"""

from __future__ import annotations

import httpx
import pytest

from fstui.api import ValidationFailed
from fstui.api.errors import FreshserviceError
from fstui.sandbox import SandboxConfig, create_app, sandbox_transport
from fstui.text.hostile import CORPUS, MARKUP, leaks

from .harness import SANDBOX_KEY, SANDBOX_URL, json_response, make_client, sandbox_client

# The attacks seen in the field (issue 17, item 2), small enough for the 512-character query.
_WANTED = {
    "osc52 clipboard (ST)",
    "osc2 title (ST)",
    "osc8 hyperlink",
    "alternate screen off",
    "erase display",
    "full reset",
    "c1 csi",
    "bidi override (RLO)",
}
PLANTED = " ".join(e.payload for e in CORPUS if e.name in _WANTED) + " " + MARKUP[1].payload


def _query() -> str:
    return f"created_at:>'{PLANTED}'"


async def test_sandbox_400_with_escapes_reaches_the_exception_inert() -> None:
    app = create_app(SandboxConfig(plan="unlimited", tickets=20))
    # The server really sends the bytes (otherwise this test could not fail).
    async with httpx.AsyncClient(transport=sandbox_transport(app), base_url=SANDBOX_URL) as raw:
        answer = await raw.get(
            "/api/v2/tickets/filter", params={"query": f'"{_query()}"'}, auth=(SANDBOX_KEY, "X")
        )
    assert answer.status_code == 400
    sent = " ".join(str(error.get("message")) for error in answer.json()["errors"])
    assert set(leaks(sent)) == _WANTED

    async with sandbox_client(app) as fs:
        with pytest.raises(ValidationFailed) as caught:
            await fs.filter_tickets(_query()).collect()
    error = caught.value
    for text in (str(error), repr(error), *(str(e) for e in error.errors)):
        assert leaks(text) == []
    message = str(error)
    assert "is not a date" in message  # the server's words survive
    assert "[@click=app.quit]HX-CLICK[/]" in message  # markup stays text (toasts show it so)
    assert "beforeHX-1049after" in message  # the marker after ?1049l is visible, the CSI is not


@pytest.mark.parametrize("status", [400, 403, 404, 409, 418])
async def test_every_status_shape_funnels_message_field_and_code(status: int) -> None:
    hostile = "x\x1b]52;c;SFhDTElQ\x07\x1b[?1049l\u202ey"
    body = {
        "description": hostile,
        "message": hostile,
        "errors": [{"field": f"f{hostile}", "message": hostile, "code": f"c{hostile}"}],
    }
    client, _ = make_client(lambda request: json_response(body, status))
    async with client:
        with pytest.raises(FreshserviceError) as caught:
            await client.get_ticket(9)
    text = str(caught.value)
    assert "\x1b" not in text and "\u202e" not in text and "SFhDTElQ" not in text
    assert "xy" in text
    if isinstance(caught.value, ValidationFailed):
        (field_error,) = caught.value.errors
        assert (field_error.field, field_error.message, field_error.code) == ("fxy", "xy", "cxy")


async def test_message_of_only_controls_falls_back_to_the_generic_words() -> None:
    client, _ = make_client(lambda request: json_response({"message": "\x1b[2J\x1b[H"}, 400))
    async with client:
        with pytest.raises(ValidationFailed) as caught:
            await client.get_ticket(9)
    assert str(caught.value) == "Freshservice rejected GET /tickets/9: Validation failed."


async def test_redirect_target_is_inert() -> None:
    def redirect(request: httpx.Request) -> httpx.Response:
        target = "https://evil\u202e\x1b]2;HX\x07.example/x".encode()
        return httpx.Response(302, headers=[(b"location", target)])

    client, _ = make_client(redirect)
    async with client:
        with pytest.raises(FreshserviceError) as caught:
            await client.get_ticket(9)
    assert leaks(str(caught.value)) == []
    assert "\u202e" not in str(caught.value) and "\x1b" not in str(caught.value)
