"""A blog's own tightening of the rules: ``[schema]`` of config.toml (required keys, types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from blogtui.blog.check.dates import parse_date_string

# -- configuration ([schema] in config.toml) -------------------------------------------------------

#: type name in config.toml -> (test, words for the message)
TYPES: dict[str, tuple[Any, str]] = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "a number"),
    "date": (
        lambda v: (
            isinstance(v, (date, datetime))
            or (isinstance(v, str) and parse_date_string(v)[0] is not None)
        ),
        "a date",
    ),
    "list": (lambda v: isinstance(v, list), "a list"),
    "list of strings": (
        lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "a list of strings",
    ),
    "string or list": (
        lambda v: (
            isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))
        ),
        "a string or a list of strings",
    ),
}
_TYPE_ALIASES = {
    "str": "string",
    "boolean": "bool",
    "integer": "int",
    "float": "number",
    "strings": "list of strings",
    "datetime": "date",
}


@dataclass(frozen=True, slots=True)
class SchemaConfig:
    """A blog's own tightening of the rules: required keys and types for (custom) keys."""

    required: tuple[str, ...] = ()
    types: dict[str, str] = field(default_factory=dict)
    #: entries of [schema] that could not be understood (shown as warnings, never fatal)
    problems: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, schema: dict[str, Any] | None) -> SchemaConfig:
        schema = schema or {}
        problems: list[str] = []
        required: list[str] = []
        raw_required = schema.get("required", [])
        if isinstance(raw_required, list) and all(isinstance(k, str) for k in raw_required):
            required = list(raw_required)
        else:
            problems.append('[schema] required must be a list of key names, e.g. ["title", "date"]')
        types: dict[str, str] = {}
        for key, value in schema.items():
            if key == "required":
                continue
            name = (
                _TYPE_ALIASES.get(str(value).strip().lower(), str(value).strip().lower())
                if isinstance(value, str)
                else None
            )
            if name in TYPES:
                types[key] = name
            else:
                known = ", ".join(f'"{t}"' for t in TYPES)
                problems.append(f"[schema] {key} = {value!r}: unknown type (use one of {known})")
        return cls(tuple(required), types, tuple(problems))


DEFAULT_CONFIG = SchemaConfig()


def required_keys(config: SchemaConfig, draft: bool) -> tuple[str, ...]:
    """Required keys; a draft's date is set when it is published, so a draft never needs one."""
    return tuple(k for k in config.required if not (draft and k == "date"))
