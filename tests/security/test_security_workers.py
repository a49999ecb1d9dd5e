"""Rate limits across worker processes (issue 16, item 3): two real gunicorn workers share one real Redis, so a
client gets each limit once, not once per worker; production refuses per-process (memory://) counters unless one
process serves the site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from aarhus.core import keys
from aarhus.core.config import Settings, SettingsError
from aarhus.core.extensions import db

BIN = Path(sys.executable).parent
LIMIT = 5  # POST /api/v1/requests: 5 per minute
START_TIMEOUT = 30  # seconds a server may take to answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


@pytest.fixture
def redis_url(tmp_path):
    """Debian's redis-server on a free port, its files in a temporary directory (scripts/system-packages.sh)."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: bash scripts/system-packages.sh"
    port, folder = free_port(), tmp_path / "redis"
    folder.mkdir()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
                                "--save", "", "--appendonly", "no", "--daemonize", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        stop(process)


@pytest.fixture
def production_env(app, settings, tmp_path):
    """The environment of a production installation on the test's database (its tables made by ``app``)."""
    db.session.commit()
    key, certificate = tmp_path / "signing-key.pem", tmp_path / "pdf.p12"
    keys.create_signing_key(key)
    keys.create_development_certificate(certificate, "pfx-pass")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AARHUS_")}
    return environ | {"AARHUS_ENV": "production", "AARHUS_SECRET_KEY": "s3cret-" + "k" * 40,
                      "AARHUS_DATABASE_URL": settings.database_url, "AARHUS_UPLOAD_DIR": settings.upload_dir,
                      "AARHUS_SIGNING_KEY_FILE": str(key), "AARHUS_PDF_CERT_FILE": str(certificate),
                      "AARHUS_PDF_CERT_PASSWORD": "pfx-pass", "AARHUS_BASE_URL": "https://aarhus.example.kz",
                      "AARHUS_ALLOWED_HOSTS": "127.0.0.1"}


def gunicorn(environ: dict[str, str], port: int, access_log: Path) -> subprocess.Popen:
    """``gunicorn -w 2 'aarhus:create_app()'`` as the README runs it, logging the worker's pid of each request."""
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5",
         "--access-logfile", str(access_log), "--access-logformat", "%(p)s %(s)s", "aarhus:create_app()"],
        env=environ, cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)


def wait_until_served(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped: {process.stderr.read()[-2000:]}"
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused, or accepted by the socket before a worker booted (timed out): not yet
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")


def post(base: str) -> int:
    """One empty request for information (422 while under the limit, then 429), on a connection of its own."""
    request = urllib.request.Request(f"{base}/api/v1/requests", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


class Held:
    """A request whose first line is sent and the rest held back: a sync worker takes it and waits for it, so the
    other worker takes the calls made meanwhile."""

    def __init__(self, port: int) -> None:
        self.connection = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.connection.sendall(b"POST /api/v1/requests HTTP/1.1\r\n")
        time.sleep(0.5)  # let a worker accept it

    def finish(self) -> int:
        self.connection.sendall(b"Host: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                b"Connection: close\r\n\r\n{}")
        answer = b""
        while chunk := self.connection.recv(4096):
            answer += chunk
        self.connection.close()
        return int(answer.split(b" ", 2)[1])


def test_two_gunicorn_workers_sharing_redis_give_a_client_each_limit_once(production_env, redis_url, tmp_path):
    port, log = free_port(), tmp_path / "access.log"
    process = gunicorn(production_env | {"AARHUS_RATELIMIT_STORAGE_URL": redis_url}, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_served(process, base)
        first = Held(port)  # worker X waits for it
        statuses = [post(base) for _ in range(3)]  # answered by worker Y
        second = Held(port)  # Y waits for it
        statuses.append(first.finish())  # X answers, then is free
        statuses += [post(base) for _ in range(3)]  # answered by X
        statuses.append(second.finish())  # Y
        pids = [line.split()[0] for line in log.read_text().splitlines() if line.split()[1] in ("422", "429")]
        assert len(pids) == 8 and len(set(pids)) == 2, pids  # both workers took calls
        # Per process (memory://) each worker would allow 5 (8 × 422 here); shared, the client gets 5 in all.
        assert statuses == [422] * LIMIT + [429] * 3, statuses
    finally:
        stop(process)
        process.stderr.close()


def test_production_with_two_workers_will_not_start_on_per_process_counters(production_env, tmp_path):
    process = gunicorn(production_env | {"AARHUS_RATELIMIT_STORAGE_URL": "memory://"}, free_port(),
                       tmp_path / "access.log")
    try:
        process.wait(timeout=START_TIMEOUT)
        assert process.returncode != 0
        assert "AARHUS_RATELIMIT_STORAGE_URL is memory://" in process.stderr.read()
    finally:
        if process.poll() is None:
            stop(process)
        process.stderr.close()


def test_memory_counters_are_refused_in_production_unless_one_process_serves():
    environ = {"AARHUS_ENV": "production", "AARHUS_SECRET_KEY": "s3cret-" + "k" * 40,
               "AARHUS_SIGNING_KEY_FILE": "/etc/aarhus/key.pem", "AARHUS_PDF_CERT_FILE": "/etc/aarhus/pdf.p12",
               "AARHUS_BASE_URL": "https://aarhus.example.kz"}
    with pytest.raises(SettingsError, match="AARHUS_WORKERS=1"):
        Settings.from_env(environ)
    with pytest.raises(SettingsError, match="redis://"):
        Settings.from_env(environ | {"AARHUS_WORKERS": "2"})
    assert Settings.from_env(environ | {"AARHUS_WORKERS": "1"}).workers == 1
    assert Settings.from_env(environ | {"AARHUS_RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379"}).is_production
    assert Settings.from_env({}).ratelimit_storage_url == "memory://"  # development: one process, memory is fine
