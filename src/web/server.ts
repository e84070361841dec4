/**
 * `tsbpf ui`'s server (Node only): the built page (dist/web, made by `npm run build:web`), the
 * objects given on the command line (/api/objects), and the dashboard feed as server-sent events
 * (/api/feed: `hello`, then `snapshot` and `records` every interval). The feed is polled on the
 * server's timer and written to each page without waiting: a page whose socket is full (a slow or
 * paused tab) is skipped, its records counted as dropped, until the socket drains — a browser tab
 * never slows the tracer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfError } from '../isa/errors.js';
import type { DashboardSource, FeedRecords } from './feed.js';

export interface UiServerOptions {
  port?: number;
  /** default 127.0.0.1: the page can load and run any object, so it is not exposed unless asked */
  host?: string;
  objects?: { name: string; bytes: Uint8Array }[];
  source?: DashboardSource;
  /** the built page (default: dist/web next to this module's dist/src) */
  webRoot?: string;
  /** most records per map per interval sent to a page */
  maxRecords?: number;
}

export interface UiServer {
  url: string;
  port: number;
  server: Server;
  /** snapshots sent, pages skipped because their socket was full */
  stats: { snapshots: number; skipped: number; clients: number };
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
};

export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../web/', import.meta.url));
}

/** JSON with bigints as numbers (record fields decoded from BTF may be u64) */
const json = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString()) : x));

interface Client {
  res: ServerResponse;
  congested: boolean;
  dropped: number;
}

export async function startUiServer(o: UiServerOptions = {}): Promise<UiServer> {
  const root = o.webRoot ?? defaultWebRoot();
  if (!existsSync(join(root, 'index.html'))) {
    throw new BpfError('ENOENT', `the web page is not built (${join(root, 'index.html')} is missing): run npm run build:web`);
  }
  const objects = o.objects ?? [];
  const clients = new Set<Client>();
  const stats = { snapshots: 0, skipped: 0, clients: 0 };
  const src = o.source;
  const maxRecords = o.maxRecords ?? 2000;

  const send = (c: Client, event: string, data: string): void => {
    if (!c.res.write(`event: ${event}\ndata: ${data}\n\n`)) {
      c.congested = true;
      c.res.once('drain', () => { c.congested = false; });
    }
  };

  let timer: ReturnType<typeof setInterval> | null = null;
  if (src) {
    src.start();
    timer = setInterval(() => {
      if (clients.size === 0) {
        src.drain(0);
        return;
      }
      const snap = json(src.snapshot());
      const recs: FeedRecords[] = src.drain(maxRecords);
      for (const c of clients) {
        if (c.congested) {
          stats.skipped++;
          c.dropped += recs.reduce((n, r) => n + r.rows.length + r.dropped, 0);
          continue;
        }
        send(c, 'snapshot', snap);
        for (const r of recs) {
          send(c, 'records', json({ ...r, dropped: r.dropped + c.dropped }));
          c.dropped = 0;
        }
      }
      stats.snapshots++;
    }, src.hello().intervalMs);
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    if (path === '/api/objects') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(objects.map((x, i) => ({ name: x.name, url: `api/objects/${i}` }))));
      return;
    }
    const m = /^\/api\/objects\/(\d+)$/.exec(path);
    if (m) {
      const x = objects[Number(m[1])];
      if (!x) return notFound(res);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': x.bytes.length });
      res.end(x.bytes);
      return;
    }
    if (path === '/api/feed') {
      if (!src) return notFound(res, 'no dashboard source: start tsbpf ui with --feed CAPTURE OBJ (emulator) or attach objects in the kernel');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      const c: Client = { res, congested: false, dropped: 0 };
      clients.add(c);
      stats.clients = clients.size;
      send(c, 'hello', json(src.hello()));
      send(c, 'snapshot', json(src.snapshot()));
      req.on('close', () => { clients.delete(c); stats.clients = clients.size; });
      return;
    }
    // the page and its assets
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) return notFound(res);
    try {
      const st = await stat(file);
      if (!st.isFile()) return notFound(res);
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    } catch {
      notFound(res);
    }
  };

  const server = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((e as Error).message));
    });
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new BpfError(e.code === 'EADDRINUSE' ? 'EBUSY' : 'EINVAL', `cannot listen on ${host}:${o.port ?? 0}: ${e.message}`)));
    server.listen(o.port ?? 0, host, resolve);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port ?? 0;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port, server, stats,
    close: async () => {
      if (timer) clearInterval(timer);
      src?.stop();
      for (const c of clients) c.res.end();
      clients.clear();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function notFound(res: ServerResponse, msg = 'not found'): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end(msg);
}
