/**
 * Records what each page reads while it renders (src/lib/pages/page-deps.ts), for the
 * incremental build's per-page cache keys (cache-keys.ts). The body is read to the end
 * inside the recording: Astro renders a page as a stream, and the reads of its components
 * happen while the stream is read, which must be attributed to this page.
 */
import { defineMiddleware } from 'astro:middleware';
import { cacheKeys } from './lib/pages/cache-keys.ts';
import { pageId, recordingReads } from './lib/pages/page-deps.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const keys = await cacheKeys();
  if (!keys) return next();
  return recordingReads(pageId(context.routePattern, context.params), keys.signature, async () => {
    const response = await next();
    const body = await response.arrayBuffer();
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }, context.url.pathname);
});
