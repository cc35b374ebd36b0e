// A plain static host for the browser tests: the files of one folder at `/`, a directory
// by its index.html, nothing outside the folder. One copy, shared by the tests that open a
// built site in chromium (sidenotes, cards, checks, shots).
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".jsonld": "application/ld+json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

// Serves `dir` on a free port of 127.0.0.1; resolves to `{ base, close }`, `base` being the
// origin (`http://127.0.0.1:PORT`, no trailing slash).
export async function serveFolder(dir) {
  const root = normalize(dir);
  const server = createServer((req, res) => {
    let file = normalize(join(root, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try { if (statSync(file).isDirectory()) file = join(file, "index.html"); statSync(file); }
    catch { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}
