import { replicationSuite } from './replication-suite';

replicationSuite('pglite');
