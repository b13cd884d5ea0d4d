"""Scopes named only in prose: inline enumerations and defining sentences.

Some pages never list their scopes in a table, a list or a heading; they name them in running
text. Two shapes are read, both only with scope context in the sentence itself (or in the
name of the parameter a cell or item describes), and both warned by the engine:

- an inline enumeration of two or more code tokens joined by commas, "and" or "or":
  "Available scopes include `basic`, `write`, and `offline_access`." or, in a parameter's
  description, "one of `read`, `write` or `read_write`". A lone code token is a mention,
  not a list; a sentence that says the tokens are not valid ("never", "invalid", "not")
  lists counter-examples, and tokens the words around them (or the words that open the
  sentence: "Other claims include ...") call claims, fields or parameters are those,
  whatever scope the sentence mentions;
- a paragraph that opens by defining one scope: "The special `kestrel` scope is required
  ...": the paragraph is its description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import Comment, NavigableString, Tag

from factory.extract.candidates_confirm import NameParts, part_of_names
from factory.extract.html_tables import Cell, cell_text, children_named, first_tag, has_ancestor
from factory.extract.html_walk import PageWalk, text_of
from factory.extract.text import (
    clean_scope_token,
    looks_like_scope,
    mentions_scopes,
    normalize_ws,
    version_marker,
)
from factory.models import ScopeRecord

__all__ = [
    "Enumeration",
    "defined_scope",
    "enumerations",
    "keep_prose_scopes",
    "prose_in_list",
    "prose_in_paragraph",
    "prose_in_table",
]

_SEPARATOR = re.compile(r"^\s*(,\s*(and|or)\s*|,|and|or|/|&|,?\s*as well as)?\s*$", re.I)
_STOPS = frozenset({"ul", "ol", "dl", "table", "pre"})
_LI = frozenset({"li"})
_CODE = frozenset({"code"})
_SENTENCE_END = re.compile(r"[.!?](\s|$)|\n")
_NEGATIVE = re.compile(r"\b(not|never|invalid|unsupported|no longer|deprecated)\b", re.I)
_OTHER_THINGS = re.compile(
    r"\b(claims?|fields?|parameters?|params|attributes?|properties|headers?|endpoints?|events?"
    r"|errors?|methods?|columns?|flags?|options?|arguments?|keys?)\b",
    re.I,
)
# "The goal is to deprecate and eventually remove these scopes": said of the list before it.
_RETIRING = re.compile(
    r"\b(deprecat\w*|retir\w*|remov\w*|sunset\w*|phas\w* out)\b[^.]{0,60}\bthese\b[^.]{0,40}"
    r"\b(scopes?|permissions?)\b",
    re.I,
)
_PROSE_KINDS = frozenset({"prose", "definition"})
_DEFINITION = re.compile(
    r"^(?:the|an?)\s+(?:[a-z][\w-]*\s+){0,2}(?P<code>\ue002[^\ue003]+\ue003)\s+"
    r"(?:oauth\s+)?(?:scope|permission)\b(?!\s+(?:is|was|does)\s+not\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Enumeration:
    """Scope tokens a sentence enumerates, and the sentence (for the warning)."""

    tokens: tuple[str, ...]
    sentence: str


def _segments(tag: Tag) -> list[tuple[bool, str]]:
    """(is code, text) pieces of a block in order; nested lists and tables end a sentence."""
    out: list[tuple[bool, str]] = []
    stack: list[Tag] = [tag]
    pending: list[list[object]] = [list(tag.children)]
    while pending:
        children = pending[-1]
        if not children:
            pending.pop()
            stack.pop()
            continue
        child = children.pop(0)
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment):
                out.append((False, str(child)))
        elif isinstance(child, Tag):
            if child.name == "code":
                out.append((True, child.get_text()))
            elif child.name in _STOPS:
                out.append((False, "\n"))
            else:
                stack.append(child)
                pending.append(list(child.children))
    return out


def enumerations(tag: Tag, hint: str = "") -> list[Enumeration]:
    """Inline enumerations of scope tokens in a block's text (see the module docstring).

    Args:
        tag: A paragraph, a table cell or a list item.
        hint: What the block describes (a parameter or row name): scope context of its own.
    """
    segs = _segments(tag)
    found: list[Enumeration] = []
    i = 0
    while i < len(segs):
        if not segs[i][0]:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j + 1 < len(segs) and not segs[j][0] and segs[j + 1][0]:
            if not _SEPARATOR.match(segs[j][1]):
                break
            run.append(j + 1)
            j += 2
        i = run[-1] + 1
        tokens = _without_combinations([clean_scope_token(segs[k][1]) for k in run])
        if len(tokens) < 2 or not all(looks_like_scope(t) for t in tokens):
            continue
        sentence, context = _sentence(segs, run)
        if _NEGATIVE.search(context) or _names_other_things(segs, run) or _led_by_other(segs, run):
            continue
        if mentions_scopes(context) or mentions_scopes(hint):
            found.append(Enumeration(tuple(dict.fromkeys(tokens)), sentence))
    return found


def _without_combinations(tokens: list[str]) -> list[str]:
    """The tokens without those that only join others ("`read`, `write` or `read write`":
    the last one is the two scopes requested together, not a third scope)."""
    single = {t for t in tokens if not t.split()[1:]}
    return [t for t in tokens if not (t.split()[1:] and set(t.split()) <= single)]


def _names_other_things(segs: list[tuple[bool, str]], run: list[int]) -> bool:
    """Whether the words right around a run name what the tokens are, and it is not scopes:
    "the `email` and `email_verified` claims", "the fields `id`, `name`"."""
    after = segs[run[-1] + 1][1] if run[-1] + 1 < len(segs) and not segs[run[-1] + 1][0] else ""
    before = segs[run[0] - 1][1] if run[0] > 0 and not segs[run[0] - 1][0] else ""
    near = " ".join([*before.split()[-2:], "|", *after.split()[:2]])
    return bool(_OTHER_THINGS.search(near)) and not mentions_scopes(near)


def _led_by_other(segs: list[tuple[bool, str]], run: list[int]) -> bool:
    """Whether the words that open the sentence up to the run name what the tokens are, and
    it is not scopes: "Other standard claims include `a`, `b` ... in the `profile` scope"
    enumerates claims, whatever scope the sentence's end speaks of."""
    parts: list[str] = []
    for code, text in reversed(segs[: run[0]]):
        ends = None if code else list(_SENTENCE_END.finditer(text))
        if ends:
            parts.append(text[ends[-1].end() :])
            break
        parts.append(text)
    lead = " ".join(reversed(parts))
    return bool(_OTHER_THINGS.search(lead)) and not mentions_scopes(lead)


def _sentence(segs: list[tuple[bool, str]], run: list[int]) -> tuple[str, str]:
    """(the sentence around a run, its words without the run's tokens)."""
    start = run[0]
    while start > 0 and not (not segs[start - 1][0] and _SENTENCE_END.search(segs[start - 1][1])):
        start -= 1
    end = run[-1]
    while end + 1 < len(segs):
        end += 1
        if not segs[end][0] and _SENTENCE_END.search(segs[end][1]):
            break
    lead = re.split(r"[.!?]\s|\n", segs[start - 1][1])[-1] if start > 0 else ""
    body = list(enumerate(segs[start : end + 1], start=start))
    if end > run[-1] and not segs[end][0]:
        stop = _SENTENCE_END.search(segs[end][1])
        body[-1] = (end, (False, segs[end][1][: stop.end()] if stop else segs[end][1]))
    sentence = normalize_ws(lead + "".join(text for _, (_, text) in body))
    context = normalize_ws(" ".join([lead, *(text for k, (_, text) in body if k not in run)]))
    return sentence, context


def defined_scope(tag: Tag) -> str | None:
    """The scope a paragraph opens by defining ("The special `x` scope is ..."), if any."""
    segs = _segments(tag)
    marked = "".join(f"\ue002{text}\ue003" if code else text for code, text in segs)
    found = _DEFINITION.match(normalize_ws(marked))
    if found is None:
        return None
    token = clean_scope_token(found.group("code")[1:-1])
    return token if looks_like_scope(token) else None


def prose_in_paragraph(tag: Tag, walk: PageWalk) -> None:
    """Scopes a paragraph names in prose: a defining sentence, inline enumerations."""
    if not walk.access_page:
        return
    text = normalize_ws(text_of(tag))
    if walk.last_block and _RETIRING.search(text):
        walk.annotate_last_block("deprecated (to be removed)")
    if has_ancestor(tag, "li") is None:
        walk.last_block = []  # only the paragraph right after a block speaks of it
    walk.paragraphs += 1
    locator = f"paragraph {walk.paragraphs}"
    token = defined_scope(tag)
    if token is not None and mentions_scopes(walk.block_context()):
        desc = text
        version = version_marker(desc) or walk.heading_version()
        record = ScopeRecord(
            token, desc, version, walk.heading_kind(), walk.section(), walk.source_url, locator
        )
        walk.add("definition", record)
    _add_enumerations(tag, "", locator, walk)


def _add_enumerations(tag: Tag, hint: str, locator: str, walk: PageWalk) -> None:
    for found in enumerations(tag, hint):
        for token in found.tokens:
            record = ScopeRecord(
                token, None, walk.heading_version(), walk.heading_kind(), walk.section(),
                walk.source_url, locator,
            )  # fmt: skip
            walk.add("prose", record)
        walk.prose_sentences.append(found.sentence)


def prose_in_table(grid: list[list[Cell | None]], walk: PageWalk) -> None:
    """Enumerations in the cells of a table that is not a scope table (a parameter's values)."""
    if not walk.access_page:
        return
    for number, row in enumerate(grid, start=1):
        hint = cell_text(row, 0) if row else ""
        for col, cell in enumerate(row):
            if cell is not None and not cell.spanned and col > 0:
                _add_enumerations(cell.tag, hint, f"table {walk.tables} row {number}", walk)


def prose_in_list(tag: Tag, walk: PageWalk) -> None:
    """Enumerations in the items of a list that is not a scope list (parameter docs)."""
    if not walk.access_page or tag.name == "dl":
        return
    for number, item in enumerate(children_named(tag, _LI), start=1):
        first = first_tag(item, _CODE)
        hint = first.get_text() if isinstance(first, Tag) else ""
        _add_enumerations(item, hint, f"list {walk.lists} item {number}", walk)


def keep_prose_scopes(records: list[tuple[str, ScopeRecord]], walk: PageWalk) -> list[ScopeRecord]:
    """The page's records, with scopes read from prose kept only where no block documents
    them: a defining sentence's scope when no list or table names it, enumerations only
    when the page documents no scope in a block at all. Either is warned."""
    listed = {r.scope_name for kind, r in records if kind not in _PROSE_KINDS}
    parts = NameParts.of(listed)
    out: list[ScopeRecord] = []
    from_prose: dict[str, str] = {}
    for kind, record in records:
        if kind not in _PROSE_KINDS:
            out.append(record)
        elif (
            (kind == "definition" or not listed)
            and record.scope_name not in {*listed, *from_prose}
            # "A `write` scope includes its `read` counterpart" beside `x.files.write`: a
            # part of the listed names (an access level), not a scope of its own
            and not part_of_names(record.scope_name, parts)
        ):
            from_prose[record.scope_name] = kind
            out.append(record)
    defined = [name for name, kind in from_prose.items() if kind == "definition"]
    named = [name for name, kind in from_prose.items() if kind == "prose"]
    if defined:
        walk.warn(
            f"{len(defined)} scope(s) read from a sentence that defines them, not from a list "
            f"or table ({', '.join(defined[:5])}): check them against the page"
        )
    if named:
        walk.warn(
            f"{len(named)} scope(s) read from prose enumerations with no descriptions "
            f'({", ".join(named[:8])}), e.g. "{walk.prose_sentences[0][:120]}": the page '
            "lists them nowhere else; check them against it"
        )
    return out
