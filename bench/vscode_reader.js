// VS Code's own reader as the anchor: vscode-jsonrpc's StreamMessageReader over a framed
// file, counting messages. Prints {"messages":N,"seconds":S}.
// Usage: node bench/vscode_reader.js FILE   (vscode-jsonrpc from tests/lsp/clients)
const path = require('path');
const fs = require('fs');
const clients = path.join(__dirname, '..', 'tests', 'lsp', 'clients', 'package.json');
const { StreamMessageReader } = require('module').createRequire(clients)('vscode-jsonrpc/node');

const file = process.argv[2];
const start = process.hrtime.bigint();
const reader = new StreamMessageReader(fs.createReadStream(file, { highWaterMark: 65536 }));
let messages = 0;
reader.onError((e) => { console.error(String(e)); });
reader.listen(() => { messages++; });
reader.onClose(() => {
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ messages, seconds }));
  process.exit(0);
});
