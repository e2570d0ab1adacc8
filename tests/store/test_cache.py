"""The disk cache: private, JSON-only, never holds the API key, and moves off network homes."""

from __future__ import annotations

import os
import pathlib
import stat
from pathlib import Path

import diskcache
import pytest

from fstui.store.cache import (
    JsonCache,
    SecretLeakError,
    cache_dir_for,
    filesystem_type,
    resolve_cache_dir,
)

API_KEY = "Zq8rT2vLx9NcPw4Hs7Ke"


def _all_paths(root: Path) -> list[Path]:
    return [root, *root.rglob("*")]


def test_round_trip_with_storage_time(tmp_path: Path) -> None:
    now = [1000.0]
    cache = JsonCache(tmp_path / "c", clock=lambda: now[0])
    cache.set("ticket:1", {"id": 1, "subject": "Printer on fire", "tags": ["hw"]})
    now[0] = 1060.0
    entry = cache.get("ticket:1")
    assert entry is not None
    assert entry.value == {"id": 1, "subject": "Printer on fire", "tags": ["hw"]}
    assert entry.stored_at == 1000.0
    assert cache.get("ticket:2") is None
    cache.close()


def test_survives_reopen_and_lists_by_prefix(tmp_path: Path) -> None:
    with JsonCache(tmp_path / "c") as cache:
        for key in ("ticket:1", "ticket:2", "queue:mine", "ref:agents"):
            cache.set(key, key)
        assert cache.delete("ref:agents")
    with JsonCache(tmp_path / "c") as cache:
        assert cache.keys("ticket:") == ["ticket:1", "ticket:2"]
        assert cache.keys() == ["queue:mine", "ticket:1", "ticket:2"]
        assert cache.delete_prefix("ticket:") == 2
        assert cache.keys() == ["queue:mine"]


def test_directory_is_private_and_files_owner_only(tmp_path: Path) -> None:
    directory = tmp_path / "nested" / "cache"
    cache = JsonCache(directory)
    for index in range(50):
        cache.set(f"ticket:{index}", {"body": "x" * 2000})
    # While open the -wal/-shm exist too; check them as well as after close.
    paths = _all_paths(directory)
    cache.close()
    paths += _all_paths(directory)
    assert any(p.name.endswith("-wal") for p in paths), "expected sqlite WAL while open"
    for path in paths:
        if not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path} has mode {oct(mode)}"


def test_existing_loose_directory_is_tightened(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    directory.mkdir(mode=0o755)
    directory.chmod(0o755)
    JsonCache(directory).close()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_refuses_values_containing_the_api_key(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path / "c", secrets=[API_KEY])
    with pytest.raises(SecretLeakError) as caught:
        cache.set("ticket:1", {"description": f"my key is {API_KEY}, help"})
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value)
    # The Basic auth form of the key is the key too.
    import base64

    token = base64.b64encode(f"{API_KEY}:X".encode()).decode()
    with pytest.raises(SecretLeakError):
        cache.set("headers", {"authorization": f"Basic {token}"})
    with pytest.raises(SecretLeakError) as caught_key:
        cache.set(f"k:{API_KEY}", 1)
    assert API_KEY not in str(caught_key.value)
    assert cache.get("ticket:1") is None
    cache.close()
    for path in _all_paths(tmp_path / "c"):
        if path.is_file():
            assert API_KEY.encode() not in path.read_bytes()


def test_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    directory = tmp_path / "c"
    marker = tmp_path / "pwned"
    JsonCache(directory).close()

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[object, ...]]:
            return (pathlib.Path.touch, (marker,))

    # Another user (or a bug) writes pickles with stock diskcache straight into the db.
    planter = diskcache.Cache(str(directory))
    planter.set("ticket:1", Evil())
    planter.set(("tuple", "key"), Evil())
    planter.close()

    cache = JsonCache(directory)
    assert cache.get("ticket:1") is None
    assert cache.keys() == []
    assert not marker.exists(), "a pickle in the cache was executed"
    # The unsafe row was dropped and the key is usable again.
    cache.set("ticket:1", {"id": 1})
    entry = cache.get("ticket:1")
    assert entry is not None and entry.value == {"id": 1}
    cache.close()
    assert not marker.exists()


def test_refuses_a_directory_that_is_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(OSError):
        JsonCache(link)


MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
filer:/export/home /home nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /home/local\\040disk ext4 rw 0 0
//nas/share /mnt/share cifs rw 0 0
"""


def test_filesystem_type_uses_longest_mount_prefix() -> None:
    assert filesystem_type(Path("/home/alice/.cache/fstui"), MOUNTS) == "nfs4"
    assert filesystem_type(Path("/home/local disk/fstui"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/homework"), MOUNTS) == "ext4"
    assert filesystem_type(Path("/mnt/share/x"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/tmp"), MOUNTS) == "tmpfs"


def test_network_home_falls_back_to_local_dir_with_warning(tmp_path: Path) -> None:
    location = resolve_cache_dir(
        "work",
        user_cache_dir=Path("/home/alice/.cache/fstui"),
        mounts_text=MOUNTS,
        temp_root=tmp_path,
    )
    assert location.warning is not None and "network file system" in location.warning
    assert location.path.is_relative_to(tmp_path)
    assert location.path.name == "work"
    assert stat.S_IMODE(location.path.parent.stat().st_mode) == 0o700


def test_local_home_is_used_as_is() -> None:
    location = resolve_cache_dir(
        "work", user_cache_dir=Path("/srv/cache/fstui"), mounts_text=MOUNTS
    )
    assert location == (Path("/srv/cache/fstui/work"), None)


def test_fallback_avoids_a_directory_planted_by_someone_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = os.getuid()
    planted = tmp_path / f"fstui-{uid}"
    planted.mkdir()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)  # now it "belongs to someone else"
    (tmp_path / f"fstui-{uid + 1}").symlink_to(planted)
    location = resolve_cache_dir(
        "p", user_cache_dir=Path("/home/a/.cache/fstui"), mounts_text=MOUNTS, temp_root=tmp_path
    )
    assert not location.path.is_relative_to(tmp_path / f"fstui-{uid + 1}")


def test_profile_names_cannot_escape_the_cache_root() -> None:
    path = cache_dir_for("../../etc")
    assert ".." not in path.parts
