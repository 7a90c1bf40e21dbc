import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface FleetIndexingArgs {
    /**
     * Index connectivity status too (`thingConnectivityIndexingMode: STATUS`), so operators can
     * query which gateways are online.
     * @default true
     */
    connectivity?: boolean;
}

/**
 * IoT fleet indexing for the region (an account-and-region singleton). Sites in `csr` and
 * `aws-generated` mode target their Greengrass deployment at a dynamic thing group that selects
 * things by their `fleetSite` attribute; dynamic groups need the registry to be indexed.
 */
export class FleetIndexing extends pulumi.ComponentResource {
    /** The indexing configuration: what dynamic thing groups wait for. */
    readonly configuration: aws.iot.IndexingConfiguration;

    constructor(name: string, args: FleetIndexingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:region:FleetIndexing", name, {}, opts);
        this.configuration = new aws.iot.IndexingConfiguration(
            `${name}-config`,
            {
                thingIndexingConfiguration: {
                    thingIndexingMode: "REGISTRY",
                    thingConnectivityIndexingMode: args.connectivity === false ? "OFF" : "STATUS",
                },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
