/**
 * Bytes in arbitrary chunks → complete lines. UTF-8 characters split across chunks (emoji are four
 * bytes) are reassembled by a StringDecoder; a partial last line waits for its newline; `\r\n` is
 * accepted. A line longer than `maxLineLength` characters is dropped whole (reported once) instead of
 * growing the buffer without bound.
 */
import { StringDecoder } from 'node:string_decoder';

export interface LineHandler {
  line(text: string): void;
  /** A line over the limit was dropped. */
  tooLong(): void;
}

const NEWLINE = '\n';
const CR = 13;

export class LineSplitter {
  private decoder = new StringDecoder('utf8');
  private partial = '';
  /** Inside an over-long line: drop text until its newline. */
  private discarding = false;

  constructor(
    private readonly maxLineLength: number,
    private readonly handler: LineHandler,
  ) {}

  /** Feeds a chunk; returns how many lines were completed. The chunk may be reused after return. */
  push(chunk: Uint8Array): number {
    const text = this.partial + this.decoder.write(chunk);
    let start = 0;
    let lines = 0;
    for (let nl = text.indexOf(NEWLINE); nl >= 0; nl = text.indexOf(NEWLINE, start)) {
      if (this.discarding) this.discarding = false;
      else this.deliver(text, start, nl);
      lines++;
      start = nl + 1;
    }
    this.partial = this.discarding ? '' : text.slice(start);
    if (this.partial.length > this.maxLineLength) {
      this.partial = '';
      this.discarding = true;
      this.handler.tooLong();
    }
    return lines;
  }

  /** End of a file (it was rotated away): a last line without newline is still a line. Returns 0 or 1. */
  flush(): number {
    const rest = this.partial + this.decoder.end();
    this.reset();
    if (rest.length === 0) return 0;
    this.deliver(rest, 0, rest.length);
    return 1;
  }

  /** Forget any partial line (the file was truncated under it). */
  reset(): void {
    this.partial = '';
    this.discarding = false;
    this.decoder = new StringDecoder('utf8');
  }

  private deliver(text: string, start: number, end: number): void {
    const stop = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    if (stop - start > this.maxLineLength) this.handler.tooLong();
    else this.handler.line(text.slice(start, stop));
  }
}
