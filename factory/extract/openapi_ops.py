"""Scopes a spec names outside its security schemes: per operation (and, via
``openapi_prose``, in schema and parameter prose).

Some specs declare an oauth2 scheme with an empty ``scopes`` map (or none at all) and name
the scopes elsewhere:

- per operation, in ``security`` requirements on an oauth2 scheme, in vendor extensions
  (``x-<vendor>-scopes``, ``x-<vendor>-scope``, ``x-<vendor>-requires-scope(s)``,
  ``x-<vendor>-oauth2-scopes``, ``x-<vendor>-permission(s)``; a string, a list of strings,
  a list of objects with a ``name``/``scope`` field, or Atlassian's
  ``[{state, scopes: [...]}]``), and in description lines such as "Requires scope `a`"
  or "Scoped OAuth requires: `a`, `b`";
- in the prose of a schema, property or parameter description that has scope context
  ("Currently accepted values are:" followed by one `` `token` text`` line per scope, or
  "one of `read`, `write` or `read_write`").

``operation_scopes`` and ``openapi_prose.prose_scopes`` read them; the OpenAPI extractor
turns them into records (empty descriptions unless the prose gives one) only when no scheme
declares scopes, and says so in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from factory.extract.openapi_prose import prose_scopes
from factory.extract.spec_text import CODE_RUN, CODE_SPAN, description_version
from factory.extract.text import looks_like_scope
from factory.models import ScopeRecord

__all__ = [
    "OperationScope",
    "description_scopes",
    "is_vendor_scope_key",
    "operation_scopes",
    "required_warnings",
    "undeclared_records",
    "vendor_scopes",
]

_VENDOR_KEY = re.compile(r"^x-[\w.-]*(?:scopes?|permissions?)$", re.IGNORECASE)
_NAME_FIELDS = ("name", "scope", "value", "id")
# "Requires scope `a`", "Scoped OAuth requires: `a`", "Required scopes: `a`, `b`".
_SCOPE_THEN_CODE = re.compile(r"\bscope[sd]?\b[^`\n.;,]{0,40}?" + CODE_RUN, re.IGNORECASE)
# "requires the `a` scope", "needs `a` or `b` scopes".
_CODE_THEN_SCOPE = re.compile(
    r"\b(?:requir\w*|needs?|must\s+have|with)\s+(?:the\s+|an?\s+)?"
    + CODE_RUN
    + r"\s+(?:OAuth\s+)?scopes?\b",
    re.IGNORECASE,
)
# The lead of an enumeration of values: "Currently accepted values are:", "one of".
_CODE_TOKEN = re.compile(CODE_SPAN)


@dataclass(slots=True)
class OperationScope:
    """A scope named by operations: where (labels) and how (the keys that named it).

    Dicts used as ordered sets: a scope can be named by thousands of operations.
    """

    name: str
    where: dict[str, None] = field(default_factory=dict)  # "GET /path" labels
    how: dict[str, None] = field(default_factory=dict)  # "security", "x-foo-scopes", ...
    state: dict[str, None] = field(default_factory=dict)

    @property
    def operations(self) -> list[str]:
        return list(self.where)

    @property
    def via(self) -> list[str]:
        return list(self.how)

    @property
    def states(self) -> list[str]:
        return list(self.state)


def is_vendor_scope_key(key: str) -> bool:
    """Whether an operation key is a vendor extension that lists scopes."""
    return bool(_VENDOR_KEY.match(key))


def _split_names(text: str) -> list[str]:
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    return parts if parts and all(looks_like_scope(p) for p in parts) else []


def vendor_scopes(value: Any, state: str | None = None) -> Iterator[tuple[str, str | None]]:
    """(scope, state) pairs from a vendor extension value, whatever its shape."""
    if isinstance(value, str):
        for name in _split_names(value):
            yield name, state
    elif isinstance(value, list):
        for entry in value:
            yield from vendor_scopes(entry, state)
    elif isinstance(value, dict):
        own = value.get("state") if isinstance(value.get("state"), str) else state
        for key in _NAME_FIELDS:
            if isinstance(value.get(key), str) and looks_like_scope(value[key]):
                yield value[key].strip(), own
                return
        if "scopes" in value:
            yield from vendor_scopes(value["scopes"], own)


def description_scopes(text: str) -> list[str]:
    """Scopes an operation's description says it requires ("Requires scope `a`")."""
    found: list[str] = []
    for pattern in (_SCOPE_THEN_CODE, _CODE_THEN_SCOPE):
        for match in pattern.finditer(text):
            if text.count("`", 0, match.start()) % 2:
                continue  # "`team-scope` and `x`": the word sits inside a code span
            for token in _CODE_TOKEN.findall(match.group(1)):
                token = token.strip()
                if looks_like_scope(token) and token not in found:
                    found.append(token)
    return found


def operation_scopes(
    root_security: Any,
    ops: list[tuple[str, dict[str, Any]]],
    non_oauth: set[str],
    other: dict[str, OperationScope] | None = None,
) -> dict[str, OperationScope]:
    """Every scope operations name, in first-seen order.

    Args:
        root_security: The spec's top-level ``security`` list.
        ops: ``("GET /path", operation)`` pairs.
        non_oauth: Names of the schemes that are neither oauth2 nor openIdConnect: OpenAPI
            3.1 lets requirements on those list roles, which are not scopes.
        other: Filled (when given) with the names listed under those schemes.
    """
    found: dict[str, OperationScope] = {}

    def note(name: str, label: str, via: str, state: str | None = None) -> None:
        entry = found.get(name) or found.setdefault(name, OperationScope(name))
        entry.where[label] = None
        entry.how[via] = None
        if state:
            entry.state[state] = None

    sources: list[tuple[str, Any, dict[str, Any]]] = [("root security", root_security, {})]
    sources += [(label, op.get("security"), op) for label, op in ops]
    for label, reqs, op in sources:
        if isinstance(reqs, list):
            for req in reqs:
                for scheme, names in req.items() if isinstance(req, dict) else ():
                    if not isinstance(names, list):
                        continue
                    for name in names:
                        if scheme not in non_oauth:
                            note(str(name), label, "security")
                        elif other is not None:
                            entry = other.setdefault(str(name), OperationScope(str(name)))
                            entry.where[label] = None
                            entry.how[str(scheme)] = None
        for key in op:
            if isinstance(key, str) and key[:2] == "x-" and is_vendor_scope_key(key):
                for name, state in vendor_scopes(op[key]):
                    note(name, label, key, state)
        for key in ("description", "summary"):
            text = op.get(key)
            if isinstance(text, str) and "`" in text:
                for name in description_scopes(text):
                    note(name, label, f"{key} text")
    return found


def _where(entry: OperationScope) -> str:
    """The first operation that names a scope, and how ("GET /a (x-foo-scopes)")."""
    how = "" if entry.via == ["security"] else f" ({', '.join(entry.via)})"
    return f"{entry.operations[0]}{how}"


def required_warnings(required: dict[str, OperationScope], defined: set[str]) -> list[str]:
    """One warning per scope that operations name but no scheme defines."""
    out = []
    for scope, entry in required.items():
        if scope not in defined:
            more = f" and {len(entry.operations) - 1} more" if len(entry.operations) > 1 else ""
            out.append(
                f"scope {scope!r} is required by {_where(entry)}{more} but no security scheme "
                "defines it"
            )
    return out


def undeclared_records(
    root: dict[str, Any], required: dict[str, OperationScope], url: str, *, oauth_scheme: bool
) -> tuple[list[ScopeRecord], list[str]]:
    """Records for a spec whose schemes declare no scopes: prose enumerations, then operations.

    Scopes that operations name only in their description text become records when the spec
    declares an oauth2/openIdConnect scheme (its scopes map is merely empty); without one,
    such mentions are hearsay about another auth system and are named in a warning instead.
    Security requirements and vendor extensions are explicit and always count.

    Returns:
        The records (prose ones carry their line as description; operation ones have none)
        and the warnings that say where they came from.
    """
    records: dict[str, ScopeRecord] = {}
    warnings: list[str] = []
    by_place: dict[tuple[str, str], int] = {}
    for found in prose_scopes(root):
        records[found.name] = ScopeRecord(
            scope_name=found.name,
            description=found.description,
            version=description_version(found.description),
            section=f"description at {found.pointer}",
            source_url=url,
            locator=found.pointer,
        )
        by_place[(found.pointer, found.lead)] = by_place.get((found.pointer, found.lead), 0) + 1
    for (pointer, lead), count in by_place.items():
        warnings.append(
            f"no security scheme declares scopes: {count} scope(s) read from the prose of "
            f"{pointer} ({lead!r} ...); check them against the provider's scope documentation"
        )
    from_ops = [entry for name, entry in required.items() if name not in records]
    hearsay = [e for e in from_ops if not oauth_scheme and all(v.endswith(" text") for v in e.via)]
    from_ops = [e for e in from_ops if e not in hearsay]
    if hearsay:
        names = ", ".join(repr(e.name) for e in hearsay[:10])
        more = f" and {len(hearsay) - 10} more" if len(hearsay) > 10 else ""
        warnings.append(
            f"the spec declares no OAuth scheme, yet operation descriptions name scopes "
            f"{names}{more} (first: {hearsay[0].operations[0]}): not collected; read the "
            "provider's scope documentation"
        )
    for entry in from_ops:
        shown = ", ".join(entry.operations[:3])
        more = f" and {len(entry.operations) - 3} more" if len(entry.operations) > 3 else ""
        records[entry.name] = ScopeRecord(
            scope_name=entry.name,
            description=None,
            version="/".join(entry.states) or None,
            section=f"operations ({', '.join(entry.via)})",
            source_url=url,
            locator=f"operations: {shown}{more}",
        )
    if from_ops:
        via = sorted({v for entry in from_ops for v in entry.via})
        ops = len({op for entry in from_ops for op in entry.operations})
        warnings.append(
            f"no security scheme declares scopes: {len(from_ops)} scope(s) collected from what "
            f"{ops} operation(s) require ({', '.join(via)}); the spec gives them no descriptions"
        )
    return list(records.values()), warnings
