/**
 * The Debug view: the program on the reference interpreter around a test-run context built from a
 * packet (from the capture, or hex bytes typed in). Step, Step over, Continue, breakpoints
 * (double-click or Enter on an instruction, or the Toggle breakpoint button); registers (changed
 * ones marked), the frame's stack bytes, the packet bytes and the maps after each step.
 */
import { h, clear, table } from './dom.js';
import { VirtualGrid } from './virtual_list.js';
import { regText, hexRows, type PlaygroundObject, type PlaygroundProgram } from '../../src/web/playground.js';
import { DebugSession, mapContents } from '../../src/web/session.js';
import { disassembleLines } from '../../src/asm/disasm.js';
import { slotIndices } from '../../src/isa/instruction.js';
import type { CapturedPacket } from '../../src/hooks/pcap/decoder.js';

export class DebugPanel {
  private s: DebugSession | null = null;
  /** the program or input changed while the view was hidden: restart when shown */
  private stale = false;
  private lines: { slot: number; text: string }[] = [];
  private readonly grid: VirtualGrid;
  private readonly packetPick = h('select', { id: 'dbg-packet' });
  private readonly hex = h('textarea', { id: 'dbg-hex', rows: 2, placeholder: 'ff ff ff ff ff ff 00 11 22 33 44 55 08 00 45 00 …' });
  private readonly info = h('p', { id: 'dbg-info', role: 'status', className: 'verdict' });
  private readonly regs = h('div', { className: 'dbg-regs' });
  private readonly mem = h('div', { className: 'dbg-mem' });

  constructor(readonly el: HTMLElement, private readonly current: () => { o: PlaygroundObject; p: PlaygroundProgram } | null,
    private readonly packets: () => CapturedPacket[], private readonly mapSets: () => string[], private readonly summary: (b: Uint8Array) => string) {
    this.grid = new VirtualGrid({
      label: 'Program listing',
      columns: ['', '#', 'Instruction'],
      row: (i) => this.row(i),
      onActivate: (i) => this.toggle(i),
    });
    const btn = (label: string, f: () => void, key?: string): HTMLButtonElement => h('button', { type: 'button', onclick: f, ...(key ? { 'aria-keyshortcuts': key, title: `${label} (${key})` } : {}) }, label);
    clear(el,
      h('div', { className: 'toolbar' },
        h('label', { for: 'dbg-packet' }, 'Input packet '), this.packetPick,
        h('label', { for: 'dbg-hex' }, ' or packet bytes (hex) '), this.hex),
      h('div', { className: 'toolbar', role: 'toolbar', 'aria-label': 'Debugger' },
        btn('Restart', () => this.restart()),
        btn('Step', () => this.act((s) => s.step()), 'F11'),
        btn('Step over', () => this.act((s) => s.stepOver()), 'F10'),
        btn('Continue', () => this.act((s) => s.continue()), 'F8'),
        btn('Toggle breakpoint', () => this.toggle(this.grid.selected >= 0 ? this.grid.selected : this.pcLine()))),
      this.info,
      h('div', { className: 'split' }, this.grid.el, h('div', {}, this.regs, this.mem)));
    el.addEventListener('keydown', (e) => {
      const f = ({ F11: () => this.act((s) => s.step()), F10: () => this.act((s) => s.stepOver()), F8: () => this.act((s) => s.continue()) } as Record<string, () => void>)[e.key];
      if (f) { e.preventDefault(); f(); }
    });
  }

  /** fill the packet choice from the capture (called when either changes) */
  setInputs(): void {
    const ps = this.packets();
    clear(this.packetPick, h('option', { value: '-1', text: ps.length ? '(hex bytes below)' : '(no capture: hex bytes below)' }),
      ...ps.map((p, i) => h('option', { value: i, text: `#${i} ${this.summary(p.data)}` })));
    this.packetPick.value = ps.length ? '0' : '-1';
  }

  /**
   * a new session on the current program and input; while the view is hidden only marked due (a
   * session loads the object and lists the program: opening a long one should not wait for it)
   */
  restart(): void {
    const c = this.current();
    if (!c) return;
    this.stale = this.el.hidden;
    if (this.stale) return;
    const i = Number(this.packetPick.value);
    let data: Uint8Array | undefined;
    if (i >= 0) data = this.packets()[i]!.data.slice();
    else if (this.hex.value.trim()) data = Uint8Array.from(this.hex.value.trim().split(/[\s,]+/).map((x) => parseInt(x.replace(/^0x/, ''), 16) & 0xff));
    const old = this.s?.breakpoints;
    try {
      this.s = new DebugSession(c.o, c.p, { ...(data ? { data } : {}), mapSets: this.mapSets() });
    } catch (e) {
      this.s = null;
      this.info.textContent = `cannot start: ${(e as Error).message}`;
      return;
    }
    if (old) for (const b of old) this.s.breakpoints.add(b);
    const slots = slotIndices(this.s.prog.insns);
    this.lines = disassembleLines(this.s.prog.original, { listing: false }).map((text, k) => ({ slot: slots[k]!, text }));
    this.grid.setCount(this.lines.length);
    this.show();
  }

  /** the view was shown */
  shown(): void {
    if (this.stale) this.restart();
  }

  private pcLine(): number {
    return this.s ? this.lines.findIndex((l) => l.slot === this.s!.pc) : -1;
  }

  private toggle(i: number): void {
    if (!this.s || i < 0) return;
    this.s.toggleBreakpoint(this.lines[i]!.slot);
    this.grid.refresh();
  }

  private act(f: (s: DebugSession) => void): void {
    if (!this.s || this.stale) this.restart();
    if (!this.s || this.stale) return;
    f(this.s);
    this.show();
  }

  private row(i: number): { cells: string[]; className?: string } {
    const l = this.lines[i]!;
    const s = this.s!;
    const pc = s.state === 'running' && s.pc === l.slot;
    const bp = s.breakpoints.has(l.slot);
    return { cells: [`${bp ? '●' : ''}${pc ? '▶' : ''}`, String(l.slot), l.text], className: [pc ? 'pc' : '', bp ? 'bp' : ''].filter(Boolean).join(' ') };
  }

  private show(): void {
    const s = this.s!;
    const st = s.state === 'running' ? `stopped before insn ${s.pc} (frame ${s.depth})` : s.state === 'exited' ? `exited: r0 = ${s.r0}` : `fault: ${s.error?.message}`;
    this.info.textContent = `${st}; ${s.count} instructions executed`;
    this.info.className = `verdict ${s.state === 'error' ? 'bad' : ''}`;
    const regs = s.regs();
    this.regs.replaceChildren(table('Registers', ['Register', 'Value', 'Changed'], regs.map((v, i) => [`r${i}`, regText(v), v !== s.previous[i] ? 'changed' : '']), 'regs'));
    for (const tr of this.regs.querySelectorAll('tbody tr')) if (tr.lastElementChild?.textContent === 'changed') tr.classList.add('changed');
    const stack = s.stack();
    // only the rows the program wrote: a 512-byte frame is mostly zeros
    const stackRows = hexRows(stack).filter((r) => /[^0 ]/.test(r.hex)).map((r) => [`fp-${(512 - parseInt(r.off, 16)).toString()}`, r.hex, r.ascii]);
    const pkt = s.packet();
    this.mem.replaceChildren(
      table(`Stack (frame ${s.depth}, non-zero rows)`, ['Offset', 'Bytes', 'ASCII'], stackRows, 'hex'),
      table(`Packet (${pkt.length} bytes)`, ['Offset', 'Bytes', 'ASCII'], hexRows(pkt).map((r) => [r.off, r.hex, r.ascii]), 'hex'),
      ...mapContents(s.obj).map((m) => table(`Map ${m.name}`, ['Key: value'], m.entries.length ? m.entries.map((e) => [e]) : [['(empty or not listable)']], 'map')));
    this.grid.refresh();
    const pc = this.pcLine();
    if (pc >= 0) this.grid.select(pc);
  }
}
