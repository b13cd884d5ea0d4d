"""Measure the extractors on the shared corpus of real official documents, beside a baseline.

Run from the project root::

    uv run python bench/corpus_eval.py [--corpus ../shared/corpus] [--json]

For every case with a source file (``docs/*`` and ``specs/*``) it runs the extractor
(``factory.extract.extract_document``; Markdown cases with include files go through
``factory.extract.markdown.extract_markdown_text`` when it exists) and prints per case and in
total: recall, precision (a distractor or any name outside expected/optional counts against),
exact-description rate (markup and whitespace normalised on both sides), version/kind
annotation rate, auth-method correctness for API-key/basic/no-scope cases, and time. A naive
baseline (``pandas.read_html`` on the page's HTML, Markdown rendered with markdown-it-py) is
scored the same way. A speed check on generated documents closes the run. The corpus is read
at run time only; nothing from it is copied into the project.
"""

from __future__ import annotations

import argparse
import html
import importlib
import io
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from factory.errors import FactoryError
from factory.extract import extract_document
from factory.extract.candidates import harvest, segments_of
from factory.extract.candidates_reconcile import with_candidates
from factory.extract.detect import parse_structured
from factory.research.load import load_source

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# The header words the issue lists for a scope column ("Name"/"Value" only as the whole header).
_SCOPE_HEADER = re.compile(r"scope|permission|^name$|^value$", re.IGNORECASE)
_DESC_HEADER = re.compile(r"description|definition|access|grants", re.IGNORECASE)


# --- scoring (pure functions; tests feed them small synthetic cases) ---------------------

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Reference-style links ("[Admin API]", "[text][ref]") render as their text too.
_REF_LINK = re.compile(r"\[([^\[\]]+)\](?:\[[^\[\]]*\])?(?![(:])")
# AsciiDoc references and links: <<id, text>> / <<id>>, xref:id[text], link:url[text], url[text].
_ADOC_XREF = re.compile(r"<<([^<>,]+?)(?:,\s*([^<>]+?))?>>|\bxref:[^\[\s]+\[([^\]]*)\]")
_ADOC_LINK = re.compile(r"\b(?:link:[^\[\s]+|https?://[^\s\[<>]+)\[([^\],]*)[^\]]*\]")
_LIQUID_DATA = re.compile(r"{%-?\s*data\s+variables\.([\w.]+)\s*-?%}")
_TEMPLATE_TAG = re.compile(r"{%.*?%}|{{[<%].*?[>%]}}|{{.*?}}", re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")
# Tags that separate words when rendered (a line break, a block): they become a space.
_BREAK_TAG = re.compile(r"<(br|/?p|/?div|/?li|/?ul|/?ol)\b[^>]*>", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+", re.MULTILINE)
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def normalise_description(text: str | None, variables: dict[str, Any] | None = None) -> str:
    """Markup and whitespace normalised away, for comparing descriptions fairly.

    Markdown links (inline and reference-style) and AsciiDoc links and cross references
    become their text, Liquid ``data variables`` their value (when known), other template
    tags and HTML tags go (line-break and block tags become a space), list markers at line
    starts go, emphasis marks, backticks and backslash escapes are dropped, entities are
    unescaped, whitespace is collapsed.
    """
    if text is None:
        return ""
    out = _LINK.sub(r"\1", text)
    out = _ADOC_XREF.sub(lambda m: (m.group(2) or m.group(3) or m.group(1)).strip(), out)
    out = _ADOC_LINK.sub(r"\1", out)
    out = _REF_LINK.sub(r"\1", out)
    known = variables or {}
    out = _LIQUID_DATA.sub(lambda m: str(known.get(m.group(1)) or m.group(0)), out)
    out = _TEMPLATE_TAG.sub("", out)
    out = _LIST_MARK.sub(" ", _BREAK_TAG.sub(" ", out))
    out = _HTML_TAG.sub("", out)
    out = html.unescape(out).replace("`", "")
    out = _EMPHASIS.sub("", _ESCAPE.sub(r"\1", out))
    return " ".join(out.split())


def versions_match(expected: str, ours: str | None) -> bool:
    """Whether our annotation says the same as the expected one ("deprecated" ~ "Deprecated")."""
    if not ours:
        return False
    exp, got = expected.strip().lower(), ours.strip().lower()
    return got in exp or exp in got or exp.split()[0] == got.split()[0]


@dataclass
class CaseScore:
    """Counts for one case (ratios are derived)."""

    expected: int = 0
    found: int = 0
    false_positives: int = 0
    returned: int = 0
    descriptions: int = 0
    descriptions_exact: int = 0
    versions: int = 0
    versions_ok: int = 0
    auth_ok: bool | None = None
    seconds: float = 0.0
    # a description where the page gives none (it came from another column or text)
    wrong_column: int = 0
    # tables whose rows collapsed onto fewer distinct names (a wrong name column)
    collapsed_tables: int = 0
    warnings: int = 0  # warnings the extractor gave for this document
    shortfalls: list[str] = field(default_factory=list)
    # the audit: expected names the structured reader missed, and how many of them the
    # harvester shows as candidates; candidates on a complete document are noise
    missed: int = 0
    missed_in_candidates: int = 0
    candidates: int = 0
    # below full recall with a missed name neither among the candidates nor in a warning
    hidden: int = 0
    # the harvester alone (told no structured names): expected names it shows as candidates
    blind_found: int = 0

    @property
    def silent(self) -> bool:
        """Below full recall, or a wrong-column/collapsed table, with no warning at all."""
        doubtful = (self.expected and self.found < self.expected) or (
            self.wrong_column or self.collapsed_tables
        )
        return bool(doubtful) and not self.warnings

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None

    @property
    def complete(self) -> bool:
        return bool(self.expected) and self.found == self.expected

    @property
    def audit_recall(self) -> float | None:
        """Share of the missed expected names that appear among the candidates."""
        return self.missed_in_candidates / self.missed if self.missed else None

    @property
    def noise(self) -> float | None:
        """Candidates on a complete document, as a share of its scope count."""
        return self.candidates / self.expected if self.complete else None

    @property
    def precision(self) -> float | None:
        hits = self.found + self.false_positives
        return self.found / hits if hits else None

    @property
    def description_rate(self) -> float | None:
        return self.descriptions_exact / self.descriptions if self.descriptions else None

    @property
    def version_rate(self) -> float | None:
        return self.versions_ok / self.versions if self.versions else None


_NO_SCOPE_METHODS = ("api_key", "basic", "none_declared")


def score_case(
    case: dict[str, Any], records: list[dict[str, Any]], methods: list[str], seconds: float
) -> CaseScore:
    """Score returned records (dicts with scope_name/description/version/kind) on one case."""
    score = CaseScore(seconds=seconds)
    variables = case.get("liquid_variables") or {}
    expected = case.get("expected_scopes") or []
    optional = {
        o["scope_name"] if isinstance(o, dict) else o for o in case.get("optional_scopes") or []
    }
    by_name: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        by_name.setdefault(str(rec.get("scope_name")), []).append(rec)
    names = {e["scope_name"] for e in expected}
    score.expected, score.returned = len(names), len(by_name)
    score.found = len(names & by_name.keys())
    for name in sorted(by_name.keys() - names - optional):
        score.false_positives += 1
        why = "distractor" if name in (case.get("distractors") or []) else "not a scope"
        score.shortfalls.append(f"false positive ({why}): {name!r}")
    for name in sorted(names - by_name.keys()):
        score.shortfalls.append(f"missed: {name!r}")
    for exp in expected:
        ours = by_name.get(exp["scope_name"], [])
        given = [r.get("description") for r in ours if (r.get("description") or "").strip()]
        if given and "description" in exp and exp["description"] is None:
            score.wrong_column += 1
            score.shortfalls.append(
                f"description where the page gives none: {exp['scope_name']!r}: {given[0]!r}"[:200]
            )
        wanted = [exp.get(k) for k in ("description", "description_rendered_fpt")]
        wanted += exp.get("description_variants") or []
        if ours and exp.get("description") is not None:
            score.descriptions += 1
            targets = {normalise_description(w, variables) for w in wanted if isinstance(w, str)}
            if any(normalise_description(r.get("description"), variables) in targets for r in ours):
                score.descriptions_exact += 1
            else:
                got = ours[0].get("description")
                score.shortfalls.append(
                    f"description differs: {exp['scope_name']!r}: {got!r}"[:200]
                )
        version = exp.get("version")
        if ours and isinstance(version, str) and version.strip().lower() != "current":
            score.versions += 1
            if any(versions_match(version, r.get("version")) for r in ours):
                score.versions_ok += 1
            else:
                score.shortfalls.append(f"version {version!r} not annotated: {exp['scope_name']!r}")
        kind = exp.get("permission_type")
        if ours and isinstance(kind, str):
            score.versions += 1
            score.versions_ok += any(versions_match(kind, r.get("kind")) for r in ours)
    score.collapsed_tables = len(collapsed_tables(records))
    for table in collapsed_tables(records):
        score.shortfalls.append(f"rows collapsed onto fewer names: {table}")
    method = str(case.get("auth_method") or "")
    if method.startswith(_NO_SCOPE_METHODS):
        wanted_method = method.split()[0]
        score.auth_ok = wanted_method in methods
        if not score.auth_ok:
            score.shortfalls.append(f"auth method {wanted_method!r} not stated (got {methods})")
    return score


def score_audit(
    score: CaseScore,
    case: dict[str, Any],
    records: list[dict[str, Any]],
    candidates: list[str],
    warnings: list[str],
    blind: list[str] = (),  # type: ignore[assignment]
) -> None:
    """Fill the audit counts of ``score``: missed names among the candidates, and noise.

    ``blind`` are the harvester's candidates when told no structured names at all: the share
    of expected names among them says what the second reader sees on its own.
    """
    names = {e["scope_name"] for e in case.get("expected_scopes") or []}
    score.blind_found = len(names & set(blind))
    missed = names - {str(r.get("scope_name")) for r in records}
    shown = set(candidates)
    score.missed = len(missed)
    score.missed_in_candidates = len(missed & shown)
    score.candidates = len(set(candidates))
    said = " ".join(warnings)
    unseen = sorted(m for m in missed - shown if m not in said)
    score.hidden = 1 if unseen else 0
    for name in unseen:
        score.shortfalls.append(f"missed and not among the candidates: {name!r}")


_TABLE_ROW = re.compile(r"^(table \d+) row \d+")


def collapsed_tables(records: list[dict[str, Any]]) -> list[str]:
    """Tables (by locator) of 4+ rows whose names repeat: fewer than half as many names as rows.

    Rows of one table that share a name are normal for per-kind tables (one name, two kinds),
    so a table counts only when names repeat beyond the kinds it lists.
    """
    rows: dict[str, set[str]] = {}
    names: dict[str, set[str]] = {}
    kinds: dict[str, set[str]] = {}
    for rec in records:
        m = _TABLE_ROW.match(str(rec.get("locator") or ""))
        if not m:
            continue
        rows.setdefault(m.group(1), set()).add(str(rec.get("locator")))
        names.setdefault(m.group(1), set()).add(str(rec.get("scope_name")))
        kinds.setdefault(m.group(1), set()).add(str(rec.get("kind")))
    return sorted(
        t for t, r in rows.items() if len(r) >= 4 and len(names[t]) * 2 * len(kinds[t]) < len(r)
    )


def totals(scores: list[CaseScore]) -> dict[str, Any]:
    """All cases together (micro averages: every scope weighs the same)."""
    total = CaseScore()
    auth = [s.auth_ok for s in scores if s.auth_ok is not None]
    for s in scores:
        for key in ("expected", "found", "false_positives", "returned", "descriptions"):
            setattr(total, key, getattr(total, key) + getattr(s, key))
        total.descriptions_exact += s.descriptions_exact
        total.versions += s.versions
        total.versions_ok += s.versions_ok
        total.seconds += s.seconds
        total.missed += s.missed
        total.missed_in_candidates += s.missed_in_candidates
        total.blind_found += s.blind_found
    complete = [s for s in scores if s.complete]
    noise_n = sum(s.candidates for s in complete)
    noise_d = sum(s.expected for s in complete)
    return {
        "cases": len(scores),
        "recall": _pct(total.recall).strip(),
        "precision": _pct(total.precision).strip(),
        "exact_descriptions": _pct(total.description_rate).strip(),
        "version_kind": _pct(total.version_rate).strip(),
        "auth_stated": f"{sum(auth)}/{len(auth)}",
        "wrong_column": sum(s.wrong_column for s in scores),
        "collapsed_tables": sum(s.collapsed_tables for s in scores),
        "below_full_recall": sum(1 for s in scores if s.expected and s.found < s.expected),
        "silent_failures": sum(1 for s in scores if s.silent),
        "audit_recall": _pct(total.audit_recall).strip()
        + f" ({total.missed_in_candidates}/{total.missed})",
        "noise": _pct(noise_n / noise_d if noise_d else None).strip()
        + f" ({noise_n}/{noise_d} on {len(complete)} complete)",
        "hidden_misses": sum(s.hidden for s in scores),
        "blind_recall": _pct(total.blind_found / total.expected if total.expected else None).strip()
        + f" ({total.blind_found}/{total.expected})",
        "seconds": round(total.seconds, 3),
    }


# --- generated documents for the speed check -----------------------------------------------


def markdown_page(tables: int = 130) -> str:
    """A ~200 KB Markdown page: ``tables`` scope tables under their own headings."""
    parts = ["# Scopes\n\nEvery scope this API grants.\n"]
    for t in range(tables):
        parts.append(f"\n## Product {t}\n\n| Scope | Description |\n| --- | --- |\n")
        for r in range(13):
            parts.append(
                f"| `product{t}.resource{r}.read` | Grants **read** access to resource {r} of "
                f"product {t}, including its metadata and history. |\n"
            )
    return "".join(parts)


def openapi_spec(json_text: bool = True, target_bytes: int = 5_000_000) -> str:
    """A ~5 MB OpenAPI 3 document: one oauth2 scheme, many operations requiring scopes."""
    import yaml

    scopes = {f"resource{i}.read": f"Read resource {i}." for i in range(300)}
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Generated", "version": "1"},
        "components": {
            "securitySchemes": {
                "oauth": {
                    "type": "oauth2",
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": "https://a.test/auth",
                            "tokenUrl": "https://a.test/token",
                            "scopes": scopes,
                        }
                    },
                }
            }
        },
        "paths": {},
    }
    op_size = 240  # bytes per generated operation, measured
    for i in range(target_bytes // op_size):
        spec["paths"][f"/resource{i % 300}/item{i}"] = {
            "get": {
                "summary": f"Get item {i} of resource {i % 300}, with every field expanded.",
                "security": [{"oauth": [f"resource{i % 300}.read"]}],
                "responses": {"200": {"description": "The item, as stored, with its metadata."}},
            }
        }
    return json.dumps(spec) if json_text else yaml.safe_dump(spec, sort_keys=False)


@dataclass
class CaseRun:
    """One case: our score, the baseline's, and notes."""

    name: str
    fmt: str
    ours: CaseScore
    baseline: CaseScore | None
    notes: list[str] = field(default_factory=list)
    split: str = "batch1"


def blind_candidates(case_dir: Path, case: dict[str, Any], kind: str) -> list[str]:
    """The harvester's candidates on a case's document when told no structured names."""
    source = case_dir / case["source_file"]
    url = case.get("official_url")  # as the structured run loads it: a fragment's address counts
    url = url if isinstance(url, str) and url.startswith("http") else None
    try:
        doc = load_source(str(source), source_url=url)
        found, _ = harvest(segments_of(doc, kind, parse_structured), [])
    except FactoryError:
        return []
    return [c.scope_name for c in found]


def _our_records(
    case_dir: Path, case: dict[str, Any]
) -> tuple[list[dict[str, Any]], list[str], str, list[str], list[str]]:
    """(records as dicts, auth methods, detected format, warnings, candidate names)."""
    source = case_dir / case["source_file"]
    url = case.get("official_url")
    url = url if isinstance(url, str) and url.startswith("http") else None
    if case.get("include_files"):
        markdown = importlib.import_module("factory.extract.markdown")
        func = getattr(markdown, "extract_markdown_text", None)
        if func is not None:
            text = source.read_text(encoding="utf-8")
            result = func(text, source_url=url, includes_root=case_dir)
            doc = load_source(str(source), source_url=url)
            return _as_lists(with_candidates(doc, result.format, result, parse_structured))
    doc = load_source(str(source), source_url=url)
    return _as_lists(extract_document(doc))


def _as_lists(
    result: Any,
) -> tuple[list[dict[str, Any]], list[str], str, list[str], list[str]]:
    return (
        [s.to_dict() for s in result.scopes],
        [a.method for a in result.auth],
        result.format,
        list(result.warnings),
        [c.scope_name for c in getattr(result, "candidates", ())],
    )


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def baseline_records(page_html: str) -> list[dict[str, Any]]:
    """The naive baseline: ``pandas.read_html``, tables with a scope-like column name."""
    import pandas as pd

    try:
        tables = pd.read_html(io.StringIO(page_html))
    except (ValueError, ImportError):  # "No tables found"
        return []
    records: list[dict[str, Any]] = []
    for table in tables:
        headers = [" ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in table.columns]
        if not any(_SCOPE_HEADER.search(h.strip()) for h in headers):
            continue
        desc_col = next((i for i, h in enumerate(headers) if _DESC_HEADER.search(h)), None)
        for _, row in table.iterrows():
            name = row.iloc[0]
            if not isinstance(name, str) or not name.strip():
                continue
            desc = row.iloc[desc_col] if desc_col is not None else None
            records.append(
                {"scope_name": name.strip(), "description": desc if isinstance(desc, str) else None}
            )
    return records


def run_case(case_dir: Path) -> CaseRun | str:
    """Score one case (ours and the baseline); a string when it cannot be scored."""
    case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    if not case.get("source_file"):
        return "not scored: no source file (live page only)"
    notes: list[str] = []
    start = time.perf_counter()
    try:
        records, methods, fmt, warnings, candidates = _our_records(case_dir, case)
    except FactoryError as exc:
        records, methods, fmt, warnings, candidates = [], [], "error", [f"error: {exc}"], []
        notes.append(f"extractor error: {exc}")
    ours = score_case(case, records, methods, time.perf_counter() - start)
    blind = blind_candidates(case_dir, case, fmt) if fmt != "error" else []
    score_audit(ours, case, records, candidates, warnings, blind)
    ours.warnings = len(warnings)
    notes.extend(f"warning: {w}" for w in warnings)
    baseline: CaseScore | None = None
    source = case_dir / case["source_file"]
    if case_dir.parent.name == "docs" and source.is_file():
        start = time.perf_counter()
        text = source.read_text(encoding="utf-8", errors="replace")
        page = text if source.suffix in (".html", ".htm") else _markdown_html(text)
        found = baseline_records(page)
        baseline = score_case(case, found, [], time.perf_counter() - start)
    split = case_split(case)
    return CaseRun(f"{case_dir.parent.name}/{case_dir.name}", fmt, ours, baseline, notes, split)


def case_split(case: dict[str, Any]) -> str:
    """The case's split: "dev" or "check" (second batch), else "batch1" (the first corpus)."""
    split = case.get("split")
    return split if split in ("dev", "check") else "batch1"


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def _row(label: str, s: CaseScore | None) -> str:
    if s is None:
        return f"  {label:9} n/a (spec case: no HTML to read)"
    auth = "" if s.auth_ok is None else f" auth={'ok' if s.auth_ok else 'MISSING'}"
    return (
        f"  {label:9} recall {_pct(s.recall)}  precision {_pct(s.precision)}  "
        f"descr {_pct(s.description_rate)}  version {_pct(s.version_rate)}  "
        f"{s.seconds * 1000:8.1f} ms{auth}{_audit(s)}"
    )


def _audit(s: CaseScore) -> str:
    """The audit figures of a case: audit recall when it missed names, else the noise."""
    blind = f"  blind {s.blind_found}/{s.expected}" if s.expected else ""
    if s.missed:
        return f"  audit {s.missed_in_candidates}/{s.missed} ({s.candidates} cand.){blind}"
    if s.complete:
        return f"  noise {s.candidates}/{s.expected} ({_pct(s.noise).strip()}){blind}"
    return (f"  cand. {s.candidates}" if s.candidates else "") + blind


def speed_check() -> dict[str, Any]:
    """Time a generated ~200 KB Markdown page with ~130 tables and a ~5 MB OpenAPI file."""
    from factory.extract.detect import make_document

    out: dict[str, Any] = {}
    page = markdown_page(tables=130).encode()
    doc = make_document(page, "https://example.test/scopes.md", media_type="text/markdown")
    out["markdown_kb"] = round(len(page) / 1024)
    try:
        start = time.perf_counter()
        found = extract_document(doc, "markdown")
        out["markdown_seconds"] = round(time.perf_counter() - start, 3)
        out["markdown_scopes"] = len(found.scopes)
    except FactoryError as exc:
        out["markdown_error"] = str(exc)
    for kind, body in (("json", openapi_spec(json_text=True)), ("yaml", openapi_spec(False))):
        name = f"https://example.test/openapi.{kind}"
        spec = make_document(body.encode(), name, media_type=f"application/{kind}")
        start = time.perf_counter()
        found = extract_document(spec)
        out[f"openapi_{kind}_mb"] = round(len(spec.body) / 1e6, 1)
        out[f"openapi_{kind}_seconds"] = round(time.perf_counter() - start, 3)
        out[f"openapi_{kind}_scopes"] = len(found.scopes)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the measurement and print it; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--split",
        action="append",
        choices=("batch1", "dev", "check", "all"),
        help=(
            "cases to score, repeatable (default: batch1 and dev). 'check' cases stand for the "
            "provider nobody has tried: score them only to confirm that a change generalises"
        ),
    )
    args = parser.parse_args(argv)
    wanted = set(args.split or ("batch1", "dev"))
    if "all" in wanted:
        wanted = {"batch1", "dev", "check"}
    if not (args.corpus / "README.md").is_file():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 1
    baseline_records(_markdown_html("| Scope |\n| - |\n| a |\n"))  # warm-up: imports untimed
    runs: list[CaseRun] = []
    skipped: dict[str, str] = {}
    for case_dir in sorted(p.parent for p in args.corpus.glob("*/*/case.json")):
        case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
        if case_split(case) not in wanted:
            continue
        got = run_case(case_dir)
        if isinstance(got, str):
            skipped[f"{case_dir.parent.name}/{case_dir.name}"] = got
        else:
            runs.append(got)
    ours = totals([r.ours for r in runs])
    ours_specs = totals([r.ours for r in runs if r.name.startswith("specs/")])
    ours_docs = totals([r.ours for r in runs if r.name.startswith("docs/")])
    base = totals([r.baseline for r in runs if r.baseline is not None])
    by_split = {
        split: totals([r.ours for r in runs if r.split == split])
        for split in ("batch1", "dev", "check")
        if split in wanted
    }
    speed = speed_check()
    if args.json:
        report = {
            "cases": [
                {"case": r.name, "split": r.split, "format": r.fmt, "ours": asdict(r.ours)}
                | {"notes": r.notes}
                | {"baseline": asdict(r.baseline) if r.baseline else None}
                for r in runs
            ],
            "not_scored": skipped,
            "totals": {
                "ours": ours,
                "ours_specs": ours_specs,
                "ours_docs": ours_docs,
                "baseline_docs": base,
            }
            | {f"ours_{split}": t for split, t in by_split.items()},
            "speed": speed,
        }
        print(json.dumps(report, indent=2))
        return 0
    for r in runs:
        print(f"{r.name}  [{r.fmt}, {r.split}]")
        print(_row("ours", r.ours))
        print(_row("baseline", r.baseline))
        for line in r.ours.shortfalls + r.notes:
            print(f"    - {html.escape(line, quote=False)}")
    for name, why in skipped.items():
        print(f"{name}  {why}")
    print("\nTOTALS (all scored cases together)")
    shown_totals = (
        ("ours, all", ours),
        ("ours, specs", ours_specs),
        ("ours, docs", ours_docs),
        ("baseline, docs", base),
        *((f"ours, {split}", t) for split, t in by_split.items()),
    )
    for label, t in shown_totals:
        print(f"  {label:15} " + "  ".join(f"{k} {v}" for k, v in t.items()))
    docs_ours = sum(r.ours.seconds for r in runs if r.baseline is not None)
    ratio = docs_ours / base["seconds"] if base.get("seconds") else None
    shown = "n/a" if ratio is None else f"{ratio:.2f}"
    print(f"  time ratio ours/baseline on the docs cases: {shown} ({docs_ours:.3f} s ours)")
    print("SPEED " + "  ".join(f"{k}={v}" for k, v in speed.items()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
