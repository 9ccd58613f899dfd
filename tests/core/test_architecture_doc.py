"""docs/architecture.md names every module, so that a newcomer finds any behaviour in one hop."""

from __future__ import annotations

import re

from tests.conftest import ROOT

SRC = ROOT / "src" / "blogtui"
DOC = ROOT / "docs" / "architecture.md"


def test_every_module_is_named_in_the_architecture_doc() -> None:
    doc = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"[\w.]+\.(?:py|tcss)", doc)) | set(re.findall(r"\b\w+/", doc))
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "__init__.py" and path.parent != SRC:
            continue  # a package is named by its folder
        if path.name not in named and path.stem + ".py" not in named:
            missing.append(str(path.relative_to(SRC)))
    for folder in sorted(p for p in SRC.rglob("*") if p.is_dir() and p.name != "__pycache__"):
        if folder.name + "/" not in named:
            missing.append(str(folder.relative_to(SRC)) + "/")
    assert not missing, f"docs/architecture.md does not name: {', '.join(missing)}"
