"""The check's panels and helpers: styles, the problems and change panels, the standing
decisions panel, and how the check finds the evidence run its Save commits through.

Part of the check's widget layer (:mod:`factory.workbench.review`). Every scraped text goes
through :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import ipywidgets as widgets

from factory.contract.naming import contract_path
from factory.contract.store import ContractChanges, resolve_contracts_dir
from factory.evidence.standing import StandingDecisions
from factory.models import Provider
from factory.safeload import loads_json
from factory.workbench.review_rows import RowState

# Inline styles: a notebook viewer without the project's CSS still shows the colours.
_VALID_STYLE = "border-left:6px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:4px 8px"
_INVALID_STYLE = "border-left:6px solid #c62828;background:#ffebee;color:#b71c1c;padding:4px 8px"
# Sticky needs every box between the bar and the notebook's scroller to let it overflow:
# widget boxes and JupyterLab's output areas default to overflow:auto.
STICKY_CSS = (
    "<style>.cf-review,:is(.jp-OutputArea-output,.jp-OutputArea-child,.jp-OutputArea,"
    ".jp-Cell-outputWrapper,.jp-Cell-outputArea,.jp-Cell):has(.cf-sticky)"
    "{overflow:visible!important}"
    ".cf-sticky{position:sticky;top:0;z-index:5;background:var(--jp-layout-color0,#fff);"
    "box-shadow:0 2px 3px rgba(0,0,0,.15)} .cf-review .widget-html-content{line-height:1.35}"
    ".cf-review .cf-badge{display:inline-block;margin:0 3px 1px 0;padding:0 5px;"
    "border-radius:8px;font-size:11px;background:#eceff1;color:#37474f}</style>"
)


def problems_html(
    rows: Mapping[str, RowState], row_problems: Mapping[str, list[str]], general: Sequence[str]
) -> str:
    """The problems panel: each problem under its scope's name, or "no problems"."""
    if not row_problems and not general:
        return _panel(_VALID_STYLE, "<b>No problems: the contract is valid.</b>")
    items = [
        f"<li>scope <b>{html.escape(rows[key].original_name)}</b>"
        f"{_renamed(rows[key])}: {html.escape('; '.join(messages))}</li>"
        for key, messages in row_problems.items()
    ] + [f"<li>{html.escape(text)}</li>" for text in general]
    count = len(row_problems) + len(general)
    return _panel(
        _INVALID_STYLE,
        f"<b>{count} problem(s); Save is disabled.</b> Show them with flag = "
        f"problems.<ul style='margin:2px 0'>{''.join(items[:20])}</ul>"
        + (f"... and {len(items) - 20} more" if len(items) > 20 else ""),
    )


def button(description: str, icon: str, css_class: str) -> widgets.Button:
    button = widgets.Button(description=description, icon=icon)
    button.layout.width = "auto"
    button.add_class(css_class)
    return button


class _EvidenceSession(Protocol):
    """What the check needs of the object its Save commits through (``WorkbenchRun``)."""

    annotations: dict[str, dict[str, dict[str, str]]]
    last: Any

    def standing_decisions(self) -> StandingDecisions: ...


def workbench_of(commit: Callable[..., Any] | None) -> _EvidenceSession | None:
    """The notebook's evidence run when Save commits through it (a bound method of
    :class:`~factory.workbench.run.WorkbenchRun`, which imports this module's types)."""
    owner = getattr(commit, "__self__", None)
    return owner if hasattr(owner, "standing_decisions") and hasattr(owner, "last") else None


def published_run(commit: Callable[..., Any] | None) -> str:
    """The id of the evidence run the last Save published ("" when Save wrote no run)."""
    owner = workbench_of(commit)
    return owner.last.folder.name if owner is not None and owner.last is not None else ""


def decisions_html(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return (
        '<div style="border-left:6px solid #1565c0;background:#e3f2fd;padding:4px 8px">'
        f"<b>Standing decisions</b><ul style='margin:2px 0'>{items}</ul></div>"
    )


def _renamed(row: RowState) -> str:
    if row.name.strip() == row.original_name:
        return ""
    return f" (named {html.escape(repr(row.name.strip()))})"


def _panel(style: str, inner_html: str) -> str:
    """The problems panel's HTML; ``inner_html`` is already escaped by the caller."""
    return f'<div class="cf-panel" style="{style}">{inner_html}</div>'


def changes_html(changes: ContractChanges, existing: bool) -> str:
    if not existing:
        return "<b>Change:</b> no saved contract yet; Save creates it."
    parts = []
    for label, names in (
        ("added", changes.added),
        ("removed", changes.removed),
        ("changed", changes.changed),
    ):
        shown = ", ".join(html.escape(n) for n in names[:30]) if names else "none"
        more = f" ... and {len(names) - 30} more" if len(names) > 30 else ""
        parts.append(f"<li>{label} ({len(names)}): {shown}{more}</li>")
    return f"<b>Change against the saved contract:</b><ul>{''.join(parts)}</ul>"


def load_existing_contract(
    provider: Provider, contracts_dir: str | Path | None = None
) -> dict[str, Any] | None:
    """The contract saved for a provider, or ``None`` when there is none or it is unreadable.

    An unreadable file is not an error here: saving over it is refused later by the store.
    """
    path = contract_path(provider.display_name, resolve_contracts_dir(contracts_dir))
    try:
        data = loads_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):  # too deep or bomb-shaped too
        return None
    return data if isinstance(data, dict) else None
