import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

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

export interface PropDoc {
  name: string;
  /** As TypeScript prints it; a union of string literals is spelled out: '"learner" | "guide"'. */
  type: string;
  required: boolean;
  description: string;
  /** The string values it accepts, when its type is a union of string literals. */
  values: string[] | null;
  /** Set by the build (a remark plugin), not by an author (`@internal` in its doc comment). */
  internal: boolean;
}

export interface ComponentDoc {
  /** The tag a chapter writes: "Figure", or "a" for a component that replaces an HTML element. */
  name: string;
  /** Relative to the root: "components/mdx/Figure.tsx". */
  file: string;
  description: string;
  props: PropDoc[];
  /** Whether it takes content between its tags. */
  children: boolean;
  /** Added by the build, never written by an author (`@internal` in its doc comment). */
  internal: boolean;
  /**
   * Its props come from a type outside components/mdx (React's own, for a component that replaces an HTML
   * element such as `a`), so they are not listed and not checked.
   */
  openProps: boolean;
}

export const COMPONENT_MAP_FILE = 'mdx-components.tsx';
export const COMPONENT_DOCS_FILE = 'components/mdx/components.generated.json';

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
    docs.push({
      name,
      file: path.relative(root, declaration.getSourceFile().fileName),
      props,
      children,
      openProps,
      ...docOf(symbol, checker),
    });
  }
  return docs;
}

/** components/mdx/components.generated.json's text, for /catalog (written by `npm run content`). */
export function componentDocsJson(docs: ComponentDoc[]): string {
  return `${JSON.stringify(docs, null, 2)}\n`;
}
