import type { IncomingMessage } from 'node:http';
import { RequestEntityTooLargeException, RequestTimeoutException } from './protocol-errors.js';

/** Step Functions' quota: "Maximum request size: 1 MB per request". */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The bounds `readBody` reads a body within. */
export interface BodyLimits {
  readonly maxBodyBytes: number;
  /** The longest pause between two chunks; no bound when absent. */
  readonly idleTimeoutMs?: number;
}

/**
 * Reads a request body of at most `maxBodyBytes`. A larger `Content-Length` is refused before any
 * byte is read and a body that grows past the limit stops being buffered; either way it rejects with
 * `RequestEntityTooLargeException`, and the rest of the body is read and discarded so the connection
 * can answer. A body that pauses longer than `idleTimeoutMs` rejects with `RequestTimeoutException`
 * and is not read further (the connection must close after the answer). Rejects with the stream's
 * error when the client goes away mid-body.
 */
export function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const { maxBodyBytes, idleTimeoutMs } = limits;
  return new Promise((resolve, reject) => {
    const declaredLength = Number(request.headers['content-length'] ?? '0');
    if (declaredLength > maxBodyBytes) {
      request.resume();
      reject(new RequestEntityTooLargeException(maxBodyBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let idleTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      clearTimeout(idleTimer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    const armIdleTimer = (): void => {
      if (idleTimeoutMs === undefined) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        stop();
        request.pause();
        reject(new RequestTimeoutException(`Request body paused for more than ${idleTimeoutMs} ms`));
      }, idleTimeoutMs);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= maxBodyBytes) {
        chunks.push(chunk);
        armIdleTimer();
        return;
      }
      // Breaking out would destroy the socket before the answer: keep reading, stop keeping.
      stop();
      request.resume();
      reject(new RequestEntityTooLargeException(maxBodyBytes));
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
    armIdleTimer();
  });
}
