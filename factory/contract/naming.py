"""The naming engine: one rule for every name derived from a provider name.

The rule: the provider name, unicode transliterated to ASCII (python-slugify), every run of
punctuation or spaces turned into one ``_``, trimmed, lower case. From that slug:

- platform key    ``GOOGLE_ADS``                       (slug upper-cased)
- vault key       ``PROVIDER_GOOGLE_ADS_KEY``
- contract file   ``GOOGLE_ADS_CONNECTOR_CONTRACT.json``
- checklist file  ``GOOGLE_ADS_SCOPE_CHECKLIST.md``

Vault keys and file names are never typed by hand: they come from here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from slugify import slugify

from factory.errors import ContractError, NamingError
from factory.textsafe import describe_char, name_unsafe_chars

MAX_NAME_LENGTH = 100
PLATFORM_PATTERN = re.compile(r"^[A-Z0-9]+(_[A-Z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Names:
    """Every name derived from one provider name."""

    display_name: str
    slug: str
    platform: str

    @property
    def vault_key_name(self) -> str:
        """``PROVIDER_{PLATFORM}_KEY``."""
        return f"PROVIDER_{self.platform}_KEY"

    @property
    def contract_filename(self) -> str:
        """``{PLATFORM}_CONNECTOR_CONTRACT.json``."""
        return f"{self.platform}_CONNECTOR_CONTRACT.json"

    @property
    def checklist_filename(self) -> str:
        """``{PLATFORM}_SCOPE_CHECKLIST.md``."""
        return f"{self.platform}_SCOPE_CHECKLIST.md"


def provider_names(name: str) -> Names:
    """Derive every name from a provider name.

    Args:
        name: the provider's name as people write it ("Google Ads", "X (Twitter)").

    Returns:
        The display name (whitespace trimmed), slug and platform key.

    Raises:
        NamingError: the name is not a string, is over 100 characters, holds a control,
            bidi or zero-width character (named with its position), or has no letter or digit.
    """
    if not isinstance(name, str):
        raise NamingError(repr(name), "a provider name must be text")
    display = " ".join(name.split())
    if not display:
        raise NamingError(name, "the name is empty")
    if len(display) > MAX_NAME_LENGTH:
        raise NamingError(name, f"the name is longer than {MAX_NAME_LENGTH} characters")
    hidden = name_unsafe_chars(display)
    if hidden:
        where, code = hidden[0]
        raise NamingError(name, f"the name holds a {describe_char(code)} at position {where}")
    if not any(ch.isalnum() for ch in display):
        raise NamingError(name, "the name has no letter or digit")
    slug = slugify(display, separator="_", lowercase=True)
    slug = re.sub(r"[^a-z0-9]+", "_", slug).strip("_")
    if not slug:
        raise NamingError(name, "no ASCII letter or digit remains after transliteration")
    platform = slug.upper()
    if not PLATFORM_PATTERN.fullmatch(platform):  # pragma: no cover - guarded by the regex above
        raise NamingError(name, f"derived platform key {platform!r} is malformed")
    return Names(display_name=display, slug=slug, platform=platform)


def slug_for(name: str) -> str:
    """The slug of a provider name (``google_ads``)."""
    return provider_names(name).slug


def platform_for(name: str) -> str:
    """The platform key of a provider name (``GOOGLE_ADS``)."""
    return provider_names(name).platform


def vault_key_for(name: str) -> str:
    """The vault key of a provider name (``PROVIDER_GOOGLE_ADS_KEY``)."""
    return provider_names(name).vault_key_name


def contract_path(name: str, contracts_dir: str | Path) -> Path:
    """The absolute contract path for a provider inside ``contracts_dir``.

    Raises:
        NamingError: the name is unusable, or (defensively) the path would leave the folder.
        ContractError: the contract's path is a symbolic link.
    """
    names = provider_names(name)
    folder = Path(contracts_dir).expanduser().resolve()
    path = folder / names.contract_filename
    if path.is_symlink():
        # Following it would read or replace a file outside the folder: say so plainly.
        raise ContractError(
            [],
            f"refusing to use {path}: it is a symbolic link (to {os.readlink(path)}); a "
            "contract is a regular file in the contracts folder (remove the link, or point "
            "--contracts-dir at the folder it leads to)",
        )
    path = path.resolve()
    if path.parent != folder:  # pragma: no cover - the filename has no separator by construction
        raise NamingError(name, "the contract path would leave the contracts folder")
    return path
