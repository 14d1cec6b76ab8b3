"""The pairing code, the sealed invitation and reply files, and what they hold (issue 15)."""

from __future__ import annotations

import asyncio
import base64
import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
from demo_instances import demo_instances
from demo_setup import set_up

from halo_wizard.api import constants as C
from halo_wizard.api.client import InstanceInfo
from halo_wizard.api.secret import Secret
from halo_wizard.api.snapshot import is_secret_field
from halo_wizard.api.urls import Endpoint
from halo_wizard.logsetup import scrub
from halo_wizard.pairing import sealed
from halo_wizard.pairing.code import ALPHABET, PairingCodeInvalid, new_code, normalise
from halo_wizard.pairing.contents import (
    CATALOGUE_FIELDS,
    PROFILE_ENTITY_IN,
    Catalogue,
    ContentsProblem,
    InstanceDetails,
    Invitation,
    IssuedCredentials,
    Reply,
)
from halo_wizard.pairing.sealed import (
    DamagedFile,
    Expired,
    KdfParams,
    NotSealedFile,
    NotYetValid,
    OtherConnection,
    Replayed,
    SealedFileProblem,
    UnknownFormat,
    WrongCodeOrChanged,
    WrongKind,
)
from halo_wizard.plan.model import MappingKind, ProfileMappings, Side
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.rules import check
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps.profiles import ROLES

FAST = KdfParams(n=16, r=1, p=1)
"""Cheap key settings so that the many refusals below run in milliseconds; the default ones are
used by the round trip and refused-when-weaker tests."""
NOW = dt.datetime(2026, 9, 1, 9, 15, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(hours=2)
CONNECTION = "6f1c2a9e0b7d4e3f8a5b1c2d3e4f5a6b"
PAYLOAD: dict[str, Any] = {"greeting": "hello", "issued": {"secret": "issued-secret-0123456789"}}
CODE = new_code()


def _seal(
    kind: str = "invitation",
    payload: dict[str, Any] | None = None,
    *,
    code: Secret = CODE,
    connection: str = CONNECTION,
    now: dt.datetime = NOW,
    kdf: KdfParams = FAST,
) -> bytes:
    return sealed.seal(
        kind, PAYLOAD if payload is None else payload, code, connection, now, kdf=kdf
    )


def _open(
    data: bytes,
    *,
    code: Secret = CODE,
    kind: str = "invitation",
    connection: str | None = CONNECTION,
    now: dt.datetime = LATER,
    seen: tuple[str, ...] = (),
    weakest: KdfParams = FAST,
) -> dict[str, Any]:
    return sealed.open_sealed(
        data,
        code,
        expect_kind=kind,
        expect_connection_id=connection,
        now=now,
        seen_file_ids=set(seen),
        weakest_kdf=weakest,
    )


def _code_forms(code: Secret) -> list[str]:
    grouped = code.reveal()
    compact = grouped.replace("-", "")
    return [grouped, compact, grouped.lower(), compact.lower()]


def _assert_no_code(exc: BaseException, code: Secret = CODE) -> None:
    texts = [str(exc), repr(exc), str(getattr(exc, "message", "")), str(getattr(exc, "fix", ""))]
    for form in _code_forms(code):
        for text in texts:
            assert form not in text


def _refused(problem: type[SealedFileProblem], data: bytes, **kwargs: Any) -> SealedFileProblem:
    """Open `data`, expect exactly `problem`, and check the refusal is in words, code-free."""
    with pytest.raises(SealedFileProblem) as info:
        _open(data, **kwargs)
    exc = info.value
    assert type(exc) is problem, f"{type(exc).__name__}: {exc}"
    assert exc.message and exc.fix
    _assert_no_code(exc, kwargs.get("code", CODE))
    return exc


def _edited(data: bytes, change: Any) -> bytes:
    document = json.loads(data)
    change(document)
    return json.dumps(document, indent=2).encode("ascii")


def _set_header(key: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        document["header"][key] = value

    return change


def _flip_b64(text: str, index: int = 0) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


# ---- the pairing code ------------------------------------------------------------------------


def test_a_new_code_is_three_groups_of_four_from_the_unambiguous_alphabet() -> None:
    codes = {new_code().reveal() for _ in range(50)}
    assert len(codes) == 50  # 60 random bits: never the same twice here
    for text in codes:
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", text)
        assert not set(text.replace("-", "")) - set(ALPHABET)
        assert not set(text) & set("ILOU")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("K7QM-3XRT-9ZHA", "K7QM-3XRT-9ZHA"),
        ("k7qm-3xrt-9zha", "K7QM-3XRT-9ZHA"),
        ("K7QM3XRT9ZHA", "K7QM-3XRT-9ZHA"),
        ("  k7qm 3xrt 9zha ", "K7QM-3XRT-9ZHA"),
        ("K7QM--3XRT\u20139ZHA", "K7QM-3XRT-9ZHA"),
        ("K7Q M3X RT9 ZHA", "K7QM-3XRT-9ZHA"),
        ("oOiI-lL00-1111", "0011-1100-1111"),
    ],
)
def test_a_typed_code_is_read_the_way_it_was_meant(typed: str, expected: str) -> None:
    assert normalise(typed).reveal() == expected
    assert normalise(Secret(typed)).reveal() == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("B4TR-6WNP-2CD", ["11 characters", "12", "missing"]),
        ("B4TR-6WNP-2CDXE", ["13 characters", "12", "extra"]),
        ("B4TR-6WNU-2CDX", ["character 8", "'U'", "without I, L, O and U"]),
        ("B4TR-6WN!-2CDX", ["character 8", "'!'"]),
        ("B4TR-6WNÉ-2CDX", ["character 8", "code 00C9"]),
        ("   ", ["No pairing code"]),
    ],
)
def test_a_code_that_cannot_be_one_is_explained(typed: str, words: list[str]) -> None:
    with pytest.raises(PairingCodeInvalid) as info:
        normalise(typed)
    exc = info.value
    for word in words:
        assert word in f"{exc.message} {exc.fix}"
    assert "like K7QM-3XRT-9ZHA" in exc.fix
    stripped = typed.strip()
    if len(stripped) > 4:
        assert stripped not in str(exc) and stripped not in repr(exc)


def test_the_code_never_shows_in_a_repr_or_a_log() -> None:
    code = new_code()
    assert code.reveal() not in repr(code) and code.reveal() not in str(code)
    compact = code.reveal().replace("-", "")
    line = f"the admin typed {code.reveal()} then {compact}"
    assert code.reveal() not in scrub(line) and compact not in scrub(line)
    typed = "  " + compact.lower() + "  "
    normalise(typed)  # what was typed is registered too, in the form it was typed
    assert compact.lower() not in scrub(f"typed: {typed.strip()}")


# ---- sealing and opening -----------------------------------------------------------------------


def test_round_trip_with_the_default_key_settings() -> None:
    data = sealed.seal("invitation", PAYLOAD, CODE, CONNECTION, NOW)
    header = sealed.read_header(data)
    assert header.kdf == sealed.DEFAULT_KDF and header.kdf.n >= 2**15
    assert header.kind == "invitation" and header.connection_id == CONNECTION
    assert header.created_at == NOW and header.expires_at == NOW + dt.timedelta(days=7)
    retyped = normalise(CODE.reveal().lower().replace("-", " "))
    assert (
        sealed.open_sealed(
            data,
            retyped,
            expect_kind="invitation",
            expect_connection_id=CONNECTION,
            now=LATER,
            seen_file_ids=set(),
        )
        == PAYLOAD
    )


def test_the_file_is_readable_json_and_every_file_is_new() -> None:
    first, second = _seal(), _seal()
    document = json.loads(first)
    assert set(document) == {"header", "ciphertext"}
    assert document["header"]["format"] == "halo-wizard-sealed/1"
    assert document["header"]["expires"] == "2026-09-08T09:15:00+00:00"
    one, two = sealed.read_header(first), sealed.read_header(second)
    assert one.file_id != two.file_id and one.salt != two.salt and one.nonce != two.nonce
    assert json.loads(first)["ciphertext"] != json.loads(second)["ciphertext"]
    assert _open(first) == _open(second) == PAYLOAD


def test_a_reply_round_trips_and_any_connection_may_be_taken_first() -> None:
    data = _seal("reply")
    assert _open(data, kind="reply") == PAYLOAD
    assert _open(data, kind="reply", connection=None) == PAYLOAD


def test_reformatting_the_json_changes_nothing_that_is_sealed() -> None:
    data = _seal()
    document = json.loads(data)
    reordered = {
        "ciphertext": document["ciphertext"],
        "header": dict(reversed(list(document["header"].items()))),
    }
    assert _open(json.dumps(reordered, separators=(",", ":")).encode()) == PAYLOAD


def test_the_code_and_the_issued_secret_are_not_in_the_sealed_bytes() -> None:
    data = _seal()
    text = data.decode("ascii")
    for form in _code_forms(CODE):
        assert form not in text
    secret = PAYLOAD["issued"]["secret"]
    assert secret not in text
    assert base64.b64encode(secret.encode()).decode() not in text
    assert "greeting" not in text and "hello" not in text


def test_a_wrong_code_is_refused_in_words() -> None:
    exc = _refused(WrongCodeOrChanged, _seal(), code=new_code())
    assert "the pairing code is wrong, or the file was changed after it was written" in exc.message


def test_a_flipped_byte_in_the_ciphertext_or_the_nonce_is_refused() -> None:
    def ciphertext(d: dict[str, Any]) -> None:
        d["ciphertext"] = _flip_b64(d["ciphertext"], 3)

    def tag(d: dict[str, Any]) -> None:
        d["ciphertext"] = _flip_b64(d["ciphertext"], -1)

    def nonce(d: dict[str, Any]) -> None:
        d["header"]["nonce"] = _flip_b64(d["header"]["nonce"], 5)

    def salt(d: dict[str, Any]) -> None:
        d["header"]["salt"] = _flip_b64(d["header"]["salt"], 0)

    for change in (ciphertext, tag, nonce, salt):
        _refused(WrongCodeOrChanged, _edited(_seal(), change))


@pytest.mark.parametrize(
    ("key", "value", "opened_as"),
    [
        # Each change is well formed: only the authentication can catch it.
        ("kind", "reply", {"kind": "reply"}),
        ("connection_id", "another-connection", {"connection": "another-connection"}),
        ("file_id", "0" * 32, {}),
        ("created", "2026-09-05T09:15:00+00:00", {}),
        ("expires", "2026-09-09T09:15:00+00:00", {"now": NOW + dt.timedelta(days=7, hours=1)}),
        ("expires", "2026-09-05T09:15:00+00:00", {}),
        ("kdf", {"name": "scrypt", "n": 32, "r": 1, "p": 1, "length": 32}, {}),
    ],
)
def test_a_changed_header_field_is_refused(key: str, value: Any, opened_as: dict[str, Any]) -> None:
    _refused(WrongCodeOrChanged, _edited(_seal(), _set_header(key, value)), **opened_as)


def test_a_header_field_added_or_removed_is_refused() -> None:
    def added(d: dict[str, Any]) -> None:
        d["header"]["note"] = "x"

    def removed(d: dict[str, Any]) -> None:
        del d["header"]["expires"]

    def outside(d: dict[str, Any]) -> None:
        d["expires"] = "2099-01-01T00:00:00+00:00"

    assert "fields" in _refused(DamagedFile, _edited(_seal(), added)).message
    assert "has no expires" in _refused(DamagedFile, _edited(_seal(), removed)).message
    _refused(DamagedFile, _edited(_seal(), outside))


def test_every_single_flipped_bit_of_the_file_is_refused() -> None:
    data = _seal(payload={"a": 1})
    for index in range(len(data)):
        for bit in (0x01, 0x20):
            changed = bytearray(data)
            changed[index] ^= bit
            with pytest.raises(SealedFileProblem) as info:
                _open(bytes(changed))
            _assert_no_code(info.value)


def test_a_base64_spelling_with_other_spare_bits_is_refused() -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def respell(d: dict[str, Any]) -> None:
        text = d["ciphertext"]
        stem = text.rstrip("=")
        # Before padding, the lowest bit of the last character is a spare bit: the same bytes.
        other = alphabet[alphabet.index(stem[-1]) ^ 1]
        d["ciphertext"] = stem[:-1] + other + text[len(stem) :]

    data = _seal(payload={"a": 1})  # 23 bytes sealed: the base64 ends in padding
    text = json.loads(data)["ciphertext"]
    assert text.endswith("=")
    respelled = _edited(data, respell)
    assert json.loads(respelled)["ciphertext"] != text
    assert base64.b64decode(json.loads(respelled)["ciphertext"]) == base64.b64decode(text)
    _refused(DamagedFile, respelled)


def test_an_expired_file_says_when_and_what_to_do() -> None:
    data = _seal()
    assert _open(data, now=NOW + dt.timedelta(days=7) - dt.timedelta(seconds=1)) == PAYLOAD
    exc = _refused(Expired, data, now=NOW + dt.timedelta(days=7))
    assert "expired on 2026-09-08 09:15 UTC" in exc.message
    assert "new invitation" in exc.fix
    assert isinstance(exc, Expired) and exc.expired_at == NOW + dt.timedelta(days=7)
    reply = _refused(Expired, _seal("reply"), kind="reply", now=NOW + dt.timedelta(days=30))
    assert "new reply" in reply.fix


def test_a_file_from_the_future_points_at_the_clocks() -> None:
    exc = _refused(NotYetValid, _seal(), now=NOW - dt.timedelta(days=2))
    assert "clock" in exc.message
    assert _open(_seal(), now=NOW - dt.timedelta(hours=3)) == PAYLOAD  # clocks differ a little


def test_another_connections_file_is_refused() -> None:
    exc = _refused(OtherConnection, _seal(), connection="f" * 32)
    assert CONNECTION[:8] in exc.message and "ffffffff" in exc.message


def test_the_wrong_kind_is_refused_both_ways() -> None:
    assert "a reply, not an invitation" in _refused(WrongKind, _seal("reply")).message
    exc = _refused(WrongKind, _seal("invitation"), kind="reply")
    assert "an invitation, not a reply" in exc.message


def test_a_file_already_opened_is_refused() -> None:
    data = _seal()
    file_id = sealed.read_header(data).file_id
    assert _open(data, seen=("something-else",)) == PAYLOAD
    exc = _refused(Replayed, data, seen=(file_id,))
    assert "already been opened" in exc.message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"\xff\xfe{}",
        b"[]",
        b"{}",
        b'{"format": "halo-snapshot/1", "records": {}}',
        b'{"header": {"format": "other-tool/1"}, "ciphertext": ""}',
        json.dumps({"plan": {"name": "Contoso"}, "version": 1}).encode(),
    ],
)
def test_what_is_not_a_sealed_file_is_said_so(data: bytes) -> None:
    _refused(NotSealedFile, data)


def test_damaged_json_is_refused() -> None:
    data = _seal()
    exc = _refused(DamagedFile, data[: len(data) // 2])
    assert "cut short" in exc.message
    _refused(DamagedFile, data.replace(b'"kind"', b'"kind" "'))


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("salt", "not base64!", "salt is not readable"),
        ("nonce", base64.b64encode(b"short").decode(), "nonce has the wrong length"),
        ("created", "yesterday", "created date is not a date"),
        ("expires", "2026-09-08T09:15:00", "expires date has no time zone"),
        ("kind", "receipt", "invitation or a reply"),
        ("connection_id", "has spaces in it", "connection id is not an id"),
        ("kdf", {"name": "scrypt", "n": 3, "r": 1, "p": 1, "length": 32}, "power of two"),
        ("kdf", {"name": "scrypt", "n": 2**22, "r": 8, "p": 1, "length": 32}, "outside"),
        ("kdf", {"name": "scrypt", "n": 2**20, "r": 16, "p": 1, "length": 32}, "memory"),
        ("kdf", {"name": "scrypt", "n": 16.0, "r": 1, "p": 1, "length": 32}, "whole number"),
    ],
)
def test_a_broken_header_is_refused_before_any_key_is_derived(
    key: str, value: Any, words: str
) -> None:
    exc = _refused(DamagedFile, _edited(_seal(), _set_header(key, value)))
    assert words in exc.message


def test_an_unknown_format_version_is_refused() -> None:
    newer = _edited(_seal(), _set_header("format", "halo-wizard-sealed/2"))
    exc = _refused(UnknownFormat, newer)
    assert "halo-wizard-sealed/2" in exc.message and "halo-wizard-sealed/1" in exc.message
    other_kdf = {"name": "argon2id", "n": 16, "r": 1, "p": 1, "length": 32}
    _refused(UnknownFormat, _edited(_seal(), _set_header("kdf", other_kdf)))


def test_a_file_sealed_with_weaker_key_settings_is_refused() -> None:
    exc = _refused(UnknownFormat, _seal(kdf=KdfParams(n=2**10)), weakest=sealed.DEFAULT_KDF)
    assert "weaker protection" in exc.message


def test_seal_refuses_what_it_cannot_seal_without_quoting_it() -> None:
    with pytest.raises(ValueError):
        _seal("receipt")
    with pytest.raises(ValueError):
        _seal(connection="")
    with pytest.raises(ValueError):
        sealed.seal("reply", {}, CODE, CONNECTION, dt.datetime(2026, 9, 1))  # no time zone
    with pytest.raises(TypeError) as info:
        _seal(payload={"secret": Secret("hidden-value-42"), "x": object()})
    assert "hidden-value-42" not in str(info.value)
    with pytest.raises(PairingCodeInvalid):
        _seal(code=Secret("too-short"))


# ---- what the files hold -------------------------------------------------------------------------


def _issued_secret(snapshot: dict[str, Any], entity: str, record_id: int) -> str:
    return next(
        str(p["client_secret"])
        for p in snapshot["simulator"]["profile_secrets"]
        if p["entity"] == entity and p["id"] == record_id
    )


def _admin_secrets(snapshot: dict[str, Any]) -> list[str]:
    """Every secret a demo instance holds that is not an issued one of the chosen profile."""
    sim = snapshot["simulator"]
    found = [a["client_secret"] for a in sim["applications"]]
    found += [w["value"] for w in sim.get("write_only", [])]
    return [s for s in found if s]


def _northwind_invitation() -> tuple[Invitation, dict[str, Any]]:
    """An invitation from the supplier's demo instance, for its profile Client 7."""
    _contoso, northwind = demo_snapshots()
    records = copy.deepcopy(northwind["records"])
    secret = _issued_secret(northwind, "Client", 7)
    client_id = ""
    for profile in records["Client"]:
        if profile["id"] == 7:
            profile[C.PROFILE_ISSUED_CLIENT_SECRET] = secret  # as a raw read would show it
            client_id = str(profile[C.PROFILE_ISSUED_CLIENT_ID])
    catalogue = Catalogue.build(
        records,
        side=Side.SUPPLIER,
        profile_id=7,
        taken=NOW,
        info=northwind["instanceinfo"],
        tenant=northwind["authinfo"]["tenant_id"],
    )
    info = InstanceInfo("Halo PSA", northwind["instanceinfo"]["app_version"], {})
    endpoint = Endpoint(
        "https://northwind.halopsa.com",
        "https://northwind.halopsa.com/api",
        "https://northwind.halopsa.com/auth",
        "northwind",
    )
    invitation = Invitation(
        instance=InstanceDetails.of(endpoint, info, "Northwind MSP"),
        side=Side.SUPPLIER,
        profile_name="Harbourside Dental Group",
        partner_profile_name="Northwind MSP",
        issued=IssuedCredentials(client_id, Secret(secret)),
        catalogue=catalogue,
    )
    return invitation, northwind


def test_an_invitation_holds_no_admin_credential_and_only_its_own_issued_secret() -> None:
    invitation, northwind = _northwind_invitation()
    payload = invitation.to_json()
    text = json.dumps(payload)
    for secret in _admin_secrets(northwind):
        assert secret not in text
    other_profile = _issued_secret(northwind, "Client", 15)
    assert other_profile not in text
    issued = invitation.issued.secret.reveal()
    assert text.count(issued) == 1 and payload["issued"]["secret"] == issued
    assert C.PROFILE_ISSUED_CLIENT_SECRET not in text
    assert issued not in repr(invitation) and issued not in repr(invitation.issued)
    data = _seal("invitation", payload)
    for secret in [issued, *_admin_secrets(northwind)]:
        assert secret not in data.decode("ascii")
    opened = Invitation.from_json(_open(data))
    assert opened == invitation
    assert opened.catalogue_taken == NOW


def test_the_catalogue_holds_only_the_listed_fields_and_this_connections_people() -> None:
    invitation, northwind = _northwind_invitation()
    records = invitation.catalogue.records
    assert set(records) == set(CATALOGUE_FIELDS)
    for entity, rows in records.items():
        for row in rows:
            assert set(row) <= set(CATALOGUE_FIELDS[entity]), entity
    assert [p["id"] for p in records["Client"]] == [7]
    assert records["Supplier"] == [] and records["Agent"] == []
    assert records["Users"] and all(u["client_id"] == 7 for u in records["Users"])
    assert all(s["client_id"] == 7 for s in records["Site"])
    assert len(records["Outcome"]) == len(northwind["records"]["Outcome"])
    assert "Tickets" not in records and "Actions" not in records
    assert invitation.catalogue.info == {
        "name": "Northwind MSP",
        "app_name": "Halo PSA",
        "app_version": northwind["instanceinfo"]["app_version"],
    }


def test_the_catalogue_fields_are_no_secrets_and_are_lists_a_snapshot_holds() -> None:
    for entity, names in CATALOGUE_FIELDS.items():
        assert entity in C.SNAPSHOT_RECORD_LISTS
        assert "id" in names
        assert not [n for n in names if is_secret_field(n)]


def test_the_customer_side_tells_only_of_its_escalating_agents() -> None:
    contoso, _northwind = demo_snapshots()
    agents = contoso["records"]["Agent"]
    catalogue = Catalogue.build(contoso["records"], side=Side.CUSTOMER, profile_id=2, taken=NOW)
    told = catalogue.records["Agent"]
    assert told and all(set(a) <= {"id", "name", "email"} for a in told)
    escalating = [
        a
        for a in agents
        if "@" in str(a.get("email")) and not a.get("isapiagent") and not a.get("isdisabled")
    ]
    assert [a["id"] for a in told] == [a["id"] for a in escalating]
    assert len(told) < len(agents)
    chosen = Catalogue.build(
        contoso["records"], side=Side.CUSTOMER, profile_id=2, taken=NOW, agents=agents[:2]
    )
    assert [a["id"] for a in chosen.records["Agent"]] == [a["id"] for a in agents[:2]]
    assert catalogue.records["Users"] == [] and catalogue.records["Client"] == []
    with pytest.raises(ContentsProblem) as info:
        Catalogue.build(contoso["records"], side=Side.CUSTOMER, profile_id=999, taken=NOW)
    assert "Supplier record 999" in info.value.message


def test_a_reply_round_trips_with_its_inbound_mappings() -> None:
    invitation, _northwind = _northwind_invitation()
    mappings = ProfileMappings(default_status=-1, outbound_attachments=True)
    mappings.set_row(MappingKind.STATUS, 4, local_id=21, remote_name="Waiting", local_name="Held")
    reply = Reply(
        instance=invitation.instance,
        side=Side.CUSTOMER,
        profile_name="Northwind MSP",
        issued=IssuedCredentials("reply-client", Secret("reply-secret-abcdef0123")),
        catalogue=invitation.catalogue,
        mappings=mappings,
    )
    data = _seal("reply", reply.to_json())
    assert "reply-secret-abcdef0123" not in data.decode("ascii")
    opened = Reply.from_json(_open(data, kind="reply"))
    assert opened == reply
    assert opened.mappings.rows[0].local_id == 21 and opened.mappings.default_status == -1


def _broken(change: Any) -> ContentsProblem:
    invitation, _ = _northwind_invitation()
    payload = invitation.to_json()
    change(payload)
    with pytest.raises(ContentsProblem) as info:
        Invitation.from_json(payload)
    return info.value


def test_an_invitation_of_the_wrong_shape_is_explained_without_its_values() -> None:
    def no_secret(p: dict[str, Any]) -> None:
        del p["issued"]["secret"]

    def number_tenant(p: dict[str, Any]) -> None:
        p["api_url"] = 42

    def bad_side(p: dict[str, Any]) -> None:
        p["side"] = "vendor"

    def unknown_list(p: dict[str, Any]) -> None:
        p["catalogue"]["records"]["Tickets"] = []

    def unknown_field(p: dict[str, Any]) -> None:
        p["catalogue"]["records"]["Status"][0]["colour"] = "red"

    def secret_field(p: dict[str, Any]) -> None:
        p["catalogue"]["records"]["Client"][0]["api_access_clientsecret"] = "leaked-secret-9876"

    def nested_secret(p: dict[str, Any]) -> None:
        p["catalogue"]["records"]["Outcome"][0]["fields"] = [{"token": "leaked-token-1234"}]

    def old_catalogue(p: dict[str, Any]) -> None:
        p["catalogue"]["format"] = "halo-wizard-catalogue/0"

    def no_id(p: dict[str, Any]) -> None:
        del p["catalogue"]["records"]["Status"][0]["id"]

    cases = [
        (no_secret, "the secret of the issued credentials is missing"),
        (number_tenant, "its api url is a number, not text"),
        (bad_side, "its side is neither customer nor supplier"),
        (unknown_list, "(Tickets)"),
        (unknown_field, "'colour'"),
        (secret_field, "a secret-looking field"),
        (nested_secret, "holds a secret"),
        (old_catalogue, "halo-wizard-catalogue/1"),
        (no_id, "Status record 1 has no id"),
    ]
    for change, words in cases:
        exc = _broken(change)
        assert words in exc.message, exc.message
        assert exc.message.startswith("The invitation opened, but") and exc.fix
        assert "leaked" not in str(exc) and "vendor" not in str(exc)
    with pytest.raises(ContentsProblem):
        Invitation.from_json([1, 2])


def test_the_rules_find_the_same_on_a_catalogue_as_on_the_whole_instance() -> None:
    """The field list is enough for the action check: a catalogue in place of either instance
    gives the same findings, save the supplier's end users filed under other customers (R4),
    which only the supplier's own check sees (a catalogue names no other customer)."""
    with demo_instances() as (contoso, northwind):
        plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
        snapshots = {Side.CUSTOMER: contoso.snapshot(), Side.SUPPLIER: northwind.snapshot()}

    def findings(customer: dict[str, Any], supplier: dict[str, Any]) -> set[tuple[str, ...]]:
        found = check(CheckInput.from_snapshots(customer, supplier, plan))
        return {(f.rule, f.severity.value, f.side.value, f.record, f.message) for f in found}

    assert {role.side: role.entity for role in ROLES} == PROFILE_ENTITY_IN
    whole = findings(snapshots[Side.CUSTOMER], snapshots[Side.SUPPLIER])
    assert whole
    for side in Side:
        role = plan.supplier_profile if side is Side.CUSTOMER else plan.customer_profile
        assert role.record_id is not None
        catalogue = Catalogue.build(
            snapshots[side]["records"],
            side=side,
            profile_id=role.record_id,
            taken=NOW,
            info=snapshots[side]["instanceinfo"],
            tenant=snapshots[side]["authinfo"]["tenant_id"],
        )
        replaced = dict(snapshots)
        replaced[side] = Catalogue.from_json(catalogue.to_json(), "invitation").as_snapshot()
        found = findings(replaced[Side.CUSTOMER], replaced[Side.SUPPLIER])
        assert found <= whole
        missing = whole - found
        assert all(f[0] == "R4" and "also under" in f[4] for f in missing), missing
        if side is Side.CUSTOMER:
            assert not missing


def test_findings_of_a_paired_check_say_they_come_from_the_partners_catalogue() -> None:
    """Issue 15: on a two-admin connection the partner's side is their catalogue, and every
    finding says whose catalogue and of what date, in the check's record, on the terminal and in
    the report; a check of two instances read here says nothing of the kind."""
    from halo_wizard.plan.model import Pairing
    from halo_wizard.report.content import build_content
    from halo_wizard.rules.check_record import format_text, record_check

    with demo_instances() as (contoso, northwind):
        plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
        customer, supplier = contoso.snapshot(), northwind.snapshot()
    alone = check(CheckInput.from_snapshots(customer, supplier, plan))
    assert alone and not any(f.source for f in alone)
    assert "Read from" not in format_text(
        CheckInput.from_snapshots(customer, supplier, plan), alone
    )

    assert plan.supplier_profile.record_id is not None
    catalogue = Catalogue.build(
        supplier["records"],
        side=Side.SUPPLIER,
        profile_id=plan.customer_profile.record_id or 0,
        taken=NOW,
        info=supplier["instanceinfo"],
        tenant=supplier["authinfo"]["tenant_id"],
    )
    plan.pairing = Pairing(
        connection_id="c" * 32,
        own_side=Side.CUSTOMER,
        started_here=True,
        catalogue=catalogue.to_json(),
    )
    found = CheckInput.from_snapshots(customer, catalogue.as_snapshot(), plan)
    paired = check(found)
    partner = found.config(Side.SUPPLIER).name
    expected = f"{partner}'s side as their catalogue of 2026-09-01 09:15 UTC shows it"
    assert paired and {f.source for f in paired} == {expected}
    assert f"Read from: {expected}" in format_text(found, paired)
    recorded = record_check(plan, found, paired)
    assert all(f["source"] == expected for f in recorded["findings"])
    content = build_content(plan, findings=recorded["findings"])
    cells = [
        cell
        for section in content.sections
        if section.title == "Action check findings"
        for _, table in section.tables
        for row in table.rows
        for cell in row
    ]
    assert cells and sum(f"(Read from {expected}.)" in cell for cell in cells) == len(paired)
