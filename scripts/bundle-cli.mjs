#!/usr/bin/env node
/**
 * `npm run build:cli`: the compiled CLI (dist/src/cli/exit.js and every module it reaches, the
 * per-command dynamic imports inlined) as one CommonJS file, dist/src/cli/bundle.cjs, that
 * bin/tsbpf.js runs through vm.Script with a V8 code cache. Why: Node 20 resolves, reads and
 * compiles each ES module separately (~70 of them for `tsbpf trace`), which was most of the
 * start-up, and has no module.enableCompileCache (Node >= 22.1); one CommonJS script can be
 * compiled from cached data (vm.Script cachedData, as v8-compile-cache does).
 *
 * The first line is a comment with the SHA-256 of the rest: bin/tsbpf.js keys its code cache by
 * it, so a rebuilt bundle never meets a cache made for another. The bundle lives beside main.js,
 * so the `import.meta.url`-relative paths of the sources (../../../package.json, ../../web/)
 * resolve the same from it.
 */
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
// the whole CLI, and commands with a bundle of their own (bin/tsbpf.js runs bundle-NAME.cjs when the
// first word is NAME): a bundle holds every module its entry reaches, so `tsbpf filter` on a small
// file would otherwise read, decode and deserialize the code of every command (~20 ms of CPU)
const ENTRIES = [
  { input: 'dist/src/cli/exit.js', out: 'dist/src/cli/bundle.cjs' },
  { input: 'dist/src/cli/filter_entry.js', out: 'dist/src/cli/bundle-filter.cjs' },
  { input: 'dist/src/cli/trace_entry.js', out: 'dist/src/cli/bundle-trace.cjs' },
];
for (const e of ENTRIES) await bundle(`${root}${e.input}`, `${root}${e.out}`, e.out);

async function bundle(input, out, name) {
  const b = await rolldown({
    input,
    platform: 'node',
    // koffi is a native addon found at run time (src/hooks/kernel/ffi.ts); builtins stay builtins
    external: [/^node:/, 'koffi'],
    logLevel: 'warn',
  });
  const { output } = await b.generate({
    format: 'cjs',
    codeSplitting: false,
    // one-byte source: V8 reads and hashes a Latin-1 string faster than a two-byte one
    charset: 'ascii',
    comments: { legal: false, annotation: false, jsdoc: false },
    minify: process.env.TSBPF_BUNDLE_MINIFY === '0' ? false : { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  });
  await b.close();
  let code = output[0].code;
  // A vm.Script has no loader for import(): the sources import Node's builtins dynamically where
  // they must stay loadable in a browser (src/elf/read_file.ts). A builtin's CommonJS exports are
  // the ES module's named exports, which is all those call sites destructure.
  code = code.replace(/\bimport\((["'`]node:[a-z_/]+["'`])\)/g, 'Promise.resolve(require($1))');
  const left = code.match(/[^.\w$]import\([^)]*\)/g);
  if (left?.length) {
    console.error(`bundle-cli: ${name}: dynamic imports the bundle cannot run: ${left.join(', ')}`);
    process.exit(1);
  }
  // rolldown hoists every external require to the top of the bundle, so `tsbpf trace` would load
  // node:http for `tsbpf ui` (15 ms) and node:readline, node:child_process... Builtins that Node's
  // start-up snapshot does not already hold are loaded on their first use instead.
  const EAGER = new Set(['node:fs', 'node:path', 'node:url', 'node:util', 'node:os', 'node:module', 'node:buffer', 'node:events']);
  // (`let x=require(...)` minified, `let x = require(...)` with TSBPF_BUNDLE_MINIFY=0, which profiles read)
  code = code.replace(/\blet (\w+) ?= ?require\(["'`](node:[a-z_/]+)["'`]\);/g, (all, name, id) => (EAGER.has(id) ? all : `let ${name}=__tsbpfLazy("${id}");`));
  code = `function __tsbpfLazy(id){let m;const get=()=>m??=require(id);return new Proxy({},{get:(_,k)=>get()[k],has:(_,k)=>k in get(),ownKeys:()=>Reflect.ownKeys(get()),getOwnPropertyDescriptor:(_,k)=>{const d=Reflect.getOwnPropertyDescriptor(get(),k);if(d)d.configurable=true;return d}})}\n${code}`;
  // Each lazily initialized module (rolldown's `init_NAME = __esmMin(...)`) records its name in
  // globalThis.__tsbpfInits when it first runs: bin/tsbpf.js keeps the names with the code cache
  // and writes the cache again when a run used modules the cache's runs did not
  let inits = 0;
  code = code.replace(/\b(init_[\w$]+) ?= ?__esmMin\(/g, (_all, name) => (inits++, `${name}=__tsbpfInit("${name.slice(5)}",`));
  if (!inits) console.warn(`bundle-cli: ${name}: no rolldown init_* functions found: the code cache will not learn which modules runs use`);
  code = `function __tsbpfInit(name,fn){const init=__esmMin(fn);return()=>((globalThis.__tsbpfInits??=new Set()).add(name),init())}\n${code}`;
  if (/[^\x00-\x7f]/.test(code)) {
    console.error(`bundle-cli: ${name} has non-ASCII characters: bin/tsbpf.js reads it as Latin-1`);
    process.exit(1);
  }
  const digest = createHash('sha256').update(code).digest('hex');
  // The modules the bundle was made from (paths under dist/), beside it: bin/tsbpf.js reads this
  // list only in a checkout where tsc ran after the bundle was built (dist/.tsbuildinfo newer), to
  // tell a bundle still equal to the ES modules (tsc emitted only files it does not hold: tsc's
  // incremental build writes just the outputs of changed sources) from a stale one. Before this
  // list, any tsc run made the bundle count as stale, and every command fell back to the ES
  // modules (~60 ms more CPU for `tsbpf filter`) until the next `npm run build:cli`.
  const dist = `${root}dist/`;
  const inputs = output[0].moduleIds.filter((id) => id.startsWith(dist)).map((id) => id.slice(dist.length));
  writeFileSync(`${out}.inputs.tmp`, inputs.join('\n') + '\n');
  renameSync(`${out}.inputs.tmp`, `${out}.inputs`);
  // written then renamed: a bin/tsbpf.js starting meanwhile sees the old bundle or the new, whole
  writeFileSync(`${out}.tmp`, `// tsbpf-bundle ${digest}\n${code}`);
  renameSync(`${out}.tmp`, out);
  console.log(`${name}: ${(code.length / 1024).toFixed(0)} KiB, ${inputs.length} modules`);
}
