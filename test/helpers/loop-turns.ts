/**
 * Counts turns of the event loop with a chain of immediates: code that yields (setImmediate, a paused
 * socket resumed at the next turn) lets the count move on; a synchronous block does not. Stop it when done.
 */
export function countLoopTurns(): { readonly turns: () => number; stop(): void } {
  let turns = 0;
  let counting = true;
  const tick = (): void => {
    turns++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    turns: () => turns,
    stop: () => {
      counting = false;
    },
  };
}
