/**
 * Colour for people at a terminal: the verifier's log and its explanation. Only when the stream
 * is a TTY whose colour depth allows it — tty.WriteStream.hasColors() honours NO_COLOR,
 * NODE_DISABLE_COLORS, FORCE_COLOR and TERM=dumb — and drawn with node:util styleText, so a pipe
 * or a file gets the plain text byte for byte.
 */
import * as util from 'node:util';

type Style = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

export function colourOn(stream: NodeJS.WriteStream = process.stdout): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors() && typeof (util as { styleText?: unknown }).styleText === 'function';
}

function paint(style: Style | Style[], text: string): string {
  return (util as unknown as { styleText: (s: Style | Style[], t: string) => string }).styleText(style, text);
}

/**
 * The verifier log with colour: source lines (`; …`) dim, the error sentence red, the closing
 * statistics line dim, tsbpf's explanation header yellow and its "rejected at" line bold.
 */
export function colourVerifierLog(log: string, accepted: boolean): string {
  const lines = log.split('\n');
  const stats = lines.findIndex((l) => l.startsWith('processed '));
  return lines.map((l, i) => {
    if (l.startsWith(';')) return paint('dim', l);
    if (l.startsWith('processed ')) return paint('dim', l);
    if (l.startsWith('-- tsbpf explanation')) return paint('yellow', l);
    if (/^rejected at insn/.test(l)) return paint('bold', l);
    // the kernel's error sentence: the lines just before the statistics that are not instructions
    if (!accepted && stats >= 0 && i < stats && i >= stats - 3 && !/^\d+: /.test(l) && l.trim()) return paint('red', l);
    if (accepted && l === 'safe') return paint('green', l);
    return l;
  }).join('\n');
}
