"""Every directory the application writes to, from platformdirs, movable with HALO_WIZARD_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "halo_wizard"
HOME_ENV = "HALO_WIZARD_HOME"
"""Set to a directory to keep config, data, logs and cache under it (tests, development)."""


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _dir(kind: str) -> Path:
    home = _home()
    if home is not None:
        path = home / kind
    elif kind == "config":
        path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    elif kind == "data":
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    elif kind == "logs":
        path = Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    else:
        path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    return _dir("config")


def data_dir() -> Path:
    return _dir("data")


def log_dir() -> Path:
    return _dir("logs")


def cache_dir() -> Path:
    return _dir("cache")


def plans_dir() -> Path:
    path = data_dir() / "plans"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    return log_dir() / "halo_wizard.log"
