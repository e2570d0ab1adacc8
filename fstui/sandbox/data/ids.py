"""ID ranges: Freshservice ids are ~2.1e10 integers (api-facts.md #13); tickets count from 1."""

from __future__ import annotations

LOCATION_BASE = 21_000_010_000
DEPARTMENT_BASE = 21_000_020_000
GROUP_BASE = 21_000_030_000
AGENT_BASE = 21_000_040_000
REQUESTER_BASE = 21_000_060_000
ROLE_BASE = 21_000_001_000
ASSET_ID_BASE = 21_001_000_000
CANNED_FOLDER_BASE = 21_000_002_000
CANNED_RESPONSE_BASE = 21_000_003_000
FIELD_BASE = 21_000_004_000
SCOREBOARD_LEVEL_BASE = 21_000_008_000
WORKSPACE_GROUP_BASE = 21_000_031_000
REQUESTER_GROUP_BASE = 21_000_032_000
AGENT_FIELD_BASE = 21_000_006_000
REQUESTER_FIELD_BASE = 21_000_007_000

# Children of generated tickets get ids derived from the ticket id so that they are the
# same whichever order tickets are read in; written children draw from counters above them.
CHILD_SLOTS = 64
CONVERSATION_BASE = 21_500_000_000
TIME_ENTRY_BASE = 21_600_000_000
TASK_BASE = 21_700_000_000
WRITTEN_CHILD_BASE = 29_000_000_000


def child_id(base: int, ticket_id: int, index: int) -> int:
    return base + ticket_id * CHILD_SLOTS + index
