/** Node-only parts of the hooks layer: reading capture files and writing to files. */
export { CaptureReader, readCapture, type ReadOptions } from './pcap/reader.js';
export { FileSink } from './pcap/file_sink.js';
export { hostIfName } from './pcap/if_names.js';
