/**
 * The layout docs describe the tree as it is: every folder of the repository and every folder
 * directly under the source roots is listed in docs/architecture.md ("Layout"), nothing listed
 * there is gone, docs/components.md names every component file, and the paths the three layout
 * docs (architecture, components, CONTRIBUTING) name exist.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");
/** The folders whose sub-folders the layout lists one by one. */
const SOURCE_ROOTS = ["src", "components", "functions", "edge", "policies", "cli"];

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The files git tracks (the tree as committed, without build output or local clutter). */
function trackedFiles(): string[] {
    return execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

/** Folders of the tree: every top-level one, and those directly under the source roots (`src/model`). */
export function foldersOf(files: readonly string[]): string[] {
    const out = new Set<string>();
    for (const f of files) {
        const parts = f.split("/");
        if (parts.length > 1) out.add(parts[0]);
        if (parts.length > 2 && SOURCE_ROOTS.includes(parts[0])) out.add(`${parts[0]}/${parts[1]}`);
    }
    return [...out].sort();
}

/**
 * The folders the first code block after `## Layout` lists: a line at column 0 names top-level
 * folders (`src/`, or `fleet.yaml, sites/`), a line indented by two names a folder of the last
 * top-level one (`  model/`); deeper lines continue a description.
 */
export function layoutFolders(markdown: string): string[] {
    const section = markdown.split(/^## Layout$/m)[1];
    if (section === undefined) throw new Error("no `## Layout` section");
    const block = /^```\n([\s\S]*?)^```$/m.exec(section)?.[1];
    if (block === undefined) throw new Error("no code block in the Layout section");
    const out: string[] = [];
    let parent = "";
    for (const line of block.split("\n")) {
        const indent = /^ */.exec(line)![0].length;
        if (indent > 2 || !line.trim()) continue;
        const names = line
            .trim()
            .split(/ {2,}/)[0]
            .split(/[ ,]+/)
            .filter((n) => n.endsWith("/"))
            .map((n) => n.slice(0, -1));
        if (indent === 0) {
            out.push(...names);
            parent = names[names.length - 1] ?? "";
        } else out.push(...names.map((n) => `${parent}/${n}`));
    }
    return out;
}

/** What a listing lacks of the folders, and what it lists that is not a folder. */
export function layoutProblems(listed: readonly string[], folders: readonly string[]): string[] {
    return [
        ...folders.filter((f) => !listed.includes(f)).map((f) => `${f}/ is not listed in the Layout of docs/architecture.md`),
        ...listed.filter((f) => !folders.includes(f)).map((f) => `${f}/ is listed in the Layout of docs/architecture.md but is no folder`),
    ];
}

/** Repository paths a Markdown text names in backticks or links (`src/model/`, `components/region/trust.ts`). */
function namedPaths(markdown: string): string[] {
    const out = new Set<string>();
    for (const m of markdown.matchAll(/`([A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*)`/g)) {
        const p = m[1].replace(/\/$/, "");
        if (/^(src|components|functions|edge|policies|cli|test|docs|scripts|schema|sites|bin)\//.test(p) && !/[*<>{}]/.test(p)) out.add(p);
    }
    return [...out];
}

describe("architecture: the layout docs describe the tree", () => {
    const files = trackedFiles();
    const folders = foldersOf(files);
    const architecture = read("docs/architecture.md");

    it("parses a listing: top-level folders at column 0, folders of the last one indented by two", () => {
        const md = [
            "# x",
            "## Layout",
            "",
            "```",
            "fleet.yaml, sites/     the example",
            "src/                   code",
            "  util/                layer 1",
            "  network/             rules",
            "                       a continued/ description",
            "functions/             handlers",
            "  telemetry-writer/    Kinesis",
            "```",
        ].join("\n");
        assert.deepEqual(layoutFolders(md), ["sites", "src", "src/util", "src/network", "functions", "functions/telemetry-writer"]);
        assert.throws(() => layoutFolders("# no layout"), /no `## Layout` section/);
    });

    it("names a folder missing from the listing and a listed folder that is gone", () => {
        assert.deepEqual(layoutProblems(["src", "src/util", "src/old"], foldersOf(["src/util/a.ts", "src/forecast/b.ts", "README.md"])), [
            "src/forecast/ is not listed in the Layout of docs/architecture.md",
            "src/old/ is listed in the Layout of docs/architecture.md but is no folder",
        ]);
        assert.deepEqual(foldersOf(["a/b/c/d.ts", "src/x/y/z.ts", "f.ts"]), ["a", "src", "src/x"]);
    });

    it("docs/architecture.md lists every folder of the repository and of the source roots, and no other", () => {
        assert.ok(folders.includes("src/forecast") && folders.includes("functions/forecaster") && folders.includes("edge"), folders.join(" "));
        assert.deepEqual(layoutProblems(layoutFolders(architecture), folders), []);
    });

    it("docs/components.md names every component file", () => {
        const components = read("docs/components.md");
        const missing = files.filter((f) => /^components\/[^/]+\/[^/]+\.ts$/.test(f) && !f.endsWith("/index.ts") && !components.includes(`\`${f}\``));
        assert.deepEqual(missing, []);
    });

    it("the paths architecture.md, components.md and CONTRIBUTING.md name exist", () => {
        for (const doc of ["docs/architecture.md", "docs/components.md", "CONTRIBUTING.md"]) {
            const gone = namedPaths(read(doc)).filter((p) => !fs.existsSync(path.join(ROOT, p)));
            assert.deepEqual(gone, [], `${doc} names paths that do not exist`);
        }
    });
});
