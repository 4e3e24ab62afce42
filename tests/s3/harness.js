'use strict';
/*
 * S3 test harness: s3rver 3.7.1 on 127.0.0.1 behind a verifying front end.
 *
 * s3rver does not verify SigV4 signatures, payload hashes, checksums or
 * If-None-Match, and may answer a PUT before the object is on disk. The
 * front end (Node built-ins only: http, crypto) does all of that itself for
 * every request before forwarding it, waits until a PUT object is really
 * stored, and injects faults on demand through a control port:
 *
 *   POST /faults  {"status":500,"code":"InternalError","count":2,"methods":["PUT"]}
 *                 {"delay_ms":3000,"count":1}   {"corrupt":1}   {"drop":1}
 *                 {"lose":1}  (performs the request, then drops the answer)
 *   POST /stop    {"restart_after_ms":1500}   (closes the S3 port: connection refused)
 *   POST /start   POST /reset   GET /stats
 *
 * Usage: node harness.js --dir DIR [--bucket NAME] [--secret S] [--session-token T]
 *                        [--list-page-size N]
 * With --session-token a request that carries x-amz-security-token must
 * carry that token, signed. --list-page-size makes ListObjectsV2 pages of N
 * keys (added as max-keys when forwarding) so pagination is exercised.
 * Prints one line "READY <s3 port> <control port>" when both listen.
 * node harness.js --self-test checks the SigV4 code against the example AWS
 * publishes (GET /test.txt of examplebucket, AKIAIOSFODNN7EXAMPLE).
 */
const crypto = require('crypto');
const http = require('http');
const path = require('path');

const sha256hex = (b) => crypto.createHash('sha256').update(b).digest('hex');
const hmac = (key, s) => crypto.createHmac('sha256', key).update(s).digest();

/* ------------------------------------------------------------ SigV4 */

// RFC 3986 unreserved characters stay, everything else is %XX upper-case.
function awsEncode(s, keepSlash) {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return null;
  }
}

function canonicalUri(rawPath) {
  const segs = rawPath.split('/').map((seg) => {
    const d = decode(seg);
    return d === null ? seg : awsEncode(d, false);
  });
  return segs.join('/') || '/';
}

function canonicalQuery(rawQuery) {
  if (!rawQuery) return '';
  const pairs = rawQuery.split('&').filter((p) => p.length).map((p) => {
    const i = p.indexOf('=');
    const k = i < 0 ? p : p.slice(0, i);
    const v = i < 0 ? '' : p.slice(i + 1);
    return [awsEncode(decode(k) ?? k, false), awsEncode(decode(v) ?? v, false)];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => k + '=' + v).join('&');
}

// Header values by lower-case name, from rawHeaders (repeats joined by ',').
function headerMap(rawHeaders) {
  const m = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const k = rawHeaders[i].toLowerCase();
    const v = rawHeaders[i + 1].trim().replace(/\s+/g, ' ');
    m[k] = k in m ? m[k] + ',' + v : v;
  }
  return m;
}

function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

/* Returns {canonicalRequest, stringToSign, signature} of a request. */
function sign({ method, rawPath, rawQuery, headers, signedHeaders, payloadHash, amzDate, scope, secret }) {
  const canonicalHeaders = signedHeaders.map((h) => h + ':' + (headers[h] ?? '') + '\n').join('');
  const canonicalRequest = [method, canonicalUri(rawPath), canonicalQuery(rawQuery), canonicalHeaders,
    signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const [date, region, service] = scope.split('/');
  const signature = hmac(signingKey(secret, date, region, service), stringToSign).toString('hex');
  return { canonicalRequest, stringToSign, signature };
}

/* The example of the AWS SigV4 documentation ("Signature Calculations for the
 * Authorization Header", Example: GET Object). */
const AWS_EXAMPLE = {
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  canonicalRequestHash: '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
  signature: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
    'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
    'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
};

function selfTest() {
  const empty = sha256hex('');
  const r = sign({
    method: 'GET', rawPath: '/test.txt', rawQuery: '',
    headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9',
      'x-amz-content-sha256': empty, 'x-amz-date': '20130524T000000Z' },
    signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
    payloadHash: empty, amzDate: '20130524T000000Z', scope: '20130524/us-east-1/s3/aws4_request',
    secret: AWS_EXAMPLE.secret,
  });
  let failed = 0;
  const check = (ok, what) => {
    console.log((ok ? 'PASS ' : 'FAIL ') + what);
    if (!ok) failed++;
  };
  check(sha256hex(r.canonicalRequest) === AWS_EXAMPLE.canonicalRequestHash,
    'canonical request hash of the AWS GET-object example');
  check(r.signature === AWS_EXAMPLE.signature, 'signature of the AWS GET-object example');
  // and the verifier accepts the published Authorization header and refuses a changed one
  const parsed = parseAuthorization(AWS_EXAMPLE.authorization);
  check(parsed && parsed.signature === AWS_EXAMPLE.signature && parsed.signedHeaders.length === 4,
    'the published Authorization header parses');
  check(canonicalQuery('prefix=a%2Fb&list-type=2&continuation-token=x%3D') ===
    'continuation-token=x%3D&list-type=2&prefix=a%2Fb', 'canonical query: decoded, re-encoded, sorted');
  console.log(`RESULT ${4 - failed} ${failed} sigv4-example`);
  process.exit(failed ? 1 : 0);
}

function parseAuthorization(h) {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/.exec(h || '');
  if (!m) return null;
  const parts = {};
  for (const p of m[1].split(/\s*,\s*/)) {
    const i = p.indexOf('=');
    if (i > 0) parts[p.slice(0, i).trim()] = p.slice(i + 1).trim();
  }
  if (!parts.Credential || !parts.SignedHeaders || !parts.Signature) return null;
  const cred = parts.Credential.split('/');
  if (cred.length !== 5) return null;
  return { accessKey: cred[0], scope: cred.slice(1).join('/'), date: cred[1], region: cred[2],
    service: cred[3], terminal: cred[4], signedHeaders: parts.SignedHeaders.split(';'),
    signature: parts.Signature };
}

/* ------------------------------------------------------------ harness */

function args() {
  const a = { dir: null, bucket: 'linreg-test', accessKey: 'S3RVER', secret: 'S3RVER', region: 'us-east-1',
    sessionToken: null };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '--self-test') a.selfTest = true;
    else if (v[i] === '--dir') a.dir = v[++i];
    else if (v[i] === '--bucket') a.bucket = v[++i];
    else if (v[i] === '--secret') a.secret = v[++i];
    else if (v[i] === '--session-token') a.sessionToken = v[++i];
    else if (v[i] === '--list-page-size') a.listPageSize = +v[++i];
  }
  return a;
}

function xmlError(res, status, code, message) {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const opt = args();
  if (opt.selfTest) return selfTest();
  const S3rver = require(path.join(__dirname, 'node_modules', 's3rver'));
  const upstream = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: opt.dir,
    configureBuckets: [{ name: opt.bucket }] });
  const up = await upstream.run();
  const upPort = up.port;

  const stats = { requests: 0, byMethod: {}, rejected: {}, forwarded: 0, lastAuthorization: null, log: [] };
  let faults = [];
  const keyLocks = new Map();

  function takeFault(method, kind) {
    for (const f of faults) {
      if (f.count > 0 && f.kind === kind && (!f.methods || f.methods.includes(method))) {
        f.count--;
        return f;
      }
    }
    return null;
  }

  function upstreamRequest(method, rawUrl, headers, body) {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: upPort, method, path: rawUrl, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  // s3rver accepts any V4 signature of a known key: the front end's own
  // requests carry a syntactically valid header for S3RVER.
  const internalAuth = () => {
    const now = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    return {
      authorization: `AWS4-HMAC-SHA256 Credential=S3RVER/${now.slice(0, 8)}/us-east-1/s3/aws4_request, ` +
        'SignedHeaders=host, Signature=0', 'x-amz-date': now, 'x-amz-content-sha256': sha256hex(''),
    };
  };

  async function exists(rawPath) {
    const r = await upstreamRequest('HEAD', rawPath, internalAuth(), undefined);
    if (r.status !== 200 && r.status !== 404) throw new Error(`HEAD ${rawPath} upstream: HTTP ${r.status}`);
    return r.status === 200 ? r : null;
  }

  function reject(res, status, code, message) {
    stats.rejected[code] = (stats.rejected[code] || 0) + 1;
    stats.log.push({ status, code, message });
    xmlError(res, status, code, message);
  }

  function verify(req, body) {
    const headers = headerMap(req.rawHeaders);
    const auth = parseAuthorization(headers.authorization);
    stats.lastAuthorization = headers.authorization || null;
    if (!auth) return [403, 'AccessDenied', 'missing or malformed AWS4-HMAC-SHA256 Authorization header'];
    if (auth.accessKey !== opt.accessKey) {
      return [403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'];
    }
    for (const h of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
      if (!auth.signedHeaders.includes(h)) return [403, 'AccessDenied', `header ${h} is not signed`];
    }
    for (const h of auth.signedHeaders) {
      if (!(h in headers)) return [403, 'AccessDenied', `signed header ${h} is missing`];
    }
    const amzDate = headers['x-amz-date'];
    const t = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate || '');
    if (!t) return [403, 'AccessDenied', 'malformed x-amz-date'];
    const when = Date.UTC(+t[1], +t[2] - 1, +t[3], +t[4], +t[5], +t[6]);
    if (Math.abs(Date.now() - when) > 15 * 60 * 1000) {
      return [403, 'RequestTimeTooSkewed', 'The difference between the request time and the server\'s time is too large.'];
    }
    if (auth.date !== amzDate.slice(0, 8) || auth.region !== opt.region || auth.service !== 's3' ||
        auth.terminal !== 'aws4_request') {
      return [403, 'SignatureDoesNotMatch', `credential scope ${auth.scope} does not match ${amzDate.slice(0, 8)}/${opt.region}/s3/aws4_request`];
    }
    const payloadHash = headers['x-amz-content-sha256'];
    if (payloadHash !== sha256hex(body)) {
      return [400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.'];
    }
    if ('x-amz-security-token' in headers) {
      if (headers['x-amz-security-token'] !== opt.sessionToken || !auth.signedHeaders.includes('x-amz-security-token')) {
        return [403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.'];
      }
    }
    const q = req.url.indexOf('?');
    const rawPath = q < 0 ? req.url : req.url.slice(0, q);
    const rawQuery = q < 0 ? '' : req.url.slice(q + 1);
    const { signature } = sign({ method: req.method, rawPath, rawQuery, headers, signedHeaders: auth.signedHeaders,
      payloadHash, amzDate, scope: auth.scope, secret: opt.secret });
    if (signature !== auth.signature) {
      return [403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'];
    }
    if ('x-amz-checksum-sha256' in headers &&
        headers['x-amz-checksum-sha256'] !== crypto.createHash('sha256').update(body).digest('base64')) {
      return [400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.'];
    }
    if ('content-md5' in headers &&
        headers['content-md5'] !== crypto.createHash('md5').update(body).digest('base64')) {
      return [400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.'];
    }
    return null;
  }

  async function handle(req, res, body) {
    stats.requests++;
    stats.byMethod[req.method] = (stats.byMethod[req.method] || 0) + 1;
    const delay = takeFault(req.method, 'delay');
    if (delay) await sleep(delay.delay_ms);
    if (takeFault(req.method, 'drop')) {
      req.socket.destroy();
      return;
    }
    const err = takeFault(req.method, 'status');
    if (err) return reject(res, err.status, err.code || 'InternalError', 'injected fault');
    const bad = verify(req, body);
    if (bad) return reject(res, ...bad);

    const q = req.url.indexOf('?');
    const rawPath = q < 0 ? req.url : req.url.slice(0, q);
    const isObject = rawPath.split('/').filter((s) => s.length).length >= 2;
    const headers = { ...req.headers };
    delete headers.connection;
    delete headers['if-none-match'];
    delete headers.expect;
    const lockKey = isObject ? rawPath : null;
    // one writer per key at a time, so If-None-Match is honoured atomically
    const previous = lockKey ? keyLocks.get(lockKey) || Promise.resolve() : Promise.resolve();
    let release;
    const mine = new Promise((r) => { release = r; });
    if (lockKey) keyLocks.set(lockKey, previous.then(() => mine));
    await previous;
    try {
      if (req.method === 'PUT' && isObject && (req.headers['if-none-match'] || '').trim() === '*' &&
          await exists(rawPath)) {
        return reject(res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
      }
      let upUrl = req.url;
      if (opt.listPageSize && !isObject && req.method === 'GET' && /[?&]list-type=2/.test(upUrl) &&
          !/[?&]max-keys=/.test(upUrl)) upUrl += '&max-keys=' + opt.listPageSize;
      const up = await upstreamRequest(req.method, upUrl, headers, body);
      stats.forwarded++;
      if (req.method === 'PUT' && isObject && up.status === 200) {
        // s3rver may answer before the object is stored: wait until it is.
        const etag = '"' + crypto.createHash('md5').update(body).digest('hex') + '"';
        for (let i = 0; i < 200; i++) {
          const h = await exists(rawPath);
          if (h && h.headers.etag === etag) break;
          await sleep(10);
        }
      }
      if (takeFault(req.method, 'lose')) {
        req.socket.destroy();
        return;
      }
      let out = up.body;
      if (req.method === 'GET' && isObject && up.status === 200 && out.length > 10 && takeFault('GET', 'corrupt')) {
        out = Buffer.from(out);
        let i = Math.max(out.indexOf('"rss"'), 0);
        while (i < out.length && !(out[i] >= 0x31 && out[i] <= 0x39)) i++;
        if (i < out.length) out[i] = out[i] === 0x31 ? 0x32 : 0x31; // one digit changed: still valid JSON
      }
      const h = { ...up.headers };
      delete h['transfer-encoding'];
      delete h.connection;
      h['content-length'] = out.length;
      res.writeHead(up.status, h);
      res.end(req.method === 'HEAD' ? undefined : out);
      stats.log.push({ method: req.method, url: req.url, status: up.status });
    } finally {
      release();
    }
  }

  const sockets = new Set();
  let front = null;
  let frontPort = 0;
  function startFront(port) {
    return new Promise((resolve) => {
      front = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => handle(req, res, Buffer.concat(chunks)).catch((e) => {
          if (!res.headersSent) xmlError(res, 500, 'InternalError', 'harness: ' + e.message);
        }));
      });
      front.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
      front.listen(port, '127.0.0.1', () => { frontPort = front.address().port; resolve(); });
    });
  }
  function stopFront() {
    return new Promise((resolve) => {
      if (!front) return resolve();
      front.close(() => resolve());
      for (const s of sockets) s.destroy();
      front = null;
    });
  }
  await startFront(0);

  const control = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      let body = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
      } catch (e) {
        res.writeHead(400);
        return res.end('bad JSON');
      }
      const reply = (obj) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.url === '/faults') {
        const f = { count: body.count ?? 1, methods: body.methods };
        if ('status' in body) Object.assign(f, { kind: 'status', status: body.status, code: body.code });
        else if ('delay_ms' in body) Object.assign(f, { kind: 'delay', delay_ms: body.delay_ms });
        else if ('corrupt' in body) Object.assign(f, { kind: 'corrupt', count: body.corrupt });
        else if ('drop' in body) Object.assign(f, { kind: 'drop', count: body.drop });
        else if ('lose' in body) Object.assign(f, { kind: 'lose', count: body.lose });
        faults.push(f);
        return reply({ ok: true });
      }
      if (req.url === '/stop') {
        await stopFront();
        if (body.restart_after_ms) setTimeout(() => startFront(frontPort), body.restart_after_ms);
        return reply({ ok: true });
      }
      if (req.url === '/start') {
        if (!front) await startFront(frontPort);
        return reply({ ok: true });
      }
      if (req.url === '/reset') {
        faults = [];
        Object.assign(stats, { requests: 0, byMethod: {}, rejected: {}, forwarded: 0, log: [] });
        return reply({ ok: true });
      }
      if (req.url === '/stats') {
        stats.log = stats.log.slice(-50);
        return reply(stats);
      }
      res.writeHead(404);
      res.end();
    });
  });
  control.listen(0, '127.0.0.1', () => {
    console.log(`READY ${frontPort} ${control.address().port}`);
  });
  const shutdown = async () => {
    await stopFront();
    control.close();
    await upstream.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e) => {
  console.error('harness failed: ' + (e.stack || e));
  process.exit(1);
});
