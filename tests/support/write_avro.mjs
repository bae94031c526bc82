// Test support: writes an Avro object container file with npm's avsc, a writer independent of
// delta-arc's header reader (lineage/avro_schema.h), for its tests and fuzz seeds.
//   node write_avro.mjs <out.avro> <schema JSON> <records as a JSON array> [<codec: null|deflate>]
// The schema goes into the header as given (avsc keeps the JSON it was handed, logical types
// and all); the records are encoded with it. Exits non-zero when avsc refuses either.
import {createRequire} from 'node:module';
import fs from 'node:fs';
import {pipeline} from 'node:stream/promises';

const require = createRequire(new URL('../../tools/node/package.json', import.meta.url));
const avro = require('avsc');

const [out, schemaText, recordsText, codec = 'null'] = process.argv.slice(2);
if (out === undefined || schemaText === undefined || recordsText === undefined) {
  console.error('usage: node write_avro.mjs <out.avro> <schema JSON> <records JSON> [codec]');
  process.exit(2);
}
const schema = JSON.parse(schemaText);
const records = JSON.parse(recordsText);

// writeHeader 'always': the header is written even when there are no records.
const encoder = new avro.streams.BlockEncoder(schema, {codec, writeHeader: 'always'});
const written = pipeline(encoder, fs.createWriteStream(out));
for (const record of records) encoder.write(record);
encoder.end();
await written;
