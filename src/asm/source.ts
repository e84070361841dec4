/**
 * Source lines of an assembly file: comments removed (`#` at the start of a line or after
 * blank space, `//` anywhere, `/* ... *\/`), strings kept intact, labels split off.
 */

export interface Statement {
  /** 1-based line number */
  line: number;
  /** 0-based column where `text` starts */
  column: number;
  /** labels defined before the statement on this line */
  labels: { name: string; column: number }[];
  /** the statement without labels and comments (may be empty) */
  text: string;
}

/** remove comments, respecting string literals; returns the code part of each line */
export function stripComments(src: string): string[] {
  const lines = src.split(/\r?\n/);
  const out: string[] = [];
  let inBlock = false;
  for (const raw of lines) {
    let s = '';
    let k = 0;
    let inStr = false;
    while (k < raw.length) {
      const c = raw[k]!;
      if (inBlock) {
        if (c === '*' && raw[k + 1] === '/') {
          inBlock = false;
          s += '  ';
          k += 2;
        } else {
          s += ' ';
          k++;
        }
        continue;
      }
      if (inStr) {
        s += c;
        if (c === '\\' && k + 1 < raw.length) {
          s += raw[k + 1];
          k += 2;
          continue;
        }
        if (c === '"') inStr = false;
        k++;
        continue;
      }
      if (c === '"') {
        inStr = true;
        s += c;
        k++;
        continue;
      }
      if (c === '#' && (k === 0 || /\s/.test(raw[k - 1]!))) break;
      if (c === '/' && raw[k + 1] === '/') break;
      if (c === '/' && raw[k + 1] === '*') {
        inBlock = true;
        s += '  ';
        k += 2;
        continue;
      }
      s += c;
      k++;
    }
    out.push(s);
  }
  return out;
}

const LABEL = /^\s*([A-Za-z_.$][\w.$@]*|"[^"]*")\s*:(?!=)/;
/** llvm-objdump's function header `0000000000000000 <name>:` */
const OBJDUMP_FUNC = /^\s*[0-9a-f]{16} <([^<>]+)>:\s*$/;

export function statements(src: string): Statement[] {
  const out: Statement[] = [];
  stripComments(src).forEach((code, idx) => {
    const labels: { name: string; column: number }[] = [];
    let rest = code;
    let col = 0;
    // llvm-objdump / tsbpf disasm furniture: `x.o:\tfile format elf64-bpf`, `section xdp:`
    if (/^\S+:\s+file format \S+\s*$/.test(rest)) rest = '';
    const sec = /^\s*(?:section|Disassembly of section) (\S+):\s*$/.exec(rest);
    if (sec) rest = `.section ${sec[1]},"ax",@progbits`;
    const f = OBJDUMP_FUNC.exec(rest);
    if (f) {
      labels.push({ name: f[1]!, column: rest.indexOf('<') + 1 });
      rest = '';
    }
    for (;;) {
      const m = LABEL.exec(rest);
      if (!m) break;
      const name = m[1]!.startsWith('"') ? m[1]!.slice(1, -1) : m[1]!;
      labels.push({ name, column: col + m[0].indexOf(m[1]!) });
      col += m[0].length;
      rest = rest.slice(m[0].length);
    }
    const lead = rest.length - rest.trimStart().length;
    out.push({ line: idx + 1, column: col + lead, labels, text: rest.trim() });
  });
  return out;
}
