import type { JsonObject, JsonValue } from '../data/index.js';

/** What the AWS service answered over HTTP, for the `SdkHttpMetadata` optimized integrations report. */
export interface SdkHttpResponse {
  readonly statusCode: number;
  /** The response headers, each with the one value AWS's Java SDK reports. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
}

/**
 * An optimized integration's output: the service's response members with `SdkHttpMetadata` and
 * `SdkResponseMetadata` beside them, every member in alphabetical order as Step Functions writes
 * them (services/test_base_integrations: `Attributes`, `SdkHttpMetadata`, `SdkResponseMetadata`).
 * Pure.
 */
export function withSdkMetadata(body: JsonObject, response: SdkHttpResponse): JsonObject {
  const members: Record<string, JsonValue> = {
    ...body,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: { ...response.headers },
      HttpStatusCode: response.statusCode,
    },
    SdkResponseMetadata: { RequestId: response.requestId },
  };
  return Object.fromEntries(
    Object.keys(members)
      .sort()
      .map((name) => [name, members[name] ?? null]),
  );
}
