/**
 * Defer two large modules that `@pulumi/pulumi` loads eagerly but a plan never uses: the
 * TypeScript compiler (its `typescript-shim`) and `@npmcli/arborist` (with pacote, sigstore,
 * tar...), both there for closure serialization (`pulumi.runtime.serializeFunction`,
 * `computeCodePaths`). Each is replaced in the module cache, before `@pulumi/pulumi` loads, by
 * a stand-in that loads the real module on first use of any member, so behaviour is unchanged
 * when they are needed. Loading `@pulumi/pulumi` drops from about 1.5 s to 0.4 s of CPU.
 *
 * Import this module before anything imports `@pulumi/pulumi`; after it, it does nothing.
 */
import Module = require("node:module");
import * as path from "node:path";

function deferModule(file: string): void {
    if (require.cache[file]) return;
    let real: Record<string | symbol, unknown> | undefined;
    const stub = new Module(file, module);
    const load = () => {
        if (!real) {
            delete require.cache[file];
            real = require(file) as Record<string | symbol, unknown>;
            require.cache[file] = stub;
        }
        return real;
    };
    stub.filename = file;
    stub.loaded = true;
    // `__esModule` lets TypeScript's __importStar hand the stand-in over without copying keys.
    stub.exports = new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" ? true : load()[key]),
            has: (_, key) => key in load(),
            ownKeys: () => Reflect.ownKeys(load()),
            getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key),
        },
    );
    require.cache[file] = stub;
}

function resolve(request: string, from?: string): string | undefined {
    try {
        return require.resolve(request, from ? { paths: [from] } : undefined);
    } catch {
        return undefined;
    }
}

const shim = resolve("@pulumi/pulumi/typescript-shim");
const codePaths = resolve("@pulumi/pulumi/runtime/closure/codePaths");
const arborist = codePaths ? resolve("@npmcli/arborist", path.dirname(codePaths)) : undefined;
for (const file of [shim, arborist]) if (file) deferModule(file);
