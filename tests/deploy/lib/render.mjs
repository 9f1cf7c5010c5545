// Rendering of the kustomize overlays, offline, with the kubectl that
// scripts/install provides (third_party/kubectl).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function kubectl() {
  const bin = process.env.PARTYWORK_KUBECTL || path.join(repoRoot, 'third_party/kubectl/kubectl');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run scripts/install`);
  return bin;
}

// A copy of a deploy/k8s tree in which every overlay can render: the
// uncommitted secret files are made from their committed *.example.
export function preparedCopy(k8sDir) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'partywork-k8s-'));
  fs.cpSync(k8sDir, dir, { recursive: true });
  for (const file of walk(dir)) {
    const real = file.replace(/\.example$/, '');
    if (real !== file && !fs.existsSync(real)) fs.copyFileSync(file, real);
  }
  return dir;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

export function overlays(k8sDir) {
  const root = path.join(k8sDir, 'overlays');
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, dir: path.join(root, e.name) }));
}

// The objects `kubectl kustomize DIR` renders; throws with kubectl's message.
export function render(dir) {
  let text;
  try {
    text = execFileSync(kubectl(), ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
    });
  } catch (e) {
    throw new Error(`kubectl kustomize ${dir} failed: ${(e.stderr || e.message).trim()}`);
  }
  return parseYamlStream(text);
}

export function parseYamlStream(text) {
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new Error(`invalid YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value != null) objects.push(value);
  }
  return objects;
}
