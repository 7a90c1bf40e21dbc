import * as pulumi from "@pulumi/pulumi";
import type { PackagedArtifact } from "../../src/edge/artifacts";
import type { FleetModel, SiteModel } from "../../src/model/types";
import type { RegionRefs } from "../region/refs";
import { SiteAlerts } from "./alerts";
import { SiteEdge } from "./edge";
import { SiteNetwork } from "./network";
import { pick } from "../../src/util/pick";

export interface SiteArgs {
    /** The whole fleet (name prefix, defaults, equipment types). */
    fleet: FleetModel;
    /** The normalized site this component deploys. */
    site: SiteModel;
    /** What the regional platform provides (keys, buckets, stream, transit gateway, alert topics). */
    region: RegionRefs;
    /** Tags for every taggable resource of the site. */
    tags: Record<string, string>;
    /** The collector's zip per gateway architecture, uploaded by the site (src/edge/artifacts.ts packageEdgeComponent). */
    collectorArtifacts: readonly PackagedArtifact[];
    /** Edge inference's zip per architecture, uploaded when some gateway of the site runs a model (required then). */
    inferenceArtifacts?: readonly PackagedArtifact[];
    /**
     * Whether the gateways' device identities stay in AWS when the site leaves the stack
     * (retainOnDelete); the program reads the stack's `fleet:releaseSites` (src/program/retention.ts).
     * @default true
     */
    retainIdentities?: boolean;
}

/**
 * One factory: its edge (IoT identity, provisioning, Greengrass deployment, manifest), its
 * network attachment and its alert subscribers. The component's name is the site name; children
 * are named from it.
 */
export class Site extends pulumi.ComponentResource {
    readonly edge: SiteEdge;
    readonly network: SiteNetwork;
    readonly alerts: SiteAlerts;
    readonly siteName: string;

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        // A renamed site keeps its resources: the component answers to its previous names, and
        // children (named `<site>-...`) inherit the alias with the prefix swapped.
        const aliases = [...(opts?.aliases ?? []), ...args.site.previousNames.map((previous) => ({ name: previous }))];
        // The engine swaps the prefix only where a child's name starts with its own parent's name
        // (`austin-edge` under `austin`), not for `austin-manifest` under `austin-edge`: every
        // descendant named `<site>-...` also gets an explicit alias `<previous>-...`.
        const previousNames = args.site.previousNames;
        const renamed: pulumi.ResourceTransformation = (a) => {
            if (previousNames.length === 0 || !a.name.startsWith(`${name}-`)) return undefined;
            const rest = a.name.slice(name.length);
            return { props: a.props, opts: pulumi.mergeOptions(a.opts, { aliases: previousNames.map((p) => ({ name: `${p}${rest}` })) }) };
        };
        super("fleet:site:Site", name, {}, { ...opts, aliases, transformations: [...(opts?.transformations ?? []), renamed] });
        this.siteName = args.site.name;
        this.edge = new SiteEdge(`${name}-edge`, args, { parent: this });
        this.network = new SiteNetwork(`${name}-network`, args, { parent: this });
        const region = args.fleet.regions.find((r) => r.name === args.site.region);
        if (!region) throw new pulumi.ResourceError(`site ${args.site.name}: region ${args.site.region} is not in the fleet model`, this);
        this.alerts = new SiteAlerts(`${name}-alerts`, { site: args.site, region, alerts: args.region.alerts }, { parent: this });
        this.registerOutputs(pick(this, ["siteName"]));
    }
}
