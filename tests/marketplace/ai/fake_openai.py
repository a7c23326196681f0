"""A scriptable OpenAI-compatible server for tests: the real SDK talks to it over HTTP.

Each test queues the replies it wants (`push`); the server answers `POST /v1/chat/completions`
with them in order and records what it received (`requests`). With the queue empty it answers
400 "no scripted reply left", which the client treats as a configuration error, so a test that
sends more requests than it scripted fails quickly and says why.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAKE_MODEL = "fake-model-1"


@dataclass
class Reply:
    """One scripted answer. `body` is sent as JSON (dict) or as is (str)."""

    status: int = 200
    body: dict[str, Any] | str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 120,
    completion_tokens: int = 30,
    model: str = FAKE_MODEL,
    refusal: str | None = None,
) -> dict[str, Any]:
    """A chat.completion body in the shape the OpenAI API returns."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def error_body(message: str, *, type_: str = "invalid_request_error", code: str | None = None):
    return {"error": {"message": message, "type": type_, "param": None, "code": code}}


class FakeOpenAI:
    """Start with `start()` (an ephemeral port on 127.0.0.1), point a client at `base_url`."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[ReceivedRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0  # the most requests the server was answering at once
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        # A handler still sleeping out a scripted delay must not hold up the test's teardown.
        self._server.daemon_threads = True
        self._server.block_on_close = False
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def push(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def push_content(self, content: str | None, **completion_kwargs: Any) -> None:
        """Queue a 200 reply whose message content is `content`."""
        self.push(Reply(body=completion(content, **completion_kwargs)))

    def push_json(self, data: Any, **completion_kwargs: Any) -> None:
        self.push_content(json.dumps(data), **completion_kwargs)

    def push_error(
        self, status: int, message: str = "error", *, code: str | None = None, **headers: str
    ) -> None:
        """Queue an error; keyword headers use underscores (retry_after= → Retry-After)."""
        self.push(
            Reply(
                status=status,
                body=error_body(message, code=code),
                headers={name.replace("_", "-").title(): v for name, v in headers.items()},
            )
        )

    def _next(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            if self.replies:
                return self.replies.popleft()
        return Reply(status=400, body=error_body("fake server: no scripted reply left"))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    self._answer()
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                received = ReceivedRequest(
                    method="POST",
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=json.loads(raw) if raw else {},
                )
                if self.path != "/v1/chat/completions":
                    reply = Reply(status=404, body=error_body(f"no route {self.path}"))
                    with fake._lock:
                        fake.requests.append(received)
                else:
                    reply = fake._next(received)
                if reply.delay:
                    time.sleep(reply.delay)
                payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                data = payload.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and hung up: that was the point

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler
