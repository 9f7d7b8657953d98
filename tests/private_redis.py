"""A private redis-server for tests that stop Redis for real: started on a free port in a
folder of its own, stopped with SIGTERM, and started again from the snapshot it was told
to write (as a Redis restarted from its dump, or a replica promoted, comes back with what
it held). Never the shared server."""

import subprocess
from pathlib import Path

import redis

from bench.server import free_port


class PrivateRedis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port)

    def start(self) -> None:
        """Start it, loading the last snapshot if there is one; returns once it accepts
        connections (it says so on its output: no polling)."""
        assert self.process is None, "already running"
        self.process = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder)),
                *("--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        seen = []
        for line in self.process.stdout:
            seen.append(line)
            if "Ready to accept connections" in line:
                return
        self.process.wait()
        self.process = None
        raise RuntimeError("redis-server did not start:\n" + "".join(seen))

    def snapshot(self) -> None:
        """Write what it holds to its dump, for the next start to load."""
        self.client().save()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        self.process.communicate(timeout=30)
        self.process = None
