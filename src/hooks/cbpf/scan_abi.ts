/**
 * The interface of the pcap record loop that cbpf/wasm.ts compiles (`scan(in, end, out, limit)`),
 * apart from the compiler so that a worker thread running a compiled module needs nothing else.
 */

/** scan() stopped at a record not all in the buffer (or at the end of the buffer) */
export const SCAN_NEED_MORE = 0;
/** a record's captured length is above the decoder's maximum: the decoder's error */
export const SCAN_BAD_CAPLEN = 1;
/** the limit of selected records was reached */
export const SCAN_LIMIT = 2;
/** a record is longer than the snaplen: the caller filters it and writes it cut to the snaplen */
export const SCAN_LONG = 3;
/**
 * Where scan() leaves its counters (u32, little-endian): the offset of the first record it did
 * not consume, the end of the output, records seen, records selected.
 */
export const SCAN_STATS = 16;

/** the record layout `scan` reads (a pcap file's) and writes (a host-order pcap's) */
export interface PcapScanLayout {
  /** the input's records are big-endian */
  bigEndian: boolean;
  /** the input's fractions of a second are nanoseconds */
  nanosecond: boolean;
  /** write nanosecond fractions (tcpdump --nano); default microseconds, as tcpdump -w writes */
  outNanosecond: boolean;
  /** records with a captured length above this stop the scan with SCAN_LONG */
  snaplen: number;
  /** records with a captured length above this stop the scan with SCAN_BAD_CAPLEN */
  maxCaplen: number;
}

/** filter(p, caplen, wirelen) -> the filter's return value; scan(in, end, out, limit) -> SCAN_* */
export interface ClassicWasmExports {
  filter(p: number, caplen: number, wirelen: number): number;
  scan?(inp: number, end: number, out: number, limit: number): number;
}
