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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

# The matrix function itself: rapidfuzz.process.cdist only wraps it in a NumPy array, and NumPy is
# not a dependency of this program (the matrix is read through its buffer instead). The compiled
# module ships in rapidfuzz's wheels; where it is missing (a build without its C++ part) the fuzzy
# tier scores pair by pair instead: the same scores, slower.
try:
    from rapidfuzz.process_cpp_impl import UINT8, cdist
except ImportError:  # pragma: no cover - every wheel this project installs has it
    cdist = None
    UINT8 = None

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

_BATCH_CELLS = 1 << 21
"""Scores per matrix of the fuzzy tier (one byte each): enough to keep both cores busy, little
enough that each batch ends within milliseconds (a chance to report progress or stop)."""
_THREADED_CELLS = 1 << 20
"""From this many scores on, a matrix is computed on every core (below, threads cost more)."""
_MATRIX_CELLS = 1 << 14
"""From this many scores on, a batch is one matrix computed outside the interpreter; below, each
query is scored against the choices by a call that keeps the interpreter. The matrix lets go of
the interpreter while it works and takes it back when done: thousands of short matrices (a few
microseconds each) between moments of Python took it back each time before the GUI thread, woken
by the release, could take it, and the window waited 100 ms and more at a time. A matrix this
large works long enough for the GUI thread to take its turn; one query's call costs the same per
score as a matrix of one row."""
_PROGRESS_EVERY = 4096
"""Sources matched by key between two progress reports."""

Progress = Callable[[int, int], None]
"""progress(done, total): how many of the sources auto_map has settled; raising stops it."""


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
# The same for names joined one per line (_many_words): "[^\S\n]" is a space that is not a newline,
# so that no pattern reaches from one name into the next.
_PREFIX_LINES_RE = re.compile(
    r"^[^\S\n]*(?:(?:status|action|outcome|category|ticket[^\S\n]*type|type|custom[^\S\n]*field"
    r"|field)[^\S\n]*(?::|[^\S\n][-\u2013\u2014][^\S\n])|cf(?:[^\S\n]|[_:\-])+)[^\S\n]*(?=\S)",
    re.IGNORECASE | re.MULTILINE,
)
_PATH_LINES_RE = re.compile(r"[^\S\n]*[>\u00bb\u2192]+[^\S\n]*")
_HYPHEN_RE = re.compile(r"-(?<=\w-)(?=\w)")  # _JOIN_RE's hyphen, found by its literal first
_SHAPES = str.maketrans(
    {
        **{chr(c): "a" for c in range(ord("a"), ord("z") + 1)},
        **{chr(c): "A" for c in range(ord("A"), ord("Z") + 1)},
        **{chr(c): "0" for c in range(ord("0"), ord("9") + 1)},
    }
)
_ASCII_LINE_SEPARATORS = str.maketrans(
    {c: " " for c in "!\"#$%&'()*+,-./:;<=?@[\\]^_`{|}~\t\r\x0b\x0c"}
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
    return _folded(text.split())


def _folded(parts: list[str]) -> list[str]:
    """The words of a name split at separators, folded (see _fold_word), ordinals and stray path
    separators dropped."""
    if ">" not in parts and _ORDINAL_SUFFIXES.isdisjoint(parts):
        return list(map(_fold_word, parts))
    words: list[str] = []
    for word in parts:
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


def _many_words(names: Sequence[str]) -> list[list[str]]:
    """_words of many plain ASCII names (no newline, no backquote) at once.

    The names are joined into one text, one per line, so each step is one pass over all of them
    instead of a call per name (names are short: the calls cost more than the passes). The
    patterns used here never reach across a line.
    """
    if not names:
        return []
    text = _split_camel_case("\n".join(names))
    text = _PREFIX_LINES_RE.sub("", text).casefold()
    if "&" in text:
        text = text.replace("&", " and ")
    if ">" in text:
        # as _PATH_RE, once split into words: a run of ">" is one separator (see _folded)
        text = text.replace(">", " > ")
    if "-" in text:
        text = _HYPHEN_RE.sub("", text)
    if "'" in text:
        text = text.replace("'", "")
    lines = text.translate(_ASCII_LINE_SEPARATORS).split("\n")
    assert len(lines) == len(names)
    return [_folded(line.split()) for line in lines]


def _split_camel_case(text: str) -> str:
    """_CAMEL_RE.sub(r"\1 ", text) for ASCII text, found with plain searches (much faster).

    In the shape of the text (each lower-case letter "a", capital "A", digit "0") a space goes
    after the first letter of "aA", "AAa", "a0", "A0", "0a" and "0A".
    """
    shape = text.translate(_SHAPES)
    cuts: set[int] = set()
    for pattern in ("aA", "AAa", "a0", "A0", "0a", "0A"):
        at = shape.find(pattern)
        while at >= 0:
            cuts.add(at + 1)
            at = shape.find(pattern, at + 1)
    if not cuts:
        return text
    pieces = []
    start = 0
    for cut in sorted(cuts):
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return " ".join(pieces)


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
    return _keys_of_words(name, _words(name))


def _keys_of_words(name: str, words: list[str]) -> _Keys:
    """The keys of a name whose normalised words are known."""
    normalised = " ".join(words)
    if ">" in words:
        word_order = word_order_key(normalised)
        parent, _, leaf = normalised.rpartition(" > ")
        leaf_order = word_order.rpartition(" > ")[2]
    else:
        word_order = " ".join(sorted(words))
        parent, leaf, leaf_order = "", normalised, word_order
    # positional, and the helpers inlined: this runs once per distinct name
    return _Keys(
        " ".join(name.split()).casefold(),  # exact
        normalised,
        word_order,
        "".join(words),  # spacing
        tuple(_NUMBER_RE.findall(normalised)) if not normalised.isalpha() else (),  # numbers
        tuple(  # word_starts
            {w[:_WORD_START]: None for w in words if len(w) >= 3 and w not in _CONNECTING_WORDS}
        ),
        parent,
        leaf,
        leaf_order,
    )


def _all_keys(names: Iterable[str]) -> dict[str, _Keys]:
    """The keys of every distinct name; plain ASCII names are normalised together (faster)."""
    distinct = list(dict.fromkeys(names))
    plain = [n for n in distinct if n.isascii() and "\n" not in n and "`" not in n]
    keys = {
        name: _keys_of_words(name, words)
        for name, words in zip(plain, _many_words(plain), strict=True)
    }
    for name in distinct:
        if name not in keys:
            keys[name] = _keys(name)
    return keys


# ---- Matching -----------------------------------------------------------------------------------


Signature = tuple[int, int, int]
"""A name's length and how many of its characters are in the first and in the second of three
classes of characters (see _Classes)."""


class _Classes:
    """Three classes of characters, about equally frequent in the target names.

    Every insertion or deletion changes one class's count by one, so the counts bound the edit
    distance from below: two names whose counts differ by more (in sum) than a score allows are
    never compared (a filter that loses nothing, and leaves about a third of the pairs the lengths
    alone would leave).
    """

    def __init__(self, names: Sequence[str]) -> None:
        counts = Counter("".join(names[:_CLASS_SAMPLE]))
        loads = [0, 0, 0]
        table: dict[int, str] = {}
        for char, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            lightest = loads.index(min(loads))
            loads[lightest] += count
            if lightest < 2:
                table[ord(char)] = _CLASS_MARKS[lightest]
        table.update({ord(mark): "" for mark in _CLASS_MARKS if ord(mark) not in table})
        self.table = table

    def signature(self, name: str) -> Signature:
        marked = name.translate(self.table)
        return len(name), marked.count(_CLASS_MARKS[0]), marked.count(_CLASS_MARKS[1])


_CLASS_MARKS = ("\x00", "\x01")
_CLASS_SAMPLE = 5000
"""Target names the classes are balanced on (the filter holds whatever the classes are)."""


class _Block:
    """Targets ordered by signature (so by length first), so the fuzzy tier compares a name only
    with the targets whose length and character counts allow the score it looks for."""

    def __init__(
        self, ordered: list[int], keys: Sequence[_Keys], signatures: Sequence[Signature]
    ) -> None:
        """`ordered`: target indexes with a normalised name, in (signature, index) order."""
        self.indexes = ordered
        self.lengths = [signatures[j][0] for j in ordered]
        self.normalised = [keys[j].normalised for j in ordered]
        self._keys = keys
        self._word_order: list[str] | None = None
        # (length, first class count) -> where its targets start, and their second class counts
        self.columns: dict[tuple[int, int], tuple[int, list[int]]] = {}
        for position, j in enumerate(ordered):
            length, first, second = signatures[j]
            column = self.columns.get((length, first))
            if column is None:
                column = self.columns[(length, first)] = (position, [])
            column[1].append(second)

    def names(self, word_order: bool) -> list[str]:
        """The targets' normalised names, or their word-sorted names (the same characters)."""
        if not word_order:
            return self.normalised
        if self._word_order is None:
            self._word_order = [self._keys[j].word_order for j in self.indexes]
        return self._word_order

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

    def reachable(self, signature: Signature, cutoff: float) -> list[tuple[int, int]]:
        """The slices of targets that may score at least cutoff with a name of this signature.

        A ratio of at least cutoff allows at most (100 - cutoff) / 100 * (la + lb) insertions and
        deletions, and those are at least the sum of the differences of the three class counts.
        """
        length, first, second = signature
        lo, hi = self.window(length, cutoff)
        if lo >= hi:
            return []
        slices = []
        columns = self.columns
        for other in range(self.lengths[lo], self.lengths[hi - 1] + 1):
            edits = int((100.0 - cutoff) * (length + other) / 100.0 + 1e-9)
            longer = other - length
            if abs(longer) > edits:
                continue
            # |x| + |longer - x| <= edits holds only for these first-class differences x
            slack = (edits - abs(longer)) // 2
            for first_other in range(
                first + min(0, longer) - slack, first + max(0, longer) + slack + 1
            ):
                column = columns.get((other, first_other))
                if column is None:
                    continue
                x = first_other - first
                # the third class takes what the first two leave: longer - x - y
                rest = longer - x
                spare = edits - abs(x) - abs(rest)
                if spare < 0:
                    continue
                start, seconds = column
                low = second + min(0, rest) - spare // 2
                high = second + max(0, rest) + spare // 2
                a = bisect.bisect_left(seconds, low)
                b = bisect.bisect_right(seconds, high)
                if a < b:
                    slices.append((start + a, start + b))
        return slices


def _scores_reaching(
    queries: Sequence[tuple[int, str]],
    block: _Block,
    word_order: bool,
    cutoff: float,
    classes: _Classes,
    step: Callable[[int], None],
) -> Iterator[tuple[int, int, float]]:
    """(query id, target index, score) for every query and target of the block whose fuzzy score
    (the normalised Indel ratio) reaches cutoff.

    Queries of one signature are scored together against the targets it may reach: one matrix
    of scores per batch, computed outside the interpreter. step(n) is called after each batch of
    n queries.
    """
    names = block.names(word_order)
    groups: dict[Signature, list[tuple[int, str]]] = {}
    for query in queries:
        groups.setdefault(classes.signature(query[1]), []).append(query)
    for signature, group in groups.items():
        if cutoff < 1.0:  # the matrix rounds to whole numbers: a score under 0.5 reads as none
            slices = [block.window(signature[0], cutoff)]
        else:
            slices = block.reachable(signature, cutoff)
        choices: list[str] = []
        where: list[int] = []
        for start, end in slices:
            choices += names[start:end]
            where += block.indexes[start:end]
        size = max(1, _BATCH_CELLS // max(len(choices), 1))
        for at in range(0, len(group), size):
            batch = group[at : at + size]
            if choices:
                yield from _batch_scores(batch, choices, where, cutoff)
            step(len(batch))


def _batch_scores(
    batch: Sequence[tuple[int, str]], choices: list[str], where: list[int], cutoff: float
) -> Iterator[tuple[int, int, float]]:
    """_scores_reaching for one batch of queries and the targets where[c] named choices[c]."""
    if cutoff < 1.0 or cdist is None:
        for query, text in batch:
            for c, choice in enumerate(choices):
                score = fuzz.ratio(text, choice, processor=None)
                if score >= cutoff:
                    yield query, where[c], score
        return
    if len(batch) * len(choices) < _MATRIX_CELLS:
        for query, text in batch:
            for _choice, score, c in process.extract(
                text, choices, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=None
            ):
                yield query, where[c], score
        return
    matrix = cdist(
        [text for _, text in batch],
        choices,
        scorer=fuzz.ratio,
        processor=None,
        score_cutoff=cutoff,
        dtype=UINT8,
        workers=1 if len(batch) * len(choices) < _THREADED_CELLS else -1,
    )
    width = len(choices)
    for cell in _hits(memoryview(matrix).tobytes(), int(cutoff)):
        row, c = divmod(cell, width)
        query, text = batch[row]
        # the exact score: the matrix holds it rounded to a whole number
        score = fuzz.ratio(text, choices[c], processor=None)
        if score >= cutoff:
            yield query, where[c], score


def _hits(matrix: bytes, lowest: int) -> list[int]:
    """The positions of the cells above zero in a score matrix whose scores are at least lowest.

    One fast search per possible score finds the few hits in a matrix that is mostly zeros.
    """
    values: Iterable[int] = range(max(lowest, 1), 101)
    if 100 - lowest > 24:  # many possible scores: one pass marking every hit costs less
        matrix = matrix.translate(_HIT_MARKS)
        values = (1,)
    cells = []
    for value in values:
        at = matrix.find(value)
        while at >= 0:
            cells.append(at)
            at = matrix.find(value, at + 1)
    return cells


_HIT_MARKS = bytes([0] + [1] * 255)
_QUALITY_ORDER = (MatchQuality.EXACT, MatchQuality.NEAR, MatchQuality.WEAK, MatchQuality.NONE)


def _rank(quality: MatchQuality) -> int:
    """Sort position of a quality: EXACT first."""
    return _QUALITY_ORDER.index(quality)


class _Matcher:
    """One auto_map call: the targets indexed, and the rules that hold for every tier."""

    def __init__(
        self,
        targets: Sequence[Choice],
        keys: Sequence[_Keys],
        near_threshold: float,
        weak_threshold: float,
        compatible: Callable[[Choice, Choice], bool] | None,
    ) -> None:
        self.targets = targets
        self.near = near_threshold
        self.weak = weak_threshold
        self.compatible = compatible
        self.keys = keys
        # defaultdict: setdefault(key, []) would make a new empty list for every target
        by_exact: defaultdict[str, list[int]] = defaultdict(list)
        by_normalised: defaultdict[str, list[int]] = defaultdict(list)
        by_word_order: defaultdict[str, list[int]] = defaultdict(list)
        by_spacing: defaultdict[str, list[int]] = defaultdict(list)
        by_word_start: defaultdict[str, list[int]] = defaultdict(list)
        for j, k in enumerate(self.keys):
            by_exact[k.exact].append(j)
            if k.normalised:  # a name of punctuation only matches only itself, exactly
                by_normalised[k.normalised].append(j)
                by_word_order[k.word_order].append(j)
                by_spacing[k.spacing].append(j)
            for start in k.word_starts:
                by_word_start[start].append(j)
        # plain dicts from here on: a lookup of a missing key must not add it
        self.by_exact: dict[str, list[int]] = dict(by_exact)
        self.by_normalised: dict[str, list[int]] = dict(by_normalised)
        self.by_word_order: dict[str, list[int]] = dict(by_word_order)
        self.by_spacing: dict[str, list[int]] = dict(by_spacing)
        self.by_word_start: dict[str, list[int]] = dict(by_word_start)
        self.tiers = (
            (self.by_exact, SCORE_EXACT),
            (self.by_normalised, SCORE_NORMALISED),
            (self.by_word_order, SCORE_WORD_ORDER),
            (self.by_spacing, SCORE_SPACING),
        )
        self.classes = _Classes([k.normalised for k in self.keys])
        self.signatures = [self.classes.signature(k.normalised) for k in self.keys]
        # Every block lists its targets in this one order (sorted once, here).
        signatures = self.signatures
        self.order = sorted(
            (j for j, k in enumerate(self.keys) if k.normalised), key=signatures.__getitem__
        )
        self.rank = [-1] * len(self.keys)
        for position, j in enumerate(self.order):
            self.rank[j] = position
        self.kinds: dict[str | None, list[int]] = {}
        for j, t in enumerate(targets):
            self.kinds.setdefault(t.kind, []).append(j)
        self._all_block: _Block | None = None
        self.kind_blocks: dict[str | None, _Block] = {}  # built as a source needs one
        self.word_blocks: dict[str, _Block] = {}

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
        if isinstance(candidates, list) and len(candidates) == 1:
            ranked = candidates  # one candidate: nothing to order
        else:
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
            return [self.all_block()]
        return [self.kind_block(kind) for kind in (source.kind, None) if kind in self.kinds]

    def all_block(self) -> _Block:
        """Every target (built once, on first use)."""
        if self._all_block is None:
            if len(self.kinds) == 1:  # one kind: its block is every target
                self._all_block = self.kind_block(next(iter(self.kinds)))
            else:
                self._all_block = _Block(self.order, self.keys, self.signatures)
        return self._all_block

    def kind_block(self, kind: str | None) -> _Block:
        """The targets of one kind (built once, on first use)."""
        block = self.kind_blocks.get(kind)
        if block is None:
            block = self.kind_blocks[kind] = self.block(self.kinds[kind])
        return block

    def block(self, indexes: Iterable[int]) -> _Block:
        rank = self.rank
        ordered = sorted((j for j in indexes if rank[j] >= 0), key=rank.__getitem__)
        return _Block(ordered, self.keys, self.signatures)

    def word_block(self, start: str) -> _Block:
        """The targets with a word starting so."""
        block = self.word_blocks.get(start)
        if block is None:
            block = self.word_blocks[start] = self.block(self.by_word_start[start])
        return block

    def rescore(self, keys: _Keys, j: int, score: float, word_order: bool) -> float:
        """The fuzzy score of a pair; under the same category parent only the last levels count.

        A shared parent inflates the score of the whole paths ("Network>LAN" / "Network>VPN" is 85),
        while the last levels alone tell the values apart (33). The whole paths never score less
        than the last levels, so a pair the whole paths leave out would not reach the cutoff.
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

    def fuzzy(
        self, pending: Sequence[tuple[Choice, _Keys]], step: Callable[[int], None]
    ) -> list[Match | None]:
        """Tier 5 for every source the key tiers left: fuzzy scores; see the module docstring.

        NEAR is looked for among all targets of a compatible kind and length; WEAK, and NEAR by word
        order, only among the targets that share the start of a word with the source. Each search
        scores many sources at once (see _scores_reaching); the rules then judge the few pairs
        that reach the cutoff. step(n) is called as n more sources have been scored for NEAR.
        """
        found: list[dict[int, float]] = [{} for _ in pending]
        by_block: dict[_Block, list[tuple[int, str]]] = {}
        for who, (source, keys) in enumerate(pending):
            if keys.normalised:
                for block in self.blocks(source):
                    by_block.setdefault(block, []).append((who, keys.normalised))
        for block, queries in by_block.items():
            for who, j, score in _scores_reaching(
                queries, block, False, self.near, self.classes, step
            ):
                source, keys = pending[who]
                score = self.rescore(keys, j, score, False)
                if score >= self.near and self.fuzzy_allowed(source, keys, j):
                    found[who][j] = score

        by_start: dict[str, list[int]] = {}
        for who, (_source, keys) in enumerate(pending):
            scores = found[who]
            if keys.normalised and not any(
                self.quality(s, keys, j) is MatchQuality.NEAR for j, s in scores.items()
            ):
                for start in keys.word_starts:
                    if start in self.by_word_start:
                        by_start.setdefault(start, []).append(who)
        for start, members in by_start.items():
            block = self.word_block(start)
            member_keys = [(who, pending[who][1]) for who in members]
            for word_order, queries in (
                (False, [(who, keys.normalised) for who, keys in member_keys]),
                (
                    True,
                    [
                        (who, keys.word_order)
                        for who, keys in member_keys
                        if keys.word_order != keys.normalised
                    ],
                ),
            ):
                for who, j, score in _scores_reaching(
                    queries, block, word_order, self.weak, self.classes, lambda _n: step(0)
                ):
                    source, keys = pending[who]
                    score = self.rescore(keys, j, score, word_order)
                    if (
                        score >= self.weak
                        and score > found[who].get(j, -1.0)
                        and self.fuzzy_allowed(source, keys, j)
                    ):
                        found[who][j] = score
        return [
            self.best(source, ((j, s, self.quality(s, keys, j)) for j, s in found[who].items()))
            for who, (source, keys) in enumerate(pending)
        ]


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
    progress: Progress | None = None,
) -> list[Match]:
    """Propose a target for every source: one Match per source, in source order.

    Many sources may get the same target. EXACT and NEAR matches are applied; WEAK ones carry a
    suggested target but are not applied; NONE has no target. See the module docstring for the
    tiers, the rules and how ties break.

    progress(done, total), when given, is called now and then with the number of sources settled
    (total is len(sources)); an exception it raises stops auto_map and comes out of it (that is
    how a caller cancels). It may be called from the thread auto_map runs on only.
    """
    _check_thresholds(near_threshold, weak_threshold)
    started = time.perf_counter()
    none = MatchQuality.NONE
    total = len(sources)
    report = progress or _ignore_progress
    if not targets:
        report(total, total)
        return [Match(s, None, 0.0, none, False) for s in sources]
    keys_of = _all_keys([*(s.name for s in sources), *(t.name for t in targets)])
    matcher = _Matcher(
        targets, [keys_of[t.name] for t in targets], near_threshold, weak_threshold, compatible
    )
    results: list[Match | None] = []
    pending: list[tuple[Choice, _Keys]] = []
    where: list[int] = []
    for i, source in enumerate(sources):
        if i % _PROGRESS_EVERY == 0:
            report(i - len(pending), total)
        keys = keys_of[source.name]
        match = matcher.by_key(source, keys)
        results.append(match)
        if match is None:
            pending.append((source, keys))
            where.append(i)
    settled = total - len(pending)
    report(settled, total)
    if pending:
        scored = 0
        queries = sum(len(matcher.blocks(source)) for source, keys in pending if keys.normalised)

        def step(count: int) -> None:
            nonlocal scored
            scored += count
            report(settled + len(pending) * scored // max(queries, 1), total)

        for i, match in zip(where, matcher.fuzzy(pending, step), strict=True):
            results[i] = match
    matches = [
        m if m is not None else Match(s, None, 0.0, none, False)
        for m, s in zip(results, sources, strict=True)
    ]
    report(total, total)
    applied, _total = summary(matches)
    logger.debug(
        "auto-map: %d of %d matched automatically (%d scored fuzzily) in %.3f s",
        applied,
        total,
        len(pending),
        time.perf_counter() - started,
    )
    return matches


def _ignore_progress(_done: int, _total: int) -> None:
    """The progress callback when auto_map's caller gives none."""


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
