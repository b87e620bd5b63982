/** The message of an error a test expects, after checking its class. */
import { expect } from 'vitest';

// `never[]` accepts any constructor signature: only `instanceof` is needed here.
type ErrorClass = abstract new (...args: never[]) => Error;

/** Runs `fn`, expects it to throw an instance of `type` and returns the message; fails when nothing is thrown. */
export function thrownMessage(fn: () => unknown, type: ErrorClass): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return (err as Error).message;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
