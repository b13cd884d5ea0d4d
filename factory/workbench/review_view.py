"""The detail pane beside the grid (:class:`RowView`): everything about the selected scope.

Part of the check's widget layer (:mod:`factory.workbench.review`). It shows the selected row's
verbatim description, which per-kind wording went into the contract and the other ones, the
competing wordings of a conflict side by side with their sources, a candidate's context, the
annotations and the row's problems; and the row's include box, name and type to edit. Scraped
text reaches the page only through :func:`html.escape`; every source is a link.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Mapping

import ipywidgets as widgets

from factory.contract.scope_types import SCOPE_TYPES
from factory.contract.wordings import kind_wordings
from factory.evidence.standing import NEW_SINCE_REVIEW
from factory.research.saved_copy import official_url_of_copy
from factory.workbench.review_rows import RowState

_BADGE_COLOURS = {
    "deprecated": "background:#b71c1c;color:#fff",
    "legacy": "background:#ffe0b2;color:#e65100",
    "legacy-only": "background:#ffe0b2;color:#e65100",
    "conflict": "background:#ffcdd2;color:#b71c1c",
    NEW_SINCE_REVIEW: "background:#e3f2fd;color:#0d47a1",
    "candidate": "background:#ede7f6;color:#4527a0",
}
_BOX = "border:1px solid #cfd8dc;border-radius:4px;padding:4px 6px;margin:3px 0"


def _badge(label: str) -> str:
    style = _BADGE_COLOURS.get(label, "")
    return f'<span class="cf-badge" style="{style}">{html.escape(label)}</span>'


def link(url: str) -> str:
    """``url`` as an escaped link; a local path as its text, or as the official page it is a
    saved copy of when the file names it."""
    text = html.escape(url)
    if not url.startswith(("http://", "https://")):
        official = official_url_of_copy(url)  # a saved copy that names its page
        if official is None:
            return f"<code>{text}</code>"
        return f"{link(official)} <small>(saved copy: <code>{text}</code>)</small>"
    return f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">{text}</a>'


class RowView:
    """The detail pane: the selected row's include, name and type, and its detail HTML."""

    def __init__(self) -> None:
        self.include = widgets.Checkbox(
            value=True, description="include", indent=False, layout=widgets.Layout(width="90px")
        )
        self.name = widgets.Text(description="name", layout=widgets.Layout(width="360px"))
        self.name.style.description_width = "40px"
        self.scope_type = widgets.Dropdown(
            options=list(SCOPE_TYPES), description="type", layout=widgets.Layout(width="150px")
        )
        self.scope_type.style.description_width = "36px"
        self.info = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.edit = widgets.HBox(
            [self.include, self.name, self.scope_type],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.widget = widgets.VBox([self.edit, self.info], layout=widgets.Layout(width="100%"))
        self.widget.add_class("cf-detail")
        self.row: RowState | None = None
        self.bind(None, [])

    def bind(
        self,
        row: RowState | None,
        problems: list[str],
        annotations: Mapping[str, str] | None = None,
    ) -> None:
        """Show ``row`` (``None``: a hint to select one) with its problems and annotations."""
        self.row = row
        with contextlib.ExitStack() as stack:
            for widget in (self.edit, self.include, self.name, self.scope_type, self.info):
                stack.enter_context(widget.hold_sync())
            self.edit.layout.display = "none" if row is None else "flex"
            if row is None:
                self.info.value = (
                    "<i>Select a row in the grid (click, or arrow keys) to see its wordings, "
                    "sources and problems here.</i>"
                )
                return
            self.include.value = row.include
            self.name.value = row.name
            self.scope_type.value = row.scope_type
            self.info.value = detail_html(row, problems, annotations or {})
            for widget, role in (
                (self.include, "include"), (self.name, "name"), (self.scope_type, "type"),
                (self.info, "info"),
            ):  # fmt: skip
                widget._dom_classes = (f"cf-{role}-{row.key}",)
            self.widget._dom_classes = (
                ("cf-detail", f"cf-row-{row.key}")
                + (("cf-row-problem",) if problems else ())
            )  # fmt: skip


def kind_wording_html(row: RowState) -> str:
    """Which per-kind wording went into the contract's one description, and the others."""
    wordings = kind_wordings(row.kind_descriptions, row.description)
    if wordings is None:
        return ""
    chosen = wordings.chosen_kind
    items = [
        f"<li><b>{html.escape(chosen)}</b> (<b>in the contract</b>): "
        f"{html.escape(row.description)}</li>"
    ] if chosen else []  # fmt: skip
    items += [
        f"<li><b>{html.escape(kind)}</b> (not in the contract, shown only): "
        f"{html.escape(text)}</li>"
        for kind, text in wordings.others
    ]
    return (
        f'<div class="cf-kinds" style="{_BOX}">One description field, {len(items)} kinds: '
        f"the contract keeps the {html.escape(chosen or 'chosen')} wording."
        f'<ul style="margin:2px 0">{"".join(items)}</ul></div>'
    )


def conflict_html(row: RowState) -> str:
    """The competing wordings of a conflict side by side, each with its source(s)."""
    if not row.other_descriptions:
        return ""
    others = "".join(
        f'<td style="vertical-align:top;padding:4px;border-left:1px solid #eee">'
        f"<b>other wording {i}</b> (not in the contract)<br>{html.escape(text)}</td>"
        for i, text in enumerate(row.other_descriptions, 1)
    )
    others_from = [s for s in row.sources if s != row.description_source]
    where = ", ".join(link(s) for s in others_from) or "the same source"
    chosen_from = link(row.description_source) if row.description_source else "unknown"
    return (
        f'<div class="cf-conflict" style="{_BOX};background:#fff8f8">'
        f"<b>Conflict: {len(row.other_descriptions) + 1} wordings</b>"
        f'<table style="width:100%;table-layout:fixed"><tr>'
        f'<td style="vertical-align:top;padding:4px"><b>chosen</b> (in the contract)<br>'
        f"{html.escape(row.description)}<br><small>from {chosen_from}</small></td>{others}"
        f"</tr></table><small>other wordings come from: {where}</small></div>"
    )


def detail_html(row: RowState, problems: list[str], annotations: Mapping[str, str]) -> str:
    """The selected row's detail, escaped: name, badges, wordings, sources, notes, problems."""
    badges = "".join(_badge(b) for b in row.badges())
    if row.is_candidate:
        badges += _badge("candidate")
    name = html.escape(row.original_name)
    if row.deprecated:
        name = f"<s>{name}</s>"
    renamed = (
        f" <i>(saved as {html.escape(row.name.strip())})</i>"
        if row.name.strip() != row.original_name
        else ""
    )
    description = html.escape(row.description) or "<i>(no description)</i>"
    parts = [
        f"<div><b>{name}</b>{renamed} {badges}</div>",
        f'<div class="cf-description" style="{_BOX}"><b>description</b> '
        f"({'included' if row.include else 'excluded'}, {html.escape(row.scope_type)}): "
        f"{description}</div>",
        kind_wording_html(row),
        conflict_html(row),
    ]
    if row.is_candidate or row.candidate_context:
        context = html.escape(row.candidate_context) or "<i>(no context recorded)</i>"
        parts.append(
            f'<div class="cf-candidate" style="{_BOX};background:#f6f3fc"><b>candidate</b>: '
            f"found by the candidate harvester, not in a scope list. Context: {context}</div>"
        )
    if row.note:
        parts.append(f'<div style="color:#795548">{html.escape(row.note)}</div>')
    notes = ", ".join(f"{k}: {v}" for k, v in annotations.items() if v)
    if notes:
        parts.append(f'<div class="cf-annotation"><b>annotation</b>: {html.escape(notes)}</div>')
    if row.sources:
        links = "".join(f"<li>{link(s)}</li>" for s in row.sources)
        parts.append(f'<div><b>sources</b><ul style="margin:2px 0">{links}</ul></div>')
    if problems:
        items = "; ".join(html.escape(p) for p in problems)
        parts.append(f'<div style="color:#b71c1c"><b>problem:</b> {items}</div>')
    # Long names and local paths wrap inside the pane instead of widening it past the grid.
    return (
        '<div style="white-space:normal;line-height:1.35;overflow-wrap:anywhere;'
        f'word-break:break-word">{"".join(parts)}</div>'
    )
