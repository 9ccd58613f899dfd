"""The Textual shell. Talks to the core only; no disk or network access of its own."""
