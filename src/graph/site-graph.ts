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
    /** The segment's CIDR; for a group of machines, what collects them. */
    cidr: string;
    /** A network zone, or the machines one gateway collects (level 0, when collects are grouped). */
    kind?: "zone" | "machines";
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
    /** How machines hang off their gateways: one edge each, one per gateway, or none drawn. */
    collects: CollectMode;
    /** Highest level first: the cloud, then 5 … 0. */
    levels: LevelGroup[];
    edges: GraphEdge[];
}

export type CollectMode = "all" | "grouped" | "none";

export interface GraphOptions {
    /** Default `grouped`: one "collects" edge per gateway to the group of its machines. */
    collects?: CollectMode;
    /** Show only these levels (`0` … `5`, `3.5`, `cloud`); edges to hidden nodes are left out. */
    levels?: string[];
}

/** The level keys `--level` accepts. */
export const LEVEL_KEYS = ["cloud", "5", "4", "3.5", "3", "2", "1", "0"];

export const LEVEL_NAMES: Record<string, string> = {
    "0": "Level 0: physical process",
    "1": "Level 1: basic control",
    "2": "Level 2: supervisory control",
    "3": "Level 3: site operations",
    "3.5": "Level 3.5: industrial DMZ",
    "4": "Level 4: business logistics",
    "5": "Level 5: enterprise",
};

export function buildSiteGraph(fleet: FleetModel, site: SiteModel, opts: GraphOptions = {}): SiteGraph {
    void fleet;
    const collects = opts.collects ?? "grouped";
    const levels = new Map<string, LevelGroup>();
    const level = (l: PurdueLevel) => {
        const key = String(l);
        let g = levels.get(key);
        if (!g) levels.set(key, (g = { level: l, label: LEVEL_NAMES[key] ?? `Level ${key}`, zones: [], nodes: [] }));
        return g;
    };
    const zones = new Map<string, ZoneGroup>();
    for (const s of site.segments) {
        const z: ZoneGroup = {
            name: s.name,
            cidr: s.cidr,
            kind: "zone",
            nodes: [{ id: `zone:${s.name}`, kind: "zone", name: s.name, lines: [s.name, s.cidr] }],
        };
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
    const byGateway = new Map<string, GraphNode[]>();
    for (const e of site.equipment) {
        const lines = [e.name, `${e.type}, criticality ${e.criticality}`, ...(e.plc ? [`controlled by ${e.plc}`] : [])];
        const node: GraphNode = { id: `equipment:${e.name}`, kind: "equipment", name: e.name, lines };
        if (collects === "grouped") {
            if (!byGateway.has(e.gateway)) byGateway.set(e.gateway, []);
            byGateway.get(e.gateway)!.push(node);
        } else level(0).nodes.push(node);
        // Grouped, the machine's label names its PLC: dozens of PLC-to-machine lines would bury the picture.
        if (e.plc && collects === "all") edges.push({ from: `plc:${e.plc}`, to: `equipment:${e.name}`, label: "controls", kind: "control" });
        if (collects === "all") edges.push({ from: `gateway:${e.gateway}`, to: `equipment:${e.name}`, label: "collects", kind: "collect" });
    }
    for (const [gateway, nodes] of [...byGateway].sort(([a], [b]) => a.localeCompare(b))) {
        level(0).zones.push({ name: `machines-${gateway}`, cidr: `collected by ${gateway}`, kind: "machines", nodes });
        edges.push({
            from: `gateway:${gateway}`,
            to: `machines:${gateway}`,
            label: `collects ${nodes.length} machine${nodes.length === 1 ? "" : "s"}`,
            kind: "collect",
        });
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
    for (const g of levels.values()) g.zones.sort((a, b) => Number(a.kind === "machines") - Number(b.kind === "machines") || a.name.localeCompare(b.name));
    const ordered = [...levels.values()].sort((a, b) => Number(b.level) - Number(a.level));
    const shown = [cloud, ...ordered].filter((l) => !opts.levels || opts.levels.includes(String(l.level)));
    const ids = new Set(shown.flatMap((l) => [...l.nodes, ...l.zones.flatMap((z) => z.nodes)]).map((n) => n.id));
    for (const l of shown) for (const z of l.zones) if (z.kind === "machines") ids.add(`machines:${z.name.slice("machines-".length)}`);
    return { site: site.name, region: site.region, collects, levels: shown, edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
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
            const sub = z.kind === "machines" ? id(machinesId(z)) : `zone_${id(`zone:${z.name}`)}`;
            out.push(`    subgraph ${sub}["${mermaidText(z.kind === "machines" ? z.cidr : `${z.name} ${z.cidr}`)}"]`);
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
    equipment: 'shape=box, style="rounded,filled", fillcolor="#e2f5d6"',
    cloud: 'shape=doublecircle, style=filled, fillcolor="#fff4b3"',
};

/** The id edges use for a group of machines (`machines:<gateway>`). */
function machinesId(z: ZoneGroup): string {
    return `machines:${z.name.slice("machines-".length)}`;
}

/** Nodes per row inside a zone or a group of machines; machines outside groups per row. */
const ZONE_ROW = 3;
const MACHINE_ROW = 2;
const LOOSE_ROW = 8;

function chunks<T>(xs: T[], n: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
    return out;
}

/**
 * Graphviz DOT. Purdue levels are ranks, top to bottom (the cloud, 5, 4, 3.5 … 0): an invisible
 * spine of anchors, one per row of each level, and every node on its row's rank (`newrank`, so
 * rank constraints hold across clusters). A zone's nodes wrap into rows of ZONE_ROW, so a level
 * with many PLCs or machines grows down, not sideways. Only the spine constrains ranks: conduits,
 * control and collect edges are drawn with constraint=false.
 */
export function toDot(graph: SiteGraph): string {
    const out = [
        `digraph ${dotString(`site ${graph.site}`)} {`,
        `  graph [rankdir=TB, newrank=true, compound=true, fontname="Helvetica", fontsize=16, label=${dotString(`site ${graph.site} (${graph.region})`)}, labelloc=t, nodesep=0.3, ranksep=0.5];`,
        `  node [fontname="Helvetica", fontsize=11];`,
        `  edge [fontname="Helvetica", fontsize=10];`,
    ];
    const node = (n: GraphNode, indent: string) =>
        out.push(`${indent}${dotString(n.id)} [label=${dotString(n.lines.filter(Boolean).join("\n"))}, ${DOT_SHAPE[n.kind]}];`);
    const spine: string[][] = [];
    graph.levels.forEach((l, i) => {
        const rows: string[][] = [];
        const place = (ids: string[][]) => ids.forEach((row, r) => (rows[r] ??= []).push(...row));
        out.push(`  subgraph ${dotString(`cluster_level_${i}`)} {`, `    label=${dotString(l.label)}; labeljust=l; style=dashed; fontsize=14;`);
        for (const z of l.zones) {
            const cluster = z.kind === "machines" ? `cluster_${machinesId(z)}` : `cluster_zone_${z.name}`;
            const label = z.kind === "machines" ? z.cidr : z.name;
            out.push(`    subgraph ${dotString(cluster)} {`, `      label=${dotString(label)}; style=rounded;`);
            for (const n of z.nodes) node(n, "      ");
            // An invisible handle for edges to the whole group of machines.
            if (z.kind === "machines") out.push(`      ${dotString(machinesId(z))} [shape=point, style=invis, width=0.01, label=""];`);
            const ids = [...(z.kind === "machines" ? [machinesId(z)] : []), ...z.nodes.map((n) => n.id)];
            place(chunks(ids, z.kind === "machines" ? MACHINE_ROW + 1 : ZONE_ROW));
            out.push(`    }`);
        }
        for (const n of l.nodes) node(n, "    ");
        place(
            chunks(
                l.nodes.map((n) => n.id),
                LOOSE_ROW,
            ),
        );
        if (rows.length === 0) rows.push([]);
        rows.forEach((row, r) => {
            // Anchors inside the level's cluster keep the levels in one column around the spine.
            const anchor = `rank:${i}:${r}`;
            out.push(`    ${dotString(anchor)} [shape=point, style=invis, width=0.01, label=""];`);
            spine.push([anchor, ...row]);
        });
        out.push(`  }`);
    });
    // The spine: invisible anchors in order, each on its row's rank.
    for (let i = 1; i < spine.length; i++) out.push(`  ${dotString(spine[i - 1][0])} -> ${dotString(spine[i][0])} [style=invis, weight=100];`);
    for (const r of spine) out.push(`  { rank=same; ${r.map(dotString).join("; ")}; }`);
    const style: Record<GraphEdge["kind"], string> = {
        conduit: 'penwidth=2, color="#333333"',
        control: 'arrowhead=none, color="#aa7733"',
        collect: 'style=dashed, color="#5577aa"',
    };
    for (const e of graph.edges) {
        const clusterOf = (id: string) => (id.startsWith("zone:") ? `cluster_zone_${id.slice(5)}` : id.startsWith("machines:") ? `cluster_${id}` : undefined);
        const tail = clusterOf(e.from);
        const head = e.to !== e.from ? clusterOf(e.to) : undefined;
        const attrs = [style[e.kind], "constraint=false", tail ? `ltail=${dotString(tail)}` : "", head ? `lhead=${dotString(head)}` : ""].filter(Boolean);
        // "controls" goes without a label: the PLC is named at the tail, and dozens of labels would bury the picture.
        const label = e.kind === "control" ? "" : `label=${dotString(e.label)}, `;
        out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${label}${attrs.join(", ")}];`);
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
