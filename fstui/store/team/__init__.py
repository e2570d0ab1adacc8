"""Team mode: one API budget and one sync for every console of an account, through Redis.

Off by default; a profile's ``redis_url`` (or ``FSTUI_REDIS_URL``) turns it on. The pieces:
`settings` (what the profile says), `coordinator` (leader lease, shared mirror, change feed,
reference data), the budget store in ``fstui.api.ratelimit.redis_store``, `wiring` (both for
one session), `doctor` (checks for ``fstui doctor``) and `server` (a private loopback Redis for
tests and the benchmark). redis-py is imported only when team mode is used.
"""

from fstui.store.team.settings import (
    ENV_REDIS_URL,
    TeamSettings,
    team_for_profile,
    team_namespace,
    team_settings,
)
from fstui.store.team.wiring import TeamMode, build_team

__all__ = [
    "ENV_REDIS_URL",
    "TeamMode",
    "TeamSettings",
    "build_team",
    "team_for_profile",
    "team_namespace",
    "team_settings",
]
