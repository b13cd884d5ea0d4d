"""Reconcile the two readers: the structured result with the harvester's candidates and
its unconfirmed names, each counted in one warning."""

from __future__ import annotations

from dataclasses import replace

from factory.extract.candidates import harvest
from factory.extract.candidates_segments import segments_of
from factory.extract.candidates_spec import Parse
from factory.models import Document, ExtractionResult

__all__ = ["with_candidates"]


def with_candidates(
    doc: Document, kind: str, result: ExtractionResult, parse: Parse
) -> ExtractionResult:
    """``result`` with the harvester's candidates, its unconfirmed names and one warning each.

    Never fails the extraction: a document the harvester cannot read gives no candidates.
    """
    names = [s.scope_name for s in result.scopes]
    try:
        candidates, unconfirmed = harvest(segments_of(doc, kind, parse), names)
    except (ValueError, RecursionError):
        return result
    warnings = list(result.warnings)
    if candidates:
        shown = ", ".join(c.scope_name for c in candidates[:8])
        more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
        warnings.append(
            f"{len(candidates)} candidate scope(s) the structured reader did not return stand "
            f"in scope context ({shown}{more}): review them and include the real ones"
        )
    if (unconfirmed and len(unconfirmed) < len(names)) or (unconfirmed and len(names) <= 3):
        shown = ", ".join(unconfirmed[:8])
        more = f" and {len(unconfirmed) - 8} more" if len(unconfirmed) > 8 else ""
        warnings.append(
            f"{len(unconfirmed)} scope(s) were never seen in scope context by the second reader "
            f"({shown}{more}): they may be roles, access levels, event names or example keys"
        )
    else:
        unconfirmed = ()
    return replace(result, warnings=tuple(warnings), candidates=candidates, unconfirmed=unconfirmed)
