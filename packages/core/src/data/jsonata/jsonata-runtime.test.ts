import { afterAll, describe, expect, it } from 'vitest';
import { JsonataEvaluations, JsonataPending } from './jsonata-evaluations.js';
import { JsonataRuntime, type JsonataRequest } from './jsonata-runtime.js';

const runtime = new JsonataRuntime({ uuid: '<:s>' }, { timeoutMs: 1_500, memoryLimitMb: 64, maxValueBytes: 1_000 });
afterAll(() => runtime.close());

function request(expression: string, functions: JsonataRequest['functions'] = {}): JsonataRequest {
  return { template: `{% ${expression} %}`, field: 'Output', states: {}, variables: {}, nowMillis: 0, functions };
}

const RECURSION = '($f := function($n) { $f($n + 1) + 1 }; $f(0))';
const ENDLESS = '($f := function($n) { $n < 0 ? $n : $f($n + 1) }; $count([1..1000000]) + $f(0))';

describe('JsonataRuntime', () => {
  it('fails an expression that exhausts its memory, and lives on to evaluate the next one', () => {
    const outcome = runtime.evaluate(request("$pad('', 150000000, 'x')"));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'memory', limitMb: 64, field: 'Output' } });
    expect(runtime.evaluate(request('1 + 1'))).toEqual({ ok: true, value: 2 });
  });

  it('refuses a result larger than its value bound before it leaves the evaluator', () => {
    expect(runtime.evaluate(request("$pad('', 900, 'x')")).ok).toBe(true);
    expect(runtime.evaluate(request("$pad('', 1001, 'x')"))).toMatchObject({ failure: { kind: 'too-large' } });
  });

  it('refuses a function argument larger than its value bound', () => {
    const outcome = runtime.evaluate(request("$uuid($pad('', 2000, 'x'))", { uuid: () => 'u' }));
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'error' } });
  });

  it('fails an endless recursion within its bounds, and lives on', () => {
    const outcome = runtime.evaluate(request(RECURSION));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(['error', 'memory', 'timeout']).toContain(outcome.failure.kind);
    expect(runtime.evaluate(request('1 + 1'))).toEqual({ ok: true, value: 2 });
  });

  it('fails an expression that outlives its time bound', () => {
    expect(runtime.evaluate(request(ENDLESS))).toMatchObject({
      ok: false,
      failure: { kind: 'timeout', timeoutMs: 1_500 },
    });
  });

  it('hands a long evaluation off instead of blocking, and answers the next run of decide from its record', async () => {
    const evaluations = new JsonataEvaluations();
    const drawn: string[] = [];
    const functions = { uuid: () => `u${drawn.push('u')}` };
    const slow = request('($uuid(); $count([1..3000000]); $uuid())', functions);
    const before = performance.now();
    let pending: unknown;
    try {
      runtime.evaluate(slow, evaluations);
    } catch (error) {
      pending = error;
    }
    expect(performance.now() - before).toBeLessThan(1_000);
    expect(pending).toBeInstanceOf(JsonataPending);
    await (pending as JsonataPending).answered;
    evaluations.rewind();
    expect(runtime.evaluate(slow, evaluations)).toEqual({ ok: true, value: 'u2' });
    // The calls the expression made are made again, so their draws are recorded on the new run.
    expect(drawn).toEqual(['u', 'u', 'u', 'u']);
  });
});
