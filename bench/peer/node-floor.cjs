// Node's floor for the start-up figure: the least a Node.js exporter can do, a bare node:http server
// answering `ufo_up 1` on every path. CommonJS and `require`, so no ES loader or module facade adds
// to it. Usage: node node-floor.cjs <host:port>
'use strict';
const http = require('node:http');

const address = process.argv[2] ?? '';
const colon = address.lastIndexOf(':');
const port = Number(address.slice(colon + 1));
if (colon < 1 || !Number.isInteger(port)) {
  process.stderr.write(`node-floor: expected <host:port>, got "${address}"\n`);
  process.exit(2);
}
http.createServer((_req, res) => res.end('ufo_up 1\n')).listen(port, address.slice(0, colon));
