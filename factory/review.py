"""The widget check before save: the only module that imports ipywidgets.

:class:`ContractReview` shows one row per scope (include checkbox, editable scope name, scope
type dropdown, the verbatim description as a plain-text ``Label``), a live panel listing every
validation problem, the change against the existing contract, and a Save button that is
enabled only while the contract is valid. Its logic runs in plain Python: tests set a widget's
``.value`` and call ``.click()``; no kernel or browser is needed.

Headless runs (nbclient, ``CONNECTOR_FACTORY_HEADLESS=1``) call :meth:`ContractReview.save`
without clicks: the same validation decides, and an invalid contract raises
:class:`~factory.errors.ContractError` listing every problem.

Stable CSS classes for browser tests (``<key>`` is :func:`css_key` of the scope name: every run
of characters outside ``[A-Za-z0-9_-]`` becomes ``-``; a clash gets ``-2``, ``-3`` ...)::

    cf-review            the whole check (VBox)
    cf-row-<key>         one scope's row (HBox)
    cf-include-<key>     its include Checkbox
    cf-name-<key>        its scope name Text (emptied or duplicated -> invalid contract)
    cf-type-<key>        its scope_type Dropdown
    cf-description-<key> its description Label
    cf-problems          the problems panel (HTML, escaped; ``cf-valid`` / ``cf-invalid`` too)
    cf-changes           the change against the existing contract (HTML, escaped)
    cf-save              the Save Button (disabled while the contract is invalid)
    cf-status            the status Label (saved path or why saving was refused)
    cf-report            the report after Save (escaped plain text), when ``report_text`` is set

:class:`AnnotationEditor` (section 5 of the notebook) edits a version label and a note per
source URL and per scope; its classes: ``cf-annotations``, ``cf-annotation-version`` /
``cf-annotation-note`` on each field, ``cf-annotations-save``, ``cf-annotations-status``.

Every piece of scraped text reaches the page either as a ``Label`` (plain text) or through
:func:`html.escape`; :func:`escaped_styler` does the same for pandas tables.

The notebook's plain views (provider card, candidates, fetch summary, escaped tables) live in
:mod:`factory.views`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from factory.contract import build_contract, scope_entries
from factory.errors import ContractError, FactoryError, Problem
from factory.models import Provider, ScopeRecord
from factory.naming import contract_path
from factory.scope_types import SCOPE_TYPES, classify_scope
from factory.store import (
    ContractChanges,
    SaveResult,
    diff_contracts,
    resolve_contracts_dir,
    save_contract,
)
from factory.validate import validate_contract

if TYPE_CHECKING:
    pass

_UNSAFE_CSS = re.compile(r"[^A-Za-z0-9_-]+")


def css_key(name: str) -> str:
    """A CSS-class-safe form of a scope name (``user.info:basic`` -> ``user-info-basic``)."""
    return _UNSAFE_CSS.sub("-", name).strip("-") or "scope"


def _rows_of(table_or_records: Any) -> list[Mapping[str, Any]]:
    # A DataFrame (duck-typed so this module does not import pandas), mappings or records.
    if hasattr(table_or_records, "to_dict") and hasattr(table_or_records, "columns"):
        return list(table_or_records.to_dict("records"))
    rows: list[Mapping[str, Any]] = []
    for item in table_or_records:
        if isinstance(item, ScopeRecord):
            rows.append(item.to_dict())
        elif isinstance(item, Mapping):
            rows.append(item)
        else:
            raise ContractError(
                [Problem("$", f"a scope row must be a mapping, found {type(item).__name__}")],
                "cannot review these scope rows",
            )
    return rows


def _text(value: Any) -> str:
    # pandas gives NaN/None for missing cells; both mean "no text".
    return value if isinstance(value, str) else ""


class ScopeRow:
    """The widgets of one scope: include, name, type, description."""

    def __init__(self, record: Mapping[str, Any], key: str) -> None:
        self.original_name: str = _text(record.get("scope_name"))
        self.description: str = _text(record.get("description"))
        self.key = key
        guess = record.get("scope_type")
        if guess not in SCOPE_TYPES:
            guess = classify_scope(self.original_name, self.description or None)
        include = record.get("include", True)
        self.include = widgets.Checkbox(
            value=bool(include) if include is not None else True,
            description="include",
            indent=False,
            layout=widgets.Layout(width="90px"),
        )
        self.name = widgets.Text(value=self.original_name, layout=widgets.Layout(width="280px"))
        self.scope_type = widgets.Dropdown(
            options=list(SCOPE_TYPES), value=guess, layout=widgets.Layout(width="110px")
        )
        self.description_label = widgets.Label(value=self.description)
        for widget, role in (
            (self.include, "include"),
            (self.name, "name"),
            (self.scope_type, "type"),
            (self.description_label, "description"),
        ):
            widget.add_class(f"cf-{role}-{key}")
        self.widget = widgets.HBox(
            [self.include, self.name, self.scope_type, self.description_label]
        )
        self.widget.add_class(f"cf-row-{key}")

    @property
    def record(self) -> ScopeRecord:
        """The scope as the table had it (original name, verbatim description)."""
        return ScopeRecord(scope_name=self.original_name, description=self.description or None)


class ContractReview:
    """The check before save: per-scope decisions, live problems, and a guarded Save.

    Args:
        provider: the resolved provider.
        table_or_records: the scope table (a DataFrame with ``scope_name``, ``description``,
            ``scope_type``, ``include`` columns), or mappings / ``ScopeRecord`` objects.
        auth_method: the contract's auth method.
        template: a loaded template; ``None`` for the default.
        schema: a loaded schema; see :func:`factory.validate.validate_contract`.
        existing_contract: the contract currently saved; ``None`` reads it from
            ``contracts_dir`` when there is one.
        contracts_dir: where Save writes (see :func:`factory.store.resolve_contracts_dir`).
        on_save: called with the :class:`~factory.store.SaveResult` after each save.
        report_text: given the :class:`~factory.store.SaveResult`, the plain-text report
            to show (escaped) under the Save button after each save.
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
    ) -> None:
        self.provider = provider
        self.auth_method = auth_method
        self.template = template
        self.schema = schema
        self.contracts_dir = contracts_dir
        self.on_save = on_save
        self.report_text = report_text
        self.existing_contract = (
            existing_contract
            if existing_contract is not None
            else load_existing_contract(provider, contracts_dir)
        )
        self.last_saved: SaveResult | None = None
        self.last_error: FactoryError | None = None
        self.rows: list[ScopeRow] = []
        used: set[str] = set()
        for record in _rows_of(table_or_records):
            base = css_key(_text(record.get("scope_name")))
            key, n = base, 1
            while key in used:
                n += 1
                key = f"{base}-{n}"
            used.add(key)
            self.rows.append(ScopeRow(record, key))
        self.problems_panel = widgets.HTML()
        self.problems_panel.add_class("cf-problems")
        self.changes_panel = widgets.HTML()
        self.changes_panel.add_class("cf-changes")
        self.save_button = widgets.Button(description="Save", icon="save", button_style="success")
        self.save_button.add_class("cf-save")
        self.status = widgets.Label(value="")
        self.status.add_class("cf-status")
        self.report_panel = widgets.HTML()
        self.report_panel.add_class("cf-report")
        self.save_button.on_click(self._clicked)
        for row in self.rows:
            for widget in (row.include, row.name, row.scope_type):
                widget.observe(self._changed, names="value")
        header = widgets.HTML(
            "<b>Review</b>: untick a scope to leave it out, fix a name or its type, then Save."
        )
        self.widget = widgets.VBox(
            [
                header,
                *(row.widget for row in self.rows),
                self.problems_panel,
                self.changes_panel,
                widgets.HBox([self.save_button, self.status]),
                self.report_panel,
            ]
        )
        self.widget.add_class("cf-review")
        self.refresh()

    def row(self, scope_name: str) -> ScopeRow:
        """The row of a scope, by the name the table gave it.

        Raises:
            KeyError: no such scope.
        """
        for row in self.rows:
            if row.original_name == scope_name:
                return row
        raise KeyError(scope_name)

    @property
    def contract(self) -> dict[str, Any]:
        """The contract as the widgets currently describe it (a new dict each time)."""
        included = [row for row in self.rows if row.include.value]
        contract = build_contract(
            self.provider, [], auth_method=self.auth_method, template=self.template
        )
        # One entry per row, built separately and renamed afterwards, so an emptied or
        # duplicated name stays visible to the validator instead of being merged away.
        entries = []
        for row in included:
            (entry,) = scope_entries(
                [row.record], type_overrides={row.original_name: row.scope_type.value}
            )
            entry["scope_name"] = row.name.value.strip()
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

    def refresh(self) -> None:
        """Recompute problems, change and the Save button's state from the widgets."""
        problems = self.problems
        self.save_button.disabled = bool(problems)
        self.problems_panel.remove_class("cf-valid")
        self.problems_panel.remove_class("cf-invalid")
        if problems:
            self.problems_panel.add_class("cf-invalid")
            items = "".join(f"<li>{html.escape(str(p))}</li>" for p in problems)
            self.problems_panel.value = _panel(
                _INVALID_STYLE,
                f"<b>{len(problems)} problem(s); Save is disabled:</b><ul>{items}</ul>",
            )
        else:
            self.problems_panel.add_class("cf-valid")
            self.problems_panel.value = _panel(
                _VALID_STYLE, "<b>No problems: the contract is valid.</b>"
            )
        self.changes_panel.value = (
            _changes_html(self.changes, self.existing_contract is not None) if not problems else ""
        )

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
        result = save_contract(
            self.contract,
            contracts_dir=self.contracts_dir,
            template=self.template,
            schema=self.schema,
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

    def _changed(self, _change: Mapping[str, Any]) -> None:
        self.status.value = ""
        self.refresh()

    def _clicked(self, _button: widgets.Button) -> None:
        # A click never raises into the frontend: the refusal shows in the status label.
        try:
            self.save()
            self.last_error = None
        except FactoryError as exc:
            self.last_error = exc
            self.status.value = str(exc).splitlines()[0]


# Inline styles: a notebook viewer without the project's CSS still shows green / red.
_VALID_STYLE = "border-left:6px solid #2e7d32;background:#e8f5e9;color:#1b5e20;padding:4px 8px"
_INVALID_STYLE = "border-left:6px solid #c62828;background:#ffebee;color:#b71c1c;padding:4px 8px"


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
        shown = ", ".join(html.escape(n) for n in names) if names else "none"
        parts.append(f"<li>{label}: {shown}</li>")
    return f"<b>Change against the saved contract:</b><ul>{''.join(parts)}</ul>"


def load_existing_contract(
    provider: Provider, contracts_dir: str | Path | None = None
) -> dict[str, Any] | None:
    """The contract saved for a provider, or ``None`` when there is none or it is unreadable.

    An unreadable file is not an error here: saving over it is refused later by the store.
    """
    path = contract_path(provider.display_name, resolve_contracts_dir(contracts_dir))
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


class AnnotationEditor:
    """A version label and a note per source and per scope, edited in widgets.

    Args:
        sources: ``{url: {"version": ..., "note": ...}}``, the starting values per source.
        scopes: the scope names that may be annotated, in table order.
        on_save: called with ``(sources, scopes)`` (each ``{key: {"version", "note"}}``, scopes
            only where something was written) when Save is clicked; its return value is kept
            in :attr:`last_saved`. A ``FactoryError`` it raises shows in the status label.
    """

    def __init__(
        self,
        sources: Mapping[str, Mapping[str, str]],
        scopes: Iterable[str],
        *,
        on_save: Callable[[dict[str, dict[str, str]], dict[str, dict[str, str]]], Any],
    ) -> None:
        self.on_save = on_save
        self.last_saved: Any = None
        self.source_fields = {url: self._fields(values) for url, values in sources.items()}
        self.scope_fields = {name: self._fields({}) for name in dict.fromkeys(scopes)}
        self.save_button = widgets.Button(description="Save annotations", icon="save")
        self.save_button.add_class("cf-annotations-save")
        self.save_button.on_click(lambda _button: self._clicked())
        self.status = widgets.Label(value="")
        self.status.add_class("cf-annotations-status")
        rows: list[widgets.Widget] = [widgets.HTML("<b>Sources</b>")]
        rows += [self._row(url, fields) for url, fields in self.source_fields.items()]
        rows.append(widgets.HTML("<b>Scopes</b> (leave blank for no annotation)"))
        rows += [self._row(name, fields) for name, fields in self.scope_fields.items()]
        rows.append(widgets.HBox([self.save_button, self.status]))
        self.widget = widgets.VBox(rows)
        self.widget.add_class("cf-annotations")

    @staticmethod
    def _fields(values: Mapping[str, str]) -> tuple[widgets.Text, widgets.Text]:
        version = widgets.Text(value=values.get("version", ""), placeholder="version label")
        note = widgets.Text(value=values.get("note", ""), placeholder="note")
        version.add_class("cf-annotation-version")
        note.add_class("cf-annotation-note")
        return version, note

    @staticmethod
    def _row(label: str, fields: tuple[widgets.Text, widgets.Text]) -> widgets.HBox:
        # A Label, never HTML: URLs and scope names are scraped text.
        return widgets.HBox([widgets.Label(value=label), *fields])

    @staticmethod
    def _values(
        fields: Mapping[str, tuple[widgets.Text, widgets.Text]], keep_blank: bool
    ) -> dict[str, dict[str, str]]:
        out = {}
        for key, (version, note) in fields.items():
            entry = {"version": version.value.strip(), "note": note.value.strip()}
            if keep_blank or any(entry.values()):
                out[key] = entry
        return out

    @property
    def sources(self) -> dict[str, dict[str, str]]:
        """The current label and note of every source."""
        return self._values(self.source_fields, keep_blank=True)

    @property
    def scopes(self) -> dict[str, dict[str, str]]:
        """The current label and note of every annotated scope."""
        return self._values(self.scope_fields, keep_blank=False)

    def save(self) -> Any:
        """Hand the annotations to ``on_save`` and report the outcome in the status label."""
        self.last_saved = self.on_save(self.sources, self.scopes)
        self.status.value = f"Saved {len(self.scopes)} scope annotation(s)"
        return self.last_saved

    def _clicked(self) -> None:
        # A click never raises into the frontend: a refusal shows in the status label.
        try:
            self.save()
        except FactoryError as exc:
            self.status.value = str(exc).splitlines()[0]
