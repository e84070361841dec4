// The web playground and dashboard (docs/web.md): `npm run build:web` writes a static site to
// dist/web (relative URLs, so it works from any directory or file server); `tsbpf ui` serves it.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // the core is one chunk the page needs at once; CodeMirror and uPlot are small
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  // the tracing language's codegen reads process.arch (kprobe pt_regs layout): x86-64 in the page
  define: { 'process.arch': JSON.stringify('x64') },
  // examples are read with ?url imports from ../examples
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
