/**
 * `npm run bench`: runs every section in bench/sections/ (each file exports `section`) and writes
 * bench/RESULTS.md with the machine and date. `--only=<name>` runs the sections whose file name
 * contains it; `--no-write` only prints.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { environmentNote, withoutMachineCaCerts } from './environment';
import type { BenchSection } from './section';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const write = !args.includes('--no-write');
withoutMachineCaCerts();
const sectionsDir = fileURLToPath(new URL('./sections/', import.meta.url));

const files = readdirSync(sectionsDir)
  .filter((f) => f.endsWith('.ts') && (only === undefined || f.includes(only)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`bench: no section matches ${only ?? '(any)'} in ${sectionsDir}\n`);
  process.exit(2);
}

const cpus = os.cpus();
const machine = `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.versions.node}`;
const parts = [
  '# Benchmark results',
  '',
  `Recorded by \`npm run bench\` on ${new Date().toISOString()}.`,
  `Machine: ${machine}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (shared machine: numbers are noisy).`,
  environmentNote(),
  '',
];
for (const file of files) {
  const mod = (await import(new URL(`./sections/${file}`, import.meta.url).href)) as { section?: BenchSection };
  if (!mod.section) throw new Error(`bench/sections/${file} does not export "section"`);
  process.stdout.write(`\n== ${mod.section.name}\n`);
  parts.push(`## ${mod.section.name}`, '', await mod.section.run((line) => process.stdout.write(`${line}\n`)), '');
}
const markdown = parts.join('\n');
if (write && only === undefined) {
  writeFileSync(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), markdown);
  process.stdout.write('\nwritten to bench/RESULTS.md\n');
} else process.stdout.write(`\n${markdown}\n`);
