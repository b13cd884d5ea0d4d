"""Invented vocabulary for ``layout_fuzz``: provider words, scope shapes, descriptions, distractors.

Every word here is made up for the fuzzer (no provider's page is copied); the scope shapes are
the syntaxes OAuth providers use, filled with these words.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

AREAS = [
    "orchard",
    "hive",
    "lantern",
    "quill",
    "barrow",
    "kettle",
    "meadow",
    "ledger",
    "spindle",
    "thimble",
    "loom",
    "cairn",
    "tarn",
    "bramble",
    "sprocket",
    "wicket",
    "gable",
    "furrow",
    "trellis",
    "cobble",
    "ember",
    "pebble",
    "ferry",
    "harbor",
    "saddle",
    "anvil",
    "bellow",
    "candle",
    "dovetail",
    "falcon",
    "grotto",
    "hamlet",
    "inkwell",
    "juniper",
    "kiln",
    "lattice",
    "mortar",
    "nettle",
    "oxbow",
    "paddock",
    "quarry",
    "rafter",
    "sluice",
    "tinder",
    "umber",
    "vestry",
    "willow",
    "yarrow",
    "zephyr",
    "acorn",
    "brook",
    "cinder",
    "dune",
    "fennel",
    "gorse",
    "heron",
    "ivy",
    "jetty",
    "knoll",
    "larch",
    "mire",
]
VERBS = [
    "read",
    "write",
    "manage",
    "delete",
    "create",
    "list",
    "send",
    "view",
    "edit",
    "sync",
    "share",
    "approve",
]
SUBS = ["Items", "Records", "Notes", "Plans", "Batches", "Crates", "Logs", "Stock"]
PLACEHOLDERS = ("{id}", "{project_id}", "{workspace}", "{account_key}")
PREFIX_SYLLABLES = [
    "bram",
    "zel",
    "quor",
    "vin",
    "tas",
    "mol",
    "fren",
    "dax",
    "lumi",
    "orv",
    "pell",
    "sko",
]
SUFFIX_SYLLABLES = ["ly", "ora", "ify", "ex", "io", "ware", "hub", "stack", "grid"]

# Plain words for descriptions: no token of these is scope-shaped on its own.
DESC_WORDS = [
    "the",
    "your",
    "their",
    "all",
    "any",
    "each",
    "of",
    "and",
    "or",
    "to",
    "for",
    "with",
    "from",
    "within",
    "in",
    "on",
    "by",
    "new",
    "existing",
    "orchards",
    "hives",
    "lanterns",
    "ledgers",
    "records",
    "notes",
    "files",
    "plans",
    "batches",
    "crates",
    "logs",
    "settings",
    "details",
    "history",
    "members",
    "teams",
    "projects",
    "folders",
    "reports",
    "comments",
    "labels",
    "tags",
    "access",
    "data",
    "basic",
    "full",
    "limited",
    "shared",
    "private",
    "public",
    "account",
    "profile",
    "owner",
    "workspace",
]
DESC_VERBS = [
    "Read",
    "Write",
    "Manage",
    "Delete",
    "Create",
    "List",
    "Send",
    "View",
    "Edit",
    "Update",
    "Share",
    "Approve",
    "Export",
    "Import",
    "Archive",
    "Restore",
    "Grants",
    "Allows",
    "Lets",
    "Gives",
]

SECTION_WORDS = (
    "Scopes",
    "Permissions",
    "OAuth scopes",
    "Access",
    "Authorization",
    "Available grants",
    "API access",
    "OAuth 2.0 scopes",
    "Permission reference",
)


def provider_word(rng: random.Random) -> str:
    """An invented provider name such as ``Quorify``."""
    return (rng.choice(PREFIX_SYLLABLES) + rng.choice(SUFFIX_SYLLABLES)).capitalize()


@dataclass(frozen=True, slots=True)
class Shape:
    """One scope syntax: its name and how it builds a name from (area, verb, sub, provider)."""

    name: str
    build: Callable[[str, str, str, str, random.Random], str]


def _words(area: str, _verb: str, _sub: str, _prov: str, _rng: random.Random) -> str:
    return area + "s"


SHAPES: tuple[Shape, ...] = (
    Shape("area.verb", lambda a, v, s, p, r: f"{a}.{v}"),
    Shape("area:verb", lambda a, v, s, p, r: f"{a}:{v}"),
    Shape("verb_area", lambda a, v, s, p, r: f"{v}_{a}"),
    Shape("Area.Sub.Verb", lambda a, v, s, p, r: f"{a.capitalize()}.{s}.{v.capitalize()}"),
    Shape("url", lambda a, v, s, p, r: f"https://api.{p.lower()}.example/auth/{a}.{v}"),
    Shape("area:verb:{ph}", lambda a, v, s, p, r: f"{a}:{v}:{r.choice(PLACEHOLDERS)}"),
    Shape("r_area", lambda a, v, s, p, r: f"{'rw' if v in ('manage', 'edit') else v[0]}_{a}"),
    Shape("AREA_VERB", lambda a, v, s, p, r: f"{a.upper()}_{v.upper()}"),
    Shape("area/verb", lambda a, v, s, p, r: f"{a}/{v}"),
    Shape("urn", lambda a, v, s, p, r: f"urn:{p.lower()}:scope:{a}"),
    Shape("word", _words),
)
SHAPE_BY_NAME = {s.name: s for s in SHAPES}


def scope_names(rng: random.Random, shape: Shape, provider: str, count: int) -> list[str]:
    """``count`` distinct names of one shape (fewer only when the shape runs out of words)."""
    areas = list(AREAS)
    rng.shuffle(areas)
    verbs = list(VERBS)
    names: list[str] = []
    for area in areas:
        rng.shuffle(verbs)
        for verb in verbs[: rng.randint(1, 3)]:
            name = shape.build(area, verb, rng.choice(SUBS), provider, rng)
            if name not in names:
                names.append(name)
            if len(names) == count:
                return names
    return names


def description(rng: random.Random) -> str:
    """A sentence of 3-20 invented-but-plain words, ending with a full stop."""
    length = rng.randint(3, 20)
    words = [rng.choice(DESC_VERBS)] + [rng.choice(DESC_WORDS) for _ in range(length - 1)]
    return " ".join(words) + "."


# --- distractors: names that are never scopes ------------------------------------------------

CLAIMS = ("sub", "email", "email_verified", "given_name", "family_name", "locale", "picture")
PARAMETERS = ("client_id", "redirect_uri", "response_type", "state", "code_challenge", "nonce")
ERRORS = ("invalid_request", "access_denied", "invalid_grant", "unsupported_response_type")
ROLES = ("owner", "admin", "editor", "viewer", "billing_admin", "guest")
EVENT_VERBS = ("created", "deleted", "updated", "archived")


def event_names(rng: random.Random, count: int = 4) -> list[str]:
    """Webhook event names shaped like ``area.created`` (verbs no scope uses)."""
    return [f"{rng.choice(AREAS)}.{rng.choice(EVENT_VERBS)}" for _ in range(count)]


# --- realistic distractors: words that stand beside scopes on real pages ------------------------

#: Access levels and token types pages put in tables and sentences next to their scopes.
ACCESS_LEVELS = ("read-only", "read-write", "modify", "full", "none", "limited", "write-only")
TOKEN_TYPES = ("app_only", "offline", "online", "bearer", "per_user", "service_account")
#: Grant and login types, error codes: namespaced or snake_case protocol words, never scopes.
GRANT_TYPES = (
    "authorization_code",
    "client_credentials",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
)
SCOPE_ERRORS = ("insufficient_scope", "invalid_scope", "scope_not_granted", "missing_permission")
CAPABILITIES = ("can_edit", "can_share", "can_invite", "can_export", "is_admin")
FLAG_WORDS = ("beta", "preview", "labs", "experimental")
JSON_KEYS = ("access_token", "token_type", "expires_in", "refresh_token", "granted_at", "user_id")


def event_types(rng: random.Random, provider: str, count: int = 3) -> list[str]:
    """Namespaced event types (``orchard.created``, ``x.hive.message``, ``quorify.kiln.synced``)."""
    out = []
    for _ in range(count):
        area = rng.choice(AREAS)
        verb = rng.choice((*EVENT_VERBS, "message", "synced", "moved"))
        form = rng.choice(
            (f"{area}.{verb}", f"x.{area}.{verb}", f"{provider.lower()}.{area}.{verb}")
        )
        out.append(form)
    return list(dict.fromkeys(out))


def feature_flags(rng: random.Random, count: int = 2) -> list[str]:
    """Feature flags shaped like names (``beta.kiln_sync``, ``preview:ledger-export``)."""
    out = []
    for _ in range(count):
        flag, area = rng.choice(FLAG_WORDS), rng.choice(AREAS)
        out.append(rng.choice((f"{flag}.{area}_sync", f"{flag}:{area}-export")))
    return list(dict.fromkeys(out))
