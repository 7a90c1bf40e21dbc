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

/** Shorthands of TYPE_SENSORS (each call a fresh object, as the table had). */
const agg = (window: string): TemplateTransmit => ({ mode: "aggregate", window });
const deadband = (threshold: number): TemplateTransmit => ({ mode: "deadband", threshold });
const raw = (): TemplateTransmit => ({ mode: "raw" });
const onChange = (): TemplateTransmit => ({ mode: "on-change" });
const alarmOnly = (): TemplateTransmit => ({ mode: "alarm-only" });
const th = (warning: number, critical: number) => ({ warning, critical });

/** The sensors of every equipment type, as in the example fleet. */
export const TYPE_SENSORS: Record<string, TemplateSensor[]> = {
    "welding-robot": [
        s("axis-vibration", "vibration", "mm/s", 100, agg("10s"), th(4.5, 7.1), { nodeId: "ns=3;s={equipment}.Axis4.Vibration" }),
        s("motor-current", "current", "A", 10, deadband(0.5), th(18, 22), { nodeId: "ns=3;s={equipment}.Axis4.Current" }),
        s("weld-current", "current", "A", 20, agg("1s"), th(320, 350), { nodeId: "ns=3;s={equipment}.Torch.WeldCurrent" }),
        s("wire-feed-speed", "speed", "m/min", 5, deadband(0.2), th(14, 16), { nodeId: "ns=3;s={equipment}.Torch.WireFeedSpeed" }),
        s("torch-temperature", "temperature", "°C", 1, deadband(1), th(70, 85), { nodeId: "ns=3;s={equipment}.Torch.Temperature" }),
        s("shielding-gas-flow", "flow", "l/min", 1, raw(), undefined, { nodeId: "ns=3;s={equipment}.Torch.GasFlow" }),
    ],
    press: [
        s("tonnage", "force", "kN", 50, agg("1s"), th(7200, 7800), { tag: "DB10.DBD0" }),
        s("main-motor-current", "current", "A", 10, deadband(2), th(420, 480), { tag: "DB10.DBD4" }),
        s("hydraulic-pressure", "pressure", "bar", 10, deadband(2), th(260, 290), { tag: "DB10.DBD8" }),
        s("oil-temperature", "temperature", "°C", 1, deadband(0.5), th(55, 65), { tag: "DB10.DBD12" }),
        s("flywheel-vibration", "vibration", "mm/s", 50, agg("10s"), th(4.5, 7.1), { tag: "DB10.DBD16" }),
        s("stroke-rate", "speed", "strokes/min", 1, raw(), undefined, { tag: "DB10.DBD20" }),
    ],
    "conveyor-drive": [
        s("motor-current", "current", "A", 5, deadband(0.3), th(12, 15), { nodeId: "ns=3;s={equipment}.Drive.Current" }),
        s("belt-speed", "speed", "m/min", 1, onChange(), undefined, { nodeId: "ns=3;s={equipment}.Drive.Speed" }),
        s("gearbox-temperature", "temperature", "°C", 0.2, deadband(1), th(80, 95), { nodeId: "ns=3;s={equipment}.Gearbox.Temperature" }),
        s("gearbox-vibration", "vibration", "mm/s", 50, agg("60s"), th(4.5, 7.1), { nodeId: "ns=3;s={equipment}.Gearbox.Vibration" }),
        s("motor-power", "power", "kW", 1, agg("60s"), th(5.5, 7), { nodeId: "ns=3;s={equipment}.Drive.Power" }),
    ],
    compressor: [
        s("discharge-pressure", "pressure", "bar", 1, deadband(0.1), th(8.5, 9.5), { register: 30001 }),
        s("discharge-temperature", "temperature", "°C", 1, deadband(1), th(100, 110), { register: 30003 }),
        s("motor-power", "power", "kW", 1, agg("60s"), th(80, 90), { register: 30005 }),
        s("pressure-dew-point", "temperature", "°C", 0.1, deadband(0.5), th(5, 10), { register: 30007 }),
        s("motor-vibration", "vibration", "mm/s", 10, alarmOnly(), th(4.5, 7.1), { register: 30009 }),
    ],
    "hvac-ahu": [
        s("supply-air-temperature", "temperature", "°C", 0.2, deadband(0.2), th(22, 24), { register: 30001 }),
        s("return-air-humidity", "humidity", "%RH", 0.2, deadband(1), th(55, 60), { register: 30003 }),
        s("filter-differential-pressure", "pressure", "Pa", 0.1, deadband(5), th(250, 300), { register: 30005 }),
        s("fan-speed", "speed", "rpm", 1, deadband(20), undefined, { register: 30007 }),
        s("fan-vibration", "vibration", "mm/s", 10, alarmOnly(), th(4.5, 7.1), { register: 30009 }),
        s("supply-airflow", "flow", "m3/h", 1, agg("60s"), undefined, { register: 30011 }),
    ],
    "filling-machine": [
        s("isolator-particles", "particle-count", "particles/m3", 1, agg("60s"), th(2000, 3520), { nodeId: "ns=3;s={equipment}.Isolator.Particles05" }),
        s("isolator-pressure", "pressure", "Pa", 1, deadband(1), undefined, { nodeId: "ns=3;s={equipment}.Isolator.DiffPressure" }),
        s("isolator-temperature", "temperature", "°C", 0.5, deadband(0.2), th(24, 25), { nodeId: "ns=3;s={equipment}.Isolator.Temperature" }),
        s("isolator-humidity", "humidity", "%RH", 0.5, deadband(1), th(55, 60), { nodeId: "ns=3;s={equipment}.Isolator.Humidity" }),
        s("fill-weight-deviation", "weight", "%", 5, agg("10s"), th(1, 2), { nodeId: "ns=3;s={equipment}.Checkweigher.Deviation" }),
        s("main-drive-current", "current", "A", 5, deadband(0.2), th(8, 10), { nodeId: "ns=3;s={equipment}.MainDrive.Current" }),
        s("output-rate", "speed", "vials/min", 1, raw(), undefined, { nodeId: "ns=3;s={equipment}.Line.OutputRate" }),
    ],
    lyophilizer: [
        s("shelf-temperature", "temperature", "°C", 1, deadband(0.2), undefined, { nodeId: "ns=3;s={equipment}.Shelf.Temperature" }),
        s("product-temperature", "temperature", "°C", 1, deadband(0.2), th(-32, -30), { nodeId: "ns=3;s={equipment}.Product.Temperature" }),
        s("chamber-pressure", "pressure", "mbar", 1, deadband(0.005), th(0.15, 0.2), { nodeId: "ns=3;s={equipment}.Chamber.Pressure" }),
        s("condenser-temperature", "temperature", "°C", 1, deadband(0.5), th(-60, -50), { nodeId: "ns=3;s={equipment}.Condenser.Temperature" }),
        s("vacuum-pump-vibration", "vibration", "mm/s", 50, agg("60s"), th(2.8, 4.5), { nodeId: "ns=3;s={equipment}.VacuumPump.Vibration" }),
        s("vacuum-pump-current", "current", "A", 2, agg("10s"), th(12, 15), { nodeId: "ns=3;s={equipment}.VacuumPump.Current" }),
        s("refrigeration-power", "power", "kW", 1, agg("60s"), th(45, 55), { nodeId: "ns=3;s={equipment}.Refrigeration.Power" }),
    ],
    autoclave: [
        s("chamber-temperature", "temperature", "°C", 1, raw(), th(124, 126), { tag: "DB20.DBD0" }),
        s("chamber-pressure", "pressure", "bar", 1, raw(), th(2.3, 2.5), { tag: "DB20.DBD4" }),
        s("jacket-pressure", "pressure", "bar", 1, deadband(0.02), th(2.4, 2.8), { tag: "DB20.DBD8" }),
        s("drain-temperature", "temperature", "°C", 1, deadband(0.2), undefined, { tag: "DB20.DBD12" }),
        s("steam-flow", "flow", "kg/h", 1, agg("60s"), th(180, 220), { tag: "DB20.DBD16" }),
        s("cooling-water-temperature", "temperature", "°C", 1, alarmOnly(), th(35, 45), { tag: "DB20.DBD20" }),
    ],
    "solder-paste-printer": [
        s("squeegee-force", "force", "N", 10, agg("10s"), th(100, 120), { nodeId: "ns=4;s={equipment}.Squeegee.Force" }),
        s("print-speed", "speed", "mm/s", 1, onChange(), undefined, { nodeId: "ns=4;s={equipment}.Squeegee.Speed" }),
        s("enclosure-temperature", "temperature", "°C", 0.2, deadband(0.2), th(26, 28), { nodeId: "ns=4;s={equipment}.Enclosure.Temperature" }),
        s("enclosure-humidity", "humidity", "%RH", 0.2, deadband(1), th(60, 70), { nodeId: "ns=4;s={equipment}.Enclosure.Humidity" }),
        s("camera-axis-current", "current", "A", 5, deadband(0.1), th(3, 4), { nodeId: "ns=4;s={equipment}.CameraAxis.Current" }),
    ],
    "pick-and-place": [
        s("head-vibration", "vibration", "mm/s", 100, agg("10s"), th(2.8, 4.5), { nodeId: "ns=4;s={equipment}.Head.Vibration" }),
        s("nozzle-vacuum", "pressure", "kPa", 5, deadband(1), undefined, { nodeId: "ns=4;s={equipment}.Head.Vacuum" }),
        s("placement-rate", "speed", "cph", 1, raw(), undefined, { nodeId: "ns=4;s={equipment}.Production.PlacementRate" }),
        s("servo-current", "current", "A", 10, deadband(0.2), th(6, 8), { nodeId: "ns=4;s={equipment}.Gantry.ServoCurrent" }),
        s("enclosure-temperature", "temperature", "°C", 0.2, deadband(0.5), th(35, 40), { nodeId: "ns=4;s={equipment}.Enclosure.Temperature" }),
    ],
    "reflow-oven": [
        s("peak-zone-temperature", "temperature", "°C", 1, deadband(0.5), th(255, 265), { tag: "PeakZone_PV" }),
        s("soak-zone-temperature", "temperature", "°C", 1, deadband(0.5), th(200, 215), { tag: "SoakZone_PV" }),
        s("cooling-zone-temperature", "temperature", "°C", 1, deadband(1), th(80, 100), { tag: "CoolZone_PV" }),
        s("conveyor-speed", "speed", "cm/min", 1, onChange(), undefined, { tag: "Conveyor_Speed" }),
        s("nitrogen-flow", "flow", "m3/h", 1, agg("60s"), undefined, { tag: "N2_Flow" }),
        s("heater-power", "power", "kW", 1, agg("60s"), th(45, 55), { tag: "Heater_Power" }),
        s("blower-vibration", "vibration", "mm/s", 20, alarmOnly(), th(4.5, 7.1), { tag: "Blower_Vibration" }),
    ],
    "aoi-inspection": [
        s("camera-temperature", "temperature", "°C", 0.2, deadband(0.5), th(45, 55), { nodeId: "ns=4;s={equipment}.Camera.Temperature" }),
        s("light-source-current", "current", "A", 1, deadband(0.05), th(2.5, 3), { nodeId: "ns=4;s={equipment}.Lighting.Current" }),
        s("enclosure-humidity", "humidity", "%RH", 0.1, onChange(), th(60, 70), { nodeId: "ns=4;s={equipment}.Enclosure.Humidity" }),
        s("gantry-vibration", "vibration", "mm/s", 50, agg("60s"), th(2.8, 4.5), { nodeId: "ns=4;s={equipment}.Gantry.Vibration" }),
        s("inspection-rate", "speed", "boards/h", 1, raw(), undefined, { nodeId: "ns=4;s={equipment}.Production.BoardRate" }),
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

/** The SMT line controller the stencil printer, placement machines and AOI share (up to 7 machines on one). */
const SMT_LINE: Omit<TypeWiring, "short" | "description"> = { protocol: "opcua", plc: "line", perPlc: 7, zone: "line", vendor: "Beckhoff", model: "CX2040" };

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
        ...SMT_LINE,
        short: "printer",
        description: "Stencil printer on the SMT line controller",
    },
    "pick-and-place": {
        ...SMT_LINE,
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
        ...SMT_LINE,
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

type Location = { country: string; city: string; timezone: string };
const region = (name: string, ...locations: [country: string, city: string, timezone: string][]): { name: string; locations: Location[] } => ({
    name,
    locations: locations.map(([country, city, timezone]) => ({ country, city, timezone })),
});

/** Regions a synthetic fleet spreads over, in order, with plant locations in each (country, city, timezone). */
export const REGIONS: { name: string; locations: Location[] }[] = [
    region("eu-central-1", ["DE", "Stuttgart", "Europe/Berlin"], ["CZ", "Pilsen", "Europe/Prague"], ["IE", "Cork", "Europe/Dublin"]),
    region("us-east-2", ["US", "Columbus", "America/New_York"], ["US", "Austin", "America/Chicago"], ["MX", "Monterrey", "America/Monterrey"]),
    region("ap-northeast-1", ["JP", "Nagoya", "Asia/Tokyo"], ["KR", "Ulsan", "Asia/Seoul"]),
    region("eu-west-1", ["GB", "Sunderland", "Europe/London"], ["ES", "Zaragoza", "Europe/Madrid"]),
    region("us-west-2", ["US", "Portland", "America/Los_Angeles"], ["US", "Fremont", "America/Los_Angeles"]),
    region("ap-southeast-1", ["SG", "Singapore", "Asia/Singapore"], ["MY", "Penang", "Asia/Kuala_Lumpur"]),
    region("sa-east-1", ["BR", "Sao Paulo", "America/Sao_Paulo"]),
    region("ap-south-1", ["IN", "Pune", "Asia/Kolkata"], ["IN", "Chennai", "Asia/Kolkata"]),
    region("eu-north-1", ["SE", "Gothenburg", "Europe/Stockholm"]),
    region("ca-central-1", ["CA", "Windsor", "America/Toronto"]),
    region("ap-southeast-2", ["AU", "Melbourne", "Australia/Melbourne"]),
    region("eu-south-1", ["IT", "Turin", "Europe/Rome"]),
];
