"""A throw-away PostgreSQL server for the test session, so PostgreSQL variants run in CI.

When the session collects a PostgreSQL-parametrized test (or one marked `postgres`),
CHAIR_TEST_POSTGRES_URL is unset and PostgreSQL's server programs are installed (on PATH, or
Debian's /usr/lib/postgresql/<version>/bin), this initdb's a cluster in a temporary directory,
starts it on a free loopback port with its socket in that directory, points
CHAIR_TEST_POSTGRES_URL at it, and stops and deletes it when the session ends. initdb refuses
to run as root, so as root the cluster belongs to the `postgres` user (runuser). Without the
programs nothing starts and the PostgreSQL variants skip, as before. CHAIR_TEST_NO_POSTGRES=1
turns it off. Registered by one import line in tests/conftest.py.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

URL_VARIABLE = "CHAIR_TEST_POSTGRES_URL"
SERVER_USER = "postgres"


@dataclass
class Server:
    directory: Path
    bin_dir: Path
    as_user: list[str]
    url: str

    def pg_ctl(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        data = str(self.directory / "data")
        return subprocess.run(
            [*self.as_user, str(self.bin_dir / "pg_ctl"), "-D", data, *arguments],
            capture_output=True,
            text=True,
            timeout=120,
        )


_server: Server | None = None


def server_bin_dir() -> Path | None:
    """Where initdb, pg_ctl and postgres live, or None if PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        return None
    newest = max(candidates, key=lambda path: int(Path(path).parts[-3]))
    return Path(newest).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_user(directory: Path) -> list[str] | None:
    """The command prefix to run the server as a non-root user ([] when not root)."""
    if os.geteuid() != 0:
        return []
    try:
        user = pwd.getpwnam(SERVER_USER)
    except KeyError:
        return None
    runuser = shutil.which("runuser")
    if runuser is None:
        return None
    os.chown(directory, user.pw_uid, user.pw_gid)
    return [runuser, "-u", SERVER_USER, "--"]


def start_server() -> Server | None:
    """Initialise and start a private cluster; None (and a note on why) if it cannot."""
    bin_dir = server_bin_dir()
    if bin_dir is None or importlib.util.find_spec("psycopg") is None:
        return None  # no server, or no driver to reach it (pip install -e '.[postgres]')
    directory = Path(tempfile.mkdtemp(prefix="chair-pg-"))
    as_user = _as_user(directory)
    if as_user is None:
        shutil.rmtree(directory, ignore_errors=True)
        return None
    data = directory / "data"
    initdb = subprocess.run(
        [*as_user, str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        + ["-E", "UTF8", "--locale=C", "--no-sync"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if initdb.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {initdb.stderr.strip()[-500:]}")
    port = _free_port()
    # Durability of this throw-away server is not under test: skip the fsyncs.
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    server = Server(directory, bin_dir, as_user, f"postgresql://postgres@127.0.0.1:{port}/postgres")
    started = server.pg_ctl("-o", options, "-l", str(directory / "server.log"), "-w", "start")
    if started.returncode != 0:
        log = (directory / "server.log").read_text(errors="replace")[-500:]
        shutil.rmtree(directory, ignore_errors=True)
        raise RuntimeError(f"the test PostgreSQL server did not start: {log}")
    return server


def stop_server(server: Server) -> None:
    server.pg_ctl("-m", "immediate", "-w", "stop")
    shutil.rmtree(server.directory, ignore_errors=True)


def _wants_postgres(items: list[pytest.Item]) -> bool:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in callspec.params.values():
            return True
        if item.get_closest_marker("postgres") is not None:
            return True
    return False


def pytest_collection_finish(session: pytest.Session) -> None:
    global _server
    if os.environ.get(URL_VARIABLE) or os.environ.get("CHAIR_TEST_NO_POSTGRES") == "1":
        return
    if not _wants_postgres(session.items):
        return
    _server = start_server()
    if _server is not None:
        os.environ[URL_VARIABLE] = _server.url


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _server
    if _server is not None:
        stop_server(_server)
        os.environ.pop(URL_VARIABLE, None)
        _server = None


def pytest_report_header(config: pytest.Config) -> str:
    bin_dir = server_bin_dir()
    if os.environ.get(URL_VARIABLE):
        return f"PostgreSQL: {URL_VARIABLE} is set"
    if bin_dir is None:
        return "PostgreSQL: server programs not installed; PostgreSQL variants skip"
    if importlib.util.find_spec("psycopg") is None:
        return "PostgreSQL: psycopg not installed (the [postgres] extra); PostgreSQL variants skip"
    return "PostgreSQL: a throw-away server starts if PostgreSQL variants are collected"
