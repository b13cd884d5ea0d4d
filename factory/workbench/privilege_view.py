"""The notebook's "What will the connector call?" section.

A person searches the operations the documents state, picks the ones the connector will call,
and sees the least-privilege scope set (:func:`factory.research.least_privilege.least_privilege`)
with every alternative of each operation and each scope's description. One action then
includes exactly that set in the check (every other scope excluded), or marks it (a note on
each chosen scope, the rest left to a person). The chosen operations are part of the
decisions (``Decisions.operations``), so a headless run replays the same choice.

The logic is plain Python (:class:`PrivilegeSection`); :meth:`PrivilegeSection.widget` wraps
it in ipywidgets for JupyterLab. Page text is escaped wherever it is shown.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from factory.contract.decisions import Decisions
from factory.evidence.operations import OperationsEvidence
from factory.models import Operation
from factory.research.least_privilege import LeastPrivilege, least_privilege

if TYPE_CHECKING:
    import ipywidgets as widgets
    import pandas as pd

    from factory.workbench.review import ContractReview
    from factory.workbench.run import WorkbenchRun

__all__ = ["PrivilegeSection", "connector_calls_view", "mark_note"]


def _query(op: Operation) -> str:
    """How an operation is named in the decisions: its id, else ``METHOD /path``."""
    return op.operation_id or op.label


def mark_note(operations: Sequence[str]) -> str:
    """The note a marked scope carries."""
    return "least privilege for: " + ", ".join(operations)


@dataclass(eq=False)
class PrivilegeSection:
    """Pick operations, answer least privilege, and carry the answer into the check."""

    evidence: OperationsEvidence
    chosen: list[str] = field(default_factory=list)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return self.evidence.operations

    def search(self, text: str, limit: int = 50) -> list[Operation]:
        """Operations whose id, method, path or scopes contain every word of ``text``."""
        words = text.lower().split()
        found = []
        for op in self.operations:
            hay = " ".join([op.operation_id, op.label, *(s for a in op.alternatives for s in a)])
            if all(w in hay.lower() for w in words):
                found.append(op)
                if len(found) >= limit:
                    break
        return found

    def choose(self, queries: Iterable[str]) -> LeastPrivilege:
        """Set the chosen operations and answer for them.

        Raises:
            PrivilegeError: an operation is not found or no declared scope grants it.
        """
        answer = least_privilege(self.operations, list(queries), self.evidence.descriptions)
        self.chosen = [_query(c.operation) for c in answer.choices]
        return answer

    def answer(self) -> LeastPrivilege:
        """The answer for the operations chosen so far."""
        return least_privilege(self.operations, self.chosen, self.evidence.descriptions)

    def scopes_frame(self, answer: LeastPrivilege) -> pd.DataFrame:
        """One row per chosen scope: name, reach, read-only, description."""
        import pandas as pd

        rows = answer.to_dict()["scope_details"]
        return pd.DataFrame(rows, columns=["scope", "reach", "read_only", "description"])

    def alternatives_frame(self, answer: LeastPrivilege) -> pd.DataFrame:
        """One row per alternative of every chosen operation: used or not, and why."""
        import pandas as pd

        described = self.evidence.descriptions
        rows: list[dict[str, Any]] = []
        for choice in answer.choices:
            op = choice.operation
            whys = dict(choice.others)
            for alt in op.alternatives:
                used = tuple(alt) == choice.used
                rows.append(
                    {
                        "operation": _query(op),
                        "alternative": " + ".join(alt) or "(no scope)",
                        "used": used,
                        "why": choice.why if used else whys.get(tuple(alt), ""),
                        "descriptions": " | ".join(described.get(s) or "" for s in alt),
                    }
                )
        return pd.DataFrame(
            rows, columns=["operation", "alternative", "used", "why", "descriptions"]
        )

    def decisions(
        self, base: Decisions, names: Sequence[str], answer: LeastPrivilege, *, mode: str
    ) -> Decisions:
        """``base`` with the answer carried in: ``include`` excludes every scope of ``names``
        outside the set; ``mark`` notes the set's scopes and leaves inclusion as it was.
        Either way the chosen operations are recorded."""
        chosen = tuple(_query(c.operation) for c in answer.choices)
        if mode == "include":
            keep = set(answer.scopes)
            return replace(
                base, excluded=tuple(n for n in names if n not in keep), operations=chosen
            )
        if mode != "mark":
            raise ValueError(f"mode must be 'include' or 'mark', not {mode!r}")
        scopes = {k: dict(v) for k, v in base.annotations.get("scopes", {}).items()}
        for name in answer.scopes:
            scopes.setdefault(name, {})["note"] = mark_note(chosen)
        annotations = {**base.annotations, "scopes": scopes}
        return replace(base, annotations=annotations, operations=chosen)

    def apply_to_check(
        self, review: ContractReview, answer: LeastPrivilege, run: WorkbenchRun | None = None
    ) -> int:
        """Include exactly the answer's scopes in the check (one action); returns how many
        rows changed. ``run`` (the notebook's evidence run) records the chosen operations in
        the decisions its next Save writes."""
        if run is not None:
            run.chosen_operations = tuple(_query(c.operation) for c in answer.choices)
        keep = set(answer.scopes)
        changed = 0
        for row in review.rows:
            wanted = row.original_name in keep
            if row.include != wanted:
                row.include = wanted
                changed += 1
        review.refresh()
        return changed

    def answer_html(self, answer: LeastPrivilege) -> str:
        """The answer as escaped HTML: the scopes with descriptions, then every alternative."""
        parts = [
            f"<p><b>{len(answer.scopes)} scope(s)</b> for {len(answer.choices)} operation(s)</p>",
            self.scopes_frame(answer).to_html(index=False, escape=True),
            self.alternatives_frame(answer).to_html(index=False, escape=True),
        ]
        return "\n".join(parts)

    def widget(
        self, review: ContractReview | None = None, run: WorkbenchRun | None = None
    ) -> widgets.VBox:
        """Search box, operation picker, the answer, and the Include/Mark buttons."""
        import ipywidgets as widgets

        from factory.errors import FactoryError

        search = widgets.Text(placeholder="search operations (id, path, scope)")
        picker = widgets.SelectMultiple(rows=10, layout=widgets.Layout(width="100%"))
        out = widgets.HTML()
        include = widgets.Button(description="Include exactly this set", disabled=review is None)
        state: dict[str, LeastPrivilege | None] = {"answer": None}

        def refresh_options(_change: Any = None) -> None:
            found = self.search(search.value)
            picker.options = [(f"{_query(op)}  ({op.label})", _query(op)) for op in found]

        def picked(_change: Any = None) -> None:
            queries = list(dict.fromkeys([*self.chosen, *picker.value]))
            try:
                answer = self.choose(queries)
                state["answer"] = answer
                out.value = self.answer_html(answer)
            except FactoryError as exc:
                out.value = f"<p>{html.escape(str(exc))}</p>"

        def included(_button: widgets.Button) -> None:
            if review is not None and state["answer"] is not None:
                self.apply_to_check(review, state["answer"], run)

        search.observe(refresh_options, names="value")
        picker.observe(picked, names="value")
        include.on_click(included)
        refresh_options()
        return widgets.VBox([search, picker, include, out])


def connector_calls_view(
    run: WorkbenchRun,
    review: ContractReview,
    operations: Sequence[str] = (),
    *,
    decided: Decisions | None = None,
    interactive: bool,
) -> Any:
    """The notebook's "What will the connector call?" section, ready to display.

    In JupyterLab: the search, picker and answer widget, whose one action includes exactly
    the answer's scopes in ``review``. Headless: the answer for ``operations`` (a
    parameter), or else for the operations ``decided`` (the standing decisions) chose; named
    operations are applied to the check, and either way recorded for the next Save, so a
    replay of the decisions gives the same contract and the same ``decisions.json``.
    """
    from IPython.display import HTML

    stated = run.stated_operations()
    if stated is None:
        return HTML("<p>The sources state no operations: no least-privilege answer.</p>")
    section = PrivilegeSection(stated)
    if interactive:
        return section.widget(review, run)
    queries = tuple(operations) or (decided.operations if decided is not None else ())
    if not queries:
        return HTML(
            f"<p>{len(stated.operations)} operation(s) stated; none chosen (set the "
            "<code>operations</code> parameter, or pick them in JupyterLab).</p>"
        )
    answer = section.choose(queries)
    if operations:
        section.apply_to_check(review, answer, run)
    else:
        run.chosen_operations = tuple(queries)
    return HTML(section.answer_html(answer))
