import { strict as assert } from "node:assert";
import { cleanup, edit, fleetDir, load, messages } from "./helpers";

/** connectivity.vpn: the plant's side of the Site-to-Site VPN. */
describe("model: connectivity.vpn", () => {
    after(cleanup);
    const withVpn = (site: string, uplink: string, vpn: string) =>
        fleetDir({ [`sites/${site}.yaml`]: edit([`    uplink: ${uplink}\n`, `    uplink: ${uplink}\n    vpn: ${vpn}\n`]) });

    it("copies the peer into the model", () => {
        const model = load(withVpn("alpha", "vpn", "{ peerIp: 198.51.100.7, bgpAsn: 65010 }")).model!;
        assert.deepEqual(model.sites.find((s) => s.name === "alpha")!.connectivity.vpn, { peerIp: "198.51.100.7", bgpAsn: 65010 });
    });

    it("rejects a private peer address, naming the field", () => {
        assert.deepEqual(messages(withVpn("alpha", "vpn", "{ peerIp: 192.168.1.1 }")), [
            'sites/alpha.yaml:11:20: connectivity.vpn.peerIp: "192.168.1.1" is a private address; the VPN peer is the plant router\'s public IPv4 address',
        ]);
    });

    it("rejects the AWS side's ASN", () => {
        assert.deepEqual(messages(withVpn("alpha", "vpn", "{ peerIp: 198.51.100.7, bgpAsn: 64512 }")), [
            "sites/alpha.yaml:11:42: connectivity.vpn.bgpAsn: 64512 is the AWS side's ASN; use another private ASN (64512-65534 or 4200000000-4294967294) for the plant router",
        ]);
    });

    it("warns when a site that is not on a VPN has vpn settings", () => {
        assert.deepEqual(messages(withVpn("beta", "internet", "{ peerIp: 198.51.100.7 }")), [
            "sites/beta.yaml:11:10: warning: connectivity.vpn: vpn settings are used only with uplink: vpn; this site's uplink is internet",
        ]);
    });
});
