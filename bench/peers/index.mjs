// The peers of the call and throughput cases, by name.
export const PEERS = ["logcrest", "pino", "otel", "winston", "logtape", "wrapper", "floor", "plain"];

export async function loadPeer(name) {
  if (!PEERS.includes(name)) throw new Error(`unknown peer ${name}; known: ${PEERS.join(", ")}`);
  return import(`./${name}.mjs`);
}
