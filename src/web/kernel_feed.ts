/**
 * The dashboard's source for objects in the running kernel (Node only, root): the object loaded
 * through src/kernel (libbpf's bpf_object__load), its programs attached by section name
 * (src/kernel/link: tracepoints, XDP on an interface, …), the maps read with BPF_MAP_GET_NEXT_KEY /
 * LOOKUP_ELEM on every poll and the ring buffers drained without blocking (RingBufReader.consume).
 * The kernel runs the programs; the server only polls, so a slow page never holds the tracer back.
 *
 * `tsbpf attach OBJ --ui PORT` shares its object instead: the attach runner consumes the ring buffers
 * (it prints every record) and offers each record to the source (`records: 'offered'`), which queues
 * it for the page (RecordQueue: bounded, the rest counted as dropped); the runner owns the links.
 */
import { BpfError } from '../isa/errors.js';
import { MapType } from '../isa/bpf_types.js';
import type { KernelObject } from '../kernel/object.js';
import type { RingBufReader } from '../kernel/ringbuf.js';
import type { Link } from '../kernel/link/link.js';
import type { JsValue, TypeDesc } from '../runtime/format.js';
import { helloOf, readMaps, recordRow, rowOf, viewsOf, RecordQueue, type DashboardSource, type FeedHello, type FeedRecords, type FeedSnapshot, type MapView } from './feed.js';

export class KernelSource implements DashboardSource {
  readonly views: Map<string, MapView>;
  private readonly readers: [string, RingBufReader][] = [];
  private readonly typeCache = new Map<number, TypeDesc | null>();
  private events = 0;
  /** records: 'offered' — the records offered by the object's owner, waiting for the next poll */
  private readonly offered: RecordQueue | null;

  /**
   * `records`: 'own' (the source reads the ring buffers and closes the links and the object when
   * stopped) or 'offered' (the caller reads them, hands each to offer(), and closes what it opened)
   */
  constructor(readonly obj: KernelObject, readonly links: readonly Link[], readonly label: string, o: { views?: ReadonlyMap<string, MapView>; records?: 'own' | 'offered' } = {}) {
    this.views = viewsOf(obj.maps, o.views);
    this.offered = o.records === 'offered' ? new RecordQueue() : null;
    if (!this.offered) for (const [name, m] of obj.maps) if (m.type === MapType.RINGBUF) this.readers.push([name, obj.ringbuf(name)]);
  }

  /** a record the object's owner read from ring buffer or perf event array `map` (decoded, or bytes) */
  offer(map: string, record: JsValue | Uint8Array): void {
    this.events++;
    this.offered?.push(map, () => rowOf(record));
  }

  hello(): FeedHello {
    return helloOf(this.label, this.obj.maps, this.views);
  }

  snapshot(): FeedSnapshot {
    return { t: Date.now(), events: this.events, maps: readMaps(this.obj.maps, this.views) };
  }

  drain(max: number): FeedRecords[] {
    if (this.offered) return this.offered.drain(max);
    const out: FeedRecords[] = [];
    for (const [map, r] of this.readers) {
      const rows: Record<string, JsValue>[] = [];
      let dropped = 0;
      // records past `max` are consumed and counted: the ring must keep moving for the producer
      r.consume((rec) => {
        this.events++;
        if (rows.length < max) rows.push(recordRow(this.obj.spec.btf, rec, this.typeCache));
        else dropped++;
      });
      if (rows.length || dropped) out.push({ map, rows, dropped });
    }
    return out;
  }

  start(): void {}

  /** detach and close everything the source owns (the server calls it when it stops) */
  stop(): void {
    if (this.offered) return;
    for (const l of this.links) l.close();
    this.obj.close();
  }
}

/** load OBJ into the kernel and attach every program by its section (XDP/tc need `iface`) */
export async function attachForDashboard(path: string, o: { iface?: string; views?: ReadonlyMap<string, MapView> } = {}): Promise<KernelSource> {
  const { loadKernelObject } = await import('../kernel/object.js');
  const { attachProgram } = await import('../kernel/link/attach.js');
  const obj = await loadKernelObject(path);
  const links: Link[] = [];
  try {
    for (const p of obj.programs.values()) links.push(attachProgram(p, o.iface ? { iface: o.iface } : {}));
  } catch (e) {
    for (const l of links) l.close();
    obj.close();
    if (e instanceof BpfError) throw e;
    throw new BpfError('EINVAL', `${path}: cannot attach: ${(e as Error).message}`);
  }
  return new KernelSource(obj, links, `${path} attached in the kernel (${[...obj.programs.keys()].join(', ')})`, o.views ? { views: o.views } : {});
}
