#!/usr/bin/env python3
"""Benchmark of reading what objects state about their columns (prints figures; not a test).

OBJECTS objects in TABLES table folders (COLUMNS columns a table per side), each the same
file of its format, written once by DuckDB (npm, tools/node): Parquet (named `.parquet`, its
footer at the end of a file larger than the first read) and the CSV file of the same rows.
For each format, `delta-arc plan` reads every object (a plan keeps no header cache); the same
plan over the same keys holding zero-byte objects, which are never read, is the baseline; the
difference in wall time is the reading, and its throughput is printed with the ranged GETs it
took per object (the target: at most two for Parquet).

Usage: formats_bench.py BUILD_DIR [TABLES COLUMNS OBJECTS] [--s3-ms N]
(default 1000 20 10000; --s3-ms holds each of s3rver's requests that long)
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pipeline_bench import (ROOT, delta_arc_env, run, start_peers,  # noqa: E402
                            stop, tenant)

ROWS = 2000  # rows a file: a Parquet file of tens of KiB, its footer at the end


def written_by_duckdb(work, columns, options):
    """One file DuckDB writes: ROWS rows of `columns` columns c00, c01, …"""
    path = os.path.join(work, "file-" + hashlib.md5(options.encode()).hexdigest())
    select = "SELECT " + ", ".join(f"i + {c} AS c{c:02d}" for c in range(columns)) + \
        f" FROM range({ROWS}) t(i)"
    subprocess.run(["node", os.path.join(ROOT, "tests/support/duckdb_copy.mjs"), path, select,
                    options], check=True)
    with open(path, "rb") as f:
        return f.read()


def write_bucket(s3_dir, tables, objects, extension, body):
    """s3rver's on-disk form, written directly (10,000 PUTs would take a while)."""
    shutil.rmtree(os.path.join(s3_dir, "landing"), ignore_errors=True)
    md5 = hashlib.md5(body).hexdigest()
    per_table = max(1, objects // tables)
    for n in range(objects):
        folder = os.path.join(s3_dir, "landing", "bench", f"t{n // per_table % tables:05d}")
        os.makedirs(folder, exist_ok=True)
        base = os.path.join(folder, f"part-{n:05d}.{extension}")
        with open(base + "._S3rver_object", "wb") as f:
            f.write(body)
        with open(base + "._S3rver_object.md5", "w") as f:
            f.write(md5)
        with open(base + "._S3rver_metadata.json", "w") as f:
            json.dump({"content-type": "application/octet-stream"}, f)


def main():
    build = sys.argv[1]
    args = sys.argv[2:]
    s3_ms = 0
    if "--s3-ms" in args:
        at = args.index("--s3-ms")
        s3_ms = int(args[at + 1])
        del args[at:at + 2]
    tables, columns, objects = (int(x) for x in (args[:3] or [1000, 20, 10000]))
    work = tempfile.mkdtemp(prefix="delta-arc-formats-bench-")
    procs = []
    try:
        with open(os.path.join(work, "tenant.json"), "w") as f:
            json.dump(tenant(tables, columns), f)
        with open(os.path.join(work, "mapping.yaml"), "w") as f:
            f.write('objects:\n  - "{table}/part-{n}.{format}"\n')
        formats = (("Parquet", "parquet", written_by_duckdb(work, columns, "FORMAT PARQUET")),
                   ("CSV", "csv", written_by_duckdb(work, columns, "FORMAT CSV, HEADER")))
        print(f"tenant: {tables} tables x {columns} columns per side, {objects} objects; "
              f"S3 {s3_ms} ms a request; files: " +
              ", ".join(f"{name} {len(body)} bytes" for name, _, body in formats))
        s3_dir = os.path.join(work, "s3")
        os.makedirs(s3_dir)
        procs, atlan, s3_port = start_peers(build, os.path.join(work, "atlan.db"), s3_dir,
                                            os.path.join(work, "tenant.json"), s3_ms)
        env = delta_arc_env(atlan, s3_port, work)
        for name, extension, body in formats:
            write_bucket(s3_dir, tables, objects, extension, b"")
            _, baseline, _ = run(build, ["plan", "--json"], env)
            write_bucket(s3_dir, tables, objects, extension, body)
            report, wall, peak = run(build, ["plan", "--json"], env)
            reads = report["s3_header_reads"]
            reading = max(wall - baseline, 1e-3)
            print(f"{name:8s} {objects} objects read in {reading:6.1f} s "
                  f"({objects / reading:7.0f} objects/s)  ranged GETs {reads} "
                  f"({reads / objects:.2f} an object)  plan wall {wall:.1f} s "
                  f"(zero-byte objects {baseline:.1f} s), peak memory {peak / 1024:.1f} MiB")
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
