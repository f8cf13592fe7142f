"""`chair` as a new process, forked from one that has already imported its libraries.

Every command that opens a database spends most of its CPU importing SQLAlchemy's ORM, the
mapped models, pydantic and the config models (about 0.5 of 0.8 CPU-seconds for `chair
minutes`), and the suite starts `chair` a few hundred times. `run(argv, cwd, env, ...)` starts
it instead as a child of one server process per test process that imported those modules once
(never polars or Textual: polars warns on fork, Textual reads its settings at import). The
child is a real process of its own: its own pid, arguments, environment (replaced whole),
working folder, standard input/output/error (the caller's pipes, passed over a Unix socket),
exit status and signals; `chair.cli.main` runs in it exactly as the installed `chair` script
runs it. What it shares with the server is only modules imported before any command ran.

What this cannot show, and the tests that show it with a cold interpreter: which modules a
command imports (tests/test_import_hygiene.py), the installed script itself
(tests/cli/test_packaging.py, tests/cli/test_end_to_end.py), an interrupted start-up
(tests/cli/test_check_interrupt.py). The variables that change how Python itself starts
(PYTHON*, LANG, LC_*) are the server's own: one server for each set of them met.
CHAIR_TEST_COLD_START=1 turns the servers off for the whole session.
"""

from __future__ import annotations

import array
import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRELOAD = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "pydantic",
    "config",
    "config.load",
    "config.models",
    "storage.database.models",
    "storage.database.engine",
    "storage.service.store",
    "storage.service.chair",
    "chair.cli",
    "chair.context",
)
"""Imported by the server before it forks (none reads the environment at import)."""

_STARTUP_VARIABLES = ("PYTHON", "LANG", "LC_")


class _Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="chair-warm-"))
        self.address = str(self.folder / "socket")
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, "-c", f"from tests.warm_chair import serve; serve({self.address!r})"],
            cwd=ROOT,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline()
        if ready.strip() != b"ready":
            raise RuntimeError(f"the warm chair server did not start: {ready!r}")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        for leftover in self.folder.iterdir():
            leftover.unlink()
        self.folder.rmdir()


_servers: dict[tuple[tuple[str, str], ...], _Server] = {}
_lock = threading.Lock()


def _server_for(env: dict[str, str]) -> _Server | None:
    """The server started with this environment's Python start-up variables (one per set)."""
    if os.environ.get("CHAIR_TEST_COLD_START") == "1" or sys.platform != "linux":
        return None
    key = tuple(sorted((k, v) for k, v in env.items() if k.startswith(_STARTUP_VARIABLES)))
    with _lock:
        server = _servers.get(key)
        if server is None or server.process.poll() is not None:
            server = _servers[key] = _Server(env)
            atexit.register(server.stop)
        return server


def run(
    argv: list[str],
    *,
    cwd: Path | str,
    env: dict[str, str],
    timeout: float,
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.CompletedProcess[str]:
    """Like `subprocess.run([chair, *argv], capture_output=True, text=True, ...)`; argv
    excludes the program name."""
    server = _server_for(env)
    if server is None or stdin != subprocess.DEVNULL:
        return subprocess.run(
            [sys.executable, "-m", "chair", *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=stdin,
        )
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    null = os.open(os.devnull, os.O_RDONLY)
    request = json.dumps({"argv": argv, "cwd": str(cwd), "env": env}).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(server.address)
        fds = array.array("i", [null, out_write, err_write])
        connection.sendmsg(
            [len(request).to_bytes(8, "big"), request],
            [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds.tobytes())],
        )
        for fd in (null, out_write, err_write):
            os.close(fd)
        pid = int(_read_line(connection))
        stdout, stderr, timed_out = _collect(out_read, err_read, timeout)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        status = int(_read_line(connection))
    if timed_out:
        raise subprocess.TimeoutExpired(["chair", *argv], timeout, stdout, stderr)
    return subprocess.CompletedProcess(["chair", *argv], status, stdout, stderr)


def _read_line(connection: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(64)
        if not chunk:
            raise RuntimeError("the warm chair server went away")
        data += chunk
    return data.decode()


def _collect(out_read: int, err_read: int, timeout: float) -> tuple[str, str, bool]:
    """Read both pipes to their end (both writers gone), or until the timeout."""
    import selectors
    import time

    chunks: dict[int, list[bytes]] = {out_read: [], err_read: []}
    deadline = time.monotonic() + timeout
    timed_out = False
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            for key, _ in selector.select(left):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
    for fd in chunks:
        os.close(fd)

    def text(fd: int) -> str:
        # As subprocess.run(text=True) decodes: the locale's encoding, universal newlines.
        raw = b"".join(chunks[fd]).decode(_encoding(), errors="strict")
        return raw.replace("\r\n", "\n").replace("\r", "\n")

    return text(out_read), text(err_read), timed_out


def _encoding() -> str:
    import locale

    return locale.getpreferredencoding(False)


# ---------------------------------------------------------------- the server process


def serve(address: str) -> None:
    """Import PRELOAD, then fork a child for each request until killed."""
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True).start()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(8)
    print("ready", flush=True)
    while True:
        connection, _ = listener.accept()
        pid = _start_one(connection, listener)
        # Callers may run several at once (a thread pool): each child is awaited in a thread.
        threading.Thread(target=_report, args=(connection, pid), daemon=True).start()


def _end_with(parent: int) -> None:
    """Exit when the test process that started this server is gone (even if it was killed)."""
    import time

    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _start_one(connection: socket.socket, listener: socket.socket) -> int:
    size_bytes, fds = _receive(connection, 8)
    body = b""
    size = int.from_bytes(size_bytes, "big")
    while len(body) < size:
        body += connection.recv(size - len(body))
    request = json.loads(body)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: becomes `chair ARGV`
        listener.close()
        connection.close()
        _become_chair(request, fds)
    for fd in fds:
        os.close(fd)
    return pid


def _report(connection: socket.socket, pid: int) -> None:
    with connection:
        connection.sendall(f"{pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        connection.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())


def _receive(connection: socket.socket, size: int) -> tuple[bytes, list[int]]:
    fds = array.array("i")
    data, ancillary, _, _ = connection.recvmsg(size, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - (len(payload) % fds.itemsize)])
    while len(data) < size:
        data += connection.recv(size - len(data))
    return data, list(fds)


def _become_chair(request: dict[str, object], fds: list[int]) -> None:
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(str(request["cwd"]))
        environment = request["env"]
        assert isinstance(environment, dict)
        os.environ.clear()
        os.environ.update(environment)
        argv = request["argv"]
        assert isinstance(argv, list)
        sys.argv = ["chair", *argv]
        sys.path[0] = os.getcwd()  # as `python -m chair` run there
        from chair.cli import main

        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        if not isinstance(exit_.code, int) and exit_.code is not None:
            print(exit_.code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - as the interpreter: traceback, exit 1
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
