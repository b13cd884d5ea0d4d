"""Loading the contract template and its JSON Schema.

The template is data: the builder deep-copies it and fills only the five *fill paths*
(:data:`FILL_PATHS`). The default template and schema live in the repository's ``templates/``
folder; an installed wheel carries a copy as package data in ``factory/_templates/`` (see
``[tool.hatch.build.targets.wheel.force-include]``), used when the repository folder is absent.

A user's own template (``--template FILE``) must still carry every fill path, or it is refused
with a :class:`~factory.errors.TemplateError` that names the missing path.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factory.errors import TemplateError
from factory.safeload import ShapeError, loads_json

TEMPLATE_FILENAME = "CONNECTOR_CONTRACT_TEMPLATE.json"
SCHEMA_FILENAME = "CONNECTOR_CONTRACT_TEMPLATE.schema.json"

#: The only paths the builder writes; each is a tuple of keys from the top of the template.
FILL_PATHS: tuple[tuple[str, ...], ...] = (
    ("provider_slug",),
    ("display_name",),
    ("sections", "scopes", "scopes"),
    ("sections", "utm", "schema"),
    ("sections", "byok"),
)

_REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "_templates"


def default_templates_dir() -> Path:
    """The folder holding the default template and schema.

    The repository's ``templates/`` when it exists (a checkout), else the package data copy
    ``factory/_templates/`` (an installed wheel).
    """
    if (_REPO_TEMPLATES / TEMPLATE_FILENAME).is_file():
        return _REPO_TEMPLATES
    return _PACKAGE_TEMPLATES


def dotted(path: tuple[str, ...]) -> str:
    """A fill path as people write it (``sections.utm.schema``)."""
    return ".".join(path)


def _read_json_object(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(str(path), "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(str(path), f"cannot read the file ({exc})") from exc
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            str(path), f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except ShapeError as exc:
        raise TemplateError(str(path), f"refused: {exc}") from exc
    if not isinstance(data, dict):
        raise TemplateError(str(path), f"expected a JSON object, found {type(data).__name__}")
    return data


def missing_fill_paths(template: dict[str, Any]) -> list[str]:
    """The fill paths a template lacks (dotted), in :data:`FILL_PATHS` order.

    Each path's parents must be JSON objects; ``sections.scopes.scopes`` must be a list and
    ``sections.utm.schema`` / ``sections.byok`` objects, since the builder fills them so.
    """
    expected_types: dict[tuple[str, ...], type] = {
        ("sections", "scopes", "scopes"): list,
        ("sections", "utm", "schema"): dict,
        ("sections", "byok"): dict,
    }
    missing: list[str] = []
    for path in FILL_PATHS:
        node: Any = template
        for key in path:
            if not isinstance(node, dict) or key not in node:
                missing.append(dotted(path))
                break
            node = node[key]
        else:
            wanted = expected_types.get(path)
            if wanted is not None and not isinstance(node, wanted):
                missing.append(f"{dotted(path)} (must be a JSON {wanted.__name__})")
    return missing


def load_template(path: str | Path | None = None) -> dict[str, Any]:
    """Read a contract template.

    Args:
        path: a template file; ``None`` for the project's default template.

    Returns:
        The template as a dict (a fresh object on every call).

    Raises:
        TemplateError: the file is missing, not JSON, not an object, or lacks a fill path
            (the message names every missing path).
    """
    file = Path(path) if path is not None else default_templates_dir() / TEMPLATE_FILENAME
    template = _read_json_object(file)
    missing = missing_fill_paths(template)
    if missing:
        raise TemplateError(str(file), "missing fill path(s): " + ", ".join(missing))
    return template


def load_schema(path: str | Path | None = None) -> dict[str, Any]:
    """Read a contract JSON Schema (draft 2020-12).

    Args:
        path: a schema file; ``None`` for the project's default schema.

    Raises:
        TemplateError: the file is missing, not JSON, not an object, or not a valid schema.
    """
    file = Path(path) if path is not None else default_templates_dir() / SCHEMA_FILENAME
    schema = _read_json_object(file)
    from factory._jsonschema import load_jsonschema, schema_validator  # only checks need it

    jsonschema = load_jsonschema()
    try:
        schema_validator(schema)
    except jsonschema.SchemaError as exc:
        raise TemplateError(str(file), f"not a valid JSON Schema: {exc.message}") from exc
    return schema
