"""Render representative pages in light and dark to docs/screenshots/{light,dark}-*.png.

Usage: python scripts/theme_screenshots.py [--out docs/screenshots]
Each theme runs in its own process (HALO_WIZARD_THEME), since colours are chosen before the
window is built. Offscreen, 1280x800, on the demo instances.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HALO_WIZARD_MEMORY_SECRETS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

THEMES = ("light", "dark")


async def drive(window: object, shooter: object) -> None:
    from screenshots import until

    from halo_wizard.plan.model import Side, StepId

    w = window
    w.connections.refresh()  # type: ignore[attr-defined]
    w.connections.open_button.click()  # type: ignore[attr-defined]
    instances = w.pages[StepId.INSTANCES]  # type: ignore[attr-defined]
    forms = instances.forms
    await until(lambda: forms[Side.CUSTOMER].instance is not None, "the instances page")
    for side in Side:
        forms[side].test_button.click()
    await until(instances.is_complete, "both connection tests")
    await shooter.shot("instances")  # type: ignore[attr-defined]
    w.next_button.click()  # type: ignore[attr-defined]
    permissions = w.pages[StepId.PERMISSIONS]  # type: ignore[attr-defined]
    await until(permissions.is_complete, "the permissions check")
    await shooter.shot("permissions")  # type: ignore[attr-defined]
    w.next_button.click()  # type: ignore[attr-defined]
    for step, name in (
        (StepId.SUPPLIERS_MODULE, "suppliers-module"),
        (StepId.PROFILES, "profiles"),
        (StepId.CREDENTIAL_SWAP, "credential-swap"),
        (StepId.AGENTS, "agents"),
    ):
        await shooter.write_and_shoot(step, name)  # type: ignore[attr-defined]
    mappings = w.pages[StepId.MAPPINGS]  # type: ignore[attr-defined]
    await until(lambda: not mappings.is_busy(), "the mappings page")
    mappings.toolbar.auto_button.click()  # highlighted rows and badges in the shot
    await shooter.shot("mappings")  # type: ignore[attr-defined]


def shoot(theme: str, out: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from screenshots import Shooter

    from halo_wizard.ui.demo import create_demo_plan, start_demo
    from halo_wizard.ui.main_window import MainWindow
    from halo_wizard.ui.theme import apply_theme
    from halo_wizard.ui.widgets import metrics

    class ThemeShooter(Shooter):
        keep = ("instances", "permissions", "mappings")

        async def shot(self, name: str) -> None:
            if name in self.keep:
                from screenshots import settle

                await settle()
                path = self.out / f"{theme}-{name}.png"
                self.window.grab().save(str(path))
                print(f"saved {path}")

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app)
    import qasync  # after PySide6

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    demo = start_demo()
    services = demo.services()
    window = MainWindow(services)
    window.resize(*metrics.WINDOW_SIZE)
    window.show()

    async def run() -> None:
        plan = await create_demo_plan(demo, services)
        window.open_plan(plan)
        try:
            await drive(window, ThemeShooter(window, out))
        finally:
            window.close()
            await window.wind_down()

    try:
        with loop:
            loop.run_until_complete(run())
    finally:
        demo.stop()
        asyncio.set_event_loop(None)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--theme", choices=THEMES, help="one theme, in this process")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.theme:
        return shoot(args.theme, args.out)
    for theme in THEMES:
        env = {**os.environ, "HALO_WIZARD_THEME": theme}
        command = [sys.executable, __file__, "--theme", theme, "--out", str(args.out)]
        if subprocess.run(command, env=env, check=False).returncode != 0:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
