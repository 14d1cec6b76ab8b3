"""`halo-wizard overview [--csv FILE] [--pdf FILE] [--json]`: every connection of this machine
from what its plan holds (no instance is asked): authenticated each way, the last drift check, the
last end-to-end test, the report, and what needs doing next. `halo-wizard check --all` checks
every plan first and can write the same files.

Exit codes: 0 the overview was printed (and written), 2 it could not be (a file or folder that
cannot be written, said in words)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from halo_wizard.commands._session import say_line

if TYPE_CHECKING:
    from halo_wizard.plan.overview import OverviewRow
    from halo_wizard.plan.store import PlanStore


def run(args: argparse.Namespace) -> int:
    return run_overview(args.json, csv_path=args.csv, pdf_path=args.pdf)


def run_overview(
    as_json: bool,
    *,
    csv_path: Path | None = None,
    pdf_path: Path | None = None,
    plans_folder: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print the overview of the plans folder (text or JSON) and write the files asked for."""
    from halo_wizard.paths import plans_dir
    from halo_wizard.plan.overview import read_overview
    from halo_wizard.plan.store import PlanStore

    out = out or sys.stdout
    err = err or sys.stderr
    folder = plans_folder or plans_dir()
    check_outputs(csv_path, pdf_path)
    store = PlanStore(folder)
    rows = read_overview(store)
    if as_json:
        json.dump([_as_dict(row) for row in rows], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        _print(rows, folder, out)
    export_overview(store, csv_path, pdf_path, err, rows)
    return 0


def check_outputs(csv_path: Path | None, pdf_path: Path | None) -> None:
    """Before any work: each file asked for can be written (FileProblem, in words, otherwise)."""
    from halo_wizard.files import FileProblem, check_output

    for path, what in ((csv_path, "overview CSV"), (pdf_path, "overview PDF")):
        if path is not None:
            check_output(path, what)
    if csv_path is not None and pdf_path is not None and Path(csv_path) == Path(pdf_path):
        raise FileProblem(
            f"--csv and --pdf both name {csv_path}.", "Give the two files different names."
        )


def export_overview(
    store: PlanStore,
    csv_path: Path | None,
    pdf_path: Path | None,
    err: TextIO,
    rows: Sequence[OverviewRow] | None = None,
) -> None:
    """Write the overview of `store` as CSV and/or PDF (read again unless `rows` are given)."""
    if csv_path is None and pdf_path is None:
        return
    from halo_wizard.plan.overview import read_overview, write_csv

    rows = read_overview(store) if rows is None else rows
    if csv_path is not None:
        write_csv(rows, csv_path)
        say_line(f"wrote {csv_path} ({len(rows)} connection(s))", err)
    if pdf_path is not None:
        from halo_wizard.report.build import ensure_gui_application
        from halo_wizard.report.overview import write_overview_pdf

        ensure_gui_application()
        pages = write_overview_pdf(rows, pdf_path, folder=store.directory)
        say_line(f"wrote {pdf_path} ({pages} page{'s' if pages != 1 else ''})", err)


def _as_dict(row: OverviewRow) -> dict[str, object]:
    from halo_wizard.plan.overview import CSV_COLUMNS, csv_cells

    data: dict[str, object] = dict(zip(CSV_COLUMNS, csv_cells(row), strict=True))
    data["next_kind"] = row.next.kind.value
    data["plan_id"] = row.plan_id
    return data


def _print(rows: Sequence[OverviewRow], folder: Path, out: TextIO) -> None:
    from halo_wizard.plan.overview import NextKind, drift_words, e2e_words

    if not rows:
        say_line(f"No plans in {folder}.", out)
        return
    width = min(48, max(len(row.name) for row in rows))
    for row in rows:
        name = row.name if len(row.name) <= width else row.name[: width - 1] + "…"
        if row.ok:
            state = f"drift: {drift_words(row.drift)}; test: {e2e_words(row.e2e)}"
        else:
            state = "cannot be opened"
        say_line(f"{name:<{width}}  {state}  →  {row.next.text}", out)
    attention = sum(1 for row in rows if row.next.kind is not NextKind.NOTHING)
    say_line(f"{len(rows)} connection(s), {attention} with something to do.", out)
