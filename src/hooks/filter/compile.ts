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
import { parseFilter, type Node } from './parser.js';
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
  const done: Node[] = [];
  let ast: Node;
  try {
    ast = parseFilter(expr, done);
  } catch (e) {
    // libpcap generates each primitive as bison reduces it: a semantic error in a primitive
    // before the syntax error is the one it reports
    if (e instanceof BpfError && done.length) {
      const cg = new Codegen({ linkType: opts.linkType ?? LINKTYPE_ETHERNET, ...(opts.nullSwapped ? { nullSwapped: true } : {}), netmask: opts.netmask ?? 0 });
      for (const n of done) {
        try {
          cg.gen(n);
        } catch (x) {
          if (x instanceof BpfError) throw x;
          break;
        }
      }
    }
    throw e;
  }
  const cgOpts = { linkType: opts.linkType ?? LINKTYPE_ETHERNET, ...(opts.nullSwapped ? { nullSwapped: true } : {}), netmask: opts.netmask ?? 0 };
  let cg = new Codegen({ ...cgOpts, unoptimized: opts.optimize === false });
  let root = finish(cg.gen(ast), opts.snaplen ?? MAXIMUM_SNAPLEN);
  // libpcap compiles a filter with `geneve` or `protochain` without its optimiser (no_optimize):
  // known only once they are generated, so the program is generated again as libpcap's unoptimised
  const optimize = (opts.optimize ?? true) && !cg.noOptimize;
  if (!optimize && opts.optimize !== false) {
    cg = new Codegen({ ...cgOpts, unoptimized: true });
    root = finish(cg.gen(ast), opts.snaplen ?? MAXIMUM_SNAPLEN);
  }
  const opt = new Optimizer(root);
  if (optimize) {
    if (cg.folded) throw cg.folded;
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
