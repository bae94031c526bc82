#!/bin/sh
# The demo: the local Atlan emulator seeded with the sample tenant (Postgres and
# Snowflake, 8 tables each), a local S3 (s3rver) holding the landing bucket, and
# `delta-arc sync` writing Postgres → S3 → Snowflake lineage between them, and the
# first sync's HTML report (.demo/report.html).
# Run through `make demo`, which builds first. Everything stays on 127.0.0.1.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="${DELTA_ARC_BUILD_DIR:-$ROOT/build}"
DEMO="$ROOT/.demo"
TOKEN="demo-token-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  i=0
  until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null; do
    i=$((i + 1)); [ "$i" -gt 150 ] && { echo "demo: $2 did not start (see $DEMO/$2.log)" >&2; exit 1; }
    sleep 0.1
  done
}

rm -rf "$DEMO" && mkdir -p "$DEMO/s3"
ATLAN_PORT=$(free_port)
S3_PORT=$(free_port)

cleanup() { kill "$EMULATOR_PID" "$S3_PID" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

echo "== Starting the Atlan emulator on 127.0.0.1:$ATLAN_PORT, seeded with the sample tenant"
ATLAN_API_TOKEN="$TOKEN" "$BUILD/atlan-emulator" serve --port "$ATLAN_PORT" --db "$DEMO/atlan.db" \
  >"$DEMO/emulator.log" 2>&1 &
EMULATOR_PID=$!
wait_port "$ATLAN_PORT" emulator
ATLAN_API_TOKEN="$TOKEN" "$BUILD/atlan-emulator" seed --url "http://127.0.0.1:$ATLAN_PORT" \
  "$ROOT/testdata/delta-arc/tenant.json"

echo "== Starting a local S3 (s3rver) on 127.0.0.1:$S3_PORT with the landing bucket"
node --openssl-legacy-provider "$ROOT/tools/node/node_modules/s3rver/bin/s3rver.js" --silent \
  --address 127.0.0.1 --port "$S3_PORT" --directory "$DEMO/s3" --configure-bucket landing \
  >"$DEMO/s3rver.log" 2>&1 &
S3_PID=$!
wait_port "$S3_PORT" s3rver

export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$S3_PORT" AWS_ACCESS_KEY_ID=S3RVER \
  AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
python3 "$ROOT/scripts/upload_dir_to_s3.py" "$AWS_ENDPOINT_URL_S3" landing \
  "$ROOT/testdata/delta-arc/bucket"

export ATLAN_BASE_URL="http://127.0.0.1:$ATLAN_PORT" ATLAN_API_TOKEN="$TOKEN" \
  POSTGRES_CONNECTION_NAME=postgres-dac SNOWFLAKE_CONNECTION_NAME=snowflake-dac \
  S3_BUCKET_NAME=landing S3_PREFIX=2025/ S3_CONNECTION_NAME=landing-s3 \
  POSTGRES_CACHE_FILE="$DEMO/cache/postgres.json" SNOWFLAKE_CACHE_FILE="$DEMO/cache/snowflake.json"

echo
echo "== delta-arc sync (first run), with its HTML report"
curl -s -X DELETE "http://127.0.0.1:$ATLAN_PORT/_emulator/stats" >/dev/null
"$BUILD/delta-arc" sync --html "$DEMO/report.html"
echo
# Atlan's search index shows writes about a second after them (the emulator does the
# same); a scheduled re-run comes much later.
sleep 1
echo "== delta-arc sync (second run: nothing changed, so nothing is written)"
"$BUILD/delta-arc" sync | tail -3
echo
echo "== Atlan requests served, by route:"
curl -s "http://127.0.0.1:$ATLAN_PORT/_emulator/stats" | python3 -m json.tool

echo
echo "== Lineage downstream of the Postgres table CUSTOMERS, as Atlan's lineage API answers:"
GUID=$(curl -s -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$ATLAN_PORT/api/meta/entity/uniqueAttribute/type/Table?attr:qualifiedName=default/postgres/1757530687/FOOD_BEVERAGE/SALES_ORDERS/CUSTOMERS" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["entity"]["guid"])')
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -X POST "http://127.0.0.1:$ATLAN_PORT/api/meta/lineage/list" \
  -d "{\"guid\":\"$GUID\",\"direction\":\"OUTPUT\",\"depth\":10,\"size\":20,\"attributes\":[\"qualifiedName\"]}" |
  python3 -c '
import json, sys
for e in json.load(sys.stdin)["entities"]:
    print("  depth %d  %-8s %s" % (e["depth"], e["typeName"], e["attributes"]["qualifiedName"]))'

echo
echo "== Which files hold PII: the sample tags four Postgres columns PII, and each file carries"
echo "   the tags of the columns in its header (Atlan's search for S3 objects tagged PII):"
curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$ATLAN_PORT/api/meta/types/typedefs?type=classification" |
  python3 -c '
import json, sys
for d in json.load(sys.stdin)["classificationDefs"]:
    if d["displayName"] == "PII": print(d["name"])' >"$DEMO/pii-name"
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -X POST "http://127.0.0.1:$ATLAN_PORT/api/meta/search/indexsearch" \
  -d "{\"dsl\":{\"size\":100,\"query\":{\"bool\":{\"filter\":[{\"term\":{\"__typeName.keyword\":\"S3Object\"}},{\"term\":{\"__traitNames\":\"$(cat "$DEMO/pii-name")\"}}]}}},\"attributes\":[\"qualifiedName\"]}" |
  python3 -c '
import json, sys
for e in json.load(sys.stdin).get("entities", []):
    print("  " + e["attributes"]["qualifiedName"])'
echo
# Atlan propagates a tag along new lineage as a task, a few seconds later (the emulator: 2 s).
sleep 3
echo "== Where each PII column goes (delta-arc trace; S3_TAGS_GRACE_MINUTES=0 reads Atlan now):"
S3_TAGS_GRACE_MINUTES=0 "$BUILD/delta-arc" trace

echo
echo "== The first sync's lineage as one self-contained page (open it in a browser):"
echo "  $DEMO/report.html"
echo
echo "The result is kept in $DEMO/atlan.db. To look around, serve it again:"
echo "  ATLAN_API_TOKEN=demo $BUILD/atlan-emulator serve --port 8080 --db $DEMO/atlan.db"
echo "  curl -s -H 'Authorization: Bearer demo' -X POST http://127.0.0.1:8080/api/meta/search/indexsearch \\"
echo "    -d '{\"dsl\":{\"size\":100,\"query\":{\"term\":{\"__typeName.keyword\":\"Process\"}}}}'"
