/**
 * The one source of truth for the shape of `fleet.yaml` and `sites/*.yaml`.
 *
 * The TypeBox definitions below are at once the JSON Schemas that ajv checks (and that
 * `schema/*.schema.json` are written from, for editors) and the TypeScript types of the raw
 * files (`Static<typeof ...>`). A test keeps the committed schema files equal to these.
 */
import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Cidr, RegionNetwork, SiteCloudNetwork } from "./schema-network";
import { GovernedSuppressions } from "./schema-suppressions";
import { Limits, Quotas } from "./schema-scale";
export { SITE_FILES_CEILING } from "./schema-scale";
import { FLEET_NAME_HELP, FLEET_NAME_PATTERN, SITE_NAME_PATTERN, nameHelp, namePattern } from "./schema-names";

export { SITE_NAME_PATTERN, FLEET_NAME_PATTERN, FLEET_NAME_HELP, NEW_FLEET_NAME_PATTERN, NEW_FLEET_NAME_HELP } from "./schema-names";
import {
    API_VERSION,
    EmailList,
    EquipmentType,
    Ipv4,
    LocalName,
    NUCLEUS_SHA256_PATTERN,
    Pattern,
    Protocol,
    ProvisioningMode,
    REGION_PATTERN,
    Retention,
    SENSOR_PROTOCOLS,
    SensorFields,
    Severity,
    Source,
    Tags,
    Transmit,
    TYPE_NAME_PATTERN,
    TypeSensor,
} from "./schema-common";
export { API_VERSION, NUCLEUS_SHA256_PATTERN, KEY_PATTERN_HELP, PROTOCOLS, SENSOR_PROTOCOLS } from "./schema-common";
export type { Protocol } from "./schema-common";

const Region = Type.Object(
    {
        analytics: Type.Optional(
            Type.Object(
                {
                    stream: Type.Optional(
                        Type.Union([
                            Type.Object({ mode: Type.Literal("on-demand") }, { additionalProperties: false }),
                            Type.Object(
                                { mode: Type.Literal("provisioned"), shards: Type.Integer({ minimum: 1, maximum: 500 }) },
                                { additionalProperties: false },
                            ),
                        ]),
                    ),
                    timeseries: Type.Optional(
                        Type.Object(
                            {
                                engine: Type.Literal("influxdb"),
                                instanceType: Type.Optional(
                                    Pattern(
                                        "^db\\.influx\\.(medium|large|xlarge|2xlarge|4xlarge|8xlarge|12xlarge|16xlarge|24xlarge)$",
                                        "db.influx.<size> with size medium, large, xlarge, 2xlarge, 4xlarge, 8xlarge, 12xlarge, 16xlarge or 24xlarge",
                                        "Timestream for InfluxDB instance type; default db.influx.medium.",
                                    ),
                                ),
                                storageGiB: Type.Optional(Type.Integer({ minimum: 20, maximum: 16384 })),
                            },
                            { additionalProperties: false },
                        ),
                    ),
                    grafana: Type.Optional(Type.Boolean()),
                    eks: Type.Optional(Type.Boolean()),
                    ecs: Type.Optional(Type.Boolean()),
                    sagemaker: Type.Optional(Type.Boolean()),
                    comprehend: Type.Optional(Type.Boolean()),
                    quicksight: Type.Optional(Type.Boolean()),
                    forecasting: Type.Optional(Type.Boolean({ description: "scheduled forecasts of production, energy and consumption sensors" })),
                },
                { additionalProperties: false },
            ),
        ),
        alerts: Type.Optional(Type.Object({ email: Type.Optional(EmailList) }, { additionalProperties: false })),
        production: Type.Optional(Type.Boolean({ description: "Deploys wait for a manual approval." })),
        network: Type.Optional(RegionNetwork),
        account: Type.Optional(
            Pattern(
                "^[a-z0-9][a-z0-9-]{0,31}$",
                "an account id or alias: lower-case letters, digits and hyphens, up to 32",
                "AWS account of this region's stacks (stack layout, fan-out budget, quota counts); default: the account of the credentials.",
            ),
        ),
    },
    { additionalProperties: false },
);

export const FleetSchema = Type.Object(
    {
        apiVersion: Type.Literal(API_VERSION),
        kind: Type.Literal("Fleet"),
        metadata: Type.Object(
            { name: Pattern(FLEET_NAME_PATTERN, FLEET_NAME_HELP, "Prefix of every cloud resource name; name new fleets without '-' (validate warns why).") },
            { additionalProperties: false },
        ),
        spec: Type.Object(
            {
                tags: Type.Optional(Tags),
                defaults: Type.Optional(
                    Type.Object(
                        {
                            provisioning: Type.Optional(ProvisioningMode),
                            retention: Type.Optional(Retention),
                            greengrass: Type.Optional(
                                Type.Object(
                                    {
                                        nucleusVersion: Type.Optional(
                                            Pattern(
                                                "^[0-9]+\\.[0-9]+\\.[0-9]+$",
                                                "a version MAJOR.MINOR.PATCH, e.g. 2.14.3",
                                                "Greengrass nucleus version; default 2.14.3.",
                                            ),
                                        ),
                                        nucleusSha256: Type.Optional(
                                            Pattern(
                                                NUCLEUS_SHA256_PATTERN,
                                                "64 lower-case hexadecimal digits as sha256sum prints them, or at-install",
                                                "SHA-256 of greengrass-<nucleusVersion>.zip, which fleet bootstrap writes into install.sh (sha256sum of the archive, downloaded once from a trusted workstation); `at-install`: install.sh takes it from NUCLEUS_SHA256 in its environment.",
                                            ),
                                        ),
                                    },
                                    { additionalProperties: false },
                                ),
                            ),
                        },
                        { additionalProperties: false },
                    ),
                ),
                regions: Type.Record(Type.String({ pattern: REGION_PATTERN }), Region, {
                    additionalProperties: false,
                    minProperties: 1,
                    maxProperties: 40,
                }),
                equipmentTypes: Type.Optional(
                    Type.Record(Type.String({ pattern: TYPE_NAME_PATTERN }), EquipmentType, { additionalProperties: false, maxProperties: 500 }),
                ),
                quotas: Type.Optional(Quotas),
                limits: Type.Optional(Limits),
                suppressions: Type.Optional(GovernedSuppressions),
            },
            { additionalProperties: false },
        ),
    },
    {
        additionalProperties: false,
        $id: "https://fleet.iot/schema/fleet.schema.json",
        title: "fleet.yaml",
        description: "Fleet-wide settings: name prefix, tags, defaults, regions and equipment types. See docs/site-files.md.",
    },
);

const Segment = Type.Object(
    {
        name: LocalName(40, "Zone name."),
        purdueLevel: Type.Union(
            [0, 1, 2, 3, 3.5, 4, 5].map((l) => Type.Literal(l)),
            {
                description: "Purdue level: 0, 1, 2, 3, 3.5 (industrial DMZ), 4, 5.",
            },
        ),
        cidr: Cidr,
        description: Type.Optional(Type.String({ maxLength: 256 })),
    },
    { additionalProperties: false },
);

const Conduit = Type.Object(
    {
        name: LocalName(40, "Conduit name."),
        from: Type.String({ minLength: 1, description: "Segment that opens the connection." }),
        to: Type.String({ minLength: 1, description: "Segment, or `cloud` for the site's AWS endpoints." }),
        protocol: Protocol,
        ports: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 65535 }), { minItems: 1, maxItems: 32 })),
        justification: Type.Optional(Type.String({ maxLength: 512 })),
    },
    { additionalProperties: false },
);

const Gateway = Type.Object(
    {
        name: LocalName(40, "Gateway name; part of its IoT thing name."),
        segment: Type.String({ minLength: 1 }),
        address: Ipv4,
        serial: Pattern("^[A-Za-z0-9:_-]{1,64}$", "1-64 letters, digits, ':', '_' and '-'", "Serial number admitted by fleet provisioning."),
        hardware: Type.Optional(
            Type.Object(
                {
                    model: Type.Optional(Type.String({ maxLength: 128 })),
                    arch: Type.Optional(Type.Union([Type.Literal("x86_64"), Type.Literal("aarch64"), Type.Literal("armv7l")])),
                },
                { additionalProperties: false },
            ),
        ),
        edgeInference: Type.Optional(
            Type.Object({ model: Pattern(namePattern(1, 63), nameHelp(1, 63), "Edge ML model name.") }, { additionalProperties: false }),
        ),
        previousNames: Type.Optional(Type.Array(LocalName(40, "An earlier name of this gateway."), { maxItems: 10 })),
    },
    { additionalProperties: false },
);

const Plc = Type.Object(
    {
        name: LocalName(40, "PLC name."),
        segment: Type.String({ minLength: 1 }),
        address: Ipv4,
        vendor: Type.Optional(Type.String({ maxLength: 64 })),
        model: Type.Optional(Type.String({ maxLength: 64 })),
        protocol: Type.Union(SENSOR_PROTOCOLS.map((p) => Type.Literal(p))),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: "Port the PLC listens on; default: its protocol's." })),
    },
    { additionalProperties: false },
);

const Equipment = Type.Object(
    {
        name: LocalName(40, "Machine name; prefix of its sensors' names."),
        type: Type.String({ minLength: 1, description: "An equipment type of fleet.yaml." }),
        criticality: Type.Optional(Type.Union([Type.Literal("A"), Type.Literal("B"), Type.Literal("C")])),
        plc: Type.Optional(Type.String({ minLength: 1 })),
        gateway: Type.String({ minLength: 1 }),
    },
    { additionalProperties: false },
);

const Sensor = Type.Object(
    { name: LocalName(80, "Sensor name, unique in the site."), gateway: Type.String({ minLength: 1 }), ...SensorFields },
    { additionalProperties: false },
);

export const SiteSchema = Type.Object(
    {
        apiVersion: Type.Literal(API_VERSION),
        kind: Type.Literal("Site"),
        metadata: Type.Object(
            {
                name: Pattern(SITE_NAME_PATTERN, nameHelp(2, 31), "Site name, unique in the fleet."),
                region: Type.String({ minLength: 1, description: "A region of fleet.yaml." }),
                labels: Type.Optional(Tags),
                previousNames: Type.Optional(Type.Array(Pattern(SITE_NAME_PATTERN, nameHelp(2, 31), "An earlier name of this site."), { maxItems: 10 })),
            },
            { additionalProperties: false },
        ),
        spec: Type.Object(
            {
                location: Type.Optional(
                    Type.Object(
                        {
                            country: Type.Optional(Pattern("^[A-Z]{2}$", "a two-letter country code in capitals (ISO 3166), e.g. DE")),
                            city: Type.Optional(Type.String({ maxLength: 128 })),
                            timezone: Type.Optional(Type.String({ maxLength: 64 })),
                        },
                        { additionalProperties: false },
                    ),
                ),
                connectivity: Type.Object(
                    {
                        uplink: Type.Union([Type.Literal("vpn"), Type.Literal("direct-connect"), Type.Literal("internet")]),
                        bandwidthKbps: Type.Integer({ minimum: 1, maximum: 100000000 }),
                        offlineBufferMiB: Type.Optional(Type.Integer({ minimum: 16, maximum: 1048576 })),
                        vpn: Type.Optional(
                            Type.Object(
                                {
                                    peerIp: Ipv4,
                                    bgpAsn: Type.Optional(
                                        Type.Integer({ minimum: 1, maximum: 4294967294, description: "The plant router's BGP ASN; default 65000." }),
                                    ),
                                },
                                {
                                    additionalProperties: false,
                                    description: "The plant's side of the Site-to-Site VPN (uplink: vpn): its public IPv4 address.",
                                },
                            ),
                        ),
                    },
                    { additionalProperties: false },
                ),
                cloudNetwork: Type.Optional(SiteCloudNetwork),
                provisioning: Type.Optional(Type.Object({ mode: ProvisioningMode }, { additionalProperties: false })),
                segments: Type.Array(Segment, { minItems: 1, maxItems: 200 }),
                conduits: Type.Optional(Type.Array(Conduit, { maxItems: 1000 })),
                gateways: Type.Array(Gateway, { minItems: 1, maxItems: 5000 }),
                plcs: Type.Optional(Type.Array(Plc, { maxItems: 5000 })),
                equipment: Type.Optional(Type.Array(Equipment, { maxItems: 20000 })),
                sensors: Type.Optional(Type.Array(Sensor, { maxItems: 20000 })),
                alerts: Type.Optional(
                    Type.Object(
                        {
                            subscribers: Type.Optional(
                                Type.Array(
                                    Type.Object(
                                        {
                                            email: Type.String({ format: "email", maxLength: 254 }),
                                            severities: Type.Optional(Type.Array(Severity, { minItems: 1, uniqueItems: true })),
                                        },
                                        { additionalProperties: false },
                                    ),
                                    { maxItems: 100 },
                                ),
                            ),
                        },
                        { additionalProperties: false },
                    ),
                ),
                retention: Type.Optional(Retention),
                suppressions: Type.Optional(
                    Type.Array(
                        Type.Object(
                            {
                                policy: Type.String({ minLength: 1 }),
                                target: Pattern(
                                    "^[a-z-]+/[A-Za-z0-9:_./-]{1,128}$",
                                    "kind/name with kind site, segment, conduit, gateway, plc, equipment or sensor, e.g. conduit/legacy-modbus",
                                    "What the exception covers: kind/name, e.g. conduit/legacy-modbus.",
                                ),
                                reason: Type.String({ minLength: 10, maxLength: 1024 }),
                            },
                            { additionalProperties: false },
                        ),
                        { maxItems: 200 },
                    ),
                ),
            },
            { additionalProperties: false },
        ),
    },
    {
        additionalProperties: false,
        $id: "https://fleet.iot/schema/site.schema.json",
        title: "sites/<site>.yaml",
        description: "One factory: networks, zones and conduits, gateways, PLCs, equipment and sensors. See docs/site-files.md.",
    },
);

export type FleetFile = Static<typeof FleetSchema>;
export type SiteFile = Static<typeof SiteSchema>;
export type SiteSensorFile = Static<typeof Sensor>;
export type TypeSensorFile = Static<typeof TypeSensor>;
export type TransmitFile = Static<typeof Transmit>;
export type SourceFile = Static<typeof Source>;
export type RetentionFile = Static<typeof Retention>;

/** The JSON Schema document (draft-07) for a schema, as written to `schema/`. */
export function toJsonSchema(schema: TSchema): Record<string, unknown> {
    const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    const { $id, title, description, ...rest } = plain;
    return { $schema: "http://json-schema.org/draft-07/schema#", $id, title, description, ...rest };
}
