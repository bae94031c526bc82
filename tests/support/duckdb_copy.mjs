// Writes a file with DuckDB (npm @duckdb/node-api, in tools/node), an independent writer of
// Parquet and JSON lines for the tests of delta-arc's readers and their fuzz seeds: what it
// writes is what real files look like, not what our readers expect.
//
//   node tests/support/duckdb_copy.mjs <out> <SELECT statement> <COPY options>
//
// runs COPY (<SELECT statement>) TO '<out>' (<COPY options>), e.g. with the options
// "FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 1000" or "FORMAT JSON".

import path from "node:path";
import { createRequire } from "node:module";

const [out, select, options] = process.argv.slice(2);
if (!out || !select || !options) {
  console.error("usage: node duckdb_copy.mjs <out> <SELECT statement> <COPY options>");
  process.exit(2);
}

// An ES module ignores NODE_PATH: resolve the package from tools/node explicitly.
const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(path.join(here, "..", "..", "tools", "node", "package.json"));
const { DuckDBInstance } = require("@duckdb/node-api");

const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const target = out.replaceAll("'", "''");
await connection.run(`COPY (${select}) TO '${target}' (${options})`);
connection.closeSync();
