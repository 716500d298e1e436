/**
 * One search shard at a time, in a worker thread of the search stage (search-index.ts).
 * Each worker loads its own copy of the pagefind module, so it drives its own Pagefind
 * process: two workers index two shards at once on two cores. Messages, in order:
 * `open` (new index), `add` (one prepared page; acknowledged, so the stage never queues
 * more than a few pages per worker), `finish` (write the bundle, report, stop Pagefind).
 */
import { readdir, readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import * as pagefind from 'pagefind';

export type ShardRequest =
  | { type: 'open'; language: string; excludeSelectors: string[] }
  | { type: 'add'; id: number; url: string; html: string }
  | { type: 'finish'; outputPath: string };
export type ShardReply =
  | { type: 'added'; id: number; error: string | null }
  | { type: 'finished'; peakRss: number | null; error: string | null };

/** VmHWM (peak RSS) of this process's pagefind children. Linux only; null elsewhere. */
export async function pagefindPeakRss(): Promise<number | null> {
  try {
    let peak = 0;
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      if (!new RegExp(`^PPid:\\s+${process.pid}$`, 'm').test(status) || !/^Name:\s+pagefind/m.test(status)) continue;
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
      if (kb) peak = Math.max(peak, Number(kb[1]) * 1024);
    }
    return peak || null;
  } catch {
    return null;
  }
}

if (parentPort) {
  const port = parentPort;
  let index: Awaited<ReturnType<typeof pagefind.createIndex>>['index'] | undefined;
  let opening: Promise<unknown> = Promise.resolve();
  // Messages are handled strictly in order (an add must not overtake its open).
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (msg: ShardRequest) => {
    chain = chain.then(async () => {
      if (msg.type === 'open') {
        opening = pagefind.createIndex({ forceLanguage: msg.language, excludeSelectors: msg.excludeSelectors }).then((r) => {
          if (!r.index) throw new Error(`pagefind: ${r.errors.join('; ')}`);
          index = r.index;
        });
        await opening.catch(() => undefined);
      } else if (msg.type === 'add') {
        let error: string | null = null;
        try {
          await opening;
          const r = await index!.addHTMLFile({ url: msg.url, content: msg.html });
          if (r.errors.length) error = r.errors.join('; ');
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        port.postMessage({ type: 'added', id: msg.id, error } satisfies ShardReply);
      } else {
        let error: string | null = null;
        let peakRss: number | null = null;
        try {
          await opening;
          const written = await index!.writeFiles({ outputPath: msg.outputPath });
          if (written.errors.length) error = `pagefind: ${written.errors.join('; ')}`;
          peakRss = await pagefindPeakRss();
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        } finally {
          // A fresh Pagefind process per shard: its memory is returned before the next one starts.
          await pagefind.close();
          index = undefined;
        }
        port.postMessage({ type: 'finished', peakRss, error } satisfies ShardReply);
      }
    });
  });
}
