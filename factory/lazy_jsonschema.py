"""``import jsonschema`` without the start-up cost of a format checker the contract never uses.

jsonschema imports ``rfc3987_syntax`` when it is installed (JupyterLab's ``jupyter-events``
pulls it in) to check the ``iri`` formats, and that module builds 38 lark grammars at import:
3-4 s of every kernel start and every CLI run on a 2-core machine. The contract schema checks
no format, so :func:`import_jsonschema` hides that one optional module while jsonschema is
first imported, then un-hides it. Anything imported earlier is left as it is.
"""

from __future__ import annotations

import sys
from types import ModuleType

_OPTIONAL = "rfc3987_syntax"


def import_jsonschema() -> ModuleType:
    """The ``jsonschema`` module, imported without its IRI format checker if not yet loaded."""
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hide = _OPTIONAL not in sys.modules
    if hide:
        sys.modules[_OPTIONAL] = None  # type: ignore[assignment]  # "not installed" to importers
    try:
        import jsonschema
    finally:
        if hide:
            sys.modules.pop(_OPTIONAL, None)
    return jsonschema
