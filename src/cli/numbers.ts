/**
 * Integer option values (`-c N`, `--repeat N`, `--cpu N`, `--port N`…), read one way for every
 * command. `Number(text)` alone takes '' and ' ' as 0, '1e3' as 1000 and rounds
 * '99999999999999999999' to a float, so `-c ''` ran the whole capture and a count past 2^53 was
 * silently another number. Accepted here: decimal digits or 0x hex (strtoul's bases 10 and 16, as
 * bpftool and tcpdump read numbers), within [min, max]; anything else is EINVAL naming the option.
 */
import { BpfError } from '../isa/errors.js';

export function intOption(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER, what = 'an integer'): number {
  const t = text.trim();
  const n = /^(0x[0-9a-f]+|\d+)$/i.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `${min}..${max}`;
    throw new BpfError('EINVAL', `${flag} '${text}': expected ${what} ${range}`);
  }
  return n;
}
