"""Least privilege: the smallest, then narrowest, set of scopes that lets a connector call the
operations it will call.

Each operation states alternatives (OR), each a set of scopes that are all needed (AND); see
:class:`factory.models.Operation`. The answer picks one alternative per chosen operation so
that the union of their scopes is, in this order:

1. the smallest (fewest scopes);
2. the narrowest: the least total *reach*, where a scope's reach is how many of the
   document's operations it appears in an alternative of (a proxy: a narrow scope may also
   see less data, so every chosen scope is shown with its description);
3. the one with the fewest scopes that are not read-only (``read``/``identity`` by
   :func:`factory.contract.scope_types.classify_scope`), so read-only wins at equal reach;
4. then the first the search meets (it visits alternatives in a fixed order, so the answer is
   the same on every run).

The search is a branch and bound over the chosen operations. Operations with a single
alternative fix their scopes first; the rest are taken fewest alternatives first, cheapest
alternative first, with a greedy answer as the first bound. The key above only grows as scopes
are added, so a partial union whose key (plus a lower bound on what the remaining operations
must still add) is not below the best answer's is cut; an operation the partial union
already satisfies takes no branch; a state reached twice is searched once; an alternative
that holds another of the same operation never beats it and is dropped before the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from factory.contract.scope_types import classify_scope
from factory.errors import PrivilegeError
from factory.models import Operation

__all__ = [
    "Choice",
    "LeastPrivilege",
    "find_operation",
    "least_privilege",
    "scope_reach",
]

_READ_ONLY = frozenset({"read", "identity"})


@dataclass(frozen=True, slots=True)
class Choice:
    """One chosen operation: every alternative it states, the one used, and why."""

    operation: Operation
    used: tuple[str, ...]
    why: str
    others: tuple[tuple[tuple[str, ...], str], ...]  # (alternative, why it was not used)

    def to_dict(self) -> dict[str, Any]:
        op = self.operation
        return {
            "operation": op.operation_id or op.label,
            "method": op.method,
            "path": op.path,
            "alternatives": [list(a) for a in op.alternatives],
            "used": list(self.used),
            "why": self.why,
            "not_used": [{"alternative": list(a), "why": w} for a, w in self.others],
            "source_url": op.source_url,
            "locator": op.locator,
        }


@dataclass(frozen=True, slots=True)
class LeastPrivilege:
    """The answer: the scopes, each with its reach and description, and one choice per op."""

    scopes: tuple[str, ...]
    choices: tuple[Choice, ...]
    reach: tuple[tuple[str, int], ...]  # every scope of every alternative considered
    descriptions: tuple[tuple[str, str | None], ...]  # the chosen scopes' descriptions
    total_operations: int

    def to_dict(self) -> dict[str, Any]:
        """The ``least-privilege --json`` object."""
        reach = dict(self.reach)
        described = dict(self.descriptions)
        return {
            "scopes": list(self.scopes),
            "scope_details": [
                {
                    "scope": s,
                    "description": described.get(s),
                    "reach": reach.get(s, 0),
                    "read_only": _read_only(s, described.get(s)),
                }
                for s in self.scopes
            ],
            "operations": [c.to_dict() for c in self.choices],
            "document_operations": self.total_operations,
        }

    def lines(self) -> list[str]:
        """The answer as plain-text lines (CLI, report, checklist)."""
        reach = dict(self.reach)
        described = dict(self.descriptions)
        out = [f"Least privilege for {len(self.choices)} operation(s): {len(self.scopes)} scope(s)"]
        for scope in self.scopes:
            out.append(f"  {scope}  (reach {reach.get(scope, 0)}/{self.total_operations})")
            out.append(f"      {described.get(scope) or '(no description stated)'}")
        for choice in self.choices:
            op = choice.operation
            name = f"{op.operation_id}  " if op.operation_id else ""
            out.append(f"  {name}{op.label}: uses {_alt(choice.used)} - {choice.why}")
            for alt, why in choice.others:
                out.append(f"      not {_alt(alt)}: {why}")
        return out


def _alt(alt: Sequence[str]) -> str:
    return " + ".join(alt) if alt else "(no scope)"


def _read_only(scope: str, description: str | None) -> bool:
    return classify_scope(scope, description) in _READ_ONLY


def scope_reach(operations: Iterable[Operation]) -> dict[str, int]:
    """How many operations name each scope in one of their alternatives."""
    reach: dict[str, int] = {}
    for op in operations:
        for scope in {s for alt in op.alternatives for s in alt}:
            reach[scope] = reach.get(scope, 0) + 1
    return reach


def find_operation(operations: Sequence[Operation], query: str) -> Operation:
    """The operation ``query`` names: an operation id (Discovery method id), or
    ``"METHOD /path"`` (exact, or the one operation whose path ends with it).

    Raises:
        PrivilegeError: no operation, or more than one, matches.
    """
    text = query.strip()
    by_id = [op for op in operations if op.operation_id and op.operation_id == text]
    if len(by_id) == 1:
        return by_id[0]
    method, _, path = text.partition(" ")
    path = path.strip()
    if path:
        exact = [op for op in operations if op.method == method.upper() and op.path == path]
        if len(exact) == 1:
            return exact[0]
        tail = [
            op
            for op in operations
            if op.method == method.upper() and op.path.endswith("/" + path.lstrip("/"))
        ]
        if len(tail) == 1:
            return tail[0]
        if len(tail) > 1:
            shown = ", ".join(op.label for op in tail[:5])
            raise PrivilegeError(query, f"matches {len(tail)} operations ({shown}); be exact")
    near = [op.operation_id or op.label for op in operations if text.lower() in _key(op)][:5]
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise PrivilegeError(query, f"not found among the {len(operations)} operations{hint}")


def _key(op: Operation) -> str:
    return f"{op.operation_id} {op.label}".lower()


def _minimal(alternatives: Iterable[Iterable[str]]) -> list[frozenset[str]]:
    """The distinct alternatives, without any that holds another."""
    sets = list(dict.fromkeys(frozenset(a) for a in alternatives))
    return [a for a in sets if not any(b < a for b in sets)]


class _Ranker:
    """The key that orders scope sets (see the module docstring); lower is better."""

    def __init__(self, reach: Mapping[str, int], descriptions: Mapping[str, str | None]) -> None:
        self.reach = reach
        self.write = {s: not _read_only(s, d) for s, d in descriptions.items()}

    def is_write(self, scope: str) -> bool:
        if scope not in self.write:
            self.write[scope] = not _read_only(scope, None)
        return self.write[scope]

    def key(self, scopes: frozenset[str]) -> tuple[int, int, int, tuple[str, ...]]:
        return (
            len(scopes),
            sum(self.reach.get(s, 0) for s in scopes),
            sum(self.is_write(s) for s in scopes),
            tuple(sorted(scopes)),
        )


def _lower_bound(
    pending: list[list[frozenset[str]]], union: frozenset[str], rank: _Ranker
) -> tuple[float, float, float]:
    """(scopes, reach, non-read-only scopes) any completion of ``union`` must still add.

    Two bounds below the truth, the larger taken for each part. Packing: operations whose
    missing scopes can share nothing each add their own cheapest extra. Sharing: a scope
    named by ``n`` pending operations is charged ``1/n`` to each, so each operation adds at
    least its cheapest alternative's charges.
    """
    extras = [[a - union for a in alts] for alts in pending]
    extras = [e for e in extras if all(e)]  # an operation already granted adds nothing
    count: dict[str, int] = {}
    for alts in extras:
        for scope in set().union(*alts):
            count[scope] = count.get(scope, 0) + 1
    shared = [0.0, 0.0, 0.0]
    packed = [0.0, 0.0, 0.0]
    used: set[str] = set()
    for alts in extras:
        parts = [
            (
                [len(e), sum(rank.reach.get(s, 0) for s in e), sum(rank.is_write(s) for s in e)],
                [
                    sum(1 / count[s] for s in e),
                    sum(rank.reach.get(s, 0) / count[s] for s in e),
                    sum(rank.is_write(s) / count[s] for s in e),
                ],
            )
            for e in alts
        ]
        for i in range(3):
            shared[i] += min(p[1][i] for p in parts)
        touched = set().union(*alts)
        if not touched & used:
            used |= touched
            for i in range(3):
                packed[i] += min(p[0][i] for p in parts)
    return max(shared[0], packed[0]), max(shared[1], packed[1]), max(shared[2], packed[2])


def _components(options: list[list[frozenset[str]]]) -> list[list[list[frozenset[str]]]]:
    """The operations split into groups that share no scope (solved one by one)."""
    groups: list[tuple[set[str], list[list[frozenset[str]]]]] = []
    for alts in options:
        scopes = set().union(*alts)
        joined = [g for g in groups if g[0] & scopes]
        merged: tuple[set[str], list[list[frozenset[str]]]] = (scopes, [alts])
        for group in joined:
            merged[0].update(group[0])
            merged[1].extend(group[1])
            groups.remove(group)
        groups.append(merged)
    return [members for _, members in groups]


_Options = list[list[frozenset[str]]]


def _reduce(options: _Options, union: frozenset[str]) -> _Options:
    """What each operation still misses once ``union`` is granted (granted ones dropped)."""
    out = []
    for alts in options:
        extras = _minimal(a - union for a in alts)
        if all(extras):
            out.append(extras)
    return out


class _Solver:
    """The best union over one alternative per operation (see the module docstring).

    Scopes of single-alternative operations are fixed first; the rest fall into groups that
    share no scope, and the key adds up over such groups, so each is solved on its own: by
    branching on one operation's alternatives, reducing the others, and solving again (each
    reduced group is solved once). A branch whose key plus a lower bound on what the group
    must still add is not below the best one found is cut.
    """

    def __init__(self, rank: _Ranker) -> None:
        self.rank = rank
        self.memo: dict[frozenset[frozenset[frozenset[str]]], frozenset[str]] = {}

    def solve(self, options: _Options) -> frozenset[str]:
        forced = frozenset(s for alts in options if len(alts) == 1 for s in alts[0])
        rest = _reduce(options, forced) if forced else options
        best = set(forced)
        for group in _components(rest):
            best |= self._group(group)
        return frozenset(best)

    def _group(self, group: _Options) -> frozenset[str]:
        if len(group) == 1:
            return min(group[0], key=self.rank.key)
        memo_key = frozenset(frozenset(alts) for alts in group)
        if memo_key in self.memo:
            return self.memo[memo_key]
        # Branch on the operation whose scopes the others share most: each branch then
        # settles the most operations and splits the group soonest.
        count: dict[str, int] = {}
        for alts in group:
            for scope in set().union(*alts):
                count[scope] = count.get(scope, 0) + 1
        pivot = max(
            range(len(group)),
            key=lambda i: (sum(count[s] for s in set().union(*group[i])) / len(group[i]), -i),
        )
        others = group[:pivot] + group[pivot + 1 :]
        best: frozenset[str] | None = None
        best_key: tuple[float, ...] = ()
        for alt in sorted(group[pivot], key=self.rank.key):
            sub = _reduce(others, alt)
            if best is not None:
                extra = _lower_bound(sub, frozenset(), self.rank)
                head = self.rank.key(alt)[:3]
                if tuple(float(h) + e - 1e-9 for h, e in zip(head, extra, strict=True)) >= best_key:
                    continue
            found = alt | self.solve(sub)
            key = self.rank.key(found)
            if best is None or key < self.rank.key(best):
                best, best_key = found, key[:3]
        assert best is not None
        self.memo[memo_key] = best
        return best


def least_privilege(
    operations: Sequence[Operation],
    chosen: Sequence[str],
    descriptions: Mapping[str, str | None] | None = None,
) -> LeastPrivilege:
    """The least-privilege scope set for the ``chosen`` operations of a document.

    Args:
        operations: Every operation the document states (reach is counted over them).
        chosen: Operation ids, Discovery method ids or ``"METHOD /path"`` strings.
        descriptions: The document's scope descriptions, by name (shown, and read for the
            read-only rank).

    Raises:
        PrivilegeError: an operation is not found, states no scope, or no declared scope
            (when ``descriptions`` lists the declared ones) satisfies it.
    """
    described = dict(descriptions or {})
    picked = list(dict.fromkeys(find_operation(operations, q) for q in chosen))
    options: list[list[frozenset[str]]] = []
    for op in picked:
        alts = _minimal(op.alternatives)
        if described:  # an alternative naming a scope the document never declares is moot
            alts = [a for a in alts if a <= described.keys()]
        if not alts:
            what = (
                "states no scope that grants it"
                if not op.alternatives
                else (
                    "no declared scope satisfies any of its alternatives "
                    + "; ".join(_alt(a) for a in op.alternatives)
                )
            )
            raise PrivilegeError(op.operation_id or op.label, f"{what} ({op.via})")
        options.append(alts)
    reach = scope_reach(operations)
    rank = _Ranker(reach, described)
    best = _Solver(rank).solve(options)
    choices = tuple(
        _explain(op, alts, best, rank) for op, alts in zip(picked, options, strict=True)
    )
    scopes = tuple(sorted(best, key=lambda s: (reach.get(s, 0), s)))
    considered = {s for alts in options for a in alts for s in a}
    return LeastPrivilege(
        scopes=scopes,
        choices=choices,
        reach=tuple(sorted((s, reach.get(s, 0)) for s in considered)),
        descriptions=tuple((s, described.get(s)) for s in scopes),
        total_operations=len(operations),
    )


def _explain(
    op: Operation, alts: list[frozenset[str]], best: frozenset[str], rank: _Ranker
) -> Choice:
    """Which alternative of ``op`` the answer uses, and why each other one is not used."""
    inside = sorted((a for a in alts if a <= best), key=rank.key)
    used = inside[0]
    if not used:
        why = "the source states that no particular scope is needed"
    elif len(op.alternatives) == 1:
        why = "the only alternative the source states"
    else:
        reach = ", ".join(f"{s} reach {rank.reach.get(s, 0)}" for s in sorted(used))
        why = (
            f"in the smallest, narrowest set that grants every chosen operation ({reach}; "
            f"{'read-only' if not any(rank.is_write(s) for s in used) else 'not read-only'})"
        )
    others: list[tuple[tuple[str, ...], str]] = []
    for alt in op.alternatives:
        current = frozenset(alt)
        if current == used:
            continue
        extra = sorted(current - best)
        if not extra:
            note = "also satisfied by the chosen set (a broader or equal alternative)"
        elif any(b < current for b in alts):
            note = f"holds another alternative and adds {', '.join(extra)}"
        elif current not in alts:
            note = f"names a scope the document does not declare ({', '.join(extra)})"
        else:
            added = ", ".join(f"{s} (reach {rank.reach.get(s, 0)})" for s in extra)
            note = f"would add {added}: a larger or broader set"
        others.append((tuple(alt), note))
    stated = next(tuple(a) for a in op.alternatives if frozenset(a) == used)
    return Choice(op, stated, why, tuple(others))
