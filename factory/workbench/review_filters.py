"""The check's filters: one widget per grid column, read as one :class:`RowFilter`.

Part of the check's widget layer (:mod:`factory.workbench.review`): name, type, kind, version,
flag, status, source, candidate, included, and a free search. Each widget carries the CSS
class ``cf-filter-<column>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from factory.contract.scope_types import SCOPE_TYPES
from factory.workbench.review_rows import ALL, CANDIDATE, SPECIAL_FILTERS, RowFilter, RowState


def _choices(values: set[str]) -> list[str]:
    return [ALL, *sorted(values)]


class ColumnFilters:
    """The filter widgets of the check, built from its rows' values."""

    def __init__(self, rows: Sequence[RowState], on_change: Callable[[Any], None]) -> None:
        flags = sorted({f for r in rows for f in r.flags})
        self.name = widgets.Text(placeholder="name contains ...")
        self.type = widgets.Dropdown(options=[ALL, *SCOPE_TYPES])
        self.kind = widgets.Dropdown(options=_choices({k for r in rows for k in r.kinds}))
        self.version = widgets.Dropdown(options=_choices({v for r in rows for v in r.versions}))
        others = [f for f in flags if f not in SPECIAL_FILTERS]  # "candidate" is one of them
        self.flag = widgets.Dropdown(options=[ALL, *SPECIAL_FILTERS, *others])
        self.status = widgets.Dropdown(options=_choices({r.status for r in rows}))
        self.source = widgets.Text(placeholder="source contains ...")
        self.candidate = widgets.Dropdown(options=[ALL, CANDIDATE, f"not {CANDIDATE}"])
        self.included = widgets.Dropdown(options=[ALL, "included", "excluded"])
        self.text = widgets.Text(placeholder="search names, descriptions, notes ...")
        self.widgets: tuple[widgets.ValueWidget, ...] = (
            self.name, self.type, self.kind, self.version, self.flag, self.status, self.source,
            self.candidate, self.included, self.text,
        )  # fmt: skip
        widths = ("170px", "150px", "170px", "170px", "200px", "150px", "190px", "190px",
                  "160px", "230px")  # fmt: skip
        columns = ("name", "type", "kind", "version", "flag", "status", "source", "candidate",
                   "included", "text")  # fmt: skip
        for widget, column, width in zip(self.widgets, columns, widths, strict=True):
            widget.add_class(f"cf-filter-{column}")
            widget.description = "search" if column == "text" else column
            widget.layout.width = width
            wide = column in ("candidate", "included")
            widget.style.description_width = "62px" if wide else "48px"
            widget.observe(on_change, names="value")

    @property
    def row_filter(self) -> RowFilter:
        """The filter as the widgets set it."""
        return RowFilter(
            text=self.text.value, flag=self.flag.value, kind=self.kind.value,
            version=self.version.value, included=self.included.value, name=self.name.value,
            type=self.type.value, status=self.status.value, source=self.source.value,
            candidate=self.candidate.value,
        )  # fmt: skip

    def clear(self) -> None:
        """Every filter back to showing all rows."""
        for widget in self.widgets:
            widget.value = "" if isinstance(widget, widgets.Text) else ALL
