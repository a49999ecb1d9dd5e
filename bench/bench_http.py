"""Public pages against /healthz on the same gunicorn (2 workers), loaded by wrk, in one run.

Data: the demo plus --hearings 10000 --requests 10000 --comments 200000 (one hearing
with 200 comments). For each page: requests per second and its ratio to /healthz,
p50 and p99 latency at 8 connections, and the peak resident memory of the workers.
Targets: ratio >= 0.5, p99 < 100 ms, < 200 MB per worker.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DURATION = os.environ.get("BENCH_SECONDS", "5")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str) -> tuple[float, float, float]:
    """Requests per second, p50 and p99 in milliseconds."""
    out = subprocess.run(["wrk", "-t2", "-c8", f"-d{DURATION}s", "--latency", url], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))
    return rps, p50, p99


def _peak_rss_mb(master: int) -> float:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks) if peaks else 0.0


def run() -> list[tuple[str, float, str]]:
    """Return rows of (measure, value, unit)."""
    if not shutil.which("wrk"):
        return [("http: wrk is not installed (scripts/system-packages.sh)", 0.0, "")]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "AARHUS_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
               "AARHUS_UPLOAD_DIR": f"{folder}/uploads", "AARHUS_SECRET_KEY": "bench", "AARHUS_ENV": "development"}
        flask = [str(BIN / "flask"), "--app", "aarhus"]
        subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([*flask, "demo", "--hearings", "10000", "--requests", "10000", "--comments", "200000"],
                       env=env, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen([str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "aarhus:create_app()"],
                                  env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.2)
            return _measure(base, server.pid)
        finally:
            server.terminate()
            server.wait()


PAGES = [("/healthz", "/healthz"), ("/hearings", "/hearings"),
         ("/hearings?region=KZ-35&page=3", "/hearings?region=KZ-35&page=3"),
         ("hearing with 200 comments", "/hearings/1"), ("/api/v1/hearings?page=5", "/api/v1/hearings?page=5"),
         ("/requests", "/requests")]


def _measure(base: str, master: int) -> list[tuple[str, float, str]]:
    rows, baseline = [], None
    for label, path in PAGES:
        urllib.request.urlopen(base + path).read()  # warm the page cache
        rps, p50, p99 = wrk(base + path)
        baseline = baseline or rps
        rows += [(f"http: {label} req/s", rps, "/s"), (f"http: {label} ratio to /healthz (target >= 0.5)",
                                                          rps / baseline, "×"),
                 (f"http: {label} p50 (ms)", p50, "ms"), (f"http: {label} p99 (ms, target < 100)", p99, "ms")]
    rows.append(("http: peak resident memory per worker (MB, target < 200)", _peak_rss_mb(master), "MB"))
    return rows


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:62s} {value:9.2f} {unit}")
