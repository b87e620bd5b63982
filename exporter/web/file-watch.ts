/**
 * Notices when any of a set of files changes (inode, size or modification time), by polling stat:
 * the web config and the certificates it names are re-read without a restart. A missing file is a
 * state like any other (its disappearance and return are changes).
 */
import { stat } from 'node:fs/promises';

async function signature(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => `${f}:${s.ino}:${s.size}:${s.mtimeMs}`,
        (err: NodeJS.ErrnoException) => `${f}:${err.code ?? 'error'}`,
      ),
    ),
  );
  return parts.join('|');
}

export interface FileWatch {
  stop(): void;
}

/** Calls `changed` (never concurrently) when the files `files()` names change; polls every `intervalMs`. */
export function watchFiles(files: () => readonly string[], changed: () => Promise<void>, intervalMs: number): FileWatch {
  let last: string | undefined;
  let busy = false;
  const check = async (): Promise<void> => {
    const now = await signature(files());
    if (last === undefined) last = now;
    if (now === last) return;
    await changed();
    // Taken after the reload: it may have changed the list of files.
    last = await signature(files());
  };
  void check();
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    check().finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
