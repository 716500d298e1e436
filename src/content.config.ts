/**
 * No content collections, on purpose. Pages read the records that scripts/ingest.ts writes
 * straight from content/records, validated with the same zod schemas (src/lib/records-dir.ts,
 * src/lib/pages/site-data.ts). Astro's content layer would copy all of them into its data
 * store and inline that store into the server bundle: on the RS 2024 corpus (12,700 records)
 * that was 78 s of content sync and 71 s of bundling before a single page rendered, and at
 * ten times the corpus the single store string passes V8's limit ("chunked" storage avoids
 * the crash but encodes the store one character at a time). Measured with `npm run bench`.
 */
export const collections = {};
