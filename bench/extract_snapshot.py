"""Snapshot every extraction output, to prove a refactor or a speed change alters nothing.

Run from the project root::

    uv run python bench/extract_snapshot.py OUT.json [--corpus ../shared/corpus]
    uv run python bench/extract_snapshot.py NEW.json --compare OLD.json

It extracts every corpus document (``docs/*`` and ``specs/*``; the held-out ``check`` cases
only with ``--with-check``), every fixture under
``tests/fixtures/`` that an extractor reads, and the pages the benchmarks generate, and writes
one canonical JSON object: per source, the format, every record with all its fields, the
auth findings, the warnings, the harvester's candidates and unconfirmed names (or the
error an extractor raised). ``--compare`` prints the
sources whose output differs from an earlier snapshot and exits 1 when any does. The corpus
is read at run time only; the snapshot file is a local artifact (keep it out of git).
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from factory.errors import FactoryError  # noqa: E402
from factory.extract import extract_document  # noqa: E402
from factory.extract.detect import make_document  # noqa: E402
from factory.extract.markdown import extract_markdown_text  # noqa: E402
from factory.research.load import load_source  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
# Fixture folders that hold inputs of other stages (contracts, templates, notebooks, UI).
_NOT_EXTRACTOR_INPUTS = ("contracts", "notebook", "templates", "ui")
_SUFFIXES = frozenset(
    {".html", ".htm", ".md", ".mdx", ".rst", ".adoc", ".json", ".yaml", ".yml", ".stone", ".php"}
    # program source: JS/TS pages and modules, Svelte, and the SDK languages
    | {".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".svelte"}
    | {".cs", ".java", ".py", ".go", ".rb", ".kt", ".rs", ".swift", ".dart"}
    | {".graphql", ".graphqls", ".gql"}
)


def _outcome(run: Callable[[], Any]) -> dict[str, Any]:
    try:
        result = run()
    except FactoryError as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "format": result.format,
        "scopes": [s.to_dict() for s in result.scopes],
        "auth": [a.to_dict() for a in result.auth],
        "warnings": list(result.warnings),
        "candidates": [c.to_dict() for c in getattr(result, "candidates", ())],
        "unconfirmed": list(getattr(result, "unconfirmed", ())),
    }


def _corpus_runs(corpus: Path, *, check: bool = False) -> Iterator[tuple[str, Callable[[], Any]]]:
    for case_file in sorted(corpus.glob("*/*/case.json")):
        case = json.loads(case_file.read_text(encoding="utf-8"))
        if not case.get("source_file") or (case.get("split") == "check" and not check):
            continue
        case_dir = case_file.parent
        source = case_dir / case["source_file"]
        url = case.get("official_url")
        url = url if isinstance(url, str) and url.startswith("http") else None
        name = f"corpus/{case_dir.parent.name}/{case_dir.name}"
        if case.get("include_files"):
            text = source.read_text(encoding="utf-8")

            def run_md(t: str = text, u: str | None = url, d: Path = case_dir) -> Any:
                return extract_markdown_text(t, source_url=u, includes_root=d)

            yield name, run_md
            continue
        yield name, functools.partial(_load_url, source, url)


def _fixture_runs() -> Iterator[tuple[str, Callable[[], Any]]]:
    base = ROOT / "tests" / "fixtures"
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(base).as_posix()
        if rel.split("/")[0] in _NOT_EXTRACTOR_INPUTS:
            continue
        if path.is_dir() and any(path.glob("*.stone")):
            yield f"fixture/{rel}/", functools.partial(_load, path, rel)
        elif path.is_file() and path.suffix.lower() in _SUFFIXES:
            yield f"fixture/{rel}", functools.partial(_load, path, rel)


def _load_url(path: Path, url: str | None) -> Any:
    return extract_document(load_source(str(path), source_url=url))


def _load(path: Path, rel: str) -> Any:
    # A fixed URL: the default file:// URI would differ between checkouts.
    return extract_document(load_source(str(path), source_url=f"https://fixture.test/{rel}"))


def _generated_runs() -> Iterator[tuple[str, Callable[[], Any]]]:
    import corpus_eval
    import extract_speed
    import graph_fixture

    pages = {
        "generated/graph_fixture.html": (graph_fixture.graph_page().encode(), "text/html"),
        "generated/extract_speed.md": (extract_speed.graph_page(300).encode(), "text/markdown"),
        "generated/corpus_eval.md": (corpus_eval.markdown_page(130).encode(), "text/markdown"),
    }
    for name, (body, media) in pages.items():
        doc = make_document(body, f"https://example.test/{name}", media_type=media)
        yield name, functools.partial(extract_document, doc)


def snapshot(
    corpus: Path, *, fixtures: bool = True, generated: bool = True, check: bool = False
) -> dict[str, Any]:
    """Every source's extraction outcome, keyed by a stable name (``check`` cases only when
    asked: they are held out from tuning, and a snapshot compared after each change is one)."""
    out: dict[str, Any] = {}
    sources = [_corpus_runs(corpus, check=check)]
    sources += [_fixture_runs()] if fixtures else []
    sources += [_generated_runs()] if generated else []
    for runs in sources:
        for name, run in runs:
            out[name] = _outcome(run)
    return out


def changed_sources(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The sources whose outcome differs between two snapshots (or that only one holds)."""
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def main(argv: list[str] | None = None) -> int:
    """Write the snapshot; with ``--compare``, the exit code says whether anything changed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="where to write the snapshot JSON")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument(
        "--with-check", action="store_true", help="also the held-out 'check' corpus cases"
    )
    args = parser.parse_args(argv)
    data = snapshot(args.corpus, check=args.with_check)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    scopes = sum(len(v.get("scopes", ())) for v in data.values())
    print(f"{len(data)} sources, {scopes} records -> {args.out}")
    if args.compare is None:
        return 0
    old = json.loads(args.compare.read_text(encoding="utf-8"))
    changed = changed_sources(old, data)
    for name in changed:
        print(f"  CHANGED {name}")
    print(f"{len(changed)} of {len(data)} sources differ from {args.compare}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
