"""The desktop window: the only package that imports PySide6 (see README.md here for its rules)."""
