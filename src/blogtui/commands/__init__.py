"""Headless commands (no Textual): one module per command."""
