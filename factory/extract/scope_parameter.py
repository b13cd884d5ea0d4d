"""A lead that introduces the values of the scope parameter itself.

A list led by "parameters" or "fields" is a parameter list, not a scope list. One parameter is
the exception: "In case of using the scope parameter, the following values are supported:"
introduces the values of ``scope``, which are scopes.
"""

from __future__ import annotations

import re

__all__ = ["names_scope_parameter"]

_SCOPE_PARAMETER = re.compile(
    r"\b(?:the\s+)?[\"'`*]*scopes?[\"'`*]*\s+(?:parameter|field|argument|claim|attribute"
    r"|property|setting)s?\b"
    r"|\b(?:parameter|field|argument|attribute|property|setting)\s+[\"'`*]*scopes?[\"'`*]*"
    r"(?!\s+(?:and|or)\b)",
    re.I,
)
_VALUES = re.compile(r"\b(values?|following|supported|accepted|allowed)\b", re.I)


def names_scope_parameter(lead: str) -> bool:
    """Whether ``lead`` introduces values of the parameter named scope (and says "values",
    "following", "supported" or "allowed": what follows are its values)."""
    return bool(_SCOPE_PARAMETER.search(lead or "")) and bool(_VALUES.search(lead or ""))
