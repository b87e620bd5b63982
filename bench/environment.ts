/**
 * The environment the bench gives the processes it starts. This machine sets NODE_EXTRA_CA_CERTS to the
 * system's whole CA bundle (for its own proxies); Node parses every certificate in it before any
 * JavaScript runs (~55 ms of CPU and ~1.7 MB here), while the Go peer reads CA files only at its first TLS
 * connection. The exporter needs neither for a plain-http upstream, and operators do not normally set it,
 * so the bench measures both contenders without it — and also shows our start with it, as this machine
 * sets it (bench/sections/exporter-vs-go-peer.ts).
 */
const MACHINE_EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;

/** Removes the machine's NODE_EXTRA_CA_CERTS from this process, so every process the bench starts runs without it. */
export function withoutMachineCaCerts(): void {
  delete process.env.NODE_EXTRA_CA_CERTS;
}

/** The variable as this machine set it, for the one measurement that keeps it; undefined when it was not set. */
export function machineExtraCaCerts(): string | undefined {
  return MACHINE_EXTRA_CA_CERTS;
}

/** One line for the results' header: what the bench removed from the environment and why. */
export function environmentNote(): string {
  return MACHINE_EXTRA_CA_CERTS === undefined
    ? 'Environment: NODE_EXTRA_CA_CERTS is not set.'
    : `Environment: this machine sets NODE_EXTRA_CA_CERTS (${MACHINE_EXTRA_CA_CERTS}); the bench starts every process without it ` +
        '(Node parses those certificates before any JavaScript runs; see bench/environment.ts), and shows our start-up with it separately.';
}
