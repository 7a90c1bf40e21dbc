/** ec2-baseline: the metadata and checks of one rule (see `details`). */
import { defineRule } from "../lib/define";
import type { ResourceFinding, Rule } from "../lib/types";
import { containsUnknown, get, isObject, list } from "../lib/values";

function flag(out: ResourceFinding[], v: unknown, bad: (v: unknown) => boolean, what: string, message: string): void {
    if (containsUnknown(v)) out.push({ message: `${what} is unknown until the deployment runs; cannot be checked at preview`, unknown: true });
    else if (bad(v)) out.push({ message });
}

/** Instances and launch templates alike must require IMDSv2 session tokens. */
function requireImdsV2(out: ResourceFinding[], props: Record<string, unknown>): void {
    flag(
        out,
        get(props, "metadataOptions.httpTokens"),
        (v) => v !== "required",
        "metadataOptions.httpTokens",
        "IMDSv1 is allowed; set metadataOptions.httpTokens: required",
    );
}

export const rule: Rule = defineRule({
    name: "ec2-baseline",
    severity: "mandatory",
    securitySeverity: 6.5,
    description: "EBS volumes encrypted, instances without public IPs and with IMDSv2, EFS file systems encrypted.",
    mirrors: "awsguard ec2-volume-inuse-check/encrypted-volumes, ec2-instance-no-public-ip, efs-encrypted-check; Security Hub EC2.3, EC2.8, EC2.9, EFS.1",
    details:
        "EBS volumes and instance block devices are encrypted; instances (and launch templates) do not get a public IP address and require IMDSv2 tokens (`metadataOptions.httpTokens: required`); EFS file systems are encrypted with a KMS key.",
    resource: {
        types: ["aws:ebs/volume:Volume", "aws:ec2/instance:Instance", "aws:ec2/launchTemplate:LaunchTemplate", "aws:efs/fileSystem:FileSystem"],
        check(r) {
            const out: ResourceFinding[] = [];
            const notTrue = (v: unknown) => v !== true;
            if (r.type === "aws:ebs/volume:Volume")
                flag(out, r.props.encrypted, notTrue, "encrypted", "the volume is not encrypted; set encrypted: true and kmsKeyId");
            if (r.type === "aws:efs/fileSystem:FileSystem")
                flag(out, r.props.encrypted, notTrue, "encrypted", "the file system is not encrypted; set encrypted: true and kmsKeyId");
            if (r.type === "aws:ec2/instance:Instance") {
                flag(
                    out,
                    r.props.associatePublicIpAddress,
                    (v) => v === true,
                    "associatePublicIpAddress",
                    "the instance gets a public IP address; set associatePublicIpAddress: false",
                );
                flag(
                    out,
                    get(r.props, "rootBlockDevice.encrypted"),
                    notTrue,
                    "rootBlockDevice.encrypted",
                    "the root volume is not encrypted; set rootBlockDevice.encrypted: true",
                );
                for (const d of list(r.props.ebsBlockDevices).filter(isObject))
                    flag(
                        out,
                        d.encrypted,
                        notTrue,
                        "ebsBlockDevices.encrypted",
                        `block device ${String(d.deviceName ?? "")} is not encrypted; set encrypted: true`,
                    );
                requireImdsV2(out, r.props);
            }
            if (r.type === "aws:ec2/launchTemplate:LaunchTemplate") {
                for (const n of list(r.props.networkInterfaces).filter(isObject))
                    flag(
                        out,
                        n.associatePublicIpAddress,
                        (v) => v === true || v === "true",
                        "associatePublicIpAddress",
                        "the launch template gives instances a public IP address",
                    );
                requireImdsV2(out, r.props);
            }
            return out;
        },
    },
});
