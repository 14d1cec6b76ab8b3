"""Test set-up: offscreen Qt, a private HALO_WIZARD_HOME, and in-memory secrets for every test."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from demo_instances import DemoPair

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


@pytest.fixture(autouse=True)
def _collect_cycles_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """In tests that use Qt, cycles are collected here on the main thread only: collected on a
    simulator thread, a Qt object would be destroyed there and crash Qt later (see
    halo_wizard/ui/gc_guard.py, which does the same for the app)."""
    if "qapp" not in request.fixturenames:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture
def demo() -> Iterator[DemoPair]:
    """The two demo instances (Contoso, Northwind MSP) on a fresh simulator, stopped after the
    test (tests/demo_instances.py; a module may build its own `demo` on it)."""
    from demo_instances import demo_instances

    with demo_instances() as pair:
        yield pair
