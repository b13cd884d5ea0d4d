"""Least privilege: the smallest, then narrowest, scope set for the chosen operations.

The search is checked against a brute force over every choice of one alternative per
operation, on invented documents and on random ones (hypothesis).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factory.errors import PrivilegeError
from factory.extract import extract_document
from factory.models import Operation
from factory.research.least_privilege import find_operation, least_privilege, scope_reach
from factory.research.load import load_source

FIXTURES = Path(__file__).parent / "fixtures" / "operations"
NOTES = "https://auth.inkwell.example/notes"


def _document(name: str) -> tuple[list[Operation], dict[str, str | None]]:
    result = extract_document(load_source(str(FIXTURES / name)))
    return list(result.operations), {s.scope_name: s.description for s in result.scopes}


def _brute(
    operations: list[Operation], chosen: list[Operation], read_only: set[str]
) -> tuple[int, list[tuple[int, int]]]:
    """The smallest size, and (total reach, non-read-only count) of every smallest set."""
    reach = scope_reach(operations)
    unions = {
        frozenset(s for alt in pick for s in alt)
        for pick in itertools.product(*(op.alternatives for op in chosen))
    }
    size = min(len(u) for u in unions)
    costs = [
        (sum(reach[s] for s in u), sum(s not in read_only for s in u))
        for u in unions
        if len(u) == size
    ]
    return size, costs


def _satisfies(scopes: set[str], op: Operation) -> bool:
    return any(set(alt) <= scopes for alt in op.alternatives)


def test_discovery_answer_is_the_narrowest_single_scope() -> None:
    ops, described = _document("inkwell_discovery.json")
    answer = least_privilege(ops, ["inkwell.notes.list", "inkwell.notes.get"], described)
    # notes.sketches.readonly is granted by both and reaches the fewest operations: the
    # description shows that it sees sketches only, which reach alone cannot tell.
    assert answer.scopes == ("https://auth.inkwell.example/notes.sketches.readonly",)
    assert answer.to_dict()["scope_details"][0]["description"] == (
        "Read only the sketches in your Inkwell"
    )
    listed = answer.to_dict()["operations"][0]
    assert len(listed["alternatives"]) == 4 and len(listed["not_used"]) == 3


def test_one_shared_scope_beats_two_narrow_ones() -> None:
    ops, described = _document("inkwell_discovery.json")
    answer = least_privilege(
        ops, ["inkwell.notes.list", "POST /notes", "inkwell.notes.margins.list"], described
    )
    # notes.own covers list and create but not margins; notes covers all three alone.
    assert answer.scopes == (NOTES,)


def test_read_only_wins_at_equal_size_and_reach() -> None:
    ops = [
        Operation("a", "GET", "/a", (("files:write",), ("files:read",))),
        Operation("b", "GET", "/b", (("files:write",), ("files:read",))),
    ]
    answer = least_privilege(ops, ["a"], {"files:read": "See files", "files:write": "Edit"})
    assert answer.scopes == ("files:read",)


def test_and_within_a_requirement_or_across() -> None:
    ops, described = _document("lantern_openapi.json")
    answer = least_privilege(ops, ["listCards", "addCard"], described)
    assert set(answer.scopes) == {"admin:all"}  # one scope beats boards+cards read+write
    answer = least_privilege(ops, ["listCards"], described)
    assert answer.scopes == ("admin:all",)  # smallest first: 1 scope beats 2
    answer = least_privilege(ops, ["listBoards", "health"], described)
    assert answer.scopes == ("boards:read",)
    health = answer.choices[1]
    assert health.used == () and "no particular scope" in health.why


def test_placeholder_spec_answers_with_the_real_permissions() -> None:
    ops, described = _document("tallow_placeholder_openapi.json")
    answer = least_privilege(ops, ["placeOrder", "listStock", "refund"], described)
    assert set(answer.scopes) == {"orders.write", "stock.read"}
    assert "none" not in answer.scopes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("listCards", "listCards"),
        ("GET /boards/{id}/cards", "listCards"),
        ("post /boards", "createBoard"),
    ],
)
def test_operations_are_found_by_id_or_method_and_path(query: str, expected: str) -> None:
    ops, _ = _document("lantern_openapi.json")
    assert find_operation(ops, query).operation_id == expected


def test_a_discovery_path_is_found_without_its_service_path() -> None:
    ops, _ = _document("inkwell_discovery.json")
    assert find_operation(ops, "DELETE /notes/{noteId}").operation_id == "inkwell.notes.delete"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("listCard", "not found among the 6 operations; did you mean listCards"),
        ("keysOnly", "states no scope that grants it (security names no OAuth scheme)"),
    ],
)
def test_unanswerable_operations_are_named(query: str, message: str) -> None:
    ops, described = _document("lantern_openapi.json")
    with pytest.raises(PrivilegeError, match=r"keysOnly|listCard") as caught:
        least_privilege(ops, [query], described)
    assert message in str(caught.value)


def test_an_alternative_of_undeclared_scopes_does_not_count() -> None:
    ops = [Operation("a", "GET", "/a", (("ghost:read",),))]
    with pytest.raises(PrivilegeError, match="no declared scope satisfies"):
        least_privilege(ops, ["a"], {"real:read": "Read"})


@pytest.mark.parametrize(
    "chosen",
    [
        ["listBoards", "createBoard"],
        ["listCards", "addCard", "createBoard"],
        ["addCard", "listBoards"],
        ["listBoards", "listCards", "addCard", "createBoard", "health"],
    ],
)
def test_fixture_answers_match_brute_force(chosen: list[str]) -> None:
    ops, described = _document("lantern_openapi.json")
    answer = least_privilege(ops, chosen, described)
    picked = [find_operation(ops, q) for q in chosen]
    assert all(_satisfies(set(answer.scopes), op) for op in picked)
    size, costs = _brute(ops, picked, {"boards:read", "cards:read"})
    assert len(answer.scopes) == size
    reach = scope_reach(ops)
    mine = sum(reach[s] for s in answer.scopes)
    assert mine == min(c[0] for c in costs)


_SCOPES = [f"s{i}:read" for i in range(4)] + [f"s{i}:write" for i in range(4)]
_alternative = st.lists(st.sampled_from(_SCOPES), min_size=1, max_size=3).map(tuple)
_operation = st.lists(_alternative, min_size=1, max_size=4).map(tuple)


@settings(max_examples=150, deadline=None)
@given(
    alternatives=st.lists(_operation, min_size=1, max_size=7),
    chosen=st.lists(st.integers(0, 6), min_size=1, max_size=5),
)
def test_random_answers_are_smallest_then_narrowest(
    alternatives: list[tuple[tuple[str, ...], ...]], chosen: list[int]
) -> None:
    ops = [Operation(f"op{i}", "GET", f"/r{i}", alts) for i, alts in enumerate(alternatives)]
    picked = [ops[i % len(ops)] for i in chosen]
    answer = least_privilege(ops, [op.operation_id for op in picked], dict.fromkeys(_SCOPES))
    scopes = set(answer.scopes)
    assert all(_satisfies(scopes, op) for op in picked)
    size, costs = _brute(ops, list(dict.fromkeys(picked)), {s for s in _SCOPES if "read" in s})
    assert len(scopes) == size
    reach = scope_reach(ops)
    mine = (sum(reach[s] for s in scopes), sum("write" in s for s in scopes))
    assert mine == min(costs)  # the narrowest, then read-only first, of the smallest sets
    if len({c[0] for c in costs}) > 1:
        assert mine[0] < max(c[0] for c in costs)  # never the broadest of them
    for choice in answer.choices:
        assert set(choice.used) <= scopes
        assert choice.used in choice.operation.alternatives


def test_an_undeclared_alternative_is_explained_as_such() -> None:
    ops = [Operation("a", "GET", "/a", (("real:read",), ("READ",)))]
    answer = least_privilege(ops, ["a"], {"real:read": "Read"})
    assert answer.choices[0].others == (
        (("READ",), "names a scope the document does not declare (READ)"),
    )
