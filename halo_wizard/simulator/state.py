"""The records, credentials and hidden secrets of one simulated Halo instance, and its snapshots."""

from __future__ import annotations

import copy
import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from halo_wizard.api import constants as c
from halo_wizard.api.values import as_int
from halo_wizard.atomic import write_json_atomic
from halo_wizard.simulator.dialects import Dialect

log = logging.getLogger(__name__)

SNAPSHOT_FORMAT = c.SNAPSHOT_FORMAT
PROFILE_ENTITIES: tuple[str, ...] = ("Supplier", "Client")
EXTRA_BARE_LIST_ENTITIES: tuple[str, ...] = ("Team",)
"""Bare lists the simulator serves beyond the constants' tables (/api/Team: sweep, bare array)."""
KNOWN_ENTITIES: tuple[str, ...] = (
    *c.WRAPPED_LIST_KEYS,
    *c.BARE_LIST_ENTITIES,
    *c.LINKED_BARE_LIST_ENTITIES,
    *EXTRA_BARE_LIST_ENTITIES,
    *c.SINGLETON_ENTITIES,
)
MAPPING_KINDS: dict[str, str] = {
    "status": c.MAPPING_STATUS,
    "category": c.MAPPING_CATEGORY,
    "action": c.MAPPING_ACTION,
    "field": c.MAPPING_FIELD,
    "ticket_type": c.MAPPING_TICKET_TYPE,
}
"""A profile's inbound mapping kinds and the field holding their rows."""
SCREEN_OPERATIONS: frozenset[str] = frozenset(
    {
        "add_mapping",
        "remove_mapping",
        "set_default_status_action_default",
        "tick_api_email_setting",
        "set_send_to_connected_instance",
    }
)
"""What an admin did in Halo's own screens that a snapshot's simulator.screen_setup may replay."""
TOKEN_EXPIRES_IN = 3600
TOKEN_PRUNE_AT = 1000

JSONDict = dict[str, Any]
RecordKey = tuple[str, int]


def is_write_only_secret(name: str) -> bool:
    """True for a write-only secret field (`new_*` naming a secret): reads never return it."""
    lowered = name.casefold()
    return lowered.startswith(c.WRITE_ONLY_PREFIX) and any(
        word in lowered for word in c.WRITE_ONLY_SECRET_WORDS
    )


class SnapshotError(ValueError):
    """A snapshot that does not follow the halo-snapshot/1 format."""


def strip_nulls(value: Any) -> Any:
    """A deep copy of `value` without null fields, the way Halo leaves them out of responses."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


@dataclass
class Application:
    """An API application of the instance: credentials, the scope it allows and its agent."""

    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None
    """Space-separated scopes the application allows; None (not given) allows everything."""
    agent_id: int | None = None
    denied: list[str] | None = None
    """Entries like "POST Features" or "GET Supplier" answered 403 (a missing agent permission)."""
    extra: JSONDict = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: JSONDict) -> Application:
        """An application from its snapshot form (unknown keys are kept)."""
        known = {"client_id", "client_secret", "scope", "agent_id", "denied"}
        client_id = data.get("client_id")
        client_secret = data.get("client_secret")
        if not isinstance(client_id, str) or not isinstance(client_secret, str):
            raise SnapshotError("every application needs a client_id and a client_secret")
        denied = data.get("denied")
        return cls(
            client_id=client_id,
            client_secret=client_secret,
            scope=data.get("scope"),
            agent_id=data.get("agent_id"),
            denied=list(denied) if denied is not None else None,
            extra={k: copy.deepcopy(v) for k, v in data.items() if k not in known},
        )

    def to_dict(self) -> JSONDict:
        """The snapshot form: the keys that were given, plus the unknown ones kept on load."""
        out: JSONDict = {"client_id": self.client_id, "client_secret": self.client_secret}
        if self.scope is not None:
            out["scope"] = self.scope
        if self.agent_id is not None:
            out["agent_id"] = self.agent_id
        if self.denied is not None:
            out["denied"] = list(self.denied)
        out.update(copy.deepcopy(self.extra))
        return out

    @property
    def scopes(self) -> frozenset[str]:
        """The scopes this application allows."""
        return frozenset((self.scope if self.scope is not None else "all").split())

    def denies(self, method: str, entity: str) -> bool:
        """True when the application's agent lacks the permission for `method` on `entity`."""
        wanted = f"{method} {entity}".casefold()
        return any(" ".join(entry.split()).casefold() == wanted for entry in self.denied or ())


@dataclass
class Credential:
    """Something that can obtain a token on this instance: an application or a profile's keys."""

    client_id: str
    client_secret: str = field(repr=False)
    scopes: frozenset[str]
    application: Application | None = None
    profile: RecordKey | None = None
    """The (entity, id) of the Supplier or Client profile that was issued these credentials."""


@dataclass
class IssuedToken:
    """A bearer token this instance handed out."""

    client_id: str
    scopes: frozenset[str]
    issued_at: float
    application: Application | None = None
    profile: RecordKey | None = None


@dataclass
class SyncSettings:
    """How this instance behaves as one end of a ticket sync (changeable while it runs)."""

    request_timeout: float = 3.0
    """Seconds an outbound sync request to the other instance may take."""
    email_timeout_delay: float = 0.01
    """When an e-mail action arrives mapped to an e-mail action, the request 'times out' after
    this short delay (real Halo waits much longer; tests must stay fast)."""
    max_hops: int = 4
    """A loop of synced actions between two instances is stopped after this many transfers."""


class InstanceState:
    """Everything one simulated instance holds; callers take `lock` around every access."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.instanceinfo: JSONDict = {}
        self.authinfo: JSONDict = {}
        self.hosted = False
        self.name: str | None = None
        self.records: dict[str, dict[int, JSONDict]] = {}
        self.next_ids: dict[str, int] = {}
        self.applications: list[Application] = []
        self.profile_secrets: dict[RecordKey, str] = {}
        self.write_only: dict[RecordKey, dict[str, Any]] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self.dialect = Dialect()
        """How this instance answers the unknowns (simulator.dialects)."""
        self.search_fields: tuple[str, ...] | None = None
        """The fields a list's `search` matches (None: endpoints.SEARCH_FIELDS). Which fields
        Halo's search matches is unproven; the wizard tries it before it relies on it."""
        self.api_email: dict[int, bool] = {}
        """Per action (Outcome key): "send an e-mail when created through the API connection",
        kept here while the dialect gives it no API field (what only Halo's screen shows)."""
        self.screen_setup: list[JSONDict] = []
        """Halo-screen operations the snapshot asked for, replayed under the dialect at load."""
        # Ticket sync: behaviour and journals; runtime only, never part of a snapshot.
        self.sync_settings = SyncSettings()
        self.outgoing_emails: list[JSONDict] = []
        """E-mails this instance would have sent (nobody is ever e-mailed)."""
        self.sync_log: list[JSONDict] = []
        """Every sync decision: sent, received, not sent (and why), failed."""
        self.loop_log: list[JSONDict] = []
        """Loops of synced actions that were stopped after `sync_settings.max_hops`."""
        # What the loaded snapshot held, so that to_snapshot gives it back unchanged.
        self._entity_order: list[str] = []
        self._extra_top: JSONDict = {}
        self._simulator_extra: JSONDict = {}
        self._simulator_keys: set[str] = set()
        self._has_simulator = False
        self._loaded_next_ids: set[str] = set()
        self._synthetic_key = 0
        self._dialect_given = False

    # ---- snapshots -------------------------------------------------------------------------

    @classmethod
    def from_snapshot(cls, snapshot: JSONDict, dialect: Dialect | None = None) -> InstanceState:
        """A state from a halo-snapshot/1 dict (the dict is not modified or kept).

        `dialect` (else the snapshot's simulator.dialect, else the default) decides how the
        snapshot's Halo-screen set-up (simulator.screen_setup) and API e-mail settings
        (simulator.api_email_settings) are laid out in the records."""
        if not isinstance(snapshot, dict) or snapshot.get("format") != SNAPSHOT_FORMAT:
            raise SnapshotError(f"not a {SNAPSHOT_FORMAT} snapshot")
        state = cls()
        snap = copy.deepcopy(snapshot)
        known_top = {"format", "instanceinfo", "authinfo", "records", "simulator"}
        state._extra_top = {k: v for k, v in snap.items() if k not in known_top}
        state.instanceinfo = dict(snap.get("instanceinfo") or {})
        state.authinfo = dict(snap.get("authinfo") or {})
        records = snap.get("records") or {}
        if not isinstance(records, dict):
            raise SnapshotError("records must be an object of lists")
        sim = snap.get("simulator")
        state._has_simulator = sim is not None
        sim = sim or {}
        if not isinstance(sim, dict):
            raise SnapshotError("simulator must be an object")
        state._simulator_keys = set(sim)
        known_sim = {
            "hosted",
            "name",
            "applications",
            "profile_secrets",
            "write_only",
            "next_ids",
            "dialect",
            "api_email_settings",
            "screen_setup",
        }
        state._simulator_extra = {k: v for k, v in sim.items() if k not in known_sim}
        state.hosted = bool(sim.get("hosted", state._default_hosted()))
        state.name = sim.get("name")
        state.applications = [Application.from_dict(a) for a in sim.get("applications") or []]

        for entity, rows in records.items():
            if not isinstance(rows, list):
                raise SnapshotError(f"records.{entity} must be a list")
            state._entity_order.append(entity)
            table = state.records.setdefault(entity, {})
            for row in rows:
                if not isinstance(row, dict):
                    raise SnapshotError(f"records.{entity} holds something that is not a record")
                key = state._key_for_loaded(entity, row)
                table[key] = row
                state._move_secrets_out(entity, key, row)

        for entry in sim.get("profile_secrets") or []:
            owner = (str(entry["entity"]), int(entry["id"]))
            state.profile_secrets[owner] = str(entry["client_secret"])
        for entry in sim.get("write_only") or []:
            owner = (str(entry["entity"]), int(entry["id"]))
            state.write_only.setdefault(owner, {})[str(entry["field"])] = entry["value"]

        for entity in state.records:
            state.next_ids[entity] = state._default_next_id(entity)
        for entity, next_id in (sim.get("next_ids") or {}).items():
            state._loaded_next_ids.add(entity)
            state.next_ids[entity] = int(next_id)

        names = sim.get("dialect")
        if names is not None and not isinstance(names, list | str):
            raise SnapshotError("simulator.dialect must be a list of dialect names")
        state._dialect_given = names is not None
        loaded = Dialect.parse(names or [])
        for entry in sim.get("api_email_settings") or []:
            state.api_email[int(entry["outcome_id"])] = bool(entry["on"])
        for entry in sim.get("screen_setup") or []:
            if not isinstance(entry, dict) or entry.get("operation") not in SCREEN_OPERATIONS:
                raise SnapshotError(f"simulator.screen_setup holds an unknown operation: {entry}")
            state.screen_setup.append(entry)
        state._lay_out(dialect if dialect is not None else loaded)
        return state

    # ---- the dialect -------------------------------------------------------------------------

    def use_dialect(self, dialect: Dialect) -> None:
        """Answer the unknowns `dialect`'s way: the API e-mail settings and what the snapshot's
        Halo-screen set-up wrote are laid out again (call it before the instance serves)."""
        with self.lock:
            self._dialect_given = True
            self._lay_out(dialect)

    def _lay_out(self, dialect: Dialect) -> None:
        field_name = c.API_EMAIL_SETTING_CANDIDATE
        # Collect every API e-mail setting, wherever the previous dialect kept it...
        for key, outcome in self.records.get("Outcome", {}).items():
            if field_name in outcome:
                value = outcome.pop(field_name)
                self.api_email.setdefault(key, bool(value))
        self.dialect = dialect
        # ...and keep it where this one does.
        if dialect.api_email_field_name is not None:
            outcomes = self.records.get("Outcome", {})
            for key, on in list(self.api_email.items()):
                if key in outcomes:
                    outcomes[key][dialect.api_email_field_name] = on
                    del self.api_email[key]
        for entry in self.screen_setup:
            self.replay_screen_operation(entry)

    def replay_screen_operation(self, entry: JSONDict) -> None:
        """Do one Halo-screen operation (simulator.screen_setup's form) under the dialect."""
        operation = entry.get("operation")
        entity = str(entry.get("profile_entity") or "")
        if operation == "tick_api_email_setting":
            key = self._key_of("Outcome", entry.get("outcome_id"))
            self.set_api_email(key, bool(entry.get("on", True)))
        elif operation == "set_send_to_connected_instance":
            key = self._key_of("Outcome", entry.get("outcome_id"))
            number = self.dialect.sync_number(str(entry.get("party")))
            self.records["Outcome"][key][c.SYNC_TO_HALO] = number
            self.records["Outcome"][key]["default_send_to_halo"] = number != c.SYNC_NO
        elif operation == "add_mapping":
            self.screen_add_mapping(
                entity,
                self._key_of(entity, entry.get("profile_id")),
                str(entry.get("kind")),
                int(entry["local_id"]),
                int(entry["remote_id"]),
                str(entry.get("local_name") or ""),
                str(entry.get("remote_name") or ""),
            )
        elif operation == "remove_mapping":
            self.screen_remove_mapping(
                entity,
                self._key_of(entity, entry.get("profile_id")),
                str(entry.get("kind")),
                int(entry["remote_id"]),
            )
        elif operation == "set_default_status_action_default":
            key = self._key_of(entity, entry.get("profile_id"))
            self.records[entity][key][c.DEFAULT_STATUS] = self.dialect.status_type_default
        else:
            raise SnapshotError(f"not a Halo-screen operation: {operation!r}")

    def _key_of(self, entity: str, record_id: Any) -> int:
        key = self.find_key(entity, record_id)
        if key is None:
            raise SnapshotError(f"{entity} {record_id} does not exist")
        return key

    # ---- what only Halo's screens change ------------------------------------------------------

    def api_email_on(self, outcome_key: int) -> bool:
        """The action's "send an e-mail when created through the API connection" setting."""
        name = self.dialect.api_email_field_name
        if name is not None:
            record = self.records.get("Outcome", {}).get(outcome_key, {})
            return record.get(name) is True
        return self.api_email.get(outcome_key, False)

    def set_api_email(self, outcome_key: int, on: bool) -> None:
        """Tick or untick the action's API e-mail setting, wherever the dialect keeps it."""
        name = self.dialect.api_email_field_name
        if name is not None:
            self.records["Outcome"][outcome_key][name] = on
        else:
            self.api_email[outcome_key] = on

    def mapping_rows(self, entity: str, key: int, kind: str) -> list[JSONDict]:
        """The stored mapping rows of one kind on a profile (created empty)."""
        if kind not in MAPPING_KINDS:
            raise ValueError(f"{kind!r} is not one of {', '.join(MAPPING_KINDS)}")
        record = self.records[entity][key]
        rows = record.get(MAPPING_KINDS[kind])
        if not isinstance(rows, list):
            rows = record[MAPPING_KINDS[kind]] = []
        return rows

    def screen_add_mapping(
        self,
        entity: str,
        key: int,
        kind: str,
        local_id: int,
        remote_id: int,
        local_name: str,
        remote_name: str,
    ) -> JSONDict:
        """Map the other instance's `remote_id` to this instance's `local_id` the way Halo's
        profile screen writes the row under the dialect; a row for the same pair (written either
        way round) or the same remote record is replaced in place."""
        rows = self.mapping_rows(entity, key, kind)
        row = self.dialect.mapping_row(local_id, remote_id, local_name, remote_name)
        other_way = Dialect.parse(
            [] if self.dialect.rows_reversed else ["mapping-rows-reversed"]
        ).mapping_row(local_id, remote_id, local_name, remote_name)
        wanted = (_row_key(row), _row_key(other_way))
        for index, existing in enumerate(rows):
            same_pair = _row_key(existing) in wanted
            same_remote = self.dialect.read_mapping_row(existing)[1] == remote_id
            if same_pair or same_remote:
                rows[index] = row
                return row
        rows.append(row)
        return row

    def screen_remove_mapping(self, entity: str, key: int, kind: str, remote_id: int) -> int:
        """Remove the rows that map the other instance's `remote_id`; returns how many."""
        rows = self.mapping_rows(entity, key, kind)
        kept = [r for r in rows if self.dialect.read_mapping_row(r)[1] != remote_id]
        removed = len(rows) - len(kept)
        rows[:] = kept
        return removed

    def to_snapshot(self) -> JSONDict:
        """The halo-snapshot/1 dict of this state; secrets only in its `simulator` section."""
        with self.lock:
            out: JSONDict = {
                "format": SNAPSHOT_FORMAT,
                "instanceinfo": copy.deepcopy(self.instanceinfo),
                "authinfo": copy.deepcopy(self.authinfo),
                "records": {
                    entity: [copy.deepcopy(r) for r in self.records.get(entity, {}).values()]
                    for entity in self._snapshot_entities()
                },
            }
            out.update(copy.deepcopy(self._extra_top))
            sim = self._simulator_section()
            if sim or self._has_simulator:
                out["simulator"] = sim
            return out

    def _simulator_section(self) -> JSONDict:
        keys = self._simulator_keys
        sim: JSONDict = copy.deepcopy(self._simulator_extra)
        if "hosted" in keys or self.hosted != self._default_hosted():
            sim["hosted"] = self.hosted
        if "name" in keys or self.name is not None:
            sim["name"] = self.name
        if "applications" in keys or self.applications:
            sim["applications"] = [a.to_dict() for a in self.applications]
        if "profile_secrets" in keys or self.profile_secrets:
            sim["profile_secrets"] = [
                {"entity": e, "id": i, "client_secret": s}
                for (e, i), s in self.profile_secrets.items()
            ]
        if "write_only" in keys or self.write_only:
            sim["write_only"] = [
                {"entity": e, "id": i, "field": f, "value": v}
                for (e, i), fields in self.write_only.items()
                for f, v in fields.items()
            ]
        next_ids = {
            entity: n
            for entity, n in self.next_ids.items()
            if entity in self._loaded_next_ids or n != self._default_next_id(entity)
        }
        if "next_ids" in keys or next_ids:
            sim["next_ids"] = next_ids
        if "dialect" in keys or self._dialect_given or not self.dialect.is_default:
            sim["dialect"] = self.dialect.names()
        settings = dict(self.api_email)
        name = self.dialect.api_email_field_name
        if name is not None:
            for key, record in self.records.get("Outcome", {}).items():
                if isinstance(record.get(name), bool):
                    settings[key] = record[name]
        if "api_email_settings" in keys or settings:
            sim["api_email_settings"] = [
                {"outcome_id": self._public_id("Outcome", k), "on": on}
                for k, on in sorted(settings.items())
            ]
        if "screen_setup" in keys or self.screen_setup:
            sim["screen_setup"] = copy.deepcopy(self.screen_setup)
        return sim

    def _public_id(self, entity: str, key: int) -> Any:
        record = self.records.get(entity, {}).get(key)
        return record.get("id", key) if record is not None else key

    def _snapshot_entities(self) -> list[str]:
        extra = [e for e, rows in self.records.items() if rows and e not in self._entity_order]
        return [*self._entity_order, *extra]

    def _default_hosted(self) -> bool:
        return bool(self.authinfo.get("tenant_id"))

    def _default_next_id(self, entity: str) -> int:
        ids = [k for k in self.records.get(entity, {}) if k > 0]
        return max(ids, default=0) + 1

    def _key_for_loaded(self, entity: str, row: JSONDict) -> int:
        key = as_int(row.get("id"))
        if key is not None and key > 0:
            return key
        if "id" not in row or row["id"] in (None, 0):
            # A record without an id gets the next free one, as Halo would have given it.
            key = self._default_next_id(entity)
            row["id"] = key
            return key
        # Non-numeric ids (API applications) get a private negative key.
        self._synthetic_key -= 1
        return self._synthetic_key

    def _move_secrets_out(self, entity: str, key: int, row: JSONDict) -> None:
        """Keep secrets out of records: issued profile secrets and write-only fields go aside."""
        secret = row.pop(c.PROFILE_ISSUED_CLIENT_SECRET, None)
        if entity in PROFILE_ENTITIES and isinstance(secret, str) and secret:
            self.profile_secrets[(entity, key)] = secret
        for name in [n for n in row if is_write_only_secret(n)]:
            self.write_only.setdefault((entity, key), {})[name] = row.pop(name)

    def save_snapshot(self, path: Path) -> None:
        """Write the snapshot to `path` atomically (temporary file, then rename)."""
        write_snapshot(path, self.to_snapshot())

    @classmethod
    def load_snapshot(cls, path: Path, dialect: Dialect | None = None) -> InstanceState:
        """A state from a snapshot file (see from_snapshot for `dialect`)."""
        return cls.from_snapshot(read_snapshot(path), dialect)

    def tenant(self, fallback: str) -> str:
        """The tenant of a hosted instance (`fallback` when the snapshot names none), else ""."""
        with self.lock:
            if not self.hosted:
                return ""
            tenant = self.authinfo.get("tenant_id")
            return str(tenant) if tenant else fallback

    # ---- entities and records ---------------------------------------------------------------

    def entity_names(self) -> list[str]:
        """Every entity this instance serves: the known ones plus any the snapshot brought."""
        names = list(KNOWN_ENTITIES)
        names += [e for e in self.records if e not in names]
        return names

    def canonical_entity(self, name: str) -> str | None:
        """The entity's own spelling for a path segment in any case, or None when unknown."""
        folded = name.casefold()
        for entity in self.entity_names():
            if entity.casefold() == folded:
                return entity
        return None

    def table(self, entity: str) -> dict[int, JSONDict]:
        """The records of `entity` by key (created empty when the entity has none yet)."""
        return self.records.setdefault(entity, {})

    def iter_records(self, entity: str) -> Iterator[JSONDict]:
        """The records of `entity` in id order, then those with non-numeric ids in the order
        they came (stored dicts: do not modify)."""
        table = self.records.get(entity, {})
        for key in sorted(table, key=lambda k: (k < 0, abs(k))):
            yield table[key]

    def find_key(self, entity: str, record_id: Any) -> int | None:
        """The key of the record whose id is `record_id` (a number or a string), or None."""
        table = self.records.get(entity, {})
        key = as_int(record_id)
        if key is not None and key > 0 and key in table:
            return key
        wanted = str(record_id)
        for k, row in table.items():
            if k < 0 and str(row.get("id")) == wanted:
                return k
        return None

    def get(self, entity: str, key: int) -> JSONDict:
        """The stored record (not a copy)."""
        return self.records[entity][key]

    def create(self, entity: str, fields: JSONDict) -> int:
        """Store a new record with the next id of its entity; returns its key."""
        table = self.table(entity)
        key = max(self.next_ids.get(entity, 1), self._default_next_id(entity))
        self.next_ids[entity] = key + 1
        table[key] = {"id": key, **{k: v for k, v in fields.items() if k != "id"}}
        return key

    def update(self, entity: str, key: int, fields: JSONDict) -> None:
        """Merge `fields` into the stored record."""
        self.records[entity][key].update({k: v for k, v in fields.items() if k != "id"})

    def delete(self, entity: str, key: int) -> JSONDict:
        """Remove a record with its hidden secrets and any credentials it was issued."""
        if entity in PROFILE_ENTITIES:
            self.revoke_profile_credentials(entity, key)
        if entity == "Outcome":
            self.api_email.pop(key, None)
        self.write_only.pop((entity, key), None)
        return self.records[entity].pop(key)

    def public_record(self, entity: str, key: int, *, with_issued_secret: bool = False) -> JSONDict:
        """The record as the API returns it: nulls left out; the issued secret only when asked
        and the dialect lets reads return it."""
        out: JSONDict = strip_nulls(self.records[entity][key])
        secret = self.profile_secrets.get((entity, key))
        if with_issued_secret and secret is not None and self.dialect.secret_readable:
            out[c.PROFILE_ISSUED_CLIENT_SECRET] = secret
        return out

    def issued_secret(self, entity: str, key: int) -> str | None:
        """The profile's issued secret as Halo's API Access tab shows it (never through the API
        unless the dialect says so)."""
        return self.profile_secrets.get((entity, key))

    # ---- write-only fields -------------------------------------------------------------------

    def set_write_only(self, entity: str, key: int, name: str, value: Any) -> None:
        """Keep a write-only secret aside; reads never return it."""
        self.write_only.setdefault((entity, key), {})[name] = value

    def get_write_only(self, entity: str, key: int, name: str) -> Any:
        """A stored write-only value, or None."""
        return self.write_only.get((entity, key), {}).get(name)

    def add_api_application(
        self, display_name: str, *, agent_id: int | None = None, scopes: tuple[str, ...] = ()
    ) -> Application:
        """What an admin does in Halo's Applications screen: a "Client ID and Secret (Services)"
        application, served by /api/Application and able to obtain tokens."""
        app = Application(
            client_id=str(uuid.uuid4()),
            client_secret=secrets.token_urlsafe(36),
            scope=" ".join(scopes) or None,
            agent_id=agent_id,
        )
        self.applications.append(app)
        self._synthetic_key -= 1
        agent = self.records.get("Agent", {}).get(agent_id or 0, {})
        self.table(c.APPLICATION_ENTITY)[self._synthetic_key] = {
            c.APP_ID: app.client_id,
            c.APP_CLIENT_ID: app.client_id,
            c.APP_DISPLAY_NAME: display_name,
            c.APP_LOGIN_AGENT: agent_id,
            c.APP_LOGIN_AGENT_NAME: agent.get("name"),
            c.APP_SCOPES: [
                {"id": n, "application_id": app.client_id, c.APP_SCOPE_NAME: s}
                for n, s in enumerate(scopes, start=1)
            ],
            c.APP_INACTIVE: False,
        }
        log.debug("application added to %s", self.name or "an instance")
        return app

    # ---- credentials and tokens --------------------------------------------------------------

    def issue_profile_credentials(self, entity: str, key: int) -> None:
        """Give a profile new API access credentials that can obtain tokens on this instance."""
        self.tokens = {t: i for t, i in self.tokens.items() if i.profile != (entity, key)}
        self.records[entity][key][c.PROFILE_ISSUED_CLIENT_ID] = str(uuid.uuid4())
        self.profile_secrets[(entity, key)] = secrets.token_urlsafe(36)
        log.debug("issued API access credentials for %s %s", entity, key)

    def revoke_profile_credentials(self, entity: str, key: int) -> None:
        """Withdraw a profile's API access credentials and the tokens obtained with them."""
        had = self.profile_secrets.pop((entity, key), None) is not None
        record = self.records.get(entity, {}).get(key)
        if record is not None:
            had = record.pop(c.PROFILE_ISSUED_CLIENT_ID, None) is not None or had
        self.tokens = {t: i for t, i in self.tokens.items() if i.profile != (entity, key)}
        if had:
            log.debug("revoked API access credentials of %s %s", entity, key)

    def has_issued_credentials(self, entity: str, key: int) -> bool:
        """True when the profile holds credentials issued by this instance."""
        record = self.records.get(entity, {}).get(key, {})
        return (entity, key) in self.profile_secrets and bool(
            record.get(c.PROFILE_ISSUED_CLIENT_ID)
        )

    def credentials(self) -> Iterable[Credential]:
        """Everything that may obtain a token: applications, then profiles with API access."""
        for app in self.applications:
            yield Credential(app.client_id, app.client_secret, app.scopes, application=app)
        for (entity, key), secret in self.profile_secrets.items():
            record = self.records.get(entity, {}).get(key)
            if record is None or not record.get(c.PROFILE_ALLOW_API_ACCESS):
                continue
            client_id = record.get(c.PROFILE_ISSUED_CLIENT_ID)
            if isinstance(client_id, str) and client_id:
                yield Credential(client_id, secret, frozenset({"all"}), profile=(entity, key))

    def find_credential(self, client_id: str) -> Credential | None:
        """The credential with this client id, or None."""
        return next((cr for cr in self.credentials() if cr.client_id == client_id), None)

    def issue_token(self, credential: Credential, scopes: frozenset[str]) -> str:
        """A new bearer token for `credential` with the scopes it asked for."""
        now = time.monotonic()
        if len(self.tokens) >= TOKEN_PRUNE_AT:
            # Forget tokens past their advertised expiry so a long demo does not grow forever.
            self.tokens = {
                t: i for t, i in self.tokens.items() if now - i.issued_at < TOKEN_EXPIRES_IN
            }
        token = secrets.token_urlsafe(32)
        self.tokens[token] = IssuedToken(
            client_id=credential.client_id,
            scopes=scopes,
            issued_at=now,
            application=credential.application,
            profile=credential.profile,
        )
        return token

    def token_info(self, token: str, lifetime: float | None) -> IssuedToken | None:
        """The token's record while it is valid (`lifetime` overrides the advertised expiry)."""
        info = self.tokens.get(token)
        if info is None:
            return None
        limit = float(TOKEN_EXPIRES_IN) if lifetime is None else lifetime
        if time.monotonic() - info.issued_at >= limit:
            return None
        return info


def _row_key(row: Any) -> tuple[Any, ...]:
    """A mapping row's four mapping fields, normalised for comparison."""
    if not isinstance(row, dict):
        return ()
    fiid = as_int(row.get(c.MAPROW_LOCAL_ID))
    return (
        fiid,
        str(row.get(c.MAPROW_LOCAL_NAME) or ""),
        str(row.get(c.MAPROW_REMOTE_ID) or "").strip(),
        str(row.get(c.MAPROW_REMOTE_NAME) or ""),
    )


# ---- snapshot files ----------------------------------------------------------------------------


def read_snapshot(path: Path) -> JSONDict:
    """A snapshot dict read from a JSON file."""
    with Path(path).open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise SnapshotError(f"{path} does not hold a snapshot object")
    return data


def write_snapshot(path: Path, snapshot: JSONDict) -> None:
    """Write a snapshot dict to `path` atomically; the file is readable by its owner only."""
    write_json_atomic(Path(path), snapshot)
