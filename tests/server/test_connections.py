"""The connections of the kiosk's server (server/connections.py); its behaviour against raw sockets is in
test_serve.py (a flood of connections, one address's share, deadlines, escaped log lines)."""
from server.connections import escaped


def test_escaped():
    assert escaped("a\x1b[31mb\r\n\u202e\\") == "a\\x1b[31mb\\x0d\\x0a\\u202e\\x5c"
    assert escaped("江华 /zcwj/") == "江华 /zcwj/"
