"""Files and folders the admin names that cannot be used: a missing, empty, cut-off or damaged
snapshot, one of another format, a folder where a file belongs, halo_wizard's own folder on a
file. Each gets one line that says what to fix, exit code 2, no traceback and nothing left
behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from halo_wizard import cli
from halo_wizard.api import constants as C
from halo_wizard.files import FileProblem, check_folder, check_output, read_json


def said(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def no_traceback(text: str) -> None:
    assert "Traceback" not in text
    assert "Error:" not in text.replace("error:", "")  # no Python exception names
    assert "(str)" not in text and "Errno" not in text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "does not exist"),
        ("", "is empty"),
        ("   \n", "is empty"),
        ('{"format": "halo-snapshot/1", "records":', "ends before it is complete (line 1"),
        ('{"format": "halo-snapshot/1", x}', "is damaged (line 1, column 31)"),
        ('{"format": "halo-snapshot/7", "records": {}}', "is a halo-snapshot/7 snapshot"),
        ('{"records": {}}', "names no format"),
        ("[1, 2]", "is not a snapshot"),
        (f'{{"format": "{C.SNAPSHOT_FORMAT}", "records": []}}', "holds no records"),
        (
            f'{{"format": "{C.SNAPSHOT_FORMAT}", "records": {{"Outcome": "Email User"}}}}',
            "records.Outcome is text, not a list of records",
        ),
        (
            f'{{"format": "{C.SNAPSHOT_FORMAT}", "records": {{"Status": [{{"id": 1}}, 7]}}}}',
            "records.Status[1] is a number, not a record",
        ),
    ],
)
def test_a_snapshot_that_cannot_be_used_is_named_with_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    path = tmp_path / "contoso.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, text = said(capsys, ["simulate", "--snapshot", str(path)])
    assert code == 2
    assert expected in text
    assert str(path) in text
    no_traceback(text)


def test_a_folder_given_as_a_snapshot_or_as_an_output_file_is_said_to_be_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, text = said(capsys, ["simulate", "--snapshot", str(folder)])
    assert code == 2 and "is a folder, not a snapshot file" in text
    no_traceback(text)
    code, text = said(
        capsys,
        ["snapshot", "--url", "https://127.0.0.1:1", "--client-id", "x", "-o", str(folder)],
    )
    assert code == 2 and "is a folder: the snapshot needs a file name" in text
    no_traceback(text)
    assert list(folder.iterdir()) == [], "nothing is left in the folder"


def test_two_snapshots_for_validate_say_which_one_is_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": C.SNAPSHOT_FORMAT, "records": {}}), encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text('{"format": "halo-snapshot/1", "rec', encoding="utf-8")
    code, text = said(capsys, ["validate", "--snapshot", str(good), "--snapshot", str(cut)])
    assert code == 2
    assert f"The snapshot {cut} ends before it is complete" in text
    assert str(good) not in text
    no_traceback(text)


def test_halo_wizards_own_folder_on_a_file_is_said_with_the_variable_to_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "home-is-a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("HALO_WIZARD_HOME", str(blocker))
    code, text = said(capsys, ["report", "--plan", str(tmp_path / "p.json"), "-o", "r.pdf"])
    assert code == 2
    assert f"HALO_WIZARD_HOME={blocker}" in text
    assert "a part of the path is a file, not a folder" in text
    assert "Set HALO_WIZARD_HOME to a folder you can write to" in text
    no_traceback(text)


def test_an_output_or_plan_folder_that_cannot_be_made_is_refused_before_any_work(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        check_output(blocker / "report.pdf", "report")
    assert f"({blocker}) is a file, not a folder" in str(caught.value)
    assert "Choose a folder you can write to" in str(caught.value)
    with pytest.raises(FileProblem):
        check_folder(blocker / "plans", "the plan's folder")
    writable = check_folder(tmp_path / "new" / "plans", "the plan's folder")
    assert writable.is_dir() and list(writable.iterdir()) == [], "the probe leaves nothing"


def test_a_file_larger_than_any_snapshot_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b"[" + b"0," * 600 + b"0]")
    with pytest.raises(FileProblem) as caught:
        read_json(path, "snapshot", limit=1000)
    assert "more than a snapshot can be" in caught.value.message
    assert read_json(path, "snapshot", limit=10_000)[0] == 0
