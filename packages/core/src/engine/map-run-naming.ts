import { createHash } from 'node:crypto';

/**
 * The ARNs of a Map Run's resources, all read from its ARN
 * (`arn:<partition>:states:<region>:<account>:mapRun:<stateMachine>/<label>:<id>`): the labelled
 * state machine its children run, and each child's execution ARN.
 */
export interface MapRunNames {
  /** `…:stateMachine:<stateMachine>/<label>`. */
  readonly labelledStateMachineArn: string;
  /** `<stateMachine>/<label>`. */
  readonly labelledName: string;
  /** The Map Run's id: its ARN's last part (also the revision id of its children's definition). */
  readonly mapRunId: string;
  /** The execution name of the child that processes input `index`. */
  readonly childName: (index: number) => string;
  /** `…:execution:<stateMachine>/<label>:<childName>`. */
  readonly childArn: (index: number) => string;
}

/**
 * Names a Map Run's resources. A child's name is a UUID derived from the Map Run's ARN and its
 * input's index, so the same input always gets the same execution: after a crash, starting it again
 * finds it already stored, and no item is ever processed twice.
 */
export function mapRunNames(mapRunArn: string): MapRunNames {
  const parts = mapRunArn.split(':');
  const prefix = parts.slice(0, 5).join(':');
  const mapRunId = parts[parts.length - 1] ?? '';
  const labelledName = parts.slice(6, -1).join(':');
  const childName = (index: number): string => {
    const hex = createHash('sha256').update(`${mapRunArn}#${index}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
  return {
    labelledStateMachineArn: `${prefix}:stateMachine:${labelledName}`,
    labelledName,
    mapRunId,
    childName,
    childArn: (index) => `${prefix}:execution:${labelledName}:${childName(index)}`,
  };
}
