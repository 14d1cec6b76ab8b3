"""Auto-mapping: exact and near-exact names, hard near-misses, the field type rule, ties, edges."""

from __future__ import annotations

import random

import pytest

from halo_wizard.plan.automap import (
    Choice,
    FieldOption,
    Match,
    MatchQuality,
    auto_map,
    changes_meaning,
    fields_compatible,
    is_mappable_field,
    normalise,
    propose_field_mappings,
    summary,
    word_order_key,
)
from halo_wizard.simulator import demo

EXACT = MatchQuality.EXACT
NEAR = MatchQuality.NEAR
WEAK = MatchQuality.WEAK
NONE = MatchQuality.NONE


def choices(*names: str, start: int = 1) -> list[Choice]:
    return [Choice(start + i, name) for i, name in enumerate(names)]


def by_source(matches: list[Match]) -> dict[str, tuple[str | None, MatchQuality]]:
    return {m.source.name: (m.target.name if m.target else None, m.quality) for m in matches}


def one(source: str, *targets: str) -> Match:
    [match] = auto_map([Choice(1, source)], choices(*targets, start=100))
    return match


# ---- The hard near-misses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "targets", "expected", "quality"),
    [
        ("Closed", ["Closed - Duplicate", "Closed"], "Closed", EXACT),
        ("Resolved", ["Resolve"], "Resolve", NEAR),
        ("Waiting on Customer", ["Awaiting Customer"], "Awaiting Customer", WEAK),
        ("Email User", ["E-mail user"], "E-mail user", NEAR),
        ("Status: In Progress", ["In Progress"], "In Progress", NEAR),
        ("Hardware>Laptop", ["Hardware > Laptops"], "Hardware > Laptops", NEAR),
        ("Cost Centre", ["Cost Center"], "Cost Center", NEAR),
        ("Change Request", ["Request Change"], "Request Change", NEAR),
        ("Follow up", ["Follow-up"], "Follow-up", NEAR),
        ("Action: Log To Supplier", ["Log to supplier"], "Log to supplier", NEAR),
        ("Hardware & Software", ["Hardware and Software"], "Hardware and Software", NEAR),
        ("CFCostCentre", ["Cost Centre"], "Cost Centre", NEAR),
        ("2nd Line Support", ["Second Line Support"], "Second Line Support", NEAR),
        ("Waiting on Customer", ["Waiting for Customer"], "Waiting for Customer", NEAR),
        ("Open", ["Opened"], "Opened", WEAK),
    ],
)
def test_hard_near_misses_find_the_right_target(
    source: str, targets: list[str], expected: str, quality: MatchQuality
) -> None:
    match = one(source, *targets)
    assert match.target is not None
    assert match.target.name == expected
    assert match.quality is quality
    assert match.applied is (quality in (EXACT, NEAR))


@pytest.mark.parametrize(
    ("source", "targets"),
    [
        ("Closed", ["Closed - Duplicate"]),
        ("Closed - Duplicate", ["Closed"]),
        ("New", ["Renew"]),
        ("Renew", ["New"]),
        ("Open", ["Re-Open"]),
        ("Re-Open", ["Open"]),
        ("Priority 1", ["Priority 2"]),
        ("Priority 1", ["Priority 2", "Priority 3", "Priority 10"]),
        ("P1 - Critical", ["P2 - Critical"]),
        ("Active", ["Inactive"]),
        ("Billable", ["Not Billable"]),
        ("Assigned", ["Unassigned"]),
        ("Hardware>Laptop", ["Laptop>Hardware"]),
        ("Hardware", ["Software"]),
    ],
)
def test_near_misses_that_must_not_pair(source: str, targets: list[str]) -> None:
    match = one(source, *targets)
    assert match.target is None
    assert match.quality is NONE
    assert not match.applied
    assert match.score == 0.0


def test_closed_prefers_the_exact_name_over_a_longer_one_whatever_the_order() -> None:
    for targets in (["Closed - Duplicate", "Closed"], ["Closed", "Closed - Duplicate"]):
        match = one("Closed", *targets)
        assert match.target is not None and match.target.name == "Closed"


def test_only_one_side_with_a_number_is_at_best_a_suggestion() -> None:
    match = one("Tier 1 Support", "Tier Support")
    assert match.score >= 90  # close enough for NEAR by score alone
    assert match.quality is WEAK
    assert not match.applied


def test_same_numbers_still_match() -> None:
    match = one("Priority 1", "Priority 2", "priority 1", "Priority 3")
    assert match.target is not None and match.target.name == "priority 1"
    assert match.quality is EXACT


# ---- Realistic name sets: a HaloITSM side and a HaloPSA side -------------------------------------

ITSM_STATUSES = [
    "New",
    "In Progress",
    "Waiting on User",
    "With Supplier",
    "On Hold",
    "Resolved",
    "Closed",
    "Cancelled",
    "Pending Approval",
    "Re-Opened",
    "Awaiting Change Board",
]
PSA_STATUSES = [
    "New",
    "In Progress",
    "Waiting on Customer",
    "Waiting on Third Party",
    "On-Hold",
    "Resolved",
    "Closed",
    "Canceled",
    "Pending Approvals",
    "Reopened",
    "Scheduled",
    "Customer Responded",
]


def test_statuses_itsm_to_psa() -> None:
    matches = auto_map(choices(*ITSM_STATUSES), choices(*PSA_STATUSES, start=100))
    got = by_source(matches)
    assert got == {
        "New": ("New", EXACT),
        "In Progress": ("In Progress", EXACT),
        "Waiting on User": ("Waiting on Customer", WEAK),
        "With Supplier": (None, NONE),
        "On Hold": ("On-Hold", NEAR),
        "Resolved": ("Resolved", EXACT),
        "Closed": ("Closed", EXACT),
        "Cancelled": ("Canceled", NEAR),
        "Pending Approval": ("Pending Approvals", NEAR),
        "Re-Opened": ("Reopened", NEAR),
        "Awaiting Change Board": (None, NONE),
    }
    assert summary(matches) == (8, 11)


ITSM_ACTIONS = [
    "Private Note",
    "Email User",
    "Log to Supplier",
    "Note to MSP",
    "Re-Open",
    "Change Status",
    "Approve",
    "Close Ticket",
    "Add Attachments",
]
PSA_ACTIONS = [
    "Private Note",
    "Internal Note",
    "E-mail User",
    "Note from Customer",
    "Indirect email to end user",
    "Resolve Third Party Ticket",
    "Reopen",
    "Status Change",
    "Approval",
    "Close",
    "Add Attachment",
    "Update Customer",
]


def test_actions_itsm_to_psa() -> None:
    got = by_source(auto_map(choices(*ITSM_ACTIONS), choices(*PSA_ACTIONS, start=100)))
    assert got == {
        "Private Note": ("Private Note", EXACT),
        "Email User": ("E-mail User", NEAR),
        "Log to Supplier": (None, NONE),
        "Note to MSP": (None, NONE),
        "Re-Open": ("Reopen", NEAR),
        "Change Status": ("Status Change", NEAR),
        "Approve": ("Approval", WEAK),
        "Close Ticket": (None, NONE),
        "Add Attachments": ("Add Attachment", NEAR),
    }


ITSM_CATEGORIES = [
    "Hardware>Laptop",
    "Hardware>Desktop",
    "Software>Microsoft Office",
    "Network>Wi-Fi",
    "Access>New Starter",
    "Access>Leaver",
    "Email>Mailbox Full",
    "Facilities>Building Maintenance",
]
PSA_CATEGORIES = [
    "Hardware > Laptops",
    "Hardware > Desktops",
    "Hardware > Printers",
    "Software > Microsoft 365",
    "Network > WiFi",
    "Access > New Starters",
    "Access > Leavers",
    "E-mail > Mailbox",
]


def test_categories_itsm_to_psa() -> None:
    got = by_source(auto_map(choices(*ITSM_CATEGORIES), choices(*PSA_CATEGORIES, start=100)))
    assert got == {
        "Hardware>Laptop": ("Hardware > Laptops", NEAR),
        "Hardware>Desktop": ("Hardware > Desktops", NEAR),
        # under the same parent only the last levels count, and these differ too much
        "Software>Microsoft Office": (None, NONE),
        "Network>Wi-Fi": ("Network > WiFi", NEAR),
        "Access>New Starter": ("Access > New Starters", NEAR),
        "Access>Leaver": ("Access > Leavers", NEAR),
        "Email>Mailbox Full": (None, NONE),
        "Facilities>Building Maintenance": (None, NONE),
    }


@pytest.mark.parametrize(
    ("source", "target", "quality"),
    [
        ("Network>LAN", "Network>VPN", NONE),  # 85 as whole paths, 33 by the last level
        ("Hardware>Server", "Hardware>Printer", NONE),
        ("Resolution>User Error", "Resolution>Customer Error", WEAK),  # 92 as whole paths
        ("Access>Password Reset", "Accounts>Password Reset", WEAK),  # parents differ
        ("Hardware>Laptop>Screen", "Hardware > Laptops > Screens", NEAR),
    ],
)
def test_category_paths_under_one_parent_are_told_apart_by_the_last_level(
    source: str, target: str, quality: MatchQuality
) -> None:
    match = one(source, target)
    assert match.quality is quality
    assert (match.target is None) is (quality is NONE)


def test_psa_to_itsm_direction_is_as_sensible() -> None:
    got = by_source(auto_map(choices(*PSA_STATUSES), choices(*ITSM_STATUSES, start=100)))
    assert got["On-Hold"] == ("On Hold", NEAR)
    assert got["Canceled"] == ("Cancelled", NEAR)
    assert got["Reopened"] == ("Re-Opened", NEAR)
    assert got["Waiting on Third Party"][1] is not NEAR
    assert got["Scheduled"] == (None, NONE)


# ---- Fields: the type rule and the mappable fields (rule R7) ------------------------------------

ITSM_FIELDS = [
    FieldOption(1, "summary", "Summary", 0, custom=False),
    FieldOption(2, "details", "Details", 1, custom=False),
    FieldOption(3, "startdate", "Start Date", 4, custom=False),
    FieldOption(4, "targetdate", "Target Date", 4, custom=False),
    FieldOption(5, "status", "Status", 2, custom=False),
    FieldOption(10, "CFCostCentre", "Cost Centre", 0, custom=True),
    FieldOption(11, "CFAssetTag", "Asset Tag", 0, custom=True),
    FieldOption(12, "CFDueBack", "Due Back", 4, custom=True),
    FieldOption(13, "CFApprovalRequired", "Approval Required", 6, custom=True),
    FieldOption(14, "CFSummary", "Summary", 1, custom=True),
]
PSA_FIELDS = [
    FieldOption(201, "summary", "Summary", 0, custom=False),
    FieldOption(203, "startdate", "Start Date", 4, custom=False),
    FieldOption(204, "targetdate", "Target Date", 4, custom=False),
    FieldOption(205, "status", "Status", 2, custom=False),
    FieldOption(210, "CFCostCenter", "Cost Center", 0, custom=True),
    FieldOption(211, "CFAssetTag", "Asset Tag", 2, custom=True),  # a select here, text there
    FieldOption(212, "CFDueBack", "Due Back", 4, custom=True),
    FieldOption(213, "CFContractRef", "Contract Ref", 0, custom=True),
]


def test_field_mappings_itsm_to_psa() -> None:
    matches = propose_field_mappings(ITSM_FIELDS, PSA_FIELDS)
    got = {m.source.id: (m.target.id if m.target else None, m.quality) for m in matches}
    assert got == {
        1: (201, EXACT),  # summary to summary
        3: (203, EXACT),
        4: (204, EXACT),
        10: (210, NEAR),  # Cost Centre / Cost Center, both Text
        11: (None, NONE),  # same name, different type
        12: (212, EXACT),
        13: (None, NONE),
        14: (None, NONE),  # a custom field named Summary is not the built-in summary
    }
    # details and status are not mappable and are left out
    assert [m.source.id for m in matches] == [1, 3, 4, 10, 11, 12, 13, 14]
    assert all(m.target is None or m.target.kind == m.source.kind for m in matches)


def test_field_builtin_with_a_different_type_is_not_proposed() -> None:
    odd = [FieldOption(9, "summary", "Summary", 1, custom=False)]
    [match] = propose_field_mappings(ITSM_FIELDS[:1], odd)
    assert match.target is None and match.quality is NONE


def test_fields_never_pair_across_types_even_with_the_same_name() -> None:
    sources = [Choice(1, "Due Date", "Date"), Choice(2, "Reference", "Text")]
    targets = [Choice(10, "Due Date", "Text"), Choice(11, "Reference", "Memo")]
    matches = auto_map(sources, targets, compatible=fields_compatible)
    assert [(m.target, m.quality) for m in matches] == [(None, NONE), (None, NONE)]
    # kinds alone already keep them apart
    assert all(m.target is None for m in auto_map(sources, targets))


def test_fields_compatible_needs_known_equal_types() -> None:
    assert fields_compatible(Choice(1, "a", "Date"), Choice(2, "b", "Date"))
    assert not fields_compatible(Choice(1, "a", "Date"), Choice(2, "b", "Text"))
    assert not fields_compatible(Choice(1, "a", None), Choice(2, "b", None))


def test_mappable_fields() -> None:
    assert [f.id for f in ITSM_FIELDS if is_mappable_field(f)] == [1, 3, 4, 10, 11, 12, 13, 14]


def test_a_field_type_match_wins_over_a_closer_name_of_another_type() -> None:
    sources = [Choice(1, "Cost Centre", "Text")]
    targets = [Choice(10, "Cost Centre", "Single select"), Choice(11, "Cost Centres Code", "Text")]
    [match] = auto_map(sources, targets, compatible=fields_compatible)
    assert match.target is not None and match.target.id == 11
    assert match.quality is not EXACT


# ---- Kinds, callbacks, ties, determinism --------------------------------------------------------


def test_same_kind_preferred_over_kindless() -> None:
    [match] = auto_map(
        [Choice(1, "Due Date", "Date")], [Choice(10, "Due Date"), Choice(11, "Due Date", "Date")]
    )
    assert match.target is not None and match.target.id == 11


def test_kindless_target_accepted_when_no_same_kind() -> None:
    [match] = auto_map([Choice(1, "Due Date", "Date")], [Choice(10, "Due Date")])
    assert match.target is not None and match.target.id == 10 and match.quality is EXACT


def test_tie_breaks_smaller_edit_then_lower_id() -> None:
    [match] = auto_map([Choice(1, "Closed")], [Choice(5, "CLOSED"), Choice(6, "closed")])
    assert match.target is not None and match.target.id == 6
    [match] = auto_map([Choice(1, "Closed")], [Choice(9, "Closed"), Choice(3, "Closed")])
    assert match.target is not None and match.target.id == 3


def test_compatible_callback_vetoes_and_next_best_is_taken() -> None:
    targets = [Choice(10, "Email User"), Choice(11, "E-mail User")]
    [match] = auto_map([Choice(1, "Email User")], targets, compatible=lambda s, t: t.id != 10)
    assert match.target is not None and match.target.id == 11 and match.quality is NEAR


def test_many_sources_may_map_to_one_target() -> None:
    sources = choices("Closed", "closed", "CLOSED ", "Closed.", "Status: Closed", "Closd")
    targets = choices("Open", "Closed", "Closed - Duplicate", start=100)
    matches = auto_map(sources, targets)
    assert {m.target.id for m in matches if m.target} == {101}
    assert summary(matches) == (6, 6)
    assert [m.quality for m in matches] == [EXACT, EXACT, EXACT, NEAR, NEAR, NEAR]


def test_results_are_in_source_order_and_deterministic() -> None:
    sources = choices(*ITSM_STATUSES, *ITSM_ACTIONS, *ITSM_CATEGORIES)
    targets = choices(*PSA_STATUSES, *PSA_ACTIONS, *PSA_CATEGORIES, start=100)
    first = auto_map(sources, targets)
    assert [m.source for m in first] == sources
    assert auto_map(sources, targets) == first
    shuffled = list(targets)
    random.Random(7).shuffle(shuffled)
    again = auto_map(sources, shuffled)
    assert [(m.target, m.quality, m.score) for m in again] == [
        (m.target, m.quality, m.score) for m in first
    ]


def test_duplicate_target_names_resolve_by_id_whatever_the_order() -> None:
    targets = [Choice(7, "In Progress"), Choice(4, "In progress"), Choice(2, "in progress")]
    for order in (targets, targets[::-1]):
        [match] = auto_map([Choice(1, "In Progress")], order)
        assert match.target is not None and match.target.id == 7  # identical spelling first


# ---- Edges ------------------------------------------------------------------------------------


def test_empty_inputs() -> None:
    assert auto_map([], choices("New")) == []
    assert auto_map([], []) == []
    matches = auto_map(choices("New", "Closed"), [])
    assert [(m.target, m.quality, m.applied) for m in matches] == [(None, NONE, False)] * 2
    assert summary([]) == (0, 0)
    assert summary(matches) == (0, 2)
    assert propose_field_mappings([], PSA_FIELDS) == []


def test_punctuation_only_names_match_only_themselves() -> None:
    matches = auto_map(choices("???", "-", ""), choices("???", "--", start=100))
    assert by_source(matches) == {"???": ("???", EXACT), "-": (None, NONE), "": (None, NONE)}


def test_weak_matches_carry_a_target_but_are_not_applied() -> None:
    match = one("Waiting on User", "Waiting on Customer")
    assert match.quality is WEAK and match.target is not None and not match.applied
    assert 80 <= match.score < 90


def test_thresholds_are_checked_and_used() -> None:
    with pytest.raises(ValueError):
        auto_map([], [], near_threshold=50, weak_threshold=60)
    with pytest.raises(ValueError):
        auto_map([], [], near_threshold=101)
    [strict] = auto_map(choices("Resolved"), choices("Resolve"), near_threshold=95)
    assert strict.quality is WEAK
    [loose] = auto_map(
        choices("Waiting on Customer"),
        choices("Awaiting Customer"),
        near_threshold=85,
        weak_threshold=70,
    )
    assert loose.quality is NEAR and loose.applied
    # a weak threshold above the near-exact scores: those are no longer proposed at all
    [picky] = auto_map(
        choices("E-mail User"), choices("Email User"), near_threshold=100, weak_threshold=99
    )
    assert picky.quality is NONE and picky.target is None
    [same] = auto_map(choices("Closed"), choices("closed"), near_threshold=100, weak_threshold=100)
    assert same.quality is EXACT


# ---- Normalisation helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("  Closed  ", "closed"),
        ("Status: In Progress", "in progress"),
        ("Type - Incident", "incident"),
        ("CFCostCentre", "cost center"),
        ("cf_due_date", "due date"),
        ("E-mail User", "email user"),
        ("Hardware>Laptops", "hardware > laptop"),
        ("Hardware >> Laptop >", "hardware > laptop"),
        ("Closed - Duplicate", "closed duplicate"),
        ("Hardware & Software", "hardware and software"),
        ("Customer's Reply", "customer reply"),
        ("Categories", "category"),
        ("Status", "status"),
        ("Organisation Colour", "organization color"),
        ("Priority1", "priority 1"),
        ("Line One", "line 1"),
        ("Café Orders", "cafe order"),
        ("???", ""),
    ],
)
def test_normalise(name: str, expected: str) -> None:
    assert normalise(name) == expected


def test_word_order_key_keeps_path_levels_in_order() -> None:
    assert word_order_key("request change") == word_order_key("change request")
    assert word_order_key("hardware > laptop") != word_order_key("laptop > hardware")
    assert word_order_key("a > y x") == "a > x y"


def test_changes_meaning() -> None:
    assert changes_meaning("new", "renew")
    assert changes_meaning("open", "reopen")
    assert changes_meaning("billable", "not billable")
    assert not changes_meaning("resolved", "resolve")
    assert not changes_meaning("waiting on customer", "awaiting customer")


# ---- The demo instances (Contoso, HaloITSM; Northwind MSP, HaloPSA) -----------------------------

# Every applied match that is not an exact name, inspected by eye (statuses and actions, both ways).
DEMO_NEAR_PAIRS = {
    ("Acknowledge", "Acknowledged"),
    ("Reassign", "Re-assign"),
    ("Escalate to 2nd Line", "Escalate to Second Line"),
    ("Escalate to 3rd Line", "Escalate to Third Line"),
    ("E-mail Supplier", "Email Supplier"),
    ("Schedule Appointment", "Schedule Appointments"),
    ("Approval Request", "Request Approval"),
    ("Approve", "Approved"),
    ("Re-Open", "Reopen"),
    ("Merge Tickets", "Merge Ticket"),
    ("Remote Session", "Action: Remote Session"),
    ("Site Visit", "Onsite Visit"),
    ("Add Attachment", "Add Attachments"),
}


def _demo_records() -> tuple[
    dict[str, list[dict[str, object]]], dict[str, list[dict[str, object]]]
]:
    return demo.contoso_snapshot()["records"], demo.northwind_snapshot()["records"]


def _statuses(records: dict[str, list[dict[str, object]]]) -> list[Choice]:
    return [Choice(int(str(r["id"])), str(r["name"])) for r in records["Status"]]


def _actions(records: dict[str, list[dict[str, object]]]) -> list[Choice]:
    return [Choice(int(str(r["id"])), str(r["outcome"])) for r in records["Outcome"]]


@pytest.mark.parametrize("direction", ["contoso to northwind", "northwind to contoso"])
def test_demo_statuses_and_actions_auto_map_sensibly(direction: str) -> None:
    contoso, northwind = _demo_records()
    sources, targets = (
        (contoso, northwind) if direction.startswith("contoso") else (northwind, contoso)
    )
    for read, least in ((_statuses, 0.4), (_actions, 0.3)):
        matches = auto_map(read(sources), read(targets))
        applied, total = summary(matches)
        assert total == len(read(sources))
        assert least * total <= applied < total  # plenty matched, not everything
        for m in matches:
            if not m.applied:
                continue
            assert m.target is not None
            if m.quality is EXACT:
                assert m.source.name.casefold() == m.target.name.casefold()
            else:
                pair = (m.source.name, m.target.name)
                assert pair in DEMO_NEAR_PAIRS or pair[::-1] in DEMO_NEAR_PAIRS, pair


def test_demo_regional_copies_never_map_across_regions() -> None:
    contoso = demo.contoso_snapshot(3)["records"]
    northwind = demo.northwind_snapshot(3)["records"]
    regions = tuple(demo.region_labels(3))
    assert regions

    def region(name: str) -> str | None:
        return next((r for r in regions if name.endswith(f"({r})")), None)

    for read in (_statuses, _actions):
        matches = auto_map(read(contoso), read(northwind))
        applied = [m for m in matches if m.applied and m.target is not None]
        assert any(region(m.source.name) for m in applied)
        for m in applied:
            assert m.target is not None
            assert region(m.source.name) == region(m.target.name), (m.source.name, m.target.name)


# ---- The fuzzy tier's three ways of scoring agree -------------------------------------------


def _misspelt_names(count: int, seed: int) -> tuple[list[Choice], list[Choice]]:
    """Targets of two to four words, and sources that are the same names with one or two letters
    changed, dropped or doubled (so that most of them reach the fuzzy tier)."""
    rng = random.Random(seed)
    words = [
        "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 9)))
        for _ in range(300)
    ]
    names = sorted({" ".join(rng.sample(words, rng.randint(2, 4))) for _ in range(count)})
    sources = []
    for i, name in enumerate(names):
        letters = list(name)
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(len(letters))
            change = rng.randrange(3)
            if change == 0:
                letters[at] = rng.choice("xyz")
            elif change == 1:
                del letters[at]
            else:
                letters.insert(at, letters[at])
        sources.append(Choice(i, "".join(letters)))
    return sources, choices(*names, start=10_000)


def test_matrix_per_query_and_pair_by_pair_scoring_give_the_same_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Small batches are scored query by query (keeping the interpreter), large ones as one matrix
    (on every core when larger still), and without the compiled matrix pair by pair: whichever
    way a batch goes, the matches are the same."""
    from halo_wizard.plan import automap

    sources, targets = _misspelt_names(900, seed=5)
    monkeypatch.setattr(automap, "_MATRIX_CELLS", 1 << 40)
    per_query = auto_map(sources, targets)
    monkeypatch.setattr(automap, "_MATRIX_CELLS", 0)
    monkeypatch.setattr(automap, "_THREADED_CELLS", 1 << 12)
    matrix = auto_map(sources, targets)
    monkeypatch.setattr(automap, "cdist", None)
    pairwise = auto_map(sources, targets)
    fuzzy = [m for m in per_query if m.quality in (NEAR, WEAK)]
    assert len(fuzzy) > len(sources) // 2  # the fuzzy tier did the work
    assert sum(m.target is not None and m.target.id - 10_000 == m.source.id for m in fuzzy) > (
        len(fuzzy) * 0.9
    )
    assert matrix == per_query
    assert pairwise == per_query
