/**
 * Render an SVG in headless Chromium (the Debian package, installed by scripts/test-deps.sh) and
 * measure it there: the on-screen box of every text, and of every node's shape with its texts.
 * No network: a local file, and Chromium's background traffic switched off.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const CHROMIUM = process.env.FLEET_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
];

export interface Box {
    x: number;
    y: number;
    w: number;
    h: number;
}

export interface Measured {
    width: number;
    height: number;
    texts: (Box & { text: string; cluster?: string; node?: string })[];
    /** Graphviz nodes: the box of the shape and the box of each of its texts. */
    nodes: { id: string; shape: Box; texts: Box[] }[];
}

const MEASURE = `
const r = (e) => { const b = e.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
const svg = document.querySelector("svg");
const texts = [...svg.querySelectorAll("text")].map((t) => {
  const g = t.closest("g.node, g.cluster, g.edge");
  return { ...r(t), text: t.textContent, cluster: g && g.classList.contains("cluster") ? g.querySelector("title").textContent : undefined,
           node: g && g.classList.contains("node") ? g.querySelector("title").textContent : undefined };
});
const nodes = [...svg.querySelectorAll("g.node")].map((g) => {
  const shapes = [...g.querySelectorAll("polygon, ellipse, path")];
  const boxes = shapes.map(r).filter((b) => b.w > 0);
  const x = Math.min(...boxes.map((b) => b.x)), y = Math.min(...boxes.map((b) => b.y));
  const shape = { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y };
  return { id: g.querySelector("title").textContent, shape, texts: [...g.querySelectorAll("text")].map(r) };
});
const b = svg.getBoundingClientRect();
document.getElementById("out").textContent = JSON.stringify({ width: b.width, height: b.height, texts, nodes });
`;

/** Chromium with a fresh profile; returns stdout. */
function chromium(args: string[]): string {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-chromium-"));
    try {
        const r = spawnSync(CHROMIUM, [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: "utf8", timeout: 90_000, maxBuffer: 64 << 20 });
        if (r.error) throw r.error;
        if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
        return r.stdout;
    } finally {
        fs.rmSync(profile, { recursive: true, force: true });
    }
}

/** Lay the SVG out at its own size (1pt = 4/3 px) and measure it. */
export function measureSvg(svg: string): Measured {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-svg-"));
    try {
        const page = path.join(dir, "page.html");
        fs.writeFileSync(
            page,
            `<!doctype html><html><body style="margin:0">${svg.replace(/^[\s\S]*?(<svg)/, "$1")}<pre id="out"></pre><script>${MEASURE}</script></body></html>`,
        );
        const dom = chromium(["--dump-dom", `file://${page}`]);
        const m = /<pre id="out">([\s\S]*?)<\/pre>/.exec(dom);
        if (!m || m[1] === "") throw new Error(`the page did not measure the SVG:\n${dom.slice(0, 2000)}`);
        const text = m[1]
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, "&");
        return JSON.parse(text) as Measured;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** A PNG of the SVG scaled to `width` pixels wide. */
export function screenshotSvg(svg: string, file: string, width: number): void {
    const w = Number(/<svg width="([\d.]+)pt"/.exec(svg)?.[1] ?? "0");
    const h = Number(/<svg width="[\d.]+pt" height="([\d.]+)pt"/.exec(svg)?.[1] ?? "0");
    const height = Math.ceil((width / w) * h);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-svg-"));
    try {
        const page = path.join(dir, "page.html");
        const body = svg.replace(/^[\s\S]*?(<svg)/, "$1").replace(/<svg width="[\d.]+pt" height="[\d.]+pt"/, `<svg width="${width}px" height="${height}px"`);
        fs.writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#fff">${body}</body></html>`);
        chromium([`--window-size=${width},${height}`, `--screenshot=${path.resolve(file)}`, `file://${page}`]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export function overlaps(a: Box, b: Box, tolerance = 0.5): boolean {
    return a.x + tolerance < b.x + b.w && b.x + tolerance < a.x + a.w && a.y + tolerance < b.y + b.h && b.y + tolerance < a.y + a.h;
}
