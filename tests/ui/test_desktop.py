"""Desktop conventions: translations cover every tr() string, themes, menus, help, window state."""

from __future__ import annotations

import ast
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from halo_wizard import paths
from halo_wizard.plan.model import StepId
from halo_wizard.ui import theme
from halo_wizard.ui.help_texts import help_text
from halo_wizard.ui.main_window import MainWindow
from halo_wizard.ui.menus import app_icon
from halo_wizard.ui.widgets import metrics

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "halo_wizard_en.ts"


def tr_strings() -> set[str]:
    """Every literal given to .tr(...) or QCoreApplication.translate(context, ...) in ui/."""
    found: set[str] = set()
    for path in (ROOT / "halo_wizard" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            args = node.args
            if node.func.attr == "tr" and args:
                text = args[0]
            elif node.func.attr == "translate" and len(args) >= 2:
                text = args[1]
            else:
                continue
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                found.add(text.value)
    return found


def test_the_translation_file_lists_every_tr_string() -> None:
    listed = {el.text or "" for el in ET.parse(TS_FILE).getroot().iter("source")}
    strings = tr_strings()
    assert len(strings) > 100
    missing = sorted(strings - listed)
    assert not missing, (
        f"{len(missing)} tr() strings are not in {TS_FILE.name} (run "
        f"python scripts/update_translations.py): {missing[:5]}"
    )


def test_every_step_has_its_own_help() -> None:
    texts = {step: help_text(step) for step in StepId if step is not StepId.CONNECTIONS}
    assert len(set(texts.values())) == len(texts)
    assert help_text(None) not in texts.values()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_forced_theme_sets_its_palette_and_colours(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    monkeypatch.setenv(theme.THEME_ENV, scheme)
    try:
        dark = theme.apply_theme(qapp, dark=scheme != "dark")  # the forced one wins
        assert dark is (scheme == "dark")
        window = qapp.palette().color(QPalette.ColorRole.Window)
        text = qapp.palette().color(QPalette.ColorRole.WindowText)
        assert (window.lightness() < 100) is dark and (text.lightness() > 150) is dark
        assert ("#81c784" if dark else "#2e7d32") == metrics.OK_COLOR
    finally:
        monkeypatch.delenv(theme.THEME_ENV)
        theme.apply_theme(qapp, dark=False)
    assert metrics.MISSING_COLOR == "#c62828"


def test_the_icon_is_found() -> None:
    assert not app_icon().isNull()


def test_menus_help_about_and_log_folder(make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    opened: list[QUrl] = []
    window.menus.open_url = lambda url: opened.append(url) or True
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Help"]
    window.menus.log_action.trigger()
    assert opened and Path(opened[0].toLocalFile()) == paths.log_dir()
    window.menus.help_action.trigger()
    assert window.menus.help_dialog is not None
    assert "plan" in window.menus.help_dialog.text.toPlainText()
    window.menus.about_action.trigger()
    about = window.menus.about_dialog
    assert about is not None
    # The folder this window's plans are really in (here the test's), not a default one.
    assert str(window.services.plans.directory) in about.text.toPlainText()
    assert str(paths.plans_dir()) not in about.text.toPlainText()
    assert not window.windowIcon().isNull()
    assert window.back_button.toolTip() and window.next_button.toolTip()


def test_new_plan_from_the_menu_opens_step_one(
    make_window: Callable[[], MainWindow], run: Callable[[Any], Any]
) -> None:
    window = make_window()

    async def scenario() -> None:
        window.menus.new_action.trigger()  # inside the loop: the page loads its secrets async

    run(scenario())
    assert window.plan is not None and window.current_step() is StepId.INSTANCES
    window.menus.help_action.trigger()
    assert window.menus.help_dialog is not None
    assert "customer" in window.menus.help_dialog.text.toPlainText()


def test_size_and_position_are_remembered(make_window: Callable[[], MainWindow]) -> None:
    first = make_window()
    first.resize(790, 560)
    size = (first.width(), first.height())
    assert size != metrics.WINDOW_SIZE
    first.close()
    second = MainWindow(first.services)  # as started again: the saved geometry, not the default
    try:
        assert (second.width(), second.height()) == size
        assert (paths.config_dir() / "window.ini").is_file()
    finally:
        second.deleteLater()


QUOTED_BUTTON = re.compile(r"“([^”]+)”")


def button_texts(widget: QWidget) -> set[str]:
    return {b.text().replace("&", "") for b in widget.findChildren(QAbstractButton) if b.text()}


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.casefold())


def shared_run(a: str, b: str, length: int = 7) -> str | None:
    """A run of `length` words that both texts hold (None: they share none)."""
    first, second = words(a), words(b)
    runs = {tuple(first[i : i + length]) for i in range(len(first) - length + 1)}
    for i in range(len(second) - length + 1):
        if tuple(second[i : i + length]) in runs:
            return " ".join(second[i : i + length])
    return None


def plain(rich: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", rich))


def test_each_help_names_only_buttons_of_its_page_and_does_not_repeat_its_subtitle(
    make_window: Callable[[], MainWindow],
) -> None:
    window = make_window()
    shared = button_texts(window.buttons) | button_texts(window.sidebar)
    for linked, pages in ((False, window.ticket_pages), (True, window.linked_pages)):
        for step, page in pages.items():
            text = plain(help_text(step, linked))
            named = QUOTED_BUTTON.findall(text)
            assert named or step is StepId.REVIEW_APPLY, f"step {int(step)} names no button"
            missing = [name for name in named if name not in button_texts(page) | shared]
            assert not missing, f"step {int(step)} ({linked=}) names buttons it lacks: {missing}"
            repeated = shared_run(text, page.intro.text())
            assert repeated is None, f"step {int(step)} repeats its subtitle: {repeated!r}"
    plans = plain(help_text(None))
    missing = [n for n in QUOTED_BUTTON.findall(plans) if n not in button_texts(window.connections)]
    assert not missing, missing
