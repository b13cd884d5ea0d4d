"""Checks of a research request that need no network, run before any stage starts.

``build`` and the headless notebook runner both call :func:`check_request`, so a bad name,
an impossible combination of options or an unusable template fails in a moment, before a
kernel starts, a URL is fetched or an evidence file is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factory.contract.naming import Names, provider_names
from factory.contract.templates import load_schema, load_template
from factory.errors import ResearchError


@dataclass(frozen=True, slots=True)
class CheckedRequest:
    """A request that passed the checks: its names, template and schema, loaded once."""

    names: Names
    template: dict[str, Any]
    schema: dict[str, Any]


def check_request(
    name: str,
    *,
    sources: Sequence[str] = (),
    replay_dir: str | Path | None = None,
    offline: bool = False,
    template: str | Path | None = None,
    schema: str | Path | None = None,
) -> CheckedRequest:
    """Check a research request before anything runs.

    Raises:
        NamingError: the provider name is unusable.
        ResearchError: ``replay_dir`` with ``sources``, or ``offline`` with neither.
        TemplateError: the template or schema cannot be read or lacks a fill path.
    """
    names = provider_names(name)
    if replay_dir is not None and sources:
        raise ResearchError("--replay re-runs recorded evidence: it cannot take --source too")
    if offline and replay_dir is None and not sources:
        raise ResearchError(
            f"offline research of {names.display_name} needs --source files or --replay DIR"
        )
    return CheckedRequest(names, load_template(template), load_schema(schema))
