"""Spacing, sizes and colours of the window, in one place."""

from __future__ import annotations

from typing import Final

SPACING: Final = 8
"""Between controls of one group."""
SPACING_SMALL: Final = 4
MARGIN: Final = 16
"""Around a page's content."""
SECTION_SPACING: Final = 20
"""Between the groups of a page."""
SIDEBAR_WIDTH: Final = 240
ICON_SIZE: Final = 18
BUTTON_MIN_WIDTH: Final = 96
FIELD_MIN_WIDTH: Final = 260
WINDOW_SIZE: Final = (1280, 800)
TITLE_POINT_DELTA: Final = 6
"""How much larger than the body text a page title is."""

# Colours of states; `use_dark_colors` swaps in the dark-theme set before the window is built.
OK_COLOR = "#2e7d32"
MISSING_COLOR = "#c62828"
WARNING_COLOR = "#ef6c00"
CURRENT_COLOR = "#1565c0"
PENDING_COLOR = "#757575"
ERROR_BACKGROUND = "#fdecea"
ERROR_BORDER = "#e57373"
ERROR_TEXT = "#3b0d0c"
ON_CURRENT_TEXT = "#ffffff"
"""Text on a CURRENT_COLOR background."""
AUTO_TINT = "#e6f4ea"
"""Row backgrounds of the mapping table: matched automatically, suggested, with a problem."""
SUGGESTION_TINT = "#fff3dc"
PROBLEM_TINT = "#fdecea"
TINTED_TEXT = "#202124"
MUTED_TEXT = "#6b7075"

_LIGHT: Final = {
    "OK_COLOR": OK_COLOR,
    "MISSING_COLOR": MISSING_COLOR,
    "WARNING_COLOR": WARNING_COLOR,
    "CURRENT_COLOR": CURRENT_COLOR,
    "PENDING_COLOR": PENDING_COLOR,
    "ERROR_BACKGROUND": ERROR_BACKGROUND,
    "ERROR_BORDER": ERROR_BORDER,
    "ERROR_TEXT": ERROR_TEXT,
    "ON_CURRENT_TEXT": ON_CURRENT_TEXT,
    "AUTO_TINT": AUTO_TINT,
    "SUGGESTION_TINT": SUGGESTION_TINT,
    "PROBLEM_TINT": PROBLEM_TINT,
    "TINTED_TEXT": TINTED_TEXT,
    "MUTED_TEXT": MUTED_TEXT,
}
_DARK: Final = {
    "OK_COLOR": "#81c784",
    "MISSING_COLOR": "#ef7070",
    "WARNING_COLOR": "#ffb74d",
    "CURRENT_COLOR": "#64b5f6",
    "PENDING_COLOR": "#a0a0a0",
    "ERROR_BACKGROUND": "#4a2020",
    "ERROR_BORDER": "#c75050",
    "ERROR_TEXT": "#ffe4e1",
    "ON_CURRENT_TEXT": "#0b1a2e",
    "AUTO_TINT": "#1f3a2a",
    "SUGGESTION_TINT": "#3f3419",
    "PROBLEM_TINT": "#4a2323",
    "TINTED_TEXT": "#eef0f2",
    "MUTED_TEXT": "#9aa0a6",
}


def use_dark_colors(dark: bool) -> None:
    """Pick the colour set readable on the theme's window background (light or dark)."""
    globals().update(_DARK if dark else _LIGHT)
