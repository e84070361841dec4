/**
 * An emulated run of an sk_reuseport program: which socket of a SO_REUSEPORT group receives a
 * packet or connection. The kernel has no BPF_PROG_TEST_RUN for this type (sk_reuseport_prog_ops
 * is empty): tsbpf builds what reuseport_select_sock → bpf_run_sk_reuseport → bpf_init_reuseport_kern
 * (net/core/filter.c) hands the program, from a captured frame:
 * - data / data_end: the transport header to the end (skb->data after the IP header was pulled);
 * - len: those bytes (skb->len), eth_protocol: the frame's EtherType as skb->protocol (__be16 in
 *   the low half), ip_protocol: the IP header's protocol (the socket's sk_protocol);
 * - hash and bind_inany from ctx_in (struct sk_reuseport_md; other fields must be zero), hash
 *   otherwise 0; sk: the listening socket as a struct bpf_sock; migrating_sk NULL.
 * bpf_sk_select_reuseport (helpers/impl/net.ts) records the socket it selects in
 * `env.reuseport.selected`, which the run returns as selectedSocket.
 */
import { BpfError } from '../isa/errors.js';
import type { ExecEnv } from '../helpers/api.js';
import { type AddressSpace, RegionKind } from '../vm/address_space.js';
import { BPF_SOCK, SK_REUSEPORT_MD, offsetOf } from './ctx_layouts.js';
import { ETH_HLEN } from '../isa/packet_layout.js';
import type { PreparedRun, TestRunOptions } from './test_run.js';

/** what bpf_sk_select_reuseport leaves for the run's result */
export interface ReuseportState {
  /** the simulated socket selected (its number in the REUSEPORT_SOCKARRAY / SOCKMAP slot) */
  selected?: number;
}

const OFF = {
  data: offsetOf(SK_REUSEPORT_MD, 'data'), dataEnd: offsetOf(SK_REUSEPORT_MD, 'data_end'), len: offsetOf(SK_REUSEPORT_MD, 'len'),
  eth: offsetOf(SK_REUSEPORT_MD, 'eth_protocol'), ip: offsetOf(SK_REUSEPORT_MD, 'ip_protocol'), inany: offsetOf(SK_REUSEPORT_MD, 'bind_inany'),
  hash: offsetOf(SK_REUSEPORT_MD, 'hash'), sk: offsetOf(SK_REUSEPORT_MD, 'sk'),
} as const;

/** the transport header's offset in an Ethernet frame and its IP protocol, or why there is none */
function transportOf(d: Uint8Array): { l4: number; proto: number; family: number } {
  const ethertype = d.length >= ETH_HLEN ? (d[12]! << 8) | d[13]! : -1;
  if (ethertype === 0x0800 && d.length >= ETH_HLEN + 20) {
    const ihl = (d[ETH_HLEN]! & 0x0f) * 4;
    if (ihl >= 20 && d.length >= ETH_HLEN + ihl) return { l4: ETH_HLEN + ihl, proto: d[ETH_HLEN + 9]!, family: 2 };
  }
  if (ethertype === 0x86dd && d.length >= ETH_HLEN + 40) return { l4: ETH_HLEN + 40, proto: d[ETH_HLEN + 6]!, family: 10 };
  throw new BpfError('EINVAL', 'an sk_reuseport run takes an Ethernet frame carrying IPv4 or IPv6 (the transport header is what ctx->data points at)');
}

export function prepareReuseportRun(as: AddressSpace, o: TestRunOptions): PreparedRun {
  const frame = o.dataIn ?? new Uint8Array(0);
  const { l4, proto, family } = transportOf(frame);
  const ctxIn = o.ctxIn ?? new Uint8Array(0);
  if (ctxIn.length > SK_REUSEPORT_MD.size) throw new BpfError('EINVAL', `ctx_in is ${ctxIn.length} bytes; struct sk_reuseport_md has ${SK_REUSEPORT_MD.size}`);
  const cin = new DataView(ctxIn.buffer, ctxIn.byteOffset, ctxIn.length);
  for (let i = 0; i < ctxIn.length; i++) {
    const inHash = i >= OFF.hash && i < OFF.hash + 4;
    const inAny = i >= OFF.inany && i < OFF.inany + 4;
    if (ctxIn[i] && !inHash && !inAny) throw new BpfError('EINVAL', `ctx_in byte ${i} is set: an sk_reuseport run takes only hash and bind_inany from struct sk_reuseport_md`);
  }
  const u32In = (off: number): number => (ctxIn.length >= off + 4 ? cin.getUint32(off, true) : 0);
  // one owner domain for the run's packet, context and socket (vm/sandbox.ts)
  const dom = as.newDomain();
  const pkt = as.map(Math.max(frame.length, 1), RegionKind.Packet, 'sk_reuseport packet', false, dom);
  const ctxR = as.map(SK_REUSEPORT_MD.size, RegionKind.Ctx, 'sk_reuseport_md', false, dom);
  const skR = as.map(BPF_SOCK.size, RegionKind.Ctx, 'bpf_sock (the listening socket)', false, dom);
  as.u8.set(frame, pkt.base);
  const dv = as.dv;
  const c = ctxR.base;
  dv.setBigUint64(c + OFF.data, BigInt(pkt.base + l4), true);
  dv.setBigUint64(c + OFF.dataEnd, BigInt(pkt.base + frame.length), true);
  dv.setUint32(c + OFF.len, frame.length - l4, true);
  dv.setUint32(c + OFF.eth, frame[12]! | (frame[13]! << 8), true);
  dv.setUint32(c + OFF.ip, proto, true);
  dv.setUint32(c + OFF.inany, u32In(OFF.inany), true);
  dv.setUint32(c + OFF.hash, u32In(OFF.hash), true);
  dv.setBigUint64(c + OFF.sk, BigInt(skR.base), true);
  dv.setUint32(skR.base + offsetOf(BPF_SOCK, 'family'), family, true);
  dv.setUint32(skR.base + offsetOf(BPF_SOCK, 'protocol'), proto, true);
  dv.setUint32(skR.base + offsetOf(BPF_SOCK, 'type'), proto === 6 ? 1 : 2, true); // SOCK_STREAM, SOCK_DGRAM
  const reuseport: ReuseportState = {};
  const env: ExecEnv = { ctx: c, cpu: o.cpu ?? 0, tailCallCnt: 0, packet: { data: pkt.base + l4, dataEnd: pkt.base + frame.length }, reuseport };
  return {
    ctx: c,
    env,
    finish: () => ({ dataOut: new Uint8Array(0), ctxOut: undefined, ...(reuseport.selected !== undefined ? { selectedSocket: reuseport.selected } : {}) }),
    release: () => {
      as.unmap(pkt);
      as.unmap(ctxR);
      as.unmap(skR);
    },
  };
}
