/**
 * The work the browser check does with the public API (dist/src/index.js) alone: load and verify an
 * object from bytes, run its XDP program over a capture on both engines with a map update from JS,
 * compile a tcpdump filter and count its matches on every engine, disassemble and reassemble.
 */
export interface BrowserWork {
  verdicts: { jit: number[]; interpreter: number[] };
  blocked: number;
  filter: Record<string, number>;
  verified: boolean;
  refused: string;
  roundTrip: boolean;
}

export async function browserWork(object: Uint8Array, capture: Uint8Array): Promise<BrowserWork> {
  const t = await import('../../src/index.js');
  const packets = t.pcap.parseCapture(capture).packets.map((p) => p.data.slice());
  const verdicts: BrowserWork['verdicts'] = { jit: [], interpreter: [] };
  let blocked = 0;
  for (const engine of ['jit', 'interpreter'] as const) {
    const o = t.loadObjectSync(object);
    const p = o.program('xdp_firewall');
    o.map('blocklist').set(Uint8Array.from([203, 0, 113, 7]), new Uint8Array(8));
    for (const data of packets) verdicts[engine].push(p.run({ data, engine }).retval);
    blocked = [...o.map('blocklist').entries()].reduce((n, [, v]) => n + Number(v as number | bigint), 0);
  }
  const filter: Record<string, number> = {};
  const prog = t.filter.compileFilter('udp or tcp port 80');
  for (const engine of t.filter.FILTER_ENGINES) {
    const f = t.filter.filterFunction(prog, engine);
    filter[engine] = packets.filter((d) => f(d, d.length) !== 0).length;
  }
  // loading verifies (the kernel's rules, in the page); a program that fails to verify is refused
  const verified = t.loadObjectSync(object).program('xdp_firewall').verified;
  let refused = '';
  try {
    const r = t.verifier.verify(t.asm.assemble('r0 = *(u64 *)(r10 - 8)\nexit\n'), { progType: 'socket_filter', unpriv: true });
    refused = r.accepted ? '' : r.message ?? '';
  } catch (e) {
    refused = `threw ${(e as Error).message}`;
  }
  // the assembler and disassembler: the object's code, printed and read back, gives the same bytes
  const insns = t.elf.loadObjectSpec(object).programs[0]!.insns.map((i) => (i.code === 0x18 && i.src !== 0 ? { ...i, src: 0 } : i));
  const hex = (x: Parameters<typeof t.encodeInstructions>[0]): string => t.isa.bytesToHex(t.encodeInstructions(x));
  const roundTrip = hex(t.asm.assemble(t.asm.disassemble(insns, { listing: false }))) === hex(insns);
  return { verdicts, blocked, filter, verified, refused, roundTrip };
}
