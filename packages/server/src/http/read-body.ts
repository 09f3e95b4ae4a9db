import type { IncomingMessage } from 'node:http';
import { RequestEntityTooLargeException } from './protocol-errors.js';

/** Step Functions' quota: "Maximum request size: 1 MB per request". */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body of at most `maxBodyBytes`. A larger `Content-Length` is refused before any
 * byte is read and a body that grows past the limit stops being buffered; either way it rejects with
 * `RequestEntityTooLargeException`, and the rest of the body is read and discarded so the connection
 * can answer. Rejects with the stream's error when the client goes away mid-body.
 */
export function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declaredLength = Number(request.headers['content-length'] ?? '0');
    if (declaredLength > maxBodyBytes) {
      request.resume();
      reject(new RequestEntityTooLargeException(maxBodyBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= maxBodyBytes) {
        chunks.push(chunk);
        return;
      }
      // Breaking out would destroy the socket before the answer: keep reading, stop keeping.
      request.off('data', onData);
      request.off('end', onEnd);
      request.resume();
      reject(new RequestEntityTooLargeException(maxBodyBytes));
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks, length));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', reject);
  });
}
