"""Terminal tables never break a scope name (or a slug / platform key) across lines."""

from __future__ import annotations

import io

from rich.console import Console

from factory.cli.extract_cmd import render_table
from factory.cli.providers_cmd import render_providers
from factory.models import ExtractionResult, ScopeRecord
from factory.research.catalog import load_entries

LONG = "https://www.example.com/auth/adwords.campaigns.readonly.extended"
NAMES = ("ads.campaigns.read", "ads.campaigns.read_write", "reporting.insights.readonly")


def rendered(render: object, value: object, width: int) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, soft_wrap=False)
    render(value, console)  # type: ignore[operator]
    return buffer.getvalue()


def result(*names: str) -> ExtractionResult:
    description = "Read every campaign of every advertiser account you can access, " * 2
    scopes = tuple(ScopeRecord(n, description, "current", None, "Scopes") for n in names)
    return ExtractionResult("file:///scopes.html", "html", scopes=scopes)


def test_scope_names_stay_whole_at_80_columns() -> None:
    out = rendered(render_table, result(*NAMES), 80)
    for name in NAMES:
        assert name in out  # on one line, uncut
    assert "Read every campaign" in out  # the table still shows descriptions


def test_a_name_longer_than_the_table_allows_gets_its_own_line() -> None:
    for width in (60, 80):
        out = rendered(render_table, result(LONG, *NAMES), width)
        assert LONG in out.replace("\n", "") and LONG in out
        for name in NAMES:
            assert name in out
        assert "Read every campaign" in out


def test_provider_slugs_and_platform_keys_stay_whole() -> None:
    entries = load_entries()
    out = rendered(render_providers, entries, 80)
    for entry in entries:
        assert entry.slug in out
        assert entry.platform in out
