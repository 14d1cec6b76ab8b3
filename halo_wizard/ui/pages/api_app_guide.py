"""The checklist for creating the API application each side needs, with values to copy."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from halo_wizard.ui.widgets import layouts, metrics
from halo_wizard.ui.widgets.copy_field import CopyField

APPLICATION_NAME = "halo_wizard"
AGENT_NAME = "halo_wizard API"
SCOPE = "all"


class ApiApplicationGuide(QWidget):
    """What to click in Halo, on each of the two instances, before testing the connection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        agent = layouts.wrapped_label(self._agent_steps(), self)
        application = layouts.wrapped_label(self._application_steps(), self)
        details = layouts.wrapped_label(self._details_steps(), self)
        values = QFormLayout()
        values.setSpacing(metrics.SPACING)
        values.addRow(self.tr("Agent name"), CopyField(AGENT_NAME, self.tr("Agent name"), self))
        values.addRow(
            self.tr("Application name"),
            CopyField(APPLICATION_NAME, self.tr("Application name"), self),
        )
        values.addRow(self.tr("Permissions"), CopyField(SCOPE, self.tr("Permissions"), self))
        self.setLayout(
            layouts.vbox(
                layouts.wrapped_label(
                    self.tr(
                        "Do this on both instances. You need a Halo administrator account; "
                        "it takes about five minutes per instance."
                    ),
                    self,
                ),
                agent,
                application,
                values,
                details,
                margin=metrics.SPACING,
            )
        )

    def _agent_steps(self) -> str:
        return self.tr(
            "<b>1. An API-only agent</b> (Configuration &gt; Teams &amp; Agents &gt; Agents &gt; "
            "New)<ul>"
            "<li>Details tab: name it (copy below) and tick <i>Is an API-only Agent</i>.</li>"
            "<li>Permissions tab: <i>Customers</i>, <i>Suppliers</i> and <i>Users</i> access "
            "<b>Read and Modify</b>; <i>Tickets</i> access <b>Read and Modify</b>.</li>"
            "<li><i>Allow use of all Customers</i> <b>Yes</b>; <i>Allow use of all Ticket "
            "Types</i> <b>Yes</b>; <i>Can view other agents</i> <b>Yes</b>.</li>"
            "<li>Configuration access to modules, actions and ticket settings (the wizard turns "
            "on the Suppliers module and checks the sync actions).</li>"
            "<li>Save.</li></ul>"
        )

    def _application_steps(self) -> str:
        return self.tr(
            "<b>2. The API application</b> (Configuration &gt; Integrations &gt; Halo API &gt; "
            "View Applications &gt; New)<ul>"
            "<li>Application name: copy below; keep <i>Active</i> ticked.</li>"
            "<li>Authentication method: <b>Client ID and Secret (Services)</b>.</li>"
            "<li>Login type: <b>Agent</b>; Agent to log in as: the API-only agent from step 1."
            "</li>"
            "<li>Copy the <b>Client ID</b> and <b>Client Secret</b> into this window now: Halo "
            "shows the secret only once.</li>"
            "<li>Permissions tab: Edit, tick <b>all</b>, Save.</li></ul>"
        )

    def _details_steps(self) -> str:
        return self.tr(
            "<b>3. Check the API Details screen</b> (Configuration &gt; Integrations &gt; Halo "
            "API): its <i>Resource Server</i>, <i>Authorisation Server</i> and <i>Tenant</i> "
            "should match what this window shows once the connection is tested."
        )
