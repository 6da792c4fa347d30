import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { ComponentDoc, PropDoc } from '@/lib/content/componentDocs';

/**
 * The MDX components a chapter can use, read from the code: the keys of the component map in
 * mdx-components.tsx, and for each the component's doc comment and its props (names, types, whether
 * required, their doc comments), from TypeScript's own view of the source. The content check validates
 * tags against it (unknown component, unknown or missing prop, a value outside a union of string literals
 * such as <Line who>), and /catalog shows it; neither can fall behind the code.
 *
 * Only the map and components/mdx/ are read, without following imports (a fifth of a second); a prop's
 * type is shown as written in the source, and a union of string literals is resolved to its values.
 */

export type { ComponentDoc, PropDoc };

export const COMPONENT_MAP_FILE = 'mdx-components.tsx';
export const COMPONENT_DOCS_FILE = 'components/mdx/components.generated.json';
export const EXAMPLES_DIR = 'components/mdx/examples';
export const EXAMPLES_MODULE_FILE = 'components/mdx/examples.generated.ts';

/** components/mdx/examples/<name>.mdx, relative to the root. */
export const exampleFile = (name: string) => `${EXAMPLES_DIR}/${name}.mdx`;

function compilerOptions(root: string): ts.CompilerOptions {
  const configFile = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  // Only the map and the MDX components' own files are read (no imports followed, no @types, no lib.d.ts):
  // the props are declared there, and following every import into lib/, React and the figures takes a
  // hundred times as long.
  return { ...parsed.options, noEmit: true, incremental: false, skipLibCheck: true, noResolve: true, types: [], noLib: true };
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): { description: string; internal: boolean } {
  const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
  const internal = symbol.getJsDocTags(checker).some((tag) => tag.name === 'internal');
  return { description, internal };
}

function stringLiterals(type: ts.Type): string[] | null {
  const members = type.isUnion() ? type.types : [type];
  const values = members.filter((member) => !(member.flags & ts.TypeFlags.Undefined));
  if (values.length === 0 || !values.every((member) => member.isStringLiteral())) return null;
  return values.map((member) => (member as ts.StringLiteralType).value);
}

/** The type as the source spells it ("ReactNode", "string | number"); imports are not followed, so not resolved. */
function declaredType(prop: ts.Symbol, checker: ts.TypeChecker, type: ts.Type): string {
  const declaration = prop.valueDeclaration;
  if (declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type) {
    return declaration.type.getText();
  }
  return checker.typeToString(checker.getNonNullableType(type));
}

/** The object literal assigned to `const components` in mdx-components.tsx. */
function componentMap(source: ts.SourceFile): ts.ObjectLiteralExpression {
  let found: ts.ObjectLiteralExpression | null = null;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'components' && node.initializer) {
      if (ts.isObjectLiteralExpression(node.initializer)) found = node.initializer;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`${COMPONENT_MAP_FILE}: expected \`const components = { … }\`, the MDX component map`);
  return found;
}

/** Reads the component map and every component's props with the TypeScript compiler. */
export function describeComponents(root: string): ComponentDoc[] {
  const mapFile = path.join(root, COMPONENT_MAP_FILE);
  const folder = path.join(root, 'components/mdx');
  const componentFiles = readdirSync(folder).filter((name) => /\.tsx?$/.test(name)).map((name) => path.join(folder, name));
  const program = ts.createProgram([mapFile, ...componentFiles], compilerOptions(root));
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(mapFile);
  if (!source) throw new Error(`${COMPONENT_MAP_FILE} not found`);
  const docs: ComponentDoc[] = [];
  for (const property of componentMap(source).properties) {
    if (!ts.isShorthandPropertyAssignment(property) && !ts.isPropertyAssignment(property)) continue;
    const name = property.name.getText(source).replace(/^['"]|['"]$/g, '');
    const local = ts.isShorthandPropertyAssignment(property)
      ? checker.getShorthandAssignmentValueSymbol(property)
      : checker.getSymbolAtLocation(property.initializer);
    if (!local) continue;
    const symbol = local.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(local) : local;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (!declaration) continue;
    const signature = checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures()[0];
    const propsSymbol = signature?.parameters[0];
    const propsType = propsSymbol ? checker.getTypeOfSymbolAtLocation(propsSymbol, declaration) : null;
    const props: PropDoc[] = [];
    // An unresolved props type (imported from React, say) reads as an error type: its props are not known.
    const openProps = !propsType || (propsType.flags & ts.TypeFlags.Any) !== 0;
    let children = openProps;
    for (const prop of propsType?.getProperties() ?? []) {
      if (prop.name === 'children') {
        children = true;
        continue;
      }
      const type = checker.getTypeOfSymbolAtLocation(prop, declaration);
      const values = stringLiterals(type);
      props.push({
        name: prop.name,
        type: values ? values.map((v) => JSON.stringify(v)).join(' | ') : declaredType(prop, checker, type),
        required: !(prop.flags & ts.SymbolFlags.Optional),
        values,
        ...docOf(prop, checker),
      });
    }
    const example = path.join(root, exampleFile(name));
    docs.push({
      name,
      example: existsSync(example) ? readFileSync(example, 'utf8') : null,
      file: path.relative(root, declaration.getSourceFile().fileName),
      props,
      children,
      openProps,
      ...docOf(symbol, checker),
    });
  }
  return docs;
}

/** components/mdx/examples.generated.ts: each example's compiled MDX, for /catalog. */
export function examplesModuleSource(docs: ComponentDoc[]): string {
  const withExample = docs.filter((doc) => doc.example !== null);
  return [
    '// Generated by scripts/content.ts (npm run content) from components/mdx/examples/. Do not edit.',
    "import type { ComponentType } from 'react';",
    '',
    '/** Each MDX component\'s example, compiled like a chapter, by component name. */',
    'export const componentExamples: Record<string, () => Promise<{ default: ComponentType }>> = {',
    ...withExample.map((doc) => `  ${JSON.stringify(doc.name)}: () => import('./examples/${doc.name}.mdx'),`),
    '};',
    '',
  ].join('\n');
}

/** components/mdx/components.generated.json's text, for /catalog (written by `npm run content`). */
export function componentDocsJson(docs: ComponentDoc[]): string {
  return `${JSON.stringify(docs, null, 2)}\n`;
}
