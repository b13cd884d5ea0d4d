"""The scope table: merging across sources, authority, flags, and records for the contract."""

from __future__ import annotations

import pandas as pd

from factory.models import ExtractionResult, ScopeRecord
from factory.research.table import (
    COLUMNS,
    build_scope_table,
    per_source_counts,
    scope_type_overrides,
    table_records,
)

LEGACY = "https://docs.example/v1/scopes"
CURRENT = "https://docs.example/v2/scopes"
SPEC = "https://docs.example/openapi.yaml"


def result(source: str, *records: ScopeRecord) -> ExtractionResult:
    return ExtractionResult(source=source, format="html", scopes=records)


def rec(
    name: str, description: str | None, version: str | None, url: str, **kw: str
) -> ScopeRecord:
    return ScopeRecord(name, description, version, source_url=url, **kw)


RESULTS = [
    result(
        LEGACY,
        rec("ads.read", "Read ads (old wording).", "v1 legacy", LEGACY, section="Legacy"),
        rec("ads.old", "A retired scope.", "deprecated", LEGACY),
    ),
    result(
        CURRENT,
        rec("ads.read", "Read your ads.", "current", CURRENT, section="Scopes > Ads"),
        rec("ads.write", "Create and edit ads.", "current", CURRENT, kind="delegated"),
        rec("ads.bare", None, "current", CURRENT),
    ),
    result(SPEC, rec("ads.read", "Read your ads.", "v2", SPEC)),
]


def test_one_row_per_scope_with_every_column() -> None:
    table = build_scope_table(RESULTS)
    assert list(table.columns) == list(COLUMNS)
    assert list(table["scope_name"]) == ["ads.read", "ads.old", "ads.write", "ads.bare"]
    assert table["include"].dtype == bool
    assert table["include"].all()


def test_current_description_wins_over_legacy_and_others_are_kept() -> None:
    table = build_scope_table(RESULTS).set_index("scope_name")
    row = table.loc["ads.read"]
    assert row["description"] == "Read your ads."
    assert row["description_source"] == CURRENT
    assert row["other_descriptions"] == "Read ads (old wording)."
    assert row["versions"] == "current, v1 legacy, v2"
    # Lists run in authority order: current sources first, legacy last.
    assert row["sources"] == f"{CURRENT} | {SPEC} | {LEGACY}"
    assert row["sections"] == "Scopes > Ads | Legacy"
    assert row["status"] == "flagged"
    assert row["flags"] == "conflict"
    assert "same kind, different text across sources (2 versions" in row["note"]


def test_source_order_decides_between_current_sources() -> None:
    results = [
        result(CURRENT, rec("x.read", "From the guide.", None, CURRENT)),
        result(SPEC, rec("x.read", "From the spec.", None, SPEC)),
    ]
    default = build_scope_table(results).iloc[0]
    assert default["description"] == "From the guide."
    preferred = build_scope_table(results, source_order=[SPEC, CURRENT]).iloc[0]
    assert preferred["description"] == "From the spec."
    assert preferred["other_descriptions"] == "From the guide."


def test_doubtful_rows_are_flagged_not_dropped() -> None:
    table = build_scope_table(RESULTS).set_index("scope_name")
    assert table.loc["ads.old", "status"] == "flagged"
    assert "only in legacy/deprecated lists" in table.loc["ads.old", "note"]
    assert table.loc["ads.bare", "status"] == "flagged"
    assert "no description" in table.loc["ads.bare", "note"]
    assert pd.isna(table.loc["ads.bare", "description"])
    assert table.loc["ads.write", "status"] == "ok"
    assert table.loc["ads.write", "note"] == ""
    assert table.loc["ads.write", "kinds"] == "delegated"


def test_scope_types_come_from_the_rules() -> None:
    table = build_scope_table(RESULTS).set_index("scope_name")
    assert table.loc["ads.read", "scope_type"] == "read"
    assert table.loc["ads.write", "scope_type"] == "write"


def test_table_records_keep_included_rows_in_order() -> None:
    table = build_scope_table(RESULTS)
    table.loc[table["scope_name"] == "ads.old", "include"] = False
    table.loc[table["scope_name"] == "ads.bare", "scope_type"] = "admin"
    records = table_records(table)
    assert [r.scope_name for r in records] == ["ads.read", "ads.write", "ads.bare"]
    assert records[0] == ScopeRecord(
        "ads.read", "Read your ads.", "current", None, "Scopes > Ads", CURRENT, None
    )
    assert records[2].description is None
    assert scope_type_overrides(table) == {
        "ads.read": "read",
        "ads.write": "write",
        "ads.bare": "admin",
    }


def test_per_source_counts_and_empty_input() -> None:
    assert per_source_counts(build_scope_table(RESULTS)) == {LEGACY: 2, CURRENT: 3, SPEC: 1}
    empty = build_scope_table([])
    assert list(empty.columns) == list(COLUMNS)
    assert empty.empty
    assert table_records(empty) == []


def test_records_without_source_url_take_the_document_url() -> None:
    table = build_scope_table([result(SPEC, ScopeRecord("a.read", "Read a."))])
    assert table.loc[0, "sources"] == SPEC
    assert table.loc[0, "status"] == "ok"


def test_no_scope_placeholder_is_kept_flagged_and_left_out() -> None:
    from factory.models import ExtractionResult, ScopeRecord
    from factory.research.table import build_scope_table, table_records

    result = ExtractionResult(
        "https://a.test/spec.json",
        "openapi",
        (
            ScopeRecord("chat:write", "Post messages", source_url="https://a.test/spec.json"),
            ScopeRecord("none", "No scope required", source_url="https://a.test/spec.json"),
        ),
    )
    table = build_scope_table([result])
    row = table.set_index("scope_name").loc["none"]
    assert row["status"] == "flagged"
    assert "no-scope placeholder" in row["note"]
    assert bool(row["include"]) is False
    assert [r.scope_name for r in table_records(table)] == ["chat:write"]


def test_per_kind_descriptions_are_not_a_conflict() -> None:
    both = result(
        CURRENT,
        rec("Mail.Read", "Read mail without a signed-in user.", None, CURRENT, kind="Application"),
        rec("Mail.Read", "Read the signed-in user's mail.", None, CURRENT, kind="Delegated"),
    )
    row = build_scope_table([both]).iloc[0]
    assert (row["status"], row["flags"], row["other_descriptions"]) == ("ok", "", "")
    assert row["kind_descriptions"] == (
        "application: Read mail without a signed-in user. | "
        "delegated: Read the signed-in user's mail."
    )
    # A kind-less list quoting one kind's text agrees; other wording is a real conflict.
    agrees = result(LEGACY, rec("Mail.Read", "Read the signed-in user's mail.", None, LEGACY))
    assert build_scope_table([both, agrees]).iloc[0]["status"] == "ok"
    other = result(LEGACY, rec("Mail.Read", "Lets an app read mail.", "v1", LEGACY))
    row = build_scope_table([both, other]).iloc[0]
    assert (row["status"], row["flags"]) == ("flagged", "conflict")
    assert row["other_descriptions"] == "Lets an app read mail."
    # The same kind worded differently by two sources is a conflict too.
    same = result(SPEC, rec("Mail.Read", "Reads mail.", None, SPEC, kind="delegated"))
    assert build_scope_table([both, same]).iloc[0]["flags"] == "conflict"


def test_flags_say_where_a_scope_was_found() -> None:
    prose = ScopeRecord("a.read", "Read a.", locator="paragraph 3")
    listed = ScopeRecord("b.read", "Read b.", locator="table 1 row 1")
    operation = ScopeRecord("c.read", "Read c.", locator="operation GET /c")
    table = build_scope_table([result(SPEC, prose, listed, operation)]).set_index("scope_name")
    assert table.loc["a.read", "flags"] == "prose"
    assert table.loc["b.read", "flags"] == ""
    assert table.loc["c.read", "flags"] == "per-operation"
    assert "per-operation" in table.loc["c.read", "note"]
