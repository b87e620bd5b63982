/**
 * Node's modules that cannot be in a start-up snapshot (Node 20 cannot serialize `http`'s parser
 * binding; `https`, `tls` and `child_process` are not supported either): in the snapshot's bundle their
 * bindings are filled in by the loads registered here, which the snapshot's main function runs first
 * (scripts/build-exporter-snapshot.ts). Empty in every other build.
 */
const loads: Array<() => void> = [];

export function deferBuiltinLoad(load: () => void): void {
  loads.push(load);
}

export function loadDeferredBuiltins(): void {
  for (const load of loads.splice(0)) load();
}
