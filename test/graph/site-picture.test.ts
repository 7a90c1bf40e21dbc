/**
 * The site picture as auditors see it: rendered by headless Chromium, the Purdue levels read top
 * to bottom (the cloud, 5 … 0), no label overlaps another, every label fits its box.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { buildSiteGraph, LEVEL_KEYS, renderSvg, toDot, toMermaid } from "../../src/graph/site-graph";
import { loadFleet } from "../../src/model/load";
import { ROOT } from "../cli/helpers";
import { CHROMIUM, measureSvg, overlaps } from "./chromium";

describe("site picture (graph)", function () {
    this.timeout(180_000);
    const model = loadFleet(ROOT).model!;
    const site = model.sites.find((s) => s.name === "stuttgart-body")!;

    it("renders in Chromium with the levels top to bottom, no overlapping labels, every label inside its box", async function () {
        if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/test-deps.sh installs the Debian chromium package`);
        const svg = await renderSvg(toDot(buildSiteGraph(model, site)));
        const m = measureSvg(svg);
        const labels = m.texts.filter((t) => t.cluster?.startsWith("cluster_level_"));
        const y = (prefix: string) => {
            const t = labels.find((l) => l.text.startsWith(prefix));
            assert.ok(t, `a label starting ${prefix}: ${labels.map((l) => l.text).join(" | ")}`);
            return t.y;
        };
        const order = ["AWS cloud (eu-central-1)", "Level 4: ", "Level 3.5: ", "Level 3: ", "Level 2: ", "Level 1: ", "Level 0: "];
        const ys = order.map(y);
        for (let i = 1; i < ys.length; i++) assert.ok(ys[i - 1] < ys[i], `${order[i - 1]} (y ${ys[i - 1]}) is above ${order[i]} (y ${ys[i]})`);
        // Each level is a band: everything of a higher level sits above everything of a lower one.
        const nodeY = (id: string) => m.nodes.find((n) => n.id === id)!.shape;
        assert.ok(nodeY("cloud").y + nodeY("cloud").h < nodeY("gateway:gw-body-01").y);
        assert.ok(nodeY("gateway:gw-body-01").y + nodeY("gateway:gw-body-01").h < nodeY("plc:plc-weld-01").y);
        assert.ok(nodeY("plc:plc-weld-01").y + nodeY("plc:plc-weld-01").h < nodeY("equipment:weld-robot-01").y);
        const clash: string[] = [];
        for (let i = 0; i < m.texts.length; i++)
            for (let j = i + 1; j < m.texts.length; j++) if (overlaps(m.texts[i], m.texts[j])) clash.push(`${m.texts[i].text} / ${m.texts[j].text}`);
        assert.deepEqual(clash, []);
        const outside = m.nodes.flatMap((n) => n.texts.filter((t) => t.x < n.shape.x - 1 || t.x + t.w > n.shape.x + n.shape.w + 1).map(() => n.id));
        assert.deepEqual(outside, []);
        // Readable at its own size: every label at least 10 px high; every machine and device drawn.
        assert.ok(Math.min(...m.texts.map((t) => t.h)) >= 10, "labels are at least 10 px high");
        assert.equal(m.nodes.filter((n) => n.id.startsWith("equipment:")).length, site.equipment.length);
        assert.ok(m.texts.length > 100, `${m.texts.length} texts measured`);
    });

    it("the test can fail: labels forced onto one spot overlap, and the order check sees a swapped level", () => {
        const a = { x: 0, y: 0, w: 50, h: 12 };
        assert.equal(overlaps(a, { x: 40, y: 5, w: 50, h: 12 }), true);
        assert.equal(overlaps(a, { x: 50, y: 0, w: 50, h: 12 }), false, "touching is not overlapping");
        assert.equal(overlaps(a, { x: 0, y: 12.2, w: 50, h: 12 }), false);
    });

    it("collects: grouped by default (one edge per gateway), all, or none; --level shows only some levels", () => {
        const grouped = buildSiteGraph(model, site);
        const collects = grouped.edges.filter((e) => e.kind === "collect");
        const gateways = new Set(site.equipment.map((e) => e.gateway));
        assert.equal(collects.length, gateways.size);
        const n = site.equipment.filter((e) => e.gateway === "gw-body-01").length;
        assert.ok(collects.some((e) => e.from === "gateway:gw-body-01" && e.to === "machines:gw-body-01" && e.label === `collects ${n} machines`));
        assert.equal(grouped.edges.filter((e) => e.kind === "control").length, 0, "the PLC is named in the machine's label instead");
        assert.ok(grouped.levels.at(-1)!.zones.every((z) => z.kind === "machines"));
        const all = buildSiteGraph(model, site, { collects: "all" });
        assert.equal(all.edges.filter((e) => e.kind === "collect").length, site.equipment.length);
        const none = buildSiteGraph(model, site, { collects: "none" });
        assert.equal(none.edges.filter((e) => e.kind === "collect").length, 0);
        assert.equal(none.edges.filter((e) => e.kind === "conduit").length, site.conduits.length);
        const dmz = buildSiteGraph(model, site, { levels: ["cloud", "3.5"] });
        assert.deepEqual(
            dmz.levels.map((l) => l.label),
            ["AWS cloud (eu-central-1)", "Level 3.5: industrial DMZ"],
        );
        assert.ok(dmz.edges.every((e) => e.kind === "conduit" && (e.to === "cloud" || e.to === "zone:edge-dmz")));
        assert.ok(dmz.edges.length > 0);
        assert.ok(toMermaid(grouped).includes(`  gateway_gw_body_01 -.->|"collects ${n} machines"| machines_gw_body_01`));
        assert.deepEqual(LEVEL_KEYS, ["cloud", "5", "4", "3.5", "3", "2", "1", "0"]);
    });
});
