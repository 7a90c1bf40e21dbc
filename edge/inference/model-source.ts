/**
 * The gateway's model: `models/<model>/current.json` in the artifacts bucket points at a
 * content-addressed version (`models/<model>/<sha256>/model.onnx` + `model.json`). Downloads it
 * with the token-exchange credentials (the container credentials protocol the Greengrass nucleus
 * serves: AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), checks the
 * SHA-256 against the pointer and model.json, and caches it under the component's work path, so a
 * restart without network runs the last good model. A file that fails its check is never used.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { fromHttp } from "@aws-sdk/credential-provider-http";
import { verifyModelBytes } from "../../src/models/format";
import { checkPointer, modelKeys, type CurrentPointer } from "../../src/models/publish";
import { parseModelInfo } from "../../src/models/runtime";

export interface ModelSourceConfig {
    bucket: string;
    model: string;
    region: string;
    cacheDir: string;
    /** S3 endpoint override (tests: a local S3-compatible server). */
    endpoint?: string;
    /** Credentials endpoint and token; default: the environment the nucleus sets. */
    credentialsUri?: string;
    authorizationToken?: string;
    /** Retries of the credentials and S3 requests (default 2; the component also retries fetchModel). */
    retries?: number;
}

export interface FetchedModel {
    pointer: CurrentPointer;
    json: string;
    onnx: Uint8Array;
    /** "s3": downloaded now; "cache": S3 said the same version, or was unreachable (see warning). */
    from: "s3" | "cache";
    warning?: string;
}

export class ModelSourceError extends Error {
    override name = "ModelSourceError";
}

function client(c: ModelSourceConfig): S3Client {
    const credentials = fromHttp({
        awsContainerCredentialsFullUri: c.credentialsUri ?? process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
        awsContainerAuthorizationToken: c.authorizationToken ?? process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN,
        timeout: 5000,
        maxRetries: c.retries ?? 2,
    });
    return new S3Client({
        region: c.region,
        credentials,
        ...(c.endpoint ? { endpoint: c.endpoint, forcePathStyle: true } : {}),
        maxAttempts: 1 + (c.retries ?? 2),
    });
}

async function getBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!res.Body) throw new ModelSourceError(`s3://${bucket}/${key}: empty response`);
    return res.Body.transformToByteArray();
}

const versionDir = (c: ModelSourceConfig, sha: string) => path.join(c.cacheDir, c.model, sha);

function writeAtomic(file: string, data: string | Uint8Array): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
}

/** The cached version `sha`, if both files are there and pass their checks. */
function readCached(c: ModelSourceConfig, pointer: CurrentPointer): { json: string; onnx: Uint8Array } | undefined {
    const dir = versionDir(c, pointer.sha256);
    try {
        const json = fs.readFileSync(path.join(dir, "model.json"), "utf8");
        const onnx = fs.readFileSync(path.join(dir, "model.onnx"));
        const info = parseModelInfo(json, path.join(dir, "model.json"));
        if (info.sha256 !== pointer.sha256 || verifyModelBytes(info, onnx, path.join(dir, "model.onnx"))) return undefined;
        return { json, onnx };
    } catch {
        return undefined;
    }
}

/** The last verified version in the cache, for when S3 cannot give the current one. */
function fallback(c: ModelSourceConfig, reason: string): FetchedModel {
    const lastFile = path.join(c.cacheDir, c.model, "current.json");
    let last: CurrentPointer | undefined;
    try {
        last = fs.existsSync(lastFile) ? checkPointer(JSON.parse(fs.readFileSync(lastFile, "utf8")), lastFile) : undefined;
    } catch {
        last = undefined;
    }
    const cached = last && readCached(c, last);
    if (last && cached)
        return {
            pointer: last,
            ...cached,
            from: "cache",
            warning: `cannot get the current model from S3 (${reason}); running the cached version ${last.sha256}`,
        };
    throw new ModelSourceError(
        `model ${c.model}: cannot get it from s3://${c.bucket}/${modelKeys.prefix(c.model)} (${reason}) and no verified copy is cached in ${c.cacheDir}`,
    );
}

async function readPointer(s3: S3Client, c: ModelSourceConfig): Promise<CurrentPointer> {
    const where = `s3://${c.bucket}/${modelKeys.current(c.model)}`;
    const text = new TextDecoder().decode(await getBytes(s3, c.bucket, modelKeys.current(c.model)));
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new ModelSourceError(`${where}: not JSON`);
    }
    const pointer = checkPointer(raw, where);
    if (pointer.model !== c.model) throw new ModelSourceError(`${where}: names model ${pointer.model}, expected ${c.model}`);
    return pointer;
}

/** Fetch the current model, or fall back to the last verified cached one when S3 cannot give it. */
export async function fetchModel(c: ModelSourceConfig): Promise<FetchedModel> {
    const lastFile = path.join(c.cacheDir, c.model, "current.json");
    const s3 = client(c);
    try {
        const pointer = await readPointer(s3, c);
        const cached = readCached(c, pointer);
        if (cached) {
            writeAtomic(lastFile, JSON.stringify(pointer));
            return { pointer, ...cached, from: "cache" };
        }
        const json = new TextDecoder().decode(await getBytes(s3, c.bucket, pointer.jsonKey));
        const onnx = await getBytes(s3, c.bucket, pointer.onnxKey);
        const info = parseModelInfo(json, `s3://${c.bucket}/${pointer.jsonKey}`);
        if (info.sha256 !== pointer.sha256)
            throw new ModelSourceError(`s3://${c.bucket}/${pointer.jsonKey}: sha256 ${info.sha256} is not the version current.json names (${pointer.sha256})`);
        const bad = verifyModelBytes(info, onnx, `s3://${c.bucket}/${pointer.onnxKey}`);
        if (bad) throw new ModelSourceError(bad);
        const dir = versionDir(c, pointer.sha256);
        writeAtomic(path.join(dir, "model.onnx"), onnx);
        writeAtomic(path.join(dir, "model.json"), json);
        writeAtomic(lastFile, JSON.stringify(pointer));
        return { pointer, json, onnx, from: "s3" };
    } catch (e) {
        return fallback(c, e instanceof Error ? e.message : String(e));
    } finally {
        s3.destroy();
    }
}
