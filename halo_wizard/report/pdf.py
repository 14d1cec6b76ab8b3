"""Render the mapping report to PDF with QTextDocument and QPdfWriter, page by page, so the page
header and footer repeat on every page and table header rows repeat where a table continues.

A table never starts at a page's foot with fewer than three rows under its header (it moves to
the next page), and its columns are wide enough for the longest word of each header."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from halo_wizard.plan.model import Side
from halo_wizard.report.content import Hop, ReportContent, Section, Table, footer_line

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
DPI = 300
MARGIN_MM = 16.0
HEADER_MM = 9.0
FOOTER_MM = 9.0
ACCENT = "#1f5f8b"
MUTED = "#5b6770"
WARNING = "#b35c00"
BASE_FONT = "DejaVu Sans"
HEADER_POINTS = 8.5
KEEP_ROWS = 3
"""A table starts on a page only with its header and at least this many rows (or all of them)."""

_CSS = f"""
body {{ font-family: '{BASE_FONT}', sans-serif; font-size: 8.5pt; color: #1d2327; }}
h1 {{ font-size: 15pt; color: {ACCENT}; margin-top: 0px; margin-bottom: 6px; }}
h2 {{ font-size: 10.5pt; color: #24323b; margin-top: 12px; margin-bottom: 4px; }}
p {{ margin-top: 2px; margin-bottom: 6px; }}
table.grid {{ border-collapse: collapse; margin-bottom: 8px; }}
table.grid th {{ background-color: #e7eef3; color: #24323b; font-weight: bold;
    text-align: left; padding: 3px; border: 1px solid #b9c6cf; }}
table.grid td {{ padding: 3px; border: 1px solid #d3dbe1; vertical-align: top; }}
td.error {{ color: #a61b1b; font-weight: bold; }}
td.warning {{ color: #8a5a00; font-weight: bold; }}
td.pass {{ color: #1e6b2f; font-weight: bold; }}
td.fail {{ color: #a61b1b; font-weight: bold; }}
.muted {{ color: {MUTED}; }}
p.title {{ font-size: 24pt; font-weight: bold; color: {ACCENT}; margin-top: 60px; }}
p.subtitle {{ font-size: 13pt; margin-bottom: 10px; }}
th.caption {{ background-color: #ffffff; color: #24323b; font-size: 10pt; border: 0px;
    padding-left: 0px; padding-top: 8px; }}
table.cover td {{ padding: 4px; }}
table.toc td {{ padding: 2px; }}
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


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


def _table_html(table: Table, caption: str, measure: _Measure | None = None) -> str:
    if not table.rows:
        return f"<h2>{_esc(caption)}</h2><p class='muted'>{_esc(table.empty_text)}</p>"
    widths = table.widths or tuple(100 // len(table.headers) for _ in table.headers)
    if measure is not None:
        widths = fit_widths(table.headers, widths, tuple(measure(h) for h in table.headers))
    head = "".join(
        f"<th width='{w}%'>{_esc(h)}</th>" for h, w in zip(table.headers, widths, strict=False)
    )
    body = []
    for row in table.rows:
        cells = []
        for value in row:
            lowered = value.casefold()
            css = lowered if lowered in ("error", "warning", "pass", "fail") else ""
            cells.append(
                f"<td class='{css}'>{_esc(value)}</td>" if css else f"<td>{_esc(value)}</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    # <thead> makes Qt repeat its rows on every page the table continues on; the caption is
    # one of them, so it can never be left alone at the foot of a page.
    span = len(table.headers)
    return (
        "<table class='grid' width='100%' cellspacing='0' cellpadding='3'><thead>"
        f"<tr><th class='caption' colspan='{span}'>{_esc(caption)}</th></tr>"
        f"<tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


class _Measure:
    """The share of the body width (in percent) the longest word of a header needs."""

    def __init__(self, device: QPaintDevice, body_width: float) -> None:
        font = QFont(BASE_FONT)
        font.setPointSizeF(HEADER_POINTS)
        font.setBold(True)
        self.metrics = QFontMetricsF(font, device)
        self.body_width = body_width
        # Cell padding and borders on both sides, in the device's pixels (3 px at 96 dpi each).
        self.padding = 2 * 4 * device.logicalDpiX() / 96

    def __call__(self, header: str) -> float:
        words = header.split() or [""]
        widest = max(self.metrics.horizontalAdvance(word) for word in words)
        return 100 * (widest + self.padding) / self.body_width * 1.04


def _section_html(section: Section, number: int, measure: _Measure | None = None) -> str:
    parts = [f"<h1><a name='{section.anchor}'></a>{number}. {_esc(section.title)}</h1>"]
    parts += [f"<p>{_esc(p)}</p>" for p in section.paragraphs]
    if section.diagram is not None:
        parts.append(f"<p align='center'><img src='diagram:{section.anchor}' width='640'></p>")
    for caption, table in section.tables:
        parts.append(_table_html(table, caption, measure))
    if section.anchor == "signoff":
        parts.append(_signoff_html())
    return "".join(parts)


def _signoff_html() -> str:
    line = "_" * 34
    cells = []
    for party in ("For the customer", "For the supplier"):
        rows = "".join(
            f"<tr><td class='muted' width='30%'>{label}</td><td>{line}</td></tr>"
            for label in ("Name", "Role", "Signature", "Date")
        )
        cells.append(
            f"<td width='50%' valign='top'><h2>{party}</h2>"
            f"<table cellspacing='0' cellpadding='8'>{rows}</table></td>"
        )
    return f"<table width='100%' cellspacing='0'><tr>{''.join(cells)}</tr></table>"


def _cover_html(content: ReportContent, toc: list[tuple[int, str, int]]) -> str:
    rows = "".join(
        f"<tr><td class='muted' width='22%'>{_esc(label)}</td><td width='39%'><b>{_esc(a)}</b>"
        f"</td><td width='39%'><b>{_esc(b)}</b></td></tr>"
        for label, a, b in content.cover
    )
    toc_rows = "".join(
        f"<tr><td width='8%'>{n}.</td><td width='80%'>{_esc(title)}</td>"
        f"<td width='12%' align='right'>{page}</td></tr>"
        for n, title, page in toc
    )
    return (
        f"<p class='title'>{_esc(content.title)}</p>"
        f"<p class='subtitle'>{_esc(content.plan_name)}</p>"
        f"<p>{_esc(content.direction)}</p>"
        f"<table class='cover' width='100%' cellspacing='0'>{rows}</table>"
        f"<p class='muted'>Generated {_esc(content.generated)}.<br>Configuration fingerprint "
        f"(SHA-256 of the plan's configuration):<br><tt>{_esc(content.fingerprint)}</tt></p>"
        "<h2>Contents</h2>"
        f"<table class='toc' width='100%' cellspacing='0'>{toc_rows}</table>"
        "<p style='page-break-after: always'></p>"
    )


def _document_html(
    content: ReportContent, toc: list[tuple[int, str, int]], measure: _Measure | None = None
) -> str:
    sections = []
    for number, section in enumerate(content.sections, start=1):
        style = " style='page-break-before: always'" if number > 1 else ""
        sections.append(f"<div{style}>{_section_html(section, number, measure)}</div>")
    return (
        f"<html><head><style>{_CSS}</style></head><body>"
        f"{_cover_html(content, toc)}{''.join(sections)}</body></html>"
    )


def draw_path_diagram(hops: list[Hop], left: str, right: str, width: int = 1800) -> QImage:
    """Two lanes (customer left, supplier right) and an arrow per hop, top to bottom, each arrow
    labelled with its step of the worked example; a hop the plan maps no action for is dashed."""
    row_h = 120
    top = 150
    height = top + row_h * max(1, len(hops)) + 30
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    lane_w = int(width * 0.36)
    lanes = {Side.CUSTOMER: (20, lane_w), Side.SUPPLIER: (width - 20 - lane_w, lane_w)}
    title_font = QFont(BASE_FONT, 30, QFont.Weight.Bold)
    text_font = QFont(BASE_FONT, 22)
    role_font = QFont(BASE_FONT, 19, QFont.Weight.Bold)
    painter.setFont(title_font)
    for side, name in ((Side.CUSTOMER, left), (Side.SUPPLIER, right)):
        x, w = lanes[side]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e7eef3"))
        painter.drawRoundedRect(QRectF(x, 10, w, height - 20), 24, 24)
        painter.setPen(QColor(ACCENT))
        painter.drawText(QRectF(x, 24, w, 80), Qt.AlignmentFlag.AlignCenter, name)
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
            painter.setPen(warning if hop.missing else QColor("#1d2327"))
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width() - 30)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, elided)
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
    painter.end()
    return image


def _row_bottom(document: QTextDocument, table: QTextTable, row: int) -> float:
    layout = document.documentLayout()
    bottom = 0.0
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.isValid():
            block = cell.lastCursorPosition().block()
            bottom = max(bottom, layout.blockBoundingRect(block).bottom())
    return bottom


def _tables(document: QTextDocument) -> list[QTextTable]:
    found: list[QTextTable] = []
    pending = list(document.rootFrame().childFrames())
    while pending:
        frame = pending.pop(0)
        if isinstance(frame, QTextTable):
            found.append(frame)
        pending[0:0] = frame.childFrames()
    return found


def keep_tables_together(document: QTextDocument, page_height: float) -> int:
    """Move to the next page every table whose header would stand at a page's foot with fewer
    than KEEP_ROWS rows under it (or fewer than all, for a shorter table); returns how many
    tables moved. Breaks are set in document order, each after the layout of the ones before."""
    moved = 0
    layout = document.documentLayout()
    for table in _tables(document):
        header_rows = table.format().headerRowCount()
        if header_rows == 0:
            continue  # not a data table (the cover, the sign-off lines)
        last = min(table.rows(), header_rows + KEEP_ROWS) - 1
        first = table.cellAt(0, 0).firstCursorPosition().block()
        top = layout.blockBoundingRect(first).top()
        # A block pushed to a page's top sits a hair above the boundary.
        start_page = int((top + 2) // page_height)
        end_page = int((_row_bottom(document, table, last) - 2) // page_height)
        at_page_top = (top + 2) % page_height < page_height * 0.05
        if end_page > start_page and not at_page_top:
            fmt = table.format()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            table.setFormat(fmt)
            moved += 1
    if moved:
        # Lay it all out again: after a table's new format Qt can leave some blocks with no
        # height, and those are not drawn (section headings went missing from the PDF).
        document.markContentsDirty(0, document.characterCount())
    return moved


class ReportWriter:
    """Lays the report out for one page size and writes it as PDF."""

    def __init__(self, content: ReportContent, page_size: str = "A4") -> None:
        if page_size not in PAGE_SIZES:
            raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}")
        self.content = content
        self.page_size = page_size

    def write(self, path: Path) -> int:
        """Write the PDF; returns the number of pages."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        writer = QPdfWriter(str(tmp))
        writer.setResolution(DPI)
        writer.setTitle(self.content.title)
        writer.setCreator("halo_wizard")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(PAGE_SIZES[self.page_size]),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        full = writer.pageLayout().fullRectPixels(DPI)
        mm = DPI / 25.4
        body = QRectF(
            MARGIN_MM * mm,
            (MARGIN_MM + HEADER_MM) * mm,
            full.width() - 2 * MARGIN_MM * mm,
            full.height() - (2 * MARGIN_MM + HEADER_MM + FOOTER_MM) * mm,
        )
        document = self._layout(writer, body.size())
        pages = document.pageCount()
        painter = QPainter(writer)
        try:
            for page in range(pages):
                if page:
                    writer.newPage()
                painter.save()
                painter.translate(body.left(), body.top() - page * body.height())
                # Blocks pushed to the next page may touch this one's edge by a hair; a clip a
                # little inside the edges keeps their (invisible) text out of this page.
                edge = 3.0
                document.drawContents(
                    painter,
                    QRectF(0, page * body.height() + edge, body.width(), body.height() - 2 * edge),
                )
                painter.restore()
                self._chrome(painter, full.width(), full.height(), mm, page, pages)
        finally:
            painter.end()
        tmp.replace(path)
        return pages

    def _layout(self, writer: QPdfWriter, size: QSizeF) -> QTextDocument:
        """Lay out twice: the contents' page numbers come from the first layout."""
        toc = [(n, s.title, 0) for n, s in enumerate(self.content.sections, start=1)]
        document = self._document(writer, size, toc)
        for _ in range(3):
            pages = self._section_pages(document, size.height())
            new_toc = [(n, title, pages.get(n, 0)) for n, title, _ in toc]
            if new_toc == toc:
                break
            toc = new_toc
            document = self._document(writer, size, toc)
        return document

    def _document(
        self, writer: QPdfWriter, size: QSizeF, toc: list[tuple[int, str, int]]
    ) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(writer)
        document.setDefaultFont(QFont(BASE_FONT, 8))
        document.setDocumentMargin(0)
        document.setPageSize(size)
        for section in self.content.sections:
            if section.diagram is not None:
                image = draw_path_diagram(
                    section.diagram,
                    self.content.cover[0][1],
                    self.content.cover[0][2],
                )
                document.addResource(
                    QTextDocument.ResourceType.ImageResource,
                    QUrl(f"diagram:{section.anchor}"),
                    image,
                )
        measure = _Measure(writer, size.width())
        document.setHtml(_document_html(self.content, toc, measure))
        keep_tables_together(document, size.height())
        return document

    def _section_pages(self, document: QTextDocument, page_height: float) -> dict[int, int]:
        layout = document.documentLayout()
        pages: dict[int, int] = {}
        block = document.begin()
        while block.isValid():
            text = block.text()
            head, _, _ = text.partition(". ")
            if head.isdigit() and int(head) not in pages:
                fmt = block.charFormat()
                # Section titles are the only blocks laid out in the h1 size.
                if fmt.fontPointSize() >= 14 or block.blockFormat().headingLevel() == 1:
                    top = layout.blockBoundingRect(block).top()
                    # A block pushed to a page's top sits a hair above the boundary.
                    pages[int(head)] = int((top + 2) // page_height) + 1
            block = block.next()
        return pages

    def _chrome(
        self, painter: QPainter, width: float, height: float, mm: float, page: int, pages: int
    ) -> None:
        """The page header and footer (not on the cover's header)."""
        painter.save()
        painter.setFont(QFont(BASE_FONT, 7))
        painter.setPen(QColor(MUTED))
        left = MARGIN_MM * mm
        right = width - MARGIN_MM * mm
        header_y = MARGIN_MM * mm
        if page:
            painter.drawText(
                QRectF(left, header_y, right - left, HEADER_MM * mm * 0.7),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{self.content.title} · {self.content.plan_name}",
            )
            painter.drawText(
                QRectF(left, header_y, right - left, HEADER_MM * mm * 0.7),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.content.generated,
            )
            painter.setPen(QPen(QColor("#c9d3da"), 3))
            line_y = header_y + HEADER_MM * mm * 0.75
            painter.drawLine(QPointF(left, line_y), QPointF(right, line_y))
        footer_y = height - (MARGIN_MM + FOOTER_MM * 0.6) * mm
        painter.setPen(QColor(MUTED))
        painter.drawText(
            QRectF(left, footer_y, right - left, FOOTER_MM * mm * 0.6),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            footer_line(self.content),
        )
        painter.drawText(
            QRectF(left, footer_y, right - left, FOOTER_MM * mm * 0.6),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"Page {page + 1} of {pages}",
        )
        painter.restore()


def write_report(content: ReportContent, path: Path, page_size: str = "A4") -> int:
    """Write `content` as a PDF at `path` (atomically); returns the page count.

    Needs a QGuiApplication (offscreen is fine)."""
    return ReportWriter(content, page_size).write(path)
