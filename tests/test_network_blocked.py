import socket

import pytest

from tests.conftest import NetworkBlocked


def test_a_test_cannot_reach_the_network():
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_loopback_stays_reachable():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.create_connection(server.getsockname(), timeout=1)
    assert client.getpeername() == server.getsockname()
    client.close()
    server.close()
