"""Step 5: each profile receives the other instance's URLs, tenant and the credentials the other
profile issued; then "Authenticate connection" on both (rule R3)."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import StepId
from halo_wizard.steps.changes import Change, field_changes
from halo_wizard.steps.profiles import CUSTOMER_PROFILE, ROLES, SUPPLIER_PROFILE, ProfileRole
from halo_wizard.steps.session import Session

LABELS = {
    C.PROFILE_REMOTE_API_URL: "Other instance's API URL",
    C.PROFILE_REMOTE_AUTH_URL: "Other instance's authorisation URL",
    C.PROFILE_REMOTE_TENANT: "Other instance's tenant",
    C.PROFILE_REMOTE_CLIENT_ID: "Client ID issued by the other instance",
    C.PROFILE_REMOTE_CLIENT_SECRET_WRITE: "Client secret issued by the other instance",
}


class ProfileMissing(HaloError):
    title = "Profile missing"


@dataclass(slots=True)
class SwapSide:
    """One profile: what it issued (for the other side) and what it holds (of the other side)."""

    role: ProfileRole
    instance: str
    record: dict[str, Any]
    issued_client_id: str
    issued_secret: str | None = field(repr=False)
    validated: bool

    @property
    def record_id(self) -> int:
        return int(self.record["id"])


@dataclass(slots=True)
class SwapSurvey:
    sides: list[SwapSide] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    manual_secret_needed: list[ProfileRole] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AuthResult:
    role: ProfileRole
    instance: str
    ok: bool
    reason: str


async def _read_profile(session: Session, role: ProfileRole) -> SwapSide:
    profile = role.plan(session.plan)
    if not profile.record_id:
        raise ProfileMissing(
            f"The {role.label} profile '{profile.name}' has not been found or created yet.",
            "Finish the Profiles step first.",
            instance=session.name(role.side),
        )
    record = await session.client(role.side).get(role.entity, profile.record_id)
    return SwapSide(
        role=role,
        instance=session.name(role.side),
        record=record,
        issued_client_id=str(record.get(C.PROFILE_ISSUED_CLIENT_ID) or ""),
        issued_secret=str(record.get(C.PROFILE_ISSUED_CLIENT_SECRET) or "") or None,
        validated=bool(record.get(C.PROFILE_VALIDATED)),
    )


async def survey(session: Session, manual_secrets: dict[str, str] | None = None) -> SwapSurvey:
    """What each profile must receive. `manual_secrets` (by role label) stands in for issued
    secrets the API does not show, pasted by the admin from Halo's API Access tab."""
    result = SwapSurvey()
    sides = {role.entity: await _read_profile(session, role) for role in ROLES}
    result.sides = [sides["Supplier"], sides["Client"]]
    for holder, issuer in (
        (SUPPLIER_PROFILE, CUSTOMER_PROFILE),
        (CUSTOMER_PROFILE, SUPPLIER_PROFILE),
    ):
        mine, theirs = sides[holder.entity], sides[issuer.entity]
        other = session.client(issuer.side).endpoint
        secret = theirs.issued_secret or (manual_secrets or {}).get(issuer.label)
        wanted: dict[str, Any] = {
            C.PROFILE_REMOTE_API_URL: other.api_url,
            C.PROFILE_REMOTE_AUTH_URL: other.auth_url,
            C.PROFILE_REMOTE_TENANT: other.tenant,
            C.PROFILE_REMOTE_CLIENT_ID: theirs.issued_client_id,
        }
        changes = field_changes(mine.record, wanted, LABELS)
        if not theirs.issued_client_id:
            result.manual_secret_needed.append(issuer)
            continue
        if changes or not mine.validated:
            if not secret:
                result.manual_secret_needed.append(issuer)
                continue
            wanted[C.PROFILE_REMOTE_CLIENT_SECRET_WRITE] = secret
            changes = field_changes(
                mine.record,
                wanted,
                LABELS,
                secrets=frozenset({C.PROFILE_REMOTE_CLIENT_SECRET_WRITE}),
            )
            result.changes.append(
                Change(
                    step=StepId.CREDENTIAL_SWAP,
                    side=holder.side,
                    instance=mine.instance,
                    entity=holder.entity,
                    operation="update",
                    record=str(mine.record.get("name")),
                    record_id=mine.record_id,
                    fields=changes,
                    payload={"id": mine.record_id, **wanted},
                    label=f"{holder.label} profile",
                )
            )
    return result


AUTHENTICATE_ATTEMPTS = 3
_TRANSIENT_WORDS = ("answered 5", "could not reach", "timed out", "timeout", "unavailable")


def looks_transient(reason: str) -> bool:
    """A failure of the other instance's server or network (worth pressing the button again),
    as opposed to credentials it refused (invalid_client), which no retry will fix."""
    lowered = reason.casefold()
    return any(word in lowered for word in _TRANSIENT_WORDS)


async def authenticate(session: Session) -> list[AuthResult]:
    """Press "Authenticate connection" on both profiles and report each result."""
    results: list[AuthResult] = []
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for role in ROLES:
        profile = role.plan(session.plan)
        name = session.name(role.side)
        if not profile.record_id:
            results.append(AuthResult(role, name, False, "The profile does not exist yet."))
            continue
        for attempt in range(AUTHENTICATE_ATTEMPTS):
            if attempt:
                await asyncio.sleep(0.5 * attempt)
            answer = await session.client(role.side).save(
                role.entity, {"id": profile.record_id, C.PROFILE_TEST_TRIGGER: True}
            )
            ok = bool(answer.get(C.PROFILE_VALIDATED))
            reason = str(answer.get(C.PROFILE_WARNING) or ("Connection successful" if ok else ""))
            if ok or not looks_transient(reason):
                break
        if not ok and not reason:
            reason = "The instance did not say why; check the URLs, tenant and credentials."
        profile.authenticated = ok
        profile.last_authenticated = now
        results.append(AuthResult(role, name, ok, reason))
    return results
