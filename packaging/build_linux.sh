#!/usr/bin/env bash
# Build the Linux bundle (PyInstaller, one folder) in a fresh virtual environment, then run its
# smoke test offscreen and print its size. Usage: bash packaging/build_linux.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet . "pyinstaller>=6.10"
"$work/venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath dist --workpath "$work/build" packaging/halo_wizard.spec
bundle=dist/halo_wizard
report="$work/smoke-report.pdf"
HALO_WIZARD_HOME="$work/home" QT_QPA_PLATFORM=offscreen \
    "$bundle/halo_wizard" --smoke-test "$report"
test -s "$report"
echo "bundle: $bundle, $(du -sh "$bundle" | cut -f1) on disk, $(find "$bundle" -type f | wc -l) files"
echo "smoke test passed: window built, demo report written ($(stat -c %s "$report") bytes)"
