"""Counted phrases ("1 change", "3 changes") from two translated forms."""

from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """`one` or `many` (each translated, each with a {n} placeholder) filled in with `n`."""
    return (one if n == 1 else many).format(n=n)
