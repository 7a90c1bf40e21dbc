import * as pulumi from "@pulumi/pulumi";
import type { SiteArgs } from "./site";

/**
 * The site's attachment to the regional network. SKELETON: the network work (issue #4)
 * replaces this body.
 */
export class SiteNetwork extends pulumi.ComponentResource {
    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteNetwork", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
