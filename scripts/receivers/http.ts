/** Starting an express app on 127.0.0.1 with a random free port, and closing it. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  close(): Promise<void>;
}

/** An express app that parses JSON bodies of any content type and answers bad JSON with 400. */
export function jsonApp(): Express {
  const app = express();
  app.use(express.json({ type: () => true, limit: '5mb' }));
  return app;
}

/** Turns body-parser errors into a 400 naming the problem (registered after the routes). */
function badRequestHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (err instanceof SyntaxError) res.status(400).json({ error: `invalid JSON body: ${err.message}` });
  else next(err);
}

export function listenOnLoopback(app: Express): Promise<RunningServer> {
  app.use(badRequestHandler);
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
