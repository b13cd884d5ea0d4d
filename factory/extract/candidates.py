"""The candidate harvester: a second reader, independent of table and list structure.

The structured extractors read scope tables, lists and spec sections; they may miss a layout
nobody described. This reader looks at every piece of a document (text, code spans and
blocks, headings, definition terms, attributes and component props, table cells, every string
of a spec; see ``candidates_markup`` and ``candidates_spec``) and keeps each *scope-shaped*
token that stands in *scope context*:

- its section, sentence, attribute name or key path speaks of scopes, permissions, grants or
  consent;
- it sits among other scope-shaped tokens in one list, table column or attribute value;
- it follows the scope syntax the structured result shows for this provider (a shared URL
  prefix, ``r_``/``w_`` prefixes, ``resource.action``, ``area:verb``).

Negative statements ("not a valid scope", "these roles are not scopes") and request/response
examples lower a token's standing. Whatever the structured reader did not return is a
:class:`~factory.models.Candidate` that says why; structured names the harvester never saw in
scope context are returned as ``unconfirmed`` (a flag for review, nothing is dropped).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from factory.extract.text import clean_scope_token, looks_like_scope, mentions_scopes, normalize_ws
from factory.models import Candidate, Document, ExtractionResult

__all__ = ["Segment", "harvest", "with_candidates"]

#: Kinds whose document is read as data (every string of every field).
SPEC_KINDS = frozenset({"openapi", "google-discovery", "oidc", "json"})
#: Candidates kept per document at most (a page of thousands of tokens is not reviewable).
MAX_CANDIDATES = 500


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a document the harvester reads.

    ``where`` is text, code, example, heading, term, attribute, cell or item; ``label`` is an
    attribute name, a key path or a column header; ``group`` names the list, table column or
    attribute value the piece belongs to (pieces of one group are one list).
    """

    text: str
    locator: str
    where: str = "text"
    section: str = ""
    label: str = ""
    group: str = ""
    around: str = ""  # the sentence or line around a code span (its own text is the code)


_CONTEXT_WORDS = re.compile(r"\b(grants?|granted|consent|authori[sz]ation\s+scopes?)\b", re.I)
_LABEL_CONTEXT = re.compile(r"scope|permission|grant|consent|securit", re.I)
_NEGATIVE = re.compile(
    r"\b(?:not|never|isn't|aren't)\s+(?:an?\s+)?(?:valid\s+|oauth\s+|real\s+)?"
    r"(?:scopes?|permissions?)\b|\bare\s+(?:roles|access\s+levels)\b[^.]{0,40}\bnot\b",
    re.I,
)
_EXAMPLE_TEXT = re.compile(
    r"HTTP/\d|\bcurl\s|^\s*[{\[]|^\s*(GET|POST|PUT|PATCH|DELETE)\s+/|\bAuthorization:\s", re.M
)
_SPLIT = re.compile(r"[\s,;|()\"'`<>=!?\[\]{}]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\"'(])")
_SEPARATED = re.compile(r"[A-Za-z0-9][._:/\-][A-Za-z0-9*{<]")
_FILE = re.compile(
    r"\.(md|mdx|json|ya?ml|html?|js|jsx|ts|tsx|py|rb|go|java|php|png|svg|jpe?g|gif|css|xml|"
    r"txt|csv|zip|rst|adoc|sh|exe|dll|so)$",
    re.I,
)
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+(com|org|net|io|dev|app|co|ai|us|uk|de|fr|jp|cloud)$")
_VERSIONISH = re.compile(r"^v?\d+(\.\d+)*[a-z]?$|^\d", re.I)
# The protocol's own vocabulary: parameters and token fields every OAuth page shows.
_PROTOCOL = frozenset(
    """client_id client_secret access_token refresh_token id_token redirect_uri redirect_url
    response_type grant_type code_verifier code_challenge code_challenge_method token_type
    expires_in authorization_code client_credentials response_mode token_endpoint
    authorization_endpoint userinfo_endpoint scopes_supported e.g i.e etc a.m p.m
    x-www-form-urlencoded application/json application/x-www-form-urlencoded
    text/html content-type""".split()
)
_PROSE_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)+$")  # "read-only", "third-party", "sign-in"


def _looks(token: str, where: str, lead: bool = False) -> bool:
    """Scope-shaped: a scope's characters and a separator, unless the token is the whole of
    a code span, a cell, a list item's lead, a term or an attribute value's item."""
    if not looks_like_scope(token) or len(token) < 2 or token.lower() in _PROTOCOL:
        return False
    if _FILE.search(token) or _DOMAIN.match(token.lower()) or _VERSIONISH.match(token):
        return False
    if "@" in token or token.isupper() and "_" in token and where not in ("attribute", "item"):
        return False  # e-mail addresses; CONSTANT_NAMES in prose and code
    if token.startswith(("http://", "https://")):
        return True
    if _SEPARATED.search(token) and not _PROSE_WORD.match(token):
        return True
    lenient = where in ("attribute", "spec", "spec-list") or (
        lead and where in ("code", "cell", "item", "term", "heading")
    )
    return lenient and (token.islower() or _PROSE_WORD.match(token) is not None) and (
        where != "heading"
    )


_LEAD = re.compile(r"^[\s*_`\"'\u201c]*([^\s,;|()\"'`<>=!?\[\]{}]+)[*_`\"'\u201d]*(?:\s*$|\s+[-\u2013\u2014:]\s|:\s)")


def _lead(text: str) -> str | None:
    """The token a piece *is* (a whole cell or code span) or leads with ("`x` - text")."""
    found = _LEAD.match(text)
    return clean_scope_token(found.group(1).rstrip(".:")) if found else None


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    """(cleaned token, offset) for every whitespace/punctuation-separated piece of ``text``."""
    for found in re.finditer(r"https?://[^\s<>\"'`),;]+|[^\s,;|()\"'`<>=!?\[\]{}]+", text):
        raw = found.group(0).rstrip(".:")
        token = clean_scope_token(raw).strip("*_~")
        if token:
            yield token, found.start()


def _sentence(text: str, offset: int) -> str:
    start = 0
    for found in _SENTENCE.finditer(text):
        if found.start() >= offset:
            return text[start : found.start()]
        start = found.end()
    return text[start:]


@dataclass(slots=True)
class _Syntax:
    """The scope syntax the structured result shows: URL prefixes, name prefixes, shapes."""

    prefixes: frozenset[str]
    shapes: frozenset[str]

    @classmethod
    def of(cls, names: Iterable[str]) -> _Syntax:
        prefixes: dict[str, int] = {}
        shapes: dict[str, int] = {}
        for name in names:
            if name.startswith(("http://", "https://")):
                prefixes[name.rsplit("/", 1)[0] + "/"] = prefixes.get(name, 0) + 2
                continue
            head = re.match(r"^([A-Za-z0-9]{1,3}_|[A-Za-z0-9_\-]+[.:])", name)
            if head:
                prefixes[head.group(1)] = prefixes.get(head.group(1), 0) + 1
            shape = re.sub(r"[A-Za-z0-9\-]+", "w", name)
            if shape != "w":
                shapes[shape] = shapes.get(shape, 0) + 1
        return cls(
            frozenset(p for p, n in prefixes.items() if n >= 2),
            frozenset(s for s, n in shapes.items() if n >= 3),
        )

    def follows(self, token: str) -> bool:
        if any(token.startswith(p) and len(token) > len(p) for p in self.prefixes):
            return True
        return re.sub(r"[A-Za-z0-9\-]+", "w", token) in self.shapes and token.islower()


def _group_sizes(found: list[tuple[str, Segment, int]]) -> dict[str, int]:
    names: dict[str, set[str]] = {}
    for token, seg, _offset in found:
        if seg.group:
            names.setdefault(seg.group, set()).add(token)
    return {g: len(n) for g, n in names.items()}


def _standing(token: str, seg: Segment, offset: int, lists: dict[str, int]) -> tuple[int, list[str]]:
    """(score, reasons) from the context alone (the syntax reason is added by the caller)."""
    reasons: list[str] = []
    sentence = seg.around or _sentence(seg.text, offset)
    if _LABEL_CONTEXT.search(seg.label):
        reasons.append(f"{_LABEL_NAMES.get(seg.where, 'label')} {seg.label[:60]!r} speaks of scopes")
    if mentions_scopes(seg.section) or _CONTEXT_WORDS.search(seg.section):
        reasons.append(f"section {seg.section[-80:]!r} speaks of scopes")
    if seg.where in ("text", "code", "cell", "item", "term") and (
        mentions_scopes(sentence) or _CONTEXT_WORDS.search(sentence)
    ):
        reasons.append("its sentence speaks of scopes")
    if lists.get(seg.group, 0) >= 3:
        reasons.append(f"among {lists[seg.group]} scope-shaped tokens in one list")
    score = len(reasons)
    if _NEGATIVE.search(sentence) or _NEGATIVE.search(seg.section):
        score -= 2
        reasons.append("lowered: a negative statement ('not a scope') stands by it")
    if seg.where == "example" or (seg.where == "code" and _EXAMPLE_TEXT.search(seg.text)):
        score -= 1
        reasons.append("lowered: inside a request/response example")
    return score, reasons


_LABEL_NAMES = {"attribute": "attribute", "cell": "column", "spec": "key", "spec-list": "key"}


def harvest(
    segments: Iterable[Segment], structured: Iterable[str]
) -> tuple[tuple[Candidate, ...], tuple[str, ...]]:
    """Candidates (tokens in scope context the structured names lack) and unconfirmed names.

    Args:
        segments: the pieces of one document, in document order.
        structured: the scope names the structured reader returned.

    Returns:
        (candidates in document order, one per name; structured names never seen in context).
    """
    taken = list(dict.fromkeys(structured))
    taken_set = set(taken)
    syntax = _Syntax.of(taken)
    found: list[tuple[str, Segment, int]] = []
    for seg in segments:
        lead = _lead(seg.text) if seg.where not in ("text", "example") else None
        for token, offset in _tokens(seg.text):
            if token in taken_set or _looks(token, seg.where, token == lead):
                found.append((token, seg, offset))
    lists = _group_sizes(found)
    best: dict[str, tuple[int, Candidate]] = {}
    confirmed: set[str] = set()
    for token, seg, offset in found:
        score, reasons = _standing(token, seg, offset, lists)
        if token in taken_set:
            if score > 0:
                confirmed.add(token)
            continue
        if syntax.follows(token):
            score += 1
            reasons.insert(0, "follows this provider's scope syntax")
        if score <= 0 or not any(not r.startswith("lowered") for r in reasons):
            continue
        if token in best and best[token][0] >= score:
            continue
        around = seg.around or _sentence(seg.text, offset)
        context = html.escape(normalize_ws(around)[:300], quote=False)
        best[token] = (score, Candidate(token, seg.locator, context, "; ".join(reasons)))
    order = {t: i for i, (t, _s, _o) in reversed(list(enumerate(found)))}
    ranked = sorted(best.items(), key=lambda item: order[item[0]])[:MAX_CANDIDATES]
    unconfirmed = tuple(n for n in taken if n not in confirmed)
    return tuple(c for _t, (_s, c) in ranked), unconfirmed


def segments_of(doc: Document, kind: str) -> Iterator[Segment]:
    """The pieces of ``doc`` read as its kind is (markup as text, specs as data)."""
    from factory.extract import candidates_markup, candidates_spec

    text = doc.text()
    if kind in SPEC_KINDS:
        return candidates_spec.spec_segments(text)
    if kind == "html":
        return candidates_markup.html_segments(text)
    return candidates_markup.text_segments(text)


def with_candidates(doc: Document, kind: str, result: ExtractionResult) -> ExtractionResult:
    """``result`` with the harvester's candidates, its unconfirmed names and one warning each.

    Never fails the extraction: a document the harvester cannot read gives no candidates.
    """
    names = [s.scope_name for s in result.scopes]
    try:
        candidates, unconfirmed = harvest(segments_of(doc, kind), names)
    except (ValueError, RecursionError):
        return result
    warnings = list(result.warnings)
    if candidates:
        shown = ", ".join(c.scope_name for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        warnings.append(
            f"{len(candidates)} candidate scope(s) the structured reader did not return stand "
            f"in scope context ({shown}{more}): review them and include the real ones"
        )
    if unconfirmed and len(unconfirmed) < len(names) or unconfirmed and len(names) <= 3:
        shown = ", ".join(unconfirmed[:8])
        more = f" and {len(unconfirmed) - 8} more" if len(unconfirmed) > 8 else ""
        warnings.append(
            f"{len(unconfirmed)} scope(s) were never seen in scope context by the second reader "
            f"({shown}{more}): they may be roles, access levels, event names or example keys"
        )
    else:
        unconfirmed = ()
    return replace(
        result, warnings=tuple(warnings), candidates=candidates, unconfirmed=unconfirmed
    )
