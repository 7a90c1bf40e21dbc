/**
 * What a protocol source gives the runtime: samples, bad samples and reachability of its targets.
 * A source never throws into the runtime; it reports through these callbacks and retries.
 */
export interface Sample {
    sensor: string;
    ts: number;
    value: number;
}

export interface SourceSink {
    /** Samples read in one cycle (values already decoded and scaled; may be non-finite). */
    samples(batch: Sample[]): void;
    /** A sample that could not be read: bad status, decode error, timeout. */
    bad(sensor: string, reason: string): void;
    /** A target (PLC address or endpoint) became reachable or unreachable. */
    reachability(target: string, up: boolean, error?: string): void;
}

export interface Source {
    start(): Promise<void>;
    stop(): Promise<void>;
}
