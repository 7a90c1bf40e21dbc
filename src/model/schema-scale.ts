/** fleet.yaml settings of a large fleet: `spec.quotas` (the values its accounts really have) and `spec.limits` (loader guards raised explicitly). */
import { Type } from "@sinclair/typebox";

/** fleet.yaml `quotas:`: the values an account really has, per quota (src/quotas/catalogue.ts keys). */
const QuotaValue = Type.Integer({ minimum: 0, description: "The quota's value in the account." });
export const Quotas = Type.Record(
    Type.String({ pattern: "^[a-z0-9-]+$" }),
    Type.Union([
        QuotaValue,
        Type.Record(Type.String({ pattern: "^(\\*|[a-z0-9-]+|[a-z0-9-]+/[a-z0-9-]+)$" }), QuotaValue, {
            description: "Per selector: `*`, a region, an account, or `account/region`; the most specific wins.",
        }),
    ]),
    { description: "AWS quota values the accounts really have (fleet quotas lists the keys); defaults are AWS's." },
);

/** The most fleet.yaml `spec.limits.siteFiles` accepts (src/model/load.ts MAX_SITE_FILES is the default). */
export const SITE_FILES_CEILING = 20000;

/** fleet.yaml `limits:`: loader guards a large fleet raises explicitly (src/model/load.ts siteFilesMessage). */
export const Limits = Type.Object(
    {
        siteFiles: Type.Optional(
            Type.Integer({
                minimum: 1,
                maximum: SITE_FILES_CEILING,
                description: "Most site files the loader reads (default 5000); a larger sites/ is refused before any file is read.",
            }),
        ),
    },
    { additionalProperties: false, description: "Loader limits a large fleet raises explicitly (docs/site-files.md, Limits and refused YAML)." },
);
