"""Test harness shared by every layer.

- Each test gets its own empty ``WORKBOOK_HOME`` (a temporary folder), so nothing touches a
  real profile and tests cannot see each other's data.
- Network sockets are blocked for every test except loopback (kernels and the browser tests
  talk to servers on 127.0.0.1): a test that reaches the network fails.
- ``realdata`` points at ``../shared/realdata``; tests that need it skip with a message where
  the folder is absent.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"


@pytest.fixture(autouse=True)
def workbook_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("workbook-home")
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    monkeypatch.delenv("WORKBOOK_PROFILE", raising=False)
    return home


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
    elif isinstance(address, (str, bytes)):
        return True  # a Unix socket path: local by construction
    else:
        return False
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"a test tried to reach the network: {address!r}")
        return real_connect(self, address)

    def guarded_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise NetworkBlocked(f"a test tried to reach the network: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guard_getaddrinfo(socket.getaddrinfo))


def _guard_getaddrinfo(real):
    def getaddrinfo(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in (None, "localhost", "") and not _literal_loopback(name):
            raise NetworkBlocked(f"a test tried to look up a network host: {name!r}")
        return real(host, *args, **kwargs)
    return getaddrinfo


def _literal_loopback(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"real job-search files not found at {REALDATA} (they sit in ../shared/realdata "
                    "beside the checkout)")
    return REALDATA


@pytest.fixture
def store(workbook_home):
    """A fresh profile that has agreed to the consent text."""
    from workbook.store import create_profile

    s = create_profile("tester")
    s.agree()
    yield s
    s.close()
