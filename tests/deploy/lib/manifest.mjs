// An index over the rendered objects of one overlay: workloads, their pods'
// labels and containers, and what the partywork binaries in them read.
import { binarySettings } from './settings.mjs';

export const SERVERS = ['membership', 'inspection', 'reporting', 'gateway'];
const WORKLOAD_KINDS = {
  Deployment: (o) => o.spec?.template,
  StatefulSet: (o) => o.spec?.template,
  DaemonSet: (o) => o.spec?.template,
  Job: (o) => o.spec?.template,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template,
};
const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export function labelsMatch(selector, labels) {
  if (!selector) return false;
  const matchLabels = selector.matchLabels ?? (selector.matchExpressions ? {} : selector);
  for (const [k, v] of Object.entries(matchLabels)) if (labels?.[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = labels && Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels?.[e.key];
    if (e.operator === 'In' && !(has && e.values.includes(value))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(value)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export class Manifest {
  constructor(objects, settings = binarySettings()) {
    this.objects = objects;
    this.settings = settings;
    this.workloads = [];
    for (const obj of objects) {
      const template = WORKLOAD_KINDS[obj.kind]?.(obj);
      if (!template) continue;
      const spec = template.spec ?? {};
      this.workloads.push({
        obj,
        id: `${obj.kind}/${obj.metadata.name}`,
        namespace: obj.metadata.namespace,
        longRunning: LONG_RUNNING.has(obj.kind),
        labels: template.metadata?.labels ?? {},
        annotations: template.metadata?.annotations ?? {},
        spec,
        containers: (spec.containers ?? []).map((c) => this.#describe(obj, spec, c, false)),
        initContainers: (spec.initContainers ?? []).map((c) => this.#describe(obj, spec, c, true)),
      });
    }
  }

  of(kind) {
    return this.objects.filter((o) => o.kind === kind);
  }

  find(kind, name, namespace) {
    return this.objects.find(
      (o) => o.kind === kind && o.metadata?.name === name && o.metadata?.namespace === namespace,
    );
  }

  // The workload running `partywork-<server> serve`.
  server(name) {
    return this.workloads.find(
      (w) => w.obj.kind === 'Deployment' && w.containers.some((c) => c.server === name && c.mode === 'serve'),
    );
  }

  #describe(obj, podSpec, c, init) {
    const binary = (c.command?.[0] ?? '').split('/').pop();
    const server = /^partywork-([a-z]+)$/.exec(binary)?.[1];
    const known = server && this.settings[binary];
    const info = { c, init, binary: known ? binary : null, server: known ? server : null };
    if (!known) return info;
    info.mode = c.args?.[0] ?? 'serve';
    info.env = this.#environment(obj.metadata.namespace, c);
    return info;
  }

  // The value of each PARTYWORK_* variable the container gets, its source,
  // over the binary's defaults (a value from a Secret is "<secret>").
  #environment(namespace, c) {
    const env = new Map();
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) {
        const cm = this.find('ConfigMap', from.configMapRef.name, namespace);
        for (const [k, v] of Object.entries(cm?.data ?? {})) {
          env.set((from.prefix ?? '') + k, { value: v, source: `ConfigMap ${from.configMapRef.name}` });
        }
      }
      if (from.secretRef) {
        const secret = this.find('Secret', from.secretRef.name, namespace);
        for (const k of secretKeys(secret)) {
          env.set((from.prefix ?? '') + k, { value: '<secret>', source: `Secret ${from.secretRef.name}` });
        }
      }
    }
    for (const e of c.env ?? []) {
      env.set(e.name, { value: e.value ?? '<secret>', source: 'env' });
    }
    return env;
  }
}

export function secretKeys(secret) {
  return [...Object.keys(secret?.data ?? {}), ...Object.keys(secret?.stringData ?? {})];
}

// A setting's effective value for a partywork container.
export function setting(manifest, container, envVar) {
  return container.env.get(envVar)?.value ?? manifest.settings[container.binary].get(envVar);
}

// "dns:///membership:50061", "membership:50061" -> { host, port }
export function parseAddress(address) {
  const m = /^(?:dns:\/\/\/)?([a-z0-9.-]+):(\d+)$/.exec(address ?? '');
  return m ? { host: m[1], port: Number(m[2]) } : null;
}
