import * as pulumi from "@pulumi/pulumi";
import type { SiteArgs } from "./site";

/**
 * The site's edge: IoT identity, provisioning, Greengrass deployment and site manifest.
 * SKELETON: the edge work (issue #3) replaces this body.
 */
export class SiteEdge extends pulumi.ComponentResource {
    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteEdge", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
