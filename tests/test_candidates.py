"""The candidate harvester: every context kind gives a candidate, negatives and examples lower
a token's standing, structured names never come back as candidates, and candidates reach the
table (excluded), the decisions, the check, the report, the checklist and ``extract --json``.

Fixtures under ``tests/fixtures/candidates`` are invented providers written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factory.cli import app
from factory.contract.decisions import Decisions, apply_decisions, decisions_from_dict
from factory.evidence.report import build_report, candidate_entries
from factory.evidence.store import checklist_text
from factory.extract import candidates_markup, extract_document
from factory.extract.candidates import Segment, harvest
from factory.extract.candidates_shape import tokens
from factory.models import Candidate, ExtractionResult, ScopeRecord
from factory.research.load import load_source
from factory.research.table import build_scope_table, candidate_count, table_records
from factory.workbench.review_rows import RowFilter, decisions_of, filter_rows, rows_of

FIXTURES = Path(__file__).parent / "fixtures" / "candidates"


def extracted(name: str) -> ExtractionResult:
    return extract_document(load_source(str(FIXTURES / name)))


def by_name(result: ExtractionResult) -> dict[str, Candidate]:
    return {c.scope_name: c for c in result.candidates}


@pytest.mark.parametrize(
    ("fixture", "name", "why"),
    [
        # props and attributes whose shape the structured reader does not read as a list
        ("props.mdx", "pages.share", "attribute 'scopeIds' speaks of scopes"),  # a string prop
        ("props.mdx", "tags.manage", "attribute 'scopeList' speaks of scopes"),  # {["a", "b"]}
        ("props.mdx", "comments.post", "its sentence speaks of scopes"),  # beside a component
        ("page.html", "reports:export", "its sentence speaks of scopes"),  # code in a sentence
        ("page.html", "alerts:subscribe", "section"),  # a definition term under "Scopes"
        ("page.html", "farms:admin", "attribute 'data-scope-set'"),  # an HTML data attribute
        ("terms.rst", "pastures.lease", "its sentence speaks of scopes"),  # rst literal
        ("spec.yaml", "lamps.list", "key 'x-lumenbay-permissions'"),  # vendor extension
        ("spec.yaml", "lamps.write", "key 'security'"),  # an http bearer scheme's list
        ("spec.yaml", "lamps.read", "its sentence speaks of scopes"),  # "requires scope"
    ],
)
def test_each_context_kind_gives_a_candidate(fixture: str, name: str, why: str) -> None:
    found = by_name(extracted(fixture))
    assert name in found
    assert why in found[name].why
    assert found[name].locator and found[name].context


@pytest.mark.parametrize(
    ("fixture", "name"),
    [
        ("props.mdx", "viewer.only"),  # "... are roles, they are not scopes"
        ("props.mdx", "notebook.title"),  # a key of a request example
        ("page.html", "grid:all"),  # "is not a valid scope"
        ("page.html", "turbine.state"),  # a key of a response example
        ("page.html", "tracking.id"),  # a script is not page text
        ("spec.yaml", "lamp.brightness"),  # a response example's key
    ],
)
def test_negative_statements_and_examples_lower_standing(fixture: str, name: str) -> None:
    assert name not in by_name(extracted(fixture))


def test_lowered_standing_is_said_in_why() -> None:
    segments = [
        Segment("Scopes", "heading", "heading"),
        Segment(
            '{\n"order.total": 3,\n"scope": "orders.refund"\n}', "code block", "block", "Scopes"
        ),
    ]
    (found,) = harvest(segments, [])[0]  # "order.total": the section alone, lowered to nothing
    assert found.scope_name == "orders.refund"  # its own line speaks of scopes
    assert found.why.endswith("lowered: inside a request/response example")
    segments.append(Segment("Ask for the `orders.refund` scope.", "line 9", "text", "Scopes"))
    (found,) = harvest(segments, [])[0]
    assert found.locator == "line 9" and "lowered" not in found.why  # the better place wins


@pytest.mark.parametrize("fixture", ["props.mdx", "page.html", "spec.yaml", "terms.rst"])
def test_candidates_never_repeat_structured_names(fixture: str) -> None:
    result = extracted(fixture)
    taken = {s.scope_name for s in result.scopes}
    assert taken and result.candidates
    assert not taken & {c.scope_name for c in result.candidates}


def test_one_warning_counts_the_candidates() -> None:
    result = extracted("props.mdx")
    counted = [w for w in result.warnings if "candidate scope(s)" in w]
    assert counted == [
        "6 candidate scope(s) the structured reader did not return stand in scope context "
        "(pages.read, pages.write, pages.share, tags.read, tags.manage, comments.post): review "
        "them and include the real ones"
    ]


def test_context_is_escaped_for_display() -> None:
    found = by_name(extracted("props.mdx"))["comments.post"]
    assert "<" not in found.context and "&lt;Badge&gt;beta" in found.context


def test_names_never_seen_in_scope_context_are_unconfirmed() -> None:
    segments = [
        Segment("Team roles", "heading", "heading"),
        Segment("team.owner", "line 3", "item", "Team roles", group="l1"),
        Segment("Scopes", "heading", "heading"),
        Segment("`team.read`", "line 7", "item", "Scopes", group="l2"),
    ]
    _, unconfirmed = harvest(segments, ["team.owner", "team.read"])
    assert unconfirmed == ("team.owner",)


def test_extract_json_prints_candidates(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["extract", str(FIXTURES / "page.html"), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    names = [c["scope_name"] for c in data["candidates"]]
    assert names == ["reports:export", "alerts:subscribe", "farms:read", "farms:admin"]
    assert set(data["candidates"][0]) == {"scope_name", "locator", "context", "why"}
    assert sum("candidate scope(s)" in w for w in data["warnings"]) == 1


URL = "https://quillmark.test/api.mdx"


def _table_of(result: ExtractionResult):
    return build_scope_table([result])


def test_table_rows_of_candidates_are_excluded_by_default() -> None:
    result = ExtractionResult(
        URL,
        "markdown",
        scopes=(ScopeRecord("notes.read", "Read notes.", source_url=URL),),
        candidates=(Candidate("notes.share", "line 9", "Share with `notes.share`.", "why"),),
        unconfirmed=("notes.read",),
    )
    table = _table_of(result)
    row = table.set_index("scope_name").loc["notes.share"]
    assert row["status"] == "candidate" and not row["include"]
    assert "Share with" in row["note"]
    assert candidate_count(table) == 1
    assert [r.scope_name for r in table_records(table)] == ["notes.read"]
    assert "no-scope-context" in table.set_index("scope_name").loc["notes.read", "flags"]


def test_a_candidate_another_document_reads_is_no_candidate_row() -> None:
    first = ExtractionResult(URL, "markdown", candidates=(Candidate("a.b", "l", "c", "w"),))
    second = ExtractionResult(
        "https://quillmark.test/b", "html", scopes=(ScopeRecord("a.b", "A."),)
    )
    table = build_scope_table([first, second])
    assert list(table["status"]) == ["ok"]


def test_including_a_candidate_is_a_decision_that_replays() -> None:
    table = _table_of(extracted("props.mdx"))
    assert "pages.read" not in [r.scope_name for r in table_records(table)]
    rows = rows_of(table)
    shown = filter_rows(rows, RowFilter(flag="candidate"))
    assert [r.name for r in shown][:3] == ["pages.read", "pages.write", "pages.share"]
    shown[0].include = True  # the check's include action
    decided = decisions_of(rows)
    assert decided.included == ("pages.read",)
    assert "pages.write" not in decided.excluded  # candidates are out unless included
    again = decisions_from_dict(json.loads(json.dumps(decided.to_dict())))
    names = [r.scope_name for r in table_records(apply_decisions(table, again))]
    assert "pages.read" in names and "pages.write" not in names


def test_older_decisions_without_included_leave_candidates_out() -> None:
    table = _table_of(extracted("props.mdx"))
    decided = apply_decisions(table, Decisions(excluded=("notebooks.write",)))
    assert [r.scope_name for r in table_records(decided)] == ["notebooks.read"]
    assert "included" not in Decisions().to_dict()  # old files stay byte-identical


def test_report_and_checklist_list_the_candidates(tmp_path: Path) -> None:
    table = _table_of(extracted("page.html"))
    rows = table.to_dict("records")
    waiting = candidate_entries(rows)
    assert [c["name"] for c in waiting][:2] == ["reports:export", "alerts:subscribe"]
    contract = {"display_name": "Ferrowind", "sections": {"scopes": {"scopes": []}}}
    report = build_report(
        contract, tmp_path / "c.json", [], auth_method="oauth2", candidates=waiting
    )
    text = report.to_text()
    assert "Candidates awaiting review (4;" in text and "farms:admin" in text
    assert report.to_dict()["candidates"][0]["why"].startswith("section")
    checklist = checklist_text("Ferrowind", "FERROWIND", rows)
    head, _, tail = checklist.partition("## Candidates awaiting review (4)")
    assert "`turbines:read`" in head and "`reports:export`" not in head
    assert "- [ ] `reports:export`" in tail


def test_build_says_how_many_candidates_await_review(tmp_path: Path) -> None:
    argv = ["build", "Ferrowind", "--offline", "--source", str(FIXTURES / "page.html")]
    argv += ["--contracts-dir", str(tmp_path / "c"), "--evidence-dir", str(tmp_path / "e")]
    out = CliRunner().invoke(app, argv)
    assert out.exit_code == 0, out.output
    assert "4 candidate scope(s) await review" in out.output
    contract = json.loads((tmp_path / "c" / "FERROWIND_CONNECTOR_CONTRACT.json").read_text())
    names = [s["scope_name"] for s in contract["sections"]["scopes"]["scopes"]]
    assert names == ["turbines:read", "turbines:write", "maintenance:schedule"]
    (checklist,) = (tmp_path / "e").rglob("FERROWIND_SCOPE_CHECKLIST.md")
    assert "## Candidates awaiting review (4)" in checklist.read_text()


def test_a_url_encoded_scope_list_is_split_into_its_names() -> None:
    line = "GET /authorize?client_id=abc&scope=gear.read%20gear.oil+gear.spin HTTP/1.1"
    names = [t for t, _ in tokens(line)]
    assert {"gear.read", "gear.oil", "gear.spin"} <= set(names)
    assert not [n for n in names if "%" in n or "+" in n]
    url = "https://id.cogwell.test/authorize?scope=gear.read%20gear.oil&state=x"
    assert [t for t, _ in tokens(f"See {url}.")][1:] == [url, "gear.read", "gear.oil"]


def test_chrome_microdata_and_directives_give_no_candidates() -> None:
    page = """<html><body><nav><ul><li><code>gear.menu</code></li></ul></nav>
    <div itemscope="itemscope"><h2>Scopes</h2><ul role="tablist"><li>gear.tab</li></ul>
    <ul><li><code>gear.read</code></li><li><code>gear.oil</code></li></ul>
    <pre><code><div class="token-line">curl https://x.test</div></code></pre></div>
    </body></html>"""
    segments = list(candidates_markup.html_segments(page))
    texts = " ".join(s.text for s in segments)
    assert "gear.menu" not in texts and "gear.tab" not in texts and "itemscope" not in texts
    assert [s.where for s in segments if "curl" in s.text] == ["block"]  # the div inside <pre>
    rst = "Scopes\n======\n\n.. note:: Ask for the least.\n\n* ``gear.read`` - read gears\n"
    found, _ = harvest(candidates_markup.text_segments(rst), [])
    assert [c.scope_name for c in found] == ["gear.read"]


def test_context_keeps_non_ascii_text_of_a_page_without_a_charset() -> None:
    """The harvester reads the page's decoded text: lxml must not guess its bytes' encoding."""
    page = (
        "<html><body><h2>Portées OAuth (scopes)</h2>"
        "<p>Demandez la portée <code>atelier.lecture</code> pour lire les créations.</p>"
        "</body></html>"
    )
    found = {c.scope_name: c for c in harvest_html(page)}
    assert "atelier.lecture" in found
    assert "créations" in found["atelier.lecture"].context
    assert "Ã" not in found["atelier.lecture"].context


def harvest_html(page: str) -> tuple[Candidate, ...]:
    from factory.extract.detect import make_document

    doc = make_document(
        page.encode("utf-8"), "https://docs.example.test/p.html", media_type="text/html"
    )
    return extract_document(doc).candidates


def test_permission_ids_beside_their_names_are_no_candidates() -> None:
    """A reference that gives each permission a GUID (and a hash) beside its name: the ids
    stand in scope context, but an identifier is not a scope name."""
    rows = "".join(
        f"<h3>Kettle.{verb}</h3><table><tr><th>Identifier</th>"
        f"<td>{ident}</td></tr><tr><th>Description</th><td>Lets the app {verb.lower()} "
        "kettles.</td></tr></table>"
        for verb, ident in (
            ("Read", "c0ffee00-abcd-4e5f-8a9b-0123456789ab"),
            ("Write", "deadbeefcafef00d1234"),
        )
    )
    page = f"<html><body><h1>Kettle permissions</h1><h2>All scopes</h2>{rows}</body></html>"
    names = {c.scope_name for c in harvest_html(page)}
    assert not names & {"c0ffee00-abcd-4e5f-8a9b-0123456789ab", "deadbeefcafef00d1234"}
    from factory.extract.candidates_shape import scope_shaped

    assert scope_shaped("kettle.read", lead=True)
    assert not scope_shaped("c0ffee00-abcd-4e5f-8a9b-0123456789ab", lead=True)
