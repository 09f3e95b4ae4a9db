import { StatesFailure } from '../../errors/index.js';

/**
 * `States.QueryEvaluationError`: a JSONata expression failed, returned nothing, or returned the
 * wrong type. `location` names the field (AWS's EvaluationFailed `location`), when there is one.
 */
export class QueryEvaluationFailure extends StatesFailure {
  constructor(
    cause: string,
    readonly location?: string,
  ) {
    super('States.QueryEvaluationError', cause);
    this.name = 'QueryEvaluationFailure';
  }
}
