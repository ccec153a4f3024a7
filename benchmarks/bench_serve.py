"""Benchmark: requests per second of `familycentre serve` against a static file server.

Run: ``python benchmarks/bench_serve.py [--seconds 2] [--repeat 5] [--clients 4]``

Both servers run on 127.0.0.1 in their own processes with the same WSGI server
(waitress, the same number of threads); the static one serves the very bytes of the
feed from a file (Werkzeug's ``SharedDataMiddleware``). The feed server runs end to end
through the command line (``familycentre serve``) over an SQLite store holding the
example centre. The same client (threads with keep-alive connections) measures, in
interleaved rounds of ``--seconds`` each, best of ``--repeat``:

- the static file (200, the baseline);
- a centre's feed with a matching ``If-None-Match`` (304; goal: at least 0.8x static);
- a centre's feed without it (a 200 from the response cache; goal: at least 0.5x).

Each request comes on a new connection, as a calendar client's polls (hours apart)
do; ``--keep-alive`` reuses connections instead, where waitress closes the connection
after every 304 anyway (it sends no ``Content-Length`` there), so 304s pay for a new
connection in both modes.

Every response is checked (status and body length); the counts are printed. Besides
requests per second of wall-clock time, each server's requests per second of its own
CPU time are shown (Linux), which depend less on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import familycentre as fc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sonnenblume.toml"
FEED = "/centres/sonnenblume/ical.ics"

STATIC_SERVER = """
import sys, waitress
from werkzeug.exceptions import NotFound
from werkzeug.middleware.shared_data import SharedDataMiddleware
app = SharedDataMiddleware(NotFound(), {"/": sys.argv[1]}, cache=True)
server = waitress.create_server(app, host="127.0.0.1", port=0, threads=int(sys.argv[2]))
print(f"serving http://127.0.0.1:{server.effective_port}/", file=sys.stderr, flush=True)
server.run()
"""


def start(command: list[str]) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if found is None:
        process.kill()
        raise SystemExit(f"a server did not start: {line!r}")
    threading.Thread(target=lambda: process.stderr and process.stderr.read(), daemon=True).start()
    return process, int(found.group(1))


def stop(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


def get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, response.read(), found
    finally:
        connection.close()


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) a process has used so far (Linux: /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    port: int,
    path: str,
    headers: dict[str, str],
    status: int,
    size: int,
    seconds: float,
    clients: int,
    keep_alive: bool,
) -> tuple[float, int]:
    """Requests per second of ``clients`` clients; every reply is checked.

    Without ``keep_alive``, every request comes on a new connection, as the polls of
    calendar clients (hours apart) do.
    """
    counts = [0] * clients
    failures: list[str] = []
    stop_at = time.perf_counter() + seconds

    def run(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.perf_counter() < stop_at:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                if response.status != status or len(body) != size:
                    failures.append(f"{response.status} with {len(body)} bytes")
                    return
                counts[index] += 1
                if not keep_alive or response.will_close:
                    connection.close()  # the next request opens a new connection
        except Exception as exc:
            failures.append(repr(exc))
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{path}: unexpected reply: {failures[0]}")
    return sum(counts) / elapsed, sum(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one round")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per variant (best of)")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--threads", type=int, default=4, help="server threads (both servers)")
    parser.add_argument(
        "--keep-alive",
        action="store_true",
        help="reuse connections (waitress closes the connection after every 304)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        url = f"sqlite://{folder / 'fc.db'}"
        with fc.open_store(url) as store:
            store.load(fc.load(EXAMPLE))
        feed, feed_port = start(
            [
                sys.executable,
                "-m",
                "familycentre",
                "serve",
                "--store",
                url,
                "--port",
                "0",
                "--threads",
                str(args.threads),
                "--tokens",
                str(folder / "tokens.json"),
            ]
        )
        static_dir = folder / "static"
        static_dir.mkdir()
        try:
            status, body, headers = get(feed_port, FEED)
            assert status == 200, status
            etag = headers["etag"]
            (static_dir / "feed.ics").write_bytes(body)
            static, static_port = start(
                [sys.executable, "-c", STATIC_SERVER, str(static_dir), str(args.threads)]
            )
            try:
                status, static_body, _ = get(static_port, "/feed.ics")
                assert (status, static_body) == (200, body), "the static file differs"
                variants = {
                    "static file (200)": (static_port, "/feed.ics", {}, 200, len(body)),
                    "feed, If-None-Match (304)": (
                        feed_port,
                        FEED,
                        {"If-None-Match": etag},
                        304,
                        0,
                    ),
                    "feed, cached (200)": (feed_port, FEED, {}, 200, len(body)),
                }
                processes = {static_port: static.pid, feed_port: feed.pid}
                best = {name: 0.0 for name in variants}
                best_cpu = {name: 0.0 for name in variants}
                counts = {name: 0 for name in variants}
                for _ in range(args.repeat):  # interleaved rounds
                    for name, (port, path, extra, expected, size) in variants.items():
                        cpu_before = cpu_seconds(processes[port])
                        rate, count = measure(
                            port,
                            path,
                            extra,
                            expected,
                            size,
                            args.seconds,
                            args.clients,
                            args.keep_alive,
                        )
                        cpu = cpu_seconds(processes[port]) - cpu_before
                        best[name] = max(best[name], rate)
                        if cpu > 0:
                            best_cpu[name] = max(best_cpu[name], count / cpu)
                        counts[name] += count
            finally:
                stop(static)
        finally:
            stop(feed)

    baseline = best["static file (200)"]
    baseline_cpu = best_cpu["static file (200)"]
    print(
        f"{len(body)} bytes per feed; {args.clients} clients "
        f"({'keep-alive' if args.keep_alive else 'a new connection per request'}), "
        f"{args.threads} server threads, "
        f"best of {args.repeat} rounds of {args.seconds:.1f} s (cores: {os.cpu_count()})"
    )
    goals = {"feed, If-None-Match (304)": 0.8, "feed, cached (200)": 0.5}
    print(f"{'':28} {'wall clock':>20}  {'per server CPU second':>26}  (goal: both ratios)")
    for name, rate in best.items():
        ratio = rate / baseline
        cpu_rate = best_cpu[name]
        cpu_ratio = cpu_rate / baseline_cpu if baseline_cpu else float("nan")
        goal = goals.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"  goal >= {goal}x: " + (
                "met" if min(ratio, cpu_ratio) >= goal else "MISSED"
            )
        print(
            f"{name:28} {rate:7.0f} req/s {ratio:5.2f}x  {cpu_rate:8.0f} req/CPU-s "
            f"{cpu_ratio:5.2f}x  ({counts[name]} replies checked){verdict}"
        )


if __name__ == "__main__":
    main()
