"""One description field, several kinds: which per-kind wording the contract keeps.

The contract has one ``description`` per scope. A permission with delegated and application
wordings keeps one of them (the scope table's chosen description); the table lists every
kind's wording in ``kind_descriptions`` (``"application: text | delegated: text"``). The check
and the checklist both say which wording went into the contract and show the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: How the scope table joins list cells (``factory.research.table.LIST_SEPARATOR``).
SEPARATOR: Final = " | "


@dataclass(frozen=True, slots=True)
class KindWordings:
    """The wording in the contract and the other kinds' wordings."""

    chosen_kind: str  # "" when the description is no kind's wording
    others: tuple[tuple[str, str], ...]  # (kind, text), in the table's order

    def line(self) -> str:
        """``the contract keeps the delegated wording; application: ...`` (plain text)."""
        kept = f"the {self.chosen_kind} wording" if self.chosen_kind else "the chosen wording"
        shown = "; ".join(f"{kind}: {text}" for kind, text in self.others)
        return f"the contract keeps {kept}; not in the contract: {shown}"


def kind_wordings(kind_descriptions: str, description: str) -> KindWordings | None:
    """Split a row's ``kind_descriptions``; ``None`` when its kinds share one wording."""
    pairs = []
    for part in (kind_descriptions or "").split(SEPARATOR):
        kind, sep, text = part.partition(": ")
        if sep and text:
            pairs.append((kind.strip(), text.strip()))
    if len(pairs) < 2:
        return None
    chosen = next((k for k, t in pairs if t == description), "")
    return KindWordings(chosen, tuple((k, t) for k, t in pairs if k != chosen))
