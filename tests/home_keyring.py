"""A keychain for tests of separate processes: one per HALO_WIZARD_HOME, so two admins' homes on
one machine keep their secrets apart, as two computers' keychains would.

Selected with PYTHON_KEYRING_BACKEND=home_keyring.HomeKeyring (and tests/ on PYTHONPATH). It
stands in for the OS keychain: its file is the keychain's, never one halo_wizard writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_NAME = "test-keychain.json"


class HomeKeyring(KeyringBackend):
    priority = 1.0  # type: ignore[assignment]

    def _file(self) -> Path:
        return Path(os.environ["HALO_WIZARD_HOME"]) / FILE_NAME

    def _load(self) -> dict[str, str]:
        path = self._file()
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        values = self._load()
        values[f"{service}/{username}"] = password
        self._file().parent.mkdir(parents=True, exist_ok=True)
        self._file().write_text(json.dumps(values), "utf-8")

    def delete_password(self, service: str, username: str) -> None:
        values = self._load()
        if values.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._file().write_text(json.dumps(values), "utf-8")


def home_env(home: Path, secret_env: str, secret: str, code: str = "") -> dict[str, str]:
    """One admin's environment: their home, their keychain, their own instance's secret."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HALO_") and k != "PYTHON_KEYRING_BACKEND"
    }
    env.update(
        HALO_WIZARD_HOME=str(home),
        PYTHON_KEYRING_BACKEND="home_keyring.HomeKeyring",
        PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")]),
        **{secret_env: secret},
    )
    if code:
        env["HALO_PAIRING_CODE"] = code
    return env
