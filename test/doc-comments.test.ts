/**
 * Every name the public runtime packages export has a doc comment: the TypeScript compiler
 * resolves each export of the index files (through re-exports, `export *` and other packages)
 * to its declaration and looks for a `/** ... *\/` there, or on an export statement in the index
 * that names only it (how a name re-exported from a third-party package is documented).
 */
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const INDEXES = ["core", "client", "server"].map((p) => path.join(repoRoot, "packages", p, "src/index.ts"));

const hasJsDoc = (node: ts.Node) =>
  ts.getJSDocCommentsAndTags(node).length > 0 ||
  (ts.getLeadingCommentRanges(node.getSourceFile().text, node.getFullStart()) ?? []).some((r) =>
    node.getSourceFile().text.startsWith("/**", r.pos),
  );

/** The export statement of an alias in an index, when it names only this one export. */
function soleExportStatement(decl: ts.Declaration): ts.Node | undefined {
  if (!ts.isExportSpecifier(decl)) return undefined;
  const statement = decl.parent.parent;
  return decl.parent.elements.length === 1 ? statement : undefined;
}

/** Exported names of `file` with no doc comment anywhere along their re-export chain. */
function undocumented(program: ts.Program, file: string): string[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const missing: string[] = [];
  for (const symbol of exports) {
    const chain: ts.Symbol[] = [symbol];
    let s = symbol;
    while (s.flags & ts.SymbolFlags.Alias) {
      s = checker.getImmediateAliasedSymbol(s) ?? checker.getAliasedSymbol(s);
      if (chain.includes(s)) break;
      chain.push(s);
    }
    const documented = chain.some((c) =>
      (c.declarations ?? []).some((d) => {
        const sole = soleExportStatement(d);
        if (sole) return hasJsDoc(sole);
        // A variable's doc sits on its statement; a class member's or function's on itself.
        const node = ts.isVariableDeclaration(d) ? d.parent.parent : d;
        return !ts.isExportSpecifier(d) && hasJsDoc(node);
      }),
    );
    if (!documented) missing.push(symbol.name);
  }
  return missing;
}

describe("doc comments on the public API", () => {
  it("every export of @zkpop/core, @zkpop/client and @zkpop/server has one", () => {
    const program = ts.createProgram(INDEXES, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    const missing = Object.fromEntries(
      INDEXES.map((f) => [path.relative(repoRoot, f), undocumented(program, f)]),
    );
    expect(missing).toEqual(Object.fromEntries(INDEXES.map((f) => [path.relative(repoRoot, f), []])));
  }, 120_000);
});
