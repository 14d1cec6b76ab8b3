"""What an API application's scopes let it do: which scope area guards which list, and whether a
set of granted scopes reaches it (constants.SCOPE_AREA_BY_ENTITY holds the areas)."""

from __future__ import annotations

from collections.abc import Iterable

from halo_wizard.api import constants as C

ALL: str = "all"
ALL_STANDARD: str = "all:standard"
ADMIN_AREA: str = "admin"
ANY_TOKEN_AREA: str = ""
UNKNOWN_ENTITY_AREA: str = ADMIN_AREA


def area_of(entity: str) -> str:
    """The scope area that guards an entity ("" for lists any valid token may read)."""
    return C.SCOPE_AREA_BY_ENTITY.get(entity, UNKNOWN_ENTITY_AREA)


def scope_allows(scopes: Iterable[str], area: str, *, write: bool) -> bool:
    """Whether `scopes` reach an area: `all` grants everything; `all:standard` every area but
    admin [assumed from its name]; `admin` the admin area; `edit:<area>` implies `read:<area>`."""
    granted = frozenset(scopes)
    if ALL in granted:
        return True
    if area == ANY_TOKEN_AREA:
        return bool(granted)
    if area == ADMIN_AREA:
        return ADMIN_AREA in granted
    if ALL_STANDARD in granted:
        return True
    if write:
        return f"edit:{area}" in granted
    return f"read:{area}" in granted or f"edit:{area}" in granted


def entity_allowed(scopes: Iterable[str], entity: str, *, write: bool) -> bool:
    """Whether `scopes` reach an entity for reading or writing."""
    return scope_allows(scopes, area_of(entity), write=write)
