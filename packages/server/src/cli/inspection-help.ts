/** The inspection commands, for `statefold --help`. */
export const INSPECTION_HELP = `  history       Print an execution's history as a timeline, or follow a running one
  inspect       Print an execution's state at any event
  replay        Replay a history against a (possibly edited) definition; report divergence
  verify        Check the audit hash chains of stored executions
  export        Write executions as JSON Lines with their hashes
  import        Read an export back into a SQLite file
  executions    List executions, newest first
`;
