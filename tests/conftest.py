"""Shared fixtures: every test runs with temporary config/cache/data folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_BLOG = ROOT / "posts"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("xdg")
    dirs = {name: base / name for name in ("config", "cache", "data", "state")}
    for d in dirs.values():
        d.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs["config"]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs["cache"]))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs["data"]))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs["state"]))
    for var in (
        "BLOGTUI_CONFIG",
        "BLOGTUI_BLOG",
        "BLOGTUI_CONFIG_DIR",
        "BLOGTUI_CACHE_DIR",
        "BLOGTUI_DATA_DIR",
        "BLOGTUI_STATE_DIR",
    ):
        monkeypatch.delenv(var, raising=False)
    return dirs


@pytest.fixture
def sample_blog(tmp_path: Path) -> Path:
    """A private copy of the bundled sample blog (tests may change it)."""
    dest = tmp_path / "posts"
    shutil.copytree(SAMPLE_BLOG, dest)
    return dest


def write_post(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8"))
    return path


def corpus_available() -> bool:
    return CORPUS.is_dir()


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first: with ``-n auto`` the long ones start at once instead of ending the run
    on one worker while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
