# ruff: noqa: S603, S607  (runs fixed local server commands)
"""What the fault scripts share: private PostgreSQL and Redis servers, and the verdict line.

A fault script breaks a service on purpose. It does so to a **private** PostgreSQL cluster
(``initdb`` in a temporary folder, its own port) and a **private** Redis (its own port and
folder), never to the machine's shared servers on 5432 and 6379, which other work (CI, other
developers' tests) may be using at the same moment. ``--cluster`` on ``pg_restart`` restarts the
machine's own cluster instead, for a machine that serves nothing else.

Everything listens on 127.0.0.1 only and is stopped and deleted when the script ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from config import serve_prod

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin(tool: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        raise SystemExit("PostgreSQL server binaries not found under /usr/lib/postgresql")
    return str(versions[-1] / tool)


def _as_postgres(argv: list[str]) -> list[str]:
    """initdb and pg_ctl refuse to run as root: run them as the postgres user there."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class PrivatePostgres:
    """A throw-away PostgreSQL cluster on 127.0.0.1:``port`` (trust auth, user postgres)."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run(
            _as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), *args]),
            check=check,
            stdout=subprocess.DEVNULL,
        )

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [_pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                 "--no-sync", "-E", "UTF8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c max_connections=100"
        )
        self._ctl("-o", options, "-l", str(self.folder / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop", check=False)

    def ready(self) -> bool:
        return (
            subprocess.run(
                [_pg_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            ).returncode
            == 0
        )


@dataclass
class PrivateRedis:
    folder: Path
    port: int

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(self.port),
             "--dir", str(self.folder), "--appendonly", "yes", "--save", "",
             "--pidfile", str(self.folder / "redis.pid"), "--logfile", str(self.folder / "redis.log")],
            check=True,
        )  # fmt: skip
        for _ in range(50):
            if self.ready():
                return
            time.sleep(0.1)
        raise SystemExit(f"private Redis on {self.port} did not start")

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            if not self.ready():
                return
            time.sleep(0.1)

    def ready(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
        )
        return result.stdout.strip() == "PONG"


@dataclass
class Stack:
    """The production shape started on private services; ``shape`` drives serve_prod."""

    postgres: PrivatePostgres
    redis: PrivateRedis
    shape: serve_prod.Shape


@contextlib.contextmanager
def private_stack(name: str, *, keep: bool = False) -> Iterator[Stack]:
    """Private PostgreSQL and Redis, then the production shape on them; all gone afterwards."""
    folder = Path(tempfile.mkdtemp(prefix=f"pvp_fault_{name}_"))
    folder.chmod(0o755)  # the postgres user must reach its cluster folder inside
    postgres = PrivatePostgres(folder / "pg", free_port())
    redis = PrivateRedis(folder / "redis", free_port())
    redis.folder.mkdir(parents=True)
    shape = None
    try:
        postgres.init()
        postgres.start()
        redis.start()
        env = {
            **os.environ,
            "DATABASE_URL": postgres.url("parvaipret"),
            "CELERY_BROKER_URL": redis.url(0),
            "CACHE_URL": redis.url(1),
            "PORT": str(free_port()),
            "HOST": "127.0.0.1",
            "DATA_DIR": str(folder / "var"),
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "4"),
        }
        env.pop("SECRET_KEY", None)
        shape = serve_prod.shape_from_environment(env)
        print(f"{name}: private PostgreSQL :{postgres.port}, Redis :{redis.port}, web {shape.url}")
        started = subprocess.run(
            [sys.executable, "-m", "config.serve_prod", "--background"],
            cwd=ROOT,
            env=shape.env,
            check=False,
            capture_output=True,
            text=True,
        )
        if started.returncode != 0:
            raise SystemExit(f"{name}: serve_prod failed:\n{started.stdout}\n{started.stderr}")
        yield Stack(postgres=postgres, redis=redis, shape=shape)
    finally:
        if shape is not None:
            serve_prod.stop(shape, grace=15)
        redis.stop()
        postgres.stop("immediate")
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def verdict(name: str, passed: bool, detail: str) -> int:
    """Print the one pass/fail line a fault script ends with; return its exit status."""
    print(f"fault {name}: {'PASS' if passed else 'FAIL'}: {detail}", flush=True)
    return 0 if passed else 1
