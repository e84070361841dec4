/**
 * tsbpf's verifier on the compiled programs: a program it refuses is reported at the script line
 * and column of the instruction it refused, with the verifier's message and its explanation —
 * the kernel's verifier says only an instruction number. `tsbpf trace` runs it before loading
 * with --verify, without a kernel (--dry-run), and on any program the kernel refuses, so that
 * refusal too points at the script.
 */
import { ScriptError } from './errors.js';
import { verify } from '../../verifier/verify.js';
import { verifierMaps, type Compiled, type CompiledProbe } from './compile.js';

/** run tsbpf's verifier on each program; a refusal becomes a ScriptError at the refused instruction's span */
export function verifyAll(c: Compiled): void {
  for (const p of c.probes) verifyProbe(c, p);
}

/** verify one program; throws the ScriptError of a refusal */
export function verifyProbe(c: Compiled, p: CompiledProbe, insnLimit?: number): void {
  // a kfunc/kretfunc program is checked against its function's BTF prototype, as the kernel's
  // verifier checks it (btf_ctx_access on the context, PTR_TO_BTF_ID arguments)
  const tracing = p.attachTo ? { attachTo: p.attachTo, expectedAttachType: p.expectedAttachType, kernelBtf: () => (p.attachBtfModule ? c.moduleBtf?.(p.attachBtfModule) : c.btf?.())?.btf } : {};
  const res = verify(p.insns, { progType: p.progType.toLowerCase(), maps: verifierMaps(c.layout), gpl: true, logLevel: 0, ...tracing, ...(insnLimit ? { insnLimit } : {}) });
  p.stats = res.stats;
  if (res.accepted) return;
  const loc = (res.insn !== undefined ? p.slotLocs[res.insn] : undefined) ?? p.loc;
  const why = res.explanation ? `\n${res.explanation.split('\n').filter((l) => !l.startsWith('  path') && !l.startsWith('    insn')).join('\n')}` : '';
  throw new ScriptError(`the verifier refuses ${p.target.name} (${res.errno}): ${res.message}${why}`, loc, res.errno ?? 'EACCES');
}
