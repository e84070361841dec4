/**
 * Files named on the command line: read and written whole, a failure reported as a BpfError with
 * the system's errno name and the path (isa/errors.ts systemError). main.ts applies the same
 * conversion to any system error a command lets through.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { systemError } from '../isa/errors.js';

/** read a whole file given on the command line (`-` is stdin) */
export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path === '-' ? 0 : path));
  } catch (e) {
    throw systemError(e, path === '-' ? 'stdin' : path, 'cannot read') ?? e;
  }
}

/** write a whole file named on the command line */
export function writeOutput(path: string, data: Uint8Array | string): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw systemError(e, path, 'cannot write') ?? e;
  }
}
