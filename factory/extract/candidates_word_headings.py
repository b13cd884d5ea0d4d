"""A heading that is one lower-case word, right under a heading that names scopes.

"Specialized scopes" over "### email", "### settings", "### decrypt": each sub-heading is a
scope's name written as a bare word. Prose headings start with a capital or run to several
words ("Requesting scopes", "Overview"); a single lower-case word under a heading about
scopes is written as an identifier is. It counts as a name where a sibling heading is
written as one (``custom_fields``, ``no_expiry``): the harvester checks that.
"""

from __future__ import annotations

import re

from factory.extract.text import mentions_scopes

__all__ = ["word_heading_under_scopes"]

_LOWER_WORD = re.compile(r"[a-z][a-z0-9]{2,}")


def word_heading_under_scopes(token: str, heading: str, section: str) -> bool:
    """Whether ``heading`` is wholly the lower-case word ``token`` and the heading right
    above it (the last of ``section``) names scopes."""
    if heading.strip() != token or not _LOWER_WORD.fullmatch(token):
        return False
    return mentions_scopes(section.rpartition(" > ")[2])
