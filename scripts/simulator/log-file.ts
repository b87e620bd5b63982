/**
 * The file the simulated server logs to: an append stream that can be rotated (rename + new file,
 * like Python's RotatingFileHandler) and truncated in place (logrotate's copytruncate).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, truncate, access } from 'node:fs/promises';

/** Rotated copies kept: `log.1` … `log.N` (RotatingFileHandler's backupCount). */
const BACKUP_COUNT = 3;

export interface LogSink {
  write(text: string): void;
  /** Resolves once everything written so far is on disk. */
  flush(): Promise<void>;
  rotate(): Promise<void>;
  truncate(): Promise<void>;
  /** Keeps lines back (a slow log writer) until `release`, which writes them in order. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** Lines held back at most; past it they are written (a held log is a test's tool, not a leak). */
const MAX_HELD_LINES = 100_000;

/** Used when no log file is configured: lines are dropped, the control calls do nothing. */
export const discardingSink: LogSink = {
  write: () => undefined,
  flush: async () => undefined,
  rotate: async () => undefined,
  truncate: async () => undefined,
  hold: () => undefined,
  release: () => undefined,
  close: async () => undefined,
};

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export class AppendLogFile implements LogSink {
  private stream: WriteStream;
  private closed = false;
  /** Lines written while a rotation is under way; they go to the new file. */
  private heldDuringRotation: string[] | undefined;
  /** Lines held back by `hold` until `release`. */
  private heldByControl: string[] | undefined;

  constructor(private readonly path: string) {
    this.stream = this.open();
  }

  private open(): WriteStream {
    const stream = createWriteStream(this.path, { flags: 'a', encoding: 'utf8' });
    stream.on('error', (error) => {
      // A log the server cannot write must not kill it (Python's logging prints and carries on).
      process.stderr.write(`simulator: cannot write log file ${this.path}: ${error.message}\n`);
    });
    return stream;
  }

  write(text: string): void {
    // Sockets closing during shutdown may still report; the log is already closed by then.
    if (this.closed) return;
    if (this.heldByControl && this.heldByControl.length < MAX_HELD_LINES) this.heldByControl.push(text);
    else this.writeNow(text);
  }

  private writeNow(text: string): void {
    if (this.heldDuringRotation) this.heldDuringRotation.push(text);
    else this.stream.write(text);
  }

  hold(): void {
    this.heldByControl ??= [];
  }

  release(): void {
    const held = this.heldByControl ?? [];
    this.heldByControl = undefined;
    for (const text of held) this.writeNow(text);
  }

  flush(): Promise<void> {
    // An empty write's callback runs after every earlier write has reached the file.
    return new Promise((resolve) => this.stream.write('', () => resolve()));
  }

  private end(): Promise<void> {
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }

  async rotate(): Promise<void> {
    if (this.heldDuringRotation) throw new Error(`log ${this.path}: a rotation is already under way`);
    this.heldDuringRotation = [];
    try {
      await this.end();
      for (let i = BACKUP_COUNT - 1; i >= 1; i--) {
        if (await exists(`${this.path}.${i}`)) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      }
      if (await exists(this.path)) await rename(this.path, `${this.path}.1`);
    } finally {
      this.stream = this.open();
      const held = this.heldDuringRotation;
      this.heldDuringRotation = undefined;
      for (const text of held) this.stream.write(text);
    }
  }

  async truncate(): Promise<void> {
    await this.flush();
    // The stream was opened with O_APPEND, so later writes land at the new end of file.
    await truncate(this.path, 0);
  }

  close(): Promise<void> {
    this.closed = true;
    return this.end();
  }
}
