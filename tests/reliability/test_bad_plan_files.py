"""`halo-wizard apply` on a plan file that is damaged, cut off, empty or from a newer version:
a clear message, exit code 2, and the file kept (a backup beside it, the original untouched)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD_PLANS: dict[str, bytes] = {
    "corrupt": b'{"customer": {"name": "Contoso", "base_url": ]]] not json',
    "truncated": b'{"format": "halo-wizard-plan", "format_version": 1, "customer": {"na',
    "empty": b"",
    "only-whitespace": b"  \n\t\n",
    "not-utf8": b"\xff\xfe\x00{\x00}",
    "future-version": b'{"format": "halo-wizard-plan", "format_version": 999, "customer": {}}',
}


@pytest.mark.parametrize("content", list(BAD_PLANS.values()), ids=list(BAD_PLANS))
def test_a_bad_plan_file_is_refused_clearly_and_kept(content: bytes, tmp_path: Path) -> None:
    plan = tmp_path / "plan.halowiz.json"
    plan.write_bytes(content)
    env = {**os.environ, "HALO_WIZARD_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [sys.executable, "-m", "halo_wizard", "apply", "--plan", str(plan), "--yes"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.startswith("error: ") and str(plan) in message
    assert plan.read_bytes() == content, "the original file must be left as it was"
    if content.strip():  # an empty file has nothing worth a copy
        backups = list(tmp_path.glob("plan.halowiz.json.backup-*"))
        assert len(backups) == 1 and backups[0].read_bytes() == content
        assert str(backups[0]) in message
