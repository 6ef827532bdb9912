#!/usr/bin/env node
// A VS Code-like LSP client built on vscode-jsonrpc (the library VS Code's language client
// uses), for tests/e2e/lsp_tap_test.py. It spawns the server command given after `--`
// (normally `godiag lsp tap --trace T -- SERVER`) and records exactly the bytes it wrote to the
// child's stdin and the bytes it read from the child's stdout.
//
// Usage:
//   node vscode_client.js [--root DIR] [--open FILE] [--record-sent F] [--record-received F]
//                         [--result F] [--diag-timeout S] [--timeout S]
//                         [--load N [--big K] [--big-min BYTES] [--big-max BYTES]
//                          [--small-max BYTES] [--window W] [--seed S]]
//                         -- COMMAND ARGS...
//
// Session mode (no --load): initialize (rootUri, workspaceFolders, workspace.configuration and
// window.workDoneProgress capabilities) -> initialized -> didOpen FILE -> wait for its
// publishDiagnostics (or --diag-timeout, 20 s) -> hover at 0:0 -> shutdown -> exit; server
// requests are answered like VS Code does.
// Load mode (--load N): initialize -> initialized -> N `$/godiag/ping` notifications and N
// `godiag/echo` requests with random payloads (1 character ... --small-max, plus K payloads of
// --big-min ... --big-max characters) -> every response must echo its params -> shutdown -> exit.
// A server that closes the connection early is reported (result "eof": true); no wait is
// unbounded. The process exits with the child's exit code (128+signal if it was killed),
// or 100 + something on a client-side failure (see FAIL_* below).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { Writable, Transform } = require('stream');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');

const FAIL_USAGE = 2;
const FAIL_CLIENT = 101;  // a step failed (timeout, error response, wrong echo) but the child exited 0
const FAIL_CHILD_HUNG = 124;

// ---------------------------------------------------------------------------------------------
// Command line.

function parseArgs(argv) {
  const opts = {
    root: process.cwd(), open: null, recordSent: null, recordReceived: null, result: null,
    diagTimeout: 20, timeout: 60, load: 0, big: 0, bigMin: 1 << 20, bigMax: 6 << 20,
    smallMax: 2048, window: 256, seed: Date.now() >>> 0, command: [],
  };
  const need = (i) => {
    if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { opts.command = argv.slice(i + 1); break; }
    switch (a) {
      case '--root': opts.root = path.resolve(need(i)); i++; break;
      case '--open': opts.open = need(i); i++; break;
      case '--record-sent': opts.recordSent = need(i); i++; break;
      case '--record-received': opts.recordReceived = need(i); i++; break;
      case '--result': opts.result = need(i); i++; break;
      case '--diag-timeout': opts.diagTimeout = Number(need(i)); i++; break;
      case '--timeout': opts.timeout = Number(need(i)); i++; break;
      case '--load': opts.load = parseInt(need(i), 10); i++; break;
      case '--big': opts.big = parseInt(need(i), 10); i++; break;
      case '--big-min': opts.bigMin = parseInt(need(i), 10); i++; break;
      case '--big-max': opts.bigMax = parseInt(need(i), 10); i++; break;
      case '--small-max': opts.smallMax = parseInt(need(i), 10); i++; break;
      case '--window': opts.window = parseInt(need(i), 10); i++; break;
      case '--seed': opts.seed = parseInt(need(i), 10) >>> 0; i++; break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (opts.command.length === 0) usage('no server command after --');
  return opts;
}

function usage(msg) {
  process.stderr.write(`vscode_client: ${msg}\n` +
    'usage: node vscode_client.js [--root DIR] [--open FILE] [--record-sent F] [--record-received F] ' +
    '[--result F] [--load N [--big K]] -- COMMAND ARGS...\n');
  process.exit(FAIL_USAGE);
}

const log = (msg) => process.stderr.write(`vscode_client: ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Byte recorders: a pass-through in front of the child's stdin, a tee after its stdout.

class RecordingStdin extends Writable {
  constructor(target, file) {
    super({ decodeStrings: true, highWaterMark: 1 << 16 });
    this.target = target;
    this.fd = file ? fs.openSync(file, 'w') : null;
    this.bytes = 0;
  }
  _write(chunk, _encoding, callback) {
    // Recorded exactly as handed to the child's stdin, in order, before the write completes.
    if (this.fd !== null) fs.writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.target.write(chunk, (err) => callback(err || null));
  }
  _final(callback) {
    this.target.end();
    callback();
  }
}

class RecordingStdout extends Transform {
  constructor(file) {
    super({ highWaterMark: 1 << 16 });
    this.fd = file ? fs.openSync(file, 'w') : null;
    this.bytes = 0;
  }
  _transform(chunk, _encoding, callback) {
    if (this.fd !== null) fs.writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

class TimeoutError extends Error {}
class ClosedError extends Error {}

function withTimeout(promise, seconds, what, closed) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what}: no answer within ${seconds} s`)), seconds * 1000);
  });
  const racers = [promise, timeout];
  if (closed) racers.push(closed.then(() => { throw new ClosedError(`${what}: the server closed the connection`); }));
  return Promise.race(racers).finally(() => clearTimeout(timer));
}

function deferred() {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve };
}

// mulberry32: a small seeded PRNG so that a failing load run can be repeated with --seed.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function languageId(file) {
  const ext = path.extname(file).toLowerCase();
  return { '.go': 'go', '.c': 'c', '.h': 'c', '.cc': 'cpp', '.cpp': 'cpp', '.py': 'python' }[ext] || 'plaintext';
}

// ---------------------------------------------------------------------------------------------
// Main.

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const result = {
    mode: opts.load > 0 ? 'load' : 'session', command: opts.command, initialized: false,
    server_name: null, diagnostics: null, diagnostics_seen: false, hover: null, shutdown: false,
    eof: false, errors: [], exit_code: null, signal: null, bytes_sent: 0, bytes_received: 0,
  };

  const child = spawn(opts.command[0], opts.command.slice(1), {
    cwd: opts.root, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = deferred();
  child.on('error', (err) => {
    result.errors.push(`spawn: ${err.message}`);
    exited.resolve({ code: 127, signal: null });
  });
  child.on('exit', (code, signal) => exited.resolve({ code, signal }));
  child.stdin.on('error', (err) => log(`child stdin: ${err.code || err.message}`));

  const sent = new RecordingStdin(child.stdin, opts.recordSent);
  let writeBroken = false;
  sent.on('error', (err) => {
    writeBroken = true;
    log(`writer: ${err.code || err.message}`);
  });
  const received = new RecordingStdout(opts.recordReceived);
  child.stdout.pipe(received);
  const stdoutEnded = deferred();
  received.on('end', () => stdoutEnded.resolve());
  // The reader consumes `received`; 'end' comes once the last byte was delivered to it.

  const logger = {
    error: (m) => log(`jsonrpc error: ${m}`), warn: (m) => log(`jsonrpc warn: ${m}`),
    info: () => {}, log: () => {},
  };
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(received), new rpc.StreamMessageWriter(sent), logger);

  const closed = deferred();
  connection.onClose(() => closed.resolve());
  connection.onError(([err]) => log(`connection error: ${err && err.message}`));

  const rootUri = pathToFileURL(opts.root).href;
  const folders = [{ uri: rootUri, name: path.basename(opts.root) }];
  const openPath = opts.open ? path.resolve(opts.root, opts.open) : null;
  const openUri = openPath ? pathToFileURL(openPath).href : null;
  const diagnosticsFor = deferred();

  // Server -> client requests, answered as VS Code does.
  connection.onRequest('workspace/configuration', (params) => (params.items || []).map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/workspaceFolders', () => folders);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
  connection.onRequest((method) => new rpc.ResponseError(rpc.ErrorCodes.MethodNotFound,
    `Unhandled method ${method}`));
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri === openUri) {
      result.diagnostics = params.diagnostics.length;
      result.diagnostics_seen = true;
      diagnosticsFor.resolve();
    }
  });
  connection.onNotification(() => {});  // window/logMessage, $/progress, ...
  connection.listen();

  let failed = false;
  let closedSeen = false;
  closed.promise.then(() => { closedSeen = true; });
  const step = async (what, fn) => {
    try {
      return await fn();
    } catch (err) {
      let e = err;
      if (!(e instanceof ClosedError) && !(e instanceof TimeoutError) && (writeBroken || closedSeen)) {
        // A write failed because the server end is gone (EPIPE): the reader's EOF follows.
        try {
          await withTimeout(closed.promise, 10, 'the connection to close after a failed write');
          e = new ClosedError(`${what}: the server closed the connection (${err.message})`);
        } catch (_) { /* keep the original error */ }
      }
      if (e instanceof ClosedError) {
        result.eof = true;
      } else {
        failed = true;
      }
      result.errors.push(`${what}: ${e.message}`);
      log(`${what}: ${e.message}`);
      throw e;
    }
  };

  try {
    const init = await step('initialize', () => withTimeout(connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'godiag-test-vscode-jsonrpc', version: '10.0.0' },
      locale: 'en',
      rootPath: opts.root,
      rootUri,
      workspaceFolders: folders,
      capabilities: {
        workspace: {
          configuration: true, workspaceFolders: true, applyEdit: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
        window: { workDoneProgress: true, showMessage: {} },
        general: { positionEncodings: ['utf-16'] },
      },
      initializationOptions: {},
      trace: 'off',
    }), 60, 'initialize', closed.promise));
    result.initialized = true;
    result.server_name = init && init.serverInfo ? init.serverInfo.name : null;
    await step('initialized', () => connection.sendNotification('initialized', {}));

    if (opts.load > 0) {
      await runLoad(connection, opts, result, closed.promise, step);
    } else if (openPath) {
      const text = fs.readFileSync(openPath, 'utf8');
      await step('didOpen', () => connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: openUri, languageId: languageId(openPath), version: 1, text },
      }));
      try {
        await withTimeout(diagnosticsFor.promise, opts.diagTimeout, 'publishDiagnostics', closed.promise);
      } catch (err) {
        if (err instanceof ClosedError) {
          result.eof = true;
          result.errors.push(err.message);
          throw err;
        }
        log(`${err.message} (going on)`);  // Not every server publishes for a clean file.
      }
      // An error response to hover is an answer; a timeout or a closed connection is not.
      result.hover = await step('hover', () => withTimeout(connection.sendRequest('textDocument/hover', {
        textDocument: { uri: openUri }, position: { line: 0, character: 0 },
      }), 30, 'hover', closed.promise).catch((err) => {
        if (err instanceof rpc.ResponseError) return { error: { code: err.code, message: err.message } };
        throw err;
      }));
    }

    await step('shutdown', () => withTimeout(connection.sendRequest('shutdown'), 30, 'shutdown', closed.promise));
    result.shutdown = true;
    await step('exit', () => connection.sendNotification('exit'));
  } catch (err) {
    if (err instanceof ClosedError) {
      result.eof = true;
      if (!result.errors.includes(err.message)) result.errors.push(err.message);
    } else if (!(err instanceof TimeoutError)) {
      failed = true;
      if (!result.errors.length) result.errors.push(String(err && err.stack || err));
    }
  }

  // Like VS Code: close our end once done (or once the server is gone), then wait for the
  // process; kill it if it does not go.
  sent.end();
  let status;
  try {
    status = await withTimeout(exited.promise, opts.timeout, 'server exit');
  } catch (err) {
    result.errors.push(err.message);
    log(`${err.message}; killing it`);
    child.kill('SIGKILL');
    status = await exited.promise;
    failed = true;
    status = { code: FAIL_CHILD_HUNG, signal: null, hung: true };
  }
  try {
    await withTimeout(stdoutEnded.promise, 10, 'end of server stdout');
  } catch (err) {
    result.errors.push(err.message);
    failed = true;
  }
  // The close event arrives asynchronously; record whether it came before the exit.
  result.exit_code = status.code;
  result.signal = status.signal;
  result.bytes_sent = sent.bytes;
  result.bytes_received = received.bytes;
  let code = status.code;
  if (status.signal) code = 128 + (os.constants.signals[status.signal] || 0);
  if (code === 0 && failed) code = FAIL_CLIENT;
  if (opts.result) fs.writeFileSync(opts.result, JSON.stringify(result, null, 1) + '\n');
  // vscode-jsonrpc's partial-message timer and pending promises keep node alive: exit here.
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// Load mode.

async function runLoad(connection, opts, result, closed, step) {
  const rand = prng(opts.seed);
  log(`load: ${opts.load} notifications + ${opts.load} requests, ${opts.big} big payloads, seed ${opts.seed}`);
  // A pool of random text to cut payloads from: ASCII, JSON escapes, 2-, 3- and 4-byte UTF-8.
  const alphabet = [];
  for (let c = 0x20; c < 0x7f; c++) alphabet.push(String.fromCharCode(c));
  alphabet.push('"', '\\', '\n', '\t', '\r', '\u0001', '\u00e9', '\u00fc', '\u20ac', '\u4e2d', '\ud834\udd1e',
    '\ud83d\ude00', '\u2028');
  const poolSize = Math.max(opts.smallMax, opts.big > 0 ? opts.bigMax : 0) + 16;
  const pieces = new Array(4096);
  for (let i = 0; i < pieces.length; i++) {
    let s = '';
    for (let j = 0; j < 64; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
    pieces[i] = s;
  }
  const parts = [];
  let poolLen = 0;
  while (poolLen < poolSize) {
    const p = pieces[Math.floor(rand() * pieces.length)];
    parts.push(p);
    poolLen += p.length;
  }
  const pool = parts.join('');
  const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;
  const payload = (n) => {
    let start = Math.floor(rand() * (pool.length - n - 2));
    if (isLow(pool.charCodeAt(start))) start++;  // never split a surrogate pair
    let end = start + n;
    if (isLow(pool.charCodeAt(end))) end++;
    return pool.slice(start, end);
  };
  // Sizes: log-uniform from 1 to --small-max, so tiny messages dominate; K big ones at random places.
  const smallSize = () => Math.max(1, Math.floor(Math.exp(rand() * Math.log(opts.smallMax))));
  const bigAt = new Set();
  while (bigAt.size < Math.min(opts.big, opts.load)) bigAt.add(Math.floor(rand() * opts.load));

  const stats = { requests: opts.load, notifications: opts.load, big: bigAt.size, sent: 0, responses_ok: 0,
    responses_bad: 0, seed: opts.seed };
  result.load = stats;
  let outstanding = 0;
  let drained = null;
  const pending = new Set();
  const window = Math.max(1, opts.window);
  for (let i = 0; i < opts.load; i++) {
    const big = bigAt.has(i);
    const size = big ? opts.bigMin + Math.floor(rand() * (opts.bigMax - opts.bigMin + 1)) : smallSize();
    const params = { seq: i, data: payload(size) };
    await step('ping', () => connection.sendNotification('$/godiag/ping', { seq: i, data: payload(smallSize()) }));
    outstanding++;
    let sent;
    try {
      sent = connection.sendRequest('godiag/echo', params);
    } catch (err) {
      // vscode-jsonrpc throws synchronously once it has seen the connection close.
      if (/Connection is closed/.test(String(err && err.message))) throw new ClosedError(`echo ${i}: ${err.message}`);
      throw err;
    }
    const p = sent.then((res) => {
      if (res && res.seq === params.seq && res.data === params.data) stats.responses_ok++;
      else {
        stats.responses_bad++;
        if (stats.responses_bad <= 5) log(`echo ${i}: wrong result (${JSON.stringify(res).slice(0, 200)})`);
      }
    }, (err) => {
      stats.responses_bad++;
      if (stats.responses_bad <= 5) log(`echo ${i}: error ${err.message}`);
    }).finally(() => {
      outstanding--;
      pending.delete(p);
      if (drained && outstanding < window) drained.resolve();
    });
    pending.add(p);
    stats.sent = i + 1;
    if (outstanding >= window) {
      drained = deferred();
      await step('echo window', () => withTimeout(drained.promise, 60, `echo responses (at ${i})`, closed));
      drained = null;
    }
  }
  await step('echo responses', () => withTimeout(Promise.all([...pending]), 60, 'the last echo responses', closed));
  if (stats.responses_bad > 0 || stats.responses_ok !== opts.load) {
    throw new Error(`${stats.responses_bad} wrong echo responses, ${stats.responses_ok} of ${opts.load} right`);
  }
}

main().catch((err) => {
  log(`fatal: ${err && err.stack || err}`);
  process.exit(FAIL_CLIENT);
});
