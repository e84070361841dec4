/**
 * Where pins live: the directory that plays bpffs. `PinStore` is the small interface the runtime
 * needs; `MemoryPinStore` serves the browser and tests, `FsPinStore` (pin_fs.ts, Node only)
 * writes real files crash-safely.
 */
export interface PinStore {
  /** replace the file at `path` atomically: readers see the old bytes or the new, never a mix */
  write(path: string, data: Uint8Array): void;
  /** the bytes at `path`, undefined when nothing is pinned there */
  read(path: string): Uint8Array | undefined;
  /** a token that changes whenever the file is replaced (undefined when absent) */
  stamp(path: string): string | undefined;
  unlink(path: string): boolean;
  /** normalize a path (absolute, resolved) so two spellings of one pin compare equal */
  resolve(path: string): string;
}

export class MemoryPinStore implements PinStore {
  private files = new Map<string, { data: Uint8Array; gen: number }>();
  private gen = 0;
  write(path: string, data: Uint8Array): void {
    this.files.set(path, { data: data.slice(), gen: ++this.gen });
  }
  read(path: string): Uint8Array | undefined {
    return this.files.get(path)?.data.slice();
  }
  stamp(path: string): string | undefined {
    const f = this.files.get(path);
    return f ? String(f.gen) : undefined;
  }
  unlink(path: string): boolean {
    return this.files.delete(path);
  }
  resolve(path: string): string {
    return path;
  }
}
