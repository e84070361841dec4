/**
 * pcap-filter(7) expressions compiled to classic BPF for a capture's link type:
 * parse (parser.ts) → block graph (codegen.ts) → optimise (optimize.ts) → lay out (emit.ts).
 */
import { BpfError } from '../../isa/errors.js';
import type { SockFilter } from '../cbpf/program.js';
import { finish } from './cfg.js';
import { Codegen } from './codegen.js';
import { emit } from './emit.js';
import { Optimizer } from './optimize.js';
import { parseFilter } from './parser.js';
import { LINKTYPE_ETHERNET, MAXIMUM_SNAPLEN } from '../pcap/linktype.js';

export interface FilterOptions {
  /** the capture's link type (LINKTYPE_*); default Ethernet */
  linkType?: number;
  /** the value returned for an accepted packet (libpcap: the capture's snaplen); default 262144 */
  snaplen?: number;
  /** run the optimiser (tcpdump -O turns it off); default true */
  optimize?: boolean;
  /** DLT_NULL: the capture's byte order differs from the host's */
  nullSwapped?: boolean;
  /** IPv4 netmask for `ip broadcast`; default 0 (what tcpdump -r uses) */
  netmask?: number;
}

export function compileFilter(expr: string, opts: FilterOptions = {}): SockFilter[] {
  try {
    return compile(expr, opts);
  } catch (e) {
    // the parser bounds its own nesting (bison's 10000); a deep arithmetic or `not` nest that
    // fits there can still exhaust the generator's stack: a clean refusal, never a crash
    if (e instanceof RangeError) throw new BpfError('EINVAL', 'expression nests too deeply for the filter compiler');
    throw e;
  }
}

function compile(expr: string, opts: FilterOptions): SockFilter[] {
  const ast = parseFilter(expr);
  const cg = new Codegen({ linkType: opts.linkType ?? LINKTYPE_ETHERNET, ...(opts.nullSwapped ? { nullSwapped: true } : {}), netmask: opts.netmask ?? 0 });
  const root = finish(cg.gen(ast), opts.snaplen ?? MAXIMUM_SNAPLEN);
  // libpcap compiles a filter with `geneve` or `protochain` without its optimiser (no_optimize)
  const optimize = (opts.optimize ?? true) && !cg.noOptimize;
  const opt = new Optimizer(root);
  if (optimize) {
    opt.run();
    // libpcap refuses a filter whose optimised form can never accept: after its first pass, when
    // no path leads to an accepting return; after the second, when the root is `ret #0`
    const rejects = new BpfError('EINVAL', 'expression rejects all packets');
    if (!opt.order().some((b) => b.isLeaf && b.ret !== 0)) throw rejects;
    const root = opt.finish();
    if (root.isLeaf && root.ret === 0) throw rejects;
  }
  return emit(opt, optimize);
}
