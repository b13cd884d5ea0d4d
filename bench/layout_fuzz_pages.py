"""Page generator for ``layout_fuzz``: FORMATS x LAYOUTS, seeded, invented providers only.

``generate(seed, fmt, layout)`` gives a ``Page``: its text, the planted scope names (the key)
and the distractor names on the page (never scopes). Markup layouts are written once with the
blocks of ``layout_fuzz_markup``; specs (OpenAPI, RAML) and JSON/YAML lists have their own.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml
from layout_fuzz_code import CODE_LAYOUTS, code_page
from layout_fuzz_markup import MARKUPS, Markdown
from layout_fuzz_pairs import (
    family_row_names,
    family_shape,
    group_headings_layout,
    pair_names,
    pairs_layout,
    realistic_distractors,
)
from layout_fuzz_templates import TEMPLATE_MARKUPS, template_shape
from layout_fuzz_words import (
    CLAIMS,
    ERRORS,
    PARAMETERS,
    ROLES,
    SECTION_WORDS,
    SHAPES,
    description,
    event_names,
    provider_word,
    scope_names,
)


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page and its answer key."""

    fmt: str
    layout: str
    seed: int
    text: str
    ext: str
    media: str
    shape: str
    variant: str
    scopes: tuple[str, ...]  # the key: every planted scope name
    distractors: tuple[str, ...] = field(default=())


@dataclass(slots=True)
class Ctx:
    """What a layout writes: the provider, the section word and the (name, description) pairs."""

    rng: random.Random
    provider: str
    section: str
    pairs: list[tuple[str, str]]

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.pairs]


def _name(m: Markdown, ctx: Ctx, name: str) -> str:
    return m.code(name) if ctx.rng.random() < 0.8 else name


MARKUPS = {**MARKUPS, **TEMPLATE_MARKUPS}  # the same layouts written as template sources

# --- markup layouts ----------------------------------------------------------------------------


def _table(m: Markdown, c: Ctx) -> list[str]:
    head = c.rng.choice(
        [["Scope", "Description"], ["Name", "Description"], ["Permission", "Grants"]]
    )
    return [m.table(head, [[_name(m, c, n), d] for n, d in c.pairs])]


def _table_rev(m: Markdown, c: Ctx) -> list[str]:
    head = c.rng.choice([["Description", "Scope"], ["What it allows", "Permission"]])
    return [m.table(head, [[d, _name(m, c, n)] for n, d in c.pairs])]


def _table_extra(m: Markdown, c: Ctx) -> list[str]:
    extra = c.rng.choice([("Type", ["Read", "Write", "Admin"]), ("Admin consent", ["Yes", "No"])])
    head = ["Scope", extra[0], "Description"]
    rows = [[_name(m, c, n), c.rng.choice(extra[1]), d] for n, d in c.pairs]
    if c.rng.random() < 0.5:
        head, rows = [head[1], head[0], head[2]], [[r[1], r[0], r[2]] for r in rows]
    return [m.table(head, rows)]


def _table_multi(m: Markdown, c: Ctx) -> list[str]:
    joiner = c.rng.choice([", ", " or ", " and ", "\n", "span"])
    rows, names = [], c.names
    i = 0
    while i < len(names):
        group = names[i : i + c.rng.randint(1, 3)]
        i += len(group)
        if joiner == "span":
            cell = m.code(" ".join(group))
        else:
            cell = joiner.join(m.code(n) for n in group)
        rows.append([cell, description(c.rng)])
    m.variant = (m.variant + f" joined {joiner!r}").strip()
    return [m.table(["Scopes", "Description"], rows)]


def _table_endpoint(m: Markdown, c: Ctx) -> list[str]:
    rows = []
    for n in c.names:
        area = n.replace(":", "_").replace(".", "_").replace("/", "_")[-18:].strip("_{}")
        method = c.rng.choice(["GET", "POST", "DELETE", "PATCH"])
        rows.append([method, m.code(f"/v2/{area}"), m.code(n)])
    return [m.table(["Method", "Endpoint", "Required scope"], rows)]


def _table_bullets(m: Markdown, c: Ctx) -> list[str]:
    """A pipe table whose description cells go on over bullet lines until the closing pipe."""
    bullet = c.rng.choice(["*", "-"])
    lines = ["| Scope | Description |", "|---|---|"]
    for n, d in c.pairs:
        lines.append(f"| {_name(m, c, n)} | {d}")
        picked = c.rng.sample(["Owner", "Admin", "Editor", "Viewer"], c.rng.randint(1, 3))
        lines += [f"{bullet} {role.upper()}" for role in picked]
        lines[-1] += " |"
    m.variant = f"bullet {bullet!r}"
    return ["\n".join(lines)]


def _bullets(m: Markdown, c: Ctx) -> list[str]:
    sep = c.rng.choice([" - ", ": ", " — "])
    return [m.bullets([f"{m.code(n)}{sep}{d}" for n, d in c.pairs])]


def _bullets_after(m: Markdown, c: Ctx) -> list[str]:
    return [m.bullets([f"{d[:-1]} ({m.code(n)})" for n, d in c.pairs])]


def _headings(m: Markdown, c: Ctx) -> list[str]:
    out = []
    for n, d in c.pairs:
        out += [m.heading(_name(m, c, n), 3), m.para(d)]
    return out


def _deflist(m: Markdown, c: Ctx) -> list[str]:
    return [m.deflist([(_name(m, c, n), d) for n, d in c.pairs])]


def _prose(m: Markdown, c: Ctx) -> list[str]:
    forms = [
        "Request the {n} scope to {d}",
        "With {n} your app can {d}",
        "Ask for {n} when you need to {d}",
        "The {n} permission lets you {d}",
    ]
    out = []
    for n, d in c.pairs:
        out.append(m.para(c.rng.choice(forms).format(n=m.code(n), d=d[0].lower() + d[1:])))
    return out


def _code_sample(m: Markdown, c: Ctx) -> list[str]:
    if c.rng.random() < 0.5:
        sep = c.rng.choice(["+", "%20", " "])
        url = f"https://auth.{c.provider.lower()}.example/authorize?client_id=abc&scope="
        text, lang = "GET " + url + sep.join(c.names) + "&state=xyz", "http"
    else:
        text, lang = json.dumps({"client_id": "abc", "scopes": c.names}, indent=2), "json"
    return [m.para("Ask for every scope your integration needs:"), m.codeblock(text, lang)]


def _code_lines(m: Markdown, c: Ctx) -> list[str]:
    return [m.para("One scope per line:"), m.codeblock("\n".join(c.names))]


def _accordion(m: Markdown, c: Ctx) -> list[str]:
    return [m.accordion(c.pairs)]


def _tabs(m: Markdown, c: Ctx) -> list[str]:
    return [m.tabs(c.pairs)]


def _props(m: Markdown, c: Ctx) -> list[str]:
    if m.name == "mdx":
        if c.rng.random() < 0.5:
            return ["<ScopeList scopes={" + json.dumps(c.names) + "} />"]
        return [f'<Scope name="{n}" description="{d}" />' for n, d in c.pairs]
    if c.rng.random() < 0.5:
        return [f'<div class="scope-list" data-scopes="{",".join(c.names)}"></div>']
    return [f'<scope-item data-name="{n}" data-description="{d}"></scope-item>' for n, d in c.pairs]


MARKUP_LAYOUTS: dict[str, Callable[[Markdown, Ctx], list[str]]] = {
    "table": _table,
    "table-rev": _table_rev,
    "table-extra": _table_extra,
    "table-multi": _table_multi,
    "table-endpoint": _table_endpoint,
    "table-bullets": _table_bullets,
    "bullets": _bullets,
    "bullets-after": _bullets_after,
    "headings": _headings,
    "deflist": _deflist,
    "prose": _prose,
    "code-sample": _code_sample,
    "code-lines": _code_lines,
    "accordion": _accordion,
    "tabs": _tabs,
    "props": _props,
    "pairs": pairs_layout,
    "group-headings": group_headings_layout,
}
# Layouts only some formats have (elsewhere they would repeat another layout).
_ONLY_IN = {
    "props": ("mdx", "html", "html-site"),
    "tabs": ("mdx", "html", "html-site", "rst"),
    "table-bullets": ("markdown", "mdx"),
}


# --- distractors on markup pages ---------------------------------------------------------------


def distractor_blocks(m: Markdown, rng: random.Random) -> tuple[list[str], list[str]]:
    """One to three blocks of names that are not scopes, and those names."""
    kinds = rng.sample(["claims", "params", "errors", "events", "json", "roles"], rng.randint(1, 3))
    blocks: list[str] = []
    names: list[str] = []
    for kind in kinds:
        if kind == "claims":
            picked = rng.sample(CLAIMS, 4)
            blocks += [
                m.heading("ID token claims", 2),
                m.table(
                    ["Claim", "Description"],
                    [[m.code(x), "A claim returned in the ID token."] for x in picked],
                ),
            ]
        elif kind == "params":
            picked = rng.sample(PARAMETERS, 4)
            blocks += [
                m.heading("Authorization request parameters", 2),
                m.table(
                    ["Parameter", "Required", "Description"],
                    [[m.code(x), "yes", "Sent with the authorization request."] for x in picked],
                ),
            ]
        elif kind == "errors":
            picked = rng.sample(ERRORS, 3)
            blocks += [
                m.heading("Error codes", 2),
                m.bullets([f"{m.code(x)} - The request failed." for x in picked]),
            ]
        elif kind == "events":
            picked = event_names(rng)
            blocks += [
                m.heading("Webhook events", 2),
                m.bullets([f"{m.code(x)} - Sent when it happens." for x in picked]),
            ]
        elif kind == "json":
            picked = ["orchard_id", "created_at", "owner_email"]
            body = json.dumps({k: "value" for k in picked}, indent=2)
            blocks += [m.heading("Example response", 2), m.codeblock(body, "json")]
        else:
            picked = rng.sample(ROLES, 4)
            blocks += [
                m.heading("Workspace roles", 2),
                m.para("Roles are given in the dashboard. These roles are not OAuth scopes."),
                m.table(["Role", "Description"], [[m.code(x), "A member role."] for x in picked]),
            ]
        names += picked
    return blocks, names


def _markup_page(fmt: str, layout: str, rng: random.Random, ctx: Ctx) -> tuple[str, str, list[str]]:
    m = MARKUPS[fmt](rng)
    intro = rng.choice(
        [
            f"Your app asks for the {ctx.section.lower()} it needs.",
            "Request these scopes when you register your app.",
            "Each access token carries some of the permissions below.",
            "",
        ]
    )
    blocks = [m.heading(ctx.section, 2)] + ([m.para(intro)] if intro else [])
    names: list[str] = []
    own: list[str] = []
    if rng.random() < 0.7:  # words that stand beside scopes on real pages
        near, own, names = realistic_distractors(m, ctx)
        blocks += [m.para(" ".join(near))]
    blocks += MARKUP_LAYOUTS[layout](m, ctx)
    blocks += own
    if rng.random() < 0.7:
        extra, more = distractor_blocks(m, rng)
        names += more
        blocks = blocks + extra if rng.random() < 0.5 else extra + blocks
    title = f"{ctx.provider} API {rng.choice(['authorization', 'reference', 'guide'])}"
    return m.document(title, blocks), m.variant, names


# --- specs and data files ----------------------------------------------------------------------


def _openapi(layout: str, rng: random.Random, c: Ctx) -> tuple[object, list[str]]:
    swagger = rng.random() < 0.3
    scopes = {n: d for n, d in c.pairs} if layout == "flows" else {}
    prov = c.provider.lower()
    paths: dict[str, object] = {}
    for i, n in enumerate(c.names if layout in ("vendor-ext", "op-security") else c.names[:3]):
        op: dict[str, object] = {
            "summary": f"Operation {i}",
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "example": {"orchard_id": "o1", "created_at": "2020-01-01"}
                        }
                    },
                }
            },
        }
        if layout == "vendor-ext":
            op[f"x-{prov}-permissions"] = [n]
        elif layout == "op-security":
            op["security"] = [{"oauth": [n]}]
        op["parameters"] = [{"name": "client_id", "in": "query", "schema": {"type": "string"}}]
        paths[f"/v1/items{i}"] = {"get": op}
    flow = {
        "authorizationUrl": f"https://auth.{prov}.example/authorize",
        "tokenUrl": f"https://auth.{prov}.example/token",
        "scopes": scopes,
    }
    schemas: dict[str, object] = {"Role": {"type": "string", "enum": list(ROLES[:3])}}
    if layout == "enum":
        schemas["Scope"] = {"type": "string", "description": "An OAuth scope.", "enum": c.names}
    scheme: dict[str, object] = {"type": "oauth2", "flows": {"authorizationCode": flow}}
    if layout == "op-security" and rng.random() < 0.5:
        scheme = {"type": "http", "scheme": "bearer"}  # scopes listed under a bearer scheme
    if swagger:
        spec: dict[str, object] = {
            "swagger": "2.0",
            "info": {"title": c.provider, "version": "1"},
            "securityDefinitions": {"oauth": {"type": "oauth2", "flow": "accessCode", **flow}},
            "paths": paths,
            "definitions": schemas,
        }
    else:
        spec = {
            "openapi": "3.0.3",
            "info": {"title": c.provider, "version": "1"},
            "paths": paths,
            "components": {
                "securitySchemes": {"oauth": scheme},
                "schemas": schemas,
            },
        }
    return spec, ["client_id", "orchard_id", "created_at", *ROLES[:3]]


def _raml(layout: str, rng: random.Random, c: Ctx) -> str:
    prov = c.provider.lower()
    scopes = c.names if layout == "settings" else [c.names[0]]
    lines = [
        "#%RAML 1.0",
        f"title: {c.provider} API",
        "securitySchemes:",
        "  oauth_2_0:",
        "    type: OAuth 2.0",
        "    settings:",
        f"      authorizationUri: https://auth.{prov}.example/authorize",
        f"      accessTokenUri: https://auth.{prov}.example/token",
        "      authorizationGrants: [authorization_code]",
        "      scopes: [" + ", ".join(json.dumps(n) for n in scopes) + "]",
    ]
    if layout == "secured-by":
        for i, n in enumerate(c.names):
            lines += [
                f"/items{i}:",
                "  get:",
                f"    securedBy: [oauth_2_0: {{scopes: [{json.dumps(n)}]}}]",
            ]
    return "\n".join(lines) + "\n"


def _data(layout: str, c: Ctx) -> object:
    if layout == "list":
        return [{"scope": n, "description": d} for n, d in c.pairs]
    if layout == "map":
        return {n: d for n, d in c.pairs}
    return {"provider": c.provider, "scopes": [{"name": n, "summary": d} for n, d in c.pairs]}


SPEC_LAYOUTS: dict[str, tuple[str, ...]] = {
    "openapi": ("flows", "enum", "vendor-ext", "op-security"),
    "raml": ("settings", "secured-by"),
    "json": ("list", "map", "nested"),
    "yaml": ("list", "map", "nested"),
}


def cells() -> list[tuple[str, str]]:
    """Every (format, layout) the generator writes."""
    out = []
    for fmt, _markup in MARKUPS.items():
        for layout in MARKUP_LAYOUTS:
            if fmt not in _ONLY_IN.get(layout, (fmt,)):
                continue
            out.append((fmt, layout))
    out += [(fmt, layout) for fmt, layouts in SPEC_LAYOUTS.items() for layout in layouts]
    return out + [(f, lay) for f, layouts in CODE_LAYOUTS.items() for lay in layouts]


def generate(seed: int, fmt: str, layout: str) -> Page:
    """The page of ``seed`` for one (format, layout) cell."""
    rng = random.Random(f"{seed}/{fmt}/{layout}")
    provider = provider_word(rng)
    shape = template_shape(fmt, rng, rng.choice(SHAPES))
    if layout == "table-multi" and shape.name in ("word",):
        shape = SHAPES[0]  # several bare words in one cell read as a phrase, not a list
    if layout == "group-headings":
        shape = family_shape(rng)
    elif layout == "pairs" and shape.name in ("word", "urn"):
        shape = SHAPES[2]  # bare words joined by "and" read as a phrase; urns have no verb
    namer = pair_names if layout in ("pairs", "group-headings") else scope_names
    names = namer(rng, shape, provider, rng.randint(3, 60))[:60]
    if layout == "group-headings":
        names = family_row_names(rng, names)[:60]
    ctx = Ctx(rng, provider, rng.choice(SECTION_WORDS), [(n, description(rng)) for n in names])
    variant, distractors = "", list[str]()
    if fmt in MARKUPS:
        text, variant, distractors = _markup_page(fmt, layout, rng, ctx)
        ext, media = MARKUPS[fmt].ext, MARKUPS[fmt].media
    elif fmt == "openapi":
        spec, distractors = _openapi(layout, rng, ctx)
        as_json = rng.random() < 0.5
        variant = "json" if as_json else "yaml"
        text = json.dumps(spec, indent=2) if as_json else yaml.safe_dump(spec, sort_keys=False)
        ext, media = (".json", "application/json") if as_json else (".yaml", "application/yaml")
    elif fmt in CODE_LAYOUTS:  # program source: scope lists held as data (layout_fuzz_code)
        text, ext, media, distractors = code_page(fmt, layout, ctx)
    elif fmt == "raml":
        text, ext, media = _raml(layout, rng, ctx), ".raml", "application/raml+yaml"
    else:
        data = _data(layout, ctx)
        if fmt == "json":
            text, ext, media = json.dumps(data, indent=2), ".json", "application/json"
        else:
            text, ext, media = yaml.safe_dump(data, sort_keys=False), ".yaml", "application/yaml"
    key = tuple(names)
    return Page(
        fmt,
        layout,
        seed,
        text,
        ext,
        media,
        shape.name,
        variant,
        key,
        tuple(d for d in dict.fromkeys(distractors) if d not in key),
    )
