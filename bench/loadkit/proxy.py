"""A TCP forwarder on the loopback: `python bench/loadkit/proxy.py LISTEN_PORT TARGET_PORT`.

bench/load.py points the server's DATABASE_URL at it instead of PostgreSQL. Killing the
process drops every forwarded connection and refuses new ones, as a stopped database would,
without touching the shared cluster; starting it again on the same port is the restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys

HOST = "127.0.0.1"
CHUNK = 64 * 1024


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def serve(listen_port: int, target_port: int, started: asyncio.Event | None = None) -> None:
    """Forwards every connection to HOST:target_port until cancelled."""

    async def forward(client_reader: asyncio.StreamReader,
                      client_writer: asyncio.StreamWriter) -> None:
        try:
            target_reader, target_writer = await asyncio.open_connection(HOST, target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(_pipe(client_reader, target_writer),
                             _pipe(target_reader, client_writer))

    server = await asyncio.start_server(forward, HOST, listen_port, reuse_address=True)
    if started is not None:
        started.set()
    print("ready", flush=True)  # the parent waits for this line before it relies on the port
    async with server:
        await server.serve_forever()


def main(argv: list[str]) -> None:
    listen_port, target_port = (int(value) for value in argv)
    asyncio.run(serve(listen_port, target_port))


if __name__ == "__main__":
    main(sys.argv[1:])
