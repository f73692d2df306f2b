/** Baseline peer: echoes every byte it reads, nothing else. Prints `PEER_READY <path>`. */
import { createServer } from 'node:net';

const path = process.argv[2]!;
const server = createServer((s) => {
  s.setNoDelay?.(true);
  s.on('data', (d) => s.write(d));
});
server.listen(path, () => process.stdout.write(`PEER_READY unix://${path}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
