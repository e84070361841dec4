/**
 * BPF_MAP_TYPE_PROG_ARRAY (kernel/bpf/arraymap.c prog_array_map_ops): slots hold programs for
 * bpf_tail_call. All programs in one array must have the same program type as its first user
 * (bpf_prog_map_compatible), and when the last user handle (fd or pin) goes the array clears
 * itself (prog_array_map_clear on map_release_uref) so programs cannot keep each other alive
 * through tail-call cycles. The tail-call count limit (MAX_TAIL_CALL_CNT = 33) is the engine's.
 */
import { BpfError } from '../isa/errors.js';
import type { TailCallTarget } from '../helpers/api.js';
import { FdArrayMap, type KernelObject } from './fd_array.js';

export interface TailCallProgram extends TailCallTarget, KernelObject {
  readonly name?: string;
  readonly progType?: number;
}

export class ProgArrayMap extends FdArrayMap<TailCallProgram> {
  /** bpf_map_owner: the program type every member must have (set by the first program using the map) */
  ownerType: number | undefined;

  protected accept(obj: unknown, fd: number): TailCallProgram {
    const p = obj as TailCallProgram | undefined;
    if (!p || !Array.isArray(p.insns)) throw new BpfError('EINVAL', `${this.what()}: fd ${fd} is not a program`);
    this.checkCompatible(p);
    return p;
  }

  checkCompatible(p: TailCallProgram): void {
    if (p.progType === undefined) return;
    if (this.ownerType === undefined) this.ownerType = p.progType;
    else if (this.ownerType !== p.progType)
      throw new BpfError('EINVAL', `${this.what()}: program ${p.name ?? p.id} has type ${p.progType}, the array holds type ${this.ownerType}`);
  }

  override set(index: number, obj: TailCallProgram | null): void {
    if (obj) this.checkCompatible(obj);
    super.set(index, obj);
  }

  override lookupPtr(): number {
    return 0;
  }

  protected override releaseUref(): void {
    this.clear();
  }
}
