// node dist/test/corpus_dump.js IDX [unpriv] [KERNEL]: the case's program and tsbpf's level-2 log (5.10 rules unless KERNEL)
import { loadCases } from './verifier_corpus_lib.js';
import { verify, type KernelVersion } from '../src/verifier/index.js';
import { hexToBytes } from '../src/isa/instruction.js';
import { slotsFromBytes } from '../src/verifier/cfg.js';
import { disasmSlot } from '../src/verifier/disasm.js';
import * as lib from './verifier_corpus_lib.js';
const c = loadCases().find((x) => x.idx === Number(process.argv[2]))!;
const unpriv = process.argv[3] === 'unpriv';
console.log(JSON.stringify({ ...c, insns_hex: undefined, data_hex: undefined }));
const s = slotsFromBytes(hexToBytes(c.insns_hex!));
for (let i = 0; i < s.n; i++) console.log(`  ${i}: ${disasmSlot(s, i)}`);
void verify; void lib;
const o = lib.runCaseLog(c, unpriv, (process.argv.find((a) => /^\d+\.\d+$/.test(a)) ?? '5.10') as KernelVersion);
console.log(o);
