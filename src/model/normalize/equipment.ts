/** Equipment (expanded into the sensors of its type) and one-off sensors, with their sources. */
import { knownList, show } from "../diagnostics";
import { SENSOR_PROTOCOLS, type SourceFile } from "../schema";
import type { EquipmentModel, PlcModel, SensorModel, SensorSourceModel } from "../types";
import { cmp, type SiteContext } from "./context";
import type { SiteConduits } from "./conduits";
import type { SiteDevices } from "./devices";
import type { SiteSegments } from "./segments";
import { defaultPort, REGISTER_PROTOCOL, resolveEncoding } from "./sources";
import { typeSensor } from "./values";

export function normalizeEquipment(
    ctx: SiteContext,
    seg: SiteSegments,
    dev: SiteDevices,
    con: SiteConduits,
): { equipment: EquipmentModel[]; sensors: SensorModel[] } {
    const { fleet, spec, rep, S, unique } = ctx;
    const { segLevel } = seg;
    const { gatewayByName, gatewayNames, plcByName, plcNames } = dev;
    const { reachable, unreachable } = con;
    // Equipment and sensors.
    unique(spec.equipment, "equipment", "equipment");
    const sensors: SensorModel[] = [];
    /** Sensor name to where it was defined, in words, and whether it is a one-off sensor. */
    const sensorIndex = new Map<string, { sensor: string; equipment?: string; oneOff?: number }>();
    const originOf = (o: { sensor: string; equipment?: string; oneOff?: number }) =>
        o.equipment !== undefined ? `sensor ${show(o.sensor)} of equipment ${show(o.equipment)}` : `sensors[${o.oneOff}]`;
    const typeNames = Object.keys(fleet.equipmentTypes);
    const equipmentSeen = new Set<string>();
    const equipment: EquipmentModel[] = (spec.equipment ?? []).map((e, i) => {
        // A duplicate equipment is reported by unique(); its sensors would only repeat that.
        const duplicate = equipmentSeen.has(e.name);
        equipmentSeen.add(e.name);
        const at = rep.at(S("equipment", i));
        const type = fleet.equipmentTypes[e.type];
        if (!type)
            rep.error(
                S("equipment", i, "type"),
                `unknown equipment type ${show(e.type)}; ${knownList(e.type, typeNames, "types in fleet.yaml", "fleet.yaml defines no equipmentTypes")}`,
            );
        const plc = e.plc === undefined ? undefined : plcByName.get(e.plc);
        if (e.plc !== undefined && !plc)
            rep.error(S("equipment", i, "plc"), `unknown PLC ${show(e.plc)}; ${knownList(e.plc, plcNames, "known", "the site has no plcs")}`);
        const gw = gatewayByName.get(e.gateway);
        if (!gw) rep.error(S("equipment", i, "gateway"), `unknown gateway ${show(e.gateway)}; ${knownList(e.gateway, gatewayNames)}`);
        const expanded: string[] = [];
        const expandedSet = new Set<string>();
        const reported = new Set<string>();
        const once = (key: string, report: () => void) => {
            if (reported.has(key)) return;
            reported.add(key);
            report();
        };
        for (const ts of type?.sensors ?? []) {
            const name = `${e.name}-${ts.name}`;
            if (expandedSet.has(name)) continue; // a duplicate sensor of the type, reported in fleet.yaml
            expandedSet.add(name);
            expanded.push(name);
            const source = resolveSource(ts.source, e.name, plc);
            const viaPlc = ts.source.address === undefined && ts.source.endpoint === undefined;
            if (viaPlc && e.plc === undefined) {
                once("no-plc", () =>
                    rep.error(
                        S("equipment", i, "plc"),
                        `equipment ${show(e.name)} has no plc, but sensors of type ${show(e.type)} read from the equipment's PLC; add plc: <name> (${plcNames.length ? `known: ${plcNames.join(", ")}` : "the site has no plcs"}) or give the type's sources an address`,
                    ),
                );
            } else if (viaPlc && plc && ts.source.protocol !== undefined && ts.source.protocol !== plc.protocol) {
                once("protocol", () =>
                    rep.error(
                        S("equipment", i, "plc"),
                        `PLC ${show(plc.name)} speaks ${plc.protocol}, but sensor ${show(ts.name)} of type ${show(e.type)} reads it over ${ts.source.protocol}; pick a PLC that speaks ${ts.source.protocol} or change the type's source protocol`,
                    ),
                );
            } else if (viaPlc && plc && gw && segLevel.has(gw.segment) && segLevel.has(plc.segment)) {
                const protocol = source.protocol ?? plc.protocol;
                if (!reachable(gw.segment, plc.segment, protocol)) {
                    once(`reach ${protocol}`, () =>
                        rep.error(
                            S("equipment", i, "plc"),
                            `gateway ${show(gw.name)} (segment ${gw.segment}) cannot reach PLC ${show(plc.name)} (segment ${plc.segment}) over ${protocol}: add a conduit from ${gw.segment} to ${plc.segment} with protocol ${protocol}`,
                        ),
                    );
                }
            } else if (!viaPlc && gw && segLevel.has(gw.segment) && source.address !== undefined && source.protocol !== undefined) {
                const why = unreachable(gw, source.address, source.protocol);
                if (why)
                    once(`reach ${source.address} ${source.protocol}`, () =>
                        rep.error(S("equipment", i, "gateway"), `sensor ${show(ts.name)} of type ${show(e.type)}: ${why}`),
                    );
            }
            if (
                viaPlc &&
                plc &&
                ts.source.protocol === undefined &&
                plc.protocol !== REGISTER_PROTOCOL &&
                (ts.source.dataType !== undefined || ts.source.wordOrder !== undefined)
            ) {
                once("encoding", () =>
                    rep.error(
                        S("equipment", i, "plc"),
                        `PLC ${show(plc.name)} speaks ${plc.protocol}, but sensor ${show(ts.name)} of type ${show(e.type)} sets dataType/wordOrder, which describe Modbus registers only; pick a modbus-tcp PLC or remove them from the type`,
                    ),
                );
            }
            const prior = sensorIndex.get(name);
            if (duplicate) {
                // reported as a duplicate equipment name
            } else if (prior)
                rep.error(
                    S("equipment", i, "name"),
                    `sensor name ${show(name)} (sensor ${show(ts.name)} of equipment ${show(e.name)}) clashes with ${originOf(prior)}; rename one of them`,
                );
            else sensorIndex.set(name, { sensor: ts.name, equipment: e.name });
            sensors.push({
                name,
                equipment: e.name,
                kind: ts.kind,
                unit: ts.unit,
                gateway: e.gateway,
                sampleRateHz: ts.sampleRateHz,
                transmit: ts.transmit,
                thresholds: ts.thresholds,
                source: source as SensorSourceModel,
                at,
            });
        }
        // Sorted like every list of the model: reordering a type's sensors in fleet.yaml changes nothing.
        return { name: e.name, type: e.type, criticality: e.criticality ?? "B", plc: e.plc, gateway: e.gateway, sensors: [...expanded].sort(cmp), at };
    });
    (spec.sensors ?? []).forEach((s, i) => {
        const path = S("sensors", i);
        const gw = gatewayByName.get(s.gateway);
        if (!gw) rep.error([...path, "gateway"], `unknown gateway ${show(s.gateway)}; ${knownList(s.gateway, gatewayNames)}`);
        const base = typeSensor(s, rep, path);
        const source = resolveSource(s.source, undefined, undefined);
        if (!source.address && !source.endpoint) {
            rep.error([...path, "source"], `sensor ${show(s.name)} belongs to no equipment, so its source needs its own address or endpoint`);
        } else if (!source.protocol) {
            rep.error(
                [...path, "source"],
                `sensor ${show(s.name)} belongs to no equipment, so its source needs a protocol; accepted: ${SENSOR_PROTOCOLS.join(", ")}`,
            );
        } else if (source.address && gw && segLevel.has(gw.segment)) {
            const why = unreachable(gw, source.address, source.protocol);
            if (why) rep.error([...path, "source", "address"], why);
        }
        const prior = sensorIndex.get(s.name);
        if (prior?.oneOff !== undefined) rep.error([...path, "name"], `duplicate sensor name ${show(s.name)}; also at sensors[${prior.oneOff}]`);
        else if (prior)
            rep.error(
                [...path, "name"],
                `sensor name ${show(s.name)} clashes with ${originOf(prior)} (expanded sensors are named <equipment>-<sensor>); rename one of them`,
            );
        else sensorIndex.set(s.name, { sensor: s.name, oneOff: i });
        sensors.push({ ...base, name: s.name, gateway: s.gateway, source: source as SensorModel["source"], at: rep.at(path) });
    });
    sensors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    return { equipment, sensors };
}

/** A source with `{equipment}` filled in and, without its own address, the PLC's. */
function resolveSource(
    source: Partial<SourceFile> | Partial<SensorSourceModel>,
    equipment: string | undefined,
    plc: PlcModel | undefined,
): Partial<SensorModel["source"]> {
    const fill = (v: string) => (equipment !== undefined && v.includes("{equipment}") ? v.split("{equipment}").join(equipment) : v);
    const own = source.address !== undefined || source.endpoint !== undefined;
    // Only the keys that have a value (built up, not deleted afterwards: this runs per sensor).
    const out: Partial<SensorModel["source"]> = {};
    const protocol = (source.protocol as string | undefined) ?? (own ? undefined : plc?.protocol);
    if (protocol !== undefined) out.protocol = protocol;
    const address = source.address ?? (own ? undefined : plc?.address);
    if (address !== undefined) out.address = address;
    if (source.endpoint !== undefined) out.endpoint = fill(source.endpoint);
    if (source.nodeId !== undefined) out.nodeId = fill(source.nodeId);
    if (source.register !== undefined) out.register = source.register;
    if (source.unitId !== undefined) out.unitId = source.unitId;
    if (source.tag !== undefined) out.tag = fill(source.tag);
    if (source.topic !== undefined) out.topic = fill(source.topic);
    if (source.objectId !== undefined) out.objectId = fill(source.objectId);
    if (!own && plc) out.plc = plc.name;
    const port = !own && plc ? plc.port : address !== undefined && protocol !== undefined ? defaultPort(protocol) : undefined;
    if (port !== undefined && address !== undefined) out.port = port;
    resolveEncoding(source as Partial<SourceFile>, protocol, out);
    return out;
}
