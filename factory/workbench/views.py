"""Plain notebook views: text and escaped tables, no widgets.

What the workbench notebook shows besides the widget check (which lives in
:mod:`factory.workbench.review`): the provider card, the search candidates, the fetch summary, every
validation problem as text, and :func:`escaped_styler` so scraped text in a pandas table is
rendered as text, never as markup. :func:`is_interactive` tells a JupyterLab session from a
headless run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from factory.contract.naming import provider_names
from factory.errors import Problem
from factory.models import Document, Provider, SearchResult
from factory.workbench.runner import HEADLESS_ENV

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from factory.research.fetch import FetchOutcome
    from factory.research.session import ResearchSession


def is_interactive(
    interactive: bool | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """Whether the check waits for a click (JupyterLab) or decides on its own (headless).

    Args:
        interactive: an explicit choice; ``None`` detects it.
        environ: the environment to read (``os.environ`` when ``None``).

    Returns:
        ``interactive`` when given, else ``False`` exactly when ``CONNECTOR_FACTORY_HEADLESS``
        is set to a true value (``1``, ``true``, ``yes``).
    """
    if interactive is not None:
        return interactive
    if environ is None:
        import os

        environ = os.environ
    return environ.get(HEADLESS_ENV, "").strip().lower() not in {"1", "true", "yes"}


_WEB_URL = re.compile(r"https?://[^\s<>\"']+")


def linked_text(value: object) -> str:
    """``value`` HTML-escaped, with each http(s) URL in it made a link (nothing else live)."""
    text, out, last = str(value), [], 0
    for match in _WEB_URL.finditer(text):
        url = html.escape(match.group(0).rstrip(".,;)"), quote=True)
        out.append(html.escape(text[last : match.start()]))
        out.append(f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>')
        last = match.start() + len(match.group(0).rstrip(".,;)"))
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def escaped_styler(frame: pd.DataFrame) -> Styler:
    """A pandas Styler that HTML-escapes every cell and both index axes.

    Scraped text (descriptions, titles, URLs) is rendered as text, never as markup; an http(s)
    URL in a cell becomes a link (the provider card's sources, the candidates' URLs).
    """
    styler = frame.style.format(linked_text, na_rep="(missing)")  # never "nan"
    styler = styler.format_index(escape="html", axis=0)
    return styler.format_index(escape="html", axis=1)


def provider_card(provider: Provider) -> dict[str, str]:
    """The provider card as label -> plain text (slug, platform, vault key, domains, sources)."""
    names = provider_names(provider.display_name)
    sources = [
        f"{s.label or s.format}{f' ({s.version})' if s.version else ''}: {s.url}"
        for s in provider.sources
    ]
    return {
        "display name": provider.display_name,
        "slug": provider.slug,
        "platform key": provider.platform,
        "vault key name": names.vault_key_name,
        "official domains": ", ".join(provider.official_domains) or "(none known)",
        "known sources": "\n".join(sources) or "(none known: research falls back to search)",
        "auth methods": ", ".join(provider.auth_methods) or "(unknown)",
        "in catalog": "yes" if provider.in_catalog else "no",
        "notes": provider.notes or "",
    }


def candidates_frame(results: Iterable[SearchResult]) -> pd.DataFrame:
    """Search candidates as a table: official verdict and its reason first."""
    import pandas as pd

    columns = ["official", "url", "title", "backend", "reason"]
    rows = [[r.is_official, r.url, r.title, r.backend, r.reason] for r in results]
    return pd.DataFrame(rows, columns=columns)


def fetch_summary(documents: Iterable[Document], errors: Iterable[object] = ()) -> list[str]:
    """One plain-text line per document (status, size, sha256, URL) and per failure."""
    lines = [
        f"{d.status} {len(d.body):>9,} B sha256:{d.sha256} {d.url}"
        + (f" -> {d.final_url}" if d.final_url != d.url else "")
        for d in documents
    ]
    lines.extend(f"failed: {error}" for error in errors)
    return lines


def review_problems_text(problems: Iterable[Problem]) -> str:
    """Every problem as plain text, one per line (for headless output and reports)."""
    lines = [f"- {p}" for p in problems]
    return "\n".join(lines) if lines else "no problems"


def fetch_with_progress(session: ResearchSession, interactive: bool) -> FetchOutcome:
    """Run the session's fetch step under a tqdm bar (a widget in JupyterLab, plain text in
    a headless run, which reads well in shared copies)."""
    if interactive:
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    with tqdm(desc="fetch", unit="page") as bar:

        def on_progress(done: int, total: int, url: str) -> None:
            bar.total = total
            bar.update(done - bar.n)

        fetched = session.fetch(on_progress=on_progress)
        bar.total = max(bar.total or 0, len(fetched.documents) + len(fetched.errors))
        bar.update(bar.total - bar.n)  # local files are read without a network callback
    return fetched
