/**
 * The offline plan of one stack of the layout (src/stacks/layout.ts): a platform stack, or a
 * site stack whose StackReference to its platform reads stand-in outputs (offline, the platform's
 * values do not exist yet: the stand-ins have the shape of real ones, the region and the platform
 * stack in them). `planStacks` plans many stacks one after another and hands each plan to the
 * caller before the next starts, so a whole fleet plans in the memory of its largest stack.
 */
import type { FleetModel } from "../model/types";
import type { StackInfo } from "../stacks/layout";
import { planProgram, type PlanOptions, type RegionPlan } from "./plan";

const ACCOUNT = "123456789012";

/** Stand-in `siteRefs` of a platform stack for offline plans of its sites (the shape of src/program/stacks.ts SiteRefsValue). */
export function standInSiteRefs(fleet: string, region: string, platform: string): Record<string, unknown> {
    const id = platform.replace(/[^a-z0-9-]/g, "-");
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
    const topic = (severity: string) => arn("sns", `${fleet}-${region}-alerts-${severity}`);
    return {
        region,
        kmsKeyArn: arn("kms", `key/${id}-platform-key`),
        artifactsBucketName: `${fleet}-${region}-artifacts-${ACCOUNT}`,
        artifactsBucketArn: `arn:aws:s3:::${fleet}-${region}-artifacts-${ACCOUNT}`,
        telemetryStreamName: `${fleet}-${region}-telemetry`,
        telemetryStreamArn: arn("kinesis", `stream/${fleet}-${region}-telemetry`),
        transitGatewayId: `tgw-${id}`,
        network: {
            transitGatewayId: `tgw-${id}`,
            spokeRouteTableId: `tgw-rtb-${id}-spoke`,
            inspectionRouteTableId: `tgw-rtb-${id}-inspection`,
            availabilityZones: [`${region}a`, `${region}b`],
            flowLogGroupArn: arn("logs", `log-group:/${fleet}/${region}/flow-logs`),
            flowLogRoleArn: `arn:aws:iam::${ACCOUNT}:role/${fleet}-${region}-flow-logs`,
            vpnLogGroupArn: arn("logs", `log-group:/${fleet}/${region}/vpn`),
        },
        alertTopicArns: { info: topic("info"), warning: topic("warning"), critical: topic("critical") },
        tokenExchangeRoleArn: `arn:aws:iam::${ACCOUNT}:role/${id}-tes-role`,
    };
}

/** Plan one stack of the layout. The global stack is not planned here (its program has no site or region resources). */
export function planStack(model: FleetModel, stack: StackInfo, opts: PlanOptions & { platformRef?: (platform: string) => string } = {}): Promise<RegionPlan> {
    const programs = require("../program/stacks") as typeof import("../program/stacks");
    if (stack.kind === "global") return Promise.reject(new Error("planStack: the global stack is planned by fleet plan --global"));
    const region = stack.region!;
    if (stack.kind === "platform") {
        return planProgram({ stack: stack.name, region, build: () => programs.buildPlatformStack(model, region, stack.account) }, opts);
    }
    const platform = stack.dependsOn[0];
    const ref = opts.platformRef ? opts.platformRef(platform) : platform;
    return planProgram(
        {
            stack: stack.name,
            region,
            build: () => programs.buildSiteStack(model, stack.sites[0], ref),
            references: { [ref]: { [programs.SITE_REFS_OUTPUT]: standInSiteRefs(model.name, region, platform) } },
        },
        opts,
    );
}

/**
 * Plan stacks one after another; `each` gets every plan as it finishes and may keep what it
 * needs of it (the plan itself is dropped before the next stack starts).
 */
export async function planStacks(
    model: FleetModel,
    stacks: readonly StackInfo[],
    each: (stack: StackInfo, plan: RegionPlan, index: number) => void | Promise<void>,
    opts: PlanOptions = {},
): Promise<void> {
    for (const [i, s] of stacks.entries()) {
        if (s.kind === "global") continue;
        await each(s, await planStack(model, s, opts), i);
    }
}
