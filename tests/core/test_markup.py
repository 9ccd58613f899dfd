"""markup.prepare: Jekyll's Liquid and kramdown leftovers -> Markdown the terminal renderer shows well.

The snippets are real: most are copied from posts in ../shared/corpus (file named in the id).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from tests.conftest import CORPUS, requires_corpus

from blogtui.blog.liquid_leftovers import RAW_GUARD, is_liquid_leftover
from blogtui.blog.markup import (
    TOC_MARKER,
    prepare,
)
from blogtui.blog.posthref import parse_post_href, post_href
from blogtui.blog.source import SourceError, decode, split

POSTS = {
    "2013-05-06-jekyll-1-0-0-released": "_posts/2013-05-06-jekyll-1-0-0-released.markdown",
    "_posts/2017-01-18-jekyll-3-4-0-released.markdown": "_posts/2017-01-18-jekyll-3-4-0-released.markdown",
    "2020-10-25-introduction-to-the-blog-theme": "2020-10-25-introduction-to-the-blog-theme.md",
    "2021-01-01-with space": "2021-01-01-with space.md",
}


def resolve(name: str) -> str | None:
    return POSTS.get(name)


# (id, body, expected output) -------------------------------------------------------------------
CASES: list[tuple[str, str, str]] = [
    (
        "jekyll-1-5-1-released: highlight -> fenced code",
        '`Jekyll.sanitized_path` code:\n\n{% highlight ruby %}\n> sanitized_path("/tmp/foobar/jail", "..c:/")\n'
        '=> "/tmp/foobar/jail/../../../etc/passwd"\n{% endhighlight %}\n\nWell, we can\'t have that!\n',
        '`Jekyll.sanitized_path` code:\n\n```ruby\n> sanitized_path("/tmp/foobar/jail", "..c:/")\n'
        '=> "/tmp/foobar/jail/../../../etc/passwd"\n```\n\nWell, we can\'t have that!\n',
    ),
    (
        "highlight with linenos keeps the language, Liquid inside stays literal",
        "{% highlight python linenos %}\nprint('{{ not liquid }}')\n{% endhighlight %}\n",
        "```python\nprint('{{ not liquid }}')\n```\n",
    ),
    (
        "closed-liquid-block-excerpt: tags spanning lines, raw inside highlight",
        '{%\n  highlight\n  ruby\n%}\n{% raw\n%}\ndef print_hi(name)\n  puts "Hi, #{name}"\nend\n{%\n  endraw\n%}\n'
        "{%\n  endhighlight\n%}\n\nSo let's talk business.\n",
        '```ruby\ndef print_hi(name)\n  puts "Hi, #{name}"\nend\n```\n\nSo let\'s talk business.\n',
    ),
    (
        "highlight whose code has a ``` fence gets a longer fence",
        "{% highlight markdown %}\n```python\nx = 1\n```\n{% endhighlight %}\n",
        "````markdown\n```python\nx = 1\n```\n````\n",
    ),
    (
        "highlight indented in a list item stays in the item",
        "1. Run it:\n\n   {% highlight bash %}\n   make bench\n   {% endhighlight %}\n2. Read the numbers\n",
        "1. Run it:\n\n   ```bash\n      make bench\n   ```\n2. Read the numbers\n",
    ),
    (
        "jekyll-4-2-1-released: raw around an inline code span is not a leftover",
        "we decided to stop overriding {% raw %}`{{ site.url }}`{% endraw %} with\n",
        f"we decided to stop overriding `{RAW_GUARD}{{{{ site.url }}}}` with\n",
    ),
    (
        "jekyll-4-0-0-pre-alpha1: raw inside an inline code span inside a link",
        "[`{% raw %}{% highlight %}{% endraw %}` now behaves like `{% raw %}{% raw %}{% endraw %}`](https://x)",
        f"[`{RAW_GUARD}{{% highlight %}}` now behaves like `{RAW_GUARD}{{% raw %}}`](https://x)",
    ),
    (
        "jekyll-3-5-0-released: raw text outside code is plain text",
        "access layout variables via {% raw %}{{ layout }}{% endraw %}.\n",
        "access layout variables via {{ layout }}.\n",
    ),
    (
        "jekyll-3-4-3-released: raw around a fenced block removes only the markers",
        'breaking in 3.4.0:\n\n{% raw %}\n```liquid\n{{ "example :page" | uri_escape }}\n```\n{% endraw %}\n\nThis',
        'breaking in 3.4.0:\n\n```liquid\n{{ "example :page" | uri_escape }}\n```\n\nThis',
    ),
    (
        "jekyll-4-3-0-released: raw over several blocks keeps their Markdown",
        "{% raw %}\n### Liquid Templates\n\n- for example `{{ page.name }}`.\n{% endraw %}\n\n## Bug-fixes\n",
        f"### Liquid Templates\n\n- for example `{RAW_GUARD}{{{{ page.name }}}}`.\n\n## Bug-fixes\n",
    ),
    (
        "raw markers inside a fenced block are removed, the rest of the code is untouched",
        "```liquid\n{% raw %}\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n{% endraw %}\n```\n",
        "```liquid\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n```\n",
    ),
    (
        "jekyll-turns-2-0-0: post_url in a reference definition",
        "[changelog]: /docs/history/\n[jekyll-1]: {% post_url 2013-05-06-jekyll-1-0-0-released %}\n",
        "[changelog]: /docs/history/\n[jekyll-1]: blogtui-post:_posts/2013-05-06-jekyll-1-0-0-released.markdown\n",
    ),
    (
        "jekyll-3-4-3-released: link tag in a link destination",
        "In [v3.4.0]({% link _posts/2017-01-18-jekyll-3-4-0-released.markdown %}), we\n",
        "In [v3.4.0](blogtui-post:_posts/2017-01-18-jekyll-3-4-0-released.markdown), we\n",
    ),
    (
        "jekyll-3-6-2-released: link tag spanning two lines",
        "contribution to open-source]({% link\n_posts/2017-01-18-jekyll-3-4-0-released.markdown %}) 👏\n",
        "contribution to open-source](blogtui-post:_posts/2017-01-18-jekyll-3-4-0-released.markdown) 👏\n",
    ),
    (
        "site.baseurl before post_url goes with it, the anchor stays",
        "[intro]({{ site.baseurl }}{% post_url 2020-10-25-introduction-to-the-blog-theme %}#roadmap)",
        "[intro](blogtui-post:2020-10-25-introduction-to-the-blog-theme.md#roadmap)",
    ),
    (
        "post_url in running text becomes a link named after the post",
        "See {% post_url 2020-10-25-introduction-to-the-blog-theme %}.",
        "See [2020-10-25-introduction-to-the-blog-theme](blogtui-post:2020-10-25-introduction-to-the-blog-theme.md).",
    ),
    (
        "a post path with a space is quoted so the link survives",
        "[x]({% post_url 2021-01-01-with space %})",
        "[x](blogtui-post:2021-01-01-with%20space.md)",
    ),
    (
        "an unknown post: the link keeps its text, drawn with (missing)",
        "[gone]({% post_url 2001-01-01-nowhere %})",
        "[gone](blogtui-missing:2001-01-01-nowhere)",
    ),
    (
        "image path under site.baseurl",
        "![highload]({{ site.baseurl }}/assets/img/highload.png)",
        "![highload](/assets/img/highload.png)",
    ),
    (
        "minimal-mistakes: relative_url filter on a literal in a destination",
        '[Quick-Start Guide]({{ "/docs/quick-start-guide/" | relative_url }})',
        "[Quick-Start Guide](/docs/quick-start-guide/)",
    ),
    (
        "other Liquid in a destination loses its blanks so the link survives",
        "[{{ page.title }}]({{ page.url }})",
        "[`{{ page.title }}`]({{page.url}})",
    ),
    (
        "site.url in text is dimmed, not dropped",
        "The site lives at {{ site.url }}{{ site.baseurl }} today.",
        # two spans kept apart by RAW_GUARD: "``" between them would read as one span
        "The site lives at `{{ site.url }}`\u2060`{{ site.baseurl }}` today.",
    ),
    (
        "jekyll-1-0-1-released: assign/for loops become dimmed spans",
        '{% assign issue_numbers = "1037|1040" | split: "|" %}\n{% for issue in issue_numbers %}\n'
        "[#{{ issue }}]: {{ site.repository }}/issues/{{ issue }}\n{% endfor %}\n",
        '`{% assign issue_numbers = "1037|1040" | split: "|" %}`\n`{% for issue in issue_numbers %}`\n'
        "[#`{{ issue }}`]: {{site.repository}}/issues/`{{ issue }}`\n`{% endfor %}`\n",
    ),
    (
        "a pipe in a leftover inside a table row is escaped so the cell stays whole",
        "| post | date |\n|---|---|\n| a | {{ page.date | date: '%Y' }} |\n\nText {{ a | b }}\n",
        "| post | date |\n|---|---|\n| a | `{{ page.date \\| date: '%Y' }}` |\n\nText `{{ a | b }}`\n",
    ),
    (
        "whitespace-control tags and include",
        '{%- for post in site.posts -%}\n{% include footer.html param="x" %}\n',
        '`{%- for post in site.posts -%}`\n`{% include footer.html param="x" %}`\n',
    ),
    (
        "a stray endhighlight / unterminated highlight is a leftover",
        "{% highlight python %}\nprint(1)\n",
        "`{% highlight python %}`\nprint(1)\n",
    ),
    (
        "unterminated tags and outputs stay as plain text",
        "unterminated {% foo and {{ bar\n",
        "unterminated {% foo and {{ bar\n",
    ),
    (
        "a tag may not span a blank line",
        "a {%\n\n b %} c\n",
        "a {%\n\n b %} c\n",
    ),
    (
        "post-notice: block attribute list after a paragraph",
        "**Changes in Service:** We just updated our [privacy policy](#).\n{: .notice}\n\n**Primary Notice:** Lorem\n"
        "{: .notice--primary}\n",
        "**Changes in Service:** We just updated our [privacy policy](#).\n\n**Primary Notice:** Lorem\n",
    ),
    (
        "markup-html-tags: span attribute lists after links",
        "[Default Button](#){: .btn}\n[Primary Button](#){: .btn .btn--primary}\n",
        "[Default Button](#)\n[Primary Button](#)\n",
    ),
    (
        "attribute list between two blocks keeps them apart",
        "> quote\n{: .small}\nNext paragraph\n",
        "> quote\n\nNext paragraph\n",
    ),
    (
        "ids, key=value and reference definitions",
        'Text{:#anchor}\n{: style="text-align: right;"}\n{:refdef: .c1 title="x y"}\n',
        "Text\n\n",  # a harmless blank line where the dropped lines were
    ),
    (
        "Rust format strings are not attribute lists",
        'Use `{:?}` or println!("{:?}", x) and {:02x?} and {:#?} and {:#}.\n',
        'Use `{:?}` or println!("{:?}", x) and {:02x?} and {:#?} and {:#}.\n',
    ),
    (
        "kramdown extensions: options and comment disappear, nomarkdown markers go",
        '{::options parse_block_html="true" /}\nshown\n{::comment}\nhidden text\n{:/comment}\n'
        "{::nomarkdown}<b>kept</b>{:/nomarkdown}\n",
        "shown\n\n<b>kept</b>\n",
    ),
    (
        "kramdown toc list becomes the toc marker",
        "* TOC\n{:toc}\n\n## First {#first}\n",
        f"{TOC_MARKER}\n\n## First\n",
    ),
    (
        "numbered toc list and a no_toc heading",
        "## Contents\n{:.no_toc}\n\n1. TOC\n{:toc}\n\nText\n",
        f"## Contents\n\n{TOC_MARKER}\n\nText\n",
    ),
    (
        "layout-table-of-contents-include-post: include toc is a toc",
        "Tests toc.\n\n```\n{% include toc %}\n```\n\n{% include toc %}\n\n# Enim\n",
        f"Tests toc.\n\n```\n{{% include toc %}}\n```\n\n{TOC_MARKER}\n\n# Enim\n",
    ),
    (
        "code blocks are left alone: fenced, tilde, indented",
        "```\n{{ code }} {: .x}\n```\n~~~ yaml\nk: {% v %}\n~~~\n\n    {{ indented }}\n\nafter {{ x }}\n",
        "```\n{{ code }} {: .x}\n```\n~~~ yaml\nk: {% v %}\n~~~\n\n    {{ indented }}\n\nafter `{{ x }}`\n",
    ),
    (
        "seed post: tab-indented nested lists are not code",
        "* **Python**\n\t* And last {{ but }} not least\n",
        "* **Python**\n\t* And last `{{ but }}` not least\n",
    ),
    (
        "inline code spans are left alone",
        "Write `{{ page.title }}` or ``{% if a %}`x`{% endif %}``.",
        "Write `{{ page.title }}` or ``{% if a %}`x`{% endif %}``.",
    ),
    (
        "excerpt separators and CRLF line ends",
        "Intro\r\n<!--more-->\r\nRest {{ x }}\r\n",
        "Intro\n<!--more-->\nRest `{{ x }}`\n",
    ),
    (
        "plain Markdown passes through unchanged",
        "# Title\n\nSome *text* with {braces} and 100% {of} it.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        "# Title\n\nSome *text* with {braces} and 100% {of} it.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    ),
]


@pytest.mark.parametrize("body,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_prepare(body: str, expected: str) -> None:
    assert prepare(body, resolve) == expected


def inline_codes(markdown: str) -> list[str]:
    md = MarkdownIt("gfm-like")
    codes = []
    for token in md.parse(markdown):
        for child in token.children or []:
            if child.type == "code_inline":
                codes.append(child.content)
    return codes


def test_renderer_sees_leftovers_as_dimmable_code_and_raw_as_normal_code() -> None:
    out = prepare("A {{ site.title }} and {% raw %}`{{ page.url }}`{% endraw %} and `{% if x %}`.")
    codes = inline_codes(out)
    assert [is_liquid_leftover(c) for c in codes] == [True, False, True]
    assert codes[1] == RAW_GUARD + "{{ page.url }}"


def test_post_links_parse_back() -> None:
    out = prepare("[x]({% post_url 2021-01-01-with space %}#part-2)", resolve)
    md = MarkdownIt("gfm-like")
    inline = md.parse(out)[1]
    href = inline.children[0].attrs["href"]
    assert parse_post_href(str(href)) == ("2021-01-01-with space.md", "part-2")
    assert parse_post_href(post_href("a/b ü.md")) == ("a/b ü.md", "")
    assert parse_post_href("https://example.com") is None


def test_resolver_errors_make_a_missing_link() -> None:
    def broken(name: str) -> str | None:
        raise ValueError("bad name")

    assert prepare("[x]({% post_url a\x00b %})", broken) == "[x](blogtui-missing:a%00b)"


def test_without_resolver_post_links_are_leftovers() -> None:
    assert prepare("{% post_url 2020-10-25-introduction-to-the-blog-theme %}") == (
        "`{% post_url 2020-10-25-introduction-to-the-blog-theme %}`"
    )


LIQUIDISH = st.lists(
    st.sampled_from(
        list("{}%:`~#.-*1 \n\tab\\|()[]!")
        + ["{%", "%}", "{{", "}}", "{:", "```", "raw", "endraw", "    "]
    )
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LIQUIDISH)
def test_prepare_never_raises_and_never_loses_plain_words(body: str) -> None:
    body = body + "\nplainword\n"
    out = prepare(body, resolve)
    assert isinstance(out, str)
    assert "plainword" in out


@requires_corpus
def test_prepare_runs_on_every_corpus_post() -> None:
    done = 0
    for path in sorted(Path(CORPUS).rglob("*")):
        if not path.is_file():
            continue
        try:
            text, _bom = decode(path.read_bytes())
            body = split(text).body
        except (SourceError, OSError):
            continue
        out = prepare(body, resolve)
        assert isinstance(out, str)
        done += 1
    assert done > 800


def test_leftover_with_a_pipe_stays_one_table_cell() -> None:
    out = prepare("| post | year |\n|---|---|\n| a | {{ page.date | date: '%Y' }} |\n")
    assert inline_codes(out) == ["{{ page.date | date: '%Y' }}"]
