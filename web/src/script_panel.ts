/**
 * The Script view: a bpftrace script (CodeMirror) compiled in the page by the tracing language's
 * compiler; its probes' programs become the playground's programs (Verify, JIT… work on them, the
 * script's lines beside the instructions), tsbpf's verifier's verdict per probe; BEGIN and END run on
 * the emulator with bpftrace's output. Probes on kernel events never fire in a page (src/web/script.ts).
 */
import { EditorView, basicSetup } from 'codemirror';
import { h, clear, table } from './dom.js';
import { compileScript, runInPage, SCRIPT_EXAMPLE, type ScriptView } from '../../src/web/script.js';
import type { PlaygroundObject } from '../../src/web/playground.js';
import { useTracepointFormats } from '../../src/kernel/tracefs.js';
import { TRACEPOINT_FORMATS } from '../../src/web/tracepoint_formats.js';

export class ScriptPanel {
  private view: ScriptView | null = null;
  private readonly editor: EditorView;
  private readonly out = h('div', { className: 'script-out' });

  constructor(readonly el: HTMLElement, private readonly open: (o: PlaygroundObject) => void, private readonly status: (s: string) => void) {
    // a page has no tracefs: the tracepoints it knows are the bundled formats
    useTracepointFormats(TRACEPOINT_FORMATS);
    const host = h('div', { className: 'editor' });
    clear(el,
      h('div', { className: 'toolbar' },
        h('button', { type: 'button', onclick: () => this.compile() }, 'Compile and verify'),
        h('button', { type: 'button', onclick: () => { this.run().catch((e: unknown) => this.error(e)); } }, 'Run BEGIN and END')),
      h('p', { className: 'hint' }, `The bpftrace language, compiled in the page. BEGIN and END run here, on the emulator; probes on kernel events (tracepoints, uprobes, profile…) are compiled and verified but have no events in a browser — run the script with tsbpf trace. Tracepoints known here: ${Object.keys(TRACEPOINT_FORMATS).length} common ones (syscalls, sched, signal, block).`),
      host, this.out);
    this.editor = new EditorView({ doc: SCRIPT_EXAMPLE, extensions: [basicSetup, EditorView.contentAttributes.of({ 'aria-label': 'Script (bpftrace language)' })], parent: host });
  }

  /** compile the editor's script; its probes become the playground's programs */
  compile(): ScriptView | null {
    try {
      this.view = compileScript(this.editor.state.doc.toString());
    } catch (e) {
      this.view = null;
      this.error(e);
      return null;
    }
    const v = this.view;
    this.open(v.object);
    const bad = v.probes.filter((p) => p.refusal);
    clear(this.out,
      h('p', { role: 'status', id: 'script-summary', className: `verdict ${bad.length ? 'bad' : 'good'}` },
        `${v.probes.length} probe${v.probes.length === 1 ? '' : 's'}, ${bad.length ? `${bad.length} refused by the verifier` : 'all accepted by the verifier'}`),
      table('Probes', ['Probe', 'Program type', 'Insns', 'Verifier', 'In the page'], v.probes.map((p) => [
        p.name, p.progType, String(p.insns), p.refusal ? 'refused' : 'accepted', p.runsInPage ? 'runs' : 'needs the kernel (tsbpf trace)',
      ]), 'probes'),
      ...bad.map((p) => h('pre', { className: 'log', role: 'alert', 'aria-label': `Refusal of ${p.name}` }, p.refusal!)));
    this.status(`compiled the script: ${v.probes.length} probes`);
    return v;
  }

  async run(): Promise<void> {
    const v = this.view ?? this.compile();
    if (!v) return;
    const text = await runInPage(v);
    this.out.append(h('h3', {}, 'Output (BEGIN, END, the maps at exit)'), h('pre', { className: 'log', 'aria-label': 'Script output' }, text));
    this.status('ran BEGIN and END');
  }

  private error(e: unknown): void {
    const text = (e as { formatted?: string }).formatted ?? (e as Error).message;
    clear(this.out, h('pre', { className: 'log verdict bad', role: 'alert', 'aria-label': 'Script error' }, text));
  }
}
