import { isJsonObject, type JsonValue, type ServiceTaskHandler, type ServiceTaskResult } from '@statefold/core';
import type { ServiceFunction, ServiceRouteConfig } from '../config/services-config.js';
import { createAwsServiceTask } from './aws-service-task.js';

/**
 * The `services` handlers for the config's routes: a service name routes every optimized and
 * `aws-sdk:` action of that service (`sqs` → `arn:aws:states:::sqs:*` and
 * `arn:aws:states:::aws-sdk:sqs:*`; `events` and `eventbridge` name one service), a resource ARN
 * routes that resource alone.
 */
export function createServiceRoutes(
  routes: ReadonlyMap<string, ServiceRouteConfig>,
): Record<string, ServiceTaskHandler> {
  const handlers: Record<string, ServiceTaskHandler> = {};
  for (const [key, route] of routes) {
    const handler = handlerFor(route);
    if (key.startsWith('arn:')) {
      handlers[key] = handler;
      continue;
    }
    const names = key === 'events' || key === 'eventbridge' ? ['events', 'eventbridge'] : [key];
    for (const name of names) {
      handlers[`arn:aws:states:::${name}:*`] ??= handler;
      handlers[`arn:aws:states:::aws-sdk:${name}:*`] ??= handler;
    }
  }
  return handlers;
}

function handlerFor(route: ServiceRouteConfig): ServiceTaskHandler {
  if (route.kind === 'endpoint') return createAwsServiceTask(route);
  if (route.kind === 'handler') return functionHandler(route.handler);
  return cannedHandler(route.responses);
}

function functionHandler(run: ServiceFunction): ServiceTaskHandler {
  return async (request) => {
    try {
      const output = await run(request.parameters, {
        resource: request.resource,
        executionArn: request.executionArn,
        ...(request.taskToken === undefined ? {} : { taskToken: request.taskToken }),
      });
      return { ok: true, output: JSON.parse(JSON.stringify(output ?? null)) as JsonValue };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const cause =
        error instanceof Error ? error.message : isJsonObject(error) ? JSON.stringify(error) : String(error);
      return { ok: false, error: name, cause };
    }
  };
}

/** Answers from a fixed sequence; once it is used up the last answer repeats. */
function cannedHandler(responses: readonly ServiceTaskResult[]): ServiceTaskHandler {
  let calls = 0;
  return async () => {
    const response = responses[Math.min(calls, responses.length - 1)] as ServiceTaskResult;
    calls++;
    return response;
  };
}
