# ruff: noqa: T201, S603, S607  (a command-line launcher: it prints and runs fixed commands)
"""The production shape on one machine: gunicorn, a Celery worker and Celery beat, on PostgreSQL
and Redis. ``make serve-prod`` runs ``python -m config.serve_prod``.

Steps: start PostgreSQL and Redis if they are down (the commands of ``.ci/run``), create the
database if it is missing, migrate, collect static files, load the bundled sample, then start the
three processes, each in its own process group, and wait for ``/healthz``.

- ``python -m config.serve_prod``: in the foreground; Ctrl-C (or SIGTERM) stops all three.
- ``--background``: start, wait until healthy, write ``DATA_DIR/run/{web,worker,beat}.pid`` and
  logs in ``DATA_DIR/log/``, return. A second call while they run changes nothing.
- ``--stop``: stop what the pid files name (SIGTERM, then SIGKILL after a grace period).
- ``--status``: say which of the three run; exit 1 unless all do.

Defaults, each overridden by the environment: ``DEBUG=0``,
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/parvaipret``,
``CELERY_BROKER_URL=redis://127.0.0.1:6379/0``, ``CACHE_URL=redis://127.0.0.1:6379/1``,
``HOST=127.0.0.1``, ``PORT=8000``, ``CONN_MAX_AGE=60``, ``SECURE_SSL_REDIRECT=0`` (plain HTTP
on loopback; TLS belongs to the proxy in front, docs/deployment.md), and a ``SECRET_KEY``
generated once and kept in ``DATA_DIR/secret_key``. Worker processes: ``WEB_CONCURRENCY``,
``GUNICORN_THREADS`` (see ``config/gunicorn.py``) and ``CELERY_CONCURRENCY`` (default 2).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PROCESSES = ("web", "worker", "beat")
STOP_GRACE_SECONDS = 30
HEALTH_TIMEOUT_SECONDS = 90

DEFAULTS = {
    "DEBUG": "0",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/parvaipret",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "HOST": "127.0.0.1",
    "PORT": "8000",
    "SECURE_SSL_REDIRECT": "0",
    "CELERY_CONCURRENCY": "2",
    # Keep database connections between requests (health-checked: CONN_HEALTH_CHECKS).
    "CONN_MAX_AGE": "60",
}


@dataclass(frozen=True)
class Shape:
    env: dict[str, str]
    data_dir: Path

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def url(self) -> str:
        return f"http://{self.env['HOST']}:{self.env['PORT']}"

    def pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"


def shape_from_environment(environ: dict[str, str] | None = None) -> Shape:
    """The environment the three processes get: the caller's, over the defaults above."""
    env = {**DEFAULTS, **(os.environ if environ is None else environ)}
    data_dir = Path(env.get("DATA_DIR") or BASE_DIR / "var").resolve()
    env["DATA_DIR"] = str(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = _kept_secret_key(data_dir / "secret_key")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env.setdefault("GUNICORN_CONTROL_SOCKET", str(data_dir / "run" / f"gunicorn-{env['PORT']}.ctl"))
    return Shape(env=env, data_dir=data_dir)


def _kept_secret_key(path: Path) -> str:
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


# --- services ----------------------------------------------------------------------------------


def ensure_postgres(database_url: str) -> None:
    """Start the local cluster if it is down (loopback:5432 only), create the database if missing."""
    import psycopg

    parts = urlsplit(database_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    name = parts.path.lstrip("/")
    if not _pg_ready(host, port) and (host, port) in (("127.0.0.1", 5432), ("localhost", 5432)):
        version = sorted(os.listdir("/etc/postgresql"))[0]
        print(f"serve-prod: starting PostgreSQL {version}", flush=True)
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )
    for _ in range(30):
        if _pg_ready(host, port):
            break
        time.sleep(1)
    else:
        raise SystemExit(f"serve-prod: PostgreSQL on {host}:{port} is not accepting connections")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"serve-prod: creating database {name}", flush=True)
            conn.execute(f'CREATE DATABASE "{name}"')


def _pg_ready(host: str, port: int) -> bool:
    return (
        subprocess.run(["pg_isready", "-q", "-h", host, "-p", str(port)], check=False).returncode
        == 0
    )


def ensure_redis(url: str) -> None:
    """Start Redis if it is down on loopback:6379 (as .ci/run does); wait for PONG."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    if not _redis_ready(host, port) and (host, port) in (("127.0.0.1", 6379), ("localhost", 6379)):
        print("serve-prod: starting Redis", flush=True)
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
                "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
                "--logfile", "/var/log/redis/ci.log",
            ],
            check=True,
        )  # fmt: skip
    for _ in range(30):
        if _redis_ready(host, port):
            return
        time.sleep(1)
    raise SystemExit(f"serve-prod: Redis on {host}:{port} does not answer PING")


def _redis_ready(host: str, port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(host=host, port=port, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


# --- the processes -----------------------------------------------------------------------------


def prepare(shape: Shape, *, sample: bool = True) -> None:
    ensure_postgres(shape.env["DATABASE_URL"])
    for url in {shape.env["CELERY_BROKER_URL"], shape.env["CACHE_URL"]}:
        if url.startswith("redis://"):
            ensure_redis(url)
    steps = [["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]]
    if sample:
        steps.append(["load_sample"])
    for step in steps:
        print(f"serve-prod: manage.py {' '.join(step)}", flush=True)
        subprocess.run(
            [sys.executable, "manage.py", *step], cwd=BASE_DIR, env=shape.env, check=True
        )


def commands(shape: Shape) -> dict[str, list[str]]:
    py = sys.executable
    port = shape.env["PORT"]
    return {
        "web": [py, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"],
        "worker": [
            py, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
            "--concurrency", shape.env["CELERY_CONCURRENCY"], "-n", f"parvaipret-{port}@%h",
        ],
        "beat": [
            py, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
            "--schedule", str(shape.data_dir / f"celerybeat-schedule-{port}"), "--pidfile=",
        ],
    }  # fmt: skip


def start(shape: Shape, *, background: bool) -> dict[str, subprocess.Popen]:
    shape.run_dir.mkdir(parents=True, exist_ok=True)
    shape.log_dir.mkdir(parents=True, exist_ok=True)
    started: dict[str, subprocess.Popen] = {}
    for name, argv in commands(shape).items():
        output = open(shape.log_dir / f"{name}.log", "ab") if background else None  # noqa: SIM115
        started[name] = subprocess.Popen(
            argv,
            cwd=BASE_DIR,
            env=shape.env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if background else None,
            start_new_session=True,  # own process group: Ctrl-C reaches the launcher only
        )
        shape.pid_file(name).write_text(f"{started[name].pid}\n")
    return started


def wait_healthy(shape: Shape, processes: dict[str, subprocess.Popen] | None = None) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        for name, process in (processes or {}).items():
            if process.poll() is not None:
                raise SystemExit(f"serve-prod: {name} exited with {process.returncode}")
        if healthy(shape.url):
            return
        time.sleep(0.5)
    raise SystemExit(f"serve-prod: {shape.url}/healthz did not answer 200 in time")


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def running(shape: Shape) -> dict[str, int]:
    """The processes whose pid files name a live process of ours."""
    alive = {}
    for name in PROCESSES:
        pid = _read_pid(shape.pid_file(name))
        if pid is not None and _is_ours(pid):
            alive[name] = pid
    return alive


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _is_ours(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return False
    return (b"gunicorn" in cmdline or b"celery" in cmdline) and b"config" in cmdline


def stop(shape: Shape, grace: float = STOP_GRACE_SECONDS) -> list[str]:
    """SIGTERM each process (graceful: gunicorn finishes requests, Celery its tasks); SIGKILL
    the process group of any still alive after ``grace`` seconds."""
    pids = running(shape)
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_is_alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # also reaps children a killed master left behind
    for name in PROCESSES:
        shape.pid_file(name).unlink(missing_ok=True)
    return sorted(pids)


def _is_alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap if it is our own child
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (OSError, IndexError):
        return False
    return state != "Z"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="serve_prod", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--background", action="store_true", help="start, wait, return")
    mode.add_argument("--stop", action="store_true", help="stop a background shape")
    mode.add_argument("--status", action="store_true", help="which processes run")
    parser.add_argument("--no-sample", action="store_true", help="skip load_sample")
    parser.add_argument("--no-prepare", action="store_true", help="skip services/migrate/static")
    args = parser.parse_args(argv)
    shape = shape_from_environment()

    if args.status:
        alive = running(shape)
        for name in PROCESSES:
            print(f"{name}: {'running, pid ' + str(alive[name]) if name in alive else 'stopped'}")
        return 0 if len(alive) == len(PROCESSES) else 1
    if args.stop:
        stopped = stop(shape)
        print(f"serve-prod: stopped {', '.join(stopped) or 'nothing (none running)'}")
        return 0

    alive = running(shape)
    if alive and args.background:
        if len(alive) == len(PROCESSES) and healthy(shape.url):
            print(f"serve-prod: already running on {shape.url}/")
            return 0
        stop(shape)
    for tool in ("pg_isready",):
        if shutil.which(tool) is None:
            print(f"serve-prod: {tool} not found (PostgreSQL client tools)", file=sys.stderr)
    if not args.no_prepare:
        prepare(shape, sample=not args.no_sample)
    processes = start(shape, background=args.background)
    try:
        wait_healthy(shape, processes)
    except SystemExit:
        stop(shape, grace=5)
        raise
    print(
        f"serve-prod: ParVaiPret on {shape.url}/  (gunicorn pid {processes['web'].pid}, "
        f"celery worker {processes['worker'].pid}, beat {processes['beat'].pid})",
        flush=True,
    )
    if args.background:
        print(f"serve-prod: logs in {shape.log_dir}/, stop with `make serve-prod-stop`")
        return 0
    return _supervise(shape, processes)


def _supervise(shape: Shape, processes: dict[str, subprocess.Popen]) -> int:
    """Wait for Ctrl-C/SIGTERM or for one process to die; then stop all three."""
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print("serve-prod: Ctrl-C stops all three", flush=True)
    code = 0
    while not stopping:
        dead = [name for name, p in processes.items() if p.poll() is not None]
        if dead:
            print(f"serve-prod: {', '.join(dead)} exited; stopping the rest", file=sys.stderr)
            code = 1
            break
        time.sleep(0.5)
    stop(shape)
    print("serve-prod: stopped", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
