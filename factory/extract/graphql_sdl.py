"""GraphQL schemas (SDL: ``.graphql``, ``.graphqls``, ``.gql``): the scopes of a scope enum.

A GraphQL API states its OAuth scopes as the values of an enum: one named for scopes or
permissions (``enum AccessScope { PROFILE ... }``), or the enum a directive takes as its
``scope`` argument (``directive @access(scope: AccessScope!, kind: AccessKind!)``). Each value
is a scope, verbatim; its description is the value's own description string, else the text
a directive on it gives (``PROFILE @scopehelp(details: "profile information")``); a value
marked ``@deprecated`` is annotated so. The fields and enum values that require a scope
(``repository: Repository @access(scope: REPOSITORIES, kind: RO)``) are operations
(``Query.repository``), which ``least-privilege`` reads.
Parsed with graphql-core; nothing is executed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from factory.errors import ExtractionError
from factory.extract.code_data import name_words
from factory.extract.registry import register
from factory.extract.text import mentions_scopes, normalize_ws
from factory.models import AuthFinding, Document, ExtractionResult, Operation, ScopeRecord

__all__ = ["extract_graphql"]

_SCOPE_ARGUMENTS = frozenset({"scope", "scopes", "permission", "permissions", "requires"})


@register("graphql")
def extract_graphql(doc: Document) -> ExtractionResult:
    """Scopes of a GraphQL schema's scope enum, and oauth2 when it has one.

    Raises:
        ExtractionError: the document is not a GraphQL schema graphql-core can parse.
    """
    from graphql import EnumTypeDefinitionNode, GraphQLSyntaxError, parse

    url = doc.final_url or doc.url
    try:
        tree = parse(doc.text(), no_location=False)
    except (GraphQLSyntaxError, RecursionError) as exc:
        raise ExtractionError(url, f"not a GraphQL schema graphql-core can parse ({exc})") from exc
    enums: dict[str, Any] = {
        d.name.value: d for d in tree.definitions if isinstance(d, EnumTypeDefinitionNode)
    }
    chosen = _scope_enums(tree.definitions, enums)
    records: list[ScopeRecord] = []
    for name in chosen:
        for value in enums[name].values or ():
            records.append(_record(value, name, url))
    warnings: list[str] = []
    operations = _operations(tree.definitions, {r.scope_name for r in records}, url)
    uses = Counter(s for op in operations for alt in op.alternatives for s in alt)
    if uses:
        warnings.append(
            f"{len(operations)} field(s) or value(s) of the schema require one of its scopes "
            f"({', '.join(f'{n} x{c}' for n, c in uses.most_common(6))})"
        )
    auth: tuple[AuthFinding, ...] = ()
    if records:
        evidence = f"enum {', '.join(chosen)} lists the schema's scopes"
        auth = (AuthFinding("oauth2", evidence, url, "graphql enum"),)
    elif enums:
        warnings.append(
            f"no enum of the schema speaks of scopes or is a directive's scope argument "
            f"({len(enums)} enum(s): {', '.join(list(enums)[:6])})"
        )
    return ExtractionResult(
        url, "graphql", tuple(records), auth, tuple(warnings), operations=tuple(operations)
    )


def _scope_enums(definitions: Any, enums: dict[str, Any]) -> list[str]:
    """The enums that list scopes: a directive's ``scope`` argument's type, else an enum
    named for scopes or permissions (never one named for kinds or modes of access)."""
    named: list[str] = []
    for definition in definitions:
        if definition.kind != "directive_definition":
            continue
        for argument in definition.arguments or ():
            if argument.name.value.lower() in _SCOPE_ARGUMENTS:
                type_name = _named_type(argument.type)
                if type_name in enums and type_name not in named:
                    named.append(type_name)
    if named:
        return named
    return [n for n in enums if mentions_scopes(name_words(n)) and not n.lower().endswith("kind")]


def _named_type(node: Any) -> str:
    while getattr(node, "type", None) is not None:
        node = node.type
    return str(node.name.value) if getattr(node, "name", None) is not None else ""


def _record(value: Any, enum: str, url: str) -> ScopeRecord:
    name = value.name.value
    description = normalize_ws(value.description.value) if value.description else None
    version = None
    for directive in value.directives or ():
        if directive.name.value == "deprecated":
            version = "deprecated"
            continue
        for argument in directive.arguments or ():
            text = getattr(argument.value, "value", None)
            if description is None and isinstance(text, str) and text.strip():
                description = normalize_ws(text)
    line = value.name.loc.start_token.line if value.name.loc is not None else 0  # not its doc
    return ScopeRecord(
        name, description or None, version, None, f"enum {enum}", url, f"line {line}: {name}"
    )


def _operations(definitions: Any, scopes: set[str], url: str) -> list[Operation]:
    """The fields (``Query.repository``) and enum values a directive says require one of the
    schema's scopes (``@access(scope: REPOSITORIES, kind: RO)``), as operations: the scope is
    their one alternative."""
    found: list[Operation] = []
    for definition in definitions:
        owner = getattr(getattr(definition, "name", None), "value", "")
        members = list(getattr(definition, "fields", None) or ())
        members += list(getattr(definition, "values", None) or ())
        for member in members:
            for directive in getattr(member, "directives", None) or ():
                for argument in directive.arguments or ():
                    value = getattr(argument.value, "value", None)
                    if argument.name.value.lower() in _SCOPE_ARGUMENTS and value in scopes:
                        line = member.name.loc.start_token.line if member.name.loc else 0
                        name = f"{owner}.{member.name.value}"
                        via = f"@{directive.name.value} directive"
                        found.append(Operation(name, "", "", ((value,),), url, f"line {line}", via))
    return found
