"""Lay the mapping report out once into pages: text measured on the PDF device and wrapped at word
boundaries, tables split between rows with their caption and header repeated, and the contents'
page numbers known from this one pass (nothing is laid out twice)."""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice, QTextLayout, QTextOption

from halo_wizard.report.content import Hop, ReportContent, Section, Table

UTF16: Final = codecs.lookup("utf-16-le").name
"""Qt's text positions count UTF-16 units. The codec is looked up here, on the importing thread:
its first use on the PDF thread imported it there, and PySide6's import hook then read this
module's source while holding the interpreter (a stall of the window)."""

log = logging.getLogger(__name__)

DPI = 300
PT = DPI / 72
"""Device pixels per point."""
PX = DPI / 96
"""Device pixels per screen pixel (the unit of the spacings below)."""
MM = DPI / 25.4
MARGIN_MM = 16.0
HEADER_MM = 9.0
FOOTER_MM = 9.0
BASE_FONT = "DejaVu Sans"
MONO_FONT = "DejaVu Sans Mono"
KEEP_ROWS = 3
"""A table starts on a page only with its header and at least this many rows (or all of them)."""

TEXT = "#1d2327"
ACCENT = "#1f5f8b"
MUTED = "#5b6770"
HEADING = "#24323b"
WARNING = "#b35c00"
STATUS_COLORS = {
    "error": "#a61b1b",
    "warning": "#8a5a00",
    "pass": "#1e6b2f",
    "fail": "#a61b1b",
}
"""Cells holding one of these words (any case) are drawn bold in this colour."""
_LONGEST_STATUS = max(len(word) for word in STATUS_COLORS)

CELL_PAD = 3 * PX
BORDER = 0.8 * PX
DIAGRAM_UNITS = 1800.0
"""The diagram is drawn in a square of this many units wide, scaled to its place."""
DIAGRAM_WIDTH = 640 * PX
SIGN_ROW = 9 * MM
SIGNATURE_ROW = 15 * MM
CHECK_EVERY = 500
"""Rows laid out between two looks at the cancel flag (and two progress reports)."""

Progress = Callable[[int, int, str], None]
Stop = Callable[[], bool]


class ReportCancelled(Exception):
    """The report was stopped before it was written (nothing is left at its path)."""


class _Advances(dict[str, float]):
    """Each character's advance, measured the first time it is asked for."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        super().__init__()
        self.metrics = metrics

    def __missing__(self, char: str) -> float:
        advance = self[char] = self.metrics.horizontalAdvance(char)
        return advance


class Face:
    """A font on the PDF device: its metrics, and text measured and wrapped with them."""

    def __init__(
        self, device: QPaintDevice, points: float, *, bold: bool = False, family: str = BASE_FONT
    ) -> None:
        self.font = QFont(family)
        self.font.setPointSizeF(points)
        self.font.setBold(bold)
        if family == MONO_FONT:
            self.font.setStyleHint(QFont.StyleHint.Monospace)
        self.device = device
        self.metrics = QFontMetricsF(self.font, device)
        self.ascent = self.metrics.ascent()
        self.height = self.metrics.height()
        self.line = max(self.metrics.lineSpacing(), self.height)
        self._advances = _Advances(self.metrics)
        self._option = QTextOption()
        self._option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def width(self, text: str) -> float:
        return self.metrics.horizontalAdvance(text)

    def _estimate(self, text: str) -> float:
        return sum(map(self._advances.__getitem__, text))

    def fits(self, text: str, width: float) -> bool:
        """Whether `text` fits on one line of `width`; ASCII text is first estimated from the
        advances of its characters (kerning only narrows it), the rest is measured."""
        if text.isascii():
            estimate = self._estimate(text)
            if estimate <= width * 0.97:
                return True
            if estimate > width * 1.25:
                return False
        return self.width(text) <= width

    def wrap(self, text: str, width: float) -> list[str]:
        """`text` in lines no wider than `width`: broken between words, inside a word only when
        the word alone is wider; a line break in the text starts a new line."""
        if "\n" not in text and "\r" not in text and self.fits(text, width):
            return [text]
        lines: list[str] = []
        for part in text.replace("\t", " ").splitlines() or [""]:
            if self.fits(part, width):
                lines.append(part)
                continue
            layout = QTextLayout(part, self.font, self.device)
            layout.setTextOption(self._option)
            layout.beginLayout()
            spans: list[tuple[int, int]] = []
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(width)
                spans.append((line.textStart(), line.textLength()))
            layout.endLayout()
            # Qt counts UTF-16 units; Python counts code points.
            wide = not part.isascii()
            encoded = part.encode(UTF16) if wide else b""
            for start, length in spans:
                piece = (
                    encoded[2 * start : 2 * (start + length)].decode(UTF16)
                    if wide
                    else part[start : start + length]
                )
                lines.append(piece.rstrip())
        return lines or [""]

    def elide(self, text: str, width: float) -> str:
        """`text` shortened with an ellipsis to fit `width` (for the running header and footer,
        whose full text is on the cover)."""
        if self.fits(text, width):
            return text
        return self.metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class Faces:
    """Every face the report uses, on one device; `body` points for the text of tables (the
    overview shrinks it to keep its table on one page), the headings keep their sizes."""

    def __init__(self, device: QPaintDevice, body: float = 8.5) -> None:
        self.body = Face(device, body)
        self.bold = Face(device, body, bold=True)
        self.mono = Face(device, body, family=MONO_FONT)
        self.h1 = Face(device, 15, bold=True)
        self.h2 = Face(device, 10.5, bold=True)
        self.caption = Face(device, 10, bold=True)
        self.title = Face(device, 24, bold=True)
        self.subtitle = Face(device, 13)
        self.chrome = Face(device, 7)


def fit_widths(
    headers: tuple[str, ...], widths: tuple[int, ...], needed: tuple[float, ...]
) -> tuple[int, ...]:
    """Column percentages close to `widths` in which every column gets at least its `needed`
    share (the longest word of its header): what a narrow column lacks is taken from the columns
    with room to spare, widest first."""
    if not headers:
        return ()
    wanted = list(widths) if len(widths) == len(headers) else [100 / len(headers)] * len(headers)
    floor = [min(n, 100 / len(headers) * 2) for n in needed]
    result = [max(w, f) for w, f in zip(wanted, floor, strict=True)]
    excess = sum(result) - 100
    while excess > 0.01:
        spare = [(r - f, i) for i, (r, f) in enumerate(zip(result, floor, strict=True))]
        room = sum(max(0.0, gap) for gap, _ in spare)
        if room <= 0.01:
            break
        for gap, i in spare:
            if gap > 0:
                result[i] -= excess * gap / room
        excess = sum(result) - 100
    total = sum(result)
    rounded = [max(1, int(r * 100 / total)) for r in result]
    rounded[rounded.index(max(rounded))] += 100 - sum(rounded)
    return tuple(rounded)


# ---- What a page holds --------------------------------------------------------------------------


@dataclass(slots=True)
class Lines:
    """Lines of one face and colour, their top at `y` (relative to the body's top-left)."""

    face: Face
    color: str
    lines: Sequence[str]
    x: float
    y: float = 0.0

    @property
    def height(self) -> float:
        return len(self.lines) * self.face.line


@dataclass(slots=True)
class Column:
    x: float  # left edge, relative to the table's left
    width: float  # with padding
    face: Face
    color: str
    right: bool = False  # right-aligned


class Grid:
    """One table laid out: its columns, its caption and header (drawn again on each page it
    continues on) and the lines of every row that wraps; a row that fits is its own cells."""

    def __init__(
        self,
        faces: Faces,
        columns: list[Column],
        rows: Sequence[tuple[str, ...]],
        *,
        caption: str = "",
        headers: tuple[str, ...] = (),
        ruled: bool = True,
        status_words: bool = True,
        pad: float = CELL_PAD,
        toc: bool = False,
    ) -> None:
        self.faces = faces
        self.columns = columns
        self.rows = rows
        self.ruled = ruled
        self.status_words = status_words
        self.pad = pad
        self.toc = toc
        self.width = sum(c.width for c in columns)
        self.caption = faces.caption.wrap(caption, self.width) if caption else []
        self.caption_height = (
            len(self.caption) * faces.caption.line + 3 * PX if self.caption else 0.0
        )
        self.header: list[list[str]] = [
            faces.bold.wrap(h, c.width - 2 * pad) for h, c in zip(headers, columns, strict=False)
        ]
        self.header_height = (
            max(len(cell) for cell in self.header) * faces.bold.line + 2 * pad
            if self.header
            else 0.0
        )
        self.line = max(c.face.line for c in columns)
        self.single = faces.body.height + 2 * pad
        self.wrapped: dict[int, list[list[str]]] = {}

    def measure(self, index: int) -> float:
        """Lay out row `index` (wrapping what does not fit) and return its height."""
        row = self.rows[index]
        wrapped: list[list[str]] | None = None
        for column, (cell, text) in enumerate(zip(self.columns, row, strict=False)):
            room = cell.width - 2 * self.pad
            face = self.cell_face(cell, text)[0]  # measured as drawn (a status word in bold)
            if "\n" in text or not face.fits(text, room):
                if wrapped is None:
                    wrapped = [[t] for t in row]
                wrapped[column] = face.wrap(text, room)
        if wrapped is None:
            return self.single
        self.wrapped[index] = wrapped
        return self.height_of(index)

    def cells(self, index: int) -> Sequence[Sequence[str]]:
        found = self.wrapped.get(index)
        return found if found is not None else [(t,) for t in self.rows[index]]

    def height_of(self, index: int, skip: int = 0, take: int | None = None) -> float:
        found = self.wrapped.get(index)
        if found is None:
            return self.single
        count = max(len(lines[skip:take]) for lines in found) if found else 1
        return self.faces.body.height + max(0, count - 1) * self.line + 2 * self.pad

    def line_count(self, index: int) -> int:
        found = self.wrapped.get(index)
        return 1 if found is None else max((len(lines) for lines in found), default=1)

    def cell_face(self, column: Column, text: str) -> tuple[Face, str]:
        if self.status_words and len(text) <= _LONGEST_STATUS:
            color = STATUS_COLORS.get(text.casefold())
            if color is not None:
                return self.faces.bold, color
        return column.face, column.color


@dataclass(slots=True)
class Chunk:
    """Rows start..stop-1 of a grid on one page, under its caption and header; `skip` lines of
    the first row were on the page before, only `take` lines of the last fit on this one (a row
    taller than a page, the only one ever split)."""

    grid: Grid
    start: int
    stop: int
    y: float = 0.0
    continued: bool = False
    skip: int = 0
    take: int | None = None


@dataclass(slots=True)
class Diagram:
    hops: list[Hop]
    left: str
    right: str
    x: float
    width: float
    y: float = 0.0

    @staticmethod
    def units_high(count: int) -> float:
        return 150 + 120 * max(1, count) + 30

    @property
    def height(self) -> float:
        return self.units_high(len(self.hops)) * self.width / DIAGRAM_UNITS


@dataclass(slots=True)
class SignOff:
    """Both parties' name, role, signature and date lines, side by side."""

    width: float
    y: float = 0.0
    labels: tuple[str, ...] = ("Name", "Role", "Signature", "Date")
    parties: tuple[str, ...] = ("For the customer", "For the supplier")


Item = Lines | Chunk | Diagram | SignOff


@dataclass(slots=True)
class Page:
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Laid:
    """The report laid out: its pages and where each section starts (1-based page numbers)."""

    pages: list[Page]
    section_pages: list[int]
    faces: Faces
    rows: int


# ---- Laying out -------------------------------------------------------------------------------


class Layout:
    """Places the report's blocks top to bottom into pages of the body's size."""

    def __init__(
        self,
        content: ReportContent,
        device: QPaintDevice,
        width: float,
        height: float,
        *,
        progress: Progress | None = None,
        stop: Stop | None = None,
    ) -> None:
        self.content = content
        self.faces = Faces(device)
        self.width = width
        self.height = height
        self.progress = progress
        self.stop = stop
        self.pages: list[Page] = [Page()]
        self.y = 0.0
        self.total_rows = sum(len(t.rows) for s in content.sections for _, t in s.tables)
        self.done_rows = 0

    # ---- the page cursor ----

    @property
    def room(self) -> float:
        return self.height - self.y

    @property
    def at_top(self) -> bool:
        return self.y < 0.5

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = 0.0

    def gap(self, pixels: float) -> None:
        """Space before a block; none at a page's top."""
        if not self.at_top:
            self.y = min(self.height, self.y + pixels * PX)

    def put(self, item: Item, height: float) -> None:
        item.y = self.y
        self.pages[-1].items.append(item)
        self.y += height

    def checkpoint(self, rows: int = 0) -> None:
        self.done_rows += rows
        if self.stop is not None and self.stop():
            raise ReportCancelled
        if self.progress is not None:
            self.progress(self.done_rows, max(self.total_rows, 1), "")

    # ---- blocks ----

    def text(
        self,
        face: Face,
        color: str,
        text: str,
        *,
        before: float = 2,
        after: float = 6,
        x: float = 0.0,
        width: float | None = None,
        keep: float = 0.0,
    ) -> None:
        """A paragraph; split between lines only when it does not fit a page's rest (two lines
        at least on each side). `keep`: height that must follow it on the same page."""
        lines = face.wrap(text, (width or self.width) - x)
        self.gap(before)
        while lines:
            fit = int((self.room + 0.01) // face.line)
            if len(lines) * face.line + keep <= self.room or (self.at_top and fit >= len(lines)):
                self.put(Lines(face, color, lines, x), len(lines) * face.line)
                break
            if self.at_top or (fit >= 2 and len(lines) - fit >= 2 and keep == 0):
                fit = max(1, fit)
                self.put(Lines(face, color, lines[:fit], x), fit * face.line)
                lines = lines[fit:]
            self.new_page()
        self.y = min(self.height, self.y + after * PX)

    def grid(self, grid: Grid, before: float = 8) -> None:
        """A table: moved to the next page when its caption, header and first rows do not fit;
        continued on as many pages as it takes, caption and header on each."""
        self.gap(before)
        count = len(grid.rows)
        heads = grid.caption_height + grid.header_height
        measured = min(KEEP_ROWS, count)
        first = sum(grid.measure(i) for i in range(measured))
        if heads + first > self.room and not self.at_top:
            self.new_page()
        reported = 0
        index, skip, continued = 0, 0, False
        while True:
            top = self.y
            y = top + heads
            start, start_skip, take = index, skip, None
            while index < count:
                if index >= measured:
                    grid.measure(index)
                    measured = index + 1
                    if measured - reported >= CHECK_EVERY:
                        self.checkpoint(measured - reported)
                        reported = measured
                height = grid.height_of(index, skip)
                if y + height <= self.height + 0.01:
                    y += height
                    index, skip = index + 1, 0
                    continue
                if index > start:
                    break
                # A row taller than a whole page: as many of its lines as fit, the rest next.
                room = self.height - y - 2 * grid.pad - grid.faces.body.height
                take = skip + 1 + max(0, int(room // grid.line))
                y = self.height
                break
            stop = index if take is None else index + 1
            self.put(
                Chunk(grid, start, stop, continued=continued, skip=start_skip, take=take), y - top
            )
            if take is not None:
                if take >= grid.line_count(index):
                    index, skip = index + 1, 0
                else:
                    skip = take
            if index >= count:
                break
            self.new_page()
            continued = True
        self.checkpoint(count - reported)
        self.y = min(self.height, self.y + 8 * PX)

    def table(self, caption: str, table: Table) -> None:
        faces = self.faces
        if not table.rows:
            empty = faces.body.wrap(table.empty_text, self.width)
            need = (
                len(faces.caption.wrap(caption, self.width)) * faces.caption.line
                + len(empty) * faces.body.line
            )
            self.gap(10)
            if need > self.room and not self.at_top:
                self.new_page()
            self.text(faces.caption, HEADING, caption, before=0, after=3)
            self.text(faces.body, MUTED, table.empty_text, before=0, after=6)
            return
        headers = table.headers
        widths = table.widths or tuple(100 // len(headers) for _ in headers)
        widths = fit_widths(headers, widths, tuple(self._needed(h) for h in headers))
        columns: list[Column] = []
        x = 0.0
        for share in widths:
            width = self.width * share / 100
            columns.append(Column(x, width, faces.body, TEXT))
            x += width
        self.grid(Grid(faces, columns, table.rows, caption=caption, headers=headers))

    def _needed(self, header: str) -> float:
        """The share of the body width (in percent) the longest word of a header needs."""
        words = header.split() or [""]
        widest = max(self.faces.bold.width(word) for word in words)
        return 100 * (widest + 2 * CELL_PAD + 2 * BORDER) / self.width * 1.04

    # ---- the report ----

    def cover(self) -> Grid:
        """The title, both instances, the fingerprint and the contents (its page numbers are
        filled in once every section is placed)."""
        content, faces = self.content, self.faces
        self.y = 60 * PX
        self.text(faces.title, ACCENT, content.title, before=0, after=8)
        self.text(faces.subtitle, TEXT, content.plan_name, before=0, after=10)
        self.text(faces.body, TEXT, content.direction, before=0, after=6)
        shares = (0.22, 0.39, 0.39)
        columns = []
        x = 0.0
        for index, share in enumerate(shares):
            face, color = (faces.body, MUTED) if index == 0 else (faces.bold, TEXT)
            columns.append(Column(x, self.width * share, face, color))
            x += self.width * share
        cover = Grid(
            faces,
            columns,
            content.cover,
            ruled=False,
            status_words=False,
            pad=4 * PX,
        )
        self.grid(cover, before=4)
        self.text(faces.body, MUTED, f"Generated {content.generated}.", before=4, after=0)
        self.text(
            faces.body,
            MUTED,
            "Configuration fingerprint (SHA-256 of the plan's configuration):",
            before=0,
            after=0,
        )
        self.text(faces.mono, MUTED, content.fingerprint, before=0, after=12)
        self.text(faces.h2, HEADING, "Contents", before=6, after=2)
        toc_columns = [
            Column(0.0, self.width * 0.08, faces.body, TEXT),
            Column(self.width * 0.08, self.width * 0.80, faces.body, TEXT),
            Column(self.width * 0.88, self.width * 0.12, faces.body, TEXT, right=True),
        ]
        # Page numbers are at most five digits wide: they never change a row's height.
        toc_rows = [
            (f"{n}.", section.title, "00000") for n, section in enumerate(content.sections, 1)
        ]
        toc = Grid(
            faces, toc_columns, toc_rows, ruled=False, status_words=False, pad=2 * PX, toc=True
        )
        self.grid(toc, before=0)
        return toc

    def section(self, number: int, section: Section) -> int:
        """Place a section from the top of a new page; returns that page's number."""
        faces = self.faces
        self.new_page()
        page = len(self.pages)
        self.text(faces.h1, ACCENT, f"{number}. {section.title}", before=0, after=6)
        for paragraph in section.paragraphs:
            self.text(faces.body, TEXT, paragraph, before=2, after=6)
        if section.diagram is not None:
            self.diagram(section.diagram)
        for caption, table in section.tables:
            self.table(caption, table)
        if section.anchor == "signoff":
            self.sign_off()
        return page

    def diagram(self, hops: list[Hop]) -> None:
        width = min(DIAGRAM_WIDTH, self.width)
        height = Diagram.units_high(len(hops)) * width / DIAGRAM_UNITS
        if height > self.height:
            width *= self.height / height
            height = self.height
        self.gap(6)
        if height > self.room:
            self.new_page()
        cover = self.content.cover
        left, right = (cover[0][1], cover[0][2]) if cover else ("", "")
        self.put(Diagram(hops, left, right, (self.width - width) / 2, width), height)
        self.y = min(self.height, self.y + 8 * PX)

    def sign_off(self) -> None:
        block = SignOff(self.width, parties=self.content.parties)
        height = self.faces.h2.line + 4 * PX + 3 * SIGN_ROW + SIGNATURE_ROW
        self.gap(10)
        if height > self.room and not self.at_top:
            self.new_page()
        self.put(block, height)

    def run(self) -> Laid:
        toc = self.cover()
        starts = [
            self.section(number, section)
            for number, section in enumerate(self.content.sections, start=1)
        ]
        toc.rows = [
            (number, title, str(page))
            for (number, title, _), page in zip(toc.rows, starts, strict=True)
        ]
        return Laid(self.pages, starts, self.faces, self.total_rows)


def lay_out(
    content: ReportContent,
    device: QPaintDevice,
    width: float,
    height: float,
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> Laid:
    """Lay `content` out once into pages of `width` x `height` device pixels."""
    return Layout(content, device, width, height, progress=progress, stop=stop).run()
