/**
 * The differential comparison of tsbpf's filter compiler with libpcap's: for each expression and
 * each capture, libpcap's program (`tcpdump -r FILE -ddd EXPR`, compiled for the file's link type
 * and snaplen) and tsbpf's program both run over every packet of the capture in the classic
 * interpreter; the selections must be equal, and an expression one refuses the other must
 * refuse (with the same message, counted separately).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { compileFilter } from '../../src/hooks/filter/compile.js';
import { parseClassic } from '../../src/hooks/cbpf/dump.js';
import { ClassicProgram, runClassic } from '../../src/hooks/cbpf/interpreter.js';
import { parseCapture } from '../../src/hooks/pcap/decoder.js';
import { BpfError } from '../../src/isa/errors.js';
import { pool } from './util.js';

export interface Capture {
  path: string;
  linkType: number;
  snaplen: number;
  bigEndian: boolean;
  packets: Array<{ data: Uint8Array; origLen: number }>;
}

export function loadCapture(path: string): Capture {
  const { header, packets } = parseCapture(readFileSync(path));
  const i = header.interfaces[0]!;
  return { path, linkType: i.linkType, snaplen: i.snaplen, bigEndian: header.bigEndian, packets: packets.map((p) => ({ data: p.data, origLen: p.origLen })) };
}

/** libpcap's program for an expression on a capture, or its error message (without "tcpdump: ") */
export function libpcapProgram(file: string, expr: string): Promise<{ text?: string; error?: string }> {
  return new Promise((resolve) => {
    execFile('tcpdump', ['-r', file, '-ddd', '--', expr], { encoding: 'utf8', maxBuffer: 1 << 26 }, (e, stdout, stderr) => {
      if (e) {
        const last = String(stderr).trim().split('\n').filter((l) => !/^(reading from file|Warning:)/.test(l)).pop() ?? '';
        resolve({ error: last.replace(/^tcpdump: /, '') });
      } else resolve({ text: stdout });
    });
  });
}

export interface DiffResult {
  expressions: number;
  /** (expression, capture) pairs compared */
  pairs: number;
  /** both accepted and selected the same packets */
  sameSelection: number;
  /** both refused */
  bothRefused: number;
  /** both refused with the same message */
  sameMessage: number;
  /** accepted by one, refused by the other */
  refusalMismatch: string[];
  /** different selections */
  selectionMismatch: string[];
  /** refused by both with different messages */
  messageMismatch: string[];
}

function selection(prog: ClassicProgram, cap: Capture): string {
  const out: number[] = [];
  cap.packets.forEach((p, i) => {
    if (runClassic(prog, p.data, { wirelen: p.origLen }) !== 0) out.push(i);
  });
  return out.join(',');
}

export async function compareWithLibpcap(exprs: readonly string[], caps: readonly Capture[], concurrency = 2): Promise<DiffResult> {
  const res: DiffResult = { expressions: exprs.length, pairs: 0, sameSelection: 0, bothRefused: 0, sameMessage: 0, refusalMismatch: [], selectionMismatch: [], messageMismatch: [] };
  const jobs = exprs.flatMap((e) => caps.map((c) => [e, c] as const));
  const theirs = await pool(jobs, concurrency, ([e, c]) => libpcapProgram(c.path, e));
  jobs.forEach(([e, cap], i) => {
    const t = theirs[i]!;
    const where = `${cap.path.replace(/.*\//, '')} [${e}]`;
    res.pairs++;
    let mine: ClassicProgram | undefined;
    let myErr: string | undefined;
    try {
      mine = new ClassicProgram(compileFilter(e, { linkType: cap.linkType, snaplen: cap.snaplen, nullSwapped: cap.linkType === 0 && cap.bigEndian }));
    } catch (x) {
      if (!(x instanceof BpfError)) myErr = `CRASH ${(x as Error).stack?.split('\n').slice(0, 3).join(' ')}`;
      else myErr = x.reason;
    }
    if (t.error !== undefined || myErr !== undefined) {
      if (t.error !== undefined && myErr !== undefined) {
        res.bothRefused++;
        if (t.error === myErr) res.sameMessage++;
        else res.messageMismatch.push(`${where}: tcpdump "${t.error}", tsbpf "${myErr}"`);
      } else res.refusalMismatch.push(`${where}: tcpdump ${t.error === undefined ? 'accepts' : `"${t.error}"`}, tsbpf ${myErr === undefined ? 'accepts' : `"${myErr}"`}`);
      return;
    }
    const want = selection(new ClassicProgram(parseClassic(t.text!)), cap);
    const got = selection(mine!, cap);
    if (want === got) res.sameSelection++;
    else res.selectionMismatch.push(`${where}: tcpdump selects [${want}], tsbpf [${got}]`);
  });
  return res;
}

export function summarize(r: DiffResult): string {
  const accepted = r.pairs - r.bothRefused - r.refusalMismatch.length;
  return `${r.expressions} expressions, ${r.pairs} (expression, capture) pairs: equal selections ${r.sameSelection}/${accepted + r.selectionMismatch.length - r.selectionMismatch.length}, ` +
    `refused by both ${r.bothRefused} (same message ${r.sameMessage}), accepted by only one ${r.refusalMismatch.length}`;
}
