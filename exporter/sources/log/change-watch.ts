/**
 * Wakes the tailer when a quiet file changes, so that a log that is not being written is not read and
 * stat'ed every poll interval (those two thread-pool calls and their wake-ups were most of an idle
 * exporter's CPU). `fs.watch` (inotify on Linux) is armed only while the file is quiet and fires once:
 * it then disarms itself, and a busy log is read by the tailer's timer, not once per write (at 2,000
 * writes/s a callback per write cost more than reading the lines).
 *
 * Watching is a shortcut, never the only way: the tailer still polls a quiet file, less often, which
 * catches what a watch cannot see (a symlink re-pointed, writers on another host of a network
 * filesystem). A watch that cannot be set up (inotify limits, a filesystem without it) is given up for
 * good and the tailer polls as if it did not exist.
 */
import { watch, type FSWatcher } from 'node:fs';

export class ChangeWatch {
  private watcher: FSWatcher | undefined;
  private broken = false;

  constructor(
    private readonly path: string,
    /** Called once per arming, at the first change (or when the watch fails). */
    private readonly onChange: () => void,
  ) {}

  get armed(): boolean {
    return this.watcher !== undefined;
  }

  /** Starts watching the file behind the path; false when it cannot (the caller then polls at its usual pace). */
  arm(): boolean {
    if (this.watcher) return true;
    if (this.broken) return false;
    let watcher: FSWatcher;
    try {
      watcher = watch(this.path, { persistent: false });
    } catch (error) {
      // Gone between the poll and now: the next poll sees it. Anything else: no watching from now on.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.broken = true;
      return false;
    }
    const fired = (): void => {
      if (this.watcher !== watcher) return;
      this.disarm();
      this.onChange();
    };
    watcher.on('change', fired);
    watcher.on('error', () => {
      this.broken = true;
      fired();
    });
    this.watcher = watcher;
    return true;
  }

  disarm(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    watcher?.close();
  }
}
