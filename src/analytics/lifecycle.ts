/**
 * S3 lifecycle rules of the data lake, derived from `retention` (ages in days: hot until
 * hotDays, warm until warmDays, archived until archiveDays, then deleted).
 *
 * S3's real constraints decide the storage classes (see docs/analytics.md):
 * - STANDARD_IA accepts objects only from age 30 days; a younger warm tier uses
 *   INTELLIGENT_TIERING (no minimum age, no retrieval fee, still queryable by Athena).
 * - After STANDARD_IA or INTELLIGENT_TIERING an object stays at least 30 days before the next
 *   transition (S3 rejects closer transitions); the archive transition is delayed when needed.
 * - The archive is DEEP_ARCHIVE when the object stays there ≥ 180 days (its minimum storage
 *   duration), else GLACIER when it stays ≥ 90 days, else no archive transition at all (an early
 *   deletion would cost more than the archive saves).
 * - Expiration happens at archiveDays.
 * One rule per site (prefix `site=<name>/`), so a site's own retention applies to its data only.
 */
import type { RetentionModel, SiteModel } from "../model/types";
import { ATHENA_RESULTS_PREFIX, LAKE_ERROR_PREFIX } from "./glue";

export type StorageClass = "STANDARD_IA" | "INTELLIGENT_TIERING" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

export interface LifecycleRule {
    id: string;
    status: "Enabled";
    filter: { prefix: string };
    transitions?: { days: number; storageClass: StorageClass }[];
    expiration?: { days?: number; expiredObjectDeleteMarker?: boolean };
    noncurrentVersionExpiration?: { noncurrentDays: number };
    abortIncompleteMultipartUpload?: { daysAfterInitiation: number };
}

export interface TierPlan {
    transitions: { days: number; storageClass: StorageClass }[];
    expirationDays: number;
    /** Where the plan departs from the written retention, and why (shown in docs and plans). */
    notes: string[];
}

/** Days an object must stay in a class before S3 accepts the next transition. */
const MIN_STAY: Partial<Record<StorageClass, number>> = { STANDARD_IA: 30, INTELLIGENT_TIERING: 30 };
const IA_MIN_AGE = 30;
const DEEP_ARCHIVE_MIN = 180;
const GLACIER_MIN = 90;

/** Storage tiers for one retention. */
export function tierPlan(r: RetentionModel): TierPlan {
    if (!(r.hotDays > 0 && r.hotDays < r.warmDays && r.warmDays < r.archiveDays)) {
        throw new Error(`retention must satisfy 0 < hot < warm < archive (days); got hot ${r.hotDays}, warm ${r.warmDays}, archive ${r.archiveDays}`);
    }
    const notes: string[] = [];
    const warm: StorageClass = r.hotDays >= IA_MIN_AGE ? "STANDARD_IA" : "INTELLIGENT_TIERING";
    if (warm === "INTELLIGENT_TIERING")
        notes.push(`warm tier uses INTELLIGENT_TIERING: STANDARD_IA needs objects at least ${IA_MIN_AGE} days old, hot is ${r.hotDays} days`);
    const transitions: TierPlan["transitions"] = [{ days: r.hotDays, storageClass: warm }];
    let archiveAt = r.warmDays;
    const minStay = MIN_STAY[warm] ?? 0;
    if (archiveAt - r.hotDays < minStay) {
        archiveAt = r.hotDays + minStay;
        notes.push(`archive transition delayed to day ${archiveAt}: S3 needs ${minStay} days in ${warm} before the next transition`);
    }
    const stay = r.archiveDays - archiveAt;
    if (stay >= DEEP_ARCHIVE_MIN) transitions.push({ days: archiveAt, storageClass: "DEEP_ARCHIVE" });
    else if (stay >= GLACIER_MIN) transitions.push({ days: archiveAt, storageClass: "GLACIER" });
    else notes.push(`no archive tier: data would stay archived ${stay} days, less than the ${GLACIER_MIN}-day minimum storage of GLACIER`);
    return { transitions, expirationDays: r.archiveDays, notes };
}

/** Every lifecycle rule of the lake bucket for the sites of one region. */
export function lakeLifecycleRules(sites: Pick<SiteModel, "name" | "retention">[]): LifecycleRule[] {
    const rules: LifecycleRule[] = [...sites]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => {
            const plan = tierPlan(s.retention);
            return {
                id: `site-${s.name}`,
                status: "Enabled",
                filter: { prefix: `site=${s.name}/` },
                transitions: plan.transitions,
                expiration: { days: plan.expirationDays },
            };
        });
    rules.push(
        { id: "firehose-errors", status: "Enabled", filter: { prefix: LAKE_ERROR_PREFIX }, expiration: { days: 90 } },
        { id: "athena-results", status: "Enabled", filter: { prefix: ATHENA_RESULTS_PREFIX }, expiration: { days: 30 } },
        housekeepingRule(),
    );
    return rules;
}

/**
 * Bucket-wide housekeeping: old versions go after 30 days, expired delete markers are removed,
 * failed multipart uploads are aborted. (ExpiredObjectDeleteMarker cannot share a rule with an
 * expiration in days, so it has its own rule.)
 */
export function housekeepingRule(noncurrentDays = 30): LifecycleRule {
    return {
        id: "housekeeping",
        status: "Enabled",
        filter: { prefix: "" },
        expiration: { expiredObjectDeleteMarker: true },
        noncurrentVersionExpiration: { noncurrentDays },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    };
}

/** Rules for the logs bucket: access logs kept a year (GLACIER after 90 days). */
export function logsLifecycleRules(): LifecycleRule[] {
    return [
        {
            id: "access-logs",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [{ days: 90, storageClass: "GLACIER" }],
            expiration: { days: 365 },
            noncurrentVersionExpiration: { noncurrentDays: 30 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
    ];
}

/** Rules for the artifacts bucket: only old versions and uploads are cleaned up. */
export function artifactsLifecycleRules(): LifecycleRule[] {
    return [housekeepingRule(90)];
}
