/**
 * Templates of synthetic fleets: the equipment types of the example fleet (fleet.yaml at the
 * repository root), how each kind of machine is wired (the PLC it sits on and that PLC's
 * protocol), and the industry profiles that mix them. Pure data.
 */

export type TemplateTransmit =
    { mode: "raw" } | { mode: "aggregate"; window: string } | { mode: "deadband"; threshold: number } | { mode: "on-change" } | { mode: "alarm-only" };

export interface TemplateSensor {
    name: string;
    kind: string;
    unit: string;
    sampleRateHz: number;
    transmit: TemplateTransmit;
    thresholds?: { warning: number; critical: number };
    /** The source fields besides the protocol (which is the equipment type's). */
    source: Record<string, string | number>;
}

const s = (
    name: string,
    kind: string,
    unit: string,
    sampleRateHz: number,
    transmit: TemplateTransmit,
    thresholds: { warning: number; critical: number } | undefined,
    source: Record<string, string | number>,
): TemplateSensor => ({ name, kind, unit, sampleRateHz, transmit, thresholds, source });

/** The sensors of every equipment type, as in the example fleet. */
export const TYPE_SENSORS: Record<string, TemplateSensor[]> = {
    "welding-robot": [
        s(
            "axis-vibration",
            "vibration",
            "mm/s",
            100,
            { mode: "aggregate", window: "10s" },
            { warning: 4.5, critical: 7.1 },
            { nodeId: "ns=3;s={equipment}.Axis4.Vibration" },
        ),
        s(
            "motor-current",
            "current",
            "A",
            10,
            { mode: "deadband", threshold: 0.5 },
            { warning: 18, critical: 22 },
            { nodeId: "ns=3;s={equipment}.Axis4.Current" },
        ),
        s(
            "weld-current",
            "current",
            "A",
            20,
            { mode: "aggregate", window: "1s" },
            { warning: 320, critical: 350 },
            { nodeId: "ns=3;s={equipment}.Torch.WeldCurrent" },
        ),
        s(
            "wire-feed-speed",
            "speed",
            "m/min",
            5,
            { mode: "deadband", threshold: 0.2 },
            { warning: 14, critical: 16 },
            { nodeId: "ns=3;s={equipment}.Torch.WireFeedSpeed" },
        ),
        s(
            "torch-temperature",
            "temperature",
            "°C",
            1,
            { mode: "deadband", threshold: 1 },
            { warning: 70, critical: 85 },
            { nodeId: "ns=3;s={equipment}.Torch.Temperature" },
        ),
        s("shielding-gas-flow", "flow", "l/min", 1, { mode: "raw" }, undefined, { nodeId: "ns=3;s={equipment}.Torch.GasFlow" }),
    ],
    press: [
        s("tonnage", "force", "kN", 50, { mode: "aggregate", window: "1s" }, { warning: 7200, critical: 7800 }, { tag: "DB10.DBD0" }),
        s("main-motor-current", "current", "A", 10, { mode: "deadband", threshold: 2 }, { warning: 420, critical: 480 }, { tag: "DB10.DBD4" }),
        s("hydraulic-pressure", "pressure", "bar", 10, { mode: "deadband", threshold: 2 }, { warning: 260, critical: 290 }, { tag: "DB10.DBD8" }),
        s("oil-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 0.5 }, { warning: 55, critical: 65 }, { tag: "DB10.DBD12" }),
        s("flywheel-vibration", "vibration", "mm/s", 50, { mode: "aggregate", window: "10s" }, { warning: 4.5, critical: 7.1 }, { tag: "DB10.DBD16" }),
        s("stroke-rate", "speed", "strokes/min", 1, { mode: "raw" }, undefined, { tag: "DB10.DBD20" }),
    ],
    "conveyor-drive": [
        s(
            "motor-current",
            "current",
            "A",
            5,
            { mode: "deadband", threshold: 0.3 },
            { warning: 12, critical: 15 },
            { nodeId: "ns=3;s={equipment}.Drive.Current" },
        ),
        s("belt-speed", "speed", "m/min", 1, { mode: "on-change" }, undefined, { nodeId: "ns=3;s={equipment}.Drive.Speed" }),
        s(
            "gearbox-temperature",
            "temperature",
            "°C",
            0.2,
            { mode: "deadband", threshold: 1 },
            { warning: 80, critical: 95 },
            { nodeId: "ns=3;s={equipment}.Gearbox.Temperature" },
        ),
        s(
            "gearbox-vibration",
            "vibration",
            "mm/s",
            50,
            { mode: "aggregate", window: "60s" },
            { warning: 4.5, critical: 7.1 },
            { nodeId: "ns=3;s={equipment}.Gearbox.Vibration" },
        ),
        s("motor-power", "power", "kW", 1, { mode: "aggregate", window: "60s" }, { warning: 5.5, critical: 7 }, { nodeId: "ns=3;s={equipment}.Drive.Power" }),
    ],
    compressor: [
        s("discharge-pressure", "pressure", "bar", 1, { mode: "deadband", threshold: 0.1 }, { warning: 8.5, critical: 9.5 }, { register: 30001 }),
        s("discharge-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 1 }, { warning: 100, critical: 110 }, { register: 30003 }),
        s("motor-power", "power", "kW", 1, { mode: "aggregate", window: "60s" }, { warning: 80, critical: 90 }, { register: 30005 }),
        s("pressure-dew-point", "temperature", "°C", 0.1, { mode: "deadband", threshold: 0.5 }, { warning: 5, critical: 10 }, { register: 30007 }),
        s("motor-vibration", "vibration", "mm/s", 10, { mode: "alarm-only" }, { warning: 4.5, critical: 7.1 }, { register: 30009 }),
    ],
    "hvac-ahu": [
        s("supply-air-temperature", "temperature", "°C", 0.2, { mode: "deadband", threshold: 0.2 }, { warning: 22, critical: 24 }, { register: 30001 }),
        s("return-air-humidity", "humidity", "%RH", 0.2, { mode: "deadband", threshold: 1 }, { warning: 55, critical: 60 }, { register: 30003 }),
        s("filter-differential-pressure", "pressure", "Pa", 0.1, { mode: "deadband", threshold: 5 }, { warning: 250, critical: 300 }, { register: 30005 }),
        s("fan-speed", "speed", "rpm", 1, { mode: "deadband", threshold: 20 }, undefined, { register: 30007 }),
        s("fan-vibration", "vibration", "mm/s", 10, { mode: "alarm-only" }, { warning: 4.5, critical: 7.1 }, { register: 30009 }),
        s("supply-airflow", "flow", "m3/h", 1, { mode: "aggregate", window: "60s" }, undefined, { register: 30011 }),
    ],
    "filling-machine": [
        s(
            "isolator-particles",
            "particle-count",
            "particles/m3",
            1,
            { mode: "aggregate", window: "60s" },
            { warning: 2000, critical: 3520 },
            { nodeId: "ns=3;s={equipment}.Isolator.Particles05" },
        ),
        s("isolator-pressure", "pressure", "Pa", 1, { mode: "deadband", threshold: 1 }, undefined, { nodeId: "ns=3;s={equipment}.Isolator.DiffPressure" }),
        s(
            "isolator-temperature",
            "temperature",
            "°C",
            0.5,
            { mode: "deadband", threshold: 0.2 },
            { warning: 24, critical: 25 },
            { nodeId: "ns=3;s={equipment}.Isolator.Temperature" },
        ),
        s(
            "isolator-humidity",
            "humidity",
            "%RH",
            0.5,
            { mode: "deadband", threshold: 1 },
            { warning: 55, critical: 60 },
            { nodeId: "ns=3;s={equipment}.Isolator.Humidity" },
        ),
        s(
            "fill-weight-deviation",
            "weight",
            "%",
            5,
            { mode: "aggregate", window: "10s" },
            { warning: 1, critical: 2 },
            { nodeId: "ns=3;s={equipment}.Checkweigher.Deviation" },
        ),
        s(
            "main-drive-current",
            "current",
            "A",
            5,
            { mode: "deadband", threshold: 0.2 },
            { warning: 8, critical: 10 },
            { nodeId: "ns=3;s={equipment}.MainDrive.Current" },
        ),
        s("output-rate", "speed", "vials/min", 1, { mode: "raw" }, undefined, { nodeId: "ns=3;s={equipment}.Line.OutputRate" }),
    ],
    lyophilizer: [
        s("shelf-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 0.2 }, undefined, { nodeId: "ns=3;s={equipment}.Shelf.Temperature" }),
        s(
            "product-temperature",
            "temperature",
            "°C",
            1,
            { mode: "deadband", threshold: 0.2 },
            { warning: -32, critical: -30 },
            { nodeId: "ns=3;s={equipment}.Product.Temperature" },
        ),
        s(
            "chamber-pressure",
            "pressure",
            "mbar",
            1,
            { mode: "deadband", threshold: 0.005 },
            { warning: 0.15, critical: 0.2 },
            { nodeId: "ns=3;s={equipment}.Chamber.Pressure" },
        ),
        s(
            "condenser-temperature",
            "temperature",
            "°C",
            1,
            { mode: "deadband", threshold: 0.5 },
            { warning: -60, critical: -50 },
            { nodeId: "ns=3;s={equipment}.Condenser.Temperature" },
        ),
        s(
            "vacuum-pump-vibration",
            "vibration",
            "mm/s",
            50,
            { mode: "aggregate", window: "60s" },
            { warning: 2.8, critical: 4.5 },
            { nodeId: "ns=3;s={equipment}.VacuumPump.Vibration" },
        ),
        s(
            "vacuum-pump-current",
            "current",
            "A",
            2,
            { mode: "aggregate", window: "10s" },
            { warning: 12, critical: 15 },
            { nodeId: "ns=3;s={equipment}.VacuumPump.Current" },
        ),
        s(
            "refrigeration-power",
            "power",
            "kW",
            1,
            { mode: "aggregate", window: "60s" },
            { warning: 45, critical: 55 },
            { nodeId: "ns=3;s={equipment}.Refrigeration.Power" },
        ),
    ],
    autoclave: [
        s("chamber-temperature", "temperature", "°C", 1, { mode: "raw" }, { warning: 124, critical: 126 }, { tag: "DB20.DBD0" }),
        s("chamber-pressure", "pressure", "bar", 1, { mode: "raw" }, { warning: 2.3, critical: 2.5 }, { tag: "DB20.DBD4" }),
        s("jacket-pressure", "pressure", "bar", 1, { mode: "deadband", threshold: 0.02 }, { warning: 2.4, critical: 2.8 }, { tag: "DB20.DBD8" }),
        s("drain-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 0.2 }, undefined, { tag: "DB20.DBD12" }),
        s("steam-flow", "flow", "kg/h", 1, { mode: "aggregate", window: "60s" }, { warning: 180, critical: 220 }, { tag: "DB20.DBD16" }),
        s("cooling-water-temperature", "temperature", "°C", 1, { mode: "alarm-only" }, { warning: 35, critical: 45 }, { tag: "DB20.DBD20" }),
    ],
    "solder-paste-printer": [
        s(
            "squeegee-force",
            "force",
            "N",
            10,
            { mode: "aggregate", window: "10s" },
            { warning: 100, critical: 120 },
            { nodeId: "ns=4;s={equipment}.Squeegee.Force" },
        ),
        s("print-speed", "speed", "mm/s", 1, { mode: "on-change" }, undefined, { nodeId: "ns=4;s={equipment}.Squeegee.Speed" }),
        s(
            "enclosure-temperature",
            "temperature",
            "°C",
            0.2,
            { mode: "deadband", threshold: 0.2 },
            { warning: 26, critical: 28 },
            { nodeId: "ns=4;s={equipment}.Enclosure.Temperature" },
        ),
        s(
            "enclosure-humidity",
            "humidity",
            "%RH",
            0.2,
            { mode: "deadband", threshold: 1 },
            { warning: 60, critical: 70 },
            { nodeId: "ns=4;s={equipment}.Enclosure.Humidity" },
        ),
        s(
            "camera-axis-current",
            "current",
            "A",
            5,
            { mode: "deadband", threshold: 0.1 },
            { warning: 3, critical: 4 },
            { nodeId: "ns=4;s={equipment}.CameraAxis.Current" },
        ),
    ],
    "pick-and-place": [
        s(
            "head-vibration",
            "vibration",
            "mm/s",
            100,
            { mode: "aggregate", window: "10s" },
            { warning: 2.8, critical: 4.5 },
            { nodeId: "ns=4;s={equipment}.Head.Vibration" },
        ),
        s("nozzle-vacuum", "pressure", "kPa", 5, { mode: "deadband", threshold: 1 }, undefined, { nodeId: "ns=4;s={equipment}.Head.Vacuum" }),
        s("placement-rate", "speed", "cph", 1, { mode: "raw" }, undefined, { nodeId: "ns=4;s={equipment}.Production.PlacementRate" }),
        s(
            "servo-current",
            "current",
            "A",
            10,
            { mode: "deadband", threshold: 0.2 },
            { warning: 6, critical: 8 },
            { nodeId: "ns=4;s={equipment}.Gantry.ServoCurrent" },
        ),
        s(
            "enclosure-temperature",
            "temperature",
            "°C",
            0.2,
            { mode: "deadband", threshold: 0.5 },
            { warning: 35, critical: 40 },
            { nodeId: "ns=4;s={equipment}.Enclosure.Temperature" },
        ),
    ],
    "reflow-oven": [
        s("peak-zone-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 0.5 }, { warning: 255, critical: 265 }, { tag: "PeakZone_PV" }),
        s("soak-zone-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 0.5 }, { warning: 200, critical: 215 }, { tag: "SoakZone_PV" }),
        s("cooling-zone-temperature", "temperature", "°C", 1, { mode: "deadband", threshold: 1 }, { warning: 80, critical: 100 }, { tag: "CoolZone_PV" }),
        s("conveyor-speed", "speed", "cm/min", 1, { mode: "on-change" }, undefined, { tag: "Conveyor_Speed" }),
        s("nitrogen-flow", "flow", "m3/h", 1, { mode: "aggregate", window: "60s" }, undefined, { tag: "N2_Flow" }),
        s("heater-power", "power", "kW", 1, { mode: "aggregate", window: "60s" }, { warning: 45, critical: 55 }, { tag: "Heater_Power" }),
        s("blower-vibration", "vibration", "mm/s", 20, { mode: "alarm-only" }, { warning: 4.5, critical: 7.1 }, { tag: "Blower_Vibration" }),
    ],
    "aoi-inspection": [
        s(
            "camera-temperature",
            "temperature",
            "°C",
            0.2,
            { mode: "deadband", threshold: 0.5 },
            { warning: 45, critical: 55 },
            { nodeId: "ns=4;s={equipment}.Camera.Temperature" },
        ),
        s(
            "light-source-current",
            "current",
            "A",
            1,
            { mode: "deadband", threshold: 0.05 },
            { warning: 2.5, critical: 3 },
            { nodeId: "ns=4;s={equipment}.Lighting.Current" },
        ),
        s(
            "enclosure-humidity",
            "humidity",
            "%RH",
            0.1,
            { mode: "on-change" },
            { warning: 60, critical: 70 },
            { nodeId: "ns=4;s={equipment}.Enclosure.Humidity" },
        ),
        s(
            "gantry-vibration",
            "vibration",
            "mm/s",
            50,
            { mode: "aggregate", window: "60s" },
            { warning: 2.8, critical: 4.5 },
            { nodeId: "ns=4;s={equipment}.Gantry.Vibration" },
        ),
        s("inspection-rate", "speed", "boards/h", 1, { mode: "raw" }, undefined, { nodeId: "ns=4;s={equipment}.Production.BoardRate" }),
    ],
};

/** How a machine of a type is wired to the plant network. */
export interface TypeWiring {
    /** Protocol of the PLC (or controller) its sensors are read through. */
    protocol: "opcua" | "s7" | "modbus-tcp" | "ethernet-ip";
    /** `line`: machines share a line controller (up to `perPlc` each); `own`: one PLC per machine. */
    plc: "line" | "own";
    perPlc: number;
    /** Where the PLC sits: the production cell or the utilities zone. */
    zone: "line" | "utilities";
    vendor: string;
    model: string;
    /** A short fragment for machine and PLC names. */
    short: string;
    description: string;
}

export const TYPE_WIRING: Record<string, TypeWiring> = {
    "welding-robot": {
        protocol: "opcua",
        plc: "line",
        perPlc: 6,
        zone: "line",
        vendor: "Siemens",
        model: "S7-1516",
        short: "weld-robot",
        description: "MIG/MAG arc-welding robot, tags via the cell PLC's OPC UA server",
    },
    press: {
        protocol: "s7",
        plc: "own",
        perPlc: 1,
        zone: "line",
        vendor: "Siemens",
        model: "S7-1518",
        short: "press",
        description: "Servo stamping press, one S7-1500 per press",
    },
    "conveyor-drive": {
        protocol: "opcua",
        plc: "line",
        perPlc: 8,
        zone: "line",
        vendor: "Siemens",
        model: "S7-1515",
        short: "conveyor",
        description: "Skid conveyor drive, tags via the conveyor PLC's OPC UA server",
    },
    compressor: {
        protocol: "modbus-tcp",
        plc: "own",
        perPlc: 1,
        zone: "utilities",
        vendor: "Kaeser",
        model: "SIGMA CONTROL 2",
        short: "compressor",
        description: "Screw air compressor; its controller speaks Modbus/TCP",
    },
    "hvac-ahu": {
        protocol: "modbus-tcp",
        plc: "own",
        perPlc: 1,
        zone: "utilities",
        vendor: "Siemens",
        model: "Desigo PXC5",
        short: "ahu",
        description: "Air-handling unit; its controller speaks Modbus/TCP",
    },
    "filling-machine": {
        protocol: "opcua",
        plc: "line",
        perPlc: 2,
        zone: "line",
        vendor: "Siemens",
        model: "S7-1517F",
        short: "filler",
        description: "Aseptic vial filler in an isolator",
    },
    lyophilizer: {
        protocol: "opcua",
        plc: "own",
        perPlc: 1,
        zone: "line",
        vendor: "B&R",
        model: "X20CP3586",
        short: "lyo",
        description: "Freeze dryer with its own PLC",
    },
    autoclave: {
        protocol: "s7",
        plc: "own",
        perPlc: 1,
        zone: "line",
        vendor: "Siemens",
        model: "S7-1515",
        short: "autoclave",
        description: "Steam sterilizer, one S7-1500 per autoclave",
    },
    "solder-paste-printer": {
        protocol: "opcua",
        plc: "line",
        perPlc: 7,
        zone: "line",
        vendor: "Beckhoff",
        model: "CX2040",
        short: "printer",
        description: "Stencil printer on the SMT line controller",
    },
    "pick-and-place": {
        protocol: "opcua",
        plc: "line",
        perPlc: 7,
        zone: "line",
        vendor: "Beckhoff",
        model: "CX2040",
        short: "pnp",
        description: "SMT placement machine on the SMT line controller",
    },
    "reflow-oven": {
        protocol: "ethernet-ip",
        plc: "own",
        perPlc: 1,
        zone: "line",
        vendor: "Rockwell Automation",
        model: "CompactLogix 5380",
        short: "reflow",
        description: "Convection reflow oven on its own CompactLogix",
    },
    "aoi-inspection": {
        protocol: "opcua",
        plc: "line",
        perPlc: 7,
        zone: "line",
        vendor: "Beckhoff",
        model: "CX2040",
        short: "aoi",
        description: "Automated optical inspection on the SMT line controller",
    },
};

/** A kind of plant: the machines it runs, with relative weights, and where such plants are. */
export interface IndustryProfile {
    industry: string;
    /** Equipment types and how many of each in a cycle of the plant's machines. */
    mix: [type: string, weight: number][];
    /** Names of the cell segment and of the site's label `area`. */
    area: string;
}

export const PROFILES: IndustryProfile[] = [
    {
        industry: "automotive",
        area: "body-shop",
        mix: [
            ["welding-robot", 6],
            ["conveyor-drive", 4],
            ["press", 2],
            ["compressor", 1],
        ],
    },
    {
        industry: "pharmaceutical",
        area: "fill-finish",
        mix: [
            ["filling-machine", 2],
            ["lyophilizer", 2],
            ["autoclave", 2],
            ["hvac-ahu", 2],
            ["compressor", 1],
        ],
    },
    {
        industry: "electronics",
        area: "smt",
        mix: [
            ["solder-paste-printer", 1],
            ["pick-and-place", 4],
            ["reflow-oven", 1],
            ["aoi-inspection", 2],
            ["compressor", 1],
            ["hvac-ahu", 1],
        ],
    },
    {
        industry: "general-assembly",
        area: "assembly",
        mix: [
            ["conveyor-drive", 4],
            ["welding-robot", 2],
            ["compressor", 1],
            ["hvac-ahu", 1],
        ],
    },
];

/** Regions a synthetic fleet spreads over, in order, with plant locations in each. */
export const REGIONS: { name: string; locations: { country: string; city: string; timezone: string }[] }[] = [
    {
        name: "eu-central-1",
        locations: [
            { country: "DE", city: "Stuttgart", timezone: "Europe/Berlin" },
            { country: "CZ", city: "Pilsen", timezone: "Europe/Prague" },
            { country: "IE", city: "Cork", timezone: "Europe/Dublin" },
        ],
    },
    {
        name: "us-east-2",
        locations: [
            { country: "US", city: "Columbus", timezone: "America/New_York" },
            { country: "US", city: "Austin", timezone: "America/Chicago" },
            { country: "MX", city: "Monterrey", timezone: "America/Monterrey" },
        ],
    },
    {
        name: "ap-northeast-1",
        locations: [
            { country: "JP", city: "Nagoya", timezone: "Asia/Tokyo" },
            { country: "KR", city: "Ulsan", timezone: "Asia/Seoul" },
        ],
    },
    {
        name: "eu-west-1",
        locations: [
            { country: "GB", city: "Sunderland", timezone: "Europe/London" },
            { country: "ES", city: "Zaragoza", timezone: "Europe/Madrid" },
        ],
    },
    {
        name: "us-west-2",
        locations: [
            { country: "US", city: "Portland", timezone: "America/Los_Angeles" },
            { country: "US", city: "Fremont", timezone: "America/Los_Angeles" },
        ],
    },
    {
        name: "ap-southeast-1",
        locations: [
            { country: "SG", city: "Singapore", timezone: "Asia/Singapore" },
            { country: "MY", city: "Penang", timezone: "Asia/Kuala_Lumpur" },
        ],
    },
    { name: "sa-east-1", locations: [{ country: "BR", city: "Sao Paulo", timezone: "America/Sao_Paulo" }] },
    {
        name: "ap-south-1",
        locations: [
            { country: "IN", city: "Pune", timezone: "Asia/Kolkata" },
            { country: "IN", city: "Chennai", timezone: "Asia/Kolkata" },
        ],
    },
    { name: "eu-north-1", locations: [{ country: "SE", city: "Gothenburg", timezone: "Europe/Stockholm" }] },
    { name: "ca-central-1", locations: [{ country: "CA", city: "Windsor", timezone: "America/Toronto" }] },
    { name: "ap-southeast-2", locations: [{ country: "AU", city: "Melbourne", timezone: "Australia/Melbourne" }] },
    { name: "eu-south-1", locations: [{ country: "IT", city: "Turin", timezone: "Europe/Rome" }] },
];
