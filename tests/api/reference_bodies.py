"""Extracting the JSON response examples from the reference text (for the model tests).

The reference is documentation: some examples have typos (missing commas, trailing commas,
curly quotes, unquoted keys). ``repair`` fixes only those, so the models are tested against the
documented data, not against the typos.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).parents[2] / ".." / "shared" / "reference"
REFERENCE = SHARED / "freshservice-api-v2.txt"
SAMPLES = SHARED / "samples"

_CURL = re.compile(r"-X\s*'?(GET|POST|PUT|DELETE)")
_URL = re.compile(r"https://domain\.freshservice\.com(/api/v2/[^'\s\u2019]*)")


@dataclass(frozen=True)
class Example:
    line: int
    method: str
    path: str
    text: str


def examples() -> list[Example]:
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    found: list[Example] = []
    method, path = "", ""
    for index, line in enumerate(lines):
        if line.startswith("curl"):
            m, u = _CURL.search(line), _URL.search(line)
            if m and u:
                method, path = m.group(1), u.group(1).split("?")[0]
        if line.strip() != "Response":
            continue
        for j in range(index + 1, len(lines)):
            text = lines[j].strip()
            if text.isdigit():
                continue
            if text.startswith(("{", "[")):
                found.append(Example(j + 1, method, path.removeprefix("/api/v2"), text))
            break
    return found


def repair(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    fixed = text.replace("\u201c", '"').replace("\u201d", '"')
    fixed = re.sub(r'"(\w+): "', r'"\1": "', fixed)
    fixed = re.sub(r"([{,]\s*)([A-Za-z_]\w*)(\s*:)", r'\1"\2"\3', fixed)
    fixed = re.sub(r'(true|false|null|\d|"|\]|\})(\s+)(?="[^"]*"\s*:)', r"\1,\2", fixed)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
    return json.loads(fixed)
