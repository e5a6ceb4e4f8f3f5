// A private clickhouse-server for tests and the bench: bound to 127.0.0.1 on free ports,
// data under a fresh temporary directory, its own users.xml (optionally with a password).
// The system service's config and data (/etc/clickhouse-server, /var/lib/clickhouse) are
// only read from, never used. No server binary: this throws, loudly; the tests never skip.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CANDIDATES = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server", "/usr/bin/clickhouse"];

export function clickhouseBinary() {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(
      "clickhouse-server is not installed: the ClickHouse tests need a real server. " +
        "Install Debian's package: apt-get update && apt-get install -y clickhouse-server (.ci/run does this).",
    );
  }
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const xmlEscape = (s) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function configXml(dir, httpPort, tcpPort) {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
</yandex>
`;
}

function usersXml(password) {
  return `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password>${xmlEscape(password)}</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
}

async function ping(origin, deadline) {
  for (;;) {
    try {
      const res = await fetch(`${origin}/ping`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`clickhouse-server at ${origin} did not answer /ping in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts a server. Returns { url, origin, password, dir, query(sql), kill(), start(), stop() }.
 * `url` carries no credentials; pass `password` to the handler.
 */
export async function startClickHouse({ password = "", startTimeoutMs = 30_000 } = {}) {
  const bin = clickhouseBinary();
  const dir = mkdtempSync(join(tmpdir(), "logcrest-clickhouse-"));
  for (const sub of ["data", "tmp", "user_files", "format_schemas"]) mkdirSync(join(dir, sub));
  const httpPort = await freePort();
  const tcpPort = await freePort();
  writeFileSync(join(dir, "config.xml"), configXml(dir, httpPort, tcpPort));
  writeFileSync(join(dir, "users.xml"), usersXml(password));
  const origin = `http://127.0.0.1:${httpPort}`;
  let child;
  let stderr = "";

  async function start() {
    const args = bin.endsWith("/clickhouse") ? ["server", `--config-file=${dir}/config.xml`] : [`--config-file=${dir}/config.xml`];
    child = spawn(bin, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    const exited = new Promise((_, reject) =>
      child.once("exit", (code, signal) => reject(new Error(`clickhouse-server exited (${code ?? signal}) while starting: ${stderr}`))),
    );
    await Promise.race([ping(origin, Date.now() + startTimeoutMs), exited]);
    exited.catch(() => {});
  }

  function waitExit(signal) {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const done = new Promise((r) => child.once("exit", r));
    child.kill(signal);
    return done;
  }

  async function query(sql, body = "", extra = "") {
    const auth = `Basic ${Buffer.from(`default:${password}`).toString("base64")}`;
    const send = () => fetch(`${origin}/?query=${encodeURIComponent(sql)}${extra}`, { method: "POST", body, headers: { Authorization: auth } });
    // fetch reuses kept-alive sockets, which the server closes after 3 s idle: one retry
    const res = await send().catch(() => send());
    const text = await res.text();
    if (!res.ok) throw new Error(`ClickHouse: ${text}`);
    return text;
  }

  await start();
  return {
    url: origin,
    origin,
    password,
    dir,
    query,
    /** Rows of a SELECT, as objects (64-bit integers as numbers). */
    async rows(sql) {
      const text = await query(`${sql} FORMAT JSONEachRow`, "", "&output_format_json_quote_64bit_integers=0");
      return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
    },
    /** SIGKILL: the server dies at once, mid-request. */
    kill: () => waitExit("SIGKILL"),
    /** Starts it again on the same port and data. */
    start,
    /** SIGTERM and remove the data directory. */
    async stop() {
      await waitExit("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
