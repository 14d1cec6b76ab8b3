"""A last check, before anything is written, that none of the known secrets is in the data."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Iterable
from typing import Any

from halo_wizard.plan.model import PlanError

logger = logging.getLogger(__name__)

__all__ = ["SecretLeakError", "assert_no_secrets"]


class SecretLeakError(PlanError):
    """A secret was about to be written; the message says where, never what."""


def _as_json_tree(data: object) -> Any:
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return dataclasses.asdict(data)
    return data


def _walk(tree: Any) -> Iterable[tuple[str, str]]:
    """Every text in the tree (keys and values), with its path, depth first."""
    stack: list[tuple[str, Any]] = [("plan", tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            for key, value in node.items():
                key_text = str(key)
                # Checked before its contents, so no reported path ever holds a secret key.
                yield f"{path} (a field name)", key_text
                stack.append((f"{path}.{key_text}", value))
        elif isinstance(node, list | tuple | set | frozenset):
            stack.extend((f"{path}[{index}]", item) for index, item in enumerate(node))
        elif node is not None and not isinstance(node, bool | int | float):
            yield path, str(node)


def assert_no_secrets(data: object, secrets: Iterable[str]) -> None:
    """Raise SecretLeakError if any of `secrets` appears anywhere in `data` as serialized to JSON.

    `data` may be a plan (anything with to_dict()), a dataclass or plain JSON data. Empty secrets
    are ignored (they would match everything). The error names the place, never the secret.
    """
    needles = sorted({s for s in secrets if isinstance(s, str) and s.strip()})
    if not needles:
        return
    tree = _as_json_tree(data)
    for path, text in _walk(tree):
        if any(needle in text for needle in needles):
            logger.error("A secret was found in data about to be written, at %s", path)
            raise SecretLeakError(
                f"A secret was found at {path}; nothing was written. Secrets belong in the "
                "system keychain only: clear that field and try again.",
                field=path,
            )
    # The walk covers every string; this catches the rest (a secret made only of digits, say).
    for ensure_ascii in (False, True):
        serialized = json.dumps(tree, ensure_ascii=ensure_ascii, default=str, sort_keys=True)
        for needle in needles:
            escaped = json.dumps(needle, ensure_ascii=ensure_ascii)[1:-1]
            if needle in serialized or escaped in serialized:
                logger.error("A secret was found in data about to be written")
                raise SecretLeakError(
                    "A secret was found in the data about to be written; nothing was written. "
                    "Secrets belong in the system keychain only."
                )
