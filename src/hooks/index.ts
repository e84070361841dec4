/**
 * The hooks layer's public API (../shared/DESIGN.md "sources of events"): captures, classic BPF
 * and the pcap-filter compiler. Node-only modules (the file reader and sink) are exported from
 * './node.js' so that this index stays browser-safe.
 */
export * as pcap from './pcap/index.js';
export * as cbpf from './cbpf/index.js';
export * as filter from './filter/index.js';
export { compileFilter, type FilterOptions } from './filter/compile.js';
export { CaptureDecoder, CapturedPacket, parseCapture, decodeCapture } from './pcap/decoder.js';
export { PcapWriter, PcapngWriter, MemorySink, type ByteSink } from './pcap/writer.js';
