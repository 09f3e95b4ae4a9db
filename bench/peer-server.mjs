// The peer for the server figures: stepfunctions-local (npm), the Node program that serves the Step
// Functions API over HTTP, started in a process of its own on a free port.
//   node bench/peer-server.mjs     prints "listening on <port>" once it answers requests

import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { createClient } from './lib/http-client.mjs';

// It prints its start-up note and the AWS SDK v2's end-of-support warning; neither is a figure.
process.removeAllListeners('warning');
process.on('warning', () => undefined);

/** A port nothing listens on right now (the peer takes a port number, not 0). */
const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const { start } = createRequire(import.meta.url)('stepfunctions-local');
const log = console.log;
console.log = () => undefined;
start({ port });
const client = createClient(port, 1);
for (let attempt = 0; ; attempt += 1) {
  try {
    await client.call('ListStateMachines', {});
    break;
  } catch (error) {
    if (attempt >= 200) throw error;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
client.close();
log(`listening on ${port}`);
process.on('SIGTERM', () => process.exit(0));
