/**
 * The live dashboard: maps over time from `tsbpf ui`'s feed (server-sent events, src/web/server.ts)
 * or, in the static site, from the emulator running in the page. Counters as time series (uPlot),
 * log2 and linear histograms redrawn as they change, top-N keys, ring-buffer records with a filter;
 * pause and resume; export CSV and JSON. Rendering is coalesced to one frame: events arrive as fast
 * as the feed sends them, the page draws at most once per animation frame.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h, clear, table, download } from './dom.js';
import type { FeedHello, FeedSnapshot, FeedRecords, MapView } from '../../src/web/feed.js';
import { EmulatorSource } from '../../src/web/feed.js';
import { loadObjectSync } from '../../src/runtime/object.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { EXAMPLES, CAPTURE, fetchBytes } from './examples.js';

const HISTORY = 240;
const MAX_RECORDS = 5000;
const SERIES = 8;
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4d7c0f', '#be185d'];

/** 12345678 -> 12.3M (axis labels) */
function short(v: number): string {
  const a = Math.abs(v);
  for (const [d, s] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) if (a >= d) return `${+(v / d).toFixed(1)}${s}`;
  return String(+v.toFixed(1));
}

/** a record field for the table: addresses (fields named *addr, 4 bytes in network order) dotted */
function cell(k: string, v: unknown): string {
  if (typeof v === 'number' && /addr$/i.test(k) && v >= 0 && v <= 0xffffffff) return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24].join('.');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

interface Card {
  view: MapView;
  body: HTMLElement;
  plots?: uPlot[];
  keys?: string[];
  filter?: HTMLInputElement;
  count?: HTMLElement;
}

/** bpftrace's hist() bucket labels: [lo, hi) with K/M/G suffixes */
function sizeLabel(n: number): string {
  for (const [d, s] of [[2 ** 30, 'G'], [2 ** 20, 'M'], [2 ** 10, 'K']] as const) if (n >= d && n % d === 0) return `${n / d}${s}`;
  return String(n);
}

export class Dashboard {
  private hello: FeedHello | null = null;
  private es: EventSource | null = null;
  private local: { src: EmulatorSource; timer: ReturnType<typeof setInterval> } | null = null;
  private paused = false;
  private pending: FeedSnapshot | null = null;
  private frame = 0;
  private readonly history: FeedSnapshot[] = [];
  private readonly records = new Map<string, Record<string, unknown>[]>();
  private readonly totals = new Map<string, { seen: number; dropped: number }>();
  private readonly cards = new Map<string, Card>();
  private readonly grid = h('div', { className: 'cards' });
  private readonly info = h('p', { id: 'dash-info', role: 'status' });
  private readonly pauseBtn = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => this.togglePause() }, 'Pause');
  /** counts for tests and the benchmark: snapshots received, frames drawn, records received */
  readonly counters = { snapshots: 0, renders: 0, records: 0, events: 0 };
  private rateT = 0;
  private rateN = 0;
  private rateEv = 0;
  private rate = '';

  constructor(readonly el: HTMLElement, private readonly status: (s: string) => void) {
    clear(el,
      h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Dashboard' },
        this.pauseBtn,
        h('button', { type: 'button', onclick: () => this.exportCsv() }, 'Export CSV'),
        h('button', { type: 'button', onclick: () => this.exportJson() }, 'Export JSON'),
        h('button', { type: 'button', onclick: () => this.startLocal().catch((e: Error) => status(e.message)) }, 'Run in-page demo')),
      this.info, this.grid);
    (window as unknown as { tsbpfDashboard: Dashboard }).tsbpfDashboard = this;
  }

  /** connect to the server's feed (once); a static site has none and says so */
  connect(): void {
    if (this.es || this.local) return;
    const es = new EventSource('api/feed');
    this.es = es;
    this.info.textContent = 'connecting to the feed…';
    es.addEventListener('hello', (e) => this.onHello(JSON.parse((e as MessageEvent<string>).data) as FeedHello));
    es.addEventListener('snapshot', (e) => this.onSnapshot(JSON.parse((e as MessageEvent<string>).data) as FeedSnapshot));
    es.addEventListener('records', (e) => this.onRecords(JSON.parse((e as MessageEvent<string>).data) as FeedRecords));
    es.onerror = () => {
      if (this.hello) return; // EventSource reconnects by itself
      es.close();
      this.es = null;
      this.info.textContent = 'No live feed here (a static page, or tsbpf ui without --feed or attached objects). "Run in-page demo" runs pkt_sizes.bpf.o over the bundled capture in this page.';
    };
  }

  /** the static site's demo: the emulator source, in the page, at 2,000 packets per second */
  async startLocal(rate = 2000): Promise<void> {
    this.es?.close();
    this.es = null;
    if (this.local) clearInterval(this.local.timer);
    const ex = EXAMPLES.find((e) => e.file === 'pkt_sizes.bpf.o')!;
    const obj = loadObjectSync(await fetchBytes(ex.url), { file: ex.file });
    const packets = parseCapture(await fetchBytes(CAPTURE.url)).packets;
    const src = new EmulatorSource(obj, obj.program('pkt_sizes'), packets, { rate, label: `${ex.file} over ${CAPTURE.file} (in this page)` });
    this.onHello(src.hello());
    src.start();
    const timer = setInterval(() => {
      this.onSnapshot(src.snapshot());
      for (const r of src.drain(2000)) this.onRecords(r);
    }, src.hello().intervalMs);
    this.local = { src, timer };
  }

  private onHello(m: FeedHello): void {
    this.hello = m;
    this.history.length = 0;
    this.cards.clear();
    clear(this.grid, ...m.maps.map((x) => this.card(x.name, x.type, x.view)));
    this.info.textContent = `watching ${m.source}`;
    this.status(`dashboard: ${m.source}`);
  }

  private card(name: string, type: string, view: MapView): HTMLElement {
    const body = h('div', { className: 'card-body' });
    const c: Card = { view, body };
    const head = h('h3', { id: `card-${name}` }, `${name} `, h('small', {}, `${type.replace('BPF_MAP_TYPE_', '')}, ${view === 'log2' ? 'log2 histogram' : view === 'linear' ? 'linear histogram' : view === 'counter' ? 'counters over time' : view === 'records' ? 'records' : 'top keys'}`));
    const tools: Node[] = [];
    if (view === 'records') {
      c.filter = h('input', { type: 'search', 'aria-label': `Filter records of ${name}`, placeholder: 'filter: text, or field=value' });
      c.count = h('span', { className: 'hint' });
      c.filter.addEventListener('input', () => this.draw());
      tools.push(c.filter, c.count);
    }
    this.cards.set(name, c);
    return h('section', { className: `card ${view}`, 'aria-labelledby': `card-${name}` }, head, ...tools, body);
  }

  private onSnapshot(s: FeedSnapshot): void {
    this.counters.snapshots++;
    this.history.push(s);
    if (this.history.length > HISTORY) this.history.shift();
    this.pending = s;
    const now = performance.now();
    if (!this.rateT) { this.rateT = now; this.rateEv = s.events; }
    this.rateN++;
    if (now - this.rateT >= 1000) {
      this.rate = `${((this.rateN * 1000) / (now - this.rateT)).toFixed(1)} updates/s, ${Math.round(((s.events - this.rateEv) * 1000) / (now - this.rateT))} events/s`;
      this.rateT = now;
      this.rateN = 0;
      this.rateEv = s.events;
    }
    this.counters.events = s.events;
    this.schedule();
  }

  private onRecords(r: FeedRecords): void {
    let list = this.records.get(r.map);
    if (!list) this.records.set(r.map, (list = []));
    list.push(...r.rows);
    if (list.length > MAX_RECORDS) list.splice(0, list.length - MAX_RECORDS);
    const t = this.totals.get(r.map) ?? { seen: 0, dropped: 0 };
    t.seen += r.rows.length;
    t.dropped += r.dropped;
    this.totals.set(r.map, t);
    this.counters.records += r.rows.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.paused || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private togglePause(): void {
    this.paused = !this.paused;
    this.pauseBtn.textContent = this.paused ? 'Resume' : 'Pause';
    this.pauseBtn.setAttribute('aria-pressed', String(this.paused));
    if (!this.paused) this.schedule();
  }

  private draw(): void {
    const s = this.pending;
    if (!s || !this.hello) return;
    this.counters.renders++;
    this.info.textContent = `watching ${this.hello.source}: ${s.events} events${this.rate ? `; ${this.rate}` : ''}${this.paused ? ' (paused)' : ''}`;
    for (const [name, c] of this.cards) {
      const rows = s.maps[name] ?? [];
      if (c.view === 'log2' || c.view === 'linear') this.drawHist(name, c, rows);
      else if (c.view === 'counter') this.drawCounter(name, c);
      else if (c.view === 'table') this.drawTop(name, c, rows);
      else this.drawRecords(name, c);
    }
  }

  private drawHist(name: string, c: Card, rows: [string, number][]): void {
    const counts = rows.map(([k, v]) => [Number(k), v] as const).filter(([k]) => Number.isFinite(k)).sort((a, b) => a[0] - b[0]);
    const nz = counts.filter(([, v]) => v > 0);
    if (!nz.length) { clear(c.body, h('p', { className: 'hint' }, 'no samples yet')); return; }
    const lo = nz[0]![0];
    const hi = nz[nz.length - 1]![0];
    const max = Math.max(...nz.map(([, v]) => v));
    const shown = counts.filter(([k]) => k >= lo && k <= hi);
    // slot 0 holds 0 and 1 (log2l(0) = log2l(1) = 0): libbpf-tools' print_log2_hist prints it `0 -> 1`
    const label = (k: number): string => (c.view === 'log2' ? (k === 0 ? '[0, 2)' : `[${sizeLabel(2 ** k)}, ${sizeLabel(2 ** (k + 1))})`) : `[${k}, ${k + 1})`);
    clear(c.body, table(`${name}: histogram`, ['Bucket', 'Count', ''], shown.map(([k, v]) => {
      const bar = h('div', { className: 'bar', 'aria-hidden': 'true' });
      bar.style.width = `${(100 * v) / max}%`;
      return [label(k), String(v), bar];
    }), 'hist'));
  }

  /** counters as rates: one small chart per key (their scales differ: packets and bytes), up to 8 keys */
  private drawCounter(name: string, c: Card): void {
    const keys = [...new Set(this.history.flatMap((s) => (s.maps[name] ?? []).map(([k]) => k)))].slice(0, SERIES);
    const h0 = this.history;
    const xs = h0.slice(1).map((s) => s.t / 1000);
    const value = (s: FeedSnapshot, k: string): number | null => (s.maps[name] ?? []).find(([x]) => x === k)?.[1] ?? null;
    const rate = (k: string): (number | null)[] => h0.slice(1).map((s, i) => {
      const a = value(h0[i]!, k);
      const b = value(s, k);
      return a === null || b === null || s.t === h0[i]!.t ? null : ((b - a) * 1000) / (s.t - h0[i]!.t);
    });
    if (!c.plots || c.keys?.join() !== keys.join()) {
      for (const p of c.plots ?? []) p.destroy();
      clear(c.body);
      c.keys = keys;
      c.plots = keys.map((k, i) => new uPlot({
        width: 440, height: keys.length > 2 ? 110 : 150, legend: { show: false },
        title: `${name}[${k}] per second`,
        series: [{}, { label: `${name}[${k}]/s`, stroke: COLORS[i % COLORS.length]!, width: 1.5, fill: `${COLORS[i % COLORS.length]!}22` }],
        axes: [{}, { size: 70, values: (_u, v) => v.map(short) }],
      }, [xs, rate(k)], c.body));
      c.body.append(h('p', { className: 'hint', id: `cur-${name}` }));
    } else c.plots.forEach((p, i) => p.setData([xs, rate(keys[i]!)]));
    const last = h0[h0.length - 1]!.maps[name] ?? [];
    c.body.querySelector(`#cur-${CSS.escape(name)}`)!.textContent = `now: ${last.map(([k, v]) => `${name}[${k}] = ${v}`).join(', ')}`;
  }

  private drawTop(name: string, c: Card, rows: [string, number][]): void {
    const top = [...rows].sort((a, b) => b[1] - a[1]).slice(0, 10);
    clear(c.body, table(`${name}: top ${top.length} of ${rows.length} keys`, ['Key', 'Value'], top.map(([k, v]) => [k, String(v)]), 'topn'));
  }

  private drawRecords(name: string, c: Card): void {
    const all = this.records.get(name) ?? [];
    const f = c.filter?.value.trim() ?? '';
    const eq = /^(\w+)\s*=\s*(.+)$/.exec(f);
    const match = (r: Record<string, unknown>): boolean => {
      if (!f) return true;
      if (eq) return cell(eq[1]!, r[eq[1]!]) === eq[2]!.trim();
      return Object.entries(r).some(([k, v]) => cell(k, v).toLowerCase().includes(f.toLowerCase()));
    };
    const shown: Record<string, unknown>[] = [];
    for (let i = all.length - 1; i >= 0 && shown.length < 100; i--) if (match(all[i]!)) shown.push(all[i]!);
    const cols = shown.length ? Object.keys(shown[0]!) : [];
    const t = this.totals.get(name);
    if (c.count) c.count.textContent = ` ${t?.seen ?? 0} records${t?.dropped ? `, ${t.dropped} dropped` : ''}; newest first`;
    clear(c.body, table(`${name}: newest ${shown.length} records`, cols, shown.map((r) => cols.map((k) => cell(k, r[k]))), 'records'));
  }

  private exportJson(): void {
    download('tsbpf-dashboard.json', 'application/json', JSON.stringify({ source: this.hello, snapshots: this.history, records: Object.fromEntries(this.records) }, null, 1));
  }

  private exportCsv(): void {
    const lines = ['time,map,key,value'];
    for (const s of this.history) for (const [m, rows] of Object.entries(s.maps)) for (const [k, v] of rows) lines.push(`${new Date(s.t).toISOString()},${m},"${k.replace(/"/g, '""')}",${v}`);
    download('tsbpf-dashboard.csv', 'text/csv', lines.join('\n') + '\n');
  }
}
