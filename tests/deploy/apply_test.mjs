// deploy/k8s/apply runs the migrations before the servers roll out: its
// three label selectors split every rendered object into exactly one step,
// with what a Job needs before it, and it calls kubectl in that order.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { kubectl, overlays, preparedCopy, render, repoRoot } from './lib/render.mjs';

const component = (o) => o.metadata?.labels?.['app.kubernetes.io/component'];
const STEPS = [
  ['prepare', (o) => !['server', 'migration'].includes(component(o))],
  ['migrate', (o) => component(o) === 'migration'],
  ['serve', (o) => component(o) === 'server'],
];

test('every object belongs to one step, and a Job finds what it needs', () => {
  const copy = preparedCopy(path.join(repoRoot, 'deploy/k8s'));
  try {
    for (const overlay of overlays(copy)) {
      const objects = render(overlay.dir);
      const step = new Map();
      for (const o of objects) {
        const steps = STEPS.filter(([, matches]) => matches(o)).map(([name]) => name);
        assert.equal(steps.length, 1, `${overlay.name}: ${o.kind}/${o.metadata.name} is in steps ${steps}`);
        step.set(`${o.kind}/${o.metadata.name}`, steps[0]);
      }
      for (const [id, s] of step) {
        if (/^(Job)\//.test(id)) assert.equal(s, 'migrate', id);
        if (/^(Deployment|HorizontalPodAutoscaler|PodDisruptionBudget)\//.test(id)) assert.equal(s, 'serve', id);
        if (/^(ConfigMap|Secret|ServiceAccount|Namespace|NetworkPolicy|StatefulSet)\//.test(id)) assert.equal(s, 'prepare', id);
      }
    }
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test('apply migrates, waits, then rolls out', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partywork-apply-'));
  try {
    const log = path.join(dir, 'calls');
    const fake = path.join(dir, 'kubectl');
    // Renders with the real kubectl; records every other call.
    fs.writeFileSync(fake, `#!/usr/bin/env bash
echo "$*" >>"${log}"
case "$1" in
  kustomize) exec "${kubectl()}" "$@" ;;
esac
case "$*" in
  *"get deployment"*) echo deployment.apps/gateway; echo deployment.apps/membership ;;
esac
`, { mode: 0o755 });
    execFileSync(path.join(repoRoot, 'deploy/k8s/apply'), [path.join(repoRoot, 'deploy/k8s/overlays/dev')], {
      env: { ...process.env, KUBECTL: fake },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n').map((c) => c.replace(/ -f \S+/, ' -f MANIFEST'));
    assert.deepEqual(calls, [
      `kustomize ${path.join(repoRoot, 'deploy/k8s/overlays/dev')}`,
      'apply -f MANIFEST -l app.kubernetes.io/component notin (server, migration)',
      '-n partywork-dev delete job -l app.kubernetes.io/component=migration --ignore-not-found --wait',
      'apply -f MANIFEST -l app.kubernetes.io/component=migration',
      '-n partywork-dev wait --for=condition=complete job -l app.kubernetes.io/component=migration --timeout=15m',
      'apply -f MANIFEST -l app.kubernetes.io/component=server',
      '-n partywork-dev get deployment -l app.kubernetes.io/component=server -o name',
      '-n partywork-dev rollout status deployment.apps/gateway --timeout=10m',
      '-n partywork-dev rollout status deployment.apps/membership --timeout=10m',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
