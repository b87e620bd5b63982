/**
 * Follows a file like `tail -F`, delivering its bytes in order.
 *
 * - Polls every `pollMs` (5 s) while the file grows: one read, and a stat of the path (rotated?
 *   deleted?) when that read found nothing new, or every STAT_EVERY_BUSY_POLLS polls of a growing file
 *   (a renamed-away file stops growing once its writer moved on). Larger batches are cheaper per line
 *   (following 2,000 lines/s: ~10 % less CPU than a poll a second, bench/NOTES.md 15AG/15AH), and the
 *   latency is not a reader's: a scrape calls `poll()` first, so it sees every line written before it.
 * - A quiet file (a poll found nothing new) is watched (change-watch.ts: its first change wakes the
 *   tailer) and polled only every QUIET_POLL_FACTOR × `pollMs`, which catches what a watch misses
 *   (a re-pointed symlink, some network filesystems). A busy file is never watched (an event per write).
 * - Rotation (rename + new file, Python's RotatingFileHandler): the inode behind the path changes.
 *   The old file is read to its end first, then the new one from byte 0.
 * - Truncation (copytruncate): same inode, and either the size is below our position or the last
 *   bytes we read are no longer where we read them (truncated and refilled past our position between
 *   two polls, which a size check alone would take for appends) → read again from byte 0. Lines
 *   written after our last poll and before the truncation are lost, as with any copytruncate.
 * - Missing file: waits for it, reporting that once, not once per poll. A file that appears after
 *   start is new, so it is read from byte 0.
 * - Start: at the end of an existing file, unless `fromStart`.
 * - A file followed before (a symlink swapped back to a file already read): read on from where it
 *   was left, not from byte 0, so its lines are not counted twice. The last RESUMABLE_FILES files
 *   are remembered by inode with the bytes before their position, which must still be there (an
 *   inode reused by a new file is read from its start).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { LruMap } from '../../state/bounded';
import { ChangeWatch } from './change-watch';
import { TailBytes, TAIL_BYTES } from './tail-bytes';

export interface TailerHandler {
  /** Bytes in file order. The buffer is reused after the call returns: consume it synchronously. */
  data(chunk: Uint8Array): void;
  /** The file was opened; reading starts at `offset`. */
  opened(offset: number): void;
  /** The file is not there (once per absence). */
  waiting(): void;
  /** The followed file was rotated away and fully read; the next bytes are a new file's. */
  rotated(): void;
  /** The file shrank under us; the next bytes are from its start. */
  truncated(): void;
  /** A poll finished: everything written so far has been delivered. */
  caughtUp(): void;
  /** A read problem other than absence (permissions, I/O): reported once per distinct code. */
  failed(error: NodeJS.ErrnoException): void;
}

export interface TailerOptions {
  readonly fromStart: boolean;
  readonly pollMs?: number;
  readonly chunkBytes?: number;
  /** Watch a quiet file for changes (default true); false: poll every `pollMs` only (tests that poll by hand). */
  readonly watch?: boolean;
}

const DEFAULT_POLL_MS = 5000;
const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** Files (by inode) whose read position is remembered after the path moved away from them. */
const RESUMABLE_FILES = 16;
/** A file that grows at every poll still has its path checked this often (20 s at the default poll). */
const STAT_EVERY_BUSY_POLLS = 4;
/** A quiet, watched file is polled this many times less often (10 s at the default poll). */
const QUIET_POLL_FACTOR = 2;

/** Where reading of a file stopped, and the bytes just before that point. */
interface LeftAt {
  readonly position: number;
  readonly tail: Buffer;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export class FileTailer {
  private handle: FileHandle | undefined;
  private identity = '';
  private position = 0;
  /** Only the very first open of a file that already exists honours "start at the end". */
  private firstAttempt = true;
  private reportedWaiting = false;
  private lastFailure = '';
  private readonly buffer: Buffer;
  /** The bytes just before our position, to notice a file rewritten under us. */
  private readonly tail = new TailBytes();
  private readonly probe = Buffer.alloc(TAIL_BYTES);
  private readonly leftFiles = new LruMap<string, LeftAt>(RESUMABLE_FILES);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pollAgain = false;
  private stopped = false;
  /** Bytes were delivered during the current poll. */
  private deliveredThisPoll = false;
  /** Polls since the path was last checked with stat. */
  private pollsSinceStat = 0;
  private readonly watch: ChangeWatch | undefined;

  constructor(
    private readonly path: string,
    private readonly options: TailerOptions,
    private readonly handler: TailerHandler,
  ) {
    this.buffer = Buffer.allocUnsafe(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    this.watch = options.watch === false ? undefined : new ChangeWatch(path, () => this.wake());
  }

  /** Resolves after the first poll (the existing file, if any, is opened and read up to now). */
  async start(): Promise<void> {
    await this.poll();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.watch?.disarm();
    await this.running;
    await this.closeHandle();
  }

  /** One poll now (serialised: a poll requested during a poll runs right after it). */
  poll(): Promise<void> {
    if (this.running) {
      this.pollAgain = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.pollAgain = false;
        await this.pollOnce().catch((error: unknown) => this.fail(error));
        this.handler.caughtUp();
      } while (this.pollAgain && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** The next timer poll: soon while the file grows (or is missing), rarely while it is quiet and watched. */
  private schedule(): void {
    if (this.stopped) return;
    let delay = this.options.pollMs ?? DEFAULT_POLL_MS;
    if (!this.watch || !this.handle || this.deliveredThisPoll) this.watch?.disarm();
    // Armed before the poll that found nothing: a later write fires it. Armed only now: one poll at the usual pace first.
    else if (this.watch.armed) delay *= QUIET_POLL_FACTOR;
    else this.watch.arm();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.poll().then(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** The watched quiet file changed: poll now instead of at the timer. */
  private wake(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    void this.poll().then(() => this.schedule());
  }

  private async pollOnce(): Promise<void> {
    if (this.stopped) return;
    if (!this.handle && !(await this.openFile())) return;
    this.deliveredThisPoll = false;
    if (!(await this.checkAndDrain())) {
      this.restartFromTop();
      await this.drain();
    }
    // A file that grew is still the one being written: its path is checked when it stops growing, or every few polls.
    if (this.deliveredThisPoll && ++this.pollsSinceStat < STAT_EVERY_BUSY_POLLS) return;
    this.pollsSinceStat = 0;
    let current;
    try {
      current = await stat(this.path);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (!current || this.identityOf(current) !== this.identity) {
      // Rotated or deleted: whatever the writer put in the old file before the rename is read first.
      await this.drain();
      await this.closeHandle();
      this.handler.rotated();
      if (current && (await this.openFile())) await this.drain();
      return;
    }
    if (current.size < this.position) {
      this.restartFromTop();
      await this.drain();
    }
  }

  private restartFromTop(): void {
    this.position = 0;
    this.tail.clear();
    this.handler.truncated();
  }

  /**
   * When the bytes before our position are still the ones we read, reads on to the end and returns
   * true; false (nothing delivered) after a truncate + refill. One read does both, starting at the
   * remembered bytes, so a poll of a growing file costs one read, not two.
   */
  private async checkAndDrain(): Promise<boolean> {
    const handle = this.handle;
    const length = this.tail.length;
    if (handle && length > 0 && length < this.buffer.length) {
      const { bytesRead } = await handle.read(this.buffer, 0, this.buffer.length, this.position - length);
      if (bytesRead < length || !this.tail.beginsWith(this.buffer)) return false;
      if (bytesRead === length || this.stopped) return true;
      this.deliver(this.buffer.subarray(length, bytesRead));
      // A short read of a regular file means we are at its end.
      if (bytesRead < this.buffer.length) return true;
    } else if (!(await this.tailHolds())) return false;
    await this.drain();
    return true;
  }

  /** Are the bytes before our position still the ones we read? (False after a truncate + refill.) */
  private async tailHolds(): Promise<boolean> {
    const handle = this.handle;
    const length = this.tail.length;
    if (!handle || length === 0) return true;
    const { bytesRead } = await handle.read(this.probe, 0, length, this.position - length);
    return bytesRead === length && this.tail.beginsWith(this.probe);
  }

  /** Opens the file behind the path; false when it does not exist (yet). */
  private async openFile(): Promise<boolean> {
    const startAtEnd = this.firstAttempt && !this.options.fromStart;
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if (!isMissing(error)) throw error;
      this.firstAttempt = false;
      if (!this.reportedWaiting) this.handler.waiting();
      this.reportedWaiting = true;
      return false;
    }
    this.firstAttempt = false;
    const info = await handle.stat();
    this.handle = handle;
    this.identity = this.identityOf(info);
    this.position = startAtEnd ? info.size : 0;
    this.tail.clear();
    if (!startAtEnd) await this.resumeWhereLeft(handle, info.size);
    this.reportedWaiting = false;
    this.lastFailure = '';
    this.handler.opened(this.position);
    return true;
  }

  private async drain(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    for (;;) {
      const { bytesRead } = await handle.read(this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0 || this.stopped) return;
      this.deliver(this.buffer.subarray(0, bytesRead));
      // A short read of a regular file means we are at its end: no need for an extra empty read.
      if (bytesRead < this.buffer.length) return;
    }
  }

  /** Hands on the bytes that follow our position. */
  private deliver(chunk: Buffer): void {
    this.deliveredThisPoll = true;
    this.position += chunk.length;
    this.tail.remember(chunk);
    this.handler.data(chunk);
  }

  private identityOf(info: { dev: number; ino: number }): string {
    return `${info.dev}:${info.ino}`;
  }

  /** A file read before (same inode, same bytes before where we stopped): continue from there. */
  private async resumeWhereLeft(handle: FileHandle, size: number): Promise<void> {
    const left = this.leftFiles.get(this.identity);
    if (!left || left.position > size) return;
    const length = left.tail.length;
    const { bytesRead } = await handle.read(this.probe, 0, length, left.position - length);
    if (bytesRead !== length || this.probe.compare(left.tail, 0, length, 0, length) !== 0) return;
    this.position = left.position;
    this.tail.restore(left.tail);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    if (handle) this.leftFiles.set(this.identity, { position: this.position, tail: this.tail.copy() });
    this.handle = undefined;
    this.watch?.disarm(); // it watched that file, not the path
    await handle?.close().catch(() => undefined);
  }

  private fail(error: unknown): void {
    const failure = error as NodeJS.ErrnoException;
    const key = failure.code ?? failure.message;
    if (key === this.lastFailure) return;
    this.lastFailure = key;
    this.handler.failed(failure);
  }
}
