/** Where the test build of the bundled sample lives (built once by global-setup.ts). */
import { resolve } from 'node:path';
import { TEST_BUILD_ID } from '../src/lib/env.ts';

export const ROOT = resolve(import.meta.dirname, '..');
// TEST_BUILD_ID lets several test runs (or developers) build side by side without clobbering.
export const TEST_DIST = resolve(ROOT, `.build/${TEST_BUILD_ID}-dist`);
export const TEST_RECORDS = resolve(ROOT, `.build/${TEST_BUILD_ID}-records`);
export const SAMPLE_SOURCES = resolve(ROOT, 'content/sources');
