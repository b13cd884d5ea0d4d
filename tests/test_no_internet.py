"""The suite-wide guard in conftest.py: loopback works, the internet does not."""

from __future__ import annotations

import socket

import httpx
import pytest
from pytest_httpserver import HTTPServer


def test_public_addresses_are_refused() -> None:
    refused = pytest.raises(OSError, match="tests never touch the internet")
    with refused, socket.create_connection(("93.184.215.14", 80), 1):
        pass


def test_public_names_do_not_resolve() -> None:
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.org", 443)


def test_loopback_still_works(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ping").respond_with_data("pong")
    assert httpx.get(httpserver.url_for("/ping"), timeout=5).text == "pong"
