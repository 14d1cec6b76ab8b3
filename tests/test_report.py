"""The mapping report PDF: every mapping row and finding is in it, rows are never cut across
pages, a table never starts at a page's foot with fewer than three rows and its headers break
only between words, it has page numbers and sign-off lines, and no secret appears in it. It
claims only what ran: "Nothing found" only for a check made on this very configuration."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from report_plans import auto_mapped_plan

from halo_wizard.plan.freshness import stamp, store_check_result
from halo_wizard.plan.model import (
    JOURNEY_STEPS,
    ActionCheck,
    ActionSettings,
    MappingKind,
    MappingOrigin,
    Plan,
    StepId,
    StepStatus,
)
from halo_wizard.plan.overview import row_of
from halo_wizard.plan.store import PlanFile, load_plan, save_plan
from halo_wizard.report.build import LAST_CHECK_KEY, last_findings, write_plan_report
from halo_wizard.report.content import build_content
from halo_wizard.report.pdf import KEEP_ROWS, fit_widths
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
    plan.action_check = ActionCheck(FINDINGS, checked_at="2026-11-22T10:00:00+00:00")
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
    # The contents on the cover name the page each section starts on (and every heading is drawn).
    titles = [s.title for s in build_content(demo_plan, findings=last_findings(demo_plan)).sections]
    assert {"The connection", "Action check findings", "Sign-off"} <= set(titles)
    for number, title in enumerate(titles, start=1):
        heading = re.compile(rf"(?<!\d){number} ?\. {re.escape(title)}")  # "1 . The ..." too
        page_no = next(
            (i for i, p in enumerate(pages, start=1) if heading.search(p) and i > 1), None
        )
        assert page_no is not None, f"the heading '{number}. {title}' is on no page"
        assert f"{number}. {title} {page_no}" in pages[0], title


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
    # The overview shows the report as made, for this configuration (as the window's export).
    kept = load_plan(plan_file)
    assert kept.step(StepId.REPORT).status is StepStatus.DONE
    assert kept.updated_at == demo_plan.updated_at  # only the step was written
    report = row_of(PlanFile(kept.id, plan_file, kept)).report
    assert report is not None and report.made and report.stale is None
    _change_a_mapping(kept)
    changed = row_of(PlanFile(kept.id, plan_file, kept)).report
    assert changed is not None and changed.stale is not None


def test_report_command_says_when_the_plan_cannot_be_marked(
    demo_plan: Plan,
    tmp_path: Path,
    qapp: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The report is written; a plan file that cannot be written back is said, not raised."""
    import argparse

    import halo_wizard.plan.store as store
    from halo_wizard.commands import report as report_command

    plan_file = tmp_path / "plan.json"
    save_plan(demo_plan, plan_file)
    before = plan_file.read_bytes()

    def refused(*_args: Any, **_kwargs: Any) -> Plan:
        raise PermissionError(13, "Permission denied", str(plan_file))

    monkeypatch.setattr(store, "update_plan", refused)
    monkeypatch.setattr(store, "save_plan", refused)
    out = tmp_path / "report.pdf"
    args = argparse.Namespace(plan=plan_file, output=out, page_size="A4")
    assert report_command.run(args) == 0
    said = capsys.readouterr()
    assert out.is_file() and "pages" in said.out
    assert f"the plan file {plan_file} was not marked as reported" in said.err
    assert plan_file.read_bytes() == before


def test_report_command_keeps_what_was_saved_while_it_wrote(
    demo_plan: Plan, tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves the plan while the report is written: their change stays, and the step is
    marked in the file as they left it."""
    import argparse

    import halo_wizard.report.build as build
    from halo_wizard.commands import report as report_command

    plan_file = tmp_path / "plan.json"
    save_plan(demo_plan, plan_file)
    write = build.write_plan_report

    def write_while_saved(plan: Plan, path: Path, **kwargs: Any) -> int:
        pages = write(plan, path, **kwargs)
        meanwhile = load_plan(plan_file)
        meanwhile.name = "Renamed meanwhile"
        save_plan(meanwhile, plan_file)
        return pages

    monkeypatch.setattr(build, "write_plan_report", write_while_saved)
    args = argparse.Namespace(plan=plan_file, output=tmp_path / "r.pdf", page_size="A4")
    assert report_command.run(args) == 0
    kept = load_plan(plan_file)
    assert kept.name == "Renamed meanwhile"
    assert kept.step(StepId.REPORT).status is StepStatus.DONE


# ---- What the report claims: only what ran, on this configuration ------------------------------


def _section(plan: Plan, anchor: str) -> Any:
    content = build_content(plan, findings=last_findings(plan), e2e=plan.e2e)
    return next(s for s in content.sections if s.anchor == anchor)


def _change_a_mapping(plan: Plan) -> None:
    mappings = plan.customer_profile_mappings
    rows = [r for r in mappings.rows_of(MappingKind.STATUS) if r.mapped]
    other = next(r for r in rows if r.local_id != rows[0].local_id)
    mappings.set_row(MappingKind.STATUS, rows[0].remote_id, local_id=other.local_id)


def test_a_check_that_never_ran_is_not_run_never_nothing_found() -> None:
    plan = auto_mapped_plan(1)
    text = " ".join(_section(plan, "findings").paragraphs)
    assert text.startswith("Not run") and "nothing" not in text.replace("no claim", "")
    assert _section(plan, "findings").tables[0][0] == "Confirmed by hand"  # no findings table
    assert " ".join(_section(plan, "e2e").paragraphs).startswith("Not run")


def test_nothing_found_only_on_this_very_fingerprint_and_stale_after_a_change() -> None:
    plan = auto_mapped_plan(1)
    store_check_result(plan, [], blocking=0, checked_at="2026-12-01T10:00:00+00:00")
    plan.e2e = stamp(plan, {"started": True, "finished_at": "2026-12-01T11:00:00+00:00"})
    old = plan.fingerprint()
    text = " ".join(_section(plan, "findings").paragraphs)
    assert text.startswith("Nothing found") and old[:16] in text
    assert " ".join(_section(plan, "e2e").paragraphs).startswith("Run on 2026-12-01 11:00 UTC")
    _change_a_mapping(plan)
    text = " ".join(_section(plan, "findings").paragraphs)
    assert text.startswith("Stale") and old[:16] in text and "2026-12-01 10:00 UTC" in text
    assert "Nothing found" not in text and "the mappings changed" in text
    caption = _section(plan, "findings").tables[0][0]
    assert caption == f"Findings (stale: for configuration {old[:16]})"
    e2e = " ".join(_section(plan, "e2e").paragraphs)
    assert e2e.startswith("Stale") and old[:16] in e2e


def test_a_check_of_unknown_configuration_is_not_called_current() -> None:
    plan = auto_mapped_plan(1)
    plan.action_check = ActionCheck([], checked_at="2026-11-22T10:00:00+00:00")
    text = " ".join(_section(plan, "findings").paragraphs)
    assert text.startswith("Not confirmed for this configuration") and "Nothing found" not in text


def test_a_skipped_step_and_its_reason_are_in_the_pdf(tmp_path: Path, qapp: object) -> None:
    plan = auto_mapped_plan(1)
    for step in JOURNEY_STEPS:
        if step < StepId.END_TO_END:
            plan.mark_step(step, StepStatus.DONE)
    plan.mark_step(StepId.END_TO_END, StepStatus.SKIPPED, "tested by hand with Northwind")
    _change_a_mapping(plan)
    path = tmp_path / "skipped.pdf"
    write_plan_report(plan, path)
    connection = next(p for p in _pages(path) if "Steps of the set-up" in p)
    assert "10. End-to-end test Skipped" in connection
    assert "tested by hand with Northwind" in connection
    assert "7. Mappings Done (stale)" in connection
    e2e = next(p for p in _pages(path) if "End-to-end test Not run" in p)
    assert "The administrator skipped it: tested by hand with Northwind." in e2e


def test_a_table_never_starts_at_a_page_foot_with_fewer_than_three_rows(
    demo_plan: Plan, tmp_path: Path, qapp: object
) -> None:
    path = tmp_path / "report.pdf"
    write_plan_report(demo_plan, path)
    pages = _pages(path)
    content = build_content(demo_plan, findings=last_findings(demo_plan), e2e=demo_plan.e2e)
    cursor, checked = 0, 0
    for section in content.sections:
        for caption, table in section.tables:
            if not table.rows or len(table.headers) < 2:
                continue
            start = next(i for i in range(cursor, len(pages)) if caption in pages[i])
            for row in table.rows[:KEEP_ROWS]:
                cells = " ".join(" ".join(cell.split()) for cell in row[:2])
                assert cells in pages[start], f"{caption!r}: row {cells!r} not on page {start + 1}"
            cursor, checked = start, checked + 1
    assert checked > 10


def test_table_headers_break_only_between_words(
    demo_plan: Plan, tmp_path: Path, qapp: object
) -> None:
    path = tmp_path / "report.pdf"
    write_plan_report(demo_plan, path)
    words = set(" ".join(_pages(path)).split())
    content = build_content(demo_plan, findings=last_findings(demo_plan), e2e=demo_plan.e2e)
    headers = {h for s in content.sections for _, t in s.tables if t.rows for h in t.headers}
    assert "Authenticated" in headers
    for header in headers:
        for word in header.split():
            assert word in words, f"header word {word!r} split or missing"


def test_fit_widths_gives_each_header_word_its_room() -> None:
    widths = fit_widths(("Profile", "Authenticated", "Note"), (70, 10, 20), (8.0, 16.0, 6.0))
    assert sum(widths) == 100 and widths[1] >= 16
    assert widths[0] > widths[2]  # taken from the widest first


def test_the_path_draws_the_note_email_and_closing_steps_from_the_plan() -> None:
    plan = auto_mapped_plan(1)
    hops = _section(plan, "path").diagram
    assert [h.role for h in hops] == ["Escalate", "Note", "Note", "E-mail", "Closing", "Closing"]
    # The demo maps no e-mail or closing action: drawn as missing and said in the text.
    assert [h.missing for h in hops[3:]] == [True, True, True]
    assert "Not mapped" in " ".join(_section(plan, "path").paragraphs)
    # Map the supplier's indirect e-mail to Contoso's e-mail action, and its closing action.
    into_customer = plan.supplier_profile_mappings
    into_customer.set_row(
        MappingKind.ACTION, 900, remote_name="Indirect email", local_id=4, local_name="Email User"
    )
    into_customer.set_row(
        MappingKind.ACTION, 901, remote_name="Resolve third party", local_id=31, local_name="Done"
    )
    plan.action_settings = ActionSettings.from_dict(
        {"customer": {"4": {"sendemail": 1}}, "supplier": {}}
    )
    hops = _section(plan, "path").diagram
    email, closing = hops[3], hops[4]
    assert (email.action, email.arrives_as, email.missing) == (
        "Indirect email",
        "Email User",
        False,
    )
    assert (closing.action, closing.missing) == ("Resolve third party", False)


def test_actions_halo_wizard_created_are_set_by_halo_wizard_not_admin() -> None:
    from rules_fixtures import correct_pair

    from halo_wizard.steps.recommend import INDIRECT_EMAIL_NAME

    plan = correct_pair().plan  # every recommendation of the action check accepted
    sections = [s for s in build_content(plan).sections if s.anchor.startswith("mappings-")]
    rows = [
        row
        for s in sections
        for caption, t in s.tables
        if caption.startswith("Actions")
        for row in t.rows
    ]
    created = [row for row in rows if INDIRECT_EMAIL_NAME in row[:2]]
    assert created and all(row[2] == "halo_wizard" for row in created)
    assert any(row[2] == "auto-map" for row in rows)  # the others keep who set them


def test_set_by_names_an_accepted_suggestion_apart_from_auto_map_and_the_admin() -> None:
    plan = auto_mapped_plan(1)
    into_supplier = DIRECTIONS[0]
    assert into_supplier.receiver.value == "supplier"
    statuses = into_supplier.mappings(plan).rows_of(MappingKind.STATUS)
    suggestion = next(r for r in statuses if r.origin is MappingOrigin.SUGGESTED)
    suggestion.origin = MappingOrigin.ACCEPTED
    chosen = next(r for r in statuses if r.origin is MappingOrigin.AUTO)
    chosen.origin = MappingOrigin.MANUAL
    section = _section(plan, "mappings-supplier")
    table = next(t for caption, t in section.tables if caption.startswith("Statuses"))
    set_by = {(row[0], row[1]): row[2] for row in table.rows}
    assert set_by[(suggestion.remote_name, suggestion.local_name)] == "accepted suggestion"
    assert set_by[(chosen.remote_name, chosen.local_name)] == "admin"
    assert "auto-map" in set_by.values()
    assert "accepted suggestion (a near match the admin accepted)" in " ".join(section.paragraphs)
