"""Pydantic models of Freshservice resources, tolerant of drift (see ``_base``).

Exported lazily (PEP 562): a pydantic class is built when its module is imported (fields
collected, validators made), so `from fstui.api.models import Ticket` builds the ticket's models
only, not the assets', the service desk's and every other resource's (issue #22: the queue's
first frame needs Ticket alone).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fstui.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from fstui.api.models._base import FreshserviceModel, TolerantDatetime, parse_tolerant_datetime
    from fstui.api.models.activity import Activity, ActivityActor
    from fstui.api.models.agent import Agent
    from fstui.api.models.asset import Asset, AssetRequest
    from fstui.api.models.asset_type import AssetType, AssetTypeField, AssetTypeFieldSection
    from fstui.api.models.attachment import Attachment
    from fstui.api.models.canned_response import CannedResponse, CannedResponseFolder
    from fstui.api.models.conversation import Conversation
    from fstui.api.models.department import Department
    from fstui.api.models.group import Group
    from fstui.api.models.location import Location
    from fstui.api.models.requester import Requester
    from fstui.api.models.service_desk import (
        Approval,
        Change,
        Problem,
        RelatedTickets,
        RequestedItem,
        ServiceItem,
        SolutionArticle,
        SolutionCategory,
        SolutionFolder,
    )
    from fstui.api.models.task import Task
    from fstui.api.models.ticket import Ticket, TicketRequester, TicketStats
    from fstui.api.models.ticket_field import TicketField
    from fstui.api.models.time_entry import TimeEntry
    from fstui.api.models.workspace import Workspace

__all__ = [
    "Activity",
    "ActivityActor",
    "Agent",
    "Approval",
    "Asset",
    "AssetRequest",
    "AssetType",
    "AssetTypeField",
    "AssetTypeFieldSection",
    "Attachment",
    "CannedResponse",
    "CannedResponseFolder",
    "Change",
    "Conversation",
    "Department",
    "FreshserviceModel",
    "Group",
    "Location",
    "Problem",
    "RelatedTickets",
    "RequestedItem",
    "Requester",
    "ServiceItem",
    "SolutionArticle",
    "SolutionCategory",
    "SolutionFolder",
    "Task",
    "Ticket",
    "TicketField",
    "TicketRequester",
    "TicketStats",
    "TimeEntry",
    "TolerantDatetime",
    "Workspace",
    "parse_tolerant_datetime",
]

_WHERE = {
    "Activity": "fstui.api.models.activity",
    "ActivityActor": "fstui.api.models.activity",
    "Agent": "fstui.api.models.agent",
    "Approval": "fstui.api.models.service_desk",
    "Asset": "fstui.api.models.asset",
    "AssetRequest": "fstui.api.models.asset",
    "AssetType": "fstui.api.models.asset_type",
    "AssetTypeField": "fstui.api.models.asset_type",
    "AssetTypeFieldSection": "fstui.api.models.asset_type",
    "Attachment": "fstui.api.models.attachment",
    "CannedResponse": "fstui.api.models.canned_response",
    "CannedResponseFolder": "fstui.api.models.canned_response",
    "Change": "fstui.api.models.service_desk",
    "Conversation": "fstui.api.models.conversation",
    "Department": "fstui.api.models.department",
    "FreshserviceModel": "fstui.api.models._base",
    "Group": "fstui.api.models.group",
    "Location": "fstui.api.models.location",
    "Problem": "fstui.api.models.service_desk",
    "RelatedTickets": "fstui.api.models.service_desk",
    "RequestedItem": "fstui.api.models.service_desk",
    "Requester": "fstui.api.models.requester",
    "ServiceItem": "fstui.api.models.service_desk",
    "SolutionArticle": "fstui.api.models.service_desk",
    "SolutionCategory": "fstui.api.models.service_desk",
    "SolutionFolder": "fstui.api.models.service_desk",
    "Task": "fstui.api.models.task",
    "Ticket": "fstui.api.models.ticket",
    "TicketField": "fstui.api.models.ticket_field",
    "TicketRequester": "fstui.api.models.ticket",
    "TicketStats": "fstui.api.models.ticket",
    "TimeEntry": "fstui.api.models.time_entry",
    "TolerantDatetime": "fstui.api.models._base",
    "Workspace": "fstui.api.models.workspace",
    "parse_tolerant_datetime": "fstui.api.models._base",
}
"""Each exported name -> the module that defines it (imported on first use)."""


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, __all__)
