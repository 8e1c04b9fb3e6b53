/**
 * A child process for the process-guard test: installs the server's guard, then fails the way a
 * forgotten background task would (a rejected promise with no handler, a throw from a timer),
 * and answers HTTP afterwards to show it is still serving.
 */
import { createServer } from 'node:http';
import { guardProcess } from '../../../sync-server/process-guard';

guardProcess((message, { err }) => console.error(`${message}: ${err instanceof Error ? err.message : String(err)}`));
void Promise.reject(new Error('background task failed'));
setTimeout(() => {
  throw new Error('timer callback threw');
}, 0);
setTimeout(() => {
  const server = createServer((_req, res) => res.end('still serving'));
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
  });
}, 10);
