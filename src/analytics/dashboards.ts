/**
 * Grafana dashboards, one per site: a row per machine, a time-series panel per sensor with the
 * site file's thresholds as Grafana thresholds, plus a row for the site's one-off sensors.
 * Panels query (Flux) the the region's Timestream for InfluxDB bucket (data
 * source uid `fleet-influxdb`, created with the workspace's data sources).
 */
import { FORECAST_KINDS, type FleetModel, type RegionModel, type SensorModel, type SiteModel } from "../model/types";
import { regionNames } from "../naming/region";

export const INFLUX_DATASOURCE_UID = "fleet-influxdb";
/** The workspace's Athena data source (the `forecasts` table of the lake); create it with this uid. */
export const ATHENA_DATASOURCE_UID = "fleet-athena";
export const ATHENA_DATASOURCE_TYPE = "grafana-athena-datasource";
/** Grafana's dashboard JSON model version this generator writes. */
export const SCHEMA_VERSION = 39;

export interface GrafanaDashboard {
    uid: string;
    title: string;
    tags: string[];
    timezone: string;
    schemaVersion: number;
    version: number;
    editable: boolean;
    time: { from: string; to: string };
    refresh: string;
    templating: { list: unknown[] };
    annotations: { list: unknown[] };
    panels: GrafanaPanel[];
}

export interface GrafanaPanel {
    id: number;
    type: "row" | "timeseries";
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    collapsed?: boolean;
    datasource?: { type: string; uid: string };
    targets?: {
        refId: string;
        datasource: { type: string; uid: string };
        query?: string;
        /** Athena targets: the SQL, table format (1), and where it runs. */
        rawSQL?: string;
        format?: number;
        connectionArgs?: { region: string; catalog: string; database: string };
    }[];
    fieldConfig?: {
        defaults: {
            unit: string;
            thresholds: { mode: "absolute"; steps: { color: string; value: number | null }[] };
            custom: { thresholdsStyle: { mode: "line+area" | "off" } };
        };
        overrides: unknown[];
    };
    description?: string;
}

/** Grafana unit ids for the units the example fleets use; anything else is shown as written. */
const UNITS: Record<string, string> = {
    "°C": "celsius",
    "%": "percent",
    "%RH": "humidity",
    A: "amp",
    kW: "kwatt",
    W: "watt",
    bar: "pressurebar",
    mbar: "pressurembar",
    Pa: "pressurepa",
    kPa: "pressurekpa",
    rpm: "rotrpm",
    "mm/s": "velocitymms",
};

export function grafanaUnit(unit: string): string {
    return UNITS[unit] ?? `suffix: ${unit}`;
}

/** Grafana threshold steps: base color, then warning and critical in the sensor's direction. */
export function thresholdSteps(s: Pick<SensorModel, "thresholds">): { color: string; value: number | null }[] {
    const t = s.thresholds;
    if (!t || (t.warning === undefined && t.critical === undefined)) return [{ color: "green", value: null }];
    if (t.direction === "below") {
        // lower is worse: red up to critical, orange up to warning, green above
        const steps: { color: string; value: number | null }[] = [{ color: t.critical !== undefined ? "red" : "orange", value: null }];
        if (t.critical !== undefined && t.warning !== undefined) steps.push({ color: "orange", value: t.critical });
        steps.push({ color: "green", value: t.warning ?? (t.critical as number) });
        return steps;
    }
    const steps: { color: string; value: number | null }[] = [{ color: "green", value: null }];
    if (t.warning !== undefined) steps.push({ color: "orange", value: t.warning });
    if (t.critical !== undefined) steps.push({ color: "red", value: t.critical });
    return steps;
}

function fluxQuery(bucket: string, site: string, sensor: string): string {
    return [
        `from(bucket: "${bucket}")`,
        `  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)`,
        `  |> filter(fn: (r) => r._measurement == "telemetry" and r.site == "${site}" and r.sensor == "${sensor}" and r._field == "value")`,
        `  |> aggregateWindow(every: v.windowPeriod, fn: mean, createEmpty: false)`,
    ].join("\n");
}

/**
 * The latest run's forecast of one series with its interval, from the `forecasts` table
 * (src/forecast/lake.ts); runs of the last 3 days are searched, so a stopped job shows no stale data.
 */
export function forecastSql(database: string, site: string, sensor: string): string {
    const series = `'${`${site}/${sensor}`.replace(/'/g, "''")}'`;
    const recent = `run_date >= date_format(current_date - interval '3' day, '%Y-%m-%d')`;
    return (
        `SELECT from_unixtime(target_ms / 1000) AS time, predicted, lower_bound, upper_bound FROM "${database}"."forecasts" ` +
        `WHERE series = ${series} AND ${recent} AND generated_ms = (SELECT max(generated_ms) FROM "${database}"."forecasts" WHERE series = ${series} AND ${recent}) ` +
        `ORDER BY 1`
    );
}

/** Panels of the site's forecast series when its region runs the forecasting job: a row, then a panel per series. */
function forecastPanels(fleet: string, region: string, site: SiteModel, firstId: number, y: number): GrafanaPanel[] {
    const kinds = new Set<string>(FORECAST_KINDS);
    const sensors = site.sensors.filter((s) => kinds.has(s.kind.toLowerCase())).sort((a, b) => a.name.localeCompare(b.name));
    if (sensors.length === 0) return [];
    const ds = { type: ATHENA_DATASOURCE_TYPE, uid: ATHENA_DATASOURCE_UID };
    const database = regionNames.glueDatabase(fleet);
    const panels: GrafanaPanel[] = [
        { id: firstId, type: "row", title: "Forecasts (latest run, with prediction interval)", collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 } },
    ];
    sensors.forEach((s, i) => {
        panels.push({
            id: firstId + 1 + i,
            type: "timeseries",
            title: `${s.name} forecast`,
            description: `${s.kind} in ${s.unit}: hourly ${["production", "counter", "energy"].includes(s.kind.toLowerCase()) ? "increase" : "mean"}, forecast by the regional job`,
            gridPos: { x: (i % 3) * 8, y: y + 1 + Math.floor(i / 3) * 8, w: 8, h: 8 },
            datasource: ds,
            targets: [
                {
                    refId: "A",
                    datasource: ds,
                    rawSQL: forecastSql(database, site.name, s.name),
                    format: 1,
                    connectionArgs: { region, catalog: "AwsDataCatalog", database },
                },
            ],
            fieldConfig: {
                defaults: {
                    unit: grafanaUnit(s.unit),
                    thresholds: { mode: "absolute", steps: [{ color: "green", value: null }] },
                    custom: { thresholdsStyle: { mode: "off" } },
                },
                overrides: [],
            },
        });
    });
    return panels;
}

/**
 * The dashboard of one site. Panel ids and positions follow the site's (sorted) equipment; when
 * the site's region has `forecasting: true` (and `fleet.regions` is given), a forecasts row follows.
 */
export function siteDashboard(fleet: Pick<FleetModel, "name"> & { regions?: readonly RegionModel[] }, site: SiteModel): GrafanaDashboard {
    const bucket = regionNames.influxBucket();
    const ds = { type: "influxdb", uid: INFLUX_DATASOURCE_UID };
    const panels: GrafanaPanel[] = [];
    let id = 1;
    let y = 0;
    const sensorsByName = new Map(site.sensors.map((s) => [s.name, s]));
    const groups: { title: string; sensors: SensorModel[] }[] = [...site.equipment]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((e) => ({
            title: `${e.name} (${e.type}, criticality ${e.criticality})`,
            sensors: e.sensors.map((n) => sensorsByName.get(n)).filter((s): s is SensorModel => s !== undefined),
        }));
    const oneOff = site.sensors.filter((s) => s.equipment === undefined);
    if (oneOff.length > 0) groups.push({ title: "Site sensors", sensors: oneOff });
    for (const g of groups) {
        panels.push({ id: id++, type: "row", title: g.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 } });
        y += 1;
        g.sensors.forEach((s, i) => {
            const x = (i % 3) * 8;
            if (i > 0 && i % 3 === 0) y += 8;
            panels.push({
                id: id++,
                type: "timeseries",
                title: s.name,
                description: `${s.kind} in ${s.unit}, ${s.sampleRateHz} Hz, transmit ${s.transmit.mode}, gateway ${s.gateway}`,
                gridPos: { x, y, w: 8, h: 8 },
                datasource: ds,
                targets: [{ refId: "A", datasource: ds, query: fluxQuery(bucket, site.name, s.name) }],
                fieldConfig: {
                    defaults: {
                        unit: grafanaUnit(s.unit),
                        thresholds: { mode: "absolute", steps: thresholdSteps(s) },
                        custom: { thresholdsStyle: { mode: s.thresholds ? "line+area" : "off" } },
                    },
                    overrides: [],
                },
            });
        });
        if (g.sensors.length > 0) y += 8;
    }
    if (fleet.regions?.find((r) => r.name === site.region)?.analytics.forecasting) panels.push(...forecastPanels(fleet.name, site.region, site, id, y));
    return {
        uid: dashboardUid(fleet.name, site.name),
        title: `${site.name}${site.location.city ? ` (${site.location.city})` : ""}`,
        tags: [
            "fleet",
            fleet.name,
            site.region,
            ...Object.entries(site.labels)
                .map(([k, v]) => `${k}:${v}`)
                .sort(),
        ],
        timezone: site.location.timezone ?? "browser",
        schemaVersion: SCHEMA_VERSION,
        version: 1,
        editable: false,
        time: { from: "now-24h", to: "now" },
        refresh: "1m",
        templating: { list: [] },
        annotations: { list: [] },
        panels,
    };
}

/** Grafana uids are at most 40 characters; long names keep a readable prefix and a hash. */
export function dashboardUid(fleet: string, site: string): string {
    const uid = `${fleet}-${site}`;
    if (uid.length <= 40) return uid;
    let h = 2166136261;
    for (const c of uid) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    return `${uid.slice(0, 31)}-${h.toString(16).padStart(8, "0")}`;
}
