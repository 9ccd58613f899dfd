"""Only app.tcss styles blogtui (issue 11): no widget or screen carries DEFAULT_CSS or CSS, and
every test or benchmark app that mounts blogtui's widgets loads that stylesheet, so what a test
sees is what a user sees."""

from __future__ import annotations

import ast
from pathlib import Path

import blogtui.tui
from blogtui.tui.app import STYLESHEET, BlogApp

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ("postview", "postlist", "comments", "comments_view", "header", "problems", "editor")


def class_assignments(tree: ast.AST) -> list[tuple[ast.ClassDef, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else []
                if isinstance(stmt, ast.AnnAssign):
                    targets = [stmt.target]
                found += [(node, t.id) for t in targets if isinstance(t, ast.Name)]
    return found


def test_no_module_of_the_shell_carries_its_own_css() -> None:
    offenders = []
    for path in sorted(Path(blogtui.tui.__file__).parent.rglob("*.py")):
        for cls, name in class_assignments(ast.parse(path.read_text("utf-8"))):
            if name in ("DEFAULT_CSS", "CSS"):
                offenders.append(f"{path.name}: {cls.name}.{name}")
    assert offenders == []
    assert STYLESHEET.is_file() and Path(str(BlogApp.CSS_PATH)) == STYLESHEET


def test_every_bare_app_mounting_blogtui_widgets_loads_the_stylesheet() -> None:
    missing, checked = [], 0
    for path in sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]):
        source = path.read_text("utf-8")
        if not any(
            f"blogtui.tui.widgets.{w} import" in source
            or f"blogtui.tui.screens.{w} import" in source
            for w in WIDGETS
        ):
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [ast.unparse(b) for b in node.bases]
            if not any(b == "App" or b.startswith("App[") for b in bases):
                continue  # BlogApp subclasses inherit its CSS_PATH
            checked += 1
            sets = [n for c, n in class_assignments(node) if c is node and n == "CSS_PATH"]
            if not sets:
                missing.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert checked >= 8  # the check found the apps it is about
    assert missing == []
