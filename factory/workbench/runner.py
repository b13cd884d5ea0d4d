"""Headless notebook runs: parameters injected papermill-style, executed with nbclient.

The only module that imports nbclient/nbformat/nbconvert, and only inside functions, so
``import factory`` stays light. :func:`run_notebook`:

1. reads the workbench notebook and inserts a cell tagged ``injected-parameters`` right after
   the cell tagged ``parameters`` (any earlier injected cell is replaced), as papermill does;
2. executes it with nbclient: kernel ``python3``, working directory the project root (or the
   current folder outside a checkout), a per-cell timeout, the kernel shut down as soon as the
   run ends, and ``CONNECTOR_FACTORY_HEADLESS=1`` so the check saves without clicks;
3. writes the executed notebook to ``{evidence}/{PLATFORM}/{PLATFORM}_research.ipynb`` (or
   ``output``) and a sanitised HTML export beside it. A failed run still writes both, then
   raises :class:`~factory.errors.NotebookError` with the failing cell's ``ename: evalue``.

Relative paths in the parameters are resolved against the caller's working directory before
they are injected, so the kernel's working directory does not change their meaning.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from factory.atomic import atomic_write
from factory.contract.decisions import load_decisions
from factory.contract.naming import contract_path
from factory.contract.preflight import check_request
from factory.contract.store import resolve_contracts_dir
from factory.errors import NotebookError
from factory.evidence.standing import NO_DECISIONS
from factory.evidence.store import REPORT, follow_latest
from factory.options import ResearchOptions, with_overrides
from factory.research.fetch import is_url

HEADLESS_ENV: Final = "CONNECTOR_FACTORY_HEADLESS"
KERNEL_NAME: Final = "python3"
PARAMETERS_TAG: Final = "parameters"
INJECTED_TAG: Final = "injected-parameters"
NOTEBOOK_RELATIVE: Final = Path("notebooks") / "connector_factory.ipynb"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class NotebookRun:
    """Where a headless run left its files (``contract_path`` is ``None`` when none saved)."""

    notebook_path: Path
    html_path: Path
    contract_path: Path | None
    report_path: Path | None = None  # report.json of the provider's published run


def default_notebook() -> Path:
    """The workbench notebook shipped in the repository."""
    return _PROJECT_ROOT / NOTEBOOK_RELATIVE


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) holding ``pyproject.toml`` and
    ``notebooks/``; ``start`` itself when there is none."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
            return folder
    return here


def _absolute(value: str | Path | None) -> str | None:
    if value is None or str(value) == "":
        return None
    return str(Path(value).expanduser().resolve())


def _no_decisions(value: str | Path) -> bool:
    return str(value).strip().lower() == NO_DECISIONS


def _notebook_decisions(value: str | None) -> str | None:
    """The decisions parameter: a file made absolute, ``"none"`` kept, ``None`` (the
    provider's latest published decisions) kept."""
    if value is None or not _no_decisions(value):
        return _absolute(value)
    return NO_DECISIONS


def _absolute_source(source: str) -> str:
    # URLs stay as given; anything that exists on disk becomes an absolute path.
    if is_url(source):
        return source
    path = Path(source).expanduser()
    return str(path.resolve()) if path.exists() else source


def notebook_parameters(
    provider: str, options: ResearchOptions | None = None, **fields: Any
) -> dict[str, Any]:
    """The values of the notebook's ``parameters`` cell for a headless run (paths absolute).

    ``options`` (with ``fields`` overriding, see :func:`factory.options.with_overrides`) under
    the CLI's names (:meth:`ResearchOptions.cli_values`), which the notebook hands to the
    same :func:`factory.options.research_options` as the CLI.
    """
    cli = with_overrides(options, fields).cli_values()
    return {
        "provider": provider,
        "sources": [_absolute_source(s) for s in cli["source"]],
        "replay_dir": _absolute(cli["replay"]),
        "offline": bool(cli["offline"]),
        "contracts_dir": _absolute(cli["contracts_dir"]),
        "evidence_dir": _absolute(cli["evidence_dir"]),
        "template": _absolute(cli["template"]),
        "schema": _absolute(cli["schema"]),
        "search_backends": cli["search"],  # None: the session's default backends
        "interactive": False,
        "decisions": _notebook_decisions(cli["decisions"]),
        **{name: cli[name] for name in RESEARCH_SETTINGS},
    }


#: Parameters of the notebook passed through as they are (render, links, deadlines).
RESEARCH_SETTINGS: Final = (
    "render", "render_timeout", "link_depth", "max_linked_pages", "document_deadline",
    "build_deadline",
)  # fmt: skip


def parameters_source(parameters: Mapping[str, Any]) -> str:
    """Python source assigning each parameter (``repr`` of plain values, one per line)."""
    lines = ["# Parameters injected by connector-factory notebook"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    return "\n".join(lines) + "\n"


def inject_parameters(nb: Any, parameters: Mapping[str, Any]) -> Any:
    """Insert the ``injected-parameters`` cell right after the ``parameters`` cell.

    An earlier injected cell is removed first; without a ``parameters`` cell the new cell goes
    first (papermill's behaviour).

    Returns:
        The same notebook object, changed in place.
    """
    import nbformat

    cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    cell = nbformat.v4.new_code_cell(parameters_source(parameters))
    cell.metadata["tags"] = [INJECTED_TAG]
    position = next(
        (i + 1 for i, c in enumerate(cells) if PARAMETERS_TAG in c.metadata.get("tags", [])), 0
    )
    cells.insert(position, cell)
    nb.cells = cells
    return nb


#: Output types the export drops: active content, and widget views with no state to show.
_DROPPED_OUTPUTS: Final = (
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
    "image/svg+xml",
    "text/latex",
)


def clean_outputs(nb: Any) -> Any:
    """A copy of ``nb`` whose outputs are inert: every HTML or Markdown output through the
    allow-list (:func:`factory.sanitize.safe_html`), active types dropped.

    Markdown *cells* are the project's own text and are left as written; outputs may carry
    scraped text and are never trusted.
    """
    import copy

    from factory.sanitize import safe_html

    clean = copy.deepcopy(nb)
    for cell in clean.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if not data:
                continue
            for mime in _DROPPED_OUTPUTS:
                data.pop(mime, None)
            for mime in ("text/html", "text/markdown"):
                if mime in data:
                    value = data[mime]
                    data[mime] = safe_html("".join(value) if isinstance(value, list) else value)
    return clean


def export_html(nb: Any, path: Path) -> Path:
    """Write a readable, inert HTML export of an executed notebook.

    Outputs are cleaned one by one (:func:`clean_outputs`); Markdown cells render as written
    (headings, tables with header cells, links); the finished page goes through the same
    allow-list once more, keeping the template's frame and style sheets but no script, so
    the page loads nothing from the network.
    """
    from nbconvert import HTMLExporter

    from factory.sanitize import safe_html

    exporter = HTMLExporter(sanitize_html=False, embed_images=False, exclude_input_prompt=True)
    body, _resources = exporter.from_notebook_node(clean_outputs(nb))
    _write_text(path, "<!DOCTYPE html>\n" + safe_html(body, page=True))
    return path


def _write_text(path: Path, text: str) -> None:
    # Whole-file replace so a reader never sees half a notebook.
    atomic_write(path, text.encode("utf-8"))


def _failure(nb: Any) -> str:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"{output.get('ename')}: {output.get('evalue')}"
    return "the run stopped before finishing"


def run_notebook(
    provider: str,
    options: ResearchOptions | None = None,
    *,
    output: str | Path | None = None,
    timeout: int = 300,
    notebook: str | Path | None = None,
    **fields: Any,
) -> NotebookRun:
    """Execute the workbench notebook headless for one provider.

    Args:
        provider: the provider name.
        options: every research option, as for ``build`` (``evidence_dir`` is the evidence
            root); ``fields`` override them by name (``sources=``, ``offline=`` ...).
        output: the executed notebook's path; default
            ``{evidence root}/{PLATFORM}/{PLATFORM}_research.ipynb``.
        timeout: seconds allowed per cell.
        notebook: the notebook to run; default the shipped workbench.

    Returns:
        The executed notebook, its HTML export and the saved contract's path.

    Raises:
        NotebookError: the notebook is unreadable or a cell failed (partial notebook kept).
        NamingError: the provider name is unusable.
        ResearchError, TemplateError: options, template or schema refused before the kernel
            starts (see ``factory.contract.preflight``); nothing is written.
    """
    options = with_overrides(options, fields)
    # Fail in a moment on what needs no kernel: name, options, template, schema, decisions.
    names = check_request(
        provider, sources=options.sources, replay_dir=options.replay_dir,
        offline=options.offline, template=options.template, schema=options.schema,
    ).names  # fmt: skip
    if options.decisions is not None and not _no_decisions(options.decisions):
        load_decisions(options.decisions)  # a bad file fails now, not in the kernel
    if notebook is None and options.replay_dir is None and not options.offline:
        _require_network(names.display_name, options)  # the workbench researches live
    params = notebook_parameters(provider, options)
    # Defaults are settled here, against the caller's cwd and environment, not the kernel's.
    contracts = resolve_contracts_dir(options.contracts_dir)
    evidence_root = Path(params["evidence_dir"] or Path.cwd() / "outputs" / "evidence")
    params["contracts_dir"] = str(contracts)
    params["evidence_dir"] = str(evidence_root)
    out = (
        Path(output).expanduser().resolve()
        if output is not None
        else evidence_root / names.platform / f"{names.platform}_research.ipynb"
    )
    execute_notebook(
        Path(notebook) if notebook is not None else default_notebook(), params, out, timeout=timeout
    )
    saved = contract_path(names.display_name, contracts)
    report = follow_latest(evidence_root / names.platform) / REPORT  # the published run's
    return NotebookRun(
        out,
        out.with_suffix(".html"),
        saved if saved.is_file() else None,
        report if report.is_file() else None,
    )


def _require_network(name: str, options: ResearchOptions) -> None:
    """With no network at all, stop before a kernel starts and name the next steps
    (``--offline --source``, ``--replay``), as ``build`` does."""
    from factory.research.session import ResearchSession

    session = ResearchSession(name, options)
    session.check_network()


def execute_notebook(
    source: Path, parameters: Mapping[str, Any], output: Path, *, timeout: int = 300
) -> Path:
    """Execute any notebook headless with injected ``parameters``; write it and its HTML.

    The executed notebook goes to ``output`` and the sanitised HTML export beside it (both
    written even when a cell fails). Used by :func:`run_notebook` and the fleet overview.

    Raises:
        NotebookError: the notebook is unreadable or a cell failed (partial notebook kept).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = nbformat.read(source, as_version=4)
    except (OSError, ValueError) as exc:
        raise NotebookError(str(source), f"cannot read the notebook ({exc})") from exc
    inject_parameters(nb, parameters)
    env = {**os.environ, HEADLESS_ENV: "1"}
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        shutdown_kernel="immediate",
        # Headless runs display no widget; their state would only bloat the evidence.
        store_widget_state=False,
        # The kernel listens on loopback only; its "TCP without encryption" banner would be
        # the only line a successful run prints to stderr. Errors still show.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(project_root())}},
    )
    failure: str | None = None
    try:
        client.execute(env=env)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        failure = _failure(nb) if not isinstance(exc, CellTimeoutError) else str(exc)
    except (RuntimeError, OSError) as exc:
        failure = f"the kernel could not run ({exc})"
    _write_text(output, nbformat.writes(nb))
    export_html(nb, output.with_suffix(".html"))
    if failure is not None:
        raise NotebookError(str(output), failure)
    return output
