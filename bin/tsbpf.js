#!/usr/bin/env node
// The command's code is the compiled dist/; in a checkout that was never built (or half-built)
// say how to build it, in one line and with exit 1, instead of Node's module-not-found stack trace.
let cli;
try {
  cli = await import('../dist/src/cli/exit.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write(`tsbpf: ENOENT: ${new URL('../dist/src/cli/exit.js', import.meta.url).pathname} is missing: build tsbpf first (npm install, or npm run build)\n`);
  process.exit(1);
}
cli.runCli(process.argv.slice(2));
