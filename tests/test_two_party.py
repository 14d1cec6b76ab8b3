"""Two organisations, two admins (issue 15), on the engine: each side set up by its own admin with
only its own instance's admin credentials, joined by what their files carry; both instances end
up record for record as the one-admin path leaves them, whichever side invites."""

from __future__ import annotations

import asyncio

import pytest
from demo_instances import demo_instances
from demo_setup import set_up
from setup_assertions import assert_setup_complete
from two_party_journey import comparable, same_records, two_party_journey

from halo_wizard.plan.model import Side


@pytest.mark.parametrize("inviter", [Side.CUSTOMER, Side.SUPPLIER])
def test_two_admins_leave_both_instances_as_one_admin_does(inviter: Side) -> None:
    with demo_instances() as one:
        asyncio.run(set_up(*one, auto_map=True))
        expected = comparable(one)
    with demo_instances() as two:
        asyncio.run(two_party_journey(*two, inviter))
        assert_setup_complete(
            *two, supplier_profile_name="Northwind MSP", customer_profile_name="Contoso"
        )
        found = comparable(two)
    same_records(expected, found)
