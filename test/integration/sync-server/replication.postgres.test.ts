import { replicationSuite } from './replication-suite';

replicationSuite('postgres');
