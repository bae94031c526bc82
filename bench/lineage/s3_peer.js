'use strict';
// s3rver as the benchmarks' S3, with S3's latency held inside the server: each request
// waits DELAY_MS before s3rver serves it. (A proxy before s3rver that held each request
// cost the 2-core machine a third of a core at 1,000 ranged GETs a second, which the
// benchmarks then counted as delta-arc's reads.)
//
// Usage: node s3_peer.js PORT DIRECTORY BUCKET DELAY_MS
const path = require('path');

const S3rver = require(path.join(__dirname, '../../tools/node/node_modules/s3rver'));
const [port, directory, bucket, delayMs] = process.argv.slice(2);

const server = new S3rver({port: Number(port), address: '127.0.0.1', silent: true, directory,
                           configureBuckets: [{name: bucket}]});
const delay = Number(delayMs);
if (delay > 0) {
  // First in koa's chain (composed when the server starts), before s3rver's own.
  server.middleware.unshift((ctx, next) => new Promise(done => setTimeout(done, delay)).then(next));
}
server.run().catch(error => {
  console.error(error);
  process.exit(1);
});
