"""Test set-up: offscreen Qt, a private HALO_WIZARD_HOME, and in-memory secrets for every test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before anything can import Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HALO_WIZARD_MEMORY_SECRETS"] = "1"

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HALO_WIZARD_HOME", str(home))
    yield home
