"""A threaded static HTTP server for linkchecker, on 127.0.0.1 only.

It sends a `LinkChecker` response header: linkchecker then allows more than 10 requests per
second to the host (with `maxrequestspersecond` raised in its config), so the benchmark measures
its checking, not its politeness delay.

    python bench/httpserve.py SITE_DIR PORT
"""

from __future__ import annotations

import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "benchmark")
        super().end_headers()

    def log_message(self, format, *args) -> None:
        pass


def main() -> None:
    site, port = sys.argv[1], int(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=site))
    server.daemon_threads = True
    print(f"serving {site} on http://127.0.0.1:{port}/", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
