"""blogtui: read, comment on and write a Markdown blog in the terminal."""

__version__ = "0.1.0"
