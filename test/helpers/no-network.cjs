// Preloaded with NODE_OPTIONS=--require into a process under test: every way
// to reach the network throws, and every attempt and every thread this file
// was loaded into is recorded in $IDREDACT_NETLOG, even if the error is caught.
'use strict';
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

const log = process.env.IDREDACT_NETLOG;
const record = (line) => {
  if (log) fs.appendFileSync(log, `${line}\n`);
};
record(`loaded pid=${process.pid} thread=${threadId} main=${isMainThread}`);

const refuse = (what) =>
  function refused() {
    record(`VIOLATION ${what} pid=${process.pid} thread=${threadId}`);
    throw new Error(`network use refused by test guard: ${what}`);
  };

const net = require('node:net');
net.Socket.prototype.connect = refuse('net.Socket.connect');
net.connect = refuse('net.connect');
net.createConnection = refuse('net.createConnection');
const tls = require('node:tls');
tls.connect = refuse('tls.connect');
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService']) {
  dns[name] = refuse(`dns.${name}`);
  if (dns.promises[name]) dns.promises[name] = refuse(`dns.promises.${name}`);
}
const dgram = require('node:dgram');
dgram.createSocket = refuse('dgram.createSocket');
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = refuse(`${mod}.request`);
  m.get = refuse(`${mod}.get`);
}
globalThis.fetch = refuse('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = refuse('WebSocket');
