"""Posts' Liquid rendered as Jekyll renders it: what the reader shows is what a visitor reads.

Each test writes a small Jekyll site of its own (config, data files, includes, posts) and compares
the post as the reader draws it (plain text at a fixed width) with the text of the built page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blogtui.blog import liquid
from blogtui.blog.index import load_index
from blogtui.blog.pipeline import prepare_post, preview_post
from blogtui.blog.posthref import parse_post_href
from blogtui.blog.site import open_site
from blogtui.tui.render.blocks import iter_links
from blogtui.tui.render.styles import STYLES
from blogtui.tui.render.text import layout, render_text

CONFIG = "title: Release Notes\nurl: https://example.org\nbaseurl: /blog\nauthor: Ann Lee\n"
RELEASES = """\
- version: 3.3.0
  date: 2023-12-25
  sha256: 8c5d1e7a
  url: https://cache.example.org/ruby-3.3.0.tar.gz
- version: 3.2.2
  date: 2023-03-30
  sha256: 4b352d0f
"""


def make_site(root: Path, posts: dict[str, str], includes: dict[str, str] | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    data = root / "_data"
    (data / "team").mkdir(parents=True)
    (data / "releases.yml").write_text(RELEASES, encoding="utf-8")
    (data / "team" / "members.csv").write_text("name,role\nAnn,editor\nBob,writer\n", "utf-8")
    (data / "counts.json").write_text('{"downloads": 41}', encoding="utf-8")
    (root / "_includes").mkdir()
    for name, text in (includes or {}).items():
        (root / "_includes" / name).write_text(text, encoding="utf-8")
    for name, text in posts.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def shown(root: Path, name: str, width: int = 72) -> str:
    """The post's body as the reader draws it (plain text)."""
    site = open_site(root)
    index = load_index(site)
    post = next(p for p in index.posts if p.path.name == name)
    return render_text(prepare_post(post.read_body(), site=site, post=post, index=index), width)


def test_page_site_and_data_render_like_the_built_page(tmp_path: Path) -> None:
    post = """---
title: Ruby 3.3.0 Released
release: 3.3.0
tags: [release, ruby]
---
# {{ page.title }}

{% assign rel = site.data.releases | where: "version", page.release | first %}
We are pleased to announce Ruby {{ rel.version }} ({{ page.date | date_to_string }}).

* {{ rel.url }}
* SHA256: {{ rel.sha256 }}

Team: {% for m in site.data.team.members %}{{ m.name }} ({{ m.role }}){% unless forloop.last %}, {% endunless %}{% endfor %}.
Downloads: {{ site.data.counts.downloads | plus: 1 }}. Tags: {{ page.tags | join: " / " }}.
Posted by {{ site.author | upcase }} on [{{ site.title }}]({{ "/" | absolute_url }}).
"""
    root = make_site(tmp_path, {"2023-12-25-ruby-3-3-0-released.md": post})
    assert shown(root, "2023-12-25-ruby-3-3-0-released.md") == (
        "# Ruby 3.3.0 Released\n"
        "\n"
        "We are pleased to announce Ruby 3.3.0 (25 Dec 2023).\n"
        "\n"
        "• https://cache.example.org/ruby-3.3.0.tar.gz\n"
        "• SHA256: 8c5d1e7a\n"
        "\n"
        "Team: Ann (editor), Bob (writer). Downloads: 42. Tags: release / ruby.\n"
        "Posted by ANN LEE on Release Notes."
    )


def test_capture_if_and_jekyll_filters(tmp_path: Path) -> None:
    post = """---
title: Filters & Friends
---
{% capture who %}{{ site.author }}{% endcapture %}{% if who contains "Ann" %}Hello {{ who }}!{% else %}nobody{% endif %}

{{ page.title | slugify }} / {{ page.title | xml_escape }} / {{ "one two three" | number_of_words }}
{{ page.url | relative_url }} {{ site.data.releases | last | jsonify }}
{{ page.date | date: "%B %-d, %Y" }} {{ page.date | date_to_long_string: "ordinal", "US" }}
{% assign new = site.data.releases | where_exp: "r", "r.version > '3.3'" %}{{ new.size }} new
"""
    root = make_site(tmp_path, {"2024-02-03-filters.md": post})
    text = shown(root, "2024-02-03-filters.md", 400)
    assert text.splitlines() == [
        "Hello Ann Lee!",
        "",
        # xml_escape gives &amp;, which the browser (and the reader) shows as &
        "filters-friends / Filters & Friends / 3 /blog/2024/02/03/filters.html "
        '{"version": "3.2.2", "date": "2023-03-30", "sha256": "4b352d0f"} February 3, 2024 '
        "February 3rd, 2024 1 new",
    ]


def test_include_with_parameters_from_includes(tmp_path: Path) -> None:
    post = """---
title: Included
---
{% include note.html kind="Tip" text="Keep backups." %}

{% include figure.html src="/img/a.png" caption=page.title %}
"""
    includes = {
        "note.html": "**{{ include.kind }}:** {{ include.text }}\n",
        "figure.html": "![{{ include.caption }}]({{ include.src | relative_url }})\n",
    }
    root = make_site(tmp_path, {"2024-01-01-included.md": post}, includes)
    assert shown(root, "2024-01-01-included.md") == (
        "Tip: Keep backups.\n\n[image: Included] (/blog/img/a.png)"
    )


def test_an_include_that_includes_itself_stops_and_only_that_tag_stays(tmp_path: Path) -> None:
    post = "---\ntitle: Loop\n---\nBefore {% include loop.html %} after {{ page.title }}.\n"
    root = make_site(
        tmp_path, {"2024-01-01-loop.md": post}, {"loop.html": "x{% include loop.html %}"}
    )
    assert shown(root, "2024-01-01-loop.md") == "Before {% include loop.html %} after Loop."


def test_what_liquid_cannot_render_stays_dimmed_for_that_tag_only(tmp_path: Path) -> None:
    post = """---
title: Broken
---
{% gist 12345 %} then {{ page.title | no_such_filter }} then {% include missing.html %}

{% if page.title == "Broken" %}The rest renders: {{ page.title }}.{% endif %}

{% for x in (1..3) %}{{ x }}{% endfor %} {% endif %}
"""
    root = make_site(tmp_path, {"2024-01-01-broken.md": post})
    text = shown(root, "2024-01-01-broken.md", 100)
    assert text.splitlines() == [
        "{% gist 12345 %} then {{ page.title | no_such_filter }} then {% include missing.html %}",
        "",
        "The rest renders: Broken.",
        "",
        "123 {% endif %}",
    ]
    blocks = layout(prepare_post(post.split("---\n", 2)[2]))
    dimmed = [
        block.text[a:b]
        for block in blocks
        if block.runs
        for a, b, sid in zip(block.runs[::3], block.runs[1::3], block.runs[2::3], strict=True)
        if "liquid" in STYLES.names(sid)
    ]
    assert "{% gist 12345 %}" in dimmed


def test_a_runaway_loop_is_bounded_and_the_post_still_reads(tmp_path: Path) -> None:
    body = (
        "Start {{ 1 | plus: 1 }}\n\n"
        "{% for i in (1..100000000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}\n\n"
        '{% assign s = "xxxxxxxxxx" %}{% for i in (1..60) %}{% capture s %}{{ s }}{{ s }}'
        "{% endcapture %}{% endfor %}{{ s | size }}\n\nEnd"
    )
    out = liquid.render_outcome(body, {"page": {}, "site": {}})
    assert out.text.startswith("Start 2\n\n{% for i in (1..100000000) %}")
    assert out.text.endswith("End")
    assert len(out.text) < 10_000


def test_raw_post_url_and_highlight_are_left_for_the_reader(tmp_path: Path) -> None:
    posts = {
        "2020-10-25-older.md": "---\ntitle: Older\n---\nOld.\n",
        "2024-01-01-new.md": """---
title: New
---
Literal: {% raw %}{{ page.title }}{% endraw %}. See [the old one]({{ site.baseurl }}{% post_url 2020-10-25-older %}).

{% highlight ruby %}
puts "{{ page.title }}"
{% endhighlight %}
""",
    }
    root = make_site(tmp_path, posts)
    site = open_site(root)
    index = load_index(site)
    post = next(p for p in index.posts if p.title == "New")
    md = prepare_post(post.read_body(), site=site, post=post, index=index)
    assert render_text(md) == (
        'Literal: {{ page.title }}. See the old one.\n\n puts "{{ page.title }}"'
    )
    hrefs = [href for b in layout(md) for _a, _b, href in iter_links(b.links)]
    assert [parse_post_href(h) for h in hrefs] == [("_posts/2020-10-25-older.md", "")]


def test_site_posts_lists_the_blog(tmp_path: Path) -> None:
    posts = {
        "2020-01-01-a.md": "---\ntitle: First\n---\nA\n",
        "2021-01-01-b.md": "---\ntitle: Second\n---\nB\n",
        "2022-01-01-list.md": "---\ntitle: List\n---\n"
        "{% for p in site.posts limit:2 %}{{ p.title }};{% endfor %}\n",
    }
    root = make_site(tmp_path, posts)
    assert shown(root, "2022-01-01-list.md") == "List;Second;"


def test_the_editor_preview_uses_the_same_pipeline_with_the_buffer_front_matter(
    tmp_path: Path,
) -> None:
    posts = {"2020-10-25-older.md": "---\ntitle: Older\n---\nOld.\n"}
    root = make_site(tmp_path, posts)
    site = open_site(root)
    index = load_index(site)
    text = "---\ntitle: Typed Just Now\n---\n# {{ page.title }}\n\n[old]({% post_url 2020-10-25-older %})\n"
    body = text.split("---\n", 2)[2]
    md = preview_post(
        text, body, site=site, path=root / "_posts" / "2024-05-05-draft.md", index=index
    )
    assert render_text(md) == "# Typed Just Now\n\nold"
    assert "blogtui-post:_posts/2020-10-25-older.md" in md


@pytest.mark.parametrize("body", ["{{", "{% if", "{% for x in y %}", "}} {% endfor %} {{ x | }}"])
def test_broken_templates_never_raise(body: str) -> None:
    assert isinstance(liquid.render(body, {}), str)


def test_a_huge_template_is_read_as_written_rather_than_slowly() -> None:
    body = "x = {{ y }}\n" * (liquid.MAX_MARKUP + 1)
    out = liquid.render_outcome(body, {"page": {}, "site": {}})
    assert out.unchanged and out.text == body
