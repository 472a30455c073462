// A small static server for the built site, mounted under a sub-path, as a
// web host or an intranet would serve it. Unknown paths get the site's
// 404.html with status 404; a folder without its final slash is redirected.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function statOrNull(p) {
  try { return await fs.stat(p); } catch { return null; }
}

/**
 * Serve `root` under `base` (which starts and ends with "/") on 127.0.0.1:port
 * (0 = any free port). Resolves to { server, port, origin, url(rel), served }.
 * `served` lists every request: { path, status }.
 */
export async function serve(root, base, port = 0) {
  root = path.resolve(root);
  const served = [];

  async function notFound(res, method) {
    const body = await fs.readFile(path.join(root, '404.html')).catch(() => Buffer.from('Not found'));
    res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
    res.end(method === 'HEAD' ? undefined : body);
    return 404;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let status = 500;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        status = 405;
      } else if (url.pathname + '/' === base) {
        res.writeHead(301, { Location: base + url.search }).end();
        status = 301;
      } else if (!url.pathname.startsWith(base)) {
        status = await notFound(res, req.method);
      } else {
        let rel;
        try { rel = decodeURIComponent(url.pathname.slice(base.length)); } catch { rel = null; }
        let file = rel === null ? null : path.resolve(root, rel);
        if (file === null || rel.includes('\0') || (file !== root && !file.startsWith(root + path.sep))) {
          status = await notFound(res, req.method);
        } else {
          let st = await statOrNull(file);
          if (st?.isDirectory()) {
            if (!url.pathname.endsWith('/')) {
              res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
              status = 301;
              st = null;
              file = null;
            } else {
              file = path.join(file, 'index.html');
              st = await statOrNull(file);
            }
          }
          if (file !== null) {
            if (!st?.isFile()) {
              status = await notFound(res, req.method);
            } else {
              const body = await fs.readFile(file);
              res.writeHead(200, {
                'Content-Type': contentType(file),
                'Content-Length': body.length,
                'Cache-Control': 'no-cache',
              });
              res.end(req.method === 'HEAD' ? undefined : body);
              status = 200;
            }
          }
        }
      }
    } catch (e) {
      if (!res.headersSent) res.writeHead(500).end(String(e));
      status = 500;
    }
    served.push({ path: url.pathname, status });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  const origin = `http://127.0.0.1:${actual}`;
  return {
    server,
    port: actual,
    origin,
    served,
    url: (rel = '') => origin + base + rel,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}
