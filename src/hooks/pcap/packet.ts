/** A captured packet as the readers deliver it and the writers take it. */
export interface Packet {
  /** the captured bytes (caplen = data.length); a view that stays valid after later reads */
  data: Uint8Array;
  /** the length on the wire (>= data.length when the capture was truncated to a snaplen) */
  origLen: number;
  /** timestamp: whole seconds since the epoch */
  tsSec: number;
  /** timestamp: nanoseconds within the second (0..999999999) */
  tsNsec: number;
  /** link-layer header type (LINKTYPE_*) of the packet's interface */
  linkType: number;
  /** interface number within the capture (pcapng IDB order; 0 for pcap) */
  ifIndex: number;
  /** byte offset of the packet's record in the file (for messages) */
  offset: number;
}

/** One capture interface (the pcap file header, or a pcapng Interface Description Block). */
export interface CaptureInterface {
  linkType: number;
  snaplen: number;
  /** timestamp resolution as the if_tsresol option encodes it: 6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n */
  tsresol: number;
  name?: string;
}

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureHeader {
  format: CaptureFormat;
  /** the file's byte order (pcap header or the current pcapng section) */
  bigEndian: boolean;
  /** pcap: the magic says nanoseconds */
  nanosecond: boolean;
  interfaces: CaptureInterface[];
}
