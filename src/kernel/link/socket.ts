/**
 * A raw packet socket for socket filters: socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) bound to
 * one interface (packet(7)), read without blocking. What a socket filter attached to it
 * (SO_ATTACH_BPF) keeps is what recv() returns; the rest the kernel drops before the socket.
 */
import { closeQuiet, bindSocket, ifIndex, native, recvNow, socket } from './sys.js';

const AF_PACKET = 17;
const SOCK_RAW = 3;
/** htons(ETH_P_ALL) */
const ETH_P_ALL_BE = 0x0300;

export interface PacketSocket extends Disposable {
  readonly fd: number;
  /** the next queued frame (Ethernet header first), or undefined when none is waiting */
  recv(): Uint8Array | undefined;
  close(): void;
}

/** a raw socket receiving every frame of `iface` (name or index) in the current network namespace */
export function openPacketSocket(iface: string | number, snaplen = 65536): PacketSocket {
  const ifindex = ifIndex(iface);
  const fd = socket(AF_PACKET, SOCK_RAW, ETH_P_ALL_BE);
  // struct sockaddr_ll: family, protocol (network order), ifindex, hatype, pkttype, halen, addr[8]
  const sll = new Uint8Array(20);
  const dv = new DataView(sll.buffer);
  dv.setUint16(0, AF_PACKET, true);
  dv.setUint16(2, ETH_P_ALL_BE, true);
  dv.setInt32(4, ifindex, true);
  try {
    bindSocket(fd, sll, `packet socket on ${iface}`);
  } catch (e) {
    closeQuiet(fd);
    throw e;
  }
  const buf = native().alloc(snaplen);
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    closeQuiet(fd);
    buf.free();
  };
  return {
    fd,
    recv: () => {
      if (!open) return undefined;
      const n = recvNow(fd, buf, snaplen);
      return n < 0 ? undefined : buf.bytes.slice(0, n);
    },
    close,
    [Symbol.dispose]: close,
  };
}
