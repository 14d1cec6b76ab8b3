"""How values in Halo records read (a number, a workflow's actions), once for every layer."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

from halo_wizard.api import constants as C

__all__ = ["as_int", "workflow_action_ids"]

_WHOLE_NUMBER: Final = re.compile(r"-?[0-9]+")


def as_int(value: Any) -> int | None:
    """An id or whole number from a record field, or None when the value is not one.

    - a bool is not a number: True and False give None (Halo's flags are not ids);
    - an int is itself; a float only when it is whole (12.0 -> 12, 12.5 -> None, NaN -> None);
    - text only when it is a whole number in ASCII digits, spaces around allowed ("12" -> 12,
      " -3 " -> -3; "+12", "12.0", "12a" and "" -> None);
    - anything else (None, lists, dicts) gives None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if _WHOLE_NUMBER.fullmatch(text) else None
    return None


def _rows(value: Any) -> list[Mapping[str, Any]]:
    return [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []


def workflow_action_ids(workflow: Mapping[str, Any]) -> tuple[int, ...]:
    """Every action a workflow allows, once each: its steps' actions in step order, then its
    always-allowed actions. Rows that are not records, and ids that are not numbers
    (see as_int), are passed over; a workflow read without its details gives ()."""
    ids: dict[int, None] = {}
    for step in _rows(workflow.get(C.WORKFLOW_STEPS)):
        for row in _rows(step.get(C.WORKFLOW_STEP_ACTIONS)):
            if (value := as_int(row.get(C.WORKFLOW_STEP_ACTION_ID))) is not None:
                ids[value] = None
    for row in _rows(workflow.get(C.WORKFLOW_ALWAYS_ALLOWED)):
        if (value := as_int(row.get("id"))) is not None:
            ids[value] = None
    return tuple(ids)


def json_kind(value: object) -> str:
    """What a JSON value is, in plain words: never the value itself (it might be a secret) and
    never a Python type name."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "empty text" if value == "" else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a value of an unknown kind"
