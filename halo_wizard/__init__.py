"""halo_wizard: connect two Halo instances for ticket sync, step by step."""

__version__ = "0.1.0"
