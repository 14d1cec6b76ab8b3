"""`halo-wizard overview [--csv FILE] [--pdf FILE] [--json]` as an admin runs it: the overview of
the plan folder from what the plans hold, written where asked; a file that cannot be written is
said in words, never as a traceback, and nothing is half written."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from overview_plans import Case, write_folder
from pypdf import PdfReader


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    path = tmp_path_factory.mktemp("home")
    return path, write_folder(path / "data" / "plans")


def halo_wizard(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HALO_")}
    env.update(HALO_WIZARD_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "halo_wizard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_the_overview_is_printed_and_written_as_csv_and_pdf(
    home: tuple[Path, list[Case]], tmp_path: Path
) -> None:
    folder, cases = home
    csv_path, pdf_path = tmp_path / "out" / "overview.csv", tmp_path / "out" / "overview.pdf"
    done = halo_wizard(folder, "overview", "--csv", str(csv_path), "--pdf", str(pdf_path))
    assert done.returncode == 0, done.stderr
    for case in cases:
        assert case.name in done.stdout
    assert f"{len(cases)} connection(s)" in done.stdout
    assert "Open the plan and fix 2 drifts" in done.stdout
    assert f"wrote {pdf_path} (1 page)" in done.stderr
    table = list(csv.reader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert len(table) == len(cases) + 1 and table[0][0] == "Plan"
    assert len(PdfReader(pdf_path).pages) == 1
    assert "Traceback" not in done.stderr


def test_the_overview_as_json(home: tuple[Path, list[Case]]) -> None:
    folder, cases = home
    done = halo_wizard(folder, "overview", "--json")
    assert done.returncode == 0, done.stderr
    found = {row["Plan"]: row for row in json.loads(done.stdout)}
    assert len(found) == len(cases)
    assert found["Cedar Logistics → Northwind MSP"]["next_kind"] == "fix_drift"
    assert found["damaged.halowiz.json"]["next_kind"] == "fix_file"


def test_a_folder_that_cannot_take_the_file_is_said_in_words(
    home: tuple[Path, list[Case]], tmp_path: Path
) -> None:
    folder, _ = home
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    done = halo_wizard(folder, "overview", "--pdf", str(blocker / "overview.pdf"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "is a file, not a folder" in done.stderr
    assert "Traceback" not in done.stderr
    done = halo_wizard(folder, "overview", "--csv", str(tmp_path))
    assert done.returncode == 2 and "is a folder" in done.stderr
    assert done.stdout == ""  # refused before any work
    same = tmp_path / "same"
    done = halo_wizard(folder, "overview", "--csv", str(same), "--pdf", str(same))
    assert done.returncode == 2 and "different names" in done.stderr
    assert not same.exists()


def test_the_exports_need_every_plan(home: tuple[Path, list[Case]], tmp_path: Path) -> None:
    folder, cases = home
    plan = next(c.plan for c in cases if c.plan is not None)
    assert plan is not None
    path = folder / "data" / "plans" / f"{plan.id}.halowiz.json"
    done = halo_wizard(folder, "check", "--plan", str(path), "--csv", str(tmp_path / "x.csv"))
    assert done.returncode == 2 and "use them with --all" in done.stderr
    assert not (tmp_path / "x.csv").exists()
