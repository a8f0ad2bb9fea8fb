import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ClerkLoad, type ClerkTokens } from './clerk-load';
import { closedLoop, type ClosedLoopResult } from './http';
import { LoadProcess, serveLoad } from './load-process';
import { RawHttpConnection } from './raw-http';

/** What a load process drives: the server, the items and who sends the commands. */
export interface LoadSetup {
  baseUrl: string;
  ids: string[];
  /** Items in rotation at a time. */
  rotation: number;
  tokens: ClerkTokens;
  concurrency: number;
  /** Send each command with a fresh Idempotency-Key (as the UI does). */
  keys?: boolean;
}

export interface LoadRound extends ClosedLoopResult {
  /** Items approved so far, over all rounds. */
  completed: number;
}

/** The parent's handle on a command load process (see LoadProcess for why a process of its own). */
export type CommandLoad = LoadProcess<LoadSetup, LoadRound>;

/**
 * The clerk command load of the throughput benchmark and `bench:ab`, in a process of its own: a closed loop of
 * `concurrency` clients, one keep-alive connection each, over items in rotation (ClerkLoad).
 */
export const startCommandLoad = (setup: LoadSetup): Promise<CommandLoad> =>
  LoadProcess.start(join(__dirname, 'command-load.js'), 'command load', setup);

/** The child: each round a closed loop of commands over the rotation. */
function child(): void {
  let load: ClerkLoad;
  let setup: LoadSetup;
  let connections: RawHttpConnection[] = [];
  const open = (baseUrl: string) => {
    connections.forEach((c) => c.close());
    connections = Array.from({ length: setup.concurrency }, () => RawHttpConnection.fromBaseUrl(baseUrl));
  };
  serveLoad<LoadSetup, LoadRound>({
    setup(s) {
      setup = s;
      load = new ClerkLoad(setup.ids, setup.rotation);
      open(setup.baseUrl);
    },
    connect: open,
    close: () => connections.forEach((c) => c.close()),
    async round(warmupMs, durationMs) {
      const command = async (w: number) => {
        const { id, command: c } = load.next(setup.tokens);
        let ok = false;
        try {
          const r = await connections[w].send('POST', `/api/cases/${id}/events`, {
            token: c.token,
            body: { type: c.type, payload: c.payload },
            skipBody: true,
            ...(setup.keys ? { headers: { 'Idempotency-Key': randomUUID() } } : {}),
          });
          if (r.status !== 200) {
            throw new Error(`${c.type} on ${id} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
          }
          ok = true;
        } finally {
          load.settle(id, ok);
        }
      };
      const r = await closedLoop({ concurrency: setup.concurrency, warmupMs, durationMs, op: command });
      return { ...r, completed: load.completed };
    },
  });
}

if (require.main === module && process.argv.includes('--child')) child();
