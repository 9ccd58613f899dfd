#!/usr/bin/env bash
# make_golden.sh — regenerate tests/golden/urls-*.json with real Jekyll 4.3.1.
#
# Usage: tests/golden/make_golden.sh [SET...]     (default: every set in matrix.tsv)
# Needs: Debian's `jekyll` (apt-get install -y jekyll) and ../shared/tools/jekyll_urls.sh.
#
# Every row of matrix.tsv (set, posts folder, drafts folder, label, permalink, timezone) becomes
# urls-SET-LABEL.json, written by jekyll_urls.sh. Each folder is first copied to a temporary
# site (posts as NAME/posts, drafts as NAME/_drafts, the layout jekyll_urls.sh expects) with
# every file's mtime set to $MTIME: a draft without a date is dated by its mtime, and git does
# not keep mtimes. "now" is pinned to $NOW (JEKYLL_ORACLE_TIME) so that "future" stays put.
# tests/integration/test_jekyll_golden.py reads the same matrix and sets the same mtime and now.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TOOL=${JEKYLL_URLS:-$REPO/../shared/tools/jekyll_urls.sh}
NOW=2026-01-01T00:00:00Z
MTIME=2021-08-09T10:11:12Z
export JEKYLL_ORACLE_TIME=$NOW
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

want=" $* "
n=0
while IFS=$'\t' read -r set posts drafts label permalink tz; do
  case $set in ''|'#'*) continue ;; esac
  [ $# -eq 0 ] || [[ $want == *" $set "* ]] || continue
  src=$REPO/$posts
  if [ ! -d "$src" ]; then echo "make_golden.sh: skip $set ($src missing)" >&2; continue; fi
  site=$WORK/$set
  if [ ! -d "$site" ]; then
    mkdir -p "$site/posts"
    # the posts, without a drafts folder inside them (it is copied beside them instead)
    (cd "$src" && tar cf - --exclude=./_drafts .) | (cd "$site/posts" && tar xf -)
    if [ "$drafts" != - ] && [ -d "$REPO/$drafts" ]; then cp -a "$REPO/$drafts" "$site/_drafts"; fi
    find "$site" -exec touch -h -d "$MTIME" {} +
  fi
  out=$HERE/urls-$set-$label.json
  "$TOOL" "$site/posts" "$out" "$permalink" "$tz"
  n=$((n + 1))
done < "$HERE/matrix.tsv"
echo "make_golden.sh: $n golden file(s) written" >&2

# Whole Jekyll site roots (tests/golden/sites/NAME: _config.yml with defaults/exclude/include,
# posts in several folders) -> urls-site-NAME.json, by jekyll_site_urls.sh (a copy of
# jekyll_urls.sh that builds the site with its own _config.yml). Only with no SET argument or
# with "sites". tests/integration/test_site_golden.py copies the site the same way (mtimes pinned).
if [ $# -eq 0 ] || [[ $want == *" sites "* ]]; then
  for src in "$HERE"/sites/*/; do
    name=$(basename "$src")
    site=$WORK/site-$name
    cp -a "$src" "$site"
    find "$site" -exec touch -h -d "$MTIME" {} +
    "$HERE/jekyll_site_urls.sh" "$site" "$HERE/urls-site-$name.json"
    n=$((n + 1))
  done
  echo "make_golden.sh: $n golden file(s) written (with the site roots)" >&2
fi
