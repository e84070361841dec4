/**
 * Reads the BPF conformance suite in ../shared/conformance (format: its README.md): `.data` test files
 * with `-- asm`, `-- raw`, `-- mem`, `-- result`, `-- error` sections, and `assembled.json`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { sharedPath, sharedSkip } from '../shared_data.js';

export const CONFORMANCE_DIR = sharedPath('conformance/');

/** the skip reason of every test that reads the suite (false when ../shared/conformance is there) */
export const conformanceSkip = sharedSkip('conformance/assembled.json');

export interface ConformanceTest {
  file: string;
  asm?: string;
  /** 64-bit slot words of a `-- raw` section */
  raw?: bigint[];
  mem: Uint8Array;
  result?: bigint;
  error?: string;
}

export function parseConformanceData(file: string, text: string): ConformanceTest {
  const sections = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    const m = /^--\s*(.*?)\s*$/.exec(line);
    if (m) {
      cur = [];
      sections.set(m[1]!, cur);
      continue;
    }
    if (cur) cur.push(line);
  }
  const strip = (ls: string[]): string[] => ls.map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0);
  const t: ConformanceTest = { file, mem: new Uint8Array(0) };
  if (sections.has('asm')) t.asm = sections.get('asm')!.join('\n');
  if (sections.has('raw')) t.raw = strip(sections.get('raw')!).map((w) => BigInt(w));
  if (sections.has('mem')) {
    const hex = strip(sections.get('mem')!).join(' ').split(/\s+/).filter(Boolean);
    t.mem = Uint8Array.from(hex.map((h) => parseInt(h, 16)));
  }
  if (sections.has('result')) {
    const r = strip(sections.get('result')!)[0]!;
    t.result = BigInt.asUintN(64, BigInt(r));
  }
  if (sections.has('error')) t.error = strip(sections.get('error')!).join(' ');
  return t;
}

/** every test of the suite; none where ../shared/conformance is absent (see conformanceSkip) */
export function loadConformanceTests(): ConformanceTest[] {
  if (conformanceSkip) return [];
  const dir = CONFORMANCE_DIR + 'tests/';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.data'))
    .sort()
    .map((f) => parseConformanceData(f, readFileSync(dir + f, 'utf8')));
}

export interface AssembledTest {
  file: string;
  category: string;
  min_cpu_version: number;
  groups: string[];
  mem_hex: string;
  expected_result: string;
  expected_error: string | null;
  program_hex: string;
  insn_slots: number;
}

export function loadAssembled(): AssembledTest[] {
  if (conformanceSkip) return [];
  return JSON.parse(readFileSync(CONFORMANCE_DIR + 'assembled.json', 'utf8')) as AssembledTest[];
}
