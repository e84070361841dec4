/**
 * tsbpf's public API in Node: everything of the browser-safe index (src/index.ts) plus the live
 * kernel as the `kernel` namespace (src/kernel/: loading into the running kernel, links, readers).
 * package.json maps `import 'tsbpf'` here under the "node" condition, and `tsbpf/kernel` to the
 * kernel layer alone; browsers and bundlers get src/index.ts, which never loads Node modules.
 */
export * from './index.js';
export * as kernel from './kernel/index.js';
/** captures read from files (pcap and pcapng), for runCapture: Node-only (node:fs) */
export { CaptureReader } from './hooks/pcap/reader.js';
