"""The pairing code: twelve characters the wizard shows once, easy to read out on the phone.

Crockford's base32 (no I, L, O or U, so nothing reads as another character), three groups of
four: 60 random bits, like K7QM-3XRT-9ZHA. The code keys the sealed files; it is held in a
Secret and registered for scrubbing the moment it exists, so it never shows in a log or report.
"""

from __future__ import annotations

import logging
import secrets
from typing import Final

from halo_wizard.api.errors import HaloError
from halo_wizard.api.secret import Secret
from halo_wizard.logsetup import register_secret

log = logging.getLogger(__name__)

__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "GROUP",
    "PairingCodeInvalid",
    "code_bytes",
    "new_code",
    "normalise",
]

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32: 32 characters, none that reads as another on the phone or on paper."""
GROUP: Final = 4
CODE_LENGTH: Final = 12
"""Three groups of four: 60 bits (the Scrypt key stretching makes each guess cost the same as
opening the file once)."""
EXAMPLE: Final = "K7QM-3XRT-9ZHA"

_READ_AS: Final = {"O": "0", "I": "1", "L": "1"}
"""Letters a partner may type for the digit they look like (Crockford's decoding rule)."""
_SEPARATORS: Final = frozenset(" -_.\t\u2010\u2011\u2012\u2013\u2014\u00a0")
"""What a code may be typed with between its characters: spaces, dashes of any kind, dots."""


class PairingCodeInvalid(HaloError):
    """A typed pairing code that cannot be one. The message never repeats what was typed."""

    title = "Pairing code not usable"


def new_code() -> Secret:
    """A new random pairing code, grouped (K7QM-3XRT-9ZHA), registered for scrubbing."""
    text = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return _kept(text)


def normalise(typed: str | Secret) -> Secret:
    """The code as typed, in its one written form (XXXX-XXXX-XXXX), or PairingCodeInvalid
    saying in words what is wrong with it.

    Lower case, spaces and missing or extra dashes are accepted; O is read as 0, I and L as 1.
    """
    text = typed.reveal() if isinstance(typed, Secret) else typed
    raw = text.strip()
    register_secret(raw)  # what was typed is as good as the code: never in a log
    characters = [ch for ch in raw.upper() if ch not in _SEPARATORS]
    fix = f"Type the {CODE_LENGTH} characters your partner read out, like {EXAMPLE}."
    if not characters:
        raise PairingCodeInvalid("No pairing code was given.", fix)
    for index, ch in enumerate(characters):
        ch = _READ_AS.get(ch, ch)
        characters[index] = ch
        if ch not in ALPHABET:
            raise PairingCodeInvalid(
                f"The pairing code's character {index + 1} ({_shown(ch)}) is not one pairing "
                "codes use: they hold only the digits 0-9 and the letters A-Z without I, L, O "
                "and U.",
                "Check that character with your partner. " + fix,
            )
    if len(characters) != CODE_LENGTH:
        count = len(characters)
        raise PairingCodeInvalid(
            f"The pairing code has {count} character{'s' if count != 1 else ''}; a pairing code "
            f"has {CODE_LENGTH} (three groups of four).",
            ("A character is missing. " if count < CODE_LENGTH else "A character is extra. ") + fix,
        )
    return _kept("".join(characters))


def code_bytes(code: Secret) -> bytes:
    """What the key is derived from: the code's twelve characters, without the dashes (the same
    however the partner typed them)."""
    return normalise(code).reveal().replace("-", "").encode("ascii")


def _kept(compact: str) -> Secret:
    grouped = "-".join(compact[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))
    register_secret(grouped)
    register_secret(compact)
    return Secret(grouped)


def _shown(ch: str) -> str:
    """A character that is not in the alphabet, named safely (never a code character)."""
    if ch.isascii() and ch.isprintable():
        return f"'{ch}'"
    return f"a character of code {ord(ch):04X}"
