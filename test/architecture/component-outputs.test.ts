/**
 * Component outputs follow docs/components.md ("Outputs"): in every class of components/** that
 * extends pulumi.ComponentResource, the constructor ends with the one
 * `this.registerOutputs(pick(this, ["name", ...]))` (src/util/pick.ts; `{}` where there is nothing
 * to register), which registers every public field under its own name and nothing else; the only public fields
 * left out are the child resources the docs' allow-list table names (`Class.field`), and every row
 * of that table is such a field. Read with the TypeScript parser (no type checking: the field's
 * declared type is its text).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..", "..");

export interface SourceText {
    file: string;
    text: string;
}

const isPublic = (m: ts.ClassElement) =>
    !ts
        .getModifiers(m as ts.HasModifiers)
        ?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword || x.kind === ts.SyntaxKind.StaticKeyword) &&
    !(m.name && ts.isPrivateIdentifier(m.name));

const extendsComponentResource = (c: ts.ClassDeclaration) =>
    c.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => t.expression.getText() === "pulumi.ComponentResource")) ??
    false;

/** Every `this.registerOutputs(...)` call inside `node`. */
function registerCalls(node: ts.Node): ts.CallExpression[] {
    const out: ts.CallExpression[] = [];
    const visit = (n: ts.Node) => {
        if (ts.isCallExpression(n) && n.expression.getText() === "this.registerOutputs") out.push(n);
        n.forEachChild(visit);
    };
    visit(node);
    return out;
}

/** The field names a `this.registerOutputs` call registers: `pick(this, ["a", "b"])` or `{}`; undefined for any other argument. */
function registeredKeys(call: ts.CallExpression): ts.StringLiteral[] | undefined {
    const [arg] = call.arguments;
    if (call.arguments.length !== 1) return undefined;
    if (ts.isObjectLiteralExpression(arg)) return arg.properties.length === 0 ? [] : undefined;
    if (!ts.isCallExpression(arg) || arg.expression.getText() !== "pick" || arg.arguments.length !== 2) return undefined;
    const [target, list] = arg.arguments;
    if (target.kind !== ts.SyntaxKind.ThisKeyword || !ts.isArrayLiteralExpression(list) || !list.elements.every(ts.isStringLiteral)) return undefined;
    return [...list.elements] as ts.StringLiteral[];
}

/** The problems of one component class, each `file:line Class: what`. */
function classProblems(file: string, sf: ts.SourceFile, c: ts.ClassDeclaration, allowed: ReadonlySet<string>): string[] {
    const cls = c.name?.text ?? "(anonymous)";
    const at = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${cls}`;
    const problems: string[] = [];
    const fields = new Map<string, ts.PropertyDeclaration>();
    for (const m of c.members) if (ts.isPropertyDeclaration(m) && isPublic(m)) fields.set(m.name.getText(sf), m);
    const calls = registerCalls(c);
    if (calls.length !== 1) problems.push(`${at(c)}: calls this.registerOutputs ${calls.length} times (expected once, at the end of the constructor)`);
    const ctor = c.members.find(ts.isConstructorDeclaration);
    const last = ctor?.body?.statements[ctor.body.statements.length - 1];
    const lastIsCall = last !== undefined && ts.isExpressionStatement(last) && calls.includes(last.expression as ts.CallExpression);
    if (calls.length === 1 && !lastIsCall) problems.push(`${at(calls[0])}: this.registerOutputs is not the last statement of the constructor`);
    const registered = new Set<string>();
    for (const call of calls) {
        const keys = registeredKeys(call);
        if (keys === undefined) {
            problems.push(
                `${at(call)}: this.registerOutputs takes pick(this, [...the field names]) or {} (got ${call.arguments.map((a) => a.getText(sf)).join(", ")})`,
            );
            continue;
        }
        for (const k of keys) {
            const key = k.text;
            registered.add(key);
            if (!fields.has(key)) problems.push(`${at(k)}: registered key ${key} is not a public field`);
            if (allowed.has(`${cls}.${key}`)) problems.push(`${at(k)}: registers ${key}, a child resource of the allow-list in docs/components.md`);
        }
    }
    for (const [name, decl] of fields) {
        if (registered.has(name)) continue;
        if (!allowed.has(`${cls}.${name}`)) problems.push(`${at(decl)}: field ${name} is not registered`);
        else if (!decl.type || /\bOutput</.test(decl.type.getText(sf)) || /^(string|number|boolean)(\[\])?$/.test(decl.type.getText(sf)))
            problems.push(`${at(decl)}: field ${name} (${decl.type?.getText(sf) ?? "no declared type"}) is on the child-resource allow-list but holds values`);
    }
    return problems;
}

/** Every problem in `sources`, plus an allow-list row that names no public field of a component. */
export function componentOutputProblems(sources: readonly SourceText[], allowed: ReadonlySet<string>): string[] {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const { file, text } of sources) {
        const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
        for (const c of sf.statements) {
            if (!ts.isClassDeclaration(c) || !extendsComponentResource(c)) continue;
            for (const m of c.members) if (ts.isPropertyDeclaration(m) && isPublic(m)) seen.add(`${c.name?.text}.${m.name.getText(sf)}`);
            problems.push(...classProblems(file, sf, c, allowed));
        }
    }
    for (const entry of [...allowed].sort())
        if (!seen.has(entry)) problems.push(`docs/components.md: allow-list row ${entry} names no public field of a component`);
    return problems;
}

/** The `Class.field` rows of the child-resource table in the "Outputs" section of docs/components.md. */
export function childResourceAllowList(markdown: string): Set<string> {
    const section = markdown.split(/^## Outputs$/m)[1]?.split(/^## /m)[0];
    if (section === undefined) throw new Error("docs/components.md has no `## Outputs` section");
    return new Set([...section.matchAll(/^\| `([A-Za-z]+\.[A-Za-z]+)` \|/gm)].map((m) => m[1]));
}

function componentSources(): SourceText[] {
    const walk = (dir: string): string[] =>
        fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
            const rel = `${dir}/${e.name}`;
            return e.isDirectory() ? walk(rel) : rel.endsWith(".ts") ? [rel] : [];
        });
    return walk("components")
        .sort()
        .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }));
}

describe("architecture: component outputs (docs/components.md, Outputs)", () => {
    const allowed = childResourceAllowList(fs.readFileSync(path.join(ROOT, "docs", "components.md"), "utf8"));

    it("every component of components/** registers exactly its public fields, bar the allow-listed child resources", () => {
        const sources = componentSources();
        assert.ok(sources.length >= 40, `only ${sources.length} component files found`);
        assert.deepEqual(componentOutputProblems(sources, allowed), []);
    });

    it("the allow-list holds the children of the four composites and the resources other components need, by class", () => {
        const byClass: Record<string, string[]> = {};
        for (const entry of [...allowed].sort()) (byClass[entry.split(".")[0]] ??= []).push(entry.split(".")[1]);
        assert.deepEqual(byClass, {
            AnomalyDetection: ["edgeForwarder", "scorer"],
            EquipmentRegistry: ["sync"],
            FleetIndexing: ["configuration"],
            MaintenanceWorkflow: ["functions"],
            ModelRetraining: ["trainer"],
            RegionEdgeAccess: ["uploads"],
            RegionalPlatform: ["analytics", "edgeAccess", "extras", "network", "provisioning"],
            RegionalStorage: ["artifacts", "lake", "logs"],
            Site: ["alerts", "edge", "network"],
            SiteEdge: ["greengrass", "identity", "manifest", "provisioning"],
            TimeSeries: ["writer"],
        });
    });

    it("names a missing field, a stray key, a wrong value, a late call and a stale allow-list row with file:line and class", () => {
        const text = [
            'import * as pulumi from "@pulumi/pulumi";',
            "export class Broken extends pulumi.ComponentResource {",
            "    readonly arn: pulumi.Output<string>;",
            "    readonly name: pulumi.Output<string>;",
            "    private readonly secret = 1;",
            "    readonly child: Other;",
            "    readonly idle: pulumi.Output<string>;",
            "    constructor(name: string) {",
            '        super("fleet:test:Broken", name, {});',
            '        this.arn = pulumi.output("a");',
            '        this.name = pulumi.output("n");',
            '        this.child = new Other("c");',
            '        this.idle = pulumi.output("i");',
            '        this.registerOutputs(pick(this, ["arn", "name", "roleAlias", "child"]));',
            "        void this.secret;",
            "    }",
            "}",
            "export class Fine extends pulumi.ComponentResource {",
            "    readonly arn: pulumi.Output<string>;",
            "    readonly child: Other;",
            "    constructor(name: string) {",
            '        super("fleet:test:Fine", name, {});',
            '        this.arn = pulumi.output("a");',
            '        this.child = new Other("c");',
            '        this.registerOutputs(pick(this, ["arn"]));',
            "    }",
            "}",
            "class Other extends pulumi.ComponentResource {",
            "    constructor(name: string) {",
            '        super("fleet:test:Other", name, {});',
            "        this.registerOutputs({});",
            "    }",
            "}",
        ].join("\n");
        assert.deepEqual(
            componentOutputProblems([{ file: "components/x/broken.ts", text }], new Set(["Broken.child", "Broken.idle", "Fine.child", "Fine.gone"])),
            [
                "components/x/broken.ts:14 Broken: this.registerOutputs is not the last statement of the constructor",
                "components/x/broken.ts:14 Broken: registered key roleAlias is not a public field",
                "components/x/broken.ts:14 Broken: registers child, a child resource of the allow-list in docs/components.md",
                "components/x/broken.ts:7 Broken: field idle (pulumi.Output<string>) is on the child-resource allow-list but holds values",
                "docs/components.md: allow-list row Fine.gone names no public field of a component",
            ],
        );
        assert.deepEqual(componentOutputProblems([{ file: "components/x/broken.ts", text }], new Set()), [
            "components/x/broken.ts:14 Broken: this.registerOutputs is not the last statement of the constructor",
            "components/x/broken.ts:14 Broken: registered key roleAlias is not a public field",
            "components/x/broken.ts:7 Broken: field idle is not registered",
            "components/x/broken.ts:20 Fine: field child is not registered",
        ]);
    });

    it("refuses any other argument than pick(this, [...the field names]) or {}, naming it", () => {
        const cls = (call: string) =>
            `import * as pulumi from "@pulumi/pulumi";\nexport class Odd extends pulumi.ComponentResource {\n    readonly a: pulumi.Output<string>;\n    constructor(name: string) {\n        super("fleet:test:Odd", name, {});\n        this.a = pulumi.output("a");\n        ${call};\n    }\n}\n`;
        const problems = (call: string) => componentOutputProblems([{ file: "t.ts", text: cls(call) }], new Set());
        assert.deepEqual(problems('this.registerOutputs(pick(this, ["a"]))'), []);
        assert.deepEqual(problems("this.registerOutputs({ a: this.a })"), [
            "t.ts:7 Odd: this.registerOutputs takes pick(this, [...the field names]) or {} (got { a: this.a })",
            "t.ts:3 Odd: field a is not registered",
        ]);
        assert.deepEqual(problems('this.registerOutputs(pick(other, ["a"]))'), [
            't.ts:7 Odd: this.registerOutputs takes pick(this, [...the field names]) or {} (got pick(other, ["a"]))',
            "t.ts:3 Odd: field a is not registered",
        ]);
        assert.deepEqual(problems("this.registerOutputs(pick(this, names))"), [
            "t.ts:7 Odd: this.registerOutputs takes pick(this, [...the field names]) or {} (got pick(this, names))",
            "t.ts:3 Odd: field a is not registered",
        ]);
    });

    it("counts the calls: none, or two", () => {
        const cls = (body: string) =>
            `import * as pulumi from "@pulumi/pulumi";\nexport class Twice extends pulumi.ComponentResource {\n    readonly a: pulumi.Output<string>;\n    constructor(name: string) {\n        super("fleet:test:Twice", name, {});\n        this.a = pulumi.output("a");\n${body}    }\n}\n`;
        assert.deepEqual(componentOutputProblems([{ file: "t.ts", text: cls("") }], new Set()), [
            "t.ts:2 Twice: calls this.registerOutputs 0 times (expected once, at the end of the constructor)",
            "t.ts:3 Twice: field a is not registered",
        ]);
        assert.deepEqual(
            componentOutputProblems(
                [{ file: "t.ts", text: cls('        this.registerOutputs({});\n        this.registerOutputs(pick(this, ["a"]));\n') }],
                new Set(),
            ),
            ["t.ts:2 Twice: calls this.registerOutputs 2 times (expected once, at the end of the constructor)"],
        );
    });

    it("reads the allow-list rows of the Outputs section only", () => {
        const md =
            "## Children\n\n| `Site.edge` | x |\n\n## Outputs\n\ntext\n\n| field | reader |\n|---|---|\n| `Site.network` | program |\n| `RegionalStorage.logs` | analytics |\n\n## Thin\n\n| `Site.alerts` | y |\n";
        assert.deepEqual([...childResourceAllowList(md)], ["Site.network", "RegionalStorage.logs"]);
        assert.throws(() => childResourceAllowList("# none\n"), /^Error: docs\/components\.md has no `## Outputs` section$/);
    });
});
