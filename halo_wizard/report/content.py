"""What the mapping report says, as plain data (no Qt): sections of paragraphs and tables built
from the plan, the action check's findings and the end-to-end result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from halo_wizard import __version__
from halo_wizard.plan.model import (
    ConnectionKind,
    MappingKind,
    MappingRow,
    Plan,
    Side,
    derive_api_url,
    derive_auth_url,
)
from halo_wizard.steps.mappings import DIRECTIONS, Direction

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_DEFAULT_LABELS = {
    MappingKind.STATUS: "Default status",
    MappingKind.CATEGORY: "Default category",
    MappingKind.ACTION: "Default action",
    MappingKind.TICKET_TYPE: "Default ticket type",
}
# Words that mark the actions of a ticket's journey (seed 001's worked example), best first.
_PATH_WORDS = ("supplier", "note", "update", "email", "e-mail", "resolve", "close")


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[int, ...] = ()  # percentages; empty for equal columns
    empty_text: str = "None."


@dataclass(slots=True)
class Section:
    title: str
    anchor: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[tuple[str, Table]] = field(default_factory=list)  # (caption, table)
    diagram: list[Hop] | None = None


@dataclass(frozen=True, slots=True)
class Hop:
    """One arrow of the ticket's path: an action on `side` and what arrives on the other."""

    side: Side
    action: str
    arrives_as: str


@dataclass(slots=True)
class ReportContent:
    title: str
    plan_name: str
    fingerprint: str
    generated: str
    cover: list[tuple[str, str, str]]  # (label, customer value, supplier value)
    direction: str
    sections: list[Section]


def _mask_client_id(value: str) -> str:
    value = value.strip()
    if len(value) <= 8:
        return value
    return f"{value[:4]}…{value[-4:]}"


def _when(value: str | None) -> str:
    if not value:
        return "never"
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _yes(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not tested"}[value]


def build_content(
    plan: Plan,
    *,
    findings: Sequence[Mapping[str, Any]] = (),
    e2e: Mapping[str, Any] | None = None,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None = None,
    today: dt.datetime | None = None,
) -> ReportContent:
    """The report for `plan`. `names` (side -> kind -> id -> name) names defaults by record."""
    now = today or dt.datetime.now(dt.UTC)
    customer, supplier = plan.customer, plan.supplier
    if plan.kind is ConnectionKind.CONNECTED_INSTANCES:
        return _linked_content(plan, now)
    cover = [
        ("Instance", customer.name, supplier.name),
        ("Role", "Customer (sends tickets)", "Supplier (receives tickets)"),
        ("Product", customer.product or "-", supplier.product or "-"),
        ("Version", customer.version or "-", supplier.version or "-"),
        ("Address", customer.base_url, supplier.base_url),
        ("Tenant", customer.tenant or "(self-hosted)", supplier.tenant or "(self-hosted)"),
    ]
    sections = [
        _connection(plan),
        *(_mapping_section(plan, d, names) for d in DIRECTIONS),
        _findings(plan, findings),
        _end_to_end(e2e),
        _path(plan),
        Section(
            "Sign-off",
            "signoff",
            [
                "Both parties confirm that the configuration described in this report, "
                f"fingerprint {plan.fingerprint()[:16]}, is the one agreed for ticket sync "
                f"between {customer.name} and {supplier.name}.",
            ],
        ),
    ]
    return ReportContent(
        title="Ticket sync mapping report",
        plan_name=plan.name,
        fingerprint=plan.fingerprint(),
        generated=now.strftime("%Y-%m-%d %H:%M UTC"),
        cover=cover,
        direction=f"Tickets are sent from {customer.name} to {supplier.name}; updates flow "
        "both ways.",
        sections=sections,
    )


def _connection(plan: Plan) -> Section:
    rows = []
    for side in (Side.CUSTOMER, Side.SUPPLIER):
        instance = plan.instance(side)
        rows.append(
            (
                instance.name,
                f"{instance.api_url or instance.base_url + '/api'}",
                _mask_client_id(instance.client_id),
                instance.login_agent or "-",
                _when(instance.last_tested),
            )
        )
    profiles = []
    for profile, holder, other in (
        (plan.supplier_profile, plan.customer, plan.supplier),
        (plan.customer_profile, plan.supplier, plan.customer),
    ):
        kind = "Supplier" if profile is plan.supplier_profile else "Customer"
        profiles.append(
            (
                f"{kind} profile '{profile.name}'",
                holder.name,
                _yes(profile.api_access),
                f"{other.name}'s credentials" if profile.authenticated else "not confirmed",
                _yes(profile.authenticated),
                _when(profile.last_authenticated),
            )
        )
    return Section(
        "The connection",
        "connection",
        [
            "No secret appears in this report. Client secrets are kept in each administrator's "
            "system keychain; the profiles hold the credentials the other instance issued.",
        ],
        [
            (
                "API applications used for the set-up",
                Table(
                    ("Instance", "Resource server", "Client ID", "Logs in as", "Last tested"),
                    rows,
                    (18, 34, 14, 16, 18),
                ),
            ),
            (
                "Profiles",
                Table(
                    (
                        "Profile",
                        "In instance",
                        "API access",
                        "Holds",
                        "Authenticated",
                        "Last authenticated",
                    ),
                    profiles,
                    (26, 14, 10, 20, 12, 18),
                ),
            ),
        ],
    )


def _default_name(
    kind: MappingKind,
    value: int | None,
    side: Side,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None,
) -> str:
    if value is None:
        return "(none)"
    if kind is MappingKind.STATUS and value == -1:
        return "Action/Ticket Type Default"
    if names:
        found = names.get(side, {}).get(kind.value, {}).get(value)
        if found:
            return found
    return f"record {value}"


def _mapping_section(
    plan: Plan,
    direction: Direction,
    names: Mapping[Side, Mapping[str, Mapping[int, str]]] | None,
) -> Section:
    mappings = direction.mappings(plan)
    sender = plan.instance(direction.sender).name
    receiver = plan.instance(direction.receiver).name
    profile = direction.role.plan(plan)
    section = Section(
        f"Mappings {sender} → {receiver}",
        f"mappings-{direction.receiver.value}",
        [
            f"Set on the {direction.role.label} profile '{profile.name}' in {receiver}: how "
            f"what {sender} sends is recorded in {receiver}. Outbound attachments from "
            f"{receiver}: {'on' if mappings.outbound_attachments else 'off'}.",
        ],
    )
    defaults: list[tuple[str, ...]] = []
    for spec in direction.kinds():
        rows = sorted(
            (r for r in mappings.rows_of(spec.kind) if r.mapped),
            key=lambda r: (r.remote_name.casefold(), r.remote_id),
        )
        table = Table(
            (f"In {sender}", f"In {receiver}", "Set by"),
            [
                (
                    r.remote_name,
                    r.local_name,
                    {"auto": "auto-map", "existing": "on instance"}.get(r.origin.value, "admin"),
                )
                for r in rows
            ],
            (45, 45, 10),
            "No mapping.",
        )
        section.tables.append((f"{spec.title} ({len(rows)})", table))
        attr = {
            MappingKind.STATUS: mappings.default_status,
            MappingKind.CATEGORY: mappings.default_category,
            MappingKind.ACTION: mappings.default_action,
            MappingKind.TICKET_TYPE: mappings.default_ticket_type,
        }
        if spec.default_field:
            known = {r.local_id: r.local_name for r in mappings.rows_of(spec.kind) if r.local_id}
            value = attr[spec.kind]
            defaults.append(
                (
                    _DEFAULT_LABELS[spec.kind],
                    known[value]
                    if value is not None and value in known
                    else _default_name(spec.kind, value, direction.receiver, names),
                )
            )
    section.tables.append(("Defaults", Table(("Setting", "Value"), defaults, (40, 60))))
    return section


def _findings(plan: Plan, findings: Sequence[Mapping[str, Any]]) -> Section:
    ordered = sorted(
        findings,
        key=lambda f: (
            str(f.get("instance", "")),
            SEVERITY_ORDER.get(str(f.get("severity")), 3),
            str(f.get("rule", "")),
        ),
    )
    rows = [
        (
            str(f.get("rule", "")),
            str(f.get("severity", "")).capitalize(),
            str(f.get("instance", "")),
            str(f.get("record", "")),
            str(f.get("message", "")),
            str(f.get("fix", "")),
        )
        for f in ordered
    ]
    errors = sum(1 for f in findings if f.get("severity") == "error")
    section = Section(
        "Action check findings",
        "findings",
        [
            f"{len(findings)} finding(s), {errors} error(s)."
            if findings
            else "The action check reported nothing for this configuration.",
        ],
        [
            (
                "Findings",
                Table(
                    ("Rule", "Severity", "Instance", "Record", "Finding", "Fix"),
                    rows,
                    (6, 9, 12, 15, 29, 29),
                    "No finding.",
                ),
            )
        ],
    )
    confirmations = [
        (
            c.rule_id,
            plan.instance(c.side).name,
            c.record_name,
            c.confirmed_by,
            _when(c.confirmed_at),
            c.note,
        )
        for c in plan.confirmations
    ]
    section.tables.append(
        (
            "Confirmed by hand",
            Table(
                ("Rule", "Instance", "Record", "Confirmed by", "When", "Note"),
                confirmations,
                (8, 14, 22, 16, 16, 24),
                "No manual confirmation was needed or given.",
            ),
        )
    )
    return section


def _end_to_end(e2e: Mapping[str, Any] | None) -> Section:
    if not e2e:
        return Section(
            "End-to-end test",
            "e2e",
            ["The end-to-end test has not been run for this plan."],
        )
    hops = e2e.get("hops") or []
    rows = [
        (
            str(i + 1),
            str(h.get("name", "")),
            "Pass" if h.get("ok") else "Fail",
            f"{h.get('ms', 0):.0f} ms" if isinstance(h.get("ms"), int | float) else "",
            str(h.get("explanation") or h.get("detail") or ""),
        )
        for i, h in enumerate(hops)
    ]
    passed = sum(1 for h in hops if h.get("ok"))
    return Section(
        "End-to-end test",
        "e2e",
        [
            f"Run {_when(e2e.get('started_at'))}: {passed} of {len(hops)} hops passed. The test "
            "ticket and everything created for it were removed afterwards.",
        ],
        [("Hops", Table(("#", "Hop", "Result", "Time", "Explanation"), rows, (5, 35, 9, 9, 42)))],
    )


def _path(plan: Plan) -> Section:
    hops: list[Hop] = [
        Hop(Side.CUSTOMER, "Log to supplier", f"New ticket in {plan.supplier.name}"),
    ]
    for direction in DIRECTIONS:
        rows = [r for r in direction.mappings(plan).rows_of(MappingKind.ACTION) if r.mapped]
        for row in sorted(rows, key=_path_rank)[:6]:
            hops.append(Hop(direction.sender, row.remote_name, row.local_name))
    return Section(
        "A ticket's path",
        "path",
        [
            f"A ticket starts in {plan.customer.name} and is escalated to {plan.supplier.name}; "
            "each arrow is an action on one side and the action it arrives as on the other "
            "(the note, e-mail and closing actions of each direction first).",
        ],
        diagram=hops,
    )


def _path_rank(row: MappingRow) -> tuple[int, str]:
    name = row.remote_name.casefold()
    rank = next((i for i, word in enumerate(_PATH_WORDS) if word in name), len(_PATH_WORDS))
    return rank, name


def footer_line(content: ReportContent) -> str:
    return (
        f"{content.plan_name} · fingerprint {content.fingerprint[:16]} · halo_wizard {__version__}"
    )


# ---- Connected instances (a shared ticket list): its own sections, no ticket-sync ones ----------


def _linked_content(plan: Plan, now: dt.datetime) -> ReportContent:
    from halo_wizard.plan.linked import linked_of

    a, b = plan.customer, plan.supplier
    linked = linked_of(plan)
    cover = [
        ("Instance", a.name, b.name),
        ("Role", "A: holds the ticket list", "B: shows the list"),
        ("Product", a.product or "-", b.product or "-"),
        ("Version", a.version or "-", b.version or "-"),
        ("Address", a.base_url, b.base_url),
        ("Tenant", a.tenant or "(self-hosted)", b.tenant or "(self-hosted)"),
    ]
    application = Section(
        "The API application in A",
        "application",
        [
            f"Instance {b.name} reads the list from {a.name} through an API application of "
            f"{a.name}, authenticated with Client ID and Secret (Services). The secret is kept "
            "only in the system keychain and in Halo; it is never in this report.",
        ],
        [
            (
                "Application in A",
                Table(
                    ("Setting", "Value"),
                    [
                        ("Name", linked.application_name or "-"),
                        ("Client ID", _mask_client_id(linked.application_client_id) or "-"),
                        ("Signed in with it", _yes(linked.application_verified)),
                    ],
                    (40, 60),
                ),
            )
        ],
    )
    test = (
        "not run"
        if linked.last_test_ok is None
        else ("passed" if linked.last_test_ok else "failed")
        + (f": {linked.last_test_result}" if linked.last_test_result else "")
    )
    record = Section(
        "The connected instance in B",
        "connected-instance",
        [f"Configuration > Integrations > Halo API > Connected Instances in {b.name}."],
        [
            (
                "Connected instance record",
                Table(
                    ("Field", "Value"),
                    [
                        ("Name", linked.connected_instance_name or a.name),
                        ("Record id", str(linked.connected_instance_id or "-")),
                        ("API URL", a.api_url or derive_api_url(a.base_url)),
                        ("Authorisation URL", a.auth_url or derive_auth_url(a.base_url)),
                        ("Tenant", a.tenant or "(self-hosted)"),
                        ("Client ID", _mask_client_id(linked.application_client_id) or "-"),
                        ("Test", test),
                        ("Tested", _when(linked.last_tested or None)),
                    ],
                    (40, 60),
                ),
            )
        ],
    )
    lists = Section(
        "The linked ticket list",
        "linked-list",
        [
            f"The list '{linked.source_list_name or '-'}' of {a.name} appears in {b.name} under "
            "My Lists. Agents of B who open a ticket sign in to A, so they need a login there.",
        ],
        [
            (
                "The list in each instance",
                Table(
                    ("", a.name, b.name),
                    [
                        (
                            "List",
                            linked.source_list_name or "-",
                            linked.linked_list_name or linked.source_list_name or "-",
                        ),
                        (
                            "Record id",
                            str(linked.source_list_id or "-"),
                            str(linked.linked_list_id or "-"),
                        ),
                        ("Halo API", "-", linked.connected_instance_name or a.name),
                    ],
                    (24, 38, 38),
                ),
            ),
            (
                "Filters of the list in A",
                Table(
                    ("Filter",),
                    [(line,) for line in linked.source_filters],
                    empty_text="No filters: the list shows every ticket the agent may see.",
                ),
            ),
        ],
    )
    emails = Section(
        "E-mail identification",
        "email-identifiers",
        [
            "Each instance adds its identifier to the subject of outgoing e-mails "
            "(Configuration > Email > General Settings).",
        ],
        [
            (
                "Identifier in outgoing e-mail subjects",
                Table(
                    ("Instance", "Identifier"),
                    [
                        (plan.instance(side).name, linked.identifier(side) or "(left as it was)")
                        for side in (Side.CUSTOMER, Side.SUPPLIER)
                    ],
                    (50, 50),
                ),
            )
        ],
    )
    signoff = Section(
        "Sign-off",
        "signoff",
        [
            "Both parties confirm that the configuration described in this report is the one "
            f"agreed for sharing the ticket list of {a.name} with {b.name}.",
        ],
    )
    return ReportContent(
        title="Connected instances report",
        plan_name=plan.name,
        fingerprint=plan.fingerprint(),
        generated=now.strftime("%Y-%m-%d %H:%M UTC"),
        cover=cover,
        direction=f"A ticket list of {a.name} is shown in {b.name}.",
        sections=[application, record, lists, emails, signoff],
    )
