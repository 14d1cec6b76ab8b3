"""The action check held to the guide's words (issue 16): on configurations it had never seen,
each rule reports with the severity of seed 001's word ("must", "need", "required", "will not sync"
→ error; "recommend", "should" → warning; guidance → note), names the record it is about and the
setting at fault; R3 compares each value a profile holds with the other instance's own, R5 wants
every default, R11 the log-to-supplier action that cannot send, R13 the action that fails the note
role and why, R14 the e-mail action that would lose the message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rules_fixtures import (
    CUSTOMER,
    SUPPLIER,
    Pair,
    correct_pair,
    matching,
    new_findings,
    of_rule,
    own_addresses,
    show_api_email_field,
)

from halo_wizard.api import constants as C
from halo_wizard.plan.model import MappingKind, Side
from halo_wizard.rules import RULES, Finding, Outcome, Severity, rule_by_id
from halo_wizard.rules.model import GUIDE_WORDS
from halo_wizard.rules.rules import _canonical
from halo_wizard.steps import unknowns

A, B = Side.CUSTOMER, Side.SUPPLIER
GUIDE = sorted(Path("/work/shared/seeds").glob("001_*.md"))


def only(findings: list[Finding], rule: str, severity: str, instance: str, record: str) -> Finding:
    """The one new finding of `rule` about `record`, with the severity and instance given."""
    hits = [f for f in new_findings(findings) if f.rule == rule and f.record == record]
    assert hits, f"no new {rule} finding about {record!r}: {of_rule(findings, rule)}"
    assert len(hits) == 1, [f.message for f in hits]
    hit = hits[0]
    assert (hit.severity.value, hit.instance) == (severity, instance), (hit.severity, hit.message)
    assert hit.fix, hit
    return hit


# ---- R3: each value a profile holds, against the other instance's own -------------------------


def test_r3_a_resource_server_of_another_instance_is_named_even_with_a_field_missing() -> None:
    pair = correct_pair()
    profile = pair.profile(A)
    # Authenticated (the flag says so) and the Client ID gone: the address is still compared.
    profile[C.PROFILE_REMOTE_CLIENT_ID] = ""
    profile[C.PROFILE_REMOTE_API_URL] = "https://fabrikam.halopsa.com/api"
    findings = pair.check(with_plan=True)
    api_url, _auth, _tenant = own_addresses(pair, B)
    wrong = [
        f
        for f in matching(findings, "R3", "error", CUSTOMER, SUPPLIER)
        if "Resource Server" in f.message
    ]
    assert len(wrong) == 1, of_rule(findings, "R3")
    assert "https://fabrikam.halopsa.com/api" in wrong[0].message and api_url in wrong[0].message
    assert f"Resource Server: {api_url}" in wrong[0].fix
    assert any("no Client ID" in f.message for f in matching(findings, "R3", "error"))


def test_r3_the_tenant_is_compared_with_the_other_instance_s_own_while_authenticated() -> None:
    pair = correct_pair()
    pair.profile(B)[C.PROFILE_REMOTE_TENANT] = "CONTOSO-old"
    assert pair.profile(B)[C.PROFILE_VALIDATED] is True
    hit = only(pair.check(), "R3", "error", SUPPLIER, CUSTOMER)
    assert "Tenant" in hit.message and "'CONTOSO-old'" in hit.message
    assert "'contoso'" in hit.message  # Contoso's own tenant_id
    assert hit.fix.endswith("Tenant: contoso")
    assert hit.said is not None and hit.said.word == "need"


def test_r3_a_base_address_without_auth_is_named_and_case_or_a_slash_are_not() -> None:
    pair = correct_pair()
    api_url, auth_url, _tenant = own_addresses(pair, B)
    profile = pair.profile(A)
    # What Halo treats as the same address: another case, a trailing slash.
    profile[C.PROFILE_REMOTE_API_URL] = api_url.upper() + "/"
    assert not matching(pair.check(with_plan=True), "R3"), of_rule(pair.check(), "R3")
    # The base address typed where the Authorisation Server belongs.
    profile[C.PROFILE_REMOTE_AUTH_URL] = auth_url.removesuffix("/auth") + "/"
    hits = matching(pair.check(with_plan=True), "R3", "error", CUSTOMER, SUPPLIER)
    assert len(hits) == 1, [f.message for f in hits]
    assert "Authorisation Server" in hits[0].message and "'/auth' is missing" in hits[0].message
    assert auth_url in hits[0].message


def test_r3_the_client_id_names_both_values() -> None:
    pair = correct_pair()
    issued = pair.profile(B)[C.PROFILE_ISSUED_CLIENT_ID]
    pair.profile(A)[C.PROFILE_REMOTE_CLIENT_ID] = "11111111-2222-4333-8444-555555555555"
    hit = only(pair.check(), "R3", "error", CUSTOMER, SUPPLIER)
    assert "Client ID" in hit.message and issued in hit.message
    assert "11111111-2222-4333-8444-555555555555" in hit.message
    assert "secret" not in hit.message.casefold()  # a secret is never named, only its field


def test_r3_addresses_are_compared_the_way_halo_reads_them() -> None:
    assert _canonical("HTTPS://Acme.HaloPSA.com:443/API/") == "https://acme.halopsa.com/api"
    assert _canonical("http://127.0.0.1:8080/api") != _canonical("http://127.0.0.1:8081/api")
    assert _canonical("https://acme.halopsa.com") != _canonical("https://acme.halopsa.com/api")


# ---- R5: every default the guide asks for -------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "receiver", "words"),
    [
        (C.DEFAULT_STATUS, B, "no default status"),
        (C.DEFAULT_STATUS, A, "no default status"),
        (C.DEFAULT_TICKET_TYPE, B, "no default ticket type"),
        (C.DEFAULT_ACTION, B, "no default action"),
    ],
    ids=["status, customer profile", "status, supplier profile", "ticket type", "action"],
)
def test_r5_a_missing_default_is_an_error(field: str, receiver: Side, words: str) -> None:
    pair = correct_pair()
    pair.profile(receiver)[field] = None
    instance = CUSTOMER if receiver is A else SUPPLIER
    record = SUPPLIER if receiver is A else CUSTOMER
    hit = only(pair.check(), "R5", "error", instance, record)
    assert words in hit.message and "is empty" in hit.message
    assert hit.said is not None and hit.said.word in ("need", "will not sync")


def test_r5_an_empty_status_table_is_an_error() -> None:
    pair = correct_pair()
    pair.profile(B)[C.MAPPING_STATUS] = []
    hit = only(pair.check(), "R5", "error", SUPPLIER, CUSTOMER)
    assert "Status Mappings is empty" in hit.message


# ---- R11: a log-to-supplier action that cannot send --------------------------------------------


def test_r11_log_to_supplier_actions_hidden_from_agents_cannot_send() -> None:
    pair = correct_pair()
    for name in ("Escalate to Northwind MSP", "Log to supplier"):
        pair.action(A, name)[C.OUTCOME_HIDDEN] = True
    findings = pair.check()
    for name in ("Escalate to Northwind MSP", "Log to supplier"):
        hit = only(findings, "R11", "error", CUSTOMER, name)
        assert "hidden from agents" in hit.message and "(Hidden: Yes)" in hit.message
        assert hit.fix.endswith("Hidden: No")


def test_r11_a_retired_hidden_copy_is_not_reported_when_another_can_send() -> None:
    pair = correct_pair()
    pair.action(A, "Log to supplier")[C.OUTCOME_HIDDEN] = True
    assert not matching(new_findings(pair.check()), "R11")


def test_r11_each_log_action_that_cannot_send_is_an_error_beside_a_working_one() -> None:
    pair = correct_pair()
    # The out-of-the-box one still works; the connection's own copy lost its settings.
    action = pair.action(A, "Escalate to Northwind MSP")
    action[C.OUTCOME_SEND_EMAIL] = C.SENDEMAIL_NO
    pair.action_fields(A, "Escalate to Northwind MSP", [C.ACTION_FIELD_NOTE])
    findings = [f for f in new_findings(pair.check()) if f.rule == "R11"]
    by_setting = {
        f.said.word if f.said else "": f
        for f in findings
        if f.record == "Escalate to Northwind MSP"
    }
    email = next(f for f in findings if "Send an email is No" in f.message)
    supplier = next(f for f in findings if "no Supplier field" in f.message)
    assert (email.severity, supplier.severity) == (Severity.ERROR, Severity.ERROR)
    assert email.fix.endswith("Send an email: Yes")
    assert supplier.fix.endswith("Field list: add 'Supplier'")
    assert set(by_setting) == {"must"}


def test_r11_the_recommended_note_field_is_a_warning() -> None:
    pair = correct_pair()
    pair.action_fields(A, "Escalate to Northwind MSP", [C.ACTION_FIELD_SUPPLIER])
    pair.action_fields(A, "Log to supplier", [C.ACTION_FIELD_SUPPLIER])
    hit = only(pair.check(), "R11", "warning", CUSTOMER, "Escalate to Northwind MSP")
    assert "no Note field" in hit.message and hit.fix.endswith("Field list: add 'Note'")


# ---- R13: the action that fails the customer's note role, and why -----------------------------


def test_r13_names_the_note_action_that_sends_e_mail_and_the_setting() -> None:
    pair = correct_pair()
    pair.action(A, "Private note to Northwind MSP")[C.OUTCOME_SEND_EMAIL] = C.SENDEMAIL_YES
    hit = only(pair.check(), "R13", "error", CUSTOMER, "Private note to Northwind MSP")
    assert "No action of Contoso sends private notes to Northwind MSP" in hit.message
    assert "it sends an e-mail itself (Send an email: Yes)" in hit.message
    assert hit.fix.startswith("Configuration > Tickets > Actions > Private note to Northwind MSP")
    assert "Send an email No" in hit.fix
    assert (
        hit.locator is not None
        and hit.locator.record_id == pair.action(A, "Private note to Northwind MSP")["id"]
    )


def test_r13_names_the_note_action_that_is_not_sent_and_the_setting() -> None:
    pair = correct_pair()
    action = pair.action(A, "Private note to Northwind MSP")
    action[C.SYNC_TO_HALO] = C.SYNC_NO
    action[C.OUTCOME_DEFAULT_SEND_TO_HALO] = False
    pair.action_fields(A, "Private note to Northwind MSP", [C.ACTION_FIELD_NOTE])
    hit = only(pair.check(), "R13", "error", CUSTOMER, "Private note to Northwind MSP")
    assert "it is not sent to Northwind MSP (Send to Connected Halo Instance: No" in hit.message


def test_r13_a_note_arriving_as_an_e_mail_action_is_named_with_the_mapping() -> None:
    pair = correct_pair()
    private = pair.action(A, "Private note to Northwind MSP")["id"]
    pair.map_row(B, MappingKind.ACTION, private, pair.action(B, "Email User")["id"])
    hit = only(pair.check(), "R13", "error", CUSTOMER, "Private note to Northwind MSP")
    assert "arrives in Northwind MSP as 'Email User', which sends an e-mail" in hit.message


def test_r13_a_visible_private_note_is_a_warning_it_was_recommended_hidden() -> None:
    pair = correct_pair()
    pair.action(A, "Private note to Northwind MSP")[C.OUTCOME_HIDE_FROM_USER] = False
    hit = only(pair.check(), "R13", "warning", CUSTOMER, "Private note to Northwind MSP")
    assert "(Hide from user: No)" in hit.message and hit.fix.endswith("Hide from user: Yes")


# ---- R14: the e-mail action that would lose the message ----------------------------------------


def test_r14_an_e_mail_action_that_does_not_send_through_the_api_is_an_error() -> None:
    pair = correct_pair()
    show_api_email_field(pair, A)
    pair.action(A, "Email User")[unknowns.EMAIL_AUTO_FORWARD] = False
    hit = only(pair.check(), "R14", "error", CUSTOMER, "Email User")
    assert not hit.manual
    assert "never gets the message" in hit.message
    assert hit.fix.endswith(
        "Send an email when this action is created using the Supplier/Organisation API "
        "connection: Yes"
    )
    # Turned on, nothing is left to say of it.
    pair.action(A, "Email User")[unknowns.EMAIL_AUTO_FORWARD] = True
    assert not matching(pair.check(), "R14", instance=CUSTOMER)


def test_r14_a_row_read_without_the_setting_is_a_check_by_hand_not_a_pass_or_a_no() -> None:
    pair = correct_pair()
    show_api_email_field(pair, A)
    pair.action(A, "Email User").pop(unknowns.EMAIL_AUTO_FORWARD, None)
    hits = matching(pair.check(), "R14", "error", CUSTOMER, "Email User")
    assert len(hits) == 1 and hits[0].outcome is Outcome.CONFIRM_BY_HAND
    assert hits[0].blocking
    assert "the API does not show that setting" in hits[0].message


def test_r14_the_indirect_e_mail_action_needs_note_and_must_be_visible() -> None:
    pair = correct_pair()
    pair.action_fields(B, "Indirect email to end user", [C.ACTION_FIELD_SEND_TO_HALO])
    hit = only(pair.check(), "R14", "error", SUPPLIER, "Indirect email to end user")
    assert "lacks Note" in hit.message
    pair = correct_pair()
    pair.action(B, "Indirect email to end user")[C.OUTCOME_HIDE_FROM_USER] = True
    findings = pair.check()
    hidden = [f for f in new_findings(findings) if f.rule == "R14" and "hidden" in f.message]
    assert [(f.severity, f.record) for f in hidden] == [
        (Severity.ERROR, "Indirect email to end user")
    ]
    assert hidden[0].fix.endswith("Hide from user: No")


# ---- every rule's severity is its word's ------------------------------------------------------


def test_the_words_give_the_severities_the_issue_lists() -> None:
    for word in ("must", "need", "required", "will not sync"):
        assert GUIDE_WORDS[word] is Severity.ERROR, word
    for word in ("recommend", "should"):
        assert GUIDE_WORDS[word] is Severity.WARNING, word
    assert GUIDE_WORDS["guidance"] is Severity.INFO


def test_every_rule_records_the_guide_s_sentences_and_its_docstring_says_so() -> None:
    guide = " ".join(GUIDE[0].read_text(encoding="utf-8").split()) if GUIDE else ""
    for number in range(1, 19):
        rule = rule_by_id(f"R{number}")
        assert rule.said, rule.id
        assert (rule.run.__doc__ or "").startswith(f"{rule.id}. "), rule.id
        for said in rule.said:
            assert said.word in GUIDE_WORDS, (rule.id, said.word)
            assert said.severity is GUIDE_WORDS[said.word]
            assert said.values, (rule.id, said.sentence)
            if guide:  # the guide is the project's shared specification (not in the repo)
                assert " ".join(said.sentence.split()) in guide, (rule.id, said.sentence)
            if said.word not in ("guidance", "instruction"):
                stem = said.word.split()[0][:5]  # "ensure" is "ensuring" in one sentence
                assert re.search(re.escape(stem), said.sentence, re.I), (
                    rule.id,
                    said.word,
                    said.sentence,
                )


def _broken_pairs() -> list[Pair]:
    """The configurations of this file (and the correct one), for the severity check."""
    pairs = [correct_pair()]

    def edit(change: object) -> None:
        pair = correct_pair()
        assert callable(change)
        change(pair)
        pairs.append(pair)

    edit(lambda p: p.profile(A).update({C.PROFILE_REMOTE_API_URL: "https://x.example/api"}))
    edit(lambda p: p.profile(B).update({C.DEFAULT_STATUS: None, C.DEFAULT_TICKET_TYPE: None}))
    edit(lambda p: p.profile(A).update({C.DEFAULT_ACTION: None, C.MAPPING_ACTION: []}))
    edit(lambda p: p.action(A, "Escalate to Northwind MSP").update({C.OUTCOME_HIDDEN: True}))
    edit(lambda p: p.action(A, "Log to supplier").update({C.OUTCOME_SEND_EMAIL: 0}))
    edit(lambda p: p.action(A, "Private note to Northwind MSP").update({"sendemail": 1}))
    edit(lambda p: p.action(A, "Private note to Northwind MSP").update({"hidefromuser": False}))
    edit(lambda p: p.action(B, "Note to Contoso").update({"hidefromuser": True, "systemid": 3}))
    edit(lambda p: p.action(B, "Indirect email to end user").update({"sendemail": 1}))
    edit(lambda p: p.action(B, "Resolve third party ticket").update({"newstatus": None}))
    edit(lambda p: p.action(B, "Resolve third party ticket").update({C.SYNC_TO_HALO: 0}))
    edit(lambda p: p.action(A, "Internal Note").update({C.SYNC_TO_HALO: C.SYNC_SUPPLIER}))
    edit(lambda p: p.one(B, "Features", "module_name", "Suppliers").update({"enabled": False}))
    edit(lambda p: p.records(A, "Supplier").remove(p.profile(A)))
    return pairs


def test_every_finding_of_r1_to_r18_has_the_severity_of_the_sentence_it_is_made_against() -> None:
    seen: set[str] = set()
    for pair in _broken_pairs():
        for with_plan in (False, True):
            for finding in pair.check(with_plan=with_plan):
                if not finding.rule.startswith("R"):
                    continue
                seen.add(finding.rule)
                rule = rule_by_id(finding.rule)
                assert finding.said is not None, finding
                assert finding.said in rule.said, (finding.rule, finding.said.sentence)
                if finding.confirmed is None:
                    assert finding.severity is finding.said.severity, (
                        finding.rule,
                        finding.record,
                        finding.message,
                    )
    # Most rules spoke on these configurations (R7 and R17 need field mappings or AI settings).
    assert len(seen) >= 14, sorted(seen)
    assert {r.id for r in RULES if r.id.startswith("R")} >= seen
