"""What an invitation and a reply hold: one side's instance, the credentials its profile issued,
its catalogue, and (in a reply) the partner's inbound mappings.

The catalogue is a filtered snapshot (the records of an instance, in halo-snapshot/1's shape):
only the lists the partner's mappings, checks and end-to-end test read, only the fields they read
of each (CATALOGUE_FIELDS, the one list), only this connection's profile, and only the people the
partner needs. The issued client secret is the one secret in a file: a Secret in memory, revealed
only by `to_json`, whose result goes straight into `sealed.seal`. No admin credential is ever
part of these types.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from halo_wizard.api import constants as C
from halo_wizard.api.client import InstanceInfo, Record
from halo_wizard.api.errors import HaloError
from halo_wizard.api.secret import Secret
from halo_wizard.api.snapshot import is_secret_field, strip_secrets
from halo_wizard.api.urls import Endpoint
from halo_wizard.api.values import as_int, json_kind
from halo_wizard.logsetup import register_secret
from halo_wizard.plan.model import PlanError, ProfileMappings, Side

log = logging.getLogger(__name__)

__all__ = [
    "CATALOGUE_FIELDS",
    "CATALOGUE_FORMAT",
    "INSTANCE_INFO_FIELDS",
    "PROFILE_ENTITY_IN",
    "Catalogue",
    "ContentsProblem",
    "InstanceDetails",
    "Invitation",
    "IssuedCredentials",
    "Reply",
]

CATALOGUE_FORMAT: Final = "halo-wizard-catalogue/1"

PROFILE_ENTITY_IN: Final[Mapping[Side, str]] = {Side.CUSTOMER: "Supplier", Side.SUPPLIER: "Client"}
"""The profile list of each side's instance (the records that represent the other party); the
same table as steps.unknowns.PROFILE_ENTITY_IN, kept here so that this layer imports no engine."""

_PROFILE_FIELDS: Final = (
    "id",
    "name",
    "inactive",
    "main_site_id",
    C.PROFILE_ALLOW_API_ACCESS,
    C.PROFILE_ISSUED_CLIENT_ID,
    C.PROFILE_REMOTE_API_URL,
    C.PROFILE_REMOTE_AUTH_URL,
    C.PROFILE_REMOTE_TENANT,
    C.PROFILE_REMOTE_CLIENT_ID,
    C.PROFILE_VALIDATED,
    C.MAPPING_STATUS,
    C.MAPPING_CATEGORY,
    C.MAPPING_ACTION,
    C.MAPPING_FIELD,
    C.MAPPING_TICKET_TYPE,
    C.DEFAULT_STATUS,
    C.DEFAULT_CATEGORY,
    C.DEFAULT_ACTION,
    C.DEFAULT_TICKET_TYPE,
    C.OUTBOUND_ATTACHMENTS,
)

CATALOGUE_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    # The Suppliers module (rules and drift look for it by module name).
    "Features": ("id", "module_name", "actual_name", "enabled"),
    "Status": ("id", "name", C.STATUS_DOMAIN, "sequence"),
    "Category": ("id", "value", "category_name"),
    "FieldInfo": ("id", "name", C.FIELD_LABEL, C.FIELD_TYPE, C.FIELD_CUSTOM, C.FIELD_USAGE),
    "Outcome": (
        "id",
        C.OUTCOME_NAME,
        C.OUTCOME_BUTTON_NAME,
        C.OUTCOME_SYSTEM_ID,
        C.OUTCOME_SEND_EMAIL,
        C.OUTCOME_NEW_STATUS,
        C.OUTCOME_HIDE_FROM_USER,
        C.OUTCOME_HIDDEN,
        C.OUTCOME_EMAIL_TEMPLATE_ID,
        C.OUTCOME_EMAIL_TEMPLATE_NAME,
        C.OUTCOME_DEFAULT_SEND_TO_HALO,
        C.SYNC_TO_HALO,
        C.OUTCOME_FIELDS,
        C.OUTCOME_AI_IMPROVE_NOTE,
        "ai_prompt",
    ),
    "TicketType": (
        "id",
        "name",
        C.TICKET_TYPE_WORKFLOW_ID,
        C.TICKET_TYPE_WORKFLOW_NAME,
        C.TICKET_TYPE_INITIAL_STATUS,
        C.TICKET_TYPE_ALLOW_ALL_ACTIONS,
        C.TICKET_TYPE_ALLOWED_ACTIONS,
    ),
    "Workflow": ("id", "name", C.WORKFLOW_STEPS, C.WORKFLOW_ALWAYS_ALLOWED),
    "Client": _PROFILE_FIELDS,
    "Supplier": _PROFILE_FIELDS,
    # From the customer side: the agents who escalate (the supplier makes them end users).
    "Agent": ("id", "name", C.AGENT_EMAIL),
    # From the supplier side: the end users and sites filed under the customer's profile.
    "Users": ("id", "name", C.END_USER_EMAIL, "client_id", "client_name", "site_id", "inactive"),
    "Site": ("id", "name", "client_id", "inactive"),
}
"""The one list of what a catalogue holds: per record list, the fields the partner's mappings,
action check and end-to-end test read. Any other list or field is left out when a catalogue is
built, and refused when one is read. A field listed here holds nested rows (an action's field
list, a workflow's steps) whole, secrets stripped."""

INSTANCE_INFO_FIELDS: Final = (C.INSTANCE_DISPLAY_NAME, "app_name", "app_version")
"""What a catalogue tells of /api/InstanceInfo (name, product and version)."""

PEOPLE: Final[Mapping[Side, tuple[str, ...]]] = {
    Side.CUSTOMER: ("Agent",),
    Side.SUPPLIER: ("Users", "Site"),
}
"""Which side tells of which people (and the other side's catalogue holds none of them)."""


class ContentsProblem(HaloError):
    """An invitation or reply that opened but whose content does not have the right shape, or a
    catalogue that cannot be built. The message names the part, never its value."""

    title = "Invitation or reply not usable"


def _problem(what: str, why: str) -> ContentsProblem:
    return ContentsProblem(
        f"The {what} opened, but {why}.",
        "Ask your partner to write it again with the same version of halo_wizard as yours.",
    )


class _Reader:
    """Reads one JSON object of a file's content; each complaint names the part in words."""

    def __init__(self, data: object, what: str, where: str, known: Iterable[str]) -> None:
        self.what = what
        self.where = where
        if not isinstance(data, dict):
            raise _problem(what, f"{where} is {json_kind(data)}, not an object")
        self.data: dict[str, Any] = data
        extra = sorted(str(k) for k in data if k not in set(known))
        if extra:
            # A name is safe to show; a value never is (it might be a secret).
            shown = extra[0] if not is_secret_field(extra[0]) else "a secret-looking field"
            raise _problem(what, f"{where} holds '{shown}', which this version does not know")

    def fail(self, key: str, why: str) -> ContentsProblem:
        return _problem(self.what, f"{self._name(key)} {why}")

    def _name(self, key: str) -> str:
        words = key.replace("_", " ")
        return f"the {words} of {self.where}" if self.where else f"its {words}"

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.fail(key, f"is {json_kind(value)}, not text")
        if required and not value.strip():
            raise self.fail(key, "is empty")
        return value

    def url(self, key: str, *, required: bool = True) -> str:
        value = self.text(key, required=required)
        if value and not value.lower().startswith(("https://", "http://")):
            raise self.fail(key, "is not a web address")
        return value

    def side(self, key: str) -> Side:
        value = self.data.get(key)
        for side in Side:
            if value == side.value:
                return side
        raise self.fail(key, "is neither customer nor supplier")

    def obj(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, f"is {json_kind(value)}, not an object")
        return value

    def moment(self, key: str) -> str:
        value = self.text(key)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, "is not a date and time") from None
        if parsed.tzinfo is None:
            raise self.fail(key, "has no time zone")
        return value


# ---- the instance and its credentials ------------------------------------------------------------


_INSTANCE_KEYS: Final = ("name", "base_url", "api_url", "auth_url", "tenant", "product", "version")


@dataclass(frozen=True, slots=True)
class InstanceDetails:
    """Where one side's instance is and what it runs, as the partner's profile needs it."""

    name: str
    base_url: str
    api_url: str
    auth_url: str
    tenant: str
    product: str
    version: str

    @classmethod
    def of(cls, endpoint: Endpoint, info: InstanceInfo, name: str) -> InstanceDetails:
        """From the session's live client: its endpoint and what InstanceInfo said."""
        return cls(
            name=name,
            base_url=endpoint.base_url,
            api_url=endpoint.api_url,
            auth_url=endpoint.auth_url,
            tenant=endpoint.tenant,
            product=info.product,
            version=info.version,
        )

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint(self.base_url, self.api_url, self.auth_url, self.tenant)

    def to_json(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in _INSTANCE_KEYS}

    @classmethod
    def from_json(cls, reader: _Reader) -> InstanceDetails:
        return cls(
            name=reader.text("name"),
            base_url=reader.url("base_url"),
            api_url=reader.url("api_url"),
            auth_url=reader.url("auth_url"),
            tenant=reader.text("tenant", required=False),
            product=reader.text("product"),
            version=reader.text("version"),
        )


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """The client id and secret a side's profile issued (its API access tab): what the partner's
    profile signs in to this side's instance with. The only secret of an invitation or reply."""

    client_id: str
    secret: Secret = field(repr=False)

    def to_json(self) -> dict[str, Any]:
        """The credentials as the sealed content holds them (the secret revealed only here)."""
        return {"client_id": self.client_id, "secret": self.secret.reveal()}

    @classmethod
    def from_json(cls, data: object, what: str) -> IssuedCredentials:
        reader = _Reader(data, what, "the issued credentials", ("client_id", "secret"))
        secret = reader.data.get("secret")
        if not isinstance(secret, str) or not secret.strip():
            raise reader.fail("secret", "is missing")
        register_secret(secret.strip())  # scrubbed before anything else can log it
        return cls(client_id=reader.text("client_id"), secret=Secret(secret.strip()))


# ---- the catalogue -------------------------------------------------------------------------------


def _kept(record: Mapping[str, Any], names: tuple[str, ...]) -> Record:
    return {name: strip_secrets(record[name]) for name in names if name in record}


def _escalates(agent: Mapping[str, Any]) -> bool:
    """The agents step's default choice: a person with an e-mail, not an API agent, enabled."""
    email = str(agent.get(C.AGENT_EMAIL) or "")
    return "@" in email and not agent.get(C.AGENT_IS_API_AGENT) and not agent.get("isdisabled")


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What the partner needs of one side's instance, read at `taken` (UTC ISO): a filtered
    snapshot. `records` by list, each record holding only CATALOGUE_FIELDS."""

    taken: str
    records: dict[str, list[Record]] = field(repr=False)
    info: dict[str, Any] = field(default_factory=dict)
    tenant: str = ""

    @classmethod
    def build(
        cls,
        records: Mapping[str, Iterable[Mapping[str, Any]]],
        *,
        side: Side,
        profile_id: int,
        taken: dt.datetime,
        info: Mapping[str, Any] | None = None,
        tenant: str = "",
        agents: Iterable[Mapping[str, Any]] | None = None,
    ) -> Catalogue:
        """The catalogue of `side`'s instance from its records (a snapshot's or a session's).

        Only the profile `profile_id` (this connection's) is kept of the profile lists. From
        the customer side, `agents` are the agents who escalate (as the agents step chose them;
        None: the enabled, non-API agents with an e-mail); from the supplier side, the end users
        and sites filed under the profile. ContentsProblem when the profile is not there."""
        if taken.tzinfo is None:
            raise ValueError("`taken` must say its time zone (use datetime.now(UTC))")
        profile_entity = PROFILE_ENTITY_IN[side]
        rows = {entity: list(records.get(entity) or []) for entity in CATALOGUE_FIELDS}
        profile = next((r for r in rows[profile_entity] if as_int(r.get("id")) == profile_id), None)
        if profile is None:
            raise ContentsProblem(
                f"The {profile_entity} record {profile_id} (the profile of this connection) is "
                "not among the records read.",
                "Run the set-up of your side first: it creates the profile.",
            )
        rows[profile_entity] = [profile]
        rows[PROFILE_ENTITY_IN[side.other]] = []
        if side is Side.CUSTOMER:
            chosen = (
                list(agents) if agents is not None else [a for a in rows["Agent"] if _escalates(a)]
            )
            rows["Agent"] = chosen
        for entity in PEOPLE[side.other]:
            rows[entity] = []
        if side is Side.SUPPLIER:
            for entity in PEOPLE[Side.SUPPLIER]:
                rows[entity] = [r for r in rows[entity] if as_int(r.get("client_id")) == profile_id]
        kept = {
            entity: [_kept(r, CATALOGUE_FIELDS[entity]) for r in rows[entity]]
            for entity in sorted(CATALOGUE_FIELDS)
        }
        shown = {k: info[k] for k in INSTANCE_INFO_FIELDS if info and isinstance(info.get(k), str)}
        moment = taken.astimezone(dt.UTC).replace(microsecond=0).isoformat()
        return cls(taken=moment, records=kept, info=shown, tenant=tenant)

    @property
    def taken_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.taken)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": CATALOGUE_FORMAT,
            "taken": self.taken,
            "instanceinfo": dict(self.info),
            "authinfo": {C.INSTANCE_TENANT: self.tenant},
            "records": {entity: [dict(r) for r in rows] for entity, rows in self.records.items()},
        }

    def as_snapshot(self) -> dict[str, Any]:
        """The catalogue as a halo-snapshot/1 dict (what the rules' snapshot input reads)."""
        data = self.to_json()
        data["format"] = C.SNAPSHOT_FORMAT
        return data

    @classmethod
    def from_json(cls, data: object, what: str) -> Catalogue:
        keys = ("format", "taken", "instanceinfo", "authinfo", "records")
        reader = _Reader(data, what, "the catalogue", keys)
        if reader.data.get("format") != CATALOGUE_FORMAT:
            raise reader.fail("format", f"is not {CATALOGUE_FORMAT}")
        info = _Reader(reader.obj("instanceinfo"), what, "the instance info", INSTANCE_INFO_FIELDS)
        auth = _Reader(reader.obj("authinfo"), what, "the sign-in info", (C.INSTANCE_TENANT,))
        raw = reader.obj("records")
        unknown = sorted(str(k) for k in raw if k not in CATALOGUE_FIELDS)
        if unknown:
            raise reader.fail("records", f"hold a list this version does not read ({unknown[0]})")
        records: dict[str, list[Record]] = {}
        for entity, rows in raw.items():
            if not isinstance(rows, list):
                raise _problem(what, f"the catalogue's {entity} list is {json_kind(rows)}")
            checked: list[Record] = []
            for index, row in enumerate(rows):
                where = f"the catalogue's {entity} record {index + 1}"
                record = _Reader(row, what, where, CATALOGUE_FIELDS[entity]).data
                if as_int(record.get("id")) is None:
                    raise _problem(what, f"{where} has no id")
                if strip_secrets(record) != record:
                    raise _problem(what, f"{where} holds a secret, which a catalogue never does")
                checked.append(dict(record))
            records[str(entity)] = checked
        return cls(
            taken=reader.moment("taken"),
            records=records,
            info={k: info.text(k) for k in INSTANCE_INFO_FIELDS if k in info.data},
            tenant=auth.text(C.INSTANCE_TENANT, required=False),
        )


# ---- the two files -------------------------------------------------------------------------------


_SIDE_KEYS: Final = (*_INSTANCE_KEYS, "side", "profile_name", "issued", "catalogue")
_INVITATION_KEYS: Final = (*_SIDE_KEYS, "partner_profile_name")
_REPLY_KEYS: Final = (*_SIDE_KEYS, "mappings", "test", "fingerprint")


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the admin who starts sends: their instance, their side (customer or supplier), the
    credentials their profile issued, the catalogue of their instance, and the names of the
    two profiles."""

    instance: InstanceDetails
    side: Side
    """The inviter's side; the partner sets up the other."""
    profile_name: str
    """The profile in the inviter's instance (it represents the partner)."""
    partner_profile_name: str
    """The name the inviter chose for the partner's profile (the partner's instance holds it)."""
    issued: IssuedCredentials
    catalogue: Catalogue = field(repr=False)

    @property
    def catalogue_taken(self) -> dt.datetime:
        """When the inviter's instance was read for the catalogue (findings cite this date)."""
        return self.catalogue.taken_at

    def to_json(self) -> dict[str, Any]:
        """The content to seal (it holds the issued secret in the clear: seal it at once)."""
        return {
            **self.instance.to_json(),
            "side": self.side.value,
            "profile_name": self.profile_name,
            "partner_profile_name": self.partner_profile_name,
            "issued": self.issued.to_json(),
            "catalogue": self.catalogue.to_json(),
        }

    @classmethod
    def from_json(cls, data: object) -> Invitation:
        """The invitation a sealed file held, or ContentsProblem saying what is wrong with it."""
        what = "invitation"
        reader = _Reader(data, what, "", _INVITATION_KEYS)
        return cls(
            instance=InstanceDetails.from_json(reader),
            side=reader.side("side"),
            profile_name=reader.text("profile_name"),
            partner_profile_name=reader.text("partner_profile_name"),
            issued=IssuedCredentials.from_json(reader.data.get("issued"), what),
            catalogue=Catalogue.from_json(reader.data.get("catalogue"), what),
        )


@dataclass(frozen=True, slots=True)
class Reply:
    """What the invited partner sends back: their instance, their side, the credentials their
    profile issued, their catalogue, and their inbound mappings (what arrives in their instance
    from the inviter's, for the report and the inviter's checks)."""

    instance: InstanceDetails
    side: Side
    profile_name: str
    """The profile in the partner's instance (it represents the inviter)."""
    issued: IssuedCredentials
    catalogue: Catalogue = field(repr=False)
    mappings: ProfileMappings = field(default_factory=ProfileMappings, repr=False)
    test: Mapping[str, Any] | None = field(default=None, repr=False)
    """The end-to-end test the partner ran from their side (their plan's e2e section), when a
    later reply carries it: the inviter's report shows both halves."""
    fingerprint: str = ""
    """The fingerprint of the partner's plan as they wrote the reply."""

    @property
    def catalogue_taken(self) -> dt.datetime:
        return self.catalogue.taken_at

    def to_json(self) -> dict[str, Any]:
        """The content to seal (it holds the issued secret in the clear: seal it at once)."""
        return {
            **self.instance.to_json(),
            "side": self.side.value,
            "profile_name": self.profile_name,
            "issued": self.issued.to_json(),
            "catalogue": self.catalogue.to_json(),
            "mappings": self.mappings.to_dict(),
            "test": dict(self.test) if self.test is not None else None,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_json(cls, data: object) -> Reply:
        """The reply a sealed file held, or ContentsProblem saying what is wrong with it."""
        what = "reply"
        reader = _Reader(data, what, "", _REPLY_KEYS)
        try:
            mappings = ProfileMappings.from_dict(reader.obj("mappings"), "mappings")
        except PlanError as exc:
            raise _problem(what, f"its inbound mappings are not usable ({exc})") from None
        return cls(
            instance=InstanceDetails.from_json(reader),
            side=reader.side("side"),
            profile_name=reader.text("profile_name"),
            issued=IssuedCredentials.from_json(reader.data.get("issued"), what),
            catalogue=Catalogue.from_json(reader.data.get("catalogue"), what),
            mappings=mappings,
            test=_test_half(reader),
            fingerprint=reader.text("fingerprint", required=False),
        )


def _test_half(reader: _Reader) -> dict[str, Any] | None:
    """The partner's end-to-end result a reply may carry: an object, never a secret."""
    value = reader.data.get("test")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise reader.fail("test", f"is {json_kind(value)}, not an object")
    if strip_secrets(value) != value:
        raise reader.fail("test", "holds a secret, which a test result never does")
    return dict(value)
