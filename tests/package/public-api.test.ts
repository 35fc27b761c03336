import * as assert from "assert";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
const ENTRIES = ["index.ts", "planning.ts", "testing.ts"];

/**
 * The exports of each entry, and the project's own named types that the exported declarations
 * mention, read from their type syntax (so that an alias inside an optional property or a mapped
 * type counts, which the checker's resolved types would lose), with where each was reached.
 */
function surfaces(): { exports: Map<string, Set<ts.Symbol>>; names: Map<string, string[]>; reached: Map<ts.Symbol, string> } {
    const program = ts.createProgram(ENTRIES.map((e) => path.join(ROOT, e)), { strict: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const real = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const ours = (s: ts.Symbol) => (s.declarations ?? []).some((d) => !d.getSourceFile().fileName.includes("node_modules"));
    const reached = new Map<ts.Symbol, string>();

    /** Every named type a declaration's type syntax mentions, and what those mention in turn. */
    const visitNode = (node: ts.Node, via: string): void => {
        if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
            const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
            const at = checker.getSymbolAtLocation(name);
            const symbol = at && real(at);
            const named = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;
            if (symbol && ours(symbol) && symbol.flags & named && !(symbol.flags & ts.SymbolFlags.TypeParameter) && !reached.has(symbol)) {
                reached.set(symbol, via);
                symbol.declarations?.forEach((d) => visitDeclaration(d, `${via} > ${symbol.name}`));
            }
        }
        ts.forEachChild(node, (child) => visitNode(child, via));
    };
    const isPublic = (m: ts.Node) => !(ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected));
    const visitDeclaration = (decl: ts.Declaration, via: string): void => {
        if (ts.isClassDeclaration(decl)) {
            decl.heritageClauses?.forEach((h) => visitNode(h, via));
            decl.members.filter(isPublic).forEach((m) => {
                if (ts.isConstructorDeclaration(m) || ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m)) {
                    visitNode(m, via);
                }
            });
        } else if (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isFunctionDeclaration(decl)) {
            visitNode(decl, via);
        } else if (ts.isVariableDeclaration(decl) && decl.type) {
            visitNode(decl.type, via);
        }
    };

    const exports = new Map<string, Set<ts.Symbol>>();
    const names = new Map<string, string[]>();
    for (const entry of ENTRIES) {
        const source = program.getSourceFile(path.join(ROOT, entry))!;
        const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
        exports.set(entry, new Set(symbols.map(real)));
        names.set(entry, symbols.map((s) => s.name));
        for (const s of symbols) {
            real(s).declarations?.forEach((d) => visitDeclaration(d, `${entry}: ${s.name}`));
        }
    }
    return { exports, names, reached };
}

describe("public API", function () {
    this.timeout(60000);
    const api = surfaces();
    const all = new Set([...api.exports.values()].flatMap((s) => [...s]));

    it("exports every type of its own that an exported component, resource or function takes or returns, from one of its entries", () => {
        const missing = [...api.reached].filter(([s]) => !all.has(s)).map(([s, via]) => `${s.name} (reached through ${via})`);
        assert.deepStrictEqual(missing, []);
    });

    it("exports from the main entry every type its own exports reach", () => {
        const main = api.exports.get("index.ts")!;
        const missing = [...api.reached].filter(([s, via]) => via.startsWith("index.ts:") && !main.has(s)).map(([s, via]) => `${s.name} (${via})`);
        assert.deepStrictEqual(missing, []);
    });

    it("keeps the planning helpers and dynamic-provider objects out of the main entry, in sagemaker-inference/bin/planning", () => {
        const internal = api.names.get("index.ts")!.filter((n) => /^(plan|check|parse)[A-Z]|Provider$|^(ReservationLedger|executionRolePolicy|asyncExecutionPolicy|asyncPaths)$/.test(n));
        assert.deepStrictEqual(internal, []);
        const planning = api.names.get("planning.ts")!;
        for (const helper of ["planVariant", "planInferenceComponent", "planAsyncEndpoint", "checkReservation", "parseCron", "trainingPlanProvider", "sagemakerName", "MAX_CONTAINERS"]) {
            assert.ok(planning.includes(helper), `${helper} is in the planning entry`);
        }
    });

    it("gives users' tests one entry, sagemaker-inference/testing: runProgram, its options and results, and the mocks' fixed values", () => {
        assert.deepStrictEqual(api.names.get("testing.ts")!.sort(), [
            "MOCK_ACCOUNT", "MOCK_NOW", "MOCK_PLAN_END", "Prices", "ProgramFailure", "RecordedResource",
            "TestProgram", "TestResource", "TestRun", "TestRunOptions", "runProgram",
        ]);
    });
});
