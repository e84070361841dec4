/**
 * A virtualised grid: only the rows in view (plus a margin) exist in the DOM, so a program of
 * 10,000 instructions shows at once and scrolls smoothly. Fixed row height; ARIA grid semantics
 * (role=grid, aria-rowcount, aria-rowindex on each row, aria-selected) and keyboard selection
 * (arrows, Page Up/Down, Home/End, Enter).
 */
import { h } from './dom.js';

export interface VirtualGridOptions {
  label: string;
  columns: string[];
  rowHeight?: number;
  /** the cells of row i (strings) and extra classes */
  row(i: number): { cells: (string | Node)[]; className?: string };
  onSelect?(i: number): void;
  onActivate?(i: number): void;
}

export class VirtualGrid {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowH: number;
  private count = 0;
  selected = -1;
  private frame = 0;

  constructor(private readonly o: VirtualGridOptions) {
    this.rowH = o.rowHeight ?? 20;
    const head = h('div', { role: 'row', className: 'vrow vhead', 'aria-rowindex': 1 }, ...o.columns.map((c) => h('div', { role: 'columnheader', className: 'vcell', text: c })));
    this.spacer = h('div', { className: 'vspacer' });
    this.body = h('div', { className: 'vbody', role: 'rowgroup' }, this.spacer);
    this.el = h('div', { role: 'grid', className: 'vgrid', 'aria-label': o.label, tabindex: 0, 'aria-rowcount': 1 }, h('div', { role: 'rowgroup' }, head), this.body);
    this.body.addEventListener('scroll', () => this.schedule());
    this.el.addEventListener('keydown', (e) => this.key(e));
    this.body.addEventListener('click', (e) => {
      const r = (e.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (r) this.select(Number(r.dataset['i']), false);
    });
    this.body.addEventListener('dblclick', (e) => {
      const r = (e.target as HTMLElement).closest<HTMLElement>('[data-i]');
      if (r) this.o.onActivate?.(Number(r.dataset['i']));
    });
  }

  /** the number of rows; `draw` false when a select() follows (it draws) */
  setCount(n: number, draw = true): void {
    this.count = n;
    this.el.setAttribute('aria-rowcount', String(n + 1));
    this.spacer.style.height = `${n * this.rowH}px`;
    if (this.selected >= n) this.selected = -1;
    if (draw) this.render();
  }

  /** redraw the rows in view (after their data changed) */
  refresh(): void {
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const top = this.body.scrollTop;
    const height = this.body.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / this.rowH) - 10);
    const last = Math.min(this.count, Math.ceil((top + height) / this.rowH) + 10);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const r = this.o.row(i);
      const el = h('div', {
        role: 'row', className: `vrow${r.className ? ` ${r.className}` : ''}`, 'data-i': i, 'aria-rowindex': i + 2,
        'aria-selected': String(i === this.selected),
      }, ...r.cells.map((c) => h('div', { role: 'gridcell', className: 'vcell' }, c)));
      el.style.top = `${i * this.rowH}px`;
      el.style.height = `${this.rowH}px`;
      rows.push(el);
    }
    this.body.replaceChildren(this.spacer, ...rows);
  }

  select(i: number, scroll = true): void {
    if (i < 0 || i >= this.count) return;
    this.selected = i;
    if (scroll) {
      const top = i * this.rowH;
      const b = this.body;
      if (top < b.scrollTop) b.scrollTop = top;
      else if (top + this.rowH > b.scrollTop + b.clientHeight) b.scrollTop = top + this.rowH - b.clientHeight;
    }
    this.el.setAttribute('aria-activedescendant', '');
    this.render();
    this.o.onSelect?.(i);
  }

  private key(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.body.clientHeight / this.rowH) - 1);
    const s = this.selected < 0 ? 0 : this.selected;
    const to: Record<string, number> = { ArrowDown: s + 1, ArrowUp: s - 1, PageDown: s + page, PageUp: s - page, Home: 0, End: this.count - 1 };
    if (e.key === 'Enter' && this.selected >= 0) {
      this.o.onActivate?.(this.selected);
      e.preventDefault();
      return;
    }
    const t = to[e.key];
    if (t === undefined) return;
    e.preventDefault();
    this.select(Math.max(0, Math.min(this.count - 1, this.selected < 0 ? 0 : t)));
  }
}
