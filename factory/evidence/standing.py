"""Standing decisions: the researcher's last published decisions apply until they are replaced.

A Save in the check publishes an evidence run with ``decisions.json``. Every later run of the
provider (``build``, ``batch``, the notebook) starts from the decisions of its ``latest``
published run unless told otherwise, and says so in its notes:

- ``None`` (the default): the latest published run's decisions, when it has any;
- a file path: that decisions file;
- ``"none"``: start fresh (the notes name the decisions left unapplied);
- a :class:`~factory.contract.decisions.Decisions`: these.

:func:`resolve_decisions` picks them (a bad file fails before any network); then
:func:`apply_standing` fits them to the new scope table: a decision naming a scope the provider
no longer lists is dropped and reported, and scopes the decisions' review never showed are
flagged :data:`NEW_SINCE_REVIEW`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from factory.contract.decisions import (
    DECISIONS_FILE,
    Decisions,
    apply_decisions,
    load_decisions,
    new_since_review,
    prune_decisions,
)
from factory.evidence.runs import latest_run

if TYPE_CHECKING:
    import pandas as pd

#: ``--decisions none``: build from the provider's list alone.
NO_DECISIONS: Final = "none"
#: How the notes about standing decisions begin (``batch`` shows that note on its row).
DECISIONS_NOTES: Final = ("applied the decisions", "started fresh")
#: Where decisions handed in as an object come from, in the notes.
GIVEN: Final = "the decisions given"
#: The flag a scope gets when the decisions it runs under were made without it.
NEW_SINCE_REVIEW: Final = "new since the last review"


@dataclass(frozen=True, slots=True)
class StandingDecisions:
    """The decisions a run starts from and where they come from.

    Attributes:
        decisions: what to apply (``None``: nothing).
        origin: ``"the decisions of run 20261207T101500Z"``, ``"the decisions file PATH"``
            or :data:`GIVEN`; empty when nothing applies.
        skipped: the origin of published decisions left unapplied by ``"none"``.
    """

    decisions: Decisions | None
    origin: str = ""
    skipped: str = ""


def published_decisions(provider_dir: str | Path) -> StandingDecisions:
    """The decisions of the provider's latest published run (nothing when it has none).

    Raises:
        EvidenceError: the run's ``decisions.json`` is unreadable or malformed.
    """
    run = latest_run(provider_dir)
    if run is None or not (run / DECISIONS_FILE).is_file():
        return StandingDecisions(None)
    label = run.name if run != Path(provider_dir).expanduser() else str(run)
    return StandingDecisions(load_decisions(run / DECISIONS_FILE), f"the decisions of run {label}")


def resolve_decisions(
    choice: str | Path | Decisions | None, provider_dir: str | Path
) -> StandingDecisions:
    """The decisions a run of the provider whose evidence is ``provider_dir`` starts from.

    Raises:
        EvidenceError: the chosen (or the published) decisions file is unreadable or malformed.
    """
    if isinstance(choice, Decisions):
        return StandingDecisions(choice, GIVEN)
    if choice is None:
        return published_decisions(provider_dir)
    if str(choice).strip().lower() == NO_DECISIONS:
        try:
            published = published_decisions(provider_dir).origin
        except Exception:
            published = "an unreadable decisions file"
        return StandingDecisions(None, skipped=published)
    return StandingDecisions(load_decisions(choice), f"the decisions file {choice}")


@dataclass(frozen=True, slots=True, eq=False)
class AppliedDecisions:
    """A scope table with standing decisions applied, and what to tell people about it."""

    table: pd.DataFrame
    decisions: Decisions | None
    notes: tuple[str, ...] = ()
    gone: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


def standing_notes(
    standing: StandingDecisions, applied: Decisions | None, gone: list[str], new: list[str]
) -> list[str]:
    """The lines a run's notes carry about its decisions."""
    if standing.skipped:
        return [f"started fresh (--decisions none): {standing.skipped} were not applied"]
    if applied is None:
        return []
    who = " ".join(p for p in (applied.decided_by, applied.decided_at) if p)
    notes = [
        f"applied {standing.origin or GIVEN}: {applied.summary()}"
        + (f" (decided by {who})" if who else "")
    ]
    if gone:
        notes.append(
            f"{len(gone)} decision(s) name scopes the provider no longer lists (not applied): "
            + ", ".join(gone)
        )
    if new:
        notes.append(f"{len(new)} scope(s) {NEW_SINCE_REVIEW}: " + ", ".join(new))
    return notes


def apply_standing(table: pd.DataFrame, standing: StandingDecisions) -> AppliedDecisions:
    """``table`` as the standing decisions describe it, new scopes flagged.

    Raises:
        EvidenceError: the decisions still do not fit once stale names are dropped (a rename
            onto another scope's name, or to an empty name).
    """
    if standing.decisions is None:
        return AppliedDecisions(table, None, tuple(standing_notes(standing, None, [], [])))
    names = [str(n) for n in table["scope_name"]]
    decisions, gone = prune_decisions(standing.decisions, names)
    new = new_since_review(standing.decisions, names)
    out = apply_decisions(table, decisions)
    if new:
        out = flag_rows(out, set(new), names)
    notes = standing_notes(standing, decisions, gone, new)
    return AppliedDecisions(out, decisions, tuple(notes), tuple(gone), tuple(new))


def flag_rows(table: pd.DataFrame, new: set[str], names: list[str]) -> pd.DataFrame:
    """The table with :data:`NEW_SINCE_REVIEW` added to the ``flags`` of the ``new`` rows."""
    out = table.copy()
    flags = list(out["flags"]) if "flags" in out.columns else [""] * len(out)
    out["flags"] = [
        ", ".join(p for p in (f.strip() if isinstance(f, str) else "", NEW_SINCE_REVIEW) if p)
        if n in new
        else f
        for n, f in zip(names, flags, strict=True)
    ]
    return out
