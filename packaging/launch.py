"""Frozen entry point: the same main() as the `halo-wizard` command."""

import sys

from halo_wizard.cli import main

if __name__ == "__main__":
    sys.exit(main())
