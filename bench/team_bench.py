"""Team mode: 1, 4 and 16 consoles on two simulated hosts against one sandbox account.

Each console is a full session as the app opens it (`assemble_session(team=...)`): its own
cache directory, its host's disk budget as the fallback, and one real Redis (a private
redis-server on loopback) for the shared budget, lease, mirror and reference data. The sandbox
runs in-process behind a credit meter; sandbox, stores and limiters share one `VirtualClock`,
so ten minutes of session cost no wall time (the budget runs on that clock rather than Redis'
TIME, the one difference from a real run).

Timeline: console 0 opens cold at minute 0 (first contact and the fill); the others open
during the first minute, spread evenly, as agents arriving while a colleague's console runs.
Every console refreshes once a minute at its own phase. Whenever the leader or a writing
console has published, the followers catch up at once: what the coordinator's feed listener
announces in the app (`TeamMode.follow_on_news`). At minutes 2.5, 4.5, 6.5 and 8.5 an agent
changes a ticket, by turns on the last console (the other host) and on the leading console; the
figure is how long until every other console's mirror shows it.

Figures per plan (Starter, Pro) and console count: account credits per minute at the server,
429s, and the slowest change to show everywhere. Goals: 16 consoles cost at most 1.25x the
credits of one, no 429, every change visible everywhere within one refresh interval.
"""

from __future__ import annotations

import asyncio
import heapq
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.clock import SESSION_START, VirtualClock
from bench.figures import Figure
from bench.meter import CreditMeter
from bench.rig import in_process, metered_sandbox
from fstui.sandbox import DEMO_AGENT_EMAIL
from fstui.sandbox.config import DEFAULT_API_KEY
from fstui.session import Session, assemble_session
from fstui.store.freshness import parse_timestamp
from fstui.store.queues import MY_OPEN
from fstui.store.team import TeamMode, TeamSettings
from fstui.store.team.server import LocalRedisServer

SECTION = "9. Team mode"
"""The section's name as RESULTS.md heads it (a bare "9" left the section without its name)."""
REFRESH = 60.0
MINUTES = 10
TICKETS = 1000
COUNTS = (1, 4, 16)
PLANS = ("starter", "pro")
CHANGES_AT = (150.0, 270.0, 390.0, 510.0)


@dataclass
class Run:
    plan: str
    consoles: int
    minutes: float
    credits: int = 0
    calls: int = 0
    throttled: int = 0
    by_endpoint: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    unseen: int = 0  # changes some console never showed before the run ended
    leaders: int = 0
    races: int = 0
    team: bool = True

    @property
    def credits_per_minute(self) -> float:
        return self.credits / self.minutes


@dataclass
class Console:
    index: int
    session: Session
    team: TeamMode | None
    opened: bool = False

    @property
    def leading(self) -> bool:
        return self.team is None or self.team.coordinator.leading


async def _open(
    index: int,
    root: Path,
    url: str | None,
    meter: CreditMeter,
    clock: VirtualClock,
    domain: str,
    plan: str,
) -> Console:
    host = root / ("host-a" if index % 2 == 0 else "host-b")
    session = await assemble_session(
        base_url="http://127.0.0.1/api/v2",
        api_key=DEFAULT_API_KEY,
        transport=in_process(meter),
        plan=plan,
        cache_dir=host / f"console-{index}",
        me_email=DEMO_AGENT_EMAIL,
        profile_name=f"bench-{index}",
        web_domain=domain,
        clock=clock.now,
        budget_dir=host / "budget",
        limiter_clock=clock,
        refresh_interval=REFRESH,
        team=TeamSettings(url=url) if url else None,
    )
    team = session.extras.get("team")
    assert team is None or isinstance(team, TeamMode)
    return Console(index, session, team)


def _instant(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return parse_timestamp(value)


def _shows(console: Console, ticket_id: int, updated_at: object) -> bool:
    mirrored = _instant(console.session.store.mirror.updated_at(ticket_id))
    wanted = _instant(updated_at)
    return mirrored is not None and wanted is not None and mirrored >= wanted


async def run_one(plan: str, consoles: int, minutes: float, url: str | None) -> Run:
    """One run; ``url`` None: the same consoles without team mode (each host its own budget)."""
    clock = VirtualClock()
    meter = metered_sandbox(
        plan=plan, tickets=TICKETS, now=SESSION_START, clock=clock.datetime, meter_clock=clock.now
    )
    domain = f"bench-{plan}-{consoles}.freshservice.com"
    run = Run(plan=plan, consoles=consoles, minutes=minutes, team=url is not None)
    start = clock.now()
    end = start + minutes * 60.0
    with tempfile.TemporaryDirectory(prefix="fstui-bench-team-") as tmp:
        root = Path(tmp)
        opened: list[Console] = []
        # (when, order, console index, what)
        events: list[tuple[float, int, int, str]] = []
        order = 0
        for i in range(consoles):
            phase = 0.0 if i == 0 else REFRESH * i / consoles
            events.append((start + phase, order, i, "open"))
            order += 1
        for n, at in enumerate(CHANGES_AT):
            if start + at < end:  # agents on the other host, and the leader's own agent
                events.append((start + at, order, consoles - 1 if n % 2 == 0 else 0, "change"))
                order += 1
        heapq.heapify(events)
        pending: list[tuple[float, int, Any, int]] = []  # (made at, id, updated_at, writer)
        seen_by: dict[int, set[int]] = {}
        by_index: dict[int, Console] = {}

        async def check_changes() -> None:
            for entry in list(pending):
                made_at, ticket_id, updated_at, writer = entry
                others = [c for c in opened if c.index != writer]
                seen = seen_by.setdefault(ticket_id, set())
                for console in others:
                    if console.index not in seen and _shows(console, ticket_id, updated_at):
                        seen.add(console.index)
                if others and all(c.index in seen for c in others):
                    run.latencies.append(clock.now() - made_at)
                    pending.remove(entry)

        async def followers_catch_up() -> None:
            for console in opened:
                if not console.leading:
                    await console.session.store.syncer.follow()

        try:
            while events:
                when, _, index, what = heapq.heappop(events)
                if when >= end:
                    break
                if clock.now() < when:
                    clock.advance(when - clock.now())
                if what == "open":
                    console = await _open(index, root, url, meter, clock, domain, plan)
                    opened.append(console)
                    by_index[index] = console
                    await console.session.store.refresh(MY_OPEN, initial=True)
                    if index == 0:
                        await console.session.store.syncer.wait_for_fill()
                    console.opened = True
                    heapq.heappush(events, (when + REFRESH, order, index, "refresh"))
                    order += 1
                elif what == "refresh":
                    console = by_index[index]
                    await console.session.store.refresh(MY_OPEN)
                    heapq.heappush(events, (when + REFRESH, order, index, "refresh"))
                    order += 1
                elif what == "change":
                    writer = by_index.get(index)
                    if writer is None:
                        continue
                    rows = [t for t in writer.session.store.queue(MY_OPEN).value if t.id]
                    if not rows:
                        rows = [t for t in writer.session.store.queue("All open").value if t.id]
                    target = rows[int(when) % len(rows)]
                    assert target.id is not None
                    answer = await writer.session.store.update_ticket(
                        target.id, {"subject": f"{target.subject} (seen by {index})"}
                    )
                    if consoles > 1:
                        seen_by.pop(target.id, None)
                        pending.append((clock.now(), target.id, answer.updated_at, index))
                if url:  # what the feed announces (the leader's sync, anyone's write) lands now
                    publishing = [t for c in opened if c.team for t in c.team._follows]
                    await asyncio.gather(*publishing, return_exceptions=True)
                    await followers_catch_up()
                await check_changes()
            run.unseen = len(pending)
            run.leaders = sum(1 for c in opened if c.leading)
            run.races = sum(c.team.budget.races for c in opened if c.team is not None)
        finally:
            for console in opened:
                await console.session.aclose()
    elapsed = min(clock.now(), end) - start
    run.minutes = max(minutes, elapsed / 60.0)
    paths: Counter[str] = Counter()
    for hit in meter.hits:
        if hit.at <= end:
            if hit.status == 429:
                run.throttled += 1
            else:
                run.credits += hit.credits
                paths[f"{hit.method} {_shape(hit.path)}"] += hit.credits
            run.calls += 1
    run.by_endpoint = dict(paths.most_common())
    return run


def _shape(path: str) -> str:
    return "/".join("{id}" if part.isdigit() else part for part in path.split("/"))


def run(quick: bool = False) -> tuple[list[Figure], dict[str, Any]]:
    counts = (1, 4) if quick else COUNTS
    plans = ("starter",) if quick else PLANS
    minutes = 4.0 if quick else float(MINUTES)
    runs: list[Run] = []
    with LocalRedisServer() as server:
        for plan in plans:
            for consoles in counts:
                runs.append(asyncio.run(run_one(plan, consoles, minutes, server.url)))
            # for comparison: the most consoles, each on its own as without team mode
            runs.append(asyncio.run(run_one(plan, max(counts), minutes, None)))
    return figures(runs), {
        f"{r.plan}.{r.consoles}{'' if r.team else '.solo'}": {
            "credits_per_minute": round(r.credits_per_minute, 2),
            "credits": r.credits,
            "calls": r.calls,
            "throttled": r.throttled,
            "latencies": [round(x, 1) for x in r.latencies],
            "unseen": r.unseen,
            "leaders": r.leaders,
            "budget_races": r.races,
            "by_endpoint": r.by_endpoint,
        }
        for r in runs
    }


def figures(runs: list[Run]) -> list[Figure]:
    out: list[Figure] = []
    for plan in dict.fromkeys(r.plan for r in runs):
        mine = [r for r in runs if r.plan == plan]
        one = next((r for r in mine if r.consoles == 1 and r.team), None)
        base = one.credits_per_minute if one else None
        for r in sorted(mine, key=lambda x: (not x.team, x.consoles)):
            label = f"{plan.title()}, {r.consoles} console{'s' if r.consoles > 1 else ''}"
            if not r.team:
                out.append(
                    Figure(
                        section=SECTION,
                        name=f"{label} without team mode: account credits/min",
                        value=r.credits_per_minute,
                        baseline=base,
                        unit="credits/min",
                        baseline_label="1 console",
                        note=f"for comparison; {r.throttled} responses were 429",
                    )
                )
                continue
            ratio_ok = None
            if base and r.consoles == max(x.consoles for x in mine if x.team):
                ratio_ok = r.credits_per_minute <= 1.25 * base
            out.append(
                Figure(
                    section=SECTION,
                    name=f"{label}: account credits/min",
                    value=r.credits_per_minute,
                    baseline=base,
                    unit="credits/min",
                    baseline_label="1 console",
                    goal="<= 1.25x one console" if r.consoles > 1 else "",
                    met=ratio_ok,
                    note=f"{r.credits} credits, {r.calls} calls, leaders at the end: {r.leaders}",
                )
            )
            out.append(
                Figure(
                    section=SECTION,
                    name=f"{label}: 429s",
                    value=float(r.throttled),
                    baseline=None,
                    unit="responses",
                    baseline_label="",
                    goal="0",
                    met=r.throttled == 0,
                )
            )
            if r.consoles > 1:
                worst = max(r.latencies) if r.latencies else None
                out.append(
                    Figure(
                        section=SECTION,
                        name=f"{label}: a change shows on every other console (slowest)",
                        value=worst,
                        baseline=REFRESH,
                        unit="s",
                        baseline_label="one refresh interval",
                        goal="<= one refresh interval",
                        met=worst is not None and worst <= REFRESH and r.unseen == 0,
                        note=f"{len(r.latencies)} changes, {r.unseen} not shown everywhere",
                    )
                )
    return out


if __name__ == "__main__":
    import sys

    from bench.figures import format_table

    found, details = run("--quick" in sys.argv)
    print(format_table(found))
    for key, value in details.items():
        print(key, value)
