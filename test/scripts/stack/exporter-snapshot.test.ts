/**
 * Whether node may be handed the start-up snapshot (scripts/stack/exporter-snapshot.ts): only a blob
 * the build made with this node and the exporter's flags, whole and undamaged — node itself crashes on
 * a damaged blob and exits on another version or other flags. Blobs here are stand-in bytes with a
 * manifest; the real blob is started in exporter-snapshot.node.test.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotBlob, snapshotManifest, snapshotManifestPath, snapshotProblem, type SnapshotManifest } from '../../../scripts/stack/exporter-snapshot';
import { EXPORTER_BIN, EXPORTER_NODE_FLAGS, exporterNodeArgs } from '../../../scripts/stack/spawn-exporter';
import { useTempDir } from '../../helpers/temp-dir';

const FLAGS = ['--max-semi-space-size=1', '--no-sparkplug'];
const BYTES = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff));

describe('the start-up snapshot check', () => {
  const tmp = useTempDir('ufo-snapshot-check-');
  let count = 0;

  /** A folder with a blob and the manifest a build would write, each changed by `edit`. */
  async function folder(edit: { blob?: (b: Buffer) => Buffer; manifest?: (m: SnapshotManifest) => unknown } = {}): Promise<string> {
    const dir = path.join(tmp.path, `case-${++count}`);
    await mkdir(dir);
    await writeFile(snapshotBlob(dir), edit.blob ? edit.blob(Buffer.from(BYTES)) : BYTES);
    const manifest = snapshotManifest(BYTES, FLAGS);
    await writeFile(snapshotManifestPath(dir), JSON.stringify(edit.manifest ? edit.manifest(manifest) : manifest));
    return dir;
  }

  it('accepts the blob the build made with this node and these flags', async () => {
    expect(snapshotProblem(FLAGS, {}, await folder())).toBeUndefined();
  });

  it('refuses a folder without a build, naming the missing file and the command', async () => {
    expect(snapshotProblem(FLAGS, {}, path.join(tmp.path, 'none'))).toMatch(/snapshot\.json cannot be read \(ENOENT\): run `npm run build`/);
    const noBlob = await folder();
    await writeFile(snapshotManifestPath(noBlob), await readFile(snapshotManifestPath(await folder())));
    await writeFile(snapshotBlob(noBlob), '');
    expect(snapshotProblem(FLAGS, {}, noBlob)).toMatch(/snapshot\.blob has 0 bytes, it was built with 4096/);
  });

  it('refuses a blob of another Node version, or built with other node flags', async () => {
    expect(snapshotProblem(FLAGS, {}, await folder({ manifest: (m) => ({ ...m, node: 'v20.1.0' }) }))).toMatch(/was built by Node v20\.1\.0, this is v/);
    expect(snapshotProblem([...FLAGS, '--max-old-space-size=64'], {}, await folder())).toMatch(/was built with the node flags "--max-semi-space-size=1 --no-sparkplug", the exporter runs with/);
    expect(snapshotProblem(FLAGS, {}, await folder({ manifest: (m) => ({ ...m, flags: 'x' }) }))).toMatch(/was built with the node flags/);
  });

  it('refuses it when NODE_OPTIONS is set (V8 flags there would make node refuse it)', async () => {
    expect(snapshotProblem(FLAGS, { NODE_OPTIONS: '--max-old-space-size=64' }, await folder())).toMatch(/NODE_OPTIONS is set/);
    expect(snapshotProblem(FLAGS, { NODE_OPTIONS: ' ' }, await folder())).toBeUndefined();
  });

  it('refuses a blob cut short, and one with a flipped byte (same size: the CRC-32 tells)', async () => {
    expect(snapshotProblem(FLAGS, {}, await folder({ blob: (b) => b.subarray(0, 1000) }))).toMatch(/has 1000 bytes, it was built with 4096: cut short or replaced/);
    const flipped = (b: Buffer): Buffer => {
      b[2000] = b[2000]! ^ 0x10;
      return b;
    };
    expect(snapshotProblem(FLAGS, {}, await folder({ blob: flipped }))).toMatch(/does not have the CRC-32 it was built with: damaged/);
  });

  it('makes the launcher start the bin instead of a blob it refuses, and the blob when it fits', async () => {
    const bad = await folder({ manifest: (m) => ({ ...m, node: 'v0.0.0' }) });
    expect(exporterNodeArgs(['--log.level=warn'], {}, bad)).toEqual([...EXPORTER_NODE_FLAGS, EXPORTER_BIN, '--log.level=warn']);
    const dir = path.join(tmp.path, 'fits');
    await mkdir(dir);
    await writeFile(snapshotBlob(dir), BYTES);
    await writeFile(snapshotManifestPath(dir), JSON.stringify(snapshotManifest(BYTES, EXPORTER_NODE_FLAGS)));
    expect(exporterNodeArgs(['--log.level=warn'], {}, dir)).toEqual([...EXPORTER_NODE_FLAGS, '--snapshot-blob', snapshotBlob(dir), '--', '--log.level=warn']);
    expect(exporterNodeArgs(['--log.level=warn'], { NODE_OPTIONS: '--inspect' }, dir)).toEqual([...EXPORTER_NODE_FLAGS, EXPORTER_BIN, '--log.level=warn']);
  });
});
