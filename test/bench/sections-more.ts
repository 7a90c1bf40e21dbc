/** Sections 4-6 of the benchmark suite (test/bench/run.ts): check, resources per site, CLI start. */
import * as path from "node:path";
import { child, cli, hasCommand, pair, proc } from "./measure";
import { fmt, generate, rawLine, ratio, REGION, rowOf, sizeLabel, log, type Bench } from "./common";

/** 4. check vs plan on the same region. */
export function checkSection(b: Bench): void {
    const { cfg, report, fleetDir } = b;
    const region = REGION;
    if (!hasCommand("check") || !hasCommand("plan"))
        throw new Error("`fleet check` or `fleet plan` is not in this build (no dist/cli/commands/check.js or plan.js with --region)");
    for (const n of cfg.planSizes) {
        const dir = fleetDir(n);
        log(`check vs plan ${region} of ${n} sites x${cfg.reps}`);
        const [check, plan] = pair(
            cfg.reps,
            () => cli(["check", "--dir", dir, "--region", region], [0, 1]),
            () => cli(["plan", "--dir", dir, "--region", region]),
        );
        const own = check.ms - plan.ms;
        const label = `${sizeLabel(n)} fleet, ${region}`;
        report.rows.push({
            what: "`fleet check`: its own time (check - plan) vs plan",
            size: label,
            ours: "`fleet check` - `fleet plan`",
            baseline: "`fleet plan`",
            oursMs: own,
            baseMs: plan.ms,
            ratio: ratio(own, plan.ms),
            oursCpu: check.cpuMs - plan.cpuMs,
            baseCpu: plan.cpuMs,
            oursRss: check.maxRssKiB,
            baseRss: plan.maxRssKiB,
        });
        report.raw.push(
            rawLine(`fleet plan --region ${region}, ${n} sites (CLI)`, plan),
            rawLine(`fleet check --region ${region}, ${n} sites (CLI, exit ${check.samples.map((s) => s.exitCode).join("/")})`, check),
        );
        report.targets.push({
            target: `check ≤ 0.25× plan on the same region (${label}; check's own time = check - plan)`,
            measured: `${fmt(ratio(own, plan.ms), 2)}× (${fmt(own)} ms of ${fmt(check.ms)} ms vs ${fmt(plan.ms)} ms)`,
            pass: own / plan.ms <= 0.25,
        });
    }
}

/** 5. resources per site, gateway and sensor, per provisioning mode. */
export function economicsSection(b: Bench): void {
    const { report, work } = b;
    for (const mode of ["fleet-claim", "csr", "aws-generated"] as const) {
        const base = { sites: 1, regions: 1, seed: 1, provisioning: mode };
        const variants = [
            { key: "base", o: { ...base, gateways: 4, equipment: 20, oneOffSensors: 4 } },
            { key: "2G", o: { ...base, gateways: 8, equipment: 20, oneOffSensors: 4 } },
            { key: "2S", o: { ...base, gateways: 4, equipment: 40, oneOffSensors: 8 } },
        ];
        const dirs = variants.map((v) => {
            const dir = path.join(work, `economics-${mode}-${v.key}`);
            generate(dir, v.o, report);
            return dir;
        });
        log(`resources of ${mode} sites`);
        const s = child(["economics", ...dirs]);
        const [b, g2, s2] = s.data.rows as {
            gateways: number;
            sensors: number;
            siteResources: number;
            regionResources: number;
            byType: Record<string, number>;
        }[];
        const perGateway = (g2.siteResources - b.siteResources) / (g2.gateways - b.gateways);
        const perSensor = (s2.siteResources - b.siteResources) / (s2.sensors - b.sensors);
        report.economics.push({
            mode,
            site: b.siteResources,
            platform: b.regionResources - b.siteResources,
            gateways: [b.gateways, g2.gateways],
            sensors: [b.sensors, s2.sensors],
            resources: [b.siteResources, g2.siteResources, s2.siteResources],
            perGateway,
            perSensor,
            gatewayGrowth: g2.siteResources / b.siteResources,
            sensorGrowth: s2.siteResources / b.siteResources,
            byType: b.byType,
        });
        if (mode === "fleet-claim") {
            report.targets.push({
                target: "fleet-claim: resources independent of gateway count",
                measured: `${fmt(perGateway, 2)} per gateway (${b.siteResources} → ${g2.siteResources} for ${b.gateways} → ${g2.gateways} gateways)`,
                pass: perGateway === 0,
            });
        } else {
            report.targets.push({
                target: `${mode}: ≤ 4 resources per gateway`,
                measured: `${fmt(perGateway, 2)} per gateway (${b.siteResources} → ${g2.siteResources} for ${b.gateways} → ${g2.gateways} gateways)`,
                pass: perGateway <= 4,
            });
        }
        report.targets.push({
            target: `${mode}: resources independent of sensor count`,
            measured: `${fmt(perSensor, 3)} per sensor (${b.siteResources} → ${s2.siteResources} for ${b.sensors} → ${s2.sensors} sensors)`,
            pass: perSensor === 0,
        });
    }
}

/** 6. CLI start. */
export function helpSection(b: Bench): void {
    const { cfg, report } = b;
    log(`fleet --help vs node -e 0 x${cfg.helpReps}`);
    proc(["-e", "0"]);
    const [help, bareNode] = pair(
        cfg.helpReps,
        () => cli(["--help"]),
        () => proc(["-e", "0"]),
    );
    report.rows.push(rowOf("`fleet --help`: start to exit", "-", help, "`fleet --help`", bareNode, "`node -e 0`"));
    report.raw.push(rawLine("node -e 0", bareNode), rawLine("fleet --help", help));
    report.targets.push({
        target: "`fleet --help` starts in ≤ 300 ms",
        measured: `${fmt(help.ms)} ms (${fmt(ratio(help.ms, bareNode.ms), 2)}× \`node -e 0\`, ${fmt(bareNode.ms)} ms)`,
        pass: help.ms <= 300,
    });
}
