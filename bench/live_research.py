"""Benchmark: live research on the project's recorded loopback web (no internet).

Serves ``tests/fixtures/web`` on 127.0.0.1 with a SearXNG-like search backend
(``tests/loopweb.py``) and runs, in this process:

1. a moved catalog URL: the catalog's page answers 404, web search finds its new home;
   ``providers --check`` verdicts for the catalog;
2. an index page linking to three per-product scope pages (link following);
3. a page whose scope table a script builds from a JSON request, rendered in headless
   Chromium, against its static twin: same records? and the time of a build that needs
   rendering vs the same build from static HTML (min / median / max of ``--runs``, ratio);
4. a page that never settles (its deadline, and how long the build took to fail);
5. a rendered page that requests a private address (refused, noted).

Run: ``uv run python bench/live_research.py [--runs 5]`` (needs Debian's chromium).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from loopweb import MOVED, NEW_HOME, LoopWeb  # noqa: E402

from factory import LinkSettings, RenderSettings, build, check_sources  # noqa: E402
from factory.errors import ResearchError  # noqa: E402
from factory.research.catalog import load_entries  # noqa: E402


def timed_build(name: str, out: Path, **kwargs: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = build(name, contracts_dir=out / "c", evidence_dir=out / "e", **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - start, result


def spread(times: list[float]) -> str:
    return f"{min(times):.2f} / {statistics.median(times):.2f} / {max(times):.2f} s"


def records(result: object) -> list[tuple[str, str, str]]:
    return [(s["name"], s["description"], s["section"]) for s in result.report.scopes]  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per timed case")
    args = parser.parse_args()
    with LoopWeb() as web, tempfile.TemporaryDirectory(prefix="cf-live-") as tmp:
        work = Path(tmp)
        os.environ.update(
            CONNECTOR_FACTORY_CATALOG=str(web.catalog(work)),
            CONNECTOR_FACTORY_TRUSTED_HOSTS="127.0.0.1",
            SEARXNG_URL=web.base,
        )
        print(f"loopback web at {web.base}")

        print("\n1. moved catalog URL")
        seconds, result = timed_build(
            "Loopweb Ads", work / "moved", backends=("catalog", "searxng")
        )
        print(f"   catalog URL {web.url(MOVED)} -> 404; build took {seconds:.2f} s")
        print(f"   sources used: {list(result.report.sources)}")  # type: ignore[attr-defined]
        print(f"   scopes: {[r[0] for r in records(result)]}")
        for check in check_sources(load_entries(), trusted_hosts={"127.0.0.1"}):
            what = f"{check.provider}: {check.verdict}: {check.url} ({check.detail})"
            print(f"   providers --check: {what}")
        assert web.url(NEW_HOME) in result.report.sources  # type: ignore[attr-defined]

        print("\n2. index page -> per-product pages (link following)")
        index = web.url("/loopweb/permissions/index.html")
        seconds, result = timed_build("Loopweb Ads", work / "links", sources=[index])
        linked = [r for r in result.search.results if r.backend == "link"]  # type: ignore[attr-defined]
        print(f"   {len(linked)} page(s) found via links in {seconds:.2f} s:")
        for found in linked:
            names = [s["name"] for s in result.report.scopes if s["source_url"] == found.url]  # type: ignore[attr-defined]
            print(f"   - {found.url}: {names}")

        print("\n3. script-built table: rendered vs static twin")
        shell, twin = (
            web.url("/loopweb/app/scopes.html"),
            web.url("/loopweb/app/scopes-static.html"),
        )
        rendered_times, static_times = [], []
        for run in range(args.runs):
            t_static, static = timed_build("Loopweb Ads", work / f"s{run}", sources=[twin],
                                           links=LinkSettings(depth=0))  # fmt: skip
            t_render, rendered = timed_build("Loopweb Ads", work / f"r{run}", sources=[shell],
                                             links=LinkSettings(depth=0))  # fmt: skip
            static_times.append(t_static)
            rendered_times.append(t_render)
        same = records(rendered) == records(static)
        counts = f"rendered {len(records(rendered))}, static {len(records(static))}"
        print(f"   records: {counts}, identical: {same}")
        print(f"   static build   {spread(static_times)}")
        print(f"   rendered build {spread(rendered_times)}")
        ratio = statistics.median(rendered_times) / statistics.median(static_times)
        print(f"   rendering costs {ratio:.1f}x the static build (medians)")

        print("\n4. a page that never settles")
        deadline = 3.0
        start = time.perf_counter()
        try:
            build("Loopweb Ads", sources=[web.url("/loopweb/app/never.html")],
                  render=RenderSettings(timeout=deadline), contracts_dir=work / "n" / "c",
                  evidence_dir=work / "n" / "e")  # fmt: skip
            print("   UNEXPECTED: the build succeeded")
        except ResearchError as exc:
            line = next(x for x in str(exc).splitlines() if "did not settle" in x)
            took = time.perf_counter() - start
            print(f"   deadline {deadline:g} s; the build failed after {took:.2f} s")
            print(f"   {line.strip()}")

        print("\n5. a rendered page requesting a private address")
        _seconds, result = timed_build(
            "Loopweb Ads", work / "p", sources=[web.url("/loopweb/app/private.html")]
        )
        for note in result.report.notes:  # type: ignore[attr-defined]
            if "blocked" in note:
                print(f"   {note}")
        print(f"   scopes still read: {len(records(result))}")


if __name__ == "__main__":
    main()
