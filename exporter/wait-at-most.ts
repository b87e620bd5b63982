/**
 * Waits for `work` at most `ms`: resolves when it settles or when the time is up, whichever comes
 * first, and never rejects. The work itself goes on; what it delivers late, the next reader sees.
 */
export function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  return Promise.race([settled, timeUp]).finally(() => clearTimeout(timer));
}
