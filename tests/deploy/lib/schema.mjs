// Validation of every object against the Kubernetes API schemas:
// - kubernetes-models: the OpenAPI schemas compiled to JSON Schema validators
//   (types, required fields, formats); it lets unknown fields through, so
// - the model metadata of the official JavaScript client
//   (@kubernetes/client-node) names every field of every type: a field that
//   is not there is an error, as it is for `kubectl apply --validate=strict`.
import { createRequire } from 'node:module';
import * as clientModels from '@kubernetes/client-node/dist/gen/models/all.js';

const require = createRequire(import.meta.url);

function splitApiVersion(apiVersion) {
  const parts = String(apiVersion).split('/');
  return parts.length === 2 ? parts : [null, parts[0]];
}

function jsonSchemaProblems(obj) {
  const [group, version] = splitApiVersion(obj.apiVersion);
  let module;
  try {
    module = require(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
  } catch {
    return [`no Kubernetes schema for apiVersion ${obj.apiVersion}`];
  }
  const Model = module[obj.kind];
  if (typeof Model !== 'function') return [`no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    const errors = e.errors || [{ instancePath: '', message: e.message }];
    return errors.map((err) => `schema: ${err.instancePath || '/'} ${err.message}`);
  }
}

function primitiveProblem(value, type) {
  switch (type) {
    case 'string':
    case 'Date':
    case 'V1MicroTime':
      return typeof value === 'string' ? null : 'must be a string';
    case 'number':
      return typeof value === 'number' ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be a boolean';
    case 'IntOrString':
      return ['string', 'number'].includes(typeof value) ? null : 'must be a number or a string';
    default:
      return undefined; // not a primitive
  }
}

function walkFields(value, type, where, out) {
  if (value === null || value === undefined || type === 'any' || type === 'object') return;
  let m = /^Array<(.+)>$/.exec(type);
  if (m) {
    if (!Array.isArray(value)) out.push(`${where}: must be a list`);
    else value.forEach((v, i) => walkFields(v, m[1], `${where}[${i}]`, out));
    return;
  }
  m = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (m) {
    if (typeof value !== 'object' || Array.isArray(value)) out.push(`${where}: must be a map`);
    else for (const [k, v] of Object.entries(value)) walkFields(v, m[1], `${where}.${k}`, out);
    return;
  }
  const primitive = primitiveProblem(value, type);
  if (primitive !== undefined) {
    if (primitive) out.push(`${where}: ${primitive}`);
    return;
  }
  const model = clientModels[type];
  if (!model || typeof model.getAttributeTypeMap !== 'function') return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.push(`${where}: must be an object`);
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) out.push(`${where}.${k}: unknown field`);
    else walkFields(v, fields.get(k), `${where}.${k}`, out);
  }
}

function unknownFieldProblems(obj) {
  const [, version] = splitApiVersion(obj.apiVersion);
  const type = version.charAt(0).toUpperCase() + version.slice(1) + obj.kind;
  if (!clientModels[type]) return [`no Kubernetes model for ${obj.apiVersion} ${obj.kind}`];
  const out = [];
  walkFields(obj, type, obj.kind, out);
  return out;
}

// kustomize folds long base64 values over lines; the API server's decoder
// skips line breaks, the JSON Schema "byte" format does not.
function asDecoded(obj) {
  if (!obj.data || !['Secret', 'ConfigMap'].includes(obj.kind)) return obj;
  const field = obj.kind === 'Secret' ? 'data' : 'binaryData';
  if (!obj[field]) return obj;
  const unfolded = Object.fromEntries(
    Object.entries(obj[field]).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]),
  );
  return { ...obj, [field]: unfolded };
}

// Problems of one object, each a sentence; none when it is valid.
export function schemaProblems(obj) {
  if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind) {
    return ['not a Kubernetes object (no apiVersion or kind)'];
  }
  return [...jsonSchemaProblems(asDecoded(obj)), ...unknownFieldProblems(obj)];
}
