// A plain keep-alive node:http client for the AWS JSON 1.0 protocol, and process helpers for the
// servers the bench starts. (@aws-sdk/client-sfn saturates near 2.4k requests/s by itself, so it
// would measure the client rather than the server.)

import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';

/** A client bound to one server and one keep-alive agent of `sockets` connections. */
export function createClient(port, sockets) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  /** POSTs a body and resolves with `{ status, text }`. */
  const post = (headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    post,
    /** Calls a Step Functions action; rejects on anything but HTTP 200. */
    async call(action, input) {
      const { status, text } = await post(
        { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
        JSON.stringify(input),
      );
      if (status !== 200) throw new Error(`${action} answered HTTP ${status}: ${text.slice(0, 300)}`);
      return { json: JSON.parse(text), bytes: Buffer.byteLength(text) };
    },
    close() {
      agent.destroy();
    },
  };
}

/**
 * Starts a node process and resolves once a line of its stdout matches `ready` (with the match),
 * rejecting if it exits first. `stop()` sends SIGTERM and waits for the exit.
 */
export function startProcess(args, ready, env = {}) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const started = new Promise((resolve, reject) => {
    let stdout = '';
    const onData = (chunk) => {
      stdout += chunk;
      const match = ready.exec(stdout);
      if (match !== null) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) =>
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before it was ready: ${stderr}`)),
    );
  });
  return started.then((match) => ({
    match,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  }));
}
