"""Least privilege on the shared corpus, checked by brute force, and its speed on a 5 MB spec.

Run from the project root::

    uv run python bench/least_privilege.py [--corpus ../shared/corpus] [--sets 40]

Prints, per corpus spec: the operations kept and how many state at least one scope
alternative; per corpus doc page: whether it yielded an endpoint-to-scope table; then, on the
Google Drive Discovery document and the Pinterest OpenAPI spec, for fixed and random
operation sets: whether the answer satisfies every operation, has the smallest possible size
and is the narrowest (never the broadest) of the smallest sets, all by brute force over every
choice of one alternative per operation; and the CPU time of ``least_privilege`` on a
generated 5 MB spec, beyond its extraction. The corpus is read at run time only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from pathlib import Path

from factory.contract.scope_types import classify_scope
from factory.errors import FactoryError
from factory.extract import extract_document
from factory.extract.detect import make_document
from factory.models import Operation
from factory.research.least_privilege import find_operation, least_privilege, scope_reach
from factory.research.load import load_source

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FIXED = {
    "google-drive-v3": [
        ["drive.files.list"],
        ["drive.files.list", "drive.files.get"],
        ["drive.files.create", "drive.files.list"],
        ["drive.permissions.create", "drive.files.get"],
        ["drive.changes.watch", "drive.about.get", "drive.comments.list"],
    ],
    "pinterest": [
        ["boards/list", "pins/list"],
        ["ad_accounts/list", "campaigns/create"],
        ["user_account/get", "boards/create", "pins/create"],
        ["catalogs/list", "ad_accounts/list", "boards/list"],
    ],
}


def _source(case: Path) -> Path:
    return next(p for p in sorted(case.iterdir()) if p.name.startswith("source"))


def operation_counts(corpus: Path) -> None:
    print("operations kept per corpus spec (kept / with a scope alternative)")
    for case in sorted((corpus / "specs").iterdir()):
        if not case.is_dir():
            continue
        try:
            result = extract_document(load_source(str(_source(case))))
        except FactoryError as exc:
            print(f"  {case.name:24} unreadable: {exc}")
            continue
        kept = len(result.operations)
        stated = sum(1 for op in result.operations if any(op.alternatives))
        print(f"  {case.name:24} {kept:5} / {stated:5}")


def endpoint_table_pages(corpus: Path) -> None:
    pages = [p for p in sorted((corpus / "docs").glob("*/source*")) if p.is_file()]
    found = []
    for page in pages:
        try:
            result = extract_document(load_source(str(page)))
        except FactoryError:
            continue
        if result.operations:
            found.append((page.parent.name, len(result.operations)))
    print(f"doc pages with an endpoint-to-scope table: {len(found)} of {len(pages)}")
    for name, count in found:
        print(f"  {name}: {count} operation(s)")


def _brute(ops: list[Operation], picked: list[Operation]) -> tuple[int, int, int]:
    """(smallest size, least and most total reach among the smallest sets)."""
    reach = scope_reach(ops)
    unions = {
        frozenset(s for alt in pick for s in alt)
        for pick in itertools.product(*(op.alternatives for op in picked))
    }
    size = min(len(u) for u in unions)
    reaches = [sum(reach[s] for s in u) for u in unions if len(u) == size]
    return size, min(reaches), max(reaches)


def check_answers(corpus: Path, sets: int) -> None:
    rng = random.Random(22)
    for case in ("google-drive-v3", "pinterest"):
        result = extract_document(load_source(str(_source(corpus / "specs" / case))))
        ops = list(result.operations)
        described = {s.scope_name: s.description for s in result.scopes}
        answerable = [op for op in ops if any(op.alternatives)]
        queries = list(FIXED[case])
        for _ in range(sets):
            queries.append([op.operation_id for op in rng.sample(answerable, rng.randint(1, 5))])
        ok = smallest = narrowest = broadest_only = 0
        tied = 0
        for query in queries:
            answer = least_privilege(ops, query, described)
            picked = list(dict.fromkeys(find_operation(ops, q) for q in query))
            scopes = set(answer.scopes)
            ok += all(any(set(a) <= scopes for a in op.alternatives) for op in picked)
            size, least, most = _brute(ops, picked)
            reach = sum(scope_reach(ops)[s] for s in scopes)
            smallest += len(scopes) == size
            narrowest += reach == least
            tied += least != most
            broadest_only += least != most and reach == most
        print(
            f"{case}: {len(queries)} operation sets ({len(FIXED[case])} fixed): "
            f"satisfied {ok}, smallest {smallest}, narrowest {narrowest}, "
            f"broadest-of-smallest {broadest_only} (sets where the smallest sets differ in "
            f"reach: {tied})"
        )
        for query in FIXED[case][:2]:
            answer = least_privilege(ops, query, described)
            print(f"  example {query}:")
            for line in answer.lines()[: 2 + 2 * len(answer.scopes)]:
                print(f"    {line}")


def _big_spec(target: int = 5_000_000, seed: int = 5) -> bytes:
    """A generated OpenAPI spec of about ``target`` bytes: many operations, 3 alternatives."""
    rng = random.Random(seed)
    areas = [f"area{i}" for i in range(60)]
    scopes = {f"{a}:{v}": f"{v} {a}" for a in areas for v in ("read", "write", "admin")}
    names = sorted(scopes)
    paths: dict[str, object] = {}
    filler = "x" * 900
    size = i = 0
    while size < target - 20_000:
        i += 1
        area = rng.choice(areas)
        reqs = [{"o": [f"{area}:read"]}, {"o": [f"{area}:admin"]}, {"o": rng.sample(names, 2)}]
        op = {"operationId": f"op{i}", "security": reqs, "description": filler}
        paths[f"/{area}/r{i}"] = {"get": op}
        size += len(json.dumps(op)) + 30
    flows = {"implicit": {"authorizationUrl": "https://big.test/a", "scopes": scopes}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "big", "version": "1"},
        "components": {"securitySchemes": {"o": {"type": "oauth2", "flows": flows}}},
        "paths": paths,
    }
    return json.dumps(spec).encode()


def speed() -> None:
    body = _big_spec()
    doc = make_document(body, "https://big.test/openapi.json")
    start = time.process_time()
    result = extract_document(doc)
    extraction = time.process_time() - start
    ops = list(result.operations)
    described = {s.scope_name: s.description for s in result.scopes}
    rng = random.Random(1)
    for count in (5, 20, 40, 50):
        query = [op.operation_id for op in rng.sample(ops, count)]
        start = time.process_time()
        answer = least_privilege(ops, query, described)
        spent = time.process_time() - start
        print(
            f"5 MB spec ({len(body) / 1e6:.1f} MB, {len(ops)} operations, extraction "
            f"{extraction:.2f} s CPU): {count} operations -> {len(answer.scopes)} scope(s) in "
            f"{spent:.3f} s CPU"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--sets", type=int, default=40, help="random operation sets per spec")
    args = parser.parse_args()
    classify_scope("warm:read")  # the rank's classifier compiles its rules before timing
    operation_counts(args.corpus)
    endpoint_table_pages(args.corpus)
    check_answers(args.corpus, args.sets)
    speed()


if __name__ == "__main__":
    main()
