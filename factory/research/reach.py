"""First contact: is there a network at all? Answered in about a second, not after 12 tries.

A live build resolves the host names it is about to need (the official sources' hosts and
the web search backends' hosts) once each, concurrently, with one short deadline. When not
a single name resolves, the machine has no usable network (or no DNS), and the build stops
at once naming the next steps (``--offline --source FILE``, ``--replay DIR``) instead of
failing every URL and every variant one by one. One host that resolves is enough to go on:
a single dead host is the fetch stage's business.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from factory.errors import ResearchError

#: The longest the probe waits for all names together, in seconds.
PROBE_DEADLINE = 1.5

Resolver = Callable[[str], object]


def _getaddrinfo(host: str) -> object:
    return socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)


def hosts_of(urls: Iterable[str]) -> list[str]:
    """The distinct host names of http(s) URLs, in order."""
    hosts = [urlsplit(u).hostname or "" for u in urls if u.lower().startswith(("http:", "https:"))]
    return list(dict.fromkeys(h.lower() for h in hosts if h))


def resolve_hosts(
    hosts: Iterable[str], *, deadline: float = PROBE_DEADLINE, resolve: Resolver = _getaddrinfo
) -> dict[str, str | None]:
    """Resolve every host at once; ``None`` for a host that resolved, else the reason.

    Daemon threads: a resolver stuck past the deadline neither delays the answer nor the
    process's exit.
    """
    wanted = list(dict.fromkeys(hosts))
    answers: dict[str, str | None] = {}

    def work(host: str) -> None:
        try:
            resolve(host)
        except OSError as exc:
            answers[host] = f"{type(exc).__name__}: {exc}"
        else:
            answers[host] = None

    threads = [threading.Thread(target=work, args=(h,), daemon=True) for h in wanted]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return {h: answers.get(h, f"no answer within {deadline:g} s") for h in wanted}


def next_steps(display_name: str, platform: str) -> str:
    """What to run instead when the web cannot be reached."""
    return (
        "next steps: save the official pages and run offline,\n"
        f'  connector-factory build "{display_name}" --offline --source FILE [--source FILE ...]\n'
        "or re-run the evidence of an earlier run with no network at all,\n"
        f'  connector-factory build "{display_name}" --replay outputs/evidence/{platform}'
    )


def require_network(
    hosts: Iterable[str],
    hint: str,
    *,
    deadline: float = PROBE_DEADLINE,
    resolve: Resolver = _getaddrinfo,
) -> None:
    """Stop a live build at once when none of ``hosts`` resolves.

    Args:
        hosts: the host names the run needs.
        hint: what to do instead (e.g. :func:`next_steps`), added to the message.
        deadline: seconds for all names together.
        resolve: resolves one name (raises ``OSError`` when it cannot).

    Raises:
        ResearchError: not one host name resolved within ``deadline``; the message names
            the hosts, the first reason and the hint.
    """
    answers = resolve_hosts(hosts, deadline=deadline, resolve=resolve)
    if not answers or any(reason is None for reason in answers.values()):
        return
    host, reason = next(iter(answers.items()))
    shown = ", ".join(list(answers)[:4]) + (" ..." if len(answers) > 4 else "")
    raise ResearchError(
        f"no network: none of the {len(answers)} host name(s) needed resolves ({shown}; "
        f"{host}: {reason}).\n{hint}"
    )
