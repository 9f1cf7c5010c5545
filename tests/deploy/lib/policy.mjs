// The rules every rendered overlay must keep (docs/operations.md): pods
// hardened and probed, references resolvable, ports as the binaries listen,
// drain times consistent, migrations beside every server.
import { durationSeconds } from './settings.mjs';
import { SERVERS, labelsMatch, parseAddress, secretKeys, setting } from './manifest.mjs';

function containerProblems(w, info) {
  const out = [];
  const { c } = info;
  const say = (msg) => out.push(`${w.id}: container ${c.name} ${msg}`);
  const podSec = w.spec.securityContext ?? {};
  const sec = c.securityContext ?? {};
  if ((sec.runAsNonRoot ?? podSec.runAsNonRoot) !== true) say('may run as root: runAsNonRoot is not true');
  if ((sec.runAsUser ?? podSec.runAsUser) === 0) say('runs as root: runAsUser is 0');
  if ((sec.runAsGroup ?? podSec.runAsGroup) === 0) say('runs with group root: runAsGroup is 0');
  if (sec.readOnlyRootFilesystem !== true) say('has a writable root filesystem: readOnlyRootFilesystem is not true');
  if (sec.allowPrivilegeEscalation !== false) say('allows privilege escalation: allowPrivilegeEscalation is not false');
  if (sec.privileged === true) say('is privileged');
  if (!(sec.capabilities?.drop ?? []).includes('ALL')) say('keeps capabilities: capabilities.drop lacks ALL');
  if ((sec.capabilities?.add ?? []).length) say(`adds capabilities ${sec.capabilities.add.join(', ')}`);
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (c.resources?.[kind]?.[resource] === undefined) say(`has no ${resource} ${kind.replace(/s$/, '')}`);
    }
  }
  if (w.longRunning && !info.init) {
    for (const probe of ['livenessProbe', 'readinessProbe']) if (!c[probe]) say(`has no ${probe}`);
  }
  return out;
}

function podProblems(w) {
  const out = [];
  if (w.spec.hostNetwork || w.spec.hostPID || w.spec.hostIPC) out.push(`${w.id}: shares the node's namespaces`);
  if (w.spec.automountServiceAccountToken !== false) {
    out.push(`${w.id}: mounts a service account token it does not need (automountServiceAccountToken)`);
  }
  return out;
}

// Every Secret, ConfigMap and ServiceAccount a pod names exists, with the
// keys it names.
function referenceProblems(m, w) {
  const out = [];
  const ns = w.namespace;
  const need = (kind, name, keys, what) => {
    const obj = m.find(kind, name, ns);
    if (!obj) {
      out.push(`${w.id}: ${what} references ${kind} ${name}, which does not exist`);
      return;
    }
    const have = kind === 'Secret' ? secretKeys(obj) : [...Object.keys(obj.data ?? {}), ...Object.keys(obj.binaryData ?? {})];
    for (const key of keys) {
      if (!have.includes(key)) out.push(`${w.id}: ${what} references key ${key} of ${kind} ${name}, which has no such key`);
    }
  };
  for (const info of [...w.containers, ...w.initContainers]) {
    const { c } = info;
    for (const e of c.env ?? []) {
      const s = e.valueFrom?.secretKeyRef;
      if (s && !s.optional) need('Secret', s.name, [s.key], `container ${c.name} env ${e.name}`);
      const cm = e.valueFrom?.configMapKeyRef;
      if (cm && !cm.optional) need('ConfigMap', cm.name, [cm.key], `container ${c.name} env ${e.name}`);
    }
    for (const from of c.envFrom ?? []) {
      if (from.secretRef && !from.secretRef.optional) need('Secret', from.secretRef.name, [], `container ${c.name} envFrom`);
      if (from.configMapRef && !from.configMapRef.optional) need('ConfigMap', from.configMapRef.name, [], `container ${c.name} envFrom`);
    }
    const volumes = new Set([
      ...(w.spec.volumes ?? []).map((v) => v.name),
      ...(w.obj.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name),
    ]);
    for (const mount of c.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) out.push(`${w.id}: container ${c.name} mounts volume ${mount.name}, which the pod does not have`);
    }
  }
  const items = (src) => (src.items ?? []).map((i) => i.key);
  for (const v of w.spec.volumes ?? []) {
    if (v.secret && !v.secret.optional) need('Secret', v.secret.secretName, items(v.secret), `volume ${v.name}`);
    if (v.configMap && !v.configMap.optional) need('ConfigMap', v.configMap.name, items(v.configMap), `volume ${v.name}`);
    for (const src of v.projected?.sources ?? []) {
      if (src.secret && !src.secret.optional) need('Secret', src.secret.name, items(src.secret), `volume ${v.name}`);
      if (src.configMap && !src.configMap.optional) need('ConfigMap', src.configMap.name, items(src.configMap), `volume ${v.name}`);
    }
  }
  const sa = w.spec.serviceAccountName;
  if (sa && sa !== 'default' && !m.find('ServiceAccount', sa, ns)) {
    out.push(`${w.id}: uses ServiceAccount ${sa}, which does not exist`);
  }
  return out;
}

function containerPortNumber(w, port) {
  if (typeof port === 'number') return port;
  for (const { c } of w.containers) {
    const p = (c.ports ?? []).find((cp) => cp.name === port);
    if (p) return p.containerPort;
  }
  return undefined;
}

// What the partywork binaries read: only settings they know, ports as the
// manifests publish them, probes on the gRPC health service, drain times.
function binaryProblems(m, w, info) {
  const out = [];
  const say = (msg) => out.push(`${w.id}: container ${info.c.name} ${msg}`);
  const known = m.settings[info.binary];
  for (const [name, { source }] of info.env) {
    if (name.startsWith('PARTYWORK_') && !known.has(name)) say(`sets ${name} (${source}), which ${info.binary} does not read`);
  }
  if (info.mode === 'migrate') return out;
  if (info.mode !== 'serve') return [...out, `${w.id}: container ${info.c.name} runs unknown mode ${info.mode}`];
  const grpc = Number(setting(m, info, 'PARTYWORK_GRPC_PORT'));
  const metrics = Number(setting(m, info, 'PARTYWORK_METRICS_PORT'));
  const ports = new Map((info.c.ports ?? []).map((p) => [p.name, p.containerPort]));
  if (ports.get('grpc') !== grpc) say(`publishes gRPC port ${ports.get('grpc')} but ${info.binary} listens on ${grpc}`);
  if (ports.get('metrics') !== metrics) say(`publishes metrics port ${ports.get('metrics')} but ${info.binary} serves metrics on ${metrics}`);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const p = info.c[probe];
    if (!p) continue;
    if (!p.grpc) say(`${probe} is not a gRPC health probe`);
    else if (containerPortNumber(w, p.grpc.port) !== grpc) say(`${probe} probes port ${p.grpc.port}, not the gRPC port ${grpc}`);
    else if (p.grpc.service) say(`${probe} asks for service "${p.grpc.service}", not the server as a whole ("")`);
  }
  if (w.annotations['prometheus.io/scrape'] !== 'true') say('is not annotated for scraping (prometheus.io/scrape)');
  if (Number(w.annotations['prometheus.io/port']) !== metrics) {
    say(`is scraped on port ${w.annotations['prometheus.io/port']} but serves metrics on ${metrics}`);
  }
  const drain = durationSeconds(setting(m, info, 'PARTYWORK_DRAIN_DELAY'));
  const grace = durationSeconds(setting(m, info, 'PARTYWORK_SHUTDOWN_GRACE'));
  const period = w.spec.terminationGracePeriodSeconds ?? 30;
  if (!(drain > 0)) say('has no drain-delay: the endpoints would still route calls to a server that refuses them');
  if (!(period > drain + grace)) {
    say(`terminationGracePeriodSeconds ${period} does not exceed drain-delay + shutdown-grace (${drain + grace}s)`);
  }
  // Every backend address resolves to a Service routing to that server's gRPC port.
  for (const [name, { value }] of info.env) {
    const target = /^PARTYWORK_([A-Z]+)_ADDRESS$/.exec(name)?.[1]?.toLowerCase();
    if (!target || !SERVERS.includes(target)) continue;
    const problem = addressProblem(m, w.namespace, value, target);
    if (problem) say(`${name}=${value}: ${problem}`);
  }
  return out;
}

function selectedWorkloads(m, service) {
  return m.workloads.filter(
    (w) => ['Deployment', 'StatefulSet'].includes(w.obj.kind) && w.namespace === service.metadata.namespace &&
      service.spec?.selector && labelsMatch(service.spec.selector, w.labels),
  );
}

function addressProblem(m, namespace, address, target) {
  const parsed = parseAddress(address);
  if (!parsed) return 'is not host:port';
  const service = m.find('Service', parsed.host, namespace);
  if (!service) return `no Service ${parsed.host}`;
  const sp = (service.spec.ports ?? []).find((p) => p.port === parsed.port);
  if (!sp) return `Service ${parsed.host} has no port ${parsed.port}`;
  if (service.spec.clusterIP !== 'None') return `Service ${parsed.host} is not headless: calls would stick to one pod`;
  const server = m.server(target);
  const backs = selectedWorkloads(m, service);
  if (!server || !backs.includes(server) || backs.length !== 1) return `Service ${parsed.host} does not select partywork-${target} alone`;
  const info = server.containers.find((c) => c.server === target);
  const grpc = Number(setting(m, info, 'PARTYWORK_GRPC_PORT'));
  if (containerPortNumber(server, sp.targetPort ?? sp.port) !== grpc) return `does not reach partywork-${target}'s gRPC port ${grpc}`;
  return null;
}

function serviceProblems(m) {
  const out = [];
  for (const service of m.of('Service')) {
    const id = `Service/${service.metadata.name}`;
    if (!service.spec?.selector) continue; // endpoints managed elsewhere
    const backs = selectedWorkloads(m, service);
    if (!backs.length) {
      out.push(`${id}: its selector matches no Deployment or StatefulSet`);
      continue;
    }
    for (const p of service.spec.ports ?? []) {
      for (const w of backs) {
        if (containerPortNumber(w, p.targetPort ?? p.port) === undefined) {
          out.push(`${id}: port ${p.name ?? p.port} targets ${p.targetPort}, which ${w.id} does not publish`);
        }
      }
    }
  }
  for (const name of SERVERS) {
    const server = m.server(name);
    if (!server) {
      out.push(`no Deployment runs partywork-${name} serve`);
      continue;
    }
    const headless = m.of('Service').some(
      (s) => s.spec?.clusterIP === 'None' && selectedWorkloads(m, s).includes(server) &&
        (s.spec.ports ?? []).some((p) => p.name === 'grpc'),
    );
    if (!headless) out.push(`${server.id}: no headless Service with a grpc port selects it`);
    const image = server.containers.find((c) => c.server === name).c.image;
    const job = m.workloads.find(
      (w) => w.obj.kind === 'Job' && w.containers.some((c) => c.server === name && c.mode === 'migrate'),
    );
    if (!job) out.push(`${server.id}: no Job runs partywork-${name} migrate`);
    else if (job.containers.find((c) => c.server === name).c.image !== image) {
      out.push(`${job.id}: migrates with another image than ${server.id} serves`);
    }
  }
  return out;
}

export function workloadProblems(m) {
  const out = [];
  for (const w of m.workloads) {
    out.push(...podProblems(w), ...referenceProblems(m, w));
    for (const info of [...w.containers, ...w.initContainers]) {
      out.push(...containerProblems(w, info));
      if (info.binary) out.push(...binaryProblems(m, w, info));
    }
  }
  return [...out, ...serviceProblems(m)];
}
