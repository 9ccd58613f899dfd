"""Write tests/golden/fuzz/_posts: 300 random (seeded) posts that stress Jekyll's reading rules.

Usage: python tests/golden/fuzz/generate.py   (then tests/golden/make_golden.sh fuzz)

File names, dates, categories, tags, slugs, titles and permalinks are drawn from shapes real
blogs use plus the odd ones Jekyll has rules for; real Jekyll's verdict is the golden file.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORDS = ["python", "Perf", "data science", "Ünïcode", "日本", "c++", "a&b", "q?x", "h#1", "50%", "x|y",
         "(paren)", "it's", "dot.ted", "tilde~", "at@", "semi;colon", "plus+", "eq=", "[br]", "sp  ace", "MiXeD"]
DATES = ["2021-03-04", "2021-3-4", "2021-03-04 10:20:30", "2021-03-04 23:59:59 +0300", "2021-03-04 00:30:00 -0800",
         "2021-03-04T12:00:00Z", "2021-03-04 12:00", "2021/03/04 22:00:00 +05:30", "March 4, 2021 9:15 PM",
         "4 Mar 2021", "2021-02-29", "2021-03-04 18:30:22 2021 -0800", "2020-12-31 23:00:00 -0200", "2021-03-04 12:00 EST"]
TEMPLATES = [":categories/:title", "/:year/:slug/", "/:title:output_ext", "/:short_month-:i_day/:name",
             "/:week/:w_day/:title/", "/:year_:month/:slugified_categories/:title.html", "/x/:title/index.html"]


def yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def category_value(rng: random.Random) -> str:
    shape = rng.randrange(6)
    words = rng.sample(WORDS, rng.randint(1, 3))
    if shape == 0:
        return yaml_str(" ".join(words))
    if shape == 1:
        return "[" + ", ".join(yaml_str(w) for w in words) + "]"
    if shape == 2:
        return "[" + ", ".join([yaml_str(words[0]), "2013", "1.5", "true", "null", yaml_str(words[0].lower())]) + "]"
    if shape == 3:
        return "~"
    if shape == 4:
        return yaml_str("")
    return yaml_str(words[0])


def main() -> None:
    rng = random.Random(20261127)
    out = HERE / "_posts"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for i in range(300):
        y, m, d = rng.choice([(2021, 3, 4), (2020, 12, 31), (2021, 1, 1), (2021, 2, 30), (21, 6, 7), (2021, 10, 3)])
        day = f"{y}-{m}-{d}" if rng.random() < 0.2 else f"{y:02d}-{m:02d}-{d:02d}"
        slug = "-".join(rng.sample(WORDS, rng.randint(1, 3))).replace("/", "-")
        ext = rng.choice([".md", ".md", ".markdown", ".html", ".MD"])
        name = f"{day}-{slug}-{i}{ext}"
        lines = []
        if rng.random() < 0.7:
            lines.append("title: " + rng.choice([yaml_str(" ".join(rng.sample(WORDS, 2))), "2019", '""', "~", "false"]))
        if rng.random() < 0.5:
            lines.append("date: " + rng.choice([d_ if rng.random() < 0.5 else yaml_str(d_) for d_ in DATES]))
        for key in ("categories", "category", "tags", "tag"):
            if rng.random() < 0.35:
                lines.append(f"{key}: {category_value(rng)}")
        if rng.random() < 0.2:
            lines.append("slug: " + yaml_str(rng.choice(WORDS) + " " + rng.choice(WORDS)))
        if rng.random() < 0.15:
            lines.append("permalink: " + yaml_str(rng.choice(TEMPLATES)))
        if rng.random() < 0.1:
            lines.append("published: " + rng.choice(["false", "true", "~", '"no"']))
        (out / name).write_text("---\n" + "\n".join(lines) + "\n---\nbody\n", "utf-8")


if __name__ == "__main__":
    main()
