"""Layouts and distractors of ``layout_fuzz`` seen on real pages: scope pairs, family headings,
and the words that stand beside scopes without being scopes.

- ``pairs``: one list item (table cell, heading) names two or three scopes of one resource
  (``read_x / write_x``, ``read_x, write_x``, ``read_x | write_x``, ``read_x and write_x``), its
  description after the names or below them, and a nested list of resource names under it;
- ``group-headings``: a backticked family heading (`` ### `grid` ``) over a table of that
  family's scopes (``grid:read``); sometimes the family is a scope of its own, as a table row;
- ``realistic_distractors``: bare resource words the scopes are built from, access levels and
  token types, endpoint paths, event types, error codes, grant types, capability names, feature
  flags and the keys of a token response, put beside the scopes, in tables and lists of their
  own and in examples.
"""

from __future__ import annotations

import json
import random
import re
from typing import TYPE_CHECKING

from layout_fuzz_markup import Markdown
from layout_fuzz_words import (
    ACCESS_LEVELS,
    AREAS,
    CAPABILITIES,
    GRANT_TYPES,
    JSON_KEYS,
    SCOPE_ERRORS,
    SHAPE_BY_NAME,
    SUBS,
    TOKEN_TYPES,
    Shape,
    event_types,
    feature_flags,
)

if TYPE_CHECKING:
    from layout_fuzz_pages import Ctx

#: Shapes whose names share a family prefix a heading can name (the area before the verb).
FAMILY_SHAPES = ("area.verb", "area:verb", "area/verb", "AREA_VERB")
PAIR_VERBS = (("read", "write"), ("read", "write"), ("read", "manage"), ("view", "edit", "delete"))
SEPARATORS = (" / ", ", ", " | ", " and ")


def pair_names(rng: random.Random, shape: Shape, provider: str, count: int) -> list[str]:
    """Names in runs of one resource with two or three verbs (``read_x``, ``write_x``)."""
    areas = list(AREAS)
    rng.shuffle(areas)
    names: list[str] = []
    for area in areas:
        for verb in rng.choice(PAIR_VERBS):
            name = shape.build(area, verb, rng.choice(SUBS), provider, rng)
            if name not in names:
                names.append(name)
        if len(names) >= count:
            return names
    return names


def family_shape(rng: random.Random) -> Shape:
    """A shape whose names share a family prefix."""
    return SHAPE_BY_NAME[rng.choice(FAMILY_SHAPES)]


def family_of(name: str) -> str:
    """The family (the area) of a name of a family shape: ``grid:read`` -> ``grid``."""
    for sep in (":", ".", "/", "_"):
        if sep in name:
            return name.split(sep, 1)[0]
    return name


def resource_of(name: str) -> str:
    """The resource a name is built from: ``read_x`` -> ``x``, ``x:read`` -> ``x``, a URL's
    last segment's family."""
    name = name.rstrip("/").rsplit("/", 1)[-1] if name.startswith("https://") else name
    if "_" in name and name[:1].islower() and not SEPARATOR_RE.search(name):
        return name.split("_", 1)[-1]
    return family_of(name)


SEPARATOR_RE = re.compile(r"[:./]")


def _runs(c: Ctx) -> list[list[tuple[str, str]]]:
    """The page's (name, description) pairs in runs of one resource (``family_of`` or suffix)."""
    runs: list[list[tuple[str, str]]] = []
    last = None
    for name, desc in c.pairs:
        resource = resource_of(name)
        if runs and resource == last and len(runs[-1]) < 3:
            runs[-1].append((name, desc))
        else:
            runs.append([(name, desc)])
        last = resource
    return runs


def _nested(m: Markdown, items: list[tuple[str, list[str]]]) -> str:
    """A bullet list whose items carry a nested list (resource names) in each markup."""
    if m.name in ("html", "html-site"):
        inner = ("".join(f"<li>{s}</li>" for s in subs) for _, subs in items)
        return (
            "<ul>"
            + "".join(f"<li>{t}<ul>{i}</ul></li>" for (t, _), i in zip(items, inner, strict=True))
            + "</ul>"
        )
    if m.name == "asciidoc":
        return "\n".join(f"* {t}\n" + "\n".join(f"** {s}" for s in subs) for t, subs in items)
    if m.name == "rst":
        return "\n\n".join(f"* {t}\n\n" + "\n".join(f"  * {s}" for s in subs) for t, subs in items)
    return "\n".join(f"- {t}\n" + "\n".join(f"  - {s}" for s in subs) for t, subs in items)


def _resources(rng: random.Random) -> list[str]:
    return [f"{rng.choice(AREAS).capitalize()} {rng.choice(SUBS).lower()}" for _ in range(2)]


def pairs_layout(m: Markdown, c: Ctx) -> list[str]:
    """Scopes of one resource named together in one item, cell or heading."""
    sep = c.rng.choice(SEPARATORS)
    where = c.rng.choice(("list", "list", "list-below", "table", "heading"))
    if where == "table" and sep == " | " and m.name == "asciidoc":
        sep = " / "  # a pipe starts a cell in an AsciiDoc table
    elif where == "table" and sep == " | " and m.name in ("markdown", "mdx"):
        sep = " \\| "  # a pipe table's cell writes its pipe escaped
    m.variant = f"{where} sep {sep!r}"
    runs = _runs(c)

    def joined(run: list[tuple[str, str]]) -> str:
        return sep.join(m.code(n) if c.rng.random() < 0.8 else n for n, _ in run)

    if where == "table":
        return [m.table(["Scopes", "Description"], [[joined(r), r[0][1]] for r in runs])]
    if where == "heading":
        out = []
        for run in runs:
            out += [m.heading(joined(run), 3), m.para(run[0][1])]
        return out
    between = m.linebreak if where == "list-below" else c.rng.choice([" - ", ": ", " — "])
    items = [(f"{joined(r)}{between}{r[0][1]}", _resources(c.rng)) for r in runs]
    return [_nested(m, items)]


def group_headings_layout(m: Markdown, c: Ctx) -> list[str]:
    """A backticked family heading over a table of the family's scopes."""
    families: dict[str, list[tuple[str, str]]] = {}
    for name, desc in c.pairs:
        families.setdefault(family_of(name), []).append((name, desc))
    out = []
    for family, rows in families.items():
        out.append(m.heading(m.code(family), 3))
        if c.rng.random() < 0.4:
            out.append(m.para(f"Scopes of the {family} API."))
        cells = [[m.code(n), d] for n, d in rows]
        out.append(m.table(["Scope", "Description"], cells))
    return out


def family_row_names(rng: random.Random, names: list[str]) -> list[str]:
    """Some families become scopes of their own (a table row of their own) in the key."""
    families = list(dict.fromkeys(family_of(n) for n in names))
    share = rng.choice((0.0, 0.0, 0.15))
    own = [f for f in families if rng.random() < share and f not in names]
    return [*own, *names] if own else names


# --- realistic distractors ---------------------------------------------------------------------


def realistic_distractors(m: Markdown, c: Ctx) -> tuple[list[str], list[str], list[str]]:
    """(sentences for beside the scopes, blocks of their own, the names in them)."""
    rng, prov = c.rng, c.provider
    resources = list(dict.fromkeys(resource_of(n).lower() for n in c.names))[:4]
    resources = [r for r in resources if r not in c.names and r.isalpha()]
    events = event_types(rng, prov)
    levels = rng.sample(ACCESS_LEVELS, 3)
    tokens = rng.sample(TOKEN_TYPES, 2)
    grants = rng.sample(GRANT_TYPES, 2)
    errors = rng.sample(SCOPE_ERRORS, 2)
    caps = rng.sample(CAPABILITIES, 2)
    flags = feature_flags(rng)
    first = c.names[0]
    near = [
        f"Tokens are {m.code(levels[0])} unless you ask for {m.code(first)}.",
        f"To receive {m.code(events[0])} events your app needs the {m.code(first)} scope.",
        f"Request a {m.code(tokens[0])} token with the {m.code(grants[0])} grant to use these "
        "scopes.",
        f"Calls without the scope fail with {m.code(errors[0])}.",
    ]
    if resources:
        near.append(f"The {m.code(resources[0])} resource is covered by the scopes below.")
    blocks: list[str] = []
    names = [levels[0], events[0], tokens[0], grants[0], errors[0], *resources[:1]]
    kinds = rng.sample(["levels", "events", "errors", "paths", "example", "caps"], 3)
    for kind in kinds:
        if kind == "levels":
            rows = [[m.code(x), "An access level of a token."] for x in levels]
            rows += [[m.code(x), "A token type."] for x in tokens]
            blocks += [m.heading("Access levels", 3), m.table(["Level", "Meaning"], rows)]
            names += [*levels, *tokens]
        elif kind == "events":
            blocks += [
                m.heading("Events your scopes let you receive", 3),
                m.bullets([f"{m.code(e)} - Sent when it happens." for e in events]),
            ]
            names += events
        elif kind == "errors":
            blocks += [
                m.heading("Scope errors", 3),
                m.bullets([f"{m.code(e)}: the token lacks a scope." for e in errors]),
                m.para(f"Grant types: {', '.join(m.code(g) for g in grants)}."),
            ]
            names += [*errors, *grants]
        elif kind == "paths":
            paths = [f"/v1/{r}s" for r in resources] or ["/v1/items", "/v1/items/{id}"]
            rows = [[m.code(p), m.code(c.names[i % len(c.names)])] for i, p in enumerate(paths)]
            blocks += [m.heading("Endpoints", 3), m.table(["Endpoint", "Scope"], rows)]
            rows2 = [[m.code(r), "A resource the API serves."] for r in resources]
            if rows2:
                blocks.append(m.table(["Resource", "Description"], rows2))
            names += [*paths, *resources]
        elif kind == "example":
            body = {"access_token": "abc", "token_type": "bearer", "expires_in": 3600}
            body["scope"] = " ".join(c.names[:2])  # type: ignore[assignment]
            body["granted_at"] = "2024-01-01"  # type: ignore[assignment]
            blocks += [
                m.para("A token response lists the scopes granted:"),
                m.codeblock(json.dumps(body, indent=2), "json"),
            ]
            names += [k for k in JSON_KEYS if k in body]
        else:
            blocks += [
                m.heading("Capabilities and flags", 3),
                m.bullets([f"{m.code(x)} - A capability of the member." for x in caps]),
                m.para(f"Feature flags: {', '.join(m.code(f) for f in flags)}."),
            ]
            names += [*caps, *flags]
    return rng.sample(near, rng.randint(1, len(near))), blocks, names
