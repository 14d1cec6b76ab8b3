"""What the simulator's write hooks and ticket sync share: events, errors and hook signatures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.simulator.state import InstanceState, IssuedToken, JSONDict

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
VALIDATION_CLASS_NAME = "HaloValidationException"


class ValidationFailed(Exception):
    """A write Halo would refuse with 400; `body` is the JSON Halo would answer with."""

    def __init__(self, body: Any) -> None:
        super().__init__("validation failed")
        self.body = body


class RecordNotFound(Exception):
    """A write or read that names an id the instance does not have (404)."""


def model_state(errors: dict[str, str]) -> dict[str, list[str]]:
    """A model-state error body: messages keyed by field."""
    return {name: [message] for name, message in errors.items()}


def class_error(message: str) -> dict[str, str]:
    """An error body shaped like a serialised server exception."""
    return {"ClassName": VALIDATION_CLASS_NAME, "Message": message}


@dataclass(frozen=True)
class HookEnv:
    """What a hook knows about the instance it runs in."""

    name: str
    base_url: str


@dataclass
class WriteEvent:
    """One saved object of a POST, as the hooks see it."""

    entity: str
    key: int
    incoming: JSONDict
    """The object exactly as posted, commands and write-only fields included."""
    created: bool
    caller: IssuedToken | None = None
    """The token the write came with: its application, or the profile whose issued
    credentials made the call (what ticket sync needs to know who is calling)."""
    response_extra: JSONDict = field(default_factory=dict)
    """Fields added to this object's response only (e.g. `_warning`), never stored."""
    response_omit: set[str] = field(default_factory=set)
    """Fields left out of this object's response only (they stay stored)."""


Prepare = Callable[[InstanceState, JSONDict, JSONDict | None], JSONDict]
"""(state, fields to store, stored record or None when creating) -> fields to store; may raise."""
OnWrite = Callable[[InstanceState, WriteEvent, HookEnv], None]
"""Runs with the state lock held, right after the record is saved."""
AfterWrite = Callable[[InstanceState, WriteEvent, HookEnv], None]
"""Runs without the lock (it may call other instances); takes `state.lock` to change records."""
InboundReply = tuple[int, Any]
"""(HTTP status, JSON body) of a write that a hook answered itself."""
Inbound = Callable[[InstanceState, list[JSONDict], IssuedToken, HookEnv], InboundReply | None]
"""Runs without the lock before an ordinary write; answers the POST itself or returns None to let
the ordinary write go ahead (ticket sync: requests made with a profile's issued credentials)."""


@dataclass(frozen=True)
class EntityHooks:
    """How one entity's writes differ from a plain merge."""

    prepare: Prepare | None = None
    on_write: OnWrite | None = None
    after_write: AfterWrite | None = None
    transient: frozenset[str] = frozenset()
    """Fields that act as commands and are never stored."""
    read_only: frozenset[str] = frozenset()
    """Fields the instance sets itself; written values are ignored."""
    inbound: Inbound | None = None
    """Answers a POST before the ordinary write, or lets it through (returns None)."""
