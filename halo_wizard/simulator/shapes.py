"""What a list row of each entity shows: the projections of stored records that Halo's lists return.

Live Halo lists are thin: a list row is a projection of the record, and only
``GET /api/<Entity>/<id>?includedetails=true`` gives the whole record. Evidence (evidence digest,
/work/evidence/digest.md): halocli's sweep_results.json (a GET of every endpoint on a production
2.236 tenant, first row's keys sorted and capped at 30), advanced_config_evidence.json (2.250 trial)
and Halo's 2.236 OpenAPI document's *_List schemas.

A by-id read without includedetails gives the record without its nested lists (every list-valued
field): [assumed] the most natural reading of "include extra objects in the response".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from halo_wizard.api import constants as c

JSONDict = dict[str, Any]

NOTE_ON_WORKFLOW_ROWS_FROM: Final = (2, 250)
"""Workflow rows carry `note` on the 2.250 trial, not on prod 2.236 (sweep vs
advanced_config_evidence.json)."""


@dataclass(frozen=True)
class RowShape:
    """Which fields of a stored record a list row shows."""

    evidence: str
    keep: frozenset[str] | None = None
    """Only these fields (None: every field not dropped)."""
    drop: frozenset[str] = frozenset()
    drop_prefixes: tuple[str, ...] = ()
    """Fields starting with one of these are left out..."""
    except_fields: frozenset[str] = frozenset()
    """...except these."""

    def project(self, record: Mapping[str, Any]) -> JSONDict:
        """The list row of `record` (a new dict; values are not copied)."""
        out: JSONDict = {}
        for name, value in record.items():
            if self.keep is not None and name not in self.keep:
                continue
            if name in self.drop:
                continue
            if name not in self.except_fields and name.startswith(self.drop_prefixes):
                continue
            out[name] = value
        return out


_PROFILE_HIDDEN = frozenset(
    {
        c.PROFILE_ALLOW_API_ACCESS,
        c.PROFILE_ISSUED_CLIENT_ID,
        c.PROFILE_ISSUED_CLIENT_SECRET,
        c.PROFILE_TEST_TRIGGER,
    }
)

ACTIONS_LIST_FIELDS: Final = frozenset(
    {
        # Every property of schema Actions_List in Halo's 2.236 OpenAPI document.
        "ticket_id", "id", "outcome", "who_type", "who_imgpath", "who_agentid", "who_initials",
        "who_colour", "who_onlinestatus", "datetime", "actiondatecreated", "last_updated", "note",
        "note_html", "replied_to_ticket_id", "replied_to_action_id", "created_from_ticket_id",
        "created_from_action_id", "action_contract_id", "action_contract_ref",
        "action_travel_contract_id", "project_id", "twitter_id_str", "twitter_user_name",
        "tweet_sent", "attachment_list", "customfields", "personal_unread", "actionarrivaldate",
        "actioncompletiondate", "isjson", "facebook_id", "facebook_sent", "merged_from_ticketid",
        "reactions", "translations", "email_message_id", "post_translations", "ticket_guid",
        "instagram_id", "instagram_sent", "on_behalf_of", "on_behalf_of_name",
        "actionby_agent_id", "warning_type", "actioninvoicenumber", "guid", "actioncontractid",
        "actisbillable", "actisreadyforprocessing", "actioninternetmessageid", "senttowhatsapp",
        "twa_delivered_date", "twa_read_date", "travelisreadyforprocessing", "emailimportance",
        "email_status", "actionbillingplanid", "outcome_id", "action_systemid", "dateemailed",
        "timetaken", "timetakendays", "timetakenadjusted", "nonbilltime", "traveltime", "mileage",
        "actionchargehours", "actionnonchargeamount", "actionnonchargehours",
        "actionchargeamount", "actionprepayhours", "actionprepayamount",
        "actiontravelchargehours", "chargerate", "travel_chargerate", "hiddenfromuser",
        "important", "old_status", "new_status", "new_status_name", "emailfrom", "emailtonew",
        "emailto", "emailccnew", "emaildirection", "emailcc", "emailsubjectnew",
        "emailbody_html", "senttoapiurl", "colour", "attachment_count", "unread",
        "actionby_application_id", "action_travel_contract_ref", "actionby_user_id",
        "hide_user_visibility_toggle", "who_display_name", "_canupdate",
        "_canupdateuservisibility",
    }
)  # fmt: skip

LIST_ROWS: Final[dict[str, RowShape]] = {
    "Client": RowShape(
        "sweep /Client row (prod 2.236) has no allow_api_access, api_access_* or thirdpartynhd_*; "
        "schema Area_List has thirdpartynhdapiurl but none of the rest",
        drop=_PROFILE_HIDDEN,
        drop_prefixes=("thirdpartynhd", "api_access_", "new_thirdpartynhd"),
        except_fields=frozenset({c.PROFILE_REMOTE_API_URL}),
    ),
    "Supplier": RowShape(
        "sweep /Supplier row (prod 2.236, 18 keys, uncapped): thirdpartynhdapiurl and no other "
        "connection field; schema Company_List likewise",
        drop=_PROFILE_HIDDEN,
        drop_prefixes=("thirdpartynhd", "api_access_", "new_thirdpartynhd"),
        except_fields=frozenset({c.PROFILE_REMOTE_API_URL}),
    ),
    "TicketType": RowShape(
        "sweep /TicketType row (prod 2.236, 27 keys, uncapped): no workflow_id, workflow_name, "
        "initial_status, allowall_actions or allowed_actions",
        drop=frozenset(
            {
                "workflow_id",
                "workflow_name",
                "initial_status",
                "allowall_actions",
                "allowed_actions",
            }
        ),
    ),
    "Workflow": RowShape(
        "sweep /Workflow row (prod 2.236): active, guid, id, name, notinuse only (`note` is added "
        "from 2.250, advanced_config_evidence.json)",
        keep=frozenset({"id", "guid", "name", "active", "notinuse"}),
    ),
    c.VIEWLIST_ENTITY: RowShape(
        "sweep /ViewLists row (prod 2.236) and the 2.250 trial: no filters; filter_profile_id and "
        "column_profile_id ride on the row",
        drop=frozenset({c.VIEWLIST_FILTERS}),
    ),
    "Agent": RowShape(
        "sweep /Agent row (prod 2.236): no email (sorts between departments and "
        "exchange_account) and no isapiagent (between is_agent and isdisabled); email only with "
        "withemail=true (schema parameter)",
        drop=frozenset({c.AGENT_EMAIL, c.AGENT_IS_API_AGENT, "is_admin"}),
    ),
    "Actions": RowShape(
        "schema Actions_List (2.236): no sync_to_halo_api, no new_supplier_*, no sendemail; the "
        "full action comes from /Actions/{id}?includedetails=true",
        keep=ACTIONS_LIST_FIELDS,
    ),
    "Tickets": RowShape(
        "sweep /Tickets row (prod 2.236) has client_name but no agent_name; halocli: ticket "
        "payloads ship no agent_name or status_name (mirror_evidence.json: agent_name on 0 of 50)",
        drop=frozenset({"agent_name", "status_name"}),
    ),
    "Outcome": RowShape(
        "sweep /Outcome row (prod 2.236): no auto_forward_halo_api, which would sort inside the "
        "30-key cap",
        drop=frozenset({c.API_EMAIL_SETTING_CANDIDATE}),
    ),
}
"""Entity -> what its list rows show; entities not listed show the whole record."""


def list_row(
    entity: str,
    record: Mapping[str, Any],
    *,
    version: tuple[int, ...] = (),
    with_email: bool = False,
    with_api_flag: bool = False,
) -> JSONDict:
    """The list row of a stored record (nulls are left out later by the caller)."""
    shape = LIST_ROWS.get(entity)
    row = shape.project(record) if shape is not None else dict(record)
    if entity == "Workflow" and version >= NOTE_ON_WORKFLOW_ROWS_FROM and "note" in record:
        row["note"] = record["note"]
    if entity == "Agent":
        if with_email and c.AGENT_EMAIL in record:
            row[c.AGENT_EMAIL] = record[c.AGENT_EMAIL]
        if with_api_flag and c.AGENT_IS_API_AGENT in record:
            # [assumed] asked for API agents, the caller must be able to tell them apart.
            row[c.AGENT_IS_API_AGENT] = record[c.AGENT_IS_API_AGENT]
    if entity == "Site":
        row.update(site_display_fields(record))
    return row


def without_nested_lists(record: Mapping[str, Any]) -> JSONDict:
    """A by-id read without includedetails: the record without its list-valued fields. [assumed]"""
    return {name: value for name, value in record.items() if not isinstance(value, list)}


def site_display_fields(site: Mapping[str, Any]) -> JSONDict:
    """`clientsite_name` of a Site row (schema Site_List; sweep /Site row). "<customer> / <site>"
    is our reading of the name. [assumed]"""
    client, name = site.get("client_name"), site.get("name")
    if not client or not name:
        return {}
    return {"clientsite_name": f"{client} / {name}"}


def version_of(text: Any) -> tuple[int, ...]:
    """(2, 236, 133) of "2.236.133"; () when it is not a version."""
    parts = []
    for part in str(text or "").split("."):
        if not part.strip().isdigit():
            break
        parts.append(int(part))
    return tuple(parts)
