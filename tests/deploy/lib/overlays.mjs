// What each overlay promises beyond the common rules.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './render.mjs';
import { SERVERS, labelsMatch } from './manifest.mjs';

function dev(m) {
  const out = [];
  for (const name of SERVERS) {
    const w = m.server(name);
    if (w && w.obj.spec.replicas !== 1) out.push(`${w.id}: dev runs one replica, not ${w.obj.spec.replicas ?? 'the default'}`);
  }
  const postgres = m.of('StatefulSet').find((s) => s.metadata.name === 'postgres');
  if (!postgres) return [...out, 'dev has no PostgreSQL StatefulSet'];
  if (!(postgres.spec.volumeClaimTemplates ?? []).length) out.push('StatefulSet/postgres: keeps its data on no PersistentVolumeClaim');
  const provision = fs.readFileSync(path.join(repoRoot, 'deploy/postgres/provision.sql'), 'utf8');
  const init = m.of('ConfigMap').find((c) => c.metadata.name.startsWith('postgres-init'));
  if (init?.data?.['provision.sql'] !== provision) {
    out.push('ConfigMap postgres-init: provision.sql differs from deploy/postgres/provision.sql');
  }
  return out;
}

function prod(m) {
  const out = [];
  for (const name of SERVERS) {
    const w = m.server(name);
    if (!w) continue;
    const replicas = w.obj.spec.replicas;
    if (replicas !== undefined && replicas < 2) out.push(`${w.id}: prod runs ${replicas} replica(s), fewer than 2`);
    const hpa = m.of('HorizontalPodAutoscaler').find(
      (h) => h.spec.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef?.name === w.obj.metadata.name,
    );
    if (!hpa) out.push(`${w.id}: no HorizontalPodAutoscaler scales it`);
    else if (!(hpa.spec.minReplicas >= 2) || !(hpa.spec.maxReplicas >= hpa.spec.minReplicas)) {
      out.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: minReplicas must be at least 2 and at most maxReplicas`);
    }
    const pdb = m.of('PodDisruptionBudget').find((p) => labelsMatch(p.spec.selector, w.labels));
    if (!pdb) out.push(`${w.id}: no PodDisruptionBudget covers it`);
  }
  if (m.of('StatefulSet').length) out.push('prod runs a StatefulSet: its database is external');
  return out;
}

export const overlayRules = { dev, prod };
