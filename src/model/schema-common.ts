/**
 * The building blocks both schemas use (see schema.ts): patterns with their human help, names,
 * durations, addresses, protocols, sensors and their transmit modes, equipment types,
 * retention, provisioning, tags.
 */
import { Type } from "@sinclair/typebox";
import { DATA_TYPES, Thresholds } from "./schema-sensor";
import { nameHelp, namePattern } from "./schema-names";

export const API_VERSION = "fleet.iot/v1";

/**
 * A string with a pattern and, for people, what the pattern accepts: `patternErrorMessage` is
 * what editors (yaml-language-server, VS Code) show when the pattern fails, and what
 * `fleet validate` says after "expected".
 */
export const Pattern = (pattern: string, accepted: string, description?: string) =>
    Type.String({ pattern, patternErrorMessage: accepted, ...(description ? { description } : {}) });

/** Names of things inside a site: lowercase, digits and dashes, starting with a letter. */
export const LocalName = (max: number, description: string) => Pattern(namePattern(1, max), nameHelp(1, max), description);

export const TAG_KEY_PATTERN = "^[A-Za-z0-9 _.:/=+@-]{1,128}$";
export const REGION_PATTERN = "^[a-z]{2}(-gov)?-[a-z]+-[0-9]$";
export const TYPE_NAME_PATTERN = namePattern(1, 40);
/** `defaults.greengrass.nucleusSha256`: a SHA-256 as sha256sum prints it, or `at-install` (install.sh reads NUCLEUS_SHA256). */
export const NUCLEUS_SHA256_PATTERN = "^([0-9a-f]{64}|at-install)$";

/** What the patterns of map keys accept (ajv reports a bad key by its pattern alone). */
export const KEY_PATTERN_HELP: Record<string, string> = {
    [TAG_KEY_PATTERN]: "1-128 letters, digits, spaces and _.:/=+@-",
    [REGION_PATTERN]: "an AWS region name such as eu-central-1",
    [TYPE_NAME_PATTERN]: nameHelp(1, 40),
};

export const Duration = Pattern(
    "^[0-9]+(\\.[0-9]+)?[smhdwy]$",
    "a number and a unit (s m h d w y), e.g. 10s, 7d, 7y",
    "A duration: a number and a unit, s m h d w y (e.g. 10s, 7d, 7y).",
);

export const Ipv4 = Pattern("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$", "an IPv4 address a.b.c.d, e.g. 192.168.10.21", "An IPv4 address, e.g. 192.168.10.21.");

export const PROTOCOLS = [
    "opcua",
    "modbus-tcp",
    "s7",
    "ethernet-ip",
    "dnp3",
    "profinet",
    "bacnet",
    "mqtt",
    "mqtts",
    "http",
    "https",
    "ssh",
    "rdp",
    "ntp",
    "dns",
    "syslog",
    "snmp",
    "sql",
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const SENSOR_PROTOCOLS = ["opcua", "modbus-tcp", "s7", "ethernet-ip", "mqtt", "bacnet"] as const;

export const Protocol = Type.Union(
    PROTOCOLS.map((p) => Type.Literal(p)),
    {
        description: "Application protocol; decides the default ports.",
    },
);

export { DATA_TYPES } from "./schema-sensor";

export const Severity = Type.Union([Type.Literal("critical"), Type.Literal("warning"), Type.Literal("info")]);

export const Transmit = Type.Union(
    [
        Type.Object({ mode: Type.Literal("raw") }, { additionalProperties: false, description: "Send every sample." }),
        Type.Object({ mode: Type.Literal("aggregate"), window: Duration }, { additionalProperties: false, description: "Send min/max/mean once per window." }),
        Type.Object(
            { mode: Type.Literal("deadband"), threshold: Type.Number({ exclusiveMinimum: 0 }) },
            { additionalProperties: false, description: "Send when the value moves by threshold." },
        ),
        Type.Object({ mode: Type.Literal("on-change") }, { additionalProperties: false }),
        Type.Object({ mode: Type.Literal("alarm-only") }, { additionalProperties: false, description: "Send only threshold crossings." }),
    ],
    { description: "Selective transmission: raw | aggregate | deadband | on-change | alarm-only." },
);

export const Source = Type.Object(
    {
        protocol: Type.Optional(
            Type.Union(
                SENSOR_PROTOCOLS.map((p) => Type.Literal(p)),
                {
                    description: "Protocol of the read; default: the PLC's protocol.",
                },
            ),
        ),
        nodeId: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: "OPC UA node id." })),
        register: Type.Optional(Type.Integer({ minimum: 0, maximum: 465535, description: "Modbus register." })),
        unitId: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: "Modbus unit id." })),
        tag: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "S7 / EtherNet/IP tag." })),
        topic: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Local MQTT topic." })),
        objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "BACnet object." })),
        address: Type.Optional(Ipv4),
        endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 512, description: "URL of the source." })),
        dataType: Type.Optional(
            Type.Union(
                DATA_TYPES.map((t) => Type.Literal(t)),
                { description: "Modbus register encoding (default uint16)." },
            ),
        ),
        wordOrder: Type.Optional(Type.Union([Type.Literal("big"), Type.Literal("little")], { description: "Modbus: big (default) = high word first." })),
        scale: Type.Optional(Type.Number({ description: "Multiplier from the raw value to the sensor's unit (default 1; not 0)." })),
    },
    { additionalProperties: false, description: "Where the gateway reads the value." },
);

export const SensorFields = {
    kind: Type.String({ minLength: 1, maxLength: 64, description: "What is measured: vibration, temperature, ..." }),
    unit: Type.String({ minLength: 1, maxLength: 32 }),
    sampleRateHz: Type.Number({ exclusiveMinimum: 0, maximum: 100000 }),
    transmit: Transmit,
    thresholds: Type.Optional(Thresholds),
    source: Source,
};

export const TypeSensor = Type.Object({ name: LocalName(40, "Sensor name inside the equipment type."), ...SensorFields }, { additionalProperties: false });

export const EquipmentType = Type.Object(
    {
        description: Type.Optional(Type.String({ maxLength: 256 })),
        sensors: Type.Array(TypeSensor, { minItems: 1, maxItems: 200 }),
    },
    { additionalProperties: false },
);

export const Retention = Type.Object(
    {
        hot: Type.Optional(Duration),
        warm: Type.Optional(Duration),
        archive: Type.Optional(Duration),
    },
    { additionalProperties: false, description: "How long data stays in each storage tier." },
);

export const ProvisioningMode = Type.Union([Type.Literal("fleet-claim"), Type.Literal("csr"), Type.Literal("aws-generated")], {
    description: "How gateways get their identity.",
});

// additionalProperties: false makes the key pattern binding (a Record's pattern alone only
// selects which keys the value schema applies to).
export const Tags = Type.Record(Type.String({ pattern: TAG_KEY_PATTERN }), Type.String({ maxLength: 256 }), {
    additionalProperties: false,
    maxProperties: 40,
    description: "Key-value pairs (at most 40; keys 1-128 letters, digits, spaces and _.:/=+@-; values up to 256 characters).",
});

export const EmailList = Type.Array(Type.String({ format: "email", maxLength: 254 }), { maxItems: 100 });
