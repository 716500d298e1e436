/** Where the test build of the bundled sample lives (built once by global-setup.ts). */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const TEST_DIST = resolve(ROOT, '.build/test-dist');
export const TEST_RECORDS = resolve(ROOT, '.build/test-records');
export const SAMPLE_SOURCES = resolve(ROOT, 'content/sources');
