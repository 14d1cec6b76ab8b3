"""What each step is for, beyond the words under its title (Help > Help on this step, F1).

A help text adds what the page's subtitle does not say: what to have ready, what the buttons do,
what happens when something goes wrong. A button of the window is written in double quotes
(“Test connection”) and must exist on its page (a test checks it); Halo's own screens and
settings are written in single quotes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from halo_wizard.journey import StepId


def _t(text: str) -> str:
    return QCoreApplication.translate("help", text)


def help_text(step: StepId | None, linked: bool = False) -> str:
    """The help for `step` (None: the list of plans), as simple rich text; `linked` for a plan
    that shares a ticket list (connected instances), whose steps 2 to 5 are its own."""
    if linked and step in _linked_steps():
        return _linked_texts()[step]
    texts = _texts()
    return texts.get(step, texts[None])


def _linked_steps() -> tuple[StepId, ...]:
    return (StepId.PERMISSIONS, StepId.SUPPLIERS_MODULE, StepId.PROFILES, StepId.CREDENTIAL_SWAP)


def _texts() -> dict[StepId | None, str]:
    return {
        None: _t(
            "<p>A <b>plan</b> holds everything about one connection between two Halo instances: "
            "the addresses, the profiles, the mappings and how far you got. It is saved as you "
            "go, so you can close the window and carry on later.</p>"
            "<p>“Open” continues the plan selected; “New plan” starts one for ticket sync and "
            "“New shared ticket list” one for a ticket list shown in another instance. "
            "“Import plan…” reads a plan file another admin exported. Client secrets are never "
            "written into a plan file; they stay in this computer's keychain.</p>"
        ),
        StepId.INSTANCES: _t(
            "<p>The <b>customer</b> (left) is the instance tickets are escalated from; the "
            "<b>supplier</b> (right) receives and works them.</p>"
            "<p><b>Have ready</b> for each instance: an API application created in Halo "
            "('Configuration &gt; Integrations &gt; Halo API &gt; View Applications') with the "
            "authentication method 'Client ID and Secret (Services)', login type 'Agent' and "
            "the permission 'all'. Its Client Secret is shown only once, when you create it; "
            "the guide at the bottom of the page walks through it.</p>"
            "<p>“Test connection” signs in, reads the product and version (2.184 or later is "
            "needed for ticket sync) and then checks, read-only, what the wizard assumes about "
            "Halo; “Probe details…” shows each answer. “⇄ Swap roles” changes which instance "
            "sends tickets; when later steps already hold results it asks first.</p>"
        ),
        StepId.PERMISSIONS: _t(
            "<p>Each missing permission is listed with the screen in Halo where you grant it, "
            "usually the API application's 'Permissions' tab or the agent it signs in as. "
            "Grant it in Halo, then press “Check again”.</p><p>If you cannot grant something "
            "now, tick “Go on anyway with the listed risk” to continue; a later step that needs "
            "it may then fail, and says why.</p>"
        ),
        StepId.SUPPLIERS_MODULE: _t(
            "<p>“Write these changes” turns the module on where it is off, after you have seen "
            "what will change. If the wizard may not change the configuration, turn it on "
            "yourself in Halo and press “I have made these changes: check again”.</p>"
        ),
        StepId.PROFILES: _t(
            "<p>The profile names default to the instance names; an existing supplier or "
            "customer of that name is used rather than a second one created. If the record is "
            "called slightly differently in Halo, pick it from the suggestions.</p>"
            "<p>Turning on API access is what makes Halo issue the credentials the next step "
            "copies to the other side. Nothing is created until you press “Write these "
            "changes”.</p>"
        ),
        StepId.CREDENTIAL_SWAP: _t(
            "<p>Secrets are never displayed unless you press “Show”, and never logged. When "
            "the API does not hand out a profile's issued secret, open that profile's 'API "
            "Access' tab in Halo, copy the secret, paste it here and press “Use this "
            "secret”.</p><p>“Authenticate connection” can only work once “Write these "
            "changes” has put the values into both profiles. A failure names what Halo "
            "refused; fix it on the side named and authenticate again.</p>"
        ),
        StepId.AGENTS: _t(
            "<p>Agents without an e-mail address, disabled agents and API-only agents are "
            "skipped; “Include disabled agents” adds the disabled ones. Select rows and press "
            "“Leave out / include selected” to leave someone out; the choice is kept in the "
            "plan.</p><p>Type in the search box or choose an outcome to narrow the list. Nothing "
            "is created until you press “Write these changes”.</p>"
        ),
        StepId.MAPPINGS: _t(
            "<p>“Auto-map” fills what matches by name; near matches wait as suggestions until "
            "you accept them (“Accept suggestions” accepts all but the pairs Halo's guide warns "
            "against, which stay for you to decide) or choose otherwise. Defaults catch "
            "anything left unmapped. The arrows ↶ and ↷ (Ctrl+Z, Ctrl+Shift+Z) step through "
            "your changes.</p>"
            "<p>Fields may only join fields of the same type, and summary should map to "
            "summary. “Review and write…” shows every change before “Write mappings” "
            "writes it.</p>"
        ),
        StepId.ACTION_CHECK: _t(
            "<p>Errors stop the sync from working, warnings are what Halo's guide recommends, "
            "notes are guidance. “Show me” opens the mapping a finding is about; “Create "
            "these” creates the recommended actions that are missing.</p><p>What the API cannot "
            "see is marked 'confirm by hand': check it in Halo, then press “Confirm…”; your "
            "confirmation goes into the report. After a change in Halo, “Done in Halo: read it "
            "back” or “Re-check” checks again.</p>"
        ),
        StepId.REVIEW_APPLY: _t(
            "<p>Most changes are written in the step they belong to; this list is what is "
            "still missing, for example after a step was skipped or an instance was changed by "
            "hand. When the list is empty, both instances already hold the plan and there is "
            "nothing to press.</p><p>It is safe to run again: what is already there is left "
            "alone, and “Apply” after a stop carries on where it stopped.</p>"
        ),
        StepId.END_TO_END: _t(
            "<p>“Check and preview” lists what the test will create before anything is sent. "
            "“Start the test” runs it; the test ticket is tagged so it cannot be mistaken for "
            "real work. “Skip for now” goes on without it; the step stays marked as needing "
            "attention.</p><p>A hop that fails names the action and the setting that stopped "
            "it.</p>"
        ),
        StepId.REPORT: _t(
            "<p>“Export PDF…” saves the report; “Export plan…” saves the plan as a file "
            "another admin can import (without secrets, keychain names or test results).</p>"
            "<p>“Check for drift” compares the plan with both instances as they are now, for "
            "example months later, and lists what has changed since.</p>"
        ),
    }


def _linked_texts() -> dict[StepId, str]:
    return {
        StepId.PERMISSIONS: _t(
            "<p>In instance A, open 'Configuration &gt; Integrations &gt; Halo API &gt; View "
            "Applications' and create an application for B with 'Client ID and Secret "
            "(Services)'. Copy its secret when Halo shows it; it is shown once.</p><p>“Verify” "
            "signs in to A with these credentials; “Show” reveals the secret you pasted.</p>"
        ),
        StepId.SUPPLIERS_MODULE: _t(
            "<p>“Write these changes” creates or updates the connected instance record in B; "
            "“Test” then asks B to sign in to A with it, as Halo's own 'Test' button does. If "
            "the wizard may not write it, enter the values in Halo and press “I have made "
            "these changes: check again”.</p>"
        ),
        StepId.PROFILES: _t(
            "<p>The list must exist in A before B can show it; its filters decide which "
            "tickets B's agents see. Agents of B who open a ticket from the list need logins "
            "to A.</p><p>Nothing is created until you press “Write these changes”.</p>"
        ),
        StepId.CREDENTIAL_SWAP: _t(
            "<p>An identifier such as [A] or [B] makes replies easy to sort. It changes only "
            "the subject of outgoing e-mails, nothing else.</p><p>Nothing is changed until you "
            "press “Write these changes”.</p>"
        ),
    }
