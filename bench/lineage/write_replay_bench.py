#!/usr/bin/env python3
"""Benchmark of the emulator's write path as delta-arc drives it (prints figures; not a test).

Records the bulk writes of a first sync of TABLES x COLUMNS tables per side and OBJECTS
objects (pipeline_bench.py's tenant and bucket) through a proxy before the emulator, then
replays them RUNS times, each against a fresh emulator seeded with the same tenant and no
costs (no latency, no rate limit, no connection bootstrap): CONCURRENCY bulks at a time, each
starting once every earlier bulk holding a lower level than its highest is answered, as
delta-arc's batch scheduler sends them (connection, bucket, folders, objects, processes,
column processes). Prints each replay's wall time, the emulator's CPU time, and the time of
each level's bulks; nothing of S3 or of delta-arc's own work is in these figures.

Usage: write_replay_bench.py BUILD_DIR [TABLES COLUMNS OBJECTS] [--runs N] [--concurrency N]
(default 1000 20 10000, 3 runs, 8 at a time: the tenth of pipeline_bench.py's scale, whose
first sync writes 32,002 entities in 79 bulks).
"""
import http.client
import http.server
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pipeline_bench as pb  # noqa: E402  (the tenant, the bucket and the peers)

BULK = "/api/meta/entity/bulk"
# delta-arc's write order (AssetTypes(): lineage/owned_types.h).
LEVELS = {"Connection": 0, "S3Bucket": 1, "S3Prefix": 2, "S3Object": 3, "Process": 4,
          "ColumnProcess": 5}


def record_proxy(upstream_port, bodies):
    """An HTTP proxy before the emulator that keeps the body of every bulk write, in the order
    they arrive. Returns its server (serving on a thread)."""
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if self.command == "POST" and self.path.startswith(BULK):
                with lock:
                    bodies.append(body)
            upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=600)
            upstream.request(self.command, self.path, body,
                             {k: v for k, v in self.headers.items() if k.lower() != "host"})
            answer = upstream.getresponse()
            data = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = forward

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def record(build, work, tables, columns, objects):
    """The bulk write bodies of a first sync, in the order delta-arc sent them."""
    tenant = os.path.join(work, "tenant.json")
    with open(tenant, "w") as f:
        json.dump(pb.tenant(tables, columns), f)
    os.makedirs(os.path.join(work, "s3"))
    pb.write_objects(os.path.join(work, "s3"), tables, columns, objects)
    procs, url, s3_port = pb.start_peers(build, os.path.join(work, "record.db"),
                                         os.path.join(work, "s3"), tenant)
    bodies = []
    try:
        # Atlan's latency as issue 24's target has it: delta-arc sizes its batches by it.
        pb.http("POST", url + "/_emulator/controls",
                {"connection_bootstrap_ms": 0, "latency_ms": 50})
        proxy = record_proxy(int(url.rsplit(":", 1)[1]), bodies)
        with open(os.path.join(work, "mapping.yaml"), "w") as f:
            f.write(pb.MAPPING)
        env = pb.delta_arc_env(f"http://127.0.0.1:{proxy.server_address[1]}", s3_port, work)
        sync = subprocess.run([os.path.join(build, "delta-arc"), "sync"], env=env,
                              capture_output=True, text=True)
        proxy.shutdown()
        if sync.returncode != 0:
            sys.exit(f"the recorded sync failed:\n{sync.stderr[-2000:]}")
    finally:
        pb.stop(procs)
    return tenant, bodies


def levels_of(body):
    """The lowest and highest level of a bulk's entities, and how many it holds."""
    types = [e["typeName"] for e in json.loads(body)["entities"]]
    ranks = [LEVELS.get(t, max(LEVELS.values())) for t in types]
    return min(ranks), max(ranks), len(types)


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def replay(build, work, tenant, bodies, levels, concurrency):
    """One replay against a fresh emulator (`levels`: levels_of each body): wall seconds,
    emulator CPU seconds, and the seconds from the first bulk of each top level to the
    answer of its last."""
    procs, url, _ = pb.start_peers(build, os.path.join(work, "replay.db"),
                                   os.path.join(work, "none"), tenant)
    try:
        pb.http("POST", url + "/_emulator/controls",
                {"latency_ms": 0, "cost_per_entity_ms": 0, "connection_bootstrap_ms": 0,
                 "rate_limit_per_minute": 0, "max_concurrent_requests": concurrency})
        port = int(url.rsplit(":", 1)[1])
        headers = {"Authorization": "Bearer " + pb.TOKEN, "Content-Type": "application/json"}
        answered = [threading.Event() for _ in bodies]
        started, ended = {}, {}
        slots = threading.Semaphore(concurrency)
        # Kept-alive connections, one a request in flight, as delta-arc's client keeps them.
        idle = queue.SimpleQueue()
        for _ in range(concurrency):
            idle.put(http.client.HTTPConnection("127.0.0.1", port, timeout=600))
        failures = []

        def send(i):
            try:
                top = levels[i][1]
                for j in range(i):
                    if levels[j][0] < top:
                        answered[j].wait()
                started.setdefault(top, time.time())
                connection = idle.get()
                connection.request("POST", BULK, bodies[i], headers)
                answer = connection.getresponse()
                data = answer.read()
                idle.put(connection)
                if answer.status != 200:
                    failures.append(f"bulk {i}: {answer.status} {data[:300]!r}")
                ended[top] = max(ended.get(top, 0), time.time())
            finally:
                answered[i].set()
                slots.release()

        cpu_before = cpu_seconds(procs[0].pid)
        t0 = time.time()
        threads = []
        for i in range(len(bodies)):
            slots.acquire()
            threads.append(threading.Thread(target=send, args=(i,)))
            threads[-1].start()
        for t in threads:
            t.join()
        wall = time.time() - t0
        if failures:
            sys.exit("replay failed: " + "; ".join(failures[:3]))
        by_level = {top: ended[top] - started[top] for top in sorted(started)}
        return wall, cpu_seconds(procs[0].pid) - cpu_before, by_level
    finally:
        pb.stop(procs)
        os.remove(os.path.join(work, "replay.db"))


def main():
    args = sys.argv[1:]
    options = pb.take_options(args, {"--runs": 3, "--concurrency": 8})
    build = args[0]
    tables, columns, objects = (int(x) for x in (args[1:4] or [1000, 20, 10000]))
    work = tempfile.mkdtemp(prefix="delta-arc-replay-")
    try:
        tenant, bodies = record(build, work, tables, columns, objects)
        levels = [levels_of(b) for b in bodies]
        entities = sum(count for _, _, count in levels)
        print(f"recorded a first sync of {tables} tables x {columns} columns, {objects} objects: "
              f"{entities} entities in {len(bodies)} bulk writes; replayed "
              f"{options['--concurrency']} at a time")
        names = {rank: name for name, rank in LEVELS.items()}
        for run in range(options["--runs"]):
            wall, cpu, by_level = replay(build, work, tenant, bodies, levels,
                                           options["--concurrency"])
            times = ", ".join(f"{names[top]} {s:.2f} s" for top, s in by_level.items())
            print(f"replay {run + 1}: {wall:6.2f} s, emulator CPU {cpu:6.2f} s ({times})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
