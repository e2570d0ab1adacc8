"""Pydantic models of Freshservice resources, tolerant of drift (see ``_base``)."""

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
