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
from dataclasses import dataclass
from functools import lru_cache

from factory.extract.candidates_cells import badge_names, without_non_names
from factory.extract.candidates_code import EXAMPLE_NOTE, EXAMPLE_TEXT
from factory.extract.candidates_confirm import (
    SEPARATOR_CHARS,
    NameParts,
    confirmed_names,
    modified_forms,
    part_of_names,
)
from factory.extract.candidates_kinds import STRONG_KINDS, other_kind_notes
from factory.extract.candidates_labels import label_notes
from factory.extract.candidates_lists import camel_name, listed_notes
from factory.extract.candidates_looks import (
    WORD_NAME,
    code_name,
    is_pattern,
    url_named,
    url_spans,
    word_columns,
)
from factory.extract.candidates_named import named_lead
from factory.extract.candidates_page import PageWords, flow_heading_only, flow_peers
from factory.extract.candidates_params import parameter_note
from factory.extract.candidates_peers import (
    CONSTANT,
    LISTING_PLACES,
    MIN_PEERS,
    WHOLE_CODE,
    constant_forms,
    peer_counts,
    span_leads,
)
from factory.extract.candidates_segments import segments_of
from factory.extract.candidates_shape import (
    LEAD_PLACES,
    Segment,
    Syntax,
    block_counts,
    heading_shaped,
    lead_token,
    scope_shaped,
    section_names_other,
    section_speaks,
    sentence_at,
    separated_tokens,
    shape_of,
    tokens,
)
from factory.extract.candidates_tables import OTHER_COLUMN
from factory.extract.candidates_titles import short_code_cell, title_columns
from factory.extract.candidates_word_headings import word_heading_under_scopes
from factory.extract.candidates_words import (
    OIDC_CLAIMS,
    called_a_scope_after,
    named_in_heading,
    what_else,
)
from factory.extract.comma_spans import in_comma_span
from factory.extract.scope_pairs import pair_leads
from factory.extract.text import described_by_type, mentions_scopes, normalize_ws
from factory.models import Candidate

__all__ = ["Segment", "harvest", "segments_of"]

#: Candidates kept per document at most (a page of thousands of tokens is not reviewable).
MAX_CANDIDATES = 500


_CONTEXT_WORDS = re.compile(
    r"\bgrants?\s+(?:\w+\s+)?(?:access|permission|the\s+app|your\s+app|read|write)\b"
    r"|\bgranted\b|\bconsent\b"
    # "the `x` scope to use ...": a name in code right before the word
    r"|`[^`\s]+`\s+(?:scopes?|permissions?)\b",
    re.I,
)
_LABEL_CONTEXT = re.compile(r"scope|permission|grant|consent|securit|capabilit", re.I)
_NEGATIVE = re.compile(
    r"\b(?:not|never|isn't|aren't)\s+(?:an?\s+)?(?:valid\s+|oauth\s+|real\s+)?"
    r"(?:scopes?|permissions?)\b|\bare\s+(?:roles|access\s+levels)\b[^.]{0,40}\bnot\b",
    re.I,
)
_LABEL_NAMES = {
    "attribute": "attribute",
    "cell": "column",
    "spec": "key",
    "spec-list": "key",
    "item": "the list's lead-in",
}


def _speaks(text: str) -> bool:
    return mentions_scopes(text) or bool(_CONTEXT_WORDS.search(text))


# A page's tokens share their sentences, sections and code blocks: each is judged once
# (a string caches its own hash, so a long block is hashed once too).
@lru_cache(maxsize=4096)
def _speaks_cached(text: str) -> bool:
    return _speaks(text)


@lru_cache(maxsize=4096)
def _negative(text: str) -> bool:
    return bool(_NEGATIVE.search(text))


@lru_cache(maxsize=256)
def _example_block(text: str) -> bool:
    return bool(EXAMPLE_TEXT.search(text))


@dataclass(frozen=True, slots=True)
class _Seen:
    token: str
    seg: Segment
    offset: int
    lead: bool
    phrase: bool = False  # a whole cell of words, not a token
    url_peer: bool = False  # a URL that counts only among URLs of its shape in one list
    camel: bool = False  # a camelCase word that counts only as an item among names
    bare: bool = False  # a heading of one lower-case word: a name among named siblings only


def _context(seen: _Seen) -> tuple[list[str], list[str]]:
    """(reasons the place gives, what lowers it), before lists and syntax are counted."""
    seg, reasons, lowered = seen.seg, [], []
    if seg.where == "block":  # code: the line that holds the token speaks for it
        start = seg.text.rfind("\n", 0, seen.offset) + 1
        end = seg.text.find("\n", seen.offset)
        sentence = seg.text[start : end if end >= 0 else len(seg.text)]
    else:
        sentence = seg.around or sentence_at(seg.text, seen.offset)
    if seen.lead and _LABEL_CONTEXT.search(seg.label):
        name = _LABEL_NAMES.get(seg.where, "label")
        reasons.append(f"{name} {seg.label[:60]!r} speaks of scopes")
    said = seg.where not in ("heading", "spec", "spec-list") and _speaks_cached(sentence)
    said = said and not (seen.lead and seg.where == "heading")
    if (seen.lead or seg.where == "block" or said) and section_speaks(seg.section):
        reasons.append(f"section {seg.section[-80:]!r} speaks of scopes")
    if said:
        reasons.append("its sentence speaks of scopes")
    if _negative(sentence) or _negative(seg.section):
        lowered.append("lowered: a negative statement ('not a scope') stands by it")
    if seg.where == "example" or (seg.where == "block" and _example_block(seg.text)):
        lowered.append(EXAMPLE_NOTE)
    if seg.where == "heading" and seen.lead:
        if named_in_heading(seg.text) == seen.token:
            reasons.insert(0, "its heading names it a scope")
        elif called_a_scope_after(seg.around):
            reasons.insert(0, f"the text after its heading calls it a scope ({seg.around[:40]!r})")
    if is_pattern(seen.token):
        lowered.append("lowered: a wildcard pattern (it stands for many names)")
    if seg.where == "block" and code_name(seen.token, seg.text, seen.offset):
        lowered.append("lowered: a name in code (a call's argument or a subscript), not a value")
    lowered.extend(other_kind_notes(seen.token, sentence, seg.section, seg.where == "heading"))
    if seg.where in ("code", "text"):  # running text: the sentence's other spans are its company
        said_in = seg.around or sentence
        at = said_in.find(f"`{seen.token}")
        param = parameter_note(seen.token, sentence_at(said_in, at) if at >= 0 else said_in)
        lowered.extend([param] if param else [])
    lowered.extend(label_notes(seen.token, seg.where, seg.label, *_around(seen)))
    if seg.where == "item" and described_by_type(_around(seen)[1].lstrip("`*_'\"")):
        lowered.append("lowered: the page calls it an attribute (its item opens with a data type)")
    if seg.lowered:
        lowered.append(seg.lowered)
    elif seen.token in OIDC_CLAIMS and not (seg.where == "heading" and seen.lead):
        lowered.append("lowered: an OpenID Connect claim name")
    if reasons and seg.where not in _NAMED_PLACES:
        said_else = what_else(*_around(seen))
        if said_else:
            lowered.append(said_else)
    return reasons, lowered


def _path_called_a_scope(token: str, seg: Segment) -> bool:
    """A path-shaped name in code that its sentence calls a scope right after it ("uses the
    `/authenticate` scope"): some providers name their scopes as paths."""
    if not token.startswith("/") or seg.where != "code" or not seg.around:
        return False
    return re.search(rf"`{re.escape(token)}`\s+scopes?\b", seg.around, re.I) is not None


#: Places whose words are no sentence about the token (what else it is is never asked).
_NAMED_PLACES = ("heading", "spec", "spec-list", "attribute")


def _around(seen: _Seen) -> tuple[str, str]:
    """The few words before and after a token (a whole code span's: its line's); a few,
    so that a long block's token is not judged by the whole block."""
    seg, token = seen.seg, seen.token
    text, start, end = seg.text, -1, -1
    if seg.where == "code" and seen.lead and seg.around:
        text, start = seg.around, seg.around.find(seg.text)
        end = start + len(seg.text)
    if start < 0:
        text = seg.text
        start = text.find(token, seen.offset, seen.offset + len(token) + 4)
        end = start + len(token)
    if start < 0:
        return text[max(0, seen.offset - _NEAR) : seen.offset], ""
    return text[max(0, start - _NEAR) : start], text[end : end + 2 * _NEAR]


_NEAR = 60  # characters on each side that can say what a token is


#: Notes that outweigh two reasons: a negative statement or a table of claims stands by it,
#: or the token is a wildcard pattern.
_STRONG = ("negative", "table of claims", "column of claims", "wildcard pattern", *STRONG_KINDS)
#: Notes that outweigh any reasons: the words right at the token say what else it is.
_DECISIVE = ("calls it", "a call in code", "a name in code", "part of", OTHER_COLUMN)


def _standing(reasons: list[str], lowered: list[str]) -> int:
    """A token's score: its reasons less what lowers them (the words at the token that call
    it something else outweigh every reason; a negative statement or a table of claims two;
    an example or a claim's name one)."""
    if any(k in w for w in lowered for k in _DECISIVE):
        return 0
    strong = sum(1 for w in lowered if any(k in w for k in _STRONG))
    return len(reasons) - 2 * strong - (len(lowered) - strong)


#: Where a URL is a scope's shape: a spec key or an attribute that lists scopes (Discovery's
#: ``auth.oauth2.scopes``); in running text a URL is a link.
_URL_PLACES = frozenset({"spec", "spec-list", "attribute"})


def _collect(segments: Iterable[Segment], taken: set[str], syntax: Syntax) -> list[_Seen]:
    found: list[_Seen] = []
    shaped: dict[tuple[str, bool], bool] = {}  # pages repeat their words: decide each once
    plain = [n for n in taken if not SEPARATOR_CHARS.intersection(n)]
    # a structured name without a separator ("email") may stand anywhere as a plain word
    # (a whole word: a cleaned token is its raw text less markup, which is never alphanumeric)
    plain_taken = (
        re.compile(rf"(?<![A-Za-z0-9])(?:{'|'.join(map(re.escape, plain))})(?![A-Za-z0-9])")
        if plain
        else None
    )
    wanted = separated_tokens(plain)
    # structured names no token can be (a template ``<read/write>:x``, a name with spaces)
    # are looked for as written
    odd = [n for n in taken if not _ONE_TOKEN.fullmatch(n)]
    # pages repeat their pieces (a table's labels, a description per kind): each text's
    # tokens and lead are found once
    leads: dict[str, str | None] = {}
    words: dict[tuple[str, bool], list[tuple[str, int]]] = {}
    for seg in segments:
        if seg.where == "block" and not block_counts(seg.section, seg.text):
            continue  # code that no line and no heading above puts in scope context
        whole = seg.where in ("attribute", "spec", "spec-list")
        lead = None
        if not whole and seg.where in LEAD_PLACES:
            if seg.text not in leads:
                leads[seg.text] = lead_token(seg.text)
            lead = leads[seg.text]
        named = named_in_heading(seg.text) if seg.where == "heading" else None
        lead = named or lead or (named_lead(seg) if seg.where in _NAMING_PIECES else None)
        spans = span_leads(seg) if lead is None and seg.where in LISTING_PLACES else None
        if not whole and seg.where in LEAD_PLACES:
            spans = pair_leads(seg.text) or spans  # "read_x / write_x: ...": each name leads
        if odd or (seg.where == "cell" and _INNER_SPACE.search(seg.text)):
            found.extend(_written(seg, odd))
        # a piece with no lead token gives only tokens with a separator, or structured names
        # (an escape, ``w\\_member``, hides a name's letters: such a piece is read word by word)
        separated = not whole and lead is None and not spans and "\\" not in seg.text
        if (
            separated
            and not _MAY_HOLD_SEPARATED.search(seg.text)
            and (plain_taken is None or not plain_taken.search(seg.text))
        ):
            continue  # only plain words: none is a structured name or a scope's shape
        key_words = (seg.text, separated)
        if key_words not in words:
            words[key_words] = list(tokens(seg.text, only=wanted if separated else None))
        for token, offset in words[key_words]:
            is_lead = whole or token == lead or (spans is not None and token in spans)
            if is_lead and seg.where == "heading" and not heading_shaped(token):
                # a heading that is one bare word leads only as a structured name, or as the
                # name a heading calls a scope ("Scope: 'profile'")
                # or as a heading that is wholly code (written as a name: "### `files`")
                is_lead = (
                    token == named
                    or token in taken
                    or called_a_scope_after(seg.around)
                    or bool(WHOLE_CODE.fullmatch(seg.text.strip()))
                )
                if not is_lead and word_heading_under_scopes(token, seg.text, seg.section):
                    found.append(_Seen(token, seg, offset, True, bare=True))
                    continue
            if token in taken:
                found.append(_Seen(token, seg, offset, is_lead))
                continue
            if (
                is_lead
                and seg.where == "spec-list"
                and seg.label.endswith(("enum", "description"))
                and CONSTANT.fullmatch(token)
            ):
                continue  # an enum's upper-case members (or their lines) are code constants
            if not is_lead and not SEPARATOR_CHARS.intersection(token):
                continue  # a plain word in running text: never a scope's shape
            key = (token, is_lead)
            if key not in shaped:
                shaped[key] = not syntax.fills_template(token) and (
                    scope_shaped(token, is_lead) or syntax.follows(token)
                )
            if (
                not shaped[key]
                and is_lead
                and seg.where in LISTING_PLACES
                and (camel_name(token) or in_comma_span(token, seg.text))
            ):
                found.append(_Seen(token, seg, offset, True, camel=True))  # "birthDate"
                continue
            if not shaped[key] and is_lead and short_code_cell(token, seg):
                found.append(_Seen(token, seg, offset, True, phrase=True))  # "`tm`"
                continue
            if not shaped[key] and is_lead and _path_called_a_scope(token, seg):
                found.append(_Seen(token, seg, offset, True))  # "the `/authenticate` scope"
                continue
            if not shaped[key] and is_lead and seg.where == "cell" and WORD_NAME.match(token):
                found.append(_Seen(token, seg, offset, True, phrase=True))  # "Accounts"
                continue
            if shaped[key] or (
                token.startswith("https://")
                and (
                    seg.where in _URL_PLACES
                    or (is_lead and url_named(seg, token))
                    or (
                        # a URL in code in running text: a name where its sentence speaks
                        # of scopes ("Request the `https://x/auth/a` scope"), else an example
                        is_lead
                        and seg.where == "code"
                        and url_spans(token)
                        and _speaks_cached(sentence_at(seg.around, seg.around.find(token)))
                    )
                )
                and not syntax.fills_template(token)  # tested inline: every token asks
            ):
                found.append(_Seen(token, seg, offset, is_lead))
            elif (
                is_lead
                and seg.group
                and token.startswith("https://")
                and "?" not in token
                and (
                    seg.where == "heading"
                    or seg.text.lstrip(" *_")[:1] == "`"
                    or seg.group.startswith(_NAMING_GROUPS)
                )
            ):  # a URL a heading is, or one in code (a span, a line): a link's text is an address
                found.append(_Seen(token, seg, offset, True, url_peer=True))
    return found


#: Pieces that may name a token without leading with it (``candidates_named``).
_NAMING_PIECES = frozenset({"cell", "item"})
#: Groups whose pieces are written as names, never as links: the lines of a code block and
#: the titles of parts (disclosure summaries, tabs, components, AsciiDoc blocks).
_NAMING_GROUPS = ("cl", "pt", "tab", "sum")
_INNER_SPACE = re.compile(r"\S\s+\S")  # a cell of two words or more may be a phrase
_ONE_TOKEN = re.compile(r"[^\s,;|()\"'`<>=!?\[\]{}]+")
# A cell that is wholly a short phrase of name-like words, in markup or not ("**A2P SMS**")
_PHRASE = re.compile(r"[A-Za-z0-9][\w.:/\-]*(?: [A-Za-z0-9][\w.:/\-]*){1,3}")
_MARKUP_EDGES = "*_`'\" "


def _written(seg: Segment, odd: list[str]) -> Iterator[_Seen]:
    """Structured names with spaces or brackets as written in ``seg``, and a cell that is a
    phrase (a name with spaces the structured reader may have missed)."""
    whole = " ".join(seg.text.split()).strip(_MARKUP_EDGES)
    for name in odd:
        offset = seg.text.find(name)
        if offset >= 0:
            yield _Seen(name, seg, offset, whole == name or seg.where in ("spec", "spec-list"))
    phrase = seg.where == "cell" and " " in whole and len(whole) <= 40 and whole not in odd
    if phrase and _PHRASE.fullmatch(whole):
        yield _Seen(whole, seg, 0, True, phrase=True)


# Where a token with a separator inside may stand: a separator with a token character after
# it (a sentence's full stop before a space is none); percent-escapes and URL query values.
_MAY_HOLD_SEPARATED = re.compile(r"[._:/\-][^\s.:,;]|%|=")


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
    parts = NameParts.of(taken_set)
    syntax = Syntax.of(taken)
    page = PageWords()
    collected = _collect(badge_names(page.watch(segments)), taken_set, syntax)
    found = without_non_names(collected, taken_set)
    titles = title_columns(found)
    if titles:  # a row's title in words beside its name in code: neither a name nor proof
        found = [seen for seen in found if seen.seg.group not in titles]
    groups: dict[str, set[str]] = {}
    for seen in found:
        if seen.lead and seen.seg.group and not (seen.phrase or seen.camel or seen.bare):
            groups.setdefault(seen.seg.group, set()).add(seen.token)
    peers: dict[tuple[str, str], int] | None = None  # counted when first asked
    flow = {} if page.names_scopes else flow_peers(found)
    names_columns = word_columns(
        (s.token, s.seg, s.lead, s.phrase) for s in found if s.seg.where == "cell"
    )
    best: dict[str, tuple[int, Candidate]] = {}
    confirmed = confirmed_names(found, taken_set, groups, _context)
    modified, confirmed_forms = modified_forms(found, taken_set, _context)
    modified |= constant_forms(s.token for s in found)
    confirmed |= confirmed_forms
    # a wildcard family read as written ("x:dcr*"): its bare form is the same name, unstarred
    starred = {n.rstrip("*"): n for n in taken_set if n.endswith("*") and n.strip("*")}
    modified |= set(starred)
    confirmed |= {starred[s.token] for s in found if s.token in starred and _context(s)[0]}
    for seen in found:
        if seen.token in taken_set or seen.token in modified:
            continue
        reasons, lowered = _context(seen)
        members = groups.get(seen.seg.group, set()) if seen.lead else set()
        listed = listed_notes(seen.camel, seen.seg, seen.lead, members, reasons, lowered)
        if listed is None:
            continue  # a camelCase word alone: an identifier, unless a list of names holds it
        lowered = listed
        if seen.bare and not any(heading_shaped(m) for m in members):
            continue  # "### email" beside no sibling heading written as a name
        if len(members) >= 3 and not seen.phrase and (members & taken_set or reasons):
            reasons.append(f"among {len(members)} scope-shaped tokens in one list")
        elif seen.lead and not seen.phrase and not section_names_other(seen.seg.section):
            peers = peer_counts(found) if peers is None else peers
            shape = shape_of(seen.token)
            count = peers.get((seen.seg.group, shape), 0)
            # alone, peers make context only among a spec's keys mapped to sentences (a
            # page's list of one shape may be metadata fields or events)
            if count >= MIN_PEERS and (reasons or seen.seg.where == "spec-list"):
                reasons.append(f"among {count} tokens of its shape ({shape}) in one list")
        if seen.url_peer and not (reasons and len(members) >= MIN_PEERS):
            continue  # a link's address: a name only among its like in a scope section
        if syntax.follows(seen.token) and (seen.lead or reasons):
            if not reasons and seen.seg.where not in _NAMED_PLACES:  # not asked yet
                said_else = what_else(*_around(seen))
                lowered.extend([said_else] if said_else else [])
            reasons.insert(0, "follows this provider's scope syntax")
        if seen.phrase:  # a whole cell that is a phrase ("Edge Functions")
            # beside structured names that are words too ("Auth", "Accounts"): a label beside
            # names with separators ("payments.read" over "Payments API") is no name
            named = members & taken_set
            words = [n for n in named if not SEPARATOR_CHARS.intersection(n)]
            if len(words) >= 2 and 2 * len(words) >= len(named):
                reasons.append(f"a whole cell of a column with {len(words)} structured names")
            elif seen.seg.group in names_columns:
                distinct = names_columns[seen.seg.group]
                reasons.append(f"a whole cell of a column of {distinct} names under its header")
            elif reasons and short_code_cell(seen.token, seen.seg) and len(members) >= MIN_PEERS:
                reasons.append(f"a whole code cell among {len(members)} names in code")
            else:
                continue
        if not page.names_scopes and flow_heading_only(reasons, seen.token, seen.seg.section, flow):
            continue  # a sign-in flow's "Authorization" section on a page with no scopes
        part_of = part_of_names(seen.token, parts, members)
        if part_of:
            lowered.append(part_of)
        score = _standing(reasons, lowered)
        if score <= 0 or (seen.token in best and best[seen.token][0] >= score):
            continue
        seg = seen.seg
        around = seg.around or sentence_at(seg.text, seen.offset)
        context = html.escape(normalize_ws(around)[:300], quote=False)
        why = "; ".join(reasons + lowered)
        best[seen.token] = (score, Candidate(seen.token, seg.locator, context, why))
    first: dict[str, int] = {}
    for index, seen in enumerate(found):
        first.setdefault(seen.token, index)
    ranked = sorted(best.items(), key=lambda item: first[item[0]])[:MAX_CANDIDATES]
    unconfirmed = tuple(n for n in taken if n not in confirmed)
    return tuple(c for _t, (_s, c) in ranked), unconfirmed
