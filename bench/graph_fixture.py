"""A Graph-size permissions reference of the project's own, for start-up benchmarks.

Microsoft Graph's permissions reference is one large page: a side navigation, then one
heading per permission and under it a transposed per-kind table (``Category | Application |
Delegated`` with ``Identifier``, ``DisplayText``, ``Description`` and
``AdminConsentRequired`` rows). This module writes a page of that shape with made-up
resources, verbs and texts (about 300 scope names), so that a benchmark can time a build of
a realistically big official page without the network. Nothing here is copied from Graph.

Run: ``uv run python bench/graph_fixture.py OUT.html`` (the start-up bench calls it itself).
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from pathlib import Path

RESOURCES = (
    "Agenda", "Album", "Badge", "Board", "Budget", "Canvas", "Chart", "Clinic", "Course",
    "Device", "Draft", "Event", "Fleet", "Folder", "Form", "Grade", "Invoice", "Journal",
    "Kiosk", "Label", "Ledger", "Lesson", "Locker", "Meeting", "Memo", "Metric", "Note",
    "Order", "Parcel", "Plan", "Poll", "Project", "Quota", "Receipt", "Roster", "Route",
    "Shelf", "Shift", "Sketch", "Survey", "Ticket", "Timer", "Venue", "Wallet", "Widget",
)  # fmt: skip
VERBS = ("Read", "ReadWrite", "Manage", "Create", "Delete", "Export", "Share")
SCOPES = ("", ".All", ".Shared")


def scope_names(count: int = 300) -> list[str]:
    """``count`` distinct made-up permission names such as ``Ledger.ReadWrite.All``."""
    names = [f"{r}.{v}{s}" for r in RESOURCES for v in VERBS for s in SCOPES]
    return names[:count]


def _guid(name: str, kind: str) -> str:
    return str(uuid.UUID(hashlib.md5(f"{name}/{kind}".encode()).hexdigest()))


def _section(name: str, index: int) -> str:
    resource, _, rest = name.partition(".")
    verb = rest.split(".")[0]
    wide = name.endswith(".All")
    app_text = f"{verb} {resource.lower()} records of every user in the organization"
    own = f"{verb} {resource.lower()} records the signed-in user can access"
    application = (
        f"<td>{_guid(name, 'app')}</td>" if wide or index % 3 else "<td>-</td>",
        f"<td>{app_text}</td>" if wide or index % 3 else "<td>-</td>",
        f"<td>Allows the app to {verb.lower()} {resource.lower()} records of every user "
        "without a signed-in user.</td>"
        if wide or index % 3
        else "<td>-</td>",
        "<td>Yes</td>" if wide or index % 3 else "<td>-</td>",
    )
    delegated = (
        f"<td>{_guid(name, 'delegated')}</td>",
        f"<td>{own}</td>",
        f"<td>Allows the app to {verb.lower()} {resource.lower()} records on behalf of the "
        "signed-in user.</td>",
        "<td>Yes</td>" if wide else "<td>No</td>",
    )
    rows = "".join(
        f"<tr><td>{label}</td>{application[i]}{delegated[i]}</tr>"
        for i, label in enumerate(("Identifier", "DisplayText", "Description",
                                   "AdminConsentRequired"))
    )  # fmt: skip
    return (
        f'<h3 id="{name.lower().replace(".", "-")}">{name}</h3>\n'
        "<table><thead><tr><th>Category</th><th>Application</th><th>Delegated</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>\n"
        f"<p>Use {name} only when a narrower permission does not serve the scenario.</p>\n"
    )


def graph_page(count: int = 300) -> str:
    """The whole page: navigation, introduction, one section per permission."""
    names = scope_names(count)
    nav = "".join(f'<li><a href="#{n.lower().replace(".", "-")}">{n}</a></li>' for n in names)
    body = "".join(_section(name, i) for i, name in enumerate(names))
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<title>Permissions reference - Example Graph</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><main><h1>Example Graph permissions reference</h1>"
        "<p>Every permission the Example Graph API defines, by resource.</p>"
        f"<h2>All permissions</h2>{body}</main><footer>Example Graph docs</footer>"
        "</body></html>\n"
    )


def write_graph_fixture(path: Path, count: int = 300) -> Path:
    """Write :func:`graph_page` to ``path``; returns it."""
    path.write_text(graph_page(count), encoding="utf-8")
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "graph_permissions.html")
    print(write_graph_fixture(out))
