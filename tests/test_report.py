"""The mapping report PDF: every mapping row and finding is in it, rows are never cut across
pages, it has page numbers and sign-off lines, and no secret appears in it."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_plans import auto_mapped_plan

from halo_wizard.plan.model import Plan
from halo_wizard.plan.store import save_plan
from halo_wizard.report.build import LAST_CHECK_KEY, write_plan_report
from halo_wizard.steps.mappings import DIRECTIONS

FINDINGS = [
    {
        "rule": "R8",
        "severity": "error",
        "instance": "Contoso",
        "record": "Email User",
        "message": "An e-mail action is mapped to an e-mail action, so the sync times out.",
        "fix": "Map Email User to a note action in the customer profile's action mappings.",
    },
    {
        "rule": "R17",
        "severity": "warning",
        "instance": "Northwind MSP",
        "record": "Add Note",
        "message": "AI note improvement is on without an HTML-only prompt.",
        "fix": "Edit the action's AI prompt to return only HTML with no markdown.",
    },
]


def _pages(path: Path) -> list[str]:
    """Each page's text, whitespace collapsed and ligatures (ﬁ, ﬃ) unfolded as PDF search does."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in PdfReader(path).pages
    ]


def _assert_every_row_whole(plan: Plan, pages: list[str]) -> int:
    """Each mapped row's two names stand on one page: no row is cut across pages."""
    checked = 0
    for direction in DIRECTIONS:
        for row in direction.mappings(plan).rows:
            if not row.mapped:
                continue
            pair = f"{' '.join(row.remote_name.split())} {' '.join(row.local_name.split())}"
            assert any(pair in page for page in pages), f"row {pair!r} missing or cut"
            checked += 1
    return checked


@pytest.fixture(scope="module")
def demo_plan() -> Plan:
    plan = auto_mapped_plan(1)
    plan.extra[LAST_CHECK_KEY] = {"checked_at": "2026-11-22T10:00:00+00:00", "findings": FINDINGS}
    return plan


def test_demo_report_holds_every_mapping_row_and_finding(
    demo_plan: Plan, tmp_path: Path, qapp: object
) -> None:
    path = tmp_path / "report.pdf"
    pages_written = write_plan_report(demo_plan, path)
    pages = _pages(path)
    assert len(pages) == pages_written >= 6
    assert _assert_every_row_whole(demo_plan, pages) > 100
    text = " ".join(pages)
    for finding in FINDINGS:
        assert " ".join(finding["message"].split()) in text
        assert finding["fix"].split()[0] in text
    assert demo_plan.fingerprint() in text.replace(" ", "")
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "For the customer" in pages[-1] and "For the supplier" in pages[-1]
    assert "Signature" in pages[-1]
    # Header repeated on every page after the cover.
    assert all("Ticket sync mapping report" in page for page in pages[1:])


def test_letter_size_and_contents_page_numbers(
    demo_plan: Plan, tmp_path: Path, qapp: object
) -> None:
    path = tmp_path / "letter.pdf"
    write_plan_report(demo_plan, path, page_size="Letter")
    reader = PdfReader(path)
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (612, 792)
    pages = _pages(path)
    # The contents on the cover name the page each section starts on.
    for title in ("The connection", "Action check findings", "Sign-off"):
        page_no = next(i for i, p in enumerate(pages, start=1) if f". {title}" in p and i > 1)
        assert f"{title} {page_no}" in pages[0], title


def test_scale_20_report_holds_every_row(tmp_path: Path, qapp: object) -> None:
    plan = auto_mapped_plan(20)
    path = tmp_path / "big.pdf"
    write_plan_report(plan, path)
    pages = _pages(path)
    assert _assert_every_row_whole(plan, pages) > 2000
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_report_command_writes_the_pdf(demo_plan: Plan, tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.json"
    save_plan(demo_plan, plan_file)
    out = tmp_path / "out" / "report.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "report", "--plan", str(plan_file), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**__import__("os").environ, "HALO_WIZARD_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 0, result.stderr
    assert "pages" in result.stdout
    assert _pages(out)[0].startswith("Ticket sync mapping report")
    assert json.loads(plan_file.read_text(encoding="utf-8"))[LAST_CHECK_KEY]["findings"]
