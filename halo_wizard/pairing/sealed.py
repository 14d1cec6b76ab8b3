"""Sealed files: an invitation or a reply, encrypted and authenticated with the pairing code.

A sealed file is JSON: a header in the clear (format, kind, connection id, file id, when it was
written and when it expires, the key derivation's settings, salt and nonce) and the ciphertext.
The key is derived from the pairing code with Scrypt (memory-hard: each guess at the code costs
as much as opening the file once) and a random salt per file; the content is sealed with
AES-256-GCM under a random nonce, with the whole canonical header as associated data, so changing
any byte of the header or the ciphertext makes the file refuse to open. Every check of kind,
connection, expiry and replay is made after the header has been authenticated.

Nothing here writes to disk: `seal` returns the bytes (halo_wizard.atomic writes them). The code
and the derived key are never logged, stored or put into an exception.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from halo_wizard.api.errors import HaloError
from halo_wizard.api.secret import Secret
from halo_wizard.pairing.code import code_bytes

log = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_KDF",
    "FORMAT",
    "KINDS",
    "LIFETIME",
    "DamagedFile",
    "Expired",
    "KdfParams",
    "NotSealedFile",
    "NotYetValid",
    "OtherConnection",
    "Replayed",
    "SealedFileProblem",
    "SealedHeader",
    "UnknownFormat",
    "WrongCodeOrChanged",
    "WrongKind",
    "open_sealed",
    "read_header",
    "seal",
]

FORMAT: Final = "halo-wizard-sealed/1"
FORMAT_FAMILY: Final = "halo-wizard-sealed/"
KINDS: Final = ("invitation", "reply")
LIFETIME: Final = dt.timedelta(days=7)
CLOCK_SLACK: Final = dt.timedelta(days=1)
"""How far ahead of this computer's clock a file may say it was written (clocks differ)."""
MAX_FILE_BYTES: Final = 64 * 1024 * 1024
"""Larger than any catalogue: a bigger file is not one of ours, and is not read into memory."""

KDF_NAME: Final = "scrypt"
KEY_BYTES: Final = 32  # AES-256
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12  # AES-GCM's standard nonce

_HEADER_KEYS: Final = (
    "format",
    "kind",
    "connection_id",
    "file_id",
    "created",
    "expires",
    "kdf",
    "salt",
    "nonce",
)
_FILE_KEYS: Final = frozenset({"header", "ciphertext"})
_ID: Final = re.compile(r"[A-Za-z0-9._-]{1,128}")


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Scrypt's cost settings: memory 128·r·n bytes, time about n·r·p."""

    n: int = 2**16
    r: int = 8
    p: int = 1

    def problem(self) -> str:
        """Why these settings cannot be used to open a file ("" when they can)."""
        if self.n < 2 or self.n & (self.n - 1):
            return "its key setting n is not a power of two"
        if not 1 <= self.r <= 16 or not 1 <= self.p <= 4 or self.n > 2**20:
            return "its key settings are outside what halo_wizard uses"
        if 128 * self.r * self.n > 256 * 1024 * 1024:
            return "its key settings ask for more memory than halo_wizard allows"
        return ""

    def weaker_than(self, other: KdfParams) -> bool:
        return self.n * self.r * self.p < other.n * other.r * other.p or self.n < other.n

    def to_json(self) -> dict[str, Any]:
        return {"name": KDF_NAME, "n": self.n, "r": self.r, "p": self.p, "length": KEY_BYTES}


DEFAULT_KDF: Final = KdfParams()
"""n=2**16, r=8, p=1: 64 MiB and about a quarter of a second per file on a 2-core machine;
every guess at a pairing code costs an attacker the same."""


# ---- what can go wrong, in the admin's words ---------------------------------------------------


class SealedFileProblem(HaloError):
    """A sealed file that is not opened: what is wrong with it, and what to do. Never holds the
    pairing code, the key or anything of the file's content."""

    title = "Invitation or reply not opened"


class NotSealedFile(SealedFileProblem):
    """Not an invitation or reply of halo_wizard at all."""


class DamagedFile(SealedFileProblem):
    """One of ours, but cut short or broken: it cannot even be tried with the code."""


class UnknownFormat(SealedFileProblem):
    """One of ours, written by a version that seals files in another way."""


class WrongCodeOrChanged(SealedFileProblem):
    """The authentication failed: a wrong code and a changed file cannot be told apart."""


class Expired(SealedFileProblem):
    """Authentic, but older than its lifetime."""

    def __init__(self, message: str, fix: str, *, expired_at: dt.datetime) -> None:
        super().__init__(message, fix)
        self.expired_at = expired_at


class NotYetValid(SealedFileProblem):
    """Authentic, but written later than this computer's clock says it is now."""


class OtherConnection(SealedFileProblem):
    """Authentic, but written for another connection than the one being set up."""


class WrongKind(SealedFileProblem):
    """Authentic, but a reply where an invitation is expected, or the other way round."""


class Replayed(SealedFileProblem):
    """Authentic, but already opened once for this connection."""


# ---- the header --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SealedHeader:
    """The clear part of a sealed file. Authentic only once `open_sealed` accepted the same bytes:
    `read_header` alone reads it as written, to show or to keep, never to decide on."""

    kind: str
    connection_id: str
    file_id: str
    created: str
    expires: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    format: str = FORMAT

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created)

    @property
    def expires_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.expires)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "kind": self.kind,
            "connection_id": self.connection_id,
            "file_id": self.file_id,
            "created": self.created,
            "expires": self.expires,
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
        }


def _canonical(value: Any) -> bytes:
    """The one byte form of a header: what the AEAD authenticates, on both sides."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must say its time zone (use datetime.now(UTC))")
    return now.astimezone(dt.UTC)


def _when(moment: dt.datetime) -> str:
    """A moment as the admin reads it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _derive(code: Secret, salt: bytes, kdf: KdfParams) -> AESGCM:
    key = Scrypt(salt=salt, length=KEY_BYTES, n=kdf.n, r=kdf.r, p=kdf.p).derive(code_bytes(code))
    return AESGCM(key)


# ---- sealing -----------------------------------------------------------------------------------


def seal(
    kind: str,
    payload: Mapping[str, Any],
    code: Secret,
    connection_id: str,
    now: dt.datetime,
    *,
    kdf: KdfParams = DEFAULT_KDF,
) -> bytes:
    """The sealed file of `payload` (plain JSON) as bytes, valid for LIFETIME from `now`.

    `kind` is "invitation" or "reply"; a new random file id, salt and nonce every time."""
    if kind not in KINDS:
        raise ValueError(f"a sealed file is an invitation or a reply, not {kind!r}")
    if not _ID.fullmatch(connection_id):
        raise ValueError("a connection id is 1 to 128 letters, digits, dots, dashes or _")
    if not isinstance(payload, Mapping):
        raise TypeError("the content of a sealed file is a JSON object")
    if kdf.problem():
        raise ValueError(f"these key settings cannot be opened again: {kdf.problem()}")
    try:
        plaintext = json.dumps(
            dict(payload), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        ).encode("utf-8")
    except (TypeError, ValueError):
        # json's own words may quote a value of the payload, and the payload holds a secret.
        raise TypeError("the content of a sealed file must be plain JSON") from None
    created = _aware(now).replace(microsecond=0)
    header = SealedHeader(
        kind=kind,
        connection_id=connection_id,
        file_id=secrets.token_hex(16),
        created=created.isoformat(),
        expires=(created + LIFETIME).isoformat(),
        kdf=kdf,
        salt=secrets.token_bytes(SALT_BYTES),
        nonce=secrets.token_bytes(NONCE_BYTES),
    )
    clear = header.to_json()
    ciphertext = _derive(code, header.salt, kdf).encrypt(header.nonce, plaintext, _canonical(clear))
    log.info("sealed a %s (file %s) for connection %s", kind, header.file_id, connection_id)
    text = json.dumps({"header": clear, "ciphertext": _b64(ciphertext)}, indent=2)
    return (text + "\n").encode("ascii")


# ---- opening -----------------------------------------------------------------------------------


def _what(kind: object) -> str:
    return kind if isinstance(kind, str) and kind in KINDS else "file"


def _not_ours() -> NotSealedFile:
    return NotSealedFile(
        "This is not an invitation or reply file of halo_wizard.",
        "Open the invitation or reply file your partner sent you.",
    )


def _damaged(why: str) -> DamagedFile:
    return DamagedFile(
        f"The file is damaged: {why}.",
        "Ask your partner to send it again (as an attachment, not pasted into a message).",
    )


def _parse(data: bytes) -> tuple[SealedHeader, dict[str, Any], bytes]:
    """The header as written, the header's JSON (what is authenticated) and the ciphertext; the
    refusals that need no code."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("a sealed file is read as bytes")
    if len(data) > MAX_FILE_BYTES:
        raise _not_ours()
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise _not_ours() from None
    try:
        document = json.loads(text)
    except ValueError:
        if text.lstrip().startswith("{") and FORMAT_FAMILY in text:
            raise _damaged("it is cut short or was edited (it is no longer valid JSON)") from None
        raise _not_ours() from None
    if not isinstance(document, dict) or not isinstance(document.get("header"), dict):
        raise _not_ours()
    clear: dict[str, Any] = document["header"]
    found = clear.get("format")
    if not isinstance(found, str) or not found.startswith(FORMAT_FAMILY):
        raise _not_ours()
    if found != FORMAT:
        raise UnknownFormat(
            f"The {_what(clear.get('kind'))} was written by another version of halo_wizard "
            f"({found}); this version opens {FORMAT}.",
            "Use the same version of halo_wizard as your partner (update the older one), then "
            "ask them to write the file again.",
        )
    extra = sorted(set(document) - _FILE_KEYS)
    if extra:
        raise _damaged("it holds parts a halo_wizard file does not have")
    if sorted(clear) != sorted(_HEADER_KEYS):
        missing = [k for k in _HEADER_KEYS if k not in clear]
        raise _damaged(
            f"its header has no {missing[0].replace('_', ' ')}"
            if missing
            else "its header holds fields a halo_wizard file does not have"
        )
    texts: dict[str, str] = {}
    for key in ("kind", "connection_id", "file_id", "created", "expires", "salt", "nonce"):
        value = clear[key]
        if not isinstance(value, str) or not value:
            raise _damaged(f"its {key.replace('_', ' ')} is not text")
        texts[key] = value
    if texts["kind"] not in KINDS:
        raise _damaged("it does not say whether it is an invitation or a reply")
    for key in ("connection_id", "file_id"):
        if not _ID.fullmatch(texts[key]):
            raise _damaged(f"its {key.replace('_', ' ')} is not an id")
    for key in ("created", "expires"):
        try:
            moment = dt.datetime.fromisoformat(texts[key])
        except ValueError:
            raise _damaged(f"its {key} date is not a date") from None
        if moment.tzinfo is None:
            raise _damaged(f"its {key} date has no time zone")
    kdf = _kdf(clear["kdf"])
    salt = _bytes(texts["salt"], "salt", SALT_BYTES)
    nonce = _bytes(texts["nonce"], "nonce", NONCE_BYTES)
    ciphertext = document.get("ciphertext")
    if not isinstance(ciphertext, str):
        raise _damaged("its encrypted content is missing")
    sealed = _bytes(ciphertext, "encrypted content", None)
    if len(sealed) < 16:  # the GCM tag alone is 16 bytes
        raise _damaged("its encrypted content is cut short")
    header = SealedHeader(
        kind=texts["kind"],
        connection_id=texts["connection_id"],
        file_id=texts["file_id"],
        created=texts["created"],
        expires=texts["expires"],
        kdf=kdf,
        salt=salt,
        nonce=nonce,
        format=found,
    )
    return header, clear, sealed


def _kdf(value: object) -> KdfParams:
    if not isinstance(value, dict):
        raise _damaged("its key settings are missing")
    if value.get("name") != KDF_NAME or value.get("length") != KEY_BYTES:
        raise UnknownFormat(
            "The file was sealed in a way this version of halo_wizard does not open.",
            "Use the same version of halo_wizard as your partner, then ask them to write the "
            "file again.",
        )
    numbers = []
    for key in ("n", "r", "p"):
        number = value.get(key)
        if isinstance(number, bool) or not isinstance(number, int):
            raise _damaged(f"its key setting {key} is not a whole number")
        numbers.append(number)
    if set(value) != {"name", "length", "n", "r", "p"}:
        raise _damaged("its key settings hold fields a halo_wizard file does not have")
    kdf = KdfParams(*numbers)
    if kdf.problem():
        raise _damaged(kdf.problem())
    return kdf


def _bytes(text: str, what: str, size: int | None) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise _damaged(f"its {what} is not readable") from None
    if _b64(raw) != text:
        # Base64 has spare bits: only the one spelling of these bytes is ours.
        raise _damaged(f"its {what} is not readable")
    if size is not None and len(raw) != size:
        raise _damaged(f"its {what} has the wrong length")
    return raw


def read_header(data: bytes) -> SealedHeader:
    """The header of a sealed file as written (kind, ids, dates), NOT authenticated: to show it or
    keep the ids of a file `open_sealed` has accepted, never to decide whether to trust it."""
    header, _, _ = _parse(data)
    return header


def open_sealed(
    data: bytes,
    code: Secret,
    *,
    expect_kind: str,
    expect_connection_id: str | None,
    now: dt.datetime,
    seen_file_ids: Collection[str],
    weakest_kdf: KdfParams = DEFAULT_KDF,
) -> dict[str, Any]:
    """The content of a sealed file, or the SealedFileProblem that says in plain words why not.

    `expect_connection_id` None takes a file of any connection (an invitation opened for the
    first time); `seen_file_ids` are the ids of the files already opened for this connection.
    Files sealed with weaker key settings than `weakest_kdf` are refused."""
    if expect_kind not in KINDS:
        raise ValueError(f"a sealed file is an invitation or a reply, not {expect_kind!r}")
    moment = _aware(now)
    header, clear, sealed = _parse(data)
    what = header.kind
    if header.kdf.weaker_than(weakest_kdf):
        raise UnknownFormat(
            f"The {what} was sealed with weaker protection than this version of halo_wizard "
            "accepts.",
            "Ask your partner to write it again with the current halo_wizard.",
        )
    try:
        plaintext = _derive(code, header.salt, header.kdf).decrypt(
            header.nonce, sealed, _canonical(clear)
        )
    except InvalidTag:
        raise WrongCodeOrChanged(
            f"The {what} does not open: the pairing code is wrong, or the file was changed "
            "after it was written.",
            "Check the code with your partner (they were shown it once, when they wrote the "
            "file). If it is right, ask them to write the file again and send it another way.",
        ) from None
    # From here on the header is authentic: it was sealed with the content.
    log.info("opened a %s (file %s) of connection %s", what, header.file_id, header.connection_id)
    if header.kind != expect_kind:
        raise WrongKind(
            f"This file is {'an' if what == 'invitation' else 'a'} {what}, not "
            f"{'an' if expect_kind == 'invitation' else 'a'} {expect_kind}.",
            "Open the invitation your partner sent you here; a reply is opened by the admin "
            "who sent the invitation."
            if expect_kind == "invitation"
            else "Open the reply your partner sent back; an invitation is opened by the partner "
            "it was written for.",
        )
    if expect_connection_id is not None and header.connection_id != expect_connection_id:
        raise OtherConnection(
            f"This {what} belongs to another connection (id {header.connection_id[:8]}…), "
            f"not to this plan's (id {expect_connection_id[:8]}…).",
            "Open the file your partner wrote for this connection, or open it with the plan "
            "it belongs to.",
        )
    if header.expires_at - header.created_at > LIFETIME:
        raise _damaged(f"it claims to last longer than {LIFETIME.days} days")
    if header.created_at > moment + CLOCK_SLACK:
        raise NotYetValid(
            f"This {what} says it was written on {_when(header.created_at)}, later than this "
            f"computer's clock ({_when(moment)}).",
            "Check the date and time of this computer and of your partner's, then ask them to "
            "write the file again.",
        )
    if moment >= header.expires_at:
        raise Expired(
            f"This {what} expired on {_when(header.expires_at)} (it was written on "
            f"{_when(header.created_at)}; files last {LIFETIME.days} days).",
            "Ask your partner for a new invitation."
            if what == "invitation"
            else "Ask your partner to write a new reply.",
            expired_at=header.expires_at,
        )
    if header.file_id in seen_file_ids:
        raise Replayed(
            f"This {what} has already been opened for this connection: a file is taken only once.",
            "Carry on with the plan it was opened into; if your partner changed something, ask "
            f"them for a new {what}.",
        )
    try:
        content = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        content = None
    if not isinstance(content, dict):
        raise _damaged(f"the {what} opened, but what it holds is not readable")
    return content
