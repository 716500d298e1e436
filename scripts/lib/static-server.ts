/**
 * A small static file server for browser tests: loopback only, serves one folder, counts
 * the bytes it sends per path (so tests and benchmarks can measure what a page downloads).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  /** Bytes sent per request path since the last reset, in request order; `at`: when it was sent (performance.now() of this process). */
  log: { path: string; bytes: number; at: number }[];
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const log: { path: string; bytes: number; at: number }[] = [];
  const server: Server = createServer(async (req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      // A malformed escape (the hostile tests request odd paths): a client error, not a crash.
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(base, path));
    // Inside the folder: `base` + separator, so a sibling such as dist-old is not.
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
      log.push({ path, bytes: body.length, at: performance.now() });
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      log.push({ path, bytes: 0, at: performance.now() });
    }
  });
  // Bounded: loopback only, random port, idle sockets closed with the server.
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}
