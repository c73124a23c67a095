"""The benchmark's server: Django's threaded development server with TCP_NODELAY.

``runserver`` leaves Nagle's algorithm on, so a response written in two parts (headers,
then body) waits for the client's delayed ACK: ~40 ms added to every request on
loopback, whatever the view. This server is the same WSGI server (keep-alive, one
thread per connection) with that delay switched off. Usage: ``_server.py PORT``
(settings from DJANGO_SETTINGS_MODULE / PREVEX_DATABASE_URL); stop it with SIGTERM.
"""

import os
import signal
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevex.settings.bench")

from django.core.servers.basehttp import WSGIServer, run  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402


class NoDelayWSGIServer(WSGIServer):
    def get_request(self):
        conn, address = super().get_request()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address


def main() -> None:
    port = int(sys.argv[1])
    application = get_wsgi_application()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    run("127.0.0.1", port, application, threading=True, server_cls=NoDelayWSGIServer)


if __name__ == "__main__":
    main()
