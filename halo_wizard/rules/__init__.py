"""The action check (step 8): every documented rule of ticket sync, checked on both instances."""

from halo_wizard.rules.inputs import CheckInput
from halo_wizard.rules.model import Finding, Locator, Outcome, Severity
from halo_wizard.rules.rules import RULES, Rule, check, has_blocking, rule_by_id
from halo_wizard.steps.configuration import InstanceConfig

__all__ = [
    "RULES",
    "CheckInput",
    "Finding",
    "InstanceConfig",
    "Locator",
    "Outcome",
    "Rule",
    "Severity",
    "check",
    "has_blocking",
    "rule_by_id",
]
