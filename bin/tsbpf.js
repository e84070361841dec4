#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`tsbpf: internal error: ${err && err.stack ? err.stack : err}`);
    process.exit(70);
  },
);
