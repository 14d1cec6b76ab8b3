"""After a whole demo run (set-up, validate, drift check, report, plan saved and exported,
snapshots, debug log), no file the run produced holds a client secret, an issued secret or a
bearer token."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import zlib
from pathlib import Path
from typing import Any

import pytest
from demo_instances import DemoPair
from demo_setup import set_up
from pypdf import PdfReader

from halo_wizard import logsetup, paths
from halo_wizard.api.client import HaloClient
from halo_wizard.api.snapshot import write_json_atomic
from halo_wizard.commands.check import run_check_command
from halo_wizard.commands.validate import run_validate
from halo_wizard.plan.store import export_plan, save_plan
from halo_wizard.simulator import InstanceState, SimulatedInstance
from halo_wizard.steps.configuration import export_snapshot

MIN_SECRET_LENGTH = 12
"""Every secret searched for is at least this long, so a hit is never a coincidence."""


def _pdf_streams(raw: bytes) -> list[bytes]:
    """The decompressed content of every Flate stream of a PDF (its text is inside them)."""
    found: list[bytes] = []
    start = 0
    while (begin := raw.find(b"stream", start)) != -1:
        data_start = begin + len(b"stream")
        data_start += 2 if raw[data_start : data_start + 2] == b"\r\n" else 1
        end = raw.find(b"endstream", data_start)
        if end == -1:
            break
        with contextlib.suppress(zlib.error):  # not a Flate stream: an image, or plain already
            found.append(zlib.decompressobj().decompress(raw[data_start:end]))
        start = end + len(b"endstream")
    return found


def readable_forms(path: Path) -> list[tuple[str, bytes]]:
    """Every form in which a file's content can be read: its bytes and, for a PDF, the
    decompressed streams and the extracted text."""
    raw = path.read_bytes()
    forms = [("bytes", raw)]
    if raw.startswith(b"%PDF"):
        forms += [("stream", stream) for stream in _pdf_streams(raw)]
        text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
        forms.append(("text", text.encode("utf-8")))
    return forms


def find_secrets(files: list[Path], secrets: dict[str, str]) -> list[str]:
    """Where any secret appears, as "file (form): secret's label"; never the secret itself."""
    hits: list[str] = []
    for path in files:
        for form, content in readable_forms(path):
            for label, secret in secrets.items():
                if secret.encode("utf-8") in content:
                    hits.append(f"{path.name} ({form}): {label}")
    return hits


def _application_secrets(instance: SimulatedInstance, side: str) -> dict[str, str]:
    with instance.state.lock:
        return {
            f"{side} application {app.client_id} client secret": app.client_secret
            for app in instance.state.applications
        }


def _profile_secrets(instance: SimulatedInstance, side: str) -> dict[str, str]:
    with instance.state.lock:
        return {
            f"{side} {entity} {key} issued secret": secret
            for (entity, key), secret in instance.state.profile_secrets.items()
        }


def test_search_finds_a_planted_secret(tmp_path: Path) -> None:
    planted = "planted-secret-Zq8w-4471-abcd"
    scratch = tmp_path / "scratch.json"
    scratch.write_text('{"note": "x", "value": "' + planted + '"}\n', encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("nothing to see here\n", encoding="utf-8")
    assert find_secrets([scratch, clean], {"planted": planted}) == ["scratch.json (bytes): planted"]
    assert find_secrets([clean], {"planted": planted}) == []


def test_search_finds_a_secret_inside_a_pdf(tmp_path: Path, qapp: object) -> None:
    from halo_wizard.report.build import ensure_gui_application

    ensure_gui_application()
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    planted = "pdfplanted0secret1value2"
    pdf = tmp_path / "planted.pdf"
    writer = QPdfWriter(str(pdf))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    painter.drawText(200, 400, planted)
    painter.end()
    # Qt compresses the page stream: the raw bytes alone would miss it.
    assert planted.encode() not in pdf.read_bytes()
    hits = find_secrets([pdf], {"planted": planted})
    assert "planted.pdf (text): planted" in hits


def test_no_secret_in_any_file_of_a_full_demo_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object, demo: DemoPair
) -> None:
    issued_tokens: list[str] = []
    issue_token = InstanceState.issue_token

    def recording_issue_token(self: InstanceState, *args: Any, **kwargs: Any) -> str:
        token = issue_token(self, *args, **kwargs)
        issued_tokens.append(token)
        return token

    monkeypatch.setattr(InstanceState, "issue_token", recording_issue_token)
    handler = logsetup.configure_logging(logging.DEBUG)
    out = tmp_path / "out"
    out.mkdir()
    try:
        contoso, northwind = demo
        plan = asyncio.run(set_up(contoso, northwind, auto_map=True))
        apps = (contoso.application, northwind.application)
        assert apps[0] is not None and apps[1] is not None
        monkeypatch.setenv("HALO_A_CLIENT_SECRET", apps[0].client_secret)
        monkeypatch.setenv("HALO_B_CLIENT_SECRET", apps[1].client_secret)

        plan_file = out / "plan.json"
        save_plan(plan, plan_file)
        validate_out, validate_err = io.StringIO(), io.StringIO()
        code = run_validate(plan_file, [], True, out=validate_out, err=validate_err)
        assert code in (0, 1), validate_err.getvalue()
        (out / "validate.json").write_text(validate_out.getvalue(), encoding="utf-8")
        check_out, check_err = io.StringIO(), io.StringIO()
        code = run_check_command(plan_file, True, out=check_out, err=check_err)
        assert code == 0, check_out.getvalue() + check_err.getvalue()
        (out / "check.json").write_text(check_out.getvalue(), encoding="utf-8")

        from halo_wizard.report.build import write_plan_report

        pages = write_plan_report(plan, out / "report.pdf")
        assert pages >= 1
        save_plan(plan, plan_file)
        export_plan(plan, out / "exported-plan.json")

        async def snapshot(instance: SimulatedInstance, name: str) -> None:
            app = instance.application
            assert app is not None
            async with HaloClient(instance.url, app.client_id, app.client_secret) as client:
                write_json_atomic(out / f"{name}.snapshot.json", await export_snapshot(client))

        asyncio.run(snapshot(contoso, "contoso"))
        asyncio.run(snapshot(northwind, "northwind"))

        secrets: dict[str, str] = {}
        for instance, side in ((contoso, "customer"), (northwind, "supplier")):
            secrets.update(_application_secrets(instance, side))
        issued = {
            **_profile_secrets(contoso, "customer"),
            **_profile_secrets(northwind, "supplier"),
        }
        secrets.update(issued)
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    secrets.update({f"bearer token {n}": token for n, token in enumerate(issued_tokens, 1)})

    # The search is only worth something if there is something to find.
    assert len(issued) >= 2, "each profile should have issued credentials"
    assert len(issued_tokens) >= 4, "the run should have obtained tokens on both instances"
    assert all(len(s) >= MIN_SECRET_LENGTH for s in secrets.values()), "a secret is too short"
    logs = sorted(paths.log_dir().glob("halo_wizard.log*"))
    assert logs, "no log file written"
    log_text = "".join(p.read_text(encoding="utf-8") for p in logs)
    assert "DEBUG" in log_text and "Saved plan" in log_text, "the log did not record the run"
    files = sorted(out.iterdir()) + logs
    names = {p.name for p in files}
    assert {
        "plan.json",
        "exported-plan.json",
        "report.pdf",
        "contoso.snapshot.json",
        "northwind.snapshot.json",
        "validate.json",
        "check.json",
    } <= names
    assert all(p.stat().st_size > 0 for p in files)

    assert find_secrets(files, secrets) == []
