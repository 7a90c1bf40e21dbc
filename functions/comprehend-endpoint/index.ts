/** Lambda entry of the Comprehend endpoint manager: the SDK client (shipped by the runtime) → handle(). */
import { handle, type ComprehendCalls, type EndpointEvent } from "../../src/region/comprehend-endpoint";

const sdk = require("@aws-sdk/client-comprehend") as Record<string, any>;
const client = new sdk.ComprehendClient({});

const calls: ComprehendCalls = {
    createEndpoint: (input) => client.send(new sdk.CreateEndpointCommand(input)),
    updateEndpoint: (input) => client.send(new sdk.UpdateEndpointCommand(input)),
    deleteEndpoint: (input) => client.send(new sdk.DeleteEndpointCommand(input)),
};

export const handler = (event: EndpointEvent) => handle(event, calls);
