/** Where the test build of the bundled sample lives (built once by global-setup.ts). */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
// TEST_BUILD_ID lets several test runs (or developers) build side by side without clobbering.
const id = process.env.TEST_BUILD_ID || 'test';
export const TEST_DIST = resolve(ROOT, `.build/${id}-dist`);
export const TEST_RECORDS = resolve(ROOT, `.build/${id}-records`);
export const SAMPLE_SOURCES = resolve(ROOT, 'content/sources');
