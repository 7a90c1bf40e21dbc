/**
 * A picture of one site for the plant: network zones grouped by Purdue level, the conduits
 * between them labelled with protocol and ports, gateways and PLCs inside their zones, the
 * machines at level 0, and the cloud. Built once as data, then written as Mermaid or Graphviz
 * DOT; SVG is DOT rendered in-process by @viz-js/viz (Graphviz compiled to WebAssembly).
 */
import type { FleetModel, PurdueLevel, SiteModel } from "../model/types";

export type NodeKind = "zone" | "gateway" | "plc" | "equipment" | "cloud";

export interface GraphNode {
    /** Stable id: `<kind>:<name>` (`cloud` for the cloud). */
    id: string;
    kind: NodeKind;
    name: string;
    /** Lines of the label; the first is the name. */
    lines: string[];
}

export interface ZoneGroup {
    name: string;
    cidr: string;
    /** The zone's own node (conduits start and end here), then its gateways and PLCs. */
    nodes: GraphNode[];
}

export interface LevelGroup {
    /** Purdue level; `cloud` for the AWS side. */
    level: PurdueLevel | "cloud";
    label: string;
    zones: ZoneGroup[];
    /** Nodes in the level outside any zone: the machines at level 0, the cloud. */
    nodes: GraphNode[];
}

export interface GraphEdge {
    from: string;
    to: string;
    label: string;
    kind: "conduit" | "control" | "collect";
}

export interface SiteGraph {
    site: string;
    region: string;
    /** Highest level first: the cloud, then 5 … 0. */
    levels: LevelGroup[];
    edges: GraphEdge[];
}

export const LEVEL_NAMES: Record<string, string> = {
    "0": "Level 0: physical process",
    "1": "Level 1: basic control",
    "2": "Level 2: supervisory control",
    "3": "Level 3: site operations",
    "3.5": "Level 3.5: industrial DMZ",
    "4": "Level 4: business logistics",
    "5": "Level 5: enterprise",
};

export function buildSiteGraph(fleet: FleetModel, site: SiteModel): SiteGraph {
    void fleet;
    const levels = new Map<string, LevelGroup>();
    const level = (l: PurdueLevel) => {
        const key = String(l);
        let g = levels.get(key);
        if (!g) levels.set(key, (g = { level: l, label: LEVEL_NAMES[key] ?? `Level ${key}`, zones: [], nodes: [] }));
        return g;
    };
    const zones = new Map<string, ZoneGroup>();
    for (const s of site.segments) {
        const z: ZoneGroup = { name: s.name, cidr: s.cidr, nodes: [{ id: `zone:${s.name}`, kind: "zone", name: s.name, lines: [s.name, s.cidr] }] };
        zones.set(s.name, z);
        level(s.purdueLevel).zones.push(z);
    }
    for (const g of site.gateways) {
        zones.get(g.segment)?.nodes.push({
            id: `gateway:${g.name}`,
            kind: "gateway",
            name: g.name,
            lines: [g.name, `gateway ${g.address}`, [g.hardware.model, g.hardware.arch].filter(Boolean).join(", ")],
        });
    }
    for (const p of site.plcs) {
        zones.get(p.segment)?.nodes.push({
            id: `plc:${p.name}`,
            kind: "plc",
            name: p.name,
            lines: [
                p.name,
                `PLC ${p.address} (${p.protocol})`,
                ...([p.vendor, p.model].filter(Boolean).length ? [[p.vendor, p.model].filter(Boolean).join(" ")] : []),
            ],
        });
    }
    const edges: GraphEdge[] = [];
    for (const e of site.equipment) {
        level(0).nodes.push({ id: `equipment:${e.name}`, kind: "equipment", name: e.name, lines: [e.name, `${e.type}, criticality ${e.criticality}`] });
        if (e.plc) edges.push({ from: `plc:${e.plc}`, to: `equipment:${e.name}`, label: "controls", kind: "control" });
        edges.push({ from: `gateway:${e.gateway}`, to: `equipment:${e.name}`, label: "collects", kind: "collect" });
    }
    const cloud: LevelGroup = {
        level: "cloud",
        label: `AWS cloud (${site.region})`,
        zones: [],
        nodes: [{ id: "cloud", kind: "cloud", name: "cloud", lines: ["cloud", `AWS ${site.region}`] }],
    };
    for (const c of site.conduits) {
        const ports = c.ports.map((p) => `${p.port}/${p.transport}`).join(", ");
        edges.push({
            from: `zone:${c.from}`,
            to: c.to === "cloud" ? "cloud" : `zone:${c.to}`,
            label: `${c.name}: ${c.protocol}${ports ? ` ${ports}` : ""}`,
            kind: "conduit",
        });
    }
    for (const g of levels.values()) g.zones.sort((a, b) => a.name.localeCompare(b.name));
    const ordered = [...levels.values()].sort((a, b) => Number(b.level) - Number(a.level));
    return { site: site.name, region: site.region, levels: [cloud, ...ordered], edges };
}

/** Mermaid ids: letters, digits and underscores, unique per graph. */
function idMap(graph: SiteGraph): (id: string) => string {
    const map = new Map<string, string>();
    const used = new Set<string>();
    const all = [...graph.levels.flatMap((l) => [...l.nodes, ...l.zones.flatMap((z) => z.nodes)]).map((n) => n.id)];
    for (const id of all) {
        const base = id.replace(/[^A-Za-z0-9]/g, "_");
        let candidate = base;
        for (let i = 2; used.has(candidate); i++) candidate = `${base}_${i}`;
        used.add(candidate);
        map.set(id, candidate);
    }
    return (id) => map.get(id) ?? id.replace(/[^A-Za-z0-9]/g, "_");
}

function mermaidText(s: string): string {
    return s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

const MERMAID_SHAPE: Record<NodeKind, [string, string]> = {
    zone: ["[/", "/]"],
    gateway: ["[", "]"],
    plc: ["[[", "]]"],
    equipment: ["(", ")"],
    cloud: ["((", "))"],
};

export function toMermaid(graph: SiteGraph): string {
    const id = idMap(graph);
    const out = [`flowchart TB`, `  %% site ${graph.site} (${graph.region}), generated by fleet graph`];
    const node = (n: GraphNode, indent: string) => {
        const [open, close] = MERMAID_SHAPE[n.kind];
        out.push(`${indent}${id(n.id)}${open}"${n.lines.filter(Boolean).map(mermaidText).join("<br/>")}"${close}`);
    };
    graph.levels.forEach((l, i) => {
        out.push(`  subgraph level_${i}["${mermaidText(l.label)}"]`);
        for (const z of l.zones) {
            out.push(`    subgraph zone_${id(`zone:${z.name}`)}["${mermaidText(`${z.name} ${z.cidr}`)}"]`);
            for (const n of z.nodes) node(n, "      ");
            out.push(`    end`);
        }
        for (const n of l.nodes) node(n, "    ");
        out.push(`  end`);
    });
    const arrow: Record<GraphEdge["kind"], string> = { conduit: "==>", control: "---", collect: "-.->" };
    for (const e of graph.edges) out.push(`  ${id(e.from)} ${arrow[e.kind]}|"${mermaidText(e.label)}"| ${id(e.to)}`);
    return `${out.join("\n")}\n`;
}

function dotString(s: string): string {
    return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const DOT_SHAPE: Record<NodeKind, string> = {
    zone: 'shape=tab, style=filled, fillcolor="#eeeeee"',
    gateway: 'shape=box, style="rounded,filled", fillcolor="#cfe8ff"',
    plc: 'shape=box3d, style=filled, fillcolor="#ffe7c2"',
    equipment: 'shape=ellipse, style=filled, fillcolor="#e2f5d6"',
    cloud: 'shape=doublecircle, style=filled, fillcolor="#fff4b3"',
};

/** Machines per row in the DOT layout. */
const EQUIPMENT_ROW = 8;

export function toDot(graph: SiteGraph): string {
    const out = [
        `digraph ${dotString(`site ${graph.site}`)} {`,
        `  graph [rankdir=TB, compound=true, fontname="Helvetica", label=${dotString(`site ${graph.site} (${graph.region})`)}, labelloc=t];`,
        `  node [fontname="Helvetica", fontsize=10];`,
        `  edge [fontname="Helvetica", fontsize=9];`,
    ];
    const node = (n: GraphNode, indent: string) =>
        out.push(`${indent}${dotString(n.id)} [label=${dotString(n.lines.filter(Boolean).join("\n"))}, ${DOT_SHAPE[n.kind]}];`);
    graph.levels.forEach((l, i) => {
        out.push(`  subgraph ${dotString(`cluster_level_${i}`)} {`, `    label=${dotString(l.label)}; style=dashed;`);
        for (const z of l.zones) {
            out.push(`    subgraph ${dotString(`cluster_zone_${z.name}`)} {`, `      label=${dotString(z.name)}; style=rounded;`);
            for (const n of z.nodes) node(n, "      ");
            out.push(`    }`);
        }
        for (const n of l.nodes) node(n, "    ");
        out.push(`  }`);
    });
    // Machines would otherwise sit in one very wide row: stack them in rows of EQUIPMENT_ROW.
    const machines = graph.levels.flatMap((l) => l.nodes.filter((n) => n.kind === "equipment"));
    for (let i = EQUIPMENT_ROW; i < machines.length; i++)
        out.push(`  ${dotString(machines[i - EQUIPMENT_ROW].id)} -> ${dotString(machines[i].id)} [style=invis];`);
    const style: Record<GraphEdge["kind"], string> = { conduit: "penwidth=2", control: "arrowhead=none", collect: 'style=dashed, color="#5577aa"' };
    for (const e of graph.edges) {
        const clusters = [
            e.from.startsWith("zone:") ? `ltail=${dotString(`cluster_zone_${e.from.slice(5)}`)}` : "",
            e.to.startsWith("zone:") && e.to !== e.from ? `lhead=${dotString(`cluster_zone_${e.to.slice(5)}`)}` : "",
        ].filter(Boolean);
        out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [label=${dotString(e.label)}, ${[style[e.kind], ...clusters].join(", ")}];`);
    }
    out.push("}");
    return `${out.join("\n")}\n`;
}

/**
 * `import()` that TypeScript's CommonJS output leaves alone: @viz-js/viz is ESM-only, and a
 * plain `await import()` would be compiled to `require()`, which cannot load it.
 */
const importEsm = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

/** Render DOT to SVG in-process with Graphviz compiled to WebAssembly. */
export async function renderSvg(dot: string): Promise<string> {
    const viz = (await importEsm("@viz-js/viz")) as { instance(): Promise<{ renderString(src: string, opts: { format: string }): string }> };
    const instance = await viz.instance();
    return instance.renderString(dot, { format: "svg" });
}
