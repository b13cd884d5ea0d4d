"""One way to replace a file: whole or not at all.

The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed
over the target with ``os.replace`` (atomic on POSIX and Windows), and the folder is fsynced
so the rename survives a crash. On any failure, a ``KeyboardInterrupt`` included, the
temporary file is removed and the old file is left as it was. Contracts, evidence files and
executed notebooks are all written through :func:`atomic_write`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path


def atomic_write(
    path: Path, data: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Replace ``path`` with ``data`` atomically, creating its folder when needed.

    ``before_replace`` runs once the temporary file is complete, just before the rename
    (the fault tests kill the process there).

    Raises:
        OSError: the folder or file cannot be written (callers wrap it in their own error).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # os.open with 0o666 (not mkstemp's 0o600) so the file gets the usual umask permissions.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def temp_files(path: Path) -> list[Path]:
    """The temporary files an interrupted :func:`atomic_write` of ``path`` may have left."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename durable; not possible on every platform (Windows), hence best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
