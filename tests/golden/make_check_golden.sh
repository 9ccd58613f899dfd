#!/usr/bin/env bash
# make_check_golden.sh — ask real Jekyll 4.3.1 (../shared/tools/jekyll_urls.sh) what it makes of
# every corpus folder and of tests/data/bad-posts, and keep its verdicts as tests/golden/check-*.json.
# tests/integration/test_check_golden.py then requires `blogtui check` to report an error for every post Jekyll
# aborts on (fatal), reads with an error (read-error: front matter lost) or skips for its bytes.
#
# The crafted posts are written by tests/data/bad-posts/make_bad_posts.py (bytes exact; committed).
#
# Usage: tests/golden/make_check_golden.sh [NAME ...]   (default: all sets)
# Needs: jekyll (Debian package `jekyll`, 4.3.1). Takes a few minutes (one Jekyll build per fatal post).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED=${BLOGTUI_SHARED:-$(cd "$REPO/.." && pwd)/shared}
CORPUS=$SHARED/corpus
TOOL=$SHARED/tools/jekyll_urls.sh
# Pinned far ahead so that "future" is judged the same on every run (drafts are dated by mtime).
export JEKYLL_ORACLE_TIME=${JEKYLL_ORACLE_TIME:-2100-01-01T00:00:00Z}

declare -A SETS=(
  [jekyll-docs]=$CORPUS/jekyll-jekyll/docs/_posts
  [jekyll-test]=$CORPUS/jekyll-jekyll/test/source/_posts
  [minimal-mistakes]=$CORPUS/mmistakes-minimal-mistakes/docs/_posts
  [rust-lang]=$CORPUS/rust-lang-blog.rust-lang.org/posts
  [rust-lang-toml]=$CORPUS/rust-lang-blog.rust-lang.org/toml-sample/posts
  [bad-posts]=$REPO/tests/data/bad-posts/_posts
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(jekyll-docs jekyll-test minimal-mistakes rust-lang rust-lang-toml bad-posts)
for name in "${names[@]}"; do
  dir=${SETS[$name]:?unknown set $name}
  echo "== $name: $dir" >&2
  "$TOOL" "$dir" "$HERE/check-$name.json"
done
