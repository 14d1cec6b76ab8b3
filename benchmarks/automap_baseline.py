"""A plain auto-mapper to measure auto_map against: equal normalised names, then one score matrix.

baseline_map maps each source name onto a target name in two steps:

1. a source whose normalise()d name equals a target's normalise()d name maps to the first such
   target;
2. every other source is scored against every target in ONE rapidfuzz.process.cdist call with
   scorer rapidfuzz.fuzz.token_sort_ratio (the Indel ratio of the word-sorted names: the faster of
   the two usual scorers, and the closer to auto_map's own ratio and word-order score),
   processor None on the normalised names, score_cutoff NEAR_THRESHOLD (90, the score auto_map
   applies a fuzzy match from) and workers=1, so it runs on one core as auto_map does at these sizes
   for most of its work. Each such source maps to the first target with its row's best score at or
   above the cutoff, else to nothing.

The matrix holds one byte per score (dtype uint8, scores rounded to whole numbers) so that 10,000
rows by 50,000 columns fit in 500 MB. rapidfuzz.process.cdist needs NumPy only to wrap the matrix in
an array; where NumPy is missing the same compiled function is called directly. Either way the
matrix is read through its buffer, with one byte search per possible score and row.

No kinds, numbers, meaning-changing prefixes, tie rules or WEAK suggestions: this is the simple
mapper a reader would write first. It times nothing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

from halo_wizard.plan.automap import NEAR_THRESHOLD, normalise

logger = logging.getLogger(__name__)

CUTOFF = NEAR_THRESHOLD
"""Lowest score at which the baseline maps a source fuzzily."""

_cdist: Callable[..., Any]
try:
    import numpy
    from rapidfuzz.process import cdist as _cdist

    _UINT8: Any = numpy.uint8
except ImportError:  # NumPy is no dependency of this project: call what process.cdist wraps
    from rapidfuzz.process_cpp_impl import UINT8 as _UINT8
    from rapidfuzz.process_cpp_impl import cdist as _cdist


def baseline_map(sources: Sequence[str], targets: Sequence[str]) -> list[int | None]:
    """The index in targets of the target chosen for each source name, or None."""
    target_keys = [normalise(name) for name in targets]
    first_with_key: dict[str, int] = {}
    for j, key in enumerate(target_keys):
        first_with_key.setdefault(key, j)
    chosen: list[int | None] = []
    rest: list[int] = []
    rest_keys: list[str] = []
    for i, name in enumerate(sources):
        key = normalise(name)
        j = first_with_key.get(key)
        chosen.append(j)
        if j is None:
            rest.append(i)
            rest_keys.append(key)
    if not rest or not targets:
        return chosen
    matrix = _cdist(
        rest_keys,
        target_keys,
        scorer=fuzz.token_sort_ratio,
        processor=None,
        score_cutoff=CUTOFF,
        dtype=_UINT8,
        workers=1,
    )
    cells = memoryview(matrix).cast("B").tobytes()
    width = len(target_keys)
    scores = range(100, int(CUTOFF) - 1, -1)
    for row, i in enumerate(rest):
        start, end = row * width, (row + 1) * width
        for score in scores:  # the highest score first: its first column is the row's best
            at = cells.find(score, start, end)
            if at >= 0:
                chosen[i] = at - start
                break
    return chosen
