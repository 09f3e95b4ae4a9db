import { ConflictException } from '../../errors/index.js';
import type { PublishStateMachineVersionInput, PublishStateMachineVersionOutput } from '../api-types.js';
import { constraints, RequestValidator } from '../request-validator.js';
import { requireStateMachine } from '../resources.js';
import type { ServiceContext } from '../service-context.js';
import { publishVersion } from '../state-machine-versions.js';

/**
 * PublishStateMachineVersion: snapshots the state machine's current revision as version N+1
 * (`<stateMachineArn>:<N+1>`); idempotent for a revision already published (that version comes
 * back). `revisionId` must name the current revision (`INITIAL` for one never updated). Throws
 * `ValidationException`, `InvalidArn`, `StateMachineDoesNotExist`, `ConflictException` (stale
 * `revisionId`, concurrent publish), `ServiceQuotaExceededException` (1000 versions).
 */
export async function publishStateMachineVersion(
  context: ServiceContext,
  input: PublishStateMachineVersionInput,
): Promise<PublishStateMachineVersionOutput> {
  const validator = new RequestValidator();
  if (validator.required('stateMachineArn', input.stateMachineArn)) {
    validator.string('stateMachineArn', input.stateMachineArn, constraints.arn);
  }
  validator.string('revisionId', input.revisionId, { max: 256 });
  validator.string('description', input.description, constraints.versionDescription);
  validator.throwIfInvalid();

  const checked = await requireStateMachine(context, input.stateMachineArn);
  return context.exclusive(checked.stateMachineArn, async () => {
    const record = await requireStateMachine(context, input.stateMachineArn);
    const { revisionId } = input;
    if (revisionId !== undefined) {
      const current = revisionId === 'INITIAL' ? record.updateDate === undefined : revisionId === record.revisionId;
      if (!current) {
        throw new ConflictException(
          `Failed to publish the State Machine version for revision ${revisionId}. ` +
            `The current State Machine revision is ${record.revisionId}.`,
        );
      }
    }
    const version = await publishVersion(context, record, input.description);
    return { stateMachineVersionArn: version.stateMachineVersionArn, creationDate: new Date(version.creationDate) };
  });
}
