"""Entry point: `python -m halo_wizard` and the `halo-wizard` command."""

from __future__ import annotations

import sys

from halo_wizard.cli import main

if __name__ == "__main__":
    sys.exit(main())
