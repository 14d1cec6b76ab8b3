"""Secrets stay out of reprs, log lines and error reports."""

from __future__ import annotations

import logging
import pickle

import pytest

from halo_wizard import logsetup, paths
from halo_wizard.api.client import HaloClient
from halo_wizard.api.secret import Secret
from halo_wizard.secretstore import MemoryStore, default_store


def test_secret_never_shows_its_value() -> None:
    secret = Secret("s3cr3t-value-0123456789")
    assert "s3cr3t" not in repr(secret)
    assert "s3cr3t" not in str(secret)
    assert "s3cr3t" not in f"{secret}"
    assert secret.reveal() == "s3cr3t-value-0123456789"
    assert secret.masked(keep=4).endswith("6789")
    with pytest.raises(TypeError):
        pickle.dumps(secret)


async def _make_client() -> HaloClient:
    return HaloClient("acme.halopsa.com", "client-id", "very-secret-value-42")


def test_client_repr_has_no_secret() -> None:
    import asyncio

    async def run() -> str:
        client = await _make_client()
        try:
            return repr(client) + repr(vars(client))
        finally:
            await client.aclose()

    text = asyncio.run(run())
    assert "very-secret-value-42" not in text


def test_log_file_scrubs_registered_secrets_and_token_shapes() -> None:
    handler = logsetup.configure_logging(logging.DEBUG)
    try:
        logsetup.register_secret("hunter2-but-longer")
        logger = logging.getLogger("halo_wizard.test")
        logger.info("secret is hunter2-but-longer")
        logger.info("Authorization: Bearer abcdefghijklmnop.qrstuv")
        logger.info("form client_secret=plain-text-secret&scope=all")
        logger.info('{"api_access_clientsecret": "issued-secret-123"}')
        handler.flush()
        text = paths.log_file().read_text(encoding="utf-8")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    for leaked in ("hunter2-but-longer", "abcdefghijklmnop", "plain-text-secret", "issued-secret"):
        assert leaked not in text
    assert text.count(logsetup.REDACTED) == 4


def test_excepthook_reports_scrubbed_details() -> None:
    seen: list[tuple[str, str]] = []
    logsetup.set_error_reporter(lambda summary, details: seen.append((summary, details)))
    logsetup.register_secret("leaky-secret-value")
    try:
        try:
            raise RuntimeError("failed with leaky-secret-value inside")
        except RuntimeError as exc:
            logsetup.excepthook(RuntimeError, exc, exc.__traceback__)
    finally:
        logsetup.set_error_reporter(None)
    assert seen
    summary, details = seen[0]
    assert "leaky-secret-value" not in summary + details
    assert "RuntimeError" in summary


def test_tests_use_memory_secrets() -> None:
    store = default_store()
    assert isinstance(store, MemoryStore)
    store.set("k", "v-secret-1")
    assert store.get("k") == "v-secret-1"
    store.delete("k")
    assert store.get("k") is None


def test_home_variable_moves_every_directory(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    for directory in (paths.config_dir(), paths.data_dir(), paths.log_dir(), paths.cache_dir()):
        assert directory.is_relative_to(tmp_path)
        assert directory.is_dir()
    assert paths.plans_dir().is_relative_to(tmp_path)
