"""Render a report PDF's pages to PNG (needs pdftoppm from poppler-utils).

Run: python scripts/report_pages.py report.pdf OUT_DIR [--dpi 80] [--pages 1,3]
With no PDF given (`--demo`), writes the demo plan's report first.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf", type=Path, nargs="?")
    parser.add_argument("out", type=Path, nargs="?", default=Path("report-pages"))
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--pages", default="", help="comma-separated page numbers (default all)")
    parser.add_argument("--demo", action="store_true", help="render the demo plan's report")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: install poppler-utils", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    pdf = args.pdf
    if args.demo or pdf is None:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from report_plans import auto_mapped_plan

        from halo_wizard.report.build import write_plan_report

        pdf = args.out / "demo-report.pdf"
        write_plan_report(auto_mapped_plan(1), pdf)
    wanted = [int(p) for p in args.pages.split(",") if p.strip()] or [0]
    for page in wanted:
        command = ["pdftoppm", "-png", "-r", str(args.dpi)]
        if page:
            command += ["-f", str(page), "-l", str(page)]
        subprocess.run([*command, str(pdf), str(args.out / "page")], check=True)
    for png in sorted(args.out.glob("page-*.png")):
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
