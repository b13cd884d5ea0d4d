"""The report of a saved contract: every scope verbatim, the exact file, the sources.

Built from the contract (names, types and descriptions exactly as saved) and the scope records
(where each scope was found). A scope found in several records (a v1 and a v2 list, two
products) keeps the first record's source URL and lists every distinct version and section,
joined with ``" | "``. Two renderings: :meth:`Report.to_text` for people and
:meth:`Report.to_dict` for ``--json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factory.contract.decisions import decisions_from_dict
from factory.contract.store import ContractChanges
from factory.models import ScopeRecord
from factory.textsafe import NO_DESCRIPTION, present_text

#: The previous draft, kept in a run's folder when the run's save replaced hand edits in it.
PREVIOUS_CONTRACT = "previous_contract.json"


@dataclass(frozen=True, slots=True)
class Report:
    """What the factory wrote and why, ready to print or serialise."""

    provider: str
    platform: str
    contract_path: str  # absolute
    auth_method: str
    scopes: tuple[dict[str, Any], ...] = ()  # name, type, description, version, section, source_url
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    changes: ContractChanges | None = None
    # the researcher's decisions (factory.contract.decisions)
    decisions: dict[str, Any] | None = None
    # scope-shaped tokens in scope context no extractor returned, awaiting review:
    # name, where, why, context, source_url (not in the contract unless a person includes one)
    candidates: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` object."""
        data = {
            "contract_path": self.contract_path,
            "provider": self.provider,
            "platform": self.platform,
            "auth_method": self.auth_method,
            "scopes": [dict(s) for s in self.scopes],
            "sources": list(self.sources),
            "notes": list(self.notes),
            "changes": self.changes.to_dict() if self.changes is not None else None,
        }
        if self.decisions is not None:
            data["decisions"] = dict(self.decisions)
        if self.candidates:
            data["candidates"] = [dict(c) for c in self.candidates]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """The inverse of :meth:`to_dict` (e.g. a ``report.json`` from the evidence)."""
        changes = data.get("changes")
        return cls(
            provider=str(data["provider"]),
            platform=str(data["platform"]),
            contract_path=str(data["contract_path"]),
            auth_method=str(data["auth_method"]),
            scopes=tuple(dict(s) for s in data.get("scopes", ())),
            sources=tuple(data.get("sources", ())),
            notes=tuple(data.get("notes", ())),
            changes=ContractChanges(
                tuple(changes["added"]),
                tuple(changes["removed"]),
                tuple(changes["changed"]),
                tuple(changes.get("replaced", ())),
            )
            if changes
            else None,
            decisions=data.get("decisions"),
            candidates=tuple(dict(c) for c in data.get("candidates", ())),
        )

    def to_text(self) -> str:
        """Plain text: every scope verbatim with its type, version, section and source."""
        lines = [
            f"Contract: {self.contract_path}",
            f"Provider: {self.provider} (platform {self.platform})",
            f"Auth method: {self.auth_method}",
            f"Scopes ({len(self.scopes)}):",
        ]
        if not self.scopes:
            lines.append("  (none)")
        for number, scope in enumerate(self.scopes, start=1):
            lines.append(f"  {number}. {scope['name']} [{scope['type']}]")
            lines.append(
                f"     description: {present_text(scope['description']) or NO_DESCRIPTION}"
            )
            for key in ("version", "section", "source_url"):
                if scope.get(key):
                    lines.append(f"     {key.replace('_', ' ')}: {scope[key]}")
        lines.append(f"Sources ({len(self.sources)}):")
        lines.extend(f"  - {url}" for url in self.sources or ("(none)",))
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  - {note}" for note in self.notes)
        if self.changes is not None:
            c = self.changes
            lines.append(
                f"Changes since the previous draft: {len(c.added)} added, "
                f"{len(c.removed)} removed, {len(c.changed)} changed"
            )
            if c.replaced:
                lines.append(
                    f"  this rebuild replaced {len(c.replaced)} hand edit(s) of the previous "
                    f"draft (kept in the run's evidence as {PREVIOUS_CONTRACT}):"
                )
            for label, names in c.to_dict().items():
                lines.extend(f"  {label}: {name}" for name in names)
        if self.candidates:
            lines.append(
                f"Candidates awaiting review ({len(self.candidates)}; not in the contract "
                "unless included):"
            )
            for found in self.candidates:
                lines.append(f"  - {found['name']} ({found.get('where') or 'no locator'})")
                lines.append(f"     why: {found.get('why') or ''}")
                if found.get("context"):
                    lines.append(f"     context: {found['context']}")
        if self.decisions is not None:
            lines.extend(decisions_from_dict(self.decisions).lines())
        return "\n".join(lines) + "\n"


def _distinct(values: Sequence[str | None]) -> str | None:
    kept = list(dict.fromkeys(v for v in values if v))
    return " | ".join(kept) if kept else None


def _contract_scopes(contract: dict[str, Any]) -> list[dict[str, Any]]:
    scopes = contract.get("sections", {}).get("scopes", {}).get("scopes", [])
    return [s for s in scopes if isinstance(s, dict)] if isinstance(scopes, list) else []


def build_report(
    contract: dict[str, Any],
    path: Path,
    records: Sequence[ScopeRecord],
    *,
    sources: Sequence[str] = (),
    auth_method: str,
    notes: Sequence[str] = (),
    changes: ContractChanges | None = None,
    decisions: dict[str, Any] | None = None,
    candidates: Sequence[dict[str, Any]] = (),
) -> Report:
    """Assemble the report of a saved contract.

    Args:
        contract: the contract as saved.
        path: where it was saved (made absolute).
        records: the scope records it was built from (version, section, source per scope).
        sources: the source URLs consulted; record URLs not listed are appended in order.
        auth_method: the provider's auth method.
        notes: sentences for people, e.g. why the scope list is empty.
        changes: what replacing the previous draft changed, if anything was replaced.
        decisions: the researcher's decisions (``Decisions.to_dict()``), when any.
        candidates: the candidates awaiting review (see :func:`candidate_entries`).
    """
    by_name: dict[str, list[ScopeRecord]] = {}
    for record in records:
        by_name.setdefault(record.scope_name, []).append(record)
    scopes = []
    for entry in _contract_scopes(contract):
        found = by_name.get(entry.get("scope_name", ""), [])
        scopes.append(
            {
                "name": entry.get("scope_name"),
                "type": entry.get("scope_type"),
                "description": entry.get("description"),
                "version": _distinct([r.version for r in found]),
                "section": _distinct([r.section for r in found]),
                "source_url": next((r.source_url for r in found if r.source_url), None),
            }
        )
    urls = list(dict.fromkeys([*sources, *(r.source_url for r in records if r.source_url)]))
    byok = contract.get("sections", {}).get("byok", {})
    return Report(
        provider=str(contract.get("display_name", "")),
        platform=str(byok.get("platform", "")) if isinstance(byok, dict) else "",
        contract_path=str(Path(path).resolve()),
        auth_method=auth_method,
        scopes=tuple(scopes),
        sources=tuple(urls),
        notes=tuple(notes),
        changes=changes,
        decisions=decisions,
        candidates=tuple(candidates),
    )


def candidate_entries(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's candidates from scope-table rows: status ``candidate``, not included."""
    return [
        {
            "name": row.get("scope_name"),
            "where": row.get("sections") or None,
            "why": str(row.get("note") or "").split("; why: ", 1)[-1].split("; context: ")[0],
            "context": str(row.get("note") or "").partition("; context: ")[2] or None,
            "source_url": str(row.get("sources") or "").split(" | ")[0] or None,
        }
        for row in rows
        if row.get("status") == "candidate" and not row.get("include")
    ]
