"""Small halo-snapshot/1 dicts for the simulator tests (a minimal instance, built in code)."""

from __future__ import annotations

from typing import Any

from halo_wizard.api import constants as c

APP_CLIENT_ID = "wizard-app-0001"
APP_CLIENT_SECRET = "wizard-app-secret-0123456789-abcdefghijklmnop"
READER_CLIENT_ID = "reader-app-0002"
READER_CLIENT_SECRET = "reader-app-secret-0123456789-abcdefghijklmnop"
"""An application limited to read:tickets whose agent may not enable modules."""


def minimal_snapshot(
    *,
    tenant: str = "acme",
    hosted: bool = True,
    app_name: str = "HaloITSM",
    app_version: str = "2.190.1",
    extra_users: int = 0,
) -> dict[str, Any]:
    """A small instance: statuses, ticket types, actions, agents, customers, sites, users,
    one supplier, one ticket with an action, modules with Suppliers off, and two applications.
    Statuses follow live Halo: `type` 0 is the ticket domain, Cancelled is 8 and Closed 9, and one
    status of another domain (type 2) shares the list.

    `extra_users` adds that many users (ids from 1001) under the first customer, for paging.
    """
    users: list[dict[str, Any]] = [
        {
            "id": 1,
            "name": "Alice Archer",
            "emailaddress": "alice@blueriver.example",
            "site_id": 20,
            "site_name": "Blue River Head Office",
            "client_id": 10,
            "client_name": "Blue River Ltd",
            "inactive": False,
        },
        {
            "id": 2,
            "name": "Bob Baker",
            "emailaddress": "bob@blueriver.example",
            "site_id": 20,
            "site_name": "Blue River Head Office",
            "client_id": 10,
            "client_name": "Blue River Ltd",
            "inactive": False,
            "phonenumber": None,
        },
        {
            "id": 3,
            "name": "Carol Cooper",
            "emailaddress": "carol@greenhill.example",
            "site_id": 21,
            "site_name": "Green Hill Main",
            "client_id": 11,
            "client_name": "Green Hill Farms",
            "inactive": False,
        },
    ]
    users += [
        {
            "id": 1000 + n,
            "name": f"Load User {n:04d}",
            "emailaddress": f"load{n:04d}@blueriver.example",
            "site_id": 20,
            "client_id": 10,
        }
        for n in range(1, extra_users + 1)
    ]
    return {
        "format": "halo-snapshot/1",
        "instanceinfo": {
            "app_name": app_name,
            "app_version": app_version,
            "database_version": "2.190.1.0",
        },
        "authinfo": {"tenant_id": tenant if hosted else ""},
        "records": {
            "Features": [
                {
                    "id": 1,
                    "module_name": "Tickets",
                    "actual_name": "Tickets",
                    "enabled": True,
                    "core": True,
                    "licensed": True,
                },
                {
                    "id": 7,
                    "module_name": c.SUPPLIERS_MODULE_NAME,
                    "actual_name": "Suppliers",
                    "enabled": False,
                    "core": False,
                    "licensed": True,
                },
                {
                    "id": 9,
                    "module_name": "Assets",
                    "actual_name": "Assets",
                    "enabled": True,
                    "core": False,
                    "licensed": True,
                },
            ],
            "Status": [
                {"id": 1, "name": "New", "type": c.STATUS_DOMAIN_TICKETS},
                {"id": 2, "name": "In Progress", "type": c.STATUS_DOMAIN_TICKETS},
                {"id": 8, "name": "Cancelled", "type": c.STATUS_DOMAIN_TICKETS},
                {"id": 9, "name": "Closed", "type": c.STATUS_DOMAIN_TICKETS},
            ],
            "TicketType": [
                {
                    "id": 1,
                    "name": "Incident",
                    "workflow_id": 1,
                    "initial_status": 1,
                    "allowall_actions": True,
                },
                {
                    "id": 3,
                    "name": "Service Request",
                    "workflow_id": 1,
                    "initial_status": 1,
                    "allowall_actions": True,
                },
            ],
            "Outcome": [
                {
                    "id": 3,
                    "outcome": "Private Note",
                    "buttonname": "Private Note",
                    "systemid": c.SYSTEMID_NONE,
                    "sendemail": c.SENDEMAIL_NO,
                    "hidefromuser": True,
                    c.SYNC_TO_HALO: c.SYNC_NO,
                },
                {
                    "id": 4,
                    "outcome": "Email User",
                    "systemid": c.SYSTEMID_NONE,
                    "sendemail": c.SENDEMAIL_YES,
                    "hidefromuser": False,
                },
                {
                    "id": 17,
                    "outcome": "Log to Supplier",
                    "systemid": c.SYSTEMID_LOG_TO_SUPPLIER,
                    "sendemail": c.SENDEMAIL_YES,
                    "fields": [
                        {"fieldid": 1, "fieldname": c.ACTION_FIELD_SUPPLIER},
                        {"fieldid": 2, "fieldname": c.ACTION_FIELD_NOTE},
                    ],
                },
            ],
            "Workflow": [
                {
                    "id": 1,
                    "guid": "0d6b1c9e-4c44-4a51-9d2c-5f6d3c1a7e01",
                    "name": "Standard",
                    "active": True,
                    "notinuse": False,
                    "note": "",
                    "steps": [],
                    "always_allow_actions": [{"id": 3, "outcome": "Private Note"}],
                }
            ],
            "Agent": [
                {
                    "id": 1,
                    "name": "API Agent",
                    "email": "api@acme.example",
                    "isapiagent": True,
                    "isdisabled": False,
                    "is_admin": True,
                },
                {
                    "id": 2,
                    "name": "Dana Dale",
                    "email": "dana@acme.example",
                    "isapiagent": False,
                    "isdisabled": False,
                    "is_admin": False,
                },
                {
                    "id": 3,
                    "name": "Eli Left",
                    "email": "eli@acme.example",
                    "isapiagent": False,
                    "isdisabled": True,
                    "is_admin": False,
                },
            ],
            "Priority": [
                {
                    "id": "c183eb27-0a8a-4380-59fa-08d5c0811dad",
                    c.PRIORITY_NUMBER: 1,
                    "name": "Critical",
                    "colour": "#c62828",
                    "ishidden": False,
                    "slaid": 1,
                },
                {
                    "id": "5e2f8a10-33b1-4c7e-8d0a-1f2e3d4c5b6a",
                    c.PRIORITY_NUMBER: 2,
                    "name": "High",
                    "colour": "#ef6c00",
                    "ishidden": False,
                    "slaid": 1,
                },
            ],
            "Team": [
                {"id": 1, "name": "Service Desk", "inactive": False, "department_id": 1},
                {"id": 2, "name": "Field Engineers", "inactive": False, "department_id": 1},
            ],
            "Client": [
                {"id": 10, "name": "Blue River Ltd", "main_site_id": 20},
                {"id": 11, "name": "Green Hill Farms", "main_site_id": 21},
                {"id": 12, "name": "Siteless Holdings"},
            ],
            "Site": [
                {
                    "id": 20,
                    "name": "Blue River Head Office",
                    "client_id": 10,
                    "client_name": "Blue River Ltd",
                },
                {
                    "id": 21,
                    "name": "Green Hill Main",
                    "client_id": 11,
                    "client_name": "Green Hill Farms",
                },
            ],
            "Users": users,
            "Supplier": [{"id": 5, "name": "Parts Depot", "allow_api_access": False}],
            "Tickets": [
                {
                    "id": 100,
                    "summary": "Printer jammed",
                    "client_id": 10,
                    "user_id": 1,
                    "tickettype_id": 1,
                    "status_id": 1,
                    "site_id": 20,
                },
            ],
            "Actions": [
                {"id": 500, "ticket_id": 100, "outcome_id": 3, "note": "Looked at it"},
            ],
            "ConnectedInstance": [],
        },
        "simulator": {
            "hosted": hosted,
            "applications": [
                {
                    "client_id": APP_CLIENT_ID,
                    "client_secret": APP_CLIENT_SECRET,
                    "scope": "all",
                    "agent_id": 1,
                },
                {
                    "client_id": READER_CLIENT_ID,
                    "client_secret": READER_CLIENT_SECRET,
                    "scope": "all",
                    "agent_id": 2,
                    "denied": ["POST Features", "GET Supplier"],
                },
            ],
        },
    }


class SimApi:
    """A small HTTP client for the simulator tests: one token, then plain GETs and POSTs."""

    def __init__(
        self,
        instance: Any,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str = "all",
    ) -> None:
        """Signs in with the instance's first application unless other credentials are given."""
        import httpx

        if client_id is None:
            app = instance.application
            client_id, client_secret = app.client_id, app.client_secret
        self.instance = instance
        self.http = httpx.Client(base_url=instance.url, timeout=10.0, trust_env=False)
        reply = self.http.post(
            "/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
                "scope": scope,
            },
        )
        assert reply.status_code == 200, reply.text
        self.headers = {"Authorization": f"Bearer {reply.json()['access_token']}"}

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **params: Any) -> Any:
        """GET /api/<path> with the token; returns the httpx response."""
        return self.http.get(f"/api/{path}", params=params or None, headers=self.headers)

    def ok(self, path: str, **params: Any) -> Any:
        """The JSON of a GET that must answer 200."""
        reply = self.get(path, **params)
        assert reply.status_code == 200, (path, reply.status_code, reply.text)
        return reply.json()

    def post(self, entity: str, *records: dict[str, Any], **params: Any) -> Any:
        """POST /api/<entity> with the records as a JSON array; returns the httpx response."""
        return self.http.post(
            f"/api/{entity}", json=list(records), params=params or None, headers=self.headers
        )

    def saved(self, entity: str, record: dict[str, Any]) -> dict[str, Any]:
        """The answer of a one-record POST that must succeed."""
        reply = self.post(entity, record)
        assert reply.status_code == 200, reply.text
        body: dict[str, Any] = reply.json()
        return body
