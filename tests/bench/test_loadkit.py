"""The pure helpers of bench/load.py: percentiles, recovery time and the TCP proxy."""

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.loadkit.proxy import serve
from bench.loadkit.stats import latency_summary, percentile, recovery_seconds


def test_percentiles_are_measured_values_by_nearest_rank():
    values = [float(n) for n in range(100, 0, -1)]  # 100 .. 1, unsorted

    assert [percentile(values, f) for f in (0.5, 0.95, 0.99, 1.0)] == [50.0, 95.0, 99.0, 100.0]
    assert percentile([7.0], 0.5) == 7.0
    assert percentile([1.0, 2.0, 3.0], 0.5) == 2.0


def test_a_percentile_of_nothing_or_out_of_range_is_refused():
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)
    with pytest.raises(ValueError, match="fraction"):
        percentile([1.0], 0)


def test_latency_summary_counts_requests_per_second():
    assert latency_summary([10.0, 20.0, 30.0, 40.0], seconds=2.0) == {
        "rps": 2.0, "p50": 20.0, "p95": 40.0, "p99": 40.0}
    assert latency_summary([], seconds=2.0) == {"rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}


def test_recovery_runs_to_the_first_success_after_the_last_failure():
    samples = [(1.0, 201, 10.0), (5.0, 503, 1.0), (10.5, 0, 1.0), (10.6, 201, 400.0),
               (11.0, 200, 100.0), (12.0, 200, 5.0)]

    # Back at 10.0; the last failure was sent at 10.5; the first success sent after it ends
    # at 10.6 + 0.4 = 11.0 (before the one sent at 11.0 ends at 11.1).
    assert recovery_seconds(samples, back_at=10.0) == pytest.approx(1.0)
    assert recovery_seconds([(1.0, 503, 1.0)], back_at=0.5) is None
    assert recovery_seconds([(1.0, 200, 1.0)], back_at=5.0) == 0.0
    assert recovery_seconds([(1.0, 500, 1.0), (6.0, 200, 500.0)], back_at=5.0) == 1.5


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_proxy_forwards_both_ways_and_refuses_once_stopped():
    async def scenario() -> tuple[bytes, bool]:
        async def shout(reader, writer):
            writer.write((await reader.readline()).upper())
            await writer.drain()
            writer.close()

        target = await asyncio.start_server(shout, "127.0.0.1", 0)
        listen_port = _free_port()
        started = asyncio.Event()
        proxy = asyncio.create_task(
            serve(listen_port, target.sockets[0].getsockname()[1], started))
        await asyncio.wait_for(started.wait(), 5)
        reader, writer = await asyncio.open_connection("127.0.0.1", listen_port)
        writer.write(b"select 1\n")
        answer = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
        proxy.cancel()
        with pytest.raises(asyncio.CancelledError):
            await proxy
        try:
            await asyncio.open_connection("127.0.0.1", listen_port)
        except OSError:
            refused = True
        else:
            refused = False
        target.close()
        return answer, refused

    # A thread of its own: earlier tests (the browser's sync API) may leave an event loop
    # running in this one, and asyncio.run() refuses to start inside it.
    with ThreadPoolExecutor(max_workers=1) as thread:
        assert thread.submit(asyncio.run, scenario()).result(timeout=30) == (
            b"SELECT 1\n", True)
