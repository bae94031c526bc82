#!/usr/bin/env python3
"""Benchmark of delta-arc at scale (prints figures; not a test).

Generates a tenant of TABLES tables x COLUMNS columns per side (Postgres and
Snowflake) and OBJECTS objects (OBJECTS / TABLES files per table), then runs
`delta-arc plan`, `delta-arc sync` and a second `sync` against s3rver and the
emulator with an Atlan-like cost model (100 ms a request plus 5 ms an entity
written, at most 8 requests served at once, 400 requests a minute before a
minute's block), with delta-arc's default settings, and prints for each: Atlan
requests against the minimum possible (pages read + batches written at the
largest batch size), 429s received, CSV headers read from S3, wall time and
peak memory.

Usage: pipeline_bench.py BUILD_DIR [TABLES COLUMNS OBJECTS] [--atlan-ms N] [--entity-ms N]
                         [--s3-ms N]
(default 10000 20 100000; `1000 20 10000` is the tenth a developer runs). --atlan-ms and
--entity-ms set the cost model's latency and cost per entity (default 100 and 5); --s3-ms
holds each of s3rver's requests that long (default 0: none). Issue 24's
target is `1000 20 10000 --atlan-ms 50 --entity-ms 0 --s3-ms 20`: a first sync within 20 s
and no 429.
"""
import hashlib
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "bench-token-0123456789"
PAGE = 1000        # ATLAN_PAGE_SIZE's default
MAX_BATCH = 500    # ATLAN_MAX_BATCH_SIZE's default
COST_MODEL = {"latency_ms": 100, "cost_per_entity_ms": 5, "max_concurrent_requests": 8,
              "rate_limit_per_minute": 400}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, what, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"{what} did not start")


def http(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b"{}")


def tenant(tables, columns):
    def connection(name, connector, qn):
        return {"name": name, "connectorName": connector, "qualifiedName": qn,
                "databases": [{"name": "DB", "schemas": [{"name": "SCH", "tables": [
                    {"name": f"T{t:05d}", "columns": [
                        {"name": f"C{c:02d}", "dataType": "VARCHAR", "order": c + 1}
                        for c in range(columns)]}
                    for t in range(tables)]}]}]}
    return {"connections": [connection("pg-bench", "postgres", "default/postgres/1700000001"),
                            connection("sf-bench", "snowflake", "default/snowflake/1700000002")]}


# The mapping of write_objects' keys (landing/bench/tNNNNN/part-NNNN.csv) to their tables.
MAPPING = 'objects:\n  - "{table}/part-{n}.csv"\n'


def write_objects(directory, tables, columns, objects):
    """Writes s3rver's on-disk form directly: 100,000 PUTs would take minutes."""
    per_table = max(1, objects // tables)
    header = ",".join(f"c{c:02d}" for c in range(columns)) + "\n"
    body = (header + "1" + "," * (columns - 1) + "\n").encode()
    md5 = hashlib.md5(body).hexdigest()
    meta = json.dumps({"content-type": "text/csv"})
    count = 0
    for t in range(tables):
        folder = os.path.join(directory, "landing", "bench", f"t{t:05d}")
        os.makedirs(folder, exist_ok=True)
        for p in range(per_table):
            if count == objects:
                return count
            base = os.path.join(folder, f"part-{p:04d}.csv")
            with open(base + "._S3rver_object", "wb") as f:
                f.write(body)
            with open(base + "._S3rver_object.md5", "w") as f:
                f.write(md5)
            with open(base + "._S3rver_metadata.json", "w") as f:
                f.write(meta)
            count += 1
    return count


def start_peers(build, db, s3_dir, tenant_file, s3_ms=0):
    """The emulator (an empty database, then the tenant seeded) and s3rver over `s3_dir`,
    holding each request `s3_ms` (S3's latency; s3_peer.js).
    Returns the processes, the emulator's URL and s3rver's port."""
    atlan_port, s3_port = free_port(), free_port()
    env_peers = dict(os.environ, ATLAN_API_TOKEN=TOKEN)
    procs = [subprocess.Popen(
        [os.path.join(build, "atlan-emulator"), "serve", "--port", str(atlan_port), "--db", db],
        env=env_peers, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(
        ["node", "--openssl-legacy-provider",
         os.path.join(ROOT, "bench/lineage/s3_peer.js"), str(s3_port), s3_dir, "landing",
         str(s3_ms)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        wait_port(atlan_port, "emulator")
        wait_port(s3_port, "s3rver")
        url = f"http://127.0.0.1:{atlan_port}"
        subprocess.run([os.path.join(build, "atlan-emulator"), "seed", "--url", url,
                        "--batch-size", "10000", tenant_file],
                       env=env_peers, check=True, stdout=subprocess.DEVNULL)
    except BaseException:
        stop(procs)
        raise
    return procs, url, s3_port


def delta_arc_env(atlan, s3_port, work, cache="cache", **settings):
    """delta-arc's environment for the benchmark tenant: the emulator at `atlan`, s3rver's
    bucket `landing` under bench/ on `s3_port`, work/mapping.yaml, caches in work/`cache`;
    `settings` added or laid over it (LOG_LEVEL is error unless given)."""
    env = dict(os.environ, ATLAN_BASE_URL=atlan, ATLAN_API_TOKEN=TOKEN,
               POSTGRES_CONNECTION_NAME="pg-bench", SNOWFLAKE_CONNECTION_NAME="sf-bench",
               S3_BUCKET_NAME="landing", S3_PREFIX="bench/", S3_CONNECTION_NAME="bench-s3",
               MAPPING_FILE=os.path.join(work, "mapping.yaml"), LOG_LEVEL="error",
               POSTGRES_CACHE_FILE=os.path.join(work, cache, "pg.json"),
               SNOWFLAKE_CACHE_FILE=os.path.join(work, cache, "sf.json"),
               AWS_ENDPOINT_URL_S3=f"http://127.0.0.1:{s3_port}", AWS_ACCESS_KEY_ID="S3RVER",
               AWS_SECRET_ACCESS_KEY="S3RVER", AWS_REGION="us-east-1")
    env.update(settings)
    return env


def stop(procs):
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()


def run(build, args, env):
    """Runs delta-arc under GNU time, which reports the child's own peak RSS.

    (ru_maxrss of a child forked from this Python process would include Python's
    own resident set, which Linux carries across fork and exec.)"""
    wrapper = os.environ.get("BENCH_WRAPPER", "").split() if args[-1] == "--profile" else []
    args = [a for a in args if a != "--profile"]
    start = time.time()
    with tempfile.NamedTemporaryFile("r") as rss:
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name] + wrapper +
                              [os.path.join(build, "delta-arc")] + args,
                              env=env, capture_output=True, text=True)
        wall = time.time() - start
        peak_kib = int(rss.read().strip().splitlines()[-1])
    stdout = proc.stdout
    if os.environ.get("BENCH_LOG_DIR"):  # each run's log (LOG_LEVEL from BENCH_LOG_LEVEL)
        with open(os.path.join(os.environ["BENCH_LOG_DIR"], args[0] + ".log"), "a") as f:
            f.write(proc.stderr)
    if proc.returncode != 0:
        sys.exit(f"delta-arc {' '.join(args)} failed:\n{stdout[-2000:]}\n{proc.stderr[-2000:]}")
    if wrapper:
        stdout = stdout[stdout.index("{"):stdout.rindex("}") + 1]
    return json.loads(stdout), wall, peak_kib


def take_options(args, defaults):
    """`defaults` ({"--name": number}) with each given in `args` as `--name N` instead; the
    options are taken out of `args`."""
    options = dict(defaults)
    for name in options:
        if name in args:
            at = args.index(name)
            options[name] = int(args[at + 1])
            del args[at:at + 2]
    return options


def main():
    build = sys.argv[1]
    args = sys.argv[2:]
    options = take_options(args, {"--atlan-ms": 100, "--entity-ms": 5, "--s3-ms": 0})
    COST_MODEL["latency_ms"] = options["--atlan-ms"]
    COST_MODEL["cost_per_entity_ms"] = options["--entity-ms"]
    tables, columns, objects = (int(x) for x in (args[:3] or [10000, 20, 100000]))
    work = tempfile.mkdtemp(prefix="delta-arc-bench-")
    procs = []
    try:
        print(f"tenant: {tables} tables x {columns} columns per side, {objects} objects; "
              f"emulator: {COST_MODEL}; S3 {options['--s3-ms']} ms a request")
        t0 = time.time()
        with open(os.path.join(work, "tenant.json"), "w") as f:
            json.dump(tenant(tables, columns), f)
        os.makedirs(os.path.join(work, "s3"))
        written = write_objects(os.path.join(work, "s3"), tables, columns, objects)
        procs, url, s3_port = start_peers(build, os.path.join(work, "atlan.db"),
                                          os.path.join(work, "s3"),
                                          os.path.join(work, "tenant.json"),
                                          options["--s3-ms"])
        print(f"setup (tenant seeded, {written} objects written): {time.time() - t0:.0f} s")
        # After seeding: the tenant's 2 x tables x (columns + 1) assets are not delta-arc's cost.
        http("POST", url + "/_emulator/controls", COST_MODEL)

        with open(os.path.join(work, "mapping.yaml"), "w") as f:
            f.write(MAPPING)
        env = delta_arc_env(url, s3_port, work,
                            LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "error"))
        per_side = tables * (columns + 1)  # each connection's tables and columns, one search each
        # BENCH_WRAPPER (e.g. "heaptrack") wraps the run BENCH_PROFILE names: plan, first
        # or unchanged (the default).
        profiled = os.environ.get("BENCH_PROFILE", "unchanged") if os.environ.get("BENCH_WRAPPER") else ""
        for step, label, args in (("plan", "plan (first, no cache)", ["plan", "--json", "--force-refresh"]),
                                  ("first", "sync (first)", ["sync", "--json"]),
                                  ("unchanged", "sync (unchanged)", ["sync", "--json"])):
            if step == profiled:
                args = args + ["--profile"]
            # Runs apart in time, as scheduled runs are: the last one's writes are searchable.
            http("POST", url + "/_emulator/controls", {"settle": True})
            http("DELETE", url + "/_emulator/stats")
            report, wall, peak = run(build, args, env)
            stats = http("GET", url + "/_emulator/stats")
            requests = stats["total"]
            writes = len(report["changes"]["create"]) + len(report["changes"]["update"])
            archives = len(report["changes"]["archive"])
            existing = report["unchanged"] + len(report["changes"]["update"]) + archives
            reads = 1  # the connections
            reads += 1 if report["cache_hit"] else 2 * max(1, math.ceil(per_side / PAGE))
            new_connection = report["planned_by_type"]["Connection"]["create"] > 0
            # The scope's probe (when its connection exists), then its snapshot or its pages.
            reads += 0 if new_connection else 1
            reads += 0 if report["owned_snapshot_hit"] else max(1, math.ceil(existing / PAGE))
            minimum = reads
            if report["applied"]:
                minimum += math.ceil(writes / MAX_BATCH) + math.ceil(archives / MAX_BATCH)
                minimum += 1 if new_connection else 0  # role ids
                minimum += 1 if writes + archives else 0  # the probe after writing
            print(f"{label:24s} requests {requests:6d} (minimum {minimum:6d})  "
                  f"429s {report['atlan_throttles']:3d}  headers read {report['s3_header_reads']:6d}  "
                  f"wall {wall:7.1f} s  peak memory {peak / 1024:6.1f} MiB  "
                  f"writes {writes}  unchanged {report['unchanged']}")
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
