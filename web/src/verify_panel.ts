/**
 * The Verify view: the verdict, tsbpf's plain-words explanation, the instruction stream with C
 * source lines and the verifier's states (virtualised), the state at the selected instruction
 * (registers with types, ranges and tnums; stack slots), and the kernel-format log.
 */
import { h, clear, table } from './dom.js';
import { VirtualGrid } from './virtual_list.js';
import { verifyProgram, type PlaygroundObject, type PlaygroundProgram, type VerifyView } from '../../src/web/playground.js';

export class VerifyPanel {
  private view: VerifyView | null = null;
  private readonly verdict = h('p', { id: 'verdict', role: 'status', className: 'verdict' });
  private readonly explanation = h('pre', { id: 'explanation', className: 'explanation', 'aria-label': 'Explanation' });
  private readonly grid: VirtualGrid;
  private readonly state = h('div', { id: 'state', role: 'region', 'aria-label': 'State at the selected instruction', className: 'state' });
  private readonly log = h('pre', { className: 'log', 'aria-label': 'Verifier log' });
  private readonly logBox = h('details', {}, h('summary', {}, 'Verifier log (kernel format)'), this.log);
  private readonly unpriv = h('input', { type: 'checkbox', id: 'unpriv' });
  private readonly kernel = h('select', { id: 'kernel' }, h('option', { value: '6.18', text: 'Linux 6.18 rules' }), h('option', { value: '5.10', text: 'Linux 5.10 rules' }));
  /** last time to show the states (ms), for the benchmark */
  lastMs = 0;

  constructor(readonly el: HTMLElement, private readonly current: () => { o: PlaygroundObject; p: PlaygroundProgram } | null, private readonly status: (s: string) => void) {
    this.grid = new VirtualGrid({
      label: 'Instructions and verifier states',
      columns: ['#', 'Instruction', 'C source (line_info)', 'Seen', 'State before the instruction'],
      row: (i) => this.row(i),
      onSelect: (i) => this.showState(i),
    });
    clear(el,
      h('div', { className: 'toolbar' },
        h('button', { type: 'button', onclick: () => this.run() }, 'Verify'),
        h('label', { for: 'unpriv' }, this.unpriv, ' Unprivileged'),
        h('label', { for: 'kernel' }, 'Kernel '), this.kernel),
      this.verdict, this.explanation,
      h('div', { className: 'split' }, this.grid.el, this.state),
      this.logBox);
    // the level-1 log costs another verification: made when the log is opened
    this.logBox.addEventListener('toggle', () => this.showLog());
    this.unpriv.addEventListener('change', () => this.run());
    this.kernel.addEventListener('change', () => this.run());
  }

  run(): void {
    const c = this.current();
    if (!c) return;
    const t0 = performance.now();
    try {
      this.view = verifyProgram(c.o, c.p, { unpriv: this.unpriv.checked, kernel: this.kernel.value as '6.18' | '5.10' });
    } catch (e) {
      this.view = null;
      this.verdict.textContent = `error: ${(e as Error).message}`;
      this.verdict.className = 'verdict bad';
      return;
    }
    const v = this.view;
    const r = v.result;
    this.verdict.className = `verdict ${r.accepted ? 'good' : 'bad'}`;
    this.verdict.textContent = r.accepted
      ? `accepted: ${v.rows.length} instructions, ${r.stats.processed} processed, ${r.stats.totalStates} states`
      : `rejected (${r.errno}) at insn ${r.insn ?? '?'}: ${r.message}`;
    this.explanation.textContent = r.explanation ?? '';
    this.explanation.hidden = !r.explanation;
    this.log.textContent = '';
    this.showLog();
    this.grid.setCount(v.rows.length, false);
    const fail = r.accepted ? -1 : v.rows.findIndex((x) => x.failing);
    this.grid.select(fail >= 0 ? fail : 0);
    this.lastMs = performance.now() - t0;
    // for bench/web.ts: verified and the first rows drawn, in the page's own clock
    this.el.dataset['ms'] = this.lastMs.toFixed(1);
    this.status(`verified ${c.p.name} in ${this.lastMs.toFixed(0)} ms`);
  }

  private showLog(): void {
    if (this.view && this.logBox.open && !this.log.textContent) this.log.textContent = this.view.fullLog();
  }

  private row(i: number): { cells: (string | Node)[]; className?: string } {
    const x = this.view!.rows[i]!;
    const step = x.lastStep >= 0 ? this.view!.steps.get(x.lastStep) : null;
    const regs = step ? Object.entries(step.regs).filter(([k]) => k !== 'r10').map(([k, v]) => `${k}=${v}`).join(' ') : '';
    const cls = [x.failing ? 'failing' : '', x.onFailingPath ? 'onpath' : '', x.visits === 0 ? 'dead' : ''].filter(Boolean).join(' ');
    return { cells: [String(x.insn), x.text.replace(/^\(\w\w\) /, ''), x.source ?? '', String(x.visits), regs], className: cls };
  }

  private showState(i: number, visit?: number): void {
    const v = this.view;
    if (!v) return;
    const x = v.rows[i]!;
    const at = v.stepsAt(x.insn);
    const k = visit ?? at.length - 1;
    const head = h('h3', {}, `insn ${x.insn}: ${x.text}`);
    if (at.length === 0) {
      clear(this.state, head, h('p', {}, x.visits === 0 ? 'No path reaches this instruction (dead code).' : 'No state recorded.'));
      return;
    }
    const step = v.steps.get(at[k]!);
    // a loop's instruction can have thousands of visits: a number field then, not a list of options
    const pick = at.length > 200
      ? h('input', { type: 'number', id: 'visit', 'aria-label': `Visit (1 to ${at.length})`, min: 1, max: at.length, value: k + 1 })
      : h('select', { id: 'visit', 'aria-label': 'Visit' }, ...Array.from(at, (_, j) => h('option', { value: j + 1, text: `visit ${j + 1} of ${at.length}` })));
    pick.value = String(k + 1);
    pick.addEventListener('change', () => {
      const n = Math.trunc(Number(pick.value));
      if (n >= 1 && n <= at.length) this.showState(i, n - 1);
    });
    clear(this.state, head,
      x.source ? h('p', { className: 'src' }, x.source) : '',
      h('p', {}, pick, ` frame ${step.frame}`),
      table('Registers', ['Register', 'Type, range, tnum'], Object.entries(step.regs).map(([r, s]) => [r, s]), 'regs'),
      table('Stack slots', ['Slot', 'Contents'], Object.entries(step.stack).map(([r, s]) => [r, s]), 'stack'));
  }
}
