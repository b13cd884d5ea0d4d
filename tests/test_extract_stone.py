"""Dropbox Stone: route attribute scopes from one file or a folder of files."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory.errors import ExtractionError
from factory.extract import extract_document
from factory.extract.stone import read_stone_folder
from factory.research.load import load_source

SPECS = Path(__file__).parent / "fixtures" / "specs"


def test_route_scopes_one_record_per_scope_with_routes() -> None:
    result = extract_document(load_source(str(SPECS / "sample.stone")))
    assert result.format == "stone"
    assert [(s.scope_name, s.section, s.locator) for s in result.scopes] == [
        ("files.metadata.read", "files", "files/get_metadata, files/list_folder"),
        ("files.content.write", "files", "files/upload"),
    ]
    assert all(s.description is None for s in result.scopes)
    # Neither the docstring's "scope =" nor a struct field named scope is a route attribute.
    assert "not.this.one" not in {s.scope_name for s in result.scopes}
    assert result.auth[0].method == "oauth2"
    assert "4 route(s)" in result.auth[0].evidence


def test_folder_is_concatenated_in_sorted_order() -> None:
    doc = read_stone_folder(SPECS / "stone_folder")
    assert doc.body.index(b"namespace account") < doc.body.index(b"namespace team")
    result = extract_document(doc)
    assert result.format == "stone"
    assert [(s.scope_name, s.section, s.locator) for s in result.scopes] == [
        ("account_info.write", "account", "account/set_profile_photo"),
        ("members.read", "team", "team/members/list"),
    ]


def test_load_source_reads_a_folder_as_stone() -> None:
    doc = load_source(str(SPECS / "stone_folder"), source_url="https://github.com/x/spec")
    assert doc.url == "https://github.com/x/spec"
    assert len(extract_document(doc).scopes) == 2


def test_folder_without_stone_files_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"no \.stone files"):
        read_stone_folder(tmp_path)
