/**
 * The child process of the CLI fuzzer (fuzz_lib.ts): runs one command line per message with the
 * same `main(argv)` as bin/tsbpf.js, stdout discarded and stderr captured, and answers with the
 * exit code and what was written to stderr.
 */
import { main } from '../../src/cli/main.js';

let stderr = '';
const sink = (chunk: unknown, enc?: unknown, cb?: unknown): boolean => {
  const done = typeof enc === 'function' ? enc : cb;
  if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
  return true;
};
process.stdout.write = sink as typeof process.stdout.write;
process.stderr.write = ((chunk: unknown, enc?: unknown, cb?: unknown): boolean => {
  stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
  return sink(chunk, enc, cb);
}) as typeof process.stderr.write;
// an error thrown after a command returned (a stray callback) is a failure of that command
process.on('uncaughtException', (e) => {
  process.send!({ code: 70, stderr: `${stderr}uncaught: ${(e as Error).stack ?? e}` });
  process.exit(70);
});

process.on('message', (m: { argv: string[] }) => {
  stderr = '';
  void main(m.argv).then((code) => process.send!({ code, stderr }));
});

// the fuzzer went away (killed, or its test timed out): nothing more will come
process.on('disconnect', () => process.exit(0));
