"""How a simulated instance answers the questions nobody knows about Halo yet (its "dialect").

Each field of Dialect is one of the unknowns of halo_wizard.api.constants.UNKNOWNS, holding one of
that unknown's answers; the default holds every unknown's first answer. Named presets change one
answer each and combine: ``Dialect.parse("mapping-rows-reversed,secret-once")``.

- mapping-rows-reversed (mapping-row-ids): a mapping row holds the OTHER instance's id in `fiid`
  (int) and its name in `name`, THIS instance's id in `thirdpartyname` (string) and its name in
  `third_party_friendly_name`.
- sync-values-reversed (sync-values): sync_to_halo_api 1 = Customer, 2 = Supplier.
- api-email-field (api-email-field): "send an e-mail when created through the API connection" is
  the Outcome field auto_forward_halo_api, readable and writable through the API.
- secret-once (issued-secret): a profile's issued secret is in the answer of the save that turned
  API access on, never in a later read.
- secret-hidden (issued-secret): the issued secret never comes through the API (only Halo's
  screen shows it: simulator.console.shown_issued_secret).
- auth-reread (authenticate-connection): the test write's answer carries no result; a later read
  shows thirdpartynhd_validated (no _warning is kept).
- auth-manual (authenticate-connection): the API ignores the test flag; only the button in Halo's
  screen authenticates (simulator.console.press_authenticate_connection).
- status-default-zero (status-action-default): "Action/Ticket Type Default" is stored as 0, and -1
  is no valid value. A stored value that is neither a status nor the option means "no default
  status": a new ticket whose status is unmapped takes its ticket type's initial status (as the
  option does) and an update changes no status; the sync journal says which applied, and Halo's
  screen (console.shown_default_status) shows the option's text only for the dialect's value.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Final

from halo_wizard.api import constants as c
from halo_wizard.api.values import as_int

log = logging.getLogger(__name__)

DEFAULT_NAME: Final = "default"
SUPPLIER: Final = "Supplier"
CUSTOMER: Final = "Customer"
NO_PARTY: Final = "No"
PARTIES: Final = (NO_PARTY, SUPPLIER, CUSTOMER)

_ROWS_LOCAL_IN_FIID, _ROWS_LOCAL_IN_NAME = c.MAPPING_ROW_IDS.answers
_SYNC_SUPPLIER_FIRST, _SYNC_CUSTOMER_FIRST = c.SYNC_VALUES.answers
_EMAIL_NOT_IN_API, _EMAIL_FIELD = c.API_EMAIL_FIELD.answers
_SECRET_READABLE, _SECRET_ONCE, _SECRET_HIDDEN = c.ISSUED_SECRET.answers
_AUTH_ANSWER, _AUTH_REREAD, _AUTH_MANUAL = c.AUTHENTICATE.answers
_STATUS_MINUS_ONE, _STATUS_ZERO = c.STATUS_ACTION_DEFAULT.answers


class DialectError(ValueError):
    """A dialect name that does not exist, or two presets that answer one unknown differently."""


@dataclass(frozen=True, slots=True)
class Dialect:
    """One answer per unknown; every field holds one of its Unknown's `answers`."""

    mapping_row_ids: str = _ROWS_LOCAL_IN_FIID
    sync_values: str = _SYNC_SUPPLIER_FIRST
    api_email_field: str = _EMAIL_NOT_IN_API
    issued_secret: str = _SECRET_READABLE
    authenticate_connection: str = _AUTH_ANSWER
    status_action_default: str = _STATUS_MINUS_ONE

    def __post_init__(self) -> None:
        for f in fields(self):
            unknown = c.UNKNOWN_BY_KEY[_UNKNOWN_KEY_BY_FIELD[f.name]]
            if getattr(self, f.name) not in unknown.answers:
                raise DialectError(
                    f"{getattr(self, f.name)!r} is not an answer to {unknown.key!r}; "
                    f"one of {', '.join(unknown.answers)}"
                )

    # ---- names ----------------------------------------------------------------------------------

    @classmethod
    def parse(cls, names: str | Iterable[str]) -> Dialect:
        """The dialect of comma-separated (or listed) preset names; "default" changes nothing."""
        items = names.split(",") if isinstance(names, str) else list(names)
        dialect = cls()
        chosen: dict[str, str] = {}
        for raw in items:
            for name in str(raw).split(","):
                name = name.strip().casefold()
                if not name or name == DEFAULT_NAME:
                    continue
                preset = PRESETS.get(name)
                if preset is None:
                    raise DialectError(
                        f"unknown dialect {name!r}; valid names: {', '.join(preset_names())}"
                    )
                field_name, value = preset
                earlier = chosen.get(field_name)
                if earlier is not None and earlier != name:
                    raise DialectError(f"{earlier!r} and {name!r} answer the same unknown")
                chosen[field_name] = name
                dialect = replace(dialect, **{field_name: value})
        return dialect

    def names(self) -> list[str]:
        """The presets that make this dialect (empty for the default), in PRESETS order."""
        return [
            name
            for name, (field_name, value) in PRESETS.items()
            if getattr(self, field_name) == value
        ]

    def label(self) -> str:
        """A short text for logs and the console: the preset names, or "default"."""
        return ",".join(self.names()) or DEFAULT_NAME

    @property
    def is_default(self) -> bool:
        """True when every unknown has its first answer."""
        return self == Dialect()

    # ---- mapping rows ----------------------------------------------------------------------------

    @property
    def rows_reversed(self) -> bool:
        """True when a mapping row's fiid holds the other instance's id."""
        return self.mapping_row_ids == _ROWS_LOCAL_IN_NAME

    def mapping_row(
        self, local_id: int, remote_id: int | str, local_name: str, remote_name: str
    ) -> dict[str, Any]:
        """An IntegrationFieldMapping row as Halo's own screen writes it under this dialect."""
        if self.rows_reversed:
            return {
                c.MAPROW_LOCAL_ID: as_int(remote_id),
                c.MAPROW_LOCAL_NAME: remote_name,
                c.MAPROW_REMOTE_ID: str(local_id),
                c.MAPROW_REMOTE_NAME: local_name,
            }
        return {
            c.MAPROW_LOCAL_ID: int(local_id),
            c.MAPROW_LOCAL_NAME: local_name,
            c.MAPROW_REMOTE_ID: str(remote_id),
            c.MAPROW_REMOTE_NAME: remote_name,
        }

    def read_mapping_row(self, row: Mapping[str, Any]) -> tuple[int | None, int | None]:
        """(this instance's id, the other instance's id) of a row, read this dialect's way."""
        fiid = as_int(row.get(c.MAPROW_LOCAL_ID))
        other = as_int(row.get(c.MAPROW_REMOTE_ID))
        return (other, fiid) if self.rows_reversed else (fiid, other)

    # ---- Send to Connected Halo Instance ---------------------------------------------------------

    def sync_number(self, party: str) -> int:
        """The sync_to_halo_api number of "Supplier", "Customer" or "No"."""
        if party == NO_PARTY:
            return c.SYNC_NO
        if party not in (SUPPLIER, CUSTOMER):
            raise DialectError(f"{party!r} is not one of {', '.join(PARTIES)}")
        supplier_first = self.sync_values == _SYNC_SUPPLIER_FIRST
        if (party == SUPPLIER) == supplier_first:
            return c.SYNC_SUPPLIER
        return c.SYNC_CUSTOMER

    def sync_party(self, number: Any) -> str | None:
        """ "Supplier", "Customer" or "No" for a sync_to_halo_api number (None: unknown)."""
        value = as_int(number)
        if value is None or value == c.SYNC_NO:
            return NO_PARTY
        for party in (SUPPLIER, CUSTOMER):
            if value == self.sync_number(party):
                return party
        return None

    # ---- the API e-mail setting ------------------------------------------------------------------

    @property
    def api_email_field_name(self) -> str | None:
        """The Outcome field that holds the API e-mail setting, or None when the API has none."""
        return c.API_EMAIL_SETTING_CANDIDATE if self.api_email_field == _EMAIL_FIELD else None

    # ---- issued secrets --------------------------------------------------------------------------

    @property
    def secret_readable(self) -> bool:
        """True when reads of a profile return its issued secret."""
        return self.issued_secret == _SECRET_READABLE

    @property
    def secret_in_issuing_answer(self) -> bool:
        """True when the save that turned API access on answers with the new secret."""
        return self.issued_secret in (_SECRET_READABLE, _SECRET_ONCE)

    # ---- Authenticate connection -----------------------------------------------------------------

    @property
    def authenticate_through_api(self) -> bool:
        """True when POSTing test_thirdpartynhd: true authenticates the connection."""
        return self.authenticate_connection != _AUTH_MANUAL

    @property
    def authenticate_answers(self) -> bool:
        """True when the test write's answer carries thirdpartynhd_validated (and _warning)."""
        return self.authenticate_connection == _AUTH_ANSWER

    # ---- the default status's "Action/Ticket Type Default" ---------------------------------------

    @property
    def status_type_default(self) -> int:
        """The thirdpartynhd_status value that means "Action/Ticket Type Default"."""
        return (
            0
            if self.status_action_default == _STATUS_ZERO
            else c.STATUS_ACTION_OR_TICKET_TYPE_DEFAULT
        )


_UNKNOWN_KEY_BY_FIELD: Final[dict[str, str]] = {
    "mapping_row_ids": c.MAPPING_ROW_IDS.key,
    "sync_values": c.SYNC_VALUES.key,
    "api_email_field": c.API_EMAIL_FIELD.key,
    "issued_secret": c.ISSUED_SECRET.key,
    "authenticate_connection": c.AUTHENTICATE.key,
    "status_action_default": c.STATUS_ACTION_DEFAULT.key,
}

PRESETS: Final[dict[str, tuple[str, str]]] = {
    "mapping-rows-reversed": ("mapping_row_ids", _ROWS_LOCAL_IN_NAME),
    "sync-values-reversed": ("sync_values", _SYNC_CUSTOMER_FIRST),
    "api-email-field": ("api_email_field", _EMAIL_FIELD),
    "secret-once": ("issued_secret", _SECRET_ONCE),
    "secret-hidden": ("issued_secret", _SECRET_HIDDEN),
    "auth-reread": ("authenticate_connection", _AUTH_REREAD),
    "auth-manual": ("authenticate_connection", _AUTH_MANUAL),
    "status-default-zero": ("status_action_default", _STATUS_ZERO),
}
"""Preset name -> (Dialect field, the answer it sets)."""


def preset_names() -> list[str]:
    """Every valid dialect name, "default" first."""
    return [DEFAULT_NAME, *PRESETS]
