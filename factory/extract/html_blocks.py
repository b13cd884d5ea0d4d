"""Non-table scope blocks in HTML: lists, definition lists, scope headings, JSON script blobs.

Helpers of the HTML engine (``html.py``); each reads one block and returns plain tuples the
engine turns into records with the heading path and version context it keeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from bs4 import BeautifulSoup, NavigableString, Tag

from factory.extract.html_tables import (
    blocks_after,
    children_named,
    has_ancestor,
    nearest_ancestor,
    next_sibling_named,
    tags_in,
)
from factory.extract.list_sub_description import sub_bullet_description
from factory.extract.list_trailing import trailing_scope_item
from factory.extract.scope_pairs import pair_tokens
from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    normalize_ws,
    pointer_token,
    version_marker,
)
from factory.models import ScopeRecord

__all__ = [
    "ATTACHED",
    "heading_description",
    "heading_scopes",
    "json_script_records",
    "list_records",
]

TextOf = Callable[[Tag], str]
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Tag-name sets of the plain walks that stand in for bs4's find_all/find_parent (whose
# filter machinery cost more than the rest of a list's reading).
_CODE = frozenset({"code"})
_BOLD = frozenset({"strong", "b"})
_LI = frozenset({"li"})
_DT = frozenset({"dt"})
_TERM_PARTS = frozenset({"dd", "dt"})
_LISTS = frozenset({"ul", "ol"})
_ANY_LIST = frozenset({"ul", "ol", "dl"})
_SCRIPT = frozenset({"script"})
_SEPARATORS = re.compile(r"^[\s,;/&+|]*((and|or)[\s,;/&+|]*)*$")
_LEAD_SEPARATOR = re.compile(r"^[\s:\-\u2013\u2014=>]+")
_BADGE = re.compile(r"^\W*(deprecated|legacy|beta|preview|removed|retired)\b", re.I)
_BADGE_ONLY = re.compile(
    r"[\W_]*(deprecated|legacy|beta|preview|removed|retired|experimental|alpha)[\W_]*", re.I
)
_NOT_A_SCOPE = re.compile(
    r"^\W*(is\s+|are\s+)?(not|never|no longer)\s+(a\s+)?(valid|real|supported|accepted|"
    r"recogni[sz]ed)\b|^\W*(invalid|unsupported|rejected)\b",
    re.I,
)
_JSON_KEYS = frozenset({"scopes", "scope", "scopes_supported", "permissions", "oauth_scopes"})
# Keys whose values are example data: a scope-shaped key under them is a sample's field.
_SAMPLE_KEY = re.compile(
    r"^(x-)?(examples?|samples?|payloads?|webhooks?|responses?|(request|response)[_-]?body"
    r"|mocks?)$",
    re.I,
)
# A heading that labels the one scope it names: "Scope: 'x'", "OAuth scope - x".
_SCOPE_LABEL = re.compile(
    r"^(?:oauth\s+)?(?:scope|permission)\s*(?:[:\u2013\u2014-]\s*|(?=['\"\u2018\u201c`]))",
    re.I,
)
_QUOTED = re.compile(r"['\"\u2018\u201c](.+?)['\"\u2019\u201d]")
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=\S)")
_NAME_KEYS = ("scope", "name", "value", "id", "key")
_DESC_KEYS = ("description", "desc", "definition", "summary", "help")
_MAX_JSON_CHARS = 20_000_000
_MAX_JSON_NODES = 500_000


def heading_scopes(tag: Tag, text_of: TextOf) -> list[tuple[str, str | None]]:
    """Scopes a heading names (``<h3><code>repo</code></h3>``, ``### `a` and `b```).

    Plain-text headings count only as one token that reads like a scope (lower case or with
    ``._:-``), so "Overview" is never a scope. A leading section number ("4.1.") is not part
    of the heading's name.
    """
    # a generator's section number ("4.1. ", Asciidoctor :sectnums:, Sphinx :numbered:)
    text = _SECTION_NUMBER.sub("", normalize_ws(text_of(tag)), count=1)
    labelled = _SCOPE_LABEL.match(text)
    if labelled:  # "Scope: 'profile'", "Permission - `files.read`": the label is not the name
        text = text[labelled.end() :]
    codes = tags_in(tag, _CODE)
    if codes:
        remainder = text
        for code in codes:
            remainder = remainder.replace(normalize_ws(code.get_text()), " ", 1)
        marker = version_marker(remainder)
        if not (_SEPARATORS.match(remainder) or marker):
            return _heading_pair(text, [c.get_text() for c in codes])
        tokens = [clean_scope_token(code.get_text()) for code in codes]
        return [(t, marker) for t in tokens if looks_like_scope(t)]
    paired = _heading_pair(text, [])
    if paired:
        return paired
    quoted = _QUOTED.fullmatch(text)
    token = clean_scope_token(quoted.group(1) if quoted else text)
    if labelled and quoted:  # the label and quotes say it is a name, whatever its case
        return [(token, None)] if looks_like_scope(token) else []
    return [(token, None)] if _shaped(token) and looks_like_scope(token) else []


def _heading_pair(text: str, codes: list[str]) -> list[tuple[str, str | None]]:
    """A heading that is wholly names of one resource (``read_x | `write_x` ``), in code or
    not, with a version badge at most after them."""
    paired = pair_tokens(text, codes)
    if paired is None:
        return []
    rest = paired[1].strip(" *_")
    marker = version_marker(rest) if rest else None
    return [(n, marker) for n in paired[0]] if not rest or marker else []


def _shaped(token: str) -> bool:
    """A plain-text token that reads like a scope: lower case, or with ``._:-/`` in it, or in
    constant case with an underscore; an all-capitals word or acronym pair ("API", "CI/CD")
    or a capitalised word is a heading."""
    has_lower = any(ch.islower() for ch in token)
    if re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", token):
        return True  # a constant-case name ("FILES_READ"), never a heading's words
    if re.fullmatch(r"[A-Z][a-z]+(-[A-Za-z]+)*", token):
        return False  # a capitalised (hyphenated) word: "Counter-examples", "Read-only"
    return has_lower and (any(ch in token for ch in "._:-/") or token.islower())


def heading_description(
    tag: Tag, text_of: TextOf, tokens: frozenset[str] = frozenset()
) -> tuple[str | None, str | None]:
    """The description under a scope heading: its first paragraph (plus the list it
    introduces when it ends with a colon), and a version badge from a callout box.

    A paragraph that only repeats the heading's scope under a label ("**Scope** `x`", a
    property line of a generated page) is not the description: the next paragraph is."""
    parts: list[str] = []
    marker: str | None = None
    names = ["p", "ul", "ol", "table", "pre", "aside", "hr", *_HEADINGS]
    for block in blocks_after(tag, names, 40):
        if block.name in _HEADINGS or block.name == "hr":
            break  # a rule ends the heading's section as a heading does
        box = block if block.name == "aside" else has_ancestor(block, "aside")
        if box is not None:
            found = _BADGE.match(normalize_ws(text_of(box))[:40])
            marker = marker or (found.group(1).lower() if found else None)
            continue
        if block.name == "p":
            if parts:
                break
            if has_ancestor(block, "table") is not None:
                continue  # a cell's paragraph (reST wraps cells in <p>): not under the heading
            text = normalize_ws(text_of(block))
            if _label_line(text, tokens):
                continue
            parts.append(text)
            if not parts[-1].endswith(":"):
                break
        elif block.name in ("ul", "ol") and parts:
            items = children_named(block, _LI)
            parts.extend(normalize_ws(text_of(li)) for li in items)
            break
        elif parts:
            break
    return (" ".join(p for p in parts if p) or None), marker


def _label_line(text: str, tokens: frozenset[str]) -> bool:
    """ "Scope x" under the heading of ``x``: a label and the token again, nothing more."""
    for token in tokens:
        if token in text.split():
            rest = text.replace(token, " ").split()
            return len(rest) <= 2 and not any(w.endswith((".", ":")) for w in rest)
    return False


def _own_text(item: Tag, owner: Tag) -> str:
    """An item's text without its nested lists (their items are records of their own); a
    line break is a space (names above, description below)."""
    out: list[str] = []
    for node in item.descendants:
        if isinstance(node, NavigableString) and nearest_ancestor(node, _ANY_LIST) is owner:
            out.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            out.append("\n")
    return "".join(out)


def list_records(
    tag: Tag, text_of: TextOf, bare_snake: bool = False
) -> Iterator[tuple[int, tuple[str, str | None, str | None, str]]]:
    """``(item number, (scope, description, version badge, raw text))`` for a scope list.

    An item is a scope item when it starts with a code span holding a scope token
    (``<li><code>openid</code>: Receive an ID token</li>``); a definition list pairs each
    ``<dt>`` token with its ``<dd>``. A list where fewer than half of the items are scope
    items is prose and yields nothing. With ``bare_snake`` (the list's own lead says it lists
    scopes) an item that is nothing but a plain ``area_verb`` token is a scope item too.
    """
    found: list[tuple[int, tuple[str, str | None, str | None, str]]] = []
    if tag.name == "dl":
        terms = children_named(tag, _DT)
        for number, term in enumerate(terms, start=1):
            token = clean_scope_token(text_of(term))
            dd = next_sibling_named(term, _TERM_PARTS)
            desc = _definition(dd, text_of) if dd is not None and dd.name == "dd" else None
            if looks_like_scope(token):
                found.append((number, (token, desc or None, None, text_of(term))))
        total = len(terms)
    else:
        items = children_named(tag, _LI)
        relations = 0
        for number, item in enumerate(items, start=1):
            raw = _own_text(item, tag)
            paired = _pair_item(item, tag, raw) if _MAY_PAIR.search(raw) else []
            if paired:  # "`read_x` / `write_x`: ...": every name, the description shared
                found.extend((number, p) for p in paired)
                continue
            parsed = _list_item(item, tag, raw)
            if parsed is not None:
                found.append((number, parsed))
                relations += _is_relation(item, tag, parsed[1])
            else:
                found.extend((number, p) for p in plain_item(item, tag, bare_snake))
        total = len(items)
        if relations * 2 > len(found):
            return  # "`a` implies `b`" test cases: statements about tokens, not a scope list
    if total and len(found) * 2 >= total:
        yield from found


#: The attribute the AsciiDoc converter gives a block attached to a list item by ``+``.
ATTACHED = "data-attached"


def _definition(dd: Tag, text_of: TextOf) -> str:
    """A definition's description: its whole text, less the blocks an AsciiDoc ``+``
    continuation attached below the item's own text (availability remarks, notes): the item's
    text is what the definition says, as a scope heading's is its first paragraph."""
    parts = [c for c in dd.children if not (isinstance(c, Tag) and c.has_attr(ATTACHED))]
    if len(parts) == len(list(dd.children)):
        return normalize_ws(text_of(dd))
    return normalize_ws(" ".join(text_of(c) if isinstance(c, Tag) else str(c) for c in parts))


# "ledger:read, ledger:write" or "audit.read: text": scope tokens in plain text (no code
# markup), each with scope punctuation inside, then an optional separator and description.
_PLAIN_TOKEN = r"[a-z][\w-]*(?:[.:/][\w*-]+)+"
_BARE_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
_PLAIN_ITEM = re.compile(
    rf"^(?P<tokens>{_PLAIN_TOKEN}(?:\s*,\s*{_PLAIN_TOKEN})*)\s*(?:[:\-\u2013\u2014]\s+(?P<desc>.+))?$"
)

_WORD_ITEM = re.compile(r"^([a-z][a-z0-9_]*)\s+[:\-\u2013\u2014]\s+(\S.*)$")
# An item that is one lower-case name and the word "scope" ("openid scope"), nothing else.
_CALLED_SCOPE = re.compile(r"([a-z][a-z0-9]*(?:[._:/-][a-z0-9]+)*) (?i:scope)")


def plain_item(
    item: Tag, owner: Tag, bare_snake: bool = False
) -> list[tuple[str, str | None, str | None, str]]:
    """The scopes a list item names in plain text, each with the item's description."""
    raw = _own_text(item, owner)
    found = _PLAIN_ITEM.match(normalize_ws(raw))
    called = _CALLED_SCOPE.fullmatch(normalize_ws(raw)) if found is None else None
    if called is not None and looks_like_scope(called.group(1)):
        return [(called.group(1), None, None, raw)]  # "openid scope": the item names one
    if found is None:
        snake = normalize_ws(raw) if bare_snake else ""
        if _BARE_SNAKE.fullmatch(snake):
            return [(snake, None, None, raw)]
        # "profile - (name, email ...)" under a lead that says scopes follow: a plain word,
        # a dash or colon, its description
        worded = _WORD_ITEM.match(snake)
        if worded and looks_like_scope(worded.group(1)):
            return [(worded.group(1), worded.group(2), None, raw)]
        return []
    desc = found.group("desc")
    tokens = [clean_scope_token(t) for t in found.group("tokens").split(",")]
    if not all(looks_like_scope(t) for t in tokens):
        return []
    return [(t, desc or None, None, raw) for t in tokens]


# What a pair of names needs between them (checked before the item's code spans are read)
_MAY_PAIR = re.compile(r"[,|&/]|\s(?:and|or)\s")


def _pair_item(item: Tag, owner: Tag, raw: str) -> list[tuple[str, str | None, str | None, str]]:
    """The scopes an item names together at its head (``read_x / write_x``), each with the
    item's description."""
    paired = pair_tokens(raw, _own_codes(item, owner))
    if paired is None:
        return []
    rest = _LEAD_SEPARATOR.sub("", paired[1]).strip()
    if _NOT_A_SCOPE.match(rest):
        return []
    badge = _BADGE_ONLY.fullmatch(rest)
    if badge:
        return [(n, None, badge.group(1).lower(), raw) for n in paired[0]]
    return [(n, rest or None, None, raw) for n in paired[0]]


def _own_codes(item: Tag, owner: Tag) -> list[str]:
    return [c.get_text() for c in tags_in(item, _CODE) if nearest_ancestor(c, _LISTS) is owner]


def _is_relation(item: Tag, owner: Tag, desc: str | None) -> bool:
    """``<code>a</code> implies <code>b</code>``: a few words relating two tokens."""
    if not desc:
        return False
    codes = [c for c in tags_in(item, _CODE) if nearest_ancestor(c, _LISTS) is owner][1:]
    if not codes:
        return False
    words = desc
    for code in codes:
        words = words.replace(normalize_ws(code.get_text()), " ")
    return len(re.findall(r"[A-Za-z]+", words)) <= 4


def _list_item(item: Tag, owner: Tag, raw: str) -> tuple[str, str | None, str | None, str] | None:
    own = normalize_ws(raw)
    code = next((c for c in tags_in(item, _CODE) if nearest_ancestor(c, _LISTS) is owner), None)
    if code is not None and (late := trailing_scope_item(raw, _own_codes(item, owner))):
        return late[0], late[1], None, raw  # "Read your files (`files.read`)"
    if code is None or not own.lstrip("*_ ").startswith(normalize_ws(code.get_text())):
        # "**public**: Get public information": a bold lead token, when it reads like a scope
        # (lower case or with scope punctuation), never a bold word such as "**Note**".
        code = next(
            (b for b in tags_in(item, _BOLD) if nearest_ancestor(b, _LISTS) is owner),
            None,
        )
        if code is None or not _shaped(clean_scope_token(code.get_text())):
            return None
    code_text = normalize_ws(code.get_text())
    if not own.lstrip("*_ ").startswith(code_text):
        return None
    token = clean_scope_token(code_text)
    if not looks_like_scope(token) or len(token) < 2:
        return None  # a one-letter name ("`c` was declined") is an example's variable
    rest = own.lstrip("*_ ")[len(code_text) :].lstrip("*_")
    rest = _LEAD_SEPARATOR.sub("", rest).strip()
    if _NOT_A_SCOPE.match(rest):
        return None  # "`admin`: not a valid scope": a counter-example
    badge = _BADGE_ONLY.fullmatch(rest)
    if badge:
        return token, None, badge.group(1).lower(), raw
    return token, (rest or sub_bullet_description(item)), None, raw


def json_script_records(
    soup: BeautifulSoup, source_url: str | None, scripts: list[Tag] | None = None
) -> tuple[list[ScopeRecord], list[str]]:
    """Scope lists inside ``__NEXT_DATA__`` and other JSON script blobs (read, never run).

    ``scripts``: the page's ``<script>`` elements in document order, when the caller has
    them already (the page is not walked again)."""
    records: list[ScopeRecord] = []
    warns: list[str] = []
    found = tags_in(soup, _SCRIPT) if scripts is None else scripts
    for number, script in enumerate(found, start=1):
        kind = str(script.get("type") or "").lower()
        if script.get("id") != "__NEXT_DATA__" and "json" not in kind:
            continue
        payload = script.string or script.get_text()
        if len(payload) > _MAX_JSON_CHARS:
            warns.append(f"script {number}: JSON blob too large to search")
            continue
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to parse
            warns.append(f"script {number}: embedded JSON could not be parsed")
            continue
        samples: list[tuple[Any, str]] = []
        for token, desc, pointer in _json_scopes(data, samples):
            locator = f"script {number} {pointer}"
            records.append(ScopeRecord(token, desc, None, None, None, source_url, locator))
        skipped = sorted({t for v, ptr in samples for t, _, _ in _json_scopes(v, None, ptr)})
        if skipped:
            where = ", ".join(sorted({ptr for _, ptr in samples})[:3])
            warns.append(
                f"script {number}: {len(skipped)} scope-shaped value(s) in JSON examples or "
                f"samples ({where}) were skipped as example data, not a scope list: "
                f"{', '.join(skipped[:6])}{' ...' if len(skipped) > 6 else ''}"
            )
    return records, warns


def _json_scopes(
    data: Any, samples: list[tuple[Any, str]] | None, root: str = ""
) -> Iterator[tuple[str, str | None, str]]:
    """Walk JSON without recursion; yield scopes found under scope-list keys.

    Subtrees under example, sample, response and webhook-payload keys are example data (a
    response's ``"permissions": {"admin": true}``): they go to ``samples``, not the result
    (``samples`` None: read them too).
    """
    stack: list[tuple[Any, str]] = [(data, root)]
    seen = 0
    while stack and seen < _MAX_JSON_NODES:
        value, pointer = stack.pop()
        seen += 1
        if isinstance(value, dict):
            items = list(value.items())
            for key, child in reversed(items):
                child_ptr = f"{pointer}/{pointer_token(str(key))}"
                if (
                    samples is not None
                    and _SAMPLE_KEY.match(str(key))
                    and isinstance(child, dict | list)
                ):
                    samples.append((child, child_ptr))
                elif str(key).lower() in _JSON_KEYS:
                    yield from _scope_list(child, child_ptr)
                elif isinstance(child, dict | list):
                    stack.append((child, child_ptr))
        elif isinstance(value, list):
            for index in range(len(value) - 1, -1, -1):
                if isinstance(value[index], dict | list):
                    stack.append((value[index], f"{pointer}/{index}"))


def _scope_list(value: Any, pointer: str) -> Iterator[tuple[str, str | None, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            desc = child if isinstance(child, str) else None
            if isinstance(child, dict):
                desc = next((child[k] for k in _DESC_KEYS if isinstance(child.get(k), str)), None)
            if looks_like_scope(str(key)):
                yield (
                    str(key),
                    (normalize_ws(desc) if desc else None),
                    f"{pointer}/{pointer_token(key)}",
                )
    elif isinstance(value, list):
        for index, child in enumerate(value):
            ptr = f"{pointer}/{index}"
            if isinstance(child, str) and looks_like_scope(child):
                yield child, None, ptr
            elif isinstance(child, dict):
                name = next((child[k] for k in _NAME_KEYS if isinstance(child.get(k), str)), None)
                desc = next((child[k] for k in _DESC_KEYS if isinstance(child.get(k), str)), None)
                if name and looks_like_scope(name):
                    yield name, (normalize_ws(desc) if desc else None), ptr
