"""Step 5: each profile receives the other instance's URLs, tenant and the credentials the other
profile issued; then "Authenticate connection" on both (rule R3)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.api.errors import HaloError
from halo_wizard.plan.model import StepId, issued_secret_key
from halo_wizard.steps import unknowns
from halo_wizard.steps.changes import Change, field_changes
from halo_wizard.steps.profiles import (
    CUSTOMER_PROFILE,
    ROLES,
    SUPPLIER_PROFILE,
    ProfileRole,
    press_authenticate,
)
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
    ok: bool | None  # None: the instance reported no result through the API
    reason: str


async def _read_profile(session: Session, role: ProfileRole) -> SwapSide:
    profile = role.plan(session.plan)
    name = session.name(role.side)
    record = (
        await session.record(role.side, role.entity, profile.record_id)
        if profile.record_id
        else None
    )
    if record is None:
        raise ProfileMissing(
            f"The {role.label} profile '{profile.name}' has not been found or created yet.",
            "Finish the Profiles step first.",
            instance=name,
        )
    return SwapSide(
        role=role,
        instance=name,
        record=record,
        issued_client_id=str(record.get(C.PROFILE_ISSUED_CLIENT_ID) or ""),
        issued_secret=None,
        validated=bool(record.get(C.PROFILE_VALIDATED)),
    )


async def issued_secret(
    session: Session, side: SwapSide, manual: Mapping[str, str] | None = None
) -> str | None:
    """The client secret a profile issued: as its instance showed it (a read, or the answer of the
    write that turned API access on), kept in the keychain since, or pasted by the admin from
    Halo's screen. What the instance showed is learned (issued-secret)."""
    plan = session.plan
    key = (side.role.entity, side.record_id)
    reader = session.reader(side.role.side)
    shown = reader.issued.get(key)
    store_key = issued_secret_key(plan.id, side.role.side)
    if shown is not None:
        if shown.seen_in == "read":
            unknowns.learn(
                plan,
                side.role.side,
                C.ISSUED_SECRET,
                unknowns.SECRET_READABLE,
                "instance",
                f"the full record of the {side.role.label} profile carries the secret it issued",
            )
        else:
            if unknowns.answer(plan, side.role.side, C.ISSUED_SECRET) is None:
                unknowns.learn(
                    plan,
                    side.role.side,
                    C.ISSUED_SECRET,
                    unknowns.SECRET_ONCE,
                    "instance",
                    "the answer to the write that turned API access on carried the secret, a "
                    "later read of the profile did not",
                )
            if session.keeper is not None:
                await session.keeper.set(store_key, shown.secret.reveal())
        return shown.secret.reveal()
    pasted = (manual or {}).get(side.role.label)
    if pasted:
        if session.keeper is not None:
            await session.keeper.set(store_key, pasted)
        return pasted
    kept = await session.keeper.get(store_key) if session.keeper is not None else None
    if (
        key in reader.answered_without_secret
        and unknowns.answer(plan, side.role.side, C.ISSUED_SECRET) is None
    ):
        unknowns.learn(
            plan,
            side.role.side,
            C.ISSUED_SECRET,
            unknowns.SECRET_HIDDEN,
            "instance",
            "neither the write that turned API access on nor a read of the profile carried the "
            "secret it issued",
        )
    return kept or None


async def survey(session: Session, manual_secrets: dict[str, str] | None = None) -> SwapSurvey:
    """What each profile must receive. `manual_secrets` (by role label) stands in for issued
    secrets the API does not show, pasted by the admin from Halo's API Access tab."""
    result = SwapSurvey()
    sides = {role.entity: await _read_profile(session, role) for role in ROLES}
    for side in sides.values():
        side.issued_secret = await issued_secret(session, side, manual_secrets)
    result.sides = [sides["Supplier"], sides["Client"]]
    for holder, issuer in (
        (SUPPLIER_PROFILE, CUSTOMER_PROFILE),
        (CUSTOMER_PROFILE, SUPPLIER_PROFILE),
    ):
        mine, theirs = sides[holder.entity], sides[issuer.entity]
        other = session.client(issuer.side).endpoint
        secret = theirs.issued_secret
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


_FAILED_PREFIX = "authentication failed:"


def plain_reason(reason: str) -> str:
    """Halo's reason for a failed authentication without its own leading "Authentication
    failed:" (whoever shows the reason says that already)."""
    text = reason.strip()
    if text.casefold().startswith(_FAILED_PREFIX):
        text = text[len(_FAILED_PREFIX) :].strip()
    return text


AUTHENTICATE_ATTEMPTS = 3
_TRANSIENT_WORDS = ("answered 5", "could not reach", "timed out", "timeout", "unavailable")


def looks_transient(reason: str) -> bool:
    """A failure of the other instance's server or network (worth pressing the button again),
    as opposed to credentials it refused (invalid_client), which no retry will fix."""
    lowered = reason.casefold()
    return any(word in lowered for word in _TRANSIENT_WORDS)


async def authenticate(
    session: Session, *, skip_authenticated: frozenset[str] = frozenset()
) -> list[AuthResult]:
    """Press "Authenticate connection" on both profiles and report each result.

    A profile whose role label is in `skip_authenticated` and that Halo already shows as
    authenticated is not pressed again (nothing is written to it). Where Halo reports the result
    (the answer, a later read, or only its own screen) is learned: without a report the result is
    None, never a guess."""
    results: list[AuthResult] = []
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for role in ROLES:
        if role.side is session.partner:
            continue  # the partner's admin presses it on their own instance
        profile = role.plan(session.plan)
        name = session.name(role.side)
        if not profile.record_id:
            results.append(AuthResult(role, name, False, "The profile does not exist yet."))
            continue
        if role.label in skip_authenticated:
            record = await session.record(role.side, role.entity, profile.record_id)
            if record is not None and record.get(C.PROFILE_VALIDATED) is True:
                profile.authenticated = True
                results.append(
                    AuthResult(role, name, True, "Halo shows the connection as authenticated")
                )
                continue
        ok, reason = await _press(session, role, profile.record_id)
        if ok is None:
            reason = (
                "Halo did not report a result through the API. Press 'Authenticate "
                f"connection' on the profile's API Access tab in {name}, then check again."
            )
        elif not ok and not reason:
            reason = "The instance did not say why; check the URLs, tenant and credentials."
        elif not ok:
            reason = plain_reason(reason)
        profile.authenticated = ok
        profile.last_authenticated = now
        results.append(AuthResult(role, name, ok, reason))
    return results


async def _press(session: Session, role: ProfileRole, record_id: int) -> tuple[bool | None, str]:
    """Press the button (a few times when the other side's server is briefly unwell) and read
    the result where the instance puts it; None when it puts it nowhere the API shows."""
    plan = session.plan
    ok: bool | None = None
    reason = ""
    for attempt in range(AUTHENTICATE_ATTEMPTS):
        if attempt:
            await asyncio.sleep(0.5 * attempt)
        answer = await press_authenticate(session, role, record_id)
        session.forget(role.side, role.entity)
        reason = str(answer.get(C.PROFILE_WARNING) or "")
        # A result is a validated flag that turned true, or a failure Halo explains; a flag left
        # false without a word may be an unpressed button, which proves nothing.
        if answer.get(C.PROFILE_VALIDATED) is True or (C.PROFILE_VALIDATED in answer and reason):
            ok = answer.get(C.PROFILE_VALIDATED) is True
            unknowns.learn(
                plan,
                role.side,
                C.AUTHENTICATE,
                unknowns.AUTH_IN_ANSWER,
                "instance",
                "the answer to the test write carried thirdpartynhd_validated",
            )
        else:
            record = await session.record(role.side, role.entity, record_id) or {}
            if record.get(C.PROFILE_VALIDATED) is True:
                ok = True
                unknowns.learn(
                    plan,
                    role.side,
                    C.AUTHENTICATE,
                    unknowns.AUTH_ON_REREAD,
                    "instance",
                    "the test write's answer said nothing; the profile read again showed "
                    "thirdpartynhd_validated",
                )
            elif reason:
                ok = False  # Halo explained a failure, whatever field holds the result
            else:
                ok = None
        if ok is None or ok or not looks_transient(reason):
            break
    return ok, ("Connection successful" if ok and not reason else reason)
