// Preloaded (`node --require`) into a process that must not go online: every outgoing socket
// connection and every fetch() is reported on stderr as "NETWORK:" and fails. Used by the tests
// that prove analysis, check and the language server make no network request unless asked.
const net = require('node:net');
const report = (what) => {
  process.stderr.write(`NETWORK: ${what}\n`);
  return new Error(`network access in a session that must stay offline: ${what}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = args[0] && typeof args[0] === 'object' ? `${args[0].host ?? ''}:${args[0].port ?? args[0].path ?? ''}` : String(args[0]);
  throw report(`socket connect ${target}`);
};
net.Socket.prototype.connect.original = connect;
if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = async (input) => { throw report(`fetch ${String(input && input.url ? input.url : input)}`); };
}
process.stderr.write('no-network guard active\n');
