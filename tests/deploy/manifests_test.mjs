// The manifest checks pass on deploy/k8s and fail, naming the problem, on
// copies broken in one place each.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments, stringify } from 'yaml';
import { checkTree } from './check_manifests.mjs';
import { repoRoot } from './lib/render.mjs';

const K8S = path.join(repoRoot, 'deploy/k8s');

// Copies deploy/k8s, lets `breakIt` change the copy, returns the problems.
function problemsOfBroken(breakIt) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partywork-broken-'));
  try {
    fs.cpSync(K8S, dir, { recursive: true });
    breakIt(dir);
    return checkTree(dir).problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Edits the YAML documents of one file of the copy.
function editYaml(dir, file, edit) {
  const p = path.join(dir, file);
  const docs = parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJS());
  edit(docs);
  fs.writeFileSync(p, docs.map((d) => stringify(d)).join('---\n'));
}

function editText(dir, file, from, to) {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${file} lacks ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

const kind = (docs, k, name) => docs.find((d) => d.kind === k && d.metadata.name === name);
const container = (docs, k, name) => kind(docs, k, name).spec.template.spec.containers[0];

function assertProblem(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `no problem matches ${pattern}; got:\n${problems.join('\n')}`);
}

test('deploy/k8s renders and passes every check', () => {
  const { problems, overlays, objects } = checkTree(K8S);
  assert.deepEqual(problems, []);
  assert.equal(overlays, 2);
  assert.ok(objects > 60, `only ${objects} objects`);
});

const broken = [
  ['a missing readiness probe', /Deployment\/membership: container membership has no readinessProbe/,
    (d) => editYaml(d, 'base/membership.yaml', (docs) => delete container(docs, 'Deployment', 'membership').readinessProbe)],
  ['a missing liveness probe on PostgreSQL', /StatefulSet\/postgres: container postgres has no livenessProbe/,
    (d) => editYaml(d, 'overlays/dev/postgres.yaml', (docs) => delete container(docs, 'StatefulSet', 'postgres').livenessProbe)],
  ['a root container (runAsUser 0)', /Deployment\/inspection: container inspection runs as root: runAsUser is 0/,
    (d) => editYaml(d, 'base/inspection.yaml', (docs) => { container(docs, 'Deployment', 'inspection').securityContext.runAsUser = 0; })],
  ['a container that may run as root', /Job\/gateway-migrate: container migrate may run as root/,
    (d) => editYaml(d, 'base/gateway.yaml', (docs) => {
      container(docs, 'Job', 'gateway-migrate').securityContext.runAsNonRoot = false;
    })],
  ['a writable root filesystem', /Deployment\/reporting: container reporting has a writable root filesystem/,
    (d) => editYaml(d, 'base/reporting.yaml', (docs) => {
      container(docs, 'Deployment', 'reporting').securityContext.readOnlyRootFilesystem = false;
    })],
  ['a kept capability', /Deployment\/gateway: container gateway keeps capabilities/,
    (d) => editYaml(d, 'base/gateway.yaml', (docs) => {
      container(docs, 'Deployment', 'gateway').securityContext.capabilities.drop = ['NET_RAW'];
    })],
  ['a missing memory limit', /Deployment\/membership: container membership has no memory limit/,
    (d) => editYaml(d, 'base/membership.yaml', (docs) => delete container(docs, 'Deployment', 'membership').resources.limits.memory)],
  ['a dangling Secret key', /env PGPASSWORD references key passwd of Secret membership-database(-[a-z0-9]+)?, which has no such key/,
    (d) => editText(d, 'base/membership.yaml', 'name: membership-database\n                  key: password', 'name: membership-database\n                  key: passwd')],
  ['a dangling Secret', /references Secret partywork-identiti, which does not exist/,
    (d) => editText(d, 'base/gateway.yaml', 'name: partywork-identity', 'name: partywork-identiti')],
  ['a dangling ConfigMap key', /volume initdb references key provision\.bash of ConfigMap postgres-init/,
    (d) => editText(d, 'overlays/dev/postgres.yaml', 'key: provision.sh', 'key: provision.bash')],
  ['a Service selecting nothing', /Service\/reporting: its selector matches no Deployment or StatefulSet/,
    (d) => editYaml(d, 'base/reporting.yaml', (docs) => {
      kind(docs, 'Service', 'reporting').spec.selector['app.kubernetes.io/name'] = 'reportin';
    })],
  ['a gRPC port the binary does not listen on', /publishes gRPC port 50071 but partywork-membership listens on 50061/,
    (d) => editYaml(d, 'base/membership.yaml', (docs) => {
      container(docs, 'Deployment', 'membership').ports[0].containerPort = 50071;
    })],
  ['a probe on the metrics port', /readinessProbe probes port 9062, not the gRPC port 50062/,
    (d) => editYaml(d, 'base/inspection.yaml', (docs) => {
      container(docs, 'Deployment', 'inspection').readinessProbe.grpc.port = 9062;
    })],
  ['a scrape annotation on the wrong port', /is scraped on port 9061 but serves metrics on 9063/,
    (d) => editText(d, 'base/reporting.yaml', 'prometheus.io/port: "9063"', 'prometheus.io/port: "9061"')],
  ['a backend address on the wrong port', /PARTYWORK_MEMBERSHIP_ADDRESS=dns:\/\/\/membership:50062: Service membership has no port 50062/,
    (d) => editText(d, 'base/config/reporting.env', 'dns:///membership:50061', 'dns:///membership:50062')],
  ['a setting the binary does not read', /sets PARTYWORK_DRAIN_DELY \(ConfigMap partywork-common-[a-z0-9]+\), which partywork-gateway does not read/,
    (d) => editText(d, 'base/config/common.env', 'PARTYWORK_DRAIN_DELAY=5s', 'PARTYWORK_DRAIN_DELY=5s')],
  ['a grace period shorter than the drain', /terminationGracePeriodSeconds 12 does not exceed drain-delay \+ shutdown-grace \(15s\)/,
    (d) => editYaml(d, 'base/gateway.yaml', (docs) => {
      kind(docs, 'Deployment', 'gateway').spec.template.spec.terminationGracePeriodSeconds = 12;
    })],
  ['an unknown field', /containers\[0\]\.livenesProbe: unknown field/,
    (d) => editText(d, 'base/membership.yaml', 'livenessProbe:', 'livenesProbe:')],
  ['a value of the wrong type', /schema: \/spec\/backoffLimit must be integer/,
    (d) => editText(d, 'base/membership.yaml', 'backoffLimit: 6', 'backoffLimit: six')],
  ['a server without a migration Job', /Deployment\/inspection: no Job runs partywork-inspection migrate/,
    (d) => editYaml(d, 'base/inspection.yaml', (docs) => {
      container(docs, 'Job', 'inspection-migrate').args = ['serve'];
    })],
  ['a service open to every pod of the namespace', /lets StatefulSet\/postgres reach Deployment\/membership on port 50061/,
    (d) => editYaml(d, 'base/network-policies.yaml', (docs) => {
      kind(docs, 'NetworkPolicy', 'membership-from-gateway-and-reporting').spec.ingress[0].from = [{ podSelector: {} }];
    })],
  ['a service open outside the namespace', /NetworkPolicy reporting-from-gateway: lets clients outside the namespace reach Deployment\/reporting on port 50063/,
    (d) => editYaml(d, 'base/network-policies.yaml', (docs) => {
      delete kind(docs, 'NetworkPolicy', 'reporting-from-gateway').spec.ingress[0].from;
    })],
  ['a feed consumer cut off', /Deployment\/reporting cannot reach Deployment\/inspection's gRPC port 50062/,
    (d) => editYaml(d, 'base/network-policies.yaml', (docs) => {
      const ingress = kind(docs, 'NetworkPolicy', 'inspection-from-its-clients').spec.ingress[0];
      ingress.from = ingress.from.filter((peer) => peer.podSelector.matchLabels['app.kubernetes.io/name'] !== 'reporting');
    })],
  ['no default deny', /no default-deny ingress NetworkPolicy/,
    (d) => editYaml(d, 'base/network-policies.yaml', (docs) => docs.splice(docs.findIndex((x) => x.metadata.name === 'default-deny-ingress'), 1))],
  ['a database open to other pods', /lets StatefulSet\/postgres reach the database StatefulSet\/postgres/,
    (d) => editYaml(d, 'overlays/dev/postgres.yaml', (docs) => {
      kind(docs, 'NetworkPolicy', 'postgres-from-services').spec.ingress[0].from = [{ podSelector: {} }];
    })],
  ['a database open outside the namespace', /lets clients outside the namespace reach StatefulSet\/postgres on port 5432/,
    (d) => editYaml(d, 'overlays/dev/postgres.yaml', (docs) => {
      kind(docs, 'NetworkPolicy', 'postgres-from-services').spec.ingress[0].from = [{ namespaceSelector: {} }];
    })],
  ['a production server without an autoscaler', /prod: Deployment\/gateway: no HorizontalPodAutoscaler scales it/,
    (d) => editYaml(d, 'overlays/prod/autoscaling.yaml', (docs) => docs.splice(docs.findIndex((x) => x.kind === 'HorizontalPodAutoscaler' && x.metadata.name === 'gateway'), 1))],
  ['a dev server with two replicas', /dev: Deployment\/reporting: dev runs one replica, not 2/,
    (d) => editText(d, 'overlays/dev/kustomization.yaml', '  - name: reporting\n    count: 1', '  - name: reporting\n    count: 2')],
  ['a provisioning script that drifted', /provision\.sql differs from deploy\/postgres\/provision\.sql/,
    (d) => fs.appendFileSync(path.join(d, 'overlays/dev/postgres/provision.sql'), '-- drift\n')],
  ['a kustomization naming a missing file', /prod: kubectl kustomize .* failed/,
    (d) => editText(d, 'overlays/prod/kustomization.yaml', '- autoscaling.yaml', '- autoscaling-missing.yaml')],
];

for (const [what, pattern, breakIt] of broken) {
  test(`fails on ${what}`, () => assertProblem(problemsOfBroken(breakIt), pattern));
}
