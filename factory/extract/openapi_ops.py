"""Scopes a spec names outside its security schemes: per operation, and in prose.

Some specs declare an oauth2 scheme with an empty ``scopes`` map (or none at all) and name
the scopes elsewhere:

- per operation, in ``security`` requirements on an oauth2 scheme, in vendor extensions
  (``x-<vendor>-scopes``, ``x-<vendor>-scope``, ``x-<vendor>-requires-scope(s)``,
  ``x-<vendor>-oauth2-scopes``; a string, a list of strings, a list of objects with a
  ``name``/``scope`` field, or Atlassian's ``[{state, scopes: [...]}]``), and in description
  lines such as "Requires scope `a`" or "Scoped OAuth requires: `a`, `b`";
- in the prose of a schema, property or parameter description that has scope context
  ("Currently accepted values are:" followed by one `` `token` text`` line per scope, or
  "one of `read`, `write` or `read_write`").

``operation_scopes`` and ``prose_scopes`` read them; the OpenAPI extractor turns them into
records (empty descriptions unless the prose gives one) only when no scheme declares
scopes, and says so in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from factory.extract.spec_text import description_version
from factory.extract.text import looks_like_scope, mentions_scopes
from factory.models import ScopeRecord

__all__ = [
    "OperationScope",
    "ProseScope",
    "description_scopes",
    "is_vendor_scope_key",
    "operation_scopes",
    "prose_scopes",
    "required_warnings",
    "scope_shaped",
    "undeclared_records",
    "vendor_scopes",
]

_VENDOR_KEY = re.compile(r"^x-[\w.-]*scopes?$", re.IGNORECASE)
_NAME_FIELDS = ("name", "scope", "value", "id")
_CODE = r"`([^`\n]{1,200})`"
_CODE_RUN = r"(`[^`\n]{1,200}`(?:\s*(?:,|\band\b|\bor\b|/|\|)\s*`[^`\n]{1,200}`)*)"
# "Requires scope `a`", "Scoped OAuth requires: `a`", "Required scopes: `a`, `b`".
_SCOPE_THEN_CODE = re.compile(r"\bscope[sd]?\b[^`\n.;,]{0,40}?" + _CODE_RUN, re.IGNORECASE)
# "requires the `a` scope", "needs `a` or `b` scopes".
_CODE_THEN_SCOPE = re.compile(
    r"\b(?:requir\w*|needs?|must\s+have|with)\s+(?:the\s+|an?\s+)?"
    + _CODE_RUN
    + r"\s+(?:OAuth\s+)?scopes?\b",
    re.IGNORECASE,
)
# The lead of an enumeration of values: "Currently accepted values are:", "one of".
_LEAD = re.compile(
    r"\b(?:one\s+of|(?:accepted|allowed|possible|valid|supported|available|permitted)\s+"
    r"(?:values|scopes|options)|values?\s+(?:are|is|include)|(?:following|these)\s+scopes)"
    r"(?:\s+(?:are|is|include|includes))?(?:\s+the\s+following)?\s*:?",
    re.IGNORECASE,
)
_LINE_ITEM = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?" + _CODE + r"\s*(?:[:\u2013\u2014-]\s*)?(.*)$"
)
_CODE_TOKEN = re.compile(_CODE)
_PLACEHOLDER = re.compile(r"\{[^{}\s]+\}|<[^<>]+>|\[[^\[\]]+\]")
_SCOPE_WORD = re.compile(r"\bscopes?\b", re.IGNORECASE)
_OAUTH = re.compile(r"\b(oauth\w*|access\s+tokens?|tokens?|authori[sz]\w*)\b", re.IGNORECASE)


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


@dataclass(frozen=True, slots=True)
class ProseScope:
    """A scope enumerated in a description: name, the text of its line, and where."""

    name: str
    description: str | None
    pointer: str
    lead: str


def is_vendor_scope_key(key: str) -> bool:
    """Whether an operation key is a vendor extension that lists scopes."""
    return bool(_VENDOR_KEY.match(key))


def scope_shaped(token: str) -> bool:
    """A scope token, placeholders and wildcards allowed as written.

    ``files:{fileId}:read``, ``role:<name>:<namespace>``, ``urn:x:device:[device id]`` and
    ``api:*`` are scope templates: each placeholder counts as one token character.
    """
    token = token.strip()
    fixed = _PLACEHOLDER.sub("", token)
    return bool(re.search(r"[A-Za-z0-9]", fixed)) and looks_like_scope(_PLACEHOLDER.sub("x", token))


def _split_names(text: str) -> list[str]:
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    return parts if parts and all(scope_shaped(p) for p in parts) else []


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
            if isinstance(value.get(key), str) and scope_shaped(value[key]):
                yield value[key].strip(), own
                return
        if "scopes" in value:
            yield from vendor_scopes(value["scopes"], own)


def description_scopes(text: str) -> list[str]:
    """Scopes an operation's description says it requires ("Requires scope `a`")."""
    found: list[str] = []
    for pattern in (_SCOPE_THEN_CODE, _CODE_THEN_SCOPE):
        for match in pattern.finditer(text):
            for token in _CODE_TOKEN.findall(match.group(1)):
                token = token.strip()
                if scope_shaped(token) and token not in found:
                    found.append(token)
    return found


def operation_scopes(
    root_security: Any, ops: list[tuple[str, dict[str, Any]]], non_oauth: set[str]
) -> dict[str, OperationScope]:
    """Every scope operations name, in first-seen order.

    Args:
        root_security: The spec's top-level ``security`` list.
        ops: ``("GET /path", operation)`` pairs.
        non_oauth: Names of the schemes that are neither oauth2 nor openIdConnect: OpenAPI
            3.1 lets requirements on those list roles, which are not scopes.
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
                    if scheme not in non_oauth and isinstance(names, list):
                        for name in names:
                            note(str(name), label, "security")
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


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _described(root: Any) -> Iterator[tuple[str, str, str]]:
    """(pointer, owner label, description) for every description holding a code span.

    The owner label is what names the described thing: the last keys of its path plus its
    ``name``/``title`` (a parameter's name is not in its pointer). Iterative, with paths
    built only for the descriptions it yields: a 5 MB spec has ~100k nodes.
    """
    # Each entry is (node, link) where link = (parent link, key): paths cost nothing until a
    # description is yielded.
    stack: list[tuple[Any, Any]] = [(root, None)]
    push, pop = stack.append, stack.pop
    while stack:
        node, link = pop()
        if isinstance(node, dict):
            text = node.get("description")
            if isinstance(text, str) and "`" in text:
                path = _path(link)
                names = [n for n in (node.get("name"), node.get("title")) if isinstance(n, str)]
                pointer = "".join(f"/{_escape(p)}" for p in (*path, "description"))
                yield pointer, " ".join([*path[-3:], *names]), text
            items: Any = reversed(node.items())  # pushed reversed: popped in document order
        elif isinstance(node, list):
            items = zip(range(len(node) - 1, -1, -1), reversed(node), strict=True)
        else:
            continue
        for key, value in items:
            if isinstance(value, (dict, list)) and value:
                push((value, (link, key)))


def _path(link: Any) -> list[str]:
    out: list[str] = []
    while link is not None:
        link, key = link
        out.append(str(key))
    return out[::-1]


def _enumeration(text: str) -> tuple[str, list[tuple[str, str | None]]] | None:
    """(lead, [(name, description)]) of the first enumeration of code tokens in ``text``."""
    for lead in _LEAD.finditer(text):
        rest = text[lead.end() :]
        after = rest.lstrip(" :")
        if after.startswith("\n") or not after:
            # A value per line: "`a` allows ...", "- `b`: ...", until a line that is not one.
            items: list[tuple[str, str | None]] = []
            for line in after.split("\n"):
                if not line.strip():
                    if items:
                        break
                    continue
                item = _LINE_ITEM.match(line)
                if item is None or not scope_shaped(item.group(1)):
                    break
                items.append((item.group(1).strip(), item.group(2).strip() or None))
            if len(items) >= 2:
                return lead.group(0), items
            continue
        run = re.match(r"\s*" + _CODE_RUN, after)
        if run is not None:
            names = [t.strip() for t in _CODE_TOKEN.findall(run.group(1))]
            if len(names) >= 2 and all(scope_shaped(n) for n in names):
                return lead.group(0), [(n, None) for n in names]
    return None


def _talks_about_oauth_scopes(text: str) -> bool:
    """The word "scope(s)" in its access sense beside an OAuth/token word ("permissions"
    alone is not enough: a repository role such as `maintain` is a permission, not a scope)."""
    return bool(_SCOPE_WORD.search(text)) and mentions_scopes(text) and bool(_OAUTH.search(text))


def prose_scopes(root: dict[str, Any]) -> list[ProseScope]:
    """Scopes enumerated in descriptions with scope context, in document order.

    A description counts when its owner (schema, property, parameter) is named after scopes
    (``OAuthScope``, a ``scope`` parameter) or the description itself talks about scopes and
    access (OAuth, tokens, permissions); the
    enumeration must follow a lead ("accepted values are", "one of") and hold two or more
    code tokens. A lone code token in prose is not a list.
    """
    out: list[ProseScope] = []
    seen: set[str] = set()
    for pointer, owner, text in _described(root):
        if "scope" not in owner.lower() and not _talks_about_oauth_scopes(text):
            continue
        found = _enumeration(text)
        if found is None:
            continue
        lead, items = found
        for name, desc in items:
            if name not in seen:
                seen.add(name)
                out.append(ProseScope(name, desc, pointer, lead.strip()))
    return out


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
