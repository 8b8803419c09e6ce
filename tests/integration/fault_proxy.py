"""A small fault-injecting HTTP proxy, put between cfnbridge and a real server (moto, the
local Heat) to reproduce what networks and clouds do to a deploy: throttling, 503s with
a plain-text body, slow answers, a socket that accepts and never answers, an error that
quotes the request, a server that goes away mid-wait.

Every request is forwarded to the real server unless a rule matches it. A rule matches
on text in ``"METHOD /path\\nbody"`` and may wait for another request to have passed
first (``after="Action=ExecuteChangeSet"``: only once the change set was executed)::

    with FaultProxy(moto_url) as proxy:
        proxy.add("Action=DescribeStacks", "throttle", times=2, after="Action=ExecuteChangeSet")
        ... point cfnbridge at proxy.url ...
        proxy.injected["throttle"]   # how many faults were served
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_plus, urlsplit

THROTTLE = (400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
            "<Message>Rate exceeded</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
UNAVAILABLE = (503, "text/plain", "Service Unavailable: the fault proxy says so")


@dataclass
class Rule:
    match: str
    action: str  # throttle | unavailable | delay | hang | echo
    times: int | None = None
    after: str | None = None
    seconds: float = 0.0
    served: int = 0


class FaultProxy:
    """The proxy; ``url`` is where clients go, ``stop()`` kills it mid-conversation."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.prefix = parts.path.rstrip("/")
        self.rules: list[Rule] = []
        self.seen: list[str] = []
        self.injected: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                return None

            def _handle(self) -> None:
                proxy._serve(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{self.prefix}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def add(self, match: str, action: str, *, times: int | None = None, after: str | None = None,
            seconds: float = 0.0) -> Rule:
        rule = Rule(match, action, times, after, seconds)
        with self._lock:
            self.rules.append(rule)
        return rule

    def stop(self) -> None:
        """Stop answering and close the listening socket: the server is gone."""
        if self._stopped.is_set():
            return
        self._stopped.set()
        self.server.shutdown()
        self.server.server_close()

    # -- serving ---------------------------------------------------------------------------

    def _rule_for(self, text: str) -> Rule | None:
        with self._lock:
            self.seen.append(text)
            for rule in self.rules:
                if rule.match not in text or (rule.times is not None and rule.served >= rule.times):
                    continue
                if rule.after and not any(rule.after in earlier for earlier in self.seen[:-1]):
                    continue
                rule.served += 1
                self.injected[rule.action] = self.injected.get(rule.action, 0) + 1
                return rule
        return None

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        if self._stopped.is_set():  # a kept-alive connection to a server that is gone
            handler.close_connection = True
            return
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        text = f"{handler.command} {handler.path}\n{unquote_plus(body.decode('utf-8', 'replace'))}"
        rule = self._rule_for(text)
        if rule is not None and rule.action == "hang":
            self._stopped.wait(600)  # accept, read, never answer
            handler.close_connection = True
            return
        if rule is not None and rule.action == "delay":
            time.sleep(rule.seconds)
        if rule is not None and rule.action in {"throttle", "unavailable", "echo"}:
            status, kind, payload = THROTTLE if rule.action == "throttle" else UNAVAILABLE
            if rule.action == "echo":  # an error that quotes the request, as many services do
                quoted = re.findall(r"ParameterValue=([^&\n]*)", text) or [text[-40:]]
                status, kind = 400, "text/xml"
                payload = ("<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                           f"<Message>Invalid values: {', '.join(quoted)}</Message></Error></ErrorResponse>")
            self._answer(handler, status, {"Content-Type": kind}, payload.encode())
            return
        self._forward(handler, body)

    def _forward(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in {"host", "connection"}}
        try:
            connection.request(handler.command, handler.path, body=body or None, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            kept = {k: v for k, v in response.getheaders()
                    if k.lower() not in {"transfer-encoding", "connection", "content-length"}}
            self._answer(handler, response.status, kept, payload)
        finally:
            connection.close()

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], payload: bytes) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(payload)
