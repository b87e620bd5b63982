/**
 * A pure function of a string that remembers only its last answer: the log asks the same few strings
 * line after line (a platform, a reason, a logger's name), so a repeat is one `===` instead of a regex.
 */
export function rememberLast<T>(answer: (text: string) => T): (text: string) => T {
  let lastText: string | undefined;
  let lastAnswer: T | undefined;
  return (text) => {
    if (text !== lastText) {
      lastAnswer = answer(text);
      lastText = text;
    }
    return lastAnswer as T; // set with lastText: a question seen before has its answer
  };
}
