"""Layout fuzzer: both readers measured on generated pages of layouts nobody wrote down.

Run from the project root::

    uv run python bench/layout_fuzz.py [--seed 1] [--per-cell 10] [--format html]
        [--layout table-multi] [--examples /work/fuzz_examples] [--worst 12]

Each (format, layout) cell gets ``--per-cell`` pages from ``layout_fuzz_pages`` (seeded,
invented providers, 3-60 scopes of one shape per page, distractors on most pages). Every page
goes through ``factory.extract.extract_document`` (the structured reader plus the harvester)
and through the harvester alone (told no structured names, as ``tests/test_candidates_audit``
does). Per cell and in total:

- recall / precision of the structured result against the planted names;
- audit recall: the share of missed names that appear among the candidates;
- noise: candidates on complete pages, as a share of their scopes;
- silent: pages below full recall with no warning that says scopes may be missed and none
  that names a missing scope;
- harvester-alone recall: the planted names among the harvester's own candidates.

``--examples DIR`` saves one page of each of the worst cells (by audit recall and by silent
pages) with its key, for a person to look at.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layout_fuzz_pages import Page, cells, generate

from factory.errors import FactoryError
from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.detect import make_document, parse_structured

# A warning that tells the reader scopes may be missing (besides naming a missed one).
_MAY_MISS = re.compile(
    r"candidate scope|missing|missed|may be incomplete|not read|skipped|could not read",
    re.IGNORECASE,
)


@dataclass(slots=True)
class PageScore:
    """The counts of one page."""

    expected: int = 0
    found: int = 0
    returned: int = 0  # distinct names the structured reader returned
    false_positives: int = 0
    missed: int = 0
    missed_in_candidates: int = 0
    candidates: int = 0  # distinct candidate names
    blind_found: int = 0
    silent: bool = False
    error: str = ""

    @property
    def complete(self) -> bool:
        return self.found == self.expected and not self.error


def score_page(
    key: set[str],
    names: set[str],
    candidates: set[str],
    warnings: list[str],
    blind: set[str],
) -> PageScore:
    """Score one page's readings against its planted names (pure: tests feed it sets)."""
    missed = key - names
    score = PageScore(
        expected=len(key),
        found=len(key & names),
        returned=len(names),
        false_positives=len(names - key),
        missed=len(missed),
        missed_in_candidates=len(missed & candidates),
        candidates=len(candidates),
        blind_found=len(key & blind),
    )
    said = " ".join(warnings)
    warned = bool(_MAY_MISS.search(said)) or any(m in said for m in missed)
    score.silent = bool(missed) and not warned
    return score


def read_page(page: Page) -> PageScore:
    """Both readers on one generated page."""
    url = f"https://docs.{page.fmt}.example/fuzz/{page.layout}-{page.seed}{page.ext}"
    doc = make_document(page.text.encode(), url, media_type=page.media)
    key = set(page.scopes)
    try:
        result = extract_document(doc)
    except FactoryError as exc:
        return PageScore(expected=len(key), missed=len(key), silent=False, error=str(exc))
    try:
        blind_found, _ = harvest(segments_of(doc, result.format, parse_structured), [])
        blind = {c.scope_name for c in blind_found}
    except (ValueError, RecursionError):
        blind = set()
    return score_page(
        key,
        {s.scope_name for s in result.scopes},
        {c.scope_name for c in result.candidates},
        list(result.warnings),
        blind,
    )


@dataclass(slots=True)
class CellScore:
    """The pages of one (format, layout) cell, summed (micro averages)."""

    fmt: str
    layout: str
    pages: int = 0
    expected: int = 0
    found: int = 0
    returned: int = 0
    false_positives: int = 0
    missed: int = 0
    missed_in_candidates: int = 0
    complete_scopes: int = 0
    complete_candidates: int = 0
    blind_found: int = 0
    silent: int = 0
    errors: int = 0

    def add(self, s: PageScore) -> None:
        self.pages += 1
        for key in (
            "expected",
            "found",
            "returned",
            "false_positives",
            "missed",
            "missed_in_candidates",
            "blind_found",
        ):
            setattr(self, key, getattr(self, key) + getattr(s, key))
        if s.complete:
            self.complete_scopes += s.expected
            self.complete_candidates += s.candidates
        self.silent += s.silent
        self.errors += bool(s.error)

    def figures(self) -> dict[str, float | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        return {
            "recall": ratio(self.found, self.expected),
            "precision": ratio(self.found, self.found + self.false_positives),
            "audit": ratio(self.missed_in_candidates, self.missed),
            "noise": ratio(self.complete_candidates, self.complete_scopes),
            "blind": ratio(self.blind_found, self.expected),
        }


def run(
    seed: int, per_cell: int, fmt: str | None, layout: str | None
) -> tuple[list[CellScore], list[CellScore], list[CellScore]]:
    """Score ``per_cell`` pages (seeds ``seed``..) of every selected cell: the cells, and the
    same pages summed by format, then by layout, and by scope shape."""
    out: list[CellScore] = []
    by_format: dict[str, CellScore] = {}
    by_shape: dict[str, CellScore] = {}
    by_layout: dict[str, CellScore] = {}
    for f, lay in cells():
        if (fmt and f != fmt) or (layout and lay != layout):
            continue
        cell = CellScore(f, lay)
        for k in range(per_cell):
            page = generate(seed + k, f, lay)
            score = read_page(page)
            cell.add(score)
            by_format.setdefault(f, CellScore(f, "(all)")).add(score)
            by_shape.setdefault(page.shape, CellScore("shape", page.shape)).add(score)
            by_layout.setdefault(lay, CellScore("(all)", lay)).add(score)
        out.append(cell)
    shapes = sorted(by_shape.values(), key=lambda c: c.layout)
    return out, [*by_format.values(), *by_layout.values()], shapes


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def table(scores: list[CellScore]) -> str:
    """The per-cell table and a total row."""
    lines = [f"{'format':10} {'layout':15} pages scopes recall  prec.  audit  noise  silent  alone"]
    total = CellScore("TOTAL", "")
    for c in [*scores, total]:
        if c is not total:
            for key in CellScore.__slots__[2:]:  # type: ignore[attr-defined]
                setattr(total, key, getattr(total, key) + getattr(c, key))
        f = c.figures()
        lines.append(
            f"{c.fmt:10} {c.layout:15} {c.pages:5} {c.expected:6} {_pct(f['recall'])} "
            f"{_pct(f['precision'])} {_pct(f['audit'])} {_pct(f['noise'])} "
            f"{c.silent:3}/{c.pages:<3} {_pct(f['blind'])}"
            + (f" errors {c.errors}" if c.errors else "")
        )
    return "\n".join(lines)


def worst(scores: list[CellScore], n: int) -> tuple[list[CellScore], list[CellScore]]:
    """The ``n`` cells lowest in audit recall (with misses) and highest in silent pages."""
    by_audit = sorted(
        (c for c in scores if c.missed), key=lambda c: (c.figures()["audit"] or 0.0, -c.missed)
    )
    by_silent = sorted((c for c in scores if c.silent), key=lambda c: (-c.silent, -c.missed))
    return by_audit[:n], by_silent[:n]


def save_example(cell: CellScore, seed: int, per_cell: int, folder: Path) -> Path | None:
    """The first page of ``cell`` below full recall, written with its key beside it."""
    for k in range(per_cell):
        page = generate(seed + k, cell.fmt, cell.layout)
        score = read_page(page)
        if score.missed:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{cell.fmt}__{cell.layout}__seed{page.seed}{page.ext}"
            path.write_text(page.text, encoding="utf-8")
            key = {
                "scopes": list(page.scopes),
                "distractors": list(page.distractors),
                "shape": page.shape,
                "variant": page.variant,
                "found": score.found,
                "missed": score.missed,
                "missed_in_candidates": score.missed_in_candidates,
                "silent": score.silent,
            }
            path.with_name(path.name + ".key.json").write_text(json.dumps(key, indent=2))
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer and print its table; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-cell", type=int, default=10)
    parser.add_argument("--format", dest="fmt")
    parser.add_argument("--layout")
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--examples", type=Path, help="save one page of each worst cell here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    scores, by_format, by_shape = run(args.seed, args.per_cell, args.fmt, args.layout)
    if not scores:
        print("no cell matches --format/--layout", file=sys.stderr)
        return 1
    print(table(scores))
    print("\nby format, then by layout:")
    print(table(by_format).rsplit("\n", 1)[0])
    print("\nby scope shape:")
    print(table(by_shape).rsplit("\n", 1)[0])
    by_audit, by_silent = worst(scores, args.worst)
    for title, chosen in (
        ("worst by audit recall", by_audit),
        ("worst by silent pages", by_silent),
    ):
        print(f"\n{title}:")
        print(table(chosen).rsplit("\n", 1)[0])
        if args.examples:
            for cell in chosen:
                path = save_example(cell, args.seed, args.per_cell, args.examples)
                print(f"  example {cell.fmt}/{cell.layout}: {path}")
    print(f"\n{sum(c.pages for c in scores)} pages in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
