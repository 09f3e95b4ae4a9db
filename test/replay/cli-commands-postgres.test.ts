import { dropSchemas, testDatabaseUrlFor, uniqueSchema } from '@statefold/store-postgres/testing';
import { describeCliCommands } from './cli-commands-suite.js';

describeCliCommands({
  label: 'a PostgreSQL database',
  databases: () => {
    const schemas = [uniqueSchema('cli'), uniqueSchema('cli_copy')];
    const [db = '', copy = ''] = schemas.map(testDatabaseUrlFor);
    return { db, copy, cleanup: () => dropSchemas(schemas) };
  },
});
