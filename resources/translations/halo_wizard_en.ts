<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ActionCheckPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="219"/>
        <source>Action check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="221"/>
        <source>Every documented rule of ticket sync, checked on both instances as they will be once your mappings are written. Each finding names the screen and the setting to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="231"/>
        <source>Re-check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="232"/>
        <source>Read both instances again and run every rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="237"/>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="237"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="253"/>
        <source>The action&apos;s settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="256"/>
        <source>Show me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="258"/>
        <source>Open the mapping row or show the action this finding is about</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="260"/>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="686"/>
        <source>Confirm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="262"/>
        <source>Say that you looked at this setting in Halo and it is right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="295"/>
        <source>Create these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="298"/>
        <source>Write the listed changes: create the actions, allow them in the workflows, map them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="308"/>
        <source>Recommended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="308"/>
        <source>Instance or new value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="319"/>
        <source>Done in Halo: read it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="322"/>
        <source>Read the actions again once you have set these values in Halo&apos;s own screen; what they show is kept in the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="326"/>
        <source>To finish in Halo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="332"/>
        <source>Recommended actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="377"/>
        <source>Reading both instances and checking every rule…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="383"/>
        <source>Reading actions, workflows, profiles and modules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="426"/>
        <source>Checking the rules again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="440"/>
        <source>Writing {n} change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="440"/>
        <source>Writing {n} changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="451"/>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="494"/>
        <source>Checking both instances again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="463"/>
        <source>{n} change written before it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="464"/>
        <source>{n} changes written before it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="467"/>
        <source>{n} change written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="467"/>
        <source>{n} changes written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="468"/>
        <source>Checked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="479"/>
        <source>Reading the actions back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="501"/>
        <source>Read back: {seen}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="502"/>
        <source>Read back and checked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="515"/>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="764"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="519"/>
        <source>{n} error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="519"/>
        <source>{n} errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="520"/>
        <source>{n} warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="520"/>
        <source>{n} warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="522"/>
        <source>{n} to confirm by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="524"/>
        <source>{n} note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="524"/>
        <source>{n} notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="529"/>
        <source>fix the errors (or confirm the checks by hand) to go on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="532"/>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="535"/>
        <source>no error: you can go on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="544"/>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="545"/>
        <source>Warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="546"/>
        <source>To confirm by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="547"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="561"/>
        <source>sends tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="561"/>
        <source>receives them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="564"/>
        <source>{instance} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="567"/>
        <source>{n} finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="567"/>
        <source>{n} findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="603"/>
        <source>confirmed by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="605"/>
        <source>to confirm by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="608"/>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="609"/>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="610"/>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="640"/>
        <source>Choose a finding to see what to change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="642"/>
        <source>Nothing found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="656"/>
        <source>Read from: {source}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="658"/>
        <source>To change: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="660"/>
        <source>From Halo&apos;s guide: {section}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="668"/>
        <source>Confirmed by {who} on {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="680"/>
        <source>Open the place in the wizard where this is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="686"/>
        <source>Confirm again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="698"/>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="698"/>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="705"/>
        <source>Name: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="706"/>
        <source>System use: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="707"/>
        <source>Send an email: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="708"/>
        <source>Hide from user: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="709"/>
        <source>Send to Connected Halo Instance: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="710"/>
        <source>Yes (which way: not shown yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="712"/>
        <source>Send an e-mail when created through the API: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="713"/>
        <source>(not shown by the API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="717"/>
        <source>Fields: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="718"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="754"/>
        <source>There is no such action yet: the recommended actions below create it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="756"/>
        <source>Nothing in the wizard shows this record: change it in Halo as described above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="768"/>
        <source>Nothing to create; finish the settings below in Halo&apos;s own screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="772"/>
        <source>Nothing to create: every role has a suitable action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="780"/>
        <source>{n} recommended action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="781"/>
        <source>{n} recommended actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="786"/>
        <source>{n} change to write; nothing is written until you say so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="787"/>
        <source>{n} changes to write; nothing is written until you say so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="821"/>
        <source>Mapping row: {row}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentTableModel</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="38"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="38"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="38"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="38"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="40"/>
        <source>will be created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="41"/>
        <source>already there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents_model.py" line="42"/>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentsPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="38"/>
        <source>Agents as end users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="40"/>
        <source>A ticket sent to the supplier is created under the customer whose user raised it, matched by e-mail. So every agent of the customer&apos;s instance who escalates tickets must exist as an end user under the customer profile in the supplier&apos;s instance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="51"/>
        <source>Search by name or e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="54"/>
        <source>All agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="57"/>
        <source>Include disabled agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="58"/>
        <source>Leave out / include selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="59"/>
        <source>Agents left out are not created (kept in the plan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="91"/>
        <source>Reading the agents and the customer&apos;s end users…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="99"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="112"/>
        <source>{total} agents: {create} will be created, {exists} already there, {skipped} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/agents.py" line="158"/>
        <source>Select the agents to leave out or include first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApiApplicationGuide</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="25"/>
        <source>Agent name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="27"/>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="28"/>
        <source>Application name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="30"/>
        <source>Permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="35"/>
        <source>Do this on both instances. You need a Halo administrator account; it takes about five minutes per instance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="50"/>
        <source>&lt;b&gt;1. An API-only agent&lt;/b&gt; (Configuration &amp;gt; Teams &amp;amp; Agents &amp;gt; Agents &amp;gt; New)&lt;ul&gt;&lt;li&gt;Details tab: name it (copy below) and tick &lt;i&gt;Is an API-only Agent&lt;/i&gt;.&lt;/li&gt;&lt;li&gt;Permissions tab: &lt;i&gt;Customers&lt;/i&gt;, &lt;i&gt;Suppliers&lt;/i&gt; and &lt;i&gt;Users&lt;/i&gt; access &lt;b&gt;Read and Modify&lt;/b&gt;; &lt;i&gt;Tickets&lt;/i&gt; access &lt;b&gt;Read and Modify&lt;/b&gt;.&lt;/li&gt;&lt;li&gt;&lt;i&gt;Allow use of all Customers&lt;/i&gt; &lt;b&gt;Yes&lt;/b&gt;; &lt;i&gt;Allow use of all Ticket Types&lt;/i&gt; &lt;b&gt;Yes&lt;/b&gt;; &lt;i&gt;Can view other agents&lt;/i&gt; &lt;b&gt;Yes&lt;/b&gt;.&lt;/li&gt;&lt;li&gt;Configuration access to modules, actions and ticket settings (the wizard turns on the Suppliers module and checks the sync actions).&lt;/li&gt;&lt;li&gt;Save.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="64"/>
        <source>&lt;b&gt;2. The API application&lt;/b&gt; (Configuration &amp;gt; Integrations &amp;gt; Halo API &amp;gt; View Applications &amp;gt; New)&lt;ul&gt;&lt;li&gt;Application name: copy below; keep &lt;i&gt;Active&lt;/i&gt; ticked.&lt;/li&gt;&lt;li&gt;Authentication method: &lt;b&gt;Client ID and Secret (Services)&lt;/b&gt;.&lt;/li&gt;&lt;li&gt;Login type: &lt;b&gt;Agent&lt;/b&gt;; Agent to log in as: the API-only agent from step 1.&lt;/li&gt;&lt;li&gt;Copy the &lt;b&gt;Client ID&lt;/b&gt; and &lt;b&gt;Client Secret&lt;/b&gt; into this window now: Halo shows the secret only once.&lt;/li&gt;&lt;li&gt;Permissions tab: Edit, tick &lt;b&gt;all&lt;/b&gt;, Save.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/api_app_guide.py" line="77"/>
        <source>&lt;b&gt;3. Check the API Details screen&lt;/b&gt; (Configuration &amp;gt; Integrations &amp;gt; Halo API): its &lt;i&gt;Resource Server&lt;/i&gt;, &lt;i&gt;Authorisation Server&lt;/i&gt; and &lt;i&gt;Tenant&lt;/i&gt; should match what this window shows once the connection is tested.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangesPanel</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="31"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="31"/>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="31"/>
        <source>After writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="37"/>
        <source>Write these changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="39"/>
        <source>Write exactly the changes listed above, then read the instances again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="72"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="75"/>
        <source>Nothing to change: both instances are set up as needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="81"/>
        <source>{n} change to write; nothing is written until you say so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/changes_panel.py" line="82"/>
        <source>{n} changes to write; nothing is written until you say so</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckAll</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/check_all.py" line="49"/>
        <source>Reading the plans and their secrets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/check_all.py" line="64"/>
        <source>Checking {n} connection(s)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/check_all.py" line="70"/>
        <source>Checked {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeView</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="104"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="112"/>
        <source>Pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="113"/>
        <source>Copy the code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="114"/>
        <source>Put the pairing code on the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="115"/>
        <source>I have noted it: hide the code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="117"/>
        <source>The code is forgotten: halo_wizard cannot show it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="122"/>
        <source>&lt;b&gt;Shown only this once.&lt;/b&gt; Read it out to your partner&apos;s admin on the phone, or give it to them another way than the file: whoever has both can open the file. Note it down until their reply has arrived: you need it again to open the reply. halo_wizard never saves it, in the plan or anywhere else.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="171"/>
        <source>Confirm by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="173"/>
        <source>{rule} in {instance}: {record}

Where to look: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="179"/>
        <source>Your name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="181"/>
        <source>Optional: what you saw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="183"/>
        <source>Confirmed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="184"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/action_check.py" line="188"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="95"/>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="137"/>
        <source>No plans yet. Start one with New plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="142"/>
        <source>New plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="143"/>
        <source>Ticket sync between two instances (the main path)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="144"/>
        <source>New shared ticket list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="146"/>
        <source>Show a ticket list of one instance in another (connected instances)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="148"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="150"/>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="154"/>
        <source>Import plan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="156"/>
        <source>Open a plan another administrator exported (it holds no secrets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="98"/>
        <source>Every connection saved on this computer, where it stands and what it needs next. Open one to carry on, or check them all for drift at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="104"/>
        <source>Filter by name, instance or state (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="108"/>
        <source>Filter connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="113"/>
        <source>Check all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="116"/>
        <source>Check every connection for drift at once (within each instance&apos;s request budget); each result is kept in its plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="120"/>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="121"/>
        <source>Save this overview as a CSV file or a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="123"/>
        <source>As CSV (spreadsheet)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="124"/>
        <source>As PDF (one page)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="149"/>
        <source>Open the selected plan where you left off (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="152"/>
        <source>Move the selected plan to the trash folder (asks first; Delete key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="243"/>
        <source>The plan folder could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="245"/>
        <source>Check that {folder} exists and can be read, then come back here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="317"/>
        <source>Delete plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="319"/>
        <source>Delete the plan “{name}”?

The file moves to the trash folder of the plan folder, and its client secrets are removed from {where}. Nothing changes on the Halo instances.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="357"/>
        <source>This plan cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="360"/>
        <source>{name} — next: {next}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="374"/>
        <source>{n} connection(s), {urgent} need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="376"/>
        <source>{shown} of {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="377"/>
        <source>Reading the plans…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="395"/>
        <source>Checked {n} connection(s): {clean} without drift, {drifted} drifted, {unchecked} could not be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="407"/>
        <source>Some results were not kept in their plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="409"/>
        <source>Check that the plan folder can be written to, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="416"/>
        <source>Connections overview {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="421"/>
        <source>Export the overview as {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="432"/>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="443"/>
        <source>Writing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="459"/>
        <source>The overview was not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="460"/>
        <source>{path} could not be written: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="463"/>
        <source>Choose another folder, or close the file if another program has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="471"/>
        <source>Saved {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="473"/>
        <source>Saved {path} (1 page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="475"/>
        <source>Saved {path} ({n} pages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="555"/>
        <source>Checking every connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="558"/>
        <source>CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="558"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="561"/>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="561"/>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="580"/>
        <source>Could not delete the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="590"/>
        <source>Import a plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="592"/>
        <source>Plans (*{suffix} *.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/connections.py" line="600"/>
        <source>The plan was not imported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CopyField</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/copy_field.py" line="26"/>
        <location filename="../../halo_wizard/ui/widgets/copy_field.py" line="51"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/copy_field.py" line="27"/>
        <source>Copy to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/copy_field.py" line="46"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialSwapPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="113"/>
        <source>Credential swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="115"/>
        <source>Turning API access on gives each profile a Client ID and Secret. Each is copied into the profile in the other instance, with that instance&apos;s API and authorisation URLs and tenant; then both press “Authenticate connection”. Every value can also be copied by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="124"/>
        <source>Authenticate connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="126"/>
        <source>Press Halo&apos;s Authenticate connection on both profiles and show each result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="173"/>
        <source>Reading both profiles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="210"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="216"/>
        <source>Supplier profile in {holder} receives from {other}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="218"/>
        <source>Customer profile in {holder} receives from {other}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="235"/>
        <source>Authenticate once both profiles have been read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="237"/>
        <source>Paste the issued client secret asked for above first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="240"/>
        <source>Write these changes first: the profiles do not hold the other instance&apos;s values yet, so Halo has nothing to authenticate with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="256"/>
        <source>The API does not show the credentials the {label} profile in {instance} issued. Open that profile&apos;s API Access tab in Halo (not in edit mode), copy its Client Secret and paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="268"/>
        <source>Authenticated: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="271"/>
        <source>No result from Halo: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="273"/>
        <source>Authentication failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="278"/>
        <source>Authenticated ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="281"/>
        <source>Not authenticated yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="288"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="318"/>
        <source>Authenticating both connections…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="300"/>
        <source>no result reported by Halo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="302"/>
        <source>authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DefaultsBar</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="69"/>
        <source>{receiver} sends attachments to {sender}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="75"/>
        <source>Outbound setting of this profile: attachments added to an action in {receiver} go to {sender} with the synced action.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="86"/>
        <source>— none —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="89"/>
        <source>Action/Ticket Type Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="95"/>
        <source>Default &amp;status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="96"/>
        <source>Default &amp;category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="97"/>
        <source>Default &amp;action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="98"/>
        <source>Default &amp;ticket type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="102"/>
        <source>A ticket {sender} sends gets this status in {receiver} when its status is not mapped. Action/Ticket Type Default uses {receiver}&apos;s own defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="105"/>
        <source>Used when a category of {sender} is not mapped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="107"/>
        <source>Added for an action of {sender} that is not mapped: a generic action hidden from the user, such as an internal note, allowed by the workflows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="111"/>
        <source>A ticket of a type that is not mapped is logged in {receiver} as this type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="123"/>
        <source>Choose a default: every profile needs one (R5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="126"/>
        <source>it is not hidden from the user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="127"/>
        <source>it sends an e-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="128"/>
        <source>it sends to the connected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/defaults.py" line="133"/>
        <source>This default action is not a generic hidden note: {why} (R6).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndToEndPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="252"/>
        <source>End-to-end test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="247"/>
        <source>Halo&apos;s worked example run for real with a tagged test ticket: it is escalated, notes go both ways, the end user is e-mailed indirectly, and the ticket is resolved and closed on both sides. Each hop is timed; afterwards everything the test created is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="146"/>
        <source>Check and preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="148"/>
        <source>Check the set-up and show what the test will create (nothing is written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="151"/>
        <source>Start the test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="154"/>
        <source>Create the tagged test ticket and run every hop; everything it creates is removed afterwards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="159"/>
        <source>Don&apos;t start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="160"/>
        <source>Close the preview without writing anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="162"/>
        <source>What the test will do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="197"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="213"/>
        <source>Why the test is skipped for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="214"/>
        <source>Skip for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="216"/>
        <source>Go on without the test; the step stays marked as needing attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="240"/>
        <source>Halo&apos;s worked example run for real from your side: your run writes to your instance only and proves each hop your instance shows; {partner}&apos;s admin runs the test on their side at the same time, and their run proves the rest. Each run waits for the other&apos;s steps; afterwards each removes what it created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="244"/>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="388"/>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="400"/>
        <source>your partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="263"/>
        <source>Check the set-up first: the test&apos;s records and actions are shown before anything is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="295"/>
        <source>Checking the set-up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="309"/>
        <source>Ready: test {tag} from {customer} to {supplier}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="315"/>
        <source>Waiting for you to start the test…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="339"/>
        <source>Ran test {tag}; to run it again, check and preview first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="359"/>
        <source>Not run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="368"/>
        <source>Not started ({when}): nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="371"/>
        <source>The set-up is not ready ({when}): nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="382"/>
        <source>Passed on your side: {passed} of {total} hops proven here; {theirs} are shown by {partner}&apos;s own test ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="393"/>
        <source>Failed on your side: {failed} of {total} hops failed here ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="397"/>
        <source>Not proven yet: {unseen} hops need {partner}&apos;s run at the same time ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="405"/>
        <source>Passed: {passed} of {total} hops in {ms} ms ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="410"/>
        <source>Failed: {passed} of {total} hops passed, in {ms} ms ({when})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="422"/>
        <source>Cleaned up: {n} test record removed; no other ticket was touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="423"/>
        <source>Cleaned up: {n} test records removed; no other ticket was touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="430"/>
        <source>Not everything could be removed: {left}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="443"/>
        <source>What the hops relied on, as Halo&apos;s own screens set it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="458"/>
        <source>Halo said: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="460"/>
        <source>In Halo&apos;s own screen: {how}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="464"/>
        <source>Halo&apos;s guide ({source}): {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="466"/>
        <source>Why: {meaning}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="467"/>
        <source>Fix: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="490"/>
        <source>Running the test…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="500"/>
        <source>End-to-end test skipped for now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="26"/>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="35"/>
        <source>halo_wizard met an error it did not expect. Nothing more was written to the instances. The details are also in the log file:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="45"/>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="47"/>
        <source>Copy the error details, with secrets removed, to send to support</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="66"/>
        <source>{summary}
({count} errors so far)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/error_dialog.py" line="78"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/error_panel.py" line="43"/>
        <source>What to do: {fix}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangePage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="192"/>
        <source>Exchange with your partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="194"/>
        <source>Where the connection stands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="215"/>
        <source>Pairing code (the one you opened the invitation with):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="217"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="218"/>
        <source>Read your instance again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="235"/>
        <source>no file chosen yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="236"/>
        <source>Choose the file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="244"/>
        <source>e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="247"/>
        <source>Pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="248"/>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="249"/>
        <source>Pairing code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="371"/>
        <source>your partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="372"/>
        <source>Your side: {mine} ({side}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="373"/>
        <source>your instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="377"/>
        <source>Your partner&apos;s: {theirs} ({other}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="381"/>
        <source>Your partner manages the {other} side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="396"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="404"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="967"/>
        <source>Open the invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="398"/>
        <source>Your partner&apos;s admin sent you an invitation file and read you its pairing code. Choose the file and type the code: halo_wizard checks both, builds your side&apos;s plan from what the invitation says of their instance, and you set up your side in the next steps. Nothing is written if the file does not open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="409"/>
        <source>Set up your side now, steps 2 to 7: your profile gets {partner}&apos;s addresses and credentials from the invitation, and you build the mappings of what arrives in your instance. Then come back here to write your reply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="420"/>
        <source>Your side is set up. Run the action check, then the end-to-end test at the same time as {partner}&apos;s admin runs theirs; once they send their reply again, open it above for a report with both halves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="426"/>
        <source>Both sides are known now. Carry on with step 5 on your side: your profile receives {partner}&apos;s addresses and credentials, then you authenticate it and build the mappings of what arrives in your instance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="432"/>
        <source>A newer reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="434"/>
        <source>After the end-to-end test, which each of you runs from your own side at the same time, {partner}&apos;s admin writes their reply again: it carries their half of the test and their plan&apos;s fingerprint, so that your report holds both. Open it here with the same code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="439"/>
        <source>Open the newer reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="447"/>
        <source>You and {partner}&apos;s admin each set up your own instance. You send them an invitation (your instance&apos;s addresses, the credentials your profile issued and the lists their mappings need), encrypted with a pairing code you read out to them; they answer with a reply sealed with the same code. No admin credential ever leaves your side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="454"/>
        <source>You and {partner}&apos;s admin each set up your own instance. They sent you an invitation, encrypted with a pairing code they read out to you; you answer with a reply sealed with the same code. No admin credential ever leaves your side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="469"/>
        <source>Invitation written; it can be opened until {expires} UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="474"/>
        <source>Invitation not written yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="479"/>
        <source>Reply from {partner} opened (their instance as read on {taken} UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="486"/>
        <source>Reply from {partner}: not opened yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="493"/>
        <source>Invitation from {partner} opened (their instance as read on {taken} UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="498"/>
        <source>Invitation from your partner: not opened yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="503"/>
        <source>Reply written; it can be opened until {expires} UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="510"/>
        <source>Reply not written yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="517"/>
        <source>It holds their end-to-end test of {when} UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="523"/>
        <source>Write the invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="526"/>
        <source>First halo_wizard sets up what your side needs for the invitation: the Suppliers module on, and the {label} profile “{name}” for {partner} with API access (it issues the credentials your partner&apos;s profile signs in with). The changes below are written on your instance only; then you choose where to save the invitation, and its pairing code is shown once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="538"/>
        <source>Write the invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="540"/>
        <source>Write the changes listed, then the encrypted invitation file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="546"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="557"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="967"/>
        <source>Open the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="548"/>
        <source>Send the invitation file to {partner}&apos;s admin (e-mail is fine: it is encrypted) and read them the pairing code. Once they have set up their side, they send you a reply: choose it here and type the same code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="553"/>
        <source>Invitation written to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="559"/>
        <source>Lost the code, or the invitation expired?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="562"/>
        <source>Write a new invitation: it has a new pairing code, and the earlier file cannot be used with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="570"/>
        <source>Write a new invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="572"/>
        <source>Check your side again, then write a new invitation with a new code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="583"/>
        <source>Write the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="585"/>
        <source>Your reply tells {partner}&apos;s admin what their profile needs of your instance: its addresses, the credentials your profile issued, the lists their checks need and your inbound mappings, read from your instance now. It is sealed with the same pairing code as the invitation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="593"/>
        <source>The reply was written{where}: send it to your partner. Write it again if you changed your side since.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="603"/>
        <source>Write the reply again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="603"/>
        <source>Write the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="605"/>
        <source>Read your instance and write the encrypted reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="608"/>
        <source>Carry on with the action check on your side (step 8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="615"/>
        <source>customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="615"/>
        <source>supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="631"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="711"/>
        <source>Reading your instance for the invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="638"/>
        <source>Reading the modules…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="640"/>
        <source>Looking for your profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="652"/>
        <source>Nothing to change on your instance: it is ready for the invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="663"/>
        <source>Save the invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="663"/>
        <source>Save the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="666"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="970"/>
        <source>Invitations (*{suffix})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="668"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="970"/>
        <source>Replies (*{suffix})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="682"/>
        <source>Setting up your side and writing the invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="726"/>
        <source>Your instance changed since the changes were listed ({change}); nothing more was written and no invitation was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="729"/>
        <source>Press Check again to see what is left, then write again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="713"/>
        <source>Sealing the invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="739"/>
        <source>The {what} could not be written to {path}: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="742"/>
        <source>Choose another folder, or free some space, and write it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="770"/>
        <source>Invitation written to {path}. Read the pairing code to your partner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="784"/>
        <source>Writing the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="794"/>
        <source>Reading your instance for the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="796"/>
        <source>Sealing the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="816"/>
        <source>Reply written to {path}. Send it to your partner: they open it with the same pairing code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="830"/>
        <source>Opening the invitation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="836"/>
        <source>Opening the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="853"/>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="884"/>
        <source>Checking the pairing code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="862"/>
        <source>This invitation was written by the {side}&apos;s admin, and your side is the {side} too: ticket sync joins a customer and a supplier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="866"/>
        <source>Check with your partner which side each of you manages; choose yours on the Instances page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="902"/>
        <source>Checking both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="950"/>
        <source>The invitation from {partner} is opened: set up your side next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="954"/>
        <source>The reply from {partner} is opened: finish your side next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="973"/>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/exchange.py" line="1004"/>
        <source>The pairing code is hidden and forgotten.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HandoverBox</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="64"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="82"/>
        <source>API URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="65"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="83"/>
        <source>Authorisation URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="66"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="84"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="67"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="85"/>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="68"/>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="86"/>
        <source>Client Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="69"/>
        <source>Issued client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="70"/>
        <source>Use this secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/credential_swap.py" line="72"/>
        <source>Use the secret you pasted from the profile&apos;s API Access tab in Halo</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HopModel</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="76"/>
        <source>Hop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="77"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="78"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="79"/>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="82"/>
        <source>For a failed hop: the row of Halo&apos;s troubleshooting table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="87"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="88"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="89"/>
        <source>not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="90"/>
        <source>not seen here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/end_to_end.py" line="108"/>
        <source>{ms} ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstanceForm</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="144"/>
        <source>Customer: sends tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="149"/>
        <source>The instance where tickets are raised and escalated from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="155"/>
        <source>Supplier: receives tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="160"/>
        <source>The instance that tickets are sent to and worked on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="57"/>
        <source>e.g. the company&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="59"/>
        <source>https://yourcompany.halopsa.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="62"/>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="103"/>
        <source>Resource Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="63"/>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="104"/>
        <source>Authorisation Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="64"/>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="105"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="66"/>
        <source>from the API application in Halo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="67"/>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="107"/>
        <source>Client Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="68"/>
        <source>shown once when the application is created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="69"/>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="72"/>
        <source>Sign in with these credentials and read the product, version, tenant and login agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="80"/>
        <source>Probe details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="83"/>
        <source>Every assumption halo_wizard makes about Halo, as this instance answered it (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="97"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="102"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="106"/>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="142"/>
        <source>Primary (A): its ticket list is shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="147"/>
        <source>The instance whose ticket list the other one shows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="153"/>
        <source>Secondary (B): shows A&apos;s list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="158"/>
        <source>The instance whose agents work A&apos;s ticket list (they need logins to A).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="163"/>
        <source>Your instance · {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="165"/>
        <source>Your partner&apos;s instance · {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="200"/>
        <source>Not tested yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="205"/>
        <source>(the instance did not say)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="206"/>
        <source>none (not hosted by Halo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="210"/>
        <source>Connected: {product} {version}
Tenant: {tenant}
Signed in as: {agent}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="222"/>
        <source>The application signs in as a normal agent; an API-only agent is safer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="226"/>
        <source>Test failed: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="242"/>
        <source>Checking what halo_wizard assumes about Halo (read-only)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="254"/>
        <source>Halo&apos;s answers checked: {holds} assumptions hold, {contradicted} contradicted, {unclear} can&apos;t tell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="267"/>
        <source>Not as assumed: {claim}. {step} relies on it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="280"/>
        <source>The check of Halo&apos;s answers did not finish: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="325"/>
        <source>found by the test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="333"/>
        <source>Changed since the last test: test again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="381"/>
        <source>Not tested: correct the address first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="413"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstancesPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="309"/>
        <source>Instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="311"/>
        <source>Enter both Halo instances. Paste any address you open Halo with: the API and authorisation addresses are worked out as you type, and the tenant is read from the instance when you test the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="190"/>
        <source>⇄ Swap roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="191"/>
        <source>Make the customer the supplier and the other way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="195"/>
        <source>How to create the API application each instance needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="256"/>
        <source>Client secrets are {where}; they are never written to the plan file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="317"/>
        <source>Enter your own Halo instance and your partner&apos;s name. Paste any address you open Halo with: the API and authorisation addresses are worked out as you type, and the tenant is read from the instance when you test the connection. Your partner&apos;s admin connects their instance on their side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="331"/>
        <source>Connected by your partner&apos;s admin, on their side. Their file says: {url}, {product} {version} (read on {taken}). halo_wizard never asks for their instance&apos;s admin credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="339"/>
        <source>Your partner&apos;s admin connects it on their side, from the invitation you write after this step; their instance&apos;s address arrives with their reply. halo_wizard never asks for its admin credentials. Enter only your partner&apos;s name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="344"/>
        <source>Your partner&apos;s admin connects it on their side; its address and name arrive with their invitation, which you open after this step. halo_wizard never asks for its admin credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="391"/>
        <source>The same instance twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="415"/>
        <source>Testing the connection to {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="463"/>
        <source>Roles swapped: {c} sends tickets to {s}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="464"/>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="480"/>
        <source>the customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="465"/>
        <source>the supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="473"/>
        <source>{supplier} will send tickets and {customer} will receive them.

Each instance keeps its address, its API application and the mappings made in it. The steps after this one start again, because each instance now needs the other kind of profile: {steps}. What they hold is put aside, and swapping back brings it back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="479"/>
        <source>The supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="488"/>
        <source>Swap roles?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="493"/>
        <source>Swap roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="520"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="524"/>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkedApplicationPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="31"/>
        <source>API application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="33"/>
        <source>Instance B reads the ticket list from instance A through an API application in A. Halo&apos;s API cannot create one, so create it by hand, then paste its Client ID and Secret here: the wizard signs in with them to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="40"/>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="49"/>
        <source>Client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="41"/>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="50"/>
        <source>Client Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="42"/>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="44"/>
        <source>Sign in to the primary instance with the pasted Client ID and Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="51"/>
        <source>In instance A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="53"/>
        <source>The application&apos;s keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="71"/>
        <source>Not verified yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="77"/>
        <source>Verified earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="83"/>
        <source>instance A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="86"/>
        <source>In {a}, open Configuration &gt; Integrations &gt; Halo API &gt; Applications and create a new application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="89"/>
        <source>Name it “{name}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="90"/>
        <source>Authentication method: “{method}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="96"/>
        <source>Permissions tab: allow at least {scopes}, and choose an agent who may see the list&apos;s tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="92"/>
        <source>Copy the Client ID and the Client Secret now: the secret is hidden once you leave the page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="99"/>
        <source>Save, then paste the Client ID and Secret below and press Verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="111"/>
        <source>Signing in to instance A with the application…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="137"/>
        <source>(its settings can&apos;t be read through the API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_application.py" line="139"/>
        <source>Permissions: {s}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkedConnectionPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="24"/>
        <source>Connected instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="26"/>
        <source>Instance B keeps a connected instance record (Configuration &gt; Integrations &gt; Halo API &gt; Connected Instances) with A&apos;s API and authorisation URLs, its tenant and the application&apos;s keys. After writing it, the wizard presses Test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="33"/>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="34"/>
        <source>Press Test on the connected instance in B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="35"/>
        <source>Where it stands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="51"/>
        <source>Reading the connected instances of instance B…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="59"/>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="105"/>
        <source>Testing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="67"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="68"/>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="93"/>
        <source>Not tested yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="74"/>
        <source>Verify the API application first (step 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="79"/>
        <source>{b} has no connected instance for {a} yet: it will be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="86"/>
        <source>{b}: “{name}” points at {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_connection.py" line="96"/>
        <source>Test: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkedEmailPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="25"/>
        <source>E-mail identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="27"/>
        <source>Each instance can add an identifier to the subject of its outgoing e-mails (Configuration &gt; Email &gt; General Settings), so you can tell which instance sent an e-mail. Leave a box empty to leave that instance as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="37"/>
        <source>Instance A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="37"/>
        <source>Instance B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="39"/>
        <source>Identifiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="54"/>
        <source>Reading the e-mail settings of both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="63"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="79"/>
        <source>{i}: the e-mail settings can&apos;t be read through the API; set the identifier by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="85"/>
        <source>{i}: identifier “{v}” in outgoing subjects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="87"/>
        <source>{i}: no identifier (left as it is)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_email.py" line="91"/>
        <source>{i}: will be set to “{w}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkedListPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="25"/>
        <source>Linked ticket list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="27"/>
        <source>Choose the ticket list of instance A that agents of instance B should see (create it in A first, with its filters). The wizard creates the list in B with its “Halo API” field set to the connected instance and the list chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="33"/>
        <source>Ticket list in instance A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="35"/>
        <source>Same name as in A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="40"/>
        <source>List in A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="41"/>
        <source>Its filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="42"/>
        <source>Name in B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="43"/>
        <source>The list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="60"/>
        <source>Reading the ticket lists of both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="73"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="79"/>
        <source>Choose a list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="86"/>
        <source>(no filters: every ticket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="93"/>
        <source>Instance A has no ticket list yet: create one in Halo, then Check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="97"/>
        <source>Create the connected instance first (step 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="100"/>
        <source>Choose the list to share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="102"/>
        <source>The list in B will be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/linked_list.py" line="106"/>
        <source>“{name}” in B shows A&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="179"/>
        <source>‹ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="180"/>
        <location filename="../../halo_wizard/ui/main_window.py" line="449"/>
        <source>Next ›</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="195"/>
        <source>Client secrets are {where}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="214"/>
        <source>Starting the demo instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="301"/>
        <source>The plan could not be saved ({why}). Free some disk space or make its folder writable; your changes stay in this window and are saved with the next change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="309"/>
        <location filename="../../halo_wizard/ui/main_window.py" line="313"/>
        <source>The plan was not saved: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="449"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="482"/>
        <source>This plan cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="493"/>
        <source>New plan started: say who manages the instances, then enter them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="508"/>
        <source>New shared ticket list: enter instance A (left) and instance B (right).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="521"/>
        <source>Plan moved to the trash folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="545"/>
        <source>That mapping row is not in the table any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/main_window.py" line="580"/>
        <source>Every step is done. The plan is saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManagedChoice</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="81"/>
        <source>Who manages the two instances?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="82"/>
        <source>I manage both instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="84"/>
        <source>I manage one side; my partner&apos;s admin manages the other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="87"/>
        <source>You hold admin API credentials for both instances (one organisation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="91"/>
        <source>Two organisations: each admin connects only their own instance, and the two of you exchange an encrypted invitation and reply (no admin key is ever shared)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="96"/>
        <source>Customer: my instance sends tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="98"/>
        <source>Supplier or MSP: my instance receives tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="100"/>
        <source>I start the connection: I write the invitation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="102"/>
        <source>My partner started it: I open the invitation they sent me</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="117"/>
        <source>My side:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instances.py" line="159"/>
        <source>Fixed for this connection: files have been exchanged with your partner. Start a new plan to set it up another way.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ManualPathPanel</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/manual_path.py" line="22"/>
        <source>Make these changes in Halo by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/manual_path.py" line="25"/>
        <source>Halo refused them through the API (the message above says why). You can grant what is missing and write again, or make them in Halo&apos;s own screens as listed, then check: the wizard reads both instances back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/manual_path.py" line="34"/>
        <source>I have made these changes: check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/manual_path.py" line="35"/>
        <source>Read both instances again to confirm the changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingTableModel</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="180"/>
        <source>status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="181"/>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="182"/>
        <source>field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="183"/>
        <source>action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="184"/>
        <source>ticket type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="366"/>
        <source>{sender}&apos;s {source} becomes {there} in {receiver}; {there} is not mapped back, so when {receiver} sets it, {sender} leaves the status as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="371"/>
        <source>{sender}&apos;s {source} becomes {there} in {receiver}, and comes back as {source}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="374"/>
        <source>Not the same status back: {sender}&apos;s {source} becomes {there} in {receiver}, and when {receiver} sets {there}, {sender} sets {back}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="407"/>
        <source>Both actions send an e-mail: the sync times out (the same e-mail would be sent from both instances). Map it to an action of {receiver} that sends no e-mail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="415"/>
        <source>{target} itself sends to the connected instance: the update would go back to {sender} (a loop). Map it to an action that does not send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="447"/>
        <source>Press F2 or Enter, or start typing, to choose; Delete clears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="661"/>
        <source>Sending instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="661"/>
        <source>Receiving instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="667"/>
        <source>{instance} {thing}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="669"/>
        <source>→ {instance} {thing}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="671"/>
        <source>Match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="673"/>
        <source>↩ Back in {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="674"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="674"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="681"/>
        <source>not mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="688"/>
        <source>not mapped back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="701"/>
        <source>Not mapped (by hand)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="702"/>
        <source>Not mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="705"/>
        <source>On instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="707"/>
        <source>Chosen by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="710"/>
        <source>Suggestion · {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="712"/>
        <source>Accepted suggestion · {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="714"/>
        <source>Same name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="715"/>
        <source>Near match · {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="735"/>
        <source>{sender} no longer has this {thing}; clear the row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="743"/>
        <source>{receiver} no longer has this {thing}: choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="750"/>
        <source>Matched by name; written when you write mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="752"/>
        <source>A near name, not applied: Accept it (Ctrl+Enter) or choose another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="754"/>
        <source>Chosen by you; auto-map leaves it as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="756"/>
        <source>A suggestion you accepted; written when you write mappings, and auto-map leaves it as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="760"/>
        <source>Already on the instance when the wizard read it; auto-map never changes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="766"/>
        <source>E-mail: sends an e-mail. Hidden: hidden from the end user. → Supplier, → Customer: sends to the connected instance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="798"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="800"/>
        <source>Hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="802"/>
        <source>→ Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="803"/>
        <source>→ Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/model.py" line="804"/>
        <source>→ Connected instance</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingToolbar</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="18"/>
        <source>Filter (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="19"/>
        <source>Show only the rows with this text, on either side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="25"/>
        <source>All values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="26"/>
        <source>Not mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="27"/>
        <source>Suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="28"/>
        <source>Mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="29"/>
        <source>Needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="32"/>
        <source>Which rows to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="34"/>
        <source>Auto-map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="37"/>
        <source>Map this table&apos;s values by name; rows chosen by hand or already on the instance stay as they are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="43"/>
        <source>Auto-map this table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="44"/>
        <source>Auto-map every table, both directions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="46"/>
        <source>Accept suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="49"/>
        <source>Use every suggested value of this table that nothing is wrong with (one step to undo); action pairs Halo&apos;s guide warns against are left for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="53"/>
        <source>Clear all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/toolbar.py" line="54"/>
        <source>Remove every mapping of this table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingsPage</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="86"/>
        <source>Mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="88"/>
        <source>What each value of one instance becomes in the other. Nothing is written before you review it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="97"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="99"/>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="112"/>
        <source>Ctrl+PgDown, Ctrl+PgUp: next and previous table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="277"/>
        <source>Reading both instances&apos; values and profiles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="281"/>
        <source>Reading statuses, categories, fields, actions and ticket types…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="298"/>
        <source>%n mapping(s) already on the instances were added to the plan.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="307"/>
        <source>That mapping row is not in the table any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="316"/>
        <source>Reading both profiles back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="330"/>
        <source>Settings of mapped actions changed in Halo since they were recorded, and are recorded now as Halo holds them: {lines}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="341"/>
        <source>%n profile update(s) written before it stopped; the rest is listed below.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="349"/>
        <source>%n profile update(s) written and read back: the instances hold exactly what the plan says.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="358"/>
        <source>%n profile update(s) written and read back</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="363"/>
        <source>Written, but read back differently from the plan: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="531"/>
        <source>Statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="532"/>
        <source>Categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="533"/>
        <source>Fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="534"/>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="535"/>
        <source>Ticket types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="547"/>
        <source>What arrives in {receiver} from {sender} (Ctrl+{n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="558"/>
        <source>customer profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="560"/>
        <source>supplier profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="563"/>
        <source>Set on the {role} “{name}” in {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="573"/>
        <source> · being edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="584"/>
        <source>Not read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="593"/>
        <source>{matched} of {total} matched automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="597"/>
        <source>{mapped} of {total} mapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="599"/>
        <source>%n suggestion(s) to review</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="603"/>
        <source>%n round trip(s) come back different</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="606"/>
        <source>{shown} shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="609"/>
        <source>The sending instance has none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="648"/>
        <source>Undo: {what} (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="650"/>
        <source>Nothing to undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="653"/>
        <source>Redo: {what} (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="655"/>
        <source>Nothing to redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="700"/>
        <source>Auto-mapping this table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="703"/>
        <source>Auto-mapping every table…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="774"/>
        <source>Auto-map found nothing new to map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="777"/>
        <source>Auto-map every table</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="795"/>
        <source>%n suggestion(s) left for you to decide: each pairs actions Halo&apos;s guide warns against (an e-mail action with an e-mail action, or one that sends back). They are listed under “Needs attention”: {names}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="878"/>
        <source>Finding a value to show it on…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="884"/>
        <source>Reading it back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/page.py" line="903"/>
        <source>Learned: {seen}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../halo_wizard/ui/mapping/page.py" line="920"/>
        <source>Writing %n profile update(s)…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MatchDelegate</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/delegates.py" line="261"/>
        <location filename="../../halo_wizard/ui/mapping/delegates.py" line="268"/>
        <location filename="../../halo_wizard/ui/mapping/delegates.py" line="280"/>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="79"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="80"/>
        <source>&amp;New plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="82"/>
        <source>Open &amp;log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="84"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="86"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="87"/>
        <source>&amp;Help on this step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="89"/>
        <source>&amp;About halo_wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="96"/>
        <source>Go back to the previous step (Alt+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="98"/>
        <source>Go on to the next step once this one is complete (Alt+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="100"/>
        <source>Back to the list of saved plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="140"/>
        <source>Could not open {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="150"/>
        <location filename="../../halo_wizard/ui/menus.py" line="167"/>
        <source>Plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="152"/>
        <source>Help: {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="165"/>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="166"/>
        <source>Qt / PySide6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="168"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="169"/>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="170"/>
        <source>Cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="173"/>
        <source>Connects two Halo instances for ticket sync, step by step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/menus.py" line="187"/>
        <location filename="../../halo_wizard/ui/menus.py" line="190"/>
        <source>About halo_wizard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewModel</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="214"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="215"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="216"/>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="217"/>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="218"/>
        <source>Authenticated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="219"/>
        <source>Customer
→ supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="220"/>
        <source>Supplier
→ customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="221"/>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="222"/>
        <source>Last checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="223"/>
        <source>End-to-end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="224"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="225"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="231"/>
        <source>Whether both profiles authenticate with the other instance (Authenticate connection); the tooltip says each way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="235"/>
        <source>Whether the supplier profile in the customer&apos;s instance authenticates with the supplier&apos;s instance (Authenticate connection)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="239"/>
        <source>Whether the customer profile in the supplier&apos;s instance authenticates with the customer&apos;s instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="243"/>
        <source>The last drift check: do the instances still hold what the plan says?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="245"/>
        <source>When the last drift check ran (this computer&apos;s time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="246"/>
        <source>The last end-to-end test with a real test ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="247"/>
        <source>Whether the signed report still describes the configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="248"/>
        <source>What needs doing next, most urgent first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="254"/>
        <source>Fix the plan file: it cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="255"/>
        <source>Open your partner&apos;s file (the exchange) to go on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="256"/>
        <source>Finish step {step}, {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="257"/>
        <source>Redo step {step}, {title}: {changed} changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="258"/>
        <source>Redo step {step}, {title}: the connection test fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="259"/>
        <source>Redo step {step}, Credential swap: {ways} fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="261"/>
        <source>Check for drift again: the plan changed since it drifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="264"/>
        <source>Rerun the end-to-end test: {count} test record(s) left behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="266"/>
        <source>Open the plan and fix the drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="267"/>
        <source>Open the plan and fix {count} drifts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="268"/>
        <source>Check again: the last check could not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="269"/>
        <source>Run the end-to-end test (step {step})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="270"/>
        <source>Fix and rerun the end-to-end test: it failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="271"/>
        <source>Rerun the end-to-end test: {changed} changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="272"/>
        <source>Export the report (step {step})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="273"/>
        <source>Export the report again: {changed} changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="274"/>
        <source>Check for drift (never checked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="275"/>
        <source>Check for drift again: the plan changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="276"/>
        <source>Nothing to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="289"/>
        <source>Shared list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="291"/>
        <source>Sync, two orgs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="291"/>
        <source>Ticket sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="300"/>
        <source>{kind}: {customer} ({customer_url}) sends to {supplier} ({supplier_url})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="308"/>
        <source>Fingerprint {short}… · file {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="320"/>
        <source>Only instance B signs in to instance A for a shared list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="323"/>
        <source>partner&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="325"/>
        <source>This profile lives in your partner&apos;s instance: their admin tests it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="328"/>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="357"/>
        <source>untested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="328"/>
        <source>Never authenticated yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="330"/>
        <source>credential swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="331"/>
        <source>drift check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="332"/>
        <source>connection test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="335"/>
        <source>Authenticated on {when} ({by}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="336"/>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="354"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="337"/>
        <source>Did not authenticate on {when} ({by}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="338"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="347"/>
        <source>Customer → supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="347"/>
        <source>Supplier → customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="352"/>
        <source>fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="356"/>
        <source>one way</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="362"/>
        <source>checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="362"/>
        <source>Being checked now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="365"/>
        <source>unchecked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="367"/>
        <source>No drift check has run for this plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="370"/>
        <source>no drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="373"/>
        <source>drifted ({n})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="375"/>
        <source>records left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="379"/>
        <source>could not check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="380"/>
        <source>Checked on {when}: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="384"/>
        <source>Stale: the plan changed since this check; check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="385"/>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="408"/>
        <source>{result}, stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="390"/>
        <source>A shared ticket list has no end-to-end test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="393"/>
        <source>never run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="395"/>
        <source>The end-to-end test has not run (step 10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="399"/>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="400"/>
        <source>Passed on {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="402"/>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="403"/>
        <source>Failed on {when}: step 10 shows which hop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="405"/>
        <source>Stale: {what} changed since the test ran.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="410"/>
        <source>Made by an older version: its configuration is not known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="415"/>
        <source>A shared ticket list has no report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="418"/>
        <source>not made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="420"/>
        <source>The report has not been made (step 11).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="424"/>
        <source>Made on {when}; {what} changed since: export it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="427"/>
        <source>stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="428"/>
        <source>Made on {when} for this configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="429"/>
        <source>current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_model.py" line="445"/>
        <source>cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewTable</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/overview_table.py" line="56"/>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PartnerChanges</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="52"/>
        <source>What your partner&apos;s admin does on {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="59"/>
        <source>halo_wizard does not change your partner&apos;s instance: their own halo_wizard does this on their side, from the file you send them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PermissionsPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="40"/>
        <source>Permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="42"/>
        <source>Before anything is written, the wizard reads every list the later steps use on each side and judges each change from the application&apos;s scopes and its agent: nothing is written to test it. Whatever fails is listed with exactly what to grant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="50"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="53"/>
        <source>Test every capability on both instances again, after granting what was missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="57"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="57"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="57"/>
        <source>Needed for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="60"/>
        <source>What to grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="63"/>
        <source>Go on anyway with the listed risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="65"/>
        <source>Later steps may fail where a permission is missing; nothing is hidden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="82"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="91"/>
        <source>Checking permissions on both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="116"/>
        <source>{n} permission missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="117"/>
        <source>{n} permissions missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="127"/>
        <source>customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="127"/>
        <source>supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="137"/>
        <source>Grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="150"/>
        <source>{n} permission is missing; nothing has been written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="151"/>
        <source>{n} permissions are missing; nothing has been written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="159"/>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="160"/>
        <source>No permission is missing; {n} could not be tested yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="165"/>
        <source>All {n} checks passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="178"/>
        <source>{passed} of {total} passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="182"/>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="184"/>
        <source>Missing: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/permissions.py" line="185"/>
        <source>Unknown: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProbeDialog</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="430"/>
        <source>Copy as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="433"/>
        <source>The verdicts, the product and its version: no address, tenant, name or secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="444"/>
        <source>What {name} answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/instance_form.py" line="447"/>
        <source>Each assumption halo_wizard makes about Halo, checked against {name} with read requests only. &apos;Copy as JSON&apos; copies a report you can send to halo_wizard&apos;s makers: it holds the product and version, never an address, tenant, name or secret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfileBox</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="33"/>
        <source>the profile&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="37"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="54"/>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="56"/>
        <source>Tickets can only be created in the supplier&apos;s instance. So the customer&apos;s instance holds a supplier profile for the supplier, and the supplier&apos;s instance a customer profile for the customer; both allow API access. An existing record of the same name is used; pick a similar name from the list to use that one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="75"/>
        <source>Looking for the profiles in both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="84"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="90"/>
        <source>Supplier profile in {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="92"/>
        <source>Customer profile in {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="94"/>
        <source>Represents {other} in {holder}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="113"/>
        <source>Not found in {instance}: it will be created, with API access on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="118"/>
        <source>Found “{name}” (record {id}); API access is off and will be turned on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/profiles.py" line="120"/>
        <source>Found “{name}” (record {id}); API access is on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="138"/>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="140"/>
        <source>A PDF both parties can read and sign: the instances, every mapping in both directions, the action check&apos;s findings, the end-to-end result and a fingerprint of the configuration. No secret appears in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="146"/>
        <source>Section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="146"/>
        <source>What it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="150"/>
        <source>What the report will contain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="155"/>
        <source>Export PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="156"/>
        <source>Write the mapping report as a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="158"/>
        <source>Export plan…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="160"/>
        <source>Save the plan without secrets, for another administrator to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="169"/>
        <source>Page size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="170"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="183"/>
        <source>Check for drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="186"/>
        <source>Compare both live instances with this plan: renamed or deleted mapped records, changed action settings, profiles that no longer authenticate, a module off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="193"/>
        <source>Instance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="193"/>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="193"/>
        <source>What changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="193"/>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="198"/>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="203"/>
        <source>Later, check that the instances still hold what this plan set up (the same check as `halo-wizard check`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="260"/>
        <source>The connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="261"/>
        <source>{customer} and {supplier}: API applications and both profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="275"/>
        <source>Mappings {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="276"/>
        <source>{n} mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="276"/>
        <source>{n} mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="282"/>
        <source>Action check findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="302"/>
        <source>Not run: the report will say so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="306"/>
        <source>{n} finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="306"/>
        <source>{n} findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="308"/>
        <source>{n} error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="308"/>
        <source>{n} errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="312"/>
        <location filename="../../halo_wizard/ui/pages/report.py" line="313"/>
        <source>{n} confirmed by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="283"/>
        <source>End-to-end test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="286"/>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="287"/>
        <source>{short} (SHA-256 of the configuration, on every page)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="292"/>
        <source>Sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="292"/>
        <source>A place for both parties to sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="296"/>
        <source>Stale, {what} changed since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="319"/>
        <source>Configuration not recorded: run the check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="321"/>
        <source>Nothing found on this configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="328"/>
        <source>Not run yet: the report will say so</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="332"/>
        <source>{passed} of {total} hops passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="336"/>
        <source>Configuration not recorded: run the test again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="347"/>
        <location filename="../../halo_wizard/ui/pages/report.py" line="361"/>
        <source>action check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="348"/>
        <location filename="../../halo_wizard/ui/pages/report.py" line="362"/>
        <source>end-to-end test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="354"/>
        <source>It was skipped: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="397"/>
        <source>{customer}-{supplier} mapping report {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="419"/>
        <source>Laying out {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="420"/>
        <source>Writing {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="442"/>
        <source>The report was not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="459"/>
        <source>PDF exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="461"/>
        <source>Saved {path} ({n} page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="463"/>
        <source>Saved {path} ({n} pages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="467"/>
        <source>Report saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="467"/>
        <source>Open it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="472"/>
        <source>No program on this computer could open {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="476"/>
        <source>The report could not be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="477"/>
        <source>Show the folder that holds it instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="482"/>
        <source>No program could show its folder either: open {folder} by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="488"/>
        <source>Reading both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="507"/>
        <source>{n} difference(s) from the plan:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="509"/>
        <source>No drift: both instances still hold what this plan set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="512"/>
        <source>{n} test record(s) left behind by an earlier end-to-end test (the next end-to-end test removes them before it starts):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="517"/>
        <source>Could not look for test records: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="540"/>
        <source>Checking for drift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="548"/>
        <source>Export the report?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="549"/>
        <source>The report will say so. Export it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="554"/>
        <source>Export the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="556"/>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="565"/>
        <source>Writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="576"/>
        <source>Export the plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="578"/>
        <source>Plans (*{suffix})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="590"/>
        <source>The plan was not exported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="444"/>
        <location filename="../../halo_wizard/ui/pages/report.py" line="592"/>
        <source>Choose another folder, or check that the file is not open elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/report.py" line="598"/>
        <source>Plan exported to {path}, without secrets: the other administrator imports it on the Connections page and enters their own client secrets.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewApplyPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="48"/>
        <source>Review and apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="50"/>
        <source>The last check before the test: every change the plan still makes to either instance is listed here by step, including what earlier steps left unwritten. When there is something to write, the Apply button writes it; applying again after a stop finishes the rest. Afterwards both instances are read back and compared with the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="60"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="61"/>
        <source>Read both instances again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="62"/>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="366"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="64"/>
        <source>Write every listed change, step by step; a failure stops cleanly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="80"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="80"/>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="80"/>
        <source>After applying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="118"/>
        <source>Reading both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="177"/>
        <source>({n} more like it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="188"/>
        <source>Reading: {step}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="162"/>
        <source>“{name}” in {instance}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="166"/>
        <source>listed after the profile {names} is created (apply first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="168"/>
        <source>listed after the profiles {names} are created (apply first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="172"/>
        <source>the API does not show the secret issued by the {roles} profile: paste it on the Credential swap step (step 5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="232"/>
        <source>{n} change written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="232"/>
        <source>{n} changes written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="258"/>
        <source>{n} change not written: it is marked below. Fix the cause, then press Apply again to finish the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="262"/>
        <source>{n} changes not written: they are marked below. Fix the cause, then press Apply again to finish the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="287"/>
        <source>Read back: the instances hold exactly what the plan says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="293"/>
        <source>Read back: {n} change differs from the plan (listed below).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="294"/>
        <source>Read back: {n} changes differ from the plan (listed below).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="302"/>
        <source>Now that the profiles exist, {n} more change is listed: review it and apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="306"/>
        <source>Now that the profiles exist, {n} more changes are listed: review them and apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="238"/>
        <source>authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="242"/>
        <source>Authentication failed: {reason} Fix it, then apply again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="282"/>
        <source>Settings of mapped actions changed in Halo since they were recorded, and are recorded now as Halo holds them: {lines}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="319"/>
        <source>Suppliers module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="320"/>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="321"/>
        <source>Credential swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="322"/>
        <source>Agents as end users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="323"/>
        <source>Mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="330"/>
        <source>Step {i} of {m}: {step}, {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="336"/>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="343"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="348"/>
        <source>Stopped: {n} change still to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="349"/>
        <source>Stopped: {n} changes still to write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="353"/>
        <source>Nothing left to apply: both instances hold what the plan says</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="356"/>
        <source>Nothing to write until the steps below can be listed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="361"/>
        <source>{n} change to apply: press Apply to write it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="362"/>
        <source>{n} changes to apply: press Apply to write them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="366"/>
        <source>Apply the rest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="372"/>
        <source>{step}: {why}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="412"/>
        <source>{name}: {n} change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="412"/>
        <source>{name}: {n} changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="424"/>
        <source>Step {n}: {title} ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="442"/>
        <source>written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="444"/>
        <source>not written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="479"/>
        <source>Applying {n} change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="479"/>
        <source>Applying {n} changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="494"/>
        <source>Stopped after {n} change was written; the rest are marked below. Press Apply again to finish them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/review_apply.py" line="498"/>
        <source>Stopped after {n} changes were written; the rest are marked below. Press Apply again to finish them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="23"/>
        <source>‹ Back to the mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="25"/>
        <source>Return to the mapping tables without writing anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="28"/>
        <source>Review before writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="31"/>
        <source>Each profile is updated in one request: its mapping tables, defaults and attachment setting become what the plan says. Both profiles are read back afterwards and compared with the plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="40"/>
        <source>Show halo_wizard in Halo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="43"/>
        <source>Halo&apos;s own screen shows how it keeps this value: make one such setting there, and halo_wizard reads it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="47"/>
        <source>Waiting on Halo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="55"/>
        <source>Write mappings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="88"/>
        <source>Not written yet: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="90"/>
        <source>Once in Halo: {instructions}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="92"/>
        <source>Halo&apos;s own screen shows it once you make one such setting there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="96"/>
        <source>Done in Halo: read it back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/review.py" line="96"/>
        <source>Show me how…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="27"/>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="56"/>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="29"/>
        <source>Show or hide the secret on screen (never logged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="35"/>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="66"/>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="36"/>
        <source>Copy the secret to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="56"/>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/secret_field.py" line="61"/>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SentenceLabel</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="76"/>
        <source>Each row: when {sender} uses the value on the left, {receiver} uses the value on the right. Select a row to read it in words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="115"/>
        <source>Suggested: {target}; accept it with Ctrl+Enter or choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="127"/>
        <source>When {sender} sets a ticket to {source}, {receiver} sets it to {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="130"/>
        <source>When {sender} files a ticket under {source}, {receiver} files it under {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="133"/>
        <source>When {sender} updates the field {source}, {receiver} updates {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="136"/>
        <source>When {sender} adds the action {source}, {receiver} adds {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="139"/>
        <source>When {sender} sends a {source} ticket, {receiver} logs it as {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="147"/>
        <source>When {sender} sets a ticket to {source}, {receiver} leaves the status as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="151"/>
        <source>When {sender} files a ticket under {source}, {receiver} leaves the category as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="155"/>
        <source>When {sender} updates the field {source}, {receiver} updates no field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="159"/>
        <source>When {sender} adds the action {source}, {receiver} adds the default action {default}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="163"/>
        <source>When {sender} adds the action {source}, nothing arrives in {receiver} (there is no default action).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="168"/>
        <source>When {sender} sends a {source} ticket, {receiver} logs it as the default type {default}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/sentence.py" line="172"/>
        <source>When {sender} sends a {source} ticket, {receiver} logs it with no type: map it or choose a default type.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <location filename="../../halo_wizard/ui/sidebar.py" line="107"/>
        <source>‹ All plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/sidebar.py" line="110"/>
        <source>⇄ Exchange with your partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/sidebar.py" line="114"/>
        <source>The invitation and the reply you and your partner&apos;s admin exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/sidebar.py" line="164"/>
        <source>No plan open</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaleBanner</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/base.py" line="52"/>
        <source>Run this step again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/base.py" line="54"/>
        <source>Run again, in order: {steps}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/base.py" line="66"/>
        <source>&lt;b&gt;Stale.&lt;/b&gt; {why} {run}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SuppliersModulePage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="22"/>
        <source>Suppliers module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="24"/>
        <source>Ticket sync runs through supplier and customer profiles, so the Suppliers module must be on in both instances (Configuration, the “+” on the Suppliers module).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="30"/>
        <source>Where it stands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="43"/>
        <source>Reading the modules of both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="54"/>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="61"/>
        <source>customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="61"/>
        <source>supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="65"/>
        <source>{instance} ({role}): the Suppliers module is not listed. Check that the application&apos;s agent may read the modules (step 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="69"/>
        <source>{instance} ({role}): on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/suppliers_module.py" line="72"/>
        <source>{instance} ({role}): off, will be turned on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurveyPage</name>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="79"/>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="80"/>
        <source>Read both instances again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="103"/>
        <source>Reading both instances…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="150"/>
        <source>your partner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="155"/>
        <source>Nothing to change on your side: {instance} is set up as needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="171"/>
        <source>Checking both instances again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="185"/>
        <source>{n} change written before it stopped; the rest are listed below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="186"/>
        <source>{n} changes written before it stopped; the rest are listed below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="193"/>
        <source>{n} change written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="193"/>
        <source>{n} changes written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="196"/>
        <source>Checked again: nothing is left to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="198"/>
        <source>Checked again: some changes did not read back as written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="217"/>
        <source>Writing {n} change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/pages/survey_page.py" line="217"/>
        <source>Writing {n} changes…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TargetDelegate</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/delegates.py" line="113"/>
        <source>— not mapped —</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TaskPanel</name>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="93"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="95"/>
        <source>Stop the running job; what was already written stays written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="152"/>
        <source>%v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="181"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="182"/>
        <source>The action was stopped before it finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="183"/>
        <source>Run it again when you are ready; it continues safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/widgets/task_panel.py" line="220"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WriteBar</name>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="20"/>
        <source>Read again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="21"/>
        <source>Read both instances again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="22"/>
        <source>Review and write…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="24"/>
        <source>List every change to both profiles before anything is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="34"/>
        <source>Nothing read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="41"/>
        <source>The profile in {where} is not there yet: finish step 4 (Profiles) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="48"/>
        <source>{profile} in {instance} ({count} settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="53"/>
        <source>To write: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="57"/>
        <source>Not written yet: {instance} has not shown halo_wizard how Halo keeps these values. Review to see the one step to take in Halo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="62"/>
        <source>Nothing mapped yet: Auto-map fills in the values whose names match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="65"/>
        <source>Nothing to write: both instances hold what the plan says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="71"/>
        <source>status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="72"/>
        <source>action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="73"/>
        <source>ticket type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/mapping/write_bar.py" line="75"/>
        <source>Choose a default {what} for {title}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../halo_wizard/ui/app.py" line="122"/>
        <source>temporary: deleted when the demo ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../halo_wizard/ui/app.py" line="169"/>
        <source>Demo: Contoso and Northwind MSP are simulated on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
