/**
 * Link-layer header types of capture files (https://www.tcpdump.org/linktypes.html) and the
 * libpcap DLT_ values they map to. tsbpf supports the ones a Linux or BSD capture commonly has.
 */
export const LINKTYPE_NULL = 0; // BSD loopback: 4-byte AF_ value in the capturing host's byte order
export const LINKTYPE_ETHERNET = 1;
/** DLT_RAW as most platforms number it (raw IPv4/IPv6, version nibble decides) */
export const DLT_RAW = 12;
/** DLT_RAW as OpenBSD numbers it (libpcap on Linux does not know 14; tsbpf treats it as raw IP) */
export const DLT_RAW_OPENBSD = 14;
export const LINKTYPE_RAW = 101;
/** OpenBSD loopback: 4-byte AF_ value in network byte order */
export const LINKTYPE_LOOP = 108;
/** Linux cooked capture v1: 16-byte header, protocol at offset 14 */
export const LINKTYPE_LINUX_SLL = 113;
/** Linux cooked capture v2: 20-byte header, protocol at offset 0, interface index at 4 */
export const LINKTYPE_LINUX_SLL2 = 276;

export const LINKTYPE_NAMES: Record<number, string> = {
  0: 'NULL',
  1: 'EN10MB',
  12: 'RAW',
  14: 'RAW',
  101: 'RAW',
  108: 'LOOP',
  113: 'LINUX_SLL',
  276: 'LINUX_SLL2',
};

export function linkTypeName(lt: number): string {
  return LINKTYPE_NAMES[lt] ?? `link-type ${lt}`;
}

export function isRawIp(lt: number): boolean {
  return lt === DLT_RAW || lt === DLT_RAW_OPENBSD || lt === LINKTYPE_RAW;
}

/** the largest capture length libpcap accepts for a record (MAXIMUM_SNAPLEN in pcap-int.h) */
export const MAXIMUM_SNAPLEN = 262144;

/**
 * The link type a written pcap records for packets of link type `lt`: libpcap's dlt_to_linktype
 * (pcap-common.c) writes DLT_RAW as LINKTYPE_RAW (101), so `tcpdump -r raw12.pcap -w out` gives
 * a header with 101; tsbpf does the same for OpenBSD's 14.
 */
export function savefileLinkType(lt: number): number {
  return isRawIp(lt) ? LINKTYPE_RAW : lt;
}
