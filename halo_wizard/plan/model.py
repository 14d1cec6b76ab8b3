"""The plan: one connection's whole configuration as plain data, read and written as strict JSON.

A plan never holds a secret. Client secrets live in the system keychain, under the entry named by
`InstancePlan.secret_key`.

The feature sections (the stored action check, the recorded action settings, the connected
instances, the rows halo_wizard created, the roles put aside by a swap) are typed fields of the
plan, each under its own JSON key. Unknown keys: at the top level of a plan they are kept in
`Plan.extra` and written back unchanged (so a newer halo_wizard of the same format version can add
a section without an older one losing it). Inside the known sections (instances, profiles,
mappings, ...) an unknown key is rejected with a message that names it: there it is almost always
a typo in a hand-written plan that would otherwise be silently ignored. A change to a known
section needs a new format version and a migration.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
import logging
import math
import re
import threading
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any, Final, TypeVar

from halo_wizard.api.constants import (
    DEFAULT_SCOPE,
    STATUS_ACTION_OR_TICKET_TYPE_DEFAULT,
    UNKNOWN_BY_KEY,
)
from halo_wizard.api.errors import InvalidUrl
from halo_wizard.api.urls import Endpoint, parse_instance_url
from halo_wizard.api.values import json_kind
from halo_wizard.journey import JOURNEY_STEPS as JOURNEY_STEPS
from halo_wizard.journey import STEP_TITLES as STEP_TITLES
from halo_wizard.journey import ConnectionKind as ConnectionKind
from halo_wizard.journey import Side as Side
from halo_wizard.journey import StepId as StepId
from halo_wizard.journey import StepStatus as StepStatus

logger = logging.getLogger(__name__)

PLAN_FORMAT: Final = "halo-wizard-plan"
PLAN_FORMAT_VERSION: Final = 1
FINGERPRINT_VERSION: Final = 2
"""Bumped whenever what the fingerprint covers changes, so old and new fingerprints differ.
Version 2 added the recorded settings of the actions the mappings use (Plan.action_settings)."""
ACTION_SETTINGS_SECTION: Final = "action_settings"
"""The plan section with the key settings of the mapped actions, as the instances held them
(written by steps.drift.remember_action_settings, whose ACTION_SETTINGS_KEY is the same name)."""
CHECK_RESULT_KEY: Final = "action_check"
"""The plan section with the last action check (Plan.action_check, written by plan.freshness)."""
CONNECTED_INSTANCES_SECTION: Final = "connected_instances"
"""The plan section of a connected-instances plan (Plan.connected_instances, see plan.linked)."""
CREATED_ROWS_KEY: Final = "created_by_halo_wizard"
"""The plan section with the action mappings whose action halo_wizard created."""
PARKED_KEY: Final = "other_roles"
"""The plan section with what the plan knew with the roles the other way round."""
PAIRING_KEY: Final = "pairing"
"""The plan section of a two-party set-up: the side this admin manages, what the partner sent."""
LAST_DRIFT_KEY: Final = "last_drift"
"""The plan section with the last drift check (Plan.last_drift, written by steps.overview)."""
KNOWN_SECTIONS: Final[dict[str, str]] = {
    CHECK_RESULT_KEY: "halo_wizard.plan.freshness",
    ACTION_SETTINGS_SECTION: "halo_wizard.steps.drift",
    CONNECTED_INSTANCES_SECTION: "halo_wizard.plan.linked",
    CREATED_ROWS_KEY: "halo_wizard.plan.freshness",
    PARKED_KEY: "halo_wizard.plan.model",
    PAIRING_KEY: "halo_wizard.steps.two_party",
    LAST_DRIFT_KEY: "halo_wizard.steps.overview",
}
"""The feature sections a plan may hold (each a typed field of Plan, see SECTION_TYPES), each with
the module that writes it; docs/plan.schema.json describes every one. Any other top-level key is
kept in Plan.extra (a newer halo_wizard may have written it), and noted once in the debug log."""
_UNKNOWN_SECTIONS_SEEN: set[str] = set()  # so a plan saved and read again is noted only once

__all__ = [
    "ACTION_SETTINGS_SECTION",
    "CHECK_RESULT_KEY",
    "CONNECTED_INSTANCES_SECTION",
    "CREATED_ROWS_KEY",
    "DEFAULT_APPLICATION_NAME",
    "DEFAULT_ATTRIBUTE",
    "FINGERPRINT_VERSION",
    "JOURNEY_STEPS",
    "KNOWN_SECTIONS",
    "LAST_DRIFT_KEY",
    "PAIRING_KEY",
    "PARKED_KEY",
    "PLAN_FORMAT",
    "PLAN_FORMAT_VERSION",
    "SECTION_TYPES",
    "STATUS_ACTION_OR_TICKET_TYPE_DEFAULT",
    "STEP_TITLES",
    "ActionCheck",
    "ActionSettings",
    "AgentsPlan",
    "Confirmation",
    "ConnectionKind",
    "CreatedRows",
    "DriftResult",
    "InstancePlan",
    "LastDrift",
    "LearnedFact",
    "LinkedPlan",
    "MappingKind",
    "MappingOrigin",
    "MappingRow",
    "Pairing",
    "ParkedProfile",
    "ParkedRoles",
    "Plan",
    "PlanError",
    "ProfileMappings",
    "ProfilePlan",
    "SettingValue",
    "Side",
    "StepId",
    "StepState",
    "StepStatus",
    "derive_api_url",
    "derive_auth_url",
    "issued_secret_key",
    "new_plan_id",
    "plan_name",
    "utc_now_iso",
]

_PLAN_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Key names that a plan must never carry, whatever section they appear in.
_SECRET_WORDS: Final = ("secret", "password", "token")
_OWN_SECRET_KEY_FIELD: Final = "secret_key"  # the keychain entry NAME, never the secret
# The same pattern is in docs/plan.schema.json: keep the two equal.
_WEB_ADDRESS = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*$")
_SAFE_ECHO = re.compile(r"^[A-Za-z_ -]{1,24}$")


class PlanError(ValueError):
    """A plan (or a plan file) that cannot be used, with a message an admin can act on.

    `field` is the path of the bad field (e.g. "plan.customer.base_url") when one is to blame.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ---- Enumerations --------------------------------------------------------------------------------


class MappingKind(StrEnum):
    """The inbound mapping tables of a profile."""

    STATUS = "status"
    CATEGORY = "category"
    FIELD = "field"
    ACTION = "action"
    TICKET_TYPE = "ticket_type"  # customer profile only


class MappingOrigin(StrEnum):
    """How a mapping row came to be."""

    AUTO = "auto"  # matched by name by the wizard
    MANUAL = "manual"  # chosen by the admin
    EXISTING = "existing"  # already on the instance when the wizard read it
    SUGGESTED = "suggested"  # a near match the admin has not accepted yet
    ACCEPTED = "accepted"  # a suggestion the admin accepted


# ---- Small helpers -------------------------------------------------------------------------------


def utc_now_iso() -> str:
    """The current time in UTC, as the plan stores it (e.g. "2026-09-01T09:15:00+00:00")."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def default_secret_key(plan_id: str, side: Side) -> str:
    """The keychain entry of a side's client secret when the plan names none of its own."""
    return f"plan-{plan_id}-{side.value}"


def issued_secret_key(plan_id: str, side: Side) -> str:
    """The keychain entry of the client secret the plan's profile in `side`'s instance issued,
    kept when the instance shows it only once (or the admin pasted it from Halo's screen)."""
    return f"plan-{plan_id}-issued-{side.value}"


def new_plan_id() -> str:
    import uuid  # only when a plan is made: not on every start

    return uuid.uuid4().hex


def _endpoint(base_url: str) -> Endpoint | None:
    """The addresses the URL parser derives (the one derivation), or None for no address."""
    if not base_url.strip():
        return None
    try:
        return parse_instance_url(base_url)
    except InvalidUrl:
        return None


def derive_api_url(base_url: str) -> str:
    """The Resource Server address Halo shows for a base URL, as api.urls derives it
    ("" when there is no base URL, or it is not an instance address)."""
    endpoint = _endpoint(base_url)
    return endpoint.api_url if endpoint is not None else ""


def derive_auth_url(base_url: str) -> str:
    """The Authorisation Server address Halo shows for a base URL, as api.urls derives it
    ("" when there is no base URL, or it is not an instance address)."""
    endpoint = _endpoint(base_url)
    return endpoint.auth_url if endpoint is not None else ""


def _looks_like_secret_name(key: str) -> bool:
    lowered = key.lower()
    return lowered != _OWN_SECRET_KEY_FIELD and any(word in lowered for word in _SECRET_WORDS)


def _describe(value: object) -> str:
    """What a JSON value is, in plain words (never the value itself: it might be a secret)."""
    return json_kind(value)


def _fail(path: str, text: str) -> PlanError:
    return PlanError(f"{path}: {text}", field=path)


def _check_free_value(value: object, path: str) -> Any:
    """Check a free-form JSON value (e2e results, extra sections) and return a deep copy of it."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _fail(path, "expected a finite number, found NaN or infinity")
        return value
    if isinstance(value, list):
        return [_check_free_value(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise _fail(path, "object keys must be text")
            if _looks_like_secret_name(key):
                raise _secret_field(f"{path}.{key}")
            result[key] = _check_free_value(item, f"{path}.{key}")
        return result
    raise _fail(path, f"expected a JSON value, found {_describe(value)}")


def _secret_field(path: str) -> PlanError:
    return _fail(
        path,
        "a plan never holds secrets, passwords or tokens; remove this field and keep the secret "
        "in the system keychain (halo_wizard asks for it when it needs it)",
    )


E = TypeVar("E", bound=Enum)


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    """The JSON keys of a plan section: its dataclass fields (Plan.extra is not a key itself);
    the same for every row of a section, so worked out once per class."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(
            item.name for item in dataclasses.fields(cls) if item.name != "extra"
        )
    return names


class _Fields:
    """Reads one JSON object of a plan; every complaint names the field path."""

    __slots__ = ("_data", "path")

    def __init__(self, data: object, path: str, known: Iterable[str] | None) -> None:
        if not isinstance(data, dict):
            raise _fail(path, f"expected an object {{...}}, found {_describe(data)}")
        self._data: dict[str, object] = data
        self.path = path
        if known is not None:
            _reject_unknown(self._data, tuple(known), path)

    def has(self, key: str) -> bool:
        return key in self._data

    def raw(self, key: str) -> object:
        return self._data.get(key)

    def keys(self) -> list[str]:
        return list(self._data)

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def _missing(self, key: str) -> PlanError:
        return _fail(self._at(key), "required, but missing")

    def required_text(self, key: str) -> str:
        if key not in self._data:
            raise self._missing(key)
        return self._text_value(key, self._data[key])

    def text(self, key: str, default: str) -> str:
        if key not in self._data:
            return default
        return self._text_value(key, self._data[key])

    def _text_value(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise _fail(self._at(key), f"expected text, found {_describe(value)}")
        return value

    def _int_value(self, key: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(self._at(key), f"expected a whole number, found {_describe(value)}")
        if isinstance(value, float):
            if not value.is_integer():
                raise _fail(self._at(key), "expected a whole number, found a fraction")
            return int(value)
        return value

    def required_int(self, key: str) -> int:
        if key not in self._data:
            raise self._missing(key)
        return self._int_value(key, self._data[key])

    def optional_int(self, key: str) -> int | None:
        value = self._data.get(key)
        return None if value is None else self._int_value(key, value)

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self._data:
            return default
        value = self._data[key]
        if not isinstance(value, bool):
            raise _fail(self._at(key), f"expected true or false, found {_describe(value)}")
        return value

    def optional_bool(self, key: str) -> bool | None:
        value = self._data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise _fail(self._at(key), f"expected true, false or null, found {_describe(value)}")
        return value

    def optional_number(self, key: str) -> float | None:
        value = self._data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(self._at(key), f"expected a number, found {_describe(value)}")
        if not math.isfinite(value):
            raise _fail(self._at(key), "expected a finite number, found NaN or infinity")
        return float(value)

    def optional_datetime(self, key: str) -> str | None:
        value = self._data.get(key)
        return None if value is None else self._datetime_value(key, value)

    def timestamp(self, key: str, default: str) -> str:
        if key not in self._data:
            return default
        return self._datetime_value(key, self._data[key])

    def _datetime_value(self, key: str, value: object) -> str:
        expected = "expected a date and time like 2026-09-01T09:15:00+00:00"
        if not isinstance(value, str):
            raise _fail(self._at(key), f"{expected}, found {_describe(value)}")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _fail(self._at(key), f"{expected}, found other text") from None
        return value

    def choice(self, key: str, kind: type[E], default: E | None) -> E:
        if key not in self._data:
            if default is None:
                raise self._missing(key)
            return default
        value = self._data[key]
        if isinstance(value, str):
            try:
                member = kind(value)  # the enum's own lookup: one dictionary hit
            except ValueError:
                pass
            else:
                if member.value == value:
                    return member
        allowed = ", ".join(str(member.value) for member in kind)
        found = f"'{value}'" if isinstance(value, str) and _SAFE_ECHO.fullmatch(value) else None
        found = found or _describe(value)
        raise _fail(self._at(key), f"expected one of {allowed}; found {found}")

    def url(self, key: str, default: str | None) -> str:
        """An http(s) address, or "" while the plan is still being filled in."""
        value = self.required_text(key) if default is None else self.text(key, default)
        if value and not _WEB_ADDRESS.fullmatch(value):
            raise _fail(
                self._at(key),
                "expected a web address starting with https:// (for example "
                "https://contoso.halopsa.com)",
            )
        return value

    def items(self, key: str) -> list[object]:
        value = self._data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise _fail(self._at(key), f"expected a list [...], found {_describe(value)}")
        return value


def _reject_unknown(data: Mapping[str, object], known: tuple[str, ...], path: str) -> None:
    for key in data:
        if key in known:
            continue
        if _looks_like_secret_name(key):
            raise _secret_field(f"{path}.{key}")
        import difflib  # only for a mistyped name

        close = difflib.get_close_matches(key, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise _fail(
            f"{path}.{key}",
            f"unknown field{hint}. Fields allowed here: {', '.join(sorted(known))}",
        )


# ---- The parts of a plan -------------------------------------------------------------------------


@dataclass(slots=True)
class LearnedFact:
    """The answer one instance gave to one of Halo's unknowns (constants.UNKNOWNS), and how."""

    answer: str  # one of the unknown's answers
    source: str  # "instance" (what Halo holds), "example" (set once by the admin in Halo),
    # "end-to-end" (what the test observed) or "admin" (the admin said so)
    evidence: str  # in plain words: what was seen
    learned_at: str = field(default_factory=utc_now_iso)

    SOURCES: typing.ClassVar[tuple[str, ...]] = ("instance", "example", "end-to-end", "admin")

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "source": self.source,
            "evidence": self.evidence,
            "learned_at": self.learned_at,
        }

    @classmethod
    def from_dict(cls, data: object, path: str, key: str) -> LearnedFact:
        f = _Fields(data, path, ("answer", "source", "evidence", "learned_at"))
        unknown = UNKNOWN_BY_KEY.get(key)
        if unknown is None:
            raise _fail(path, f"not a known question; known: {', '.join(sorted(UNKNOWN_BY_KEY))}")
        answer = f.required_text("answer")
        if answer not in unknown.answers:
            raise _fail(f"{path}.answer", f"expected one of {', '.join(unknown.answers)}")
        source = f.required_text("source")
        if source not in cls.SOURCES:
            raise _fail(f"{path}.source", f"expected one of {', '.join(cls.SOURCES)}")
        return cls(
            answer=answer,
            source=source,
            evidence=f.text("evidence", ""),
            learned_at=f.timestamp("learned_at", utc_now_iso()),
        )


@dataclass(slots=True)
class InstancePlan:
    """One Halo instance: where it is and which API application the wizard signs in with."""

    name: str
    base_url: str
    api_url: str = ""  # "" means: derive "{base_url}/api"
    auth_url: str = ""  # "" means: derive "{base_url}/auth"
    tenant: str = ""
    client_id: str = ""
    scope: str = DEFAULT_SCOPE
    product: str = ""
    version: str = ""
    login_agent: str = ""
    secret_key: str = ""  # keychain entry name, e.g. "plan-<id>-customer"; never the secret
    last_tested: str | None = None
    learned: dict[str, LearnedFact] = field(default_factory=dict)
    """What this instance has shown of Halo's unknowns, by constants.Unknown.key."""

    def __post_init__(self) -> None:
        if not self.api_url:
            self.api_url = derive_api_url(self.base_url)
        if not self.auth_url:
            self.auth_url = derive_auth_url(self.base_url)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "base_url": self.base_url,
            "api_url": self.api_url,
            "auth_url": self.auth_url,
            "tenant": self.tenant,
            "client_id": self.client_id,
            "scope": self.scope,
            "product": self.product,
            "version": self.version,
            "login_agent": self.login_agent,
            "secret_key": self.secret_key,
            "last_tested": self.last_tested,
            "learned": {key: fact.to_dict() for key, fact in sorted(self.learned.items())},
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> InstancePlan:
        f = _Fields(data, path, _field_names(cls))
        scope = f.text("scope", DEFAULT_SCOPE)
        if not scope.strip():
            raise _fail(f"{path}.scope", "empty; use 'all' unless you know the exact scopes")
        return cls(
            name=f.required_text("name"),
            base_url=f.url("base_url", None),
            api_url=f.url("api_url", ""),
            auth_url=f.url("auth_url", ""),
            tenant=f.text("tenant", ""),
            client_id=f.required_text("client_id"),
            scope=scope,
            product=f.text("product", ""),
            version=f.text("version", ""),
            login_agent=f.text("login_agent", ""),
            secret_key=f.text("secret_key", ""),
            last_tested=f.optional_datetime("last_tested"),
            learned=_learned_facts(f.raw("learned") if f.has("learned") else {}, f"{path}.learned"),
        )


def _learned_facts(data: object, path: str) -> dict[str, LearnedFact]:
    if not isinstance(data, Mapping):
        raise _fail(path, f"expected an object of learned facts, found {_describe(data)}")
    return {
        str(key): LearnedFact.from_dict(value, f"{path}.{key}", str(key))
        for key, value in data.items()
    }


@dataclass(slots=True)
class ProfilePlan:
    """A supplier or customer profile: the record that represents the other party in an instance."""

    name: str
    record_id: int | None = None  # filled once found or created
    create: bool = True  # create it when no record of that name exists
    api_access: bool = True
    last_authenticated: str | None = None
    authenticated: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "record_id": self.record_id,
            "create": self.create,
            "api_access": self.api_access,
            "last_authenticated": self.last_authenticated,
            "authenticated": self.authenticated,
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> ProfilePlan:
        f = _Fields(data, path, _field_names(cls))
        return cls(
            name=f.required_text("name"),
            record_id=f.optional_int("record_id"),
            create=f.boolean("create", True),
            api_access=f.boolean("api_access", True),
            last_authenticated=f.optional_datetime("last_authenticated"),
            authenticated=f.optional_bool("authenticated"),
        )


@dataclass(slots=True)
class MappingRow:
    """One inbound mapping: a record of the OTHER instance (remote) to one of this one (local)."""

    kind: MappingKind
    remote_id: int
    remote_name: str = ""
    local_id: int | None = None  # None: not mapped; with origin "suggested": not applied yet
    local_name: str = ""
    origin: MappingOrigin = MappingOrigin.MANUAL
    score: float | None = None  # how close the names matched, when the wizard matched them

    @property
    def mapped(self) -> bool:
        """True when applying the plan writes this row (a suggestion waits for the admin)."""
        return self.local_id is not None and self.origin is not MappingOrigin.SUGGESTED

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "remote_id": self.remote_id,
            "remote_name": self.remote_name,
            "local_id": self.local_id,
            "local_name": self.local_name,
            "origin": self.origin.value,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> MappingRow:
        f = _Fields(data, path, _field_names(cls))
        return cls(
            kind=f.choice("kind", MappingKind, None),
            remote_id=f.required_int("remote_id"),
            remote_name=f.text("remote_name", ""),
            local_id=f.optional_int("local_id"),
            local_name=f.text("local_name", ""),
            origin=f.choice("origin", MappingOrigin, MappingOrigin.MANUAL),
            score=f.optional_number("score"),
        )


@dataclass(slots=True)
class ProfileMappings:
    """The inbound settings of one profile: how what arrives from the other instance is recorded."""

    rows: list[MappingRow] = field(default_factory=list)
    default_status: int | None = None  # STATUS_ACTION_OR_TICKET_TYPE_DEFAULT (-1) is allowed
    default_category: int | None = None
    default_action: int | None = None
    default_ticket_type: int | None = None  # customer profile only
    outbound_attachments: bool = False  # send attachments on synced actions to the other side

    def rows_of(self, kind: MappingKind) -> list[MappingRow]:
        return [row for row in self.rows if row.kind is kind]

    def find(self, kind: MappingKind, remote_id: int) -> MappingRow | None:
        for row in self.rows:
            if row.kind is kind and row.remote_id == remote_id:
                return row
        return None

    def mapped_count(self, kind: MappingKind) -> int:
        return sum(1 for row in self.rows if row.kind is kind and row.mapped)

    def set_row(
        self,
        kind: MappingKind,
        remote_id: int,
        *,
        local_id: int | None,
        remote_name: str = "",
        local_name: str = "",
        origin: MappingOrigin = MappingOrigin.MANUAL,
        score: float | None = None,
    ) -> MappingRow:
        """Map a remote record (replacing its row, kept in place, or adding one at the end)."""
        row = MappingRow(kind, remote_id, remote_name, local_id, local_name, origin, score)
        for index, existing in enumerate(self.rows):
            if existing.kind is kind and existing.remote_id == remote_id:
                self.rows[index] = row
                return row
        self.rows.append(row)
        return row

    def set_rows(self, rows: Iterable[MappingRow]) -> None:
        """set_row for many rows in one pass (auto-mapping thousands of actions stays fast)."""
        index = {(row.kind, row.remote_id): i for i, row in enumerate(self.rows)}
        for row in rows:
            key = (row.kind, row.remote_id)
            if key in index:
                self.rows[index[key]] = row
            else:
                index[key] = len(self.rows)
                self.rows.append(row)

    def remove_row(self, kind: MappingKind, remote_id: int) -> bool:
        for index, existing in enumerate(self.rows):
            if existing.kind is kind and existing.remote_id == remote_id:
                del self.rows[index]
                return True
        return False

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": [row.to_dict() for row in self.rows],
            "default_status": self.default_status,
            "default_category": self.default_category,
            "default_action": self.default_action,
            "default_ticket_type": self.default_ticket_type,
            "outbound_attachments": self.outbound_attachments,
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> ProfileMappings:
        f = _Fields(data, path, _field_names(cls))
        rows = [
            MappingRow.from_dict(item, f"{path}.rows[{i}]")
            for i, item in enumerate(f.items("rows"))
        ]
        seen: dict[tuple[MappingKind, int], int] = {}
        for index, row in enumerate(rows):
            first = seen.setdefault((row.kind, row.remote_id), index)
            if first != index:
                raise _fail(
                    f"{path}.rows[{index}]",
                    f"{row.kind.value} {row.remote_id} of the other instance is mapped twice "
                    f"(rows {first} and {index}); keep one of them",
                )
        return cls(
            rows=rows,
            default_status=f.optional_int("default_status"),
            default_category=f.optional_int("default_category"),
            default_action=f.optional_int("default_action"),
            default_ticket_type=f.optional_int("default_ticket_type"),
            outbound_attachments=f.boolean("outbound_attachments", False),
        )


DEFAULT_ATTRIBUTE: Final[Mapping[MappingKind, str]] = MappingProxyType(
    {
        MappingKind.STATUS: "default_status",
        MappingKind.CATEGORY: "default_category",
        MappingKind.ACTION: "default_action",
        MappingKind.TICKET_TYPE: "default_ticket_type",
    }
)
"""The ProfileMappings attribute that holds each kind's default (what arrives unmapped)."""


@dataclass(slots=True)
class Confirmation:
    """An admin's word for a rule the API cannot check (it goes into the report)."""

    rule_id: str  # e.g. "R12"
    side: Side
    record_name: str  # the action, profile... concerned; "" for the instance as a whole
    confirmed_by: str
    confirmed_at: str = field(default_factory=utc_now_iso)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "side": self.side.value,
            "record_name": self.record_name,
            "confirmed_by": self.confirmed_by,
            "confirmed_at": self.confirmed_at,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> Confirmation:
        f = _Fields(data, path, _field_names(cls))
        rule_id = f.required_text("rule_id")
        if not rule_id.strip():
            raise _fail(f"{path}.rule_id", "empty; give the rule it confirms, e.g. R12")
        if not f.has("confirmed_at"):
            raise _fail(f"{path}.confirmed_at", "required, but missing")
        return cls(
            rule_id=rule_id,
            side=f.choice("side", Side, None),
            record_name=f.text("record_name", ""),
            confirmed_by=f.required_text("confirmed_by"),
            confirmed_at=f.timestamp("confirmed_at", ""),
            note=f.text("note", ""),
        )


@dataclass(slots=True)
class StepState:
    """Where one step of the journey stands, with a short plain note.

    `inputs` holds a digest of each input the step depended on (see plan.freshness) when it was
    marked done, attention or skipped; None when not recorded (a plan from an older version):
    then nobody knows whether it is stale, and it is never called stale.
    """

    status: StepStatus = StepStatus.PENDING
    updated_at: str | None = None
    note: str = ""
    inputs: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "updated_at": self.updated_at,
            "note": self.note,
        }
        if self.inputs is not None:  # a plan from an older version is written back as it was
            data["inputs"] = dict(sorted(self.inputs.items()))
        return data

    @classmethod
    def from_dict(cls, data: object, path: str) -> StepState:
        f = _Fields(data, path, _field_names(cls))
        return cls(
            status=f.choice("status", StepStatus, StepStatus.PENDING),
            updated_at=f.optional_datetime("updated_at"),
            note=f.text("note", ""),
            inputs=_input_digests(f.raw("inputs"), f"{path}.inputs"),
        )


_DIGEST = re.compile(r"^[0-9a-f]{8,64}$")


def _input_digests(data: object, path: str) -> dict[str, str] | None:
    """A step's recorded input digests: input name -> hex digest (null: not recorded)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise _fail(path, f"expected an object of digests, found {_describe(data)}")
    result: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not _DIGEST.fullmatch(value):
            raise _fail(f"{path}.{key}", "expected a hexadecimal digest")
        result[key] = value
    return result


@dataclass(slots=True)
class AgentsPlan:
    """Which of the customer side's agents become end users in the supplier's instance."""

    include_disabled: bool = False
    skip: list[str] = field(default_factory=list)  # e-mail addresses left out

    def is_skipped(self, email: str) -> bool:
        wanted = email.strip().casefold()
        return any(item.strip().casefold() == wanted for item in self.skip)

    def to_dict(self) -> dict[str, Any]:
        return {"include_disabled": self.include_disabled, "skip": list(self.skip)}

    @classmethod
    def from_dict(cls, data: object, path: str) -> AgentsPlan:
        f = _Fields(data, path, _field_names(cls))
        skip: list[str] = []
        for index, item in enumerate(f.items("skip")):
            where = f"{path}.skip[{index}]"
            if not isinstance(item, str):
                raise _fail(where, f"expected an e-mail address, found {_describe(item)}")
            if "@" not in item:
                raise _fail(where, "expected an e-mail address (it has no @)")
            skip.append(item)
        return cls(include_disabled=f.boolean("include_disabled", False), skip=skip)


def _default_steps() -> dict[StepId, StepState]:
    return {step: StepState() for step in JOURNEY_STEPS}


_STEP_BY_KEY: Final[dict[str, StepId]] = {step.key: step for step in StepId}


def _step_from_key(value: object, path: str) -> StepId:
    if isinstance(value, str) and value in _STEP_BY_KEY:
        return _STEP_BY_KEY[value]
    raise _fail(path, f"expected a step name ({', '.join(_STEP_BY_KEY)}), found {_describe(value)}")


# ---- The plan's feature sections (each a typed field of Plan, under its own JSON key) ------------

DEFAULT_APPLICATION_NAME: Final = "Connected instance"
_ACTION_ID = re.compile(r"^-?[0-9]+$")
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")

SettingValue = int | str | None
"""One recorded action setting, as Halo holds it (a whole number, text, or null: not set)."""


def _action_id(key: object, path: str) -> int:
    """An action id written as a JSON object key ("14")."""
    if not isinstance(key, str) or not _ACTION_ID.fullmatch(key):
        raise _fail(f"{path}.{key}", "expected an action id (a whole number) as the key")
    return int(key)


def _by_side(data: object, path: str) -> list[tuple[Side, _Fields]]:
    """The per-instance parts of a section keyed "customer" / "supplier", in the file's order."""
    f = _Fields(data, path, [side.value for side in Side])
    parts = f.keys()  # the file's order
    return [(Side(key), _Fields(f.raw(key), f"{path}.{key}", None)) for key in parts]


@dataclass(slots=True)
class ActionCheck:
    """The last action check (step 8, or `validate --plan`): what it found, on which configuration.

    `fingerprint` and `inputs` are None in a check stored by a version that did not record them
    (plan.freshness then calls it "unknown")."""

    findings: list[dict[str, Any]] = field(default_factory=list)
    checked_at: str | None = None
    fingerprint: str | None = None
    inputs: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.checked_at is not None:
            data["checked_at"] = self.checked_at
        data["findings"] = copy.deepcopy(self.findings)
        if self.fingerprint is not None:
            data["fingerprint"] = self.fingerprint
        if self.inputs is not None:
            data["inputs"] = dict(self.inputs)
        return data

    @classmethod
    def from_dict(cls, data: object, path: str = f"plan.{CHECK_RESULT_KEY}") -> ActionCheck:
        f = _Fields(data, path, _field_names(cls))
        if not f.has("findings"):
            raise _fail(f"{path}.findings", "required, but missing")
        findings: list[dict[str, Any]] = []
        for index, item in enumerate(f.items("findings")):
            where = f"{path}.findings[{index}]"
            if not isinstance(item, dict):
                raise _fail(where, f"expected an object {{...}}, found {_describe(item)}")
            findings.append(_check_free_value(item, where))
        fingerprint = f.raw("fingerprint")
        if fingerprint is not None and (
            not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint)
        ):
            raise _fail(f"{path}.fingerprint", "expected a sha256 fingerprint (64 hex digits)")
        return cls(
            findings=findings,
            checked_at=f.optional_datetime("checked_at"),
            fingerprint=fingerprint,
            inputs=_input_digests(f.raw("inputs"), f"{path}.inputs"),
        )


@dataclass(slots=True)
class ActionSettings:
    """The key settings of the actions the mappings use, as each instance held them when the plan
    was last applied or checked (written by steps.drift), so a later check can tell a change."""

    actions: dict[Side, dict[int, dict[str, SettingValue]]] = field(default_factory=dict)
    """Instance -> action id -> setting name -> value ("name": the action's name, for display)."""
    recorded_at: str | None = None

    def of(self, side: Side, action_id: int) -> dict[str, SettingValue]:
        """The recorded settings of one of `side`'s actions ({} when not recorded)."""
        return self.actions.get(side, {}).get(action_id, {})

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.recorded_at is not None:
            data["recorded_at"] = self.recorded_at
        for side, actions in self.actions.items():
            data[side.value] = {str(key): dict(value) for key, value in actions.items()}
        return data

    @classmethod
    def from_dict(
        cls, data: object, path: str = f"plan.{ACTION_SETTINGS_SECTION}"
    ) -> ActionSettings:
        f = _Fields(data, path, ("recorded_at", *(side.value for side in Side)))
        sides = {key: f.raw(key) for key in f.keys() if key != "recorded_at"}  # noqa: SIM118
        actions: dict[Side, dict[int, dict[str, SettingValue]]] = {}
        for side, part in _by_side(sides, path):
            actions[side] = {
                _action_id(key, part.path): _action_setting(part.raw(key), f"{part.path}.{key}")
                for key in part.keys()  # noqa: SIM118 (a _Fields, not a dict)
            }
        return cls(actions=actions, recorded_at=f.optional_datetime("recorded_at"))


def _action_setting(data: object, path: str) -> dict[str, SettingValue]:
    f = _Fields(data, path, None)
    found: dict[str, SettingValue] = {}
    for key in f.keys():  # noqa: SIM118 (a _Fields, not a dict)
        if _looks_like_secret_name(key):
            raise _secret_field(f"{path}.{key}")
        value = f.raw(key)
        if key == "name":
            found[key] = f.text(key, "")
        elif value is None or isinstance(value, str):
            found[key] = value
        else:
            found[key] = f.required_int(key)
    return found


@dataclass(slots=True)
class CreatedRows:
    """The action mappings whose action halo_wizard created (the action check's recommendations),
    so the report can say who set them."""

    rows: dict[Side, dict[int, int]] = field(default_factory=dict)
    """Receiving instance -> the other instance's action id -> the action halo_wizard created."""

    def remember(self, receiver: Side, remote_id: int, local_id: int) -> None:
        self.rows.setdefault(receiver, {})[remote_id] = local_id

    def maps(self, receiver: Side, remote_id: int, local_id: int | None) -> bool:
        """Whether that row still maps what halo_wizard created (an admin may have changed it)."""
        return local_id is not None and self.rows.get(receiver, {}).get(remote_id) == local_id

    def to_dict(self) -> dict[str, Any]:
        return {
            side.value: {str(remote): local for remote, local in rows.items()}
            for side, rows in self.rows.items()
        }

    @classmethod
    def from_dict(cls, data: object, path: str = f"plan.{CREATED_ROWS_KEY}") -> CreatedRows:
        return cls(
            rows={
                side: {
                    _action_id(key, part.path): part.required_int(key)
                    for key in part.keys()  # noqa: SIM118 (a _Fields, not a dict)
                }
                for side, part in _by_side(data, path)
            }
        )


@dataclass(slots=True)
class LinkedPlan:
    """A connected-instances plan's linked ticket list: what the admin chose for it, and what the
    wizard last found (plan.linked has its steps)."""

    application_name: str = DEFAULT_APPLICATION_NAME
    application_client_id: str = ""
    application_verified: bool = False
    connected_instance_name: str = ""  # "" means: instance A's name
    connected_instance_id: int | None = None
    last_test_ok: bool | None = None
    last_test_result: str = ""
    last_tested: str = ""
    source_list_id: int | None = None
    source_list_name: str = ""
    source_filters: list[str] = field(default_factory=list)
    linked_list_name: str = ""  # "" means: the same name as A's list
    linked_list_id: int | None = None
    identifiers: dict[str, str] = field(default_factory=dict)
    """Side value -> the instance identifier wanted in outgoing e-mail subjects ("" = leave)."""

    def identifier(self, side: Side) -> str:
        return self.identifiers.get(side.value, "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_name": self.application_name,
            "application_client_id": self.application_client_id,
            "application_verified": self.application_verified,
            "connected_instance_name": self.connected_instance_name,
            "connected_instance_id": self.connected_instance_id,
            "last_test_ok": self.last_test_ok,
            "last_test_result": self.last_test_result,
            "last_tested": self.last_tested,
            "source_list_id": self.source_list_id,
            "source_list_name": self.source_list_name,
            "source_filters": list(self.source_filters),
            "linked_list_name": self.linked_list_name,
            "linked_list_id": self.linked_list_id,
            "identifiers": dict(self.identifiers),
        }

    @classmethod
    def from_dict(
        cls, data: object, path: str = f"plan.{CONNECTED_INSTANCES_SECTION}"
    ) -> LinkedPlan:
        """Read the section; unknown keys are refused (they are almost always typos)."""
        f = _Fields(data, path, _field_names(cls))
        filters: list[str] = []
        for index, item in enumerate(f.items("source_filters")):
            if not isinstance(item, str):
                raise _fail(
                    f"{path}.source_filters[{index}]", f"expected text, found {_describe(item)}"
                )
            filters.append(item)
        raw_identifiers = f.raw("identifiers")
        by_side = _Fields(
            {} if raw_identifiers is None else raw_identifiers,
            f"{path}.identifiers",
            [side.value for side in Side],
        )
        identifiers = {key: by_side.text(key, "") for key in by_side.keys()}  # noqa: SIM118
        return cls(
            application_name=f.text("application_name", DEFAULT_APPLICATION_NAME),
            application_client_id=f.text("application_client_id", ""),
            application_verified=f.boolean("application_verified", False),
            connected_instance_name=f.text("connected_instance_name", ""),
            connected_instance_id=f.optional_int("connected_instance_id"),
            last_test_ok=f.optional_bool("last_test_ok"),
            last_test_result=f.text("last_test_result", ""),
            last_tested=f.text("last_tested", ""),
            source_list_id=f.optional_int("source_list_id"),
            source_list_name=f.text("source_list_name", ""),
            source_filters=filters,
            linked_list_name=f.text("linked_list_name", ""),
            linked_list_id=f.optional_int("linked_list_id"),
            identifiers=identifiers,
        )


@dataclass(slots=True)
class ParkedProfile:
    """What of a profile belongs to its role (a record of the other kind after a swap)."""

    record_id: int | None = None
    authenticated: bool | None = None
    last_authenticated: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "authenticated": self.authenticated,
            "last_authenticated": self.last_authenticated,
        }

    @classmethod
    def from_dict(cls, data: object, path: str) -> ParkedProfile:
        f = _Fields(data, path, _field_names(cls))
        return cls(
            record_id=f.optional_int("record_id"),
            authenticated=f.optional_bool("authenticated"),
            last_authenticated=f.optional_datetime("last_authenticated"),
        )


_LATER_STEPS: Final = tuple(step for step in JOURNEY_STEPS if step > StepId.INSTANCES)
"""The steps whose results belong to the roles (a swap puts them aside)."""
_PARKED_FIELDS: Final = (
    "supplier_profile",
    "customer_profile",
    "customer_ticket_types",
    "steps",
    "current_step",
    "permissions_risk_accepted",
    "confirmations",
    "e2e",
    "agents",
    "extra",
)


@dataclass(slots=True)
class ParkedRoles:
    """What the plan knew with the roles the other way round, put aside by Plan.swap_roles (a
    second swap puts it back). `sections` (JSON key "extra") holds the plan's feature sections
    and unknown sections as they stood, as JSON."""

    supplier_profile: ParkedProfile = field(default_factory=ParkedProfile)
    customer_profile: ParkedProfile = field(default_factory=ParkedProfile)
    ticket_type_rows: list[tuple[int, MappingRow]] = field(default_factory=list)
    """The customer profile's ticket type rows, each with its place in the list."""
    default_ticket_type: int | None = None
    steps: dict[StepId, StepState] = field(default_factory=dict)
    current_step: StepId = StepId.INSTANCES
    permissions_risk_accepted: bool = False
    confirmations: list[Confirmation] = field(default_factory=list)
    e2e: dict[str, Any] | None = None
    agents: AgentsPlan = field(default_factory=AgentsPlan)
    sections: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "supplier_profile": self.supplier_profile.to_dict(),
            "customer_profile": self.customer_profile.to_dict(),
            "customer_ticket_types": {
                "rows": [[index, row.to_dict()] for index, row in self.ticket_type_rows],
                "default_ticket_type": self.default_ticket_type,
            },
            "steps": {step.key: state.to_dict() for step, state in self.steps.items()},
            "current_step": self.current_step.key,
            "permissions_risk_accepted": self.permissions_risk_accepted,
            "confirmations": [confirmation.to_dict() for confirmation in self.confirmations],
            "e2e": copy.deepcopy(self.e2e),
            "agents": self.agents.to_dict(),
            "extra": copy.deepcopy(self.sections),
        }

    @classmethod
    def from_dict(cls, data: object, path: str = f"plan.{PARKED_KEY}") -> ParkedRoles:
        f = _Fields(data, path, _PARKED_FIELDS)
        for key in _PARKED_FIELDS:
            if not f.has(key):
                raise _fail(f"{path}.{key}", "required, but missing")
        types = _Fields(
            f.raw("customer_ticket_types"),
            f"{path}.customer_ticket_types",
            ("rows", "default_ticket_type"),
        )
        rows: list[tuple[int, MappingRow]] = []
        for index, item in enumerate(types.items("rows")):
            where = f"{types.path}.rows[{index}]"
            if not isinstance(item, list) or len(item) != 2:
                raise _fail(where, "expected [place in the list, mapping row]")
            place = item[0]
            if isinstance(place, bool) or not isinstance(place, int):
                raise _fail(f"{where}[0]", f"expected a whole number, found {_describe(place)}")
            row = MappingRow.from_dict(item[1], f"{where}[1]")
            if row.kind is not MappingKind.TICKET_TYPE:
                raise _fail(f"{where}[1].kind", "expected a ticket type row")
            rows.append((place, row))
        steps: dict[StepId, StepState] = {}
        raw_steps = _Fields(f.raw("steps"), f"{path}.steps", [s.key for s in _LATER_STEPS])
        for key in raw_steps.keys():  # noqa: SIM118 (a _Fields, not a dict)
            step = _step_from_key(key, f"{path}.steps.{key}")
            steps[step] = StepState.from_dict(raw_steps.raw(key), f"{path}.steps.{key}")
        e2e = f.raw("e2e")
        if e2e is not None and not isinstance(e2e, dict):
            raise _fail(f"{path}.e2e", f"expected an object or null, found {_describe(e2e)}")
        sections = f.raw("extra")
        if not isinstance(sections, dict):
            raise _fail(f"{path}.extra", f"expected an object {{...}}, found {_describe(sections)}")
        _read_sections(sections, f"{path}.extra")  # each section as it stood is checked too
        return cls(
            supplier_profile=ParkedProfile.from_dict(
                f.raw("supplier_profile"), f"{path}.supplier_profile"
            ),
            customer_profile=ParkedProfile.from_dict(
                f.raw("customer_profile"), f"{path}.customer_profile"
            ),
            ticket_type_rows=rows,
            default_ticket_type=types.optional_int("default_ticket_type"),
            steps=steps,
            current_step=_step_from_key(f.raw("current_step"), f"{path}.current_step"),
            permissions_risk_accepted=f.boolean("permissions_risk_accepted", False),
            confirmations=[
                Confirmation.from_dict(item, f"{path}.confirmations[{i}]")
                for i, item in enumerate(f.items("confirmations"))
            ],
            e2e=None if e2e is None else _check_free_value(e2e, f"{path}.e2e"),
            agents=AgentsPlan.from_dict(f.raw("agents"), f"{path}.agents"),
            sections=_check_free_value(sections, f"{path}.extra"),
        )


@dataclass(slots=True)
class Pairing:
    """A connection set up by two organisations, each admin on their own instance (issue 15):
    which side this plan's admin manages, and what the partner's file said of theirs.

    `catalogue` is the partner's catalogue as their last file held it (a filtered snapshot, no
    secret); the credentials their profile issued are in the keychain, never here."""

    connection_id: str
    own_side: Side
    started_here: bool
    catalogue: dict[str, Any] | None = None
    files_seen: list[str] = field(default_factory=list)
    """The file ids of every invitation or reply opened, so a file is never taken twice."""
    sent_file: str = ""
    """The id of the last file this side wrote (the reply answers it)."""
    expires: str | None = None
    """When the last file this side wrote expires (UTC)."""
    partner_test: dict[str, Any] | None = None
    """The end-to-end test the partner ran from their side, as their last reply held it (their
    half of the proof: the report shows it next to this side's)."""
    partner_fingerprint: str = ""
    """The fingerprint of the partner's plan when they wrote their last reply (the report shows
    both sides' fingerprints: each admin signs the configuration their own plan describes)."""

    @property
    def partner_side(self) -> Side:
        return self.own_side.other

    def to_dict(self) -> dict[str, Any]:
        return {
            "connection_id": self.connection_id,
            "own_side": self.own_side.value,
            "started_here": self.started_here,
            "catalogue": copy.deepcopy(self.catalogue),
            "files_seen": list(self.files_seen),
            "sent_file": self.sent_file,
            "expires": self.expires,
            "partner_test": copy.deepcopy(self.partner_test),
            "partner_fingerprint": self.partner_fingerprint,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = f"plan.{PAIRING_KEY}") -> Pairing:
        f = _Fields(data, path, _PAIRING_FIELDS)
        catalogue = f.raw("catalogue")
        if catalogue is not None and not isinstance(catalogue, dict):
            raise _fail(
                f"{path}.catalogue", f"expected an object {{...}}, found {_describe(catalogue)}"
            )
        test = f.raw("partner_test")
        if test is not None and not isinstance(test, dict):
            raise _fail(
                f"{path}.partner_test", f"expected an object {{...}}, found {_describe(test)}"
            )
        seen: list[str] = []
        for index, item in enumerate(f.items("files_seen")):
            if not isinstance(item, str):
                raise _fail(
                    f"{path}.files_seen[{index}]", f"expected text, found {_describe(item)}"
                )
            seen.append(item)
        return cls(
            connection_id=f.required_text("connection_id"),
            own_side=f.choice("own_side", Side, None),
            started_here=f.boolean("started_here", False),
            catalogue=None
            if catalogue is None
            else _check_free_value(catalogue, f"{path}.catalogue"),
            files_seen=seen,
            sent_file=f.text("sent_file", ""),
            expires=f.optional_datetime("expires"),
            partner_test=None if test is None else _check_free_value(test, f"{path}.partner_test"),
            partner_fingerprint=f.text("partner_fingerprint", ""),
        )


_PAIRING_FIELDS: Final = (
    "connection_id",
    "own_side",
    "started_here",
    "catalogue",
    "files_seen",
    "sent_file",
    "expires",
    "partner_test",
    "partner_fingerprint",
)


class DriftResult(StrEnum):
    """What the last drift check of a plan found."""

    CLEAN = "clean"  # the instances hold what the plan says, no test record left behind
    DRIFTED = "drifted"
    COULD_NOT = "could_not"  # no secret, an instance that did not answer, ...


_SUMMARY_LENGTH: Final = 400


@dataclass(slots=True)
class LastDrift:
    """The last drift check of the plan (`halo-wizard check`, Check all, the Report step): when,
    what it found, and the fingerprint of the configuration it compared the instances with (so
    the overview can say it is stale once the plan changed)."""

    checked_at: str
    result: DriftResult
    drifts: int = 0
    summary: str = ""
    """A short line: the first drifts in words, or why the check could not run."""
    leftovers: int = 0
    """Test records an earlier end-to-end test left behind."""
    fingerprint: str | None = None
    supplier_profile_authenticated: bool | None = None
    """Whether Authenticate connection succeeded on the supplier profile (in the customer's
    instance) during the check; None when the check did not press it."""
    customer_profile_authenticated: bool | None = None

    def authenticated(self, side: Side) -> bool | None:
        """The result for the profile that represents `side` (Plan.profile(side))."""
        if side is Side.SUPPLIER:
            return self.supplier_profile_authenticated
        return self.customer_profile_authenticated

    def to_dict(self) -> dict[str, Any]:
        return {
            "checked_at": self.checked_at,
            "result": self.result.value,
            "drifts": self.drifts,
            "summary": self.summary,
            "leftovers": self.leftovers,
            "fingerprint": self.fingerprint,
            "supplier_profile_authenticated": self.supplier_profile_authenticated,
            "customer_profile_authenticated": self.customer_profile_authenticated,
        }

    @classmethod
    def from_dict(cls, data: object, path: str = f"plan.{LAST_DRIFT_KEY}") -> LastDrift:
        f = _Fields(data, path, _field_names(cls))
        if not f.has("checked_at"):
            raise _fail(f"{path}.checked_at", "required, but missing")
        counts: dict[str, int] = {}
        for key in ("drifts", "leftovers"):
            counts[key] = f.optional_int(key) or 0
            if counts[key] < 0:
                raise _fail(f"{path}.{key}", "expected a count (0 or more)")
        fingerprint = f.raw("fingerprint")
        if fingerprint is not None and (
            not isinstance(fingerprint, str) or not _FINGERPRINT.fullmatch(fingerprint)
        ):
            raise _fail(f"{path}.fingerprint", "expected a sha256 fingerprint (64 hex digits)")
        summary = f.text("summary", "")
        if len(summary) > _SUMMARY_LENGTH:
            raise _fail(f"{path}.summary", f"longer than {_SUMMARY_LENGTH} characters")
        return cls(
            checked_at=f.timestamp("checked_at", ""),
            result=f.choice("result", DriftResult, None),
            drifts=counts["drifts"],
            summary=summary,
            leftovers=counts["leftovers"],
            fingerprint=fingerprint,
            supplier_profile_authenticated=f.optional_bool("supplier_profile_authenticated"),
            customer_profile_authenticated=f.optional_bool("customer_profile_authenticated"),
        )

    @staticmethod
    def short(text: str) -> str:
        """`text` on one line, cut to what the section keeps."""
        line = " ".join(text.split())
        if len(line) <= _SUMMARY_LENGTH:
            return line
        return line[: _SUMMARY_LENGTH - 1].rstrip() + "…"


Section = (
    ActionCheck | ActionSettings | LinkedPlan | CreatedRows | ParkedRoles | Pairing | LastDrift
)
SECTION_TYPES: Final[dict[str, type[Section]]] = {
    CHECK_RESULT_KEY: ActionCheck,
    ACTION_SETTINGS_SECTION: ActionSettings,
    CONNECTED_INSTANCES_SECTION: LinkedPlan,
    CREATED_ROWS_KEY: CreatedRows,
    PARKED_KEY: ParkedRoles,
    PAIRING_KEY: Pairing,
    LAST_DRIFT_KEY: LastDrift,
}
"""Each feature section's JSON key (also its Plan field's name) and type, in the order written."""


def _read_sections(
    data: Mapping[str, object], path: str
) -> tuple[dict[str, Section], dict[str, Any]]:
    """Top-level keys of a plan beside its own fields: the feature sections, read and checked,
    and the unknown sections (a newer version's), checked as free JSON and kept as they are."""
    sections: dict[str, Section] = {}
    unknown: dict[str, Any] = {}
    for key, value in data.items():
        if _looks_like_secret_name(key):
            raise _secret_field(f"{path}.{key}")
        if key in SECTION_TYPES:
            if value is not None:
                sections[key] = SECTION_TYPES[key].from_dict(value, f"{path}.{key}")
            continue
        unknown[key] = _check_free_value(value, f"{path}.{key}")
        if key not in _UNKNOWN_SECTIONS_SEEN:
            _UNKNOWN_SECTIONS_SEEN.add(key)
            logger.debug("plan section %r is not one this version knows; kept", key)
    return sections, unknown


# ---- The plan ------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Plan:
    """Everything the wizard sets up for one connection between two instances. Never a secret.

    `supplier_profile` lives in the customer's instance and represents the supplier there;
    `customer_profile` lives in the supplier's instance. Each profile's mappings say how what
    arrives from the other instance is recorded in the profile's own instance.
    """

    id: str
    name: str
    kind: ConnectionKind = ConnectionKind.TICKET_SYNC
    created_at: str
    updated_at: str
    customer: InstancePlan
    supplier: InstancePlan
    supplier_profile: ProfilePlan
    customer_profile: ProfilePlan
    supplier_profile_mappings: ProfileMappings = field(default_factory=ProfileMappings)
    customer_profile_mappings: ProfileMappings = field(default_factory=ProfileMappings)
    agents: AgentsPlan = field(default_factory=AgentsPlan)
    permissions_risk_accepted: bool = False
    confirmations: list[Confirmation] = field(default_factory=list)
    steps: dict[StepId, StepState] = field(default_factory=_default_steps)
    current_step: StepId = StepId.INSTANCES
    e2e: dict[str, Any] | None = None
    action_check: ActionCheck | None = None
    action_settings: ActionSettings | None = None
    connected_instances: LinkedPlan | None = None
    created_by_halo_wizard: CreatedRows | None = None
    other_roles: ParkedRoles | None = None
    pairing: Pairing | None = None
    last_drift: LastDrift | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """The top-level sections this version does not know, kept and written back unchanged."""
    format: str = PLAN_FORMAT
    format_version: int = PLAN_FORMAT_VERSION

    # ---- Construction ----

    @classmethod
    def new(
        cls,
        name: str,
        customer: InstancePlan,
        supplier: InstancePlan,
        *,
        kind: ConnectionKind = ConnectionKind.TICKET_SYNC,
        supplier_profile_name: str | None = None,
        customer_profile_name: str | None = None,
    ) -> Plan:
        """A fresh plan at the Instances step; profiles are named after the party they represent."""
        now = utc_now_iso()
        plan = cls(
            id=new_plan_id(),
            name=name or f"{customer.name} → {supplier.name}",
            kind=kind,
            created_at=now,
            updated_at=now,
            customer=customer,
            supplier=supplier,
            supplier_profile=ProfilePlan(
                supplier.name if supplier_profile_name is None else supplier_profile_name
            ),
            customer_profile=ProfilePlan(
                customer.name if customer_profile_name is None else customer_profile_name
            ),
        )
        for side in Side:
            instance = plan.instance(side)
            if not instance.secret_key:
                instance.secret_key = plan.default_secret_key(side)
        plan.mark_step(StepId.INSTANCES, StepStatus.CURRENT)
        return plan

    # ---- Navigation ----

    def instance(self, side: Side) -> InstancePlan:
        return self.customer if side is Side.CUSTOMER else self.supplier

    def profile(self, side: Side) -> ProfilePlan:
        """The profile that represents `side` (it lives in the OTHER side's instance)."""
        return self.supplier_profile if side is Side.SUPPLIER else self.customer_profile

    def profile_in(self, side: Side) -> ProfilePlan:
        """The profile that lives in `side`'s instance (it represents the other side)."""
        return self.profile(side.other)

    def mappings(self, side: Side) -> ProfileMappings:
        """The inbound mappings of `profile(side)`."""
        if side is Side.SUPPLIER:
            return self.supplier_profile_mappings
        return self.customer_profile_mappings

    def default_secret_key(self, side: Side) -> str:
        return default_secret_key(self.id, side)

    def secret_key_for(self, side: Side) -> str:
        """The keychain entry that holds `side`'s client secret."""
        return self.instance(side).secret_key or self.default_secret_key(side)

    # ---- Progress ----

    def mark_step(self, step: StepId, status: StepStatus, note: str = "") -> None:
        """Record where `step` stands; a finished step also records what its inputs were, so
        plan.freshness can tell later whether a change made it stale."""
        inputs = step_inputs(self, step) if status.finished else None
        self.steps[step] = StepState(status, utc_now_iso(), note, inputs)
        if status is StepStatus.CURRENT:
            self.current_step = step

    def step(self, step: StepId) -> StepState:
        return self.steps.get(step) or StepState()

    def progress_line(self) -> str:
        """One readable line for a plan list, e.g. "Contoso → Northwind MSP · step 5 of 11"."""
        if self.step(StepId.REPORT).status is StepStatus.DONE:
            where = "finished"
        elif self.current_step is StepId.CONNECTIONS:
            where = "not started"
        else:
            where = f"step {int(self.current_step)} of {len(JOURNEY_STEPS)}"
        return f"{self.name} · {where}"

    def confirm(
        self, rule_id: str, side: Side, record_name: str, confirmed_by: str, note: str = ""
    ) -> Confirmation:
        """Record (or renew) an admin's confirmation of a rule for one record."""
        confirmation = Confirmation(rule_id, side, record_name, confirmed_by, utc_now_iso(), note)
        for index, existing in enumerate(self.confirmations):
            if (existing.rule_id, existing.side, existing.record_name) == (
                rule_id,
                side,
                record_name,
            ):
                self.confirmations[index] = confirmation
                return confirmation
        self.confirmations.append(confirmation)
        return confirmation

    def missing_fields(self) -> list[str]:
        """What must still be filled in before the plan can be applied, in plain words."""
        problems: list[str] = []
        for side in Side:
            instance = self.instance(side)
            where = f"plan.{side.value}"
            if not instance.name.strip():
                problems.append(f"{where}.name: empty; give the instance a name, e.g. the company")
            if self.pairing is not None and side is self.pairing.partner_side:
                continue  # the partner's instance: its address comes in their file
            if not instance.base_url.strip():
                problems.append(f"{where}.base_url: empty; paste the instance's web address")
            if not instance.client_id.strip():
                problems.append(
                    f"{where}.client_id: empty; copy the Client ID from Halo's API Details screen"
                )
        if self.kind is ConnectionKind.TICKET_SYNC:
            for key, profile in (
                ("supplier_profile", self.supplier_profile),
                ("customer_profile", self.customer_profile),
            ):
                if not profile.name.strip():
                    problems.append(f"plan.{key}.name: empty; name the profile to find or create")
        return problems

    # ---- Fingerprint ----

    def fingerprint_source(self) -> dict[str, Any]:
        """The configuration the fingerprint covers: what gets written to the instances.

        Left out on purpose: names for display, timestamps, step states, test results, keychain
        entry names, record ids (found again on every run) and how a mapping row was made.
        In: the recorded settings of the mapped actions (Plan.action_settings), because
        the action check judges exactly those and the report's sign-off covers them.
        """

        def instance(plan: InstancePlan) -> dict[str, Any]:
            return {
                "base_url": _canonical_url(plan.base_url),
                "api_url": _canonical_url(plan.api_url),
                "auth_url": _canonical_url(plan.auth_url),
                "tenant": plan.tenant.strip(),
                "client_id": plan.client_id.strip(),
            }

        def profile(plan: ProfilePlan) -> dict[str, Any]:
            return {"name": plan.name, "api_access": plan.api_access}

        suggested = MappingOrigin.SUGGESTED

        def mappings(plan: ProfileMappings) -> dict[str, Any]:
            # row.mapped, inlined; the kind itself sorts and writes as its value (a str enum)
            rows = sorted(
                [row.kind, row.remote_id, row.local_id]
                for row in plan.rows
                if row.local_id is not None and row.origin is not suggested
            )
            return {
                "rows": rows,
                "default_status": plan.default_status,
                "default_category": plan.default_category,
                "default_action": plan.default_action,
                "default_ticket_type": plan.default_ticket_type,
                "outbound_attachments": plan.outbound_attachments,
            }

        confirmations = sorted(
            [c.rule_id, c.side.value, c.record_name, c.confirmed_by, c.note]
            for c in self.confirmations
        )
        return {
            "fingerprint_version": FINGERPRINT_VERSION,
            "kind": self.kind.value,
            "customer": instance(self.customer),
            "supplier": instance(self.supplier),
            "supplier_profile": profile(self.supplier_profile),
            "customer_profile": profile(self.customer_profile),
            "supplier_profile_mappings": mappings(self.supplier_profile_mappings),
            "customer_profile_mappings": mappings(self.customer_profile_mappings),
            "agents": {
                "include_disabled": self.agents.include_disabled,
                "skip": sorted({item.strip().casefold() for item in self.agents.skip}),
            },
            "confirmations": confirmations,
            "action_settings": _action_settings_source(
                None if self.action_settings is None else self.action_settings.to_dict()
            ),
        }

    def fingerprint(self) -> str:
        """SHA-256 (hex) of the canonical JSON of the configuration; stable across save and load."""
        texts = _source_texts(self)
        return hashlib.sha256(_joined(texts, texts).encode("utf-8")).hexdigest()

    # ---- Copies ----

    def portable_copy(self) -> Plan:
        """A copy for another admin: keychain entry names and last test results cleared (the
        last drift check too: it was made with this machine's secrets)."""
        clone = Plan.from_dict(self.to_dict())
        clone.last_drift = None
        for side in Side:
            clone.instance(side).secret_key = ""
            clone.instance(side).last_tested = None
            clone.profile(side).last_authenticated = None
            clone.profile(side).authenticated = None
        return clone

    # ---- Roles ----

    def swap_roles(self) -> None:
        """Make the customer the supplier and the other way round, in place.

        What belongs to an instance goes with it: its address, API application, tests, learned
        facts, keychain entry, and the profile that lives in it with that profile's name and
        inbound mappings (their rows join the same two instances' records in the same direction).
        What belongs to the roles cannot follow: a supplier profile and a customer profile are
        different kinds of record, so their record ids and authentication, the customer profile's
        ticket types and every later step's results are put aside in `other_roles`, and a second
        swap puts them back. Swapping twice therefore gives back the plan exactly as it was.
        """
        previous, self.other_roles = self.other_roles, None
        current = _take_role_results(self)
        for side in Side:  # a plan without its own entry names would look in the other's entry
            instance = self.instance(side)
            if not instance.secret_key:
                instance.secret_key = self.default_secret_key(side)
        automatic = self.name == plan_name(self.customer.name, self.supplier.name)
        self.customer, self.supplier = self.supplier, self.customer
        # The profile in each instance keeps its name and inbound mappings under its new role.
        self.supplier_profile, self.customer_profile = self.customer_profile, self.supplier_profile
        self.supplier_profile_mappings, self.customer_profile_mappings = (
            self.customer_profile_mappings,
            self.supplier_profile_mappings,
        )
        if automatic:
            self.name = plan_name(self.customer.name, self.supplier.name)
        if previous is not None:
            _put_role_results(self, previous)
        if current != _fresh_roles():
            self.other_roles = current
        logger.info("roles swapped in plan %s", self.id)

    # ---- JSON ----

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": self.format,
            "format_version": self.format_version,
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "customer": self.customer.to_dict(),
            "supplier": self.supplier.to_dict(),
            "supplier_profile": self.supplier_profile.to_dict(),
            "customer_profile": self.customer_profile.to_dict(),
            "supplier_profile_mappings": self.supplier_profile_mappings.to_dict(),
            "customer_profile_mappings": self.customer_profile_mappings.to_dict(),
            "agents": self.agents.to_dict(),
            "permissions_risk_accepted": self.permissions_risk_accepted,
            "confirmations": [c.to_dict() for c in self.confirmations],
            "steps": {step.key: state.to_dict() for step, state in sorted(self.steps.items())},
            "current_step": self.current_step.key,
            "e2e": copy.deepcopy(self.e2e),
        }
        data.update(self._sections_data())
        for key, value in self.extra.items():
            if key in data or key in SECTION_TYPES:
                raise _fail(f"plan.extra.{key}", "clashes with a field of the plan; rename it")
            data[key] = copy.deepcopy(value)
        return data

    def _sections_data(self) -> dict[str, Any]:
        """The feature sections the plan holds, as JSON, by key."""
        found: dict[str, Any] = {}
        for key in SECTION_TYPES:
            section: Section | None = getattr(self, key)
            if section is not None:
                found[key] = section.to_dict()
        return found

    @classmethod
    def from_dict(cls, data: object) -> Plan:
        """Read a plan of the current format version, filling in defaults; raise PlanError."""
        f = _Fields(data, "plan", None)
        plan_format = f.text("format", PLAN_FORMAT)
        if plan_format != PLAN_FORMAT:
            raise _fail("plan.format", f"expected '{PLAN_FORMAT}'; this is not a halo_wizard plan")
        version = f.optional_int("format_version")
        if version is None:
            version = PLAN_FORMAT_VERSION
        if version != PLAN_FORMAT_VERSION:
            newer = version > PLAN_FORMAT_VERSION
            raise _fail(
                "plan.format_version",
                f"format {version}; this version reads format {PLAN_FORMAT_VERSION}"
                + (": update halo_wizard" if newer else " (open the file with load_plan)"),
            )

        known = set(_field_names(cls)) - set(SECTION_TYPES)
        beside = {key: f.raw(key) for key in f.keys() if key not in known}  # noqa: SIM118
        sections, extra = _read_sections(beside, "plan")
        for key in ("customer", "supplier"):
            if not f.has(key):
                import difflib  # only for a mistyped name

                close = difflib.get_close_matches(key, list(extra), n=1)
                hint = f" (is '{close[0]}' a misspelling of it?)" if close else ""
                raise _fail(f"plan.{key}", f"required, but missing{hint}")

        plan_id = f.text("id", "") or new_plan_id()
        if not _PLAN_ID.fullmatch(plan_id):
            raise _fail("plan.id", "expected 1 to 64 letters, digits, '-' or '_'")
        kind = f.choice("kind", ConnectionKind, ConnectionKind.TICKET_SYNC)
        customer = InstancePlan.from_dict(f.raw("customer"), "plan.customer")
        supplier = InstancePlan.from_dict(f.raw("supplier"), "plan.supplier")
        profiles: dict[str, ProfilePlan] = {}
        for key in ("supplier_profile", "customer_profile"):
            if f.has(key):
                profiles[key] = ProfilePlan.from_dict(f.raw(key), f"plan.{key}")
            elif kind is ConnectionKind.TICKET_SYNC:
                raise _fail(f"plan.{key}", "required for ticket sync, but missing")
            else:
                profiles[key] = ProfilePlan(name="", create=False)
        supplier_mappings = _mappings_or_default(f, "supplier_profile_mappings")
        customer_mappings = _mappings_or_default(f, "customer_profile_mappings")
        if supplier_mappings.default_ticket_type is not None:
            raise _fail(
                "plan.supplier_profile_mappings.default_ticket_type",
                "only the customer profile has ticket types (tickets are created in the "
                "supplier's instance only); remove it",
            )
        for index, row in enumerate(supplier_mappings.rows):
            if row.kind is MappingKind.TICKET_TYPE:
                raise _fail(
                    f"plan.supplier_profile_mappings.rows[{index}].kind",
                    "ticket type mappings belong to the customer profile only; move or remove it",
                )

        now = utc_now_iso()
        created_at = f.timestamp("created_at", now)
        steps = _default_steps()
        raw_steps = f.raw("steps")
        if raw_steps is not None:
            if not isinstance(raw_steps, dict):
                raise _fail(
                    "plan.steps", f"expected an object {{...}}, found {_describe(raw_steps)}"
                )
            for key, value in raw_steps.items():
                step = _step_from_key(key, f"plan.steps.{key}")
                steps[step] = StepState.from_dict(value, f"plan.steps.{key}")
        current_step = StepId.INSTANCES
        if f.raw("current_step") is not None:
            current_step = _step_from_key(f.raw("current_step"), "plan.current_step")

        agents_raw = f.raw("agents")
        e2e_raw = f.raw("e2e")
        if e2e_raw is not None and not isinstance(e2e_raw, dict):
            raise _fail("plan.e2e", f"expected an object or null, found {_describe(e2e_raw)}")
        confirmations = [
            Confirmation.from_dict(item, f"plan.confirmations[{i}]")
            for i, item in enumerate(f.items("confirmations"))
        ]
        plan = cls(
            format=PLAN_FORMAT,
            format_version=PLAN_FORMAT_VERSION,
            id=plan_id,
            name=f.text("name", "") or f"{customer.name} → {supplier.name}",
            kind=kind,
            created_at=created_at,
            updated_at=f.timestamp("updated_at", created_at),
            customer=customer,
            supplier=supplier,
            supplier_profile=profiles["supplier_profile"],
            customer_profile=profiles["customer_profile"],
            supplier_profile_mappings=supplier_mappings,
            customer_profile_mappings=customer_mappings,
            agents=AgentsPlan()
            if agents_raw is None
            else AgentsPlan.from_dict(agents_raw, "plan.agents"),
            permissions_risk_accepted=f.boolean("permissions_risk_accepted", False),
            confirmations=confirmations,
            steps=steps,
            current_step=current_step,
            e2e=None if e2e_raw is None else _check_free_value(e2e_raw, "plan.e2e"),
            extra=extra,
        )
        for key, section in sections.items():  # each key is the name of its section's field
            setattr(plan, key, section)
        return plan


def plan_name(customer: str | None, supplier: str | None) -> str:
    """The name a plan gets from its instances until the admin gives it another."""
    return f"{customer or '…'} → {supplier or '…'}"


def _take_role_results(plan: Plan) -> ParkedRoles:
    """What belongs to the roles, and the plan left as if just started on them."""
    mappings = plan.customer_profile_mappings
    taken = ParkedRoles(
        supplier_profile=_take_profile(plan.supplier_profile),
        customer_profile=_take_profile(plan.customer_profile),
        ticket_type_rows=[
            (index, row)
            for index, row in enumerate(mappings.rows)
            if row.kind is MappingKind.TICKET_TYPE
        ],
        default_ticket_type=mappings.default_ticket_type,
        steps={step: plan.step(step) for step in _LATER_STEPS},
        current_step=plan.current_step,
        permissions_risk_accepted=plan.permissions_risk_accepted,
        confirmations=plan.confirmations,
        e2e=plan.e2e,
        agents=plan.agents,
        sections={**plan._sections_data(), **copy.deepcopy(plan.extra)},
    )
    mappings.rows = [row for row in mappings.rows if row.kind is not MappingKind.TICKET_TYPE]
    mappings.default_ticket_type = None
    for step in _LATER_STEPS:
        plan.steps[step] = StepState()
    plan.current_step = min(plan.current_step, StepId.INSTANCES)
    plan.permissions_risk_accepted = False
    plan.confirmations = []
    plan.e2e = None
    plan.agents = AgentsPlan()
    for key in SECTION_TYPES:
        setattr(plan, key, None)
    plan.extra = {}
    return taken


def _take_profile(profile: ProfilePlan) -> ParkedProfile:
    taken = ParkedProfile(profile.record_id, profile.authenticated, profile.last_authenticated)
    profile.record_id = None
    profile.authenticated = None
    profile.last_authenticated = None
    return taken


@functools.cache
def _fresh_roles() -> ParkedRoles:
    """What a plan just started on its roles holds (nothing worth putting aside); compared only."""
    plan = Plan.new("", InstancePlan("", ""), InstancePlan("", ""))
    plan.current_step = StepId.INSTANCES
    return _take_role_results(plan)


def _put_role_results(plan: Plan, parked: ParkedRoles) -> None:
    """Give the plan back what it held with these roles (the opposite of _take_role_results)."""
    for held, profile in (
        (parked.supplier_profile, plan.supplier_profile),
        (parked.customer_profile, plan.customer_profile),
    ):
        profile.record_id = held.record_id
        profile.authenticated = held.authenticated
        profile.last_authenticated = held.last_authenticated
    mappings = plan.customer_profile_mappings
    for index, row in parked.ticket_type_rows:
        mappings.rows.insert(min(index, len(mappings.rows)), row)
    mappings.default_ticket_type = parked.default_ticket_type
    plan.steps.update(parked.steps)
    plan.current_step = parked.current_step
    plan.permissions_risk_accepted = parked.permissions_risk_accepted
    plan.confirmations = parked.confirmations
    plan.e2e = parked.e2e
    plan.agents = parked.agents
    sections, unknown = _read_sections(parked.sections, f"plan.{PARKED_KEY}.extra")
    for key, section in sections.items():
        setattr(plan, key, section)
    plan.extra.update(unknown)


def _mappings_or_default(f: _Fields, key: str) -> ProfileMappings:
    raw = f.raw(key)
    return ProfileMappings() if raw is None else ProfileMappings.from_dict(raw, f"plan.{key}")


def _canonical_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def _action_settings_source(section: object) -> dict[str, Any] | None:
    """The recorded action settings without when they were recorded or the actions' names."""
    if not isinstance(section, Mapping):
        return None
    result: dict[str, Any] = {}
    for side in Side:
        actions = section.get(side.value)
        if not isinstance(actions, Mapping):
            continue
        result[side.value] = {
            str(action_id): {k: v for k, v in settings.items() if k != "name"}
            if isinstance(settings, Mapping)
            else settings
            for action_id, settings in actions.items()
        }
    return result


# ---- Input digests (plan.freshness compares them; here because mark_step records them) ----

INPUT_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    # input name -> the parts of Plan.fingerprint_source() it covers
    "instances": ("fingerprint_version", "kind", "customer", "supplier"),
    "profiles": ("supplier_profile", "customer_profile"),
    "agents": ("agents",),
    "mappings": ("supplier_profile_mappings", "customer_profile_mappings"),
    "action_settings": ("action_settings",),
    "confirmations": ("confirmations",),
}
_EVERYTHING: Final = tuple(INPUT_GROUPS)
STEP_INPUTS: Final[dict[StepId, tuple[str, ...]]] = {
    StepId.INSTANCES: ("instances",),
    StepId.PERMISSIONS: ("instances",),
    StepId.SUPPLIERS_MODULE: ("instances",),
    StepId.PROFILES: ("instances", "profiles"),
    StepId.CREDENTIAL_SWAP: ("instances", "profiles"),
    StepId.AGENTS: ("instances", "profiles", "agents"),
    StepId.MAPPINGS: ("instances", "profiles", "mappings"),
    StepId.ACTION_CHECK: ("instances", "profiles", "mappings", "action_settings", "confirmations"),
    StepId.REVIEW_APPLY: _EVERYTHING,
    StepId.END_TO_END: _EVERYTHING,
    StepId.REPORT: _EVERYTHING,
}
"""What each step's result depends on (a step depends on what the steps before it set up)."""


def input_digests(plan: Plan) -> dict[str, str]:
    """A short digest of each input, from what the plan's fingerprint covers."""
    texts = _source_texts(plan)
    return {
        name: hashlib.sha256(_joined(texts, parts).encode("utf-8")).hexdigest()[:16]
        for name, parts in INPUT_GROUPS.items()
    }


_ROWS_PARTS: Final = ("supplier_profile_mappings", "customer_profile_mappings")
"""The parts of the fingerprint source that grow with the plan (thousands of mapping rows)."""
_KEPT_TEXTS = 8
_texts_lock = threading.Lock()
_texts: dict[int, tuple[dict[str, Any], dict[str, str]]] = {}
"""id(plan) -> (its rows parts, their JSON texts) for the last plans digested: a part whose value
equals the one kept is not written out again (at 20,000 rows that is most of the time). The plan
itself is not kept (a folder's worth of large plans would stay in memory): a text is reused only
for an equal value, whichever plan now has that id."""


def _source_texts(plan: Plan) -> dict[str, str]:
    """The canonical JSON text of each part of plan.fingerprint_source()."""
    source = plan.fingerprint_source()
    with _texts_lock:
        seen = _texts.get(id(plan))
    kept_values, kept_texts = seen if seen is not None else ({}, {})
    texts = {}
    for part, value in source.items():
        if part in kept_values and _same(kept_values[part], value):
            texts[part] = kept_texts[part]
        else:
            texts[part] = json.dumps(
                value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
            )
    with _texts_lock:
        _texts.pop(id(plan), None)
        while len(_texts) >= _KEPT_TEXTS:
            del _texts[next(iter(_texts))]
        rows: dict[str, Any] = {part: source[part] for part in _ROWS_PARTS if part in source}
        _texts[id(plan)] = (rows, {part: texts[part] for part in rows})
    return texts


def _same(kept: Mapping[str, Any], value: Mapping[str, Any]) -> bool:
    """Whether a rows part is unchanged: its rows equal (kinds, ids: no bool or float among
    them), and each other entry equal and of the same type (True == 1, but writes "true")."""
    if kept.keys() != value.keys():
        return False
    for key, item in value.items():
        old = kept[key]
        if key == "rows":
            if old != item:
                return False
        elif type(old) is not type(item) or old != item:
            return False
    return True


def _joined(texts: Mapping[str, str], parts: Iterable[str]) -> str:
    """The canonical JSON of {part: value for part in parts}, from each value's own text: the
    same characters json.dumps(..., sort_keys=True, separators=(",", ":")) writes."""
    return "{" + ",".join(f"{json.dumps(part)}:{texts[part]}" for part in sorted(parts)) + "}"


def step_inputs(
    plan: Plan, step: StepId, current: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The digests of the inputs `step` depends on (the plan list page depends on nothing);
    `current` is input_digests(plan) when the caller has it already."""
    wanted = STEP_INPUTS.get(step, ())
    digests = input_digests(plan) if current is None else current
    return {name: value for name, value in digests.items() if name in wanted}
