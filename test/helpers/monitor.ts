/** The Pulumi mock monitor of the current setMocks call, watched by tests for what mocks do not pass on. */
import * as pulumi from "@pulumi/pulumi";

/** Calls `observe` with every register request (a RegisterResourceRequest) before the mocks answer it. */
export function observeRegistrations(observe: (req: any) => void): void {
    const monitor = (pulumi.runtime as any).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
        observe(req);
        return register(req, cb);
    };
}
