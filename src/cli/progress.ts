/**
 * A progress bar for long work (a capture being read, a corpus being verified): on stderr only,
 * only when stderr is a terminal, and only once the work has taken more than a second, so
 * pipes, files, tests and quick runs see nothing of it. Drawn by cli-progress (loaded lazily;
 * without it there is simply no bar). `TSBPF_PROGRESS=0` turns it off; `TSBPF_PROGRESS_DELAY_MS`
 * changes the one-second wait (the tests set 0).
 */
import type { SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` of the total so far; `note` is shown after the bar (e.g. "1200 packets") */
  update(done: number, note?: string): void;
  /** remove the bar before a line is printed (it is drawn again on the next update) */
  clear(): void;
  stop(): void;
}

const QUIET: Progress = { update() {}, clear() {}, stop() {} };

export async function startProgress(total: number, label: string, o: { delayMs?: number } = {}): Promise<Progress> {
  if (!process.stderr.isTTY || process.env.TSBPF_PROGRESS === '0' || !(total > 0)) return QUIET;
  let mod: typeof import('cli-progress');
  try {
    mod = await import('cli-progress');
  } catch {
    return QUIET;
  }
  const t0 = Date.now();
  const delay = o.delayMs ?? (process.env.TSBPF_PROGRESS_DELAY_MS !== undefined ? Number(process.env.TSBPF_PROGRESS_DELAY_MS) : 1000);
  let bar: SingleBar | undefined;
  let last = { done: 0, note: '' };
  const draw = (): void => {
    bar ??= new mod.SingleBar({
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% {note}`,
      barsize: 30,
      hideCursor: false,
      clearOnComplete: true,
      fps: 10,
    }, mod.Presets.legacy);
    if (!bar.isActive) bar.start(total, last.done, { note: last.note });
    else bar.update(last.done, { note: last.note });
  };
  return {
    update(done, note = '') {
      last = { done: Math.min(done, total), note };
      if (bar?.isActive || Date.now() - t0 >= delay) draw();
    },
    clear() {
      if (bar?.isActive) {
        bar.stop();
        process.stderr.write('\r\x1b[K');
      }
    },
    stop() {
      if (bar?.isActive) bar.stop();
    },
  };
}
