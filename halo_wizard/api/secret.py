"""A string wrapper that keeps a secret out of reprs, logs and exception messages."""

from __future__ import annotations

from typing import Final

_MASK: Final = "••••••••"


class Secret:
    """Holds a client secret or token; only `reveal()` gives the text back."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def masked(self, keep: int = 0) -> str:
        """The mask, optionally with the last `keep` characters (only for long secrets)."""
        if keep and len(self._value) >= 16:
            return _MASK + self._value[-keep:]
        return _MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return "Secret(" + (_MASK if self._value else "''") + ")"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret is never pickled")


def as_secret(value: str | Secret) -> Secret:
    return value if isinstance(value, Secret) else Secret(value)
