"""`override` for Qt method overrides on Python 3.11 (typing has it from 3.12)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

if sys.version_info >= (3, 12):
    from typing import override
else:

    def override(method: F) -> F:
        """Mark a method as overriding one of its base class (checked by type checkers)."""
        method.__override__ = True  # type: ignore[attr-defined]
        return method


__all__ = ["override"]
