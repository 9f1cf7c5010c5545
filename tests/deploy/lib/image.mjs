// What the container image installs, against what CI builds with and what
// the binaries link.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

// The stages of a Dockerfile: { name, from, packages (apt-get install), user }.
export function dockerfileStages(text) {
  const stages = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim());
  for (const line of lines) {
    if (line.startsWith('#') || !line) continue;
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      stages.push({ from: from[1], name: from[2] ?? null, packages: [], user: null });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    const user = /^USER\s+(\S+)/i.exec(line);
    if (user) stage.user = user[1];
    if (!/^RUN\s/i.test(line)) continue;
    for (const command of line.replace(/^RUN\s+/i, '').split(/&&|;/)) {
      const words = command.trim().split(/\s+/);
      const at = words.indexOf('install');
      if (at < 1 || words[at - 1] !== 'apt-get') continue;
      stage.packages.push(...words.slice(at + 1).filter((w) => !w.startsWith('-')));
    }
  }
  return stages;
}

// The bash arrays NAME=( … ) of scripts/install.
export function installArrays(text) {
  const arrays = {};
  for (const m of text.matchAll(/^([A-Z_]+)=\(([^)]*)\)/gm)) {
    arrays[m[1]] = m[2].replace(/#.*$/gm, '').split(/\s+/).filter(Boolean).filter((w) => !w.startsWith('"$'));
  }
  return arrays;
}

const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function owningPackage(file) {
  // Debian 12 merged /lib into /usr/lib, but dpkg knows each file by one name.
  const candidates = new Set([file, fs.realpathSync(file)]);
  for (const f of [...candidates]) candidates.add(f.startsWith('/usr/') ? f.slice(4) : `/usr${f}`);
  for (const f of candidates) {
    try {
      return run('dpkg-query', ['-S', f]).split(':')[0];
    } catch {
      // not this name
    }
  }
  throw new Error(`no Debian package owns ${file}`);
}

// Map(package -> [ "binary: library" ]) of the libraries the binaries need
// directly (their DT_NEEDED entries).
export function linkedPackages(binaries) {
  const paths = new Map();
  for (const line of run('ldconfig', ['-p']).split('\n')) {
    const m = /^\s*(\S+) \((?:[^)]*x86-64[^)]*|[^)]*aarch64[^)]*|libc6)\) => (\S+)/.exec(line);
    if (m && !paths.has(m[1])) paths.set(m[1], m[2]);
  }
  const owners = new Map();
  for (const binary of binaries) {
    for (const line of run('objdump', ['-p', binary]).split('\n')) {
      const lib = /^\s*NEEDED\s+(\S+)/.exec(line)?.[1];
      if (!lib) continue;
      const file = paths.get(lib);
      if (!file) throw new Error(`${binary} needs ${lib}, which ldconfig does not know`);
      const pkg = owningPackage(file);
      if (!owners.has(pkg)) owners.set(pkg, []);
      owners.get(pkg).push(`${binary.split('/').pop()}: ${lib}`);
    }
  }
  return owners;
}

// Installed packages reachable from `roots` through Depends and Pre-Depends.
export function dependencyClosure(roots) {
  const installed = new Map(); // name -> deps text
  const provides = new Map();
  const status = run('dpkg-query', ['-W', '-f', '${Package}\t${Status}\t${Depends}, ${Pre-Depends}\t${Provides}\n']);
  for (const line of status.split('\n')) {
    const [name, st, deps, prov] = line.split('\t');
    if (!name || !st.endsWith('installed')) continue;
    installed.set(name, deps);
    for (const p of (prov ?? '').split(',')) {
      const v = p.trim().split(/[\s(]/)[0];
      if (v && !provides.has(v)) provides.set(v, name);
    }
  }
  const seen = new Set();
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop();
    if (seen.has(name) || !installed.has(name)) continue;
    seen.add(name);
    for (const clause of installed.get(name).split(',')) {
      const alternatives = clause.split('|').map((a) => a.trim().split(/[\s(:]/)[0]).filter(Boolean);
      const pick = alternatives.find((a) => installed.has(a)) ?? alternatives.map((a) => provides.get(a)).find(Boolean);
      if (pick) todo.push(pick);
    }
  }
  return seen;
}

// The essential packages, and what they depend on: what every Debian image,
// the slim one too, already has.
export function basePackages() {
  const essential = run('dpkg-query', ['-W', '-f', '${Package} ${Essential}\n'])
    .split('\n').filter((l) => l.endsWith(' yes')).map((l) => l.split(' ')[0]);
  return dependencyClosure(essential);
}

// Problems of the Dockerfile, each a sentence.
export function imageProblems({ dockerfile, install, linked, base }) {
  const out = [];
  const stages = dockerfileStages(dockerfile);
  const build = stages.find((s) => s.name === 'build');
  const runtime = stages.at(-1);
  const arrays = installArrays(install);
  if (!build || build === runtime) return ['the Dockerfile has no build stage (FROM … AS build) before its runtime stage'];
  if (!arrays.BUILD_PACKAGES) return ['scripts/install has no BUILD_PACKAGES array'];
  // The script adds Node.js and npm where they are missing, as on a slim image.
  const wanted = new Set([...arrays.BUILD_PACKAGES, ...(arrays.NODE_PACKAGES ?? [])]);
  const got = new Set(build.packages);
  for (const p of wanted) if (!got.has(p)) out.push(`the build stage lacks ${p}, which scripts/install installs to build`);
  for (const p of got) if (!wanted.has(p)) out.push(`the build stage installs ${p}, which scripts/install does not install to build`);
  for (const s of stages) {
    if (!/^debian:12(-slim)?$|^debian:bookworm(-slim)?$/.test(s.from)) out.push(`stage ${s.name ?? 'runtime'} is FROM ${s.from}, not Debian 12`);
  }
  if (!/-slim$/.test(runtime.from)) out.push(`the runtime stage is FROM ${runtime.from}, not the slim Debian 12 image`);
  const runtimeSet = new Set(runtime.packages);
  for (const p of runtimeSet) {
    if (!linked.has(p)) out.push(`the runtime stage installs ${p}, which no binary links`);
  }
  for (const [p, uses] of linked) {
    if (!runtimeSet.has(p) && !base.has(p)) {
      out.push(`${uses[0]} comes from ${p}, which the runtime stage does not install`);
    }
  }
  const uid = /^(\d+)(?::\d+)?$/.exec(runtime.user ?? '')?.[1];
  if (uid === undefined) out.push(`the runtime stage's USER (${runtime.user ?? 'none'}) is not a numeric user id`);
  else if (Number(uid) === 0) out.push('the image runs as root (USER 0)');
  return out;
}
