"""One row slot of the check (:class:`RowView`): the widgets a page re-binds to any scope.

Part of the check's widget layer (:mod:`factory.workbench.review`). Scraped text reaches the page
only
through :func:`html.escape`.
"""

from __future__ import annotations

import contextlib
import html

import ipywidgets as widgets

from factory.contract.scope_types import SCOPE_TYPES
from factory.research.table import LIST_SEPARATOR
from factory.workbench.review_rows import RowState

_BADGE_COLOURS = {
    "deprecated": "background:#b71c1c;color:#fff",
    "legacy": "background:#ffe0b2;color:#e65100",
    "legacy-only": "background:#ffe0b2;color:#e65100",
    "conflict": "background:#ffcdd2;color:#b71c1c",
}
_FLAGGED_BG = "background:#fff8e1"


def _badge(label: str) -> str:
    style = _BADGE_COLOURS.get(label, "")
    return f'<span class="cf-badge" style="{style}">{html.escape(label)}</span>'


class RowView:
    """One slot of the page: include, name, type and an info cell, re-bound to any row."""

    def __init__(self) -> None:
        self.include = widgets.Checkbox(
            value=True, description="", indent=False, layout=widgets.Layout(width="28px")
        )
        self.name = widgets.Text(layout=widgets.Layout(width="330px", flex="0 0 330px"))
        self.scope_type = widgets.Dropdown(
            options=list(SCOPE_TYPES), layout=widgets.Layout(width="96px")
        )
        self.info = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.widget = widgets.HBox(
            [self.include, self.name, self.scope_type, self.info],
            layout=widgets.Layout(align_items="flex-start", width="100%"),
        )
        self.row: RowState | None = None

    def bind(self, row: RowState | None, problems: list[str]) -> None:
        """Show ``row`` (``None`` hides the slot) with its problems."""
        self.row = row
        if row is None:
            self.widget.layout.display = "none"
            return
        # One message per widget for all its changes, not one per trait.
        with contextlib.ExitStack() as stack:
            for widget in (self.widget, self.include, self.name, self.scope_type, self.info):
                stack.enter_context(widget.hold_sync())
            self._bind(row, problems)

    def _bind(self, row: RowState, problems: list[str]) -> None:
        self.widget.layout.display = "flex"
        self.include.value = row.include
        self.name.value = row.name
        self.scope_type.value = row.scope_type
        self.info.value = _info_html(row, problems)
        for widget, role in (
            (self.widget, "row"),
            (self.include, "include"),
            (self.name, "name"),
            (self.scope_type, "type"),
            (self.info, "info"),
        ):
            classes = [f"cf-{role}-{row.key}"]
            if role == "row" and problems:
                classes.append("cf-row-problem")
            widget._dom_classes = tuple(classes)
        self.widget.layout.border_left = (
            "4px solid #c62828"
            if problems
            else ("4px solid #f9a825" if row.flags else "4px solid transparent")
        )


def _info_html(row: RowState, problems: list[str]) -> str:
    """The row's name (text, so the browser's find sees it), badges and wrapped description."""
    badges = "".join(_badge(b) for b in row.badges())
    name = html.escape(row.original_name)
    if row.deprecated:
        name = f"<s>{name}</s>"
    description = html.escape(row.description) or "<i>(no description)</i>"
    extra = ""
    if row.note:
        extra += f'<div style="color:#795548">{html.escape(row.note)}</div>'
    others = [  # the kinds whose wording is not the description shown
        p for p in row.kind_descriptions.split(LIST_SEPARATOR)
        if p and p.split(": ", 1)[-1] != row.description
    ]  # fmt: skip
    if others:
        shown = html.escape(LIST_SEPARATOR.join(others))
        extra += f'<div style="color:#546e7a">per kind: {shown}</div>'
    if problems:
        items = "; ".join(html.escape(p) for p in problems)
        extra += f'<div style="color:#b71c1c"><b>problem:</b> {items}</div>'
    background = _FLAGGED_BG if row.flags else ""
    title = html.escape(row.description, quote=True)
    return (
        f'<div title="{title}" style="white-space:normal;{background};padding:0 4px">'
        f"<b>{name}</b> {badges}<div>{description}</div>{extra}</div>"
    )
