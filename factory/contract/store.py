"""Saving contracts: validated, atomic, locked, and never over an approved one.

Where: ``{contracts_dir}/{PLATFORM}_CONNECTOR_CONTRACT.json``, the folder chosen by
:func:`resolve_contracts_dir` (argument, then ``CONNECTOR_FACTORY_CONTRACTS_DIR``, then
``outputs/contracts`` under the working directory).

How (:func:`save_contract`):

1. The contract is validated first; any problem raises :class:`ContractError` carrying every
   problem, and nothing is written.
2. A ``filelock.FileLock`` is held around the check of the existing file and the write, so
   two processes saving the same provider leave one complete file. Its file lives in a
   per-user folder under the system temp folder (:func:`contract_lock`), never beside the
   contract: the contracts folder may be another repository's. Temp files a killed save left
   are removed under the lock before the write.
3. An existing file whose ``status`` is not ``draft`` raises :class:`ApprovedContractError` and
   is left untouched. An existing file that is not a JSON object raises :class:`ContractError`:
   it is data the factory does not understand, so it is never clobbered - move it away first.
4. The text (UTF-8, 2-space indent, the template's key order, non-ASCII kept, trailing
   newline) goes to a temporary file in the same folder, is fsynced, renamed over the target
   with ``os.replace`` (atomic on POSIX and Windows) and the folder is fsynced. On any failure
   the temporary file is removed and the old file is intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import filelock

from factory.atomic import atomic_write, temp_files
from factory.contract.naming import contract_path
from factory.contract.templates import load_template
from factory.contract.validate import validate_contract
from factory.errors import ApprovedContractError, ContractError, Problem
from factory.faults import fault_point
from factory.safeload import ShapeError, loads_json

ENV_CONTRACTS_DIR: Final = "CONNECTOR_FACTORY_CONTRACTS_DIR"
DEFAULT_CONTRACTS_DIR: Final = Path("outputs") / "contracts"
LOCK_TIMEOUT_SECONDS: Final = 60.0


@dataclass(frozen=True, slots=True)
class ContractChanges:
    """What replacing a contract changed, by scope name."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # description or scope_type differs
    # JSON paths outside the scope list whose value in the previous file is replaced (a
    # person's note, KPI mappings, budgets, an added key): hand edits a rebuild undoes.
    replaced: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        """A plain JSON-ready dict."""
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": list(self.changed),
            "replaced": list(self.replaced),
        }


@dataclass(frozen=True, slots=True)
class SaveResult:
    """Where a contract went and what it changed (``created`` for a new file)."""

    path: Path
    changes: ContractChanges
    created: bool


def resolve_contracts_dir(explicit: str | Path | None = None) -> Path:
    """The contracts folder: ``explicit``, else ``$CONNECTOR_FACTORY_CONTRACTS_DIR``, else
    ``outputs/contracts`` relative to the working directory. Returned absolute."""
    chosen: str | Path = DEFAULT_CONTRACTS_DIR
    if explicit is not None and str(explicit) != "":
        chosen = explicit
    elif os.environ.get(ENV_CONTRACTS_DIR):
        chosen = os.environ[ENV_CONTRACTS_DIR]
    return Path(chosen).expanduser().resolve()


def _scopes_by_name(contract: object) -> dict[str, dict[str, Any]]:
    scopes: object = None
    if isinstance(contract, dict):
        sections = contract.get("sections")
        if isinstance(sections, dict) and isinstance(sections.get("scopes"), dict):
            scopes = sections["scopes"].get("scopes")
    found: dict[str, dict[str, Any]] = {}
    for item in scopes if isinstance(scopes, list) else ():
        if isinstance(item, dict) and isinstance(item.get("scope_name"), str):
            found.setdefault(item["scope_name"], item)
    return found


def diff_contracts(old: dict[str, Any], new: dict[str, Any]) -> ContractChanges:
    """Scopes added, removed, and changed (description or type) from ``old`` to ``new``."""
    before, after = _scopes_by_name(old), _scopes_by_name(new)
    changed = tuple(
        name
        for name, item in after.items()
        if name in before
        and any(before[name].get(k) != item.get(k) for k in ("description", "scope_type"))
    )
    return ContractChanges(
        added=tuple(n for n in after if n not in before),
        removed=tuple(n for n in before if n not in after),
        changed=changed,
        replaced=tuple(replaced_paths(old, new)),
    )


#: The scope list is compared scope by scope (added, removed, changed), not path by path.
_SCOPE_LIST: Final = ("sections", "scopes", "scopes")


def replaced_paths(old: Any, new: Any) -> list[str]:
    """The JSON paths (``$.sections.budgets.daily_limit``) whose value in ``old`` is gone or
    different in ``new``, outside the scope list: leaves, or the first dict key missing."""
    out: list[str] = []
    stack: list[tuple[tuple[str, ...], Any, Any]] = [((), old, new)]
    while stack:
        path, before, after = stack.pop()
        if path == _SCOPE_LIST or before == after:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            stack.extend(
                ((*path, str(k)), v, after.get(k, _GONE)) for k, v in reversed(before.items())
            )
            continue
        out.append("$" + "".join(f".{p}" for p in path))
    return out


_GONE: Final = object()


def _in_template_order(value: Any, shape: Any) -> Any:
    if isinstance(value, dict) and isinstance(shape, dict):
        keys = [k for k in shape if k in value] + [k for k in value if k not in shape]
        return {k: _in_template_order(value[k], shape.get(k)) for k in keys}
    return value


def render_contract(contract: dict[str, Any], template: dict[str, Any] | None = None) -> str:
    """The exact text saved: template key order, 2-space indent, UTF-8 kept, final newline."""
    shape = template if template is not None else load_template()
    ordered = _in_template_order(contract, shape)
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def contract_lock(path: Path, timeout: float | None = None) -> filelock.FileLock:
    """The lock of one contract file, kept out of the contracts folder.

    ``{temp}/connector-factory-locks-{user}/{name}.{hash of the absolute path}.lock``: one
    lock per contract path, shared by every process of the user, nothing left beside it.
    """
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    folder = Path(tempfile.gettempdir()) / f"connector-factory-locks-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    wait = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    return filelock.FileLock(folder / f"{path.name}.{digest}.lock", timeout=wait)


def _read_existing(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError([Problem("$", str(exc))], f"cannot read existing {path}") from exc
    try:
        data = loads_json(text)
    except json.JSONDecodeError as exc:
        raise ContractError(
            [Problem("$", f"not valid JSON ({exc.msg}, line {exc.lineno})")],
            f"refusing to overwrite {path}: the existing file is not valid JSON",
        ) from exc
    except ShapeError as exc:
        reason = f"refusing to overwrite {path}: the existing file is {exc}"
        raise ContractError([], reason) from exc
    if not isinstance(data, dict):
        raise ContractError(
            [Problem("$", "not a JSON object")],
            f"refusing to overwrite {path}: the existing file is not a contract object",
        )
    return data


def save_contract(
    contract: dict[str, Any],
    *,
    contracts_dir: str | Path | None = None,
    template: dict[str, Any] | None = None,
    schema: dict[str, Any] | None = None,
    before_write: Callable[[Path, str], None] | None = None,
    keep_previous: Callable[[str], None] | None = None,
) -> SaveResult:
    """Validate and atomically save a draft contract (see the module docstring).

    Args:
        contract: a built contract (``build_contract``).
        contracts_dir: the folder; ``None`` resolves it with :func:`resolve_contracts_dir`.
        template: the template it was built from; ``None`` for the default.
        schema: its JSON Schema; see :func:`factory.contract.validate.validate_contract`.
        before_write: called as ``before_write(path, text)`` under the lock, once the
            existing file is known to be a draft (or absent), just before the write; the
            build records there which contract its evidence run backs.
        keep_previous: called under the lock with the previous file's text when the save
            replaces hand edits (:attr:`ContractChanges.replaced`), before the write; the
            build keeps it in the run's evidence.

    Returns:
        The absolute path, what changed against the previous draft, and whether it is new.

    Raises:
        ContractError: the contract is invalid (every problem listed), the existing file is
            not a JSON object, or the file cannot be written.
        ApprovedContractError: the existing contract is not a draft.
        NamingError: the display name is unusable.
    """
    problems = validate_contract(contract, template=template, schema=schema)
    if problems:
        raise ContractError(problems, "contract is invalid, nothing was written")
    path = contract_path(contract["display_name"], resolve_contracts_dir(contracts_dir))
    text = render_contract(contract, template)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contract_lock(path):
            for stale in temp_files(path):  # a save killed before its rename
                stale.unlink(missing_ok=True)
            old = _read_existing(path)
            if old is not None and old.get("status") != "draft":
                raise ApprovedContractError(str(path), old.get("status"))
            if keep_previous is not None and old is not None and replaced_paths(old, contract):
                keep_previous(path.read_text(encoding="utf-8"))
            if before_write is not None:
                before_write(path, text)
            fault_point("contract:before")
            atomic_write(
                path, text.encode("utf-8"), before_replace=lambda: fault_point("contract:during")
            )
            fault_point("contract:after")
    except filelock.Timeout as exc:
        raise ContractError([], f"timed out waiting for the lock on {path}") from exc
    except OSError as exc:
        raise ContractError([Problem("$", str(exc))], f"cannot write {path}") from exc
    changes = diff_contracts(old or {}, contract)
    return SaveResult(path=path, changes=changes, created=old is None)
