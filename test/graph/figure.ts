/**
 * Writes docs/site-picture.png: `fleet graph stuttgart-body -o svg` of the example fleet, shot by
 * headless Chromium. Run by `npm run figures` (scripts/figures.sh); not a test.
 */
import * as path from "node:path";
import { buildSiteGraph, renderSvg, toDot } from "../../src/graph/site-graph";
import { loadFleet } from "../../src/model/load";
import { ROOT } from "../cli/helpers";
import { screenshotSvg } from "./chromium";

async function main(): Promise<void> {
    const model = loadFleet(ROOT).model!;
    const site = model.sites.find((s) => s.name === "stuttgart-body")!;
    const svg = await renderSvg(toDot(buildSiteGraph(model, site)));
    const file = path.join(ROOT, "docs", "site-picture.png");
    screenshotSvg(svg, file, 2400);
    process.stdout.write(`wrote ${file}\n`);
}

void main();
