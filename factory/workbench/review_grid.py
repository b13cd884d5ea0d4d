"""The check's data grid: every filtered scope in one sortable, selectable, virtualised grid.

The grid is `ipydatagrid <https://github.com/jupyter-widgets/ipydatagrid>`_'s ``DataGrid``, chosen
over itables' widget and perspective because it is the one that, as an ipywidgets widget, gives
all of these to Python and to the page at once: a canvas grid (Lumino's DataGrid) that draws
only the visible cells, so 1,000+ rows scroll like 20; sort and filter from each column's
header menu; row selection by click, shift-click and ctrl-click with the selection synced to
the kernel; arrow-key navigation. itables' widget renders DataTables into the DOM (rows past a
few hundred need its paging or Scroller) and does not sync its filtered rows back; perspective
brings a second data engine and does not sync a row selection to Python.

The grid shows plain data made by :func:`grid_frame` from the check's rows; the per-column
filters above it (:class:`~factory.workbench.review_rows.RowFilter`) decide which rows it is
given, and the grid's own header sorts and filters act on those. :class:`ScopeGrid` maps the
selection (in view rows: after the grid's sort and filters) back to row keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final
from urllib.parse import urlsplit

import pandas as pd
from ipydatagrid import DataGrid, TextRenderer

from factory.workbench.review_rows import RowState

#: The grid's columns, in order (the frame's index is the row key, not shown).
COLUMNS: Final = (
    "decision", "name", "type", "kind", "version", "flag", "status", "source", "candidate",
    "description",
)  # fmt: skip
_WIDTHS: Final = {
    "decision": 76, "name": 250, "type": 70, "kind": 100, "version": 80, "flag": 130,
    "status": 70, "source": 170, "candidate": 120, "description": 460,
}  # fmt: skip
ROW_HEIGHT: Final = 24
HEADER_HEIGHT: Final = 26
GRID_HEIGHT: Final = "420px"
#: The index column of the grid's data: the row key the check's filter picks rows by.
KEY: Final = "key"
#: Past this many changed cells the grid gets its data again in one message: the page
#: re-filters and repaints once per changed cell, so a bulk change is cheaper sent whole.
MAX_CELL_UPDATES: Final = 8


def short_source(url: str) -> str:
    """A source URL as the grid shows it: host and the last path part, or a file's name."""
    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return f"{parts.netloc}/{tail}" if parts.netloc else tail or url


def grid_frame(rows: Sequence[RowState]) -> pd.DataFrame:
    """The grid's data for ``rows``: one line each, indexed by row key, every cell text."""
    data = [
        {
            "decision": row.decision,
            "name": row.name,
            "type": row.scope_type,
            "kind": ", ".join(row.kinds),
            "version": ", ".join(row.versions),
            "flag": ", ".join(row.flags) + (", deprecated" if row.deprecated else ""),
            "status": row.status,
            "source": " | ".join(short_source(s) for s in row.sources),
            "candidate": row.candidate_context,
            "description": row.description,
        }
        for row in rows
    ]
    frame = pd.DataFrame(data, columns=list(COLUMNS), index=[row.key for row in rows])
    frame.index.name = "key"
    frame["flag"] = frame["flag"].str.strip(", ")
    return frame


class ScopeGrid:
    """The grid widget and the mapping of its selection to the check's rows."""

    def __init__(self, rows: Sequence[RowState]) -> None:
        excluded = "cell.metadata.data['decision'] === 'excluded'"
        renderer = TextRenderer(
            background_color=_vega(f"{excluded} ? '#eceff1' : 'white'"),
            text_color=_vega(f"{excluded} ? '#78909c' : '#212121'"),
        )
        self.widget = DataGrid(
            grid_frame(rows),
            selection_mode="row",
            header_visibility="column",
            base_row_size=ROW_HEIGHT,
            base_column_header_size=HEADER_HEIGHT,
            column_widths=dict(_WIDTHS),
            default_renderer=renderer,
            layout={"height": GRID_HEIGHT, "width": "100%"},
        )
        self.widget.add_class("cf-grid")
        self.widget.observe(self._view_reported, names="_visible_rows")
        self.all_keys: list[str] = [row.key for row in rows]
        self.keys: list[str] = list(self.all_keys)  # the rows the filters show, table order
        self._frame = grid_frame(rows)
        self._pending = False  # a filter was sent and the page has not reported its view yet

    def show(self, rows: Sequence[RowState], shown: Sequence[str]) -> None:
        """Show the ``shown`` keys of ``rows`` (every row of the check), keeping the grid's own
        sort and header filters.

        The grid always holds every row: only the cells that changed are sent (an exclusion is
        a few small messages) and the filters travel as one ``in`` filter on the row key, so
        the page re-filters the rows it has instead of receiving them again.
        """
        keys = [row.key for row in rows]
        frame = grid_frame(rows)
        changed = (frame != self._frame).to_numpy().nonzero() if keys == self.all_keys else None
        if changed is not None and len(changed[0]) <= MAX_CELL_UPDATES:
            for position, column in zip(*changed, strict=True):
                value = frame.iat[position, column]
                self.widget.set_cell_value_by_index(COLUMNS[column], int(position), value)
        else:
            self.all_keys = keys
            self.widget.data = frame
        self._frame = frame
        self.filter(shown)

    def filter(self, shown: Sequence[str]) -> None:
        """Show only the ``shown`` keys (one small message; the page re-filters its rows)."""
        if list(shown) != self.keys:
            self.keys = list(shown)
            self._pending = True
            self.widget.transform(self._transforms(shown))

    def _transforms(self, shown: Sequence[str]) -> list[dict[str, Any]]:
        """The grid's own sort and header filters, then the check's filter on the key."""
        kept = [t for t in self.widget._transforms if t.get("column") != KEY]
        if len(shown) == len(self.all_keys):
            return kept
        return [*kept, {"type": "filter", "column": KEY, "operator": "in", "value": list(shown)}]

    def _view_reported(self, _change: Any) -> None:
        self._pending = False

    def visible_keys(self) -> list[str]:
        """The row keys in the grid's view order (after its own sort and header filters)."""
        if self._pending or not self.widget._visible_rows:  # headless, or not reported yet
            return list(self.keys)
        return [str(k) for k in self.widget.get_visible_data().index]

    def selected_keys(self) -> list[str]:
        """The selected rows' keys, in view order, each once."""
        view = self.visible_keys()
        picked: dict[str, None] = {}
        for rect in self.widget.selections:
            for index in range(max(rect["r1"], 0), min(rect["r2"], len(view) - 1) + 1):
                picked[view[index]] = None
        return list(picked)

    def select(self, keys: Sequence[str]) -> None:
        """Select these rows (as one click per row would; contiguous runs as one rectangle)."""
        view = self.visible_keys()
        positions = sorted(view.index(k) for k in keys if k in view)
        rects: list[dict[str, int]] = []
        last_column = len(COLUMNS) - 1
        for position in positions:
            if rects and rects[-1]["r2"] == position - 1:
                rects[-1]["r2"] = position
            else:
                rects.append({"r1": position, "c1": 0, "r2": position, "c2": last_column})
        self.widget.selections = rects
        self.widget.send_state("selections")

    def select_all(self) -> int:
        """Select every row the grid shows; returns how many."""
        count = len(self.visible_keys())
        self.widget.selections = (
            [{"r1": 0, "c1": 0, "r2": count - 1, "c2": len(COLUMNS) - 1}] if count else []
        )
        self.widget.send_state("selections")
        return count

    def clear(self) -> None:
        """Select nothing."""
        self.widget.selections = []
        self.widget.send_state("selections")


def _vega(expression: str) -> Any:
    from ipydatagrid import VegaExpr

    return VegaExpr(expression)
