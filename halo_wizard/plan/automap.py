"""Auto-mapping: for each value of the other instance, propose the value of this instance to map to.

The admin maps every value of the OTHER instance (a "source": a status, category, field, action or
ticket type) to a value of THIS instance (a "target"). Many sources may map to one target. auto_map
proposes a target for each source in tiers, cheapest first:

1. EXACT: the same name, ignoring case and repeated or surrounding spaces. Score 100.
2. NEAR, same normalised name (see normalise): case, punctuation, spacing, plurals, hyphens
   ("E-mail" / "Email"), "&" / "and", British / American spelling, prefixes ("Status:", "Action:",
   "CF"), category paths ("Hardware>Laptop" / "Hardware > Laptops"). Score 98.
3. NEAR, same words in another order ("Change Request" / "Request Change"), within each category
   path level. Score 96.
4. NEAR, same name without spaces ("Follow up" / "Follow-up" / "Followup"). Score 95.
5. Fuzzy: rapidfuzz's normalised Indel ratio (0-100) of the normalised names, and of the
   word-sorted names. At or above near_threshold it is NEAR; at or above weak_threshold it is WEAK
   (a suggestion, not applied); below, or when no target is allowed, it is NONE.

Tiers 1-4 are hash lookups (linear time). Only the sources they leave unmatched are scored fuzzily:
for NEAR against every target of a compatible kind within the length window the threshold allows;
for WEAK (and NEAR by word order) only against targets sharing the start of a word with the source,
since a suggestion with no word in common is noise ("Hardware" / "Software").

Rules that hold in every tier:
- kinds: when both a source and a target have a kind, they pair only if the kinds are equal;
- numbers: names whose numbers differ never pair ("Priority 1" / "Priority 2"); when only one of
  the two has numbers ("Windows 10" / "Windows") the pair is at best WEAK;
- the optional ``compatible`` callback can veto any pair.
In the fuzzy tier only, a word that is another word with a meaning-changing prefix ("New" / "Renew",
"Open" / "Re-Open", "Active" / "Inactive") or an added negation ("Not Billable") vetoes the pair,
and two category paths under the same parent are scored by their last levels alone, so the shared
parent cannot make "Network>LAN" look like "Network>VPN".
So "Closed" never goes to "Closed - Duplicate" when "Closed" exists (tier 1 wins), and not even as a
suggestion when it does not (the score is 55).

"Waiting on Customer" / "Awaiting Customer" scores about 89: WEAK by design, suggested but not
applied, because names that differ by whole words deserve the admin's eye.

Among a source's allowed candidates in one tier the best is: NEAR before WEAK, then the same kind
(both kinds set and equal) before a kind-less target, then the higher score, then the smaller edit
distance between the names as written, then the lower id, then the earlier target. Results depend
only on the inputs.

Field mappings (seed 001, rule R7) have their own entry point, propose_field_mappings: only custom
fields and the built-ins summary, start date and target date take part, fields pair only with fields
of the same type, and each built-in is proposed to the same built-in (summary to summary).
"""

from __future__ import annotations

import bisect
import enum
import functools
import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from halo_wizard.api.constants import FIELD_TYPES, MAPPABLE_BUILTIN_FIELDS

logger = logging.getLogger(__name__)

NEAR_THRESHOLD = 90.0
"""Default fuzzy score at or above which a match is NEAR and applied."""
WEAK_THRESHOLD = 80.0
"""Default fuzzy score at or above which a match is offered as a suggestion (WEAK)."""

SCORE_EXACT = 100.0
SCORE_NORMALISED = 98.0
SCORE_WORD_ORDER = 96.0
SCORE_SPACING = 95.0

_FUZZY_CANDIDATES = 8
"""How many best-scoring targets per block the fuzzy tier looks at before the rules filter them."""


@dataclass(frozen=True)
class Choice:
    """One value on either side of a mapping: its Halo id, the name the admin sees, and its kind.

    kind groups compatible values (a field's type, for example); None means "any".
    """

    id: int
    name: str
    kind: str | None = None


class MatchQuality(enum.Enum):
    """How sure the auto-mapper is about a proposed target."""

    EXACT = "exact"
    NEAR = "near"
    WEAK = "weak"
    NONE = "none"


@dataclass(frozen=True)
class Match:
    """The proposal for one source: a target (None when nothing plausible), a score and a quality.

    applied is True for EXACT and NEAR: those rows are filled in (green); WEAK ones are suggestions.
    """

    source: Choice
    target: Choice | None
    score: float
    quality: MatchQuality
    applied: bool


# ---- Normalisation ------------------------------------------------------------------------------

_CAMEL_RE = re.compile(r"([a-z](?=[A-Z])|[A-Z](?=[A-Z][a-z])|[A-Za-z](?=[0-9])|[0-9](?=[A-Za-z]))")
_PREFIX_RE = re.compile(
    r"^\s*(?:(?:status|action|outcome|category|ticket\s*type|type|custom\s*field|field)"
    r"\s*(?::|\s[-\u2013\u2014]\s)|cf[\s_:\-]+)\s*(?=\S)",
    re.IGNORECASE,
)
_PATH_RE = re.compile(r"\s*[>\u00bb\u2192]+\s*")
_JOIN_RE = re.compile(r"(?<=\w)[-\u2010\u2011'\u2019`](?=\w)|['\u2019`]")
_SEPARATOR_RE = re.compile(r"[^\w>]+|_")
_NUMBER_RE = re.compile(r"\d+")
_ASCII_SEPARATORS = str.maketrans(
    {c: " " for c in "!\"#$%&'()*+,-./:;<=?@[\\]^_`{|}~\t\n\r\x0b\x0c"}
)

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "first": "1",
    "second": "2",
    "third": "3",
}
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_SPELLING_WORDS = {
    "licence": "license",
    "programme": "program",
    "grey": "gray",
    "enquiry": "inquiry",
    "enquire": "inquire",
    "cheque": "check",
}
_SPELLING_SUFFIXES = (  # British ending, American ending, shortest word it applies to
    ("isation", "ization", 8),
    ("ising", "izing", 6),
    ("ised", "ized", 6),
    ("ise", "ize", 6),
    ("yse", "yze", 6),
    ("celled", "celed", 8),
    ("celling", "celing", 9),
    ("velled", "veled", 7),
    ("velling", "veling", 8),
    ("ogue", "og", 7),
    ("tre", "ter", 5),
    ("our", "or", 6),
)
_MEANING_PREFIXES = ("re", "un", "in", "im", "il", "ir", "non", "dis", "de", "pre", "mis", "anti")
_CONNECTING_WORDS = frozenset({"and", "the", "for", "with", "from", "into", "via", "per"})
_WORD_START = 4
_NEGATIONS = frozenset({"not", "non", "un", "re", "de", "dis", "pre", "anti"})  # not "no": "PO No."


@functools.lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One word in its comparable form: number words as digits, singular, American spelling."""
    number = _NUMBER_WORDS.get(word)
    if number is not None:
        return number
    if len(word) >= 4 and word.endswith("s") and not word[-2].isdigit():
        if word.endswith("ies") and len(word) >= 5:
            word = word[:-3] + "y"
        elif word.endswith("sses"):
            word = word[:-2]
        elif not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    word = _SPELLING_WORDS.get(word, word)
    for british, american, shortest in _SPELLING_SUFFIXES:
        if len(word) >= shortest and word.endswith(british):
            return word[: -len(british)] + american
    return word


def _strip_accents(name: str) -> str:
    """The name without accents ("Café" -> "Cafe"); ASCII names pass straight through."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(name: str) -> list[str]:
    """The normalised words of a name, with ">" standing for a category path separator."""
    text = _strip_accents(name)
    # searching first is cheaper: most names have no camel case or letter-digit join
    if _CAMEL_RE.search(text) is not None:
        text = _CAMEL_RE.sub(r"\1 ", text)
    text = _PREFIX_RE.sub("", text).casefold()
    # each step below costs a pass over the text, so it runs only when its characters are there
    if "&" in text:
        text = text.replace("&", " and ")
    if not text.isascii() or ">" in text:
        text = _PATH_RE.sub(" > ", text)
    if "-" in text or "'" in text or not text.isascii():
        text = _JOIN_RE.sub("", text)
    text = text.translate(_ASCII_SEPARATORS)
    if not text.isascii():
        text = _SEPARATOR_RE.sub(" ", text)
    words: list[str] = []
    for word in text.split():
        if word == ">":
            if words and words[-1] != ">":  # no leading or doubled path separator
                words.append(word)
            continue
        if word in _ORDINAL_SUFFIXES and words and words[-1].isdigit():
            continue  # "2nd" was split into "2" "nd": keep the number only
        words.append(_fold_word(word))
    if words and words[-1] == ">":
        words.pop()
    return words


def normalise(name: str) -> str:
    """The comparable form of a name: what stays when differences an admin would not care about go.

    Lower case; accents removed; camel case split ("CFCostCentre" -> "cost centre"); a leading
    "Status:", "Action:", "Category:", "Type:", "Field:" or "CF" prefix removed; "&" read as "and";
    hyphens and apostrophes inside words removed ("E-mail" -> "email"); other punctuation read as a
    space; category path separators kept as " > "; words made singular ("Laptops" -> "laptop"),
    British spellings made American ("Centre" -> "center"), number words made digits ("One" -> "1",
    "2nd" -> "2"); single spaces. Two names with the same normalised form are a NEAR match.
    """
    return " ".join(_words(name))


def word_order_key(normalised: str) -> str:
    """A normalised name with the words of each category path level sorted: order does not count."""
    levels = normalised.split(" > ")
    return " > ".join(" ".join(sorted(level.split())) for level in levels)


def numbers_in(normalised: str) -> tuple[str, ...]:
    """The numbers in a normalised name, in order ("priority 1" -> ("1",))."""
    return tuple(_NUMBER_RE.findall(normalised))


def changes_meaning(a: str, b: str) -> bool:
    """True when two normalised names differ by a meaning-changing prefix or negation.

    "new" / "renew", "open" / "reopen", "active" / "inactive", "billable" / "not billable": a word
    on one side is a word on the other with a prefix such as re-, un-, in-, non-, dis-, or one side
    has an extra negation word the other lacks.
    """
    words_a = set(a.split())
    words_b = set(b.split())
    only_a = words_a - words_b
    only_b = words_b - words_a
    if not only_a and not only_b:
        return False
    if not only_a or not only_b:
        return bool((only_a | only_b) & _NEGATIONS)
    for x in only_a:
        for y in only_b:
            longer, shorter = (x, y) if len(x) > len(y) else (y, x)
            if longer.endswith(shorter) and longer[: -len(shorter)] in _MEANING_PREFIXES:
                return True
    return bool((only_a | only_b) & _NEGATIONS)


def word_starts(normalised: str) -> tuple[str, ...]:
    """The first letters of the telling words of a normalised name, for blocking fuzzy suggestions.

    Words shorter than three letters, connecting words ("and", "for", "with") and path separators
    carry no weight; the rest count by their first four letters ("laptop" -> "lapt").
    """
    return _word_starts(normalised.split())


def _word_starts(words: Iterable[str]) -> tuple[str, ...]:
    """word_starts of a name already split into normalised words."""
    return tuple(
        {w[:_WORD_START]: None for w in words if len(w) >= 3 and w not in _CONNECTING_WORDS}
    )


class _Keys(NamedTuple):
    """The lookup keys of one name, computed once per name."""

    exact: str
    normalised: str
    word_order: str
    spacing: str
    numbers: tuple[str, ...]
    word_starts: tuple[str, ...]
    parent: str  # the category path above the last level ("" when not a path)
    leaf: str  # the last level of a category path (the whole name when not a path)
    leaf_order: str  # the leaf with its words sorted


def _keys(name: str) -> _Keys:
    """Every key auto_map looks a name up by."""
    words = _words(name)
    normalised = " ".join(words)
    if ">" in words:
        word_order = word_order_key(normalised)
        parent, _, leaf = normalised.rpartition(" > ")
        leaf_order = word_order.rpartition(" > ")[2]
    else:
        word_order = " ".join(sorted(words))
        parent, leaf, leaf_order = "", normalised, word_order
    return _Keys(
        exact=" ".join(name.split()).casefold(),
        normalised=normalised,
        word_order=word_order,
        spacing="".join(words),
        numbers=numbers_in(normalised),
        word_starts=_word_starts(words),
        parent=parent,
        leaf=leaf,
        leaf_order=leaf_order,
    )


# ---- Matching -----------------------------------------------------------------------------------


class _Block:
    """Targets of one kind, ordered by normalised length, so the fuzzy tier can skip by length."""

    def __init__(self, indexes: Iterable[int], keys: Sequence[_Keys]) -> None:
        ordered = sorted((len(keys[j].normalised), j) for j in indexes if keys[j].normalised)
        self.indexes = [j for _, j in ordered]
        self.lengths = [length for length, _ in ordered]
        self.normalised = [keys[j].normalised for j in self.indexes]

    def window(self, length: int, cutoff: float) -> tuple[int, int]:
        """The slice of targets whose length allows a ratio of at least cutoff with this length."""
        if cutoff <= 0:
            return 0, len(self.lengths)
        # ratio <= 200 * min(la, lb) / (la + lb); a small margin keeps rounding on the safe side
        shortest = int(length * cutoff / (200.0 - cutoff)) - 1
        longest = int(length * (200.0 - cutoff) / cutoff) + 1
        return (
            bisect.bisect_left(self.lengths, shortest),
            bisect.bisect_right(self.lengths, longest),
        )


_QUALITY_ORDER = (MatchQuality.EXACT, MatchQuality.NEAR, MatchQuality.WEAK, MatchQuality.NONE)


def _rank(quality: MatchQuality) -> int:
    """Sort position of a quality: EXACT first."""
    return _QUALITY_ORDER.index(quality)


class _Matcher:
    """One auto_map call: the targets indexed, and the rules that hold for every tier."""

    def __init__(
        self,
        targets: Sequence[Choice],
        near_threshold: float,
        weak_threshold: float,
        compatible: Callable[[Choice, Choice], bool] | None,
    ) -> None:
        self.targets = targets
        self.near = near_threshold
        self.weak = weak_threshold
        self.compatible = compatible
        self.keys = [_keys(t.name) for t in targets]
        self.by_exact: dict[str, list[int]] = {}
        self.by_normalised: dict[str, list[int]] = {}
        self.by_word_order: dict[str, list[int]] = {}
        self.by_spacing: dict[str, list[int]] = {}
        self.by_word_start: dict[str, list[int]] = {}
        for j, k in enumerate(self.keys):
            self.by_exact.setdefault(k.exact, []).append(j)
            if k.normalised:  # a name of punctuation only matches only itself, exactly
                self.by_normalised.setdefault(k.normalised, []).append(j)
                self.by_word_order.setdefault(k.word_order, []).append(j)
                self.by_spacing.setdefault(k.spacing, []).append(j)
            for start in k.word_starts:
                self.by_word_start.setdefault(start, []).append(j)
        self.tiers = (
            (self.by_exact, SCORE_EXACT),
            (self.by_normalised, SCORE_NORMALISED),
            (self.by_word_order, SCORE_WORD_ORDER),
            (self.by_spacing, SCORE_SPACING),
        )
        kinds: dict[str | None, list[int]] = {}
        for j, t in enumerate(targets):
            kinds.setdefault(t.kind, []).append(j)
        self.all_block = _Block(range(len(targets)), self.keys)
        self.kind_blocks = {kind: _Block(indexes, self.keys) for kind, indexes in kinds.items()}

    def allowed(self, source: Choice, keys: _Keys, j: int) -> bool:
        """Whether the kind, number and compatibility rules let source pair with target j."""
        target = self.targets[j]
        if source.kind is not None and target.kind is not None and source.kind != target.kind:
            return False
        numbers = self.keys[j].numbers
        if keys.numbers and numbers and keys.numbers != numbers:
            return False
        return self.compatible is None or self.compatible(source, target)

    def quality(self, score: float, keys: _Keys, j: int) -> MatchQuality:
        """The quality a score earns; a pair where only one side has numbers is at best WEAK."""
        if score >= self.near and bool(keys.numbers) == bool(self.keys[j].numbers):
            return MatchQuality.NEAR
        if score >= self.weak:
            return MatchQuality.WEAK
        return MatchQuality.NONE

    def best(
        self, source: Choice, candidates: Iterable[tuple[int, float, MatchQuality]]
    ) -> Match | None:
        """The preferred candidate (see the module docstring for the order), as a Match."""
        ranked = sorted(
            candidates,
            key=lambda c: (
                _rank(c[2]),
                0 if source.kind is not None and self.targets[c[0]].kind == source.kind else 1,
                -c[1],
                Levenshtein.distance(source.name, self.targets[c[0]].name),
                self.targets[c[0]].id,
                c[0],
            ),
        )
        if not ranked:
            return None
        j, score, quality = ranked[0]
        applied = quality in (MatchQuality.EXACT, MatchQuality.NEAR)
        return Match(source, self.targets[j], score, quality, applied)

    def by_key(self, source: Choice, keys: _Keys) -> Match | None:
        """Tiers 1-4: the first tier where an allowed target has the same key."""
        for (index, score), key in zip(
            self.tiers, (keys.exact, keys.normalised, keys.word_order, keys.spacing), strict=True
        ):
            found = index.get(key)
            if not found:
                continue
            candidates = [
                (
                    j,
                    score,
                    MatchQuality.EXACT if score == SCORE_EXACT else self.quality(score, keys, j),
                )
                for j in found
                if self.allowed(source, keys, j)
            ]
            # a weak threshold above this tier's score leaves nothing to propose here
            candidates = [c for c in candidates if c[2] is not MatchQuality.NONE]
            if candidates:
                return self.best(source, candidates)
        return None

    def blocks(self, source: Choice) -> list[_Block]:
        """The target blocks a source may pair with: its own kind and the kind-less, or all."""
        if source.kind is None:
            return [self.all_block]
        return [
            block
            for kind in (source.kind, None)
            if (block := self.kind_blocks.get(kind)) is not None
        ]

    def scored(
        self, source: Choice, keys: _Keys, block: _Block, cutoff: float
    ) -> list[tuple[int, float]]:
        """Targets of a block within the length window whose fuzzy score reaches cutoff, if allowed.

        Looks at the best few first; only when the rules reject all of them does it score the rest.
        """
        lo, hi = block.window(len(keys.normalised), cutoff)
        if lo >= hi:
            return []
        choices = block.normalised[lo:hi]
        found: list[tuple[int, float]] = []
        for limit in (_FUZZY_CANDIDATES, None):
            hits = process.extract(
                keys.normalised,
                choices,
                scorer=fuzz.ratio,
                processor=None,
                limit=limit,
                score_cutoff=cutoff,
            )
            found = []
            for _choice, full, position in hits:
                j = block.indexes[lo + position]
                score = self.rescore(keys, j, full, False)
                if score >= cutoff and self.fuzzy_allowed(source, keys, j):
                    found.append((j, score))
            if found or limit is None or len(hits) < limit:
                break
        return found

    def rescore(self, keys: _Keys, j: int, score: float, word_order: bool) -> float:
        """The fuzzy score of a pair; under the same category parent only the last levels count.

        A shared parent inflates the score of the whole paths ("Network>LAN" / "Network>VPN" is 85),
        while the last levels alone tell the values apart (33).
        """
        target = self.keys[j]
        if not keys.parent or keys.parent != target.parent:
            return float(score)
        if word_order:
            return float(fuzz.ratio(keys.leaf_order, target.leaf_order, processor=None))
        return float(fuzz.ratio(keys.leaf, target.leaf, processor=None))

    def fuzzy_allowed(self, source: Choice, keys: _Keys, j: int) -> bool:
        """The rules of every tier, and no meaning-changing prefix or negation.

        Pairs the key tiers have judged already are left out (a high weak threshold may have turned
        them down there).
        """
        target = self.keys[j]
        return (
            target.spacing != keys.spacing
            and target.word_order != keys.word_order
            and self.allowed(source, keys, j)
            and not changes_meaning(keys.normalised, target.normalised)
        )

    def sharing_words(self, keys: _Keys) -> list[int]:
        """The targets that share the start of a word with the source, in target order."""
        postings = [self.by_word_start[w] for w in keys.word_starts if w in self.by_word_start]
        if not postings:
            return []
        if len(postings) == 1:
            return postings[0]
        return sorted(set().union(*postings))

    def fuzzy(self, source: Choice, keys: _Keys) -> Match | None:
        """Tier 5: fuzzy scores; see the module docstring.

        NEAR is looked for among all targets of a compatible kind and length; WEAK, and NEAR by word
        order, only among the targets that share the start of a word with the source.
        """
        if not keys.normalised:
            return None
        scores: dict[int, float] = {}
        for block in self.blocks(source):
            scores.update(self.scored(source, keys, block, self.near))
        if any(self.quality(s, keys, j) is MatchQuality.NEAR for j, s in scores.items()):
            return self.best(source, ((j, s, self.quality(s, keys, j)) for j, s in scores.items()))
        sharing = self.sharing_words(keys)
        if sharing:
            queries = [(keys.normalised, [self.keys[j].normalised for j in sharing], False)]
            if keys.word_order != keys.normalised:
                queries.append((keys.word_order, [self.keys[j].word_order for j in sharing], True))
            for query, choices, word_order in queries:
                for _choice, score, position in process.extract(
                    query,
                    choices,
                    scorer=fuzz.ratio,
                    processor=None,
                    limit=None,
                    score_cutoff=self.weak,
                ):
                    j = sharing[position]
                    score = self.rescore(keys, j, score, word_order)
                    better = score >= self.weak and score > scores.get(j, -1.0)
                    if better and self.fuzzy_allowed(source, keys, j):
                        scores[j] = score
        return self.best(source, ((j, s, self.quality(s, keys, j)) for j, s in scores.items()))


def _check_thresholds(near_threshold: float, weak_threshold: float) -> None:
    """Refuse thresholds outside 0 <= weak <= near <= 100."""
    if not 0.0 <= weak_threshold <= near_threshold <= 100.0:
        raise ValueError(
            f"thresholds must satisfy 0 <= weak ({weak_threshold}) <= near ({near_threshold})"
            " <= 100"
        )


def auto_map(
    sources: Sequence[Choice],
    targets: Sequence[Choice],
    *,
    near_threshold: float = NEAR_THRESHOLD,
    weak_threshold: float = WEAK_THRESHOLD,
    compatible: Callable[[Choice, Choice], bool] | None = None,
) -> list[Match]:
    """Propose a target for every source: one Match per source, in source order.

    Many sources may get the same target. EXACT and NEAR matches are applied; WEAK ones carry a
    suggested target but are not applied; NONE has no target. See the module docstring for the
    tiers, the rules and how ties break.
    """
    _check_thresholds(near_threshold, weak_threshold)
    started = time.perf_counter()
    none = MatchQuality.NONE
    if not targets:
        return [Match(s, None, 0.0, none, False) for s in sources]
    matcher = _Matcher(targets, near_threshold, weak_threshold, compatible)
    results: list[Match | None] = []
    pending: list[tuple[int, Choice, _Keys]] = []
    key_cache: dict[str, _Keys] = {}
    for i, source in enumerate(sources):
        keys = key_cache.get(source.name)
        if keys is None:
            keys = key_cache[source.name] = _keys(source.name)
        match = matcher.by_key(source, keys)
        results.append(match)
        if match is None:
            pending.append((i, source, keys))
    for i, source, keys in pending:
        results[i] = matcher.fuzzy(source, keys)
    matches = [
        m if m is not None else Match(s, None, 0.0, none, False)
        for m, s in zip(results, sources, strict=True)
    ]
    applied, total = summary(matches)
    logger.debug(
        "auto-map: %d of %d matched automatically (%d scored fuzzily) in %.3f s",
        applied,
        total,
        len(pending),
        time.perf_counter() - started,
    )
    return matches


def summary(matches: Iterable[Match]) -> tuple[int, int]:
    """(matched automatically, total) for the "41 of 48 matched automatically" counter."""
    applied = total = 0
    for match in matches:
        total += 1
        applied += match.applied
    return applied, total


# ---- Field mappings (rule R7) -------------------------------------------------------------------


@dataclass(frozen=True)
class FieldOption:
    """A ticket field of one instance, as FieldInfo describes it.

    name is Halo's own name ("summary", "CFCostCentre"), label what the admin sees ("Summary",
    "Cost Centre"), type the FieldInfo type (see FIELD_TYPES), custom whether it is a custom field.
    """

    id: int
    name: str
    label: str
    type: int
    custom: bool


def field_kind(type_id: int) -> str:
    """The kind auto_map groups fields by: the FieldInfo type in words ("Text", "Date")."""
    return FIELD_TYPES.get(type_id, f"Type {type_id}")


def builtin_name(field: FieldOption) -> str | None:
    """The mappable built-in a field is ("summary", "startdate", "targetdate"), or None."""
    if field.custom:
        return None
    name = field.name.strip().casefold()
    return name if name in MAPPABLE_BUILTIN_FIELDS else None


def is_mappable_field(field: FieldOption) -> bool:
    """Whether ticket sync can map a field: custom fields, summary, start date and target date."""
    return field.custom or builtin_name(field) is not None


def field_choice(field: FieldOption) -> Choice:
    """The Choice auto_map sees for a field: its label (else its name) and its type as the kind."""
    return Choice(field.id, field.label.strip() or field.name, field_kind(field.type))


def fields_compatible(a: Choice, b: Choice) -> bool:
    """Whether two fields may be mapped together: both types known and equal (seed 001)."""
    return a.kind is not None and a.kind == b.kind


def propose_field_mappings(
    sources: Sequence[FieldOption],
    targets: Sequence[FieldOption],
    *,
    near_threshold: float = NEAR_THRESHOLD,
    weak_threshold: float = WEAK_THRESHOLD,
) -> list[Match]:
    """Propose field mappings: one Match per mappable source field, in source order.

    Fields ticket sync cannot map (built-ins other than summary, start date and target date) are
    left out on both sides. Each mappable built-in is proposed to the same built-in of the other
    side (summary to summary) when the types agree; custom fields are auto-mapped to custom fields
    of the same type only, so "Due" (Date) never pairs with "Due" (Text).
    """
    _check_thresholds(near_threshold, weak_threshold)
    target_builtins = {
        name: field for field in targets if (name := builtin_name(field)) is not None
    }
    custom_sources = [field_choice(f) for f in sources if f.custom]
    custom_targets = [field_choice(f) for f in targets if f.custom]
    custom_matches = iter(
        auto_map(
            custom_sources,
            custom_targets,
            near_threshold=near_threshold,
            weak_threshold=weak_threshold,
            compatible=fields_compatible,
        )
    )
    matches: list[Match] = []
    for field in sources:
        if field.custom:
            matches.append(next(custom_matches))
            continue
        name = builtin_name(field)
        if name is None:
            continue
        source = field_choice(field)
        twin = target_builtins.get(name)
        target = field_choice(twin) if twin is not None else None
        if target is not None and fields_compatible(source, target):
            matches.append(Match(source, target, SCORE_EXACT, MatchQuality.EXACT, True))
        else:
            if target is not None:
                logger.info("built-in field %s has different types on the two sides", name)
            matches.append(Match(source, None, 0.0, MatchQuality.NONE, False))
    return matches
