// The optimized integrations (`arn:<partition>:states:::<service>:<action>[.<pattern>]`) of the
// services whose whole action list is known here. AWS refuses any other action of these services
// at creation (conformance case services/test_invalid_integration: dynamodb:query). Services not
// listed are left to the engine: refusing a real integration would be worse than accepting one.
const KNOWN_SERVICE_ACTIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  lambda: { invoke: ['', '.waitForTaskToken'] },
  dynamodb: { getItem: [''], putItem: [''], updateItem: [''], deleteItem: [''] },
  sns: { publish: ['', '.waitForTaskToken'] },
  sqs: { sendMessage: ['', '.waitForTaskToken'] },
  states: { startExecution: ['', '.sync', '.sync:2', '.waitForTaskToken'] },
  events: { putEvents: ['', '.waitForTaskToken'] },
};

const INTEGRATION = /^arn:[^:]+:states:::([^:]+):([^.]+)(\..*)?$/;

/**
 * False when `resource` names an optimized integration of a known service that AWS does not
 * offer (an unknown action, or an integration pattern the action lacks). Pure.
 */
export function isKnownIntegration(resource: string): boolean {
  const match = INTEGRATION.exec(resource);
  if (match === null) return true;
  const [, service = '', action = '', pattern = ''] = match;
  const actions = KNOWN_SERVICE_ACTIONS[service];
  if (actions === undefined) return true;
  return actions[action]?.includes(pattern) ?? false;
}
