"""The ``contract`` and ``validate`` commands: build/save a contract, check a contract file.

Thin: every decision lives in the library (``factory.contract.builder``,
``factory.contract.validate``,
``factory.contract.store``, ``factory.evidence.report``). Library errors are ``FactoryError``s and
become one
``error: ...`` line and exit code 1 in ``factory.cli.main``; bad option values are usage
errors (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from factory.cli.options import ContractsDirOption, JsonOption, SchemaOption, TemplateOption
from factory.contract.builder import KNOWN_AUTH_METHODS  # light; the help text lists them
from factory.textsafe import terminal_safe

if TYPE_CHECKING:
    from factory.models import Provider, ScopeRecord


def _default_auth_method(provider: Provider) -> str:
    # The catalog lists the provider's methods most-used first; take the first we know.
    return next((m for m in provider.auth_methods if m in KNOWN_AUTH_METHODS), "oauth2")


def _notes(provider: Provider, scopes_file: Path, count: int, auth_method: str) -> list[str]:
    if count:
        return []
    if auth_method == "oauth2":
        return [f"No scopes in {scopes_file}: the contract's scope list is empty."]
    return [
        f"No OAuth scopes: {provider.display_name} uses {auth_method} "
        f"(scope list empty by evidence from {scopes_file})."
    ]


def duplicate_notes(records: list[ScopeRecord]) -> list[str]:
    """One note per scope name listed more than once: which description was kept and why."""
    first: dict[str, int] = {}
    notes: list[str] = []
    for index, record in enumerate(records):
        if record.scope_name not in first:
            first[record.scope_name] = index
            continue
        kept = records[first[record.scope_name]]
        same = (kept.description or "") == (record.description or "")
        notes.append(
            f"duplicate scope name {record.scope_name!r}: item {index} repeats item "
            f"{first[record.scope_name]}; kept item {first[record.scope_name]} as the one "
            + (
                "entry (same description)"
                if same
                else f"entry, its description {kept.description!r} (the first listing wins; "
                f"item {index} said {record.description!r})"
            )
        )
    return notes


def contract_command(
    provider: Annotated[str, typer.Argument(help="Provider name, e.g. 'Google Ads'.")],
    scopes: Annotated[
        Path,
        typer.Option(
            "--scopes",
            help="JSON list of scope records (scope_name, description, optional version, "
            "section, source_url). An empty list is a provider without OAuth scopes and "
            "needs --auth-method (not oauth2). A name listed twice is kept once, the first "
            "listing's description winning, with a note.",
            dir_okay=False,
        ),
    ],
    auth_method: Annotated[
        str | None,
        typer.Option(
            "--auth-method",
            help="How customers authenticate: "
            + ", ".join(KNOWN_AUTH_METHODS)
            + "; default: the catalog's method, else oauth2.",
        ),
    ] = None,
    contracts_dir: ContractsDirOption = None,
    template: TemplateOption = None,
    schema: SchemaOption = None,
    as_json: JsonOption = False,
) -> None:
    """Build a draft contract from a scopes file, save it, and print the report."""
    from factory import (
        ContractError,
        build_contract,
        build_report,
        load_schema,
        load_scope_records,
        load_template,
        resolve_provider,
        save_contract,
    )

    records = load_scope_records(scopes)
    if not records and (auth_method is None or auth_method == "oauth2"):
        raise ContractError(
            [],
            f"{scopes} lists no scopes: an empty list means a provider without OAuth scopes, "
            "so give its auth method with --auth-method (e.g. api_key or basic; not oauth2)",
        )
    resolved = resolve_provider(provider)
    method = auth_method or _default_auth_method(resolved)
    template_data = load_template(template)
    schema_data = load_schema(schema) if schema is not None else None
    contract = build_contract(resolved, records, auth_method=method, template=template_data)
    saved = save_contract(
        contract,
        contracts_dir=contracts_dir,
        template=template_data,
        schema=schema_data,
    )
    report = build_report(
        contract,
        saved.path,
        records,
        auth_method=method,
        notes=[*duplicate_notes(records), *_notes(resolved, scopes, len(records), method)],
        changes=None if saved.created else saved.changes,
    )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=True))
    else:
        typer.echo(terminal_safe(report.to_text()), nl=False)


def _read_contract_file(file: Path) -> Any:
    from factory.errors import ContractError, Problem
    from factory.safeload import ShapeError, loads_json

    try:
        return loads_json(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContractError([], f"{file}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError([], f"{file}: cannot read the file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ContractError(
            [Problem("$", exc.msg)],
            f"{file} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from exc
    except ShapeError as exc:
        raise ContractError([], f"{file}: refused, {exc}") from exc


def validate_command(
    file: Annotated[Path, typer.Argument(help="Contract JSON file to check.", dir_okay=False)],
    template: TemplateOption = None,
    schema: SchemaOption = None,
    reviewed: Annotated[
        bool,
        typer.Option(
            "--reviewed",
            help="The file is a contract a person reviewed: accept status 'approved' and "
            "values filled in outside the factory's fill paths. By default the file must "
            "be factory output (a draft).",
        ),
    ] = False,
) -> None:
    """Check a contract against the schema, the template and the laws; exit 1 on any problem."""
    from factory import load_schema, load_template, validate_contract

    contract = _read_contract_file(file)
    template_data = load_template(template) if template is not None else None
    schema_data = load_schema(schema) if schema is not None else None
    problems = validate_contract(
        contract, template=template_data, schema=schema_data, factory_output=not reviewed
    )
    if not problems:
        typer.echo(f"valid: {file}")
        return
    for problem in problems:
        typer.echo(terminal_safe(str(problem)))
    typer.echo(f"{file}: {len(problems)} problem(s)", err=True)
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``contract`` and ``validate`` commands to the app."""
    app.command("contract", help=contract_command.__doc__)(contract_command)
    app.command("validate", help=validate_command.__doc__)(validate_command)
