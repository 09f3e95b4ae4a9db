/** The console's pages, as hash links: the page needs no server routes of its own. */
export const link = {
  stateMachines: () => '#/',
  executions: (stateMachineArn: string) => `#/state-machine/${encodeURIComponent(stateMachineArn)}`,
  execution: (executionArn: string) => `#/execution/${encodeURIComponent(executionArn)}`,
  signIn: () => '#/sign-in',
};
