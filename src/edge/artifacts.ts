/**
 * Edge component artifacts: each component's entry point under edge/ bundled by esbuild into one
 * JavaScript file, packed into a deterministic zip per architecture (sorted entries, fixed times and
 * modes), addressed by its SHA-256. Greengrass hashes an artifact when the component version is
 * created and a later change under the same URI breaks deployments (Greengrass V2 developer guide,
 * "Component recipe reference", Artifacts), hence content-addressed keys:
 * `<site prefix><component>/<sha256>/<component>.zip`.
 *
 * Generic: a component is a name and an entry point; edge inference (issue #16) adds itself to
 * EDGE_COMPONENTS. The bundle is pure JavaScript: no native module, so one build serves x86_64,
 * aarch64 and armv7l (the Greengrass IPC adapter's aws-iot-device-sdk-v2 and aws-crt stay external,
 * see docs/edge.md). Bundles are cached per process and on disk (checked against the SHA-256 of every
 * input esbuild read), so plans and tests do not pay esbuild's seconds twice.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildOptions } from "esbuild";
import { zipSync } from "fflate";
import { writeFileAtomic } from "../util/atomic-write";
import { cacheDir, cacheKey, readCacheEntry, sha256, writeCacheEntry } from "../util/cache-dir";
import { rootWith } from "../util/repo-root";

export const EDGE_ARCHITECTURES = ["x86_64", "aarch64", "armv7l"] as const;
export type EdgeArch = (typeof EDGE_ARCHITECTURES)[number];

/** Component name (as in artifact and file names) → entry point relative to the repository root. */
export const EDGE_COMPONENTS: Record<string, string> = { collector: "edge/collector/main.ts", "edge-inference": "edge/inference/main.ts" };

/**
 * Files a component loads at run time that esbuild cannot inline, shipped next to its bundle in the
 * zip (relative to the repository root). Edge inference: onnxruntime-web 1.31's Node build
 * (ort.node.min.js, bundled) imports `ort-wasm-simd-threaded.mjs` from the directory of the running
 * script, which loads `ort-wasm-simd-threaded.wasm` from there: exactly these two files of its dist
 * (measured with strace while loading a model; the other 139 MB are browser, WebGPU, JSEP and JSPI builds).
 */
export const EDGE_RUNTIME_FILES: Record<string, readonly string[]> = {
    "edge-inference": ["node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs", "node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm"],
};

/** Modules left out of the bundle: native (aws-crt), required lazily, or an optional peer never used. */
export const EDGE_EXTERNALS = ["aws-iot-device-sdk-v2", "aws-crt", "proper-lockfile"];
/** Oldest Node the bundle targets (gateways run Node >= 22; tests run on 20). */
export const EDGE_NODE_TARGET = "node20";
/** Fixed time of every zip entry: 1980-01-01, the earliest a zip can store. */
const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

export interface EdgeBundle {
    component: string;
    code: string;
    sha256: string;
}

export interface EdgeArtifact {
    component: string;
    arch: EdgeArch;
    zip: Uint8Array;
    sha256: string;
    /** `<component>/<sha256>/<component>.zip`, to be put under the site's artifacts prefix. */
    key: string;
}

const memo = new Map<string, EdgeBundle>();

/** The repository root: the nearest ancestor holding edge/ and package.json. */
export function edgeRoot(from = __dirname): string {
    return rootWith("edge", from);
}

function options(component: string, root: string): BuildOptions & { write: false; metafile: true } {
    const entry = EDGE_COMPONENTS[component];
    if (!entry) throw new Error(`unknown edge component ${JSON.stringify(component)} (known: ${Object.keys(EDGE_COMPONENTS).join(", ")})`);
    return {
        entryPoints: { [component]: entry },
        absWorkingDir: root,
        outdir: "bundle",
        bundle: true,
        platform: "node",
        target: EDGE_NODE_TARGET,
        format: "cjs",
        external: EDGE_EXTERNALS,
        write: false,
        metafile: true,
        minify: false,
        sourcemap: false,
        legalComments: "none",
        logLevel: "silent",
        charset: "utf8",
    };
}

/** Bundle one component (deterministic: same sources, same bytes). */
export function bundleEdgeComponent(component: string, root = edgeRoot()): EdgeBundle {
    const hit = memo.get(`${root}\0${component}`);
    if (hit) return hit;
    const opts = options(component, root);
    const dir = cacheDir("edge-bundles");
    const esbuildVersion = (require("esbuild/package.json") as { version: string }).version;
    const name = cacheKey(esbuildVersion, opts);
    const cached = dir ? readCached(dir, name, root) : undefined;
    let bundle = cached;
    if (!bundle) {
        const esbuild = require("esbuild") as typeof import("esbuild");
        const result = esbuild.buildSync(opts);
        const out = result.outputFiles.find((f) => path.basename(f.path) === `${component}.js`);
        if (!out) throw new Error(`bundling edge component ${component} produced no ${component}.js`);
        bundle = { component, code: out.text, sha256: sha256(out.text) };
        if (dir) {
            const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((f) => [f, sha256(fs.readFileSync(path.join(root, f)))]));
            writeCacheEntry(dir, name, JSON.stringify({ inputs, bundle }));
        }
    }
    memo.set(`${root}\0${component}`, bundle);
    return bundle;
}

function readCached(dir: string, name: string, root: string): EdgeBundle | undefined {
    const text = readCacheEntry(dir, name);
    if (!text) return undefined;
    try {
        const entry = JSON.parse(text) as { inputs: Record<string, string>; bundle: EdgeBundle };
        for (const [f, digest] of Object.entries(entry.inputs)) {
            const file = path.join(root, f);
            if (!fs.existsSync(file) || sha256(fs.readFileSync(file)) !== digest) return undefined;
        }
        return sha256(entry.bundle.code) === entry.bundle.sha256 ? entry.bundle : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The zip of a component for one architecture: `<component>.js` and `build-info.json` (component,
 * architecture, bundle SHA-256, Node target), entries sorted, times and attributes fixed.
 */
export function edgeArtifact(bundle: EdgeBundle, arch: EdgeArch, root = edgeRoot()): EdgeArtifact {
    const runtime = runtimeFiles(bundle.component, root);
    const runtimeSha256 = Object.fromEntries(Object.entries(runtime).map(([f, bytes]) => [f, sha256(bytes)]));
    const info =
        JSON.stringify(
            {
                component: bundle.component,
                arch,
                bundleSha256: bundle.sha256,
                node: EDGE_NODE_TARGET,
                ...(Object.keys(runtime).length ? { runtimeSha256 } : {}),
            },
            null,
            2,
        ) + "\n";
    const files: Record<string, string | Uint8Array> = { ...runtime, [`${bundle.component}.js`]: bundle.code, "build-info.json": info };
    const entries = Object.fromEntries(
        Object.keys(files)
            .sort()
            .map((f) => {
                const data = files[f];
                const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
                return [f, [bytes, { mtime: ZIP_TIME, os: 3, attrs: 0o100644 << 16, level: 9 }] as const];
            }),
    );
    const zip = zipSync(entries as never, { mtime: ZIP_TIME });
    const digest = sha256(zip);
    return { component: bundle.component, arch, zip, sha256: digest, key: `${bundle.component}/${digest}/${bundle.component}.zip` };
}

/** The component's run-time files by their name in the zip (the file's base name). */
function runtimeFiles(component: string, root: string): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = {};
    for (const rel of EDGE_RUNTIME_FILES[component] ?? []) {
        const file = path.join(root, rel);
        if (!fs.existsSync(file)) throw new Error(`edge component ${component} needs ${rel}, which is missing: run npm ci`);
        out[path.basename(rel)] = fs.readFileSync(file);
    }
    return out;
}

/** A component's zip for one architecture, written to a local file the stack uploads (a FileAsset). */
export interface PackagedArtifact {
    arch: EdgeArch;
    sha256: string;
    /** `<component>/<sha256>/<component>.zip`, to be put under the site's artifacts prefix. */
    key: string;
    /** Absolute path of the zip on this machine (in the fleet cache, or a temporary directory). */
    file: string;
}

const packaged = new Map<string, PackagedArtifact[]>();

/**
 * Bundle a component and write its zip for every architecture to `<cache>/edge-artifacts/<sha256>/`
 * (or a temporary directory without a cache): what the site stacks upload. Written once per
 * content (a file whose bytes hash to its directory name is reused).
 */
export function packageEdgeComponent(component: string, root = edgeRoot()): PackagedArtifact[] {
    const hit = packaged.get(`${root}\0${component}`);
    if (hit) return hit;
    const bundle = bundleEdgeComponent(component, root);
    const base = cacheDir("edge-artifacts") ?? fs.mkdtempSync(path.join(require("node:os").tmpdir(), "fleet-edge-artifacts-"));
    // Zipping onnxruntime's 15 MB .wasm takes seconds per architecture: remember, per exact input
    // (bundle, run-time files, architecture), which zip it made, and reuse that file when it still hashes right.
    const index = cacheDir("edge-zip-index");
    const inputs = Object.values(runtimeFiles(component, root)).map((b) => sha256(b));
    const out = EDGE_ARCHITECTURES.map((arch) => {
        const name = cacheKey("zip-v1", bundle.sha256, inputs, arch);
        const known = index ? readCacheEntry(index, name)?.trim() : undefined;
        if (known && /^[0-9a-f]{64}$/.test(known)) {
            const file = path.join(base, known, `${component}.zip`);
            if (fs.existsSync(file) && sha256(fs.readFileSync(file)) === known)
                return { arch, sha256: known, key: `${component}/${known}/${component}.zip`, file };
        }
        const a = edgeArtifact(bundle, arch, root);
        if (index) writeCacheEntry(index, name, a.sha256);
        const dir = path.join(base, a.sha256);
        const file = path.join(dir, `${component}.zip`);
        if (!fs.existsSync(file) || sha256(fs.readFileSync(file)) !== a.sha256) {
            fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
            writeFileAtomic(file, a.zip, 0o600);
        }
        return { arch, sha256: a.sha256, key: a.key, file };
    });
    packaged.set(`${root}\0${component}`, out);
    return out;
}
