/**
 * No content collections, on purpose: pages read the records that ingest writes through
 * src/lib/records.ts (`getCollection`, `getEntry`), which says why not Astro's content layer.
 */
export const collections = {};
