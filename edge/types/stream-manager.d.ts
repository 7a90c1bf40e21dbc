/**
 * The part of the stream-manager client in aws-greengrass-core-sdk 1.7.0 (`stream-manager/client.js`,
 * `stream-manager/data/index.js`) that the collector uses; the package ships no types.
 */
declare module "aws-greengrass-core-sdk/stream-manager" {
    export class StreamManagerClient {
        constructor(opts?: { port?: number; host?: string; onConnectCb?: () => void; onErrorCb?: (err: Error) => void; logger?: unknown });
        onConnected(cb: () => void): void;
        onError(cb: (err: Error) => void): void;
        appendMessage(streamName: string, data: Buffer): Promise<number>;
        createMessageStream(definition: MessageStreamDefinition): Promise<void>;
        listStreams(): Promise<string[]>;
        close(): void;
    }
    export class MessageStreamDefinition {
        withName(v: string): this;
        withMaxSize(v: number): this;
        withStrategyOnFull(v: StrategyOnFull): this;
        withPersistence(v: Persistence): this;
        withExportDefinition(v: ExportDefinition): this;
    }
    export class ExportDefinition {
        withKinesis(v: KinesisConfig[]): this;
    }
    export class KinesisConfig {
        withIdentifier(v: string): this;
        withKinesisStreamName(v: string): this;
    }
    export class StrategyOnFull {
        static readonly OverwriteOldestData: StrategyOnFull;
        static readonly RejectNewData: StrategyOnFull;
    }
    export class Persistence {
        static readonly File: Persistence;
    }
}
