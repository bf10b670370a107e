// Finds fields the Kubernetes API does not have (a typo such as `readinesProbe`, a field at
// the wrong level), which kubernetes-models' validation lets through: its schemas do not
// forbid additional properties, while the API server drops such a field without a word
// (or refuses it with --validate=strict). The field names come from the same package's
// TypeScript declarations (kubernetes-models/<group>/<version>/<Kind>.d.ts, generated from
// the API's OpenAPI document), read with the TypeScript compiler.
//
//   const problems = unknownFields([{ apiVersion: 'v1', kind: 'Service', spec: { prots: [] } }]);
//   // -> ['Service/?: spec.prots is not a field of the Kubernetes API']
import { join } from 'node:path';
import ts from 'typescript';

/** kubernetes-models' module of an apiVersion and kind: 'apps/v1' + 'Deployment' -> 'kubernetes-models/apps/v1/Deployment'. */
export const modelModule = (apiVersion, kind) => `kubernetes-models/${apiVersion}/${kind}`;

/** `I<Kind>` of each kind's module, in one program over the package's declarations. */
function typesOf(kinds, root) {
  const file = join(root, '__kubernetes_kinds__.ts');
  const keys = [...kinds.keys()];
  const text = keys.map((key, i) => `import type { I${kinds.get(key).kind} as T${i} } from '${modelModule(kinds.get(key).apiVersion, kinds.get(key).kind)}';`).join('\n')
    + `\nexport interface Kinds {\n${keys.map((key, i) => `  ${JSON.stringify(key)}: T${i};`).join('\n')}\n}\n`;
  const options = {
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    strict: true, noEmit: true, skipLibCheck: true, types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const missing = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  const checker = program.getTypeChecker();
  const declaration = program.getSourceFile(file).statements.find(ts.isInterfaceDeclaration);
  const kindsType = checker.getTypeAtLocation(declaration.name);
  const types = new Map(keys.map((key) => [key, checker.getTypeOfSymbol(kindsType.getProperty(key))]));
  return { checker, types, missing };
}

function walk(checker, value, type, path, problems) {
  if (value === null || typeof value !== 'object') return;
  type = checker.getNonNullableType(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (Array.isArray(value)) {
    const element = checker.isArrayType(type) ? checker.getTypeArguments(type)[0] : checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (element) value.forEach((item, i) => walk(checker, item, element, `${path}[${i}]`, problems));
    return;
  }
  // A union (IntOrString, or an object with null): the object members.
  const members = type.isUnion() ? type.types.filter((t) => t.flags & ts.TypeFlags.Object) : [type];
  if (members.length === 0) return;
  const object = members[0];
  const index = checker.getIndexTypeOfType(object, ts.IndexKind.String);
  for (const [key, child] of Object.entries(value)) {
    const property = object.getProperty(key);
    if (property) {
      walk(checker, child, checker.getTypeOfSymbol(property), path ? `${path}.${key}` : key, problems);
    } else if (index) {
      walk(checker, child, index, `${path}.${key}`, problems);
    } else {
      problems.push(`${path ? `${path}.${key}` : key} is not a field of the Kubernetes API`);
    }
  }
}

/**
 * For each object: the paths of its fields that its kind does not declare. An object whose
 * apiVersion/kind kubernetes-models does not have is reported as such.
 */
export function unknownFields(objects, root = process.cwd()) {
  const kinds = new Map(objects.map((o) => [`${o.apiVersion}/${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind }]));
  const { checker, types, missing } = typesOf(kinds, root);
  return objects.map((object) => {
    const key = `${object.apiVersion}/${object.kind}`;
    const type = types.get(key);
    const problems = [];
    if (!type || type.flags & ts.TypeFlags.Any || missing.some((m) => m.includes(modelModule(object.apiVersion, object.kind)))) {
      problems.push(`kubernetes-models has no ${key}`);
    } else {
      walk(checker, object, type, '', problems);
    }
    return problems;
  });
}
