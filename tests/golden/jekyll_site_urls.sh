#!/usr/bin/env bash
# jekyll_site_urls.sh — ask real Jekyll (Debian's jekyll 4.3.1) what it makes of a whole site root.
#
# Usage: jekyll_site_urls.sh SITE_DIR OUT_JSON
#   SITE_DIR    a Jekyll site root: _config.yml, _posts/, _drafts/, folders with their own _posts/
#   OUT_JSON    where to write the result (a JSON list, sorted by "file")
#
# A copy of ../shared/tools/jekyll_urls.sh (same hooks, same output format; see there) that
# builds the given site as it is, with its own _config.yml (defaults:, exclude:, include:,
# permalink:, timezone: ...). Only theme, plugins and markdown are forced (no theme, no plugins,
# kramdown), plus future/unpublished false and JEKYLL_ORACLE_TIME, as jekyll_urls.sh does.
# "file" is relative to _posts/ ("../_drafts/NAME" for drafts, "es/_posts/NAME" elsewhere).
# The dump also has the front matter's "author" and "comments" (defaults give them). Files
# Jekyll never read are listed ("ignored") only for the root _posts/ and _drafts/; a file in a
# folder Jekyll skipped (excluded, _underscored) is simply absent.
#
# (jekyll_urls.sh's own description follows; SITE_DIR replaces POSTS_DIR and its options.)
# What it does: copies POSTS_DIR (cp -a: symlinks stay symlinks, mtimes kept) into a
# temporary site as _posts/, plus the sibling ../_drafts if there is one (see
# JEKYLL_ORACLE_DRAFTS below), writes a _config.yml (permalink, timezone; no theme, no plugins, markdown
# kramdown), an empty layout ({{ content }}) for every layout name the posts ask for,
# and runs the real `jekyll build` with a small Ruby hook file preloaded
# (ruby -r oracle.rb /usr/bin/jekyll build ...). The hooks only observe: they record
# every post Document Jekyll creates, every warning/error Jekyll logs (attributed to
# the document being read or rendered at the time), and dump url/date/title/categories/
# tags/published for each document at :site :post_read (or :post_write when rendering). Jekyll's own code does
# all the work (Debian's 4.3.1 reads front matter with Psych.safe_load, not SafeYAML).
#
# Output: a JSON list, one object per file or symlink found under POSTS_DIR (and
# ../_drafts), "file" relative to POSTS_DIR (drafts as "../_drafts/NAME"):
#   status     "ok"         Jekyll read it and would write it
#              "read-error" Jekyll logged an error while reading it but still keeps and
#                           writes it (front matter dropped: title from the file name,
#                           date = build time, categories from the path only)
#              "skipped"    Jekyll read it but leaves it out of site.posts
#                           (published: false, future date, not valid UTF-8)
#              "ignored"    Jekyll never made a post of it (name without a
#                           YYYY-MM-DD- prefix, hidden/underscore/backup name, folder,
#                           symlink to a folder, ...), silently
#              "fatal"      Jekyll aborts the whole build because of it (invalid date,
#                           a URL that cannot be built, a Liquid error when rendering)
#   url, url_unescaped, output_path, date (ISO 8601 in TIMEZONE), title, categories,
#   tags, slug, published (true iff Jekyll keeps it in site.posts, i.e. writes it),
#   front_matter_published (Jekyll's Document#published?), draft, layout, permalink
#   (front matter), error (every warning/error Jekyll logged about the file, or why it
#   was skipped/ignored, joined by " | "), log ([{level, topic, message}]).
#   Fields Jekyll has no value for are left out.
#
# A post with an invalid date (or any other per-file fatal error) aborts `jekyll build`.
# The hooks name the file that did it; the script records it as "fatal" with Jekyll's
# message, moves it out of the temporary site, and runs the build again, until a build
# gets through (at most one rerun per file). A failure the hooks cannot pin on a file:
# the first _posts/... or _drafts/... path in Jekyll's error output is used; failing
# that, the script stops, writes what it has plus {"file": null, "error": ...}, exits 2.
#
# Environment:
#   JEKYLL_ORACLE_RENDER=1   render and write the site too (slower; adds Liquid/kramdown
#                            errors and layout warnings). Default 0: stop right after
#                            Jekyll has read the posts (:site :post_read); URLs, dates,
#                            titles and the published judgement are all final by then.
#                            With 1, read-time fatal posts are first weeded out by cheap
#                            read-only passes, then full builds run until one gets through.
#   JEKYLL_ORACLE_DRAFTS=0   do not copy ../_drafts (default 1: copy it and build with
#                            --drafts; a draft's date is its file's mtime unless its
#                            front matter has one)
#   JEKYLL_ORACLE_SAFE=1     build with --safe (symlinks under _posts are then ignored)
#   JEKYLL_ORACLE_TIME=...   pin site.time (Jekyll's `time:`), which decides "future" and
#                            is the date of posts whose front matter failed to load
#   JEKYLL_ORACLE_TIMEOUT=S  seconds one build pass may take (default 300); on time-out the
#                            post being read or rendered at that moment is blamed as fatal
#   JEKYLL_ORACLE_KEEP=1     keep the temporary site and print its path
#   JEKYLL_ORACLE_LOG=FILE   write Jekyll's full output (all passes) to FILE
# Exit: 0 when a build got through (whatever the posts), 2 when none could, 64 on usage.
set -euo pipefail

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
[ $# -eq 2 ] || usage
POSTS_ARG=$1
OUT_JSON=$2
PERMALINK=from-config
TIMEZONE=from-config
[ -d "$POSTS_ARG" ] || { echo "jekyll_site_urls.sh: not a folder: $POSTS_ARG" >&2; exit 64; }
POSTS_DIR=$(cd "$POSTS_ARG" && pwd -P)
JEKYLL_BIN=$(command -v jekyll || true)
[ -n "$JEKYLL_BIN" ] || { echo "jekyll_site_urls.sh: jekyll not found (apt-get install -y jekyll)" >&2; exit 2; }
if false; then
  echo "jekyll_site_urls.sh: warning: no /usr/share/zoneinfo/$TIMEZONE; glibc will silently use UTC" >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jekyll-oracle.XXXXXX")
if [ "${JEKYLL_ORACLE_KEEP:-0}" = 1 ]; then
  echo "jekyll_site_urls.sh: temporary site kept in $WORK/site" >&2
else
  trap 'rm -rf "$WORK"' EXIT
fi
SITE=$WORK/site
mkdir -p "$SITE/_posts" "$SITE/_layouts" "$WORK/removed"
mkdir -p "$(dirname "$OUT_JSON")"
cp -a "$POSTS_DIR/." "$SITE/"
BUILD_FLAGS=()
# --drafts when the site has a _drafts folder anywhere (Jekyll reads the one beside each _posts)
if [ "${JEKYLL_ORACLE_DRAFTS:-1}" = 1 ] && [ -n "$(find "$SITE" -type d -name _drafts -print -quit)" ]; then
  BUILD_FLAGS+=(--drafts)
fi
if [ "${JEKYLL_ORACLE_SAFE:-0}" = 1 ]; then BUILD_FLAGS+=(--safe); fi

# An empty layout for every layout name the posts ask for, so rendering needs no theme.
printf '{{ content }}\n' > "$SITE/_layouts/default.html"
{ grep -rhaoE '^ *layout:[[:space:]]*["'\'']?[A-Za-z0-9_-]+' "$SITE" 2>/dev/null || true; } \
  | sed -E 's/^ *layout:[[:space:]]*["'\'']?//' | sort -u | while read -r name; do
      [ -e "$SITE/_layouts/$name.html" ] || printf '{{ content }}\n' > "$SITE/_layouts/$name.html"
    done

# _config.yml written as JSON (a subset of YAML), so any template string is quoted right.
# The site's own _config.yml, with theme/plugins/markdown/future/unpublished/time forced.
ruby -rjson -ryaml -rdate -e '
  f = ARGV[0]
  c = File.exist?(f) ? (YAML.safe_load(File.read(f), permitted_classes: [Date, Time]) || {}) : {}
  c.merge!("markdown" => "kramdown", "plugins" => [], "theme" => nil, "future" => false, "unpublished" => false)
  c["time"] = ENV["JEKYLL_ORACLE_TIME"] if ENV["JEKYLL_ORACLE_TIME"].to_s != ""
  puts JSON.pretty_generate(c)' "$SITE/_config.yml" > "$WORK/config.json"
mv "$WORK/config.json" "$SITE/_config.yml"

cat > "$WORK/oracle.rb" <<'RUBY'
# frozen_string_literal: true
# Observer hooks for jekyll_urls.sh. Loaded with `ruby -r` before Jekyll's own CLI runs.
require "jekyll"
require "json"
require "set"

module JekyllOracle
  DUMP = ENV.fetch("JEKYLL_ORACLE_DUMP")
  FATAL = ENV.fetch("JEKYLL_ORACLE_FATAL")
  RENDER = ENV["JEKYLL_ORACLE_RENDER"] == "1"
  DATE_RE = Jekyll::Document::DATE_FILENAME_MATCHER
  DATELESS_RE = Jekyll::Document::DATELESS_FILENAME_MATCHER

  @docs = []
  @logs = []           # [doc_or_nil, level, topic, message]
  @current = nil
  @done = false
  @last_message = nil
  class << self
    attr_accessor :current, :done, :last_message
    attr_reader :docs, :logs

    # First paragraph only: drops Ruby's error_highlight code excerpts and advice.
    def tidy(text)
      text.to_s.strip.split(%r!\n\s*\n!).first.to_s.strip
    end

    def log(level, topic, message)
      msg = tidy(message)
      src = Jekyll.sites.last&.source
      msg = msg.gsub(File.join(src, ""), "") if src
      self.last_message = [topic.to_s.strip, msg].reject(&:empty?).join(" ") if level == "error" && !msg.empty?
      logs << [current, level, topic.to_s.strip, msg]
    end

    # JSON-safe copy of a front-matter value; bounded, for YAML alias bombs.
    def plain(value, budget = [2000])
      budget[0] -= 1
      return "…" if budget[0] <= 0

      case value
      when nil, true, false, Integer, Float, String then value
      when Symbol then value.to_s
      when Time then value.xmlschema
      when Date then value.iso8601
      when Array then value.map { |v| plain(v, budget) }
      when Hash then value.each_with_object({}) { |(k, v), h| h[k.to_s] = plain(v, budget) }
      else value.to_s
      end
    end

    def rel(doc)
      relpath(doc.relative_path)
    end

    def relpath(site_rel)
      if site_rel.start_with?("_posts/") then site_rel.sub(%r!\A_posts/!, "")
      elsif site_rel.start_with?("_drafts/") then "../#{site_rel}"
      else site_rel
      end
    end

    def fatal!(doc, err, files = nil)
      msg = if err.is_a?(SignalException) && !err.is_a?(Interrupt)
              "time-out: #{err.message} after JEKYLL_ORACLE_TIMEOUT=#{ENV.fetch("JEKYLL_ORACLE_TIMEOUT", "300")}s " \
                "while Jekyll was reading or rendering this post"
            elsif err && !err.is_a?(SystemExit) then "#{err.class}: #{tidy(err.message)}"
            else last_message.to_s
            end
      src = Jekyll.sites.last&.source
      msg = msg.gsub(File.join(src, ""), "") if src
      list = files || [[doc.relative_path, msg]]
      File.write(FATAL, JSON.generate(list.map { |f, m| { "site_path" => f, "message" => m } }))
    end
  end

  module LogTap
    %w(warn error).each do |level|
      define_method(level) do |topic, message = nil, &block|
        JekyllOracle.log(level, topic, message.nil? && block ? block.call : message)
        super(topic, message, &block)
      end
    end
  end

  module DocTap
    def read(*)
      JekyllOracle.current = self
      r = super
      JekyllOracle.current = nil
      r
    rescue Exception => e # rubocop:disable Lint/RescueException
      JekyllOracle.fatal!(self, e)
      raise
    end
  end
end

Jekyll::LogAdapter.prepend(JekyllOracle::LogTap)
Jekyll::Document.prepend(JekyllOracle::DocTap)

Jekyll::Hooks.register :posts, :post_init do |doc|
  JekyllOracle.docs << doc
end
Jekyll::Hooks.register :posts, :pre_render do |doc, _payload|
  JekyllOracle.current = doc
end
Jekyll::Hooks.register :posts, :post_render do |_doc|
  JekyllOracle.current = nil
end
Jekyll::Hooks.register :site, :post_write do |site|
  JekyllOracle.current = nil
  JekyllOracle.dump(site)
  JekyllOracle.done = true
end

at_exit do
  unless JekyllOracle.done || File.exist?(JekyllOracle::FATAL)
    cur = JekyllOracle.current
    JekyllOracle.fatal!(cur, $!) if cur
  end
end

# Writes the dump; returns [[site_path, message], ...] for kept posts whose URL cannot be built.
def JekyllOracle.dump(site)
  o = JekyllOracle
  kept = Set.new(site.posts.docs.map(&:path))
  url_fatal = []
  by_path = {}
  o.docs.each do |doc|
    data = doc.data
    e = { "file" => o.rel(doc) }
    begin
      e["url"] = doc.url
      e["url_unescaped"] = Jekyll::URL.unescape_path(e["url"])
      e["output_path"] = doc.destination(site.dest).delete_prefix(File.join(site.dest, ""))
    rescue StandardError => err
      e["url_error"] = "#{err.class}: #{o.tidy(err.message)}"
      url_fatal << [doc.relative_path, "cannot build the URL: #{e["url_error"]}"] if kept.include?(doc.path)
    end
    d = data["date"]
    e["date"] = d.respond_to?(:xmlschema) ? d.xmlschema : d&.to_s
    %w(title categories tags slug layout permalink author comments).each do |k|
      e[k] = o.plain(data[k]) if data.key?(k)
    end
    e["draft"] = doc.draft? ? true : false
    e["front_matter_published"] = doc.published?
    in_site = kept.include?(doc.path)
    e["published"] = in_site
    unless in_site
      why = []
      if doc.content.nil? then why << "content is nil"
      elsif !doc.content.valid_encoding? then why << "not valid UTF-8"
      else
        why << "published: #{data["published"].inspect} in front matter" unless data.fetch("published", true)
        why << "date #{e["date"]} is after site.time #{site.time.xmlschema}" if site.publisher.hidden_in_the_future?(doc)
      end
      why << "left out of site.posts" if why.empty?
      e["skip_reason"] = why.join("; ")
    end
    by_path[doc.path] = e
  end
  o.docs.each { |doc| by_path[doc.path]["_doc"] = doc }

  # Files Jekyll never made a document of.
  entries = Set.new
  %w(_posts _drafts).each do |dir|
    next unless File.directory?(site.in_source_dir(dir))
    next if dir == "_drafts" && !site.show_drafts

    jekyll_entries = Set.new(site.reader.get_entries("", dir))
    base = site.in_source_dir(dir)
    Dir.glob("**/*", File::FNM_DOTMATCH, :base => base).sort.each do |entry|
      next if entry.split("/").last =~ %r!\A\.\.?\z!

      full = File.join(base, entry)
      next if by_path.key?(full)
      next if File.directory?(full) && !File.symlink?(full)

      reason =
        if File.symlink?(full) && File.directory?(full)
          "symlink to a folder (#{File.readlink(full)}): Jekyll does not read it"
        elsif File.symlink?(full) && !File.exist?(full)
          "dangling symlink (#{File.readlink(full)}): Jekyll does not read it"
        elsif !jekyll_entries.include?(entry)
          "filtered out by Jekyll's EntryFilter (hidden, _underscore, #, ~backup, excluded or symlink in safe mode)"
        elsif dir == "_posts" && entry !~ JekyllOracle::DATE_RE
          "file name does not match YYYY-MM-DD-title.ext: Jekyll silently ignores it"
        elsif entry !~ JekyllOracle::DATELESS_RE
          "file name has no extension: Jekyll silently ignores it"
        else
          "not read by Jekyll"
        end
      entries << { "file" => o.relpath("#{dir}/#{entry}"), "status" => "ignored", "published" => false,
                   "error" => reason }
    end
  end

  results = by_path.values.map do |e|
    doc = e.delete("_doc")
    logs = o.logs.select { |l| l[0].equal?(doc) }
    # Messages logged outside any document but naming its path (rare).
    o.logs.each do |l|
      next unless l[0].nil?
      next unless l[3].include?(doc.path) || l[3].include?("#{doc.relative_path} ")
      logs << l
    end
    e["log"] = logs.map { |l| { "level" => l[1], "topic" => l[2], "message" => l[3] } } unless logs.empty?
    errors = logs.map { |l| [l[2], l[3]].reject(&:empty?).join(" ") }
    errors << "skipped: #{e["skip_reason"]}" if e["skip_reason"]
    errors << "fatal: Jekyll cannot build this post's URL and aborts the build: #{e["url_error"]}" if e["url_error"] && e["published"]
    e["error"] = errors.uniq.join(" | ") unless errors.empty?
    e["status"] =
      if e["url_error"] && e["published"] then "fatal"
      elsif !e["published"] then "skipped"
      elsif logs.any? { |l| l[1] == "error" } then "read-error"
      else "ok"
      end
    e["published"] = false if e["status"] == "fatal" # no page is written: the build stops
    e
  end
  File.write(o::DUMP, JSON.pretty_generate(results + entries.to_a))
  url_fatal
end

Jekyll::Hooks.register :site, :post_read, :priority => :low do |site|
  if JekyllOracle::RENDER
    # Jekyll itself would crash on these later (cleanup/write); name them now.
    bad = site.posts.docs.each_with_object([]) do |doc, acc|
      doc.url
    rescue StandardError => e
      acc << [doc.relative_path, "cannot build the URL: #{e.class}: #{JekyllOracle.tidy(e.message)}"]
    end
    unless bad.empty?
      JekyllOracle.fatal!(nil, nil, bad)
      exit 1
    end
  else
    JekyllOracle.dump(site)
    JekyllOracle.done = true
    exit 0 # stop here: reading is done, nothing after it changes URLs or front matter
  end
end
RUBY

LOG=$WORK/build.log
: > "$LOG"
FATAL_RECORDS=$WORK/fatal-records.jsonl
: > "$FATAL_RECORDS"
export JEKYLL_ORACLE_DUMP=$WORK/dump.json JEKYLL_ORACLE_FATAL=$WORK/fatal.json
WANT_RENDER=${JEKYLL_ORACLE_RENDER:-0}
# With rendering asked for, cheap read-only passes weed out the read-time fatal posts first;
# then full builds run until one gets through.
export JEKYLL_ORACLE_RENDER=0
nfiles=$( { find "$SITE/_posts" "$SITE/_drafts" -mindepth 1 2>/dev/null || true; } | wc -l)
max_pass=$((nfiles + 2))
pass=0
status=failed
start=$(date +%s.%N)
while [ $pass -lt $max_pass ]; do
  pass=$((pass + 1))
  rm -f "$JEKYLL_ORACLE_DUMP" "$JEKYLL_ORACLE_FATAL"
  echo "=== pass $pass: jekyll build ${BUILD_FLAGS[*]:-} (render=$JEKYLL_ORACLE_RENDER)" >> "$LOG"
  set +e
  # SIGTERM on time-out: Ruby runs the hooks' at_exit, which blames the post being read/rendered.
  (cd "$SITE" && timeout -k 10 "${JEKYLL_ORACLE_TIMEOUT:-300}" \
      ruby -r"$WORK/oracle.rb" "$JEKYLL_BIN" build -s "$SITE" -d "$WORK/_site" \
      ${BUILD_FLAGS[@]+"${BUILD_FLAGS[@]}"} --trace) >> "$LOG" 2>&1
  rc=$?
  set -e
  echo "=== pass $pass: exit $rc" >> "$LOG"
  if [ $rc -eq 0 ] && [ -s "$JEKYLL_ORACLE_DUMP" ]; then
    if [ "$WANT_RENDER" = 1 ] && [ "$JEKYLL_ORACLE_RENDER" = 0 ]; then
      cp "$JEKYLL_ORACLE_DUMP" "$WORK/read-dump.json" # what Jekyll read, for render-fatal posts
      export JEKYLL_ORACLE_RENDER=1
      continue
    fi
    status=ok
    break
  fi
  # Which file(s) did it? The hooks' record first, else the first _posts/_drafts path in the output.
  culprits=$(ruby -rjson -e '
    f = ARGV[0]
    if File.exist?(f) && !File.zero?(f)
      JSON.parse(File.read(f)).each { |r| puts JSON.generate(r) }
    end' "$JEKYLL_ORACLE_FATAL")
  if [ -z "$culprits" ]; then
    # Only the final error (Jekyll's "COULD NOT BE BUILT" block or the exception line) may name the file.
    final=$(sed -n "/^=== pass $pass: jekyll build/,\$p" "$LOG" | sed 's/\x1b\[[0-9;]*m//g' \
      | awk '/YOUR SITE COULD NOT BE BUILT/{f=1;next} f&&/^ +-+ *$/{next} f&&/^ {10,}[^ ]/{print;next} {f=0} /\([A-Z][A-Za-z0-9_:]*\)$/{print}')
    # A token naming something under _posts/ or _drafts/ (Jekyll sometimes gives the path
    # relative to _posts/, e.g. EntryFilter's realpath error on a dangling symlink in --safe).
    path=
    while IFS= read -r tok; do
      for cand in "$tok" "_posts/$tok" "_drafts/$tok"; do
        case $cand in _posts/*|_drafts/*) ;; *) continue ;; esac
        if [ -e "$SITE/$cand" ] || [ -L "$SITE/$cand" ]; then path=$cand; break 2; fi
      done
    done < <(printf '%s\n' "$final" | grep -aoE '[^ :'\''"()`]+\.[A-Za-z0-9~]+' || true)
    msg=$(printf '%s' "$final" | tr '\n' ' ' | sed -E 's/ +/ /g')
    if [ -n "$path" ]; then
      culprits=$(ruby -rjson -e 'puts JSON.generate({"site_path" => ARGV[0], "message" => ARGV[1]})' "$path" "$msg")
    else
      break
    fi
  fi
  moved=0
  while IFS= read -r rec; do
    sp=$(ruby -rjson -e 'puts JSON.parse(ARGV[0])["site_path"]' "$rec")
    if [ -e "$SITE/$sp" ] || [ -L "$SITE/$sp" ]; then
      mkdir -p "$WORK/removed/$(dirname "$sp")"
      mv "$SITE/$sp" "$WORK/removed/$sp"
      echo "$rec" >> "$FATAL_RECORDS"
      moved=1
    fi
  done <<< "$culprits"
  [ $moved = 1 ] || break
done
elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')
if [ -n "${JEKYLL_ORACLE_LOG:-}" ]; then cp "$LOG" "$JEKYLL_ORACLE_LOG"; fi

# Merge: the last good dump, plus one "fatal" entry per file removed along the way.
ruby -rjson -e '
  dump, fatal, out, status, log, read_dump = ARGV
  list = File.exist?(dump) && status == "ok" ? JSON.parse(File.read(dump)) : []
  read = File.exist?(read_dump) ? JSON.parse(File.read(read_dump)).to_h { |e| [e["file"], e] } : {}
  rel = lambda do |sp|
    sp.start_with?("_posts/") ? sp.sub(%r{\A_posts/}, "") : (sp.start_with?("_drafts/") ? "../#{sp}" : sp)
  end
  File.readlines(fatal, chomp: true).reject(&:empty?).each do |line|
    r = JSON.parse(line)
    file = rel.call(r["site_path"])
    e = (read[file] || {}).merge("file" => file, "status" => "fatal", "published" => false)
    e.delete("skip_reason")
    unless read.dig(file, "status") == "fatal" # already explained by the read-only pass
      e["error"] = [e["error"], "fatal: jekyll build aborts: #{r["message"]}"].compact.join(" | ")
    end
    list << e
  end
  if status != "ok"
    tail = File.readlines(log).grep_v(/^\s+from /).last(15).join.gsub(/\e\[[0-9;]*m/, "")
    list << { "file" => nil, "status" => "fatal", "error" => "jekyll build failed and no file could be blamed: #{tail}" }
  end
  list.sort_by! { |e| [e["file"].nil? ? 1 : 0, e["file"].to_s] }
  File.write(out, JSON.pretty_generate(list) + "\n")
  counts = list.group_by { |e| e["status"] }.transform_values(&:size)
  warn "jekyll_site_urls.sh: #{list.size} entries #{counts.sort.to_h} -> #{out}"
' "$JEKYLL_ORACLE_DUMP" "$FATAL_RECORDS" "$OUT_JSON" "$status" "$LOG" "$WORK/read-dump.json"
echo "jekyll_site_urls.sh: $pass build pass(es), ${elapsed}s, permalink=$PERMALINK timezone=$TIMEZONE render=$WANT_RENDER" >&2
[ "$status" = ok ] || exit 2
