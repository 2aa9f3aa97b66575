"""Streaming reader and validator for canonical JSON Lines (schema ``canonical-v1``).

Files are read line by line (memory stays flat however large the file). Each non-blank line
becomes a ``dict`` or a :class:`RecordError` that names the file, the line and the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match

SCHEMA_RESOURCE = "schemas/canonical-v1.schema.json"


@dataclass(frozen=True)
class RecordError:
    """A rejected line: where it is, which field, what is wrong."""

    file: str
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: field '{self.field}': {self.message}"
        return f"{where}: {self.message}"


class RawLine(NamedTuple):
    path: Path
    line_no: int
    text: str  # the line without its newline (decoded; undecodable bytes replaced)
    end_offset: int  # bytes read so far, for progress
    decode_error: str | None = None


# --------------------------------------------------------------------------- schema


def load_schema() -> dict[str, Any]:
    text = resources.files("tinnhiem").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    # The stdlib checks: jsonschema's own date-time check needs an optional package.
    checker = FormatChecker(formats=())
    checker.checks("date-time")(_is_datetime)
    checker.checks("date")(_is_date)
    return checker


# --------------------------------------------------------------------------- fast path
#
# jsonschema is the authority and writes the error messages, but it costs ~100-200 µs per
# record. Valid records (nearly all of them) are accepted by a checker compiled from the same
# (inlined) schema; anything it does not accept goes to jsonschema. The compiler knows only
# the keywords the canonical schema uses and refuses others, so it can never be laxer.

_Check = Callable[[Any], bool]
_IGNORED = {"description", "title", "$schema", "$id", "$comment"}
_TYPES: dict[str, _Check] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}
_FORMATS: dict[str, _Check] = {"date-time": _is_datetime, "date": _is_date}


class _Unsupported(Exception):
    pass


def _compile(schema: dict[str, Any]) -> _Check:  # noqa: C901 - one branch per keyword
    checks: list[_Check] = []
    for keyword, value in schema.items():
        if keyword in _IGNORED:
            continue
        if keyword == "type":
            types = [_TYPES[t] for t in ([value] if isinstance(value, str) else value)]
            checks.append(lambda v, types=types: any(t(v) for t in types))
        elif keyword in ("enum", "const"):
            allowed = frozenset(value if keyword == "enum" else [value])
            if not all(isinstance(a, str) for a in allowed):
                raise _Unsupported(keyword)
            checks.append(lambda v, allowed=allowed: isinstance(v, str) and v in allowed)
        elif keyword == "required":
            checks.append(lambda v, names=tuple(value): not isinstance(v, dict) or all(n in v for n in names))
        elif keyword == "properties":
            props = {name: _compile(sub) for name, sub in value.items()}
            checks.append(lambda v, props=props: not isinstance(v, dict)
                          or all(props[k](x) for k, x in v.items() if k in props))
        elif keyword == "additionalProperties":
            if value is not False:
                raise _Unsupported(keyword)
            known = frozenset(schema.get("properties", {}))
            checks.append(lambda v, known=known: not isinstance(v, dict) or known.issuperset(v))
        elif keyword in ("minLength", "maxLength"):
            low, high = (value, None) if keyword == "minLength" else (None, value)
            checks.append(lambda v, low=low, high=high: not isinstance(v, str)
                          or ((low is None or len(v) >= low) and (high is None or len(v) <= high)))
        elif keyword == "pattern":
            compiled = re.compile(value)
            checks.append(lambda v, c=compiled: not isinstance(v, str) or c.search(v) is not None)
        elif keyword == "format":
            fmt = _FORMATS[value]
            checks.append(lambda v, fmt=fmt: not isinstance(v, str) or fmt(v))
        elif keyword == "minimum":
            checks.append(lambda v, m=value: not _TYPES["number"](v) or v >= m)
        elif keyword == "maxItems":
            checks.append(lambda v, m=value: not isinstance(v, list) or len(v) <= m)
        elif keyword == "items":
            item = _compile(value)
            checks.append(lambda v, item=item: not isinstance(v, list) or all(item(x) for x in v))
        elif keyword == "oneOf":
            options = [_compile(sub) for sub in value]
            checks.append(lambda v, options=options: sum(1 for o in options if o(v)) == 1)
        else:
            raise _Unsupported(keyword)
    return lambda v: all(check(v) for check in checks)


@cache
def _fast_checks() -> dict[str, _Check]:
    defs = load_schema()["$defs"]
    compiled = {}
    for kind in _validators()[1]:
        try:
            compiled[kind] = _compile(_inline_refs(defs[kind], defs))
        except (_Unsupported, KeyError):  # a schema change the fast path does not know: use jsonschema
            pass
    return compiled


@cache
def _validators() -> tuple[Draft202012Validator, dict[str, Draft202012Validator]]:
    """The full-schema validator and one validator per kind (much faster: no if/then chain)."""
    schema = load_schema()
    checker = _format_checker()
    root = Draft202012Validator(schema, format_checker=checker)
    defs = schema["$defs"]
    per_kind = {
        kind: Draft202012Validator(_inline_refs(defs[kind], defs), format_checker=checker)
        for kind in schema["properties"]["kind"]["enum"]
    }
    return root, per_kind


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local ``{"$ref": "#/$defs/x"}`` by the definition (the schema has no cycles);
    resolving references at validation time costs more than the rest of the validation."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline_refs(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value, defs) for value in node]
    return node


def _path(parts) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _field_and_message(error: ValidationError) -> tuple[str | None, str]:
    parts = list(error.absolute_path)
    instance = error.instance
    message = error.message
    if error.validator == "required" and isinstance(instance, dict):
        missing = [p for p in error.validator_value if p not in instance]
        if missing:
            parts.append(missing[0])
            message = "is required but missing"
    elif error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        if extra:
            parts.append(extra[0])
            message = "is not a known field" + (f" (also unexpected: {', '.join(extra[1:])})" if extra[1:] else "")
    elif error.validator == "maxLength" and isinstance(instance, str):
        message = f"is too long ({len(instance):,} characters, at most {error.validator_value:,})"
    elif error.validator == "maxItems" and isinstance(instance, list):
        message = f"has too many items ({len(instance):,}, at most {error.validator_value:,})"
    shown = repr(instance)
    if len(message) > 300 and len(shown) > 80 and message.startswith(shown):
        message = shown[:76] + "…" + shown[-1] + message[len(shown):]  # (the value shortened, not what is wrong)
    if len(message) > 300:
        message = message[:297] + "..."
    return (_path(parts) or None), message


def validate_record(record: object, *, file: str, line: int) -> RecordError | None:
    """``None`` when ``record`` is a valid canonical record, else the (best) error."""
    if not isinstance(record, dict):
        return RecordError(file, line, None, f"expected a JSON object, got {type(record).__name__}")
    kind = record.get("kind")
    fast = _fast_checks().get(kind) if isinstance(kind, str) else None
    if fast is not None and fast(record):
        return _across_fields(record, file, line)
    root, per_kind = _validators()
    validator = per_kind.get(kind) if isinstance(kind, str) else None
    if validator is None:
        validator = root
    error = best_match(validator.iter_errors(record))
    if error is None:
        return _across_fields(record, file, line)
    field, message = _field_and_message(error)
    return RecordError(file, line, field, message)


def _across_fields(record: dict, file: str, line: int) -> RecordError | None:
    """What the schema cannot say of a schema-valid record: a transcript segment ends no earlier
    than it starts (reversed times are an exporter's error, and evidence times come from them)."""
    if record["kind"] == "post" and isinstance(record.get("transcript"), list):
        for i, segment in enumerate(record["transcript"]):
            if segment["end"] < segment["start"]:
                return RecordError(file, line, f"transcript[{i}].end",
                                   f"{segment['end']} is before the segment's start {segment['start']}")
    return None


# --------------------------------------------------------------------------- reading


def iter_lines(path: str | Path) -> Iterator[RawLine]:
    """Non-blank lines of ``path`` with their 1-based number and the byte offset reached."""
    path = Path(path)
    offset = 0
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            offset += len(raw)
            error = None
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = raw.decode("utf-8", errors="replace")
                error = f"not valid UTF-8 (byte {exc.start})"
            if line_no == 1 and text.startswith("\ufeff"):
                text = text[1:]
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            yield RawLine(path, line_no, text, offset, error)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_line(raw: RawLine) -> dict[str, Any] | RecordError:
    """Decode one line as JSON (no schema validation)."""
    file = str(raw.path)
    if raw.decode_error:
        return RecordError(file, raw.line_no, None, raw.decode_error)
    try:
        value = json.loads(raw.text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return RecordError(file, raw.line_no, None, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except ValueError as exc:
        return RecordError(file, raw.line_no, None, f"invalid JSON: {exc}")
    if not isinstance(value, dict):
        return RecordError(file, raw.line_no, None, f"expected a JSON object, got {type(value).__name__}")
    if "\\u0000" in raw.text:  # PostgreSQL cannot store NUL in text: refuse it everywhere
        where = _find(value, [], _has_nul)
        if where is not None:
            return RecordError(file, raw.line_no, _path(where) or None, "contains a NUL character (\\u0000)")
    surrogate = unpaired_surrogate(value, raw.text)
    if surrogate is not None:
        return RecordError(file, raw.line_no, surrogate[0] or None, surrogate[1])
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired_surrogate(value: Any, line: str) -> tuple[str, str] | None:
    """``(field path, message)`` for the first string of a decoded JSON line that holds an
    unpaired UTF-16 surrogate, else ``None``. JSON's "\\ud83d" escape decodes to one, and it is
    no Unicode character: no text can be stored, hashed or written as UTF-8 with it (it is
    often half of an emoji cut off by the source). ``line``: the raw line (only a line with a
    "\\ud…" escape is searched; a pair such as "\\ud83d\\ude00" decodes to one emoji)."""
    if "\\ud" not in line and "\\uD" not in line:
        return None
    seen: list[str] = []

    def bad(s: str) -> bool:
        found = _SURROGATE.search(s)
        if found is not None:
            seen.append(found.group())
        return found is not None

    where = _find(value, [], bad)
    if where is None:
        return None
    return _path(where), (f"contains an unpaired surrogate (\\u{ord(seen[0]):04x}), which is not a "
                          f"Unicode character (often half of an emoji cut off by the source): re-export the text")


def _has_nul(s: str) -> bool:
    return "\x00" in s


def _find(value: Any, path: list, bad: Callable[[str], Any]) -> list | None:
    """The path to the first string (value or key) for which ``bad`` holds, else ``None``."""
    if isinstance(value, str):
        return path if bad(value) else None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and bad(key):
            return [*path, key]
        found = _find(item, [*path, key], bad)
        if found is not None:
            return found
    return None


def iter_jsonl(path: str | Path, *, validate: bool = True) -> Iterator[tuple[Path, int, dict[str, Any] | RecordError]]:
    """``(path, line_no, record | RecordError)`` for each non-blank line, streaming.

    With ``validate`` the record is also checked against the canonical schema.
    """
    for raw in iter_lines(path):
        value = parse_line(raw)
        if validate and isinstance(value, dict):
            error = validate_record(value, file=str(raw.path), line=raw.line_no)
            if error is not None:
                value = error
        yield raw.path, raw.line_no, value
