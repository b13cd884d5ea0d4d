"""Scope lists held in component props and element attributes (MDX/JSX, HTML data attributes).

Docs sites built on MDX often keep a page's scope list in a component's props rather than in
the page text: ``<Scopes scopes="orders.read,orders.write" />``, ``scope={["a", "b"]}``,
``<ScopeTable scopes={[{name: "a", description: "..."}]} />``, or one component per scope
(``<Scope name="a" description="..." />``). HTML pages do the same with data attributes
(``<div data-scopes="a b">``). The rendered site shows them as a list or a table; the source
shows only the attribute. This module reads such props as data (JS literals are parsed as JSON,
else as YAML flow collections; nothing is executed) and writes them back as the plain
``Scope | Description`` table the site renders, which the HTML engine then reads.

A prop counts when its name speaks of scopes (``scopes``, ``requiredScopes``,
``data-permissions`` ...) and every value in it is scope-shaped, or when the component's name
does (``Scope``, ``PermissionRow``) and a ``name``/``value``/``id`` prop holds one token.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import yaml
from markdown_it import MarkdownIt

from factory.extract.text import closing_bracket, looks_like_scope, normalize_ws
from factory.safeload import ShapeError, loads_json, loads_yaml

__all__ = [
    "Entry",
    "balanced_end",
    "parse_props",
    "parse_value",
    "prop_entries",
    "replace_scope_components",
    "scope_table_html",
]

Entry = tuple[str, str | None]  # (scope token, description)

# ``scopes``, ``data-scopes``, ``required_scopes``, camelCase ``requiredScopes``; not ``itemscope``.
_SCOPE_PROP = re.compile(
    r"(?:^|[-_:])(?i:scopes?|permissions?|grants?)$|(?<=[a-z])(?:Scopes?|Permissions?|Grants?)$"
)
_SCOPE_COMPONENT = re.compile(r"(scope|permission)", re.I)
_NAME_KEYS = ("scope", "name", "value", "id", "key", "permission")
_DESC_KEYS = ("description", "desc", "definition", "summary", "details", "help", "label")
_PROP = re.compile(r"([A-Za-z_:][\w:.-]*)(?:\s*=\s*)?")
_SPLIT = re.compile(r"[\s,]+")
# Words of a sentence: a value holding one is prose ("Read everything you own").
_PROSE = re.compile(
    r"^[A-Z][a-z]+\s|\b(the|a|an|and|or|of|to|you|your|all|this|that|with|for|is|are)\b"
)
_TEMPLATE = re.compile(r"`([^`$]*)`")
_MAX_CHILDREN = 2000
_TAGS = re.compile(r"<[^>]+>")
_INLINE = MarkdownIt("commonmark")
_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")
_EXPORT = re.compile(r"^export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?=[\[{])", re.M)
_PARTIAL = re.compile(r"^import\s+([A-Za-z_$][\w$]*)\s+from\s+[\"']([^\"']+\.mdx?)[\"']")
_IMPORT = re.compile(r"^import\s[^;]*?\sfrom\s+[\"'][^\"']+[\"'];?[ \t]*$", re.M)
_MAX_VALUE = 200_000
_COMPONENT_START = re.compile(r"<([A-Z][\w.]*)(?=[\s/>])")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)", re.M)


def parse_props(text: str) -> dict[str, str]:
    """Props of a JSX/HTML opening tag's attribute text, values as written (unparsed).

    ``a="x"`` and ``a='x'`` give ``x``; ``a={expr}`` gives ``{expr}`` (braces kept, nested
    braces and quoted braces balanced); a bare ``a`` gives ``""``.
    """
    props: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        match = _PROP.match(text, i)
        if match is None:
            i += 1
            continue
        name, i = match.group(1), match.end()
        if "=" not in match.group(0):
            props[name] = ""
            continue
        if i < n and text[i] in "\"'":
            end = text.find(text[i], i + 1)
            end = n if end < 0 else end
            props[name] = html.unescape(text[i + 1 : end])
            i = end + 1
        elif i < n and text[i] == "{":
            end = balanced_end(text, i)
            props[name] = text[i:end]
            i = end
    return props


def balanced_end(text: str, start: int) -> int:
    """The index just after the bracket that closes the one at ``start`` (``{`` or ``[``;
    quotes respected); the text's end when none does."""
    close = closing_bracket(text, start)
    return len(text) if close is None else close + 1


def parse_value(raw: str, bindings: Mapping[str, Any] | None = None) -> Any:
    """A prop value as data: a string as written, ``{literal}`` parsed, ``{name}`` looked up
    in ``bindings`` (the page's ``export const``); None when it is code."""
    if not raw.startswith("{"):
        return raw
    body = raw[1:-1].strip()
    if not body or len(body) > _MAX_VALUE:
        return None
    if _IDENTIFIER.match(body):
        return (bindings or {}).get(body)
    if body[0] not in "[{\"'`":
        return None  # a call, an operator, a JSX element: code, not data
    value = _literal(body)
    if isinstance(value, str) and body[0] not in "\"'`":
        return None
    return value


def _literal(body: str) -> Any:
    body = _TEMPLATE.sub(lambda m: json.dumps(m.group(1)), body)
    try:
        return loads_json(body)  # bounded: page text may nest without end
    except ShapeError:
        return None
    except ValueError:
        pass
    try:
        return loads_yaml(body)  # bounded: an alias bomb is refused, not walked
    except (ValueError, yaml.YAMLError):
        return None


def prop_entries(
    component: str, props: Mapping[str, str], bindings: Mapping[str, Any] | None = None
) -> list[Entry]:
    """The scopes a component's (or element's) props hold, in order; [] when none.

    Args:
        component: The component or element name (``Scopes``, ``div``).
        props: From ``parse_props`` (or an element's attributes).
        bindings: Constants the page exports (``export const SCOPES = [...]``), by name.
    """
    lowered = {k.lower().removeprefix("data-"): v for k, v in props.items()}
    desc = next((lowered[k] for k in _DESC_KEYS if lowered.get(k)), None)
    for name, raw in props.items():
        if not _SCOPE_PROP.search(name):
            continue
        value = parse_value(raw, bindings)
        if isinstance(value, str) and not name.lower().endswith("s"):
            value = [value]  # one scope ("Click here" is not two)
        if found := _entries(value):
            if len(found) == 1 and found[0][1] is None and isinstance(desc, str):
                return [(found[0][0], normalize_ws(desc))]
            single = not name.lower().endswith("s")
            if (
                single
                and len(found) == 1
                and found[0][1] is None
                and not _SCOPE_COMPONENT.search(component)
            ):
                # one bare token in a singular attribute of a button or badge
                # (``data-permission="write"``) is what a control needs, not a scope listed
                continue
            return found
    if not _SCOPE_COMPONENT.search(component):
        return []
    token = next((lowered[k] for k in _NAME_KEYS if k in lowered), None)
    if token is None or not isinstance(token, str) or not looks_like_scope(token.strip()):
        return []
    return [(token.strip(), normalize_ws(desc) if isinstance(desc, str) else None)]


def _entries(value: Any) -> list[Entry]:
    """Tokens of a prop value: a separated string, a list of strings, of objects, or a map."""
    items: list[Entry] = []
    if isinstance(value, str):
        words = [t for t in _SPLIT.split(value.strip()) if t]
        if "," not in value and _PROSE.search(value):
            return []  # a sentence, not a space-separated scope list
        items = [(t, None) for t in words]
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                items.append((item.strip(), None))
            elif isinstance(item, dict):
                found = _object_entry(item)
                if found is None:
                    return []
                items.append(found)
            elif _pair(item):  # ["a.read", "Read a."]
                items.append((item[0].strip(), normalize_ws(item[1]) or None))
            else:
                return []
    elif isinstance(value, dict):
        for key, child in value.items():
            desc = child if isinstance(child, str) else None
            if isinstance(child, dict):
                desc = next((child[k] for k in _DESC_KEYS if isinstance(child.get(k), str)), None)
            items.append((str(key), normalize_ws(desc) if desc else None))
    if not items or not all(looks_like_scope(token) for token, _ in items):
        return []
    return items


def _pair(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(part, str) for part in item)


def _object_entry(item: dict[Any, Any]) -> Entry | None:
    lowered = {str(k).lower(): v for k, v in item.items()}
    token = next((lowered[k] for k in _NAME_KEYS if isinstance(lowered.get(k), str)), None)
    if token is None:
        return None
    desc = next((lowered[k] for k in _DESC_KEYS if isinstance(lowered.get(k), str)), None)
    return token.strip(), (normalize_ws(desc) if desc else None)


def scope_table_html(entries: list[Entry], source: str) -> str:
    """The ``Scope | Description`` table a site renders from the entries (one HTML line each).

    Args:
        entries: From ``prop_entries``.
        source: Where the entries came from (component or element name), kept as an attribute.
    """
    rows = "".join(
        f"<tr><td><code>{html.escape(token)}</code></td><td>{html.escape(desc or '')}</td></tr>\n"
        for token, desc in entries
    )
    return (
        f'<table data-props-of="{html.escape(source)}">\n'
        "<thead><tr><th>Scope</th><th>Description</th></tr></thead>\n"
        f"<tbody>\n{rows}</tbody>\n</table>"
    )


def replace_scope_components(text: str) -> tuple[str, list[str]]:
    """MDX with every component that holds scopes in its props replaced by their table.

    Components may span lines (props hold multi-line arrays); code fences are left alone.
    Constants the page exports (``export const SCOPES = [...]``) are read as data and their
    statements removed, with multi-line imports, so that ``scopes={SCOPES}`` resolves and no
    line of the literal is left as page text.
    A run of such components with only blank space between them becomes one table. One scope
    without a description prop takes its children's text as the description
    (``<Scope name="a">Read *a*.</Scope>``); other children stay (their closing tag is
    handled as any other box).

    Returns:
        The text, and the Markdown partials the page imports and uses (``import Intro from
        './_intro.mdx'`` then ``<Intro />``): their content is not in this copy.
    """
    text, bindings, partials = _exports(text)
    used = [path for name, path in partials.items() if re.search(rf"<{name}[\s/>]", text)]
    out: list[str] = []
    pos = 0
    fences = [m.start() for m in _FENCE.finditer(text)]
    pending: list[Entry] = []
    pending_name = ""
    for start, end, name, props, closed in _components(text, fences):
        entries = [] if start < pos else prop_entries(name, parse_props(props), bindings)
        if not entries:
            continue
        between = text[pos:start]
        if pending and between.strip():
            out.append("\n\n" + scope_table_html(pending, pending_name) + "\n\n")
            pending = []
        if not pending:
            out.append(between)
        pending_name = pending_name if pending else name
        if not closed and (described := _children_description(text, end, name, entries)):
            entries, end, closed = described
        pending.extend(entries)
        pos = end
        if not closed:  # children follow: flush, and let the box keep them
            out.append("\n\n" + scope_table_html(pending, pending_name) + "\n\n")
            out.append(f"<{name}>")
            pending = []
    if pending:
        out.append("\n\n" + scope_table_html(pending, pending_name) + "\n\n")
    out.append(text[pos:])
    return "".join(out), used


def _children_description(
    text: str, end: int, name: str, entries: list[Entry]
) -> tuple[list[Entry], int, bool] | None:
    """(entries with the children's text as description, end after the closing tag, True)."""
    if len(entries) != 1 or entries[0][1] is not None:
        return None
    close = text.find(f"</{name}>", end)
    children = text[end:close] if close >= 0 else ""
    if not children.strip() or len(children) > _MAX_CHILDREN or _COMPONENT_START.search(children):
        return None
    rendered = _INLINE.renderInline(" ".join(children.split()))
    desc = normalize_ws(html.unescape(_TAGS.sub("", rendered)))
    return [(entries[0][0], desc or None)], close + len(name) + 3, True


def _exports(text: str) -> tuple[str, dict[str, Any], dict[str, str]]:
    """The text without its top-level exports of literals and its imports, the literals, and
    the Markdown partials imported (name -> path)."""
    fences = [m.start() for m in _FENCE.finditer(text)]
    bindings: dict[str, Any] = {}
    cuts: list[tuple[int, int]] = []
    for match in _EXPORT.finditer(text):
        if sum(1 for f in fences if f < match.start()) % 2:
            continue
        end = balanced_end(text, match.end())
        bindings[match.group(1)] = _literal(text[match.end() : end])
        end += 1 if text[end : end + 1] == ";" else 0
        cuts.append((match.start(), end))
    partials: dict[str, str] = {}
    for match in _IMPORT.finditer(text):
        if sum(1 for f in fences if f < match.start()) % 2:
            continue
        cuts.append((match.start(), match.end()))
        if partial := _PARTIAL.match(match.group(0)):
            partials[partial.group(1)] = partial.group(2)
    for start, end in sorted(cuts, reverse=True):
        text = text[:start] + text[end:]
    return text, bindings, partials


def _components(text: str, fences: list[int]) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, name, prop text, self-closing) of component opening tags outside fences."""
    found: list[tuple[int, int, str, str, bool]] = []
    for match in _COMPONENT_START.finditer(text):
        if sum(1 for f in fences if f < match.start()) % 2:
            continue  # inside a code fence
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text.count("`", line_start, match.start()) % 2:
            continue  # inside a code span: an example of the component, not a use
        i, quote = match.end(), ""
        while i < len(text):
            char = text[i]
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "{":
                i = balanced_end(text, i) - 1
            elif char == ">":
                break
            i += 1
        if i >= len(text):
            continue
        props = text[match.end() : i]
        closed = props.rstrip().endswith("/")
        found.append((match.start(), i + 1, match.group(1), props.rstrip().rstrip("/"), closed))
    return found
