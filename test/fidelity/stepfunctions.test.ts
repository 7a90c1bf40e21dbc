/**
 * Every state machine definition in the plans of the fidelity fleets: valid Amazon States
 * Language (asl-validator 4.0.0), and every read of an AWS SDK integration result present in the
 * SDK's output shape with the case Step Functions returns it in.
 */
import * as assert from "node:assert/strict";
import { type FidelityFleet, doc, fidelityFleets, ofType } from "./fleets";
import { type Definition, aslProblems, outputSchema, pathProblem, resultShapeProblems, segments } from "./stepfunctions";

describe("fidelity: Step Functions definitions", function () {
    this.timeout(240_000);
    let fleets: FidelityFleet[];
    before(async () => {
        fleets = await fidelityFleets();
    });
    const every = () => fleets.flatMap((f) => ofType(f, "aws:sfn/stateMachine:StateMachine").map((r) => ({ f, r, def: doc<Definition>(r.inputs.definition) })));
    // the maintenance workflows; the scheduled lake jobs (retraining, forecasting) are checked in test/models
    const machines = () => every().filter(({ r }) => r.name === "maintenance-workflow");

    it("every definition passes asl-validator", () => {
        const all = machines();
        assert.equal(all.length, 6, "two maintenance workflows per fleet");
        assert.deepEqual(
            every().flatMap(({ f, r, def }) => aslProblems(def).map((p) => `${f.name} ${r.urn}: ${p}`)),
            [],
        );
        assert.deepEqual(
            all.flatMap(({ f, r, def }) => aslProblems(def).map((p) => `${f.name} ${r.urn}: ${p}`)),
            [],
        );
        const broken = JSON.parse(JSON.stringify(all[0].def)) as Definition;
        broken.States[broken.StartAt].Next = "NoSuchState";
        assert.equal(aslProblems(broken).length, 1);
    });

    it("every read of an SDK integration result names a field of the SDK's output shape (issue #17 point 10)", () => {
        let checked = 0;
        const problems = machines().flatMap(({ f, r, def }) => {
            const res = resultShapeProblems(def);
            checked += res.checked;
            return res.problems.map((p) => `${f.name} ${r.name}: ${p}`);
        });
        assert.deepEqual(problems, []);
        // Per workflow: CheckOpenWorkOrder and CreateWorkOrder select $.Records and are read twice
        // (Choice IsPresent, RecordWorkOrder's id); EnrichFromRegistry's Item is read twice.
        assert.equal(checked, 6 * 7);
    });

    it("the checker flags the camelCase read of point 10 and a field the shape lacks", () => {
        const def = JSON.parse(JSON.stringify(machines()[0].def)) as Definition;
        (def.States.RecordWorkOrder.Parameters as Record<string, string>)["id.$"] = "$.created.records[0][0].longValue";
        (def.States.KnownEquipment.Choices as { Variable: string }[])[0].Variable = "$.lookup.Items[0]";
        assert.deepEqual(resultShapeProblems(def).problems, [
            "EnrichFromRegistry (arn:aws:states:::dynamodb:getItem): KnownEquipment ($.lookup.Items[0]) reads Items: GetItemOutput has no field Items (it has Item, ConsumedCapacity)",
            "CreateWorkOrder (arn:aws:states:::aws-sdk:rdsdata:executeStatement): RecordWorkOrder ($.created.records[0][0].longValue) reads Records.[0].[0].longValue: Field has no field longValue (it has IsNull, BooleanValue, LongValue, DoubleValue, StringValue, BlobValue, ArrayValue)",
        ]);
    });

    it("shapes: PascalCase for aws-sdk integrations, the API's own case for optimized ones", () => {
        const sdk = outputSchema("arn:aws:states:::aws-sdk:rdsdata:executeStatement")!;
        assert.equal(sdk.pascal, true);
        assert.equal(pathProblem(sdk.schema, segments("$.Records[0][0].LongValue"), true), undefined);
        assert.equal(pathProblem(sdk.schema, segments("$.NumberOfRecordsUpdated"), true), undefined);
        assert.equal(pathProblem(sdk.schema, segments("$.NumberOfRecordsUpdated.X"), true), "NumberOfRecordsUpdated.X: the shape ends before X");
        const ddb = outputSchema("arn:aws:states:::dynamodb:getItem")!;
        assert.equal(ddb.pascal, false);
        assert.equal(pathProblem(ddb.schema, segments("$.Item.anyAttribute.S"), false), undefined);
        assert.equal(outputSchema("arn:aws:states:::lambda:invoke.waitForTaskToken"), undefined);
        assert.deepEqual(segments("$.a.B[0][12].c"), ["a", "B", "[0]", "[12]", "c"]);
    });
});
