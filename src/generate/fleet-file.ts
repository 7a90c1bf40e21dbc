/** The fleet.yaml of a synthetic fleet (see fleet.ts for its site files). */
import { MAX_SITE_FILES } from "../model/load";
import { regionsOf, type GenerateOptions } from "./options";
import { TYPE_SENSORS, TYPE_WIRING } from "./templates";
import { blockList, scalar, type Value } from "./yaml-text";

/** fleet.yaml: tags, defaults, the regions and every equipment type of the templates. */
export function fleetFile(o: GenerateOptions): string {
    const fleet = o.fleetName ?? "acme";
    const regions = regionsOf(o);
    let out = `# Synthetic fleet written by \`fleet generate\` (seed ${o.seed ?? 1}): ${o.sites} sites, ${o.gateways} gateways and ${o.equipment} machines a site.
apiVersion: fleet.iot/v1
kind: Fleet
metadata:
  name: ${scalar(fleet)}
spec:
  tags:
    cost-center: ot-platform
    owner: ot-platform-team
    environment: production
    data-classification: internal

  defaults:
    provisioning: fleet-claim
    retention: { hot: 7d, warm: 90d, archive: 7y }
    # nucleusSha256: at-install: each gateway's install.sh takes the archive's SHA-256 from NUCLEUS_SHA256
    # (pin the hash here instead once computed: see fleet validate's warning without it)
    greengrass: { nucleusVersion: 2.14.3, nucleusSha256: at-install }

  regions:
`;
    regions.forEach((r, i) => {
        const sitesHere = Math.ceil((o.sites - i) / regions.length);
        const stream = i % 2 === 0 ? "{ mode: on-demand }" : `{ mode: provisioned, shards: ${Math.min(500, Math.max(1, Math.ceil(sitesHere / 50)))} }`;
        out += `    ${r.name}:
      network: { endpoints: shared }
      analytics:
        stream: ${stream}
        timeseries: { engine: influxdb, instanceType: ${i === 0 ? "db.influx.large" : "db.influx.medium"} }
        grafana: true
      alerts:
        email: [ot-oncall-${r.name}@${fleet}.example.com]
`;
    });
    // Above the loader's default, the fleet raises it explicitly (src/model/load.ts MAX_SITE_FILES).
    if (o.sites > MAX_SITE_FILES) out += `\n  limits: { siteFiles: ${o.sites} }\n`;
    out += `
  equipmentTypes:
`;
    for (const [type, sensors] of Object.entries(TYPE_SENSORS)) {
        const w = TYPE_WIRING[type];
        out += `    ${type}:\n      description: ${scalar(w.description)}\n      sensors:\n`;
        out += blockList(
            sensors.map((s) => ({
                name: s.name,
                kind: s.kind,
                unit: s.unit,
                sampleRateHz: s.sampleRateHz,
                transmit: s.transmit as Value,
                thresholds: s.thresholds,
                source: { protocol: w.protocol, ...s.source },
            })),
            "        ",
        );
    }
    return out;
}
