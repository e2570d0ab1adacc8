"""The asset type tree, per-type fields (suffixed with the defining type's id) and assets."""

from __future__ import annotations

import random
import string
from datetime import datetime, timedelta
from typing import Any

from fstui.sandbox.config import PRIMARY_WORKSPACE_ID
from fstui.sandbox.data import ids
from fstui.sandbox.timefmt import iso

JsonDict = dict[str, Any]
TYPE_BASE = 21_000_005_000
ASSET_STATES = ("In Use", "In Stock", "In Transit", "Missing", "Retired")

# name, parent, description, fields: (name, label, field_type, data_type)
_TYPES: tuple[tuple[str, str | None, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    (
        "Hardware",
        None,
        "Physical devices",
        (
            ("product", "Product", "text", "string"),
            ("vendor", "Vendor", "text", "string"),
            ("cost", "Cost", "number", "decimal"),
            ("acquisition_date", "Acquisition Date", "date", "date"),
            ("warranty_expiry_date", "Warranty Expiry Date", "date", "date"),
            ("asset_state", "Asset State", "dropdown", "string"),
            ("serial_number", "Serial Number", "text", "string"),
        ),
    ),
    (
        "Computer",
        "Hardware",
        "Laptops and desktops",
        (
            ("os", "OS", "text", "string"),
            ("os_version", "OS Version", "text", "string"),
            ("memory", "Memory (GB)", "number", "integer"),
            ("cpu", "CPU", "text", "string"),
            ("hostname", "Hostname", "text", "string"),
            ("mac_address", "MAC Address", "text", "string"),
        ),
    ),
    (
        "Laptop",
        "Computer",
        "Portable computers",
        (("battery_health", "Battery Health (%)", "number", "integer"),),
    ),
    ("Desktop", "Computer", "Desktop computers", ()),
    (
        "Monitor",
        "Hardware",
        "Displays",
        (
            ("screen_size", "Screen Size (in)", "number", "integer"),
            ("resolution", "Resolution", "text", "string"),
        ),
    ),
    (
        "Server",
        "Hardware",
        "Physical and virtual servers",
        (
            ("os", "OS", "text", "string"),
            ("memory", "Memory (GB)", "number", "integer"),
            ("cpu_cores", "CPU Cores", "number", "integer"),
            ("hostname", "Hostname", "text", "string"),
            ("ip_address", "IP Address", "text", "string"),
        ),
    ),
    (
        "Network",
        "Hardware",
        "Network devices",
        (
            ("ip_address", "IP Address", "text", "string"),
            ("firmware_version", "Firmware Version", "text", "string"),
            ("port_count", "Ports", "number", "integer"),
        ),
    ),
    ("Router", "Network", "Routers", ()),
    ("Switch", "Network", "Switches", ()),
    ("Access Point", "Network", "Wireless access points", ()),
    (
        "Mobile Device",
        "Hardware",
        "Phones and tablets",
        (
            ("imei_number", "IMEI", "text", "string"),
            ("os", "OS", "text", "string"),
            ("carrier", "Carrier", "text", "string"),
        ),
    ),
    ("Phone", "Mobile Device", "Smartphones", ()),
    (
        "Software",
        None,
        "Installed and SaaS software",
        (
            ("publisher", "Publisher", "text", "string"),
            ("version", "Version", "text", "string"),
            ("licence_type", "Licence Type", "dropdown", "string"),
            ("licence_count", "Licences", "number", "integer"),
        ),
    ),
)

# leaf type, share of assets, (vendor, product) choices
_MODELS: tuple[tuple[str, float, tuple[tuple[str, str], ...]], ...] = (
    (
        "Laptop",
        0.45,
        (
            ("Dell", "Latitude 7440"),
            ("Apple", "MacBook Pro 14"),
            ("Lenovo", "ThinkPad T14"),
            ("HP", "EliteBook 840"),
        ),
    ),
    ("Desktop", 0.08, (("Dell", "OptiPlex 7010"), ("HP", "EliteDesk 800"))),
    ("Monitor", 0.20, (("Dell", "P2723DE"), ("LG", "27UN850"), ("Samsung", "S27A600"))),
    ("Phone", 0.10, (("Apple", "iPhone 15"), ("Samsung", "Galaxy S23"))),
    ("Server", 0.03, (("Dell", "PowerEdge R750"), ("HPE", "ProLiant DL380"))),
    ("Router", 0.01, (("Cisco", "ISR 4331"),)),
    ("Switch", 0.03, (("Cisco", "Catalyst 9300"), ("Aruba", "CX 6300"))),
    ("Access Point", 0.04, (("Aruba", "AP-535"), ("Cisco", "Meraki MR46"))),
    (
        "Software",
        0.06,
        (
            ("Microsoft", "Microsoft 365"),
            ("Adobe", "Acrobat Pro"),
            ("Atlassian", "Jira Software"),
            ("Slack", "Slack Enterprise"),
        ),
    ),
)


def make_asset_types(since: datetime) -> tuple[list[JsonDict], dict[int, list[JsonDict]]]:
    """The type rows and, per type id, its field definitions (own and inherited)."""
    type_ids: dict[str, int] = {}
    types: list[JsonDict] = []
    own_fields: dict[int, list[JsonDict]] = {}
    field_id = ids.FIELD_BASE + 500
    for index, (name, parent, description, fields) in enumerate(_TYPES):
        type_id = TYPE_BASE + index + 1
        type_ids[name] = type_id
        types.append(
            {
                "id": type_id,
                "name": name,
                "parent_asset_type_id": type_ids[parent] if parent else None,
                "description": description,
                "visible": True,
                "created_at": iso(since),
                "updated_at": iso(since),
            }
        )
        rows = []
        for field_name, label, field_type, data_type in fields:
            field_id += 1
            row: JsonDict = {
                "id": field_id,
                "created_at": iso(since),
                "updated_at": iso(since),
                "asset_type_id": type_id,
                "name": f"{field_name}_{type_id}",
                "label": label,
                "field_type": field_type,
                "data_type": data_type,
                "required": field_name in ("product", "asset_state"),
                "is_unique": field_name == "serial_number",
                "default_field": parent is None,
            }
            if field_name == "asset_state":
                row["choices"] = [[state, i + 1] for i, state in enumerate(ASSET_STATES)]
            if field_name == "licence_type":
                row["choices"] = [["Subscription", 1], ["Perpetual", 2], ["Open source", 3]]
            rows.append(row)
        own_fields[type_id] = rows
    return types, own_fields


def type_lineage(types: list[JsonDict], type_id: int) -> list[int]:
    """The type and its ancestors, root first (fields are inherited down the tree)."""
    by_id = {row["id"]: row for row in types}
    chain: list[int] = []
    current: int | None = type_id
    while current is not None:
        chain.append(current)
        current = by_id[current]["parent_asset_type_id"]
    return list(reversed(chain))


def _serial(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(10))


def _type_field_value(
    rng: random.Random, name: str, vendor: str, product: str, created: datetime, display_id: int
) -> Any:
    if name == "product":
        return f"{vendor} {product}"
    if name == "vendor":
        return vendor
    if name == "cost":
        return rng.choice((249, 399, 1199, 1499, 1899, 2499, 8900))
    if name == "acquisition_date":
        return iso(created)
    if name == "warranty_expiry_date":
        return iso(created + timedelta(days=365 * 3))
    if name == "asset_state":
        return rng.choices(ASSET_STATES, weights=(80, 12, 2, 2, 4))[0]
    if name == "serial_number":
        return _serial(rng)
    if name == "os":
        return "macOS" if vendor == "Apple" else rng.choice(("Windows 11", "Windows 10", "Ubuntu"))
    if name == "os_version":
        return rng.choice(("23H2", "22H2", "14.4", "22.04"))
    if name == "memory":
        return rng.choice((8, 16, 32, 64))
    if name == "cpu":
        return rng.choice(("Intel Core i5-1345U", "Intel Core i7-1365U", "Apple M3 Pro"))
    if name == "hostname":
        return f"ACME-{display_id:05d}"
    if name == "mac_address":
        return ":".join(f"{rng.randrange(256):02x}" for _ in range(6))
    if name == "ip_address":
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    if name in ("battery_health", "port_count", "cpu_cores", "screen_size", "licence_count"):
        return {
            "battery_health": rng.randint(60, 100),
            "port_count": rng.choice((8, 24, 48)),
            "cpu_cores": rng.choice((16, 32, 64)),
            "screen_size": rng.choice((24, 27, 32)),
            "licence_count": rng.choice((50, 100, 500)),
        }[name]
    if name == "resolution":
        return rng.choice(("2560x1440", "3840x2160", "1920x1080"))
    if name == "firmware_version":
        return f"{rng.randint(8, 17)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}"
    if name == "imei_number":
        return "".join(rng.choice(string.digits) for _ in range(15))
    if name == "carrier":
        return rng.choice(("Verizon", "AT&T", "Vodafone", "T-Mobile"))
    if name == "publisher":
        return vendor
    if name == "version":
        return rng.choice(("2024", "16.0", "9.12", "5.4"))
    if name == "licence_type":
        return "Subscription"
    return None


def make_assets(
    rng: random.Random,
    count: int,
    now: datetime,
    types: list[JsonDict],
    own_fields: dict[int, list[JsonDict]],
    requesters: list[JsonDict],
    agents: list[JsonDict],
    groups: list[JsonDict],
) -> list[JsonDict]:
    """Assets created over the last three years; most hardware is used by a requester."""
    type_ids = {row["name"]: row["id"] for row in types}
    leaf_weights = [share for _, share, _ in _MODELS]
    hardware_group = next(g["id"] for g in groups if g["name"] == "Hardware")
    rows: list[JsonDict] = []
    for display_id in range(1, count + 1):
        leaf, _, models = rng.choices(_MODELS, weights=leaf_weights)[0]
        vendor, product = rng.choice(models)
        type_id = type_ids[leaf]
        created = now - timedelta(days=rng.randint(1, 1100), seconds=rng.randint(0, 86_399))
        updated = min(now, created + timedelta(days=rng.randint(0, 200)))
        user = (
            rng.choice(requesters)
            if leaf not in ("Server", "Router", "Switch", "Access Point", "Software")
            else None
        )
        type_fields: JsonDict = {}
        for ancestor in type_lineage(types, type_id):
            for definition in own_fields[ancestor]:
                short = definition["name"].rsplit("_", 1)[0]
                type_fields[definition["name"]] = _type_field_value(
                    rng, short, vendor, product, created, display_id
                )
        owner = f"{user['first_name']}'s " if user else ""
        rows.append(
            {
                "id": ids.ASSET_ID_BASE + display_id,
                "display_id": display_id,
                "name": f"{owner}{vendor} {product}"
                if user
                else f"{vendor} {product} #{display_id}",
                "description": f"{leaf} - {vendor} {product}",
                "asset_type_id": type_id,
                "impact": rng.choices(("low", "medium", "high"), weights=(70, 20, 10))[0],
                "author_type": "User",
                "usage_type": "loaner" if rng.random() < 0.05 else "permanent",
                "asset_tag": f"ASSET-{display_id}",
                "user_id": user["id"] if user else None,
                "location_id": user["location_id"] if user else None,
                "department_id": user["department_ids"][0] if user else None,
                "agent_id": rng.choice(agents)["id"] if rng.random() < 0.3 else None,
                "group_id": hardware_group if leaf != "Software" else None,
                "assigned_on": iso(created + timedelta(days=1)) if user else None,
                "created_at": iso(created),
                "updated_at": iso(updated),
                "workspace_id": PRIMARY_WORKSPACE_ID,
                "created_by_source": "User",
                "last_updated_by_source": "User",
                "created_by_user": None,
                "last_updated_by_user": None,
                "sources": ["User"],
                "end_of_life": None,
                "discovery_enabled": leaf in ("Laptop", "Desktop", "Server"),
                "deleted": display_id % 97 == 0,
                "type_fields": type_fields,
            }
        )
    return rows
