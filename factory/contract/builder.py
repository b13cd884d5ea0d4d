"""The contract builder: a deep copy of the template with only the five fill paths filled.

The builder never adds a key the template lacks and never touches anything outside
:data:`factory.contract.templates.FILL_PATHS`: ``status`` keeps the template's value (``draft``),
KPI
mappings and budgets stay blank and unapproved. Names come from the naming engine, never
typed by hand.

UTM defaults (``sections.utm.schema``); each field keeps the template's ``required`` flag:

- ``utm_source``: the provider slug (``google_ads``).
- ``utm_medium``: the provider's channel as a GA4 default-channel medium
  (:data:`UTM_MEDIUMS`); an unknown or missing channel gives ``referral``, GA4's neutral
  bucket for a link from another site.
- ``utm_campaign`` / ``utm_content`` / ``utm_term``: the provider's own dynamic URL macro
  where the catalog knows it (``Provider.utm_macros``, e.g. TikTok's ``__CAMPAIGN_NAME__``),
  else a neutral placeholder (:data:`UTM_PLACEHOLDERS`: ``{campaign}``, ``{content}``,
  ``{term}``) that a person replaces.

BYOK (``sections.byok``): ``supported: true``, the auth method, the platform key, the vault
key from the naming engine and the *names* of the credential fields for the method
(:data:`CREDENTIAL_FIELDS`). Never a secret value.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from factory.contract.naming import provider_names
from factory.contract.scope_names import scope_name_problems
from factory.contract.scope_types import SCOPE_TYPES, classify_scope
from factory.contract.templates import load_template, missing_fill_paths
from factory.errors import ContractError, ExtractionError, Problem, TemplateError
from factory.models import Provider, ScopeRecord
from factory.safeload import ShapeError, loads_json

#: Auth method -> the names of the fields a customer fills in (never their values).
CREDENTIAL_FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "oauth2": ("client_id", "client_secret"),
    "oidc": ("client_id", "client_secret"),  # OpenID Connect registers an OAuth 2 client
    "oauth1": ("consumer_key", "consumer_secret"),
    "api_key": ("api_key",),
    "basic": ("username", "password"),
    "bearer": ("access_token",),
    "jwt": ("client_email", "private_key"),
    "hmac": ("access_key_id", "secret_access_key"),
}
KNOWN_AUTH_METHODS: Final = tuple(CREDENTIAL_FIELDS)

#: GA4 default channel mediums the factory uses; anything else falls back to ``referral``.
UTM_MEDIUMS: Final = ("paid_social", "cpc", "display", "email", "affiliate", "referral")
DEFAULT_UTM_MEDIUM: Final = "referral"

#: Neutral placeholders for the UTM fields no provider macro is known for.
UTM_PLACEHOLDERS: Final[Mapping[str, str]] = {
    "utm_campaign": "{campaign}",
    "utm_content": "{content}",
    "utm_term": "{term}",
}


def credential_fields_for(auth_method: str) -> tuple[str, ...]:
    """The credential field names for an auth method.

    Raises:
        ContractError: the method is not one of :data:`KNOWN_AUTH_METHODS`.
    """
    try:
        return CREDENTIAL_FIELDS[auth_method]
    except KeyError:
        known = ", ".join(KNOWN_AUTH_METHODS)
        raise ContractError(
            [Problem("$.sections.byok.auth_method", f"unknown auth method {auth_method!r}")],
            f"unknown auth method {auth_method!r} (known: {known})",
        ) from None


def utm_values(provider: Provider, slug: str) -> dict[str, str]:
    """The default value of every UTM field for a provider (see the module docstring)."""
    medium = provider.utm_channel if provider.utm_channel in UTM_MEDIUMS else None
    values = {"utm_source": slug, "utm_medium": medium or DEFAULT_UTM_MEDIUM}
    values.update(UTM_PLACEHOLDERS)
    for field, macro in provider.utm_macros:
        if field in UTM_PLACEHOLDERS and macro:
            values[field] = macro
    return values


def _fill_utm(schema: dict[str, Any], values: Mapping[str, str]) -> None:
    # Only fields the template has are filled; a field that is not an object keeps its
    # template value, so the output never gains a key.
    for field, entry in schema.items():
        if field in values and isinstance(entry, dict) and "value" in entry:
            entry["value"] = values[field]


def _fill_byok(byok: dict[str, Any], values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        if key in byok:
            byok[key] = value


def scope_entries(
    scopes: Sequence[ScopeRecord],
    *,
    type_overrides: Mapping[str, str] | None = None,
    excluded: Collection[str] = (),
) -> list[dict[str, Any]]:
    """One contract scope entry per scope name, in order of first occurrence.

    The first record of a name wins (records arrive ordered by authority); names and
    descriptions are verbatim (a missing description becomes ``""``).

    Raises:
        ContractError: a type override names a type outside :data:`SCOPE_TYPES`.
    """
    overrides = dict(type_overrides or {})
    bad = [
        Problem(f"type_overrides[{name!r}]", f"scope type {kind!r} is not one of {SCOPE_TYPES}")
        for name, kind in overrides.items()
        if kind not in SCOPE_TYPES
    ]
    if bad:
        raise ContractError(bad, "invalid scope type override(s)")
    skip = set(excluded)
    entries: dict[str, dict[str, Any]] = {}
    for record in scopes:
        name = record.scope_name
        if name in entries or name in skip:
            continue
        description = record.description if record.description is not None else ""
        entries[name] = {
            "scope_name": name,
            "scope_type": overrides.get(name) or classify_scope(name, record.description),
            "description": description,
            "requires_firearm": False,
            "firearm_type_id": "",
        }
    return list(entries.values())


def build_contract(
    provider: Provider,
    scopes: Sequence[ScopeRecord],
    *,
    auth_method: str = "oauth2",
    template: dict[str, Any] | None = None,
    type_overrides: Mapping[str, str] | None = None,
    excluded: Collection[str] = (),
) -> dict[str, Any]:
    """Build a draft contract: the template with only the five fill paths filled.

    Args:
        provider: the resolved provider; its display name drives every derived name.
        scopes: scope records, most authoritative first; one entry per name is kept.
        auth_method: one of :data:`KNOWN_AUTH_METHODS`.
        template: a loaded template (``load_template``); ``None`` for the default.
        type_overrides: scope name -> scope type, replacing the rule-based guess.
        excluded: scope names left out of the contract (a reviewer's decision).

    Returns:
        A new dict; the template passed in is not modified.

    Raises:
        ContractError: unknown auth method or invalid type override.
        TemplateError: the template lacks a fill path.
        NamingError: the provider's display name is unusable.
    """
    fields = credential_fields_for(auth_method)
    source = template if template is not None else load_template()
    missing = missing_fill_paths(source)
    if missing:
        raise TemplateError("<template>", "missing fill path(s): " + ", ".join(missing))
    names = provider_names(provider.display_name)
    contract = copy.deepcopy(source)
    contract["provider_slug"] = names.slug
    contract["display_name"] = names.display_name
    sections = contract["sections"]
    sections["scopes"]["scopes"] = scope_entries(
        scopes, type_overrides=type_overrides, excluded=excluded
    )
    _fill_utm(sections["utm"]["schema"], utm_values(provider, names.slug))
    _fill_byok(
        sections["byok"],
        {
            "supported": True,
            "auth_method": auth_method,
            "platform": names.platform,
            "vault_key_name": names.vault_key_name,
            "credential_fields": list(fields),
        },
    )
    return contract


_RECORD_FIELDS: Final = frozenset(ScopeRecord.__dataclass_fields__)


def load_scope_records(path: str | Path) -> list[ScopeRecord]:
    """Read a scopes file: a JSON list of scope records.

    Each item is an object with a non-empty ``scope_name`` and optional ``description``,
    ``version``, ``kind``, ``section``, ``source_url``, ``locator`` (strings or null) - the
    ``ScopeRecord`` fields, so ``extract --json`` scopes can be passed on. An empty list is
    valid: a provider without OAuth scopes. A name with markup, control characters, leading
    or trailing whitespace, or whitespace outside a documented placeholder is refused with
    its position (:func:`factory.contract.scope_names.scope_name_problems`).

    Raises:
        ExtractionError: the file is missing, not JSON, not a list, or items are malformed
            (the message names every bad item; for plain names, the fields it expects).
    """
    file = Path(path)
    try:
        data = loads_json(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ExtractionError(str(file), "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractionError(str(file), f"cannot read the file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ExtractionError(
            str(file), f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except ShapeError as exc:
        raise ExtractionError(str(file), f"refused: {exc}") from exc
    if not isinstance(data, list):
        raise ExtractionError(str(file), "expected a JSON list of scope records")
    records: list[ScopeRecord] = []
    problems: list[str] = []
    for index, item in enumerate(data):
        found = _item_problems(index, item)
        problems += found
        if not found:
            records.append(ScopeRecord(**item))
    if problems:  # every bad item in one run, not the first one alone
        hint = (
            f'; each item is an object such as {{"scope_name": "files.read", '
            f'"description": "..."}} (fields: {", ".join(_FIELD_ORDER)})'
            if any(isinstance(item, str) for item in data)
            else ""
        )
        raise ExtractionError(
            str(file), f"{len(problems)} bad item(s): " + "; ".join(problems) + hint
        )
    return records


_FIELD_ORDER: Final = (
    "scope_name", "description", "version", "kind", "section", "source_url", "locator",
)  # fmt: skip


def _item_problems(index: int, item: Any) -> list[str]:
    """What is wrong with one item of a scopes file (empty when nothing is)."""
    where = f"item {index}"
    if isinstance(item, str):
        return [f"{where} is the plain name {item!r}, not an object"]
    if not isinstance(item, dict):
        return [f"{where} is not an object"]
    problems = []
    name = item.get("scope_name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where} has no scope_name (a non-empty string)")
    else:
        refused = scope_name_problems(name)
        if refused:
            problems.append(f"{where}: scope_name {name!r} is refused: {'; '.join(refused)}")
    unknown = sorted(set(item) - _RECORD_FIELDS)
    if unknown:
        problems.append(f"{where} has unknown key(s): {', '.join(unknown)}")
    problems += [
        f"{where}: {key} must be a string or null"
        for key, value in item.items()
        if key in _RECORD_FIELDS and value is not None and not isinstance(value, str)
    ]
    return problems
