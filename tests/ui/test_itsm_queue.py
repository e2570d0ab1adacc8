"""The built-in "Service requests" queue (issue #20): my groups' open service requests, judged
by the mirror (the filter API has no `type` field), in the whole app on the 300-ticket demo."""

from __future__ import annotations

from pathlib import Path

from fstui.store.queues import SERVICE_REQUESTS
from tests.pilot_support import sandbox_db, until

from .harness import loaded, make_app


async def test_the_service_requests_queue_holds_my_groups_open_requests(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        session = app.session
        assert session is not None
        assert SERVICE_REQUESTS in session.store.queue_names()
        await until(pilot, lambda: session.store.mirror.loaded, "mirror filled", seconds=60)
        reference = session.store.reference_snapshot()
        groups = set(reference.my_group_ids)
        db = sandbox_db(session)
        open_codes = {2, 3, 6, 7}
        expected = {
            t
            for t, row in db.tickets.items()
            if row.get("type") == "Service Request"
            and row["status"] in open_codes
            and row.get("group_id") in groups
            and not row.get("deleted")
            and not row.get("spam")
        }
        shown = {t.id for t in session.store.queue(SERVICE_REQUESTS).value}
        assert expected and shown == expected
