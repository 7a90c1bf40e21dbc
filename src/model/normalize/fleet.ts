/** fleet.yaml: defaults, equipment types and regions. */
import { didYouMean, show } from "../diagnostics";
import { AWS_REGIONS } from "../regions";
import type { FleetFile } from "../schema";
import type { EquipmentTypeModel, FleetModel, RegionModel } from "../types";
import { DEFAULT_NUCLEUS, DEFAULT_RETENTION, type Reporter } from "./context";
import { retention, typeSensor } from "./values";

/** Check and normalize fleet.yaml. */
export function normalizeFleet(file: FleetFile, rep: Reporter, dir: string): FleetModel {
    const spec = file.spec;
    const defaults = {
        provisioning: spec.defaults?.provisioning ?? "fleet-claim",
        retention: retention(spec.defaults?.retention ?? DEFAULT_RETENTION, undefined, rep, ["spec", "defaults", "retention"]),
        nucleusVersion: spec.defaults?.greengrass?.nucleusVersion ?? DEFAULT_NUCLEUS,
        // Only when given: a fleet without it keeps the defaults it had (and validate warns).
        ...(spec.defaults?.greengrass?.nucleusSha256 !== undefined ? { nucleusSha256: spec.defaults.greengrass.nucleusSha256 } : {}),
    };
    const equipmentTypes: Record<string, EquipmentTypeModel> = {};
    for (const [typeName, t] of Object.entries(spec.equipmentTypes ?? {})) {
        const seen = new Set<string>();
        const sensors = t.sensors.map((s, i) => {
            const path = ["spec", "equipmentTypes", typeName, "sensors", i];
            if (seen.has(s.name)) rep.error([...path, "name"], `duplicate sensor name ${show(s.name)} in equipment type ${show(typeName)}`);
            seen.add(s.name);
            return typeSensor(s, rep, path);
        });
        equipmentTypes[typeName] = { name: typeName, description: t.description, sensors };
    }
    for (const name of Object.keys(spec.regions)) {
        if (!AWS_REGIONS.includes(name)) {
            const guess = didYouMean(name, AWS_REGIONS);
            rep.warn(
                ["spec", "regions", name],
                `${show(name)} is not an AWS region this tool knows${guess ? `; did you mean ${show(guess)}?` : ""} (a new region is fine; a typo fails at deploy)`,
                "key",
            );
        }
    }
    const regions: RegionModel[] = Object.entries(spec.regions)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, r]) => {
            const a = r.analytics ?? {};
            return {
                name,
                analytics: {
                    stream: a.stream ?? { mode: "on-demand" },
                    timeseries: {
                        engine: "influxdb",
                        instanceType: a.timeseries?.instanceType ?? "db.influx.medium",
                        storageGiB: a.timeseries?.storageGiB ?? 100,
                    },
                    grafana: a.grafana ?? true,
                    eks: a.eks ?? false,
                    ecs: a.ecs ?? false,
                    sagemaker: a.sagemaker ?? false,
                    comprehend: a.comprehend ?? false,
                    quicksight: a.quicksight ?? false,
                    forecasting: a.forecasting ?? false,
                },
                alerts: { email: r.alerts?.email ?? [] },
                production: r.production ?? false,
                sites: [],
            };
        });
    return { name: file.metadata.name, dir, tags: { ...(spec.tags ?? {}) }, defaults, regions, equipmentTypes, sites: [] };
}
