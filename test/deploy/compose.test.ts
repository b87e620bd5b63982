import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { RULE_FILE } from '../../rules/generator';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../../scripts/build/run';
import { COMPOSE } from '../../scripts/stack/compose-names';
import {
  COMPOSE_FILE,
  dockerfileCopies,
  dockerignoreAllows,
  hostPaths,
  insideRepo,
  localRuntimeFiles,
  resolvedCompose,
  volumeMounts,
} from './compose-files';
import { useTempDir } from '../helpers/temp-dir';
import { unknownExporterFlags } from './exporter-flags';

// merge: the file shares health-check timings through a YAML merge key (<<), as compose does.
const raw = parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true }) as Record<string, unknown>;
const config = resolvedCompose();
const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8');

function validateWithComposeSchema(doc: unknown): string[] {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/dclint/schemas/compose.schema.json'), 'utf8')) as Record<string, unknown>;
  // The schema declares draft-07 by an https URL ajv does not know by that name; draft-07 is ajv's default.
  delete schema.$schema;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('docker-compose.yml', () => {
  const tmp = useTempDir('ufo-compose-');

  it('is valid for docker-compose itself (config -q, with and without the demo profile)', () => {
    for (const profile of [[], ['--profile', 'demo']])
      execFileSync('docker-compose', [...profile, '-f', COMPOSE_FILE, 'config', '-q'], { cwd: REPO_ROOT, stdio: 'pipe', timeout: 30_000 });
  });

  it('validates against the Compose specification JSON schema (shipped with dclint)', () => {
    expect(validateWithComposeSchema(raw)).toEqual([]);
  });

  it('the schema check can fail: a mistyped healthcheck is reported with its path', () => {
    const broken = structuredClone(raw) as { services: Record<string, Record<string, unknown>> };
    broken.services.exporter!.healthcheck = { test: ['CMD', 'true'], interval: 15 }; // a number where a duration string is required
    expect(validateWithComposeSchema(broken).join('\n')).toMatch(/\/services\/exporter\/healthcheck\/interval must be string/);
  });

  it('has no dclint errors', () => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/dclint/bin/dclint.cjs'), COMPOSE_FILE, '-q'], { stdio: 'pipe', timeout: 30_000 });
  });

  it('runs the exporter, prometheus, alertmanager and grafana by default, the simulator only in the demo profile', () => {
    expect(Object.keys(config.services).sort()).toEqual(['alertmanager', 'exporter', 'grafana', 'prometheus', 'simulator']);
    const profiled = Object.entries(config.services).filter(([, s]) => (s.profiles ?? []).length > 0).map(([n]) => n);
    expect(profiled).toEqual(['simulator']);
    expect(config.services.simulator!.profiles).toEqual(['demo']);
  });

  it('every service has a health check', () => {
    for (const [name, svc] of Object.entries(config.services)) {
      expect(svc.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      expect(svc.healthcheck?.disable, `${name} healthcheck disabled`).not.toBe(true);
    }
  });

  it('every host path it mounts or reads exists in the repository', () => {
    const paths = hostPaths(config);
    expect(paths.length).toBeGreaterThan(8);
    const problems = paths.flatMap(({ service, path }) => {
      const rel = insideRepo(path);
      if (rel === undefined) return [`${service}: ${path} is outside the repository`];
      return existsSync(path) ? [] : [`${service}: ${rel} does not exist`];
    });
    expect(problems).toEqual([]);
  });

  it('pins every image tag (no latest) and builds the exporter and simulator from the Dockerfile', () => {
    for (const [name, svc] of Object.entries(config.services)) {
      if (svc.build) continue;
      expect(svc.image, `${name} image`).toMatch(/^[\w./-]+:v?\d+\.\d+\.\d+$/);
    }
    expect(config.services.exporter!.build).toMatchObject({ context: REPO_ROOT, target: 'exporter' });
    expect(config.services.simulator!.build).toMatchObject({ context: REPO_ROOT, target: 'simulator' });
  });

  it('mounts the generated files where the generated Prometheus config expects them', () => {
    const prom = parse(readFileSync(join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const mounts = volumeMounts(config.services.prometheus!);
    const rulesMount = mounts.find((v) => v.target === COMPOSE.prometheus.rulesDir);
    expect(insideRepo(rulesMount?.source ?? '')).toBe('rules/generated');
    expect(prom.rule_files).toEqual([`${COMPOSE.prometheus.rulesDir}/${basename(RULE_FILE)}`]);
    expect(existsSync(join(REPO_ROOT, RULE_FILE))).toBe(true);
    const exporterJob = prom.scrape_configs.find((j) => j.job_name === 'ufo-exporter');
    expect(exporterJob?.static_configs[0]?.targets).toEqual([`${COMPOSE.exporter.service}:${COMPOSE.exporter.port}`]);
    expect(config.services.exporter!.command).toContain(`--web.listen-address=0.0.0.0:${COMPOSE.exporter.port}`);
    expect(unknownExporterFlags(config.services.exporter!.command ?? [])).toEqual([]);
    expect(dockerfile).toContain(`CMD ["--web.listen-address=0.0.0.0:${COMPOSE.exporter.port}"]`);
  });

  it("feeds the exporter the UFO server's log: a read-only shared volume the demo server writes, or the operator's directory", () => {
    const { volume, dir, file } = COMPOSE.serverLog;
    const exporter = config.services.exporter!;
    expect(exporter.command).toContain(`--ufo.log-file=${dir}/${file}`);
    expect(exporter.volumes).toContain(`${volume}:${dir}:ro`);
    // The demo server (the simulator) writes its log into the same volume, read-write.
    const simulator = config.services.simulator!;
    expect(simulator.volumes).toContain(`${volume}:${dir}:rw`);
    expect(String(simulator.command)).toContain(`--log-file ${dir}/${file}`);
    expect(raw.volumes).toHaveProperty(volume);
    // The simulator image runs as node: the fresh volume must copy a directory node can write.
    expect(dockerfile).toContain(`mkdir -p ${dir} && chown node:node ${dir}`);
    // A user's own UFO server writes elsewhere: UFO_LOG_DIR (a host directory) and UFO_LOG_FILE.
    const own = resolvedCompose(COMPOSE_FILE, [], { UFO_LOG_DIR: tmp.path, UFO_LOG_FILE: 'ufo.log' }).services.exporter!;
    expect(own.volumes).toContain(`${tmp.path}:${dir}:ro`);
    expect(own.command).toContain(`--ufo.log-file=${dir}/ufo.log`);
  });

  it("mounts a file for every secret Alertmanager's generated config reads", () => {
    const amMounts = volumeMounts(config.services.alertmanager!);
    const secretsMount = amMounts.find((v) => v.target === COMPOSE.alertmanager.secretsDir);
    expect(insideRepo(secretsMount?.source ?? '')).toBe(COMPOSE.exampleSecretsDir);
    const generated = readFileSync(join(REPO_ROOT, 'alertmanager/generated/alertmanager.yml'), 'utf8');
    const secretPaths = [...generated.matchAll(/_file:\s*['"]?([^'"\s]+)/g)].map((m) => m[1]!);
    expect(secretPaths.length).toBeGreaterThan(0);
    const missing = secretPaths.filter((p) => !p.startsWith(`${COMPOSE.alertmanager.secretsDir}/`) || !existsSync(join(secretsMount!.source!, p.slice(COMPOSE.alertmanager.secretsDir.length + 1))));
    expect(missing).toEqual([]);
    const configMount = amMounts.find((v) => v.target === '/etc/alertmanager/config');
    expect(insideRepo(configMount?.source ?? '')).toBe('alertmanager/generated');
    // The config names its templates relative to itself; in the container that must be the templates mount.
    const templates = (parse(generated) as { templates: string[] }).templates.map((t) => posix.join(configMount!.target, t));
    const templatesMount = amMounts.find((v) => insideRepo(v.source ?? '') === 'alertmanager/templates');
    expect(templates).toEqual([`${templatesMount?.target}/*.tmpl`]);
  });

  it("Grafana's provisioning points at the compose Prometheus and at the mounted dashboards", () => {
    const datasources = parse(readFileSync(join(REPO_ROOT, 'grafana/provisioning/datasources/ufo-prometheus.yaml'), 'utf8')) as { datasources: { type: string; url: string }[] };
    expect(datasources.datasources.filter((d) => d.type === 'prometheus').map((d) => d.url)).toEqual([`http://${COMPOSE.prometheus.service}:${COMPOSE.prometheus.port}`]);
    const providers = parse(readFileSync(join(REPO_ROOT, 'grafana/provisioning/dashboards/ufo.yaml'), 'utf8')) as { providers: { options: { path: string } }[] };
    const dashboardsMount = volumeMounts(config.services.grafana!).find((v) => insideRepo(v.source ?? '') === 'grafana/dashboards');
    expect(providers.providers.map((p) => p.options.path)).toEqual([dashboardsMount?.target]);
    const env = readFileSync(join(REPO_ROOT, 'deploy/grafana/grafana.env'), 'utf8');
    const home = /^GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=(.+)$/m.exec(env)?.[1];
    expect(home?.startsWith(`${dashboardsMount?.target}/`)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'grafana/dashboards', home!.slice(dashboardsMount!.target.length + 1)))).toBe(true);
  });

  it('a missing mounted path is caught (the check can fail)', () => {
    // Only the service under test: the others' relative paths would resolve against the temp dir.
    const prometheus: Record<string, unknown> = { ...(raw.services as Record<string, Record<string, unknown>>).prometheus };
    delete prometheus.depends_on;
    prometheus.volumes = [`${REPO_ROOT}/deploy/prometheus/no-such-file.yml:/etc/prometheus/prometheus.yml:ro`];
    const composeFile = join(tmp.path, 'docker-compose.yml');
    writeFileSync(composeFile, stringify({ services: { prometheus } }));
    const problems = hostPaths(resolvedCompose(composeFile)).filter(({ path }) => !existsSync(path));
    expect(problems.map((p) => p.path)).toEqual([`${REPO_ROOT}/deploy/prometheus/no-such-file.yml`]);
  });
});

describe('Dockerfile', () => {
  const copies = dockerfileCopies(dockerfile);

  it('every COPY source exists and is let into the build context by .dockerignore', () => {
    expect(copies.length).toBeGreaterThan(3);
    for (const c of copies)
      for (const src of c.sources) {
        expect(existsSync(join(REPO_ROOT, src)), `Dockerfile:${c.line} COPY ${src} exists`).toBe(true);
        const probe = statSync(join(REPO_ROOT, src)).isDirectory() ? `${src.replace(/\/$/, '')}/x.ts` : src;
        expect(dockerignoreAllows(dockerignore, probe), `Dockerfile:${c.line} ${src} not excluded by .dockerignore`).toBe(true);
      }
    expect(dockerignoreAllows(dockerignore, 'node_modules/x')).toBe(false);
    expect(dockerignoreAllows(dockerignore, 'deploy/secrets/local/ufo_api_key')).toBe(false);
  });

  it('is multi-stage, small base, non-root, with a HEALTHCHECK', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^FROM node:20-(alpine|slim)\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/-\/healthy/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  // The compiled exporter (dist/) is built in the image's build stage and copied from there.
  const builtInImage = /^COPY --from=build \/app\/dist \.\/dist$/m.test(dockerfile) ? ['dist'] : [];
  for (const [stage, entry] of [
    ['exporter', 'bin/ufo-exporter.js'],
    ['simulator', 'scripts/simulator/main.ts'],
    ['build', 'scripts/build-exporter.ts'],
    ['build', 'exporter/main.ts'],
  ] as const)
    it(`the ${stage} stage copies every repo file ${entry} loads`, () => {
      const copied = [
        ...copies.filter((c) => c.stage === stage || (stage !== 'build' && c.stage === 'runtime')).flatMap((c) => c.sources.map((s) => s.replace(/\/$/, ''))),
        ...(stage === 'exporter' ? builtInImage : []),
      ];
      const notCopied = localRuntimeFiles(entry, builtInImage).filter((f) => !copied.some((src) => f === src || f.startsWith(`${src}/`)));
      expect(notCopied).toEqual([]);
    });
});
