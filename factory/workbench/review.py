"""The widget check before save: the only module (with its view modules) that imports ipywidgets.

:class:`ContractReview` is built for hundreds of scopes: every filtered scope is one line of a
data grid (:mod:`factory.workbench.review_grid`: sort and filter from each column header, select
with click, shift-click or the arrow keys; only the visible lines are drawn). Its rows live as
plain data (:mod:`factory.workbench.review_rows`); its panels and filter widgets live in
:mod:`~factory.workbench.review_panels` and :mod:`~factory.workbench.review_filters`. Above
the grid, one filter per column (name,
type, kind, version, flag, status, source, candidate, included) and a free search; "Select all
filtered", then "Include", "Exclude" or "Retype" the selection. Beside the grid, the detail pane
(:mod:`factory.workbench.review_view`) shows the selected row: its description, which per-kind
wording went into the contract and the other, a conflict's wordings side by side with their
sources, a candidate's context, annotations and problems, and its include box, name and type to
edit. A sticky bar holds the problems panel and Save. Each problem names its scope; the
"problems" flag filter lists exactly those rows. Its logic runs in plain Python: tests set a
widget's ``.value`` and call ``.click()``.

Headless runs (nbclient, ``CONNECTOR_FACTORY_HEADLESS=1``) call :meth:`ContractReview.save`
without clicks: the same validation decides, and an invalid contract raises
:class:`~factory.errors.ContractError` listing every problem.

Stable CSS classes for browser tests (``<key>`` is :func:`css_key` of the scope name as the
table gave it; a clash gets ``-2``, ``-3`` ...)::

    cf-review            the whole check (VBox)
    cf-filter-name, cf-filter-type, cf-filter-kind, cf-filter-version, cf-filter-flag,
    cf-filter-status, cf-filter-source, cf-filter-candidate, cf-filter-included,
    cf-filter-text       the filters (Text or Dropdown)
    cf-select-filtered   select every filtered row
    cf-include-selected, cf-exclude-selected, cf-retype-selected (with cf-retype-to)
    cf-include-filtered, cf-exclude-filtered   the bulk buttons over every filtered row
    cf-count             "N of M scopes shown; K included, L excluded; S selected"
    cf-grid              the data grid (ipydatagrid, drawn on a canvas)
    cf-detail            the detail pane; also cf-row-<key> for the row shown, and
                         cf-row-problem when it has a problem
    cf-include-<key>, cf-name-<key>, cf-type-<key>   that row's include, name, type
    cf-info-<key>        its detail HTML (cf-conflict, cf-kinds, cf-candidate inside)
    cf-decisions         the standing decisions applied (or left out), when any
    cf-problems          the problems panel (HTML, escaped; ``cf-valid`` / ``cf-invalid`` too)
    cf-changes           the change against the existing contract (HTML, escaped)
    cf-save              the Save Button (disabled while the contract is invalid)
    cf-status            the status Label (saved path and the evidence run it published)
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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from factory.contract.builder import build_contract, scope_entries
from factory.contract.decisions import Decisions, prune_decisions
from factory.contract.scope_types import SCOPE_TYPES
from factory.contract.store import (
    ContractChanges,
    SaveResult,
    diff_contracts,
    save_contract,
)
from factory.contract.validate import validate_contract
from factory.errors import ContractError, FactoryError, Problem
from factory.evidence.standing import GIVEN, StandingDecisions, standing_notes
from factory.models import Provider
from factory.workbench.review_annotations import AnnotationEditor
from factory.workbench.review_filters import ColumnFilters
from factory.workbench.review_grid import ScopeGrid
from factory.workbench.review_panels import (
    STICKY_CSS,
    button,
    changes_html,
    decisions_html,
    load_existing_contract,
    problems_html,
    published_run,
    workbench_of,
)
from factory.workbench.review_rows import (
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
        EvidenceError: ``decisions`` rename two included scopes to one name (a decision about
            a scope the table does not have is reported in the decisions panel, not raised).
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
        decisions: Decisions | StandingDecisions | None = None,
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
        owner = workbench_of(commit)
        if decisions is None and owner is not None:  # the provider's standing decisions
            decisions = owner.standing_decisions()
        self.decision_notes = self._apply(decisions)
        self.annotations: dict[str, dict[str, str]] = (
            dict(owner.annotations.get("scopes", {})) if owner is not None else {}
        )
        self.row_problems: dict[str, list[str]] = {}
        self.general_problems: list[str] = []
        self._binding = False
        self._quiet = False
        self._build_widgets()
        self.refresh()

    def _apply(self, decisions: Decisions | StandingDecisions | None) -> list[str]:
        """Apply given (strict) or standing (stale names reported) decisions to the rows."""
        if isinstance(decisions, Decisions):  # e.g. the research session's: the same rules
            decisions = StandingDecisions(decisions, GIVEN)
        if decisions is None or decisions.decisions is None:
            return standing_notes(decisions, None, [], []) if decisions is not None else []
        gone, new = apply_to_rows(self.rows, decisions.decisions, standing=True)
        applied, _gone = prune_decisions(decisions.decisions, [r.original_name for r in self.rows])
        return standing_notes(decisions, applied, gone, new)

    # ----- widgets -------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.filters = ColumnFilters(self.rows, self._filter_changed)
        f = self.filters
        self.filter_name, self.filter_type, self.filter_kind = f.name, f.type, f.kind
        self.filter_version, self.filter_flag, self.filter_status = f.version, f.flag, f.status
        self.filter_source, self.filter_candidate = f.source, f.candidate
        self.filter_included, self.filter_text = f.included, f.text
        self.select_filtered = button("Select all filtered", "check-square", "cf-select-filtered")
        self.select_filtered.on_click(lambda _b: self.select_all_filtered())
        self.include_selected = button("Include selection", "check", "cf-include-selected")
        self.include_selected.on_click(lambda _b: self.set_selected(include=True))
        self.exclude_selected = button("Exclude selection", "times", "cf-exclude-selected")
        self.exclude_selected.on_click(lambda _b: self.set_selected(include=False))
        self.retype_to = widgets.Dropdown(
            options=list(SCOPE_TYPES), layout=widgets.Layout(width="90px")
        )
        self.retype_to.add_class("cf-retype-to")
        self.retype_selected = button("Retype selection", "tag", "cf-retype-selected")
        self.retype_selected.on_click(lambda _b: self.set_selected(scope_type=self.retype_to.value))
        self.include_filtered = button("Include filtered", "check", "cf-include-filtered")
        self.include_filtered.on_click(lambda _b: self.set_filtered(True))
        self.exclude_filtered = button("Exclude filtered", "times", "cf-exclude-filtered")
        self.exclude_filtered.on_click(lambda _b: self.set_filtered(False))
        self.count = widgets.Label()
        self.count.add_class("cf-count")
        self.problems_panel = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", width="auto"))
        self.problems_panel.add_class("cf-problems")
        self.changes_panel = widgets.HTML()
        self.changes_panel.add_class("cf-changes")
        self.decisions_panel = widgets.HTML(decisions_html(self.decision_notes))
        self.decisions_panel.add_class("cf-decisions")
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
        self.grid = ScopeGrid(self.rows)
        self.grid.widget.observe(self._selection_changed, names="selections")
        self.detail = RowView()
        for widget in (self.detail.include, self.detail.name, self.detail.scope_type):
            widget.observe(self._row_edited, names="value")
        sticky = widgets.VBox(
            [
                widgets.HBox(
                    [self.problems_panel, widgets.VBox([self.save_button, self.status])],
                    layout=widgets.Layout(width="100%"),
                ),
                widgets.HBox(list(f.widgets), layout=widgets.Layout(flex_flow="row wrap")),
                widgets.HBox(
                    [
                        self.select_filtered, self.include_selected, self.exclude_selected,
                        self.retype_to, self.retype_selected, self.include_filtered,
                        self.exclude_filtered, self.count,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ]
        )  # fmt: skip
        sticky.add_class("cf-sticky")
        header = widgets.HTML(
            STICKY_CSS + "<b>Check</b>: filter per column, sort from a column's header, select "
            "rows (click, shift-click, arrow keys, or Select all filtered), then include, "
            "exclude or retype the selection; the pane on the right shows the selected row. "
            "Fix a name or its type there, then Save."
        )
        self.detail.widget.layout = widgets.Layout(
            width="38%", flex="0 0 38%", max_height="520px", overflow="auto", padding="0 0 0 8px"
        )
        body = widgets.HBox(
            [widgets.Box([self.grid.widget], layout=widgets.Layout(flex="1 1 auto", width="60%")),
             self.detail.widget],
            layout=widgets.Layout(width="100%", align_items="flex-start"),
        )  # fmt: skip
        self.widget = widgets.VBox(
            [
                header,
                self.decisions_panel,
                sticky,
                body,
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
        """The detail pane showing a scope, after filtering the grid to its name and selecting
        it (as a researcher would: type the name, click the row).

        Raises:
            KeyError: no such scope.
        """
        row = self.row(scope_name)
        self._clear_filters()
        self.filter_name.value = row.original_name
        self.select([row.original_name])
        return self.detail

    def _clear_filters(self) -> None:
        self._quiet = True
        try:
            self.filters.clear()
        finally:
            self._quiet = False

    @property
    def row_filter(self) -> RowFilter:
        """The filter as the widgets set it."""
        return self.filters.row_filter

    @property
    def filtered(self) -> list[RowState]:
        """Every row the filter matches, in table order."""
        return filter_rows(self.rows, self.row_filter, self.row_problems)

    @property
    def selected(self) -> list[RowState]:
        """The rows selected in the grid, in the grid's order."""
        by_key = {r.key: r for r in self.rows}
        return [by_key[k] for k in self.grid.selected_keys() if k in by_key]

    def select(self, scope_names: Sequence[str]) -> None:
        """Select these scopes in the grid (those the filter shows), as clicks would."""
        wanted = set(scope_names)
        self.grid.select([r.key for r in self.filtered if r.original_name in wanted])

    def select_all_filtered(self) -> int:
        """Select every row the filters show; returns how many."""
        return self.grid.select_all()

    def set_selected(self, *, include: bool | None = None, scope_type: str | None = None) -> int:
        """Include, exclude or retype every selected row; returns how many changed."""
        changed = 0
        for row in self.selected:
            before = (row.include, row.scope_type)
            row.include = row.include if include is None else include
            row.scope_type = row.scope_type if scope_type is None else scope_type
            changed += (row.include, row.scope_type) != before
        self.status.value = ""
        self.refresh()
        return changed

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

    def _filter_changed(self, _change: Mapping[str, Any]) -> None:
        if not self._quiet:
            self._show(cells=False)  # no decision changed: the grid's cells stay as they are

    def _selection_changed(self, _change: Mapping[str, Any]) -> None:
        self._show_detail()
        self._count()

    def _row_edited(self, change: Mapping[str, Any]) -> None:
        row = self.detail.row
        if self._binding or row is None:
            return
        row.include = bool(self.detail.include.value)
        row.name = str(self.detail.name.value)
        row.scope_type = str(self.detail.scope_type.value)
        self.status.value = ""
        self.refresh()

    def _show(self, *, cells: bool = True) -> None:
        shown = [r.key for r in self.filtered]
        if shown != self.grid.keys:
            self.grid.clear()
        if cells:
            self.grid.show(self.rows, shown)
        else:
            self.grid.filter(shown)
        self._show_detail()
        self._count()

    def _count(self) -> None:
        shown, included = len(self.grid.keys), sum(r.include for r in self.rows)
        self.count.value = (
            f"{shown} of {len(self.rows)} scopes shown; {included} included, "
            f"{len(self.rows) - included} excluded; {len(self.grid.selected_keys())} selected"
        )

    def _show_detail(self) -> None:
        selected = self.selected
        row = selected[-1] if selected else None  # the last one clicked
        notes = self.annotations.get(row.original_name, {}) if row is not None else {}
        self._binding = True
        try:
            self.detail.bind(row, self.row_problems.get(row.key, []) if row else [], notes)
        finally:
            self._binding = False

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
        if hasattr(self, "grid"):  # the grid and the count answer first; validation follows
            self._show()
        problems = self.problems
        self.row_problems, self.general_problems = problems_by_row(problems, self.included)
        self.save_button.disabled = bool(problems)
        self.problems_panel.remove_class("cf-valid")
        self.problems_panel.remove_class("cf-invalid")
        self.problems_panel.add_class("cf-invalid" if problems else "cf-valid")
        self.problems_panel.value = problems_html(
            {r.key: r for r in self.rows}, self.row_problems, self.general_problems
        )
        self.changes_panel.value = (
            changes_html(self.changes, self.existing_contract is not None) if not problems else ""
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
        published = published_run(self.commit)
        self.status.value = f"Saved {result.path}" + (
            f"; published evidence run {published}" if published else ""
        )
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
