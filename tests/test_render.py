"""Rendering JavaScript pages in headless Chromium, on the recorded loopback web.

Needs Debian's Chromium (``apt-get install chromium``), as the JupyterLab test does. Chromium
is only ever given loopback pages; a request the page makes to a private address is refused
by the factory's address guard before Chromium can send it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopweb import LoopWeb

from factory.errors import ResearchError
from factory.research.pipeline import build
from factory.research.render import INSTALL_COMMAND, RenderSettings, find_browser

pytestmark = pytest.mark.skipif(find_browser() is None, reason=f"no Chromium: {INSTALL_COMMAND}")


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopWeb]:
    with LoopWeb() as served:
        monkeypatch.setenv("CONNECTOR_FACTORY_CATALOG", str(served.catalog(tmp_path)))
        yield served


def records(result: object) -> list[tuple[str, str, str]]:
    scopes = result.report.scopes  # type: ignore[attr-defined]
    return [(s["name"], s["description"], s["section"]) for s in scopes]


def test_a_script_built_table_gives_the_records_of_its_static_twin(
    web: LoopWeb, tmp_path: Path
) -> None:
    shell = web.url("/loopweb/app/scopes.html")
    static = build("Loopweb Ads", sources=[web.url("/loopweb/app/scopes-static.html")],
                   contracts_dir=tmp_path / "s", evidence_dir=tmp_path / "se")  # fmt: skip
    rendered = build("Loopweb Ads", sources=[shell], contracts_dir=tmp_path / "r",
                     evidence_dir=tmp_path / "re")  # fmt: skip
    assert len(records(rendered)) == 4
    assert records(rendered) == records(static)
    assert "/loopweb/app/scopes.json" in web.requests  # the page's own request ran
    assert not any("JavaScript shell" in n for n in rendered.report.notes)
    entries = json.loads((rendered.evidence_dir / "manifest.json").read_text())["documents"]
    raw = next(e for e in entries if "rendered_from" not in e)
    dom = next(e for e in entries if "rendered_from" in e)
    assert raw["url"] == dom["url"] == shell
    assert dom["rendered_from"] == raw["sha256"] != dom["sha256"]
    assert b"app.campaigns.write" in (rendered.evidence_dir / dom["file"]).read_bytes()
    assert b"app.campaigns.write" not in (rendered.evidence_dir / raw["file"]).read_bytes()


def test_a_secret_in_a_rendered_page_is_redacted_and_the_dom_still_names_its_page(
    web: LoopWeb, tmp_path: Path
) -> None:
    env = {"BRAVE_SEARCH_API_KEY": "needs JavaScript"}  # a "secret" the shell's text holds
    live = build("Loopweb Ads", sources=[web.url("/loopweb/app/scopes.html")], env=env,
                 contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")  # fmt: skip
    entries = json.loads((live.evidence_dir / "manifest.json").read_text())["documents"]
    raw = next(e for e in entries if "rendered_from" not in e)
    dom = next(e for e in entries if "rendered_from" in e)
    assert raw["redacted"]["names"] == {"BRAVE_SEARCH_API_KEY": 1}
    assert dom["rendered_from"] == raw["sha256"]  # the stored (redacted) page, not as fetched
    assert b"needs JavaScript" not in (live.evidence_dir / raw["file"]).read_bytes()
    assert len(records(live)) == 4
    assert not any("JavaScript shell" in n for n in live.report.notes)  # the DOM was read
    replay = build("Loopweb Ads", replay_dir=live.evidence_dir, env=env,
                   contracts_dir=tmp_path / "c2")  # fmt: skip
    assert replay.save.path.read_bytes() == live.save.path.read_bytes()


def test_replay_reads_the_stored_dom_without_a_browser(
    web: LoopWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = build("Loopweb Ads", sources=[web.url("/loopweb/app/scopes.html")],
                 contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")  # fmt: skip
    monkeypatch.setenv("CONNECTOR_FACTORY_CHROMIUM", str(tmp_path / "no-such-browser"))
    served = len(web.requests)
    replay = build("Loopweb Ads", replay_dir=live.evidence_dir, contracts_dir=tmp_path / "c2")
    assert len(web.requests) == served
    assert replay.save.path.read_bytes() == live.save.path.read_bytes()
    assert records(replay) == records(live)


def test_a_page_that_never_settles_fails_within_its_deadline(web: LoopWeb, tmp_path: Path) -> None:
    url = web.url("/loopweb/app/never.html")
    start = time.monotonic()
    with pytest.raises(ResearchError) as caught:
        build("Loopweb Ads", sources=[url], render=RenderSettings(timeout=2),
              contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")  # fmt: skip
    elapsed = time.monotonic() - start
    assert f"fetch {url} failed: rendering did not settle within 2s" in str(caught.value)
    assert elapsed < 2 + 8  # the deadline, plus starting Chromium once on a loaded machine
    assert not (tmp_path / "c").exists()


def test_a_request_to_a_private_address_is_refused_and_noted(web: LoopWeb, tmp_path: Path) -> None:
    url = web.url("/loopweb/app/private.html")
    result = build("Loopweb Ads", sources=[url], contracts_dir=tmp_path / "c",
                   evidence_dir=tmp_path / "e")  # fmt: skip
    assert len(records(result)) == 4  # the same-host JSON request went through
    assert (
        f"rendering {url}: blocked http://10.255.0.1/latest/meta-data/ "
        "(refused: 10.255.0.1 is a private address)"
    ) in result.report.notes
    # a same-host request that redirects to a private address is refused at the hop
    assert (
        f"rendering {url}: blocked http://10.255.0.2/hop (refused: 10.255.0.2 is a private address)"
    ) in result.report.notes
    assert "/loopweb/app/hop" in web.requests


def test_render_never_leaves_the_shell_unread(web: LoopWeb, tmp_path: Path) -> None:
    with pytest.raises(ResearchError, match="JavaScript shell"):
        build("Loopweb Ads", sources=[web.url("/loopweb/app/scopes.html")],
              render=RenderSettings(mode="never"), contracts_dir=tmp_path / "c",
              evidence_dir=tmp_path / "e")  # fmt: skip
    assert "/loopweb/app/scopes.json" not in web.requests


def test_render_always_renders_a_static_page_too(web: LoopWeb, tmp_path: Path) -> None:
    result = build("Loopweb Ads", sources=[web.url("/loopweb/scopes-v2.html")],
                   render=RenderSettings(mode="always"), contracts_dir=tmp_path / "c",
                   evidence_dir=tmp_path / "e")  # fmt: skip
    entries = json.loads((result.evidence_dir / "manifest.json").read_text())["documents"]
    assert sum("rendered_from" in e for e in entries) == 1
    assert len(records(result)) == 3


def test_no_browser_is_one_line_with_the_install_command(
    web: LoopWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONNECTOR_FACTORY_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ResearchError) as caught:
        build("Loopweb Ads", sources=[web.url("/loopweb/app/scopes.html")],
              contracts_dir=tmp_path / "c", evidence_dir=tmp_path / "e")  # fmt: skip
    message = str(caught.value)
    assert "no scopes found" in message
    assert f"no Chromium found; install it with `{INSTALL_COMMAND}`" in message
