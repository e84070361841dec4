/** Locations of the shared corpora (../shared relative to the repo root; never copied into the repo). */
import { readdirSync, readFileSync } from 'node:fs';
import { sharedPath, sharedSkip } from '../shared_data.js';

export const CILIUM_ELF = sharedPath('corpora/cilium-elf/');

/** the skip reason of every test that reads the corpus (false when it is there) */
export const corpusSkip = sharedSkip('corpora/cilium-elf/elf_summary.jsonl');

export interface SummaryEntry {
  path: string;
  file: string;
  size: number;
  endian: 'el' | 'eb';
  e_type: number;
  e_machine: number;
  n_sections: number;
  exec_sections: Record<string, number>;
  n_rel_sections: number;
  has_BTF: boolean;
  has_BTF_ext: boolean;
  map_sections: string[];
  license?: string;
}

export function corpusAvailable(): boolean {
  return !corpusSkip;
}

export function summary(): SummaryEntry[] {
  return readFileSync(CILIUM_ELF + 'elf_summary.jsonl', 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const d = JSON.parse(l) as SummaryEntry;
      d.file = d.path.replace(/\//g, '_');
      return d;
    });
}

export function corpusFiles(): string[] {
  return readdirSync(CILIUM_ELF).filter((f) => f.endsWith('.elf') || f.endsWith('.o')).sort();
}

export function readCorpus(name: string): Uint8Array {
  return new Uint8Array(readFileSync(CILIUM_ELF + name));
}
