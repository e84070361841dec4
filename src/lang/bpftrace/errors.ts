/**
 * Errors in a script, printed as bpftrace prints them (bpftrace src/log.cpp, LOG(ERROR, loc)):
 *
 *   stdin:1:14-16: ERROR: Undefined or undeclared variable: $y
 *   BEGIN { @x = $y; }
 *                ~~
 *
 * The location is `file:line:col-endcol` (endcol exclusive), then the source line and a `~` under
 * every column of the span. A ScriptError is a BpfError (errno name included) so callers that only
 * know BpfError still report it as a sentence.
 */
import { BpfError, type ErrnoName } from '../../isa/errors.js';
import type { Loc } from './ast.js';

export class ScriptError extends BpfError {
  readonly loc: Loc | undefined;
  readonly detail: string;
  constructor(detail: string, loc?: Loc, errno: ErrnoName = 'EINVAL') {
    super(errno, detail, loc ? { line: loc.line, column: loc.col } : {});
    this.name = 'ScriptError';
    this.loc = loc;
    this.detail = detail;
  }
}

/** `file:line:col-end: ERROR: msg` plus the source line and carets, as bpftrace prints it */
export function formatScriptError(e: ScriptError, source: string, file: string, level = 'ERROR'): string {
  if (!e.loc) return `${level}: ${e.detail}`;
  const l = e.loc;
  const lines = source.split('\n');
  if (l.endLine !== l.line) {
    // bpftrace prints multi-line spans as `file:L1-L2: ERROR` without carets
    return `${file}:${l.line}-${l.endLine}: ${level}: ${e.detail}`;
  }
  const raw = lines[l.line - 1] ?? '';
  const width = Math.max(1, l.endCol - l.col);
  // bpftrace prints a tab as four spaces and moves the carets with it
  const indent = [...raw.slice(0, Math.max(0, l.col - 1))].reduce((n, c) => n + (c === '\t' ? 4 : 1), 0);
  return `${file}:${l.line}:${l.col}-${l.col + width}: ${level}: ${e.detail}\n${raw.replace(/\t/g, '    ')}\n${' '.repeat(indent)}${'~'.repeat(width)}`;
}

/** the span from a's start to b's end */
export function span(a: Loc, b: Loc): Loc {
  return { line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
}
