/** Schema pieces of a sensor's value: how a Modbus register encodes it and the alarm thresholds on it. */
import { Type } from "@sinclair/typebox";

/** How Modbus registers encode a value (source.dataType). */
export const DATA_TYPES = ["int16", "uint16", "int32", "uint32", "float32", "float64"] as const;

export const Thresholds = Type.Object(
    {
        warning: Type.Optional(Type.Number()),
        critical: Type.Optional(Type.Number()),
        direction: Type.Optional(
            Type.Union([Type.Literal("above"), Type.Literal("below")], {
                description: "Alarm when the value is above (default) or below the thresholds.",
            }),
        ),
        hysteresis: Type.Optional(Type.Number({ minimum: 0, description: "Distance back past a threshold before its alarm clears (default 0)." })),
        holdSeconds: Type.Optional(
            Type.Number({
                minimum: 0,
                description:
                    "Hold time in seconds (default 0): an alarm is raised only once the value has stayed past its threshold this long, and cleared only once it has stayed back past threshold - hysteresis this long.",
            }),
        ),
    },
    { additionalProperties: false },
);
