"""The annotation editor of the workbench (section 5): a version label and a note per source
and per scope, in widgets. Part of the check's widget layer (:mod:`factory.workbench.review`); the
writing is done by the caller's ``on_save``
(:func:`factory.research.annotate.save_source_annotations`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import ipywidgets as widgets

from factory.errors import FactoryError


class AnnotationEditor:
    """A version label and a note per source and per scope, edited in widgets.

    Sources come first, one row each. Scopes (there may be hundreds) sit behind a picker: type
    or choose a scope name, then edit its two fields; the scopes annotated so far are listed.

    Args:
        sources: ``{url: {"version": ..., "note": ...}}``, the starting values per source.
        scopes: the scope names that may be annotated, in table order.
        on_save: called with ``(sources, scopes)`` (each ``{key: {"version", "note"}}``, scopes
            only where something was written) when Save is clicked; its return value is kept
            in :attr:`last_saved`. A ``FactoryError`` it raises shows in the status label.
        where: what the status says was written to (e.g. ``"sources.json and the checklist"``).
    """

    def __init__(
        self,
        sources: Mapping[str, Mapping[str, str]],
        scopes: Iterable[str],
        *,
        on_save: Callable[[dict[str, dict[str, str]], dict[str, dict[str, str]]], Any],
        where: str = "the evidence folder",
    ) -> None:
        self.on_save = on_save
        self.where = where
        self.last_saved: Any = None
        self.source_fields = {url: self._fields(values) for url, values in sources.items()}
        self.scope_values: dict[str, dict[str, str]] = {
            name: {"version": "", "note": ""} for name in dict.fromkeys(scopes)
        }
        self.scope_picker = widgets.Combobox(
            options=list(self.scope_values),
            placeholder=f"type or pick one of {len(self.scope_values)} scopes",
            ensure_option=True,
            layout=widgets.Layout(width="360px"),
        )
        self.scope_picker.add_class("cf-annotation-scope")
        self.scope_version, self.scope_note = self._fields({})
        self.scope_picker.observe(self._picked, names="value")
        for field in (self.scope_version, self.scope_note):
            field.observe(self._scope_edited, names="value")
        self.annotated = widgets.HTML()
        self.save_button = widgets.Button(
            description="Save annotations", icon="save", layout=widgets.Layout(width="auto")
        )
        self.save_button.add_class("cf-annotations-save")
        self.save_button.on_click(lambda _button: self._clicked())
        self.status = widgets.Label(value="")
        self.status.add_class("cf-annotations-status")
        rows: list[widgets.Widget] = [widgets.HTML("<b>Sources</b>")]
        rows += [self._row(url, fields) for url, fields in self.source_fields.items()]
        rows.append(widgets.HTML("<b>Scopes</b>: pick a scope, then label it"))
        rows.append(widgets.HBox([self.scope_picker, self.scope_version, self.scope_note]))
        rows += [self.annotated, widgets.HBox([self.save_button, self.status])]
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
        # A Label, never HTML: URLs are scraped text.
        return widgets.HBox([widgets.Label(value=label), *fields])

    def _picked(self, _change: Mapping[str, Any]) -> None:
        entry = self.scope_values.get(self.scope_picker.value)
        self._loading = True
        try:
            self.scope_version.value = entry["version"] if entry else ""
            self.scope_note.value = entry["note"] if entry else ""
        finally:
            self._loading = False

    def _scope_edited(self, _change: Mapping[str, Any]) -> None:
        if getattr(self, "_loading", False):
            return
        self.annotate(self.scope_picker.value, self.scope_version.value, self.scope_note.value)

    def annotate(self, scope: str, version: str, note: str) -> None:
        """Set one scope's label and note (as picking it and typing would).

        Raises:
            KeyError: no such scope.
        """
        if scope not in self.scope_values:
            raise KeyError(scope)
        self.scope_values[scope] = {"version": version, "note": note}
        if self.scope_picker.value == scope:
            self._loading = True
            self.scope_version.value, self.scope_note.value = version, note
            self._loading = False
        listed = "".join(
            f"<li>{html.escape(name)}: {html.escape(', '.join(v for v in e.values() if v))}</li>"
            for name, e in self.scopes.items()
        )
        self.annotated.value = f"<ul>{listed}</ul>" if listed else ""

    @property
    def sources(self) -> dict[str, dict[str, str]]:
        """The current label and note of every source."""
        return {
            url: {"version": version.value.strip(), "note": note.value.strip()}
            for url, (version, note) in self.source_fields.items()
        }

    @property
    def scopes(self) -> dict[str, dict[str, str]]:
        """The current label and note of every annotated scope."""
        out = {}
        for name, entry in self.scope_values.items():
            clean = {k: v.strip() for k, v in entry.items()}
            if any(clean.values()):
                out[name] = clean
        return out

    def save(self) -> Any:
        """Hand the annotations to ``on_save`` and say in the status what went where."""
        self.last_saved = self.on_save(self.sources, self.scopes)
        labelled = sum(1 for e in self.sources.values() if any(e.values()))
        self.status.value = (
            f"Saved {labelled} source label(s) and {len(self.scopes)} scope annotation(s) "
            f"to {self.where}"
        )
        return self.last_saved

    def _clicked(self) -> None:
        # A click never raises into the frontend: a refusal shows in the status label.
        try:
            self.save()
        except FactoryError as exc:
            self.status.value = str(exc).splitlines()[0]
