"""Step 10, the end-to-end test: its result (result), what Halo's guide says of a failed hop
(troubleshooting), what it reads of each instance and the actions it picks (instance), the run
itself (run). The names importers use are re-exported here."""

from __future__ import annotations

from halo_wizard.steps.end_to_end.instance import (
    Instance,
    SupplierActions,
    choose_customer_note,
    choose_log_action,
    choose_supplier_actions,
)
from halo_wizard.steps.end_to_end.result import (
    NOT_DEFAULT_YET,
    RESULT_FORMAT,
    SET_DEFAULTS,
    CleanupStep,
    ConfirmStart,
    E2EPreview,
    E2EResult,
    E2ESettings,
    Explanation,
    Hop,
    HopStatus,
    format_result,
    in_halo_footer,
)
from halo_wizard.steps.end_to_end.run import (
    HOP_NAMES,
    TAG_PREFIX,
    TEST_EMAIL_DOMAIN,
    _record,
)
from halo_wizard.steps.end_to_end.start import run_end_to_end
from halo_wizard.steps.end_to_end.troubleshooting import (
    CREDENTIALS,
    LOOP,
    MISSING_ACTION,
    NO_ACCESS,
    NOT_CLOSED,
    NOT_EMAILED,
    NOT_SET_UP,
    NOT_SYNCED,
    REFUSED,
    ROWS,
    SUPPLIER_REF,
    TIMEOUT,
    WRONG_CUSTOMER,
    classify_error,
    explain,
)

__all__ = [
    "CREDENTIALS",
    "HOP_NAMES",
    "LOOP",
    "MISSING_ACTION",
    "NOT_CLOSED",
    "NOT_DEFAULT_YET",
    "NOT_EMAILED",
    "NOT_SET_UP",
    "NOT_SYNCED",
    "NO_ACCESS",
    "REFUSED",
    "RESULT_FORMAT",
    "ROWS",
    "SET_DEFAULTS",
    "SUPPLIER_REF",
    "TAG_PREFIX",
    "TEST_EMAIL_DOMAIN",
    "TIMEOUT",
    "WRONG_CUSTOMER",
    "CleanupStep",
    "ConfirmStart",
    "E2EPreview",
    "E2EResult",
    "E2ESettings",
    "Explanation",
    "Hop",
    "HopStatus",
    "Instance",
    "SupplierActions",
    "_record",
    "choose_customer_note",
    "choose_log_action",
    "choose_supplier_actions",
    "classify_error",
    "explain",
    "format_result",
    "in_halo_footer",
    "run_end_to_end",
]
