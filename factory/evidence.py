"""The evidence store: every fetched body, its manifest, the checklist, the report, the sources.

One folder per provider, ``outputs/evidence/{PLATFORM}/`` by default::

    manifest.json                      one entry per body (sorted, stable)
    <sha256>.<ext>                     the bodies, byte for byte
    {PLATFORM}_SCOPE_CHECKLIST.md      a checklist for people (never a database import)
    report.json                        the build report
    sources.json                       sources, official verdicts, annotations

``load_replay`` reads a folder back as ``Document`` objects (sha256 verified, no network), so a
run can be replayed offline. Every write is atomic (temp file + rename), and the values of
secret-looking environment variables (``*KEY``, ``*TOKEN``, ``*SECRET``, ``*PASSWORD``) are
redacted from every text written here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from factory.atomic import atomic_write as _atomic_write
from factory.errors import EvidenceError
from factory.models import Document, SearchResult

MANIFEST = "manifest.json"
REPORT = "report.json"
SOURCES = "sources.json"
SECRET_SUFFIXES = ("KEY", "TOKEN", "SECRET", "PASSWORD")
MIN_SECRET_LENGTH = 4  # shorter values would redact ordinary words

_EXTENSIONS = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "text/plain": ".txt",
    "application/json": ".json",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "application/xml": ".xml",
    "text/xml": ".xml",
}


def default_evidence_dir(platform: str, root: str | Path | None = None) -> Path:
    """``{root}/{PLATFORM}``; ``root`` defaults to ``outputs/evidence`` under the cwd."""
    base = Path(root) if root is not None else Path("outputs") / "evidence"
    return (base.expanduser() / platform).resolve()


def redact(text: str, env: Mapping[str, str] | None = None) -> str:
    """Replace the value of every secret-looking environment variable found in ``text``.

    Args:
        text: what is about to be written.
        env: the environment to look in (``os.environ`` when ``None``).

    Returns:
        The text with each secret value replaced by ``[REDACTED:NAME]``.
    """
    source = os.environ if env is None else env
    secrets = sorted(
        (
            (name, value)
            for name, value in source.items()
            if name.upper().endswith(SECRET_SUFFIXES) and len(value) >= MIN_SECRET_LENGTH
        ),
        key=lambda item: -len(item[1]),  # longest first, so a prefix never splits a value
    )
    for name, value in secrets:
        text = text.replace(value, f"[REDACTED:{name}]")
    return text


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :mod:`factory.atomic`).

    Raises:
        EvidenceError: the folder cannot be created or written.
    """
    try:
        _atomic_write(path, data)
    except OSError as exc:
        raise EvidenceError(str(path), f"cannot write ({exc})") from exc


def _dump(data: Any, env: Mapping[str, str] | None) -> bytes:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return redact(text, env).encode("utf-8")


def body_filename(document: Document) -> str:
    """``<sha256><ext>``, the extension from the media type (``.bin`` when unknown)."""
    return document.sha256 + _EXTENSIONS.get(document.media_type, ".bin")


def save_documents(
    directory: Path, documents: Sequence[Document], *, env: Mapping[str, str] | None = None
) -> Path:
    """Store every body and write ``manifest.json`` (sorted by URL, then sha256).

    A body that contains a secret value is stored redacted, and its manifest entry carries
    the sha256 of the stored bytes, so replay verification still holds.

    Returns:
        The manifest's path.
    """
    entries = []
    for order, document in enumerate(documents):
        body = document.body
        sha = document.sha256
        try:
            text = body.decode(document.encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is not None and redact(text, env) != text:
            body = redact(text, env).encode(document.encoding or "utf-8")
            sha = hashlib.sha256(body).hexdigest()
        stored = replace(document, body=body, sha256=sha)
        name = body_filename(stored)
        atomic_write(directory / name, body)
        entries.append(
            {
                "url": stored.url,
                "final_url": stored.final_url,
                "status": stored.status,
                "media_type": stored.media_type,
                "encoding": stored.encoding,
                "fetched_at": stored.fetched_at,
                "sha256": sha,
                "size": len(body),
                "file": name,
                "order": order,  # the fetch order, which ranks sources on replay
            }
        )
        if stored.rendered_from:  # a rendered DOM names the raw HTML it came from
            entries[-1]["rendered_from"] = stored.rendered_from
    entries.sort(key=lambda e: (e["url"], e["sha256"]))
    path = directory / MANIFEST
    atomic_write(path, _dump({"documents": entries}, env))
    return path


def load_replay(directory: str | Path) -> tuple[Document, ...]:
    """Read an evidence folder back as documents; no network.

    Args:
        directory: a folder holding ``manifest.json`` and the bodies it names.

    Returns:
        The documents in their original fetch order (the manifest's ``order``).

    Raises:
        EvidenceError: the manifest is missing or malformed, a body is missing, or a body's
            sha256 or size differs from the manifest (the evidence was changed).
    """
    folder = Path(directory).expanduser()
    manifest = folder / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        entries = data["documents"]
        if not isinstance(entries, list):
            raise TypeError("'documents' is not a list")
    except FileNotFoundError as exc:
        raise EvidenceError(str(manifest), "no manifest.json: not an evidence folder") from exc
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvidenceError(str(manifest), f"unreadable manifest ({exc})") from exc
    documents: list[tuple[int, Document]] = []
    for index, entry in enumerate(entries):
        try:
            name = Path(entry["file"]).name  # never leave the folder
            body = (folder / name).read_bytes()
            rank = int(entry.get("order", index))
            documents.append(
                (
                    rank,
                    Document(
                        url=entry["url"],
                        final_url=entry["final_url"],
                        status=int(entry["status"]),
                        media_type=entry["media_type"],
                        sha256=entry["sha256"],
                        body=body,
                        fetched_at=entry["fetched_at"],
                        encoding=entry.get("encoding"),
                        rendered_from=entry.get("rendered_from"),
                    ),
                )
            )
        except FileNotFoundError as exc:
            raise EvidenceError(
                str(folder / name), "body named in the manifest is missing"
            ) from exc
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise EvidenceError(str(manifest), f"entry {index} is malformed ({exc})") from exc
        if hashlib.sha256(body).hexdigest() != entry["sha256"] or len(body) != entry.get(
            "size", len(body)
        ):
            raise EvidenceError(str(folder / name), "sha256 mismatch: the body was changed")
    return tuple(doc for _rank, doc in sorted(documents, key=lambda item: item[0]))


def checklist_text(display_name: str, platform: str, rows: Iterable[Mapping[str, Any]]) -> str:
    """The Markdown scope checklist: one checkbox per scope with description, version, source.

    Args:
        display_name: the provider's name.
        platform: the platform key.
        rows: scope rows (``scope_name``, ``description``, ``versions``, ``sources``,
            optionally ``include`` and ``note``), e.g. ``table.to_dict("records")``.
    """
    lines = [
        f"# {display_name} ({platform}) scope checklist",
        "",
        "> Reference only: a checklist for people reviewing the scopes.",
        "> It is not a database import and must never be loaded as one.",
        "",
    ]
    count = 0
    for row in rows:
        count += 1
        description = row.get("description") or "(no description found)"
        lines.append(f"- [ ] `{row['scope_name']}`: {description}")
        details = [f"version: {row.get('versions') or 'unlabelled'}"]
        details.append(f"source: {row.get('sources') or 'unknown'}")
        if row.get("include") is False:
            details.append("excluded from the draft")
        if row.get("note"):
            details.append(f"note: {row['note']}")
        lines.append(f"  - {'; '.join(details)}")
    if count == 0:
        lines.append("No scopes were found (see report.json for the auth method and its source).")
    return "\n".join(lines) + "\n"


def write_checklist(
    directory: Path,
    display_name: str,
    platform: str,
    rows: Iterable[Mapping[str, Any]],
    *,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Write ``{PLATFORM}_SCOPE_CHECKLIST.md`` (see :func:`checklist_text`); returns its path."""
    path = directory / f"{platform}_SCOPE_CHECKLIST.md"
    atomic_write(path, redact(checklist_text(display_name, platform, rows), env).encode())
    return path


def write_report(
    directory: Path, report: Mapping[str, Any], *, env: Mapping[str, str] | None = None
) -> Path:
    """Write ``report.json`` (the build report as a dict); returns its path."""
    path = directory / REPORT
    atomic_write(path, _dump(dict(report), env))
    return path


def write_sources(
    directory: Path,
    sources: Sequence[SearchResult],
    *,
    annotations: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
) -> Path:
    """Write ``sources.json``: each source with its official verdict, plus annotations.

    Args:
        directory: the evidence folder.
        sources: search results (official and leads), in search order.
        annotations: ``{"sources": {url: {"version": ..., "note": ...}}, "scopes":
            {scope_name: {"version": ..., "note": ...}}}``; either part may be missing.
            ``None`` keeps the annotations already in the folder's ``sources.json``.
        env: the environment for redaction.
    """
    path = directory / SOURCES
    if annotations is None:
        # A re-run keeps the annotations people already made in this folder.
        annotations = (_read_sources(path) or {}).get("annotations")
    notes = dict(annotations or {})
    data = {
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "backend": s.backend,
                "official": s.is_official,
                "reason": s.reason,
            }
            for s in sources
        ],
        "annotations": {
            "sources": dict(notes.get("sources", {})),
            "scopes": dict(notes.get("scopes", {})),
        },
    }
    atomic_write(path, _dump(data, env))
    return path


def _read_sources(path: Path, *, strict: bool = False) -> dict[str, Any] | None:
    """The parsed ``sources.json``; ``None`` when missing or unreadable (or raise, ``strict``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        if strict:
            raise EvidenceError(str(path), f"unreadable sources.json ({exc})") from exc
        return None
    return data


def load_sources(directory: str | Path) -> list[SearchResult] | None:
    """The search results recorded in a folder's ``sources.json`` (``None`` when there is no
    usable record), e.g. a live run's verdicts carried over to its replay."""
    data = _read_sources(Path(directory) / SOURCES)
    try:
        return [
            SearchResult(
                s["url"], s.get("title", ""), s.get("backend", ""),
                bool(s.get("official")), s.get("reason", ""),
            )
            for s in (data or {})["sources"]
        ]  # fmt: skip
    except (KeyError, TypeError):
        return None


def save_annotations(
    directory: Path, annotations: Mapping[str, Any], *, env: Mapping[str, str] | None = None
) -> Path:
    """Merge annotations (per source URL / per scope: version label and note) into
    ``sources.json``, keeping the sources already recorded there.

    Raises:
        EvidenceError: an existing ``sources.json`` is unreadable.
    """
    path = directory / SOURCES
    empty: dict[str, Any] = {"sources": [], "annotations": {"sources": {}, "scopes": {}}}
    current = (_read_sources(path, strict=True) if path.exists() else None) or empty
    merged = current.setdefault("annotations", {})
    for part in ("sources", "scopes"):
        section = merged.setdefault(part, {})
        for key, value in dict(annotations.get(part, {})).items():
            section[key] = {**section.get(key, {}), **dict(value)}
    atomic_write(path, _dump(current, env))
    return path
