/**
 * The exporter's start-up snapshot (built by scripts/build-exporter-snapshot.ts; docs/performance.md):
 * where it is, what it was made with, and whether node can start from it here. Node checks only the
 * blob's Node version and V8 flags (and exits with status 14 on a mismatch); a damaged blob crashes
 * it. So whoever hands node the blob checks it first — the launcher falls back to the bin, the build's
 * staleness check rebuilds it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

/** The folder the build writes the blob to (dist/exporter). */
export const SNAPSHOT_DIR = fileURLToPath(new URL('../../dist/exporter/', import.meta.url));
export const snapshotBlob = (dir = SNAPSHOT_DIR): string => join(dir, 'snapshot.blob');
export const snapshotManifestPath = (dir = SNAPSHOT_DIR): string => join(dir, 'snapshot.json');

/** What the blob was made with, written next to it by the build. */
export interface SnapshotManifest {
  /** process.version of the node that built it. */
  readonly node: string;
  /** The node flags it was built with: V8 refuses it under others. */
  readonly flags: readonly string[];
  readonly bytes: number;
  readonly crc32: number;
}

export function snapshotManifest(blob: Buffer, flags: readonly string[]): SnapshotManifest {
  return { node: process.version, flags, bytes: blob.length, crc32: crc32(blob) };
}

/** CRC-32 checks already made in this process, by the blob's path, size and modification time. */
const crcMatched = new Map<string, boolean>();

/**
 * Why `node <flags> --snapshot-blob <blob>` cannot start the exporter here, or undefined when it can:
 * no blob or manifest, another Node version, other flags, `NODE_OPTIONS` set (V8 flags there change
 * what the blob must be built with), a size or CRC-32 other than the build's (cut short, damaged).
 */
export function snapshotProblem(flags: readonly string[], env: NodeJS.ProcessEnv = process.env, dir = SNAPSHOT_DIR): string | undefined {
  const blob = snapshotBlob(dir);
  const manifestPath = snapshotManifestPath(dir);
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as SnapshotManifest;
  } catch (err) {
    return `${manifestPath} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): run \`npm run build\``;
  }
  if (manifest.node !== process.version) return `${blob} was built by Node ${manifest.node}, this is ${process.version}`;
  if (!Array.isArray(manifest.flags) || manifest.flags.join(' ') !== flags.join(' ')) {
    return `${blob} was built with the node flags "${String(manifest.flags?.join?.(' '))}", the exporter runs with "${flags.join(' ')}"`;
  }
  if ((env.NODE_OPTIONS ?? '').trim() !== '') return `NODE_OPTIONS is set ("${env.NODE_OPTIONS}"): node refuses ${blob} under other V8 flags`;
  let size: number;
  let key: string;
  try {
    const stat = statSync(blob);
    size = stat.size;
    key = `${blob}\0${stat.size}\0${stat.mtimeMs}`;
  } catch (err) {
    return `${blob} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  if (size !== manifest.bytes) return `${blob} has ${size} bytes, it was built with ${manifest.bytes}: cut short or replaced`;
  let matched = crcMatched.get(key);
  if (matched === undefined) {
    matched = crc32(readFileSync(blob)) === manifest.crc32;
    crcMatched.set(key, matched);
  }
  return matched ? undefined : `${blob} does not have the CRC-32 it was built with: damaged`;
}
