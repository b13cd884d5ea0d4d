"""Operations as evidence: what each operation of a Discovery document or a spec requires."""

from __future__ import annotations

import json
from pathlib import Path

from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import Operation
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "operations"


def _ops(name: str) -> dict[str, Operation]:
    result = extract_document(load_source(str(FIXTURES / name)))
    return {op.operation_id: op for op in result.operations}


def _spec(paths: dict[str, object], schemes: dict[str, object], **root: object) -> bytes:
    body = {"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    body["components"] = {"securitySchemes": schemes}
    body.update(root)
    return json.dumps(body).encode()


OAUTH = {"o": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a.test/",
         "scopes": {"a:read": "A", "a:write": "B"}}}}}  # fmt: skip


def test_discovery_methods_of_nested_resources_with_their_scopes() -> None:
    ops = _ops("inkwell_discovery.json")
    assert len(ops) == 7
    margins = ops["inkwell.notes.margins.list"]
    assert (margins.method, margins.path) == ("GET", "/inkwell/v1/notes/{noteId}/margins")
    assert margins.alternatives == (
        ("https://auth.inkwell.example/notes",),
        ("https://auth.inkwell.example/notes.readonly",),
    )  # each Discovery scope is enough on its own
    assert margins.locator == "/resources/notes/resources/margins/methods/list"
    assert ops["inkwell.profile.ping"].alternatives == ()


def test_openapi_requirements_are_or_across_and_within() -> None:
    ops = _ops("lantern_openapi.json")
    assert ops["listBoards"].alternatives == (("boards:read",),)  # the spec's default
    # the API-key requirement names no scope-carrying scheme: no alternative
    assert ops["listCards"].alternatives == (("boards:read", "cards:read"), ("admin:all",))
    assert ops["health"].alternatives == ((),)
    assert ops["keysOnly"].alternatives == ()
    assert ops["addCard"].locator == "/paths/~1boards~1{id}~1cards/post"


def test_vendor_extension_and_requires_scope_lines() -> None:
    paths = {
        "/a": {"get": {"operationId": "g", "x-acme-scopes": ["a:read", "a:write"]}},
        "/b": {"get": {"operationId": "h", "description": "Requires scope `a:read`."}},
        "/c": {"get": {"operationId": "i", "security": [{"o": ["a:write"]}],
                       "description": "Requires scope `a:read`."}},
    }  # fmt: skip
    result = extract_document(make_document(_spec(paths, OAUTH), "https://a.test/s.json"))
    ops = {op.operation_id: op for op in result.operations}
    assert ops["g"].alternatives == (("a:read", "a:write"),) and ops["g"].via == "x-acme-scopes"
    assert ops["h"].alternatives == (("a:read",),) and ops["h"].via == "description text"
    assert ops["i"].alternatives == (("a:write",),)  # the requirement states it: text not read


def test_placeholder_scheme_gives_way_to_vendor_permissions() -> None:
    result = extract_document(load_source(str(FIXTURES / "tallow_placeholder_openapi.json")))
    names = [s.scope_name for s in result.scopes]
    assert names == ["none", "orders.read", "orders.write", "stock.read", "refunds.write"]
    assert any("placeholder" in w for w in result.warnings)
    ops = {op.operation_id: op for op in result.operations}
    assert ops["refund"].alternatives == (("orders.write",), ("refunds.write",))
    assert all("none" not in alt for op in ops.values() for alt in op.alternatives)


def test_permissions_extension_is_read_like_a_scopes_one() -> None:
    flow = {"authorizationUrl": "https://a.test/", "scopes": {"none": "No scope required"}}
    placeholder = {"o": {"type": "oauth2", "flows": {"implicit": flow}}}
    paths = {"/a": {"get": {"operationId": "g", "x-acme-permission": "sheets.read"}}}
    result = extract_document(
        make_document(_spec(paths, placeholder, security=[{"o": ["none"]}]), "https://a.test/s")
    )
    assert [s.scope_name for s in result.scopes] == ["none", "sheets.read"]
    assert result.operations[0].alternatives == (("sheets.read",),)


def test_extract_json_round_trips_operations() -> None:
    result = extract_document(load_source(str(FIXTURES / "lantern_openapi.json")))
    data = json.loads(json.dumps(result.to_dict()))
    assert tuple(Operation.from_dict(o) for o in data["operations"]) == result.operations


def test_markdown_endpoint_table_gives_operations() -> None:
    result = extract_document(load_source(str(FIXTURES / "quill_endpoints.md")))
    got = {op.label: op.alternatives for op in result.operations}
    assert got == {
        "GET /v2/messages": (("mail.read",), ("mail.admin",)),  # "or": alternatives
        "POST /v2/messages": (("mail.send",),),
        "DELETE /v2/messages/{id}": (("mail.send", "mail.admin"),),  # listed: all needed
    }
    assert result.operations[0].locator == "table 2 row 1"
    assert [s.scope_name for s in result.scopes] == ["mail.read", "mail.send", "mail.admin"]


def test_html_endpoint_table_with_a_method_column() -> None:
    result = extract_document(load_source(str(FIXTURES / "quill_endpoints.html")))
    got = {op.label: op.alternatives for op in result.operations}
    # the role table has a scope column but no endpoint column: not an endpoint table
    assert got == {
        "GET /v2/folders": (("mail.read",),),
        "PUT /v2/folders/{id}": (("mail.send",), ("mail.admin",)),
    }
    assert all(op.via == "table" for op in result.operations)
