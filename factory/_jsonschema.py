"""``jsonschema`` without the format checker nobody here uses.

Importing ``jsonschema`` runs its ``_format`` module, which imports ``rfc3987_syntax`` when it
is installed (Jupyter's ``jupyter_events`` pulls it in). That package builds its Lark grammars
at import time: 1.2-1.8 s on this project's machines, upstream's jsonschema issue #1428. The
factory validates without format checking (``Draft202012Validator`` is never given a
``FormatChecker``), so the format-only packages are refused for the time of
``import jsonschema`` only: their checkers are then not registered, and a later import of
any of them elsewhere works as usual. A process that already imported ``jsonschema`` is left
as it is.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
from types import ModuleType
from typing import Any

#: The optional format-checker packages ``jsonschema._format`` imports (``idna`` is left out:
#: httpx needs it). Together they cost ~1.5 s, ``rfc3987_syntax`` nearly all of it.
_FORMAT_ONLY = (
    "rfc3987_syntax",
    "rfc3987",
    "rfc3986_validator",
    "rfc3339_validator",
    "webcolors",
    "jsonpointer",
    "uri_template",
    "isoduration",
    "fqdn",
)
_LOCK = threading.Lock()
#: The module once its import has finished; read without the lock only after it is set.
_LOADED: list[ModuleType] = []


def load_jsonschema() -> ModuleType:
    """Return the ``jsonschema`` module, fully imported, safe to call from any thread.

    ``sys.modules`` holds a module from the moment its import *starts*, so reading it there
    could hand a thread a module another thread is still executing. Every caller therefore
    goes through ``_LOCK`` until the import has finished. The format-only packages are
    refused only when this is the process's one thread: placing ``None`` in ``sys.modules``
    while other threads run could make their own imports of those packages fail.
    """
    if _LOADED:
        return _LOADED[0]
    with _LOCK:
        if not _LOADED:
            _LOADED.append(_import_jsonschema())
        return _LOADED[0]


def _import_jsonschema() -> ModuleType:
    if "jsonschema" in sys.modules or threading.active_count() > 1:
        return importlib.import_module("jsonschema")
    blocked = [name for name in _FORMAT_ONLY if name not in sys.modules]
    # None in sys.modules makes an import raise ImportError, which jsonschema's _format
    # module suppresses (each checker is optional there).
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("jsonschema")
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_CHECKED: dict[str, Any] = {}
_CHECKED_LOCK = threading.Lock()


def schema_validator(schema: dict[str, Any]) -> Any:
    """A ``Draft202012Validator`` for ``schema``, the schema checked once per process.

    Checking a schema against the 2020-12 meta-schema costs ~50 ms; a build loads the
    schema (checked) and validates the contract with it (checked again) without this.

    Raises:
        jsonschema.SchemaError: the schema is not a valid 2020-12 schema.
    """
    jsonschema = load_jsonschema()
    key = json.dumps(schema, sort_keys=True, default=str)
    with _CHECKED_LOCK:
        if key not in _CHECKED:
            jsonschema.Draft202012Validator.check_schema(schema)
            _CHECKED[key] = True
    return jsonschema.Draft202012Validator(schema)
