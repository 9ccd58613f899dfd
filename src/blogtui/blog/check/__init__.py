"""Front-matter rules: one judgement for the editor (before a save) and for `blogtui check`.

Real Jekyll 4.3.1 is the reference (tests/golden/check-*.json). The house rule: an *error* when
Jekyll fails the build, skips the file, drops its front matter, or publishes the post at a URL or
on a day the author did not write; a *warning* when Jekyll publishes it as meant but something is
off. docs/check.md lists every rule id with its severity and what Jekyll does with such a file.

- problem.py   Problem, FileReport, the collector of one file's problems
- config.py    [schema] of config.toml (required keys, types)
- dates.py     the date key: forms, offsets, Ruby's rollover
- keys.py      the other keys, misspellings, [schema] types
- filename.py  the file name (YYYY-MM-DD-slug.ext), drafts, name vs. front-matter date
- file.py      one file's text or bytes (validate_text, validate_bytes)
- files.py     many files, in worker processes for large sets; duplicate URLs (validate_files)
"""
