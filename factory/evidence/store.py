"""The evidence store: every fetched body, its manifest, the checklist, the report, the sources.

One folder per provider, ``outputs/evidence/{PLATFORM}/`` by default::

    manifest.json                      one entry per body (sorted, stable)
    <sha256>.<ext>                     the bodies, byte for byte
    {PLATFORM}_SCOPE_CHECKLIST.md      a checklist for people (never a database import)
    report.json                        the build report
    sources.json                       sources, official verdicts, annotations

``load_replay`` reads a folder back as ``Document`` objects (sha256 verified, no network), so a
run can be replayed offline; it also takes a provider folder whose ``latest`` pointer names a
published run (see :mod:`factory.evidence.runs`). Every write is atomic (temp file + rename).

Redaction is by purpose: only the secrets the factory itself uses (the variables each search
backend's registration declares in :mod:`factory.secrets`: keys, and the credentials inside
URLs) of at least :data:`MIN_SECRET_LENGTH`
characters are replaced, so an ordinary word never is. A body holding one is stored redacted,
and its manifest entry records where (``redacted``: the names, how often, the sha256 as
fetched), so replay verifies the stored bytes and rebuilds the same contract.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from factory.atomic import atomic_write as _atomic_write
from factory.contract.wordings import kind_wordings
from factory.errors import EvidenceError
from factory.faults import fault_point
from factory.models import Document, SearchResult
from factory.safeload import loads_json
from factory.secrets import declared_secrets
from factory.textsafe import NO_DESCRIPTION, markdown_code, markdown_text, present_text

MANIFEST = "manifest.json"
REPORT = "report.json"
SOURCES = "sources.json"
LATEST = "latest"
MIN_SECRET_LENGTH = 8  # shorter values are not secrets worth the name and would hit words
_SECRET_PARAM_WORDS = ("key", "token", "secret", "password", "auth", "pass")

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


def factory_secrets(env: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The secrets the factory uses, as ``(label, value)``, longest value first.

    The values of the variables the backends declared as secrets
    (:func:`factory.secrets.declared_secrets`), and the password, user name or key/token query
    parameters inside the URLs they declared (``SEARXNG_URL`` with
    ``https://user:pass@host/?token=...``); values shorter than :data:`MIN_SECRET_LENGTH`
    are left alone.
    """
    source = os.environ if env is None else env
    found: dict[str, str] = {}
    declared = declared_secrets()
    for name in declared.values:
        found[source.get(name, "").strip()] = name
    for name in declared.urls:
        try:
            parts = urlsplit(source.get(name, "").strip())
            creds = [parts.password or "", parts.username or ""]
        except ValueError:
            continue
        creds += [
            value
            for key, value in parse_qsl(parts.query)
            if any(word in key.lower() for word in _SECRET_PARAM_WORDS)
        ]
        for value in creds:
            found.setdefault(value, f"{name} credential")
    pairs = [(label, value) for value, label in found.items() if len(value) >= MIN_SECRET_LENGTH]
    return sorted(pairs, key=lambda item: -len(item[1]))  # a prefix never splits a value


def redaction_counts(text: str, env: Mapping[str, str] | None = None) -> dict[str, int]:
    """How often each factory secret (by label) occurs in ``text``."""
    counts: dict[str, int] = {}
    for label, value in factory_secrets(env):
        if value in text:
            counts[label] = counts.get(label, 0) + text.count(value)
            text = text.replace(value, "")
    return counts


def redact(text: str, env: Mapping[str, str] | None = None) -> str:
    """Replace every factory secret (see :func:`factory_secrets`) found in ``text``.

    Args:
        text: what is about to be written or shown.
        env: the environment to look in (``os.environ`` when ``None``).

    Returns:
        The text with each secret value replaced by ``[REDACTED:LABEL]``.
    """
    for label, value in factory_secrets(env):
        text = text.replace(value, f"[REDACTED:{label}]")
    return text


def redact_document(
    document: Document, env: Mapping[str, str] | None = None
) -> tuple[Document, dict[str, Any] | None]:
    """A document whose body holds no factory secret, and the record of what was redacted.

    Returns:
        The document (the same object when nothing was found) and ``None``, or the redacted
        document (new body and sha256) and ``{"names": {label: count}, "fetched_sha256":
        ...}`` for its manifest entry.
    """
    try:
        text = document.body.decode(document.encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return document, None
    counts = redaction_counts(text, env)
    if not counts:
        return document, None
    body = redact(text, env).encode(document.encoding or "utf-8")
    sha = hashlib.sha256(body).hexdigest()
    record = {"names": counts, "fetched_sha256": document.sha256}
    return replace(document, body=body, sha256=sha), record


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
    directory: Path,
    documents: Sequence[Document],
    *,
    env: Mapping[str, str] | None = None,
    redactions: Mapping[str, Mapping[str, Any]] | None = None,
) -> Path:
    """Store every body and write ``manifest.json`` (sorted by URL, then sha256).

    A body that contains a factory secret is stored redacted (:func:`redact_document`); its
    manifest entry carries the sha256 of the stored bytes and a ``redacted`` record, so
    replay verification still holds.

    Args:
        directory: the folder to write.
        documents: the documents, in fetch order.
        env: the environment for redaction.
        redactions: records of documents already redacted by the caller, by the sha256 of
            the stored body.

    Returns:
        The manifest's path.
    """
    entries = []
    for order, document in enumerate(documents):
        stored, record = redact_document(document, env)
        earlier = (redactions or {}).get(stored.sha256)
        record = record or (dict(earlier) if earlier else None)
        name = body_filename(stored)
        atomic_write(directory / name, stored.body)
        fault_point("evidence:during")
        entry = {
            "url": stored.url,
            "final_url": stored.final_url,
            "status": stored.status,
            "media_type": stored.media_type,
            "encoding": stored.encoding,
            "fetched_at": stored.fetched_at,
            "sha256": stored.sha256,
            "size": len(stored.body),
            "file": name,
            "order": order,  # the fetch order, which ranks sources on replay
        }
        if record:
            entry["redacted"] = record
        if stored.rendered_from:  # a rendered DOM names the raw HTML it came from
            entry["rendered_from"] = stored.rendered_from
        entries.append(entry)
    entries.sort(key=lambda e: (e["url"], e["sha256"]))
    path = directory / MANIFEST
    atomic_write(path, _dump({"documents": entries}, env))
    return path


def follow_latest(directory: str | Path) -> Path:
    """The folder that holds the evidence: the published run a provider folder's ``latest``
    pointer names (a symlink, or a file holding the run's path relative to the folder), else
    ``directory`` itself (a run folder, or a flat folder of earlier versions)."""
    folder = Path(directory).expanduser()
    pointer = folder / LATEST
    if not (pointer.is_symlink() or pointer.is_file()):
        return folder
    try:
        target = os.readlink(pointer) if pointer.is_symlink() else pointer.read_text().strip()
    except OSError as exc:
        raise EvidenceError(str(pointer), f"unreadable latest pointer ({exc})") from exc
    resolved = (folder / target).resolve()
    if not resolved.is_relative_to(folder.resolve()):
        raise EvidenceError(str(pointer), f"latest points outside the folder ({target})")
    return resolved


def load_redactions(directory: str | Path) -> dict[str, dict[str, Any]]:
    """The ``redacted`` records of a folder's manifest, by stored sha256 (empty when there are
    none), so a replay's own manifest still says where the live run redacted."""
    try:
        data = loads_json((follow_latest(directory) / MANIFEST).read_text(encoding="utf-8"))
        entries = data["documents"]
        return {e["sha256"]: dict(e["redacted"]) for e in entries if e.get("redacted")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def load_replay(directory: str | Path) -> tuple[Document, ...]:
    """Read an evidence folder back as documents; no network.

    Args:
        directory: a folder holding ``manifest.json`` and the bodies it names (a run folder
            or a flat evidence folder), or a provider folder with a ``latest`` pointer.

    Returns:
        The documents in their original fetch order (the manifest's ``order``).

    Raises:
        EvidenceError: the manifest is missing or malformed, a body is missing, or a body's
            sha256 or size differs from the manifest (the evidence was changed).
    """
    folder = follow_latest(directory)
    manifest = folder / MANIFEST
    try:
        data = loads_json(manifest.read_text(encoding="utf-8"))
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
        f"# {markdown_text(display_name)} ({platform}) scope checklist",
        "",
        "> Reference only: a checklist for people reviewing the scopes.",
        "> It is not a database import and must never be loaded as one.",
        "",
    ]
    count = 0
    waiting: list[Mapping[str, Any]] = []
    for row in rows:
        if row.get("status") == "candidate" and not row.get("include"):
            waiting.append(row)  # listed apart, below the scopes
            continue
        count += 1
        # Page text is escaped for Markdown: no raw HTML, link, image or emphasis is live.
        description = markdown_text(present_text(row.get("description"))) or NO_DESCRIPTION
        lines.append(f"- [ ] {markdown_code(str(row['scope_name']))}: {description}")
        details = [f"version: {markdown_text(present_text(row.get('versions')) or 'unlabelled')}"]
        details.append(f"source: {markdown_text(present_text(row.get('sources')) or 'unknown')}")
        if row.get("include") is False:
            details.append("excluded from the draft")
        if present_text(row.get("note")):
            details.append(f"note: {markdown_text(present_text(row['note']))}")
        lines.append(f"  - {'; '.join(details)}")
        wordings = kind_wordings(
            str(row.get("kind_descriptions") or ""), str(row.get("description") or "")
        )
        if wordings is not None:  # one description field, two kinds: say which one
            lines.append(f"  - {markdown_text(wordings.line())}")
    if count == 0:
        lines.append("No scopes were found (see report.json for the auth method and its source).")
    if waiting:
        lines += [
            "",
            f"## Candidates awaiting review ({len(waiting)})",
            "",
            "> Found by the second reader where the page speaks of scopes, but not read as",
            "> scopes: not in the draft unless a person includes them in the check.",
            "",
        ]
        for row in waiting:
            where = markdown_text(str(row.get("sections") or "unknown place"))
            lines.append(f"- [ ] {markdown_code(str(row['scope_name']))} ({where})")
            details = [f"source: {markdown_text(str(row.get('sources') or 'unknown'))}"]
            if row.get("note"):
                details.append(f"note: {markdown_text(str(row['note']))}")
            lines.append(f"  - {'; '.join(details)}")
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


def write_operations(
    directory: Path, operations: Mapping[str, Any], *, env: Mapping[str, str] | None = None
) -> Path:
    """Write ``operations.json`` (see :mod:`factory.evidence.operations`); returns its path."""
    from factory.evidence.operations import OPERATIONS_FILE

    path = directory / OPERATIONS_FILE
    atomic_write(path, _dump(dict(operations), env))
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
        data = loads_json(path.read_text(encoding="utf-8"))
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
    data = _read_sources(follow_latest(directory) / SOURCES)
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


def read_annotations(directory: str | Path) -> dict[str, Any]:
    """The annotations in a folder's ``sources.json`` (a provider folder's ``latest`` run's
    when it has none of its own); empty parts when there are none."""
    data = _read_sources(Path(directory) / SOURCES) or _read_sources(
        follow_latest(directory) / SOURCES
    )
    notes = (data or {}).get("annotations")
    notes = notes if isinstance(notes, dict) else {}
    return {part: dict(notes.get(part) or {}) for part in ("sources", "scopes")}


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
