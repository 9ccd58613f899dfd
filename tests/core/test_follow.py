"""Following the disk in the core: a batch of changed paths, read again and spliced in."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_post

from blogtui.blog import follow
from blogtui.blog.index import BlogIndex
from blogtui.blog.site import open_site


def _blog(tmp_path: Path) -> tuple[BlogIndex, Path]:
    root = tmp_path / "blog"
    write_post(root, "2021-01-01-one.md", "---\ntitle: One\n---\n")
    write_post(root, "2021-01-02-two.md", "---\ntitle: Two\n---\n")
    write_post(root, "_drafts/idea.md", "---\ntitle: Idea\n---\n")
    return BlogIndex(open_site(root), tmp_path / "cache"), root


def test_a_new_a_changed_and_a_deleted_post(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    index = builder.scan()
    new = write_post(root, "2021-01-03-three.md", "---\ntitle: Three\n---\n")
    changed = write_post(root, "2021-01-01-one.md", "---\ntitle: One, again\n---\n")
    deleted = root / "2021-01-02-two.md"
    deleted.unlink()
    changes = follow.read_changes(builder, [new, changed, deleted])
    after = follow.apply_changes(index, changes)
    assert [p.title for p in after.posts if not p.draft] == ["Three", "One, again"]
    assert [p.title for p in after.posts if p.draft] == ["Idea"]
    assert [p.title for p in index.posts if not p.draft] == ["Two", "One"]  # untouched
    assert changes.touches(deleted) and not changes.touches(root / "2021-01-09-x.md")


def test_a_post_broken_on_disk_stays_a_post_with_problems(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    index = builder.scan()
    path = write_post(root, "2021-01-01-one.md", "---\ntitle: One\n\tdate: x\n---\nbody\n")
    after = follow.apply_changes(index, follow.read_changes(builder, [path]))
    one = next(p for p in after.posts if p.path == path)
    assert one.title == "One" and one.problems and one.problems[0].line == 3


def test_files_the_index_ignores_are_ignored(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    index = builder.scan()
    ignored = [
        write_post(root, "notes.txt", "x"),  # no date in a post's name
        write_post(root, ".2021-01-05-hidden.md", "---\ntitle: H\n---\n"),
        write_post(root, "_old/2021-01-05-old.md", "---\ntitle: Old\n---\n"),
        tmp_path / "elsewhere" / "2021-01-05-x.md",
    ]
    after = follow.apply_changes(index, follow.read_changes(builder, ignored))
    assert sorted(p.title for p in after.posts) == sorted(p.title for p in index.posts)
    assert after.problems == []


def test_a_new_folder_reads_the_whole_blog_again(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    index = builder.scan()
    write_post(root, "2022/2022-02-02-deep.md", "---\ntitle: Deep\n---\n")
    changes = follow.read_changes(builder, [root / "2022"])
    assert changes.rescan is not None
    assert "Deep" in [p.title for p in follow.apply_changes(index, changes).posts]


def test_a_deleted_folder_takes_its_posts(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    write_post(root, "2022/2022-02-02-deep.md", "---\ntitle: Deep\n---\n")
    index = builder.scan()
    folder = root / "2022"
    (folder / "2022-02-02-deep.md").unlink()
    folder.rmdir()
    after = follow.apply_changes(index, follow.read_changes(builder, [folder]))
    assert "Deep" not in [p.title for p in after.posts]


def test_watched_folders_exist_and_do_not_nest(tmp_path: Path) -> None:
    builder, root = _blog(tmp_path)
    assert follow.watched_folders(builder) == [root]  # _drafts is inside the posts folder
