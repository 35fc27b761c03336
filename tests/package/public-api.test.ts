import * as assert from "assert";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");

/** The exports of an entry file, and the project's own types their signatures reach. */
function surface(entry: string): { exported: Set<ts.Symbol>; names: string[]; reached: Map<ts.Symbol, string> } {
    const program = ts.createProgram([path.join(ROOT, entry)], { strict: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(path.join(ROOT, entry))!;
    const real = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
    const exported = new Set(exports.map(real));
    const reached = new Map<ts.Symbol, string>();
    const ours = (s: ts.Symbol) => (s.declarations ?? []).some((d) => !d.getSourceFile().fileName.includes("node_modules"));

    const visitType = (type: ts.Type, via: string, depth: number): void => {
        if (depth > 6) {
            return;
        }
        const symbol = type.aliasSymbol ?? type.getSymbol();
        if (symbol && ours(symbol) && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) {
            if (reached.has(symbol)) {
                return;
            }
            reached.set(symbol, via);
        }
        for (const arg of [...(type.aliasTypeArguments ?? []), ...((type as ts.TypeReference).typeArguments ?? [])]) {
            visitType(arg, via, depth + 1);
        }
        if (type.isUnionOrIntersection()) {
            type.types.forEach((t) => visitType(t, via, depth + 1));
        }
        if (symbol && ours(symbol) && symbol.flags & ts.SymbolFlags.Interface && type.isClassOrInterface()) {
            (checker.getBaseTypes(type) ?? []).forEach((base) => visitType(base, `${via} (extends)`, depth + 1));
        }
        if (symbol && ours(symbol) && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeLiteral)) {
            for (const p of checker.getPropertiesOfType(type)) {
                visitType(checker.getTypeOfSymbol(p), `${via}.${p.name}`, depth + 1);
            }
        }
        for (const sig of type.getCallSignatures()) {
            sig.getParameters().forEach((p) => visitType(checker.getTypeOfSymbol(p), `${via}(${p.name})`, depth + 1));
            visitType(sig.getReturnType(), `${via}()`, depth + 1);
        }
    };
    for (const e of exports) {
        const s = real(e);
        const decl = s.valueDeclaration ?? s.declarations?.[0];
        if (s.flags & ts.SymbolFlags.Class && decl && ts.isClassDeclaration(decl)) {
            for (const member of decl.members) {
                if (ts.isConstructorDeclaration(member)) {
                    member.parameters.forEach((p) => visitType(checker.getTypeAtLocation(p), `${e.name}(${p.name.getText()})`, 0));
                } else if (ts.isPropertyDeclaration(member) && !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) {
                    visitType(checker.getTypeAtLocation(member), `${e.name}.${member.name.getText()}`, 0);
                }
            }
        } else if (s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
            visitType(checker.getDeclaredTypeOfSymbol(s), e.name, 0);
        } else if (decl) {
            visitType(checker.getTypeOfSymbolAtLocation(s, decl), e.name, 0);
        }
    }
    return { exported, names: exports.map((e) => e.name), reached };
}

describe("public API", function () {
    this.timeout(60000);
    const api = surface("index.ts");

    it("exports every type of its own that an exported component, resource or function takes or returns", () => {
        const missing = [...api.reached].filter(([s]) => !api.exported.has(s)).map(([s, via]) => `${s.name} (reached through ${via})`);
        assert.deepStrictEqual(missing, []);
    });

    it("keeps the planning helpers and dynamic-provider objects out of the main entry, in sagemaker-inference/bin/planning", () => {
        const internal = api.names.filter((n) => /^(plan|check|parse)[A-Z]|Provider$|^(ReservationLedger|executionRolePolicy|asyncExecutionPolicy|asyncPaths)$/.test(n));
        assert.deepStrictEqual(internal, []);
        const planning = surface("planning.ts").names;
        for (const helper of ["planVariant", "planInferenceComponent", "planAsyncEndpoint", "checkReservation", "parseCron", "trainingPlanProvider", "sagemakerName"]) {
            assert.ok(planning.includes(helper), `${helper} is in the planning entry`);
        }
    });
});
