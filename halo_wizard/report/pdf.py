"""Draw the mapping report into a PDF with QPainter on QPdfWriter, page by page, from its one
layout (report/layout.py): page header and footer on every page ("Page X of Y"), table caption
and header rows again where a table continues, and the ticket's path drawn as vectors.

Needs a QGuiApplication (offscreen is fine); may run on a worker thread (QPainter on QPdfWriter
is allowed there), with a progress callback and a stop flag checked between pages."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
)

from halo_wizard.plan.model import Side
from halo_wizard.report.content import Hop, ReportContent, footer_line
from halo_wizard.report.layout import (
    ACCENT,
    BASE_FONT,
    BORDER,
    DIAGRAM_UNITS,
    DPI,
    FOOTER_MM,
    HEADER_MM,
    HEADING,
    KEEP_ROWS,
    MARGIN_MM,
    MM,
    MUTED,
    PX,
    SIGN_ROW,
    SIGNATURE_ROW,
    TEXT,
    WARNING,
    Chunk,
    Column,
    Diagram,
    Face,
    Faces,
    Grid,
    Laid,
    Lines,
    Progress,
    ReportCancelled,
    SignOff,
    Stop,
    fit_widths,
    lay_out,
)

__all__ = [
    "KEEP_ROWS",
    "PAGE_SIZES",
    "ReportCancelled",
    "ReportWriter",
    "TablePainter",
    "draw_path_diagram",
    "fit_widths",
    "paint_path_diagram",
    "pdf_writer",
    "write_atomically",
    "write_report",
]

log = logging.getLogger(__name__)

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
HEADER_FILL = "#e7eef3"
HEADER_RULE = "#b9c6cf"
RULE = "#d3dbe1"
STRIPE = "#f5f8fa"
LEADER = "#aab6bf"


class _Pens:
    """QColor and QPen objects made once per report, not once per cell."""

    def __init__(self) -> None:
        self._colors: dict[str, QColor] = {}
        self._pens: dict[tuple[str, float, bool], QPen] = {}

    def color(self, name: str) -> QColor:
        found = self._colors.get(name)
        if found is None:
            found = self._colors[name] = QColor(name)
        return found

    def pen(self, name: str, width: float = 0.0, dotted: bool = False) -> QPen:
        key = (name, width, dotted)
        found = self._pens.get(key)
        if found is None:
            found = QPen(self.color(name), width)
            if dotted:
                found.setStyle(Qt.PenStyle.DotLine)
            self._pens[key] = found
        return found


class _Painter:
    """Draws the laid-out items of one page onto the PDF painter, body-relative."""

    def __init__(self, painter: QPainter, faces: Faces) -> None:
        self.painter = painter
        self.faces = faces
        self.pens = _Pens()
        self._font: object = None
        self._color = ""

    def use(self, font: QFont, color: str) -> None:
        if self._font is not font:
            self.painter.setFont(font)
            self._font = font
        if self._color != color:
            self.painter.setPen(self.pens.color(color))
            self._color = color

    def forget(self) -> None:
        """The painter's pen or font was changed elsewhere."""
        self._font = None
        self._color = ""

    def lines(self, item: Lines) -> None:
        face = item.face
        self.use(face.font, item.color)
        y = item.y + face.ascent
        for line in item.lines:
            self.painter.drawText(QPointF(item.x, y), line)
            y += face.line

    def chunk(self, chunk: Chunk) -> None:
        grid, faces, painter = chunk.grid, self.faces, self.painter
        y = chunk.y
        if grid.caption:
            face = faces.caption
            self.use(face.font, HEADING)
            for line in grid.caption:
                painter.drawText(QPointF(0, y + face.ascent), line)
                y += face.line
            if chunk.continued:
                x = face.width(grid.caption[-1]) + face.width(" ")
                self.use(faces.body.font, MUTED)
                painter.drawText(QPointF(x, y - face.line + face.ascent), "(continued)")
            y = chunk.y + grid.caption_height
        top = y
        pad = grid.pad
        if grid.header:
            painter.fillRect(
                QRectF(0, y, grid.width, grid.header_height), self.pens.color(HEADER_FILL)
            )
            face = faces.bold
            self.use(face.font, HEADING)
            for column, cell in zip(grid.columns, grid.header, strict=False):
                line_y = y + pad + face.ascent
                for line in cell:
                    painter.drawText(QPointF(column.x + pad, line_y), line)
                    line_y += face.line
            y += grid.header_height
        body_top = y
        last = chunk.stop - 1
        bottoms: list[float] = []
        tops: list[float] = []
        for index in range(chunk.start, chunk.stop):
            skip = chunk.skip if index == chunk.start else 0
            take = chunk.take if index == last else None
            tops.append(y)
            y += grid.height_of(index, skip, take)
            bottoms.append(y)
        if grid.ruled:
            stripes = [
                QRectF(0, tops[n], grid.width, bottoms[n] - tops[n])
                for n, index in enumerate(range(chunk.start, chunk.stop))
                if index % 2
            ]
            if stripes:
                painter.save()
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(self.pens.color(STRIPE)))
                painter.drawRects(stripes)
                painter.restore()
                self.forget()
        body = faces.body
        for n, index in enumerate(range(chunk.start, chunk.stop)):
            skip = chunk.skip if index == chunk.start else 0
            take = chunk.take if index == last else None
            row_y = tops[n] + pad + body.ascent
            wrapped = grid.wrapped.get(index)
            if wrapped is None:
                for column, text in zip(grid.columns, grid.rows[index], strict=False):
                    if not text:
                        continue
                    face, color = grid.cell_face(column, text)
                    self.use(face.font, color)
                    x = column.x + pad
                    if column.right:
                        x = column.x + column.width - pad - face.width(text)
                    painter.drawText(QPointF(x, row_y), text)
                    if grid.toc and column is grid.columns[1]:
                        self._leader(grid, index, column, face.width(text), row_y)
                continue
            for column, cell, text in zip(grid.columns, wrapped, grid.rows[index], strict=False):
                face, color = grid.cell_face(column, text)
                self.use(face.font, color)
                line_y = row_y
                for line in cell[skip:take]:
                    x = column.x + pad
                    if column.right:
                        x = column.x + column.width - pad - face.width(line)
                    painter.drawText(QPointF(x, line_y), line)
                    line_y += grid.line
        if grid.ruled:
            self._rules(grid, top, body_top, bottoms)

    def _leader(self, grid: Grid, index: int, column: Column, used: float, y: float) -> None:
        """The dotted line from a contents entry to its page number."""
        number = grid.rows[index][-1]
        last = grid.columns[-1]
        start = column.x + grid.pad + used + 3 * PX
        end = last.x + last.width - grid.pad - self.faces.body.width(number) - 3 * PX
        if end - start < 6 * PX:
            return
        self.painter.setPen(self.pens.pen(LEADER, 1.2 * PX, dotted=True))
        self.painter.drawLine(QPointF(start, y), QPointF(end, y))
        self._color = ""

    def _rules(self, grid: Grid, top: float, body_top: float, bottoms: Sequence[float]) -> None:
        painter = self.painter
        bottom = bottoms[-1] if bottoms else body_top
        rules = [QLineF(0, b, grid.width, b) for b in bottoms[:-1]]
        edges = [c.x for c in grid.columns[1:]]
        rules += [QLineF(x, top, x, bottom) for x in edges]
        painter.setPen(self.pens.pen(RULE, BORDER))
        if rules:
            painter.drawLines(rules)
        painter.setPen(self.pens.pen(HEADER_RULE, BORDER))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0, top, grid.width, bottom - top))
        if grid.header:
            painter.drawLine(QLineF(0, body_top, grid.width, body_top))
        self._color = ""

    def diagram(self, item: Diagram) -> None:
        painter = self.painter
        painter.save()
        painter.translate(item.x, item.y)
        scale = item.width / DIAGRAM_UNITS
        painter.scale(scale, scale)
        paint_path_diagram(painter, item.hops, item.left, item.right, DIAGRAM_UNITS)
        painter.restore()
        self.forget()

    def sign_off(self, item: SignOff) -> None:
        faces, painter = self.faces, self.painter
        gap = 8 * MM
        column = (item.width - gap) / 2
        for index, party in enumerate(item.parties):
            x = index * (column + gap)
            y = item.y
            self.use(faces.h2.font, HEADING)
            painter.drawText(QPointF(x, y + faces.h2.ascent), party)
            y += faces.h2.line + 4 * PX
            for label in item.labels:
                height = SIGNATURE_ROW if label == "Signature" else SIGN_ROW
                baseline = y + height - 2 * MM
                self.use(faces.body.font, MUTED)
                painter.drawText(QPointF(x, baseline), label)
                painter.setPen(self.pens.pen(HEADER_RULE, 1.2 * PX))
                painter.drawLine(QPointF(x + column * 0.3, baseline), QPointF(x + column, baseline))
                self._color = ""
                y += height


def paint_path_diagram(
    painter: QPainter, hops: list[Hop], left: str, right: str, width: float = DIAGRAM_UNITS
) -> None:
    """Two lanes (customer left, supplier right) and an arrow per hop, top to bottom, each arrow
    labelled with its step of the worked example; a hop the plan maps no action for is dashed.
    Drawn in units of `width` wide (fonts in pixels, so they scale with the painter)."""
    row_h = 120
    top = 150
    height = top + row_h * max(1, len(hops)) + 30
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    lane_w = int(width * 0.36)
    lanes = {Side.CUSTOMER: (20.0, lane_w), Side.SUPPLIER: (width - 20 - lane_w, lane_w)}
    title_font = _pixel_font(40, bold=True)
    text_font = _pixel_font(29)
    role_font = _pixel_font(25, bold=True)
    painter.setFont(title_font)
    title_metrics = QFontMetricsF(title_font)
    for side, name in ((Side.CUSTOMER, left), (Side.SUPPLIER, right)):
        x, w = lanes[side]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(HEADER_FILL))
        painter.drawRoundedRect(QRectF(x, 10, w, height - 20), 24, 24)
        painter.setPen(QColor(ACCENT))
        shown = title_metrics.elidedText(name, Qt.TextElideMode.ElideRight, w - 40)
        painter.drawText(QRectF(x, 24, w, 80), Qt.AlignmentFlag.AlignCenter, shown)
    metrics = QFontMetricsF(text_font)
    warning = QColor(WARNING)
    for index, hop in enumerate(hops):
        y = top + index * row_h
        source_x, source_w = lanes[hop.side]
        target_side = Side.SUPPLIER if hop.side is Side.CUSTOMER else Side.CUSTOMER
        target_x, target_w = lanes[target_side]
        painter.setFont(text_font)
        for x, w, text, fill in (
            (source_x, source_w, hop.action, "#ffffff"),
            (target_x, target_w, hop.arrives_as, "#f4f8fb"),
        ):
            box = QRectF(x + 24, y, w - 48, 78)
            border = QPen(warning if hop.missing else QColor("#9fb3c2"), 2)
            if hop.missing:
                border.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(border)
            painter.setBrush(QColor("#fff8ef" if hop.missing else fill))
            painter.drawRoundedRect(box, 14, 14)
            painter.setPen(warning if hop.missing else QColor(TEXT))
            painter.drawText(
                box.adjusted(12, 2, -12, -2),
                Qt.AlignmentFlag.AlignCenter,
                _box_text(metrics, text, box.width() - 30),
            )
        start_x = source_x + source_w - 24 if hop.side is Side.CUSTOMER else source_x + 24
        end_x = target_x + 24 if hop.side is Side.CUSTOMER else target_x + target_w - 24
        mid_y = y + 39
        color = warning if hop.missing else QColor(ACCENT)
        pen = QPen(color, 5)
        if hop.missing:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(start_x, mid_y), QPointF(end_x, mid_y))
        direction = 1 if end_x > start_x else -1
        head = QPainterPath(QPointF(end_x, mid_y))
        head.lineTo(end_x - direction * 26, mid_y - 14)
        head.lineTo(end_x - direction * 26, mid_y + 14)
        head.closeSubpath()
        painter.fillPath(head, color)
        if hop.role:
            painter.setFont(role_font)
            painter.setPen(color)
            gap = QRectF(min(start_x, end_x) + 30, y - 6, abs(end_x - start_x) - 60, 40)
            painter.drawText(gap, Qt.AlignmentFlag.AlignCenter, hop.role)
    painter.restore()


def _pixel_font(pixels: int, bold: bool = False) -> QFont:
    font = QFont(BASE_FONT)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _box_text(metrics: QFontMetricsF, text: str, width: float) -> str:
    """The text of a diagram box: one line, or two when it is too long (the second elided)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    first = ""
    for count in range(len(words), 0, -1):
        candidate = " ".join(words[:count])
        if metrics.horizontalAdvance(candidate) <= width:
            first = candidate
            rest = " ".join(words[count:])
            break
    else:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if not rest:
        return first
    return first + "\n" + metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)


def draw_path_diagram(hops: list[Hop], left: str, right: str, width: int = 1800) -> QImage:
    """The ticket's path (paint_path_diagram) as an image `width` pixels wide."""
    height = int(Diagram.units_high(len(hops)) * width / DIAGRAM_UNITS)
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(width / DIAGRAM_UNITS, width / DIAGRAM_UNITS)
    paint_path_diagram(painter, hops, left, right)
    painter.end()
    return image


def write_atomically(path: Path, write: Callable[[Path], int]) -> int:
    """`write(temp path)` then the temp file moved to `path` in one step; on any failure no
    file is left at either. Returns what `write` returns (the page count)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        pages = write(tmp)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages


def pdf_writer(
    path: Path, title: str, page_size: str = "A4", *, landscape: bool = False
) -> QPdfWriter:
    """A PDF writer at the report's resolution, edge to edge (the margins are drawn)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator("halo_wizard")
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(
        QPageLayout(QPageSize(PAGE_SIZES[page_size]), orientation, QMarginsF(0, 0, 0, 0))
    )
    return writer


TablePainter = _Painter
"""Draws laid-out lines and table chunks (report.layout) onto a page: the overview uses it too."""


class ReportWriter:
    """Lays the report out once for one page size and writes it as PDF."""

    def __init__(self, content: ReportContent, page_size: str = "A4") -> None:
        if page_size not in PAGE_SIZES:
            raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}")
        self.content = content
        self.page_size = page_size

    def write(
        self, path: Path, *, progress: Progress | None = None, stop: Stop | None = None
    ) -> int:
        """Write the PDF (atomically: nothing at `path` until it is whole); returns the number
        of pages. `progress(done, total, phase)` is told "layout" (rows) then "pages"; `stop()`
        returning True ends it with ReportCancelled and no file left behind."""
        return write_atomically(path, lambda tmp: self._write(tmp, progress, stop))

    def _write(self, tmp: Path, progress: Progress | None, stop: Stop | None) -> int:
        writer = pdf_writer(tmp, self.content.title, self.page_size)
        full = writer.pageLayout().fullRectPixels(DPI)
        body = QRectF(
            MARGIN_MM * MM,
            (MARGIN_MM + HEADER_MM) * MM,
            full.width() - 2 * MARGIN_MM * MM,
            full.height() - (2 * MARGIN_MM + HEADER_MM + FOOTER_MM) * MM,
        )

        def layout_progress(done: int, total: int, _text: str) -> None:
            if progress is not None:
                progress(min(done, total), total, "layout")

        laid = lay_out(
            self.content,
            writer,
            body.width(),
            body.height(),
            progress=layout_progress,
            stop=stop,
        )
        count = len(laid.pages)
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(f"{tmp.parent} could not be written to: the PDF was not made")
        try:
            drawer = _Painter(painter, laid.faces)
            for number, page in enumerate(laid.pages):
                if stop is not None and stop():
                    raise ReportCancelled
                if number:
                    writer.newPage()
                painter.save()
                painter.translate(body.left(), body.top())
                for item in page.items:
                    if isinstance(item, Chunk):
                        drawer.chunk(item)
                    elif isinstance(item, Lines):
                        drawer.lines(item)
                    elif isinstance(item, Diagram):
                        drawer.diagram(item)
                    else:
                        drawer.sign_off(item)
                painter.restore()
                drawer.forget()
                self._chrome(painter, laid, full.width(), full.height(), number, count)
                drawer.forget()
                if progress is not None:
                    progress(number + 1, count, "pages")
        finally:
            painter.end()
        return count

    def _chrome(
        self, painter: QPainter, laid: Laid, width: float, height: float, page: int, pages: int
    ) -> None:
        """The page header (not on the cover) and footer."""
        face = laid.faces.chrome
        painter.setFont(face.font)
        painter.setPen(QColor(MUTED))
        left = MARGIN_MM * MM
        right = width - MARGIN_MM * MM
        room = right - left
        baseline_offset = face.ascent + (HEADER_MM * MM * 0.7 - face.height) / 2
        if page:
            generated = self.content.generated
            used = face.width(generated) + 6 * MM
            header_y = MARGIN_MM * MM + baseline_offset
            title = face.elide(f"{self.content.title} · {self.content.plan_name}", room - used)
            painter.drawText(QPointF(left, header_y), title)
            painter.drawText(QPointF(right - face.width(generated), header_y), generated)
            painter.setPen(QPen(QColor("#c9d3da"), 3))
            line_y = MARGIN_MM * MM + HEADER_MM * MM * 0.75
            painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
            painter.setPen(QColor(MUTED))
        footer_y = height - (MARGIN_MM + FOOTER_MM * 0.6) * MM
        footer_y += face.ascent + (FOOTER_MM * MM * 0.6 - face.height) / 2
        number = f"Page {page + 1} of {pages}"
        used = face.width(number) + 6 * MM
        painter.drawText(QPointF(left, footer_y), self._footer(face, room - used))
        painter.drawText(QPointF(right - face.width(number), footer_y), number)

    def _footer(self, face: Face, width: float) -> str:
        """The footer line; a plan name too long for it is shortened, never the fingerprint."""
        line = footer_line(self.content)
        name = self.content.plan_name
        if face.fits(line, width) or not line.startswith(name):
            return face.elide(line, width)
        rest = line[len(name) :]
        return face.elide(name, max(width - face.width(rest), width * 0.2)) + rest


def write_report(
    content: ReportContent,
    path: Path,
    page_size: str = "A4",
    *,
    progress: Progress | None = None,
    stop: Stop | None = None,
) -> int:
    """Write `content` as a PDF at `path` (atomically); returns the page count."""
    return ReportWriter(content, page_size).write(path, progress=progress, stop=stop)
