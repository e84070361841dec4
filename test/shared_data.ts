/**
 * The test data written by others lives beside this repository in ../shared (the conformance suite,
 * the kernel's test_verifier corpus, the cilium/ebpf objects) and is never copied into it. Tests that
 * read it ask here first: where a checkout is not next to shared/, they skip and say what is missing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** dist/test/shared_data.js → the repository root is two levels up; shared/ sits beside it */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** absolute path of `rel` inside ../shared (a trailing slash is kept for directories) */
export function sharedPath(rel: string): string {
  return SHARED_DIR + rel;
}

/** false when ../shared/`rel` exists, otherwise the reason to give `test(..., { skip })` */
export function sharedSkip(rel: string): string | false {
  return existsSync(SHARED_DIR + rel) ? false : `../shared/${rel} is not present (check tsbpf out next to shared/ to run this test)`;
}
