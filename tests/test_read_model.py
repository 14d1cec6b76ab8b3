"""The read model answers each question of an action once, and every part asks it there."""

from __future__ import annotations

from typing import Any

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, MappingRow, ProfileMappings, Side
from halo_wizard.rules import context
from halo_wizard.rules.inputs import CheckInput
from halo_wizard.simulator.demo import demo_snapshots
from halo_wizard.steps import end_to_end, read_model
from halo_wizard.steps.configuration import InstanceConfig
from halo_wizard.steps.end_to_end.instance import Instance
from halo_wizard.steps.unknowns import SYNC_1_SUPPLIER


def _action(**settings: Any) -> dict[str, Any]:
    return {"id": 5, C.OUTCOME_NAME: "Note", **settings}


def test_the_rules_ask_the_read_models_questions() -> None:
    for name in ("sends_email", "sends_to_other", "may_sync", "is_hidden", "sends_back"):
        assert getattr(context, name) is getattr(read_model, name)
    assert context.SOMEWHERE == read_model.SOMEWHERE


def test_what_an_action_sends_and_where() -> None:
    assert read_model.sends_email(_action(sendemail=C.SENDEMAIL_YES))
    assert not read_model.sends_email(_action(sendemail=C.SENDEMAIL_NO))
    assert read_model.sends_email(_action(sendemail=True))
    note = _action(**{C.SYNC_TO_HALO: 1})
    # Before the instance has shown its numbering, a number sends somewhere: it counts.
    assert read_model.sync_party(note, None) == read_model.SOMEWHERE
    assert read_model.sends_to_other(note, Side.CUSTOMER, None)
    assert read_model.sends_to_other(note, Side.CUSTOMER, SYNC_1_SUPPLIER)
    assert not read_model.sends_to_other(note, Side.SUPPLIER, SYNC_1_SUPPLIER)
    log = _action(**{C.OUTCOME_SYSTEM_ID: C.SYSTEMID_LOG_TO_SUPPLIER, C.SYNC_TO_HALO: 1})
    assert not read_model.may_sync(log, Side.CUSTOMER, None)  # it creates the ticket instead
    hidden = _action(**{C.OUTCOME_HIDE_FROM_USER: True, C.SYNC_TO_HALO: 2})
    assert not read_model.sends_back(hidden, Side.SUPPLIER, SYNC_1_SUPPLIER)
    assert read_model.closes(_action(**{C.OUTCOME_NEW_STATUS: C.CLOSED_STATUS_ID}))
    assert not read_model.closes(_action(**{C.OUTCOME_NEW_STATUS: 1}))


def _config(**records: list[dict[str, Any]]) -> InstanceConfig:
    return InstanceConfig(Side.CUSTOMER, "Contoso", dict(records))


def test_what_a_ticket_type_allows() -> None:
    workflow = {"id": 3, C.WORKFLOW_STEPS: [{C.WORKFLOW_STEP_ACTIONS: [{"action_id": 5}]}]}
    thin = {"id": 4, "name": "read without its details"}
    model = read_model.InstanceModel(_config(Workflow=[workflow, thin]))
    assert model.allowed({C.TICKET_TYPE_WORKFLOW_ID: 3}, 5) is True
    assert model.allowed({C.TICKET_TYPE_WORKFLOW_ID: 3}, 6) is False
    assert model.allowed({C.TICKET_TYPE_WORKFLOW_ID: 4}, 5) is None  # cannot be seen
    assert model.allowed({}, 5) is None
    restricted = {
        C.TICKET_TYPE_WORKFLOW_ID: 3,
        C.TICKET_TYPE_ALLOW_ALL_ACTIONS: False,
        C.TICKET_TYPE_ALLOWED_ACTIONS: [{C.ALLOWED_ACTION_ID: 7}],
    }
    assert model.allowed(restricted, 5) is False


def test_what_an_update_arrives_as() -> None:
    mappings = ProfileMappings(default_action=9)
    mappings.set_rows([MappingRow(MappingKind.ACTION, 5, local_id=8)])
    assert read_model.arrives_as(mappings, 5) == (8, "mapping")
    assert read_model.arrives_as(mappings, 6) == (9, "default")
    assert read_model.arrives_as(None, 5) == (None, "")


def test_the_end_to_end_test_reads_through_the_read_model() -> None:
    instance = Instance(Side.CUSTOMER, "Contoso", client=None)  # type: ignore[arg-type]
    note = _action(**{C.SYNC_TO_HALO: 2})
    instance.take({"Outcome": [note], "Status": [{"id": 9}]}, {}, "Supplier", None, None)
    assert instance.outcomes == {5: note}
    assert instance.sends_toward_other(note)  # before the numbering is shown: any number
    instance.sync = SYNC_1_SUPPLIER
    assert instance.model.sync_answer == SYNC_1_SUPPLIER
    assert not instance.sends_toward_other(note)  # 2 is Customer: not toward the supplier
    assert instance.closed(9) and not instance.closed(1)
    assert end_to_end.Instance is Instance


def test_a_ticket_types_allowed_actions_are_its_workflows_that_its_list_lets_on() -> None:
    workflow = {
        "id": 3,
        C.WORKFLOW_STEPS: [{C.WORKFLOW_STEP_ACTIONS: [{"action_id": 5}, {"action_id": 6}]}],
        C.WORKFLOW_ALWAYS_ALLOWED: [{"id": 8}],
    }
    model = read_model.InstanceModel(_config(Workflow=[workflow, {"id": 4}]))
    listed = {C.TICKET_TYPE_ALLOW_ALL_ACTIONS: False, C.TICKET_TYPE_ALLOWED_ACTIONS: []}
    listed[C.TICKET_TYPE_ALLOWED_ACTIONS] = [{C.ALLOWED_ACTION_ID: 6}, {C.ALLOWED_ACTION_ID: 9}]
    assert model.allowed_actions({C.TICKET_TYPE_WORKFLOW_ID: 3}) == {5, 6, 8}
    assert model.allowed_actions({C.TICKET_TYPE_WORKFLOW_ID: 3, **listed}) == {6}
    assert model.allowed_actions({C.TICKET_TYPE_WORKFLOW_ID: 0}) == read_model.ANY_ACTION
    assert model.allowed_actions({C.TICKET_TYPE_WORKFLOW_ID: 0, **listed}) == {6, 9}
    assert model.allowed_actions({C.TICKET_TYPE_WORKFLOW_ID: 4}) is None  # steps unseen
    assert model.allowed_actions({"id": 1}) is None  # a list row without its details


def test_counting_refusals_agrees_with_listing_them_for_every_action() -> None:
    customer, supplier = demo_snapshots(3)
    # One ticket type of each side without its details: counted as unseen, never as refusing.
    for snapshot in (customer, supplier):
        thin = snapshot["records"]["TicketType"][0]
        thin.pop(C.TICKET_TYPE_WORKFLOW_ID)
    rules = context.Context(CheckInput.from_snapshots(customer, supplier))
    compared = 0
    for side in Side:
        refusing = 0
        for action_id in rules.actions(side):
            refused, unknown = rules.not_allowed_on(side, action_id)
            assert rules.refused_count(side, action_id) == len(refused), (side, action_id)
            assert unknown, "the thin ticket type is unseen"
            refusing += bool(refused)
            compared += 1
        assert refusing, f"no action of {side} is refused anywhere: the comparison proves little"
    assert compared > 100
