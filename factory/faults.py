"""Named kill points for the fault tests: a build can be made to die at a chosen moment.

When ``CONNECTOR_FACTORY_KILL_AT`` names a point (``contract:during``), the process sends
itself SIGKILL there: no cleanup handler, ``finally`` or atexit runs, exactly like a crash or
an OOM kill. Unset (always, outside the fault tests) a point costs one dictionary look-up.
Points: ``evidence:before``, ``evidence:during``, ``evidence:after``, ``contract:before``,
``contract:during`` (temp file written, not yet renamed), ``contract:after``,
``publish:before``, ``publish:pointer``, ``publish:after``.
"""

from __future__ import annotations

import os
import signal
from typing import Final

ENV_KILL_AT: Final = "CONNECTOR_FACTORY_KILL_AT"


def fault_point(name: str) -> None:
    """Die here with SIGKILL when ``$CONNECTOR_FACTORY_KILL_AT`` equals ``name``."""
    if os.environ.get(ENV_KILL_AT) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
