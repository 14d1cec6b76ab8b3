"""Files that must not be taken (issue 15): a wrong pairing code, an expired, tampered, replayed
or another connection's file, a partner on the same instance, a too-old Halo. Each is refused
with a plain message and exit code 2, and nothing is written: no plan, no change to either
instance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_instances import demo_instances
from setup_assertions import record_counts
from two_party_journey import CODE_LINE, inviter_plan

from halo_wizard import cli
from halo_wizard.commands import accept as accept_command
from halo_wizard.simulator import SimulatedInstance
from halo_wizard.simulator.demo import demo_snapshots


def _app(sim: SimulatedInstance) -> tuple[str, str]:
    assert sim.application is not None
    return sim.application.client_id, sim.application.client_secret


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """Run a command in this process as one admin: their home and their own secret only."""

    def run(
        capsys: pytest.CaptureFixture[str], who: str, secret: tuple[str, str], *args: str
    ) -> tuple[int, str, str]:
        for name in ("HALO_A_CLIENT_SECRET", "HALO_B_CLIENT_SECRET"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HALO_WIZARD_HOME", str(tmp_path / who))
        monkeypatch.setenv("HALO_WIZARD_MEMORY_SECRETS", "1")
        monkeypatch.setenv(*secret)
        code = cli.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def invite(
    admin: Any,
    capsys: pytest.CaptureFixture[str],
    contoso: SimulatedInstance,
    folder: Path,
    name: str,
) -> tuple[Path, str]:
    """Contoso's admin writes an invitation from a new plan: the file and its pairing code."""
    plan, invitation = folder / f"{name}.halowiz.json", folder / f"{name}.halo-invitation"
    inviter_plan(plan, contoso)
    code, out, err = admin(
        capsys,
        "a",
        ("HALO_A_CLIENT_SECRET", _app(contoso)[1]),
        "invite",
        "--plan",
        str(plan),
        "-o",
        str(invitation),
        "--yes",
    )
    assert code == 0, out + err
    (pairing_code,) = CODE_LINE.findall(out)
    return invitation, pairing_code


@pytest.fixture
def invited(
    admin: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, Any]]:
    """Contoso's admin has invited Northwind's: the invitation, its code, both instances."""
    with demo_instances() as pair:
        contoso, northwind = pair
        invitation, pairing_code = invite(admin, capsys, contoso, tmp_path, "to-northwind")
        yield {
            "pair": pair,
            "invitation": invitation,
            "code": pairing_code,
            "counts": (record_counts(contoso), record_counts(northwind)),
        }


def accept(
    admin: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    plan: Path,
    *,
    code: str | None = None,
    url: str | None = None,
    invitation: Path | None = None,
) -> tuple[int, str, str]:
    northwind = invited["pair"][1]
    monkeypatch.setenv("HALO_PAIRING_CODE", code or invited["code"])
    return admin(
        capsys,
        "b",
        ("HALO_B_CLIENT_SECRET", _app(northwind)[1]),
        "accept",
        str(invitation or invited["invitation"]),
        "--plan",
        str(plan),
        "--url",
        url or northwind.url,
        "--client-id",
        _app(northwind)[0],
        "--name",
        "Northwind MSP",
        "--yes",
    )


def assert_nothing_written(invited: dict[str, Any], plan: Path) -> None:
    assert not plan.exists(), "a plan was written for a refused file"
    contoso, northwind = invited["pair"]
    assert (record_counts(contoso), record_counts(northwind)) == invited["counts"]


def _other_code(code: str) -> str:
    first = "A" if code[0] != "A" else "B"
    return first + code[1:]


def test_a_wrong_pairing_code_is_refused_and_nothing_is_written(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    plan = tmp_path / "northwind.halowiz.json"
    code, _out, err = accept(
        admin, capsys, monkeypatch, invited, plan, code=_other_code(invited["code"])
    )
    assert code == 2
    assert "pairing code is wrong" in err and "Traceback" not in err
    assert_nothing_written(invited, plan)


def test_a_changed_file_is_refused_and_nothing_is_written(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    original = json.loads(invited["invitation"].read_text("utf-8"))
    changes = list(_changes(original))
    assert len(changes) >= 8  # every header field and the ciphertext
    for where in changes:
        changed = tmp_path / "changed.halo-invitation"
        changed.write_text(json.dumps(where), "utf-8")
        plan = tmp_path / "northwind.halowiz.json"
        code, _out, err = accept(admin, capsys, monkeypatch, invited, plan, invitation=changed)
        assert code == 2, err
        assert "Traceback" not in err and err.startswith("error: ")
        assert_nothing_written(invited, plan)


def _changes(sealed: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The sealed file with one field of its header or its ciphertext changed."""
    for key, value in sealed.items():
        if isinstance(value, dict):
            for inner, part in value.items():
                if isinstance(part, str) and part:
                    yield {**sealed, key: {**value, inner: _flip(part)}}
        elif isinstance(value, str) and value and key != "format":
            yield {**sealed, key: _flip(value)}


def _flip(text: str) -> str:
    middle = len(text) // 2
    swapped = "B" if text[middle] != "B" else "C"
    return text[:middle] + swapped + text[middle + 1 :]


def test_an_expired_invitation_is_refused_and_says_to_ask_for_a_new_one(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    monkeypatch.setattr(accept_command, "now", lambda: later)
    plan = tmp_path / "northwind.halowiz.json"
    code, _out, err = accept(admin, capsys, monkeypatch, invited, plan)
    assert code == 2
    assert "expired" in err and "new invitation" in err
    assert_nothing_written(invited, plan)


def test_a_partner_on_the_same_instance_is_refused_before_anything_is_written(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    plan = tmp_path / "northwind.halowiz.json"
    contoso = invited["pair"][0]
    code, out, err = accept(admin, capsys, monkeypatch, invited, plan, url=contoso.url)
    assert code == 2, out + err
    assert "same instance" in err or "Both sides point at" in err
    assert_nothing_written(invited, plan)


def test_an_invitation_opened_twice_is_refused_the_second_time(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    plan = tmp_path / "northwind.halowiz.json"
    code, out, err = accept(admin, capsys, monkeypatch, invited, plan)
    assert code == 0, out + err
    before = plan.read_bytes()
    counts = tuple(record_counts(sim) for sim in invited["pair"])
    code, _out, err = accept(admin, capsys, monkeypatch, invited, plan)
    assert code == 2
    assert "already" in err
    assert plan.read_bytes() == before
    assert tuple(record_counts(sim) for sim in invited["pair"]) == counts


def test_another_connections_file_is_refused(
    admin: Any,
    capsys: Any,
    monkeypatch: pytest.MonkeyPatch,
    invited: dict[str, Any],
    tmp_path: Path,
) -> None:
    # Northwind accepts the invitation, then is handed a second invitation from another plan.
    plan = tmp_path / "northwind.halowiz.json"
    code, out, err = accept(admin, capsys, monkeypatch, invited, plan)
    assert code == 0, out + err
    contoso = invited["pair"][0]
    other, other_code = invite(admin, capsys, contoso, tmp_path, "another-connection")
    before = plan.read_bytes()
    code, _out, err = accept(
        admin, capsys, monkeypatch, invited, plan, code=other_code, invitation=other
    )
    assert code == 2
    assert "another connection" in err
    assert plan.read_bytes() == before


def test_a_too_old_halo_on_the_partners_side_is_refused_before_anything_is_written(
    admin: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    snapshots = demo_snapshots()
    snapshots[1]["instanceinfo"]["app_version"] = "2.170.4"
    with demo_instances(snapshots=snapshots) as pair:
        contoso, northwind = pair
        invitation, pairing_code = invite(admin, capsys, contoso, tmp_path, "to-northwind")
        invited = {
            "pair": pair,
            "invitation": invitation,
            "code": pairing_code,
            "counts": (record_counts(contoso), record_counts(northwind)),
        }
        plan = tmp_path / "northwind.halowiz.json"
        code, out, err = accept(admin, capsys, monkeypatch, invited, plan)
        assert code == 2, out + err
        assert "2.170.4" in err and "too old" in err
        assert_nothing_written(invited, plan)
