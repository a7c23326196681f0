"""A small closed-loop HTTP load client: N threads, each with its own keep-alive connection,
sending one request after another for a fixed time. Standard library only."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# (method, path, body or None): what a thread sends next.
Request = tuple[str, str, bytes | None]
JSON_HEADERS = {"Accept": "application/json", "Content-Type": "application/json"}


@dataclass
class Run:
    began: float = 0.0  # perf_counter() when the clients started
    seconds: float = 0.0
    # (start offset in seconds, status or 0 for a connection error, latency ms) per request.
    samples: list[tuple[float, int, float]] = field(default_factory=list)

    def statuses(self) -> Counter:
        return Counter(status for _, status, _ in self.samples)

    def ok_latencies(self) -> list[float]:
        return [ms for _, status, ms in self.samples if 200 <= status < 300]


def send(connection: http.client.HTTPConnection, request: Request,
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One request on a kept-alive connection; reopened when the server closed it."""
    method, path, body = request
    try:
        connection.request(method, path, body=body, headers={**JSON_HEADERS, **(headers or {})})
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException):
        connection.close()
        return 0, b""
    if response.will_close:
        connection.close()  # http.client reconnects on the next request
    return response.status, payload


def hammer(port: int, next_request: Callable[[], Request], concurrency: int,
           seconds: float, timeout: float = 30.0) -> Run:
    """`concurrency` clients each send requests back to back for `seconds`."""
    run = Run()
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    began = 0.0

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        mine: list[tuple[float, int, float]] = []
        start.wait()
        while (sent := time.perf_counter()) - began < seconds:
            status, _ = send(connection, next_request())
            mine.append((sent - began, status, (time.perf_counter() - sent) * 1000))
            if status == 0:
                time.sleep(0.01)  # a refused connection returns at once: do not spin
        connection.close()
        with lock:
            run.samples.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    began = run.began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    return run
