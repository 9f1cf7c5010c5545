// NetworkPolicies, evaluated per workload: who may reach which port.
// Clients outside the namespace reach the gateway's gRPC port (and a
// monitoring namespace the metrics ports); a service is reached by the
// gateway and by the servers that consume its feed; PostgreSQL by the
// services alone.
import { SERVERS, labelsMatch, setting } from './manifest.mjs';

const ANY_PORT = { from: 0, to: 65535 };

function portRange(w, spec) {
  if (spec?.port === undefined) return ANY_PORT;
  let from = spec.port;
  if (typeof from === 'string') {
    for (const { c } of w.containers) {
      const p = (c.ports ?? []).find((cp) => cp.name === from);
      if (p) from = p.containerPort;
    }
    if (typeof from === 'string') return null; // a name this pod does not have
  }
  return { from, to: spec.endPort ?? from };
}

const covers = (range, port) => range.from <= port && port <= range.to;

function ownNamespaceOnly(selector, namespace) {
  return selector?.matchLabels?.['kubernetes.io/metadata.name'] === namespace;
}

// [{ policy, range, external, sources: [workload] }] for one workload.
function grants(m, w) {
  const out = [];
  for (const p of m.of('NetworkPolicy')) {
    if (p.metadata.namespace !== w.namespace) continue;
    if (!(p.spec.policyTypes ?? ['Ingress']).includes('Ingress')) continue;
    if (!labelsMatch(p.spec.podSelector ?? {}, w.labels)) continue;
    for (const rule of p.spec.ingress ?? []) {
      const ranges = rule.ports?.length ? rule.ports.map((s) => portRange(w, s)).filter(Boolean) : [ANY_PORT];
      const peers = rule.from?.length ? rule.from : [null];
      for (const peer of peers) {
        const nsSelector = peer?.namespaceSelector;
        const external = !peer || !!peer.ipBlock || (!!nsSelector && !ownNamespaceOnly(nsSelector, w.namespace));
        // An empty namespaceSelector takes this namespace too.
        const internal = !peer || (!peer.ipBlock && (!nsSelector || ownNamespaceOnly(nsSelector, w.namespace) ||
          Object.keys(nsSelector).every((k) => Object.keys(nsSelector[k] ?? {}).length === 0)));
        const sources = internal
          ? m.workloads.filter((s) => s.namespace === w.namespace && labelsMatch(peer?.podSelector ?? {}, s.labels))
          : [];
        for (const range of ranges) {
          if (external) out.push({ policy: p.metadata.name, range, external: true, sources: [] });
          if (internal) out.push({ policy: p.metadata.name, range, external: false, sources });
        }
      }
    }
  }
  return out;
}

function databaseHost(url) {
  const m = /^postgres(?:ql)?:\/\/(?:[^@/]*@)?([a-z0-9.-]+)(?::(\d+))?/.exec(url ?? '');
  return m ? { host: m[1], port: Number(m[2] ?? 5432) } : null;
}

export function networkProblems(m) {
  const out = [];
  const policies = m.of('NetworkPolicy');
  const defaultDeny = policies.some(
    (p) => Object.keys(p.spec.podSelector ?? {}).every((k) => Object.keys(p.spec.podSelector[k] ?? {}).length === 0) &&
      (p.spec.policyTypes ?? []).includes('Ingress') && !(p.spec.ingress ?? []).length,
  );
  if (!defaultDeny) out.push('no default-deny ingress NetworkPolicy: every pod not selected by a policy is open to all');

  const partywork = m.workloads.filter((w) => w.containers.some((c) => c.binary));
  const grpcPort = new Map();
  for (const name of SERVERS) {
    const w = m.server(name);
    if (w) grpcPort.set(name, Number(setting(m, w.containers.find((c) => c.server === name), 'PARTYWORK_GRPC_PORT')));
  }
  // Who must reach whom: a server that reads <target>-address calls the target.
  const callers = (target) =>
    m.workloads.filter((w) => w.longRunning && w.containers.some(
      (c) => c.binary && c.mode === 'serve' && m.settings[c.binary].has(`PARTYWORK_${target.toUpperCase()}_ADDRESS`),
    ));
  // Databases: what the partywork containers' database-url names in the namespace.
  const databases = new Map(); // workload -> [{ client, port }]
  for (const w of partywork) {
    for (const c of w.containers.filter((i) => i.binary)) {
      const db = databaseHost(setting(m, c, 'PARTYWORK_DATABASE_URL'));
      const service = db && m.find('Service', db.host, w.namespace);
      if (!service?.spec?.selector) continue;
      const sp = (service.spec.ports ?? []).find((p) => p.port === db.port);
      for (const d of m.workloads.filter((x) => x.longRunning && x.namespace === w.namespace && labelsMatch(service.spec.selector, x.labels))) {
        // The policies speak of the pod's port, which the Service's maps to.
        const port = portRange(d, { port: sp?.targetPort ?? db.port })?.from ?? db.port;
        if (!databases.has(d)) databases.set(d, []);
        databases.get(d).push({ client: w, port });
      }
    }
  }

  for (const w of m.workloads.filter((x) => x.longRunning)) {
    const server = SERVERS.find((s) => m.server(s) === w);
    const info = server && w.containers.find((c) => c.server === server);
    const metrics = info ? Number(setting(m, info, 'PARTYWORK_METRICS_PORT')) : null;
    const grpc = server ? grpcPort.get(server) : null;
    const allowedCallers = server ? callers(server) : [];
    const db = databases.get(w);
    const gs = grants(m, w);
    for (const g of gs) {
      const onlyMetrics = metrics !== null && g.range.from === metrics && g.range.to === metrics;
      if (g.external) {
        const gatewayGrpc = server === 'gateway' && g.range.from === grpc && g.range.to === grpc;
        if (!gatewayGrpc && !onlyMetrics) {
          out.push(`NetworkPolicy ${g.policy}: lets clients outside the namespace reach ${w.id} on ${describe(g.range)}`);
        }
        continue;
      }
      for (const s of g.sources) {
        if (server && server !== 'gateway' && !onlyMetrics && !allowedCallers.includes(s)) {
          out.push(`NetworkPolicy ${g.policy}: lets ${s.id} reach ${w.id} on ${describe(g.range)}, but it is neither the gateway nor a consumer of its feed`);
        }
        if (db && !partywork.includes(s)) {
          out.push(`NetworkPolicy ${g.policy}: lets ${s.id} reach the database ${w.id}, which only partywork's services may`);
        }
      }
    }
    const reaches = (client, port) => gs.some((g) => !g.external && covers(g.range, port) && g.sources.includes(client));
    if (server === 'gateway' && !gs.some((g) => g.external && covers(g.range, grpc))) {
      out.push(`${w.id}: no NetworkPolicy lets clients outside the namespace reach the gateway's gRPC port ${grpc}`);
    }
    for (const caller of allowedCallers) {
      if (caller !== w && !reaches(caller, grpc)) out.push(`${caller.id} cannot reach ${w.id}'s gRPC port ${grpc} through the NetworkPolicies`);
    }
    for (const { client, port } of db ?? []) {
      if (!reaches(client, port)) out.push(`${client.id} cannot reach the database ${w.id} on port ${port} through the NetworkPolicies`);
    }
  }
  return out;
}

function describe(range) {
  if (range === ANY_PORT) return 'every port';
  return range.from === range.to ? `port ${range.from}` : `ports ${range.from}-${range.to}`;
}
