"""How fast the check answers at 400 rows: per-column filters, selection, bulk actions, one edit.

Run from the project root::

    uv run python bench/review_response.py [--rows 400] [--repeat 5]

The rows are the project's Graph-style fixture (``tests/fixtures/scale``, 318 scopes with
flags, kinds and versions) topped up with plain rows to ``--rows``. Each action is timed in
the kernel's Python (the widget side of the check: filter, hand the grid its rows, re-bind
the detail pane, re-validate when a decision changed); the browser adds its round trip on
top (the ``-m ui`` test records the figures seen in the page). Printed: the median of
``--repeat`` runs per action against the 0.5 s target, and how many widgets the check built.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SCALE = ROOT / "tests" / "fixtures" / "scale"
TARGET_S = 0.5


def scope_table(rows: int) -> pd.DataFrame:
    """The fixture's scope table, topped up with plain rows to ``rows``."""
    from factory.research.fetch import read_local_source
    from factory.research.pipeline import extract_all, make_table

    pages = ["contoso_graph_permissions.html", "contoso_graph_legacy.html"]
    table = make_table(extract_all([read_local_source(str(SCALE / p)) for p in pages]))
    extra = [
        {**table.iloc[-1].to_dict(), "scope_name": f"Extra{i}.Read", "flags": "",
         "status": "ok", "note": "", "description": f"Read extra resource {i}."}
        for i in range(max(0, rows - len(table)))
    ]  # fmt: skip
    return pd.concat([table, pd.DataFrame(extra)], ignore_index=True)


def count_widgets(widget: object) -> int:
    """The widget and every widget below it."""
    children = getattr(widget, "children", ())
    return 1 + sum(count_widgets(c) for c in children)


def main() -> None:
    """Time each action and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import tempfile

    from factory.research.catalog import resolve_provider
    from factory.workbench.review import ContractReview

    table = scope_table(args.rows)
    provider = resolve_provider("Contoso Graph")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        review = ContractReview(provider, table, contracts_dir=tmp)
        built = time.perf_counter() - start

        def text(value: str) -> Callable[[], None]:
            return lambda: setattr(review.filter_text, "value", value)

        def flag(value: str) -> Callable[[], None]:
            return lambda: setattr(review.filter_flag, "value", value)

        def name(value: str) -> Callable[[], None]:
            return lambda: setattr(review.filter_name, "value", value)

        def select_mail() -> None:
            review.filter_name.value = "Mail"
            review.select_all_filtered()

        def exclude_mail() -> None:
            select_mail()
            review.set_selected(include=False)

        def include_all() -> None:
            review.set_filtered(True)
            review.filter_name.value = ""

        first = review.rows[0].original_name
        actions: list[tuple[str, Callable[[], object], Callable[[], object]]] = [
            ("search text", text("mail."), text("")),
            ("filter by flag", flag("conflict"), flag("all")),
            ("exclude filtered (all rows)", lambda: review.set_filtered(False),
             lambda: review.set_filtered(True)),
            ("include filtered (all rows)", lambda: review.set_filtered(True),
             lambda: review.set_filtered(False)),
            ("filter names (Mail)", name("Mail"), name("")),
            ("select all filtered", select_mail, name("")),
            ("exclude the selection", exclude_mail, include_all),
            ("select one row (detail pane)", lambda: review.select([first]), review.grid.clear),
            ("untick one row", lambda: setattr(review.view(first).include, "value", False),
             lambda: setattr(review.view(first).include, "value", True)),
            ("rename one scope", lambda: review.set_row(first, name="x.renamed"),
             lambda: review.set_row(first, name=first)),
        ]  # fmt: skip
        review.set_filtered(True)
        print(f"rows: {len(review.rows)}  widgets in the check: {count_widgets(review.widget)}")
        print(f"build the check:                {built:6.3f} s")
        for label, act, undo in actions:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                act()
                times.append(time.perf_counter() - start)
                undo()
            median = statistics.median(times)
            verdict = "met" if median < TARGET_S else "MISSED"
            print(f"{label:<31} {median:6.3f} s  (target < {TARGET_S} s: {verdict})")


if __name__ == "__main__":
    main()
