/**
 * Runs the core layers the way a browser page would: inputs arrive as bytes, the globals `process`,
 * `Buffer` and `require` are gone, and no module of dist/src may import a Node builtin or a package
 * (no_node_hook.ts). Prints what it computed as one JSON line; browser_core.test.ts compares that
 * with the same work done in an ordinary Node process.
 */
import { register } from 'node:module';
import { readFileSync } from 'node:fs';

register(new URL('./no_node_hook.js', import.meta.url));
const object = new Uint8Array(readFileSync(new URL('../../../examples/xdp_firewall.bpf.o', import.meta.url)));
const capture = new Uint8Array(readFileSync(new URL('../../../examples/traffic.pcap', import.meta.url)));
const g = globalThis as Record<string, unknown>;
delete g.Buffer;
delete g.process;
delete g.require;

const { browserWork } = await import('./core_work.js');
console.log(JSON.stringify(await browserWork(object, capture)));
