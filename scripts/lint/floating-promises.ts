/**
 * Floating promises, found with the TypeScript type checker: an expression statement whose value is a
 * promise (or any thenable) that is neither awaited, returned, assigned, passed on, marked `void`, nor
 * given a rejection handler (`.catch(f)`, `.then(f, g)`). Its rejection would go unhandled and its work
 * would race what follows.
 *
 * Biome's `noFloatingPromises` (biome.json) infers types without the compiler and does not follow the
 * `#…` subpath imports nor `node_modules` types; this check sees every type tsc sees. It runs in
 * `npm run lint` (scripts/lint/check.ts).
 */
import ts from 'typescript';

export interface FloatingPromise {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

function isThenable(checker: ts.TypeChecker, type: ts.Type, node: ts.Node): boolean {
  if (type.isUnion()) return type.types.some((t) => isThenable(checker, t, node));
  const then = type.getProperty('then');
  if (then === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(then, node).getCallSignatures().length > 0;
}

/** `p.catch(f)` and `p.then(f, g)` handle the rejection; their own result may float. */
function handlesRejection(expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return false;
  const method = expression.expression.name.text;
  return (
    (method === 'catch' && expression.arguments.length >= 1) ||
    (method === 'then' && expression.arguments.length >= 2)
  );
}

function isAssignment(expression: ts.Expression): boolean {
  return (
    ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    expression.operatorToken.kind <= ts.SyntaxKind.LastAssignment
  );
}

/** Every floating promise in the program's own source files (not declaration files, not node_modules). */
export function floatingPromises(program: ts.Program): FloatingPromise[] {
  const checker = program.getTypeChecker();
  const found: FloatingPromise[] = [];
  for (const source of program.getSourceFiles()) {
    if (source.isDeclarationFile || program.isSourceFileFromExternalLibrary(source)) continue;
    if (source.fileName.includes('/node_modules/')) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) {
        let expression = node.expression;
        while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
        const settled =
          ts.isVoidExpression(expression) ||
          ts.isAwaitExpression(expression) ||
          isAssignment(expression) ||
          handlesRejection(expression);
        if (!settled && isThenable(checker, checker.getTypeAtLocation(expression), expression)) {
          const { line, character } = source.getLineAndCharacterOfPosition(expression.getStart(source));
          found.push({
            file: source.fileName,
            line: line + 1,
            column: character + 1,
            text: expression.getText(source).split('\n')[0] ?? '',
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The program of a tsconfig.json, as `tsc -p` builds it. */
export function programOf(tsconfigPath: string): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${tsconfigPath}`);
  return ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
}
