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

# Colours of states, readable on light and dark backgrounds.
OK_COLOR: Final = "#2e7d32"
MISSING_COLOR: Final = "#c62828"
WARNING_COLOR: Final = "#ef6c00"
CURRENT_COLOR: Final = "#1565c0"
PENDING_COLOR: Final = "#9e9e9e"
ERROR_BACKGROUND: Final = "#fdecea"
ERROR_BORDER: Final = "#e57373"
