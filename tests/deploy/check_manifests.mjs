#!/usr/bin/env node
// Renders every overlay of a deploy/k8s tree and checks it: Kubernetes API
// schemas (no unknown field), then partywork's rules. Prints each problem
// and exits 1 if there is any.
//   node tests/deploy/check_manifests.mjs [K8S_DIR]   (default deploy/k8s)
import fs from 'node:fs';
import path from 'node:path';
import { overlays, preparedCopy, render, repoRoot } from './lib/render.mjs';
import { schemaProblems } from './lib/schema.mjs';
import { Manifest } from './lib/manifest.mjs';
import { workloadProblems } from './lib/policy.mjs';
import { networkProblems } from './lib/network.mjs';
import { overlayRules } from './lib/overlays.mjs';

export function checkTree(k8sDir) {
  const problems = [];
  const copy = preparedCopy(k8sDir);
  try {
    const found = overlays(copy);
    for (const required of Object.keys(overlayRules)) {
      if (!found.some((o) => o.name === required)) problems.push(`overlay ${required} is missing`);
    }
    let objects = 0;
    for (const overlay of found) {
      const say = (msg) => problems.push(`${overlay.name}: ${msg}`);
      let rendered;
      try {
        rendered = render(overlay.dir);
      } catch (e) {
        say(e.message.replaceAll(copy, k8sDir));
        continue;
      }
      objects += rendered.length;
      for (const obj of rendered) {
        for (const p of schemaProblems(obj)) say(`${obj.kind}/${obj.metadata?.name}: ${p}`);
      }
      const m = new Manifest(rendered);
      for (const p of workloadProblems(m)) say(p);
      for (const p of networkProblems(m)) say(p);
      for (const p of overlayRules[overlay.name]?.(m) ?? []) say(p);
    }
    return { problems, objects, overlays: found.length };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'deploy/k8s'));
  const { problems, objects, overlays: n } = checkTree(dir);
  for (const p of problems) console.log(`problem: ${p}`);
  console.log(`${objects} objects in ${n} overlays checked, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
