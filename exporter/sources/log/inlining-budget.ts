/**
 * V8's inlining budget given back when a log source starts.
 *
 * The exporter runs with a quarter of V8's cumulative inlining budget (`--max-inlined-bytecode-size-cumulative=230`
 * in EXPORTER_NODE_FLAGS): smaller TurboFan compiles keep the compile-zone memory of a burst of scrapes, and so the
 * 10k peak RSS, down. The log's per-line path is the one loop that runs for as long as the exporter does, line after
 * line, and inlining is what makes it fast: with V8's default budget a bulk read took 3–10 % less CPU per line (a
 * followed log's figure is too noisy to show it; bench/NOTES.md, issue 15AD). So a log source, when it starts, sets
 * the default back for every compile after it. V8 reads this flag when it compiles, so setting it at run time works
 * (unlike the heap flags, read once when the process starts); an exporter without a log keeps the small budget.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own default for the cumulative inlining budget (V8 11.3, Node 20). */
export const LOG_INLINING_FLAG = '--max-inlined-bytecode-size-cumulative=920';

/**
 * Sets LOG_INLINING_FLAG through `setFlags` (V8's, or a test's stand-in). Setting it again is harmless: a process
 * with several log sources (one per server) sets the same value once per start.
 */
export function restoreV8InliningBudget(setFlags: (flags: string) => void = setFlagsFromString): void {
  setFlags(LOG_INLINING_FLAG);
}
