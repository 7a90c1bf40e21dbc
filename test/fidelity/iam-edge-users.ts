/**
 * The edge principals of a plan and what they request, from the AWS documentation of the software
 * that makes the requests, each source named where the request is built:
 * - a Greengrass core device through its IoT policy (Greengrass V2 developer guide, "Minimal AWS IoT
 *   policy for AWS IoT Greengrass V2 core devices" and "AWS IoT policies for data plane operations":
 *   iot:Connect as its thing name, jobs and health topics, greengrass:GetComponentVersionArtifact,
 *   ResolveComponentCandidates, GetDeploymentConfiguration, iot:AssumeRoleWithCertificate on its
 *   role alias), plus the gateway's own telemetry topics that the IoT rules select;
 * - the token exchange role (Greengrass V2 developer guide, "Authorize core devices to interact with
 *   AWS services" and "Allow access to S3 buckets for component artifacts": s3:GetObject on the
 *   artifacts, s3:GetBucketLocation; stream manager's Kinesis export, "Export configurations":
 *   kinesis:PutRecords);
 * - a claim certificate (AWS IoT Core developer guide, "Device provisioning MQTT API":
 *   create-from-csr and provision topics, their accepted/rejected replies);
 * - the fleet-provisioning service with the template's role (AWS IoT Core developer guide,
 *   "Provisioning templates": the thing, its groups, the certificate and the policy a template
 *   names; the AWSIoTThingsRegistration managed policy lists the calls).
 */
import type { PlannedResource } from "../../src/plan/plan";
import { type Document, list } from "./iam";
import { ACCOUNT, type Request, type User, resolveIotConnection } from "./iam-sim";
import { type RegionView, forbidden, roleDocuments } from "./iam-users";
import { doc } from "./fleets";

const ofType = (v: RegionView, type: string) => v.resources.filter((r) => r.type === type);
const iot = (v: RegionView, rest: string) => `arn:aws:iot:${v.region}:${ACCOUNT}:${rest}`;
const tags = (r: PlannedResource) => (r.inputs.tags ?? {}) as Record<string, string>;

export interface EdgeSite {
    site: string;
    fleet: string;
    deployment: PlannedResource;
    /** Gateway thing names (planned things, or one a provisioned gateway would get). */
    things: string[];
    gatewayPolicy?: PlannedResource;
    roleAlias?: PlannedResource;
    components: { name: string; version: string; artifacts: string[] }[];
    collector: { manifest?: { bucket: string; key: string }; telemetry?: { kinesisStream?: string } };
}

/** The sites of a region with their Greengrass deployment, things, policy, role alias and components. */
export function edgeSites(v: RegionView): EdgeSite[] {
    return ofType(v, "aws-native:greengrassv2:Deployment").map((deployment) => {
        const site = tags(deployment)["fleet:site"];
        const fleet = tags(deployment)["fleet:name"];
        const prefix = `${fleet}-${site}-`;
        const planned = ofType(v, "aws:iot/thing:Thing")
            .map((t) => String(t.inputs.name))
            .filter((n) => n.startsWith(prefix));
        const gatewayPolicy = ofType(v, "aws:iot/policy:Policy").find((p) => String(p.inputs.policy).includes(`topic/fleet/${site}/`));
        const aliasArn = gatewayPolicy
            ? doc<Document>(gatewayPolicy.inputs.policy)
                  .Statement.filter((s) => list(s.Action).includes("iot:AssumeRoleWithCertificate"))
                  .flatMap((s) => list(s.Resource))[0]
            : undefined;
        const roleAlias = ofType(v, "aws:iot/roleAlias:RoleAlias").find((a) => aliasArn?.endsWith(`rolealias/${String(a.inputs.alias)}`));
        const deployed = (deployment.inputs.components ?? {}) as Record<string, { componentVersion: string; configurationUpdate?: { merge?: string } }>;
        const recipes = ofType(v, "aws-native:greengrassv2:ComponentVersion").map((c) => doc<Record<string, unknown>>(c.inputs.inlineRecipe));
        const components = Object.entries(deployed).flatMap(([name, d]) => {
            const recipe = recipes.find((r) => r.ComponentName === name);
            if (!recipe) return [];
            const artifacts = ((recipe.Manifests as { Artifacts?: { Uri: string }[] }[]) ?? []).flatMap((m) => (m.Artifacts ?? []).map((a) => a.Uri));
            return [{ name, version: d.componentVersion, artifacts }];
        });
        const collectorName = Object.keys(deployed).find((n) => n.endsWith(".Collector"));
        const merge = collectorName ? deployed[collectorName].configurationUpdate?.merge : undefined;
        return {
            site,
            fleet,
            deployment,
            things: planned.length ? planned : [`${prefix}gw-provisioned`],
            gatewayPolicy,
            roleAlias,
            components,
            collector: merge ? (JSON.parse(merge) as EdgeSite["collector"]) : {},
        };
    });
}

/** Gateway IoT policies: one user per planned gateway thing (IoT variables resolved for its connection). */
export function gatewayUsers(v: RegionView): User[] {
    const sites = edgeSites(v);
    const rules = ofType(v, "aws:iot/topicRule:TopicRule").map((r) => /FROM\s+'([^']+)'/.exec(String(r.inputs.sql))?.[1] ?? "");
    return sites.flatMap((s) => {
        if (!s.gatewayPolicy) return [];
        const other = sites.find((x) => x.site !== s.site);
        return s.things.map((thing): User => {
            const channelTopics = rules
                .filter((f) => /^fleet\/\+\/\+\/[\w-]+$/.test(f))
                .map((f) => ({ action: "iot:Publish", resource: iot(v, `topic/fleet/${s.site}/${thing}/${f.split("/")[3]}`), why: `IoT rule FROM '${f}'` }));
            const gg = "Greengrass V2 minimal core device policy";
            const allowed: Request[] = [
                { action: "iot:Connect", resource: iot(v, `client/${thing}`), why: `${gg}: client id = thing name` },
                ...channelTopics,
                { action: "iot:Publish", resource: iot(v, `topic/$aws/things/${thing}/greengrassv2/health/json`), why: `${gg}: status updates` },
                { action: "iot:Subscribe", resource: iot(v, `topicfilter/$aws/things/${thing}/jobs/*`), why: `${gg}: deployments as jobs` },
                { action: "iot:Receive", resource: iot(v, `topic/$aws/things/${thing}/jobs/notify-next`), why: `${gg}: deployments as jobs` },
                { action: "iot:Publish", resource: iot(v, `topic/$aws/things/${thing}/jobs/$next/get`), why: `${gg}: deployments as jobs` },
                { action: "greengrass:ResolveComponentCandidates", resource: "*", why: `${gg}: data plane` },
                { action: "greengrass:GetDeploymentConfiguration", resource: "*", why: `${gg}: data plane` },
                { action: "greengrass:ListThingGroupsForCoreDevice", resource: "*", why: `${gg}: data plane` },
                ...s.components.map((c) => ({
                    action: "greengrass:GetComponentVersionArtifact",
                    resource: `arn:aws:greengrass:${v.region}:${ACCOUNT}:components:${c.name}:versions:${c.version}`,
                    why: `${gg}: artifacts of ${c.name}`,
                })),
            ];
            if (s.roleAlias)
                allowed.push({
                    action: "iot:AssumeRoleWithCertificate",
                    resource: iot(v, `rolealias/${String(s.roleAlias.inputs.alias)}`),
                    why: "token exchange service",
                });
            const denied: Request[] = [
                { action: "iot:Publish", resource: iot(v, `topic/fleet/${s.site}/${s.fleet}-${s.site}-gw-other/telemetry`), why: "another gateway's topic" },
                { action: "iot:Connect", resource: iot(v, `client/${s.fleet}-${s.site}-gw-other`), why: "another gateway's client id" },
                { action: "iot:UpdateThingShadow", resource: iot(v, `thing/${s.fleet}-${s.site}-gw-other`), why: "another gateway's shadow" },
            ];
            if (other) {
                const t = other.things[0];
                denied.push(
                    { action: "iot:Publish", resource: iot(v, `topic/fleet/${other.site}/${t}/telemetry`), why: "another site's thing topic" },
                    { action: "iot:Subscribe", resource: iot(v, `topicfilter/fleet/${other.site}/${t}/*`), why: "another site's topics" },
                    { action: "iot:Connect", resource: iot(v, `client/${t}`), why: "another site's thing" },
                );
                // greengrass:GetComponentVersionArtifact is on "*" as the device guide grants it (issue #17
                // point 7); another site's S3 artifacts stay out of reach through its token exchange role
                // (tesUsers denies them), which is what downloads them
                if (other.roleAlias)
                    denied.push({
                        action: "iot:AssumeRoleWithCertificate",
                        resource: iot(v, `rolealias/${String(other.roleAlias.inputs.alias)}`),
                        why: "another site's role alias",
                    });
            }
            const document = resolveIotConnection(doc<Document>(s.gatewayPolicy!.inputs.policy), thing);
            return {
                label: `${v.region} IoT policy ${String(s.gatewayPolicy!.inputs.name)} as ${thing}`,
                kind: "iot",
                principalArn: iot(v, "cert/0a1b2c"),
                documents: [document],
                allowed,
                denied,
            };
        });
    });
}

/** A gateway certificate that is not attached to its thing may not connect (the IsAttached condition). */
export function detachedGatewayUsers(v: RegionView): User[] {
    return edgeSites(v)
        .filter((s) => s.gatewayPolicy)
        .map((s) => ({
            label: `${v.region} IoT policy ${String(s.gatewayPolicy!.inputs.name)}, certificate not attached to ${s.things[0]}`,
            kind: "iot" as const,
            principalArn: iot(v, "cert/0a1b2c"),
            documents: [resolveIotConnection(doc<Document>(s.gatewayPolicy!.inputs.policy), s.things[0], false)],
            allowed: [],
            denied: [{ action: "iot:Connect", resource: iot(v, `client/${s.things[0]}`), why: "iot:Connection.Thing.IsAttached is false" }],
        }));
}

/**
 * The credentials provider's thing-name variable, resolved for one gateway (it sends its thing name
 * in the x-amzn-iot-thingname header, and the thing is attached to its certificate: AWS IoT Core
 * developer guide, "Authorizing direct calls to AWS services"). Without the header (`undefined`)
 * the variable stays unresolved, and the simulator matches nothing with it, as AWS does.
 */
export function resolveCredentialsThing(document: Document, thingName: string | undefined): Document {
    return thingName === undefined ? document : (JSON.parse(JSON.stringify(document).split("${credentials-iot:ThingName}").join(thingName)) as Document);
}

/**
 * The region's token-exchange role, as each gateway's credentials see it (every site's role alias
 * points at it): what Greengrass's artifact download, the collector's manifest read, edge inference's
 * model reads, stream manager's export and log manager request. One user per gateway, plus one
 * gateway whose request names no thing; a gateway may not read another gateway's or another site's
 * manifest, nor write another thing's log stream.
 */
export function tesUsers(v: RegionView): User[] {
    const sites = edgeSites(v);
    const date = "/2026/12/06/thing/";
    const logStream = (group: string, thing: string) => `arn:aws:logs:${v.region}:${ACCOUNT}:log-group:${group}:log-stream:${date}${thing}`;
    const logGroups = (s: EdgeSite) => s.components.filter((c) => c.name.startsWith("com.")).map((c) => `/aws/greengrass/UserComponent/${v.region}/${c.name}`);
    const kmsKey = String(ofType(v, "aws:kinesis/stream:Stream")[0]?.inputs.kmsKeyId ?? "");
    const s3 = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
    const viaS3 = { "kms:ViaService": `s3.${v.region}.amazonaws.com` };
    return sites.flatMap((s) => {
        if (!s.roleAlias) return [];
        const role = String(s.roleAlias.inputs.roleArn);
        const manifest = s.collector.manifest;
        const others = sites.filter((x) => x.site !== s.site);
        const user = (thing: string | undefined): User => {
            const allowed: Request[] = [];
            const denied: Request[] = [...forbidden(v)];
            for (const c of s.components)
                for (const u of c.artifacts.filter((x) => x.startsWith("s3://"))) {
                    const object = `arn:aws:s3:::${u.slice(5)}`;
                    allowed.push(
                        { action: "s3:GetObject", resource: object, why: `Greengrass downloads ${c.name}'s artifact` },
                        { action: "s3:GetBucketLocation", resource: object.split("/")[0], why: "artifact download locates the bucket" },
                    );
                }
            allowed.push({ action: "kms:Decrypt", resource: kmsKey, context: viaS3, why: "SSE-KMS artifact" });
            const stream = s.collector.telemetry?.kinesisStream;
            if (stream)
                allowed.push(
                    { action: "kinesis:PutRecords", resource: `arn:aws:kinesis:${v.region}:${ACCOUNT}:stream/${stream}`, why: "stream manager Kinesis export" },
                    {
                        action: "kms:GenerateDataKey",
                        resource: kmsKey,
                        context: { "kms:ViaService": `kinesis.${v.region}.amazonaws.com` },
                        why: "SSE-KMS stream",
                    },
                );
            if (manifest) {
                const bucket = manifest.bucket;
                denied.push({
                    action: "s3:GetObject",
                    resource: s3(bucket, `manifests/${s.site}.json`),
                    why: "the site manifest (the pre-provisioning hook's)",
                });
                for (const o of others)
                    denied.push({ action: "s3:GetObject", resource: s3(bucket, `manifests/${o.site}.json`), why: "another site's manifest" });
                for (const o of others)
                    denied.push({
                        action: "s3:GetObject",
                        resource: s3(bucket, `manifests/things/${o.things[0]}.json`),
                        why: "another site's gateway's manifest copy",
                    });
                denied.push({
                    action: "s3:GetObject",
                    resource: s3(bucket, `manifests/things/${s.fleet}-${s.site}-gw-other.json`),
                    why: "another gateway's manifest copy",
                });
                denied.push({
                    action: "s3:GetObject",
                    resource: s3(bucket, `artifacts/${s.site}/collector/x/collector.zip`),
                    why: "outside the shared artifacts",
                });
            }
            for (const g of logGroups(s))
                denied.push({ action: "logs:PutLogEvents", resource: logStream(g, `${s.fleet}-${s.site}-gw-other`), why: "another thing's log stream" });
            denied.push({
                action: "logs:PutLogEvents",
                resource: logStream(`/aws/greengrass/UserComponent/${v.region}/com.globex.fleet.x.Collector`, thing ?? `${s.fleet}-${s.site}-gw-1`),
                why: "another fleet's component log group",
            });
            const own = (t: string): Request[] => [
                ...(manifest
                    ? [
                          {
                              action: "s3:GetObject",
                              resource: s3(manifest.bucket, manifest.key.split("{iot:thingName}").join(t)),
                              why: "the collector reads its own manifest copy",
                          },
                      ]
                    : []),
                ...logGroups(s).flatMap((g) =>
                    ["logs:CreateLogStream", "logs:PutLogEvents"].map((action) => ({
                        action,
                        resource: logStream(g, t),
                        why: "log manager writes its thing's stream",
                    })),
                ),
            ];
            if (thing === undefined) denied.push(...own(s.things[0]).map((r) => ({ ...r, why: `${r.why}: no thing name in the request` })));
            else allowed.push(...own(thing));
            const documents = roleDocuments(v, role.split("/").pop()!).map((d) => resolveCredentialsThing(d, thing));
            return {
                label: `${v.region} token exchange role through ${String(s.roleAlias!.inputs.alias)} as ${thing ?? "a request without thing name"}`,
                kind: "role",
                principalArn: role,
                documents,
                allowed,
                denied,
            };
        };
        return [...s.things.map((t) => user(t)), user(undefined)];
    });
}

/** A fleet in the same account whose name is not an extension of the fidelity fleet's ("acme"). */
const OTHER_FLEET = "globex";
const iotIn = (v: RegionView, region: string, rest: string) => `arn:aws:iot:${region}:${ACCOUNT}:${rest}`;

/** Claim certificates' IoT policies and the fleet-provisioning role of each template. */
export function provisioningUsers(v: RegionView): User[] {
    const templates = ofType(v, "aws:iot/provisioningTemplate:ProvisioningTemplate");
    const out: User[] = [];
    for (const t of templates) {
        const name = String(t.inputs.name);
        const sites = edgeSites(v).map((x) => `${x.fleet}-${x.site}`);
        const otherName = sites.find((x) => x !== name) ?? `${name.split("-")[0]}-elsewhere`;
        const claim = ofType(v, "aws:iot/policy:Policy").find((p) => String(p.inputs.policy).includes(`provisioning-templates/${name}/provision`));
        const mqtt = "IoT Core device provisioning MQTT API";
        if (claim) {
            const replies = [`$aws/certificates/create-from-csr/json`, `$aws/provisioning-templates/${name}/provision/json`];
            out.push({
                label: `${v.region} claim policy ${String(claim.inputs.name)}`,
                kind: "iot",
                principalArn: iot(v, "cert/c1a1m"),
                documents: [doc<Document>(claim.inputs.policy)],
                allowed: replies.flatMap((topic) => [
                    { action: "iot:Publish", resource: iot(v, `topic/${topic}`), why: mqtt },
                    ...["accepted", "rejected"].flatMap((r) => [
                        { action: "iot:Subscribe", resource: iot(v, `topicfilter/${topic}/${r}`), why: mqtt },
                        { action: "iot:Receive", resource: iot(v, `topic/${topic}/${r}`), why: mqtt },
                    ]),
                ]),
                denied: [
                    {
                        action: "iot:Publish",
                        resource: iot(v, `topic/$aws/provisioning-templates/${otherName}/provision/json`),
                        why: "another site's template",
                    },
                    { action: "iot:Publish", resource: iot(v, `topic/fleet/${name}/gw-1/telemetry`), why: "telemetry before enrolment" },
                    { action: "iot:Subscribe", resource: iot(v, `topicfilter/$aws/things/${name}-gw-1/jobs/*`), why: "a thing's jobs" },
                ],
            });
        }
        const body = doc<{ Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> }>(t.inputs.templateBody);
        const thing = `${name}-gw-provisioned`;
        const own = edgeSites(v).find((x) => `${x.fleet}-${x.site}` === name);
        if (!own) throw new Error(`${v.region}: template ${name} belongs to no site of the plan`);
        const site = own.site;
        const cert = iot(v, "cert/0a1b2c3d");
        const why = "fleet provisioning (Provisioning templates)";
        const allowed: Request[] = [];
        for (const r of Object.values(body.Resources)) {
            if (r.Type === "AWS::IoT::Thing") {
                for (const action of ["iot:CreateThing", "iot:DescribeThing", "iot:UpdateThing", "iot:ListThingGroupsForThing"])
                    allowed.push({ action, resource: iot(v, `thing/${thing}`), why });
                for (const g of list(r.Properties.ThingGroups as string[] | undefined))
                    allowed.push({ action: "iot:AddThingToThingGroup", resource: iot(v, `thinggroup/${g}`), why: `${why}: ThingGroups` });
                allowed.push({ action: "iot:AttachThingPrincipal", resource: cert, why });
            }
            if (r.Type === "AWS::IoT::Certificate")
                for (const action of ["iot:DescribeCertificate", "iot:UpdateCertificate"]) allowed.push({ action, resource: cert, why });
            if (r.Type === "AWS::IoT::Policy") {
                allowed.push(
                    { action: "iot:AttachPolicy", resource: cert, why },
                    { action: "iot:GetPolicy", resource: iot(v, `policy/${String(r.Properties.PolicyName)}`), why },
                );
            }
        }
        const role = String(t.inputs.provisioningRoleArn);
        out.push({
            label: `${v.region} provisioning role of template ${name}`,
            kind: "role",
            principalArn: role,
            documents: roleDocuments(v, role.split("/").pop()!),
            allowed,
            // One role per region, scoped by the fleet's thing-name prefix (issue #18): another SITE's
            // things are within its scope; the template body (fixed by the platform) and the hook
            // (only serials listed in that site's manifest) keep sites apart (docs/fidelity.md).
            denied: [
                ...forbidden(v),
                { action: "iot:CreateThing", resource: iot(v, `thing/${OTHER_FLEET}-${site}-gw-1`), why: "another fleet's thing" },
                { action: "iot:AddThingToThingGroup", resource: iot(v, `thinggroup/${OTHER_FLEET}-${site}`), why: "another fleet's group" },
                { action: "iot:CreateThing", resource: iotIn(v, v.otherRegion, `thing/${thing}`), why: `a thing in ${v.otherRegion}` },
                { action: "iot:AttachPolicy", resource: iotIn(v, v.otherRegion, "cert/0a1b2c3d"), why: `a certificate in ${v.otherRegion}` },
                { action: "iot:DeleteThing", resource: iot(v, `thing/${thing}`), why: "deleting a device identity" },
                { action: "iot:DeleteThingGroup", resource: iot(v, `thinggroup/${name}`), why: "deleting a site's group" },
                { action: "iot:DeleteCertificate", resource: cert, why: "deleting a device identity" },
            ],
        });
    }
    return out;
}
