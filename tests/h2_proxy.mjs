// HTTPS + HTTP/2 in front of the loopback static server, so Lighthouse sees the protocol GitHub
// Pages serves the site with.
//
// Lighthouse's simulated phone network depends on the protocol it observed: over HTTP/1.x it models
// six connections to the origin, each paying its own TCP handshake on a 150 ms round trip; over
// HTTP/2 all requests share one warm connection. The Python test server speaks HTTP/1.0, so without
// this proxy every stylesheet and script of a page would be charged a handshake that the published
// site never pays. Built-in Node modules only; the bytes (gzipped by the server) pass through as is.
//
// Usage: node h2_proxy.mjs UPSTREAM_ORIGIN KEY.pem CERT.pem  -> prints the port it listens on.
import fs from "node:fs";
import http from "node:http";
import http2 from "node:http2";

const [upstream, keyFile, certFile] = process.argv.slice(2);
if (!upstream || !keyFile || !certFile) {
  console.error("usage: node h2_proxy.mjs UPSTREAM_ORIGIN KEY.pem CERT.pem");
  process.exit(2);
}
const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host", "http2-settings",
]);

function forwardable(headers) {
  const result = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(":") && !HOP_BY_HOP.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

const server = http2.createSecureServer({
  key: fs.readFileSync(keyFile),
  cert: fs.readFileSync(certFile),
  allowHTTP1: true,
});
server.on("request", (request, response) => {
  const proxied = http.request(
    upstream + request.url,
    { method: request.method, headers: forwardable(request.headers) },
    (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode, forwardable(upstreamResponse.headers));
      upstreamResponse.pipe(response);
    },
  );
  proxied.on("error", (error) => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end(`proxy error: ${error.message}`);
  });
  request.pipe(proxied);
});
server.on("sessionError", () => {});
server.listen(0, "127.0.0.1", () => {
  console.log(server.address().port);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
