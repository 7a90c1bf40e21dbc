/**
 * The scheduled retraining of one region (docs/models.md, "Retraining") as an Amazon States
 * Language definition: an EventBridge Scheduler schedule starts it; Athena exports the last
 * `days` days of readings (the lake's long format) with the optimised `.sync` integration; the
 * trainer function (the same code as `fleet models train`, src/models/retrain.ts) trains a
 * candidate per model, evaluates it against the current one on the held-back last day, writes the
 * version content-addressed, builds the SageMaker archive from the same model.onnx, and moves
 * `current.json` only when the candidate is not worse. Service integrations:
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-athena.html and
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html. Pure.
 */
import { athenaExportState, lakeReadingsSql } from "../analytics/glue";

export interface RetrainingRefs {
    /** Athena workgroup whose result location the export is written to. */
    workgroup: string;
    database: string;
    table: string;
    trainerFunctionArn: string;
    models: string[];
    /** Days of readings to train on (the last one is held back for the comparison). */
    days: number;
}

/** The export: every telemetry reading of the last `days` days, single and batched (src/analytics/glue.ts lakeReadingsSql). */
export const retrainingSql = (r: Pick<RetrainingRefs, "database" | "table" | "days">) =>
    `SELECT sensor, ts, value FROM (${lakeReadingsSql(r)}) ORDER BY sensor, ts`;

export function retrainingStateMachine(r: RetrainingRefs): Record<string, unknown> {
    if (!Number.isInteger(r.days) || r.days < 2 || r.days > 90) throw new RangeError(`retraining days must be 2-90 (one is held back), got ${r.days}`);
    return {
        Comment: "fleet: retrain the region's anomaly models; promote a candidate only if it is not worse",
        StartAt: "ExportReadings",
        States: {
            ExportReadings: athenaExportState(
                retrainingSql(r),
                r,
                { "queryExecutionId.$": "$.QueryExecution.QueryExecutionId", "csv.$": "$.QueryExecution.ResultConfiguration.OutputLocation" },
                "TrainEachModel",
            ),
            TrainEachModel: {
                Type: "Map",
                ItemsPath: "$.models",
                MaxConcurrency: 2,
                ItemSelector: { "model.$": "$$.Map.Item.Value", "csv.$": "$.export.csv", heldBackDays: 1 },
                ItemProcessor: {
                    ProcessorConfig: { Mode: "INLINE" },
                    StartAt: "Train",
                    States: {
                        Train: {
                            Type: "Task",
                            Resource: "arn:aws:states:::lambda:invoke",
                            Parameters: { FunctionName: r.trainerFunctionArn, "Payload.$": "$" },
                            ResultSelector: { "result.$": "$.Payload" },
                            Retry: [
                                {
                                    ErrorEquals: ["Lambda.TooManyRequestsException", "Lambda.ServiceException"],
                                    IntervalSeconds: 10,
                                    MaxAttempts: 3,
                                    BackoffRate: 2,
                                },
                            ],
                            End: true,
                        },
                    },
                },
                ResultPath: "$.results",
                Next: "Done",
            },
            Done: { Type: "Succeed" },
            ExportFailed: { Type: "Fail", Error: "ExportFailed", Cause: "the Athena export of recent readings failed" },
        },
    };
}

/** The schedule's input: the models to retrain. */
export function retrainingInput(r: Pick<RetrainingRefs, "models">): string {
    return JSON.stringify({ models: [...r.models].sort() });
}
