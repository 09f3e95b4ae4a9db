import { join } from 'node:path';
import { describeCliCommands } from './cli-commands-suite.js';

describeCliCommands({
  label: 'a SQLite file',
  databases: (directory) => ({ db: join(directory, 'server.db'), copy: join(directory, 'copy.db') }),
});
