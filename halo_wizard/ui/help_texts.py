"""What each step is for, in plain words for a Halo admin (Help > Help on this step)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from halo_wizard.plan.model import StepId


def _t(text: str) -> str:
    return QCoreApplication.translate("help", text)


def help_text(step: StepId | None) -> str:
    """The help for `step` (None: the list of plans), as simple rich text."""
    texts = {
        None: _t(
            "<p>A <b>plan</b> holds everything about one connection between two Halo instances: "
            "the addresses, the profiles, the mappings and how far you got. It is saved as you "
            "go, so you can close the window and carry on later.</p>"
            "<p>Open a plan to continue it, or start a new one. Client secrets are never "
            "written into a plan file; they stay in this computer's keychain.</p>"
        ),
        StepId.INSTANCES: _t(
            "<p>Enter both Halo instances: the <b>customer</b> (the one that sends tickets) and "
            "the <b>supplier</b> (the one that works them). Paste the address you open Halo "
            "with; the API and authorisation addresses and the tenant are worked out for "
            "you.</p><p>Each side needs an API application with the authentication method "
            "'Client ID and Secret (Services)', login type 'Agent' and the permission 'all'. "
            "'Test connection' signs in and checks that the version supports ticket sync "
            "(2.184 or later).</p>"
        ),
        StepId.PERMISSIONS: _t(
            "<p>Before anything is written, the wizard proves on both sides that its API "
            "application can read and change everything the later steps touch. Each missing "
            "permission is listed with the screen in Halo where you grant it.</p><p>Nothing is "
            "changed by this check: reads are reads, and each write sends back a record "
            "unchanged.</p>"
        ),
        StepId.SUPPLIERS_MODULE: _t(
            "<p>Ticket sync between instances uses Halo's <b>Suppliers</b> module, in both "
            "instances. This step shows whether it is on and, if not, turns it on after you "
            "confirm (Configuration &gt; Modules).</p>"
        ),
        StepId.PROFILES: _t(
            "<p>Each side gets a profile for the other: a <b>supplier profile</b> in the "
            "customer's instance and a <b>customer profile</b> in the supplier's instance. The "
            "wizard finds them by name or creates them, and turns on their API access, which "
            "issues the credentials the other side will use.</p>"
        ),
        StepId.CREDENTIAL_SWAP: _t(
            "<p>Each profile's issued Client ID and Secret are copied into the other "
            "instance's profile, together with the other side's API address, authorisation "
            "address and tenant. Then 'Authenticate connection' is run on both sides and the "
            "result shown. Secrets are never displayed or logged.</p>"
        ),
        StepId.AGENTS: _t(
            "<p>The customer's agents become <b>end users</b> under the customer profile in "
            "the supplier's instance, matched by e-mail, so that their updates arrive under "
            "their own names. You see who will be created, who is already there and who is "
            "skipped (no e-mail, disabled, API agents) before anything is written.</p>"
        ),
        StepId.MAPPINGS: _t(
            "<p>For each direction, match the sending side's statuses, categories, fields, "
            "actions and ticket types to the receiving side's. Auto-map fills what matches by "
            "name; highlighted rows need your choice. Defaults catch anything unmapped. "
            "Nothing is written until you choose 'Write these changes'.</p>"
        ),
        StepId.ACTION_CHECK: _t(
            "<p>Checks every documented rule for actions on both instances (which actions "
            "sync, to which side, with what settings) and says, for each finding, the screen "
            "and the setting to change. Missing recommended actions can be created in one "
            "click.</p>"
        ),
        StepId.REVIEW_APPLY: _t(
            "<p>Every change to each instance is listed before it is written, then applied with "
            "progress. It is safe to run again: what is already there is left alone, and a run "
            "stopped halfway carries on where it stopped.</p>"
        ),
        StepId.END_TO_END: _t(
            "<p>Runs the worked example for real with a tagged test ticket: escalate, a note "
            "each way, an indirect e-mail, resolve. Each hop shows its result and time; the "
            "test records are removed afterwards.</p>"
        ),
        StepId.REPORT: _t(
            "<p>Writes a PDF both parties can read and sign: the instances, every mapping in "
            "both directions, the findings, the end-to-end result and a fingerprint of the "
            "configuration.</p>"
        ),
    }
    return texts.get(step, texts[None])
