"""Names of other kinds that stand beside scopes: what lowers them in the harvester.

Pages about scopes also name the things around them: a section of error codes, events,
capabilities or access levels under the scope section ("Scope errors", "Events your scopes
let you receive"), a sentence led by its kind ("Grant types: ..."), the protocol's own
identifiers (``urn:ietf:params:oauth:grant-type:device_code``), access-level and token-type
words (``read-only``, ``app_only``, ``offline``) and event types (``orchard.created``,
``x.room.message``). Each note here lowers a token's standing; a section or a label that
names another kind outweighs two reasons, a word's look one.
"""

from __future__ import annotations

import re

from factory.extract.other_kinds import heading_names_other

__all__ = ["ACCESS_WORDS", "STRONG_KINDS", "other_kind_notes"]

#: The words of the notes here that outweigh two reasons (a section or label of another
#: kind, an access-level word); the others outweigh one.
STRONG_KINDS = ("another kind", "access-level")

#: Words of access levels and token types that pages print in code beside their scopes.
ACCESS_WORDS = frozenset(
    {
        "read-only",
        "readonly",
        "read-write",
        "write-only",
        "modify",
        "full",
        "none",
        "limited",
        "offline",
        "online",
        "app_only",
        "per_user",
        "bearer",
    }
)
# "Grant types: `a`, `b`.": a short label before a colon that names what follows
_LABEL = re.compile(r"^\W*((?:[A-Za-z-]+\s+){0,3}[A-Za-z-]+)\s*:\s")
# an event type: a dotted name whose last part says something happened or arrived
_EVENT = re.compile(
    r"\.(?:created|updated|deleted|removed|added|changed|completed|failed|succeeded|archived"
    r"|synced|moved|opened|closed|received|sent|message|messages)$"
)
_PROTOCOL_URN = "urn:ietf:params:oauth:"


def other_kind_notes(token: str, sentence: str, section: str, heading: bool) -> list[str]:
    """The ``lowered:`` notes for a token whose place or look names another kind of name.

    Args:
        token: the candidate token.
        sentence: the sentence, line or cell around it.
        section: its heading path (``A > B > C``).
        heading: the token stands in a heading (the section is its parent's).
    """
    notes: list[str] = []
    # a section under others (a page's only heading may be its title, "Claims")
    if not heading and " > " in section and heading_names_other(section):
        last = section.rsplit(" > ", 1)[-1][:60]
        notes.append(f"lowered: its section names another kind of name ({last!r})")
    label = _LABEL.match(sentence)
    if label and token not in label.group(1) and heading_names_other(label.group(1)):
        notes.append(f"lowered: its sentence's label names another kind ({label.group(1)!r})")
    lower = token.lower()
    if lower.startswith(_PROTOCOL_URN):
        notes.append("lowered: an OAuth protocol identifier (grant or token type), another kind")
    if lower in ACCESS_WORDS:
        notes.append("lowered: an access-level or token-type word")
    if _EVENT.search(token):
        notes.append("lowered: shaped like an event type (its last part says what happened)")
    return notes
