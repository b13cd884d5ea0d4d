"""Scopes a page shows only inside an authorization request: ``scope=a+b+c`` in code.

Some guides never list their scopes; the one place they are all written is the example
authorization link (``/oauth/authorize?client_id=...&scope=a:x+b:x+c:x``). When a page that
speaks of scopes yields no scope list, table or heading, the structured reader falls back to
those values:

- the code (a block or an inline span) is an OAuth request: beside ``scope=`` it names
  ``client_id``, ``response_type``, ``redirect_uri`` or an ``/authorize``/``oauth`` path;
- the value is split where a client joins scopes (``+``, ``%20``, ``%2B``, commas) and every
  part must be a scope-shaped name, none a placeholder (``{scopes}``, ``<scope>``,
  ``YOUR_SCOPES``, ``xxxx``);
- a code span that is nothing but such a joined value (``a%20b``) counts too when the sentence
  around it speaks of the scope ("replace `a` with `a%20b` in the `scope` value").

Names are kept as written (``agreement_send:account``), unless the page itself names the
suffix a scope *modifier* (a "Modifier" table listing ``account``, or "the ``:account`` scope
modifier"): then the name is its base scope (``agreement_send``), as the page explains it.
There are no descriptions in a query string; a warning says where the names come from, so a
person checks them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bs4 import Tag

from factory.extract.html_walk import sectioned_tags
from factory.extract.text import looks_like_scope, normalize_ws
from factory.models import ScopeRecord

__all__ = ["QueryScope", "query_records", "query_string_scopes"]

_CODE = frozenset({"pre", "code"})
_VALUE = re.compile(r"(?:^|[?&\s;])scopes?=([^&\s\"'#<>]+)", re.I)
_REQUEST = re.compile(r"\b(client_id|response_type|redirect_uri)=|/authori[sz]e\b|\boauth\b", re.I)
_JOINERS = re.compile(r"\+|%20|%2B|,|%2C", re.I)
_SCOPE_WORD = re.compile(r"\bscopes?\b", re.I)
_PLACEHOLDER = re.compile(
    r"[{}<>\[\]]|^x{3,}$|^(your|my|the|some)[_-]|^(scopes?|scope_?list|\.\.\.?)$", re.I
)


_MODIFIER_HEADER = re.compile(r"^\W*(scope\s+)?modifiers?\W*$", re.I)
_MODIFIER_SPAN = re.compile(r"^:([a-z][a-z0-9_-]*)$")


@dataclass(frozen=True, slots=True)
class QueryScope:
    """A scope read from an authorization request: name, section, locator, and the modifier
    the page explains that was taken off the name as written ('' when none)."""

    name: str
    section: str
    locator: str
    modifier: str = ""


def page_modifiers(body: Tag, text_of: Callable[[Tag], str]) -> frozenset[str]:
    """Suffixes the page calls scope modifiers: the first column of a "Modifier" table, and
    ``:name`` code spans in a sentence that says "modifier"."""
    found: set[str] = set()
    for table in body.find_all("table"):
        rows = table.find_all("tr")
        head = rows[0].find_all(["th", "td"]) if rows else []
        if not head or not _MODIFIER_HEADER.match(normalize_ws(text_of(head[0]))):
            continue
        for row in rows[1:]:
            cells = row.find_all(["th", "td"])
            word = normalize_ws(text_of(cells[0])).strip("`:") if cells else ""
            if re.fullmatch(r"[a-z][a-z0-9_-]*", word):
                found.add(word)
    for code in body.find_all("code"):
        span = _MODIFIER_SPAN.match(normalize_ws(code.get_text()))
        if span and code.parent is not None and "modifier" in code.parent.get_text().lower():
            found.add(span.group(1))
    return frozenset(found)


def _base(name: str, modifiers: frozenset[str]) -> tuple[str, str]:
    base, _, suffix = name.rpartition(":")
    return (base, suffix) if base and suffix in modifiers else (name, "")


def _section(headings: list[tuple[int, str]]) -> str:
    return " > ".join(text for _, text in headings)


def query_string_scopes(body: Tag, text_of: Callable[[Tag], str]) -> list[QueryScope]:
    """Scopes in the ``scope=`` values of OAuth request examples, in document order."""
    found: dict[str, QueryScope] = {}
    modifiers = page_modifiers(body, text_of)
    number = 0
    for node, headings in sectioned_tags(body, text_of):
        if node.name not in _CODE or (node.name == "code" and node.find_parent("pre")):
            continue
        number += 1
        kind = "code block" if node.name == "pre" else "code span"
        for written in _values(node, text_of):
            name, modifier = _base(written, modifiers)
            locator = f"{kind} {number} scope={written}"
            found.setdefault(name, QueryScope(name, _section(headings), locator, modifier))
    return list(found.values())


def _values(node: Tag, text_of: Callable[[Tag], str]) -> list[str]:
    """The scope names one code element gives: every ``scope=`` value of an OAuth request,
    or (a code span alone) a joined value such as ``a%20b`` in a sentence about the scope
    parameter ("replace `a` with `a%20b`")."""
    text = node.get_text()
    out: list[str] = []
    if "scope" in text.lower() and _REQUEST.search(text):
        for match in _VALUE.finditer(text):
            out.extend(_names(match.group(1), 1))
    elif node.name == "code" and node.parent is not None:
        around = normalize_ws(text_of(node.parent))
        if _SCOPE_WORD.search(around.replace(normalize_ws(text), " ")):
            out.extend(_names(text.strip(), 2))
    return out


def _names(value: str, least: int) -> list[str]:
    names = [n for n in _JOINERS.split(value) if n]
    if len(names) < least or not all(
        looks_like_scope(n) and not _PLACEHOLDER.search(n) for n in names
    ):
        return []
    return names


def query_records(
    body: Tag, text_of: Callable[[Tag], str], source_url: str | None, warns: list[str]
) -> list[ScopeRecord]:
    """The page's last resort: records of the ``scope=`` values of its OAuth request examples,
    with a warning (appended to ``warns``) that says where they come from."""
    found = query_string_scopes(body, text_of)
    if found:
        names = ", ".join(q.name for q in found[:6]) + (" ..." if len(found) > 6 else "")
        mods = sorted({q.modifier for q in found if q.modifier})
        how = (
            f"with the scope modifier(s) the page explains ({', '.join(':' + m for m in mods)}) "
            "taken off"
            if mods
            else "as written"
        )
        warns.append(
            f"no scope list, table or heading on the page: {len(found)} scope(s) were read from "
            f"the scope= value of an OAuth request example ({names}), {how}, without "
            "descriptions: check them against the page"
        )
    return [ScopeRecord(q.name, None, None, None, q.section, source_url, q.locator) for q in found]
