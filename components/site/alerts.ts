import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { siteFilterPolicy, siteSubscriptions } from "../../src/analytics/alerting";
import type { RegionModel, SiteModel } from "../../src/model/types";
import type { RegionAlertRefs } from "../region/refs";

export interface SiteAlertsArgs {
    /** The site: its name (the filter), its previous names (aliases) and its subscribers. */
    site: Pick<SiteModel, "name" | "previousNames" | "alerts">;
    /** The site's region in fleet.yaml: its contacts (which former names were never the site's). */
    region: Pick<RegionModel, "alerts">;
    /** The region's alert topics, and where site subscriptions lived before. */
    alerts: RegionAlertRefs;
}

/**
 * The site's alert subscribers (site file `alerts.subscribers`): one email subscription per
 * subscriber and severity on the region's topic of that severity, filtered to this site's alerts
 * (the `site` message attribute). Named `<this component's name>-<email>-<severity>`, which
 * starts with the site name, so a renamed site's subscriptions follow its alias.
 *
 * Each subscription also answers to its former name under the regional Alerting component
 * (`alerts-<site>-<email>-<severity>`, for the site's name and each previous name), where site
 * subscriptions lived before: existing subscriptions move instead of being replaced, and nobody
 * has to confirm their email again.
 */
export class SiteAlerts extends pulumi.ComponentResource {
    constructor(name: string, args: SiteAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fleet:site:SiteAlerts", name, {}, opts);
        const filterPolicy = siteFilterPolicy(args.site.name);
        for (const sub of siteSubscriptions(args.site, args.region)) {
            new aws.sns.TopicSubscription(
                `${name}-${sub.key}`,
                { topic: args.alerts.topicArns[sub.severity], protocol: "email", endpoint: sub.email, filterPolicy, filterPolicyScope: "MessageAttributes" },
                { parent: this, aliases: sub.formerNames.map((former) => ({ name: former, parent: args.alerts.formerSubscriptionParentUrn })) },
            );
        }
        this.registerOutputs({});
    }
}
