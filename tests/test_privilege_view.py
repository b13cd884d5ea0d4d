"""The notebook's "What will the connector call?" section, driven in plain Python."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from factory.contract.decisions import Decisions, apply_decisions, decisions_from_dict
from factory.contract.naming import provider_names
from factory.errors import PrivilegeError
from factory.evidence.operations import operations_evidence
from factory.extract import extract_document
from factory.models import Provider
from factory.research.load import load_source
from factory.workbench.privilege_view import PrivilegeSection, mark_note
from factory.workbench.review import ContractReview

LANTERN = Path(__file__).parent / "fixtures" / "operations" / "lantern_openapi.json"
XSS = "<script>alert(1)</script>"


def _section() -> PrivilegeSection:
    evidence = operations_evidence([extract_document(load_source(str(LANTERN)))])
    assert evidence is not None
    return PrivilegeSection(evidence)


def _table(section: PrivilegeSection) -> pd.DataFrame:
    rows = [
        {"scope_name": n, "description": d or "", "scope_type": "other"}
        for n, d in section.evidence.scopes
    ]
    return pd.DataFrame(rows).assign(include=True)


def _review(section: PrivilegeSection, tmp_path: Path) -> ContractReview:
    names = provider_names("Lantern Boards")
    provider = Provider(names.display_name, names.slug, names.platform)
    return ContractReview(provider, _table(section), contracts_dir=tmp_path)


def test_search_finds_operations_by_words_of_id_path_or_scope() -> None:
    section = _section()
    assert [op.operation_id for op in section.search("cards post")] == ["addCard"]
    assert [op.operation_id for op in section.search("admin:all")] == [
        "createBoard",
        "listCards",
        "addCard",
    ]


def test_answer_lists_every_alternative_with_descriptions() -> None:
    section = _section()
    answer = section.choose(["listBoards", "POST /boards"])
    assert section.chosen == ["listBoards", "createBoard"]
    frame = section.alternatives_frame(answer)
    create = frame[frame["operation"] == "createBoard"]
    assert list(create["alternative"]) == ["boards:write", "admin:all"]
    assert list(create["used"]) == [True, False]
    assert list(create["descriptions"])[1] == "Full control of your Lantern workspace"
    scopes = section.scopes_frame(answer)
    assert list(scopes["scope"]) == ["boards:write", "boards:read"]


def test_include_exactly_the_set_in_the_check_with_one_action(tmp_path: Path) -> None:
    section = _section()
    review = _review(section, tmp_path)
    answer = section.choose(["listCards"])
    changed = section.apply_to_check(review, answer)
    assert changed == 4
    assert [r.original_name for r in review.rows if r.include] == ["admin:all"]
    names = [s["scope_name"] for s in review.contract["sections"]["scopes"]["scopes"]]
    assert names == ["admin:all"]


def test_decisions_carry_the_choice_and_replay_headless() -> None:
    section = _section()
    answer = section.choose(["listBoards", "addCard"])
    table = _table(section)
    names = list(table["scope_name"])
    decided = section.decisions(Decisions(), names, answer, mode="include")
    assert decided.operations == ("listBoards", "addCard")
    again = decisions_from_dict(json.loads(json.dumps(decided.to_dict())))
    # the file round-trips: a headless run reads the same choice
    assert (again.operations, again.excluded) == (decided.operations, decided.excluded)
    replayed = apply_decisions(table, again)
    assert sorted(replayed[replayed["include"]]["scope_name"]) == sorted(answer.scopes)


def test_mark_notes_the_set_and_leaves_inclusion_alone() -> None:
    section = _section()
    answer = section.choose(["listBoards"])
    decided = section.decisions(Decisions(), ["boards:read"], answer, mode="mark")
    assert decided.excluded == ()
    assert decided.annotations["scopes"]["boards:read"]["note"] == mark_note(["listBoards"])
    with pytest.raises(ValueError, match="mode"):
        section.decisions(Decisions(), [], answer, mode="sometimes")


def test_decisions_without_operations_keep_their_old_shape() -> None:
    assert "operations" not in Decisions().to_dict()
    with pytest.raises(Exception, match="'operations' must be a list"):
        decisions_from_dict({"excluded": [], "scope_types": {}, "operations": "listBoards"})


def test_answer_html_escapes_page_text() -> None:
    section = _section()
    evidence = section.evidence
    scopes = tuple((n, XSS if n == "boards:read" else d) for n, d in evidence.scopes)
    section = PrivilegeSection(type(evidence)(evidence.operations, scopes))
    text = section.answer_html(section.choose(["listBoards"]))
    assert XSS not in text and "&lt;script&gt;" in text


def test_widget_picks_operations_and_includes_the_set(tmp_path: Path) -> None:
    section = _section()
    review = _review(section, tmp_path)
    box = section.widget(review)
    search, picker, include, out = box.children
    search.value = "boards"
    picker.value = ("createBoard",)
    assert "boards:write" in out.value
    include.click()
    assert [r.original_name for r in review.rows if r.include] == ["boards:write"]
    search.value = "keys"
    picker.value = ("keysOnly",)
    assert "states no scope" in out.value


def test_unknown_operation_is_a_privilege_error() -> None:
    with pytest.raises(PrivilegeError):
        _section().choose(["nothing"])
