/**
 * Temp dirs for tests that never outlive their tests. `useTempDir` is for test files: call it while
 * the file is collected (top level or in a describe block); the dir is made in beforeAll and removed
 * in afterAll, so failing tests clean up too and skipped blocks make nothing. `withTempDir` is for
 * one test or one call; harnesses that own a dir per start pair `makeTempDir` with `removeTempDir`
 * in their close().
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A fresh dir under os.tmpdir() named `<prefix>XXXXXX` (prefixes start with `ufo-` so leaks are easy to spot). */
export function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** rm -rf; a dir that is already gone is fine. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Runs `run` with a fresh temp dir and removes the dir afterwards, also when `run` throws. */
export async function withTempDir<T>(prefix: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir(prefix);
  try {
    return await run(dir);
  } finally {
    await removeTempDir(dir);
  }
}

export interface TempDir {
  /**
   * The dir's path, readable in the block's later hooks and its tests. Call useTempDir before the
   * hooks that use the dir: vitest runs afterAll hooks in reverse, so it is removed after they stop.
   */
  readonly path: string;
}

export function useTempDir(prefix: string): TempDir {
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await makeTempDir(prefix);
  });
  afterAll(async () => {
    if (dir !== undefined) await removeTempDir(dir);
    dir = undefined;
  });
  return {
    get path(): string {
      if (dir === undefined) throw new Error(`temp dir ${prefix}* is only there while the tests of the block that called useTempDir run`);
      return dir;
    },
  };
}
