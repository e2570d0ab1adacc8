"""The account's state: generated reference data, ticket rows, lazy threads and writes.

Generation is deterministic from (seed, anchor instant, scale). Persistence stores only
what writes touched, on top of the regenerated baseline, so state files stay small.
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fstui.sandbox.data import assets as asset_data
from fstui.sandbox.data import canned, forms, ids, people, profiles, workspaces
from fstui.sandbox.data import itsm as itsm_data
from fstui.sandbox.data import service_desk as desk_data
from fstui.sandbox.data import threads as thread_data
from fstui.sandbox.data import tickets as ticket_data
from fstui.sandbox.timefmt import iso, parse_instant

JsonDict = dict[str, Any]
DEFAULT_TICKETS = 4000
STATE_VERSION = 1


def _scaled(base: int, tickets: int, floor: int) -> int:
    """Grow sub-linearly with the ticket count (square root), never below ``floor``."""
    return max(floor, int(base * math.sqrt(max(tickets, 1) / DEFAULT_TICKETS)))


@dataclass
class SandboxDB:
    """All records, indexed the ways the endpoints look them up."""

    seed: int
    anchor: datetime
    scale: int
    locations: list[JsonDict]
    departments: list[JsonDict]
    groups: list[JsonDict]
    agents: list[JsonDict]
    requesters: list[JsonDict]
    tickets: dict[int, JsonDict]
    asset_types: list[JsonDict]
    asset_type_fields: dict[int, list[JsonDict]]
    assets: dict[int, JsonDict]
    ticket_fields: list[JsonDict]
    canned_folders: list[JsonDict]
    canned_responses: list[JsonDict]
    me_id: int
    watched: set[int] = field(default_factory=set)
    threads: dict[int, thread_data.Thread] = field(default_factory=dict)
    ticket_assets: dict[int, list[int]] = field(default_factory=dict)
    descriptions: dict[int, tuple[str, str]] = field(default_factory=dict)
    activities: dict[int, list[JsonDict]] = field(default_factory=dict)
    running_timers: dict[int, tuple[int, int]] = field(default_factory=dict)
    next_child_id: int = ids.WRITTEN_CHILD_BASE
    touched: set[int] = field(default_factory=set)
    touched_assets: set[int] = field(default_factory=set)
    created_requesters: list[JsonDict] = field(default_factory=list)
    purged_assets: set[int] = field(default_factory=set)
    workspaces: list[JsonDict] = field(default_factory=list)
    hr_ticket_fields: list[JsonDict] = field(default_factory=list)
    global_ticket_fields: list[JsonDict] = field(default_factory=list)
    agent_fields: list[JsonDict] = field(default_factory=list)
    requester_fields: list[JsonDict] = field(default_factory=list)
    requester_groups: list[JsonDict] = field(default_factory=list)
    requester_group_members: dict[int, list[int]] = field(default_factory=dict)
    itsm: itsm_data.Itsm = field(default_factory=itsm_data.Itsm)
    desk: desk_data.ServiceDesk = field(default_factory=desk_data.ServiceDesk)
    """Issue #20: catalog, requested items, approvals, ticket families, knowledge base."""
    attachment_blobs: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    """Uploaded files (content type, bytes) by attachment id, for GET /attachments/{id}."""

    def __post_init__(self) -> None:
        self.requester_by_id = {row["id"]: row for row in self.requesters}
        self.requester_by_email = {row["primary_email"].lower(): row for row in self.requesters}
        self.agent_by_id = {row["id"]: row for row in self.agents}
        self.group_by_id = {row["id"]: row for row in self.groups}
        self.department_by_id = {row["id"]: row for row in self.departments}
        self.next_ticket_id = max(self.tickets, default=0) + 1

    # -- lookups ---------------------------------------------------------------------------

    def user(self, user_id: int | None) -> JsonDict | None:
        """A requester or an agent, as the requester include needs it."""
        if user_id is None:
            return None
        return self.requester_by_id.get(user_id) or self.agent_by_id.get(user_id)

    def description(self, row: JsonDict) -> tuple[str, str]:
        cached = self.descriptions.get(row["id"])
        if cached is not None:
            return cached
        requester = self.user(row["requester_id"])
        first = requester["first_name"] if requester else "there"
        if "_hr" in row:
            return workspaces.hr_description(row, first)
        return ticket_data.description_for(self.seed, row, first)

    def thread(self, ticket_id: int) -> thread_data.Thread:
        """The ticket's thread, generated the first time anyone (reader or writer) asks."""
        existing = self.threads.get(ticket_id)
        if existing is not None:
            return existing
        row = self.tickets[ticket_id]
        if "_topic" not in row:  # created through the API: starts empty
            thread = thread_data.Thread()
        else:
            thread = thread_data.make_thread(
                self.seed,
                row,
                self._party(row["requester_id"]),
                self._agent_party(row),
                self._colleagues(row),
            )
        self.threads[ticket_id] = thread
        return thread

    def _party(self, user_id: int | None) -> thread_data.Party:
        user = self.user(user_id) or self.agents[0]
        email = user.get("primary_email") or user.get("email") or ""
        return thread_data.Party(user["id"], f"{user['first_name']} {user['last_name']}", email)

    def _agent_party(self, row: JsonDict) -> thread_data.Party:
        agent_id = row["responder_id"]
        if agent_id is None:
            group = self.group_by_id.get(row["group_id"]) if row["group_id"] else None
            members = group["members"] if group else []
            agent_id = members[row["id"] % len(members)] if members else self.agents[1]["id"]
        return self._party(agent_id)

    def _colleagues(self, row: JsonDict) -> list[thread_data.Party]:
        group = self.group_by_id.get(row["group_id"]) if row["group_id"] else None
        members = group["members"] if group else []
        return [self._party(m) for m in members if m != row["responder_id"]]

    def new_child_id(self) -> int:
        self.next_child_id += 1
        return self.next_child_id

    def find_conversation(self, conversation_id: int) -> tuple[int, JsonDict] | None:
        """Locate a conversation by id: generated ids encode their ticket; written ones are
        searched among materialised threads."""
        offset = conversation_id - ids.CONVERSATION_BASE
        if 0 <= offset < ids.WRITTEN_CHILD_BASE - ids.CONVERSATION_BASE:
            ticket_id = offset // ids.CHILD_SLOTS
            if ticket_id in self.tickets:
                for conversation in self.thread(ticket_id).conversations:
                    if conversation["id"] == conversation_id:
                        return ticket_id, conversation
            return None
        for ticket_id, thread in self.threads.items():
            for conversation in thread.conversations:
                if conversation["id"] == conversation_id:
                    return ticket_id, conversation
        return None

    def add_requester(self, email: str, name: str | None, now: datetime) -> JsonDict:
        """A contact created on the fly when a ticket names an unknown e-mail."""
        first, _, last = (name or email.split("@")[0]).partition(" ")
        row: JsonDict = {
            "id": ids.REQUESTER_BASE + 500_000 + len(self.created_requesters) + 1,
            "is_agent": False,
            "first_name": first,
            "last_name": last or None,
            "job_title": None,
            "primary_email": email,
            "secondary_emails": [],
            "work_phone_number": None,
            "mobile_phone_number": None,
            "department_ids": [],
            "can_see_all_tickets_from_associated_departments": False,
            "reporting_manager_id": None,
            "address": None,
            "time_zone": "Eastern Time (US & Canada)",
            "time_format": "12h",
            "language": "en",
            "location_id": None,
            "background_information": None,
            "custom_fields": {},
            "active": True,
            "has_logged_in": False,
            "vip_user": False,
            "external_id": None,
            "can_see_all_changes_from_associated_departments": False,
            "department_names": None,
            "location_name": None,
            "created_at": iso(now),
            "updated_at": iso(now),
        }
        self.created_requesters.append(row)
        self.requesters.append(row)
        self.requester_by_id[row["id"]] = row
        self.requester_by_email[email.lower()] = row
        return row

    def asset_tickets(self, display_id: int) -> list[int]:
        return sorted(t for t, linked in self.ticket_assets.items() if display_id in linked)

    # -- persistence -----------------------------------------------------------------------

    def snapshot(self) -> JsonDict:
        """What writes changed, to replay over a regenerated baseline."""
        return {
            "version": STATE_VERSION,
            "seed": self.seed,
            "anchor": iso(self.anchor),
            "scale": self.scale,
            "tickets": {str(t): self.tickets[t] for t in sorted(self.touched) if t in self.tickets},
            "threads": {
                str(t): asdict(self.threads[t]) for t in sorted(self.touched) if t in self.threads
            },
            "descriptions": {str(t): list(v) for t, v in self.descriptions.items()},
            "ticket_assets": {str(t): v for t, v in self.ticket_assets.items()},
            "activities": {str(t): v for t, v in self.activities.items()},
            "assets": {str(a): self.assets[a] for a in sorted(self.touched_assets)},
            "created_requesters": self.created_requesters,
            "running_timers": {str(a): list(v) for a, v in self.running_timers.items()},
            "purged_assets": sorted(self.purged_assets),
            "watched": sorted(self.watched),
            "next_child_id": self.next_child_id,
            "requested_items": {
                str(t): self.desk.requested_items[t]
                for t in sorted(self.touched)
                if t in self.desk.requested_items
            },
            "approvals": {
                str(t): self.desk.approvals[t]
                for t in sorted(self.touched)
                if t in self.desk.approvals
            },
            "parent_of": {str(c): p for c, p in self.desk.parent_of.items()},
            "next_approval_id": self.desk.next_approval_id,
            "attachment_blobs": {
                str(k): [v[0], base64.b64encode(v[1]).decode()]
                for k, v in self.attachment_blobs.items()
            },
        }

    def restore(self, state: JsonDict) -> None:
        for row in state.get("created_requesters", []):
            self.requesters.append(row)
            self.created_requesters.append(row)
            self.requester_by_id[row["id"]] = row
            self.requester_by_email[row["primary_email"].lower()] = row
        for key, row in state.get("tickets", {}).items():
            self.tickets[int(key)] = row
            self.touched.add(int(key))
        self.tickets = dict(sorted(self.tickets.items()))
        for key, value in state.get("threads", {}).items():
            self.threads[int(key)] = thread_data.Thread(**value)
        self.descriptions = {int(k): (v[0], v[1]) for k, v in state.get("descriptions", {}).items()}
        self.ticket_assets = {int(k): v for k, v in state.get("ticket_assets", {}).items()}
        self.activities = {int(k): v for k, v in state.get("activities", {}).items()}
        for key, row in state.get("assets", {}).items():
            self.assets[int(key)] = row
            self.touched_assets.add(int(key))
        self.running_timers = {
            int(k): (v[0], v[1]) for k, v in state.get("running_timers", {}).items()
        }
        self.purged_assets = {int(a) for a in state.get("purged_assets", [])}
        for display_id in self.purged_assets:
            self.assets.pop(display_id, None)
        self.watched = set(state.get("watched", self.watched))
        self.next_child_id = max(self.next_child_id, int(state.get("next_child_id", 0)))
        for key, rows in state.get("requested_items", {}).items():
            self.desk.requested_items[int(key)] = rows
        for key, rows in state.get("approvals", {}).items():
            self.desk.approvals[int(key)] = rows
        if "parent_of" in state:
            self.desk.parent_of = {int(c): int(p) for c, p in state["parent_of"].items()}
        self.desk.next_approval_id = max(
            self.desk.next_approval_id, int(state.get("next_approval_id", 0))
        )
        self.attachment_blobs = {
            int(k): (str(v[0]), base64.b64decode(v[1]))
            for k, v in state.get("attachment_blobs", {}).items()
        }
        self.next_ticket_id = max(self.tickets, default=0) + 1

    def save(self, path: Path) -> None:
        """Write the snapshot atomically (temp file + rename) so a crash never truncates it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(self.snapshot(), stream)
        os.replace(temp, path)


def generate(seed: int, anchor: datetime, tickets: int) -> SandboxDB:
    """Build the whole account from scratch."""
    anchor = anchor.astimezone(UTC).replace(microsecond=0)
    rng = random.Random(f"{seed}:org")
    since = anchor - timedelta(days=900)
    locations = people.make_locations(since)
    departments = people.make_departments(since)
    groups, agents = people.make_groups_and_agents(rng, since, locations, departments)
    taken = {agent["email"].split("@")[0] for agent in agents}
    requesters = people.make_requesters(
        rng, _scaled(1500, tickets, 60), since, locations, departments, taken
    )
    me_id = agents[0]["id"]
    rows = ticket_data.make_tickets(
        random.Random(f"{seed}:tickets"),
        tickets,
        anchor,
        ticket_data.People(requesters, agents, groups, me_id),
    )
    asset_types, type_fields = asset_data.make_asset_types(since)
    asset_rows = asset_data.make_assets(
        random.Random(f"{seed}:assets"),
        _scaled(1200, tickets, 40),
        anchor,
        asset_types,
        type_fields,
        requesters,
        agents,
        groups,
    )
    folders, responses = canned.make_canned(since)
    db = SandboxDB(
        seed=seed,
        anchor=anchor,
        scale=tickets,
        locations=locations,
        departments=departments,
        groups=groups,
        agents=agents,
        requesters=requesters,
        tickets={row["id"]: row for row in rows},
        asset_types=asset_types,
        asset_type_fields=type_fields,
        assets={row["display_id"]: row for row in asset_rows},
        ticket_fields=forms.make_ticket_fields(since, groups, agents, departments),
        canned_folders=folders,
        canned_responses=responses,
        me_id=me_id,
    )
    _link_assets(db, random.Random(f"{seed}:links"))
    watch_rng = random.Random(f"{seed}:watch")
    db.watched = {t for t in db.tickets if watch_rng.random() < 0.02}
    # Everything below draws from streams of its own, after the data above: adding to it
    # never shifts a value the demo (and its snapshots) shows.
    people.add_profile_fields(
        random.Random(f"{seed}:profiles"), anchor, agents, requesters, departments, locations
    )
    _add_hr_workspace(db, random.Random(f"{seed}:hr"), since, tickets)
    db.agent_fields = profiles.make_agent_fields(since)
    db.requester_fields = profiles.make_requester_fields(since)
    db.requester_groups, db.requester_group_members = profiles.make_requester_groups(
        requesters, departments
    )
    primary = {t: row for t, row in db.tickets.items() if row["workspace_id"] == 2}
    db.itsm = itsm_data.make_itsm(random.Random(f"{seed}:itsm"), anchor, primary, groups, agents)
    waiting = {t for t, row in primary.items() if desk_data.waits_for_approval(row)}
    db.desk = desk_data.make_service_desk(seed, since, primary, agents, me_id, waiting)
    return db


def _add_hr_workspace(db: SandboxDB, rng: random.Random, since: datetime, tickets: int) -> None:
    """The second workspace (HR): its groups, staffed by six IT agents, and its tickets,
    numbered after IT's (one account, one ticket counter)."""
    db.workspaces = workspaces.make_workspaces(since)
    hr_groups = workspaces.make_hr_groups(rng, since, db.agents, db.me_id)
    rows = workspaces.make_hr_tickets(
        rng, max(10, tickets // 40), db.next_ticket_id, db.anchor, hr_groups, db.requesters
    )
    db.groups.extend(hr_groups)
    db.group_by_id.update({g["id"]: g for g in hr_groups})
    db.tickets.update({row["id"]: row for row in rows})
    db.next_ticket_id = max(db.tickets) + 1
    db.hr_ticket_fields = workspaces.hr_ticket_fields(db.ticket_fields, hr_groups, db.agents)
    db.global_ticket_fields = workspaces.global_ticket_fields(db.ticket_fields, db.groups)


def _link_assets(db: SandboxDB, rng: random.Random) -> None:
    """Hardware tickets point at an asset their requester uses, when they have one."""
    by_user: dict[int, list[int]] = {}
    for asset in db.assets.values():
        if asset["user_id"] is not None:
            by_user.setdefault(asset["user_id"], []).append(asset["display_id"])
    for row in db.tickets.values():
        if row["category"] == "Hardware" and rng.random() < 0.6:
            owned = by_user.get(row["requester_id"])
            if owned:
                db.ticket_assets[row["id"]] = [rng.choice(owned)]


def load_or_generate(
    seed: int, anchor: datetime, tickets: int, state_file: Path | None
) -> SandboxDB:
    """Regenerate the baseline (from the state file's parameters when it exists) and replay
    the saved writes."""
    state: JsonDict | None = None
    if state_file is not None and state_file.exists():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        saved_anchor = parse_instant(str(state["anchor"]))
        if saved_anchor is not None:
            anchor = saved_anchor
        seed = int(state["seed"])
        tickets = int(state["scale"])
    db = generate(seed, anchor, tickets)
    if state is not None:
        db.restore(state)
    return db
