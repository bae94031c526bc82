#!/usr/bin/env python3
"""Benchmark of S3 Inventory at the prefix level (prints figures; not a test).

TABLES table folders (COLUMNS columns a table per side) hold OBJECTS objects in all,
listed by an S3 Inventory report in AWS's layout (manifest.json, manifest.checksum,
gzip CSV data files with form-encoded keys) that s3rver serves. Only the newest file of
each folder exists in the bucket: at the prefix level it is the only one whose header is
read. delta-arc runs with S3_LINEAGE_LEVEL=prefix, S3_REGISTER_OBJECTS=false and
S3_INVENTORY, at each object count given:

- `plan` (no writes): the time and peak memory of reading and folding the report, with the
  catalogs loaded and each folder's header read (targets at a million objects: <= 60 s and
  < 256 MB on the project's 2-core machine);
- a first `sync` against the emulator without its cost model: the Atlan requests of the whole
  sync, which must grow with the tables, not the objects.

Usage: inventory_bench.py BUILD_DIR [TABLES COLUMNS OBJECTS...]
(default 10000 2 100000 1000000)
"""
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pipeline_bench import delta_arc_env, http, run, start_peers, stop, tenant  # noqa: E402

INVENTORY = "inventory/landing/bench"
REPORT = "2026-11-27T01-00Z"


def put(s3_dir, key, body):
    """An object in s3rver's on-disk form (writing files beats a million PUTs)."""
    path = os.path.join(s3_dir, "landing", key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + "._S3rver_object", "wb") as f:
        f.write(body)
    md5 = hashlib.md5(body).hexdigest()
    with open(path + "._S3rver_object.md5", "w") as f:
        f.write(md5)
    with open(path + "._S3rver_metadata.json", "w") as f:
        json.dump({"content-type": "application/octet-stream"}, f)
    return md5


def write_bucket(s3_dir, tables, columns, objects):
    """The report of `objects` objects in `tables` folders (10 daily partitions each), and
    the newest file of each folder in the bucket itself. Returns the report's URL."""
    shutil.rmtree(os.path.join(s3_dir, "landing"), ignore_errors=True)
    per_table = max(1, objects // tables)
    header = ",".join(f"c{c:02d}" for c in range(columns)) + "\n"
    body = (header + "1" + "," * (columns - 1) + "\n").encode()
    etag = hashlib.md5(body).hexdigest()
    rows = []
    for t in range(tables):
        for p in range(per_table):
            day = 1 + p % 10
            key = f"bench/t{t:05d}/dt=2026-11-{day:02d}/part-{p:05d}.csv"
            # The last file of each folder is the newest, and the only one S3 still holds.
            modified = f"2026-11-{day:02d}T{p % 24:02d}:00:00.000Z"
            if p == per_table - 1:
                modified = "2026-11-26T23:00:00.000Z"
                put(s3_dir, key, body)
            encoded = key.replace("=", "%3D")
            rows.append(f'"landing","{encoded}","{len(body)}","{modified}","{etag}","STANDARD"\n')
    files = []
    chunk = 250000  # rows a data file
    for n, at in enumerate(range(0, len(rows), chunk)):
        data = gzip.compress("".join(rows[at:at + chunk]).encode(), compresslevel=6)
        key = f"{INVENTORY}/data/{REPORT}-{n}.csv.gz"
        files.append({"key": key, "size": len(data), "MD5checksum": put(s3_dir, key, data)})
    manifest = json.dumps({
        "sourceBucket": "landing", "destinationBucket": "arn:aws:s3:::landing",
        "version": "2016-11-30", "creationTimestamp": "1795741200000", "fileFormat": "CSV",
        "fileSchema": "Bucket, Key, Size, LastModifiedDate, ETag, StorageClass",
        "files": files}).encode()
    put(s3_dir, f"{INVENTORY}/{REPORT}/manifest.json", manifest)
    put(s3_dir, f"{INVENTORY}/{REPORT}/manifest.checksum",
        hashlib.md5(manifest).hexdigest().encode())
    return len(rows), f"s3://landing/{INVENTORY}/"


def main():
    build = sys.argv[1]
    args = [int(x) for x in sys.argv[2:]] or [10000, 2, 100000, 1000000]
    tables, columns, counts = args[0], args[1], args[2:]
    work = tempfile.mkdtemp(prefix="delta-arc-inventory-bench-")
    procs = []
    try:
        print(f"tenant: {tables} tables x {columns} columns per side; S3_LINEAGE_LEVEL=prefix, "
              f"S3_REGISTER_OBJECTS=false, S3_INVENTORY")
        with open(os.path.join(work, "tenant.json"), "w") as f:
            json.dump(tenant(tables, columns), f)
        with open(os.path.join(work, "mapping.yaml"), "w") as f:
            f.write('objects:\n  - "{table}/dt={day}/{file}.csv"\n')
        for objects in counts:
            s3_dir = os.path.join(work, f"s3-{objects}")
            os.makedirs(s3_dir)
            t0 = time.time()
            rows, url = write_bucket(s3_dir, tables, columns, objects)
            procs, atlan, s3_port = start_peers(build, os.path.join(work, f"atlan-{objects}.db"),
                                                s3_dir, os.path.join(work, "tenant.json"))
            print(f"setup ({rows} objects in the report, {tables} in the bucket): "
                  f"{time.time() - t0:.0f} s")
            env = delta_arc_env(atlan, s3_port, work, cache=f"cache-{objects}",
                                S3_LINEAGE_LEVEL="prefix", S3_REGISTER_OBJECTS="false",
                                S3_INVENTORY=url)
            for label, command in (("plan (read and fold)", "plan"), ("sync (first)", "sync")):
                http("POST", atlan + "/_emulator/controls", {"settle": True})
                http("DELETE", atlan + "/_emulator/stats")
                report, wall, peak = run(build, [command, "--json"], env)
                requests = http("GET", atlan + "/_emulator/stats")["total"]
                folders = report["planned_by_type"]["S3Prefix"]["create"]
                print(f"{objects:8d} objects  {label:22s} wall {wall:6.1f} s  peak memory "
                      f"{peak / 1024:6.1f} MiB  Atlan requests {requests:5d}  "
                      f"headers read {report['s3_header_reads']:5d}  folders {folders}")
            stop(procs)
            procs = []
            shutil.rmtree(s3_dir, ignore_errors=True)
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
