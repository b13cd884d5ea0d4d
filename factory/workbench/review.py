"""The widget check before save: the only module that imports ipywidgets.

:class:`ContractReview` is built for hundreds of scopes. Its rows live as plain data
(:mod:`factory.workbench.review_rows`); the page shows :data:`PAGE_SIZE` of them at a time in a
fixed
set of row widgets that are re-bound when the filter or the page changes, so a check of 400
scopes builds about as many widgets as one of 8. Above the rows: a search box and filters (flag,
kind, version, included/excluded), "Include filtered" / "Exclude filtered" over every row the
filter matches (on all pages), a pager, and a sticky bar with the problems panel and Save. Each
problem names its scope (and marks its row); the "problems" flag filter lists exactly those
rows. Its logic runs in plain Python: tests set a widget's ``.value`` and call ``.click()``.

Headless runs (nbclient, ``CONNECTOR_FACTORY_HEADLESS=1``) call :meth:`ContractReview.save`
without clicks: the same validation decides, and an invalid contract raises
:class:`~factory.errors.ContractError` listing every problem.

Stable CSS classes for browser tests (``<key>`` is :func:`css_key` of the scope name as the
table gave it; a clash gets ``-2``, ``-3`` ...; the per-row classes move with the row shown)::

    cf-review            the whole check (VBox)
    cf-filter-text       the search box; cf-filter-flag, cf-filter-kind, cf-filter-version,
                         cf-filter-included its filter dropdowns
    cf-include-filtered, cf-exclude-filtered   the bulk buttons
    cf-count             "N of M scopes shown; K included"
    cf-prev, cf-next, cf-page                  the pager
    cf-row-<key>         one scope's row (HBox); also cf-row-problem when it has a problem
    cf-include-<key>     its include Checkbox
    cf-name-<key>        its scope name Text (emptied or duplicated -> invalid contract)
    cf-type-<key>        its scope_type Dropdown
    cf-info-<key>        its name, badges and wrapped description (HTML, escaped)
    cf-problems          the problems panel (HTML, escaped; ``cf-valid`` / ``cf-invalid`` too)
    cf-changes           the change against the existing contract (HTML, escaped)
    cf-save              the Save Button (disabled while the contract is invalid)
    cf-status            the status Label (saved path or why saving was refused)
    cf-preview           the contract preview (Accordion, rendered only while open)
    cf-report            the report after Save (escaped plain text), when ``report_text`` is set

:class:`AnnotationEditor` (section 5 of the notebook): classes ``cf-annotations``,
``cf-annotation-version`` / ``cf-annotation-note`` on each field, ``cf-annotation-scope``
(the scope picker), ``cf-annotations-save``, ``cf-annotations-status``.

Every piece of scraped text reaches the page either as a ``Label`` (plain text) or through
:func:`html.escape`. The notebook's plain views live in :mod:`factory.workbench.views`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import ipywidgets as widgets

from factory.contract.builder import build_contract, scope_entries
from factory.contract.decisions import Decisions
from factory.contract.naming import contract_path
from factory.contract.store import (
    ContractChanges,
    SaveResult,
    diff_contracts,
    resolve_contracts_dir,
    save_contract,
)
from factory.contract.validate import validate_contract
from factory.errors import ContractError, FactoryError, Problem
from factory.models import Provider
from factory.safeload import loads_json
from factory.workbench.review_annotations import AnnotationEditor
from factory.workbench.review_rows import (
    ALL,
    SPECIAL_FILTERS,
    RowFilter,
    RowState,
    apply_to_rows,
    css_key,
    decisions_of,
    filter_rows,
    problems_by_row,
    rows_of,
)
from factory.workbench.review_view import RowView

__all__ = ["AnnotationEditor", "ContractReview", "RowView", "css_key"]

PAGE_SIZE: Final = 25
# Inline styles: a notebook viewer without the project's CSS still shows the colours.
_VALID_STYLE = "border-left:6px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:4px 8px"
_INVALID_STYLE = "border-left:6px solid #c62828;background:#ffebee;color:#b71c1c;padding:4px 8px"
# Sticky needs every box between the bar and the notebook's scroller to let it overflow:
# widget boxes and JupyterLab's output areas default to overflow:auto.
_STICKY_CSS = (
    "<style>.cf-review,:is(.jp-OutputArea-output,.jp-OutputArea-child,.jp-OutputArea,"
    ".jp-Cell-outputWrapper,.jp-Cell-outputArea,.jp-Cell):has(.cf-sticky)"
    "{overflow:visible!important}"
    ".cf-sticky{position:sticky;top:0;z-index:5;background:var(--jp-layout-color0,#fff);"
    "box-shadow:0 2px 3px rgba(0,0,0,.15)} .cf-review .widget-html-content{line-height:1.35}"
    ".cf-review .cf-badge{display:inline-block;margin:0 3px 1px 0;padding:0 5px;"
    "border-radius:8px;font-size:11px;background:#eceff1;color:#37474f}</style>"
)


class ContractReview:
    """The check before save: per-scope decisions, live problems, and a guarded Save.

    Args:
        provider: the resolved provider.
        table_or_records: the scope table (a DataFrame with ``scope_name``, ``description``,
            ``scope_type``, ``include`` and optionally ``flags``, ``kinds``, ``versions``,
            ``note``), or mappings / ``ScopeRecord`` objects.
        auth_method: the contract's auth method.
        template: a loaded template; ``None`` for the default.
        schema: a loaded schema; see :func:`factory.contract.validate.validate_contract`.
        existing_contract: the contract currently saved; ``None`` reads it from
            ``contracts_dir`` when there is one.
        contracts_dir: where Save writes (see :func:`factory.contract.store.resolve_contracts_dir`).
        on_save: called with the :class:`~factory.contract.store.SaveResult` after each save.
        report_text: given the :class:`~factory.contract.store.SaveResult`, the plain-text report
            to show (escaped) under the Save button after each save.
        decisions: earlier decisions to start from (see :mod:`factory.contract.decisions`).
        commit: saves the check's contract in its place (e.g. as a published evidence run,
            :meth:`factory.workbench.run.WorkbenchRun.commit`); ``None`` saves it alone.

    Raises:
        ContractError: a row is not a mapping or a ``ScopeRecord``.
        EvidenceError: ``decisions`` name scopes the table does not have.
    """

    def __init__(
        self,
        provider: Provider,
        table_or_records: Any,
        *,
        auth_method: str = "oauth2",
        template: dict[str, Any] | None = None,
        schema: dict[str, Any] | None = None,
        existing_contract: dict[str, Any] | None = None,
        contracts_dir: str | Path | None = None,
        on_save: Callable[[SaveResult], None] | None = None,
        report_text: Callable[[SaveResult], str] | None = None,
        decisions: Decisions | None = None,
        commit: Callable[[ContractReview], SaveResult] | None = None,
    ) -> None:
        self.provider = provider
        self.auth_method = auth_method
        self.template = template
        self.schema = schema
        self.contracts_dir = contracts_dir
        self.on_save = on_save
        self.report_text = report_text
        self.commit = commit
        self.existing_contract = (
            existing_contract
            if existing_contract is not None
            else load_existing_contract(provider, contracts_dir)
        )
        self.last_saved: SaveResult | None = None
        self.last_error: FactoryError | None = None
        self.rows: list[RowState] = rows_of(table_or_records)
        if decisions is not None:
            apply_to_rows(self.rows, decisions)
        self.row_problems: dict[str, list[str]] = {}
        self.general_problems: list[str] = []
        self.page = 0
        self._binding = False
        self._build_widgets()
        self.refresh()

    # ----- widgets -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        kinds = sorted({k for r in self.rows for k in r.kinds})
        versions = sorted({v for r in self.rows for v in r.versions})
        flags = sorted({f for r in self.rows for f in r.flags})
        self.filter_text = widgets.Text(placeholder="search names, descriptions, notes ...")
        self.filter_flag = widgets.Dropdown(
            options=[ALL, *SPECIAL_FILTERS, *(f for f in flags if f not in SPECIAL_FILTERS)],
            description="flag",
        )
        self.filter_kind = widgets.Dropdown(options=[ALL, *kinds], description="kind")
        self.filter_version = widgets.Dropdown(options=[ALL, *versions], description="version")
        self.filter_included = widgets.Dropdown(
            options=[ALL, "included", "excluded"], description="show"
        )
        for widget, name in (
            (self.filter_text, "text"),
            (self.filter_flag, "flag"),
            (self.filter_kind, "kind"),
            (self.filter_version, "version"),
            (self.filter_included, "included"),
        ):
            widget.add_class(f"cf-filter-{name}")
            widget.layout.width = "220px" if name == "text" else "170px"
            widget.style.description_width = "48px"
            widget.observe(self._filter_changed, names="value")
        self.include_filtered = widgets.Button(description="Include filtered", icon="check")
        self.exclude_filtered = widgets.Button(description="Exclude filtered", icon="times")
        self.include_filtered.add_class("cf-include-filtered")
        self.exclude_filtered.add_class("cf-exclude-filtered")
        self.include_filtered.on_click(lambda _b: self.set_filtered(True))
        self.exclude_filtered.on_click(lambda _b: self.set_filtered(False))
        self.count = widgets.Label()
        self.count.add_class("cf-count")
        self.prev_button = widgets.Button(icon="chevron-left", layout=widgets.Layout(width="36px"))
        self.next_button = widgets.Button(icon="chevron-right", layout=widgets.Layout(width="36px"))
        self.prev_button.add_class("cf-prev")
        self.next_button.add_class("cf-next")
        self.prev_button.on_click(lambda _b: self.go_to(self.page - 1))
        self.next_button.on_click(lambda _b: self.go_to(self.page + 1))
        self.page_label = widgets.Label()
        self.page_label.add_class("cf-page")
        for button in (self.include_filtered, self.exclude_filtered):
            button.layout.width = "auto"
        self.problems_panel = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.problems_panel.add_class("cf-problems")
        self.changes_panel = widgets.HTML()
        self.changes_panel.add_class("cf-changes")
        self.save_button = widgets.Button(description="Save", icon="save", button_style="success")
        self.save_button.add_class("cf-save")
        self.save_button.on_click(self._clicked)
        self.status = widgets.Label(value="")
        self.status.add_class("cf-status")
        self.report_panel = widgets.HTML()
        self.report_panel.add_class("cf-report")
        self.preview = widgets.HTML()
        self.preview_box = widgets.Accordion(children=[self.preview], selected_index=None)
        self.preview_box.set_title(0, "Contract preview (follows the check; open to render)")
        self.preview_box.add_class("cf-preview")
        self.preview_box.observe(lambda _c: self._render_preview(), names="selected_index")
        self.views = [RowView() for _ in range(min(PAGE_SIZE, max(len(self.rows), 1)))]
        for view in self.views:
            view.include.observe(self._row_edited, names="value")
            view.name.observe(self._row_edited, names="value")
            view.scope_type.observe(self._row_edited, names="value")
        sticky = widgets.VBox(
            [
                widgets.HBox(
                    [self.problems_panel, widgets.VBox([self.save_button, self.status])],
                    layout=widgets.Layout(width="100%"),
                ),
                widgets.HBox(
                    [
                        self.filter_text,
                        self.filter_flag,
                        self.filter_kind,
                        self.filter_version,
                        self.filter_included,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HBox(
                    [
                        self.include_filtered,
                        self.exclude_filtered,
                        self.prev_button,
                        self.page_label,
                        self.next_button,
                        self.count,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ]
        )
        sticky.add_class("cf-sticky")
        header = widgets.HTML(
            _STICKY_CSS + "<b>Check</b>: search or filter, untick a scope (or every filtered "
            "one) to leave it out, fix a name or its type, then Save."
        )
        self.widget = widgets.VBox(
            [
                header,
                sticky,
                *(view.widget for view in self.views),
                self.changes_panel,
                self.preview_box,
                self.report_panel,
            ]
        )
        self.widget.add_class("cf-review")

    # ----- the rows ------------------------------------------------------------------------

    def row(self, scope_name: str) -> RowState:
        """The state of a scope, by the name the table gave it.

        Raises:
            KeyError: no such scope.
        """
        for row in self.rows:
            if row.original_name == scope_name:
                return row
        raise KeyError(scope_name)

    def view(self, scope_name: str) -> RowView:
        """The widgets showing a scope, after filtering the check down to its name.

        Raises:
            KeyError: no such scope.
        """
        row = self.row(scope_name)
        self.filter_text.value = row.original_name
        for view in self.views:
            if view.row is row:
                return view
        raise KeyError(scope_name)

    @property
    def row_filter(self) -> RowFilter:
        """The filter as the widgets set it."""
        return RowFilter(
            text=self.filter_text.value,
            flag=self.filter_flag.value,
            kind=self.filter_kind.value,
            version=self.filter_version.value,
            included=self.filter_included.value,
        )

    @property
    def filtered(self) -> list[RowState]:
        """Every row the filter matches (on all pages), in table order."""
        return filter_rows(self.rows, self.row_filter, self.row_problems)

    def set_filtered(self, include: bool) -> int:
        """Include (or exclude) every row the filter matches; returns how many changed."""
        changed = 0
        for row in self.filtered:
            if row.include != include:
                row.include = include
                changed += 1
        self.refresh()
        return changed

    def set_row(
        self,
        scope_name: str,
        *,
        include: bool | None = None,
        name: str | None = None,
        scope_type: str | None = None,
    ) -> None:
        """Change one scope's decision (as its widgets would) and refresh."""
        row = self.row(scope_name)
        row.include = row.include if include is None else include
        row.name = row.name if name is None else name
        row.scope_type = row.scope_type if scope_type is None else scope_type
        self.refresh()

    def go_to(self, page: int) -> None:
        """Show page ``page`` of the filtered rows (clamped)."""
        self.page = page
        self._show()

    def _filter_changed(self, _change: Mapping[str, Any]) -> None:
        self.page = 0
        self._show()

    def _row_edited(self, change: Mapping[str, Any]) -> None:
        if self._binding:
            return
        for view in self.views:
            if view.row is None or change["owner"] not in (
                view.include,
                view.name,
                view.scope_type,
            ):
                continue
            view.row.include = bool(view.include.value)
            view.row.name = str(view.name.value)
            view.row.scope_type = str(view.scope_type.value)
        self.status.value = ""
        self.refresh()

    def _show(self) -> None:
        rows = self.filtered
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        self.page = min(max(self.page, 0), pages - 1)
        shown = rows[self.page * PAGE_SIZE : (self.page + 1) * PAGE_SIZE]
        self._binding = True
        try:
            for i, view in enumerate(self.views):
                row = shown[i] if i < len(shown) else None
                view.bind(row, self.row_problems.get(row.key, []) if row else [])
        finally:
            self._binding = False
        included = sum(r.include for r in self.rows)
        self.count.value = (
            f"{len(rows)} of {len(self.rows)} scopes shown; {included} included, "
            f"{len(self.rows) - included} excluded"
        )
        self.page_label.value = f"page {self.page + 1} of {pages}"
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= pages - 1

    # ----- the contract --------------------------------------------------------------------

    @property
    def included(self) -> list[RowState]:
        """The included rows, in contract order."""
        return [row for row in self.rows if row.include]

    @property
    def contract(self) -> dict[str, Any]:
        """The contract as the check currently describes it (a new dict each time)."""
        contract = build_contract(
            self.provider, [], auth_method=self.auth_method, template=self.template
        )
        # One entry per row, built separately and renamed afterwards, so an emptied or
        # duplicated name stays visible to the validator instead of being merged away.
        entries = []
        for row in self.included:
            (entry,) = scope_entries(
                [row.record], type_overrides={row.original_name: row.scope_type}
            )
            entry["scope_name"] = row.name.strip()
            entries.append(entry)
        contract["sections"]["scopes"]["scopes"] = entries
        return contract

    @property
    def problems(self) -> list[Problem]:
        """Every validation problem of the current contract (empty when valid)."""
        try:
            contract = self.contract
        except ContractError as exc:
            return list(exc.problems)
        return validate_contract(contract, template=self.template, schema=self.schema)

    @property
    def is_valid(self) -> bool:
        """Whether the current contract passes every check."""
        return not self.problems

    @property
    def changes(self) -> ContractChanges:
        """What saving now would change against the existing contract."""
        return diff_contracts(self.existing_contract or {}, self.contract)

    def decisions(
        self, annotations: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None
    ) -> Decisions:
        """The researcher's decisions as the check stands (who and when: this machine, now)."""
        return decisions_of(self.rows, annotations)

    def refresh(self) -> None:
        """Recompute problems, change, Save's state and the page from the rows."""
        problems = self.problems
        self.row_problems, self.general_problems = problems_by_row(problems, self.included)
        self.save_button.disabled = bool(problems)
        self.problems_panel.remove_class("cf-valid")
        self.problems_panel.remove_class("cf-invalid")
        if problems:
            self.problems_panel.add_class("cf-invalid")
            names = {r.key: r for r in self.rows}
            items = [
                f"<li>scope <b>{html.escape(names[key].original_name)}</b>"
                f"{_renamed(names[key])}: {html.escape('; '.join(messages))}</li>"
                for key, messages in self.row_problems.items()
            ] + [f"<li>{html.escape(text)}</li>" for text in self.general_problems]
            count = len(self.row_problems) + len(self.general_problems)
            self.problems_panel.value = _panel(
                _INVALID_STYLE,
                f"<b>{count} problem(s); Save is disabled.</b> Show them with flag = "
                f"problems.<ul style='margin:2px 0'>{''.join(items[:20])}</ul>"
                + (f"... and {len(items) - 20} more" if len(items) > 20 else ""),
            )
        else:
            self.problems_panel.add_class("cf-valid")
            self.problems_panel.value = _panel(
                _VALID_STYLE, "<b>No problems: the contract is valid.</b>"
            )
        self.changes_panel.value = (
            _changes_html(self.changes, self.existing_contract is not None) if not problems else ""
        )
        self._show()
        self._render_preview()

    def _render_preview(self) -> None:
        if self.preview_box.selected_index is None:
            return  # closed: rendering 400 scopes of JSON on every edit would be wasted
        text = html.escape(json.dumps(self.contract, indent=2, ensure_ascii=False))
        self.preview.value = f'<pre style="max-height:480px;overflow:auto">{text}</pre>'

    def save(self) -> SaveResult:
        """Save the current contract to the standard path.

        Returns:
            The saved path and the change it made.

        Raises:
            ContractError: the contract is invalid (every problem listed) or the Save button
                is disabled; nothing is written.
            ApprovedContractError: the existing contract is not a draft.
        """
        self.refresh()
        problems = self.problems
        if problems or self.save_button.disabled:
            raise ContractError(problems, "Save refused: the contract is invalid, nothing written")
        result = (
            self.commit(self)
            if self.commit is not None
            else save_contract(
                self.contract,
                contracts_dir=self.contracts_dir,
                template=self.template,
                schema=self.schema,
            )
        )
        self.last_saved = result
        self.existing_contract = self.contract
        self.status.value = f"Saved {result.path}"
        self.refresh()
        if self.on_save is not None:
            self.on_save(result)
        if self.report_text is not None:
            text = html.escape(self.report_text(result))
            self.report_panel.value = f'<pre style="white-space:pre-wrap">{text}</pre>'
        return result

    def _clicked(self, _button: widgets.Button) -> None:
        # A click never raises into the frontend: the refusal shows in the status label.
        try:
            self.save()
            self.last_error = None
        except FactoryError as exc:
            self.last_error = exc
            self.status.value = str(exc).splitlines()[0]


def _renamed(row: RowState) -> str:
    if row.name.strip() == row.original_name:
        return ""
    return f" (named {html.escape(repr(row.name.strip()))})"


def _panel(style: str, inner_html: str) -> str:
    """The problems panel's HTML; ``inner_html`` is already escaped by the caller."""
    return f'<div class="cf-panel" style="{style}">{inner_html}</div>'


def _changes_html(changes: ContractChanges, existing: bool) -> str:
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
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None
