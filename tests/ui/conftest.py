"""Fixtures for the real-browser tests: a throwaway JupyterLab server and headless Chromium.

``jupyter_server`` starts ``jupyter lab`` from this interpreter's environment on 127.0.0.1
(a free port, a random token, no browser, fresh settings and workspaces in a temporary folder)
over a temporary copy of the project's notebooks and the ui fixtures, and waits until
``/api/status`` answers. ``chromium`` launches Debian's Chromium through Playwright (never a
downloaded browser). ``lab_page`` is a fresh browser context per test module.

Every fixture stops what it started in its finaliser, even when the test fails: kernels are
shut down through the REST API, then the server's process group and every process it spawned
get SIGTERM and, after a bounded wait, SIGKILL. A failing test leaves a screenshot under
``outputs/screenshots/`` and the test's failure message carries the tail of the server log.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from factory.research.render import CHROMIUM_ARGS as RENDER_CHROMIUM_ARGS

PROJECT = Path(__file__).resolve().parents[2]
UI_FIXTURES = PROJECT / "tests" / "fixtures" / "ui"
SCREENSHOTS = PROJECT / "outputs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# The product's launch flags (factory.research.render): without the background-networking ones
# Chromium keeps dialling Google services, a flood of refused connections on a closed network.
CHROMIUM_ARGS = RENDER_CHROMIUM_ARGS
START_TIMEOUT_S = 60.0
START_ATTEMPTS = 3
# The live page and server, for the failure report hook (fixtures cannot see failures early).
PAGE_KEY = pytest.StashKey[Any]()
SERVER_KEY = pytest.StashKey["JupyterServer | None"]()
STOP_TIMEOUT_S = 10.0

# JupyterLab user settings written into the fresh settings folder: no news or update checks
# (no network here), no toasts over the panel, and every cell kept in the DOM so the test can
# read all prompts and outputs without scrolling; the notebook's kernel starts without the
# "Select Kernel" dialog.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
        "autoStartDefaultKernel": True,
    },
}


@dataclass(frozen=True, slots=True)
class JupyterServer:
    """A running JupyterLab server the tests may talk to."""

    base_url: str  # http://127.0.0.1:PORT
    token: str
    root_dir: Path
    log_path: Path

    def lab_url(self, notebook: str, workspace: str) -> str:
        """The URL that opens ``notebook`` alone in a fresh, reset workspace."""
        return (
            f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"
        )

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server log, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _lab_command(port: int, token: str, root: Path, state: Path) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={state / 'settings'}",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return command


def _lab_environment(state: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Kernels are started as "python -m ipykernel_launcher": resolve it to this venv.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["JUPYTER_CONFIG_DIR"] = str(state / "config")
    env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")
    env["IPYTHONDIR"] = str(state / "ipython")
    env["JUPYTER_DATA_DIR"] = str(state / "data")
    env.pop("JUPYTER_TOKEN", None)
    return env


def _write_lab_settings(settings_dir: Path) -> None:
    for relative, values in LAB_SETTINGS.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (kernels run in their own session, not our group)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields resume after the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _signal_all(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)


def _shutdown_kernels(server: JupyterServer) -> None:
    """Ask the server to stop its kernels (bounded; the kill below is the fallback)."""
    params = {"token": server.token}
    with (
        contextlib.suppress(httpx.HTTPError, ValueError),
        httpx.Client(base_url=server.base_url, timeout=3.0) as client,
    ):
        for kernel in client.get("/api/kernels", params=params).json():
            client.delete(f"/api/kernels/{kernel['id']}", params=params)


def stop_server(process: subprocess.Popen[bytes], server: JupyterServer | None) -> None:
    """Stop the server and everything it spawned: polite first, SIGKILL after a bounded wait."""
    if server is not None and process.poll() is None:
        _shutdown_kernels(server)
    spawned = _descendants(process.pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
    _signal_all(spawned, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)
    _signal_all([pid for pid in spawned if Path(f"/proc/{pid}").exists()], signal.SIGKILL)


def _wait_until_ready(process: subprocess.Popen[bytes], server: JupyterServer) -> bool:
    """True once ``/api/status`` answers; False if the server exited first (bounded wait)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError):
                response = client.get(
                    f"{server.base_url}/api/status", params={"token": server.token}
                )
                if response.status_code == 200:
                    return True
            time.sleep(0.25)
    raise RuntimeError(
        f"jupyter lab did not answer in {START_TIMEOUT_S:.0f} s:\n{server.log_tail()}"
    )


def start_server(root: Path, state: Path) -> tuple[subprocess.Popen[bytes], JupyterServer]:
    """Start ``jupyter lab`` over ``root`` and wait until it answers.

    The free port is only free when it is picked, so a server that exits at start (the port
    was taken meanwhile) is retried on a new port, up to :data:`START_ATTEMPTS` times. A
    server that does not answer in time is stopped before the error is raised.
    """
    _write_lab_settings(state / "settings")
    token = secrets.token_hex(24)
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        server = JupyterServer(
            f"http://127.0.0.1:{port}", token, root, state / f"server-{attempt}.log"
        )
        with server.log_path.open("wb") as log:
            process = subprocess.Popen(
                _lab_command(port, token, root, state),
                cwd=root,
                env=_lab_environment(state),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
            )
        try:
            if _wait_until_ready(process, server):
                return process, server
        except BaseException:
            stop_server(process, server)
            raise
        stop_server(process, None)
    raise RuntimeError(f"jupyter lab exited with {process.returncode}:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def ui_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's root folder: a copy of the project's notebooks and the ui fixtures."""
    root = tmp_path_factory.mktemp("lab_root")
    notebooks = PROJECT / "notebooks"
    if notebooks.is_dir():
        shutil.copytree(notebooks, root, dirs_exist_ok=True, ignore=_ignore_checkpoints)
    shutil.copytree(UI_FIXTURES, root / "fixtures", ignore=_ignore_checkpoints)
    return root


def _ignore_checkpoints(_folder: str, names: list[str]) -> set[str]:
    return {name for name in names if name in {".ipynb_checkpoints", "__pycache__"}}


@pytest.fixture(scope="session")
def jupyter_server(
    ui_root: Path, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[JupyterServer]:
    """A JupyterLab server over ``ui_root``; always stopped, with its kernels, at the end."""
    process, server = start_server(ui_root, tmp_path_factory.mktemp("lab_state"))
    pytestconfig.stash[SERVER_KEY] = server
    try:
        yield server
    finally:
        pytestconfig.stash[SERVER_KEY] = None
        stop_server(process, server)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright; closed at the end of the session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failure (setup included), screenshot the live page and attach the server log.

    Done here rather than in a fixture finaliser because a module-scoped fixture that fails
    fails before any function-scoped fixture exists; the page and server are still alive now.
    """
    report = yield
    if report.failed and report.when in {"setup", "call"}:
        page = item.config.stash.get(PAGE_KEY, None)
        if page is not None and not page.is_closed():
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):  # a screenshot must not hide the failure
                page.screenshot(path=SCREENSHOTS / f"failed_{item.name}.png")
        server = item.config.stash.get(SERVER_KEY, None)
        if server is not None:
            report.sections.append(("jupyter lab log (tail)", server.log_tail()))
    return report


@pytest.fixture(scope="module")
def lab_page(chromium: Any, pytestconfig: pytest.Config) -> Iterator[Any]:
    """A page in a fresh browser context, shared by a module's tests (one JupyterLab load)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    try:
        page = context.new_page()
        pytestconfig.stash[PAGE_KEY] = page
        yield page
    finally:
        pytestconfig.stash[PAGE_KEY] = None
        context.close()
