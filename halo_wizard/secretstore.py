"""Client secrets in the OS keychain, or in memory for the session where no keychain exists."""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Protocol

from halo_wizard.logsetup import register_secret

log = logging.getLogger(__name__)
SERVICE = "halo_wizard"


class SecretStore(Protocol):
    secure: bool
    """True when secrets outlive the session in an OS keychain."""
    description: str

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
    def delete(self, key: str) -> None: ...


class MemoryStore:
    """Secrets for this session only (tests, and machines without a keychain)."""

    secure = False
    description = "kept in memory for this session only (no system keychain found)"

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        register_secret(value)
        self._values[key] = value

    def delete(self, key: str) -> None:
        self._values.pop(key, None)


class KeyringStore:
    """The OS keychain (Windows Credential Manager, macOS Keychain, Secret Service)."""

    secure = True

    def __init__(self) -> None:
        import keyring

        self._keyring = keyring
        self.description = f"kept in {type(keyring.get_keyring()).__name__}"

    def get(self, key: str) -> str | None:
        value: str | None = self._keyring.get_password(SERVICE, key)
        if value:
            register_secret(value)
        return value

    def set(self, key: str, value: str) -> None:
        register_secret(value)
        self._keyring.set_password(SERVICE, key, value)

    def delete(self, key: str) -> None:
        with contextlib.suppress(self._keyring.errors.PasswordDeleteError):
            self._keyring.delete_password(SERVICE, key)


def keychain_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring install must not stop the app
        log.warning("the keyring library could not load a backend", exc_info=True)
        return False
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return bool(priority and priority > 0)


def default_store() -> SecretStore:
    """The OS keychain where one exists, else memory (and the window says so)."""
    if os.environ.get("HALO_WIZARD_MEMORY_SECRETS") or not keychain_available():
        return MemoryStore()
    return KeyringStore()
