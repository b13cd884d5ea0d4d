"""The fleet overview: the fleet report as a table and three figures, for ``notebooks/fleet.ipynb``.

Reads a ``fleet_report.json`` written by ``batch``; the notebook only calls these functions.
:func:`run_fleet_notebook` executes that notebook headless through :mod:`factory.workbench.runner`
and
keeps it (and its HTML export) beside the report. matplotlib is imported inside the figure
function, so ``import factory`` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from factory.errors import EvidenceError
from factory.fleet.batch import ROW_FIELDS
from factory.safeload import loads_json
from factory.workbench.runner import execute_notebook

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

NOTEBOOK: Final = Path("notebooks") / "fleet.ipynb"
TABLE_COLUMNS: Final = (
    "provider", "status", "scopes", "added", "removed", "changed", "sources",
    "auth_method", "flags", "seconds", "cause", "error", "behind", "note",
)  # fmt: skip


def load_fleet_report(path: str | Path) -> dict[str, Any]:
    """A ``fleet_report.json`` as a dict.

    Raises:
        EvidenceError: the file is missing, unreadable, or has no ``rows`` list.
    """
    file = Path(path).expanduser()
    try:
        data = loads_json(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EvidenceError(str(file), f"unreadable fleet report ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise EvidenceError(str(file), "not a fleet report: no rows")
    return data


def fleet_frame(report: dict[str, Any]) -> pd.DataFrame:
    """One row per provider (the report's fields, without the per-scope diffs)."""
    import pandas as pd

    rows = [{k: r.get(k) for k in ROW_FIELDS} for r in report["rows"] if isinstance(r, dict)]
    frame = pd.DataFrame(rows, columns=list(ROW_FIELDS))
    for column in ("scopes", "added", "removed", "changed", "sources", "flags"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def failures_by_cause(frame: pd.DataFrame) -> pd.Series:
    """How many providers failed, per cause (approved contracts count as their own cause)."""
    failed = frame[frame["status"].isin(["failed", "approved"])]
    return failed["cause"].replace("", "unknown").value_counts().sort_index()


def fleet_figures(frame: pd.DataFrame) -> Figure:
    """Scopes per provider, changes per provider (added/removed/changed), failures by cause."""
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, no global state
    from matplotlib.ticker import MaxNLocator

    height = max(4.0, 0.22 * len(frame) + 1.5)
    figure = Figure(figsize=(15, height), layout="constrained")
    scopes_ax, changes_ax, causes_ax = figure.subplots(1, 3)
    names = frame["provider"].astype(str).tolist()
    scopes_ax.barh(names, frame["scopes"].fillna(0).astype(int))
    scopes_ax.set_title("scopes per provider")
    scopes_ax.invert_yaxis()
    left = [0] * len(frame)
    for column in ("added", "removed", "changed"):
        values = frame[column].fillna(0).astype(int).tolist()
        changes_ax.barh(names, values, left=left, label=column)
        left = [a + b for a, b in zip(left, values, strict=True)]
    changes_ax.set_title("changes since the previous run")
    changes_ax.invert_yaxis()
    changes_ax.legend(loc="lower right")
    changes_ax.tick_params(labelleft=False)
    causes = failures_by_cause(frame)
    if len(causes):
        causes_ax.bar(causes.index.astype(str), causes.to_numpy())
        causes_ax.tick_params(axis="x", labelrotation=30)
        causes_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        causes_ax.text(0.5, 0.5, "no failures", ha="center", va="center")
    causes_ax.set_title("failures by cause")
    return figure


def figure_png(figure: Figure, dpi: int = 100) -> bytes:
    """A figure as PNG bytes (what the notebook displays; no pyplot, no GUI backend)."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = BytesIO()
    FigureCanvasAgg(figure)  # attaches itself as the figure's canvas
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def run_fleet_notebook(
    report_path: str | Path, output: str | Path | None = None, *, timeout: int = 300
) -> Path:
    """Execute ``notebooks/fleet.ipynb`` headless on a fleet report.

    Returns:
        The executed notebook (``fleet.ipynb`` beside the report by default); its HTML export
        sits beside it.

    Raises:
        EvidenceError: the report is unreadable (checked before the kernel starts).
        NotebookError: a cell failed (the partial notebook is kept).
    """
    report = Path(report_path).expanduser().resolve()
    load_fleet_report(report)
    out = Path(output).expanduser().resolve() if output else report.with_name("fleet.ipynb")
    source = Path(__file__).resolve().parents[2] / NOTEBOOK  # beside the workbench notebook
    return execute_notebook(source, {"report_path": str(report)}, out, timeout=timeout)
