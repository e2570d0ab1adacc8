"""One sync for every console of an account: the Redis coordinator against a real server.

Each `RedisCoordinator` below is one console with its own mirror in its own cache directory;
they share only the Redis server. The leader's "sync" is a merge into its mirror, as the sync
service does after its API call; a follower applies what `catch_up` returns, with no client.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from fstui.api.ratelimit.redis_store import connect_redis
from fstui.store.coordination import MirrorUpdate, SoloCoordinator, SyncCoordinator
from fstui.store.team.coordinator import RedisCoordinator
from fstui.store.team.server import LocalRedisServer
from fstui.store.team.settings import team_namespace

from .harness import apply, delta_update, full_update, mirror_in, ticket

NS = team_namespace("acme.freshservice.com")

Factory = Callable[..., RedisCoordinator]


@pytest.fixture
async def consoles(redis_url: str) -> AsyncIterator[Factory]:
    made: list[RedisCoordinator] = []

    def make(**options: object) -> RedisCoordinator:
        options.setdefault("namespace", NS)
        options.setdefault("refresh_interval", 1.0)
        options.setdefault("retry_interval", 0.0)
        coordinator = RedisCoordinator(redis_url, **options)  # type: ignore[arg-type]
        made.append(coordinator)
        return coordinator

    yield make
    for coordinator in made:
        await coordinator.aclose()


def test_both_coordinators_fit_the_protocol(redis_url: str) -> None:
    solo: SyncCoordinator = SoloCoordinator()
    team: SyncCoordinator = RedisCoordinator(redis_url, namespace=NS)
    assert solo.status() is None
    assert team.status() == "team: joining"


async def test_one_console_leads_the_others_follow(consoles: Factory) -> None:
    a, b, c = consoles(), consoles(), consoles()
    assert await a.should_lead() is True
    assert await b.should_lead() is False
    assert await c.should_lead() is False
    assert await a.should_lead() is True  # the leader keeps its lease
    assert (a.status(), b.status()) == ("team: leading", "team: following")


async def test_a_console_that_starts_later_gets_one_full_update_and_no_call(
    consoles: Factory, tmp_path: Path
) -> None:
    leader = consoles()
    assert await leader.should_lead()
    leader_mirror = mirror_in(tmp_path / "host-a")
    leader_mirror.replace_all([ticket(i) for i in range(1, 41)], started_at=1e9, finished_at=1e9)
    await leader.publish(full_update(leader_mirror, time.time()))
    result = leader_mirror.merge(
        [ticket(5, subject="VPN drops", minute=5)], started_at=1e9, finished_at=1e9
    )
    await leader.publish(delta_update(leader_mirror, result, time.time()))

    late = consoles()
    assert await late.should_lead() is False
    updates = await late.catch_up()
    assert len(updates) == 1 and updates[0].full  # one snapshot, not the history
    mirror = mirror_in(tmp_path / "host-b")  # its own cache dir: another host
    apply(mirror, updates[0])
    # its queues have everything to show: the whole open set, current, with no API client at all
    assert mirror.loaded
    assert {t["id"] for t in mirror.tickets()} == set(range(1, 41))
    assert mirror.get(5)["subject"] == "VPN drops"  # type: ignore[index]
    unassigned = [t for t in mirror.tickets() if t["responder_id"] is None]
    assert len(unassigned) == len([i for i in range(1, 41) if i % 3])
    assert mirror.meta.sync_from == leader_mirror.meta.sync_from  # takes over where it stopped
    assert await late.catch_up() == []  # nothing new since


async def test_followers_get_each_delta_and_removals(consoles: Factory, tmp_path: Path) -> None:
    leader, follower = consoles(), consoles()
    assert await leader.should_lead() and not await follower.should_lead()
    ours = mirror_in(tmp_path / "a")
    ours.replace_all([ticket(i) for i in range(1, 6)], started_at=1e9, finished_at=1e9)
    await leader.publish(full_update(ours, 1.0))
    theirs = mirror_in(tmp_path / "b")
    for update in await follower.catch_up():
        apply(theirs, update)

    first = ours.merge(
        [ticket(2, subject="Screen flickers", minute=3)], started_at=1e9, finished_at=1e9
    )
    await leader.publish(delta_update(ours, first, 2.0))
    second = ours.merge(
        [ticket(4, status=5, minute=4), ticket(9, minute=4)], started_at=1e9, finished_at=1e9
    )
    await leader.publish(delta_update(ours, second, 3.0))

    updates = await follower.catch_up()
    assert [u.full for u in updates] == [False, False]
    for update in updates:
        apply(theirs, update)
    assert {t["id"] for t in theirs.tickets()} == {1, 2, 3, 5, 9}  # 4 was resolved
    assert theirs.get(2)["subject"] == "Screen flickers"  # type: ignore[index]
    assert {t["id"]: t for t in theirs.tickets()} == {t["id"]: t for t in ours.tickets()}


async def test_followers_hear_of_a_change_without_waiting_for_their_refresh(
    consoles: Factory, tmp_path: Path
) -> None:
    leader, follower = consoles(), consoles()
    heard = asyncio.Event()
    follower.subscribe(heard.set)
    assert await leader.should_lead() and not await follower.should_lead()
    await asyncio.sleep(0.2)  # let the follower's feed reader start blocking
    mirror = mirror_in(tmp_path / "a")
    result = mirror.merge([ticket(1)], started_at=1e9, finished_at=1e9)
    await leader.publish(delta_update(mirror, result, 1.0))
    await asyncio.wait_for(heard.wait(), 30)  # a safety net against a hang, not a speed check
    assert [u.tickets[0]["id"] for u in await follower.catch_up()] == [1]


async def test_a_leader_that_quits_hands_over_at_the_next_refresh(consoles: Factory) -> None:
    leader, follower = consoles(refresh_interval=60.0), consoles(refresh_interval=60.0)
    assert await leader.should_lead() and not await follower.should_lead()
    await leader.aclose()
    assert await follower.should_lead() is True


async def test_a_dead_leader_is_replaced_within_two_refresh_intervals(consoles: Factory) -> None:
    interval = 0.5
    leader, follower = consoles(refresh_interval=interval), consoles(refresh_interval=interval)
    assert await leader.should_lead() and not await follower.should_lead()
    await asyncio.sleep(interval * 1.5)  # the leader renews in the background meanwhile
    assert await follower.should_lead() is False
    for task in leader._tasks:  # the process dies: no renewal, no goodbye
        task.cancel()
    rounds = 0
    while not await follower.should_lead():
        rounds += 1
        await asyncio.sleep(interval)  # the follower's refresh interval
    assert rounds <= 2


async def test_a_leader_that_lost_its_lease_cannot_overwrite_the_new_one(
    consoles: Factory, tmp_path: Path, redis_url: str
) -> None:
    old, new, reader = consoles(), consoles(), consoles()
    assert await old.should_lead()
    client = connect_redis(redis_url)
    await client.delete(f"{NS}:lease")  # as if it expired while the old leader was stalled
    await client.aclose()
    assert await new.should_lead()
    mirror = mirror_in(tmp_path / "a")
    mirror.replace_all([ticket(1)], started_at=1e9, finished_at=1e9)
    await old.publish(full_update(mirror, 1.0))  # too late: not its lease any more
    assert old.leading is False
    assert await reader.catch_up() == []


async def test_reference_data_is_shared(consoles: Factory) -> None:
    a, b = consoles(), consoles()
    agents = [{"id": 7001, "first_name": "Rita", "email": "rita@acme.test"}]
    before = time.time()
    await a.reference_put("ref:agents", agents)
    got = await b.reference_get("ref:agents")
    assert got is not None
    value, stored_at = got
    assert value == agents
    assert stored_at >= before - 1
    assert await b.reference_get("ref:groups") is None


async def test_accounts_do_not_see_each_other(consoles: Factory, tmp_path: Path) -> None:
    acme = consoles(namespace=team_namespace("acme.freshservice.com"))
    globex = consoles(namespace=team_namespace("https://GLOBEX.freshservice.com/api/v2"))
    assert await acme.should_lead() and await globex.should_lead()  # a lease each
    mirror = mirror_in(tmp_path / "a")
    mirror.replace_all([ticket(1)], started_at=1e9, finished_at=1e9)
    await acme.publish(full_update(mirror, 1.0))
    await acme.reference_put("ref:groups", [{"id": 11}])
    assert await globex.catch_up() == []
    assert await globex.reference_get("ref:groups") is None
    assert team_namespace("ACME.freshservice.com") == team_namespace("acme.freshservice.com")
    assert ":" not in team_namespace("evil.com:lease").removeprefix("fstui:").replace(":lease", "")


async def test_redis_down_each_console_syncs_alone_then_rejoins(
    redis_server: LocalRedisServer, tmp_path: Path
) -> None:
    a = RedisCoordinator(redis_server.url, namespace=NS, refresh_interval=5, retry_interval=0)
    b = RedisCoordinator(redis_server.url, namespace=NS, refresh_interval=5, retry_interval=0)
    assert await a.should_lead() and not await b.should_lead()
    redis_server.kill()
    assert await a.should_lead() is True
    assert await b.should_lead() is True  # nobody to follow: b syncs on its own
    assert "unreachable" in b.status()
    mirror = mirror_in(tmp_path / "b")
    mirror.replace_all([ticket(1)], started_at=1e9, finished_at=1e9)
    await b.publish(full_update(mirror, 1.0))  # shared with nobody, and no error
    assert await b.catch_up() == []
    assert await b.reference_get("ref:agents") is None
    redis_server.start()  # an empty server: the old lease is gone
    leads = [await a.should_lead(), await b.should_lead()]
    assert sorted(leads) == [False, True]
    assert a.status() in ("team: leading", "team: following")
    await a.aclose()
    await b.aclose()


async def test_a_restarted_redis_gets_the_whole_mirror_again(
    redis_server: LocalRedisServer, tmp_path: Path
) -> None:
    leader = RedisCoordinator(redis_server.url, namespace=NS, retry_interval=0)
    ours = mirror_in(tmp_path / "a")
    leader.attach_mirror(ours)
    assert await leader.should_lead()
    ours.replace_all([ticket(i) for i in range(1, 11)], started_at=1e9, finished_at=1e9)
    await leader.publish(full_update(ours, 1.0))
    redis_server.kill()
    redis_server.start()  # the shared mirror is gone with the old process
    assert await leader.should_lead()
    result = ours.merge(
        [ticket(3, subject="Badge reader", minute=9)], started_at=1e9, finished_at=1e9
    )
    await leader.publish(delta_update(ours, result, 2.0))  # a delta, but Redis had no base
    newcomer = RedisCoordinator(redis_server.url, namespace=NS)
    updates = await newcomer.catch_up()
    assert len(updates) == 1 and updates[0].full
    assert len(updates[0].tickets) == 10
    await leader.aclose()
    await newcomer.aclose()


async def test_a_follower_that_fell_behind_the_trimmed_feed_gets_a_snapshot(
    consoles: Factory, tmp_path: Path
) -> None:
    leader = consoles(feed_length=5, max_replay=3)
    follower = consoles(max_replay=3)
    assert await leader.should_lead() and not await follower.should_lead()
    ours = mirror_in(tmp_path / "a")
    ours.replace_all([ticket(1)], started_at=1e9, finished_at=1e9)
    await leader.publish(full_update(ours, 1.0))
    await follower.catch_up()
    for n in range(2, 12):
        result = ours.merge([ticket(n, minute=n)], started_at=1e9, finished_at=1e9)
        await leader.publish(delta_update(ours, result, float(n)))
    updates = await follower.catch_up()
    assert len(updates) == 1 and updates[0].full
    assert {t["id"] for t in updates[0].tickets} == set(range(1, 12))


async def test_garbage_in_redis_is_ignored(consoles: Factory, redis_url: str) -> None:
    client = connect_redis(redis_url)
    await client.hset(
        f"{NS}:mirror:tickets",
        mapping={"1": "not json", "2": json.dumps([1]), "3": json.dumps(ticket(3))},
    )
    await client.hset(f"{NS}:mirror:meta", mapping={"full_at": "x", "finished_at": "soon"})
    await client.set(f"{NS}:ref:ref:agents", "{broken")
    await client.aclose()
    reader = consoles()
    updates = await reader.catch_up()
    assert [t["id"] for t in updates[0].tickets] == [3]
    assert await reader.reference_get("ref:agents") is None


def test_updates_round_trip_through_the_feed_format() -> None:
    from fstui.store.team.coordinator import _feed_fields, _parse_delta

    update = MirrorUpdate(
        tickets=[ticket(1)],
        removed=[4],
        full=False,
        sync_from="2026-12-01T09:00:00Z",
        finished_at=5.0,
    )
    fields = _feed_fields(update, "me")
    assert _parse_delta(fields["data"].encode()) == MirrorUpdate(
        tickets=[ticket(1)],
        removed=[4],
        full=False,
        sync_from="2026-12-01T09:00:00Z",
        finished_at=5.0,
    )


async def test_a_hung_redis_leaves_every_console_leading_and_the_loop_free(
    silent_server: str,
) -> None:
    coordinator = RedisCoordinator(silent_server, namespace=NS, timeout=0.3, listen=False)
    ticks = 0
    done = asyncio.Event()

    async def keystrokes() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0.01)

    typing = asyncio.create_task(keystrokes())
    assert await coordinator.should_lead() is True  # cannot tell: sync on its own
    assert await coordinator.catch_up() == []
    done.set()
    await typing
    assert ticks > 3
    assert "unreachable" in coordinator.status()
    await coordinator.aclose()


async def test_any_console_shares_what_its_own_write_answered(
    consoles: Factory, tmp_path: Path
) -> None:
    leader, writer, reader = consoles(), consoles(), consoles()
    assert await leader.should_lead()
    ours = mirror_in(tmp_path / "a")
    ours.replace_all([ticket(1), ticket(2)], started_at=1e9, finished_at=1e9)
    await leader.publish(full_update(ours, 1.0))
    await reader.catch_up()
    answered = ticket(2, subject="Monitor arrived broken", minute=30)
    await writer.publish(  # not the leader: a write, not a sync, so no lease is needed
        MirrorUpdate(tickets=[answered], removed=[], full=False, sync_from=None, finished_at=2.0)
    )
    updates = await reader.catch_up()
    assert [u.tickets[0]["subject"] for u in updates] == ["Monitor arrived broken"]
    late = await consoles().catch_up()  # the shared copy has it too
    subjects = {t["id"]: t["subject"] for t in late[0].tickets}
    assert subjects[2] == "Monitor arrived broken"
    assert late[0].sync_from == ours.meta.sync_from  # a write does not move the watermark
