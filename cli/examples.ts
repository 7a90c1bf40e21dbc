/**
 * Examples for the commands that do not set their own with withExamples (keyed by the command's
 * path), so every --help and docs/cli.md shows some. A test checks that every runnable command has them.
 */
export const EXAMPLES_BY_PATH: Record<string, string[]> = {
    "init site": ["fleet init site leipzig-paint --region eu-central-1", "fleet init site leipzig-paint --region eu-central-1 --dir plants/"],
    generate: ["fleet generate --sites 100 --out /tmp/big-fleet", "fleet generate --sites 5 --regions 1 --seed 7 --out /tmp/small -o json"],
    preview: [
        "fleet preview --region eu-central-1",
        "fleet preview --all --per-account 2 --diff",
        "fleet preview --stack eu-central-1 -o json | jq '.stacks[].steps[] | select(.op != \"same\")'   # { operation, stacks: [ { stack, status, changes, error, steps: [ { op, urn, type, diffs } ] } ] }",
    ],
    up: [
        "fleet up --region eu-central-1",
        "fleet up --all                  # previews every stack, then asks",
        "fleet up --all --per-account 4 --yes   # CI: no preview, no question",
        "fleet up --region eu-central-1 --release-site old-plant",
    ],
    destroy: ["fleet destroy --region eu-central-1", "fleet destroy --region eu-central-1 --yes   # in CI"],
    "export conduits": ["fleet export conduits stuttgart-body -o nftables --out conduits.nft", "fleet export conduits cork-fill-finish -o csv"],
    "certs csr": ["fleet certs csr stuttgart-body gw-body-01", "fleet certs csr stuttgart-body gw-body-01 --rotate"],
    "certs seed-enrolled": ["fleet certs seed-enrolled --dry-run", "fleet certs seed-enrolled --region eu-central-1"],
    "certs claim": [
        "fleet certs claim austin-smt",
        "fleet certs claim austin-smt --rotate   # new claim key and CSR; the old key stays as claim.key.pem.previous",
    ],
    bootstrap: [
        "fleet bootstrap austin-smt gw-austin-01 --out ./gw-austin-01",
        "fleet bootstrap austin-smt gw-austin-01 --out ./gw --data-endpoint abc-ats.iot.us-east-2.amazonaws.com -o json",
        "fleet bootstrap austin-smt gw-austin-01 --out ./gw-austin-01 --force   # write again over the files of an earlier run",
    ],
    dashboards: ["fleet dashboards --out grafana/", "fleet dashboards --out grafana/ --site austin-smt cork-fill-finish -o json"],
};

/** Commands that print their own examples in --help (added by their owners): listed for docs/cli.md only. */
export const HELP_HAS_EXAMPLES: Record<string, string[]> = {
    forecast: ["fleet forecast --input energy.csv --horizon 7d", "fleet forecast --input output.csv --horizon 48h --format csv --level 80"],
};
