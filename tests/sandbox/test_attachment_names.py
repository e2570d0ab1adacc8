"""A file name outside Latin-1 downloads (issue #19's sandbox note).

HTTP headers are Latin-1: the sandbox wrote `filename="отчёт.pdf"` raw and the download crashed
with a 500. Now the name travels as RFC 6266 puts it, an ASCII `filename` and a UTF-8
`filename*`, and no name can end the header (quotes, CR/LF) or add one.
"""

from __future__ import annotations

from urllib.parse import unquote

import httpx
import pytest

NAMES = ["отчёт 报告.pdf", "naïve café.txt", 'evil"\r\nX-Injected: 1.txt']


@pytest.mark.parametrize("name", NAMES, ids=["cyrillic-cjk", "latin-1", "header-injection"])
async def test_any_name_downloads_and_says_its_name(client: httpx.AsyncClient, name: str) -> None:
    created = await client.post(
        "/tickets",
        data={
            "subject": "Report attached",
            "description": "<div>see file</div>",
            "email": "tom@outerspace.com",
            "priority": "2",
            "status": "2",
            "custom_fields[affected_users]": "1",
        },
        files=[("attachments[]", (name, b"%PDF-1.4 hello", "application/pdf"))],
    )
    assert created.status_code == 201, created.text
    (attachment,) = created.json()["ticket"]["attachments"]
    download = await client.get(f"/attachments/{attachment['id']}")
    assert download.status_code == 200
    assert download.content == b"%PDF-1.4 hello"
    disposition = download.headers["content-disposition"]
    assert "x-injected" not in download.headers
    assert "\r" not in disposition and "\n" not in disposition
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    shown = "".join(c for c in attachment["name"] if c.isprintable() and c not in '"\\')
    assert unquote(encoded) == shown
    disposition.encode("latin-1")  # what HTTP can carry
