/**
 * The page: the playground (everything runs here, in the browser: the object loader, verifier,
 * interpreter, JIT and capture reader of src/) and the live dashboard (fed by `tsbpf ui` over
 * server-sent events). docs/web.md describes both.
 */
import './node_globals.js';
import './style.css';
import { h, byId, clear, tabs, table } from './dom.js';
import { EXAMPLES, CAPTURE, ASM_EXAMPLE, fetchBytes } from './examples.js';
import { VerifyPanel } from './verify_panel.js';
import { DebugPanel } from './debug_panel.js';
import { Dashboard } from './dashboard.js';
import { ScriptPanel } from './script_panel.js';
import { openObject, assembleProgram, watOf, describeProgram, type PlaygroundObject, type PlaygroundProgram } from '../../src/web/playground.js';
import { runOverCapture, classicVsExtended, packetSummary } from '../../src/web/session.js';
import { parseCapture, type CapturedPacket } from '../../src/hooks/pcap/decoder.js';
import { EditorView, basicSetup } from 'codemirror';

const status = (s: string): void => { byId('status').textContent = s; };
const fail = (e: unknown): void => { status(`error: ${(e as Error).message}`); };

let obj: PlaygroundObject | null = null;
let progIndex = 0;
let capture: { name: string; bytes: Uint8Array; packets: CapturedPacket[] } | null = null;

const current = (): { o: PlaygroundObject; p: PlaygroundProgram } | null => (obj ? { o: obj, p: obj.programs[progIndex]! } : null);
const mapSetInput = h('input', { type: 'text', id: 'map-sets', placeholder: 'blocklist:203.0.113.7=0' });
const mapSets = (): string[] => mapSetInput.value.split(',').map((x) => x.trim()).filter(Boolean);

const verifyPanel = new VerifyPanel(byId('p-verify'), current, status);
const debugPanel = new DebugPanel(byId('p-debug'), current, () => capture?.packets ?? [], mapSets, packetSummary);

// ---- the side panel: example, files, drop zone, program choice, object summary -------------
const exampleSel = byId<HTMLSelectElement>('example');
exampleSel.append(...EXAMPLES.map((e, i) => h('option', { value: i, text: `${e.file} — ${e.note}` })));
const progSel = byId<HTMLSelectElement>('program');
byId('object-info').before(h('label', { for: 'map-sets' }, 'Map assignments (MAP:KEY=VALUE, comma-separated)'), mapSetInput);

function setObject(o: PlaygroundObject, sets = ''): void {
  obj = o;
  progIndex = 0;
  mapSetInput.value = sets;
  clear(progSel, ...o.programs.map((p, i) => h('option', { value: i, text: describeProgram(p) })));
  clear(byId('object-info'),
    table(`${o.name}: programs`, ['Name', 'Section', 'Type', 'Insns'], o.programs.map((p) => [p.name, p.section, p.typeName.replace('BPF_PROG_TYPE_', ''), String(p.insns.length)])),
    table('Maps', ['Name', 'Type', 'Key', 'Value', 'Max'], o.maps.map((m) => [m.name, m.type.replace('BPF_MAP_TYPE_', ''), String(m.keySize), String(m.valueSize), String(m.maxEntries)])));
  byId('p-btf').replaceChildren(h('pre', { className: 'log', 'aria-label': 'BTF as C' }, o.btfC || '(no BTF in this object)'));
  programChanged();
  status(`opened ${o.name}`);
}

function programChanged(): void {
  verifyPanel.run();
  debugPanel.restart();
  byId('p-capture').querySelector('.capture-out')?.replaceChildren();
  if (!byId('p-jit').hidden) showJit();
}
progSel.addEventListener('change', () => { progIndex = Number(progSel.value); programChanged(); });

function setCapture(name: string, bytes: Uint8Array): void {
  capture = { name, bytes, packets: parseCapture(bytes, name).packets };
  byId('capture-name').textContent = `capture: ${name}, ${capture.packets.length} packets`;
  debugPanel.setInputs();
  debugPanel.restart();
}

async function openFile(f: File): Promise<void> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  const magic = bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (magic) setObject(openObject(bytes, f.name));
  else setCapture(f.name, bytes);
}

async function loadExample(i: number): Promise<void> {
  const e = EXAMPLES[i]!;
  setObject(openObject(await fetchBytes(e.url), e.file), e.mapSets ?? '');
}

exampleSel.addEventListener('change', () => { if (!exampleSel.value.startsWith('s')) loadExample(Number(exampleSel.value)).catch(fail); });
for (const id of ['file-object', 'file-capture']) {
  byId<HTMLInputElement>(id).addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    const t0 = performance.now();
    // for bench/web.ts: from the user's choice to the first frame painted with the object open
    if (f) openFile(f).then(() => requestAnimationFrame(() => { document.body.dataset['openMs'] = (performance.now() - t0).toFixed(1); }), fail);
  });
}
const drop = byId('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  for (const f of e.dataTransfer?.files ?? []) openFile(f).catch(fail);
});

// ---- run over a capture ---------------------------------------------------------------------
const engineSel = h('select', { id: 'engine' }, h('option', { value: 'jit', text: 'JIT (WebAssembly)' }), h('option', { value: 'interpreter', text: 'interpreter' }));
const captureOut = h('div', { className: 'capture-out' });
byId('p-capture').append(
  h('div', { className: 'toolbar' }, h('label', { for: 'engine' }, 'Engine '), engineSel,
    h('button', { type: 'button', onclick: () => runCapture().catch(fail) }, 'Run over capture')),
  captureOut);

async function runCapture(): Promise<void> {
  const c = current();
  if (!c || !capture) throw new Error('open an object and a capture first');
  const r = await runOverCapture(c.o, c.p, capture.bytes, { engine: engineSel.value as 'jit' | 'interpreter', mapSets: mapSets() });
  clear(captureOut,
    h('p', { role: 'status', id: 'capture-summary' }, `${r.packets} packets: ${r.counts.map(([a, n]) => `${a} ${n}`).join(', ')}; ${r.events} events, ${r.errors} errors`),
    table('Verdicts', ['Verdict', 'Packets'], r.counts.map(([a, n]) => [a, String(n)]), 'verdicts'),
    table('Packets', ['#', 'Packet', 'Length', 'Verdict', 'Insns'], r.rows.slice(0, 2000).map((x) => [String(x.index), x.summary, String(x.len), x.error ? `${x.action}: ${x.error}` : x.action, String(x.insns)]), 'packets'));
  status(`ran ${c.p.name} over ${capture.name}`);
}

// ---- the JIT's WebAssembly ------------------------------------------------------------------
function showJit(): void {
  const c = current();
  if (!c) return;
  let text: string;
  try {
    text = watOf(c.p.insns.map((x) => (x.code === 0x18 && x.src !== 0 ? { ...x, src: 0 } : x)), false);
  } catch (e) {
    text = `cannot compile: ${(e as Error).message}`;
  }
  byId('p-jit').replaceChildren(h('p', {}, `The WebAssembly module the JIT makes of ${c.p.name} (checked mode: every access tested against the region table).`), h('pre', { className: 'log', 'aria-label': 'WebAssembly text' }, text));
}

// ---- classic vs extended BPF ----------------------------------------------------------------
const exprIn = h('input', { type: 'text', id: 'filter-expr', value: 'udp or tcp port 80', size: 40 });
const classicOut = h('div', { className: 'cols3' });
byId('p-classic').append(
  h('div', { className: 'toolbar' }, h('label', { for: 'filter-expr' }, 'tcpdump expression '), exprIn,
    h('button', { type: 'button', onclick: () => showClassic() }, 'Compile filter')),
  classicOut);
exprIn.addEventListener('keydown', (e) => { if (e.key === 'Enter') showClassic(); });
function showClassic(): void {
  try {
    const v = classicVsExtended(exprIn.value, capture?.bytes);
    const n = v.rows.filter((r) => r.classic).length;
    clear(classicOut,
      h('div', {}, h('h3', {}, 'Classic BPF (tcpdump -d)'), h('pre', { className: 'log', 'aria-label': 'Classic BPF listing' }, v.classic)),
      h('div', {}, h('h3', {}, 'Converted eBPF'), h('pre', { className: 'log', 'aria-label': 'Converted eBPF listing' }, v.extended)),
      h('div', {}, h('h3', {}, `Selected packets: ${n} of ${v.rows.length}`),
        table('Packets selected by the filter', ['#', 'Packet', 'Classic', 'eBPF'], v.rows.map((r) => [String(r.index), r.summary, r.classic ? 'yes' : 'no', r.extended ? 'yes' : 'no']), 'packets')));
  } catch (e) {
    clear(classicOut, h('p', { role: 'alert', className: 'verdict bad' }, (e as Error).message));
  }
}

// ---- assembly -------------------------------------------------------------------------------
const typeSel = h('select', { id: 'asm-type' }, ...['xdp', 'socket_filter', 'sched_cls', 'tracepoint', 'kprobe'].map((t) => h('option', { value: t, text: t })));
const editorHost = h('div', { className: 'editor' });
byId('p-asm').append(
  h('div', { className: 'toolbar' }, h('label', { for: 'asm-type' }, 'Program type '), typeSel,
    h('button', { type: 'button', onclick: () => assembleNow() }, 'Assemble and verify')),
  editorHost);
const editor = new EditorView({ doc: ASM_EXAMPLE, extensions: [basicSetup, EditorView.contentAttributes.of({ 'aria-label': 'Assembly source (llvm dialect)' })], parent: editorHost });
function assembleNow(): void {
  try {
    setObject(assembleProgram(editor.state.doc.toString(), typeSel.value, 'asm_prog'));
    showTab('p-verify');
  } catch (e) {
    fail(e);
  }
}

// ---- tracing-language scripts ---------------------------------------------------------------
new ScriptPanel(byId('p-script'), (o) => setObject(o), status);

const showTab = tabs(byId('pg-tabs'), (id) => {
  if (id === 'p-jit') showJit();
  if (id === 'p-debug') debugPanel.shown();
  if (id === 'p-classic' && !classicOut.childElementCount) showClassic();
});
const dashboard = new Dashboard(byId('dashboard'), status);
tabs(byId('main-tabs'), (id) => { if (id === 'dashboard') dashboard.connect(); });

// ---- start: objects the server was given (tsbpf ui OBJ…), else the bundled example -----------
async function start(): Promise<void> {
  setCapture(CAPTURE.file, await fetchBytes(CAPTURE.url));
  let served: { name: string; url: string }[] = [];
  try {
    const r = await fetch('api/objects');
    if (r.ok && (r.headers.get('content-type') ?? '').includes('json')) served = await r.json() as typeof served;
  } catch {
    // a static site (npm run build:web) has no server: the bundled examples are all there is
  }
  for (const s of served) exampleSel.append(h('option', { value: `s${s.url}`, text: `${s.name} (from tsbpf ui)` }));
  if (served.length) {
    exampleSel.value = `s${served[0]!.url}`;
    setObject(openObject(await fetchBytes(served[0]!.url), served[0]!.name));
  } else await loadExample(0);
  // for tests and bench/web.ts: the example is open, verified and drawn
  document.body.dataset['readyMs'] = performance.now().toFixed(1);
  document.body.dataset['ready'] = 'true';
  if (location.hash === '#dashboard') byId('tab-dashboard').click();
}
exampleSel.addEventListener('change', () => {
  if (!exampleSel.value.startsWith('s')) return;
  const url = exampleSel.value.slice(1);
  fetchBytes(url).then((b) => setObject(openObject(b, exampleSel.selectedOptions[0]!.text.replace(/ \(from tsbpf ui\)$/, '')))).catch(fail);
});
start().catch(fail);
