"""Writes the crafted bad posts (bytes exact). Run once; the files are committed.

Each file is one case that real Jekyll 4.3.1 judged (tests/golden/check-bad-posts.json) and
tests/integration/test_check_golden.py compares with `blogtui check`.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
POSTS = HERE / "_posts"
DRAFTS = HERE / "_drafts"

FM = "---\ntitle: {title}\n{extra}---\n\nBody of the post.\n"


def fm(title: str, extra: str = "") -> bytes:
    return FM.format(title=title, extra=extra).encode()


CASES: dict[str, bytes] = {
    "2021-01-01-yaml-unclosed-flow.md": fm("Unclosed", "tags: [a, b\nlayout: post\n"),
    "2021-01-02-tab-indent.md": fm("Tabs", "tags:\n\t- a\n\t- b\n"),
    "2021-01-03-python-tag.md": fm("Python", 'run: !!python/object/apply:os.system ["echo pwned"]\n'),
    "2021-01-04-custom-tag.md": fm("Custom tag", "author: !person bob\n"),
    "2021-01-05-billion-laughs.md": (
        "---\ntitle: Laughs\n"
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
        )
        + "---\nbody\n"
    ).encode(),
    "2021-01-06-latin1.md": "---\ntitle: Café crème\n---\n\nÀ bientôt.\n".encode("latin-1"),
    "2021-01-07-binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02",
    "2021-01-08-invalid-date.md": fm("Invalid date", "date: 2021-13-45\n"),
    "2021-01-09-date-words.md": fm("Date in words", "date: next tuesday\n"),
    "2021-02-30-impossible-name.md": fm("Impossible name"),
    "2021-01-10-blank-line-first.md": b"\n" + fm("Blank line first", "layout: post\n"),
    "2021-01-11-no-opening.md": b"title: No opening\nlayout: post\n---\n\nBody.\n",
    "2021-01-12-toml.md": b'+++\ntitle = "TOML front matter"\ndate = 2021-01-12\n+++\n\nBody.\n',
    "2021-01-13-crlf.md": fm("Windows line endings", "layout: post\n").replace(b"\n", b"\r\n"),
    "2021-01-14-unclosed.md": b"---\ntitle: Never closed\nlayout: post\n\nBody.\n",
    "2021-01-15-list-front-matter.md": b"---\n- a\n- b\n---\n\nBody.\n",
    "2021-01-16-published-string.md": fm("Published string", 'published: "false"\n'),
    "2021-01-17-unpublished.md": fm("Unpublished", "published: false\n"),
    "2021-01-18-relative-permalink.md": fm("Relative permalink", "permalink: foo/bar/\n"),
    "2021-01-19-title-list.md": b"---\ntitle: [a, b]\n---\n\nBody.\n",
    "2021-01-20-categories-map.md": fm("Categories map", "categories: {a: 1}\n"),
    "2021-01-21-tag-list.md": fm("Tag list", "tag: [a, b]\n"),
    "2021-01-22-dup-a.md": fm("Dup A", "permalink: /same/\n"),
    "2021-01-22-dup-b.md": fm("Dup B", "permalink: /same/\n"),
    "2021-01-23-date-mismatch.md": fm("Date mismatch", "date: 2021-02-01\n"),
    "2021-1-24-unpadded.md": fm("Unpadded"),
    "not-a-post.md": fm("Not a post"),
    "2021-01-25-impossible-time.md": fm("Impossible time", "date: 2021-01-25 25:61:00\n"),
    "2021-01-26-misspelt.md": b"---\ntitel: Misspelt\ncategores: [a]\n---\n\nBody.\n",
    "2021-01-27-dup-key.md": fm("Dup key", "title: Second\n"),
    "2021-01-28-control-char.md": fm("Bell \x07 here"),
    "2021-01-29-bom.md": b"\xef\xbb\xbf" + fm("BOM"),
    "2021-01-30-utf16.md": "---\ntitle: UTF-16\n---\n\nBody.\n".encode("utf-16"),
    "2021-01-31-layout-list.md": fm("Layout list", "layout: [a, b]\n"),
    "2021-02-01-date-tz-garbage.md": fm("Date with year twice", "date: 2021-02-01 10:00:00 2021 -0800\n"),
    "2021-02-02-empty-front-matter.md": b"---\n---\n\nBody.\n",
    "2021-02-03-dots-closer.md": b"---\ntitle: Dots closer\n...\n\nBody.\n",
    "2021-02-04-date-int.md": fm("Date int", "date: 2021\n"),
    "2021-02-05-feb30.md": fm("Feb 30", 'date: "2021-02-30"\n'),
    "2021-02-06-simple-alias.md": fm("Alias", "base: &b [x, y]\ntags: *b\n"),
    "2021-02-07-scalar-front-matter.md": b"---\njust a string\n---\n\nBody.\n",
    "2021-02-08-nested-categories.md": fm("Nested categories", "categories: [a, [b, c]]\n"),
    "2021-02-09-date-iso.md": fm("ISO date", "date: 2021-02-09T10:00:00+01:00\n"),
    "2021-02-10-date-hhmm.md": fm("HH:MM date", "date: 2021-02-10 10:00\n"),
    "2021-02-12-tag-number.md": fm("Tag number", "tags: [2021, rust]\n"),
    "2021-02-13-tab-after-colon.md": b"---\ntitle:\tTab after colon\n---\n\nBody.\n",
    "2021-02-15-cr-only.md": fm("Old Mac", "layout: post\n").replace(b"\n", b"\r"),
    "2021-02-16-space-before-dashes.md": b" " + fm("Space before dashes"),
    "2021-02-18-date-quoted.md": fm("Quoted date", 'date: "2021-02-18"\n'),
    "2021-02-19-title-number.md": b"---\ntitle: 404\n---\n\nBody.\n",
    "2021-02-21-mapping-in-value.md": fm("Colon: in value"),
    "2021-02-22-bad-escape.md": b'---\ntitle: "bad \\xZZ escape"\n---\n\nBody.\n',
    "a/2021-02-23-same.md": fm("Same A"),
    "b/2021-02-23-same.md": fm("Same B"),
    "2021-02-24-published-no.md": fm("Published no", "published: no\n"),
    "2021-02-25-date-only-time.md": fm("Only a time", 'date: "10:00"\n'),
    "2021-02-26-body-latin1.md": fm("Body latin-1") + "Ça va.\n".encode("latin-1"),
    "2021-04-01-permalink-int.md": fm("Permalink int", "permalink: 123\n"),
    "2021-04-03-slug-list.md": fm("Slug list", "slug: [a, b]\n"),
    "2021-04-04-date-list.md": fm("Date list", "date: [2021]\n"),
    "2021-04-05-categories-true.md": fm("Categories true", "categories: true\n"),
    "2021-04-06-title-map.md": b"---\ntitle: {a: 1}\n---\n\nBody.\n",
    "2021-04-07-tags-int.md": fm("Tags int", "tags: 5\n"),
    "2021-04-08-layout-int.md": fm("Layout int", "layout: 5\n"),
    "2021-04-11-permalink-placeholder.md": fm("Unknown placeholder", "permalink: /:foo/:title/\n"),
    "2021-04-12-slug-int.md": fm("Slug int", "slug: 5\n"),
    "2021-04-14-date-bool.md": fm("Date bool", "date: true\n"),
    "2021-04-15-category-map.md": fm("Category map", "category: {a: 1}\n"),
    "2021-04-29-yaml-merge.md": fm("Merge key", "base: &b {x: 1}\nother:\n  <<: *b\n"),
    "2021-05-01-categories-int.md": fm("Categories int", "categories: 5\n"),
    "2021-05-06-permalink-colon.md": fm("Colon in permalink", "permalink: /a:b/\n"),
    "2021-05-10-date-offset-2400.md": fm("Offset 24 hours", "date: 2021-05-10 10:00:00 +2400\n"),
    "2021-05-11-date-utc-name.md": fm("UTC by name", "date: 2021-05-11 10:00:00 UTC\n"),
    "2021-05-13-date-sec60.md": fm("Second 60", "date: 2021-05-13 10:00:60\n"),
    "2021-05-15-date-offset-hh.md": fm("Offset hours only", "date: 2021-05-15 10:00:00 +05\n"),
    "2021-02-27-good.md": fm("A good post", "layout: post\ncategories: [news, rust]\ntags: release\ndate: 2021-02-27 10:00:00 +0100\n"),
}

DRAFT_CASES: dict[str, bytes] = {
    "2021-03-01-dated-draft.md": fm("Dated draft"),
    "good-draft.md": fm("Good draft"),
}


def main() -> None:
    for folder, cases in ((POSTS, CASES), (DRAFTS, DRAFT_CASES)):
        for name, data in cases.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


if __name__ == "__main__":
    main()
