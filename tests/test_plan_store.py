"""Tests of plan files: atomic saves, damaged and foreign files, the folder, export, secrets."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from halo_wizard import atomic as atomic_module
from halo_wizard.plan import (
    PLAN_SUFFIX,
    InstancePlan,
    MappingKind,
    Plan,
    PlanError,
    PlanFileError,
    PlanStore,
    SecretLeakError,
    Side,
    StepId,
    StepStatus,
    assert_no_secrets,
    export_plan,
    import_plan,
    load_plan,
    migrate,
    save_plan,
)
from halo_wizard.plan import model as model_module
from halo_wizard.plan import store as store_module

BACKUP_NAME = re.compile(r".+\.backup-\d{8}T\d{6}Z(-\d+)?$")


def make_plan(customer: str = "Contoso", supplier: str = "Northwind MSP") -> Plan:
    plan = Plan.new(
        "",
        InstancePlan(customer, "https://contoso.haloitsm.com", client_id="cid-a"),
        InstancePlan(supplier, "https://northwind.halopsa.com", client_id="cid-b"),
    )
    plan.supplier_profile_mappings.set_row(MappingKind.STATUS, 1, remote_name="New", local_id=2)
    return plan


def backups_of(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.backup-*"))


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Make save times predictable: each save takes the next time from the list."""
    times = [f"2026-09-0{day}T09:00:00+00:00" for day in range(1, 10)]
    given: list[str] = []

    def next_time() -> str:
        given.append(times[len(given)])
        return given[-1]

    monkeypatch.setattr(store_module, "utc_now_iso", next_time)
    yield given


# ---- Saving --------------------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path: Path, clock: list[str]) -> None:
    plan = make_plan()
    path = tmp_path / "plans" / "a.halowiz.json"
    save_plan(plan, path)
    assert plan.updated_at == clock[-1]
    loaded = load_plan(path)
    assert loaded == plan
    assert loaded.fingerprint() == plan.fingerprint()


def test_saved_file_is_pretty_sorted_utf8(tmp_path: Path) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    save_plan(plan, path)
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert "→" in text  # written as UTF-8, not escaped
    assert text == json.dumps(plan.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert b"\r\n" not in raw


def test_save_leaves_no_temp_files(tmp_path: Path) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    for _ in range(3):
        save_plan(plan, path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.halowiz.json"]


def test_crash_while_writing_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    save_plan(plan, path)
    before = path.read_bytes()
    updated_before = plan.updated_at
    plan.supplier_profile_mappings.set_row(MappingKind.STATUS, 9, local_id=9)

    def crash(fd: int) -> None:  # the temp file holds the new text, not yet on disk
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(atomic_module.os, "fsync", crash)
    with pytest.raises(RuntimeError, match="disk on fire"):
        save_plan(plan, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.halowiz.json"]
    assert plan.updated_at == updated_before


def test_failed_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    save_plan(plan, path)
    before = path.read_bytes()

    def refuse(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_module, "_replace", refuse)
    with pytest.raises(OSError, match="No space left"):
        save_plan(plan, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.halowiz.json"]


def test_save_refuses_a_plan_it_could_not_read_back(tmp_path: Path) -> None:
    plan = make_plan()
    plan.customer.base_url = "not an address"
    path = tmp_path / "a.halowiz.json"
    with pytest.raises(PlanError, match=r"^plan\.customer\.base_url: "):
        save_plan(plan, path)
    assert not path.exists()


def test_save_refuses_a_known_secret(tmp_path: Path) -> None:
    secret = "kj3#Lq-0secret-value"
    plan = make_plan()
    plan.customer.login_agent = f"pasted {secret} here by mistake"
    path = tmp_path / "a.halowiz.json"
    with pytest.raises(SecretLeakError) as caught:
        save_plan(plan, path, secrets=[secret, ""])
    assert secret not in str(caught.value)
    assert caught.value.field == "plan.customer.login_agent"
    assert list(tmp_path.iterdir()) == []


# ---- Loading -------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.halowiz.json"
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert caught.value.problem == "missing"
    assert "does not exist" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def _valid_bytes() -> bytes:
    return (json.dumps(make_plan().to_dict(), indent=2) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        pytest.param(b"", "it is empty", id="empty"),
        pytest.param(b"  \n\t", "it is empty", id="blank"),
        pytest.param(_valid_bytes()[:300], "not valid JSON at line", id="truncated"),
        pytest.param(b'{"customer": {"name": "x",}', "not valid JSON at line 1", id="not-json"),
        pytest.param(b"\xff\xfe\x00garbage", "not UTF-8", id="not-text"),
    ],
)
def test_damaged_file_is_backed_up_and_left_alone(
    tmp_path: Path, content: bytes, detail: str
) -> None:
    path = tmp_path / "a.halowiz.json"
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    error = caught.value
    message = str(error)
    assert error.problem == "damaged"
    assert f"The plan file {path} is damaged (" in message
    assert detail in message
    assert error.backup is not None
    assert f"A copy was kept at {error.backup}; open the copy in a text editor" in message
    assert BACKUP_NAME.match(error.backup.name)
    assert error.backup.parent == tmp_path
    assert error.backup.read_bytes() == content
    assert path.read_bytes() == content


def test_truncated_file_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.halowiz.json"
    content = _valid_bytes()
    cut = content[: content.index(b'"supplier"')]
    path.write_bytes(cut)
    line = cut.decode().count("\n") + 1
    with pytest.raises(PlanFileError, match=rf"not valid JSON at line {line}\)"):
        load_plan(path)


def test_loading_a_damaged_file_twice_keeps_one_copy(tmp_path: Path) -> None:
    path = tmp_path / "a.halowiz.json"
    path.write_bytes(b"{")
    for _ in range(2):
        with pytest.raises(PlanFileError):
            load_plan(path)
    assert len(backups_of(path)) == 1
    path.write_bytes(b"{{")  # different damage, a second copy
    with pytest.raises(PlanFileError):
        load_plan(path)
    assert len(backups_of(path)) == 2


def test_damaged_file_in_a_read_only_folder_says_no_copy_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.halowiz.json"
    path.write_bytes(b"{")

    def no_room(path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_module, "_backup_name", no_room)
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert caught.value.backup is None
    assert "No copy could be kept (permission denied)" in str(caught.value)
    assert path.read_bytes() == b"{"


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        pytest.param(b"[1, 2]", "holds no JSON object", id="list"),
        pytest.param(b'{"hello": "world"}', "no format and no instances", id="other-json"),
        pytest.param(
            b'{"format": "halo-snapshot/1", "records": {}}', "'halo-snapshot/1'", id="snapshot"
        ),
    ],
)
def test_not_a_plan(tmp_path: Path, content: bytes, shown: str) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert caught.value.problem == "not_a_plan"
    assert "is not a halo_wizard plan" in str(caught.value)
    assert shown in str(caught.value)
    assert path.read_bytes() == content
    assert backups_of(path) == []


def test_newer_format_is_refused_with_a_copy(tmp_path: Path) -> None:
    data = make_plan().to_dict()
    data["format_version"] = 3
    data["something_new"] = {"a": 1}
    content = json.dumps(data).encode()
    path = tmp_path / "a.halowiz.json"
    path.write_bytes(content)
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    message = str(caught.value)
    assert caught.value.problem == "newer"
    assert (
        "made by a newer halo_wizard (format 3; this version reads up to 1): update halo_wizard"
        in message
    )
    assert caught.value.backup is not None
    assert caught.value.backup.read_bytes() == content
    assert f"A copy was kept at {caught.value.backup}" in message
    assert path.read_bytes() == content


def test_invalid_field_in_file_names_the_field(tmp_path: Path) -> None:
    data = make_plan().to_dict()
    data["customer"]["base_url"] = 42
    path = tmp_path / "a.halowiz.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert caught.value.problem == "invalid"
    assert caught.value.field == "plan.customer.base_url"
    assert "plan.customer.base_url: expected text, found a number" in str(caught.value)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(plan.to_dict()).encode("utf-8"))
    assert load_plan(path) == plan


def test_migrations_run_one_format_at_a_time() -> None:
    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "trail": ["1->2"]}

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        return {**data, "trail": [*data["trail"], "2->3"]}

    result = migrate(
        {"format_version": 1}, 1, target=3, migrations={1: one_to_two, 2: two_to_three}
    )
    assert result == {"format_version": 3, "trail": ["1->2", "2->3"]}
    with pytest.raises(PlanError, match="format 2 is too old"):
        migrate({"format_version": 1}, 1, target=3, migrations={1: one_to_two})


def test_older_format_is_migrated_on_load_with_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = make_plan()
    path = tmp_path / "a.halowiz.json"
    save_plan(plan, path)
    content = path.read_bytes()

    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        data["renamed_by_migration"] = data.pop("permissions_risk_accepted")
        return data

    # Pretend this program reads format 2 and knows how to bring format 1 up to it.
    monkeypatch.setattr(store_module, "PLAN_FORMAT_VERSION", 2)
    monkeypatch.setattr(model_module, "PLAN_FORMAT_VERSION", 2)
    monkeypatch.setattr(store_module, "_MIGRATIONS", {1: one_to_two})
    loaded = load_plan(path)
    assert loaded.format_version == 2
    assert loaded.extra == {"renamed_by_migration": False}
    assert path.read_bytes() == content
    assert [b.read_bytes() for b in backups_of(path)] == [content]


# ---- The plan folder -----------------------------------------------------------------------------


def test_store_create_list_open_delete(tmp_path: Path, clock: list[str]) -> None:
    store = PlanStore(tmp_path / "plans")
    assert store.list() == []
    first = store.create("", *_instances("Contoso", "Northwind MSP"))
    second = store.create("Fabrikam → Northwind MSP", *_instances("Fabrikam", "Northwind MSP"))
    second.mark_step(StepId.PROFILES, StepStatus.DONE)
    second.mark_step(StepId.CREDENTIAL_SWAP, StepStatus.CURRENT, "waiting for the MSP")
    store.save(second)

    summaries = store.list()
    assert [s.id for s in summaries] == [second.id, first.id]  # most recent first
    assert summaries[0].line == "Fabrikam → Northwind MSP · step 5 of 11"
    assert summaries[0].current_step is StepId.CREDENTIAL_SWAP
    assert summaries[0].updated_at == clock[-1]
    assert summaries[1].line == "Contoso → Northwind MSP · step 1 of 11"
    assert summaries[1].path == tmp_path / "plans" / f"{first.id}{PLAN_SUFFIX}"
    assert all(s.ok for s in summaries)

    assert store.open(first.id) == first

    trashed = store.delete(first.id)
    assert trashed.parent == tmp_path / "plans" / "trash"
    assert load_plan(trashed) == first
    assert [s.id for s in store.list()] == [second.id]
    with pytest.raises(PlanFileError) as caught:
        store.open(first.id)
    assert caught.value.problem == "missing"
    with pytest.raises(PlanFileError, match="may already be deleted"):
        store.delete(first.id)


def _instances(customer: str, supplier: str) -> tuple[InstancePlan, InstancePlan]:
    return (
        InstancePlan(customer, f"https://{customer.lower()}.haloitsm.com", client_id="a"),
        InstancePlan(supplier, "https://northwind.halopsa.com", client_id="b"),
    )


def test_store_lists_damaged_files_without_raising_or_copying(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    good = store.create("", *_instances("Contoso", "Northwind MSP"))
    (tmp_path / f"broken{PLAN_SUFFIX}").write_bytes(b'{"customer": ')
    future = make_plan().to_dict()
    future["format_version"] = 9
    (tmp_path / f"future{PLAN_SUFFIX}").write_text(json.dumps(future), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a plan file name")
    (tmp_path / f".{good.id}{PLAN_SUFFIX}.abc.tmp").write_text("left by a crash")

    summaries = store.list()
    assert [s.id for s in summaries] == [good.id, "broken", "future"]
    broken, newer = summaries[1], summaries[2]
    assert broken.error is not None and "is damaged (not valid JSON at line 1)" in broken.error
    assert newer.error is not None and "update halo_wizard" in newer.error
    assert broken.kind is None and broken.current_step is None
    assert not any(p.name.count(".backup-") for p in tmp_path.iterdir())
    # Opening it is what keeps the copy.
    with pytest.raises(PlanFileError) as caught:
        store.open("broken")
    assert caught.value.backup is not None and caught.value.backup.exists()


def test_store_file_name_is_the_id(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    original = store.create("", *_instances("Contoso", "Northwind MSP"))
    original_bytes = store.path_for(original.id).read_bytes()
    copy_path = tmp_path / f"handcopy{PLAN_SUFFIX}"
    copy_path.write_bytes(original_bytes)

    assert sorted(s.id for s in store.list()) == sorted([original.id, "handcopy"])
    copied = store.open("handcopy")
    assert copied.id == "handcopy"
    copied.name = "Changed copy"
    store.save(copied)
    assert store.path_for(original.id).read_bytes() == original_bytes


def test_store_rejects_ids_that_leave_the_folder(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    for bad in ("../outside", "a/b", "", "x" * 65):
        with pytest.raises(PlanError):
            store.path_for(bad)


def test_delete_twice_with_the_same_name_keeps_both(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = store.create("", *_instances("Contoso", "Northwind MSP"))
    first = store.delete(plan.id)
    store.save(plan)
    second = store.delete(plan.id)
    assert first != second
    assert first.exists() and second.exists()


# ---- Export and import ---------------------------------------------------------------------------


def test_export_clears_keychain_names_and_test_results(tmp_path: Path) -> None:
    plan = make_plan()
    plan.customer.last_tested = "2026-09-01T09:00:00+00:00"
    plan.customer_profile.last_authenticated = "2026-09-01T09:10:00+00:00"
    plan.customer_profile.authenticated = True
    before = plan.to_dict()
    path = tmp_path / "for-the-msp.halowiz.json"
    export_plan(plan, path)

    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["customer"]["secret_key"] == ""
    assert data["supplier"]["secret_key"] == ""
    assert data["customer"]["last_tested"] is None
    assert data["customer_profile"]["last_authenticated"] is None
    assert data["customer_profile"]["authenticated"] is None
    assert data["id"] == plan.id
    assert plan.to_dict() == before  # the original plan is untouched

    imported = import_plan(path)
    assert imported.id != plan.id
    assert imported.customer.secret_key == ""
    assert imported.secret_key_for(Side.CUSTOMER) == f"plan-{imported.id}-customer"
    assert imported.fingerprint() == plan.fingerprint()
    assert imported.supplier_profile_mappings == plan.supplier_profile_mappings


def test_import_of_a_plan_that_was_not_exported_still_clears(tmp_path: Path) -> None:
    plan = make_plan()
    path = tmp_path / "p.halowiz.json"
    save_plan(plan, path)
    imported = import_plan(path)
    assert imported.id != plan.id
    assert imported.supplier.secret_key == ""


# ---- Secrets guard -------------------------------------------------------------------------------


SECRET = "s3cr3t-9f8e7d6c5b4a"


@pytest.mark.parametrize(
    ("data", "where"),
    [
        pytest.param({"a": SECRET}, "plan.a", id="value"),
        pytest.param(
            {"a": [{"b": {"c": ["x", f"prefix {SECRET} suffix"]}}]}, "plan.a[0].b.c[1]", id="nested"
        ),
        pytest.param({"a": {"ok": {f"x{SECRET}": {"y": 1}}}}, "plan.a.ok (a field name)", id="key"),
    ],
)
def test_assert_no_secrets_finds_a_secret_anywhere(data: Any, where: str) -> None:
    with pytest.raises(SecretLeakError) as caught:
        assert_no_secrets(data, ["unrelated", SECRET])
    assert caught.value.field == where
    assert str(caught.value).startswith(f"A secret was found at {where}; nothing was written.")
    assert SECRET not in str(caught.value)


def test_assert_no_secrets_error_never_shows_a_secret_in_a_value() -> None:
    with pytest.raises(SecretLeakError) as caught:
        assert_no_secrets({"x": {"y": SECRET}}, [SECRET])
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value)


def test_assert_no_secrets_in_a_plan() -> None:
    plan = make_plan()
    assert_no_secrets(plan, [SECRET])  # nothing to find
    plan.extra["later"] = {"deep": [{"deeper": f"x{SECRET}"}]}
    with pytest.raises(SecretLeakError, match=r"plan\.later\.deep\[0\]\.deeper"):
        assert_no_secrets(plan, [SECRET])


def test_assert_no_secrets_sees_numbers_and_escaped_text() -> None:
    with pytest.raises(SecretLeakError):
        assert_no_secrets({"n": 12345678901234}, ["12345678901234"])
    tricky = 'quote"back\\slash-é'
    with pytest.raises(SecretLeakError):
        assert_no_secrets({"note": f"-{tricky}-"}, [tricky])


def test_assert_no_secrets_ignores_empty_secrets() -> None:
    assert_no_secrets({"a": "anything"}, ["", "   "])
    assert_no_secrets({"a": "anything"}, [])


# ---- Background saves (the window's) ---------------------------------------------------------


def test_background_save_writes_what_the_plan_held_when_submitted(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = make_plan()
    plan.name = "As submitted"
    future = store.save_in_background(plan)
    plan.name = "Changed afterwards, not saved yet"
    assert future.result(timeout=60) == store.path_for(plan.id)
    assert load_plan(store.path_for(plan.id)).name == "As submitted"


def test_background_saves_of_one_plan_end_with_the_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    store = PlanStore(tmp_path)
    plan = make_plan()
    written: list[str] = []
    real = store_module.write_text_atomic
    gate = threading.Event()

    def write(path: Path, text: str, **kwargs: Any) -> None:
        gate.wait(60)  # hold the worker until every save is submitted
        written.append(json.loads(text)["name"])
        real(path, text, **kwargs)

    monkeypatch.setattr(store_module, "write_text_atomic", write)
    futures = []
    for number in range(1, 6):
        plan.name = f"Version {number}"
        futures.append(store.save_in_background(plan))
    gate.set()
    assert store.flush(timeout=60)
    assert all(f.done() and f.exception() is None for f in futures)
    assert written[-1] == "Version 5"
    assert len(written) <= 2  # the first may be under way already; the others give way
    assert load_plan(store.path_for(plan.id)).name == "Version 5"


def test_a_background_save_that_finds_a_secret_writes_nothing(tmp_path: Path) -> None:
    store = PlanStore(tmp_path)
    plan = make_plan()
    store.save(plan)
    before = store.path_for(plan.id).read_bytes()
    plan.name = "pasted s3cr3t-value by mistake"
    future = store.save_in_background(plan, secrets=["s3cr3t-value"])
    assert isinstance(future.exception(timeout=60), SecretLeakError)
    assert store.path_for(plan.id).read_bytes() == before


def test_a_save_now_waits_for_the_background_save_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    store = PlanStore(tmp_path)
    plan = make_plan()
    real_write_text = store_module.write_text_atomic
    real_write_json = store_module.write_json_atomic
    real_flush = store.flush
    gate = threading.Event()
    order: list[str] = []

    def write_text(path: Path, text: str, **kwargs: Any) -> None:  # the background save's
        gate.wait(60)  # under way until the save now asks for it
        order.append(json.loads(text)["name"])
        real_write_text(path, text, **kwargs)

    def write_json(path: Path, data: Any, **kwargs: Any) -> None:  # the save now's
        order.append(data["name"])
        real_write_json(path, data, **kwargs)

    def flush(timeout: float | None = None) -> bool:
        gate.set()
        return real_flush(timeout)

    monkeypatch.setattr(store_module, "write_text_atomic", write_text)
    monkeypatch.setattr(store_module, "write_json_atomic", write_json)
    monkeypatch.setattr(store, "flush", flush)
    plan.name = "In the background"
    store.save_in_background(plan)
    plan.name = "Now"
    store.save(plan)
    assert order == ["In the background", "Now"]
    assert load_plan(store.path_for(plan.id)).name == "Now"


def test_a_background_save_writes_the_same_text_as_a_save_now(tmp_path: Path) -> None:
    plan = make_plan()
    plan.name = 'Ünïcode → names, and a "quote"'
    for number in range(3 * store_module.POLITE_PIECES // 10):  # enough pieces to step aside
        plan.supplier_profile_mappings.set_row(
            MappingKind.ACTION, 1000 + number, remote_name=f"Action {number}", local_id=number
        )
    now, later = tmp_path / "now", tmp_path / "later"
    now.mkdir()
    later.mkdir()
    PlanStore(now).save(plan)
    stamped = plan.updated_at
    store = PlanStore(later)
    store.save_in_background(plan).result(timeout=60)
    written = store.path_for(plan.id).read_text(encoding="utf-8")
    # Only the plan's own stamp differs (the top level's; created_at or a step's stamp may hold
    # the same second, and stay as they are).
    assert written == (now / store.path_for(plan.id).name).read_text(encoding="utf-8").replace(
        f'\n  "updated_at": "{stamped}"', f'\n  "updated_at": "{plan.updated_at}"'
    )
