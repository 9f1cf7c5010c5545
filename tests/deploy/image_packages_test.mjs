// The image cannot drift from what CI builds: the Dockerfile's build stage
// installs scripts/install's build group, its runtime stage exactly the
// packages of the libraries the built binaries link (beyond the base
// image's). Then the same check fails on broken copies.
//   node --test tests/deploy/image_packages_test.mjs   (PARTYWORK_BIN_DIR=<build>/bin)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { basePackages, imageProblems, linkedPackages } from './lib/image.mjs';
import { repoRoot } from './lib/render.mjs';

const BINARIES = ['membership', 'inspection', 'reporting', 'gateway', 'call'];
const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const install = fs.readFileSync(path.join(repoRoot, 'scripts/install'), 'utf8');
let linked;
let base;

before(() => {
  const bin = process.env.PARTYWORK_BIN_DIR ?? path.join(repoRoot, 'build/test/bin');
  linked = linkedPackages(BINARIES.map((b) => path.join(bin, `partywork-${b}`)));
  base = basePackages();
});

function problems(changes = {}) {
  return imageProblems({ dockerfile, install, linked, base, ...changes });
}

function replaced(text, from, to) {
  assert.ok(text.includes(from), `no ${from}`);
  return text.replace(from, to);
}

function assertProblem(list, pattern) {
  assert.ok(list.some((p) => pattern.test(p)), `no problem matches ${pattern}; got:\n${list.join('\n')}`);
}

test('the Dockerfile matches scripts/install and the binaries', () => {
  assert.deepEqual(problems(), []);
  // The binaries link what the -dev packages provide.
  for (const p of ['libgrpc++1.51', 'libprotobuf32', 'libpqxx-6.4', 'libcivetweb1']) assert.ok(linked.has(p), p);
});

test('fails when the runtime stage lacks a linked library', () => {
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'libabsl20220623 libcivetweb1', 'libabsl20220623') }),
    /partywork-\w+: libcivetweb\.so\.1 comes from libcivetweb1, which the runtime stage does not install/);
});

test('fails when the runtime stage installs more than the libraries', () => {
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'libssl3 libstdc++6', 'libssl3 libstdc++6 libgrpc++-dev') }),
    /the runtime stage installs libgrpc\+\+-dev, which no binary links/);
});

test('fails when the build stage drifts from scripts/install', () => {
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'build-essential cmake ninja-build', 'build-essential ninja-build') }),
    /the build stage lacks cmake, which scripts\/install installs to build/);
  assertProblem(problems({ install: replaced(install, 'libcpp-jwt-dev libxlsxwriter-dev', 'libcpp-jwt-dev libxlsxwriter-dev libspdlog-dev') }),
    /the build stage lacks libspdlog-dev/);
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'nodejs npm', 'nodejs npm gdb') }),
    /the build stage installs gdb, which scripts\/install does not install to build/);
});

test('fails when the image runs as root or on another base', () => {
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'USER 10001:10001', 'USER 0') }), /runs as root/);
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'USER 10001:10001', 'USER partywork') }), /not a numeric user id/);
  assertProblem(problems({ dockerfile: replaced(dockerfile, 'FROM debian:12-slim\nRUN', 'FROM debian:12\nRUN') }),
    /the runtime stage is FROM debian:12, not the slim/);
});
