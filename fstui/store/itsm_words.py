"""The words for ITSM codes the UI shows (issue #20), one place like labels.py for tickets.

Requested item stages (reference line 3838), who must approve (line 3936) and an approval's
status (line 3941). The API spells them as codes; an agent reads words.
"""

from __future__ import annotations

__all__ = ["APPROVAL_STATUS_NAMES", "APPROVAL_TYPE_NAMES", "STAGE_NAMES"]

STAGE_NAMES = {
    1: "Requested",
    2: "Delivered",
    3: "Cancelled",
    4: "Fulfilled",
    5: "Partially Fulfilled",
}
APPROVAL_TYPE_NAMES = {1: "Everyone", 2: "Anyone", 3: "Majority", 4: "First responder"}
APPROVAL_STATUS_NAMES = {0: "Requested", 1: "Approved", 2: "Rejected", 3: "Cancelled"}
