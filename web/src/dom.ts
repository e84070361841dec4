/** Small DOM helpers: element creation, accessible tab lists, hex tables. */

type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** create an element: attributes (on* keys become listeners), then children */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function clear(el: Element, ...children: (Node | string)[]): void {
  el.replaceChildren(...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el as T;
}

/**
 * WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): buttons with role=tab inside a
 * role=tablist, arrow keys move between them, each controls a role=tabpanel.
 */
export function tabs(list: HTMLElement, onShow?: (id: string) => void): (id: string) => void {
  const all = (): HTMLButtonElement[] => [...list.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const show = (id: string): void => {
    for (const t of all()) {
      const on = t.getAttribute('aria-controls') === id;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !on;
    }
    onShow?.(id);
  };
  list.addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest('[role=tab]');
    if (t) show(t.getAttribute('aria-controls')!);
  });
  list.addEventListener('keydown', (e) => {
    const ts = all();
    const i = ts.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    let j = i;
    if (e.key === 'ArrowRight') j = (i + 1) % ts.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + ts.length) % ts.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = ts.length - 1;
    else return;
    e.preventDefault();
    ts[j]!.focus();
    show(ts[j]!.getAttribute('aria-controls')!);
  });
  return show;
}

/** a table with a caption and column headers; rows of cells (strings or nodes) */
export function table(caption: string, headers: string[], rows: (string | Node)[][], cls = ''): HTMLTableElement {
  return h('table', { className: cls },
    h('caption', { text: caption }),
    h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col', text: x })))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))));
}

export function download(name: string, type: string, text: string): void {
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}
