/**
 * Node-only: this machine's interface names by index, as tcpdump's if_indextoname(3) finds them
 * for the SLL2 records it prints (Linux: /sys/class/net/NAME/ifindex). Read once; an index no
 * interface has, or a system without /sys, gives undefined and the printer prints `?`.
 */
import { readFileSync, readdirSync } from 'node:fs';

let names: Map<number, string> | undefined;

export function hostIfName(index: number): string | undefined {
  if (!names) {
    names = new Map();
    try {
      for (const n of readdirSync('/sys/class/net')) {
        const i = Number(readFileSync(`/sys/class/net/${n}/ifindex`, 'utf8').trim());
        if (Number.isInteger(i)) names.set(i, n);
      }
    } catch {
      // not Linux, or no sysfs: no names
    }
  }
  return names.get(index);
}
