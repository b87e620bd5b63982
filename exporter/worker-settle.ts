/**
 * Stopping a worker thread safely on Node 20.
 *
 * Node 20 tears a worker down by unregistering its isolate from the platform *before* disposing of it
 * (changed upstream in 2025, v8/node#208 "Unregister isolate after Isolate::Dispose"). A TurboFan job
 * still compiling for that worker on a background thread can, in that window, ask the platform for the
 * isolate's task runner and abort the whole process:
 * `NodePlatform::ForIsolate … Assertion failed: (data.first) != nullptr` (seen once in CI, a test that
 * stopped a worker right after hot work). So both workers (the bcrypt pool, the parse worker) wait for
 * their background compiles before each answer, and the main thread stops a worker only when it has
 * answered everything it was sent (or after a grace, for a worker that never answers).
 */

/** What the settler needs of `node:v8`. */
interface V8FlagSetter {
  setFlagsFromString(flags: string): void;
}

/**
 * Returns a function that blocks until this isolate's queued and running background compiles are done.
 * Called in the worker, once at its start. `%WaitForBackgroundOptimization` is a V8 runtime function,
 * reachable after `--allow-natives-syntax` (a parser flag: no valid program changes meaning). Where it
 * is unavailable the settler does nothing: a later Node without the race may also drop the function.
 *
 * Self-contained (no module-level names): the bcrypt worker, run from source text, embeds its `toString()`.
 */
export function makeCompileSettler(v8: V8FlagSetter): () => void {
  try {
    v8.setFlagsFromString('--allow-natives-syntax');
    return new Function('%WaitForBackgroundOptimization()') as () => void;
  } catch {
    return () => undefined;
  }
}
