"""The catalog's schema: its value objects and the check of one provider entry.

:func:`build_entry` checks one provider mapping from ``providers.yaml`` and appends every
problem it finds (naming the provider and the field) instead of stopping at the first; the
loader in :mod:`factory.research.catalog` gathers them for the whole file.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import tldextract

from factory.contract.naming import provider_names
from factory.errors import NamingError
from factory.models import Provider, SourceRef

KNOWN_FORMATS = frozenset(
    {"html", "markdown", "asciidoc", "rst", "template", "code"}
    | {"openapi", "google-discovery", "oidc", "json", "stone", "raml"}
)
KNOWN_AUTH_METHODS = frozenset(
    {"oauth2", "oauth1", "oidc", "api_key", "basic", "bearer", "access_token"}
)
# GA4 mediums the product maps to default channel groups.
KNOWN_CHANNELS = frozenset(
    {"paid_social", "cpc", "display", "email", "affiliate", "referral", "social", "organic"}
)
KNOWN_SCOPES_KINDS = frozenset(
    {"strings", "single", "labels", "capabilities", "console", "permission_groups", "none"}
)
UTM_FIELDS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "utm_id"}
)
DELIMITERS: Mapping[str | None, str | None] = {"space": " ", "comma": ",", None: None}
REQUIRED_FIELDS = ("display_name", "official_domains", "sources", "auth_methods", "facts_from")
#: What a source is for. Only a ``scope-list`` or ``machine-readable`` source is expected to
#: yield scopes: an ``auth-guide`` (how to authorise, maybe "there are no scopes"), a
#: ``changelog`` or a ``legacy`` page that yields none is no finding.
SOURCE_ROLES = ("scope-list", "machine-readable", "auth-guide", "changelog", "legacy")
SCOPE_ROLES = frozenset({"scope-list", "machine-readable"})
#: How a source was proven: a stored copy of the official page was seen, an official
#: repository of the provider cites it, or it is the provider's own machine-readable file.
PROOF_KINDS = ("page-copy", "official-repo", "machine-readable")


@dataclass(frozen=True, slots=True)
class CatalogSource:
    """A known source: what it is for (``role``) and the proof that it is right.

    ``verified`` is derived: a source is verified when it names how (``verified_by``, one of
    :data:`PROOF_KINDS`) and when (``verified_at``, an ISO date) it was proven; ``evidence``
    names the copy or the repository/path that proves it.
    """

    url: str
    label: str = ""
    version: str | None = None
    format: str = "html"
    machine_readable: bool = False
    role: str = ""
    verified_by: str | None = None
    verified_at: str | None = None
    evidence: str = ""

    @property
    def verified(self) -> bool:
        """Whether the source carries its proof (how and when)."""
        return self.verified_by in PROOF_KINDS and bool(self.verified_at)

    @property
    def ref(self) -> SourceRef:
        """The ``SourceRef`` the pipeline works with (role and proof state included)."""
        return SourceRef(
            self.url, self.label, self.version, self.format, self.machine_readable,
            role=self.role, verified=self.verified,
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict, the derived ``verified`` included."""
        return {**asdict(self), "verified": self.verified}


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """Everything the catalog says about one provider, including fields ``Provider`` lacks."""

    display_name: str
    slug: str
    platform: str
    category: str
    aliases: tuple[str, ...]
    official_domains: tuple[str, ...]
    official_paths: tuple[str, ...]
    sources: tuple[CatalogSource, ...]
    auth_methods: tuple[str, ...]
    scope_delimiter: str | None
    scopes_kind: str
    utm_channel: str | None
    utm_macros: tuple[tuple[str, str], ...]
    utm_verified: bool
    notes: str
    facts_from: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready dict (the ``providers --json`` item)."""
        return {
            "display_name": self.display_name,
            "slug": self.slug,
            "platform": self.platform,
            "vault_key": provider_names(self.display_name).vault_key_name,
            "category": self.category,
            "aliases": list(self.aliases),
            "official_domains": list(self.official_domains),
            "official_paths": list(self.official_paths),
            "sources": [s.to_dict() for s in self.sources],
            "auth_methods": list(self.auth_methods),
            "scope_delimiter": self.scope_delimiter,
            "scopes_kind": self.scopes_kind,
            "utm": {
                "channel": self.utm_channel,
                "macros": dict(self.utm_macros),
                "verified": self.utm_verified,
            },
            "notes": self.notes,
            "facts_from": list(self.facts_from),
        }

    @property
    def provider(self) -> Provider:
        """The entry as the pipeline's ``Provider`` (``in_catalog=True``)."""
        return Provider(
            display_name=self.display_name,
            slug=self.slug,
            platform=self.platform,
            official_domains=self.official_domains,
            aliases=self.aliases,
            official_paths=self.official_paths,
            sources=tuple(s.ref for s in _by_role(self.sources)),
            auth_methods=self.auth_methods,
            scope_delimiter=self.scope_delimiter,
            utm_channel=self.utm_channel,
            utm_macros=self.utm_macros,
            notes=self.notes,
            in_catalog=True,
        )


def _by_role(sources: tuple[CatalogSource, ...]) -> tuple[CatalogSource, ...]:
    # Scope lists first: the pipeline ranks descriptions by source order, so a guide that
    # quotes a scope never outranks the list that defines it. Stable within a role.
    rank = {role: n for n, role in enumerate(SOURCE_ROLES)}
    return tuple(sorted(sources, key=lambda s: rank.get(s.role, 0)))


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The bundled public-suffix snapshot only: never download the list at run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(url_or_host: str) -> str:
    """The registrable domain of a URL or host (``developers.tiktok.com`` -> ``tiktok.com``).

    Returns ``""`` for hosts without one (IP addresses, ``localhost``, bare suffixes).
    """
    return _extractor()(url_or_host).top_domain_under_public_suffix.lower()


def is_loopback_host(host: str) -> bool:
    """Whether a host is a loopback address or ``localhost`` (a local mirror, a test web)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_https_url(value: Any) -> bool:
    # https, or plain http on a loopback host: a local docs mirror or a recorded test web
    # (the fetch guard still refuses loopback unless $CONNECTOR_FACTORY_TRUSTED_HOSTS names it)
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    host = parts.hostname or ""
    return bool(host) and (
        parts.scheme == "https" or (parts.scheme == "http" and is_loopback_host(host))
    )


def build_entry(index: int, item: Any, problems: list[str]) -> CatalogEntry | None:
    """Check one provider mapping; append every problem found; the entry when it is sound."""
    if not isinstance(item, dict):
        problems.append(f"providers[{index}]: must be a mapping")
        return None
    who = str(item.get("display_name") or f"providers[{index}]")
    found: list[str] = []

    def bad(field: str, message: str) -> None:
        found.append(f"{who}: field {field!r} {message}")

    for field in REQUIRED_FIELDS:
        if field not in item:
            bad(field, "is required")
    try:
        names = provider_names(str(item.get("display_name", "")))
    except NamingError as exc:
        bad("display_name", f"is unusable ({exc.reason})")
        names = None
    aliases = _strings(item.get("aliases", []), "aliases", bad)
    domains = _strings(item.get("official_domains", []), "official_domains", bad)
    for domain in domains:
        if registrable_domain(domain) != domain.lower():
            bad("official_domains", f"has {domain!r}, which is not a registrable domain")
    paths = _strings(item.get("official_paths", []), "official_paths", bad)
    for entry in paths:
        host, _, path = entry.partition("/")
        on_domain = registrable_domain(host) in {d.lower() for d in domains}
        if not path.strip("/") or not (on_domain or is_loopback_host(host)):
            bad("official_paths", f"has {entry!r}: expected host/path on an official domain")
    sources = _sources(item.get("sources", []), bad)
    auth = _strings(item.get("auth_methods", []), "auth_methods", bad)
    for method in auth:
        if method not in KNOWN_AUTH_METHODS:
            bad("auth_methods", f"has unknown method {method!r}")
    delimiter = item.get("scope_delimiter")
    if delimiter not in DELIMITERS:
        bad("scope_delimiter", f"must be space, comma or null, not {delimiter!r}")
    scopes_kind = item.get("scopes_kind", "strings")
    if scopes_kind not in KNOWN_SCOPES_KINDS:
        bad("scopes_kind", f"has unknown value {scopes_kind!r}")
    channel, macros, utm_verified = _utm(item.get("utm"), bad)
    facts = _strings(item.get("facts_from", []), "facts_from", bad)
    for url in facts:
        if not _is_https_url(url):
            bad("facts_from", f"has {url!r}, which is not an https URL")
    if "facts_from" in item and not facts:
        bad("facts_from", "needs at least one URL")
    notes = item.get("notes", "")
    if not isinstance(notes, str):
        bad("notes", "must be text")
    problems.extend(found)
    if found or names is None:
        return None
    return CatalogEntry(
        display_name=names.display_name,
        slug=names.slug,
        platform=names.platform,
        category=str(item.get("category", "")),
        aliases=aliases,
        official_domains=tuple(d.lower() for d in domains),
        official_paths=tuple(p.lower().rstrip("/") for p in paths),
        sources=sources,
        auth_methods=auth,
        scope_delimiter=DELIMITERS.get(delimiter),
        scopes_kind=str(scopes_kind),
        utm_channel=channel,
        utm_macros=macros,
        utm_verified=utm_verified,
        notes=" ".join(notes.split()) if isinstance(notes, str) else "",
        facts_from=facts,
    )


def _strings(value: Any, field: str, bad: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(field, "must be a list of non-empty strings")
        return ()
    return tuple(v.strip() for v in value)


def _sources(value: Any, bad: Any) -> tuple[CatalogSource, ...]:
    if not isinstance(value, list):
        bad("sources", "must be a list")
        return ()
    sources: list[CatalogSource] = []
    for n, raw in enumerate(value):
        field = f"sources[{n}]"
        if not isinstance(raw, dict):
            bad(field, "must be a mapping")
            continue
        url, fmt = raw.get("url"), raw.get("format")
        ok = True
        if not _is_https_url(url):
            bad(f"{field}.url", f"must be an https URL, not {url!r}")
            ok = False
        if fmt not in KNOWN_FORMATS:
            bad(f"{field}.format", f"has unknown format {fmt!r} (known: {sorted(KNOWN_FORMATS)})")
            ok = False
        for flag in ("machine_readable", "verified"):
            if not isinstance(raw.get(flag, False), bool):
                bad(f"{field}.{flag}", "must be true or false")
                ok = False
        role, proof = raw.get("role", ""), raw.get("verified_by")
        if role not in ("", *SOURCE_ROLES):
            bad(f"{field}.role", f"has unknown role {role!r} (known: {list(SOURCE_ROLES)})")
            ok = False
        if proof is not None and proof not in PROOF_KINDS:
            bad(f"{field}.verified_by", f"has unknown proof {proof!r} (known: {list(PROOF_KINDS)})")
            ok = False
        version, when = raw.get("version"), raw.get("verified_at")
        if ok:
            sources.append(
                CatalogSource(
                    url=str(url),
                    label=str(raw.get("label") or ""),
                    version=None if version is None else str(version),
                    format=str(fmt),
                    machine_readable=bool(raw.get("machine_readable", False)),
                    role=str(role),
                    verified_by=None if proof is None else str(proof),
                    verified_at=None if when is None else str(when),
                    evidence=str(raw.get("evidence") or ""),
                )
            )
    return tuple(sources)


def _utm(value: Any, bad: Any) -> tuple[str | None, tuple[tuple[str, str], ...], bool]:
    if value is None:
        return None, (), False
    if not isinstance(value, dict):
        bad("utm", "must be a mapping")
        return None, (), False
    channel = value.get("channel")
    if channel is not None and channel not in KNOWN_CHANNELS:
        bad("utm.channel", f"has unknown GA4 medium {channel!r} (known: {sorted(KNOWN_CHANNELS)})")
    macros = value.get("macros") or {}
    pairs: list[tuple[str, str]] = []
    if not isinstance(macros, dict):
        bad("utm.macros", "must be a mapping of utm field to macro")
    else:
        for field, macro in macros.items():
            if field not in UTM_FIELDS:
                bad("utm.macros", f"has unknown utm field {field!r}")
            elif not isinstance(macro, str) or not macro.strip():
                bad("utm.macros", f"needs a macro text for {field!r}")
            else:
                pairs.append((field, macro))
    verified = value.get("verified", False)
    if not isinstance(verified, bool):
        bad("utm.verified", "must be true or false")
    ok_channel = channel if channel in KNOWN_CHANNELS else None
    return ok_channel, tuple(pairs), verified is True
