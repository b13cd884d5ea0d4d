"""Program-source pages for ``layout_fuzz``: scope lists held as data, rendered at run time.

Three formats, invented providers only (and SDK source in seven languages, written by
``layout_fuzz_sdk``):

- ``tsx``: a React page (page chrome in JSX, a table filled by ``DATA.map(...)``) whose scopes
  are an array of objects, a map, groups of objects, or an inline prop;
- ``js-const``: a constants module with several exported arrays and maps, one the scopes;
- ``html-script-json``: a served page whose scopes sit in ``<script>`` data
  (``window.__DATA__ = ...``, ``type="application/json"``, Next.js ``__NEXT_DATA__``).

Each page carries distractor data the readers must leave alone: navigation items, routes,
error codes, feature flags and webhook events. ``code_page`` writes one page.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any, Protocol

from layout_fuzz_sdk import SDK_LAYOUTS, sdk_page
from layout_fuzz_words import ERRORS, event_names

__all__ = ["CODE_LAYOUTS", "code_page"]

CODE_LAYOUTS: dict[str, tuple[str, ...]] = {
    "tsx": ("objects", "objects-neutral", "map", "grouped", "prop"),
    "js-const": ("map", "objects", "strings", "nested"),
    "html-script-json": ("window", "json", "next"),
    **SDK_LAYOUTS,  # C#, Java, Python, PHP, Go, Ruby, Kotlin, Rust, Swift SDK source
}
_EXT = {
    "tsx": (".tsx", "text/plain"),
    "js-const": (".ts", "text/plain"),
    "html-script-json": (".html", "text/html"),
}
_SCOPE_VARS = ("SCOPES", "scopes", "oauthScopes", "PERMISSIONS", "availableScopes", "API_GRANTS")
_NEUTRAL_VARS = ("rows", "ITEMS", "tableData", "entries", "DATA")
_NAME_KEYS = ("name", "scope", "id", "key", "value")
_DESC_KEYS = ("description", "desc", "summary", "label", "text")
_FLAGS = ("new_editor", "beta_export", "dark_mode_v2", "fast_sync", "legacy_nav")
_NAV = ("overview", "quickstart", "auth_guide", "rate_limits", "changelog")


class _Ctx(Protocol):
    rng: random.Random
    provider: str
    section: str
    pairs: list[tuple[str, str]]


@dataclass(slots=True)
class _Part:
    """Some of a page's pairs, written with the page's generator."""

    rng: random.Random
    provider: str
    section: str
    pairs: list[tuple[str, str]]


def _js_string(rng: random.Random, text: str, jsx: bool = False) -> str:
    """A JS string literal of ``text``: double, single or template quotes (or JSX text)."""
    pick = rng.random()
    if jsx and pick < 0.15:
        return f"<>{text}</>"
    if pick < 0.6:
        return json.dumps(text)
    if pick < 0.85:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "`" + text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${") + "`"


def _key(name: str) -> str:
    return name if name.isidentifier() else json.dumps(name)


def _objects(c: _Ctx, indent: str, jsx: bool, keys: tuple[str, str] | None = None) -> str:
    name_key, desc_key = keys or (c.rng.choice(_NAME_KEYS), c.rng.choice(_DESC_KEYS))
    rows = [
        f"{indent}  {{ {name_key}: {json.dumps(n)}, {desc_key}: {_js_string(c.rng, d, jsx)} }},"
        for n, d in c.pairs
    ]
    return "[\n" + "\n".join(rows) + f"\n{indent}]"


def _map(c: _Ctx, indent: str) -> str:
    rows = [f"{indent}  {_key(n)}: {_js_string(c.rng, d)}," for n, d in c.pairs]
    return "{\n" + "\n".join(rows) + f"\n{indent}}}"


def _grouped(c: _Ctx) -> str:
    half = max(1, len(c.pairs) // 2)
    groups = [("Read access", c.pairs[:half]), ("Write access", c.pairs[half:])]
    parts = []
    for title, pairs in groups:
        rows = [
            f"      {{ scope: {json.dumps(n)}, description: {_js_string(c.rng, d)} }},"
            for n, d in pairs
        ]
        parts.append(
            f'  {{\n    title: "{title}",\n    scopes: [\n' + "\n".join(rows) + "\n    ],\n  },"
        )
    return "[\n" + "\n".join(parts) + "\n]"


def _distractors(rng: random.Random) -> tuple[list[str], list[str]]:
    """Declarations of data that is no scope list, and the names they hold."""
    kinds = rng.sample(["nav", "routes", "errors", "flags", "events"], rng.randint(1, 3))
    lines: list[str] = []
    names: list[str] = []
    for kind in kinds:
        if kind == "nav":
            picked = rng.sample(_NAV, 3)
            rows = ", ".join(f'{{ name: "{n}", href: "/docs/{n}" }}' for n in picked)
            lines.append(f"const NAV_ITEMS = [{rows}];")
        elif kind == "routes":
            picked = []
            lines.append('export const ROUTES = ["/", "/docs", "/docs/:slug", "/status"];')
        elif kind == "errors":
            picked = rng.sample(ERRORS, 3)
            rows = ", ".join(f'{{ code: "{e}", message: "The request failed." }}' for e in picked)
            lines.append(f"export const ERROR_CODES = [{rows}];")
        elif kind == "flags":
            picked = rng.sample(_FLAGS, 3)
            rows = ", ".join(
                f'{{ key: "{f}", description: "Turns it on for everyone." }}' for f in picked
            )
            lines.append(f"const FEATURE_FLAGS = [{rows}];")
        else:
            picked = event_names(rng, 3)
            lines.append(f"export const WEBHOOK_EVENTS = {json.dumps(picked)};")
        names += picked
    return lines, names


def _tsx(layout: str, c: _Ctx, names: list[str]) -> str:
    rng = c.rng
    var = rng.choice(_NEUTRAL_VARS if layout == "objects-neutral" else _SCOPE_VARS)
    decl, render = "", f"{var}.map((s) => <Row key={{s.id}} item={{s}} />)"
    if layout in ("objects", "objects-neutral"):
        decl = f"export const {var} = {_objects(c, '', True)};"
    elif layout == "map":
        decl = f"const {var}: Record<string, string> = {_map(c, '')} as const;"
        row = "<Row key={name} name={name} text={text} />"
        render = f"Object.entries({var}).map(([name, text]) => {row})"
    elif layout == "grouped":
        decl = f"const {var} = {_grouped(c)};"
        render = f"{var}.map((group) => <Group key={{group.title}} group={{group}} />)"
    comment = f"// {c.section} an app can request" if rng.random() < 0.5 else ""
    body = (
        f"<ScopeTable scopes={{{_objects(c, '      ', False)}}} />"
        if layout == "prop"
        else f"{{{render}}}"
    )
    other, picked = _distractors(rng)
    names += picked
    return "\n".join(
        [
            'import React from "react";',
            f'import {{ DocsPage, ScopeTable, Row, Group }} from "@{c.provider.lower()}/docs";',
            "",
            *other,
            "",
            *([comment] if comment else []),
            *([decl] if decl else []),
            "",
            "export default function Page() {",
            "  return (",
            f'    <DocsPage title="{c.provider} API">',
            f"      <h1>{c.section}</h1>",
            "      <p>Request only what your integration needs.</p>",
            f"      {body}",
            "    </DocsPage>",
            "  );",
            "}",
        ]
    )


def _constants(layout: str, c: _Ctx, names: list[str]) -> str:
    rng = c.rng
    var = rng.choice(_SCOPE_VARS)
    if layout == "map":
        decl = f"export const {var}: Record<string, string> = {_map(c, '')};"
    elif layout == "objects":
        decl = f"export const {var} = {_objects(c, '', False)} as const;"
    elif layout == "strings":
        decl = f"export const {var} = {json.dumps(list(n for n, _ in c.pairs), indent=2)};"
    else:
        half = max(1, len(c.pairs) // 2)
        read = _objects(_Part(rng, c.provider, c.section, c.pairs[:half]), "  ", False)
        write = _objects(_Part(rng, c.provider, c.section, c.pairs[half:]), "  ", False)
        decl = f"export const {var} = {{\n  read: {read},\n  write: {write},\n}};"
    other, picked = _distractors(rng)
    names += picked
    blocks = [f'export const API_BASE = "https://api.{c.provider.lower()}.example/v1";', *other]
    at = rng.randint(0, len(blocks))
    return (
        "\n\n".join(
            [f"/* Constants of the {c.provider} client. */", *blocks[:at], decl, *blocks[at:]]
        )
        + "\n"
    )


def _script_page(layout: str, c: _Ctx) -> str:
    rng = c.rng
    name_key, desc_key = rng.choice(_NAME_KEYS), rng.choice(_DESC_KEYS)
    items: list[dict[str, Any]] = [{name_key: n, desc_key: d} for n, d in c.pairs]
    data: dict[str, Any] = {
        "page": "access",
        "nav": [{"title": n.replace("_", " ").title(), "href": f"/docs/{n}"} for n in _NAV[:3]],
        "oauth": {"scopes": items} if rng.random() < 0.5 else {"permissions": items},
        "analytics": {"events": event_names(rng, 3)},
    }
    body = json.dumps(data, indent=2)
    if layout == "window":
        script = f"<script>\n  window.__DOCS_DATA__ = {body};\n</script>"
    elif layout == "json":
        script = f'<script type="application/json" id="docs-data">{body}</script>'
    else:
        nxt = {"props": {"pageProps": data}, "page": "/docs/access", "buildId": "x1"}
        script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(nxt)}</script>'
    return "\n".join(
        [
            "<!doctype html>",
            f"<html><head><title>{c.provider} API: {c.section}</title></head>",
            '<body><nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>',
            f'<main><h1>{c.section}</h1><div id="root"></div></main>',
            script,
            '<script src="/static/app.js"></script>',
            "</body></html>",
        ]
    )


def code_page(fmt: str, layout: str, c: _Ctx) -> tuple[str, str, str, list[str]]:
    """(text, extension, media type, distractor names) of one program-source page."""
    names: list[str] = []
    if fmt in SDK_LAYOUTS:
        return sdk_page(fmt, layout, c)
    if fmt == "tsx":
        text = _tsx(layout, c, names)
    elif fmt == "js-const":
        text = _constants(layout, c, names)
    else:
        text = _script_page(layout, c)
        names = [*_NAV[:3]]
    ext, media = _EXT[fmt]
    return text, ext, media, names
