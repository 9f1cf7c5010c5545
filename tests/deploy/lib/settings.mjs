// The binaries' settings and defaults, read from docs/configuration.md
// (which a test keeps equal to the binaries' --help).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './render.mjs';

// { "partywork-membership": Map(ENV_VAR -> default) }
export function binarySettings(file = path.join(repoRoot, 'docs/configuration.md')) {
  const settings = {};
  let current = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const heading = /^## (partywork-[a-z]+)$/.exec(line);
    if (heading) {
      current = settings[heading[1]] = new Map();
      continue;
    }
    const row = /^\| `[a-z0-9-]+` \| `(PARTYWORK_[A-Z0-9_]+)` \| (.*?) \| .* \|$/.exec(line);
    if (row && current) current.set(row[1], row[2] === '(none)' ? '' : row[2].replace(/^`|`$/g, ''));
  }
  return settings;
}

// "500ms", "10s", "5m", "1h" -> seconds; NaN when malformed.
export function durationSeconds(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(text).trim());
  if (!m) return NaN;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2]];
}
